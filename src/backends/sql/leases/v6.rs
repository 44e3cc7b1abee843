//! The DHCPv6 lease queries (Kea's `lease6` table), written once:
//! [`lease6_queries!`] emits them for one dialect, whose column types it is
//! given.
//!
//! Kea 2.2's key is the address text alone (`VARCHAR(39) PRIMARY KEY`), so an
//! address and a prefix with the same first address cannot both be stored: the
//! second `add6` returns `Ok(false)`, as Kea's own insert fails.

/// Emits, in the module it is invoked in, the dialect's `lease6` row type
/// `Row` and `impl Lease6Store for SqlLeaseStore<dialect>`. Each column whose
/// type differs between the dialects is given as `rust type => SQL type`;
/// `absent` encodes an absent hardware address or context (see
/// `column_value`); `insert` is the group-commit strategy (see `batch_insert!`).
macro_rules! lease6_queries {
    (
        dialect: $d:path,
        schema: $schema:ident,
        uint: $uint:ty => $uint_sql:ty,
        time: $time:ty => $time_sql:ty,
        bytes: $bytes_sql:ty,
        lease_type: $lt:ty => $lt_sql:ty,
        stat_lease_type: $slt:ty,
        iaid: $iaid:ty => $iaid_sql:ty,
        prefix_len: $pl:ty => $pl_sql:ty,
        hwtype: $hwt:ty => $hwt_sql:ty,
        hwaddr_source: $hws:ty => $hws_sql:ty,
        absent: $absent:path,
        insert: $insert:ident $(,)?
    ) => {
        use std::net::Ipv6Addr;

        use diesel::prelude::*;
        use diesel::result::Error as DieselError;
        // The SQL types the dialect's invocation names (`BigInt`, `Unsigned<..>`).
        #[allow(unused_imports)]
        use diesel::sql_types::*;
        use diesel_async::RunQueryDsl;

        use $crate::backends::lease::{LeaseState, INFINITE_LIFETIME};
        use $crate::backends::lease6::{ClientIa, Lease6, LeaseType};
        use $crate::backends::lease6_store::Lease6Store;
        use $crate::backends::sql::column_value::{
            col, fit, lease_type_code, wide, DbIaid, DbTime,
        };
        use $crate::backends::sql::dialect::SqlDialect;
        use $crate::backends::sql::error::SqlError;
        use $crate::backends::sql::lease6_row::{address_text, hwtype_or_default, sorted, Lease6Row};
        use $crate::backends::sql::leases::batch_insert::batch_insert;
        use $crate::backends::sql::leases::store::SqlLeaseStore;
        use $crate::backends::sql::row::lease6_stat_counts;
        use $crate::backends::sql::schema::$schema::{lease6, lease6_stat};
        use $crate::backends::sql::schema::MAX_DB_TIME;
        use $crate::config::model::SqlKind;

        type Store = SqlLeaseStore<$d>;
        const KIND: SqlKind = <$d as SqlDialect>::KIND;

        /// A lease6 row with the dialect's column types.
        #[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
        #[diesel(table_name = lease6, check_for_backend($d), primary_key(address), treat_none_as_null = true)]
        pub struct Row {
            address: String,
            duid: Option<Vec<u8>>,
            valid_lifetime: Option<$uint>,
            expire: Option<$time>,
            subnet_id: Option<$uint>,
            pref_lifetime: Option<$uint>,
            lease_type: Option<$lt>,
            iaid: Option<$iaid>,
            prefix_len: Option<$pl>,
            fqdn_fwd: Option<bool>,
            fqdn_rev: Option<bool>,
            hostname: Option<String>,
            state: Option<$uint>,
            hwaddr: Option<Vec<u8>>,
            hwtype: Option<$hwt>,
            hwaddr_source: Option<$hws>,
            user_context: Option<String>,
        }

        batch_insert!(
            $insert,
            InsertLeases6,
            Row,
            lease6,
            "lease6",
            "address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, state, hwaddr, hwtype, hwaddr_source, user_context",
            Text,
            String,
            "add6",
            address: String => Text,
            duid: Option<Vec<u8>> => Nullable<$bytes_sql>,
            valid_lifetime: Option<$uint> => Nullable<$uint_sql>,
            expire: Option<$time> => Nullable<$time_sql>,
            subnet_id: Option<$uint> => Nullable<$uint_sql>,
            pref_lifetime: Option<$uint> => Nullable<$uint_sql>,
            lease_type: Option<$lt> => Nullable<$lt_sql>,
            iaid: Option<$iaid> => Nullable<$iaid_sql>,
            prefix_len: Option<$pl> => Nullable<$pl_sql>,
            fqdn_fwd: Option<bool> => Nullable<Bool>,
            fqdn_rev: Option<bool> => Nullable<Bool>,
            hostname: Option<String> => Nullable<Text>,
            state: Option<$uint> => Nullable<$uint_sql>,
            hwaddr: Option<Vec<u8>> => Nullable<$bytes_sql>,
            hwtype: Option<$hwt> => Nullable<$hwt_sql>,
            hwaddr_source: Option<$hws> => Nullable<$hws_sql>,
            user_context: Option<String> => Nullable<Text>,
        );

        fn type_code(t: LeaseType) -> $lt {
            lease_type_code(t)
        }

        impl Row {
            /// Kea's encoding in this dialect: no NULL but where `absent` says
            /// (hwtype and hwaddr_source are always written, so a lease reads
            /// back whole); a value too wide for a narrow column is refused.
            fn from_row(r: Lease6Row, address: Ipv6Addr) -> Result<Self, SqlError> {
                fn narrow<T: TryFrom<u32>>(v: u32, what: &str, address: Ipv6Addr) -> Result<T, SqlError> {
                    fit(v).ok_or_else(|| SqlError::BadLease6 {
                        backend: KIND,
                        address,
                        reason: format!("{what} {v} does not fit its column"),
                    })
                }
                Ok(Self {
                    address: r.address,
                    duid: Some(r.duid),
                    valid_lifetime: Some(col(r.valid_lifetime)),
                    expire: Some(<$time>::at(r.expire)),
                    subnet_id: Some(col(r.subnet_id)),
                    pref_lifetime: Some(col(r.pref_lifetime)),
                    lease_type: Some(narrow(u32::from(r.lease_type), "lease_type", address)?),
                    iaid: Some(<$iaid>::of(r.iaid)),
                    prefix_len: Some(narrow(u32::from(r.prefix_len), "prefix_len", address)?),
                    fqdn_fwd: Some(r.fqdn_fwd),
                    fqdn_rev: Some(r.fqdn_rev),
                    hostname: Some(r.hostname),
                    state: Some(col(r.state)),
                    hwaddr: $absent(r.hwaddr),
                    hwtype: Some(narrow(u32::from(r.hwtype), "hwtype", address)?),
                    hwaddr_source: Some(narrow(r.hwaddr_source, "hwaddr_source", address)?),
                    user_context: $absent(r.user_context),
                })
            }

            /// The lease this row holds; a value out of range is a bad row.
            fn into_lease(self) -> Result<Lease6, SqlError> {
                let address = self.address.clone();
                let bad = |what: &str| SqlError::BadRow6 {
                    backend: KIND,
                    address: address.clone(),
                    reason: format!("{what} out of range"),
                };
                macro_rules! num {
                    ($v:expr, $what:expr) => {
                        fit($v.unwrap_or(0)).ok_or_else(|| bad($what))?
                    };
                }
                Lease6Row {
                    valid_lifetime: num!(self.valid_lifetime, "valid_lifetime"),
                    expire: self.expire.map_or(0, |t| t.unix()),
                    subnet_id: num!(self.subnet_id, "subnet_id"),
                    pref_lifetime: num!(self.pref_lifetime, "pref_lifetime"),
                    lease_type: num!(self.lease_type, "lease_type"),
                    iaid: self.iaid.map_or(0, DbIaid::iaid),
                    prefix_len: num!(self.prefix_len, "prefix_len"),
                    fqdn_fwd: self.fqdn_fwd.unwrap_or(false),
                    fqdn_rev: self.fqdn_rev.unwrap_or(false),
                    hostname: self.hostname.unwrap_or_default(),
                    hwaddr: self.hwaddr.filter(|h| !h.is_empty()),
                    hwtype: hwtype_or_default(
                        self.hwtype
                            .map(|v| fit(v).ok_or_else(|| bad("hwtype")))
                            .transpose()?,
                    ),
                    hwaddr_source: num!(self.hwaddr_source, "hwaddr_source"),
                    state: num!(self.state, "state"),
                    user_context: self.user_context,
                    duid: self.duid.unwrap_or_default(),
                    address: self.address,
                }
                .into_lease(KIND)
            }
        }

        fn leases(rows: Vec<Row>) -> Result<Vec<Lease6>, SqlError> {
            rows.into_iter()
                .map(Row::into_lease)
                .collect::<Result<_, _>>()
                .map(sorted)
        }

        fn q(operation: &'static str) -> impl FnOnce(DieselError) -> SqlError {
            move |e| SqlError::query(KIND, operation, e)
        }

        fn row_of(lease: &Lease6) -> Result<Row, SqlError> {
            Row::from_row(Lease6Row::from_lease(KIND, lease)?, lease.address)
        }

        type Cond = Box<
            dyn BoxableExpression<lease6::table, $d, SqlType = Nullable<Bool>>,
        >;

        /// WHERE clause: the stored row still equals `old` (compare-and-swap for
        /// `replace6`). Columns another writer may leave NULL compare as their default.
        fn unchanged(old: &Row) -> Cond {
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

        impl Lease6Store for Store {
            type Error = SqlError;

            async fn get6(&self, t: LeaseType, a: Ipv6Addr) -> Result<Option<Lease6>, SqlError> {
                self.run("get6", async {
                    let mut c = self.pool.get().await?;
                    lease6::table
                        .filter(lease6::address.eq(address_text(a)))
                        .filter(lease6::lease_type.eq(type_code(t)))
                        .select(Row::as_select())
                        .first(&mut c)
                        .await
                        .optional()
                        .map_err(q("get6"))?
                        .map(Row::into_lease)
                        .transpose()
                })
                .await
            }

            async fn get6_by_client(
                &self,
                t: LeaseType,
                ia: ClientIa<'_>,
            ) -> Result<Vec<Lease6>, SqlError> {
                self.run("get6_by_client", async {
                    let mut c = self.pool.get().await?;
                    let rows = lease6::table
                        .filter(lease6::duid.eq(ia.duid))
                        .filter(lease6::iaid.eq(<$iaid>::of(ia.iaid)))
                        .filter(lease6::subnet_id.eq(col::<$uint>(ia.subnet_id)))
                        .filter(lease6::lease_type.eq(type_code(t)))
                        .select(Row::as_select())
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
                ia: ClientIa<'_>,
                address: Option<Ipv6Addr>,
            ) -> Result<Vec<Lease6>, SqlError> {
                let address = address.map(address_text);
                self.run("get6_matching", async {
                    let mut c = self.pool.get().await?;
                    let by_address = lease6::table
                        .filter(lease6::address.nullable().eq(address))
                        .filter(lease6::lease_type.eq(type_code(t)))
                        .select(Row::as_select());
                    let by_client = lease6::table
                        .filter(lease6::duid.eq(ia.duid))
                        .filter(lease6::iaid.eq(<$iaid>::of(ia.iaid)))
                        .filter(lease6::subnet_id.eq(col::<$uint>(ia.subnet_id)))
                        .filter(lease6::lease_type.eq(type_code(t)))
                        .select(Row::as_select());
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
                        .select(Row::as_select())
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
                    let mut query = lease6::table.select(Row::as_select()).into_boxed();
                    if let Some(list) = subnets {
                        let ids: Vec<$uint> = list.iter().map(|&s| col(s)).collect();
                        query = query.filter(lease6::subnet_id.eq_any(ids));
                    }
                    leases(query.load(&mut c).await.map_err(q("get6_all"))?)
                })
                .await
            }

            /// One SELECT on Kea's `lease6_stat`, which the schema's triggers
            /// keep equal to the lease table's counts whoever writes it.
            async fn count6_by_subnet(
                &self,
            ) -> Result<Vec<(u32, LeaseType, u32, i64)>, SqlError> {
                self.run("count6_by_subnet", async {
                    let mut c = self.pool.get().await?;
                    let rows: Vec<($uint, $slt, $uint, Option<i64>)> = lease6_stat::table
                        .select((
                            lease6_stat::subnet_id,
                            lease6_stat::lease_type,
                            lease6_stat::state,
                            lease6_stat::leases,
                        ))
                        .load(&mut c)
                        .await
                        .map_err(q("count6_by_subnet"))?;
                    lease6_stat_counts(
                        KIND,
                        rows.into_iter()
                            .map(|(s, t, st, n)| (wide(s), wide(t), wide(st), n)),
                    )
                })
                .await
            }

            /// Written with the other new leases of the moment in one commit
            /// (group commit); answered once that commit returned.
            async fn add6(&self, lease: &Lease6) -> Result<bool, SqlError> {
                let row = row_of(lease)?;
                let key = u128::from(lease.address);
                self.run(
                    "add6",
                    self.inserts6.insert(key, row, |rows| write_batch(self, rows)),
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
                            col::<$uint>(LeaseState::Default.as_u32()),
                            col::<$uint>(LeaseState::Declined.as_u32()),
                        ]))
                        .filter(lease6::valid_lifetime.ne(col::<$uint>(INFINITE_LIFETIME)))
                        .filter(lease6::expire.le(<$time>::at(now.min(MAX_DB_TIME))))
                        .select(Row::as_select())
                        .order((lease6::expire, lease6::lease_type, lease6::address))
                        .into_boxed();
                    if limit > 0 {
                        query = query.limit(i64::try_from(limit).unwrap_or(i64::MAX));
                    }
                    let rows = query.load(&mut c).await.map_err(q("expired6"))?;
                    rows.into_iter().map(Row::into_lease).collect()
                })
                .await
            }

            async fn wipe6(&self, subnet: Option<u32>) -> Result<u64, SqlError> {
                self.run("wipe6", async {
                    let mut c = self.pool.get().await?;
                    let n = match subnet {
                        Some(s) => {
                            diesel::delete(lease6::table.filter(lease6::subnet_id.eq(col::<$uint>(s))))
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
    };
}
pub(in crate::backends::sql) use lease6_queries;
