//! The DHCPv6 host queries (`hosts` rows with `dhcp6_subnet_id` set, their
//! `ipv6_reservations` and `dhcp6_options`, as Kea's host data sources read
//! and write them), written once: [`host6_queries!`] emits them for one
//! dialect, whose column types it is given.

/// Emits, in the module it is invoked in, the row types and the DHCPv6
/// operations (`get6`, `by_address`, `by_identifier`, `page`, `by_hostname`,
/// `add`, `delete`) of `SqlHostStore<dialect>`. The integer types are those
/// of the dialect's columns: `host_id`, `dhcp_identifier_type`,
/// `dhcp6_subnet_id`, the option `code`, `scope_id`, the small reservation
/// columns (`prefix_len`, `type`) and `dhcp6_iaid`; `insert` is how the new
/// host_id is read (see `inserted_host_id!`).
macro_rules! host6_queries {
    (
        dialect: $d:path,
        schema: $schema:ident,
        conn: $conn:ty,
        host_id: $hid:ty,
        identifier_type: $idt:ty,
        uint: $uint:ty,
        code: $code:ty,
        scope: $scope:ty,
        small: $small:ty,
        iaid: $iaid:ty,
        insert: $insert:ident $(,)?
    ) => {
        use std::net::Ipv6Addr;

        use diesel::prelude::*;
        use diesel::result::{DatabaseErrorKind, Error as DieselError};
        use diesel_async::{AsyncConnection, RunQueryDsl};

        use $crate::backends::host::identifier_code;
        use $crate::backends::host6::Host6;
        use $crate::backends::host_store::HostAdd;
        use $crate::backends::sql::hosts::error::HostDbError;
        use $crate::backends::sql::hosts::row::OptionCols;
        use $crate::backends::sql::hosts::row6::{assemble6, Host6Cols, ResvCols};
        use $crate::backends::sql::hosts::schema::$schema::{
            dhcp6_options, hosts, ipv6_reservations,
        };
        use $crate::backends::sql::hosts::store::{column, inserted_host_id, q, SqlHostStore};
        use $crate::backends::sql::hosts::{reserving, Delete6, HOST_SCOPE};
        use $crate::config::model::{IdentifierType, SqlKind};

        type Store = SqlHostStore<$d>;
        const KIND: SqlKind = <$d as $crate::backends::sql::dialect::SqlDialect>::KIND;

        /// The `hosts` columns of a DHCPv6 host, the dialect's types.
        #[derive(Debug, Clone, Queryable, Selectable)]
        #[diesel(table_name = hosts, check_for_backend($d))]
        struct Row {
            host_id: $hid,
            dhcp_identifier: Vec<u8>,
            dhcp_identifier_type: $idt,
            dhcp6_subnet_id: Option<$uint>,
            hostname: Option<String>,
            dhcp6_client_classes: Option<String>,
            user_context: Option<String>,
        }

        /// A new DHCPv6 hosts row (the server picks host_id; v4 columns stay NULL).
        #[derive(Debug, Clone, Insertable)]
        #[diesel(table_name = hosts, check_for_backend($d), treat_none_as_null = true)]
        struct NewRow {
            dhcp_identifier: Vec<u8>,
            dhcp_identifier_type: $idt,
            dhcp6_subnet_id: Option<$uint>,
            hostname: Option<String>,
            dhcp6_client_classes: Option<String>,
            user_context: Option<String>,
        }

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

        /// A host's `dhcp6_options` row.
        #[derive(Debug, Clone, Queryable, Selectable, Insertable)]
        #[diesel(table_name = dhcp6_options, check_for_backend($d))]
        struct OptionRow {
            code: $code,
            value: Option<Vec<u8>>,
            formatted_value: Option<String>,
            space: Option<String>,
            persistent: bool,
            host_id: Option<$hid>,
            scope_id: $scope,
        }

        impl Row {
            fn cols(self) -> Host6Cols {
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

        impl OptionRow {
            fn cols(self) -> OptionCols {
                OptionCols {
                    host_id: self.host_id.map(i64::from).unwrap_or(0),
                    code: i64::from(self.code),
                    value: self.value,
                    formatted_value: self.formatted_value,
                    space: self.space,
                    persistent: self.persistent,
                }
            }

            fn from_cols(c: OptionCols) -> Result<Self, HostDbError> {
                Ok(Self {
                    code: column(KIND, "code", c.code)?,
                    value: c.value,
                    formatted_value: c.formatted_value,
                    space: c.space,
                    persistent: c.persistent,
                    host_id: <$hid>::try_from(c.host_id).ok(),
                    scope_id: scope(),
                })
            }
        }

        $crate::backends::sql::hosts::lookups::host_lookups! {
            dialect: $d, host: Host6, subnet: dhcp6_subnet_id, complete: load,
            host_id: $hid, identifier_type: $idt, uint: $uint, scope: $scope, family: 6,
        }

        /// The hosts of `rows` with their reservations and options.
        async fn load(
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
            let options: Vec<OptionRow> = dhcp6_options::table
                .filter(dhcp6_options::host_id.eq_any(ids))
                .filter(dhcp6_options::scope_id.eq(scope()))
                .order(dhcp6_options::option_id)
                .select(OptionRow::as_select())
                .load(c)
                .await
                .map_err(q(KIND, operation))?;
            assemble6(
                KIND,
                rows.into_iter().map(Row::cols).collect(),
                resvs.into_iter().map(ResvRow::cols).collect(),
                options.into_iter().map(OptionRow::cols).collect(),
            )
        }

        /// See [`HostStore::get6_by_address`](crate::backends::HostStore::get6_by_address).
        pub(super) async fn by_address(
            store: &Store,
            subnet_id: u32,
            address: Ipv6Addr,
        ) -> Result<Vec<Host6>, HostDbError> {
            let filter = hosts::table
                .filter(hosts::dhcp6_subnet_id.eq(subnet(subnet_id)))
                .filter(reserving(address))
                .into_boxed();
            select(store, "get6_by_address", filter, None).await
        }

        /// See [`HostStore::add6`](crate::backends::HostStore::add6).
        pub(super) async fn add(store: &Store, host: &Host6) -> Result<HostAdd, HostDbError> {
            store.writable()?;
            let cols = Host6Cols::from_host(host);
            let id_type: $idt = column(KIND, "dhcp_identifier_type", cols.identifier_type)?;
            let sid: Option<$uint> = cols
                .subnet_id
                .map(|v| column(KIND, "dhcp6_subnet_id", v))
                .transpose()?;
            let ident = cols.identifier.clone();
            let new = NewRow {
                dhcp_identifier: cols.identifier,
                dhcp_identifier_type: id_type,
                dhcp6_subnet_id: sid,
                hostname: cols.hostname,
                dhcp6_client_classes: cols.client_classes,
                user_context: cols.user_context,
            };
            let resvs = ResvCols::from_host(host, 0)
                .into_iter()
                .map(ResvRow::from_cols)
                .collect::<Result<Vec<_>, _>>()?;
            let options = OptionCols::from_options(&host.options, 0)
                .into_iter()
                .map(OptionRow::from_cols)
                .collect::<Result<Vec<_>, _>>()?;
            let wanted: Vec<Ipv6Addr> = host
                .ip_addresses
                .iter()
                .copied()
                .chain(host.prefixes.iter().map(|p| p.network()))
                .collect();
            store
                .run("add6", async {
                    let mut c = store.pool.get().await?;
                    let done = c
                        .transaction(async |c| {
                            let same_id: i64 = hosts::table
                                .filter(hosts::dhcp6_subnet_id.eq(sid))
                                .filter(hosts::dhcp_identifier_type.eq(id_type))
                                .filter(hosts::dhcp_identifier.eq(&ident))
                                .count()
                                .get_result(c)
                                .await?;
                            if same_id > 0 {
                                return Ok(HostAdd::DuplicateIdentifier);
                            }
                            for a in &wanted {
                                let same: i64 = hosts::table
                                    .filter(hosts::dhcp6_subnet_id.eq(sid))
                                    .filter(reserving(*a))
                                    .count()
                                    .get_result(c)
                                    .await?;
                                if same > 0 {
                                    return Ok(HostAdd::DuplicateAddress);
                                }
                            }
                            let id = inserted_host_id!(
                                $insert,
                                c,
                                diesel::insert_into(hosts::table).values(&new),
                                $hid
                            );
                            let owner = <$hid>::try_from(id).unwrap_or_default();
                            let resvs: Vec<ResvRow> = resvs
                                .iter()
                                .cloned()
                                .map(|r| ResvRow {
                                    host_id: owner,
                                    ..r
                                })
                                .collect();
                            if !resvs.is_empty() {
                                diesel::insert_into(ipv6_reservations::table)
                                    .values(&resvs)
                                    .execute(c)
                                    .await?;
                            }
                            let options: Vec<OptionRow> = options
                                .iter()
                                .cloned()
                                .map(|o| OptionRow {
                                    host_id: Some(owner),
                                    ..o
                                })
                                .collect();
                            if !options.is_empty() {
                                diesel::insert_into(dhcp6_options::table)
                                    .values(&options)
                                    .execute(c)
                                    .await?;
                            }
                            Ok::<_, DieselError>(HostAdd::Added(u64::try_from(id).unwrap_or(0)))
                        })
                        .await;
                    match done {
                        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                            Ok(HostAdd::DuplicateIdentifier)
                        }
                        other => other.map_err(q(KIND, "add6")),
                    }
                })
                .await
        }

        /// Deletes the DHCPv6 hosts of `subnet_id` matching `by` (their
        /// reservations and options go with them).
        pub(super) async fn delete(
            store: &Store,
            operation: &'static str,
            subnet_id: u32,
            by: Delete6<'_>,
        ) -> Result<bool, HostDbError> {
            store.writable()?;
            let by_type = match by {
                Delete6::Identifier(kind, _) => Some(id_type(kind)?),
                Delete6::Address(_) => None,
            };
            store
                .run(operation, async {
                    let mut c = store.pool.get().await?;
                    let mut query = hosts::table
                        .filter(hosts::dhcp6_subnet_id.eq(subnet(subnet_id)))
                        .select(hosts::host_id)
                        .into_boxed();
                    query = match (by, by_type) {
                        (Delete6::Identifier(_, identifier), Some(t)) => query
                            .filter(hosts::dhcp_identifier_type.eq(t))
                            .filter(hosts::dhcp_identifier.eq(identifier.to_vec())),
                        (Delete6::Address(a), _) => query.filter(reserving(a)),
                        (Delete6::Identifier(..), None) => return Ok(false),
                    };
                    let ids: Vec<$hid> = query.load(&mut c).await.map_err(q(KIND, operation))?;
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
pub(super) use host6_queries;
