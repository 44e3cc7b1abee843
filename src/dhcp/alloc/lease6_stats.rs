//! Kea's DHCPv6 lease statistics counted from the store: per-subnet totals
//! (`total-nas`, `total-pds`) from the configuration and the assigned /
//! declined counts from the store's counts (at startup, after reconfiguration,
//! after the lease database was first reached).

use crate::backends::lease::LeaseState;
use crate::backends::lease6::LeaseType;
use crate::backends::Lease6Store;
use crate::config::model6::Dhcp6Config;
use crate::stats::{subnet_stat, Stats};

/// Sets the per-subnet totals of `cfg` (pool sizes, clamped to `i64`).
pub fn set_totals(cfg: &Dhcp6Config, stats: &Stats) {
    let clamp = |v: u128| i64::try_from(v).unwrap_or(i64::MAX);
    for s in &cfg.subnets {
        stats.set(&subnet_stat(s.id, "total-nas"), clamp(s.total_nas()));
        stats.set(&subnet_stat(s.id, "total-pds"), clamp(s.total_pds()));
    }
}

/// Sets the totals and recounts `assigned-nas`, `assigned-pds` and
/// `declined-addresses` from the store's counts per subnet, type and state
/// (SQL: Kea's `lease6_stat`, one SELECT), as Kea counts them: by state, so a
/// lease expired but not yet reclaimed still counts, and a declined address
/// counts as assigned too.
pub async fn recount<S: Lease6Store>(
    store: &S,
    cfg: &Dhcp6Config,
    stats: &Stats,
) -> Result<(), S::Error> {
    let counts = store.count6_by_subnet().await?;
    set_totals(cfg, stats);
    for s in &cfg.subnets {
        for name in ["assigned-nas", "assigned-pds", "declined-addresses"] {
            stats.set(&subnet_stat(s.id, name), 0);
        }
    }
    stats.set("declined-addresses", 0);
    for (subnet_id, lease_type, state, n) in counts {
        let declined = match LeaseState::from_u32(state) {
            Some(LeaseState::Default) => false,
            Some(LeaseState::Declined) => true,
            Some(LeaseState::ExpiredReclaimed) | None => continue,
        };
        let name = if lease_type == LeaseType::Pd {
            "assigned-pds"
        } else {
            "assigned-nas"
        };
        stats.add(&subnet_stat(subnet_id, name), n);
        if declined {
            stats.add(&subnet_stat(subnet_id, "declined-addresses"), n);
            stats.add("declined-addresses", n);
        }
    }
    Ok(())
}
