//! `SqlConfigBackend<D>`: a Kea 2.2 config database read through a bb8
//! pool, written once for both SQL dialects: the full fetch, the audit
//! poll and a liveness probe, each under the operation deadline.

use std::future::Future;
use std::time::Duration;

use crate::config::config_backend::{AuditCursor, CbFamily, FetchedConfig};
use crate::config::model::SqlDatabase;

use super::super::connect::SqlPool;
use super::super::params;
use super::super::SqlError;
use super::audit;
use super::dialect::CbDialect;
use super::error::CbReadError;
use super::fetch::{fetch_all, rows};
use super::target::Target;

/// A config database of dialect `D`.
pub struct SqlConfigBackend<D: CbDialect> {
    pool: SqlPool<D::Manager>,
    deadline: Duration,
}

impl<D: CbDialect> std::fmt::Debug for SqlConfigBackend<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlConfigBackend")
            .field("pool", &self.pool)
            .field("deadline", &self.deadline)
            .finish()
    }
}

impl<D: CbDialect> SqlConfigBackend<D> {
    /// Connects, refuses a schema other than Kea 2.2's (13.0 on PostgreSQL,
    /// 14.0 on MySQL), and returns a backend whose pool connects on demand.
    pub async fn connect(db: &SqlDatabase) -> Result<Self, CbReadError> {
        D::check_schema(db).await?;
        Ok(Self::with_checked_schema(db))
    }

    /// A backend over a database whose schema was already checked; no I/O
    /// here. Must be called inside a tokio runtime.
    pub fn with_checked_schema(db: &SqlDatabase) -> Self {
        Self {
            pool: D::pool(db),
            deadline: params::operation_deadline(db),
        }
    }

    /// Everything the server tagged `server_tag` (normalised; "" means only
    /// `all` objects) sees in the family's tables, in Kea JSON, and the
    /// newest audit cursor it sees (0, 0 when none), read in one snapshot.
    pub async fn fetch(
        &self,
        family: CbFamily,
        server_tag: &str,
    ) -> Result<(FetchedConfig, AuditCursor), CbReadError> {
        let target = Target::new(family, server_tag);
        self.run("config backend fetch", async {
            let mut pooled = self.pool.get().await?;
            fetch_all::<D>(D::conn(&mut pooled), &target).await
        })
        .await
    }

    /// The newest audit cursor the server sees strictly after `after`, or
    /// `None` when nothing visible to it changed since.
    pub async fn audit_after(
        &self,
        family: CbFamily,
        server_tag: &str,
        after: AuditCursor,
    ) -> Result<Option<AuditCursor>, CbReadError> {
        let t = Target::new(family, server_tag);
        log::debug!(
            "{}_GET_RECENT_AUDIT_ENTRIES{} retrieving audit entries from: {} {}",
            D::LOG,
            t.digit(),
            after.ts,
            after.id
        );
        let newest = self
            .run("config backend audit", async {
                let mut pooled = self.pool.get().await?;
                let found = rows::<D>(
                    D::conn(&mut pooled),
                    "config backend audit",
                    audit::query::<D>(&t, after),
                )
                .await?;
                audit::newest(&t, &found)
            })
            .await?;
        log::debug!(
            "{}_GET_RECENT_AUDIT_ENTRIES{}_RESULT retrieving: {} elements",
            D::LOG,
            t.digit(),
            newest.map_or(0, |(_, n)| n)
        );
        Ok(newest.map(|(cursor, _)| cursor))
    }

    /// `SELECT 1` on a pooled connection within `connect-timeout`.
    pub async fn probe(&self) -> Result<(), CbReadError> {
        Ok(self.pool.probe().await?)
    }

    /// Replaces the connection pool once a fresh one answers (see
    /// [`SqlPool::reconnect`]).
    pub async fn reconnect(&self) -> Result<(), CbReadError> {
        Ok(self.pool.reconnect().await?)
    }

    /// `op` under the operation deadline.
    async fn run<T>(
        &self,
        operation: &'static str,
        op: impl Future<Output = Result<T, CbReadError>>,
    ) -> Result<T, CbReadError> {
        tokio::time::timeout(self.deadline, op)
            .await
            .unwrap_or_else(|_| {
                Err(SqlError::Deadline {
                    backend: D::KIND,
                    operation,
                    after: self.deadline,
                }
                .into())
            })
    }
}
