//! The DHCPv6 lease store ruru-dhcp6 uses: [`LeaseBackendOf`] over the
//! DHCPv6 memfile, opened from a `lease-database` and dispatching
//! [`Lease6Store`] to the configured backend.

use std::net::Ipv6Addr;

use crate::backends::lease6::{ClientIa, Lease6, LeaseType};

use super::lease6_store::Lease6Store;
use super::lease_backend::{dispatch, BackendError, LeaseBackendOf};

/// The DHCPv6 lease store: memfile (lease6 CSV), or Kea's `lease6` table in
/// PostgreSQL or MySQL.
pub type Lease6Backend = LeaseBackendOf<Lease6>;

/// An error from any DHCPv6 lease backend (the same as DHCPv4's: the stores
/// are the same types).
pub type Backend6Error = BackendError;

impl Lease6Store for Lease6Backend {
    type Error = Backend6Error;

    async fn get6(&self, t: LeaseType, a: Ipv6Addr) -> Result<Option<Lease6>, Backend6Error> {
        dispatch!(self, s => s.get6(t, a))
    }
    async fn get6_by_client(
        &self,
        t: LeaseType,
        ia: ClientIa<'_>,
    ) -> Result<Vec<Lease6>, Backend6Error> {
        dispatch!(self, s => s.get6_by_client(t, ia))
    }
    async fn get6_matching(
        &self,
        t: LeaseType,
        ia: ClientIa<'_>,
        address: Option<Ipv6Addr>,
    ) -> Result<Vec<Lease6>, Backend6Error> {
        dispatch!(self, s => s.get6_matching(t, ia, address))
    }
    async fn get6_by_duid(&self, duid: &[u8]) -> Result<Vec<Lease6>, Backend6Error> {
        dispatch!(self, s => s.get6_by_duid(duid))
    }
    async fn get6_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease6>, Backend6Error> {
        dispatch!(self, s => s.get6_all(subnets))
    }
    async fn count6_by_subnet(&self) -> Result<Vec<(u32, LeaseType, u32, i64)>, Backend6Error> {
        dispatch!(self, s => s.count6_by_subnet())
    }
    async fn add6(&self, lease: &Lease6) -> Result<bool, Backend6Error> {
        dispatch!(self, s => s.add6(lease))
    }
    async fn update6(&self, lease: &Lease6) -> Result<bool, Backend6Error> {
        dispatch!(self, s => s.update6(lease))
    }
    async fn replace6(&self, old: &Lease6, new: &Lease6) -> Result<bool, Backend6Error> {
        dispatch!(self, s => s.replace6(old, new))
    }
    async fn delete6(&self, t: LeaseType, a: Ipv6Addr) -> Result<bool, Backend6Error> {
        dispatch!(self, s => s.delete6(t, a))
    }
    async fn expired6(&self, now: i64, limit: usize) -> Result<Vec<Lease6>, Backend6Error> {
        dispatch!(self, s => s.expired6(now, limit))
    }
    async fn wipe6(&self, subnet_id: Option<u32>) -> Result<u64, Backend6Error> {
        dispatch!(self, s => s.wipe6(subnet_id))
    }
}
