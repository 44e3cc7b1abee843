//! The lease storage trait shared by memfile, PostgreSQL and MySQL.
//!
//! Methods are suffixed with the family (`4`) so lease6 can be added beside them.
//! Every write is durable (as the backend defines it) when the future resolves `Ok`:
//! the engine only acknowledges a lease to a client after that.
//!
//! CANCEL-SAFETY: a dropped future may or may not have applied its write; callers
//! must not reply to a client unless the future completed with `Ok`.

use std::future::Future;
use std::net::Ipv4Addr;

use super::error::StoreError;
use crate::backends::lease::Lease4;

/// What one packet needs to know about the leases it touches, asked in one go:
/// the lease on `address` and the leases in `subnets` held under `client_id` or
/// `hwaddr`. SQL backends answer it with one statement instead of three.
#[derive(Debug, Clone, Copy)]
pub struct LeaseQuery4<'a> {
    /// The address the client asks for or is offered (its lease, whoever holds it).
    pub address: Option<Ipv4Addr>,
    /// Subnets in which the client's own leases are looked for.
    pub subnets: &'a [u32],
    /// The client identifier to match (absent: not matched).
    pub client_id: Option<&'a [u8]>,
    /// The hardware address to match (absent or empty: not matched).
    pub hwaddr: Option<&'a [u8]>,
}

/// Storage of DHCPv4 leases (v6 methods will join this trait).
pub trait LeaseStore: Send + Sync + 'static {
    /// The backend's own error type.
    type Error: StoreError;

    /// The lease for `address`, in any state.
    fn get4(
        &self,
        address: Ipv4Addr,
    ) -> impl Future<Output = Result<Option<Lease4>, Self::Error>> + Send;

    /// Leases whose hardware address is `hwaddr` (optionally only in `subnet_id`).
    fn get4_by_hwaddr(
        &self,
        hwaddr: &[u8],
        subnet_id: Option<u32>,
    ) -> impl Future<Output = Result<Vec<Lease4>, Self::Error>> + Send;

    /// Leases whose client identifier is `client_id` (optionally only in `subnet_id`).
    fn get4_by_client_id(
        &self,
        client_id: &[u8],
        subnet_id: Option<u32>,
    ) -> impl Future<Output = Result<Vec<Lease4>, Self::Error>> + Send;

    /// Every lease matching any part of `q`, each once, ordered by address.
    /// The default asks the single-purpose methods; SQL backends override it
    /// with one round trip.
    fn get4_matching(
        &self,
        q: &LeaseQuery4<'_>,
    ) -> impl Future<Output = Result<Vec<Lease4>, Self::Error>> + Send {
        let q = *q;
        async move {
            let mut out = Vec::new();
            if let Some(a) = q.address {
                out.extend(self.get4(a).await?);
            }
            for &s in q.subnets {
                if let Some(cid) = q.client_id {
                    out.extend(self.get4_by_client_id(cid, Some(s)).await?);
                }
                if let Some(hw) = q.hwaddr.filter(|h| !h.is_empty()) {
                    out.extend(self.get4_by_hwaddr(hw, Some(s)).await?);
                }
            }
            out.sort_by_key(|l| l.address);
            out.dedup_by_key(|l| l.address);
            Ok(out)
        }
    }

    /// How many leases each subnet holds in each counted state: `(subnet_id,
    /// state, count)` with Kea's numeric state, one entry per pair with
    /// leases, in no particular order (input for the statistics recount).
    /// As Kea's stat tables, only assigned (0) and declined (1) are counted. The default
    /// folds [`Self::get4_all`]; SQL stores read Kea's trigger-maintained
    /// `lease4_stat` table in one SELECT.
    fn count4_by_subnet(
        &self,
    ) -> impl Future<Output = Result<Vec<(u32, u32, i64)>, Self::Error>> + Send {
        async move {
            let mut counts: std::collections::HashMap<(u32, u32), i64> =
                std::collections::HashMap::new();
            for l in self.get4_all(None).await? {
                if l.state == crate::backends::lease::LeaseState::ExpiredReclaimed {
                    continue;
                }
                *counts.entry((l.subnet_id, l.state.as_u32())).or_default() += 1;
            }
            Ok(counts.into_iter().map(|((s, st), n)| (s, st, n)).collect())
        }
    }

    /// All leases, or those of the listed subnets; ordered by address.
    fn get4_all(
        &self,
        subnets: Option<&[u32]>,
    ) -> impl Future<Output = Result<Vec<Lease4>, Self::Error>> + Send;

    /// Up to `limit` leases with address strictly greater than `after`, ordered by address.
    fn get4_page(
        &self,
        after: Ipv4Addr,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Lease4>, Self::Error>> + Send;

    /// Inserts a new lease. `Ok(false)` when the address already has a lease (the
    /// uniqueness guarantee: the caller must pick another address).
    fn add4(&self, lease: &Lease4) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Overwrites the lease for `lease.address`. `Ok(false)` when there is none.
    fn update4(&self, lease: &Lease4) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Replaces `old` by `new` (same address) only if the stored lease still equals
    /// `old`: a compare-and-swap so two requests (or servers) cannot both take over an
    /// expired lease. `Ok(false)` when the stored lease changed meanwhile.
    fn replace4(
        &self,
        old: &Lease4,
        new: &Lease4,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Deletes the lease for `address`. `Ok(false)` when there was none.
    fn delete4(&self, address: Ipv4Addr) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Up to `limit` (0 = no limit) leases in state default or declined that expired
    /// at or before `now`, oldest expiry first: input for reclamation.
    fn expired4(
        &self,
        now: i64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Lease4>, Self::Error>> + Send;

    /// Deletes expired-reclaimed leases whose expiry is older than `before`; returns
    /// how many were deleted.
    fn flush_reclaimed4(
        &self,
        before: i64,
    ) -> impl Future<Output = Result<u64, Self::Error>> + Send;

    /// Deletes all leases, or those of one subnet; returns how many were deleted.
    fn wipe4(
        &self,
        subnet_id: Option<u32>,
    ) -> impl Future<Output = Result<u64, Self::Error>> + Send;
}
