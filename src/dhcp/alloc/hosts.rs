//! Host reservations from the configuration, indexed for the packet path.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::Arc;

use log::error;

use crate::backends::host::Host4;
use crate::backends::{ErrorClass, HostStore, StoreError};
use crate::config::model::{Dhcp4Config, IdentifierType, Reservation4};
use crate::dhcp::alloc::AllocError;

use super::client::Client4;
use super::host_lookup::{HostFamily, Identifier};

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

/// DHCPv4 hosts for [`super::host_lookup::DbHosts`].
#[derive(Debug)]
pub struct Hosts4;

impl HostFamily for Hosts4 {
    type Host = Host4;
    type Reservation = Reservation4;

    fn fetch<'a, H: HostStore>(
        db: &'a H,
        subnet_ids: &'a [u32],
        ids: &'a [Identifier<'a>],
    ) -> impl std::future::Future<Output = Result<Vec<Host4>, H::Error>> + Send + 'a {
        hosts4_of_client(db, subnet_ids, ids)
    }

    fn is(host: &Host4, subnet_id: u32, (t, id): Identifier<'_>) -> bool {
        host.subnet_id == subnet_id && host.identifier_type == t && host.identifier == id
    }

    fn reservation(host: &Host4) -> Result<Reservation4, String> {
        host.to_reservation()
            .map_err(|(code, e)| format!("option {code}: {e}"))
    }

    fn host_id(host: &Host4) -> u64 {
        host.host_id
    }
}

/// The hosts of `db` in `subnet_ids` identified by any of `ids`, the first
/// usable one per subnet. Adapter over [`HostStore::get4`] (one call per
/// subnet and identifier) until the store answers this in one statement.
async fn hosts4_of_client<H: HostStore>(
    db: &H,
    subnet_ids: &[u32],
    ids: &[Identifier<'_>],
) -> Result<Vec<Host4>, H::Error> {
    let mut out = Vec::new();
    for &sid in subnet_ids {
        for &(t, id) in ids {
            if let Some(h) = db.get4(sid, t, id).await? {
                let usable = h.to_reservation().is_ok();
                out.push(h);
                if usable {
                    break;
                }
            }
        }
    }
    Ok(out)
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
