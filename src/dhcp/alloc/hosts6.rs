//! DHCPv6 host reservations for the packet path: the client's host (the
//! configuration file first, then each hosts database, as Kea's `HostMgr`),
//! and whether an address or prefix is reserved for somebody else.

use std::net::Ipv6Addr;
use std::sync::Arc;

use crate::backends::host6::Host6;
use crate::backends::HostStore;
use crate::config::model::IdentifierType;
use crate::config::model6::{Dhcp6Config, Reservation6, Subnet6};
use crate::dhcp::alloc::AllocError;

use super::host_lookup::{DbHosts, Hosts6, Identifier};
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

/// The client's reservation in each of `subnets`, looked up once per query:
/// the subnet's hosts (when `reservations-in-subnet`) by each identifier in
/// order, else the global ones (when `reservations-global`); for each
/// identifier the configuration file first, then each hosts database (Kea's
/// `currentHost` over `HostMgr::get6`). Each hosts database is asked once,
/// for all of the client's identifiers in all of these subnets.
pub async fn client_hosts6<H: HostStore, E: std::error::Error + 'static>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    subnets: &[&Subnet6],
    duid: &[u8],
    hwaddr: &[u8],
) -> Result<Vec<Option<Arc<Reservation6>>>, AllocError<E>> {
    let ids: Vec<Identifier<'_>> = identifiers(cfg, duid, hwaddr).collect();
    let scopes: Vec<u32> = subnets
        .iter()
        .filter(|s| s.reservations_in_subnet)
        .map(|s| s.id)
        .chain(cfg.reservations_global.then_some(GLOBAL_SUBNET_ID))
        .collect();
    let mut from_dbs = DbHosts::<Hosts6, H>::new(dbs, &scopes, &ids);
    let mut global: Option<Option<Arc<Reservation6>>> = None;
    let mut out = Vec::with_capacity(subnets.len());
    for s in subnets {
        let mut host = None;
        if s.reservations_in_subnet {
            host = find(&mut from_dbs, &ids, s.id, &s.reservations).await?;
        }
        if host.is_none() && cfg.reservations_global {
            if global.is_none() {
                let configured = &cfg.global_reservations;
                global = Some(find(&mut from_dbs, &ids, GLOBAL_SUBNET_ID, configured).await?);
            }
            host = global.clone().flatten();
        }
        out.push(host);
    }
    Ok(out)
}

/// The client's host of `subnet_id`: for each identifier in order, the
/// configuration file's `configured` hosts, then the hosts databases.
async fn find<H: HostStore, E: std::error::Error + 'static>(
    from_dbs: &mut DbHosts<'_, Hosts6, H>,
    ids: &[Identifier<'_>],
    subnet_id: u32,
    configured: &[Reservation6],
) -> Result<Option<Arc<Reservation6>>, AllocError<E>> {
    for &(t, id) in ids {
        let matches = |h: &&Reservation6| h.identifier_type == t && h.identifier == id;
        if let Some(h) = configured.iter().find(matches) {
            return Ok(Some(Arc::new(h.clone())));
        }
        if let Some(h) = from_dbs.get(subnet_id, (t, id)).await? {
            return Ok(Some(Arc::new(h)));
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
