//! Kea's lease statistics, kept consistent by the engine, commands and reclamation.
//!
//! Kea counts a lease as "assigned" from allocation until it is released or
//! reclaimed; declined leases are counted as assigned and as declined.

use crate::backends::lease::{Lease4, LeaseState};
use crate::stats::{subnet_stat, Stats};

/// A lease came into being on a free address.
pub fn assigned(stats: &Stats, subnet_id: u32) {
    stats.add(&subnet_stat(subnet_id, "assigned-addresses"), 1);
    stats.add(&subnet_stat(subnet_id, "cumulative-assigned-addresses"), 1);
    stats.add("cumulative-assigned-addresses", 1);
}

/// A lease was released or deleted while counted as assigned.
pub fn unassigned(stats: &Stats, lease: &Lease4) {
    if lease.state == LeaseState::ExpiredReclaimed {
        return;
    }
    stats.add(&subnet_stat(lease.subnet_id, "assigned-addresses"), -1);
    if lease.state == LeaseState::Declined {
        stats.add(&subnet_stat(lease.subnet_id, "declined-addresses"), -1);
        stats.add("declined-addresses", -1);
    }
}

/// A lease was reclaimed (timer, command, or reused after expiry).
pub fn reclaimed(stats: &Stats, lease: &Lease4) {
    if lease.state == LeaseState::ExpiredReclaimed {
        return;
    }
    unassigned(stats, lease);
    stats.add(&subnet_stat(lease.subnet_id, "reclaimed-leases"), 1);
    stats.add("reclaimed-leases", 1);
    if lease.state == LeaseState::Declined {
        stats.add(
            &subnet_stat(lease.subnet_id, "reclaimed-declined-addresses"),
            1,
        );
        stats.add("reclaimed-declined-addresses", 1);
    }
}

/// A lease was declined by its client.
pub fn declined(stats: &Stats, subnet_id: u32) {
    stats.add(&subnet_stat(subnet_id, "declined-addresses"), 1);
    stats.add("declined-addresses", 1);
}

/// Recomputes the per-subnet lease statistics from the store (startup and
/// reconfiguration), as Kea's `recountLeaseStats4`: sets total-addresses,
/// assigned-addresses and declined-addresses for every configured subnet and
/// drops statistics of subnets that no longer exist.
pub async fn recount<S: crate::backends::LeaseStore>(
    store: &S,
    cfg: &crate::config::model::Dhcp4Config,
    stats: &Stats,
) -> Result<(), S::Error> {
    use std::collections::HashMap;
    let counts = store.count4_by_subnet().await?;
    let mut assigned: HashMap<u32, i64> = HashMap::new();
    let mut declined: HashMap<u32, i64> = HashMap::new();
    for (subnet_id, state, n) in counts {
        match LeaseState::from_u32(state) {
            Some(LeaseState::Default) => *assigned.entry(subnet_id).or_default() += n,
            Some(LeaseState::Declined) => {
                *assigned.entry(subnet_id).or_default() += n;
                *declined.entry(subnet_id).or_default() += n;
            }
            Some(LeaseState::ExpiredReclaimed) | None => {}
        }
    }
    let names: Vec<String> = stats_names_with_prefix(stats, "subnet[");
    for n in names {
        let keep = cfg
            .subnets
            .iter()
            .any(|s| n.starts_with(&format!("subnet[{}].", s.id)));
        if !keep {
            stats.remove(&n);
        }
    }
    let mut total_declined = 0;
    for s in &cfg.subnets {
        let total = i64::try_from(s.total_addresses()).unwrap_or(i64::MAX);
        stats.set(&subnet_stat(s.id, "total-addresses"), total);
        stats.set(
            &subnet_stat(s.id, "assigned-addresses"),
            assigned.get(&s.id).copied().unwrap_or(0),
        );
        let d = declined.get(&s.id).copied().unwrap_or(0);
        total_declined += d;
        stats.set(&subnet_stat(s.id, "declined-addresses"), d);
        for z in [
            "cumulative-assigned-addresses",
            "reclaimed-leases",
            "reclaimed-declined-addresses",
        ] {
            if stats.get(&subnet_stat(s.id, z)).is_none() {
                stats.set(&subnet_stat(s.id, z), 0);
            }
        }
    }
    stats.set("declined-addresses", total_declined);
    for z in [
        "cumulative-assigned-addresses",
        "reclaimed-leases",
        "reclaimed-declined-addresses",
    ] {
        if stats.get(z).is_none() {
            stats.set(z, 0);
        }
    }
    Ok(())
}

fn stats_names_with_prefix(stats: &Stats, prefix: &str) -> Vec<String> {
    stats
        .all_json()
        .as_object()
        .map(|m| {
            m.keys()
                .filter(|k| k.starts_with(prefix))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}
