//! The two dialects of [`SqlHostStore`]: PostgreSQL (Kea schema 13.0) and
//! MySQL/MariaDB (14.0). Only the column integer types and the way a new
//! host_id is read differ; the v4 and v6 queries are emitted once per
//! dialect from `v4` and `v6`, and [`HostStore`] is implemented over them.

use std::net::{Ipv4Addr, Ipv6Addr};

use diesel::mysql::Mysql;
use diesel::pg::Pg;

use crate::backends::host::Host4;
use crate::backends::host6::Host6;
use crate::backends::host_store::{HostAdd, HostStore};
use crate::config::model::IdentifierType;

use super::error::HostDbError;
use super::store::SqlHostStore;
use super::v4::host4_queries;
use super::v6::host6_queries;
use super::Delete6;

/// Host reservations in PostgreSQL.
pub type PgHostStore = SqlHostStore<Pg>;
/// Host reservations in MySQL/MariaDB.
pub type MysqlHostStore = SqlHostStore<Mysql>;

/// PostgreSQL's DHCPv4 queries.
mod pg4 {
    super::host4_queries! {
        dialect: diesel::pg::Pg, schema: pg, conn: diesel_async::AsyncPgConnection,
        host_id: i32, identifier_type: i16, uint: i64, code: i16, scope: i16,
        insert: returning,
    }
}

/// PostgreSQL's DHCPv6 queries.
mod pg6 {
    super::host6_queries! {
        dialect: diesel::pg::Pg, schema: pg, conn: diesel_async::AsyncPgConnection,
        host_id: i32, identifier_type: i16, uint: i64, code: i32, scope: i16,
        small: i16, iaid: i32, insert: returning,
    }
}

/// MySQL's DHCPv4 queries.
mod mysql4 {
    super::host4_queries! {
        dialect: diesel::mysql::Mysql, schema: mysql, conn: diesel_async::AsyncMysqlConnection,
        host_id: u32, identifier_type: i8, uint: u32, code: u8, scope: u8,
        insert: last_insert_id,
    }
}

/// MySQL's DHCPv6 queries.
mod mysql6 {
    super::host6_queries! {
        dialect: diesel::mysql::Mysql, schema: mysql, conn: diesel_async::AsyncMysqlConnection,
        host_id: u32, identifier_type: i8, uint: u32, code: u16, scope: u8,
        small: u8, iaid: u32, insert: last_insert_id,
    }
}

/// `impl HostStore for $store` over the query modules `$v4` and `$v6`.
macro_rules! sql_host_store {
    ($store:ty, $v4:ident, $v6:ident) => {
        impl HostStore for $store {
            type Error = HostDbError;

            async fn get4(
                &self,
                subnet_id: u32,
                kind: IdentifierType,
                identifier: &[u8],
            ) -> Result<Option<Host4>, HostDbError> {
                $v4::get(self, subnet_id, kind, identifier).await
            }

            async fn get4_by_address(
                &self,
                subnet_id: u32,
                address: Ipv4Addr,
            ) -> Result<Vec<Host4>, HostDbError> {
                $v4::by_address(self, subnet_id, address).await
            }

            async fn get4_by_identifier(
                &self,
                kind: IdentifierType,
                identifier: &[u8],
            ) -> Result<Vec<Host4>, HostDbError> {
                $v4::by_identifier(self, kind, identifier).await
            }

            async fn get_all4(&self, subnet_id: u32) -> Result<Vec<Host4>, HostDbError> {
                $v4::page(self, "get_all4", subnet_id, 0, None).await
            }

            async fn get_page4(
                &self,
                subnet_id: u32,
                after_host_id: u64,
                limit: usize,
            ) -> Result<Vec<Host4>, HostDbError> {
                $v4::page(self, "get_page4", subnet_id, after_host_id, Some(limit)).await
            }

            async fn get4_by_hostname(
                &self,
                hostname: &str,
                subnet_id: Option<u32>,
            ) -> Result<Vec<Host4>, HostDbError> {
                $v4::by_hostname(self, hostname, subnet_id).await
            }

            async fn add4(&self, host: &Host4) -> Result<HostAdd, HostDbError> {
                $v4::add(self, host).await
            }

            async fn del4_by_identifier(
                &self,
                subnet_id: u32,
                kind: IdentifierType,
                identifier: &[u8],
            ) -> Result<bool, HostDbError> {
                $v4::del_by_identifier(self, subnet_id, kind, identifier).await
            }

            async fn del4_by_address(
                &self,
                subnet_id: u32,
                address: Ipv4Addr,
            ) -> Result<bool, HostDbError> {
                $v4::del_by_address(self, subnet_id, address).await
            }

            async fn get6(
                &self,
                subnet_id: u32,
                kind: IdentifierType,
                identifier: &[u8],
            ) -> Result<Option<Host6>, HostDbError> {
                $v6::get(self, subnet_id, kind, identifier).await
            }

            async fn get6_by_address(
                &self,
                subnet_id: u32,
                address: Ipv6Addr,
            ) -> Result<Vec<Host6>, HostDbError> {
                $v6::by_address(self, subnet_id, address).await
            }

            async fn get6_by_identifier(
                &self,
                kind: IdentifierType,
                identifier: &[u8],
            ) -> Result<Vec<Host6>, HostDbError> {
                $v6::by_identifier(self, kind, identifier).await
            }

            async fn get_all6(&self, subnet_id: u32) -> Result<Vec<Host6>, HostDbError> {
                $v6::page(self, "get_all6", subnet_id, 0, None).await
            }

            async fn get_page6(
                &self,
                subnet_id: u32,
                after_host_id: u64,
                limit: usize,
            ) -> Result<Vec<Host6>, HostDbError> {
                $v6::page(self, "get_page6", subnet_id, after_host_id, Some(limit)).await
            }

            async fn get6_by_hostname(
                &self,
                hostname: &str,
                subnet_id: Option<u32>,
            ) -> Result<Vec<Host6>, HostDbError> {
                $v6::by_hostname(self, hostname, subnet_id).await
            }

            async fn add6(&self, host: &Host6) -> Result<HostAdd, HostDbError> {
                $v6::add(self, host).await
            }

            async fn del6_by_identifier(
                &self,
                subnet_id: u32,
                kind: IdentifierType,
                identifier: &[u8],
            ) -> Result<bool, HostDbError> {
                let by = Delete6::Identifier(kind, identifier);
                $v6::delete(self, "del6_by_identifier", subnet_id, by).await
            }

            async fn del6_by_address(
                &self,
                subnet_id: u32,
                address: Ipv6Addr,
            ) -> Result<bool, HostDbError> {
                let by = Delete6::Address(address);
                $v6::delete(self, "del6_by_address", subnet_id, by).await
            }
        }
    };
}

sql_host_store!(PgHostStore, pg4, pg6);
sql_host_store!(MysqlHostStore, mysql4, mysql6);
