//! `SqlHostStore<D>`: the connection pool, operation deadline and read-only
//! switch of a hosts database, written once for both SQL dialects; the
//! queries are in `v4` and `v6`, the dialects in `dialects`.

use std::future::Future;
use std::marker::PhantomData;
use std::time::Duration;

use diesel::result::Error as DieselError;

use crate::config::model::{SqlDatabase, SqlKind};

use super::super::connect::SqlPool;
use super::super::dialect::SqlDialect;
use super::super::error::SqlError;
use super::super::params;
use super::error::HostDbError;

/// Host reservations in a SQL database of dialect `D`, through a bb8 pool;
/// every operation under a deadline.
pub struct SqlHostStore<D: SqlDialect> {
    pub(super) pool: SqlPool<D::Manager>,
    deadline: Duration,
    readonly: bool,
    dialect: PhantomData<D>,
}

impl<D: SqlDialect> std::fmt::Debug for SqlHostStore<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlHostStore")
            .field("pool", &self.pool)
            .field("deadline", &self.deadline)
            .field("readonly", &self.readonly)
            .finish()
    }
}

impl<D: SqlDialect> SqlHostStore<D> {
    /// Connects, refuses a schema other than Kea 2.2's (13.0 on PostgreSQL,
    /// 14.0 on MySQL), and returns a store whose pool connects on demand;
    /// `readonly` refuses writes as Kea does.
    pub async fn connect(db: &SqlDatabase, readonly: bool) -> Result<Self, HostDbError> {
        D::check_schema(db).await?;
        Ok(Self::with_checked_schema(db, readonly))
    }

    /// A store over a database whose schema was already checked; no I/O here.
    /// Must be called inside a tokio runtime.
    pub fn with_checked_schema(db: &SqlDatabase, readonly: bool) -> Self {
        Self {
            pool: D::pool(db),
            deadline: params::operation_deadline(db),
            readonly,
            dialect: PhantomData,
        }
    }

    /// Replaces the connection pool once a fresh one answers (see [`SqlPool::reconnect`]).
    pub async fn reconnect(&self) -> Result<(), HostDbError> {
        Ok(self.pool.reconnect().await?)
    }

    /// `SELECT 1` on a pooled connection within `connect-timeout`.
    pub async fn probe(&self) -> Result<(), HostDbError> {
        Ok(self.pool.probe().await?)
    }

    /// `op` under the operation deadline (every query of the store runs here).
    pub(super) async fn run<T>(
        &self,
        operation: &'static str,
        op: impl Future<Output = Result<T, HostDbError>>,
    ) -> Result<T, HostDbError> {
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

    /// Refuses a write on a `readonly` database.
    pub(super) fn writable(&self) -> Result<(), HostDbError> {
        if self.readonly {
            return Err(HostDbError::ReadOnly { backend: D::KIND });
        }
        Ok(())
    }
}

/// Turns a diesel error of `operation` into a hosts database error.
pub(super) fn q(kind: SqlKind, operation: &'static str) -> impl FnOnce(DieselError) -> HostDbError {
    move |e| SqlError::query(kind, operation, e).into()
}

/// `value` in a column of type `T`, or an error naming the column.
pub(super) fn column<T: TryFrom<i64>>(
    kind: SqlKind,
    column: &'static str,
    value: i64,
) -> Result<T, HostDbError> {
    T::try_from(value).map_err(|_| HostDbError::OutOfRange {
        backend: kind,
        column,
        value,
    })
}

/// Inserts `$insert` (a `diesel::insert_into(hosts::table).values(..)`) on
/// connection `$c` and evaluates to the new `host_id` as `i64`:
/// `returning` uses `RETURNING host_id` (PostgreSQL), `last_insert_id` asks
/// `LAST_INSERT_ID()` (MySQL).
macro_rules! inserted_host_id {
    (returning, $c:ident, $insert:expr, $host_id:ty) => {{
        let id: $host_id = $insert.returning(hosts::host_id).get_result($c).await?;
        i64::from(id)
    }};
    (last_insert_id, $c:ident, $insert:expr, $host_id:ty) => {{
        $insert.execute($c).await?;
        let id: u64 = diesel::select(diesel::dsl::sql::<
            diesel::sql_types::Unsigned<diesel::sql_types::BigInt>,
        >("LAST_INSERT_ID()"))
        .get_result($c)
        .await?;
        i64::try_from(id).unwrap_or(0)
    }};
}
pub(super) use inserted_host_id;
