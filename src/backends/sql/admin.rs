//! What `ruru-admin` does to a lease database, as library functions: read the
//! schema version, create the schema on an empty database, check an upgrade
//! request, recount the lease statistics, and dump `lease4` as Kea's memfile CSV (what `kea-admin lease-dump -4`
//! writes, readable by ruru's and Kea's memfile loaders).
//!
//! Dump rows are encoded by the memfile writer ([`encode_row4`]), so they follow
//! the memfile rules where `kea-admin`'s SQL dump functions do not:
//! `&` in hostnames is escaped (`&#x26`), NULL hostnames are empty (Kea's MySQL
//! dump prints `NULL`), and an infinite lease's `expire` is `cltt + 4294967295`
//! as in a memfile (the database stores `cltt`). The user context is written as
//! stored, like Kea does.

use std::fmt;
use std::io::Write;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel_async::RunQueryDsl;

use crate::backends::memfile::journal::field::escape_into;
use crate::backends::memfile::lease4_csv::{check_lease, encode_row4, HEADER4};
use crate::config::model::{SqlDatabase, SqlKind};

use super::connect::{mysql_connect, pg_connect};
use super::error::SqlError;
use super::migrate::{expected_version, init_database, read_version, InitOutcome};
use super::row::Lease4Row;
use super::schema;

/// Rows read per query while dumping.
const DUMP_PAGE: i64 = 5000;

/// A `schema_version` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaVersion {
    /// `version` (major).
    pub major: i32,
    /// `minor` (NULL reads as 0).
    pub minor: i32,
}

impl SchemaVersion {
    /// The version Kea 2.2 (and ruru) uses for `kind`.
    pub fn expected(kind: SqlKind) -> Self {
        let (major, minor) = expected_version(kind);
        Self { major, minor }
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// An admin operation failed; every variant names the backend and database.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Connecting, querying or migrating failed.
    #[error(transparent)]
    Sql(#[from] SqlError),
    /// The database has no `schema_version` table (or it is empty).
    #[error("{} lease database '{database}' is not initialised (no schema_version row); run db-init", .backend.name())]
    NotInitialised {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
    },
    /// db-init on a database that has tables but no Kea schema (what
    /// `kea-admin db-init` refuses too).
    #[error("{} lease database '{database}': expected an empty database, but these tables are present: {tables}", .backend.name())]
    NotEmpty {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
        /// Some of the tables found, comma separated.
        tables: String,
    },
    /// The schema is older than Kea 2.2's; ruru cannot upgrade it yet.
    #[error("{} lease database '{database}': upgrading schema {found} to {expected} is not supported yet by ruru-admin; run 'kea-admin db-upgrade' (Kea 2.2)", .backend.name())]
    UpgradeNotSupported {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
        /// Version found.
        found: SchemaVersion,
        /// Version ruru uses.
        expected: SchemaVersion,
    },
    /// The schema is newer than Kea 2.2's.
    #[error("{} lease database '{database}': schema {found} is newer than {expected} (Kea 2.2); ruru cannot downgrade it", .backend.name())]
    Newer {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
        /// Version found.
        found: SchemaVersion,
        /// Version ruru uses.
        expected: SchemaVersion,
    },
    /// Writing the dump failed.
    #[error("writing the lease dump failed: {0}")]
    Write(#[from] std::io::Error),
}

/// A row `lease-dump` left out, with the reason (the memfile loader would
/// reject it too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// The row's `address` column.
    pub address: i64,
    /// Why it cannot be a memfile row.
    pub reason: String,
}

/// What [`dump_lease4`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DumpReport {
    /// Lease rows written (header not counted).
    pub written: u64,
    /// Rows left out.
    pub skipped: Vec<SkippedRow>,
}

/// Whether a query error means "the table does not exist".
fn missing_table(e: &DieselError) -> bool {
    matches!(e, DieselError::DatabaseError(_, info)
        if info.message().contains("does not exist") || info.message().contains("doesn't exist"))
}

/// `schema_version` contents; `None` when the table is missing or empty.
fn version_of(
    kind: SqlKind,
    rows: QueryResult<Vec<(i32, Option<i32>)>>,
) -> Result<Option<SchemaVersion>, AdminError> {
    match rows {
        Ok(rows) => Ok(rows.into_iter().next().map(|(major, minor)| SchemaVersion {
            major,
            minor: minor.unwrap_or(0),
        })),
        Err(e) if missing_table(&e) => Ok(None),
        Err(e) => Err(SqlError::query(kind, "schema version read", e).into()),
    }
}

/// The schema version of the database `db` names (`None`: not initialised), like
/// `kea-admin db-version`.
pub async fn read_version(db: &SqlDatabase) -> Result<Option<SchemaVersion>, AdminError> {
    match db.kind {
        SqlKind::Postgresql => {
            let mut c = pg_connect(db).await?;
            version_of(db.kind, read_version!(&mut c))
        }
        SqlKind::Mysql => {
            let mut c = mysql_connect(db).await?;
            version_of(db.kind, read_version!(&mut c))
        }
    }
}

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// Tables of the current schema (PostgreSQL: `public`), at most 20.
async fn tables(db: &SqlDatabase) -> Result<Vec<String>, AdminError> {
    let rows = match db.kind {
        SqlKind::Postgresql => {
            let mut c = pg_connect(db).await?;
            diesel::sql_query(
                "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
                 WHERE table_schema = current_schema() ORDER BY 1 LIMIT 20",
            )
            .load::<TableName>(&mut c)
            .await
        }
        SqlKind::Mysql => {
            let mut c = mysql_connect(db).await?;
            diesel::sql_query(
                "SELECT CAST(table_name AS CHAR) AS name FROM information_schema.tables \
                 WHERE table_schema = DATABASE() ORDER BY 1 LIMIT 20",
            )
            .load::<TableName>(&mut c)
            .await
        }
    };
    rows.map(|r| r.into_iter().map(|t| t.name).collect())
        .map_err(|e| SqlError::query(db.kind, "table list", e).into())
}

/// `db-init`: creates Kea 2.2's schema on an empty database. A database already
/// at that version is left alone ([`InitOutcome::AlreadyCurrent`]); one with
/// another version, or with tables but no schema version, is refused.
pub async fn init(db: &SqlDatabase) -> Result<InitOutcome, AdminError> {
    if read_version(db).await?.is_none() {
        let found = tables(db).await?;
        if !found.is_empty() {
            return Err(AdminError::NotEmpty {
                backend: db.kind,
                database: db.name.clone(),
                tables: found.join(", "),
            });
        }
    }
    Ok(init_database(db).await?)
}

/// `db-upgrade`: ruru has only Kea 2.2's schema, so this succeeds (returning the
/// version) when the database is already at it, and explains otherwise.
pub async fn upgrade(db: &SqlDatabase) -> Result<SchemaVersion, AdminError> {
    let expected = SchemaVersion::expected(db.kind);
    match read_version(db).await? {
        None => Err(AdminError::NotInitialised {
            backend: db.kind,
            database: db.name.clone(),
        }),
        Some(found) if found == expected => Ok(found),
        Some(found) if found < expected => Err(AdminError::UpgradeNotSupported {
            backend: db.kind,
            database: db.name.clone(),
            found,
            expected,
        }),
        Some(found) => Err(AdminError::Newer {
            backend: db.kind,
            database: db.name.clone(),
            found,
            expected,
        }),
    }
}

/// Kea's `stats-recount` statements (admin-utils.sh): rebuild the lease
/// statistics from the lease tables; only default and declined leases count.
const RECOUNT: [&str; 4] = [
    "DELETE FROM lease4_stat",
    "INSERT INTO lease4_stat (subnet_id, state, leases) \
     SELECT subnet_id, state, COUNT(*) FROM lease4 WHERE state = 0 OR state = 1 \
     GROUP BY subnet_id, state",
    "DELETE FROM lease6_stat",
    "INSERT INTO lease6_stat (subnet_id, lease_type, state, leases) \
     SELECT subnet_id, lease_type, state, COUNT(*) FROM lease6 WHERE state = 0 OR state = 1 \
     GROUP BY subnet_id, lease_type, state",
];

/// Runs [`RECOUNT`] in one transaction on an open connection.
macro_rules! recount_on {
    ($conn:expr, $kind:expr) => {{
        use diesel_async::SimpleAsyncConnection;
        let conn = $conn;
        let fail = |e| SqlError::query($kind, "stats recount", e);
        conn.batch_execute("START TRANSACTION")
            .await
            .map_err(fail)?;
        for sql in RECOUNT {
            if let Err(e) = conn.batch_execute(sql).await {
                let _ = conn.batch_execute("ROLLBACK").await;
                return Err(fail(e).into());
            }
        }
        conn.batch_execute("COMMIT").await.map_err(fail)?;
    }};
}

/// `stats-recount`: rebuilds `lease4_stat` and `lease6_stat` from the lease
/// tables with Kea's statements, in one transaction.
pub async fn stats_recount(db: &SqlDatabase) -> Result<(), AdminError> {
    require_current(db).await?;
    match db.kind {
        SqlKind::Postgresql => recount_on!(&mut pg_connect(db).await?, db.kind),
        SqlKind::Mysql => recount_on!(&mut mysql_connect(db).await?, db.kind),
    }
    Ok(())
}

/// Refuses a database that is not at Kea 2.2's schema version.
async fn require_current(db: &SqlDatabase) -> Result<(), AdminError> {
    match upgrade(db).await {
        Ok(_) => Ok(()),
        Err(AdminError::UpgradeNotSupported {
            backend,
            database,
            found,
            expected,
        }) => Err(SqlError::SchemaVersion {
            backend,
            database,
            found: found.to_string(),
            expected: expected.to_string(),
            hint: "upgrade it with 'kea-admin db-upgrade'",
        }
        .into()),
        Err(e) => Err(e),
    }
}

/// One stored row with its user context text as stored.
struct DumpRow {
    row: Lease4Row,
    raw_address: i64,
}

type PgTuple = (
    i64,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<i64>,
    Option<DateTime<Utc>>,
    Option<i64>,
    Option<bool>,
    Option<bool>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

type MysqlTuple = (
    u32,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<u32>,
    Option<NaiveDateTime>,
    Option<u32>,
    Option<bool>,
    Option<bool>,
    Option<String>,
    Option<u32>,
    Option<String>,
);

/// A PostgreSQL row in neutral types; `Err` names the column out of range.
fn pg_row(t: PgTuple) -> Result<DumpRow, SkippedRow> {
    let (address, hwaddr, client_id, valid, expire, subnet, fwd, rev, host, state, ctx) = t;
    let u32_of = |v: Option<i64>, what: &str| {
        u32::try_from(v.unwrap_or(0)).map_err(|_| SkippedRow {
            address,
            reason: format!("{what} out of range"),
        })
    };
    Ok(DumpRow {
        row: Lease4Row {
            address: u32_of(Some(address), "address")?,
            hwaddr,
            client_id,
            valid_lifetime: u32_of(valid, "valid_lifetime")?,
            expire: expire.map_or(0, |t| t.timestamp()),
            subnet_id: u32_of(subnet, "subnet_id")?,
            fqdn_fwd: fwd.unwrap_or(false),
            fqdn_rev: rev.unwrap_or(false),
            hostname: host.unwrap_or_default(),
            state: u32_of(state, "state")?,
            user_context: ctx,
        },
        raw_address: address,
    })
}

/// A MySQL row in neutral types.
fn mysql_row(t: MysqlTuple) -> DumpRow {
    let (address, hwaddr, client_id, valid, expire, subnet, fwd, rev, host, state, ctx) = t;
    DumpRow {
        row: Lease4Row {
            address,
            hwaddr,
            client_id,
            valid_lifetime: valid.unwrap_or(0),
            // ruru's MySQL sessions run with time_zone '+00:00'.
            expire: expire.map_or(0, |t| t.and_utc().timestamp()),
            subnet_id: subnet.unwrap_or(0),
            fqdn_fwd: fwd.unwrap_or(false),
            fqdn_rev: rev.unwrap_or(false),
            hostname: host.unwrap_or_default(),
            state: state.unwrap_or(0),
            user_context: ctx,
        },
        raw_address: i64::from(address),
    }
}

/// Selects the eleven lease4 columns in Kea's order, a page after `$after`.
macro_rules! lease4_page {
    ($table:path, $after:expr, $conn:expr, $ty:ty) => {{
        use $table as t;
        t::table
            .select((
                t::address,
                t::hwaddr,
                t::client_id,
                t::valid_lifetime,
                t::expire,
                t::subnet_id,
                t::fqdn_fwd,
                t::fqdn_rev,
                t::hostname,
                t::state,
                t::user_context,
            ))
            .filter(t::address.gt($after))
            .order(t::address.asc())
            .limit(DUMP_PAGE)
            .load::<$ty>($conn)
            .await
    }};
}

/// Encodes one row as a memfile line, or says why it cannot be one.
fn encode(kind: SqlKind, d: DumpRow, out: &mut String) -> Result<(), SkippedRow> {
    let skipped = |reason: String| SkippedRow {
        address: d.raw_address,
        reason,
    };
    let raw_context = d.row.user_context.clone().unwrap_or_default();
    let lease = d.row.into_lease(kind).map_err(|e| skipped(e.to_string()))?;
    check_lease(&lease).map_err(|e| skipped(e.to_string()))?;
    let mut lease = lease;
    // The context is written as stored (like Kea), not re-serialised.
    lease.user_context = None;
    encode_row4(&lease, None, out);
    out.pop();
    escape_into(&raw_context, out);
    out.push('\n');
    Ok(())
}

/// `lease-dump -4`: writes the header and every `lease4` row, ordered by
/// address, as Kea's memfile CSV to `out`. Rows the memfile loader would reject
/// are left out and reported.
pub async fn dump_lease4(db: &SqlDatabase, out: &mut impl Write) -> Result<DumpReport, AdminError> {
    require_current(db).await?;
    let mut report = DumpReport::default();
    out.write_all(HEADER4.as_bytes())?;
    out.write_all(b"\n")?;
    let mut text = String::new();
    match db.kind {
        SqlKind::Postgresql => {
            let mut c = pg_connect(db).await?;
            let mut after = -1i64;
            loop {
                let page = lease4_page!(schema::pg::lease4, after, &mut c, PgTuple)
                    .map_err(|e| SqlError::query(db.kind, "lease4 dump", e))?;
                let Some(last) = page.last().map(|r| r.0) else {
                    break;
                };
                after = last;
                for t in page {
                    let r = pg_row(t).and_then(|d| encode(db.kind, d, &mut text));
                    record(&mut report, r);
                }
                out.write_all(text.as_bytes())?;
                text.clear();
            }
        }
        SqlKind::Mysql => {
            let mut c = mysql_connect(db).await?;
            let mut first = true;
            let mut after = 0u32;
            loop {
                // `address > after` misses address 0 on the first page: read it apart.
                let page = if first {
                    use schema::mysql::lease4 as t;
                    t::table
                        .select((
                            t::address,
                            t::hwaddr,
                            t::client_id,
                            t::valid_lifetime,
                            t::expire,
                            t::subnet_id,
                            t::fqdn_fwd,
                            t::fqdn_rev,
                            t::hostname,
                            t::state,
                            t::user_context,
                        ))
                        .order(t::address.asc())
                        .limit(DUMP_PAGE)
                        .load::<MysqlTuple>(&mut c)
                        .await
                } else {
                    lease4_page!(schema::mysql::lease4, after, &mut c, MysqlTuple)
                }
                .map_err(|e| SqlError::query(db.kind, "lease4 dump", e))?;
                first = false;
                let Some(last) = page.last().map(|r| r.0) else {
                    break;
                };
                after = last;
                for t in page {
                    let r = encode(db.kind, mysql_row(t), &mut text);
                    record(&mut report, r);
                }
                out.write_all(text.as_bytes())?;
                text.clear();
            }
        }
    }
    out.flush()?;
    Ok(report)
}

fn record(report: &mut DumpReport, r: Result<(), SkippedRow>) {
    match r {
        Ok(()) => report.written += 1,
        Err(s) => report.skipped.push(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(address: u32) -> DumpRow {
        DumpRow {
            row: Lease4Row {
                address,
                hwaddr: Some(vec![0x0a, 0x0b]),
                client_id: None,
                valid_lifetime: 4000,
                expire: 1_800_000_000,
                subnet_id: 7,
                fqdn_fwd: true,
                fqdn_rev: false,
                hostname: "a,b&c".into(),
                state: 0,
                user_context: Some(r#"{ "x": 1, "y": 2 }"#.into()),
            },
            raw_address: i64::from(address),
        }
    }

    #[test]
    fn rows_are_memfile_lines_with_the_context_as_stored() {
        let mut out = String::new();
        encode(SqlKind::Postgresql, row(0xc000_020a), &mut out).unwrap();
        assert_eq!(
            out,
            "192.0.2.10,0a:0b,,4000,1800000000,7,1,0,a&#x2cb&#x26c,0,{ \"x\": 1&#x2c \"y\": 2 }\n"
        );
    }

    #[test]
    fn rows_the_memfile_loader_rejects_are_skipped_with_a_reason() {
        let mut r = row(1);
        r.row.hwaddr = Some(Vec::new());
        let mut out = String::new();
        let e = encode(SqlKind::Mysql, r, &mut out).unwrap_err();
        assert!(e.reason.contains("neither hardware address"), "{e:?}");
        let mut r = row(1);
        r.row.state = 9;
        let e = encode(SqlKind::Mysql, r, &mut out).unwrap_err();
        assert!(e.reason.contains("unknown state 9"), "{e:?}");
        assert!(out.is_empty());
    }

    #[test]
    fn versions_print_like_kea_admin() {
        assert_eq!(
            SchemaVersion::expected(SqlKind::Postgresql).to_string(),
            "13.0"
        );
        assert_eq!(SchemaVersion::expected(SqlKind::Mysql).to_string(), "14.0");
    }
}
