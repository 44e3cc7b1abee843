//! Statistics bookkeeping of the lease commands, exactly as Kea 2.2's lease_cmds
//! does it: `subnet[id].assigned-addresses`, `declined-addresses` and
//! `subnet[id].declined-addresses` (Kea 2.2 keeps no global `assigned-addresses`).

use crate::backends::lease::{Lease4, LeaseState};
use crate::stats::{subnet_stat, Stats};

const ASSIGNED: &str = "assigned-addresses";
const DECLINED: &str = "declined-addresses";

fn count_declined(stats: &Stats, subnet_id: u32, delta: i64) {
    stats.add(DECLINED, delta);
    stats.add(&subnet_stat(subnet_id, DECLINED), delta);
}

/// After a lease was added (Kea's `updateStatsOnAdd`).
pub fn on_add(stats: &Stats, lease: &Lease4) {
    if lease.state == LeaseState::ExpiredReclaimed {
        return;
    }
    stats.add(&subnet_stat(lease.subnet_id, ASSIGNED), 1);
    if lease.state == LeaseState::Declined {
        count_declined(stats, lease.subnet_id, 1);
    }
}

/// After a lease was deleted (Kea's `updateStatsOnDelete`).
pub fn on_delete(stats: &Stats, lease: &Lease4) {
    if lease.state == LeaseState::ExpiredReclaimed {
        return;
    }
    stats.add(&subnet_stat(lease.subnet_id, ASSIGNED), -1);
    if lease.state == LeaseState::Declined {
        count_declined(stats, lease.subnet_id, -1);
    }
}

/// After `old` was overwritten by `new` (Kea's `updateStatsOnUpdate`, including
/// its quirk: an assigned lease updated to expired-reclaimed in the same subnet
/// leaves `assigned-addresses` unchanged).
pub fn on_update(stats: &Stats, old: &Lease4, new: &Lease4) {
    let moved = old.subnet_id != new.subnet_id;
    if old.state != LeaseState::ExpiredReclaimed {
        if moved {
            stats.add(&subnet_stat(old.subnet_id, ASSIGNED), -1);
        }
        if old.state == LeaseState::Declined {
            count_declined(stats, old.subnet_id, -1);
        }
        if new.state != LeaseState::ExpiredReclaimed {
            if moved {
                stats.add(&subnet_stat(new.subnet_id, ASSIGNED), 1);
            }
            if new.state == LeaseState::Declined {
                count_declined(stats, new.subnet_id, 1);
            }
        }
    } else if new.state != LeaseState::ExpiredReclaimed {
        stats.add(&subnet_stat(new.subnet_id, ASSIGNED), 1);
        if new.state == LeaseState::Declined {
            count_declined(stats, new.subnet_id, 1);
        }
    }
}

/// After the leases of `subnet_id` were wiped: its counters go to 0 and the
/// global declined count loses what the subnet had.
pub fn on_wipe_subnet(stats: &Stats, subnet_id: u32) {
    let declined_name = subnet_stat(subnet_id, DECLINED);
    let previous_declined = stats.get(&declined_name).unwrap_or(0);
    stats.set(&subnet_stat(subnet_id, ASSIGNED), 0);
    stats.set(&declined_name, 0);
    stats.add(DECLINED, -previous_declined);
}

/// After all configured subnets were wiped.
pub fn on_wipe_all(stats: &Stats, subnet_ids: &[u32]) {
    for &id in subnet_ids {
        stats.set(&subnet_stat(id, ASSIGNED), 0);
        stats.set(&subnet_stat(id, DECLINED), 0);
    }
    stats.set(DECLINED, 0);
}
