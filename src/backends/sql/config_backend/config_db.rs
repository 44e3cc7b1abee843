//! [`ConfigDb`]: a config database of either dialect behind one type, so
//! callers (the fetch at configuration time, the poll timer) need no
//! generics.

use diesel::mysql::Mysql;
use diesel::pg::Pg;

use crate::config::config_backend::{AuditCursor, CbFamily, FetchedConfig};
use crate::config::model::{SqlDatabase, SqlKind};

use super::backend::SqlConfigBackend;
use super::error::CbReadError;

/// A PostgreSQL or MySQL config database.
#[derive(Debug)]
pub enum ConfigDb {
    /// `type: postgresql`.
    Pg(SqlConfigBackend<Pg>),
    /// `type: mysql`.
    Mysql(SqlConfigBackend<Mysql>),
}

impl ConfigDb {
    /// Connects to `db` by its `type`, checking its schema version (Kea
    /// 2.2's); the pool then connects on demand.
    pub async fn open(db: &SqlDatabase) -> Result<Self, CbReadError> {
        Ok(match db.kind {
            SqlKind::Postgresql => Self::Pg(SqlConfigBackend::connect(db).await?),
            SqlKind::Mysql => Self::Mysql(SqlConfigBackend::connect(db).await?),
        })
    }

    /// See [`SqlConfigBackend::fetch`].
    pub async fn fetch(
        &self,
        family: CbFamily,
        server_tag: &str,
    ) -> Result<(FetchedConfig, AuditCursor), CbReadError> {
        match self {
            Self::Pg(b) => b.fetch(family, server_tag).await,
            Self::Mysql(b) => b.fetch(family, server_tag).await,
        }
    }

    /// See [`SqlConfigBackend::audit_after`].
    pub async fn audit_after(
        &self,
        family: CbFamily,
        server_tag: &str,
        after: AuditCursor,
    ) -> Result<Option<AuditCursor>, CbReadError> {
        match self {
            Self::Pg(b) => b.audit_after(family, server_tag, after).await,
            Self::Mysql(b) => b.audit_after(family, server_tag, after).await,
        }
    }

    /// See [`SqlConfigBackend::probe`].
    pub async fn probe(&self) -> Result<(), CbReadError> {
        match self {
            Self::Pg(b) => b.probe().await,
            Self::Mysql(b) => b.probe().await,
        }
    }

    /// See [`SqlConfigBackend::reconnect`].
    pub async fn reconnect(&self) -> Result<(), CbReadError> {
        match self {
            Self::Pg(b) => b.reconnect().await,
            Self::Mysql(b) => b.reconnect().await,
        }
    }
}
