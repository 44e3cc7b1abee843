//! DHCPv6 host reservations in PostgreSQL: the `6` operations of
//! [`PgHostStore`] over Kea 2.2's `hosts` (`dhcp6_subnet_id` set),
//! `ipv6_reservations` and `dhcp6_options` tables, as Kea's
//! `PgSqlHostDataSource` reads and writes them.

use std::net::Ipv6Addr;

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::backends::host::identifier_code;
use crate::backends::host6::Host6;
use crate::backends::host_store::HostAdd;
use crate::config::model::IdentifierType;

use super::error::HostDbError;
use super::pg::{q, PgHostStore, KIND};
use super::row::OptionCols;
use super::row6::{assemble6, option_rows, Host6Cols, ResvCols};
use super::schema::pg::{dhcp6_options, hosts, ipv6_reservations};
use super::{reserving, Delete6, HOST_SCOPE};

/// The `hosts` columns of a DHCPv6 host, PostgreSQL types.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = hosts, check_for_backend(Pg))]
struct PgHost6 {
    host_id: i32,
    dhcp_identifier: Vec<u8>,
    dhcp_identifier_type: i16,
    dhcp6_subnet_id: Option<i64>,
    hostname: Option<String>,
    dhcp6_client_classes: Option<String>,
    user_context: Option<String>,
}

/// A new DHCPv6 hosts row (the server picks host_id; v4 columns stay NULL).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = hosts, check_for_backend(Pg), treat_none_as_null = true)]
struct NewPgHost6 {
    dhcp_identifier: Vec<u8>,
    dhcp_identifier_type: i16,
    dhcp6_subnet_id: Option<i64>,
    hostname: Option<String>,
    dhcp6_client_classes: Option<String>,
    user_context: Option<String>,
}

/// An `ipv6_reservations` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ipv6_reservations, check_for_backend(Pg), treat_none_as_null = true)]
struct PgResv {
    address: String,
    prefix_len: i16,
    resv_type: i16,
    dhcp6_iaid: Option<i32>,
    host_id: i32,
}

/// A host's `dhcp6_options` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = dhcp6_options, check_for_backend(Pg))]
struct PgOption6 {
    code: i32,
    value: Option<Vec<u8>>,
    formatted_value: Option<String>,
    space: Option<String>,
    persistent: bool,
    host_id: Option<i32>,
    scope_id: i16,
}

impl PgHost6 {
    fn cols(self) -> Host6Cols {
        Host6Cols {
            host_id: i64::from(self.host_id),
            identifier: self.dhcp_identifier,
            identifier_type: i64::from(self.dhcp_identifier_type),
            subnet_id: self.dhcp6_subnet_id,
            hostname: self.hostname,
            client_classes: self.dhcp6_client_classes,
            user_context: self.user_context,
        }
    }
}

impl PgResv {
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
            prefix_len: c.prefix_len as i16,
            resv_type: c.kind as i16,
            dhcp6_iaid: None,
            host_id: c.host_id as i32,
        }
    }
}

impl PgOption6 {
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
            code: c.code as i32,
            value: c.value,
            formatted_value: c.formatted_value,
            space: c.space,
            persistent: c.persistent,
            host_id: i32::try_from(c.host_id).ok(),
            scope_id: HOST_SCOPE,
        }
    }
}

fn subnet(s: u32) -> i64 {
    i64::from(s)
}

/// The hosts of `rows` with their reservations and options.
async fn load6(
    c: &mut AsyncPgConnection,
    rows: Vec<PgHost6>,
    operation: &'static str,
) -> Result<Vec<Host6>, HostDbError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|r| r.host_id).collect();
    let resvs: Vec<PgResv> = ipv6_reservations::table
        .filter(ipv6_reservations::host_id.eq_any(ids.clone()))
        .order(ipv6_reservations::reservation_id)
        .select(PgResv::as_select())
        .load(c)
        .await
        .map_err(q(operation))?;
    let options: Vec<PgOption6> = dhcp6_options::table
        .filter(dhcp6_options::host_id.eq_any(ids))
        .filter(dhcp6_options::scope_id.eq(HOST_SCOPE))
        .order(dhcp6_options::option_id)
        .select(PgOption6::as_select())
        .load(c)
        .await
        .map_err(q(operation))?;
    assemble6(
        KIND,
        rows.into_iter().map(PgHost6::cols).collect(),
        resvs.into_iter().map(PgResv::cols).collect(),
        options.into_iter().map(PgOption6::cols).collect(),
    )
}

impl PgHostStore {
    /// DHCPv6 hosts matching `filter`, by host id, complete.
    async fn select6(
        &self,
        operation: &'static str,
        filter: hosts::BoxedQuery<'static, Pg>,
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
            let rows: Vec<PgHost6> = query
                .select(PgHost6::as_select())
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
            .filter(hosts::dhcp_identifier_type.eq(i16::from(identifier_code(kind))))
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
            .filter(hosts::dhcp_identifier_type.eq(i16::from(identifier_code(kind))))
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
        let after = i32::try_from(after_host_id).unwrap_or(i32::MAX);
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
        let id_type = cols.identifier_type as i16;
        let sid = cols.subnet_id;
        let ident = cols.identifier.clone();
        let new = NewPgHost6 {
            dhcp_identifier: cols.identifier,
            dhcp_identifier_type: id_type,
            dhcp6_subnet_id: cols.subnet_id,
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
                    let id: i32 = diesel::insert_into(hosts::table)
                        .values(&new)
                        .returning(hosts::host_id)
                        .get_result(c)
                        .await?;
                    let resvs: Vec<PgResv> = ResvCols::from_host(host, i64::from(id))
                        .into_iter()
                        .map(PgResv::from_cols)
                        .collect();
                    if !resvs.is_empty() {
                        diesel::insert_into(ipv6_reservations::table)
                            .values(&resvs)
                            .execute(c)
                            .await?;
                    }
                    let options: Vec<PgOption6> = option_rows(host, i64::from(id))
                        .into_iter()
                        .map(PgOption6::from_cols)
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
                    .filter(hosts::dhcp_identifier_type.eq(i16::from(identifier_code(kind))))
                    .filter(hosts::dhcp_identifier.eq(identifier.to_vec())),
                Delete6::Address(a) => query.filter(reserving(a)),
            };
            let ids: Vec<i32> = query.load(&mut c).await.map_err(q(operation))?;
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
