//! The DHCPv6 lease store ruru-dhcp6 uses: one enum over the configured
//! backend (memfile, PostgreSQL, MySQL), like [`super::lease_backend::LeaseBackend`]
//! for v4, so the runtime holds one concrete type and the engine stays generic.

use std::net::Ipv6Addr;

use log::info;

use crate::backends::lease6::{ClientIa, Lease6, LeaseType};
use crate::config::model::{LeaseDatabase, SqlDatabase, SqlKind};

use super::error::{ErrorClass, StoreError};
use super::lease6_store::Lease6Store;
use super::memfile::{Memfile6Store, MemfileConfig, MemfileError};
use super::sql::{MysqlLeaseStore, PgLeaseStore, SqlError};

/// Any configured DHCPv6 lease backend.
#[derive(Debug)]
pub enum Lease6Backend {
    /// Kea's memfile (lease6 CSV).
    Memfile(Memfile6Store),
    /// PostgreSQL with Kea's schema (`lease6` table).
    Postgresql(PgLeaseStore),
    /// MySQL / MariaDB with Kea's schema (`lease6` table).
    Mysql(MysqlLeaseStore),
}

/// An error from any DHCPv6 lease backend, keeping the backend's classification.
#[derive(Debug, thiserror::Error)]
pub enum Backend6Error {
    /// memfile failed.
    #[error("memfile: {0}")]
    Memfile(#[from] MemfileError),
    /// PostgreSQL or MySQL failed (the message names which).
    #[error(transparent)]
    Sql(#[from] SqlError),
}

impl StoreError for Backend6Error {
    fn class(&self) -> ErrorClass {
        match self {
            Self::Memfile(e) => e.class(),
            Self::Sql(e) => e.class(),
        }
    }
}

impl Lease6Backend {
    /// `retry-on-startup`: a SQL store for a database that could not be
    /// reached; it fails every operation as "connection lost" until a
    /// reconnect reaches the server and checks the schema (as for DHCPv4). No
    /// I/O here; must be called inside a tokio runtime.
    pub fn unreached(sql: &SqlDatabase) -> Self {
        match sql.kind {
            SqlKind::Postgresql => Self::Postgresql(PgLeaseStore::unreached(sql)),
            SqlKind::Mysql => Self::Mysql(MysqlLeaseStore::unreached(sql)),
        }
    }

    /// Opens the backend `db` describes: memfile loads its lease files (Kea's
    /// `F.2`/`F.1`/`F` order) or runs in memory; SQL connects once to check the
    /// schema version (within `connect-timeout`), then pools connections on demand.
    pub async fn open(db: &LeaseDatabase) -> Result<Self, Backend6Error> {
        match db {
            LeaseDatabase::Sql(sql) => {
                let store = match sql.kind {
                    SqlKind::Postgresql => Self::Postgresql(PgLeaseStore::connect(sql).await?),
                    SqlKind::Mysql => Self::Mysql(MysqlLeaseStore::connect(sql).await?),
                };
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
            LeaseDatabase::Memfile {
                persist,
                name,
                lfc_interval,
                max_row_errors,
            } => {
                let cfg = MemfileConfig {
                    persist: *persist,
                    path: name.clone(),
                    lfc_interval: *lfc_interval,
                    max_row_errors: *max_row_errors,
                };
                let (store, report) = Memfile6Store::open(&cfg)?;
                if cfg.persist {
                    info!(
                        "DHCPSRV_MEMFILE_LEASES_RELOAD6 loaded {} lease(s) from {} row(s) ({} bad, {} truncated) of {}",
                        report.leases,
                        report.rows,
                        report.errors,
                        report.truncated,
                        cfg.path.display()
                    );
                }
                Ok(Self::Memfile(store))
            }
        }
    }

    /// Kea's name for the backend type (`memfile`, `postgresql`, `mysql`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Memfile(_) => "memfile",
            Self::Postgresql(_) => "postgresql",
            Self::Mysql(_) => "mysql",
        }
    }

    /// Runs lease file cleanup where the backend has one (memfile), as for DHCPv4.
    pub async fn lease_file_cleanup(&self) -> Result<(), Backend6Error> {
        match self {
            Self::Memfile(m) => m.run_lfc().await.map(|_| ()).map_err(Into::into),
            Self::Postgresql(_) | Self::Mysql(_) => Ok(()),
        }
    }
}

/// Forwards one `Lease6Store` call to whichever backend is configured.
macro_rules! dispatch {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            Self::Memfile($s) => Ok($call.await?),
            Self::Postgresql($s) => Ok($call.await?),
            Self::Mysql($s) => Ok($call.await?),
        }
    };
}

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
