//! The DHCPv4 allocation engine (Kea's AllocEngine for v4, iterative allocator).
//!
//! Order for a client: host reservation, the client's existing lease, the requested
//! address, then the pools from a per-subnet cursor. Offers commit nothing (as Kea
//! 2.2); requests commit through the store, whose uniqueness check decides races:
//! a lost race is a NAK, never a second client on one address.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex};

use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::{HostStore, LeaseQuery4, LeaseStore};
use crate::config::model::{Dhcp4Config, Lifetime, Pool4, Reservation4, Subnet4};
use crate::expression::ClassSet;
use crate::stats::Stats;

use super::client::Client4;
use super::host_lookup::{DbHosts, Hosts4, Identifier};
use super::hosts::{HostIndex4, GLOBAL_SUBNET_ID};
use super::lease_stats;

/// An allocation failure: only store errors; policy outcomes are values.
#[derive(Debug, thiserror::Error)]
pub enum AllocError<E: std::error::Error + 'static> {
    /// The lease store failed.
    #[error("lease store: {0}")]
    Store(#[source] E),
    /// Hosts database `index` (in `hosts-database`, `hosts-databases` order) is
    /// unreachable: the query cannot be answered.
    #[error("hosts database {index}: {message}")]
    HostsLost {
        /// Which hosts database.
        index: usize,
        /// The backend's error.
        message: String,
    },
}

/// The client's reservations for one query, looked up once (configuration
/// file first, then each hosts database) and consulted by every later step.
#[derive(Debug, Clone, Default)]
pub struct ClientHosts {
    by_subnet: Vec<(u32, Option<Arc<Reservation4>>)>,
    global: bool,
}

impl ClientHosts {
    /// True when the client's reservation is a global one.
    pub fn global(&self) -> bool {
        self.global
    }

    /// The client's reservation in `s` (a global one when those apply).
    pub fn for_subnet(&self, s: &Subnet4) -> Option<Arc<Reservation4>> {
        self.by_subnet
            .iter()
            .find(|(id, _)| *id == s.id)
            .and_then(|(_, h)| h.clone())
    }
}

/// Result of a committed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commit4 {
    /// The lease was stored; acknowledge it.
    Ack(Lease4),
    /// The request cannot be granted; NAK with the reason (for the log).
    Nak(&'static str),
    /// The address is in no pool of the client's network and not reserved for
    /// it: Kea drops such a request without answering
    /// (`DHCP4_UNKNOWN_ADDRESS_REQUESTED`).
    UnknownAddress,
}

/// What the store holds for one REQUEST, read in one round trip: the lease on
/// the address asked for (whoever holds it) and the client's own leases in the
/// network. Read once, it serves both the INIT-REBOOT check and the commit.
#[derive(Debug, Clone)]
pub struct RequestLeases {
    hint: Ipv4Addr,
    existing: Option<Lease4>,
    own: Vec<Lease4>,
}

impl RequestLeases {
    /// The address the REQUEST asks for (option 50, else ciaddr).
    pub fn hint(&self) -> Ipv4Addr {
        self.hint
    }

    /// The client's current lease in the network (the longest-lived of its
    /// own), if any: what makes an INIT-REBOOT client known.
    pub fn client_lease(&self) -> Option<&Lease4> {
        self.own.iter().max_by_key(|l| l.expire())
    }
}

/// What the engine needs to know about a request beyond the client's identity.
#[derive(Debug, Clone, Default)]
pub struct LeaseParams {
    /// Lifetime the client asked for (option 51).
    pub requested_lifetime: Option<u32>,
    /// Hostname to store (reservation or option 12, sanitized).
    pub hostname: String,
    /// The valid lifetime triplet of the client's first class that sets one
    /// (the subnet's when `None`).
    pub lifetime: Option<Lifetime>,
}

/// The allocation engine for one configuration generation.
#[derive(Debug)]
pub struct AllocEngine4<S, H> {
    store: Arc<S>,
    stats: Arc<Stats>,
    hosts: HostIndex4,
    host_dbs: Vec<Arc<H>>,
    reservations_global: bool,
    cursors: Mutex<HashMap<u32, u32>>,
}

type R<T, S> = Result<T, AllocError<<S as LeaseStore>::Error>>;

impl<S: LeaseStore, H: HostStore> AllocEngine4<S, H> {
    /// An engine over `store` for configuration `cfg`, without hosts databases.
    pub fn new(store: Arc<S>, stats: Arc<Stats>, cfg: &Dhcp4Config) -> Self {
        Self::with_hosts(store, Vec::new(), stats, cfg)
    }
}

impl<S: LeaseStore, H: HostStore> AllocEngine4<S, H> {
    /// An engine over `store` that consults `host_dbs`, in order, after the
    /// configuration file's reservations.
    pub fn with_hosts(
        store: Arc<S>,
        host_dbs: Vec<Arc<H>>,
        stats: Arc<Stats>,
        cfg: &Dhcp4Config,
    ) -> Self {
        Self {
            store,
            stats,
            hosts: HostIndex4::new(cfg),
            host_dbs,
            reservations_global: cfg.reservations_global,
            cursors: Mutex::new(HashMap::new()),
        }
    }

    /// The store behind the engine.
    pub fn store(&self) -> &Arc<S> {
        &self.store
    }

    /// The hosts databases the engine consults, in order.
    pub fn host_dbs(&self) -> &[Arc<H>] {
        &self.host_dbs
    }

    /// The client's reservations in `subnets` (global first when enabled),
    /// looked up once for the whole query: the configuration file, then each
    /// hosts database, asked once for all of the client's identifiers in all
    /// of these subnets.
    pub async fn client_hosts(&self, subnets: &[&Subnet4], client: &Client4) -> R<ClientHosts, S> {
        let ids: Vec<Identifier<'_>> = self.hosts.identifiers(client).collect();
        let scopes: Vec<u32> = self
            .reservations_global
            .then_some(GLOBAL_SUBNET_ID)
            .into_iter()
            .chain(
                subnets
                    .iter()
                    .filter(|s| s.reservations_in_subnet)
                    .map(|s| s.id),
            )
            .collect();
        let mut dbs = DbHosts::<Hosts4, H>::new(&self.host_dbs, &scopes, &ids);
        let mut global: Option<Option<Arc<Reservation4>>> = None;
        let mut by_subnet = Vec::with_capacity(subnets.len());
        for s in subnets {
            let mut host = None;
            if self.reservations_global {
                if global.is_none() {
                    global = Some(self.find_host(&mut dbs, GLOBAL_SUBNET_ID, client).await?);
                }
                host = global.clone().flatten();
            }
            if host.is_none() && s.reservations_in_subnet {
                host = self.find_host(&mut dbs, s.id, client).await?;
            }
            by_subnet.push((s.id, host));
        }
        Ok(ClientHosts {
            by_subnet,
            global: global.flatten().is_some(),
        })
    }

    /// The client's reservation in `subnet_id`: for each identifier in
    /// `host-reservation-identifiers` order, the configuration file, then each
    /// hosts database (Kea's `HostMgr::get4`).
    async fn find_host(
        &self,
        dbs: &mut DbHosts<'_, Hosts4, H>,
        subnet_id: u32,
        client: &Client4,
    ) -> R<Option<Arc<Reservation4>>, S> {
        if self.host_dbs.is_empty() {
            return Ok(self.hosts.find(subnet_id, client));
        }
        for (t, v) in self.hosts.identifiers(client) {
            if let Some(h) = self.hosts.get(subnet_id, t, v) {
                return Ok(Some(h));
            }
            if let Some(h) = dbs.get(subnet_id, (t, v)).await? {
                return Ok(Some(Arc::new(h)));
            }
        }
        Ok(None)
    }

    /// A hosts database error: a lost connection fails the query (and is
    /// reported as that backend's loss); an operation error is logged and the
    /// database treated as having no answer.
    fn host_db_failed(index: usize, e: &H::Error) -> R<(), S> {
        super::hosts::host_db_failed(index, e)
    }

    /// True when `a` is reserved in `subnet` (or globally, when global
    /// reservations apply) for a host other than `mine`.
    async fn reserved_for_other(
        &self,
        subnet: &Subnet4,
        a: Ipv4Addr,
        mine: Option<&Reservation4>,
    ) -> R<bool, S> {
        if self.hosts.reserved_for_other(subnet.id, a, mine)
            || (self.reservations_global
                && self.hosts.reserved_for_other(GLOBAL_SUBNET_ID, a, mine))
        {
            return Ok(true);
        }
        let scopes = [
            Some(subnet.id),
            self.reservations_global.then_some(GLOBAL_SUBNET_ID),
        ];
        for sid in scopes.into_iter().flatten() {
            for (index, db) in self.host_dbs.iter().enumerate() {
                match db.get4_by_address(sid, a).await {
                    Ok(found) => {
                        let other = found.iter().any(|h| {
                            mine.is_none_or(|m| {
                                m.identifier_type != h.identifier_type
                                    || m.identifier != h.identifier
                            })
                        });
                        if other {
                            return Ok(true);
                        }
                    }
                    Err(e) => Self::host_db_failed(index, &e)?,
                }
            }
        }
        Ok(false)
    }

    async fn get(&self, a: Ipv4Addr) -> R<Option<Lease4>, S> {
        self.store.get4(a).await.map_err(AllocError::Store)
    }

    /// What a REQUEST for `hint` needs from the store, in one round trip (see
    /// [`RequestLeases`]).
    pub async fn request_leases(
        &self,
        subnets: &[&Subnet4],
        client: &Client4,
        hint: Ipv4Addr,
    ) -> R<RequestLeases, S> {
        let (existing, own) = self.leases_for(Some(hint), subnets, client).await?;
        Ok(RequestLeases {
            hint,
            existing,
            own,
        })
    }

    /// Every lease the client owns in `subnets`, expired-reclaimed ones included
    /// (Kea's `findClientLease` ignores the state, so a client gets its old
    /// address back after reclamation if nobody took it).
    pub async fn client_leases(&self, subnets: &[&Subnet4], client: &Client4) -> R<Vec<Lease4>, S> {
        let (_, own) = self.leases_for(None, subnets, client).await?;
        Ok(own)
    }

    /// One store round trip for what a packet needs: the lease on `address`
    /// (whoever holds it) and the client's own leases in `subnets` (see
    /// [`Self::client_leases`]): by client identifier when any lease matches
    /// it, else by hardware address, as Kea looks them up.
    async fn leases_for(
        &self,
        address: Option<Ipv4Addr>,
        subnets: &[&Subnet4],
        client: &Client4,
    ) -> R<(Option<Lease4>, Vec<Lease4>), S> {
        let ids: Vec<u32> = subnets.iter().map(|s| s.id).collect();
        let cid = client.matching_client_id();
        let found = self
            .store
            .get4_matching(&LeaseQuery4 {
                address,
                subnets: &ids,
                client_id: cid,
                hwaddr: Some(&client.hwaddr[..]).filter(|h| !h.is_empty()),
            })
            .await
            .map_err(AllocError::Store)?;
        let at = address.and_then(|a| found.iter().find(|l| l.address == a).cloned());
        let mut own = Vec::new();
        for id in &ids {
            let in_subnet = || found.iter().filter(|l| l.subnet_id == *id);
            let by_cid: Vec<&Lease4> = match cid {
                Some(c) => in_subnet()
                    .filter(|l| l.client_id.as_deref() == Some(c))
                    .collect(),
                None => Vec::new(),
            };
            let picked = if by_cid.is_empty() && !client.hwaddr.is_empty() {
                in_subnet().filter(|l| l.hwaddr == client.hwaddr).collect()
            } else {
                by_cid
            };
            own.extend(
                picked
                    .into_iter()
                    .filter(|l| client.owns(l) && l.state != LeaseState::Declined)
                    .cloned(),
            );
        }
        Ok((at, own))
    }

    /// True when `a` can be given to `client`: no lease, or an expired/reclaimed
    /// one, or one the client already owns.
    fn free_for(lease: Option<&Lease4>, client: &Client4, now: i64) -> bool {
        match lease {
            None => true,
            Some(l) => !l.is_active(now) || client.owns(l),
        }
    }

    /// Chooses an address to offer (DISCOVER): nothing is committed.
    /// Returns the address and the index into `subnets` of its subnet.
    pub async fn offer(
        &self,
        subnets: &[&Subnet4],
        client: &Client4,
        hosts: &ClientHosts,
        requested: Option<Ipv4Addr>,
        now: i64,
    ) -> R<Option<(Ipv4Addr, usize)>, S> {
        // 1. Reservation.
        for (i, s) in subnets.iter().enumerate() {
            if let Some(ip) = hosts.for_subnet(s).and_then(|h| h.ip_address) {
                if s.prefix.contains(&ip)
                    && Self::free_for(self.get(ip).await?.as_ref(), client, now)
                {
                    return Ok(Some((ip, i)));
                }
            }
        }
        // One store round trip for the client's leases and the address most
        // likely needed next: the requested one, else the pool's next
        // candidate (claimed now, given back if not used).
        let classes = &client.classes;
        let requested = requested.filter(|ip| {
            subnets
                .iter()
                .any(|s| s.allowed_pool(*ip, classes).is_some())
        });
        let claim = match requested {
            Some(_) => None,
            None => subnets
                .iter()
                .enumerate()
                .find_map(|(i, s)| self.claim_cursor(s, classes).map(|c| (i, c))),
        };
        let probe = requested.or(claim.map(|(_, c)| c.address));
        let (at, own) = self.leases_for(probe, subnets, client).await?;
        let mut prefetched = claim.map(|(i, c)| (i, c, at.clone()));
        // 2. Existing lease.
        if let Some(l) = own.into_iter().max_by_key(Lease4::expire) {
            if let Some(i) = subnets.iter().position(|s| s.id == l.subnet_id) {
                let s = subnets[i];
                let host = hosts.for_subnet(s);
                if s.allowed_pool(l.address, classes).is_some()
                    && !self
                        .reserved_for_other(s, l.address, host.as_deref())
                        .await?
                {
                    if let Some((ci, c, _)) = prefetched {
                        self.unclaim_cursor(subnets[ci], c);
                    }
                    return Ok(Some((l.address, i)));
                }
            }
        }
        // 3. Requested address.
        if let Some(ip) = requested {
            if let Some(i) = subnets
                .iter()
                .position(|s| s.allowed_pool(ip, classes).is_some())
            {
                let host = hosts.for_subnet(subnets[i]);
                if !self
                    .reserved_for_other(subnets[i], ip, host.as_deref())
                    .await?
                    && Self::free_for(at.as_ref(), client, now)
                {
                    return Ok(Some((ip, i)));
                }
            }
        }
        // 4. Pools.
        for (i, s) in subnets.iter().enumerate() {
            let host = hosts.for_subnet(s);
            let first = match prefetched.take() {
                Some((ci, c, lease)) if ci == i => Some((c.address, lease)),
                other => {
                    prefetched = other;
                    None
                }
            };
            if let Some(ip) = self
                .next_free(s, client, host.as_deref(), first, now)
                .await?
            {
                return Ok(Some((ip, i)));
            }
        }
        Ok(None)
    }

    /// Iterates the pools of `s` from its cursor; returns the first usable
    /// address. `first`: a candidate already claimed and looked up.
    async fn next_free(
        &self,
        s: &Subnet4,
        client: &Client4,
        host: Option<&Reservation4>,
        mut first: Option<(Ipv4Addr, Option<Lease4>)>,
        now: i64,
    ) -> R<Option<Ipv4Addr>, S> {
        let total = s.total_addresses();
        if total == 0 {
            return Ok(None);
        }
        for _ in 0..total {
            let (candidate, known) = match first.take() {
                Some((a, lease)) => (a, Some(lease)),
                None => match self.claim_cursor(s, &client.classes) {
                    Some(c) => (c.address, None),
                    None => return Ok(None),
                },
            };
            if self.reserved_for_other(s, candidate, host).await? {
                continue;
            }
            let lease = match known {
                Some(lease) => lease,
                None => self.get(candidate).await?,
            };
            if Self::free_for(lease.as_ref(), client, now) {
                return Ok(Some(candidate));
            }
        }
        Ok(None)
    }

    /// Moves the subnet's cursor to the next address of the pools a client
    /// holding `classes` may use (wrapping), remembering where the cursor was
    /// so an unused candidate can be given back ([`Self::unclaim_cursor`]);
    /// `None` when no such pool exists.
    fn claim_cursor(&self, s: &Subnet4, classes: &ClassSet) -> Option<CursorClaim> {
        let mut cursors = self.cursors.lock().unwrap_or_else(|p| p.into_inner());
        let previous = cursors.get(&s.id).copied();
        let next = next_in_pools(s, previous, classes)?;
        cursors.insert(s.id, u32::from(next));
        Some(CursorClaim {
            address: next,
            previous,
        })
    }

    /// Puts the cursor back before an unused claimed candidate, unless another
    /// request has moved it since (then the candidate is just skipped once).
    fn unclaim_cursor(&self, s: &Subnet4, claim: CursorClaim) {
        let mut cursors = self.cursors.lock().unwrap_or_else(|p| p.into_inner());
        if cursors.get(&s.id).copied() == Some(u32::from(claim.address)) {
            match claim.previous {
                Some(p) => cursors.insert(s.id, p),
                None => cursors.remove(&s.id),
            };
        }
    }

    /// Commits the lease a REQUEST asks for (`leases.hint()`: option 50 or
    /// ciaddr), from what [`Self::request_leases`] read. The caller has
    /// already decided the client state (SELECTING, INIT-REBOOT...).
    ///
    /// Checks in Kea's order (`AllocEngine::requestLease4`): reserved for
    /// another client (NAK), held by another client (NAK), the client has a
    /// reservation for another address that is free (NAK), outside every pool
    /// and not reserved for the client ([`Commit4::UnknownAddress`]).
    pub async fn request(
        &self,
        subnets: &[&Subnet4],
        client: &Client4,
        hosts: &ClientHosts,
        leases: RequestLeases,
        params: &LeaseParams,
        now: i64,
    ) -> R<Commit4, S> {
        let RequestLeases {
            hint,
            existing,
            own,
        } = leases;
        let si = subnets
            .iter()
            .position(|s| s.allowed_pool(hint, &client.classes).is_some())
            .or_else(|| subnets.iter().position(|s| s.prefix.contains(&hint)));
        let Some(subnet) = si
            .or((!subnets.is_empty()).then_some(0))
            .map(|i| subnets[i])
        else {
            return Ok(Commit4::UnknownAddress);
        };
        let host = hosts.for_subnet(subnet);
        let reserved_ip = host.as_ref().and_then(|h| h.ip_address);
        if reserved_ip != Some(hint)
            && self
                .reserved_for_other(subnet, hint, host.as_deref())
                .await?
        {
            return Ok(Commit4::Nak("address is reserved for another client"));
        }
        // The requested address's lease and the client's own leases (which
        // go once the new one is stored) were read in one round trip.
        if existing
            .as_ref()
            .is_some_and(|l| l.is_active(now) && !client.owns(l))
        {
            return Ok(Commit4::Nak("address is leased to another client"));
        }
        if let Some(r) = reserved_ip.filter(|r| *r != hint) {
            // The client was offered another address only if its reserved one
            // is held by someone else; if that one is free, it must come back.
            if !self.get(r).await?.is_some_and(|l| l.is_active(now)) {
                return Ok(Commit4::Nak("client has a reservation for another address"));
            }
        }
        if reserved_ip != Some(hint)
            && !subnets
                .iter()
                .any(|s| s.allowed_pool(hint, &client.classes).is_some())
        {
            return Ok(Commit4::UnknownAddress);
        }
        let valid = params
            .lifetime
            .unwrap_or(subnet.valid_lifetime)
            .grant(params.requested_lifetime);
        let new = Lease4 {
            address: hint,
            hwaddr: client.hwaddr.clone(),
            client_id: client.matching_client_id().map(<[u8]>::to_vec),
            valid_lifetime: valid,
            cltt: now,
            subnet_id: subnet.id,
            fqdn_fwd: false,
            fqdn_rev: false,
            hostname: params.hostname.clone(),
            state: LeaseState::Default,
            user_context: None,
        };
        let stored = match &existing {
            None => {
                let ok = self.store.add4(&new).await.map_err(AllocError::Store)?;
                if ok {
                    lease_stats::assigned(&self.stats, subnet.id);
                }
                ok
            }
            Some(old) if client.owns(old) || !old.is_active(now) => {
                let mut lease = new.clone();
                if client.owns(old) {
                    lease.user_context = old.user_context.clone();
                }
                let ok = self
                    .store
                    .replace4(old, &lease)
                    .await
                    .map_err(AllocError::Store)?;
                if ok {
                    if !old.is_active(now) {
                        // Kea reclaims an expired lease on the fly, the
                        // client's own included (`renewLease4`).
                        lease_stats::reclaimed(&self.stats, old);
                        lease_stats::assigned(&self.stats, subnet.id);
                    } else if old.subnet_id != subnet.id {
                        lease_stats::unassigned(&self.stats, old);
                        lease_stats::assigned(&self.stats, subnet.id);
                    }
                }
                ok
            }
            Some(_) => return Ok(Commit4::Nak("address is leased to another client")),
        };
        if !stored {
            return Ok(Commit4::Nak("address was taken by a concurrent request"));
        }
        // The client may have moved to another address: its old leases go (Kea
        // removes them). They were found by the lookup above, before the write.
        for old in own {
            if old.address != hint
                && self
                    .store
                    .delete4(old.address)
                    .await
                    .map_err(AllocError::Store)?
            {
                lease_stats::unassigned(&self.stats, &old);
            }
        }
        Ok(Commit4::Ack(new))
    }

    /// RELEASE: deletes the client's lease on `addr`. True when one was released.
    pub async fn release(&self, client: &Client4, addr: Ipv4Addr) -> R<bool, S> {
        match self.get(addr).await? {
            Some(l) if client.owns(&l) => {
                let ok = self.store.delete4(addr).await.map_err(AllocError::Store)?;
                if ok {
                    lease_stats::unassigned(&self.stats, &l);
                }
                Ok(ok)
            }
            _ => Ok(false),
        }
    }

    /// DECLINE: puts the client's lease on `addr` into probation; what was
    /// done (a lease of another client, or none, is left untouched).
    pub async fn decline(
        &self,
        client: &Client4,
        addr: Ipv4Addr,
        probation: u32,
        now: i64,
    ) -> R<Declined4, S> {
        match self.get(addr).await? {
            None => Ok(Declined4::NoLease),
            Some(l) if !client.owns(&l) => Ok(Declined4::NotTheClients(Box::new(l))),
            Some(l) => {
                let declined = Lease4 {
                    hwaddr: Vec::new(),
                    client_id: None,
                    hostname: String::new(),
                    fqdn_fwd: false,
                    fqdn_rev: false,
                    state: LeaseState::Declined,
                    cltt: now,
                    valid_lifetime: probation,
                    ..l.clone()
                };
                let ok = self
                    .store
                    .replace4(&l, &declined)
                    .await
                    .map_err(AllocError::Store)?;
                if !ok {
                    // Changed under us: no lease of the client's to decline.
                    return Ok(Declined4::NoLease);
                }
                lease_stats::declined(&self.stats, l.subnet_id);
                Ok(Declined4::Declined)
            }
        }
    }
}

/// What a DHCPDECLINE did (Kea logs each differently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declined4 {
    /// The client's lease is in probation.
    Declined,
    /// No lease has the address.
    NoLease,
    /// The lease is another client's (left untouched); it is given for the log.
    NotTheClients(Box<Lease4>),
}

/// Reclaims up to `limit` (0 = all) expired leases at `now`: deleted when
/// `remove` (and always when declined), else kept in state expired-reclaimed.
/// Returns how many were reclaimed.
pub async fn reclaim_expired<S: LeaseStore>(
    store: &S,
    stats: &Stats,
    now: i64,
    limit: usize,
    remove: bool,
) -> Result<usize, S::Error> {
    let expired = store.expired4(now, limit).await?;
    let mut n = 0;
    for l in expired {
        // Kea deletes a declined lease whatever `remove` says: it has no
        // client left to keep it for (`reclaimDeclined`).
        let done = if remove || l.state == LeaseState::Declined {
            store.delete4(l.address).await?
        } else {
            // As Kea's `reclaimLeaseInDatabase`: the DNS data goes with it.
            let r = Lease4 {
                state: LeaseState::ExpiredReclaimed,
                hostname: String::new(),
                fqdn_fwd: false,
                fqdn_rev: false,
                ..l.clone()
            };
            store.replace4(&l, &r).await?
        };
        if done {
            lease_stats::reclaimed(stats, &l);
            n += 1;
        }
    }
    Ok(n)
}

/// The address after `cur` in the pools of `s` a client holding `classes`
/// may use (Kea 2.2's iterative allocator: the first address of the first
/// such pool when `cur` is none or in no such pool; wraps from the last
/// pool back to the first); `None` when no pool admits the client.
pub fn next_in_pools(s: &Subnet4, cur: Option<u32>, classes: &ClassSet) -> Option<Ipv4Addr> {
    let pools: Vec<&Pool4> = s
        .pools
        .iter()
        .filter(|p| p.classes.admits(classes))
        .collect();
    let first = pools.first()?.start;
    let Some(cur) = cur else {
        return Some(first);
    };
    let Some(pi) = pools.iter().position(|p| p.contains(Ipv4Addr::from(cur))) else {
        return Some(first);
    };
    let pool = pools[pi];
    if cur < u32::from(pool.end) {
        return Some(Ipv4Addr::from(cur + 1));
    }
    pools.get((pi + 1) % pools.len()).map(|p| p.start)
}

/// A pool candidate taken from a subnet's cursor, and where the cursor was.
#[derive(Debug, Clone, Copy)]
struct CursorClaim {
    address: Ipv4Addr,
    previous: Option<u32>,
}
