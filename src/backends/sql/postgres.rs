//! `PgLeaseStore`: leases in a PostgreSQL database with Kea 2.2's schema (13.0).

use std::future::Future;
use std::net::Ipv4Addr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel_async::RunQueryDsl;

use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::lease_store::{LeaseQuery4, LeaseStore};
use crate::config::model::{SqlDatabase, SqlKind};

use super::connect::{pg_pool, PgManager, SqlPool};
use super::error::SqlError;
use super::group_commit::GroupCommit;
use super::lease6_pg::PgLease6;
use super::migrate::pg_check_schema;
use super::params;
use super::row::{clamp_time, Lease4Row};
use super::schema::pg::lease4;
use super::schema::{INFINITE_LIFETIME, MAX_DB_TIME};
use super::schema_gate::SchemaGate;
use super::unnest_insert::unnest_insert;

const KIND: SqlKind = SqlKind::Postgresql;

unnest_insert!(
    InsertLeases4,
    PgLease4,
    "lease4",
    "address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context",
    "address",
    diesel::sql_types::BigInt,
    address: i64 => BigInt,
    hwaddr: Option<Vec<u8>> => Nullable<Bytea>,
    client_id: Option<Vec<u8>> => Nullable<Bytea>,
    valid_lifetime: Option<i64> => Nullable<BigInt>,
    expire: Option<DateTime<Utc>> => Nullable<Timestamptz>,
    subnet_id: Option<i64> => Nullable<BigInt>,
    fqdn_fwd: Option<bool> => Nullable<Bool>,
    fqdn_rev: Option<bool> => Nullable<Bool>,
    hostname: Option<String> => Nullable<Text>,
    state: Option<i64> => Nullable<BigInt>,
    user_context: Option<String> => Nullable<Text>,
);

/// A lease4 row with PostgreSQL's column types.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = lease4, check_for_backend(Pg), primary_key(address), treat_none_as_null = true)]
struct PgLease4 {
    address: i64,
    hwaddr: Option<Vec<u8>>,
    client_id: Option<Vec<u8>>,
    valid_lifetime: Option<i64>,
    expire: Option<DateTime<Utc>>,
    subnet_id: Option<i64>,
    fqdn_fwd: Option<bool>,
    fqdn_rev: Option<bool>,
    hostname: Option<String>,
    state: Option<i64>,
    user_context: Option<String>,
}

fn timestamp(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(clamp_time(t), 0).unwrap_or(DateTime::UNIX_EPOCH)
}

impl PgLease4 {
    /// Kea's PostgreSQL encoding: absent identifiers and context as empty values.
    fn from_row(r: Lease4Row) -> Self {
        Self {
            address: i64::from(r.address),
            hwaddr: Some(r.hwaddr.unwrap_or_default()),
            client_id: Some(r.client_id.unwrap_or_default()),
            valid_lifetime: Some(i64::from(r.valid_lifetime)),
            expire: Some(timestamp(r.expire)),
            subnet_id: Some(i64::from(r.subnet_id)),
            fqdn_fwd: Some(r.fqdn_fwd),
            fqdn_rev: Some(r.fqdn_rev),
            hostname: Some(r.hostname),
            state: Some(i64::from(r.state)),
            user_context: Some(r.user_context.unwrap_or_default()),
        }
    }

    fn into_lease(self) -> Result<Lease4, SqlError> {
        let address = self.address;
        let bad = |what: &str| SqlError::BadRow {
            backend: KIND,
            address,
            reason: format!("{what} out of range"),
        };
        let u32_of = |v: Option<i64>, what: &str| -> Result<u32, SqlError> {
            u32::try_from(v.unwrap_or(0)).map_err(|_| bad(what))
        };
        Lease4Row {
            address: u32::try_from(address).map_err(|_| bad("address"))?,
            hwaddr: self.hwaddr,
            client_id: self.client_id,
            valid_lifetime: u32_of(self.valid_lifetime, "valid_lifetime")?,
            expire: self.expire.map_or(0, |t| t.timestamp()),
            subnet_id: u32_of(self.subnet_id, "subnet_id")?,
            fqdn_fwd: self.fqdn_fwd.unwrap_or(false),
            fqdn_rev: self.fqdn_rev.unwrap_or(false),
            hostname: self.hostname.unwrap_or_default(),
            state: u32_of(self.state, "state")?,
            user_context: self.user_context,
        }
        .into_lease(KIND)
    }
}

fn leases(rows: Vec<PgLease4>) -> Result<Vec<Lease4>, SqlError> {
    rows.into_iter().map(PgLease4::into_lease).collect()
}

type Cond = Box<
    dyn BoxableExpression<
        lease4::table,
        Pg,
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
    let mut cond: Cond = Box::new(t::address.eq(i64::from(old.address)).nullable());
    let parts: Vec<Cond> = vec![
        absent_or_eq!(t::hwaddr, old.hwaddr.clone(), Vec::<u8>::new()),
        absent_or_eq!(t::client_id, old.client_id.clone(), Vec::<u8>::new()),
        Box::new(t::valid_lifetime.eq(i64::from(old.valid_lifetime))),
        Box::new(t::expire.eq(timestamp(old.expire))),
        Box::new(t::subnet_id.eq(i64::from(old.subnet_id))),
        flag!(t::fqdn_fwd, old.fqdn_fwd),
        flag!(t::fqdn_rev, old.fqdn_rev),
        absent_or_eq!(
            t::hostname,
            (!old.hostname.is_empty()).then(|| old.hostname.clone()),
            String::new()
        ),
        Box::new(t::state.eq(i64::from(old.state))),
        absent_or_eq!(t::user_context, old.user_context.clone(), String::new()),
    ];
    for p in parts {
        cond = Box::new(cond.and(p));
    }
    cond
}

/// Leases in PostgreSQL, through a bb8 pool; every operation under a deadline.
#[derive(Debug)]
pub struct PgLeaseStore {
    pub(super) pool: SqlPool<PgManager>,
    deadline: Duration,
    /// Closed while the database has not been reached since startup
    /// (`retry-on-startup`).
    gate: SchemaGate,
    /// New lease4 rows, written together (group commit).
    inserts4: GroupCommit<PgLease4>,
    /// New lease6 rows, written together (group commit).
    pub(super) inserts6: GroupCommit<PgLease6>,
}

impl PgLeaseStore {
    /// Connects, refuses a schema other than Kea 2.2's (13.0), and returns a store
    /// whose pool connects on demand.
    pub async fn connect(db: &SqlDatabase) -> Result<Self, SqlError> {
        pg_check_schema(db).await?;
        Ok(Self::with_checked_schema(db))
    }

    /// A store over a database whose schema was already checked; no I/O here
    /// (connections open on first use). Must be called inside a tokio runtime.
    pub fn with_checked_schema(db: &SqlDatabase) -> Self {
        Self {
            pool: pg_pool(db),
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
            pg_check_schema(self.pool.database()).await?;
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

    /// One group-commit batch of new lease4 rows: which of them were inserted.
    async fn write_leases4(&self, rows: Vec<PgLease4>) -> Result<Vec<bool>, SqlError> {
        let mut c = self.pool.get().await?;
        let inserted: std::collections::HashSet<i64> = InsertLeases4::new(&rows)
            .load::<i64>(&mut c)
            .await
            .map_err(q("add4"))?
            .into_iter()
            .collect();
        Ok(rows.iter().map(|r| inserted.contains(&r.address)).collect())
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

impl LeaseStore for PgLeaseStore {
    type Error = SqlError;

    async fn get4(&self, a: Ipv4Addr) -> Result<Option<Lease4>, SqlError> {
        self.run("get4", async {
            let mut c = self.pool.get().await?;
            lease4::table
                .find(i64::from(u32::from(a)))
                .select(PgLease4::as_select())
                .first(&mut c)
                .await
                .optional()
                .map_err(q("get4"))?
                .map(PgLease4::into_lease)
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
                .select(PgLease4::as_select())
                .order(lease4::address);
            // Two static shapes, not a boxed query: each is prepared once
            // per connection instead of parsed for every packet.
            let rows = match subnet {
                Some(s) => {
                    base.filter(lease4::subnet_id.eq(i64::from(s)))
                        .load(&mut c)
                        .await
                }
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
                .select(PgLease4::as_select())
                .order(lease4::address);
            // Two static shapes, not a boxed query: each is prepared once
            // per connection instead of parsed for every packet.
            let rows = match subnet {
                Some(s) => {
                    base.filter(lease4::subnet_id.eq(i64::from(s)))
                        .load(&mut c)
                        .await
                }
                None => base.load(&mut c).await,
            };
            leases(rows.map_err(q("get4_by_client_id"))?)
        })
        .await
    }

    /// One statement, three index lookups joined by UNION ALL (primary key,
    /// client id, hardware address), an absent part bound as NULL (which
    /// matches nothing). Not one OR: PostgreSQL may cache a generic plan made
    /// while the table was still small, and for an OR that plan is a
    /// sequential scan that stays as the table grows; each branch here is a
    /// plain index lookup whatever the table size.
    async fn get4_matching(&self, query: &LeaseQuery4<'_>) -> Result<Vec<Lease4>, SqlError> {
        let address = query.address.map(|a| i64::from(u32::from(a)));
        let subnets: Vec<i64> = query.subnets.iter().map(|&s| i64::from(s)).collect();
        let client_id = query.client_id.map(<[u8]>::to_vec);
        let hwaddr = query.hwaddr.filter(|h| !h.is_empty()).map(<[u8]>::to_vec);
        self.run("get4_matching", async {
            let mut c = self.pool.get().await?;
            let by_address = lease4::table
                .filter(lease4::address.nullable().eq(address))
                .select(PgLease4::as_select());
            let by_client_id = lease4::table
                .filter(lease4::client_id.eq(client_id))
                .filter(lease4::subnet_id.eq_any(subnets.clone()))
                .select(PgLease4::as_select());
            let by_hwaddr = lease4::table
                .filter(lease4::hwaddr.eq(hwaddr))
                .filter(lease4::subnet_id.eq_any(subnets))
                .select(PgLease4::as_select());
            let rows: Vec<PgLease4> = by_address
                .union_all(by_client_id)
                .union_all(by_hwaddr)
                .load(&mut c)
                .await
                .map_err(q("get4_matching"))?;
            let mut found = leases(rows)?;
            found.sort_by_key(|l| l.address);
            found.dedup_by_key(|l| l.address);
            Ok(found)
        })
        .await
    }

    /// One SELECT on Kea's `lease4_stat`, which the schema's triggers keep
    /// equal to the lease table's counts whoever writes it.
    async fn count4_by_subnet(&self) -> Result<Vec<(u32, u32, i64)>, SqlError> {
        use super::schema::pg::lease4_stat;
        self.run("count4_by_subnet", async {
            let mut c = self.pool.get().await?;
            let rows: Vec<(i64, i64, Option<i64>)> = lease4_stat::table
                .select((
                    lease4_stat::subnet_id,
                    lease4_stat::state,
                    lease4_stat::leases,
                ))
                .load(&mut c)
                .await
                .map_err(q("count4_by_subnet"))?;
            super::row::lease4_stat_counts(KIND, rows)
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
                .select(PgLease4::as_select())
                .order(lease4::address)
                .into_boxed();
            if let Some(list) = subnets {
                let ids: Vec<i64> = list.iter().map(|&s| i64::from(s)).collect();
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
                .filter(lease4::address.gt(i64::from(u32::from(after))))
                .select(PgLease4::as_select())
                .order(lease4::address)
                .limit(i64::try_from(limit).unwrap_or(i64::MAX))
                .load(&mut c)
                .await
                .map_err(q("get4_page"))?;
            leases(rows)
        })
        .await
    }

    /// Written with the other new leases of the moment in one statement and
    /// one commit ([`GroupCommit`]); answered once that commit returned.
    async fn add4(&self, lease: &Lease4) -> Result<bool, SqlError> {
        let row = PgLease4::from_row(Lease4Row::from_lease(KIND, lease)?);
        let key = u128::from(u32::from(lease.address));
        self.run(
            "add4",
            self.inserts4
                .insert(key, row, |rows| self.write_leases4(rows)),
        )
        .await
    }

    async fn update4(&self, lease: &Lease4) -> Result<bool, SqlError> {
        let row = PgLease4::from_row(Lease4Row::from_lease(KIND, lease)?);
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
        let row = PgLease4::from_row(Lease4Row::from_lease(KIND, new)?);
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
            let n = diesel::delete(lease4::table.find(i64::from(u32::from(a))))
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
                .filter(lease4::state.eq_any([
                    i64::from(LeaseState::Default.as_u32()),
                    i64::from(LeaseState::Declined.as_u32()),
                ]))
                .filter(lease4::valid_lifetime.ne(INFINITE_LIFETIME))
                .filter(lease4::expire.le(timestamp(now.min(MAX_DB_TIME))))
                .select(PgLease4::as_select())
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
                    .filter(lease4::state.eq(i64::from(LeaseState::ExpiredReclaimed.as_u32())))
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
                    diesel::delete(lease4::table.filter(lease4::subnet_id.eq(i64::from(s))))
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
