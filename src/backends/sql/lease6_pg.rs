//! [`Lease6Store`] on [`PgLeaseStore`]: DHCPv6 leases in Kea 2.2's PostgreSQL
//! `lease6` table, over the same pool, deadline and schema gate as lease4.
//!
//! Kea 2.2's key is the address text alone (`VARCHAR(39) PRIMARY KEY`), so an
//! address and a prefix with the same first address cannot both be stored: the
//! second `add6` returns `Ok(false)`, as Kea's own insert fails.

use std::net::Ipv6Addr;

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel_async::RunQueryDsl;

use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType};
use crate::backends::lease6_store::Lease6Store;
use crate::config::model::SqlKind;

use super::error::SqlError;
use super::lease6_row::{address_text, hwtype_or_default, sorted, Lease6Row};
use super::postgres::PgLeaseStore;
use super::row::clamp_time;
use super::schema::pg::lease6;
use super::schema::{iaid_from_pg, iaid_to_pg, INFINITE_LIFETIME, MAX_DB_TIME};
use super::unnest_insert::unnest_insert;

const KIND: SqlKind = SqlKind::Postgresql;

/// A lease6 row with PostgreSQL's column types.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = lease6, check_for_backend(Pg), primary_key(address), treat_none_as_null = true)]
pub(super) struct PgLease6 {
    address: String,
    duid: Option<Vec<u8>>,
    valid_lifetime: Option<i64>,
    expire: Option<DateTime<Utc>>,
    subnet_id: Option<i64>,
    pref_lifetime: Option<i64>,
    lease_type: Option<i16>,
    iaid: Option<i32>,
    prefix_len: Option<i16>,
    fqdn_fwd: Option<bool>,
    fqdn_rev: Option<bool>,
    hostname: Option<String>,
    state: Option<i64>,
    hwaddr: Option<Vec<u8>>,
    hwtype: Option<i16>,
    hwaddr_source: Option<i16>,
    user_context: Option<String>,
}

unnest_insert!(
    InsertLeases6,
    PgLease6,
    "lease6",
    "address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, state, hwaddr, hwtype, hwaddr_source, user_context",
    "address",
    diesel::sql_types::Text,
    address: String => Text,
    duid: Option<Vec<u8>> => Nullable<Bytea>,
    valid_lifetime: Option<i64> => Nullable<BigInt>,
    expire: Option<DateTime<Utc>> => Nullable<Timestamptz>,
    subnet_id: Option<i64> => Nullable<BigInt>,
    pref_lifetime: Option<i64> => Nullable<BigInt>,
    lease_type: Option<i16> => Nullable<SmallInt>,
    iaid: Option<i32> => Nullable<Integer>,
    prefix_len: Option<i16> => Nullable<SmallInt>,
    fqdn_fwd: Option<bool> => Nullable<Bool>,
    fqdn_rev: Option<bool> => Nullable<Bool>,
    hostname: Option<String> => Nullable<Text>,
    state: Option<i64> => Nullable<BigInt>,
    hwaddr: Option<Vec<u8>> => Nullable<Bytea>,
    hwtype: Option<i16> => Nullable<SmallInt>,
    hwaddr_source: Option<i16> => Nullable<SmallInt>,
    user_context: Option<String> => Nullable<Text>,
);

/// One group-commit batch of new lease6 rows: which of them were inserted.
async fn write_leases6(store: &PgLeaseStore, rows: Vec<PgLease6>) -> Result<Vec<bool>, SqlError> {
    let mut c = store.pool.get().await?;
    let inserted: std::collections::HashSet<String> = InsertLeases6::new(&rows)
        .load::<String>(&mut c)
        .await
        .map_err(q("add6"))?
        .into_iter()
        .collect();
    Ok(rows.iter().map(|r| inserted.contains(&r.address)).collect())
}

fn timestamp(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(clamp_time(t), 0).unwrap_or(DateTime::UNIX_EPOCH)
}

fn type_code(t: LeaseType) -> i16 {
    t as i16
}

impl PgLease6 {
    /// Kea's PostgreSQL encoding: no NULLs (Kea's reader refuses them); an absent
    /// hardware address or context is stored empty.
    fn from_row(r: Lease6Row, address: Ipv6Addr) -> Result<Self, SqlError> {
        let small = |v: u32, what: &str| {
            i16::try_from(v).map_err(|_| SqlError::BadLease6 {
                backend: KIND,
                address,
                reason: format!("{what} {v} does not fit PostgreSQL's SMALLINT"),
            })
        };
        Ok(Self {
            address: r.address,
            duid: Some(r.duid),
            valid_lifetime: Some(i64::from(r.valid_lifetime)),
            expire: Some(timestamp(r.expire)),
            subnet_id: Some(i64::from(r.subnet_id)),
            pref_lifetime: Some(i64::from(r.pref_lifetime)),
            lease_type: Some(i16::from(r.lease_type)),
            iaid: Some(iaid_to_pg(r.iaid)),
            prefix_len: Some(i16::from(r.prefix_len)),
            fqdn_fwd: Some(r.fqdn_fwd),
            fqdn_rev: Some(r.fqdn_rev),
            hostname: Some(r.hostname),
            state: Some(i64::from(r.state)),
            hwaddr: Some(r.hwaddr.unwrap_or_default()),
            hwtype: Some(small(u32::from(r.hwtype), "hwtype")?),
            hwaddr_source: Some(small(r.hwaddr_source, "hwaddr_source")?),
            user_context: Some(r.user_context.unwrap_or_default()),
        })
    }

    fn into_lease(self) -> Result<Lease6, SqlError> {
        let address = self.address.clone();
        let bad = |what: &str| SqlError::BadRow6 {
            backend: KIND,
            address: address.clone(),
            reason: format!("{what} out of range"),
        };
        macro_rules! num {
            ($v:expr, $t:ty, $what:expr) => {
                <$t>::try_from($v.unwrap_or(0)).map_err(|_| bad($what))?
            };
        }
        Lease6Row {
            valid_lifetime: num!(self.valid_lifetime, u32, "valid_lifetime"),
            expire: self.expire.map_or(0, |t| t.timestamp()),
            subnet_id: num!(self.subnet_id, u32, "subnet_id"),
            pref_lifetime: num!(self.pref_lifetime, u32, "pref_lifetime"),
            lease_type: num!(self.lease_type, u8, "lease_type"),
            iaid: iaid_from_pg(self.iaid.unwrap_or(0)),
            prefix_len: num!(self.prefix_len, u8, "prefix_len"),
            fqdn_fwd: self.fqdn_fwd.unwrap_or(false),
            fqdn_rev: self.fqdn_rev.unwrap_or(false),
            hostname: self.hostname.unwrap_or_default(),
            hwaddr: self.hwaddr.filter(|h| !h.is_empty()),
            hwtype: match self.hwtype {
                Some(v) => u16::try_from(v).map_err(|_| bad("hwtype"))?,
                None => hwtype_or_default(None),
            },
            hwaddr_source: num!(self.hwaddr_source, u32, "hwaddr_source"),
            state: num!(self.state, u32, "state"),
            user_context: self.user_context,
            duid: self.duid.unwrap_or_default(),
            address: self.address,
        }
        .into_lease(KIND)
    }
}

fn leases(rows: Vec<PgLease6>) -> Result<Vec<Lease6>, SqlError> {
    rows.into_iter()
        .map(PgLease6::into_lease)
        .collect::<Result<_, _>>()
        .map(sorted)
}

type Cond = Box<
    dyn BoxableExpression<
        lease6::table,
        Pg,
        SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>,
    >,
>;

/// WHERE clause: the stored row still equals `old` (compare-and-swap for
/// `replace6`). Columns another writer may leave NULL compare as their default.
fn unchanged(old: &PgLease6) -> Cond {
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

fn row_of(lease: &Lease6) -> Result<PgLease6, SqlError> {
    PgLease6::from_row(Lease6Row::from_lease(KIND, lease)?, lease.address)
}

impl Lease6Store for PgLeaseStore {
    type Error = SqlError;

    async fn get6(&self, t: LeaseType, a: Ipv6Addr) -> Result<Option<Lease6>, SqlError> {
        self.run("get6", async {
            let mut c = self.pool.get().await?;
            lease6::table
                .filter(lease6::address.eq(address_text(a)))
                .filter(lease6::lease_type.eq(type_code(t)))
                .select(PgLease6::as_select())
                .first(&mut c)
                .await
                .optional()
                .map_err(q("get6"))?
                .map(PgLease6::into_lease)
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
                .filter(lease6::iaid.eq(iaid_to_pg(iaid)))
                .filter(lease6::subnet_id.eq(i64::from(subnet_id)))
                .filter(lease6::lease_type.eq(type_code(t)))
                .select(PgLease6::as_select())
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
                .select(PgLease6::as_select());
            let by_client = lease6::table
                .filter(lease6::duid.eq(duid))
                .filter(lease6::iaid.eq(iaid_to_pg(iaid)))
                .filter(lease6::subnet_id.eq(i64::from(subnet_id)))
                .filter(lease6::lease_type.eq(type_code(t)))
                .select(PgLease6::as_select());
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
                .select(PgLease6::as_select())
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
            let mut query = lease6::table.select(PgLease6::as_select()).into_boxed();
            if let Some(list) = subnets {
                let ids: Vec<i64> = list.iter().map(|&s| i64::from(s)).collect();
                query = query.filter(lease6::subnet_id.eq_any(ids));
            }
            leases(query.load(&mut c).await.map_err(q("get6_all"))?)
        })
        .await
    }

    /// Written with the other new leases of the moment in one statement and
    /// one commit (group commit); answered once that commit returned.
    async fn add6(&self, lease: &Lease6) -> Result<bool, SqlError> {
        let row = row_of(lease)?;
        let key = u128::from(lease.address);
        self.run(
            "add6",
            self.inserts6
                .insert(key, row, |rows| write_leases6(self, rows)),
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
                .filter(lease6::state.eq_any([
                    i64::from(LeaseState::Default.as_u32()),
                    i64::from(LeaseState::Declined.as_u32()),
                ]))
                .filter(lease6::valid_lifetime.ne(INFINITE_LIFETIME))
                .filter(lease6::expire.le(timestamp(now.min(MAX_DB_TIME))))
                .select(PgLease6::as_select())
                .order((lease6::expire, lease6::lease_type, lease6::address))
                .into_boxed();
            if limit > 0 {
                query = query.limit(i64::try_from(limit).unwrap_or(i64::MAX));
            }
            let rows = query.load(&mut c).await.map_err(q("expired6"))?;
            rows.into_iter().map(PgLease6::into_lease).collect()
        })
        .await
    }

    async fn wipe6(&self, subnet: Option<u32>) -> Result<u64, SqlError> {
        self.run("wipe6", async {
            let mut c = self.pool.get().await?;
            let n = match subnet {
                Some(s) => {
                    diesel::delete(lease6::table.filter(lease6::subnet_id.eq(i64::from(s))))
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
