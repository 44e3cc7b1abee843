//! `MysqlLeaseStore`: leases in a MySQL/MariaDB database with Kea 2.2's schema (14.0).
//!
//! Sessions run with `time_zone = '+00:00'` (diesel-async's setup), so TIMESTAMP
//! values are UTC whatever the server's zone; MySQL stores TIMESTAMP as UTC anyway,
//! so Kea (which writes local time in the server's zone) reads the same instants.

use std::future::Future;
use std::net::Ipv4Addr;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime};
use diesel::mysql::Mysql;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::lease_store::{LeaseQuery4, LeaseStore};
use crate::config::model::{SqlDatabase, SqlKind};

use super::cached_insert::cached_insert;
use super::connect::{mysql_pool, MysqlManager, SqlPool};
use super::error::SqlError;
use super::group_commit::GroupCommit;
use super::lease6_mysql::MyLease6;
use super::migrate::mysql_check_schema;
use super::params;
use super::row::{clamp_time, Lease4Row};
use super::schema::mysql::lease4;
use super::schema::MAX_DB_TIME;
use super::schema_gate::SchemaGate;

const KIND: SqlKind = SqlKind::Mysql;

/// An INSERT's future, as [`MysqlLeaseStore::write_batch`] runs it.
pub(super) type InsertFuture<'r> =
    std::pin::Pin<Box<dyn Future<Output = diesel::QueryResult<usize>> + Send + 'r>>;

/// How [`MysqlLeaseStore::write_batch`] inserts rows of one table.
pub(super) struct BatchInserts<R: 'static> {
    /// All rows in one statement (fails as a whole on a taken key).
    pub all: for<'r> fn(&'r [R], &'r mut diesel_async::AsyncMysqlConnection) -> InsertFuture<'r>,
    /// One row.
    pub one: for<'r> fn(&'r R, &'r mut diesel_async::AsyncMysqlConnection) -> InsertFuture<'r>,
}

/// A lease4 row with MySQL's column types.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = lease4, check_for_backend(Mysql), primary_key(address), treat_none_as_null = true)]
struct MyLease4 {
    address: u32,
    hwaddr: Option<Vec<u8>>,
    client_id: Option<Vec<u8>>,
    valid_lifetime: Option<u32>,
    expire: Option<NaiveDateTime>,
    subnet_id: Option<u32>,
    fqdn_fwd: Option<bool>,
    fqdn_rev: Option<bool>,
    hostname: Option<String>,
    state: Option<u32>,
    user_context: Option<String>,
}

cached_insert!(
    InsertLease4,
    MyLease4,
    Mysql,
    "lease4",
    "address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context",
    address: Unsigned<Integer>,
    hwaddr: Nullable<Varbinary>,
    client_id: Nullable<Varbinary>,
    valid_lifetime: Nullable<Unsigned<Integer>>,
    expire: Nullable<Timestamp>,
    subnet_id: Nullable<Unsigned<Integer>>,
    fqdn_fwd: Nullable<Bool>,
    fqdn_rev: Nullable<Bool>,
    hostname: Nullable<Text>,
    state: Nullable<Unsigned<Integer>>,
    user_context: Nullable<Text>,
);

/// A UTC TIMESTAMP value; MySQL's TIMESTAMP starts at 1970-01-01 00:00:01.
fn timestamp(t: i64) -> NaiveDateTime {
    DateTime::from_timestamp(clamp_time(t).max(1), 0)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .naive_utc()
}

impl MyLease4 {
    /// Kea's MySQL encoding: absent identifiers and context as NULL.
    fn from_row(r: Lease4Row) -> Self {
        Self {
            address: r.address,
            hwaddr: r.hwaddr,
            client_id: r.client_id,
            valid_lifetime: Some(r.valid_lifetime),
            expire: Some(timestamp(r.expire)),
            subnet_id: Some(r.subnet_id),
            fqdn_fwd: Some(r.fqdn_fwd),
            fqdn_rev: Some(r.fqdn_rev),
            hostname: Some(r.hostname),
            state: Some(r.state),
            user_context: r.user_context,
        }
    }

    fn into_lease(self) -> Result<Lease4, SqlError> {
        Lease4Row {
            address: self.address,
            hwaddr: self.hwaddr,
            client_id: self.client_id,
            valid_lifetime: self.valid_lifetime.unwrap_or(0),
            expire: self.expire.map_or(0, |t| t.and_utc().timestamp()),
            subnet_id: self.subnet_id.unwrap_or(0),
            fqdn_fwd: self.fqdn_fwd.unwrap_or(false),
            fqdn_rev: self.fqdn_rev.unwrap_or(false),
            hostname: self.hostname.unwrap_or_default(),
            state: self.state.unwrap_or(0),
            user_context: self.user_context,
        }
        .into_lease(KIND)
    }
}

fn leases(rows: Vec<MyLease4>) -> Result<Vec<Lease4>, SqlError> {
    rows.into_iter().map(MyLease4::into_lease).collect()
}

type Cond = Box<
    dyn BoxableExpression<
        lease4::table,
        Mysql,
        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
    >,
>;

/// `column` holds `value`, where an absent value may be stored as NULL or empty.
macro_rules! absent_or_eq {
    ($col:expr, $value:expr, $empty:expr) => {{
        let cond: Cond = match $value {
            Some(v) => Box::new($col.eq(v)),
            None => Box::new($col.is_null().nullable().or($col.eq($empty))),
        };
        cond
    }};
}

/// WHERE clause: the stored row still equals `old` (compare-and-swap for `replace4`).
fn unchanged(old: &Lease4Row) -> Cond {
    use lease4 as t;
    // A flag Kea always writes; NULL (hand-made rows) reads back as false.
    macro_rules! flag {
        ($col:expr, $v:expr) => {{
            let cond: Cond = if $v {
                Box::new($col.eq(true))
            } else {
                Box::new($col.eq(false).or($col.is_null().nullable()))
            };
            cond
        }};
    }
    let mut cond: Cond = Box::new(t::address.eq(old.address).nullable());
    let parts: Vec<Cond> = vec![
        absent_or_eq!(t::hwaddr, old.hwaddr.clone(), Vec::<u8>::new()),
        absent_or_eq!(t::client_id, old.client_id.clone(), Vec::<u8>::new()),
        Box::new(t::valid_lifetime.eq(old.valid_lifetime)),
        Box::new(t::expire.eq(timestamp(old.expire))),
        Box::new(t::subnet_id.eq(old.subnet_id)),
        flag!(t::fqdn_fwd, old.fqdn_fwd),
        flag!(t::fqdn_rev, old.fqdn_rev),
        absent_or_eq!(
            t::hostname,
            (!old.hostname.is_empty()).then(|| old.hostname.clone()),
            String::new()
        ),
        Box::new(t::state.eq(old.state)),
        absent_or_eq!(t::user_context, old.user_context.clone(), String::new()),
    ];
    for p in parts {
        cond = Box::new(cond.and(p));
    }
    cond
}

/// Leases in MySQL/MariaDB, through a bb8 pool; every operation under a deadline.
#[derive(Debug)]
pub struct MysqlLeaseStore {
    pub(super) pool: SqlPool<MysqlManager>,
    deadline: Duration,
    /// Closed while the database has not been reached since startup
    /// (`retry-on-startup`).
    gate: SchemaGate,
    /// New lease4 rows, written together (group commit).
    inserts4: GroupCommit<MyLease4>,
    /// New lease6 rows, written together (group commit).
    pub(super) inserts6: GroupCommit<MyLease6>,
}

impl MysqlLeaseStore {
    /// Connects, refuses a schema other than Kea 2.2's (14.0), and returns a store
    /// whose pool connects on demand.
    pub async fn connect(db: &SqlDatabase) -> Result<Self, SqlError> {
        mysql_check_schema(db).await?;
        Ok(Self::with_checked_schema(db))
    }

    /// A store over a database whose schema was already checked; no I/O here
    /// (connections open on first use). Must be called inside a tokio runtime.
    pub fn with_checked_schema(db: &SqlDatabase) -> Self {
        Self {
            pool: mysql_pool(db),
            deadline: params::operation_deadline(db),
            gate: SchemaGate::open(),
            inserts4: GroupCommit::new(KIND),
            inserts6: GroupCommit::new(KIND),
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
    /// answers within `connect-timeout`; the old pool stays on failure.
    ///
    /// CANCEL-SAFETY: see [`SqlPool::reconnect`]: dropping the future leaves
    /// the old pool installed.
    /// A store opened unreached checks the schema version first, as a
    /// normal start does.
    pub async fn reconnect(&self) -> Result<(), SqlError> {
        if !self.gate.is_open() {
            mysql_check_schema(self.pool.database()).await?;
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

    /// One group-commit batch in one transaction: a many-row INSERT; if a key
    /// is taken (MySQL rolls back only that statement and cannot say which
    /// row), each row's own INSERT, where a duplicate fails only its row. A
    /// lone row is written in autocommit.
    pub(super) async fn write_batch<R: Sync>(
        &self,
        operation: &'static str,
        rows: Vec<R>,
        insert: BatchInserts<R>,
    ) -> Result<Vec<bool>, SqlError> {
        let mut c = self.pool.get().await?;
        let one = |r: diesel::QueryResult<usize>| match r {
            Ok(_) => Ok(true),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
            Err(e) => Err(e),
        };
        if let [row] = rows.as_slice() {
            return Ok(vec![
                one((insert.one)(row, &mut c).await).map_err(q(operation))?
            ]);
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
        .map_err(q(operation))
    }

    /// Runs `op` under the operation deadline.
    pub(super) async fn run<T>(
        &self,
        operation: &'static str,
        op: impl Future<Output = Result<T, SqlError>>,
    ) -> Result<T, SqlError> {
        if !self.gate.is_open() {
            return Err(SqlError::NotReached {
                backend: KIND,
                database: self.pool.database().name.clone(),
            });
        }
        tokio::time::timeout(self.deadline, op)
            .await
            .unwrap_or(Err(SqlError::Deadline {
                backend: KIND,
                operation,
                after: self.deadline,
            }))
    }
}

fn q(operation: &'static str) -> impl FnOnce(DieselError) -> SqlError {
    move |e| SqlError::query(KIND, operation, e)
}

impl LeaseStore for MysqlLeaseStore {
    type Error = SqlError;

    async fn get4(&self, a: Ipv4Addr) -> Result<Option<Lease4>, SqlError> {
        self.run("get4", async {
            let mut c = self.pool.get().await?;
            lease4::table
                .find(u32::from(a))
                .select(MyLease4::as_select())
                .first(&mut c)
                .await
                .optional()
                .map_err(q("get4"))?
                .map(MyLease4::into_lease)
                .transpose()
        })
        .await
    }

    async fn get4_by_hwaddr(
        &self,
        hw: &[u8],
        subnet: Option<u32>,
    ) -> Result<Vec<Lease4>, SqlError> {
        self.run("get4_by_hwaddr", async {
            let mut c = self.pool.get().await?;
            let base = lease4::table
                .filter(lease4::hwaddr.eq(hw))
                .select(MyLease4::as_select())
                .order(lease4::address);
            // Two static shapes, not a boxed query: each is prepared once
            // per connection instead of parsed for every packet.
            let rows = match subnet {
                Some(s) => base.filter(lease4::subnet_id.eq(s)).load(&mut c).await,
                None => base.load(&mut c).await,
            };
            leases(rows.map_err(q("get4_by_hwaddr"))?)
        })
        .await
    }

    async fn get4_by_client_id(
        &self,
        cid: &[u8],
        subnet: Option<u32>,
    ) -> Result<Vec<Lease4>, SqlError> {
        self.run("get4_by_client_id", async {
            let mut c = self.pool.get().await?;
            let base = lease4::table
                .filter(lease4::client_id.eq(cid))
                .select(MyLease4::as_select())
                .order(lease4::address);
            // Two static shapes, not a boxed query: each is prepared once
            // per connection instead of parsed for every packet.
            let rows = match subnet {
                Some(s) => base.filter(lease4::subnet_id.eq(s)).load(&mut c).await,
                None => base.load(&mut c).await,
            };
            leases(rows.map_err(q("get4_by_client_id"))?)
        })
        .await
    }

    /// One statement, `address = ? OR client_id = ? OR hwaddr = ?` (an absent
    /// part bound as NULL, which matches nothing; MariaDB merges the three
    /// index lookups), the subnets applied here: with no variable-length
    /// `IN (..)` the statement has one shape and is prepared once per
    /// connection instead of prepared and closed for every packet.
    async fn get4_matching(&self, query: &LeaseQuery4<'_>) -> Result<Vec<Lease4>, SqlError> {
        let address = query.address.map(u32::from);
        let client_id = query.client_id.map(<[u8]>::to_vec);
        let hwaddr = query.hwaddr.filter(|h| !h.is_empty()).map(<[u8]>::to_vec);
        let found = self
            .run("get4_matching", async {
                let mut c = self.pool.get().await?;
                let rows = lease4::table
                    .filter(
                        lease4::address
                            .nullable()
                            .eq(address)
                            .or(lease4::client_id.eq(client_id))
                            .or(lease4::hwaddr.eq(hwaddr)),
                    )
                    .select(MyLease4::as_select())
                    .order(lease4::address)
                    .load(&mut c)
                    .await
                    .map_err(q("get4_matching"))?;
                leases(rows)
            })
            .await?;
        Ok(found
            .into_iter()
            .filter(|l| Some(l.address) == query.address || query.subnets.contains(&l.subnet_id))
            .collect())
    }

    /// One SELECT on Kea's `lease4_stat`, which the schema's triggers keep
    /// equal to the lease table's counts whoever writes it.
    async fn count4_by_subnet(&self) -> Result<Vec<(u32, u32, i64)>, SqlError> {
        use super::schema::mysql::lease4_stat;
        self.run("count4_by_subnet", async {
            let mut c = self.pool.get().await?;
            let rows: Vec<(u32, u32, Option<i64>)> = lease4_stat::table
                .select((
                    lease4_stat::subnet_id,
                    lease4_stat::state,
                    lease4_stat::leases,
                ))
                .load(&mut c)
                .await
                .map_err(q("count4_by_subnet"))?;
            super::row::lease4_stat_counts(
                KIND,
                rows.into_iter()
                    .map(|(s, st, n)| (i64::from(s), i64::from(st), n)),
            )
        })
        .await
    }

    async fn get4_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease4>, SqlError> {
        if subnets.is_some_and(<[u32]>::is_empty) {
            return Ok(Vec::new());
        }
        self.run("get4_all", async {
            let mut c = self.pool.get().await?;
            let mut query = lease4::table
                .select(MyLease4::as_select())
                .order(lease4::address)
                .into_boxed();
            if let Some(list) = subnets {
                let ids: Vec<u32> = list.to_vec();
                query = query.filter(lease4::subnet_id.eq_any(ids));
            }
            leases(query.load(&mut c).await.map_err(q("get4_all"))?)
        })
        .await
    }

    async fn get4_page(&self, after: Ipv4Addr, limit: usize) -> Result<Vec<Lease4>, SqlError> {
        self.run("get4_page", async {
            let mut c = self.pool.get().await?;
            let rows = lease4::table
                .filter(lease4::address.gt(u32::from(after)))
                .select(MyLease4::as_select())
                .order(lease4::address)
                .limit(i64::try_from(limit).unwrap_or(i64::MAX))
                .load(&mut c)
                .await
                .map_err(q("get4_page"))?;
            leases(rows)
        })
        .await
    }

    /// Written with the other new leases of the moment in one transaction
    /// ([`GroupCommit`]); answered once that commit returned.
    async fn add4(&self, lease: &Lease4) -> Result<bool, SqlError> {
        let row = MyLease4::from_row(Lease4Row::from_lease(KIND, lease)?);
        let key = u128::from(u32::from(lease.address));
        self.run(
            "add4",
            self.inserts4.insert(key, row, |rows| {
                self.write_batch(
                    "add4",
                    rows,
                    BatchInserts {
                        all: |rs, c| {
                            Box::pin(diesel::insert_into(lease4::table).values(rs).execute(c))
                        },
                        one: |r, c| Box::pin(InsertLease4(r).execute(c)),
                    },
                )
            }),
        )
        .await
    }

    async fn update4(&self, lease: &Lease4) -> Result<bool, SqlError> {
        let row = MyLease4::from_row(Lease4Row::from_lease(KIND, lease)?);
        self.run("update4", async {
            let mut c = self.pool.get().await?;
            let n = diesel::update(lease4::table.find(row.address))
                .set(&row)
                .execute(&mut c)
                .await
                .map_err(q("update4"))?;
            Ok(n == 1)
        })
        .await
    }

    async fn replace4(&self, old: &Lease4, new: &Lease4) -> Result<bool, SqlError> {
        let old_row = Lease4Row::from_lease(KIND, old)?;
        let row = MyLease4::from_row(Lease4Row::from_lease(KIND, new)?);
        if old_row.address != u32::from(new.address) {
            return Ok(false);
        }
        self.run("replace4", async {
            let mut c = self.pool.get().await?;
            let n = diesel::update(lease4::table.filter(unchanged(&old_row)))
                .set(&row)
                .execute(&mut c)
                .await
                .map_err(q("replace4"))?;
            Ok(n == 1)
        })
        .await
    }

    async fn delete4(&self, a: Ipv4Addr) -> Result<bool, SqlError> {
        self.run("delete4", async {
            let mut c = self.pool.get().await?;
            let n = diesel::delete(lease4::table.find(u32::from(a)))
                .execute(&mut c)
                .await
                .map_err(q("delete4"))?;
            Ok(n == 1)
        })
        .await
    }

    async fn expired4(&self, now: i64, limit: usize) -> Result<Vec<Lease4>, SqlError> {
        self.run("expired4", async {
            let mut c = self.pool.get().await?;
            let mut query = lease4::table
                .filter(
                    lease4::state
                        .eq_any([LeaseState::Default.as_u32(), LeaseState::Declined.as_u32()]),
                )
                .filter(lease4::valid_lifetime.ne(u32::MAX))
                .filter(lease4::expire.le(timestamp(now.min(MAX_DB_TIME))))
                .select(MyLease4::as_select())
                .order((lease4::expire, lease4::address))
                .into_boxed();
            if limit > 0 {
                query = query.limit(i64::try_from(limit).unwrap_or(i64::MAX));
            }
            leases(query.load(&mut c).await.map_err(q("expired4"))?)
        })
        .await
    }

    async fn flush_reclaimed4(&self, before: i64) -> Result<u64, SqlError> {
        self.run("flush_reclaimed4", async {
            let mut c = self.pool.get().await?;
            let n = diesel::delete(
                lease4::table
                    .filter(lease4::state.eq(LeaseState::ExpiredReclaimed.as_u32()))
                    .filter(lease4::expire.lt(timestamp(before))),
            )
            .execute(&mut c)
            .await
            .map_err(q("flush_reclaimed4"))?;
            Ok(n as u64)
        })
        .await
    }

    async fn wipe4(&self, subnet: Option<u32>) -> Result<u64, SqlError> {
        self.run("wipe4", async {
            let mut c = self.pool.get().await?;
            let n = match subnet {
                Some(s) => {
                    diesel::delete(lease4::table.filter(lease4::subnet_id.eq(s)))
                        .execute(&mut c)
                        .await
                }
                None => diesel::delete(lease4::table).execute(&mut c).await,
            }
            .map_err(q("wipe4"))?;
            Ok(n as u64)
        })
        .await
    }
}
