//! The in-memory DHCPv4 lease index: leases by address (ordered, for pages) plus secondary
//! indexes by hardware address, client id, subnet and expiry (Kea's multi-index
//! container for memfile).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::Ipv4Addr;

use super::store::{LeaseIndex, MemfileLease};
use crate::backends::lease::{Lease4, LeaseState};

/// All leases, kept consistent across the indexes by `insert` / `remove` only.
#[derive(Debug, Default)]
pub struct Lease4Index {
    by_addr: BTreeMap<Ipv4Addr, Lease4>,
    by_hwaddr: HashMap<Vec<u8>, BTreeSet<Ipv4Addr>>,
    by_client_id: HashMap<Vec<u8>, BTreeSet<Ipv4Addr>>,
    by_subnet: HashMap<u32, BTreeSet<Ipv4Addr>>,
    /// (expire, address) of leases in state default or declined: reclamation input.
    expiring: BTreeSet<(i64, Ipv4Addr)>,
    /// (expire, address) of expired-reclaimed leases: flush input.
    reclaimed: BTreeSet<(i64, Ipv4Addr)>,
}

impl Lease4Index {
    /// Number of leases.
    pub fn len(&self) -> usize {
        self.by_addr.len()
    }

    /// True when there are no leases.
    pub fn is_empty(&self) -> bool {
        self.by_addr.is_empty()
    }

    /// The lease for `addr`.
    pub fn get(&self, addr: &Ipv4Addr) -> Option<&Lease4> {
        self.by_addr.get(addr)
    }

    /// Inserts or replaces the lease for its address; returns the replaced one.
    pub fn insert(&mut self, lease: Lease4) -> Option<Lease4> {
        let old = self.remove(&lease.address);
        let a = lease.address;
        self.by_hwaddr
            .entry(lease.hwaddr.clone())
            .or_default()
            .insert(a);
        if let Some(cid) = &lease.client_id {
            self.by_client_id.entry(cid.clone()).or_default().insert(a);
        }
        self.by_subnet.entry(lease.subnet_id).or_default().insert(a);
        self.expiry_set(lease.state).insert((lease.expire(), a));
        self.by_addr.insert(a, lease);
        old
    }

    /// Removes and returns the lease for `addr`.
    pub fn remove(&mut self, addr: &Ipv4Addr) -> Option<Lease4> {
        let lease = self.by_addr.remove(addr)?;
        remove_from(&mut self.by_hwaddr, &lease.hwaddr, addr);
        if let Some(cid) = &lease.client_id {
            remove_from(&mut self.by_client_id, cid, addr);
        }
        remove_from(&mut self.by_subnet, &lease.subnet_id, addr);
        self.expiry_set(lease.state)
            .remove(&(lease.expire(), *addr));
        Some(lease)
    }

    fn expiry_set(&mut self, state: LeaseState) -> &mut BTreeSet<(i64, Ipv4Addr)> {
        match state {
            LeaseState::ExpiredReclaimed => &mut self.reclaimed,
            LeaseState::Default | LeaseState::Declined => &mut self.expiring,
        }
    }

    /// Leases with hardware address `hwaddr`, optionally in one subnet, by address.
    pub fn by_hwaddr(&self, hwaddr: &[u8], subnet: Option<u32>) -> Vec<Lease4> {
        self.collect(self.by_hwaddr.get(hwaddr), subnet)
    }

    /// Leases with client id `cid`, optionally in one subnet, by address.
    pub fn by_client_id(&self, cid: &[u8], subnet: Option<u32>) -> Vec<Lease4> {
        self.collect(self.by_client_id.get(cid), subnet)
    }

    fn collect(&self, set: Option<&BTreeSet<Ipv4Addr>>, subnet: Option<u32>) -> Vec<Lease4> {
        set.into_iter()
            .flatten()
            .filter_map(|a| self.by_addr.get(a))
            .filter(|l| subnet.is_none_or(|s| l.subnet_id == s))
            .cloned()
            .collect()
    }

    /// All leases, or those of `subnets`, by address.
    pub fn all(&self, subnets: Option<&[u32]>) -> Vec<Lease4> {
        match subnets {
            None => self.by_addr.values().cloned().collect(),
            Some(list) => self
                .addresses_in(list)
                .iter()
                .map(|a| self.by_addr[a].clone())
                .collect(),
        }
    }

    /// Addresses of the leases in `subnets`, sorted.
    pub fn addresses_in(&self, subnets: &[u32]) -> Vec<Ipv4Addr> {
        let mut addrs: Vec<Ipv4Addr> = subnets
            .iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter_map(|s| self.by_subnet.get(s))
            .flatten()
            .copied()
            .collect();
        addrs.sort_unstable();
        addrs
    }

    /// Addresses of all leases, sorted.
    pub fn addresses(&self) -> Vec<Ipv4Addr> {
        self.by_addr.keys().copied().collect()
    }

    /// Up to `limit` leases with address greater than `after`, by address.
    pub fn page(&self, after: Ipv4Addr, limit: usize) -> Vec<Lease4> {
        use std::ops::Bound::{Excluded, Unbounded};
        self.by_addr
            .range((Excluded(after), Unbounded))
            .take(limit)
            .map(|(_, l)| l.clone())
            .collect()
    }

    /// Leases in state default/declined with expiry at or before `now`, oldest first,
    /// at most `limit` (0 = all).
    pub fn expired(&self, now: i64, limit: usize) -> Vec<Lease4> {
        let limit = if limit == 0 { usize::MAX } else { limit };
        self.expiring
            .range(..=(now, Ipv4Addr::BROADCAST))
            .take(limit)
            .map(|(_, a)| self.by_addr[a].clone())
            .collect()
    }

    /// Expired-reclaimed leases whose expiry is before `before`, oldest first.
    pub fn reclaimed_before(&self, before: i64) -> Vec<Lease4> {
        self.reclaimed
            .range(..(before, Ipv4Addr::UNSPECIFIED))
            .map(|(_, a)| self.by_addr[a].clone())
            .collect()
    }

    /// Iterates all leases by address.
    pub fn iter(&self) -> impl Iterator<Item = &Lease4> {
        self.by_addr.values()
    }
}

impl LeaseIndex<Lease4> for Lease4Index {
    fn len(&self) -> usize {
        self.by_addr.len()
    }
    fn get(&self, key: &Ipv4Addr) -> Option<&Lease4> {
        self.by_addr.get(key)
    }
    fn insert(&mut self, lease: Lease4) {
        Lease4Index::insert(self, lease);
    }
    fn remove(&mut self, key: &Ipv4Addr) -> Option<Lease4> {
        Lease4Index::remove(self, key)
    }
}

/// DHCPv4 leases are kept in a [`Lease4Index`].
impl MemfileLease for Lease4 {
    type Index = Lease4Index;
}

fn remove_from<K: std::hash::Hash + Eq + ?Sized, Q>(
    map: &mut HashMap<Q, BTreeSet<Ipv4Addr>>,
    key: &K,
    addr: &Ipv4Addr,
) where
    Q: std::borrow::Borrow<K> + std::hash::Hash + Eq,
{
    if let Some(set) = map.get_mut(key) {
        set.remove(addr);
        if set.is_empty() {
            map.remove(key);
        }
    }
}
