//! The in-memory DHCPv6 lease index: leases by (type, address), ordered, plus the
//! leases of each DUID (a client's lookup must not scan every lease).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::Ipv6Addr;

use super::store::{LeaseIndex, MemfileLease};
use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType};

/// A DHCPv6 lease's key: an address and a prefix may share their first address.
pub type Key6 = (LeaseType, Ipv6Addr);

/// All DHCPv6 leases, kept consistent across the indexes by `insert` / `remove` only.
#[derive(Debug, Default)]
pub struct Lease6Index {
    by_key: BTreeMap<Key6, Lease6>,
    by_duid: HashMap<Vec<u8>, BTreeSet<Key6>>,
}

impl Lease6Index {
    /// The leases of `duid`, in key order.
    pub fn of_duid<'a>(&'a self, duid: &[u8]) -> impl Iterator<Item = &'a Lease6> + 'a {
        self.by_duid
            .get(duid)
            .into_iter()
            .flatten()
            .filter_map(|k| self.by_key.get(k))
    }

    /// All leases, by key.
    pub fn iter(&self) -> impl Iterator<Item = &Lease6> {
        self.by_key.values()
    }

    /// Keys of the leases in `subnet` (all when `None`), in key order.
    pub fn keys_in(&self, subnet: Option<u32>) -> Vec<Key6> {
        self.by_key
            .values()
            .filter(|l| subnet.is_none_or(|s| s == l.subnet_id))
            .map(|l| (l.lease_type, l.address))
            .collect()
    }

    /// Leases not reclaimed whose valid lifetime ran out at `now`, oldest first, at
    /// most `limit` (0 = all).
    pub fn expired(&self, now: i64, limit: usize) -> Vec<Lease6> {
        let mut out: Vec<Lease6> = self
            .by_key
            .values()
            .filter(|l| l.state != LeaseState::ExpiredReclaimed && l.is_expired(now))
            .cloned()
            .collect();
        out.sort_by_key(Lease6::expire);
        if limit > 0 {
            out.truncate(limit);
        }
        out
    }
}

impl LeaseIndex<Lease6> for Lease6Index {
    fn len(&self) -> usize {
        self.by_key.len()
    }
    fn get(&self, key: &Key6) -> Option<&Lease6> {
        self.by_key.get(key)
    }
    fn insert(&mut self, lease: Lease6) {
        let key = (lease.lease_type, lease.address);
        self.remove(&key);
        self.by_duid
            .entry(lease.duid.clone())
            .or_default()
            .insert(key);
        self.by_key.insert(key, lease);
    }
    fn remove(&mut self, key: &Key6) -> Option<Lease6> {
        let old = self.by_key.remove(key)?;
        if let Some(set) = self.by_duid.get_mut(&old.duid) {
            set.remove(key);
            if set.is_empty() {
                self.by_duid.remove(&old.duid);
            }
        }
        Some(old)
    }
}

/// DHCPv6 leases are kept in a [`Lease6Index`].
impl MemfileLease for Lease6 {
    type Index = Lease6Index;
}
