//! The host lookups both families' queries share, written once:
//! [`host_lookups!`] emits them inside `host4_queries!` / `host6_queries!`,
//! given the family's subnet column and how its rows become hosts.

/// Emits, in the family's query module, the column helpers (`scope`,
/// `subnet`, `id_type`) and the lookups that differ between the families
/// only in the subnet column and the host type: `select`, `get`,
/// `by_identifier`, `by_hostname` and `page`. The module must already hold
/// `Store`, `KIND`, `Row`, the `hosts` table and `complete` (rows → hosts,
/// with their options and, for DHCPv6, reservations). `family` (4 or 6)
/// names the operations in errors (`get4`, `get6_by_hostname`, …).
macro_rules! host_lookups {
    (
        dialect: $d:path,
        host: $host:ty,
        subnet: $subnet:ident,
        complete: $complete:ident,
        host_id: $hid:ty,
        identifier_type: $idt:ty,
        uint: $uint:ty,
        scope: $scope:ty,
        family: $family:literal $(,)?
    ) => {
        fn scope() -> $scope {
            <$scope>::from(HOST_SCOPE)
        }

        fn subnet(s: u32) -> $uint {
            <$uint>::from(s)
        }

        fn id_type(kind: IdentifierType) -> Result<$idt, HostDbError> {
            column(
                KIND,
                "dhcp_identifier_type",
                i64::from(identifier_code(kind)),
            )
        }

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
                    $complete(&mut c, rows, operation).await
                })
                .await
        }

        /// The host of `identifier` in `subnet_id` (`get4` / `get6`).
        pub(super) async fn get(
            store: &Store,
            subnet_id: u32,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<Option<$host>, HostDbError> {
            let filter = hosts::table
                .filter(hosts::$subnet.eq(subnet(subnet_id)))
                .filter(hosts::dhcp_identifier_type.eq(id_type(kind)?))
                .filter(hosts::dhcp_identifier.eq(identifier.to_vec()))
                .into_boxed();
            Ok(select(store, concat!("get", $family), filter, None)
                .await?
                .into_iter()
                .next())
        }

        /// The hosts of `identifier` in every subnet.
        pub(super) async fn by_identifier(
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
        pub(super) async fn by_hostname(
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
        pub(super) async fn page(
            store: &Store,
            operation: &'static str,
            subnet_id: u32,
            after_host_id: u64,
            limit: Option<usize>,
        ) -> Result<Vec<$host>, HostDbError> {
            let after = <$hid>::try_from(after_host_id).unwrap_or(<$hid>::MAX);
            let filter = hosts::table
                .filter(hosts::$subnet.eq(subnet(subnet_id)))
                .filter(hosts::host_id.gt(after))
                .into_boxed();
            select(store, operation, filter, limit).await
        }
    };
}
pub(crate) use host_lookups;
