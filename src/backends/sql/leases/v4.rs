//! The DHCPv4 lease queries (Kea's `lease4` and `lease4_stat` tables), written
//! once: [`lease4_queries!`] emits them for one dialect, whose column types
//! it is given.

/// Emits, in the module it is invoked in, the dialect's `lease4` row type
/// `Row` and `impl LeaseStore for SqlLeaseStore<dialect>`. `uint` is the
/// type of the unsigned 32-bit columns (address, lifetimes, subnet, state),
/// `time` of `expire`, `bytes` the SQL type of the binary columns; `absent`
/// encodes an absent identifier or context (see `column_value`); `insert`
/// is the group-commit strategy (see `batch_insert!`); `matching` the shape
/// of `get4_matching` (see [`get4_matching!`]).
macro_rules! lease4_queries {
    (
        dialect: $d:path,
        schema: $schema:ident,
        uint: $uint:ty => $uint_sql:ty,
        time: $time:ty => $time_sql:ty,
        bytes: $bytes_sql:ty,
        absent: $absent:path,
        insert: $insert:ident,
        matching: $matching:ident $(,)?
    ) => {
        use std::net::Ipv4Addr;

        use diesel::prelude::*;
        use diesel::result::Error as DieselError;
        // The SQL types the dialect's invocation names (`BigInt`, `Unsigned<..>`).
        #[allow(unused_imports)]
        use diesel::sql_types::*;
        use diesel_async::RunQueryDsl;

        use $crate::backends::lease::{Lease4, LeaseState, INFINITE_LIFETIME};
        use $crate::backends::lease_store::{LeaseQuery4, LeaseStore};
        use $crate::backends::sql::column_value::{col, fit, wide, DbTime};
        use $crate::backends::sql::dialect::SqlDialect;
        use $crate::backends::sql::error::SqlError;
        use $crate::backends::sql::leases::batch_insert::batch_insert;
        use $crate::backends::sql::leases::store::SqlLeaseStore;
        use $crate::backends::sql::leases::v4::get4_matching;
        use $crate::backends::sql::row::{lease4_stat_counts, Lease4Row};
        use $crate::backends::sql::schema::$schema::{lease4, lease4_stat};
        use $crate::backends::sql::schema::MAX_DB_TIME;
        use $crate::config::model::SqlKind;

        type Store = SqlLeaseStore<$d>;
        const KIND: SqlKind = <$d as SqlDialect>::KIND;

        /// A lease4 row with the dialect's column types.
        #[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
        #[diesel(table_name = lease4, check_for_backend($d), primary_key(address), treat_none_as_null = true)]
        pub struct Row {
            address: $uint,
            hwaddr: Option<Vec<u8>>,
            client_id: Option<Vec<u8>>,
            valid_lifetime: Option<$uint>,
            expire: Option<$time>,
            subnet_id: Option<$uint>,
            fqdn_fwd: Option<bool>,
            fqdn_rev: Option<bool>,
            hostname: Option<String>,
            state: Option<$uint>,
            user_context: Option<String>,
        }

        batch_insert!(
            $insert,
            InsertLeases4,
            Row,
            lease4,
            "lease4",
            "address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context",
            $uint_sql,
            $uint,
            "add4",
            address: $uint => $uint_sql,
            hwaddr: Option<Vec<u8>> => Nullable<$bytes_sql>,
            client_id: Option<Vec<u8>> => Nullable<$bytes_sql>,
            valid_lifetime: Option<$uint> => Nullable<$uint_sql>,
            expire: Option<$time> => Nullable<$time_sql>,
            subnet_id: Option<$uint> => Nullable<$uint_sql>,
            fqdn_fwd: Option<bool> => Nullable<Bool>,
            fqdn_rev: Option<bool> => Nullable<Bool>,
            hostname: Option<String> => Nullable<Text>,
            state: Option<$uint> => Nullable<$uint_sql>,
            user_context: Option<String> => Nullable<Text>,
        );

        impl Row {
            /// Kea's encoding in this dialect (absent values as `absent` says).
            fn from_row(r: Lease4Row) -> Self {
                Self {
                    address: col(r.address),
                    hwaddr: $absent(r.hwaddr),
                    client_id: $absent(r.client_id),
                    valid_lifetime: Some(col(r.valid_lifetime)),
                    expire: Some(<$time>::at(r.expire)),
                    subnet_id: Some(col(r.subnet_id)),
                    fqdn_fwd: Some(r.fqdn_fwd),
                    fqdn_rev: Some(r.fqdn_rev),
                    hostname: Some(r.hostname),
                    state: Some(col(r.state)),
                    user_context: $absent(r.user_context),
                }
            }

            /// The lease this row holds; a value out of `u32` range is a bad row.
            fn into_lease(self) -> Result<Lease4, SqlError> {
                let address = wide(self.address);
                let bad = |what: &str| SqlError::BadRow {
                    backend: KIND,
                    address,
                    reason: format!("{what} out of range"),
                };
                let u32_of = |v: Option<$uint>, what: &str| -> Result<u32, SqlError> {
                    fit(v.unwrap_or(0)).ok_or_else(|| bad(what))
                };
                Lease4Row {
                    address: fit(self.address).ok_or_else(|| bad("address"))?,
                    hwaddr: self.hwaddr,
                    client_id: self.client_id,
                    valid_lifetime: u32_of(self.valid_lifetime, "valid_lifetime")?,
                    expire: self.expire.map_or(0, |t| t.unix()),
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

        fn leases(rows: Vec<Row>) -> Result<Vec<Lease4>, SqlError> {
            rows.into_iter().map(Row::into_lease).collect()
        }

        fn q(operation: &'static str) -> impl FnOnce(DieselError) -> SqlError {
            move |e| SqlError::query(KIND, operation, e)
        }

        type Cond = Box<
            dyn BoxableExpression<lease4::table, $d, SqlType = Nullable<Bool>>,
        >;

        /// WHERE clause: the stored row still equals `old` (compare-and-swap
        /// for `replace4`). An absent value may be stored as NULL or empty; a
        /// flag Kea always writes reads back as false when NULL (hand-made rows).
        fn unchanged(old: &Lease4Row) -> Cond {
            use lease4 as t;
            macro_rules! absent_or_eq {
                ($col:expr, $value:expr, $empty:expr) => {{
                    let cond: Cond = match $value {
                        Some(v) => Box::new($col.eq(v)),
                        None => Box::new($col.is_null().nullable().or($col.eq($empty))),
                    };
                    cond
                }};
            }
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
            let mut cond: Cond = Box::new(t::address.eq(col::<$uint>(old.address)).nullable());
            let parts: Vec<Cond> = vec![
                absent_or_eq!(t::hwaddr, old.hwaddr.clone(), Vec::<u8>::new()),
                absent_or_eq!(t::client_id, old.client_id.clone(), Vec::<u8>::new()),
                Box::new(t::valid_lifetime.eq(col::<$uint>(old.valid_lifetime))),
                Box::new(t::expire.eq(<$time>::at(old.expire))),
                Box::new(t::subnet_id.eq(col::<$uint>(old.subnet_id))),
                flag!(t::fqdn_fwd, old.fqdn_fwd),
                flag!(t::fqdn_rev, old.fqdn_rev),
                absent_or_eq!(
                    t::hostname,
                    (!old.hostname.is_empty()).then(|| old.hostname.clone()),
                    String::new()
                ),
                Box::new(t::state.eq(col::<$uint>(old.state))),
                absent_or_eq!(t::user_context, old.user_context.clone(), String::new()),
            ];
            for p in parts {
                cond = Box::new(cond.and(p));
            }
            cond
        }

        /// The leases whose identifier column `$col` holds `$value`, in one
        /// subnet or all, ordered by address. Two static shapes, not a boxed
        /// query: each is prepared once per connection instead of parsed for
        /// every packet.
        macro_rules! by_identifier {
            ($store:ident, $op:literal, $col:expr, $value:expr, $subnet:expr) => {
                $store
                    .run($op, async {
                        let mut c = $store.pool.get().await?;
                        let base = lease4::table
                            .filter($col.eq($value))
                            .select(Row::as_select())
                            .order(lease4::address);
                        let rows = match $subnet {
                            Some(s) => {
                                base.filter(lease4::subnet_id.eq(col::<$uint>(s)))
                                    .load(&mut c)
                                    .await
                            }
                            None => base.load(&mut c).await,
                        };
                        leases(rows.map_err(q($op))?)
                    })
                    .await
            };
        }

        impl LeaseStore for Store {
            type Error = SqlError;

            async fn get4(&self, a: Ipv4Addr) -> Result<Option<Lease4>, SqlError> {
                self.run("get4", async {
                    let mut c = self.pool.get().await?;
                    lease4::table
                        .find(col::<$uint>(u32::from(a)))
                        .select(Row::as_select())
                        .first(&mut c)
                        .await
                        .optional()
                        .map_err(q("get4"))?
                        .map(Row::into_lease)
                        .transpose()
                })
                .await
            }

            async fn get4_by_hwaddr(
                &self,
                hw: &[u8],
                subnet: Option<u32>,
            ) -> Result<Vec<Lease4>, SqlError> {
                by_identifier!(self, "get4_by_hwaddr", lease4::hwaddr, hw, subnet)
            }

            async fn get4_by_client_id(
                &self,
                cid: &[u8],
                subnet: Option<u32>,
            ) -> Result<Vec<Lease4>, SqlError> {
                by_identifier!(self, "get4_by_client_id", lease4::client_id, cid, subnet)
            }

            get4_matching!($matching, $uint);

            /// One SELECT on Kea's `lease4_stat`, which the schema's triggers
            /// keep equal to the lease table's counts whoever writes it.
            async fn count4_by_subnet(&self) -> Result<Vec<(u32, u32, i64)>, SqlError> {
                self.run("count4_by_subnet", async {
                    let mut c = self.pool.get().await?;
                    let rows: Vec<($uint, $uint, Option<i64>)> = lease4_stat::table
                        .select((
                            lease4_stat::subnet_id,
                            lease4_stat::state,
                            lease4_stat::leases,
                        ))
                        .load(&mut c)
                        .await
                        .map_err(q("count4_by_subnet"))?;
                    lease4_stat_counts(
                        KIND,
                        rows.into_iter().map(|(s, st, n)| (wide(s), wide(st), n)),
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
                        .select(Row::as_select())
                        .order(lease4::address)
                        .into_boxed();
                    if let Some(list) = subnets {
                        let ids: Vec<$uint> = list.iter().map(|&s| col(s)).collect();
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
                        .filter(lease4::address.gt(col::<$uint>(u32::from(after))))
                        .select(Row::as_select())
                        .order(lease4::address)
                        .limit(i64::try_from(limit).unwrap_or(i64::MAX))
                        .load(&mut c)
                        .await
                        .map_err(q("get4_page"))?;
                    leases(rows)
                })
                .await
            }

            /// Written with the other new leases of the moment in one commit
            /// (group commit); answered once that commit returned.
            async fn add4(&self, lease: &Lease4) -> Result<bool, SqlError> {
                let row = Row::from_row(Lease4Row::from_lease(KIND, lease)?);
                let key = u128::from(u32::from(lease.address));
                self.run(
                    "add4",
                    self.inserts4.insert(key, row, |rows| write_batch(self, rows)),
                )
                .await
            }

            async fn update4(&self, lease: &Lease4) -> Result<bool, SqlError> {
                let row = Row::from_row(Lease4Row::from_lease(KIND, lease)?);
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
                let row = Row::from_row(Lease4Row::from_lease(KIND, new)?);
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
                    let n = diesel::delete(lease4::table.find(col::<$uint>(u32::from(a))))
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
                            col::<$uint>(LeaseState::Default.as_u32()),
                            col::<$uint>(LeaseState::Declined.as_u32()),
                        ]))
                        .filter(lease4::valid_lifetime.ne(col::<$uint>(INFINITE_LIFETIME)))
                        .filter(lease4::expire.le(<$time>::at(now.min(MAX_DB_TIME))))
                        .select(Row::as_select())
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
                            .filter(lease4::state.eq(col::<$uint>(LeaseState::ExpiredReclaimed.as_u32())))
                            .filter(lease4::expire.lt(<$time>::at(before))),
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
                            diesel::delete(lease4::table.filter(lease4::subnet_id.eq(col::<$uint>(s))))
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
    };
}
pub(in crate::backends::sql) use lease4_queries;

/// `get4_matching` in the shape that keeps each dialect's plan an index
/// lookup as the table grows: `union_all` (PostgreSQL) or `or` (MySQL).
macro_rules! get4_matching {
    (union_all, $uint:ty) => {
        /// One statement, three index lookups joined by UNION ALL (primary
        /// key, client id, hardware address), an absent part bound as NULL
        /// (which matches nothing). Not one OR: PostgreSQL may cache a generic
        /// plan made while the table was still small, and for an OR that plan
        /// is a sequential scan that stays as the table grows; each branch
        /// here is a plain index lookup whatever the table size.
        async fn get4_matching(&self, query: &LeaseQuery4<'_>) -> Result<Vec<Lease4>, SqlError> {
            let address = query.address.map(|a| col::<$uint>(u32::from(a)));
            let subnets: Vec<$uint> = query.subnets.iter().map(|&s| col(s)).collect();
            let client_id = query.client_id.map(<[u8]>::to_vec);
            let hwaddr = query.hwaddr.filter(|h| !h.is_empty()).map(<[u8]>::to_vec);
            self.run("get4_matching", async {
                let mut c = self.pool.get().await?;
                let by_address = lease4::table
                    .filter(lease4::address.nullable().eq(address))
                    .select(Row::as_select());
                let by_client_id = lease4::table
                    .filter(lease4::client_id.eq(client_id))
                    .filter(lease4::subnet_id.eq_any(subnets.clone()))
                    .select(Row::as_select());
                let by_hwaddr = lease4::table
                    .filter(lease4::hwaddr.eq(hwaddr))
                    .filter(lease4::subnet_id.eq_any(subnets))
                    .select(Row::as_select());
                let rows: Vec<Row> = by_address
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
    };
    (or, $uint:ty) => {
        /// One statement, `address = ? OR client_id = ? OR hwaddr = ?` (an
        /// absent part bound as NULL, which matches nothing; MariaDB merges
        /// the three index lookups), the subnets applied here: with no
        /// variable-length `IN (..)` the statement has one shape and is
        /// prepared once per connection instead of for every packet.
        async fn get4_matching(&self, query: &LeaseQuery4<'_>) -> Result<Vec<Lease4>, SqlError> {
            let address = query.address.map(|a| col::<$uint>(u32::from(a)));
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
                        .select(Row::as_select())
                        .order(lease4::address)
                        .load(&mut c)
                        .await
                        .map_err(q("get4_matching"))?;
                    leases(rows)
                })
                .await?;
            Ok(found
                .into_iter()
                .filter(|l| {
                    Some(l.address) == query.address || query.subnets.contains(&l.subnet_id)
                })
                .collect())
        }
    };
}
pub(in crate::backends::sql) use get4_matching;
