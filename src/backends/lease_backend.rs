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

macro_rules! delegate {
    ($self:ident, $s:ident => $call:expr) => {
        async move {
            match $self {
                LeaseBackend::Memfile($s) => $call.await.map_err(BackendError::from),
            }
        }
    };
}

impl LeaseStore for LeaseBackend {
    type Error = BackendError;

    fn get4(
        &self,
        address: Ipv4Addr,
    ) -> impl std::future::Future<Output = Result<Option<Lease4>, BackendError>> + Send {
        delegate!(self, s => s.get4(address))
    }
    fn get4_by_hwaddr(
        &self,
        hwaddr: &[u8],
        subnet_id: Option<u32>,
    ) -> impl std::future::Future<Output = Result<Vec<Lease4>, BackendError>> + Send {
        delegate!(self, s => s.get4_by_hwaddr(hwaddr, subnet_id))
    }
    fn get4_by_client_id(
        &self,
        client_id: &[u8],
        subnet_id: Option<u32>,
    ) -> impl std::future::Future<Output = Result<Vec<Lease4>, BackendError>> + Send {
        delegate!(self, s => s.get4_by_client_id(client_id, subnet_id))
    }
    fn get4_all(
        &self,
        subnets: Option<&[u32]>,
    ) -> impl std::future::Future<Output = Result<Vec<Lease4>, BackendError>> + Send {
        delegate!(self, s => s.get4_all(subnets))
    }
    fn get4_page(
        &self,
        after: Ipv4Addr,
        limit: usize,
    ) -> impl std::future::Future<Output = Result<Vec<Lease4>, BackendError>> + Send {
        delegate!(self, s => s.get4_page(after, limit))
    }
    fn add4(
        &self,
        lease: &Lease4,
    ) -> impl std::future::Future<Output = Result<bool, BackendError>> + Send {
        delegate!(self, s => s.add4(lease))
    }
    fn update4(
        &self,
        lease: &Lease4,
    ) -> impl std::future::Future<Output = Result<bool, BackendError>> + Send {
        delegate!(self, s => s.update4(lease))
    }
    fn replace4(
        &self,
        old: &Lease4,
        new: &Lease4,
    ) -> impl std::future::Future<Output = Result<bool, BackendError>> + Send {
        delegate!(self, s => s.replace4(old, new))
    }
    fn delete4(
        &self,
        address: Ipv4Addr,
    ) -> impl std::future::Future<Output = Result<bool, BackendError>> + Send {
        delegate!(self, s => s.delete4(address))
    }
    fn expired4(
        &self,
        now: i64,
        limit: usize,
    ) -> impl std::future::Future<Output = Result<Vec<Lease4>, BackendError>> + Send {
        delegate!(self, s => s.expired4(now, limit))
    }
    fn flush_reclaimed4(
        &self,
        before: i64,
    ) -> impl std::future::Future<Output = Result<u64, BackendError>> + Send {
        delegate!(self, s => s.flush_reclaimed4(before))
    }
    fn wipe4(
        &self,
        subnet_id: Option<u32>,
    ) -> impl std::future::Future<Output = Result<u64, BackendError>> + Send {
        delegate!(self, s => s.wipe4(subnet_id))
    }
}
