//! Host reservations in PostgreSQL and MySQL with Kea 2.2's `hosts` and
//! `dhcp4_options` tables: [`PgHostStore`] and [`MysqlHostStore`] implement
//! [`crate::backends::HostStore`].
//!
//! Kea's conventions, kept so Kea and ruru read each other's rows: global hosts
//! have `dhcp4_subnet_id` 0; a host's options are `dhcp4_options` rows with
//! `scope_id` 3 (host) and `host_id` set; an option given as text is stored in
//! `formatted_value`, one given as hex in `value`; an unset next-server is 0 and
//! unset names are NULL or empty.

pub mod error;
pub mod mysql;
pub mod pg;
pub mod row;
pub mod schema;

pub use error::HostDbError;
pub use mysql::MysqlHostStore;
pub use pg::PgHostStore;

/// `dhcp_option_scope` of host options.
pub const HOST_SCOPE: i16 = 3;
