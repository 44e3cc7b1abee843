//! `PgHostStore`: DHCPv4 host reservations in PostgreSQL (Kea 2.2 schema 13.0).

use std::future::Future;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::backends::host::{identifier_code, Host4};
use crate::backends::host6::Host6;
use crate::backends::host_store::{HostAdd, HostStore};
use crate::config::model::{IdentifierType, SqlDatabase, SqlKind};

use super::super::connect::{pg_pool, PgManager, SqlPool};
use super::super::error::SqlError;
use super::super::migrate::pg_check_schema;
use super::super::params;
use super::error::HostDbError;
use super::row::{assemble, HostCols, OptionCols};
use super::schema::pg::{dhcp4_options, hosts};
use super::{Delete6, HOST_SCOPE};

pub(super) const KIND: SqlKind = SqlKind::Postgresql;

/// A hosts row with PostgreSQL's column types.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = hosts, check_for_backend(Pg))]
struct PgHost {
    host_id: i32,
    dhcp_identifier: Vec<u8>,
    dhcp_identifier_type: i16,
    dhcp4_subnet_id: Option<i64>,
    ipv4_address: Option<i64>,
    hostname: Option<String>,
    dhcp4_client_classes: Option<String>,
    dhcp4_next_server: Option<i64>,
    dhcp4_server_hostname: Option<String>,
    dhcp4_boot_file_name: Option<String>,
    user_context: Option<String>,
}

/// A new hosts row (the server picks host_id).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = hosts, check_for_backend(Pg), treat_none_as_null = true)]
struct NewPgHost {
    dhcp_identifier: Vec<u8>,
    dhcp_identifier_type: i16,
    dhcp4_subnet_id: Option<i64>,
    ipv4_address: Option<i64>,
    hostname: Option<String>,
    dhcp4_client_classes: Option<String>,
    dhcp4_next_server: Option<i64>,
    dhcp4_server_hostname: Option<String>,
    dhcp4_boot_file_name: Option<String>,
    user_context: Option<String>,
}

/// A host option row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = dhcp4_options, check_for_backend(Pg))]
struct PgOption {
    code: i16,
    value: Option<Vec<u8>>,
    formatted_value: Option<String>,
    space: Option<String>,
    persistent: bool,
    host_id: Option<i32>,
    scope_id: i16,
}

impl PgHost {
    fn cols(self) -> HostCols {
        HostCols {
            host_id: i64::from(self.host_id),
            identifier: self.dhcp_identifier,
            identifier_type: i64::from(self.dhcp_identifier_type),
            subnet_id: self.dhcp4_subnet_id,
            ipv4_address: self.ipv4_address,
            hostname: self.hostname,
            client_classes: self.dhcp4_client_classes,
            next_server: self.dhcp4_next_server,
            server_hostname: self.dhcp4_server_hostname,
            boot_file_name: self.dhcp4_boot_file_name,
            user_context: self.user_context,
        }
    }
}

impl NewPgHost {
    fn from_cols(c: HostCols) -> Self {
        Self {
            dhcp_identifier: c.identifier,
            dhcp_identifier_type: c.identifier_type as i16,
            dhcp4_subnet_id: c.subnet_id,
            ipv4_address: c.ipv4_address,
            hostname: c.hostname,
            dhcp4_client_classes: c.client_classes,
            dhcp4_next_server: c.next_server,
            dhcp4_server_hostname: c.server_hostname,
            dhcp4_boot_file_name: c.boot_file_name,
            user_context: c.user_context,
        }
    }
}

impl PgOption {
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
            code: c.code as i16,
            value: c.value,
            formatted_value: c.formatted_value,
            space: c.space,
            persistent: c.persistent,
            host_id: i32::try_from(c.host_id).ok(),
            scope_id: HOST_SCOPE,
        }
    }
}

pub(super) fn q(operation: &'static str) -> impl FnOnce(DieselError) -> HostDbError {
    move |e| SqlError::query(KIND, operation, e).into()
}

/// The hosts of `rows` with their options (one more query when there are any).
async fn with_options(
    c: &mut AsyncPgConnection,
    rows: Vec<PgHost>,
    operation: &'static str,
) -> Result<Vec<Host4>, HostDbError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|r| r.host_id).collect();
    let options: Vec<PgOption> = dhcp4_options::table
        .filter(dhcp4_options::host_id.eq_any(ids))
        .filter(dhcp4_options::scope_id.eq(HOST_SCOPE))
        .order(dhcp4_options::option_id)
        .select(PgOption::as_select())
        .load(c)
        .await
        .map_err(q(operation))?;
    assemble(
        KIND,
        rows.into_iter().map(PgHost::cols).collect(),
        options.into_iter().map(PgOption::cols).collect(),
    )
}

fn addr(a: Ipv4Addr) -> i64 {
    i64::from(u32::from(a))
}

/// Host reservations in PostgreSQL, through a bb8 pool; every operation under a
/// deadline.
#[derive(Debug)]
pub struct PgHostStore {
    pub(super) pool: SqlPool<PgManager>,
    deadline: Duration,
    readonly: bool,
}

impl PgHostStore {
    /// Connects, refuses a schema other than Kea 2.2's (13.0), and returns a store
    /// whose pool connects on demand; `readonly` refuses writes as Kea does.
    pub async fn connect(db: &SqlDatabase, readonly: bool) -> Result<Self, HostDbError> {
        pg_check_schema(db).await?;
        Ok(Self::with_checked_schema(db, readonly))
    }

    /// A store over a database whose schema was already checked; no I/O here.
    /// Must be called inside a tokio runtime.
    pub fn with_checked_schema(db: &SqlDatabase, readonly: bool) -> Self {
        Self {
            pool: pg_pool(db),
            deadline: params::operation_deadline(db),
            readonly,
        }
    }

    /// Replaces the connection pool once a fresh one answers (see [`SqlPool::reconnect`]).
    pub async fn reconnect(&self) -> Result<(), HostDbError> {
        Ok(self.pool.reconnect().await?)
    }

    /// `SELECT 1` on a pooled connection within `connect-timeout`.
    pub async fn probe(&self) -> Result<(), HostDbError> {
        Ok(self.pool.probe().await?)
    }

    pub(super) async fn run<T>(
        &self,
        operation: &'static str,
        op: impl Future<Output = Result<T, HostDbError>>,
    ) -> Result<T, HostDbError> {
        tokio::time::timeout(self.deadline, op)
            .await
            .unwrap_or_else(|_| {
                Err(SqlError::Deadline {
                    backend: KIND,
                    operation,
                    after: self.deadline,
                }
                .into())
            })
    }

    pub(super) fn writable(&self) -> Result<(), HostDbError> {
        if self.readonly {
            return Err(HostDbError::ReadOnly { backend: KIND });
        }
        Ok(())
    }

    /// Hosts matching `filter` (v4 hosts only), by host id, with options.
    async fn select(
        &self,
        operation: &'static str,
        filter: hosts::BoxedQuery<'static, Pg>,
        limit: Option<usize>,
    ) -> Result<Vec<Host4>, HostDbError> {
        self.run(operation, async {
            let mut c = self.pool.get().await?;
            let mut query = filter
                .filter(hosts::dhcp4_subnet_id.is_not_null())
                .order(hosts::host_id);
            if let Some(n) = limit {
                query = query.limit(i64::try_from(n).unwrap_or(i64::MAX));
            }
            let rows: Vec<PgHost> = query
                .select(PgHost::as_select())
                .load(&mut c)
                .await
                .map_err(q(operation))?;
            with_options(&mut c, rows, operation).await
        })
        .await
    }
}

fn subnet(s: u32) -> i64 {
    i64::from(s)
}

impl HostStore for PgHostStore {
    type Error = HostDbError;

    async fn get4(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Option<Host4>, HostDbError> {
        let filter = hosts::table
            .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
            .filter(hosts::dhcp_identifier_type.eq(i16::from(identifier_code(kind))))
            .filter(hosts::dhcp_identifier.eq(identifier.to_vec()))
            .into_boxed();
        Ok(self.select("get4", filter, None).await?.into_iter().next())
    }

    async fn get4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> Result<Vec<Host4>, HostDbError> {
        let filter = hosts::table
            .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
            .filter(hosts::ipv4_address.eq(addr(address)))
            .into_boxed();
        self.select("get4_by_address", filter, None).await
    }

    async fn get4_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Vec<Host4>, HostDbError> {
        let filter = hosts::table
            .filter(hosts::dhcp_identifier_type.eq(i16::from(identifier_code(kind))))
            .filter(hosts::dhcp_identifier.eq(identifier.to_vec()))
            .into_boxed();
        self.select("get4_by_identifier", filter, None).await
    }

    async fn get_all4(&self, subnet_id: u32) -> Result<Vec<Host4>, HostDbError> {
        let filter = hosts::table
            .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
            .into_boxed();
        self.select("get_all4", filter, None).await
    }

    async fn get_page4(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> Result<Vec<Host4>, HostDbError> {
        let after = i32::try_from(after_host_id).unwrap_or(i32::MAX);
        let filter = hosts::table
            .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
            .filter(hosts::host_id.gt(after))
            .into_boxed();
        self.select("get_page4", filter, Some(limit)).await
    }

    async fn get4_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> Result<Vec<Host4>, HostDbError> {
        let lower = diesel::dsl::sql::<diesel::sql_types::Bool>("lower(hostname) = ")
            .bind::<diesel::sql_types::Text, _>(hostname.to_lowercase());
        let mut filter = hosts::table.filter(lower).into_boxed();
        if let Some(s) = subnet_id {
            filter = filter.filter(hosts::dhcp4_subnet_id.eq(subnet(s)));
        }
        self.select("get4_by_hostname", filter, None).await
    }

    async fn add4(&self, host: &Host4) -> Result<HostAdd, HostDbError> {
        self.writable()?;
        let cols = HostCols::from_host(host);
        let id_type = cols.identifier_type as i16;
        let sid = cols.subnet_id;
        let ip = cols.ipv4_address;
        let ident = cols.identifier.clone();
        let new = NewPgHost::from_cols(cols);
        let outcome = self
            .run("add4", async {
                let mut c = self.pool.get().await?;
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
                        let id: i32 = diesel::insert_into(hosts::table)
                            .values(&new)
                            .returning(hosts::host_id)
                            .get_result(c)
                            .await?;
                        let options: Vec<PgOption> = OptionCols::from_host(host, i64::from(id))
                            .into_iter()
                            .map(PgOption::from_cols)
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
                    other => other.map_err(q("add4")),
                }
            })
            .await?;
        Ok(outcome)
    }

    async fn del4_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<bool, HostDbError> {
        self.writable()?;
        self.run("del4_by_identifier", async {
            let mut c = self.pool.get().await?;
            let n = diesel::delete(
                hosts::table
                    .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
                    .filter(hosts::dhcp_identifier_type.eq(i16::from(identifier_code(kind))))
                    .filter(hosts::dhcp_identifier.eq(identifier)),
            )
            .execute(&mut c)
            .await
            .map_err(q("del4_by_identifier"))?;
            Ok(n > 0)
        })
        .await
    }

    async fn del4_by_address(
        &self,
        subnet_id: u32,
        address: Ipv4Addr,
    ) -> Result<bool, HostDbError> {
        self.writable()?;
        self.run("del4_by_address", async {
            let mut c = self.pool.get().await?;
            let n = diesel::delete(
                hosts::table
                    .filter(hosts::dhcp4_subnet_id.eq(subnet(subnet_id)))
                    .filter(hosts::ipv4_address.eq(addr(address))),
            )
            .execute(&mut c)
            .await
            .map_err(q("del4_by_address"))?;
            Ok(n > 0)
        })
        .await
    }

    async fn get6(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Option<Host6>, HostDbError> {
        self.host6(subnet_id, kind, identifier).await
    }

    async fn get6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> Result<Vec<Host6>, HostDbError> {
        self.hosts6_by_address(subnet_id, address).await
    }

    async fn get6_by_identifier(
        &self,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<Vec<Host6>, HostDbError> {
        self.hosts6_by_identifier(kind, identifier).await
    }

    async fn get_all6(&self, subnet_id: u32) -> Result<Vec<Host6>, HostDbError> {
        self.hosts6_page(subnet_id, 0, None).await
    }

    async fn get_page6(
        &self,
        subnet_id: u32,
        after_host_id: u64,
        limit: usize,
    ) -> Result<Vec<Host6>, HostDbError> {
        self.hosts6_page(subnet_id, after_host_id, Some(limit))
            .await
    }

    async fn get6_by_hostname(
        &self,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> Result<Vec<Host6>, HostDbError> {
        self.hosts6_by_hostname(hostname, subnet_id).await
    }

    async fn add6(&self, host: &Host6) -> Result<HostAdd, HostDbError> {
        self.insert6(host).await
    }

    async fn del6_by_identifier(
        &self,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> Result<bool, HostDbError> {
        self.delete6(
            "del6_by_identifier",
            subnet_id,
            Delete6::Identifier(kind, identifier),
        )
        .await
    }

    async fn del6_by_address(
        &self,
        subnet_id: u32,
        address: Ipv6Addr,
    ) -> Result<bool, HostDbError> {
        self.delete6("del6_by_address", subnet_id, Delete6::Address(address))
            .await
    }
}
