//! The DHCPv6 lease storage trait, beside [`super::LeaseStore`] (v4) so the v4
//! code and its backends are untouched. Same durability and cancel-safety
//! rules: a write is durable when its future resolves `Ok`, and a client only
//! gets a lease the store accepted.

use std::future::Future;
use std::net::Ipv6Addr;

use super::error::StoreError;
use crate::backends::lease6::{ClientIa, Lease6, LeaseType};

/// How many leases one subnet holds of one type in one state:
/// `(subnet_id, lease_type, state, count)`, a row of Kea's `lease6_stat`.
pub type Lease6Count = (u32, LeaseType, u32, i64);

/// Storage of DHCPv6 leases, keyed by (type, address).
pub trait Lease6Store: Send + Sync + 'static {
    /// The backend's own error type.
    type Error: StoreError;

    /// The lease of `lease_type` for `address`, in any state.
    fn get6(
        &self,
        lease_type: LeaseType,
        address: Ipv6Addr,
    ) -> impl Future<Output = Result<Option<Lease6>, Self::Error>> + Send;

    /// Leases of `lease_type` bound to the client's IA `ia`.
    fn get6_by_client(
        &self,
        lease_type: LeaseType,
        ia: ClientIa<'_>,
    ) -> impl Future<Output = Result<Vec<Lease6>, Self::Error>> + Send;

    /// One round trip for what a packet needs: the client's leases of
    /// `lease_type` (as [`Self::get6_by_client`]) and the lease of that type
    /// on `address`, whoever holds it; no lease twice. The default makes the
    /// two calls; SQL stores answer in one statement.
    fn get6_matching(
        &self,
        lease_type: LeaseType,
        ia: ClientIa<'_>,
        address: Option<Ipv6Addr>,
    ) -> impl Future<Output = Result<Vec<Lease6>, Self::Error>> + Send {
        async move {
            let mut found = self.get6_by_client(lease_type, ia).await?;
            if let Some(a) = address {
                if !found.iter().any(|l| l.address == a) {
                    found.extend(self.get6(lease_type, a).await?);
                }
            }
            Ok(found)
        }
    }

    /// All leases bound to `duid` (any type, subnet or IAID).
    fn get6_by_duid(
        &self,
        duid: &[u8],
    ) -> impl Future<Output = Result<Vec<Lease6>, Self::Error>> + Send;

    /// All leases, or those of the listed subnets; ordered by (type, address).
    fn get6_all(
        &self,
        subnets: Option<&[u32]>,
    ) -> impl Future<Output = Result<Vec<Lease6>, Self::Error>> + Send;

    /// How many leases each subnet holds of each type in each counted state:
    /// `(subnet_id, lease_type, state, count)` with Kea's numeric state, one
    /// entry per key with leases (input for the statistics recount). As Kea's
    /// stat tables, only assigned (0) and declined (1) count, expired or not.
    /// The default folds [`Self::get6_all`]; SQL stores read Kea's
    /// trigger-maintained `lease6_stat` table in one SELECT.
    fn count6_by_subnet(
        &self,
    ) -> impl Future<Output = Result<Vec<Lease6Count>, Self::Error>> + Send {
        async move {
            let mut counts: std::collections::HashMap<(u32, LeaseType, u32), i64> =
                std::collections::HashMap::new();
            for l in self.get6_all(None).await? {
                if l.state == crate::backends::lease::LeaseState::ExpiredReclaimed {
                    continue;
                }
                *counts
                    .entry((l.subnet_id, l.lease_type, l.state.as_u32()))
                    .or_default() += 1;
            }
            Ok(counts
                .into_iter()
                .map(|((s, t, st), n)| (s, t, st, n))
                .collect())
        }
    }

    /// Inserts a new lease; `Ok(false)` when (type, address) is already leased.
    fn add6(&self, lease: &Lease6) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Overwrites the lease for (type, address); `Ok(false)` when there is none.
    fn update6(&self, lease: &Lease6) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Replaces `old` by `new` only if the stored lease still equals `old`.
    fn replace6(
        &self,
        old: &Lease6,
        new: &Lease6,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Deletes the lease for (type, address); `Ok(false)` when there was none.
    fn delete6(
        &self,
        lease_type: LeaseType,
        address: Ipv6Addr,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Up to `limit` (0 = no limit) leases in state default or declined that
    /// expired at or before `now`, oldest expiry first.
    fn expired6(
        &self,
        now: i64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Lease6>, Self::Error>> + Send;

    /// Deletes all leases, or those of one subnet; returns how many.
    fn wipe6(
        &self,
        subnet_id: Option<u32>,
    ) -> impl Future<Output = Result<u64, Self::Error>> + Send;
}
