//! How one group-commit batch of new lease rows is written, per dialect:
//! PostgreSQL inserts them in one `INSERT .. SELECT UNNEST(..) ON CONFLICT DO
//! NOTHING RETURNING` and learns which were stored; MySQL, which cannot say
//! which row of a many-row INSERT hit a taken key, tries the many-row INSERT
//! and falls back to one INSERT per row ([`multi_row_insert`]).

use std::future::Future;

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncMysqlConnection};

use crate::config::model::SqlKind;

use super::super::connect::{MysqlManager, SqlPool};
use super::super::error::SqlError;

/// An INSERT's future, as [`multi_row_insert`] runs it.
pub type InsertFuture<'r> =
    std::pin::Pin<Box<dyn Future<Output = diesel::QueryResult<usize>> + Send + 'r>>;

/// How [`multi_row_insert`] inserts rows of one table.
pub struct BatchInserts<R: 'static> {
    /// All rows in one statement (fails as a whole on a taken key).
    pub all: for<'r> fn(&'r [R], &'r mut AsyncMysqlConnection) -> InsertFuture<'r>,
    /// One row.
    pub one: for<'r> fn(&'r R, &'r mut AsyncMysqlConnection) -> InsertFuture<'r>,
}

/// One group-commit batch in one MySQL transaction: a many-row INSERT; if a
/// key is taken (MySQL rolls back only that statement and cannot say which
/// row), each row's own INSERT, where a duplicate fails only its row. A lone
/// row is written in autocommit. Returns, per row, whether it was stored.
pub async fn multi_row_insert<R: Sync>(
    pool: &SqlPool<MysqlManager>,
    operation: &'static str,
    rows: Vec<R>,
    insert: BatchInserts<R>,
) -> Result<Vec<bool>, SqlError> {
    let q = |e| SqlError::query(SqlKind::Mysql, operation, e);
    let mut c = pool.get().await?;
    let one = |r: diesel::QueryResult<usize>| match r {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    };
    if let [row] = rows.as_slice() {
        return Ok(vec![one((insert.one)(row, &mut c).await).map_err(q)?]);
    }
    c.transaction(async |c| {
        // A plain many-row INSERT succeeds or fails as a whole: success
        // means every row is stored (its row count is not consulted, so
        // rows it stored are never retried and reported as taken).
        match (insert.all)(&rows, c).await {
            Ok(_) => return Ok(vec![true; rows.len()]),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(e) => return Err(e),
        }
        let mut inserted = Vec::with_capacity(rows.len());
        for row in &rows {
            inserted.push(one((insert.one)(row, c).await)?);
        }
        Ok::<_, DieselError>(inserted)
    })
    .await
    .map_err(q)
}

/// Defines the batch INSERT statement `$name` of row type `$row` and the
/// function `write_batch(store, rows) -> Result<Vec<bool>, SqlError>` that
/// writes one group-commit batch with the dialect's strategy: `unnest`
/// (PostgreSQL) or `multi_row` (MySQL). Columns are listed as
/// `field: rust type => SQL type`, in the order of `$columns`.
macro_rules! batch_insert {
    (unnest, $name:ident, $row:ty, $table:ident, $table_name:literal, $columns:literal, $key_sql:ty,
     $key:ty, $operation:literal, $( $field:ident : $rust:ty => $sql:ty ),+ $(,)?) => {
        $crate::backends::sql::unnest_insert::unnest_insert!(
            $name, $row, $table_name, $columns, "address", $key_sql,
            $( $field: $rust => $sql ),+
        );

        /// One group-commit batch of new rows: which of them were inserted.
        async fn write_batch(store: &Store, rows: Vec<$row>) -> Result<Vec<bool>, SqlError> {
            let mut c = store.pool.get().await?;
            let inserted: std::collections::HashSet<$key> = $name::new(&rows)
                .load::<$key>(&mut c)
                .await
                .map_err(q($operation))?
                .into_iter()
                .collect();
            Ok(rows.iter().map(|r| inserted.contains(&r.address)).collect())
        }
    };
    (multi_row, $name:ident, $row:ty, $table:ident, $table_name:literal, $columns:literal, $key_sql:ty,
     $key:ty, $operation:literal, $( $field:ident : $rust:ty => $sql:ty ),+ $(,)?) => {
        $crate::backends::sql::cached_insert::cached_insert!(
            $name, $row, diesel::mysql::Mysql, $table_name, $columns,
            $( $field: $sql ),+
        );

        /// One group-commit batch of new rows: which of them were inserted.
        async fn write_batch(store: &Store, rows: Vec<$row>) -> Result<Vec<bool>, SqlError> {
            use $crate::backends::sql::leases::batch_insert::{multi_row_insert, BatchInserts};
            multi_row_insert(
                &store.pool,
                $operation,
                rows,
                BatchInserts {
                    all: |rs, c| Box::pin(diesel::insert_into($table::table).values(rs).execute(c)),
                    one: |r, c| Box::pin($name(r).execute(c)),
                },
            )
            .await
        }
    };
}
pub(in crate::backends::sql) use batch_insert;
