//! The DHCPv4 host queries (`hosts` rows with `dhcp4_subnet_id` set and their
//! `dhcp4_options`), written once: [`host4_queries!`] emits them for one
//! dialect, whose column types it is given.

/// Emits, in the module it is invoked in, the row types and the DHCPv4
/// operations (`by_address`, `add`, `del_by_identifier`, `del_by_address`,
/// and through `host_lookups!` `get`, `by_identifier`, `page`, `by_hostname`) of `SqlHostStore<dialect>`.
/// The integer types are those of the dialect's columns: `host_id`,
/// `dhcp_identifier_type`, the unsigned 32-bit columns (subnet, address,
/// next server), the option `code` and `scope_id`; `insert` is how the new
/// host_id is read (see `inserted_host_id!`).
macro_rules! host4_queries {
    (
        dialect: $d:path,
        schema: $schema:ident,
        conn: $conn:ty,
        host_id: $hid:ty,
        identifier_type: $idt:ty,
        uint: $uint:ty,
        code: $code:ty,
        scope: $scope:ty,
        insert: $insert:ident $(,)?
    ) => {
        use std::net::Ipv4Addr;

        use diesel::prelude::*;
        use diesel::result::{DatabaseErrorKind, Error as DieselError};
        use diesel_async::{AsyncConnection, RunQueryDsl};

        use $crate::backends::host::{identifier_code, Host4};
        use $crate::backends::host_store::HostAdd;
        use $crate::backends::sql::hosts::error::HostDbError;
        use $crate::backends::sql::hosts::row::{assemble, HostCols, OptionCols};
        use $crate::backends::sql::hosts::schema::$schema::{dhcp4_options, hosts};
        use $crate::backends::sql::hosts::store::{column, inserted_host_id, q, SqlHostStore};
        use $crate::backends::sql::hosts::HOST_SCOPE;
        use $crate::config::model::{IdentifierType, SqlKind};

        type Store = SqlHostStore<$d>;
        const KIND: SqlKind = <$d as $crate::backends::sql::dialect::SqlDialect>::KIND;

        /// A hosts row with the dialect's column types.
        #[derive(Debug, Clone, Queryable, Selectable)]
        #[diesel(table_name = hosts, check_for_backend($d))]
        struct Row {
            host_id: $hid,
            dhcp_identifier: Vec<u8>,
            dhcp_identifier_type: $idt,
            dhcp4_subnet_id: Option<$uint>,
            ipv4_address: Option<$uint>,
            hostname: Option<String>,
            dhcp4_client_classes: Option<String>,
            dhcp4_next_server: Option<$uint>,
            dhcp4_server_hostname: Option<String>,
            dhcp4_boot_file_name: Option<String>,
            user_context: Option<String>,
        }

        /// A new hosts row (the server picks host_id).
        #[derive(Debug, Clone, Insertable)]
        #[diesel(table_name = hosts, check_for_backend($d), treat_none_as_null = true)]
        struct NewRow {
            dhcp_identifier: Vec<u8>,
            dhcp_identifier_type: $idt,
            dhcp4_subnet_id: Option<$uint>,
            ipv4_address: Option<$uint>,
            hostname: Option<String>,
            dhcp4_client_classes: Option<String>,
            dhcp4_next_server: Option<$uint>,
            dhcp4_server_hostname: Option<String>,
            dhcp4_boot_file_name: Option<String>,
            user_context: Option<String>,
        }

        /// A host option row.
        #[derive(Debug, Clone, Queryable, Selectable, Insertable)]
        #[diesel(table_name = dhcp4_options, check_for_backend($d))]
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
            fn cols(self) -> HostCols {
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

        fn uint(name: &'static str, v: Option<i64>) -> Result<Option<$uint>, HostDbError> {
            v.map(|v| column(KIND, name, v)).transpose()
        }

        impl NewRow {
            fn from_cols(c: HostCols) -> Result<Self, HostDbError> {
                Ok(Self {
                    dhcp_identifier: c.identifier,
                    dhcp_identifier_type: column(KIND, "dhcp_identifier_type", c.identifier_type)?,
                    dhcp4_subnet_id: uint("dhcp4_subnet_id", c.subnet_id)?,
                    ipv4_address: uint("ipv4_address", c.ipv4_address)?,
                    hostname: c.hostname,
                    dhcp4_client_classes: c.client_classes,
                    dhcp4_next_server: uint("dhcp4_next_server", c.next_server)?,
                    dhcp4_server_hostname: c.server_hostname,
                    dhcp4_boot_file_name: c.boot_file_name,
                    user_context: c.user_context,
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
            dialect: $d, host: Host4, subnet: dhcp4_subnet_id, complete: with_options,
            host_id: $hid, identifier_type: $idt, uint: $uint, scope: $scope, family: 4,
        }

        fn addr(a: Ipv4Addr) -> $uint {
            <$uint>::from(u32::from(a))
        }

        /// The hosts of `rows` with their options (one more query when there are any).
        async fn with_options(
            c: &mut $conn,
            rows: Vec<Row>,
            operation: &'static str,
        ) -> Result<Vec<Host4>, HostDbError> {
            if rows.is_empty() {
                return Ok(Vec::new());
            }
            let ids: Vec<$hid> = rows.iter().map(|r| r.host_id).collect();
            let options: Vec<OptionRow> = dhcp4_options::table
                .filter(dhcp4_options::host_id.eq_any(ids))
                .filter(dhcp4_options::scope_id.eq(scope()))
                .order(dhcp4_options::option_id)
                .select(OptionRow::as_select())
                .load(c)
                .await
                .map_err(q(KIND, operation))?;
            assemble(
                KIND,
                rows.into_iter().map(Row::cols).collect(),
                options.into_iter().map(OptionRow::cols).collect(),
            )
        }

        /// See [`HostStore::get4_by_address`](crate::backends::HostStore::get4_by_address).
        pub(super) async fn by_address(
            store: &Store,
            subnet_id: u32,
            address: Ipv4Addr,
        ) -> Result<Vec<Host4>, HostDbError> {
            let filter = hosts::table
                .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
                .filter(hosts::ipv4_address.eq(addr(address)))
                .into_boxed();
            select(store, "get4_by_address", filter, None).await
        }

        /// See [`HostStore::add4`](crate::backends::HostStore::add4).
        pub(super) async fn add(store: &Store, host: &Host4) -> Result<HostAdd, HostDbError> {
            store.writable()?;
            let cols = HostCols::from_host(host);
            let id_type: $idt = column(KIND, "dhcp_identifier_type", cols.identifier_type)?;
            let sid = uint("dhcp4_subnet_id", cols.subnet_id)?;
            let ip = uint("ipv4_address", cols.ipv4_address)?;
            let ident = cols.identifier.clone();
            let new = NewRow::from_cols(cols)?;
            let options = OptionCols::from_options(&host.options, 0)
                .into_iter()
                .map(OptionRow::from_cols)
                .collect::<Result<Vec<_>, _>>()?;
            store
                .run("add4", async {
                    let mut c = store.pool.get().await?;
                    let done = c
                        .transaction(async |c| {
                            let same_id: i64 = hosts::table
                                .filter(hosts::dhcp4_subnet_id.eq(sid))
                                .filter(hosts::dhcp_identifier_type.eq(id_type))
                                .filter(hosts::dhcp_identifier.eq(&ident))
                                .count()
                                .get_result(c)
                                .await?;
                            if same_id > 0 {
                                return Ok(HostAdd::DuplicateIdentifier);
                            }
                            if let Some(a) = ip {
                                let same_ip: i64 = hosts::table
                                    .filter(hosts::dhcp4_subnet_id.eq(sid))
                                    .filter(hosts::ipv4_address.eq(a))
                                    .count()
                                    .get_result(c)
                                    .await?;
                                if same_ip > 0 {
                                    return Ok(HostAdd::DuplicateAddress);
                                }
                            }
                            let id = inserted_host_id!(
                                $insert,
                                c,
                                diesel::insert_into(hosts::table).values(&new),
                                $hid
                            );
                            let owned = <$hid>::try_from(id).ok();
                            let options: Vec<OptionRow> = options
                                .iter()
                                .cloned()
                                .map(|o| OptionRow {
                                    host_id: owned,
                                    ..o
                                })
                                .collect();
                            if !options.is_empty() {
                                diesel::insert_into(dhcp4_options::table)
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
                        other => other.map_err(q(KIND, "add4")),
                    }
                })
                .await
        }

        /// See [`HostStore::del4_by_identifier`](crate::backends::HostStore::del4_by_identifier).
        pub(super) async fn del_by_identifier(
            store: &Store,
            subnet_id: u32,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<bool, HostDbError> {
            store.writable()?;
            let id_type = id_type(kind)?;
            store
                .run("del4_by_identifier", async {
                    let mut c = store.pool.get().await?;
                    let n = diesel::delete(
                        hosts::table
                            .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
                            .filter(hosts::dhcp_identifier_type.eq(id_type))
                            .filter(hosts::dhcp_identifier.eq(identifier)),
                    )
                    .execute(&mut c)
                    .await
                    .map_err(q(KIND, "del4_by_identifier"))?;
                    Ok(n > 0)
                })
                .await
        }

        /// See [`HostStore::del4_by_address`](crate::backends::HostStore::del4_by_address).
        pub(super) async fn del_by_address(
            store: &Store,
            subnet_id: u32,
            address: Ipv4Addr,
        ) -> Result<bool, HostDbError> {
            store.writable()?;
            store
                .run("del4_by_address", async {
                    let mut c = store.pool.get().await?;
                    let n = diesel::delete(
                        hosts::table
                            .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
                            .filter(hosts::ipv4_address.eq(addr(address))),
                    )
                    .execute(&mut c)
                    .await
                    .map_err(q(KIND, "del4_by_address"))?;
                    Ok(n > 0)
                })
                .await
        }
    };
}
pub(super) use host4_queries;
