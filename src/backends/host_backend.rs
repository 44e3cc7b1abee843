//! The host store the runtime uses: one enum over the configured hosts
//! database types (and the in-memory store), so actors hold a concrete type
//! while the engine stays generic over `HostStore`.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::backends::host::Host4;
use crate::backends::host6::Host6;
use crate::config::model::{HostsDatabase, IdentifierType, SqlKind};

use super::error::{ErrorClass, StoreError};
use super::host_memory::{MemHostError, MemHostStore};
use super::host_store::{HostAdd, HostStore};
use super::sql::{HostDbError, MysqlHostStore, PgHostStore};

/// Any hosts database.
#[derive(Debug)]
pub enum HostBackend {
    /// In memory (tests; no Kea equivalent).
    Memory(MemHostStore),
    /// PostgreSQL with Kea's schema.
    Postgresql(PgHostStore),
    /// MySQL / MariaDB with Kea's schema.
    Mysql(MysqlHostStore),
}

/// An error from any hosts backend, keeping the backend's own classification.
#[derive(Debug, thiserror::Error)]
pub enum HostBackendError {
    /// The in-memory store failed.
    #[error(transparent)]
    Memory(#[from] MemHostError),
    /// PostgreSQL or MySQL failed (the message names which).
    #[error(transparent)]
    Db(#[from] HostDbError),
}

impl StoreError for HostBackendError {
    fn class(&self) -> ErrorClass {
        match self {
            Self::Memory(e) => e.class(),
            Self::Db(e) => e.class(),
        }
    }
}

impl HostBackend {
    /// Connects to `db` (checking Kea 2.2's schema version) on the caller's runtime.
    pub async fn open(db: &HostsDatabase) -> Result<Self, HostBackendError> {
        Ok(match db.db.kind {
            SqlKind::Postgresql => {
                Self::Postgresql(PgHostStore::connect(&db.db, db.readonly).await?)
            }
            SqlKind::Mysql => Self::Mysql(MysqlHostStore::connect(&db.db, db.readonly).await?),
        })
    }

    /// Kea's name for the backend type.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Memory(_) => "memory",
            Self::Postgresql(_) => "postgresql",
            Self::Mysql(_) => "mysql",
        }
    }

    /// `SELECT 1` on a pooled connection (always fine in memory).
    pub async fn probe(&self) -> Result<(), HostBackendError> {
        match self {
            Self::Memory(_) => Ok(()),
            Self::Postgresql(s) => Ok(s.probe().await?),
            Self::Mysql(s) => Ok(s.probe().await?),
        }
    }

    /// Replaces the connection pool once a fresh one answers.
    pub async fn reconnect(&self) -> Result<(), HostBackendError> {
        match self {
            Self::Memory(_) => Ok(()),
            Self::Postgresql(s) => Ok(s.reconnect().await?),
            Self::Mysql(s) => Ok(s.reconnect().await?),
        }
    }
}

/// Forwards one `HostStore` call to whichever backend this is.
macro_rules! dispatch {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            Self::Memory($s) => Ok($call.await?),
            Self::Postgresql($s) => Ok($call.await?),
            Self::Mysql($s) => Ok($call.await?),
        }
    };
}

impl HostStore for HostBackend {
    type Error = HostBackendError;

    async fn get4(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Option<Host4>, HostBackendError> {
        dispatch!(self, s => s.get4(subnet_id, kind, identifier))
    }
    async fn get4_any(
        &self,
        subnet_ids: &[u32],
        ids: &[(IdentifierType, &[u8])],
    ) -> Result<Vec<Host4>, HostBackendError> {
        dispatch!(self, s => s.get4_any(subnet_ids, ids))
    }
    async fn get4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> Result<Vec<Host4>, HostBackendError> {
        dispatch!(self, s => s.get4_by_address(subnet_id, address))
    }
    async fn get4_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Vec<Host4>, HostBackendError> {
        dispatch!(self, s => s.get4_by_identifier(kind, identifier))
    }
    async fn get_all4(&self, subnet_id: u32) -> Result<Vec<Host4>, HostBackendError> {
        dispatch!(self, s => s.get_all4(subnet_id))
    }
    async fn get_page4(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> Result<Vec<Host4>, HostBackendError> {
        dispatch!(self, s => s.get_page4(subnet_id, after_host_id, limit))
    }
    async fn get4_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> Result<Vec<Host4>, HostBackendError> {
        dispatch!(self, s => s.get4_by_hostname(hostname, subnet_id))
    }
    async fn add4(&self, host: &Host4) -> Result<HostAdd, HostBackendError> {
        dispatch!(self, s => s.add4(host))
    }
    async fn del4_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<bool, HostBackendError> {
        dispatch!(self, s => s.del4_by_identifier(subnet_id, kind, identifier))
    }
    async fn del4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> Result<bool, HostBackendError> {
        dispatch!(self, s => s.del4_by_address(subnet_id, address))
    }
    async fn get6(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Option<Host6>, HostBackendError> {
        dispatch!(self, s => s.get6(subnet_id, kind, identifier))
    }
    async fn get6_any(
        &self,
        subnet_ids: &[u32],
        ids: &[(IdentifierType, &[u8])],
    ) -> Result<Vec<Host6>, HostBackendError> {
        dispatch!(self, s => s.get6_any(subnet_ids, ids))
    }
    async fn get6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> Result<Vec<Host6>, HostBackendError> {
        dispatch!(self, s => s.get6_by_address(subnet_id, address))
    }
    async fn get6_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Vec<Host6>, HostBackendError> {
        dispatch!(self, s => s.get6_by_identifier(kind, identifier))
    }
    async fn get_all6(&self, subnet_id: u32) -> Result<Vec<Host6>, HostBackendError> {
        dispatch!(self, s => s.get_all6(subnet_id))
    }
    async fn get_page6(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> Result<Vec<Host6>, HostBackendError> {
        dispatch!(self, s => s.get_page6(subnet_id, after_host_id, limit))
    }
    async fn get6_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> Result<Vec<Host6>, HostBackendError> {
        dispatch!(self, s => s.get6_by_hostname(hostname, subnet_id))
    }
    async fn add6(&self, host: &Host6) -> Result<HostAdd, HostBackendError> {
        dispatch!(self, s => s.add6(host))
    }
    async fn del6_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<bool, HostBackendError> {
        dispatch!(self, s => s.del6_by_identifier(subnet_id, kind, identifier))
    }
    async fn del6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> Result<bool, HostBackendError> {
        dispatch!(self, s => s.del6_by_address(subnet_id, address))
    }
}
