//! The host reservation storage trait shared by the in-memory store, PostgreSQL
//! and MySQL (Kea's `BaseHostDataSource`, DHCPv4 part).
//!
//! Methods are suffixed with the family: `4` for DHCPv4 hosts (`dhcp4_subnet_id`
//! set), `6` for DHCPv6 hosts (`dhcp6_subnet_id` set, addresses and prefixes in
//! `ipv6_reservations`). Subnet id 0 holds global reservations, as in Kea.

use std::future::Future;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::error::StoreError;
use crate::backends::host::Host4;
use crate::backends::host6::Host6;
use crate::config::model::IdentifierType;

/// What [`HostStore::add4`] / [`HostStore::add6`] did: Kea refuses a second
/// host with the same identifier, or the same reserved address (or prefix),
/// in one subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostAdd {
    /// Stored under this `host_id`.
    Added(u64),
    /// The subnet already has a host with this identifier.
    DuplicateIdentifier,
    /// The subnet already has a host reserving this address (or prefix).
    DuplicateAddress,
}

/// Storage of DHCPv4 and DHCPv6 host reservations.
pub trait HostStore: Send + Sync + 'static {
    /// The backend's own error type.
    type Error: StoreError;

    /// The host of `subnet_id` identified by (`kind`, `identifier`).
    fn get4(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<Option<Host4>, Self::Error>> + Send;

    /// The hosts in any of `subnet_ids` identified by any of `ids`: a
    /// client's candidates for one query, in one round trip where the store
    /// can (SQL: one SELECT); the caller applies Kea's order among them.
    fn get4_any(
        &self,
        subnet_ids: &[u32],
        ids: &[(IdentifierType, &[u8])],
    ) -> impl Future<Output = Result<Vec<Host4>, Self::Error>> + Send {
        each_subnet_and_identifier(subnet_ids, ids, move |s, k, i| self.get4(s, k, i))
    }

    /// The hosts of `subnet_id` reserving `address` (Kea's `getAll4(subnet, address)`).
    fn get4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> impl Future<Output = Result<Vec<Host4>, Self::Error>> + Send;

    /// Every host identified by (`kind`, `identifier`), in any subnet, by host id.
    fn get4_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<Vec<Host4>, Self::Error>> + Send;

    /// Every host of `subnet_id`, by host id.
    fn get_all4(
        &self,
        subnet_id: u32,
    ) -> impl Future<Output = Result<Vec<Host4>, Self::Error>> + Send;

    /// Up to `limit` hosts of `subnet_id` whose host id is greater than
    /// `after_host_id`, by host id (Kea's `getPage4`).
    fn get_page4(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Host4>, Self::Error>> + Send;

    /// Hosts whose hostname is `hostname` (case-insensitive), optionally only in
    /// `subnet_id`, by host id.
    fn get4_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> impl Future<Output = Result<Vec<Host4>, Self::Error>> + Send;

    /// Stores `host` (its `host_id` is ignored) with its options, atomically.
    fn add4(&self, host: &Host4) -> impl Future<Output = Result<HostAdd, Self::Error>> + Send;

    /// Deletes the host of `subnet_id` identified by (`kind`, `identifier`).
    /// `Ok(false)` when there was none.
    fn del4_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Deletes the hosts of `subnet_id` reserving `address`. `Ok(false)` when
    /// there was none.
    fn del4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// The DHCPv6 host of `subnet_id` identified by (`kind`, `identifier`).
    fn get6(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<Option<Host6>, Self::Error>> + Send;

    /// The hosts in any of `subnet_ids` identified by any of `ids`: a
    /// client's candidates for one query, in one round trip where the store
    /// can (SQL: one SELECT); the caller applies Kea's order among them.
    fn get6_any(
        &self,
        subnet_ids: &[u32],
        ids: &[(IdentifierType, &[u8])],
    ) -> impl Future<Output = Result<Vec<Host6>, Self::Error>> + Send {
        each_subnet_and_identifier(subnet_ids, ids, move |s, k, i| self.get6(s, k, i))
    }

    /// The DHCPv6 hosts of `subnet_id` reserving `address`, as an address or
    /// as a prefix starting there (Kea's `getAll6(subnet, address)`).
    fn get6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> impl Future<Output = Result<Vec<Host6>, Self::Error>> + Send;

    /// Every DHCPv6 host identified by (`kind`, `identifier`), in any subnet,
    /// by host id.
    fn get6_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<Vec<Host6>, Self::Error>> + Send;

    /// Every DHCPv6 host of `subnet_id`, by host id.
    fn get_all6(
        &self,
        subnet_id: u32,
    ) -> impl Future<Output = Result<Vec<Host6>, Self::Error>> + Send;

    /// Up to `limit` DHCPv6 hosts of `subnet_id` whose host id is greater than
    /// `after_host_id`, by host id (Kea's `getPage6`).
    fn get_page6(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Host6>, Self::Error>> + Send;

    /// DHCPv6 hosts whose hostname is `hostname` (case-insensitive),
    /// optionally only in `subnet_id`, by host id.
    fn get6_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> impl Future<Output = Result<Vec<Host6>, Self::Error>> + Send;

    /// Stores `host` (its `host_id` is ignored) with its addresses, prefixes
    /// and options, atomically.
    fn add6(&self, host: &Host6) -> impl Future<Output = Result<HostAdd, Self::Error>> + Send;

    /// Deletes the DHCPv6 host of `subnet_id` identified by (`kind`,
    /// `identifier`). `Ok(false)` when there was none.
    fn del6_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// Deletes the DHCPv6 hosts of `subnet_id` reserving `address` (or a
    /// prefix starting there). `Ok(false)` when there was none.
    fn del6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;
}

/// What `get` answers for every subnet of `subnet_ids` and identifier of
/// `ids`, in that order: the `get*_any` lookups of a store that has no
/// one-statement query for them.
async fn each_subnet_and_identifier<'a, T, E, Fut>(
    subnet_ids: &[u32],
    ids: &'a [(IdentifierType, &'a [u8])],
    get: impl Fn(u32, IdentifierType, &'a [u8]) -> Fut,
) -> Result<Vec<T>, E>
where
    Fut: Future<Output = Result<Option<T>, E>>,
{
    let mut out = Vec::new();
    for &subnet_id in subnet_ids {
        for &(kind, identifier) in ids {
            out.extend(get(subnet_id, kind, identifier).await?);
        }
    }
    Ok(out)
}
