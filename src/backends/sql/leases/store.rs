//! `SqlLeaseStore<D>`: the connection pool, operation deadline, schema gate
//! and group-commit queues of a lease database, written once for both SQL
//! dialects; the queries are in `v4` and `v6`, the dialects in `dialects`.

use std::future::Future;
use std::time::Duration;

use crate::config::model::SqlDatabase;

use super::super::connect::SqlPool;
use super::super::dialect::SqlDialect;
use super::super::error::SqlError;
use super::super::group_commit::GroupCommit;
use super::super::params;
use super::super::schema_gate::SchemaGate;

/// A dialect's lease rows: the column types of `lease4` and `lease6` differ
/// between the servers, so each dialect names its own row structs.
pub trait LeaseDialect: SqlDialect {
    /// A `lease4` row as this dialect's columns hold it.
    type Row4: Send + 'static;
    /// A `lease6` row as this dialect's columns hold it.
    type Row6: Send + 'static;
}

/// Leases in a SQL database of dialect `D`, through a bb8 pool; every
/// operation under a deadline.
pub struct SqlLeaseStore<D: LeaseDialect> {
    pub(in crate::backends::sql) pool: SqlPool<D::Manager>,
    deadline: Duration,
    /// Closed while the database has not been reached since startup
    /// (`retry-on-startup`).
    gate: SchemaGate,
    /// New lease4 rows, written together (group commit).
    pub(in crate::backends::sql) inserts4: GroupCommit<D::Row4>,
    /// New lease6 rows, written together (group commit).
    pub(in crate::backends::sql) inserts6: GroupCommit<D::Row6>,
}

impl<D: LeaseDialect> std::fmt::Debug for SqlLeaseStore<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlLeaseStore")
            .field("backend", &D::KIND)
            .field("pool", &self.pool)
            .field("deadline", &self.deadline)
            .field("gate", &self.gate)
            .finish()
    }
}

impl<D: LeaseDialect> SqlLeaseStore<D> {
    /// Connects, refuses a schema other than Kea 2.2's (13.0 on PostgreSQL,
    /// 14.0 on MySQL), and returns a store whose pool connects on demand.
    pub async fn connect(db: &SqlDatabase) -> Result<Self, SqlError> {
        D::check_schema(db).await?;
        Ok(Self::with_checked_schema(db))
    }

    /// A store over a database whose schema was already checked; no I/O here
    /// (connections open on first use). Must be called inside a tokio runtime.
    pub fn with_checked_schema(db: &SqlDatabase) -> Self {
        Self {
            pool: D::pool(db),
            deadline: params::operation_deadline(db),
            gate: SchemaGate::open(),
            inserts4: GroupCommit::new(D::KIND),
            inserts6: GroupCommit::new(D::KIND),
        }
    }

    /// `retry-on-startup`: a store for a database that could not be reached;
    /// every operation fails as "connection lost" until [`Self::reconnect`]
    /// has reached the server and checked the schema. No I/O here.
    pub fn unreached(db: &SqlDatabase) -> Self {
        Self {
            gate: SchemaGate::closed(),
            ..Self::with_checked_schema(db)
        }
    }

    /// Replaces the connection pool with a fresh one once a `SELECT 1` on it
    /// answers within `connect-timeout`; the old pool stays on failure. A
    /// store opened unreached checks the schema version first, as a normal
    /// start does.
    ///
    /// CANCEL-SAFETY: see [`SqlPool::reconnect`]: dropping the future leaves
    /// the old pool installed.
    pub async fn reconnect(&self) -> Result<(), SqlError> {
        if !self.gate.is_open() {
            D::check_schema(self.pool.database()).await?;
        }
        self.pool.reconnect().await?;
        self.gate.mark_checked();
        Ok(())
    }

    /// `SELECT 1` on a pooled connection within `connect-timeout`.
    ///
    /// CANCEL-SAFETY: changes nothing.
    pub async fn probe(&self) -> Result<(), SqlError> {
        self.pool.probe().await
    }

    /// Runs `op` under the operation deadline (every query of the store runs here).
    pub(in crate::backends::sql) async fn run<T>(
        &self,
        operation: &'static str,
        op: impl Future<Output = Result<T, SqlError>>,
    ) -> Result<T, SqlError> {
        if !self.gate.is_open() {
            return Err(SqlError::NotReached {
                backend: D::KIND,
                database: self.pool.database().name.clone(),
            });
        }
        tokio::time::timeout(self.deadline, op)
            .await
            .unwrap_or(Err(SqlError::Deadline {
                backend: D::KIND,
                operation,
                after: self.deadline,
            }))
    }
}
