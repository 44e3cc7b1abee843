//! Statistics bookkeeping of the lease commands of both families, exactly as
//! Kea 2.2's lease_cmds does it (`updateStatsOnAdd`, `updateStatsOnUpdate`,
//! `updateStatsOnDelete`, the wipe handlers): the subnet's assigned counter
//! (`assigned-addresses` for DHCPv4, `assigned-nas` / `assigned-pds` for
//! DHCPv6), `declined-addresses` and `subnet[id].declined-addresses`. Kea 2.2
//! keeps no global assigned counter here.

use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::lease6::{Lease6, LeaseType};
use crate::stats::{subnet_stat, Stats};

const DECLINED: &str = "declined-addresses";

/// A lease as the lease commands count it.
pub trait CountedLease {
    /// Every per-subnet assigned counter of the family (a wipe zeroes them).
    const ASSIGNED: &'static [&'static str];

    /// The subnet the lease belongs to.
    fn subnet_id(&self) -> u32;
    /// The lease's state.
    fn state(&self) -> LeaseState;
    /// The per-subnet assigned counter the lease counts in.
    fn assigned(&self) -> &'static str;
}

impl CountedLease for Lease4 {
    const ASSIGNED: &'static [&'static str] = &["assigned-addresses"];

    fn subnet_id(&self) -> u32 {
        self.subnet_id
    }
    fn state(&self) -> LeaseState {
        self.state
    }
    fn assigned(&self) -> &'static str {
        "assigned-addresses"
    }
}

impl CountedLease for Lease6 {
    const ASSIGNED: &'static [&'static str] = &["assigned-nas", "assigned-pds"];

    fn subnet_id(&self) -> u32 {
        self.subnet_id
    }
    fn state(&self) -> LeaseState {
        self.state
    }
    fn assigned(&self) -> &'static str {
        if self.lease_type == LeaseType::Pd {
            "assigned-pds"
        } else {
            "assigned-nas"
        }
    }
}

fn count_declined(stats: &Stats, subnet_id: u32, delta: i64) {
    stats.add(DECLINED, delta);
    stats.add(&subnet_stat(subnet_id, DECLINED), delta);
}

/// Counts `lease` in (`delta` 1) or out (-1): an expired-reclaimed lease is
/// not counted, a declined one is also counted as declined.
fn count<L: CountedLease>(stats: &Stats, lease: &L, delta: i64) {
    if lease.state() == LeaseState::ExpiredReclaimed {
        return;
    }
    stats.add(&subnet_stat(lease.subnet_id(), lease.assigned()), delta);
    if lease.state() == LeaseState::Declined {
        count_declined(stats, lease.subnet_id(), delta);
    }
}

/// After a lease was added (Kea's `updateStatsOnAdd`).
pub fn on_add<L: CountedLease>(stats: &Stats, lease: &L) {
    count(stats, lease, 1);
}

/// After a lease was deleted (Kea's `updateStatsOnDelete`).
pub fn on_delete<L: CountedLease>(stats: &Stats, lease: &L) {
    count(stats, lease, -1);
}

/// After `old` was overwritten by `new` (Kea's `updateStatsOnUpdate`, including
/// its quirk: an assigned lease updated to expired-reclaimed in the same subnet
/// leaves the assigned counter unchanged).
pub fn on_update<L: CountedLease>(stats: &Stats, old: &L, new: &L) {
    if old.state() == LeaseState::ExpiredReclaimed {
        count(stats, new, 1);
        return;
    }
    let moved = old.subnet_id() != new.subnet_id();
    if moved {
        stats.add(&subnet_stat(old.subnet_id(), old.assigned()), -1);
    }
    if old.state() == LeaseState::Declined {
        count_declined(stats, old.subnet_id(), -1);
    }
    if new.state() != LeaseState::ExpiredReclaimed {
        if moved {
            stats.add(&subnet_stat(new.subnet_id(), new.assigned()), 1);
        }
        if new.state() == LeaseState::Declined {
            count_declined(stats, new.subnet_id(), 1);
        }
    }
}

/// After the leases of `subnet_id` were wiped: its counters go to 0 and the
/// global declined count loses what the subnet had.
pub fn on_wipe_subnet<L: CountedLease>(stats: &Stats, subnet_id: u32) {
    let declined_name = subnet_stat(subnet_id, DECLINED);
    let previous_declined = stats.get(&declined_name).unwrap_or(0);
    for name in L::ASSIGNED {
        stats.set(&subnet_stat(subnet_id, name), 0);
    }
    stats.set(&declined_name, 0);
    stats.add(DECLINED, -previous_declined);
}

/// After all configured subnets were wiped.
pub fn on_wipe_all<L: CountedLease>(stats: &Stats, subnet_ids: &[u32]) {
    for &id in subnet_ids {
        for name in L::ASSIGNED {
            stats.set(&subnet_stat(id, name), 0);
        }
        stats.set(&subnet_stat(id, DECLINED), 0);
    }
    stats.set(DECLINED, 0);
}
