//! The hook where a backend's connection management plugs into `BackendConn`:
//! rebuilding the connection pool on `Reconnect` and probing while idle.
//! memfile has no connection: reconnect is trivially `Ok`, no probe. The SQL
//! backends add their arms to the `impl` for `LeaseBackend` below.
//!
//! What the supervisor expects of a backend with recovery (SQL):
//! - every call that fails because the connection is gone — including a
//!   statement that exceeds its deadline — returns an error whose
//!   `StoreError::class()` is `ErrorClass::ConnectionLost` (listeners and
//!   command handlers then report `Liveness::Lost`);
//! - `reconnect` rebuilds the pool and answers within `connect-timeout`;
//! - `probe_interval` is `Some` so a dead database is noticed without traffic;
//! - its registration carries `Some(RecoveryParams)` (see
//!   `backend::lease_recovery_params`).

use std::future::Future;
use std::time::Duration;

use crate::backends::error::StoreError;
use crate::backends::host_backend::{HostBackend, HostBackendError};
use crate::backends::lease_backend::{BackendError, LeaseBackendOf};
use crate::backends::memfile::store::MemfileLease;

use super::ConnStore;

/// Connection management of a store, driven by `BackendConn`.
pub trait ConnectionLifecycle: Send + Sync + 'static {
    /// The store's error type (its `class()` tells "connection lost" apart).
    type Error: StoreError;

    /// Drops the current connection pool and builds a new one from the same
    /// parameters, returning once a connection answers (e.g. `SELECT 1`) or
    /// failing after the backend's `connect-timeout`. Calls already using the
    /// old pool may fail with a connection-lost error; later calls use the new
    /// pool. CANCEL-SAFETY: dropping the future must leave either the old or a
    /// complete new pool installed, never none.
    fn reconnect(&self) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// A cheap liveness check run while idle (e.g. `SELECT 1` with a
    /// deadline); an error of class `ConnectionLost` is reported to the
    /// supervisor. CANCEL-SAFETY: must not change any state.
    fn probe(&self) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// How often to probe; `None` = never (memfile).
    fn probe_interval(&self) -> Option<Duration>;
}

/// How often an idle SQL backend is probed (ruru's addition: Kea only notices a
/// dead database when traffic touches it).
pub const SQL_PROBE_INTERVAL: Duration = Duration::from_secs(5);

impl<L: MemfileLease> ConnectionLifecycle for LeaseBackendOf<L> {
    type Error = BackendError;

    /// SQL: a fresh pool replaces the old one once it answers (see
    /// `LeaseBackendOf::reconnect`); memfile: nothing to rebuild.
    async fn reconnect(&self) -> Result<(), BackendError> {
        LeaseBackendOf::reconnect(self).await
    }

    /// SQL: `SELECT 1` on a pooled connection within `connect-timeout`.
    async fn probe(&self) -> Result<(), BackendError> {
        LeaseBackendOf::probe(self).await
    }

    fn probe_interval(&self) -> Option<Duration> {
        self.is_sql().then_some(SQL_PROBE_INTERVAL)
    }
}

impl ConnectionLifecycle for HostBackend {
    type Error = HostBackendError;

    /// SQL: a fresh pool replaces the old one once it answers (see `SqlPool::reconnect`).
    async fn reconnect(&self) -> Result<(), HostBackendError> {
        HostBackend::reconnect(self).await
    }

    /// SQL: `SELECT 1` on a pooled connection within `connect-timeout`.
    async fn probe(&self) -> Result<(), HostBackendError> {
        HostBackend::probe(self).await
    }

    fn probe_interval(&self) -> Option<Duration> {
        match self {
            Self::Memory(_) => None,
            Self::Postgresql(_) | Self::Mysql(_) => Some(SQL_PROBE_INTERVAL),
        }
    }
}

/// An error of any store a connection actor may own.
#[derive(Debug, thiserror::Error)]
pub enum ConnError {
    /// The lease database (either family: the stores are the same types).
    #[error(transparent)]
    Lease(#[from] BackendError),
    /// A hosts database.
    #[error(transparent)]
    Hosts(#[from] HostBackendError),
}

impl StoreError for ConnError {
    fn class(&self) -> crate::backends::ErrorClass {
        match self {
            Self::Lease(e) => e.class(),
            Self::Hosts(e) => e.class(),
        }
    }
}

impl ConnectionLifecycle for ConnStore {
    type Error = ConnError;

    async fn reconnect(&self) -> Result<(), ConnError> {
        match self {
            Self::Lease(s) => Ok(ConnectionLifecycle::reconnect(&**s).await?),
            Self::Hosts(s) => Ok(ConnectionLifecycle::reconnect(&**s).await?),
            Self::Lease6(s) => Ok(ConnectionLifecycle::reconnect(&**s).await?),
        }
    }

    async fn probe(&self) -> Result<(), ConnError> {
        match self {
            Self::Lease(s) => Ok(ConnectionLifecycle::probe(&**s).await?),
            Self::Hosts(s) => Ok(ConnectionLifecycle::probe(&**s).await?),
            Self::Lease6(s) => Ok(ConnectionLifecycle::probe(&**s).await?),
        }
    }

    fn probe_interval(&self) -> Option<Duration> {
        match self {
            Self::Lease(s) => s.probe_interval(),
            Self::Hosts(s) => s.probe_interval(),
            Self::Lease6(s) => s.probe_interval(),
        }
    }
}
