//! The lease store the runtime uses: one enum over the configured backend, so
//! actors hold a concrete type while the engine stays generic over `LeaseStore`.

use std::net::Ipv4Addr;

use crate::config::model::LeaseDatabase;
use crate::dhcp::lease::Lease4;

use super::error::{ErrorClass, StoreError};
use super::lease_store::LeaseStore;
use super::memfile::{MemfileConfig, MemfileError, MemfileStore};

/// Any configured lease backend.
#[derive(Debug)]
pub enum LeaseBackend {
    /// Kea's memfile (CSV).
    Memfile(MemfileStore),
}

/// An error from any lease backend, keeping the backend's own classification.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// memfile failed.
    #[error("memfile: {0}")]
    Memfile(#[from] MemfileError),
    /// The configured backend type is not available.
    #[error("{0} is not supported")]
    Unsupported(String),
}

impl StoreError for BackendError {
    fn class(&self) -> ErrorClass {
        match self {
            Self::Memfile(e) => e.class(),
            Self::Unsupported(_) => ErrorClass::Operation,
        }
    }
}

impl LeaseBackend {
    /// Opens the backend `db` describes (memfile: loads the lease files).
    pub fn open(db: &LeaseDatabase) -> Result<Self, BackendError> {
        let cfg = MemfileConfig::from_model(db)
            .ok_or_else(|| BackendError::Unsupported("this lease-database type".into()))?;
        let (store, _report) = MemfileStore::open(&cfg)?;
        Ok(Self::Memfile(store))
    }

    /// Kea's name for the backend type (`memfile`, `postgresql`, `mysql`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Memfile(_) => "memfile",
        }
    }

    /// Runs lease file cleanup where the backend has one (memfile).
    pub async fn lease_file_cleanup(&self) -> Result<(), BackendError> {
        match self {
            Self::Memfile(m) => m.run_lfc().await.map(|_| ()).map_err(Into::into),
        }
    }
}

impl LeaseStore for LeaseBackend {
    type Error = BackendError;

    async fn get4(&self, address: Ipv4Addr) -> Result<Option<Lease4>, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.get4(address).await?),
        }
    }
    async fn get4_by_hwaddr(
        &self,
        hwaddr: &[u8],
        subnet_id: Option<u32>,
    ) -> Result<Vec<Lease4>, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.get4_by_hwaddr(hwaddr, subnet_id).await?),
        }
    }
    async fn get4_by_client_id(
        &self,
        client_id: &[u8],
        subnet_id: Option<u32>,
    ) -> Result<Vec<Lease4>, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.get4_by_client_id(client_id, subnet_id).await?),
        }
    }
    async fn get4_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease4>, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.get4_all(subnets).await?),
        }
    }
    async fn get4_page(&self, after: Ipv4Addr, limit: usize) -> Result<Vec<Lease4>, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.get4_page(after, limit).await?),
        }
    }
    async fn add4(&self, lease: &Lease4) -> Result<bool, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.add4(lease).await?),
        }
    }
    async fn update4(&self, lease: &Lease4) -> Result<bool, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.update4(lease).await?),
        }
    }
    async fn replace4(&self, old: &Lease4, new: &Lease4) -> Result<bool, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.replace4(old, new).await?),
        }
    }
    async fn delete4(&self, address: Ipv4Addr) -> Result<bool, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.delete4(address).await?),
        }
    }
    async fn expired4(&self, now: i64, limit: usize) -> Result<Vec<Lease4>, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.expired4(now, limit).await?),
        }
    }
    async fn flush_reclaimed4(&self, before: i64) -> Result<u64, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.flush_reclaimed4(before).await?),
        }
    }
    async fn wipe4(&self, subnet_id: Option<u32>) -> Result<u64, BackendError> {
        match self {
            Self::Memfile(s) => Ok(s.wipe4(subnet_id).await?),
        }
    }
}
