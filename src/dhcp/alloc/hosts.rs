//! Host reservations from the configuration, indexed for the packet path.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::Arc;

use log::error;

use crate::backends::{ErrorClass, StoreError};
use crate::config::model::{Dhcp4Config, IdentifierType, Reservation4};
use crate::dhcp::alloc::AllocError;

use super::client::Client4;

/// Subnet id under which global reservations are indexed (Kea uses 0).
pub const GLOBAL_SUBNET_ID: u32 = 0;

/// A hosts database error: a lost connection fails the query (reported as
/// that backend's loss); an operation error is logged and the database is
/// treated as having no answer.
pub fn host_db_failed<E: std::error::Error + 'static, HE: StoreError>(
    index: usize,
    e: &HE,
) -> Result<(), AllocError<E>> {
    if e.class() == ErrorClass::ConnectionLost {
        return Err(AllocError::HostsLost {
            index,
            message: e.to_string(),
        });
    }
    error!("hosts database {index}: host lookup failed: {e}");
    Ok(())
}

/// Reservations by (subnet, identifier) and by (subnet, address).
#[derive(Debug, Default)]
pub struct HostIndex4 {
    by_id: HashMap<(u32, IdentifierType, Vec<u8>), Arc<Reservation4>>,
    by_addr: HashMap<(u32, Ipv4Addr), Arc<Reservation4>>,
    order: Vec<IdentifierType>,
}

impl HostIndex4 {
    /// Indexes every reservation of `cfg`.
    pub fn new(cfg: &Dhcp4Config) -> Self {
        let mut idx = HostIndex4 {
            order: cfg.host_reservation_identifiers.clone(),
            ..Default::default()
        };
        let subnets = cfg.subnets.iter().map(|s| (s.id, &s.reservations));
        let global = std::iter::once((GLOBAL_SUBNET_ID, &cfg.global_reservations));
        for (sid, list) in subnets.chain(global) {
            for r in list {
                let r = Arc::new(r.clone());
                idx.by_id
                    .insert((sid, r.identifier_type, r.identifier.clone()), r.clone());
                if let Some(a) = r.ip_address {
                    idx.by_addr.insert((sid, a), r);
                }
            }
        }
        idx
    }

    /// The client's identifiers in `host-reservation-identifiers` order.
    pub fn identifiers<'a>(
        &'a self,
        c: &'a Client4,
    ) -> impl Iterator<Item = (IdentifierType, &'a [u8])> + 'a {
        self.order.iter().filter_map(move |t| {
            let v: Option<&[u8]> = match t {
                IdentifierType::HwAddress => Some(&c.hwaddr),
                IdentifierType::ClientId => c.client_id.as_deref(),
                IdentifierType::CircuitId => c.circuit_id.as_deref(),
                // RFC 4361 client identifier: 0xff, IAID (4 bytes), DUID.
                IdentifierType::Duid => c
                    .client_id
                    .as_deref()
                    .filter(|v| v.len() > 5 && v[0] == 0xff)
                    .map(|v| &v[5..]),
                IdentifierType::FlexId => None,
            };
            v.filter(|v| !v.is_empty()).map(|v| (*t, v))
        })
    }

    /// The reservation for `client` in subnet `subnet_id` (use
    /// [`GLOBAL_SUBNET_ID`] for global reservations).
    pub fn find(&self, subnet_id: u32, client: &Client4) -> Option<Arc<Reservation4>> {
        if self.by_id.is_empty() {
            return None;
        }
        self.identifiers(client)
            .find_map(|(t, v)| self.by_id.get(&(subnet_id, t, v.to_vec())).cloned())
    }

    /// The reservation of `subnet_id` for identifier (`t`, `v`), if any.
    pub fn get(&self, subnet_id: u32, t: IdentifierType, v: &[u8]) -> Option<Arc<Reservation4>> {
        if self.by_id.is_empty() {
            return None;
        }
        self.by_id.get(&(subnet_id, t, v.to_vec())).cloned()
    }

    /// The reservation holding `addr` in `subnet_id`, if any.
    pub fn by_address(&self, subnet_id: u32, addr: Ipv4Addr) -> Option<&Arc<Reservation4>> {
        self.by_addr.get(&(subnet_id, addr))
    }

    /// True when `addr` is reserved in `subnet_id` for a host other than `mine`.
    pub fn reserved_for_other(
        &self,
        subnet_id: u32,
        addr: Ipv4Addr,
        mine: Option<&Reservation4>,
    ) -> bool {
        match self.by_addr.get(&(subnet_id, addr)) {
            None => false,
            Some(r) => mine.is_none_or(|m| **r != *m),
        }
    }
}
