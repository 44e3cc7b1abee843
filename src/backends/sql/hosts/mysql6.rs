//! DHCPv6 host reservations in MySQL/MariaDB: the `6` operations of
//! [`MysqlHostStore`] over Kea 2.2's `hosts` (`dhcp6_subnet_id` set),
//! `ipv6_reservations` and `dhcp6_options` tables, as Kea's
//! `MySqlHostDataSource` reads and writes them.

use std::net::Ipv6Addr;

use diesel::mysql::Mysql;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncMysqlConnection, RunQueryDsl};

use crate::backends::host::identifier_code;
use crate::backends::host6::Host6;
use crate::backends::host_store::HostAdd;
use crate::config::model::IdentifierType;

use super::error::HostDbError;
use super::mysql::{q, MysqlHostStore, KIND};
use super::row::OptionCols;
use super::row6::{assemble6, option_rows, Host6Cols, ResvCols};
use super::schema::mysql::{dhcp6_options, hosts, ipv6_reservations};
use super::{reserving, Delete6, HOST_SCOPE};

/// The `hosts` columns of a DHCPv6 host, MySQL types.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = hosts, check_for_backend(Mysql))]
struct MyHost6 {
    host_id: u32,
    dhcp_identifier: Vec<u8>,
    dhcp_identifier_type: i8,
    dhcp6_subnet_id: Option<u32>,
    hostname: Option<String>,
    dhcp6_client_classes: Option<String>,
    user_context: Option<String>,
}

/// A new DHCPv6 hosts row (the server picks host_id; v4 columns stay NULL).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = hosts, check_for_backend(Mysql), treat_none_as_null = true)]
struct NewMyHost6 {
    dhcp_identifier: Vec<u8>,
    dhcp_identifier_type: i8,
    dhcp6_subnet_id: Option<u32>,
    hostname: Option<String>,
    dhcp6_client_classes: Option<String>,
    user_context: Option<String>,
}

/// An `ipv6_reservations` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ipv6_reservations, check_for_backend(Mysql), treat_none_as_null = true)]
struct MyResv {
    address: String,
    prefix_len: u8,
    resv_type: u8,
    dhcp6_iaid: Option<u32>,
    host_id: u32,
}

/// A host's `dhcp6_options` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = dhcp6_options, check_for_backend(Mysql))]
struct MyOption6 {
    code: u16,
    value: Option<Vec<u8>>,
    formatted_value: Option<String>,
    space: Option<String>,
    persistent: bool,
    host_id: Option<u32>,
    scope_id: u8,
}

impl MyHost6 {
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

impl MyResv {
    fn cols(self) -> ResvCols {
        ResvCols {
            host_id: i64::from(self.host_id),
            address: self.address,
            prefix_len: i64::from(self.prefix_len),
            kind: i64::from(self.resv_type),
        }
    }

    fn from_cols(c: ResvCols) -> Self {
        Self {
            address: c.address,
            prefix_len: c.prefix_len as u8,
            resv_type: c.kind as u8,
            dhcp6_iaid: None,
            host_id: c.host_id as u32,
        }
    }
}

impl MyOption6 {
    fn cols(self) -> OptionCols {
        OptionCols {
            host_id: i64::from(self.host_id.unwrap_or(0)),
            code: i64::from(self.code),
            value: self.value,
            formatted_value: self.formatted_value,
            space: self.space,
            persistent: self.persistent,
        }
    }

    fn from_cols(c: OptionCols) -> Self {
        Self {
            code: c.code as u16,
            value: c.value,
            formatted_value: c.formatted_value,
            space: c.space,
            persistent: c.persistent,
            host_id: u32::try_from(c.host_id).ok(),
            scope_id: HOST_SCOPE as u8,
        }
    }
}

fn subnet(s: u32) -> u32 {
    s
}

/// The hosts of `rows` with their reservations and options.
async fn load6(
    c: &mut AsyncMysqlConnection,
    rows: Vec<MyHost6>,
    operation: &'static str,
) -> Result<Vec<Host6>, HostDbError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<u32> = rows.iter().map(|r| r.host_id).collect();
    let resvs: Vec<MyResv> = ipv6_reservations::table
        .filter(ipv6_reservations::host_id.eq_any(ids.clone()))
        .order(ipv6_reservations::reservation_id)
        .select(MyResv::as_select())
        .load(c)
        .await
        .map_err(q(operation))?;
    let options: Vec<MyOption6> = dhcp6_options::table
        .filter(dhcp6_options::host_id.eq_any(ids))
        .filter(dhcp6_options::scope_id.eq(HOST_SCOPE as u8))
        .order(dhcp6_options::option_id)
        .select(MyOption6::as_select())
        .load(c)
        .await
        .map_err(q(operation))?;
    assemble6(
        KIND,
        rows.into_iter().map(MyHost6::cols).collect(),
        resvs.into_iter().map(MyResv::cols).collect(),
        options.into_iter().map(MyOption6::cols).collect(),
    )
}

impl MysqlHostStore {
    /// DHCPv6 hosts matching `filter`, by host id, complete.
    async fn select6(
        &self,
        operation: &'static str,
        filter: hosts::BoxedQuery<'static, Mysql>,
        limit: Option<usize>,
    ) -> Result<Vec<Host6>, HostDbError> {
        self.run(operation, async {
            let mut c = self.pool.get().await?;
            let mut query = filter
                .filter(hosts::dhcp6_subnet_id.is_not_null())
                .order(hosts::host_id);
            if let Some(n) = limit {
                query = query.limit(i64::try_from(n).unwrap_or(i64::MAX));
            }
            let rows: Vec<MyHost6> = query
                .select(MyHost6::as_select())
                .load(&mut c)
                .await
                .map_err(q(operation))?;
            load6(&mut c, rows, operation).await
        })
        .await
    }

    /// See [`crate::backends::HostStore::get6`].
    pub(super) async fn host6(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Option<Host6>, HostDbError> {
        let filter = hosts::table
            .filter(hosts::dhcp6_subnet_id.eq(subnet(subnet_id)))
            .filter(hosts::dhcp_identifier_type.eq(identifier_code(kind) as i8))
            .filter(hosts::dhcp_identifier.eq(identifier.to_vec()))
            .into_boxed();
        Ok(self.select6("get6", filter, None).await?.into_iter().next())
    }

    /// See [`crate::backends::HostStore::get6_by_address`].
    pub(super) async fn hosts6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> Result<Vec<Host6>, HostDbError> {
        let filter = hosts::table
            .filter(hosts::dhcp6_subnet_id.eq(subnet(subnet_id)))
            .filter(reserving(address))
            .into_boxed();
        self.select6("get6_by_address", filter, None).await
    }

    /// See [`crate::backends::HostStore::get6_by_identifier`].
    pub(super) async fn hosts6_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Vec<Host6>, HostDbError> {
        let filter = hosts::table
            .filter(hosts::dhcp_identifier_type.eq(identifier_code(kind) as i8))
            .filter(hosts::dhcp_identifier.eq(identifier.to_vec()))
            .into_boxed();
        self.select6("get6_by_identifier", filter, None).await
    }

    /// See [`crate::backends::HostStore::get6_by_hostname`].
    pub(super) async fn hosts6_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> Result<Vec<Host6>, HostDbError> {
        let lower = diesel::dsl::sql::<diesel::sql_types::Bool>("lower(hostname) = ")
            .bind::<diesel::sql_types::Text, _>(hostname.to_lowercase());
        let mut filter = hosts::table.filter(lower).into_boxed();
        if let Some(s) = subnet_id {
            filter = filter.filter(hosts::dhcp6_subnet_id.eq(subnet(s)));
        }
        self.select6("get6_by_hostname", filter, None).await
    }

    /// See [`crate::backends::HostStore::get_all6`] and `get_page6`.
    pub(super) async fn hosts6_page(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: Option<usize>,
    ) -> Result<Vec<Host6>, HostDbError> {
        let after = u32::try_from(after_host_id).unwrap_or(u32::MAX);
        let filter = hosts::table
            .filter(hosts::dhcp6_subnet_id.eq(subnet(subnet_id)))
            .filter(hosts::host_id.gt(after))
            .into_boxed();
        self.select6("get_page6", filter, limit).await
    }

    /// See [`crate::backends::HostStore::add6`].
    pub(super) async fn insert6(&self, host: &Host6) -> Result<HostAdd, HostDbError> {
        self.writable()?;
        let cols = Host6Cols::from_host(host);
        let id_type = cols.identifier_type as i8;
        let sid = cols.subnet_id.map(|v| v as u32);
        let ident = cols.identifier.clone();
        let new = NewMyHost6 {
            dhcp_identifier: cols.identifier,
            dhcp_identifier_type: id_type,
            dhcp6_subnet_id: sid,
            hostname: cols.hostname,
            dhcp6_client_classes: cols.client_classes,
            user_context: cols.user_context,
        };
        let wanted: Vec<Ipv6Addr> = host
            .ip_addresses
            .iter()
            .copied()
            .chain(host.prefixes.iter().map(|p| p.network()))
            .collect();
        self.run("add6", async {
            let mut c = self.pool.get().await?;
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
                    diesel::insert_into(hosts::table)
                        .values(&new)
                        .execute(c)
                        .await?;
                    let id: u64 = diesel::select(diesel::dsl::sql::<
                        diesel::sql_types::Unsigned<diesel::sql_types::BigInt>,
                    >("LAST_INSERT_ID()"))
                    .get_result(c)
                    .await?;
                    let id = i64::try_from(id).unwrap_or(0);
                    let resvs: Vec<MyResv> = ResvCols::from_host(host, id)
                        .into_iter()
                        .map(MyResv::from_cols)
                        .collect();
                    if !resvs.is_empty() {
                        diesel::insert_into(ipv6_reservations::table)
                            .values(&resvs)
                            .execute(c)
                            .await?;
                    }
                    let options: Vec<MyOption6> = option_rows(host, id)
                        .into_iter()
                        .map(MyOption6::from_cols)
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
                other => other.map_err(q("add6")),
            }
        })
        .await
    }

    /// Deletes the DHCPv6 hosts of `subnet_id` matching `by` (their
    /// reservations and options go with them).
    pub(super) async fn delete6(
        &self,
        operation: &'static str,
        subnet_id: u32,
        by: Delete6<'_>,
    ) -> Result<bool, HostDbError> {
        self.writable()?;
        self.run(operation, async {
            let mut c = self.pool.get().await?;
            let mut query = hosts::table
                .filter(hosts::dhcp6_subnet_id.eq(subnet(subnet_id)))
                .select(hosts::host_id)
                .into_boxed();
            query = match by {
                Delete6::Identifier(kind, identifier) => query
                    .filter(hosts::dhcp_identifier_type.eq(identifier_code(kind) as i8))
                    .filter(hosts::dhcp_identifier.eq(identifier.to_vec())),
                Delete6::Address(a) => query.filter(reserving(a)),
            };
            let ids: Vec<u32> = query.load(&mut c).await.map_err(q(operation))?;
            if ids.is_empty() {
                return Ok(false);
            }
            let n = diesel::delete(hosts::table.filter(hosts::host_id.eq_any(ids)))
                .execute(&mut c)
                .await
                .map_err(q(operation))?;
            Ok(n > 0)
        })
        .await
    }
}
