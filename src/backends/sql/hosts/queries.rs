//! The host queries of one dialect, both families: [`host_queries!`] emits
//! the `hosts` row (Kea's one table for DHCPv4 and DHCPv6 hosts), the option
//! and reservation rows with the dialect's column types, the helpers both
//! families use, and a `v4` and a `v6` module whose operations
//! `family_queries!` writes once.

/// Emits a host option row type `$name` of `$table` (`dhcp4_options`,
/// `dhcp6_options`) with option code type `$code`, and how it is built from
/// a host's options, inserted for a new host and loaded for some hosts.
/// Used inside `host_queries!` (which provides `KIND`, `scope`, `column`).
macro_rules! option_row {
    ($name:ident, $table:ident, code: $code:ty, $d:path, $conn:ty, $hid:ty, $scope:ty) => {
        /// A host's option row of this table, with the dialect's types.
        #[derive(Debug, Clone, Queryable, Selectable, Insertable)]
        #[diesel(table_name = $table, check_for_backend($d))]
        struct $name {
            code: $code,
            value: Option<Vec<u8>>,
            formatted_value: Option<String>,
            space: Option<String>,
            persistent: bool,
            host_id: Option<$hid>,
            scope_id: $scope,
        }

        impl $name {
            /// The rows of `options` (their host set when they are inserted).
            fn rows_of<C: Copy + Into<i64>>(
                options: &[$crate::backends::host::HostOptionOf<C>],
            ) -> Result<Vec<Self>, HostDbError> {
                OptionCols::from_options(options, 0)
                    .into_iter()
                    .map(|c| {
                        Ok(Self {
                            code: column(KIND, "code", c.code)?,
                            value: c.value,
                            formatted_value: c.formatted_value,
                            space: c.space,
                            persistent: c.persistent,
                            host_id: None,
                            scope_id: scope(),
                        })
                    })
                    .collect()
            }

            /// Inserts `rows` as the options of host `owner`.
            async fn insert(c: &mut $conn, rows: &[Self], owner: $hid) -> QueryResult<()> {
                if rows.is_empty() {
                    return Ok(());
                }
                let owned: Vec<Self> = rows
                    .iter()
                    .cloned()
                    .map(|o| Self {
                        host_id: Some(owner),
                        ..o
                    })
                    .collect();
                diesel::insert_into($table::table)
                    .values(&owned)
                    .execute(c)
                    .await
                    .map(drop)
            }

            /// The host-scope options of the hosts `ids`, in storage order.
            async fn of_hosts(
                c: &mut $conn,
                ids: &[$hid],
                operation: &'static str,
            ) -> Result<Vec<OptionCols>, HostDbError> {
                let rows: Vec<Self> = $table::table
                    .filter($table::host_id.eq_any(ids.to_vec()))
                    .filter($table::scope_id.eq(scope()))
                    .order($table::option_id)
                    .select(Self::as_select())
                    .load(c)
                    .await
                    .map_err(q(KIND, operation))?;
                Ok(rows
                    .into_iter()
                    .map(|o| OptionCols {
                        host_id: o.host_id.map(i64::from).unwrap_or(0),
                        code: i64::from(o.code),
                        value: o.value,
                        formatted_value: o.formatted_value,
                        space: o.space,
                        persistent: o.persistent,
                    })
                    .collect())
            }
        }
    };
}
pub(crate) use option_row;

/// Emits, in the module it is invoked in, the host rows and the DHCPv4
/// (`v4`) and DHCPv6 (`v6`) operations of `SqlHostStore<dialect>`. The
/// integer types are those of the dialect's columns: `host_id`,
/// `dhcp_identifier_type`, the unsigned 32-bit columns (subnet ids, IPv4
/// address, next server), each option table's `code`, `scope_id`, the small
/// reservation columns (`prefix_len`, `type`) and `dhcp6_iaid`; `insert` is
/// how the new host_id is read (see `inserted_host_id!`).
macro_rules! host_queries {
    (
        dialect: $d:path,
        schema: $schema:ident,
        conn: $conn:ty,
        host_id: $hid:ty,
        identifier_type: $idt:ty,
        uint: $uint:ty,
        code4: $code4:ty,
        code6: $code6:ty,
        scope: $scope:ty,
        small: $small:ty,
        iaid: $iaid:ty,
        insert: $insert:ident $(,)?
    ) => {
        use diesel::prelude::*;
        use diesel::result::{DatabaseErrorKind, Error as DieselError};
        use diesel_async::{AsyncConnection, RunQueryDsl};

        use $crate::backends::host::identifier_code;
        use $crate::backends::host_store::HostAdd;
        use $crate::backends::sql::hosts::error::HostDbError;
        use $crate::backends::sql::hosts::row::{HostCols, OptionCols};
        use $crate::backends::sql::hosts::row6::Host6Cols;
        use $crate::backends::sql::hosts::schema::$schema::{
            dhcp4_options, dhcp6_options, hosts, ipv6_reservations,
        };
        use $crate::backends::sql::hosts::store::{column, inserted_host_id, q, SqlHostStore};
        use $crate::backends::sql::hosts::{Delete, HOST_SCOPE};
        use $crate::config::model::{IdentifierType, SqlKind};

        type Store = SqlHostStore<$d>;
        const KIND: SqlKind = <$d as $crate::backends::sql::dialect::SqlDialect>::KIND;

        /// A `hosts` row, both families' columns, with the dialect's types
        /// (a host of one family leaves the other's columns NULL).
        #[derive(Debug, Clone, Queryable, Selectable, Insertable)]
        #[diesel(table_name = hosts, check_for_backend($d), treat_none_as_null = true)]
        struct Row {
            /// Picked by the server on insertion.
            #[diesel(skip_insertion)]
            host_id: $hid,
            dhcp_identifier: Vec<u8>,
            dhcp_identifier_type: $idt,
            dhcp4_subnet_id: Option<$uint>,
            dhcp6_subnet_id: Option<$uint>,
            ipv4_address: Option<$uint>,
            hostname: Option<String>,
            dhcp4_client_classes: Option<String>,
            dhcp6_client_classes: Option<String>,
            dhcp4_next_server: Option<$uint>,
            dhcp4_server_hostname: Option<String>,
            dhcp4_boot_file_name: Option<String>,
            user_context: Option<String>,
        }

        $crate::backends::sql::hosts::queries::option_row!(
            OptionRow4, dhcp4_options, code: $code4, $d, $conn, $hid, $scope
        );
        $crate::backends::sql::hosts::queries::option_row!(
            OptionRow6, dhcp6_options, code: $code6, $d, $conn, $hid, $scope
        );

        fn scope() -> $scope {
            <$scope>::from(HOST_SCOPE)
        }

        fn subnet(s: u32) -> $uint {
            <$uint>::from(s)
        }

        /// A widened value in one of the unsigned 32-bit columns.
        fn uint(name: &'static str, v: Option<i64>) -> Result<Option<$uint>, HostDbError> {
            v.map(|v| column(KIND, name, v)).transpose()
        }

        fn id_type(kind: IdentifierType) -> Result<$idt, HostDbError> {
            column(
                KIND,
                "dhcp_identifier_type",
                i64::from(identifier_code(kind)),
            )
        }

        /// How many `hosts` rows `query` matches.
        async fn count(c: &mut $conn, query: hosts::BoxedQuery<'_, $d>) -> QueryResult<i64> {
            query.count().get_result(c).await
        }

        /// Inserts the hosts row `new`; its new host_id.
        async fn insert_row(c: &mut $conn, new: &Row) -> QueryResult<i64> {
            Ok(inserted_host_id!(
                $insert,
                c,
                diesel::insert_into(hosts::table).values(new),
                $hid
            ))
        }

        /// The answer of an add (`done`, its transaction): a unique-key
        /// violation means a concurrent add of the same identifier won.
        fn added(
            done: QueryResult<HostAdd>,
            operation: &'static str,
        ) -> Result<HostAdd, HostDbError> {
            match done {
                Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                    Ok(HostAdd::DuplicateIdentifier)
                }
                other => other.map_err(q(KIND, operation)),
            }
        }

        /// The DHCPv4 operations.
        pub(super) mod v4 {
            use std::net::Ipv4Addr;

            use $crate::backends::host::Host4;
            use $crate::backends::sql::hosts::row::assemble;

            use super::*;

            impl Row {
                fn cols4(self) -> HostCols {
                    HostCols {
                        host_id: i64::from(self.host_id),
                        identifier: self.dhcp_identifier,
                        identifier_type: i64::from(self.dhcp_identifier_type),
                        subnet_id: self.dhcp4_subnet_id.map(i64::from),
                        ipv4_address: self.ipv4_address.map(i64::from),
                        hostname: self.hostname,
                        client_classes: self.dhcp4_client_classes,
                        next_server: self.dhcp4_next_server.map(i64::from),
                        server_hostname: self.dhcp4_server_hostname,
                        boot_file_name: self.dhcp4_boot_file_name,
                        user_context: self.user_context,
                    }
                }
            }

            /// The DHCPv4 hosts of `rows`, with their options.
            async fn complete(
                c: &mut $conn,
                rows: Vec<Row>,
                operation: &'static str,
            ) -> Result<Vec<Host4>, HostDbError> {
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let ids: Vec<$hid> = rows.iter().map(|r| r.host_id).collect();
                let options = OptionRow4::of_hosts(c, &ids, operation).await?;
                assemble(KIND, rows.into_iter().map(Row::cols4).collect(), options)
            }

            /// `query` narrowed to the hosts reserving `a`.
            fn at_address(
                query: hosts::BoxedQuery<'_, $d>,
                a: Ipv4Addr,
            ) -> hosts::BoxedQuery<'_, $d> {
                query.filter(hosts::ipv4_address.eq(<$uint>::from(u32::from(a))))
            }

            /// What adding `host` writes: its hosts row, the address it
            /// reserves, its option rows.
            fn rows_of(host: &Host4) -> Result<(Row, Vec<Ipv4Addr>, Vec<OptionRow4>), HostDbError> {
                let c = HostCols::from_host(host);
                let row = Row {
                    host_id: 0,
                    dhcp_identifier: c.identifier,
                    dhcp_identifier_type: column(KIND, "dhcp_identifier_type", c.identifier_type)?,
                    dhcp4_subnet_id: uint("dhcp4_subnet_id", c.subnet_id)?,
                    dhcp6_subnet_id: None,
                    ipv4_address: uint("ipv4_address", c.ipv4_address)?,
                    hostname: c.hostname,
                    dhcp4_client_classes: c.client_classes,
                    dhcp6_client_classes: None,
                    dhcp4_next_server: uint("dhcp4_next_server", c.next_server)?,
                    dhcp4_server_hostname: c.server_hostname,
                    dhcp4_boot_file_name: c.boot_file_name,
                    user_context: c.user_context,
                };
                let options = OptionRow4::rows_of(&host.options)?;
                Ok((row, host.ip_address.into_iter().collect(), options))
            }

            /// Inserts the option rows of the new host `id`.
            async fn insert_children(c: &mut $conn, options: &[OptionRow4], id: i64) -> QueryResult<()> {
                OptionRow4::insert(c, options, <$hid>::try_from(id).unwrap_or_default()).await
            }

            $crate::backends::sql::hosts::family_queries::family_queries! {
                dialect: $d, host: Host4, addr: Ipv4Addr, subnet: dhcp4_subnet_id,
                host_id: $hid, family: 4,
            }
        }

        /// The DHCPv6 operations.
        pub(super) mod v6 {
            use std::net::Ipv6Addr;

            use $crate::backends::host6::Host6;
            use $crate::backends::sql::hosts::reserving;
            use $crate::backends::sql::hosts::row6::{assemble6, ResvCols};

            use super::*;

            /// An `ipv6_reservations` row.
            #[derive(Debug, Clone, Queryable, Selectable, Insertable)]
            #[diesel(table_name = ipv6_reservations, check_for_backend($d), treat_none_as_null = true)]
            struct ResvRow {
                address: String,
                prefix_len: $small,
                resv_type: $small,
                dhcp6_iaid: Option<$iaid>,
                host_id: $hid,
            }

            impl Row {
                fn cols6(self) -> Host6Cols {
                    Host6Cols {
                        host_id: i64::from(self.host_id),
                        identifier: self.dhcp_identifier,
                        identifier_type: i64::from(self.dhcp_identifier_type),
                        subnet_id: self.dhcp6_subnet_id.map(i64::from),
                        hostname: self.hostname,
                        client_classes: self.dhcp6_client_classes,
                        user_context: self.user_context,
                    }
                }
            }

            impl ResvRow {
                fn cols(self) -> ResvCols {
                    ResvCols {
                        host_id: i64::from(self.host_id),
                        address: self.address,
                        prefix_len: i64::from(self.prefix_len),
                        kind: i64::from(self.resv_type),
                    }
                }

                fn from_cols(c: ResvCols) -> Result<Self, HostDbError> {
                    Ok(Self {
                        address: c.address,
                        prefix_len: column(KIND, "prefix_len", c.prefix_len)?,
                        resv_type: column(KIND, "type", c.kind)?,
                        dhcp6_iaid: None,
                        host_id: column(KIND, "host_id", c.host_id)?,
                    })
                }
            }

            /// The DHCPv6 hosts of `rows`, with their reservations and options.
            async fn complete(
                c: &mut $conn,
                rows: Vec<Row>,
                operation: &'static str,
            ) -> Result<Vec<Host6>, HostDbError> {
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let ids: Vec<$hid> = rows.iter().map(|r| r.host_id).collect();
                let resvs: Vec<ResvRow> = ipv6_reservations::table
                    .filter(ipv6_reservations::host_id.eq_any(ids.clone()))
                    .order(ipv6_reservations::reservation_id)
                    .select(ResvRow::as_select())
                    .load(c)
                    .await
                    .map_err(q(KIND, operation))?;
                let options = OptionRow6::of_hosts(c, &ids, operation).await?;
                assemble6(
                    KIND,
                    rows.into_iter().map(Row::cols6).collect(),
                    resvs.into_iter().map(ResvRow::cols).collect(),
                    options,
                )
            }

            /// `query` narrowed to the hosts reserving `a` (an address, or
            /// a prefix by its first address).
            fn at_address(
                query: hosts::BoxedQuery<'_, $d>,
                a: Ipv6Addr,
            ) -> hosts::BoxedQuery<'_, $d> {
                query.filter(reserving(a))
            }

            /// A new DHCPv6 host's dependent rows: reservations, options.
            type Children = (Vec<ResvRow>, Vec<OptionRow6>);

            /// What adding `host` writes: its hosts row, the addresses and
            /// prefixes it reserves, its reservation and option rows.
            fn rows_of(host: &Host6) -> Result<(Row, Vec<Ipv6Addr>, Children), HostDbError> {
                let c = Host6Cols::from_host(host);
                let row = Row {
                    host_id: 0,
                    dhcp_identifier: c.identifier,
                    dhcp_identifier_type: column(KIND, "dhcp_identifier_type", c.identifier_type)?,
                    dhcp4_subnet_id: None,
                    dhcp6_subnet_id: uint("dhcp6_subnet_id", c.subnet_id)?,
                    ipv4_address: None,
                    hostname: c.hostname,
                    dhcp4_client_classes: None,
                    dhcp6_client_classes: c.client_classes,
                    dhcp4_next_server: None,
                    dhcp4_server_hostname: None,
                    dhcp4_boot_file_name: None,
                    user_context: c.user_context,
                };
                let resvs = ResvCols::from_host(host, 0)
                    .into_iter()
                    .map(ResvRow::from_cols)
                    .collect::<Result<Vec<_>, _>>()?;
                let options = OptionRow6::rows_of(&host.options)?;
                let reserved = host
                    .ip_addresses
                    .iter()
                    .copied()
                    .chain(host.prefixes.iter().map(|p| p.network()))
                    .collect();
                Ok((row, reserved, (resvs, options)))
            }

            /// Inserts the reservation and option rows of the new host `id`.
            async fn insert_children(
                c: &mut $conn,
                (resvs, options): &Children,
                id: i64,
            ) -> QueryResult<()> {
                let owner = <$hid>::try_from(id).unwrap_or_default();
                let resvs: Vec<ResvRow> = resvs
                    .iter()
                    .cloned()
                    .map(|r| ResvRow { host_id: owner, ..r })
                    .collect();
                if !resvs.is_empty() {
                    diesel::insert_into(ipv6_reservations::table)
                        .values(&resvs)
                        .execute(c)
                        .await?;
                }
                OptionRow6::insert(c, options, owner).await
            }

            $crate::backends::sql::hosts::family_queries::family_queries! {
                dialect: $d, host: Host6, addr: Ipv6Addr, subnet: dhcp6_subnet_id,
                host_id: $hid, family: 6,
            }
        }
    };
}
pub(super) use host_queries;
