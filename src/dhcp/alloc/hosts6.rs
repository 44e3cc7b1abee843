//! DHCPv6 host reservations for the packet path: the client's host (the
//! configuration file first, then each hosts database, as Kea's `HostMgr`),
//! and whether an address or prefix is reserved for somebody else.

use std::net::Ipv6Addr;
use std::sync::Arc;

use log::error;

use crate::backends::host6::Host6;
use crate::backends::HostStore;
use crate::config::model::IdentifierType;
use crate::config::model6::{Dhcp6Config, Reservation6, Subnet6};
use crate::dhcp::alloc::AllocError;

use super::hosts::{host_db_failed, GLOBAL_SUBNET_ID};

/// The client's identifiers in `host-reservation-identifiers` order (DUID,
/// and the hardware address when one was learnt).
fn identifiers<'a>(
    cfg: &'a Dhcp6Config,
    duid: &'a [u8],
    hwaddr: &'a [u8],
) -> impl Iterator<Item = (IdentifierType, &'a [u8])> + 'a {
    cfg.host_reservation_identifiers
        .iter()
        .filter_map(move |t| match t {
            IdentifierType::Duid if !duid.is_empty() => Some((*t, duid)),
            IdentifierType::HwAddress if !hwaddr.is_empty() => Some((*t, hwaddr)),
            _ => None,
        })
}

/// The host of (`t`, `id`) in `subnet_id` from the hosts databases, in order.
async fn from_dbs<H: HostStore, E: std::error::Error + 'static>(
    dbs: &[Arc<H>],
    subnet_id: u32,
    t: IdentifierType,
    id: &[u8],
) -> Result<Option<Reservation6>, AllocError<E>> {
    for (index, db) in dbs.iter().enumerate() {
        match db.get6(subnet_id, t, id).await {
            Ok(Some(h)) => match h.to_reservation() {
                Ok(r) => return Ok(Some(r)),
                Err((code, e)) => error!(
                    "hosts database {index}: host {} of subnet {subnet_id} is ignored: option {code}: {e}",
                    h.host_id
                ),
            },
            Ok(None) => {}
            Err(e) => host_db_failed(index, &e)?,
        }
    }
    Ok(None)
}

/// The client's reservation for subnet `s`, looked up once per query: the
/// subnet's hosts (when `reservations-in-subnet`) by each identifier in
/// order, else the global ones (when `reservations-global`); for each
/// identifier the configuration file first, then each hosts database (Kea's
/// `currentHost` over `HostMgr::get6`).
pub async fn find_host6<H: HostStore, E: std::error::Error + 'static>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    s: &Subnet6,
    duid: &[u8],
    hwaddr: &[u8],
) -> Result<Option<Arc<Reservation6>>, AllocError<E>> {
    let scopes = [
        (s.reservations_in_subnet, s.id, &s.reservations),
        (
            cfg.reservations_global,
            GLOBAL_SUBNET_ID,
            &cfg.global_reservations,
        ),
    ];
    for (enabled, subnet_id, configured) in scopes {
        if !enabled {
            continue;
        }
        for (t, id) in identifiers(cfg, duid, hwaddr) {
            let matches = |h: &&Reservation6| h.identifier_type == t && h.identifier == id;
            if let Some(h) = configured.iter().find(matches) {
                return Ok(Some(Arc::new(h.clone())));
            }
            if let Some(h) = from_dbs(dbs, subnet_id, t, id).await? {
                return Ok(Some(Arc::new(h)));
            }
        }
    }
    Ok(None)
}

/// True when `host` is not the client's own reservation `mine`.
fn other(host: &Host6, mine: Option<&Reservation6>) -> bool {
    mine.is_none_or(|m| {
        m.identifier_type != host.identifier_type || m.identifier != host.identifier
    })
}

/// True when a hosts database reserves `a` (an address, or a prefix starting
/// there) in `subnet` for a host other than `mine` (Kea's `getIPv6Resrv`).
pub async fn reserved_in_dbs<H: HostStore, E: std::error::Error + 'static>(
    dbs: &[Arc<H>],
    subnet: &Subnet6,
    a: Ipv6Addr,
    mine: Option<&Reservation6>,
) -> Result<bool, AllocError<E>> {
    for (index, db) in dbs.iter().enumerate() {
        match db.get6_by_address(subnet.id, a).await {
            Ok(found) if found.iter().any(|h| other(h, mine)) => return Ok(true),
            Ok(_) => {}
            Err(e) => host_db_failed(index, &e)?,
        }
    }
    Ok(false)
}
