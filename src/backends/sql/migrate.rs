//! Kea's schema version check, and ruru's own migrations that create Kea 2.2's
//! lease schema on an empty database (what `kea-admin db-init` does).

use diesel::prelude::*;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::{AsyncMysqlConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::config::model::{SqlDatabase, SqlKind};

use super::connect::{mysql_connect, pg_connect};
use super::error::SqlError;
use super::params;

/// PostgreSQL migrations (schema 13.0).
pub const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgresql");
/// MySQL migrations (schema 14.0).
pub const MYSQL_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/mysql");

/// The schema version (major, minor) Kea 2.2 — and so ruru — uses for `kind`.
pub fn expected_version(kind: SqlKind) -> (i32, i32) {
    match kind {
        SqlKind::Postgresql => (13, 0),
        SqlKind::Mysql => (14, 0),
    }
}

/// What [`init_database`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitOutcome {
    /// The schema was created.
    Created,
    /// The database already had the expected schema; nothing was changed.
    AlreadyCurrent,
}

/// Reads `schema_version` on either server (same column types on both).
macro_rules! read_version {
    ($conn:expr) => {{
        use $crate::backends::sql::schema::pg::schema_version::dsl::*;
        schema_version
            .select((version, minor))
            .limit(1)
            .load::<(i32, Option<i32>)>($conn)
            .await
    }};
}
pub(super) use read_version;

/// The `schema_version` row; `None` when the table does not exist or is empty.
fn version_row(
    kind: SqlKind,
    rows: QueryResult<Vec<(i32, Option<i32>)>>,
) -> Result<Option<(i32, i32)>, SqlError> {
    match rows {
        Ok(rows) => Ok(rows.into_iter().next().map(|(v, m)| (v, m.unwrap_or(0)))),
        // "relation does not exist" (PostgreSQL) / "Table doesn't exist" (MySQL).
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("does not exist")
                || info.message().contains("doesn't exist") =>
        {
            Ok(None)
        }
        Err(e) => Err(SqlError::query(kind, "schema version check", e)),
    }
}

/// Refuses a database whose schema version is not Kea 2.2's.
fn check(db: &SqlDatabase, found: Option<(i32, i32)>) -> Result<(), SqlError> {
    let expected = expected_version(db.kind);
    if found == Some(expected) {
        return Ok(());
    }
    let hint = match found {
        None => "initialise it with 'kea-admin db-init' (or ruru's database init)",
        Some(f) if f < expected => "upgrade it with 'kea-admin db-upgrade'",
        Some(_) => "it was created for a newer Kea; use a database made for Kea 2.2",
    };
    Err(SqlError::SchemaVersion {
        backend: db.kind,
        database: db.name.clone(),
        found: found.map_or_else(|| "none".to_string(), |(a, b)| format!("{a}.{b}")),
        expected: format!("{}.{}", expected.0, expected.1),
        hint,
    })
}

/// Runs the connect and the version query of a schema check under one
/// `connect-timeout` (Kea's parameter): a server that accepts the connection
/// and then never answers fails the check as [`SqlError::Deadline`] (class
/// "connection lost") instead of hanging the start or the reconnect.
async fn within_connect_timeout(
    db: &SqlDatabase,
    check: impl std::future::Future<Output = Result<(), SqlError>>,
) -> Result<(), SqlError> {
    let limit = params::connect_timeout(db);
    tokio::time::timeout(limit, check)
        .await
        .unwrap_or(Err(SqlError::Deadline {
            backend: db.kind,
            operation: "schema version check",
            after: limit,
        }))
}

/// Connects once and checks the schema version (PostgreSQL), all within
/// `connect-timeout`.
pub async fn pg_check_schema(db: &SqlDatabase) -> Result<(), SqlError> {
    within_connect_timeout(db, async {
        let mut conn = pg_connect(db).await?;
        let found = version_row(db.kind, read_version!(&mut conn))?;
        check(db, found)
    })
    .await
}

/// Connects once and checks the schema version (MySQL), all within
/// `connect-timeout`.
pub async fn mysql_check_schema(db: &SqlDatabase) -> Result<(), SqlError> {
    within_connect_timeout(db, async {
        let mut conn = mysql_connect(db).await?;
        let found = version_row(db.kind, read_version!(&mut conn))?;
        check(db, found)
    })
    .await
}

/// Creates Kea 2.2's lease schema in the (empty) database `db` names, like
/// `kea-admin db-init`. A database that already has the expected schema is left
/// alone; one with another version is refused.
pub async fn init_database(db: &SqlDatabase) -> Result<InitOutcome, SqlError> {
    let failed = |reason: String| SqlError::Migration {
        backend: db.kind,
        database: db.name.clone(),
        reason,
    };
    let run = match db.kind {
        SqlKind::Postgresql => {
            let mut conn = pg_connect(db).await?;
            if let Some(found) = version_row(db.kind, read_version!(&mut conn))? {
                check(db, Some(found))?;
                return Ok(InitOutcome::AlreadyCurrent);
            }
            tokio::task::spawn_blocking(move || {
                let mut w = AsyncConnectionWrapper::<AsyncPgConnection>::from(conn);
                w.run_pending_migrations(PG_MIGRATIONS)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
            .await
        }
        SqlKind::Mysql => {
            let mut conn = mysql_connect(db).await?;
            if let Some(found) = version_row(db.kind, read_version!(&mut conn))? {
                check(db, Some(found))?;
                return Ok(InitOutcome::AlreadyCurrent);
            }
            tokio::task::spawn_blocking(move || {
                let mut w = AsyncConnectionWrapper::<AsyncMysqlConnection>::from(conn);
                w.run_pending_migrations(MYSQL_MIGRATIONS)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
            .await
        }
    };
    match run {
        Ok(Ok(())) => Ok(InitOutcome::Created),
        Ok(Err(e)) => Err(failed(e)),
        Err(e) => Err(failed(format!("migration task failed: {e}"))),
    }
}
