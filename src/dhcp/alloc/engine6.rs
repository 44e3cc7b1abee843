//! The DHCPv6 allocation engine: one address per IA_NA and one prefix per
//! IA_PD, from reservations, the client's existing lease, its hint, then the
//! pools (Kea 2.2's iterative allocator: the next candidate after the last one
//! given). The store guarantees uniqueness; the engine decides.

use std::collections::HashMap;
use std::net::Ipv6Addr;
use std::sync::{Arc, Mutex};

use crate::backends::lease::LeaseState;
use crate::backends::lease6::{ClientIa, Lease6, LeaseType, DECLINED_DUID};
use crate::backends::{HostStore, Lease6Store};
use crate::config::model::Lifetime;
use crate::config::model6::{Reservation6, Subnet6};
use crate::dhcp::alloc::AllocError;
use crate::expression::ClassSet;
use crate::stats::{subnet_stat, Stats};

/// Candidates tried from the pools before giving up (per IA).
const MAX_POOL_ATTEMPTS: u128 = 4096;

type R<T, S> = Result<T, AllocError<<S as Lease6Store>::Error>>;

/// Who is asking: DUID, hardware address (when known) and reservation.
#[derive(Debug, Clone, Copy)]
pub struct Client6<'a> {
    /// Client DUID.
    pub duid: &'a [u8],
    /// Client hardware address, when one could be learnt.
    pub hwaddr: &'a [u8],
    /// The client's host reservation in the selected subnet (or global).
    pub host: Option<&'a Reservation6>,
    /// The classes the query holds (pool guards).
    pub classes: &'a ClassSet,
    /// The valid lifetime triplet of its first class that sets one.
    pub valid: Option<Lifetime>,
    /// The preferred lifetime triplet of its first class that sets one.
    pub preferred: Option<Lifetime>,
}

/// What one IA asks for: its id, hinted address/prefixes and lifetimes.
#[derive(Debug, Clone, Default)]
pub struct IaRequest {
    /// IAID.
    pub iaid: u32,
    /// Hinted addresses (IA_NA) or prefixes (IA_PD) with their length.
    pub hints: Vec<(Ipv6Addr, u8)>,
    /// Hinted preferred lifetime (0 = none).
    pub preferred_hint: u32,
    /// Hinted valid lifetime (0 = none).
    pub valid_hint: u32,
}

/// The DHCPv6 allocation engine over a [`Lease6Store`], consulting the
/// hosts databases `H` for addresses reserved to other clients.
#[derive(Debug)]
pub struct AllocEngine6<S, H> {
    store: Arc<S>,
    stats: Arc<Stats>,
    host_dbs: Vec<Arc<H>>,
    /// Next candidate offset to try, per (subnet id, lease type, the pools
    /// a client may use): one walk per set of pools, as Kea's cursor only
    /// walks the pools the client may use.
    cursors: Mutex<HashMap<CursorKey, u128>>,
    /// When each (subnet id, lease type) last gave a lease from its pools, as
    /// a sequence number (Kea's "last allocated time", which makes a shared
    /// network's most recently used subnet the preferred one).
    last_allocated: Mutex<HashMap<(u32, LeaseType), u64>>,
}

impl<S: Lease6Store, H: HostStore> AllocEngine6<S, H> {
    /// An engine over `store`, counting in `stats`, without hosts databases.
    pub fn new(store: Arc<S>, stats: Arc<Stats>) -> Self {
        Self::with_hosts(store, Vec::new(), stats)
    }
}

impl<S: Lease6Store, H: HostStore> AllocEngine6<S, H> {
    /// An engine over `store` that also treats what `host_dbs` reserve for
    /// other clients as taken.
    pub fn with_hosts(store: Arc<S>, host_dbs: Vec<Arc<H>>, stats: Arc<Stats>) -> Self {
        Self {
            store,
            stats,
            host_dbs,
            cursors: Mutex::new(HashMap::new()),
            last_allocated: Mutex::new(HashMap::new()),
        }
    }

    /// The store.
    pub fn store(&self) -> &Arc<S> {
        &self.store
    }

    /// The hosts databases, in `hosts-database`, `hosts-databases` order.
    pub fn host_dbs(&self) -> &[Arc<H>] {
        &self.host_dbs
    }

    /// True when `a` is reserved in the subnet for a host other than the
    /// client: in the configuration file, or in a hosts database.
    async fn reserved_for_other(
        &self,
        subnet: &Subnet6,
        client: Client6<'_>,
        a: Ipv6Addr,
    ) -> R<bool, S> {
        if reserved_for_other(subnet, client, a) {
            return Ok(true);
        }
        super::hosts6::reserved_in_dbs(&self.host_dbs, subnet, a, client.host).await
    }

    /// `hints` without those a hosts database reserves for another client.
    async fn not_reserved_in_dbs(
        &self,
        subnet: &Subnet6,
        client: Client6<'_>,
        hints: Vec<(Ipv6Addr, u8)>,
    ) -> R<Vec<(Ipv6Addr, u8)>, S> {
        if self.host_dbs.is_empty() {
            return Ok(hints);
        }
        let mut kept = Vec::with_capacity(hints.len());
        for (a, len) in hints {
            if !super::hosts6::reserved_in_dbs(&self.host_dbs, subnet, a, client.host).await? {
                kept.push((a, len));
            }
        }
        Ok(kept)
    }

    /// Finds (and unless `fake`, stores) a lease of `lease_type` for one IA.
    /// `None` when nothing can be given (NoAddrsAvail / NoPrefixAvail).
    pub async fn allocate(
        &self,
        subnet: &Subnet6,
        lease_type: LeaseType,
        client: Client6<'_>,
        ia: &IaRequest,
        fake: bool,
        now: i64,
    ) -> R<Option<Lease6>, S> {
        let template = self.template(subnet, lease_type, client, ia, now);
        // 1. Reserved for this client.
        for (a, len) in reserved(client.host, lease_type) {
            if let Some(l) = self.try_take(&template, a, len, client, fake, None).await? {
                return Ok(Some(l));
            }
        }
        let hints: Vec<(Ipv6Addr, u8)> = ia
            .hints
            .iter()
            .map(|&(a, len)| {
                (
                    a,
                    if lease_type == LeaseType::Na {
                        128
                    } else {
                        len
                    },
                )
            })
            .filter(|&(a, len)| {
                in_pool(subnet, lease_type, a, len, client.classes)
                    && !reserved_for_other(subnet, client, a)
            })
            .collect();
        let hints = self.not_reserved_in_dbs(subnet, client, hints).await?;
        let allowed = AllowedPools::of(subnet, lease_type, client.classes);
        let key = (subnet.id, lease_type, allowed.mask);
        let total = allowed.total;
        // One store round trip for the client's leases and the address most
        // likely needed next: its first usable hint, else the pool's next
        // candidate (claimed now, given back if not used).
        let claim = (hints.is_empty() && total > 0).then(|| self.claim_cursor(key, total));
        let candidate = claim.and_then(|c| allowed.nth(c.offset));
        let probe = hints.first().copied().or(candidate).map(|(a, _)| a);
        let found = self
            .store
            .get6_matching(
                lease_type,
                ClientIa {
                    duid: client.duid,
                    iaid: ia.iaid,
                    subnet_id: subnet.id,
                },
                probe,
            )
            .await
            .map_err(AllocError::Store)?;
        let at = probe.and_then(|p| found.iter().find(|l| l.address == p).cloned());
        let unclaim = |engine: &Self| {
            if let Some(c) = claim {
                engine.unclaim_cursor(key, total, c);
            }
        };
        // 2. The client's existing lease in this subnet (still in a pool).
        let existing = found.iter().filter(|l| {
            l.belongs_to(client.duid, ia.iaid)
                && l.subnet_id == subnet.id
                && l.state != LeaseState::Declined
        });
        for l in existing {
            if in_pool(subnet, lease_type, l.address, l.prefix_len, client.classes)
                && !self.reserved_for_other(subnet, client, l.address).await?
            {
                let known = Some(Some(l.clone()));
                if let Some(l) = self
                    .try_take(&template, l.address, l.prefix_len, client, fake, known)
                    .await?
                {
                    unclaim(self);
                    return Ok(Some(l));
                }
            }
        }
        // 3. The client's hints that are in a pool.
        for &(a, len) in &hints {
            let known = (Some(a) == probe).then(|| at.clone());
            if let Some(l) = self
                .try_take(&template, a, len, client, fake, known)
                .await?
            {
                return Ok(Some(l));
            }
        }
        // 4. The pools, iteratively; each attempt claims the next candidate, so
        // concurrent requests try different addresses instead of racing.
        let attempts = total.min(MAX_POOL_ATTEMPTS);
        let mut first = candidate.map(|c| (c, at));
        for _ in 0..attempts {
            let (candidate, known) = match first.take() {
                Some((c, at)) => (Some(c), Some(at)),
                None => (allowed.nth(self.claim_cursor(key, total).offset), None),
            };
            let Some((a, len)) = candidate else {
                break;
            };
            if self.reserved_for_other(subnet, client, a).await? {
                continue;
            }
            if let Some(l) = self
                .try_take(&template, a, len, client, fake, known)
                .await?
            {
                self.mark_allocated(subnet.id, lease_type);
                return Ok(Some(l));
            }
        }
        log::warn!(
            "ALLOC_ENGINE_V6_ALLOC_FAIL [duid={}] failed to allocate an {} lease in subnet {} after {attempts} attempt(s)",
            crate::backends::duid::to_text(client.duid),
            lease_type.name(),
            subnet.id
        );
        Ok(None)
    }

    /// Extends the client's lease for `address` if it holds it (RENEW/REBIND of
    /// a known binding); `None` when the client has no such lease.
    pub async fn extend(
        &self,
        subnet: &Subnet6,
        lease_type: LeaseType,
        client: Client6<'_>,
        ia: &IaRequest,
        address: Ipv6Addr,
        now: i64,
    ) -> R<Option<Lease6>, S> {
        let Some(old) = self
            .store
            .get6(lease_type, address)
            .await
            .map_err(AllocError::Store)?
        else {
            return Ok(None);
        };
        if !old.belongs_to(client.duid, ia.iaid) || old.subnet_id != subnet.id {
            return Ok(None);
        }
        let mut new = self.template(subnet, lease_type, client, ia, now);
        new.address = old.address;
        new.prefix_len = old.prefix_len;
        if self
            .store
            .replace6(&old, &new)
            .await
            .map_err(AllocError::Store)?
        {
            if !old.is_active(now) {
                self.count_assigned(&new, 1);
            }
            return Ok(Some(new));
        }
        Ok(None)
    }

    /// Releases the client's lease for `address`; false when it holds none.
    pub async fn release(
        &self,
        lease_type: LeaseType,
        duid: &[u8],
        iaid: u32,
        address: Ipv6Addr,
    ) -> R<bool, S> {
        let Some(l) = self
            .store
            .get6(lease_type, address)
            .await
            .map_err(AllocError::Store)?
        else {
            return Ok(false);
        };
        if !l.belongs_to(duid, iaid) {
            return Ok(false);
        }
        let deleted = self
            .store
            .delete6(lease_type, address)
            .await
            .map_err(AllocError::Store)?;
        if deleted && l.state == LeaseState::Default {
            self.count_assigned(&l, -1);
        }
        Ok(deleted)
    }

    /// Declines the client's address: kept out of use for `probation` seconds
    /// with the DUID `00`; false when the client does not hold it.
    pub async fn decline(
        &self,
        duid: &[u8],
        iaid: u32,
        address: Ipv6Addr,
        probation: u32,
        now: i64,
    ) -> R<bool, S> {
        let Some(old) = self
            .store
            .get6(LeaseType::Na, address)
            .await
            .map_err(AllocError::Store)?
        else {
            return Ok(false);
        };
        if !old.belongs_to(duid, iaid) {
            return Ok(false);
        }
        let mut new = old.clone();
        new.duid = DECLINED_DUID.to_vec();
        new.state = LeaseState::Declined;
        new.cltt = now;
        new.valid_lifetime = probation;
        new.preferred_lifetime = 0;
        new.hostname.clear();
        new.hwaddr.clear();
        new.fqdn_fwd = false;
        new.fqdn_rev = false;
        if !self
            .store
            .replace6(&old, &new)
            .await
            .map_err(AllocError::Store)?
        {
            return Ok(false);
        }
        self.stats
            .inc(&subnet_stat(new.subnet_id, "declined-addresses"));
        self.stats.inc("declined-addresses");
        log::info!(
            "DHCP6_DECLINE_LEASE address {address} was declined by the client, it is now in probation for {probation} s"
        );
        Ok(true)
    }

    /// Reclaims up to `limit` expired leases (deleting them); returns how many.
    pub async fn reclaim_expired(&self, now: i64, limit: usize) -> R<usize, S> {
        let expired = self
            .store
            .expired6(now, limit)
            .await
            .map_err(AllocError::Store)?;
        let mut n = 0;
        for l in expired {
            if !self
                .store
                .delete6(l.lease_type, l.address)
                .await
                .map_err(AllocError::Store)?
            {
                continue;
            }
            n += 1;
            self.count_assigned(&l, -1);
            if l.state == LeaseState::Declined {
                self.stats
                    .add(&subnet_stat(l.subnet_id, "declined-addresses"), -1);
                self.stats.add("declined-addresses", -1);
                self.stats.inc("reclaimed-declined-addresses");
            }
            self.stats.inc("reclaimed-leases");
            self.stats
                .inc(&subnet_stat(l.subnet_id, "reclaimed-leases"));
        }
        Ok(n)
    }

    fn template(
        &self,
        subnet: &Subnet6,
        lease_type: LeaseType,
        client: Client6<'_>,
        ia: &IaRequest,
        now: i64,
    ) -> Lease6 {
        let valid = client
            .valid
            .unwrap_or(subnet.valid_lifetime)
            .grant(Some(ia.valid_hint));
        let preferred = client
            .preferred
            .unwrap_or(subnet.preferred_lifetime)
            .grant(Some(ia.preferred_hint))
            .min(valid);
        Lease6 {
            address: Ipv6Addr::UNSPECIFIED,
            lease_type,
            prefix_len: 128,
            duid: client.duid.to_vec(),
            iaid: ia.iaid,
            preferred_lifetime: preferred,
            valid_lifetime: valid,
            cltt: now,
            subnet_id: subnet.id,
            fqdn_fwd: false,
            fqdn_rev: false,
            hostname: client
                .host
                .and_then(|h| h.hostname.clone())
                .unwrap_or_default(),
            hwaddr: client.hwaddr.to_vec(),
            hwtype: 1,
            hwaddr_source: if client.hwaddr.is_empty() { 0 } else { 4 },
            state: LeaseState::Default,
            user_context: None,
        }
    }

    /// Takes `a`/`len` for the client if free, expired, or already its own.
    /// `known`: the stored lease on `a` when it was just looked up.
    async fn try_take(
        &self,
        template: &Lease6,
        a: Ipv6Addr,
        len: u8,
        client: Client6<'_>,
        fake: bool,
        known: Option<Option<Lease6>>,
    ) -> R<Option<Lease6>, S> {
        let mut lease = template.clone();
        lease.address = a;
        lease.prefix_len = len;
        let now = template.cltt;
        let current = match known {
            Some(current) => current,
            None => self
                .store
                .get6(lease.lease_type, a)
                .await
                .map_err(AllocError::Store)?,
        };
        match current {
            None => {
                if fake {
                    return Ok(Some(lease));
                }
                if self.store.add6(&lease).await.map_err(AllocError::Store)? {
                    self.count_assigned(&lease, 1);
                    return Ok(Some(lease));
                }
                Ok(None)
            }
            Some(old) => {
                let own = old.belongs_to(client.duid, template.iaid);
                if !own && old.is_active(now) {
                    return Ok(None);
                }
                if fake {
                    return Ok(Some(lease));
                }
                if self
                    .store
                    .replace6(&old, &lease)
                    .await
                    .map_err(AllocError::Store)?
                {
                    if !old.is_active(now) || old.state != LeaseState::Default {
                        if old.state == LeaseState::Declined {
                            self.stats
                                .add(&subnet_stat(old.subnet_id, "declined-addresses"), -1);
                            self.stats.add("declined-addresses", -1);
                        }
                        if old.is_active(now) {
                            // A declined lease still counted as assigned.
                            self.count_assigned(&old, -1);
                        }
                        self.count_assigned(&lease, 1);
                    } else if old.subnet_id != lease.subnet_id {
                        self.count_assigned(&old, -1);
                        self.count_assigned(&lease, 1);
                    }
                    return Ok(Some(lease));
                }
                Ok(None)
            }
        }
    }

    /// Kea's `SharedNetwork6::getPreferredSubnet`: of `subnets` (ids), the
    /// one that most recently gave a lease of type `t` from its pools; `None`
    /// when none has yet.
    pub fn preferred_subnet(&self, subnets: &[u32], t: LeaseType) -> Option<u32> {
        let g = self
            .last_allocated
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        subnets
            .iter()
            .filter_map(|id| g.get(&(*id, t)).map(|seq| (*seq, *id)))
            .max()
            .map(|(_, id)| id)
    }

    /// Records that `subnet` just gave a lease of type `t` from its pools.
    fn mark_allocated(&self, subnet: u32, t: LeaseType) {
        let mut g = self
            .last_allocated
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let next = g.values().max().map_or(1, |m| m + 1);
        g.insert((subnet, t), next);
    }

    fn count_assigned(&self, l: &Lease6, delta: i64) {
        let name = match l.lease_type {
            LeaseType::Pd => "assigned-pds",
            _ => "assigned-nas",
        };
        self.stats.add(&subnet_stat(l.subnet_id, name), delta);
    }

    /// Claims the candidate offset to try next for (subnet, type), moving the
    /// cursor past it (wrapping at `total`), as Kea's iterative allocator does.
    fn claim_cursor(&self, key: CursorKey, total: u128) -> CursorClaim6 {
        let mut g = self.cursors.lock().unwrap_or_else(|p| p.into_inner());
        let previous = g.get(&key).copied();
        let offset = previous.unwrap_or(0) % total.max(1);
        g.insert(key, (offset + 1) % total.max(1));
        CursorClaim6 { offset, previous }
    }

    /// Puts the cursor back before an unused claim, unless another request
    /// has moved it since (then the candidate is just skipped once).
    fn unclaim_cursor(&self, key: CursorKey, total: u128, claim: CursorClaim6) {
        let mut g = self.cursors.lock().unwrap_or_else(|p| p.into_inner());
        if g.get(&key).copied() == Some((claim.offset + 1) % total.max(1)) {
            match claim.previous {
                Some(p) => g.insert(key, p),
                None => g.remove(&key),
            };
        }
    }
}

/// A pool candidate taken from a cursor, and where the cursor was.
#[derive(Debug, Clone, Copy)]
struct CursorClaim6 {
    offset: u128,
    previous: Option<u128>,
}

/// Addresses (with length 128) or prefixes reserved for the client.
fn reserved(host: Option<&Reservation6>, t: LeaseType) -> Vec<(Ipv6Addr, u8)> {
    let Some(h) = host else { return Vec::new() };
    match t {
        LeaseType::Pd => h
            .prefixes
            .iter()
            .map(|p| (p.network(), p.prefix_len()))
            .collect(),
        _ => h.ip_addresses.iter().map(|a| (*a, 128)).collect(),
    }
}

/// True when `a` is reserved in the subnet's configuration for a host other
/// than the client.
fn reserved_for_other(subnet: &Subnet6, client: Client6<'_>, a: Ipv6Addr) -> bool {
    subnet.reservations.iter().any(|h| {
        let mine = client.host.is_some_and(|c| c == h);
        !mine && (h.ip_addresses.contains(&a) || h.prefixes.iter().any(|p| p.network() == a))
    })
}

/// True when `a`/`len` lies in a pool of type `t` a client holding
/// `classes` may use.
fn in_pool(subnet: &Subnet6, t: LeaseType, a: Ipv6Addr, len: u8, classes: &ClassSet) -> bool {
    match t {
        LeaseType::Pd => subnet
            .pd_pool_of(a, len)
            .is_some_and(|p| p.classes.admits(classes)),
        _ => subnet.allowed_pool(a, classes).is_some(),
    }
}

/// A cursor's key: subnet id, lease type, and the mask of the pools it walks.
type CursorKey = (u32, LeaseType, u64);

/// The pools of one type a client may use in a subnet, as the cursor walks
/// them.
struct AllowedPools {
    /// Each pool's first candidate, candidate count and delegated length
    /// (128 for addresses).
    pools: Vec<(u128, u128, u8)>,
    /// Bit `i % 64` set for each allowed pool `i`.
    mask: u64,
    /// Candidates in all of them.
    total: u128,
}

impl AllowedPools {
    fn of(subnet: &Subnet6, t: LeaseType, classes: &ClassSet) -> AllowedPools {
        let all: Vec<(bool, u128, u128, u8)> = match t {
            LeaseType::Pd => subnet
                .pd_pools
                .iter()
                .map(|p| {
                    let base = u128::from(p.prefix.network());
                    (p.classes.admits(classes), base, p.size(), p.delegated_len)
                })
                .collect(),
            _ => subnet
                .pools
                .iter()
                .map(|p| {
                    (
                        p.classes.admits(classes),
                        u128::from(p.start),
                        p.size(),
                        128,
                    )
                })
                .collect(),
        };
        let mut mask = 0u64;
        let mut pools = Vec::new();
        for (i, (ok, base, size, len)) in all.into_iter().enumerate() {
            if ok {
                mask |= 1u64 << (i % 64);
                pools.push((base, size, len));
            }
        }
        let total = pools
            .iter()
            .fold(0u128, |t, (_, size, _)| t.saturating_add(*size));
        AllowedPools { pools, mask, total }
    }

    /// The `offset`-th candidate across these pools.
    fn nth(&self, mut offset: u128) -> Option<(Ipv6Addr, u8)> {
        for &(base, size, len) in &self.pools {
            if offset < size {
                let step = 128 - u32::from(len);
                let a = base.checked_add(offset.checked_shl(step)?)?;
                return Some((Ipv6Addr::from(a), len));
            }
            offset -= size;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::memfile::Memfile6Store;
    use crate::config::parse_dhcp6_value;

    /// Memfile with a suspension point before every lookup and insert, as a
    /// SQL store has: concurrent allocations interleave there.
    struct Yielding(Memfile6Store);

    impl Lease6Store for Yielding {
        type Error = <Memfile6Store as Lease6Store>::Error;
        async fn get6(&self, t: LeaseType, a: Ipv6Addr) -> Result<Option<Lease6>, Self::Error> {
            tokio::task::yield_now().await;
            self.0.get6(t, a).await
        }
        async fn get6_by_client(
            &self,
            t: LeaseType,
            ia: ClientIa<'_>,
        ) -> Result<Vec<Lease6>, Self::Error> {
            tokio::task::yield_now().await;
            self.0.get6_by_client(t, ia).await
        }
        async fn get6_by_duid(&self, duid: &[u8]) -> Result<Vec<Lease6>, Self::Error> {
            self.0.get6_by_duid(duid).await
        }
        async fn get6_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease6>, Self::Error> {
            self.0.get6_all(subnets).await
        }
        async fn add6(&self, lease: &Lease6) -> Result<bool, Self::Error> {
            tokio::task::yield_now().await;
            self.0.add6(lease).await
        }
        async fn update6(&self, lease: &Lease6) -> Result<bool, Self::Error> {
            self.0.update6(lease).await
        }
        async fn replace6(&self, old: &Lease6, new: &Lease6) -> Result<bool, Self::Error> {
            self.0.replace6(old, new).await
        }
        async fn delete6(&self, t: LeaseType, a: Ipv6Addr) -> Result<bool, Self::Error> {
            self.0.delete6(t, a).await
        }
        async fn expired6(&self, now: i64, limit: usize) -> Result<Vec<Lease6>, Self::Error> {
            self.0.expired6(now, limit).await
        }
        async fn wipe6(&self, subnet_id: Option<u32>) -> Result<u64, Self::Error> {
            self.0.wipe6(subnet_id).await
        }
    }

    #[tokio::test]
    async fn concurrent_offers_to_new_clients_get_different_addresses() {
        let cfg = parse_dhcp6_value(&serde_json::json!({ "Dhcp6": {
            "subnet6": [{ "id": 1, "subnet": "2001:db8:1::/64",
                          "pools": [{ "pool": "2001:db8:1::10-2001:db8:1::20" }] }]
        }}))
        .expect("valid config");
        let subnet = &cfg.subnets[0];
        let engine = AllocEngine6::<_, crate::backends::host_memory::MemHostStore>::new(
            Arc::new(Yielding(Memfile6Store::in_memory())),
            Arc::new(Stats::default()),
        );
        let ia = IaRequest {
            iaid: 1,
            ..IaRequest::default()
        };
        let none = ClassSet::new();
        let client = |duid: &'static [u8]| Client6 {
            duid,
            hwaddr: &[],
            host: None,
            classes: &none,
            valid: None,
            preferred: None,
        };
        let (a, b) = tokio::join!(
            engine.allocate(
                subnet,
                LeaseType::Na,
                client(&[0, 3, 0, 1, 1]),
                &ia,
                true,
                1
            ),
            engine.allocate(
                subnet,
                LeaseType::Na,
                client(&[0, 3, 0, 1, 2]),
                &ia,
                true,
                1
            ),
        );
        let (a, b) = (
            a.expect("a").expect("offer a"),
            b.expect("b").expect("offer b"),
        );
        assert_ne!(a.address, b.address, "two offers of one address");
    }
}
