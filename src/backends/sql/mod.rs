//! PostgreSQL and MySQL/MariaDB lease backends with Kea 2.2's schema.
//!
//! - [`PgLeaseStore`] / [`MysqlLeaseStore`] (one [`leases::SqlLeaseStore`]
//!   over a [`dialect::SqlDialect`]) implement [`crate::backends::LeaseStore`]
//!   and [`crate::backends::Lease6Store`] over a bb8 pool of diesel-async
//!   connections; every operation runs under a deadline
//!   ([`params::operation_deadline`]).
//! - On connect the `schema_version` row must be Kea 2.2's (PostgreSQL 13.0,
//!   MySQL 14.0), otherwise the store is refused with [`SqlError::SchemaVersion`].
//! - [`init_database`] creates that schema on an empty database from ruru's own
//!   migrations (`migrations/postgresql`, `migrations/mysql`), like
//!   `kea-admin db-init`. A database made by `kea-admin db-init` works unchanged.
//! - Lease statistics (`lease4_stat`, `lease6_stat` and the per-client-class
//!   tables) are maintained by triggers, as in Kea's schema, so Kea and ruru can
//!   share a database and the counts stay right whoever writes.

pub mod admin;
mod cached_insert;
pub mod checked_connection;
pub mod column_value;
pub mod config_backend;
pub mod connect;
pub mod dialect;
pub mod error;
pub mod group_commit;
pub mod hosts;
pub mod lease6_dump;
pub mod lease6_row;
pub mod leases;
pub mod migrate;
pub mod mysql_tls;
pub mod params;
pub mod row;
pub mod schema;
pub mod schema_gate;
pub mod tls;
mod unnest_insert;

pub use error::SqlError;
pub use hosts::{HostDbError, MysqlHostStore, PgHostStore};
pub use leases::{MysqlLeaseStore, PgLeaseStore};
pub use migrate::{expected_version, init_database, InitOutcome};
