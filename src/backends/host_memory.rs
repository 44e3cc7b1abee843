//! `MemHostStore`: host reservations in memory, for the "memfile" side (no hosts
//! database) and as the reference implementation the backend battery checks
//! the SQL stores against.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Mutex;

use super::error::{ErrorClass, StoreError};
use super::host_store::{HostAdd, HostStore};
use crate::backends::host::Host4;
use crate::backends::host6::Host6;
use crate::config::model::IdentifierType;

/// The in-memory store never fails; its error type exists for the trait.
#[derive(Debug, thiserror::Error)]
#[error("in-memory host store: {0}")]
pub struct MemHostError(String);

impl StoreError for MemHostError {
    fn class(&self) -> ErrorClass {
        ErrorClass::Operation
    }
}

#[derive(Debug, Default)]
struct Inner {
    hosts: Vec<Host4>,
    hosts6: Vec<Host6>,
    /// One id sequence for both families, as a `hosts` table has.
    last_id: u64,
}

/// Hosts in a vector ordered by host id (ids are handed out increasing).
#[derive(Debug, Default)]
pub struct MemHostStore {
    inner: Mutex<Inner>,
}

impl MemHostStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn select(&self, keep: impl Fn(&Host4) -> bool) -> Vec<Host4> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.hosts.iter().filter(|h| keep(h)).cloned().collect()
    }

    fn remove(&self, gone: impl Fn(&Host4) -> bool) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let before = inner.hosts.len();
        inner.hosts.retain(|h| !gone(h));
        inner.hosts.len() != before
    }

    fn select6(&self, keep: impl Fn(&Host6) -> bool) -> Vec<Host6> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.hosts6.iter().filter(|h| keep(h)).cloned().collect()
    }

    fn remove6(&self, gone: impl Fn(&Host6) -> bool) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let before = inner.hosts6.len();
        inner.hosts6.retain(|h| !gone(h));
        inner.hosts6.len() != before
    }
}

impl HostStore for MemHostStore {
    type Error = MemHostError;

    async fn get4(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Option<Host4>, MemHostError> {
        Ok(self
            .select(|h| {
                h.subnet_id == subnet_id && h.identifier_type == kind && h.identifier == identifier
            })
            .into_iter()
            .next())
    }

    async fn get4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> Result<Vec<Host4>, MemHostError> {
        Ok(self.select(|h| h.subnet_id == subnet_id && h.ip_address == Some(address)))
    }

    async fn get4_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Vec<Host4>, MemHostError> {
        Ok(self.select(|h| h.identifier_type == kind && h.identifier == identifier))
    }

    async fn get_all4(&self, subnet_id: u32) -> Result<Vec<Host4>, MemHostError> {
        Ok(self.select(|h| h.subnet_id == subnet_id))
    }

    async fn get_page4(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> Result<Vec<Host4>, MemHostError> {
        let mut page = self.select(|h| h.subnet_id == subnet_id && h.host_id > after_host_id);
        page.truncate(limit);
        Ok(page)
    }

    async fn get4_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> Result<Vec<Host4>, MemHostError> {
        Ok(self.select(|h| {
            subnet_id.is_none_or(|s| h.subnet_id == s)
                && h.hostname
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(hostname))
        }))
    }

    async fn add4(&self, host: &Host4) -> Result<HostAdd, MemHostError> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let same_subnet = |h: &&Host4| h.subnet_id == host.subnet_id;
        if inner
            .hosts
            .iter()
            .filter(same_subnet)
            .any(|h| h.identifier_type == host.identifier_type && h.identifier == host.identifier)
        {
            return Ok(HostAdd::DuplicateIdentifier);
        }
        if host.ip_address.is_some()
            && inner
                .hosts
                .iter()
                .filter(same_subnet)
                .any(|h| h.ip_address == host.ip_address)
        {
            return Ok(HostAdd::DuplicateAddress);
        }
        inner.last_id += 1;
        let host_id = inner.last_id;
        inner.hosts.push(Host4 {
            host_id,
            ..host.clone()
        });
        Ok(HostAdd::Added(host_id))
    }

    async fn del4_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<bool, MemHostError> {
        Ok(self.remove(|h| {
            h.subnet_id == subnet_id && h.identifier_type == kind && h.identifier == identifier
        }))
    }

    async fn del4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> Result<bool, MemHostError> {
        Ok(self.remove(|h| h.subnet_id == subnet_id && h.ip_address == Some(address)))
    }

    async fn get6(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Option<Host6>, MemHostError> {
        Ok(self
            .select6(|h| {
                h.subnet_id == subnet_id && h.identifier_type == kind && h.identifier == identifier
            })
            .into_iter()
            .next())
    }

    async fn get6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> Result<Vec<Host6>, MemHostError> {
        Ok(self.select6(|h| h.subnet_id == subnet_id && h.reserves(address)))
    }

    async fn get6_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Vec<Host6>, MemHostError> {
        Ok(self.select6(|h| h.identifier_type == kind && h.identifier == identifier))
    }

    async fn get_all6(&self, subnet_id: u32) -> Result<Vec<Host6>, MemHostError> {
        Ok(self.select6(|h| h.subnet_id == subnet_id))
    }

    async fn get_page6(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> Result<Vec<Host6>, MemHostError> {
        let mut page = self.select6(|h| h.subnet_id == subnet_id && h.host_id > after_host_id);
        page.truncate(limit);
        Ok(page)
    }

    async fn get6_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> Result<Vec<Host6>, MemHostError> {
        Ok(self.select6(|h| {
            subnet_id.is_none_or(|s| h.subnet_id == s)
                && h.hostname
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(hostname))
        }))
    }

    async fn add6(&self, host: &Host6) -> Result<HostAdd, MemHostError> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let same_subnet = |h: &&Host6| h.subnet_id == host.subnet_id;
        if inner
            .hosts6
            .iter()
            .filter(same_subnet)
            .any(|h| h.identifier_type == host.identifier_type && h.identifier == host.identifier)
        {
            return Ok(HostAdd::DuplicateIdentifier);
        }
        let mut wanted = host
            .ip_addresses
            .iter()
            .copied()
            .chain(host.prefixes.iter().map(|p| p.network()));
        if wanted.any(|a| {
            inner
                .hosts6
                .iter()
                .filter(same_subnet)
                .any(|h| h.reserves(a))
        }) {
            return Ok(HostAdd::DuplicateAddress);
        }
        inner.last_id += 1;
        let host_id = inner.last_id;
        inner.hosts6.push(Host6 {
            host_id,
            ..host.clone()
        });
        Ok(HostAdd::Added(host_id))
    }

    async fn del6_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<bool, MemHostError> {
        Ok(self.remove6(|h| {
            h.subnet_id == subnet_id && h.identifier_type == kind && h.identifier == identifier
        }))
    }

    async fn del6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> Result<bool, MemHostError> {
        Ok(self.remove6(|h| h.subnet_id == subnet_id && h.reserves(address)))
    }
}
