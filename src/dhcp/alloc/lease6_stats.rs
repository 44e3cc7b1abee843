//! Kea's DHCPv6 lease statistics counted from the store: per-subnet totals
//! (`total-nas`, `total-pds`) from the configuration and the assigned /
//! declined counts from the active leases (at startup, after reconfiguration,
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
/// `declined-addresses` from the leases active at `now`.
pub async fn recount<S: Lease6Store>(
    store: &S,
    cfg: &Dhcp6Config,
    stats: &Stats,
    now: i64,
) -> Result<(), S::Error> {
    let leases = store.get6_all(None).await?;
    set_totals(cfg, stats);
    for s in &cfg.subnets {
        for name in ["assigned-nas", "assigned-pds", "declined-addresses"] {
            stats.set(&subnet_stat(s.id, name), 0);
        }
    }
    stats.set("declined-addresses", 0);
    for l in leases.iter().filter(|l| l.is_active(now)) {
        let name = if l.lease_type == LeaseType::Pd {
            "assigned-pds"
        } else {
            "assigned-nas"
        };
        stats.add(&subnet_stat(l.subnet_id, name), 1);
        if l.state == LeaseState::Declined {
            stats.add(&subnet_stat(l.subnet_id, "declined-addresses"), 1);
            stats.add("declined-addresses", 1);
        }
    }
    Ok(())
}
