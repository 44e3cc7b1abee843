//! [`SqlDialect`]: what differs between PostgreSQL and MySQL/MariaDB outside
//! the queries (the pool's connection manager, the server's name, the schema
//! check). The lease and host stores are written once over it.

use std::future::Future;

use bb8::ManageConnection;
use diesel::mysql::Mysql;
use diesel::pg::Pg;
use diesel_async::pooled_connection::PoolError;
use diesel_async::SimpleAsyncConnection;

use crate::config::model::{SqlDatabase, SqlKind};

use super::connect::{mysql_pool, pg_pool, MysqlManager, PgManager, SqlPool};
use super::error::SqlError;
use super::migrate::{mysql_check_schema, pg_check_schema};

/// A SQL server ruru stores leases and hosts in, as seen by a store's shell.
pub trait SqlDialect: Send + Sync + 'static {
    /// The pool's connection manager.
    type Manager: ManageConnection<Error = PoolError, Connection: SimpleAsyncConnection + Send>;
    /// PostgreSQL or MySQL.
    const KIND: SqlKind;
    /// A pool that connects on demand (no I/O here).
    fn pool(db: &SqlDatabase) -> SqlPool<Self::Manager>;
    /// Refuses a schema other than Kea 2.2's (13.0 on PostgreSQL, 14.0 on MySQL).
    fn check_schema(db: &SqlDatabase) -> impl Future<Output = Result<(), SqlError>> + Send;
}

impl SqlDialect for Pg {
    type Manager = PgManager;
    const KIND: SqlKind = SqlKind::Postgresql;
    fn pool(db: &SqlDatabase) -> SqlPool<PgManager> {
        pg_pool(db)
    }
    async fn check_schema(db: &SqlDatabase) -> Result<(), SqlError> {
        pg_check_schema(db).await
    }
}

impl SqlDialect for Mysql {
    type Manager = MysqlManager;
    const KIND: SqlKind = SqlKind::Mysql;
    fn pool(db: &SqlDatabase) -> SqlPool<MysqlManager> {
        mysql_pool(db)
    }
    async fn check_schema(db: &SqlDatabase) -> Result<(), SqlError> {
        mysql_check_schema(db).await
    }
}
