//! The two dialects of [`SqlHostStore`]: PostgreSQL (Kea schema 13.0) and
//! MySQL/MariaDB (14.0). Only the column integer types and the way a new
//! host_id is read differ; the queries are emitted once per dialect by
//! `host_queries!`, and [`HostStore`] is implemented over them.

use std::net::{Ipv4Addr, Ipv6Addr};

use diesel::mysql::Mysql;
use diesel::pg::Pg;

use crate::backends::host::Host4;
use crate::backends::host6::Host6;
use crate::backends::host_store::{HostAdd, HostStore};
use crate::config::model::IdentifierType;

use super::error::HostDbError;
use super::queries::host_queries;
use super::store::SqlHostStore;
use super::Delete;

/// Host reservations in PostgreSQL.
pub type PgHostStore = SqlHostStore<Pg>;
/// Host reservations in MySQL/MariaDB.
pub type MysqlHostStore = SqlHostStore<Mysql>;

/// PostgreSQL's queries.
mod pg {
    super::host_queries! {
        dialect: diesel::pg::Pg, schema: pg, conn: diesel_async::AsyncPgConnection,
        host_id: i32, identifier_type: i16, uint: i64, code4: i16, code6: i32, scope: i16,
        small: i16, iaid: i32, insert: returning,
    }
}

/// MySQL's queries.
mod mysql {
    super::host_queries! {
        dialect: diesel::mysql::Mysql, schema: mysql, conn: diesel_async::AsyncMysqlConnection,
        host_id: u32, identifier_type: i8, uint: u32, code4: u8, code6: u16, scope: u8,
        small: u8, iaid: u32, insert: last_insert_id,
    }
}

/// The [`HostStore`] methods of one family (named by the idents after the
/// colon, in the trait's order), over the query module `$dialect::$family`;
/// emitted inside `sql_host_store!`'s impl.
macro_rules! family_methods {
    (
        $dialect:ident::$family:ident, $host:ty, $addr:ty:
        $get:ident, $get_any:ident, $by_address:ident, $by_identifier:ident, $all:ident, $page:ident,
        $by_hostname:ident, $add:ident, $del_identifier:ident, $del_address:ident
    ) => {
        async fn $get(
            &self,
            subnet_id: u32,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<Option<$host>, HostDbError> {
            $dialect::$family::get(self, subnet_id, kind, identifier).await
        }

        async fn $get_any(
            &self,
            subnet_ids: &[u32],
            ids: &[(IdentifierType, &[u8])],
        ) -> Result<Vec<$host>, HostDbError> {
            $dialect::$family::any(self, subnet_ids, ids).await
        }

        async fn $by_address(
            &self,
            subnet_id: u32,
            address: $addr,
        ) -> Result<Vec<$host>, HostDbError> {
            $dialect::$family::by_address(self, subnet_id, address).await
        }

        async fn $by_identifier(
            &self,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<Vec<$host>, HostDbError> {
            $dialect::$family::by_identifier(self, kind, identifier).await
        }

        async fn $all(&self, subnet_id: u32) -> Result<Vec<$host>, HostDbError> {
            $dialect::$family::page(self, stringify!($all), subnet_id, 0, None).await
        }

        async fn $page(
            &self,
            subnet_id: u32,
            after_host_id: u64,
            limit: usize,
        ) -> Result<Vec<$host>, HostDbError> {
            let limit = Some(limit);
            $dialect::$family::page(self, stringify!($page), subnet_id, after_host_id, limit).await
        }

        async fn $by_hostname(
            &self,
            hostname: &str,
            subnet_id: Option<u32>,
        ) -> Result<Vec<$host>, HostDbError> {
            $dialect::$family::by_hostname(self, hostname, subnet_id).await
        }

        async fn $add(&self, host: &$host) -> Result<HostAdd, HostDbError> {
            $dialect::$family::add(self, host).await
        }

        async fn $del_identifier(
            &self,
            subnet_id: u32,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<bool, HostDbError> {
            let by = Delete::Identifier(kind, identifier);
            $dialect::$family::delete(self, stringify!($del_identifier), subnet_id, by).await
        }

        async fn $del_address(&self, subnet_id: u32, address: $addr) -> Result<bool, HostDbError> {
            let by = Delete::Address(address);
            $dialect::$family::delete(self, stringify!($del_address), subnet_id, by).await
        }
    };
}

/// `impl HostStore for $store` over the query modules `$dialect::v4` and
/// `$dialect::v6`.
macro_rules! sql_host_store {
    ($store:ty, $dialect:ident) => {
        impl HostStore for $store {
            type Error = HostDbError;

            family_methods!($dialect::v4, Host4, Ipv4Addr: get4, get4_any, get4_by_address,
                get4_by_identifier, get_all4, get_page4, get4_by_hostname, add4,
                del4_by_identifier, del4_by_address);
            family_methods!($dialect::v6, Host6, Ipv6Addr: get6, get6_any, get6_by_address,
                get6_by_identifier, get_all6, get_page6, get6_by_hostname, add6,
                del6_by_identifier, del6_by_address);
        }
    };
}

sql_host_store!(PgHostStore, pg);
sql_host_store!(MysqlHostStore, mysql);
