//! The lease store the runtime uses: one enum over the configured backend
//! (memfile, PostgreSQL, MySQL), so actors hold a concrete type while the
//! engine stays generic over `LeaseStore` / `Lease6Store`. The enum, its
//! error and what does not depend on the family are written once
//! ([`LeaseBackendOf`]); the DHCPv4 store is [`LeaseBackend`], the DHCPv6 one
//! `lease6_backend::Lease6Backend`.

use std::net::Ipv4Addr;

use log::info;

use crate::backends::lease::Lease4;
use crate::config::model::{LeaseDatabase, SqlDatabase, SqlKind};

use super::error::{ErrorClass, StoreError};
use super::lease_store::{LeaseQuery4, LeaseStore};
use super::memfile::store::MemfileLease;
use super::memfile::{Memfile, MemfileConfig, MemfileError};
use super::sql::{MysqlLeaseStore, PgLeaseStore, SqlError};

/// Any configured lease backend of the family whose memfile rows are `L`
/// (the SQL stores serve both families).
// One value per server, always behind an `Arc`: boxing the memfile store buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum LeaseBackendOf<L: MemfileLease> {
    /// Kea's memfile (CSV).
    Memfile(Memfile<L>),
    /// PostgreSQL with Kea's schema.
    Postgresql(PgLeaseStore),
    /// MySQL / MariaDB with Kea's schema.
    Mysql(MysqlLeaseStore),
}

/// The DHCPv4 lease store.
pub type LeaseBackend = LeaseBackendOf<Lease4>;

/// An error from any lease backend, keeping the backend's own classification.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// memfile failed.
    #[error("memfile: {0}")]
    Memfile(#[from] MemfileError),
    /// PostgreSQL or MySQL failed (the message names which).
    #[error(transparent)]
    Sql(#[from] SqlError),
    /// The configured backend type is not available.
    #[error("{0} is not supported")]
    Unsupported(String),
}

impl StoreError for BackendError {
    fn class(&self) -> ErrorClass {
        match self {
            Self::Memfile(e) => e.class(),
            Self::Sql(e) => e.class(),
            Self::Unsupported(_) => ErrorClass::Operation,
        }
    }
}

/// Checks an SQL database's schema version on a short-lived runtime of its own, so
/// that a synchronous caller (an actor handler) can use it; the connection it opens
/// is closed before returning.
fn check_sql_schema_blocking(db: &SqlDatabase) -> Result<(), SqlError> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| SqlError::Connect {
                        backend: db.kind,
                        database: db.name.clone(),
                        reason: format!("cannot start a runtime to connect: {e}"),
                        lost: false,
                    })?;
                rt.block_on(async {
                    match db.kind {
                        SqlKind::Postgresql => super::sql::migrate::pg_check_schema(db).await,
                        SqlKind::Mysql => super::sql::migrate::mysql_check_schema(db).await,
                    }
                })
            })
            .join()
            .unwrap_or_else(|_| {
                Err(SqlError::Connect {
                    backend: db.kind,
                    database: db.name.clone(),
                    reason: "the connection check panicked".into(),
                    lost: false,
                })
            })
    })
}

impl LeaseBackend {
    /// Opens the backend `db` describes (memfile: loads the lease files; SQL:
    /// connects once to check the schema version, blocking the caller for at most
    /// `connect-timeout`, then pools connections on demand). SQL backends must be
    /// opened inside a tokio runtime (the pool lives there); see [`Self::open_async`]
    /// for async callers.
    pub fn open(db: &LeaseDatabase) -> Result<Self, BackendError> {
        match db {
            LeaseDatabase::Sql(sql) => {
                check_sql_schema_blocking(sql)?;
                Ok(Self::sql_checked(sql))
            }
            LeaseDatabase::Memfile { .. } => Self::open_memfile(db),
        }
    }
}

impl<L: MemfileLease> LeaseBackendOf<L> {
    /// Opens the backend `db` describes on the caller's runtime: memfile loads
    /// its lease files (Kea's `F.2`/`F.1`/`F` order) or runs in memory; SQL
    /// connects once to check the schema version (within `connect-timeout`),
    /// then pools connections on demand.
    pub async fn open_async(db: &LeaseDatabase) -> Result<Self, BackendError> {
        match db {
            LeaseDatabase::Sql(sql) => {
                let store = Self::connect_sql(sql).await?;
                info!(
                    "DHCPSRV_{}_DB opened {} lease database '{}' on {}",
                    match sql.kind {
                        SqlKind::Postgresql => "PGSQL",
                        SqlKind::Mysql => "MYSQL",
                    },
                    sql.kind.name(),
                    sql.name,
                    sql.host
                );
                Ok(store)
            }
            LeaseDatabase::Memfile { .. } => Self::open_memfile(db),
        }
    }

    /// Loads (or, without `persist`, starts empty) the memfile `db` names.
    fn open_memfile(db: &LeaseDatabase) -> Result<Self, BackendError> {
        let cfg = MemfileConfig::from_model(db)
            .ok_or_else(|| BackendError::Unsupported("this lease-database type".into()))?;
        let (store, report) = Memfile::<L>::open(&cfg)?;
        if cfg.persist {
            info!(
                "DHCPSRV_MEMFILE_LEASES_RELOAD loaded {} lease(s) from {} row(s) ({} bad, {} truncated) of {}",
                report.leases,
                report.rows,
                report.errors,
                report.truncated,
                cfg.path.display()
            );
        }
        Ok(Self::Memfile(store))
    }

    /// `retry-on-startup`: a store for an SQL database that could not be
    /// reached; it fails every operation as "connection lost" until a
    /// reconnect reaches the server and checks the schema. No I/O here; must
    /// be called inside a tokio runtime.
    pub fn unreached(sql: &SqlDatabase) -> Self {
        match sql.kind {
            SqlKind::Postgresql => Self::Postgresql(PgLeaseStore::unreached(sql)),
            SqlKind::Mysql => Self::Mysql(MysqlLeaseStore::unreached(sql)),
        }
    }

    /// A store over an SQL database whose schema was already checked (no I/O).
    fn sql_checked(sql: &SqlDatabase) -> Self {
        match sql.kind {
            SqlKind::Postgresql => Self::Postgresql(PgLeaseStore::with_checked_schema(sql)),
            SqlKind::Mysql => Self::Mysql(MysqlLeaseStore::with_checked_schema(sql)),
        }
    }

    /// Connects to `sql` once to check the schema version (within
    /// `connect-timeout`); the pool then connects on demand.
    pub(super) async fn connect_sql(sql: &SqlDatabase) -> Result<Self, BackendError> {
        Ok(match sql.kind {
            SqlKind::Postgresql => Self::Postgresql(PgLeaseStore::connect(sql).await?),
            SqlKind::Mysql => Self::Mysql(MysqlLeaseStore::connect(sql).await?),
        })
    }

    /// Kea's name for the backend type (`memfile`, `postgresql`, `mysql`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Memfile(_) => "memfile",
            Self::Postgresql(_) => "postgresql",
            Self::Mysql(_) => "mysql",
        }
    }

    /// Whether the backend is a SQL database (probed and reconnected).
    pub fn is_sql(&self) -> bool {
        !matches!(self, Self::Memfile(_))
    }

    /// Runs lease file cleanup where the backend has one (memfile).
    pub async fn lease_file_cleanup(&self) -> Result<(), BackendError> {
        match self {
            Self::Memfile(m) => m.run_lfc().await.map(|_| ()).map_err(Into::into),
            Self::Postgresql(_) | Self::Mysql(_) => Ok(()),
        }
    }

    /// SQL: a fresh pool, verified with `SELECT 1` within `connect-timeout`,
    /// replaces the old one (which stays on failure); memfile: nothing to
    /// rebuild. CANCEL-SAFETY: see `SqlPool::reconnect`.
    pub async fn reconnect(&self) -> Result<(), BackendError> {
        match self {
            Self::Memfile(_) => Ok(()),
            Self::Postgresql(s) => Ok(s.reconnect().await?),
            Self::Mysql(s) => Ok(s.reconnect().await?),
        }
    }

    /// SQL: `SELECT 1` on a pooled connection within `connect-timeout`.
    pub async fn probe(&self) -> Result<(), BackendError> {
        match self {
            Self::Memfile(_) => Ok(()),
            Self::Postgresql(s) => Ok(s.probe().await?),
            Self::Mysql(s) => Ok(s.probe().await?),
        }
    }
}

/// Forwards one store call (`LeaseStore` here, `Lease6Store` in
/// `lease6_backend`) to whichever backend is configured.
macro_rules! dispatch {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            Self::Memfile($s) => Ok($call.await?),
            Self::Postgresql($s) => Ok($call.await?),
            Self::Mysql($s) => Ok($call.await?),
        }
    };
}
pub(super) use dispatch;

impl LeaseStore for LeaseBackend {
    type Error = BackendError;

    async fn get4(&self, address: Ipv4Addr) -> Result<Option<Lease4>, BackendError> {
        dispatch!(self, s => s.get4(address))
    }
    async fn get4_by_hwaddr(
        &self,
        hwaddr: &[u8],
        subnet_id: Option<u32>,
    ) -> Result<Vec<Lease4>, BackendError> {
        dispatch!(self, s => s.get4_by_hwaddr(hwaddr, subnet_id))
    }
    async fn get4_by_client_id(
        &self,
        client_id: &[u8],
        subnet_id: Option<u32>,
    ) -> Result<Vec<Lease4>, BackendError> {
        dispatch!(self, s => s.get4_by_client_id(client_id, subnet_id))
    }
    async fn get4_matching(&self, q: &LeaseQuery4<'_>) -> Result<Vec<Lease4>, BackendError> {
        dispatch!(self, s => s.get4_matching(q))
    }
    async fn count4_by_subnet(&self) -> Result<Vec<(u32, u32, i64)>, BackendError> {
        dispatch!(self, s => s.count4_by_subnet())
    }
    async fn get4_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease4>, BackendError> {
        dispatch!(self, s => s.get4_all(subnets))
    }
    async fn get4_page(&self, after: Ipv4Addr, limit: usize) -> Result<Vec<Lease4>, BackendError> {
        dispatch!(self, s => s.get4_page(after, limit))
    }
    async fn add4(&self, lease: &Lease4) -> Result<bool, BackendError> {
        dispatch!(self, s => s.add4(lease))
    }
    async fn update4(&self, lease: &Lease4) -> Result<bool, BackendError> {
        dispatch!(self, s => s.update4(lease))
    }
    async fn replace4(&self, old: &Lease4, new: &Lease4) -> Result<bool, BackendError> {
        dispatch!(self, s => s.replace4(old, new))
    }
    async fn delete4(&self, address: Ipv4Addr) -> Result<bool, BackendError> {
        dispatch!(self, s => s.delete4(address))
    }
    async fn expired4(&self, now: i64, limit: usize) -> Result<Vec<Lease4>, BackendError> {
        dispatch!(self, s => s.expired4(now, limit))
    }
    async fn flush_reclaimed4(&self, before: i64) -> Result<u64, BackendError> {
        dispatch!(self, s => s.flush_reclaimed4(before))
    }
    async fn wipe4(&self, subnet_id: Option<u32>) -> Result<u64, BackendError> {
        dispatch!(self, s => s.wipe4(subnet_id))
    }
}
