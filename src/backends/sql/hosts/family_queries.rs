//! The host queries of one family, written once for DHCPv4 and DHCPv6:
//! [`family_queries!`] emits them inside a family's module of
//! `host_queries!`, given the family's subnet column, host and address types
//! and the few functions where the families differ.

/// Emits, in a family's query module, the operations of `SqlHostStore` for
/// that family: `get`, `any`, `by_identifier`, `by_hostname`, `page`, `by_address`,
/// `add` and `delete`, over the module's `select` helper. The module must
/// already hold (from `host_queries!`) `Store`, `KIND`, `Row`, `count`,
/// `insert_row`, `added`, `subnet`, `id_type` and the `hosts` table, and,
/// of its own family: `complete` (rows → hosts, with their options and, for
/// DHCPv6, reservations), `at_address` (the hosts reserving an address),
/// `rows_of` (what adding a host writes) and `insert_children` (its
/// dependent rows). `family` (4 or 6) names the operations in errors
/// (`get4`, `get6_by_hostname`, …).
macro_rules! family_queries {
    (
        dialect: $d:path,
        host: $host:ty,
        addr: $addr:ty,
        subnet: $subnet:ident,
        host_id: $hid:ty,
        family: $family:literal $(,)?
    ) => {
        /// The family's hosts matching `filter`, by host id, complete.
        async fn select(
            store: &Store,
            operation: &'static str,
            filter: hosts::BoxedQuery<'static, $d>,
            limit: Option<usize>,
        ) -> Result<Vec<$host>, HostDbError> {
            store
                .run(operation, async {
                    let mut c = store.pool.get().await?;
                    let mut query = filter
                        .filter(hosts::$subnet.is_not_null())
                        .order(hosts::host_id);
                    if let Some(n) = limit {
                        query = query.limit(i64::try_from(n).unwrap_or(i64::MAX));
                    }
                    let rows: Vec<Row> = query
                        .select(Row::as_select())
                        .load(&mut c)
                        .await
                        .map_err(q(KIND, operation))?;
                    complete(&mut c, rows, operation).await
                })
                .await
        }

        /// The hosts of `subnet_id`, to be narrowed.
        fn in_subnet(subnet_id: u32) -> hosts::BoxedQuery<'static, $d> {
            hosts::table
                .filter(hosts::$subnet.eq(subnet(subnet_id)))
                .into_boxed()
        }

        /// The host of `identifier` in `subnet_id` (`get4` / `get6`).
        pub(crate) async fn get(
            store: &Store,
            subnet_id: u32,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<Option<$host>, HostDbError> {
            let filter = in_subnet(subnet_id)
                .filter(hosts::dhcp_identifier_type.eq(id_type(kind)?))
                .filter(hosts::dhcp_identifier.eq(identifier.to_vec()));
            Ok(select(store, concat!("get", $family), filter, None)
                .await?
                .into_iter()
                .next())
        }

        /// The hosts in any of `subnet_ids` identified by any of `ids`, in
        /// one SELECT (`get4_any` / `get6_any`).
        pub(crate) async fn any(
            store: &Store,
            subnet_ids: &[u32],
            ids: &[(IdentifierType, &[u8])],
        ) -> Result<Vec<$host>, HostDbError> {
            if subnet_ids.is_empty() || ids.is_empty() {
                return Ok(Vec::new());
            }
            let subnets: Vec<_> = subnet_ids.iter().map(|&s| subnet(s)).collect();
            let mut filter = hosts::table.into_boxed();
            for (i, &(kind, identifier)) in ids.iter().enumerate() {
                let one = hosts::$subnet
                    .eq_any(subnets.clone())
                    .and(hosts::dhcp_identifier_type.eq(id_type(kind)?))
                    .and(hosts::dhcp_identifier.eq(identifier.to_vec()));
                filter = if i == 0 {
                    filter.filter(one)
                } else {
                    filter.or_filter(one)
                };
            }
            select(store, concat!("get", $family, "_any"), filter, None).await
        }

        /// The hosts of `identifier` in every subnet.
        pub(crate) async fn by_identifier(
            store: &Store,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<Vec<$host>, HostDbError> {
            let filter = hosts::table
                .filter(hosts::dhcp_identifier_type.eq(id_type(kind)?))
                .filter(hosts::dhcp_identifier.eq(identifier.to_vec()))
                .into_boxed();
            select(
                store,
                concat!("get", $family, "_by_identifier"),
                filter,
                None,
            )
            .await
        }

        /// The hosts named `hostname` (case-insensitive, as Kea), in
        /// `subnet_id` when given.
        pub(crate) async fn by_hostname(
            store: &Store,
            hostname: &str,
            subnet_id: Option<u32>,
        ) -> Result<Vec<$host>, HostDbError> {
            let lower = diesel::dsl::sql::<diesel::sql_types::Bool>("lower(hostname) = ")
                .bind::<diesel::sql_types::Text, _>(hostname.to_lowercase());
            let mut filter = hosts::table.filter(lower).into_boxed();
            if let Some(s) = subnet_id {
                filter = filter.filter(hosts::$subnet.eq(subnet(s)));
            }
            select(store, concat!("get", $family, "_by_hostname"), filter, None).await
        }

        /// The hosts of `subnet_id` after `after_host_id`, at most `limit`
        /// (`get_page*`; `get_all*` without a limit).
        pub(crate) async fn page(
            store: &Store,
            operation: &'static str,
            subnet_id: u32,
            after_host_id: u64,
            limit: Option<usize>,
        ) -> Result<Vec<$host>, HostDbError> {
            let after = <$hid>::try_from(after_host_id).unwrap_or(<$hid>::MAX);
            let filter = in_subnet(subnet_id).filter(hosts::host_id.gt(after));
            select(store, operation, filter, limit).await
        }

        /// The hosts of `subnet_id` reserving `address` (`get4_by_address`,
        /// `get6_by_address`).
        pub(crate) async fn by_address(
            store: &Store,
            subnet_id: u32,
            address: $addr,
        ) -> Result<Vec<$host>, HostDbError> {
            let filter = at_address(in_subnet(subnet_id), address);
            select(store, concat!("get", $family, "_by_address"), filter, None).await
        }

        /// Adds `host` in one transaction: refused when its subnet already
        /// has a host with its identifier or reserving one of its addresses.
        pub(crate) async fn add(store: &Store, host: &$host) -> Result<HostAdd, HostDbError> {
            const OPERATION: &str = concat!("add", $family);
            store.writable()?;
            let (new, addresses, children) = rows_of(host)?;
            store
                .run(OPERATION, async {
                    let mut c = store.pool.get().await?;
                    let done = c
                        .transaction(async |c| {
                            let same_id = hosts::table
                                .filter(hosts::$subnet.eq(new.$subnet))
                                .filter(hosts::dhcp_identifier_type.eq(new.dhcp_identifier_type))
                                .filter(hosts::dhcp_identifier.eq(&new.dhcp_identifier))
                                .into_boxed();
                            if count(c, same_id).await? > 0 {
                                return Ok(HostAdd::DuplicateIdentifier);
                            }
                            for a in &addresses {
                                let same_subnet = hosts::table
                                    .filter(hosts::$subnet.eq(new.$subnet))
                                    .into_boxed();
                                if count(c, at_address(same_subnet, *a)).await? > 0 {
                                    return Ok(HostAdd::DuplicateAddress);
                                }
                            }
                            let id = insert_row(c, &new).await?;
                            insert_children(c, &children, id).await?;
                            Ok::<_, DieselError>(HostAdd::Added(u64::try_from(id).unwrap_or(0)))
                        })
                        .await;
                    added(done, OPERATION)
                })
                .await
        }

        /// Deletes the hosts of `subnet_id` matching `by` (their options and
        /// reservations go with them, by the schema's cascades).
        pub(crate) async fn delete(
            store: &Store,
            operation: &'static str,
            subnet_id: u32,
            by: Delete<'_, $addr>,
        ) -> Result<bool, HostDbError> {
            store.writable()?;
            let query = match by {
                Delete::Identifier(kind, identifier) => in_subnet(subnet_id)
                    .filter(hosts::dhcp_identifier_type.eq(id_type(kind)?))
                    .filter(hosts::dhcp_identifier.eq(identifier.to_vec())),
                Delete::Address(a) => at_address(in_subnet(subnet_id), a),
            };
            store
                .run(operation, async move {
                    let mut c = store.pool.get().await?;
                    let ids: Vec<$hid> = query
                        .select(hosts::host_id)
                        .load(&mut c)
                        .await
                        .map_err(q(KIND, operation))?;
                    if ids.is_empty() {
                        return Ok(false);
                    }
                    let n = diesel::delete(hosts::table.filter(hosts::host_id.eq_any(ids)))
                        .execute(&mut c)
                        .await
                        .map_err(q(KIND, operation))?;
                    Ok(n > 0)
                })
                .await
        }
    };
}
pub(crate) use family_queries;
