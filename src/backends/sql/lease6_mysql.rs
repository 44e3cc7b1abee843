//! [`Lease6Store`] on [`MysqlLeaseStore`]: DHCPv6 leases in Kea 2.2's MySQL
//! `lease6` table (schema 14.0), over the same pool, deadline and schema gate as lease4.
//!
//! Kea 2.2's key is the address text alone (`VARCHAR(39) PRIMARY KEY`), so an
//! address and a prefix with the same first address cannot both be stored: the
//! second `add6` returns `Ok(false)`, as Kea's own insert fails.

use std::net::Ipv6Addr;

use chrono::{DateTime, NaiveDateTime};
use diesel::mysql::Mysql;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel_async::RunQueryDsl;

use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType};
use crate::backends::lease6_store::Lease6Store;
use crate::config::model::SqlKind;

use super::cached_insert::cached_insert;
use super::error::SqlError;
use super::lease6_row::{address_text, hwtype_or_default, sorted, Lease6Row};
use super::mysql::{BatchInserts, MysqlLeaseStore};
use super::row::clamp_time;
use super::schema::mysql::lease6;
use super::schema::MAX_DB_TIME;

const KIND: SqlKind = SqlKind::Mysql;

/// A lease6 row with MySQL's column types.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = lease6, check_for_backend(Mysql), primary_key(address), treat_none_as_null = true)]
pub(super) struct MyLease6 {
    address: String,
    duid: Option<Vec<u8>>,
    valid_lifetime: Option<u32>,
    expire: Option<NaiveDateTime>,
    subnet_id: Option<u32>,
    pref_lifetime: Option<u32>,
    lease_type: Option<i8>,
    iaid: Option<u32>,
    prefix_len: Option<u8>,
    fqdn_fwd: Option<bool>,
    fqdn_rev: Option<bool>,
    hostname: Option<String>,
    hwaddr: Option<Vec<u8>>,
    hwtype: Option<u16>,
    hwaddr_source: Option<u32>,
    state: Option<u32>,
    user_context: Option<String>,
}

cached_insert!(
    InsertLease6,
    MyLease6,
    Mysql,
    "lease6",
    "address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, hwtype, hwaddr_source, state, user_context",
    address: Text,
    duid: Nullable<Varbinary>,
    valid_lifetime: Nullable<Unsigned<Integer>>,
    expire: Nullable<Timestamp>,
    subnet_id: Nullable<Unsigned<Integer>>,
    pref_lifetime: Nullable<Unsigned<Integer>>,
    lease_type: Nullable<TinyInt>,
    iaid: Nullable<Unsigned<Integer>>,
    prefix_len: Nullable<Unsigned<TinyInt>>,
    fqdn_fwd: Nullable<Bool>,
    fqdn_rev: Nullable<Bool>,
    hostname: Nullable<Text>,
    hwaddr: Nullable<Varbinary>,
    hwtype: Nullable<Unsigned<SmallInt>>,
    hwaddr_source: Nullable<Unsigned<Integer>>,
    state: Nullable<Unsigned<Integer>>,
    user_context: Nullable<Text>,
);

/// A UTC TIMESTAMP value; MySQL's TIMESTAMP starts at 1970-01-01 00:00:01.
fn timestamp(t: i64) -> NaiveDateTime {
    DateTime::from_timestamp(clamp_time(t).max(1), 0)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .naive_utc()
}

fn type_code(t: LeaseType) -> i8 {
    t as i8
}

impl MyLease6 {
    /// Kea's MySQL encoding: an absent hardware address or context as NULL
    /// (hwtype and hwaddr_source are still written, so a lease reads back whole).
    fn from_row(r: Lease6Row, _address: Ipv6Addr) -> Result<Self, SqlError> {
        Ok(Self {
            address: r.address,
            duid: Some(r.duid),
            valid_lifetime: Some(r.valid_lifetime),
            expire: Some(timestamp(r.expire)),
            subnet_id: Some(r.subnet_id),
            pref_lifetime: Some(r.pref_lifetime),
            lease_type: Some(r.lease_type as i8),
            iaid: Some(r.iaid),
            prefix_len: Some(r.prefix_len),
            fqdn_fwd: Some(r.fqdn_fwd),
            fqdn_rev: Some(r.fqdn_rev),
            hostname: Some(r.hostname),
            hwaddr: r.hwaddr,
            hwtype: Some(r.hwtype),
            hwaddr_source: Some(r.hwaddr_source),
            state: Some(r.state),
            user_context: r.user_context,
        })
    }

    fn into_lease(self) -> Result<Lease6, SqlError> {
        let lease_type =
            u8::try_from(self.lease_type.unwrap_or(0)).map_err(|_| SqlError::BadRow6 {
                backend: KIND,
                address: self.address.clone(),
                reason: "lease_type out of range".into(),
            })?;
        Lease6Row {
            valid_lifetime: self.valid_lifetime.unwrap_or(0),
            expire: self.expire.map_or(0, |t| t.and_utc().timestamp()),
            subnet_id: self.subnet_id.unwrap_or(0),
            pref_lifetime: self.pref_lifetime.unwrap_or(0),
            lease_type,
            iaid: self.iaid.unwrap_or(0),
            prefix_len: self.prefix_len.unwrap_or(0),
            fqdn_fwd: self.fqdn_fwd.unwrap_or(false),
            fqdn_rev: self.fqdn_rev.unwrap_or(false),
            hostname: self.hostname.unwrap_or_default(),
            hwaddr: self.hwaddr.filter(|h| !h.is_empty()),
            hwtype: hwtype_or_default(self.hwtype),
            hwaddr_source: self.hwaddr_source.unwrap_or(0),
            state: self.state.unwrap_or(0),
            user_context: self.user_context,
            duid: self.duid.unwrap_or_default(),
            address: self.address,
        }
        .into_lease(KIND)
    }
}

fn leases(rows: Vec<MyLease6>) -> Result<Vec<Lease6>, SqlError> {
    rows.into_iter()
        .map(MyLease6::into_lease)
        .collect::<Result<_, _>>()
        .map(sorted)
}

type Cond = Box<
    dyn BoxableExpression<
        lease6::table,
        Mysql,
        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
    >,
>;

/// WHERE clause: the stored row still equals `old` (compare-and-swap for
/// `replace6`). Columns another writer may leave NULL compare as their default.
fn unchanged(old: &MyLease6) -> Cond {
    use lease6 as t;
    macro_rules! nullable_or_eq {
        ($col:expr, $v:expr, $default:expr) => {{
            let cond: Cond = if $v == $default {
                Box::new($col.eq($default).or($col.is_null().nullable()))
            } else {
                Box::new($col.eq($v))
            };
            cond
        }};
    }
    let hwaddr = old.hwaddr.clone().unwrap_or_default();
    let mut parts: Vec<Cond> = vec![
        Box::new(t::lease_type.eq(old.lease_type)),
        Box::new(t::duid.eq(old.duid.clone())),
        Box::new(t::valid_lifetime.eq(old.valid_lifetime)),
        Box::new(t::expire.eq(old.expire)),
        Box::new(t::subnet_id.eq(old.subnet_id)),
        Box::new(t::pref_lifetime.eq(old.pref_lifetime)),
        Box::new(t::iaid.eq(old.iaid)),
        Box::new(t::prefix_len.eq(old.prefix_len)),
        nullable_or_eq!(t::fqdn_fwd, old.fqdn_fwd.unwrap_or(false), false),
        nullable_or_eq!(t::fqdn_rev, old.fqdn_rev.unwrap_or(false), false),
        nullable_or_eq!(
            t::hostname,
            old.hostname.clone().unwrap_or_default(),
            String::new()
        ),
        Box::new(t::state.eq(old.state)),
        nullable_or_eq!(t::hwaddr, hwaddr.clone(), Vec::<u8>::new()),
        nullable_or_eq!(
            t::user_context,
            old.user_context.clone().unwrap_or_default(),
            String::new()
        ),
    ];
    if !hwaddr.is_empty() {
        parts.push(Box::new(t::hwtype.eq(old.hwtype)));
        parts.push(Box::new(t::hwaddr_source.eq(old.hwaddr_source)));
    }
    let mut cond: Cond = Box::new(t::address.eq(old.address.clone()).nullable());
    for p in parts {
        cond = Box::new(cond.and(p));
    }
    cond
}

fn q(operation: &'static str) -> impl FnOnce(DieselError) -> SqlError {
    move |e| SqlError::query(KIND, operation, e)
}

fn row_of(lease: &Lease6) -> Result<MyLease6, SqlError> {
    MyLease6::from_row(Lease6Row::from_lease(KIND, lease)?, lease.address)
}

impl Lease6Store for MysqlLeaseStore {
    type Error = SqlError;

    async fn get6(&self, t: LeaseType, a: Ipv6Addr) -> Result<Option<Lease6>, SqlError> {
        self.run("get6", async {
            let mut c = self.pool.get().await?;
            lease6::table
                .filter(lease6::address.eq(address_text(a)))
                .filter(lease6::lease_type.eq(type_code(t)))
                .select(MyLease6::as_select())
                .first(&mut c)
                .await
                .optional()
                .map_err(q("get6"))?
                .map(MyLease6::into_lease)
                .transpose()
        })
        .await
    }

    async fn get6_by_client(
        &self,
        t: LeaseType,
        duid: &[u8],
        iaid: u32,
        subnet_id: u32,
    ) -> Result<Vec<Lease6>, SqlError> {
        self.run("get6_by_client", async {
            let mut c = self.pool.get().await?;
            let rows = lease6::table
                .filter(lease6::duid.eq(duid))
                .filter(lease6::iaid.eq(iaid))
                .filter(lease6::subnet_id.eq(subnet_id))
                .filter(lease6::lease_type.eq(type_code(t)))
                .select(MyLease6::as_select())
                .load(&mut c)
                .await
                .map_err(q("get6_by_client"))?;
            leases(rows)
        })
        .await
    }

    /// One statement: the address lookup and the client lookup joined by
    /// UNION ALL (each an index lookup; an absent address is bound as NULL,
    /// which matches nothing).
    async fn get6_matching(
        &self,
        t: LeaseType,
        client: (&[u8], u32, u32),
        address: Option<Ipv6Addr>,
    ) -> Result<Vec<Lease6>, SqlError> {
        let (duid, iaid, subnet_id) = client;
        let address = address.map(address_text);
        self.run("get6_matching", async {
            let mut c = self.pool.get().await?;
            let by_address = lease6::table
                .filter(lease6::address.nullable().eq(address))
                .filter(lease6::lease_type.eq(type_code(t)))
                .select(MyLease6::as_select());
            let by_client = lease6::table
                .filter(lease6::duid.eq(duid))
                .filter(lease6::iaid.eq(iaid))
                .filter(lease6::subnet_id.eq(subnet_id))
                .filter(lease6::lease_type.eq(type_code(t)))
                .select(MyLease6::as_select());
            let rows = by_address
                .union_all(by_client)
                .load(&mut c)
                .await
                .map_err(q("get6_matching"))?;
            let mut found = leases(rows)?;
            found.dedup_by_key(|l| (l.lease_type, l.address));
            Ok(found)
        })
        .await
    }

    async fn get6_by_duid(&self, duid: &[u8]) -> Result<Vec<Lease6>, SqlError> {
        self.run("get6_by_duid", async {
            let mut c = self.pool.get().await?;
            let rows = lease6::table
                .filter(lease6::duid.eq(duid))
                .select(MyLease6::as_select())
                .load(&mut c)
                .await
                .map_err(q("get6_by_duid"))?;
            leases(rows)
        })
        .await
    }

    async fn get6_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease6>, SqlError> {
        if subnets.is_some_and(<[u32]>::is_empty) {
            return Ok(Vec::new());
        }
        self.run("get6_all", async {
            let mut c = self.pool.get().await?;
            let mut query = lease6::table.select(MyLease6::as_select()).into_boxed();
            if let Some(list) = subnets {
                let ids: Vec<u32> = list.to_vec();
                query = query.filter(lease6::subnet_id.eq_any(ids));
            }
            leases(query.load(&mut c).await.map_err(q("get6_all"))?)
        })
        .await
    }

    /// Written with the other new leases of the moment in one transaction
    /// (group commit); answered once that commit returned.
    async fn add6(&self, lease: &Lease6) -> Result<bool, SqlError> {
        let row = row_of(lease)?;
        let key = u128::from(lease.address);
        self.run(
            "add6",
            self.inserts6.insert(key, row, |rows| {
                self.write_batch(
                    "add6",
                    rows,
                    BatchInserts {
                        all: |rs, c| {
                            Box::pin(diesel::insert_into(lease6::table).values(rs).execute(c))
                        },
                        one: |r, c| Box::pin(InsertLease6(r).execute(c)),
                    },
                )
            }),
        )
        .await
    }

    async fn update6(&self, lease: &Lease6) -> Result<bool, SqlError> {
        let row = row_of(lease)?;
        self.run("update6", async {
            let mut c = self.pool.get().await?;
            let n = diesel::update(
                lease6::table
                    .filter(lease6::address.eq(row.address.clone()))
                    .filter(lease6::lease_type.eq(row.lease_type)),
            )
            .set(&row)
            .execute(&mut c)
            .await
            .map_err(q("update6"))?;
            Ok(n == 1)
        })
        .await
    }

    async fn replace6(&self, old: &Lease6, new: &Lease6) -> Result<bool, SqlError> {
        if (old.lease_type, old.address) != (new.lease_type, new.address) {
            return Ok(false);
        }
        let old_row = row_of(old)?;
        let row = row_of(new)?;
        self.run("replace6", async {
            let mut c = self.pool.get().await?;
            let n = diesel::update(lease6::table.filter(unchanged(&old_row)))
                .set(&row)
                .execute(&mut c)
                .await
                .map_err(q("replace6"))?;
            Ok(n == 1)
        })
        .await
    }

    async fn delete6(&self, t: LeaseType, a: Ipv6Addr) -> Result<bool, SqlError> {
        self.run("delete6", async {
            let mut c = self.pool.get().await?;
            let n = diesel::delete(
                lease6::table
                    .filter(lease6::address.eq(address_text(a)))
                    .filter(lease6::lease_type.eq(type_code(t))),
            )
            .execute(&mut c)
            .await
            .map_err(q("delete6"))?;
            Ok(n == 1)
        })
        .await
    }

    async fn expired6(&self, now: i64, limit: usize) -> Result<Vec<Lease6>, SqlError> {
        self.run("expired6", async {
            let mut c = self.pool.get().await?;
            let mut query = lease6::table
                .filter(
                    lease6::state
                        .eq_any([LeaseState::Default.as_u32(), LeaseState::Declined.as_u32()]),
                )
                .filter(lease6::valid_lifetime.ne(u32::MAX))
                .filter(lease6::expire.le(timestamp(now.min(MAX_DB_TIME))))
                .select(MyLease6::as_select())
                .order((lease6::expire, lease6::lease_type, lease6::address))
                .into_boxed();
            if limit > 0 {
                query = query.limit(i64::try_from(limit).unwrap_or(i64::MAX));
            }
            let rows = query.load(&mut c).await.map_err(q("expired6"))?;
            rows.into_iter().map(MyLease6::into_lease).collect()
        })
        .await
    }

    async fn wipe6(&self, subnet: Option<u32>) -> Result<u64, SqlError> {
        self.run("wipe6", async {
            let mut c = self.pool.get().await?;
            let n = match subnet {
                Some(s) => {
                    diesel::delete(lease6::table.filter(lease6::subnet_id.eq(s)))
                        .execute(&mut c)
                        .await
                }
                None => diesel::delete(lease6::table).execute(&mut c).await,
            }
            .map_err(q("wipe6"))?;
            Ok(n as u64)
        })
        .await
    }
}
