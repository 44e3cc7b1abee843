//! Host reservations in PostgreSQL and MySQL with Kea 2.2's `hosts`,
//! `dhcp4_options`, `dhcp6_options` and `ipv6_reservations` tables:
//! [`PgHostStore`] and [`MysqlHostStore`] implement
//! [`crate::backends::HostStore`]. One store, [`store::SqlHostStore`], is
//! written once for both servers and both families: `queries` emits a
//! dialect's rows and its `v4` and `v6` modules, whose operations
//! `family_queries` writes once, per dialect (only column integer types
//! differ) in `dialects`.
//!
//! Kea's conventions, kept so Kea and ruru read each other's rows: global hosts
//! have `dhcp4_subnet_id` 0; a host's options are `dhcp4_options` rows with
//! `scope_id` 3 (host) and `host_id` set; an option given as text is stored in
//! `formatted_value`, one given as hex in `value`; an unset next-server is 0 and
//! unset names are NULL or empty. DHCPv6 hosts have `dhcp6_subnet_id` set (and
//! `dhcp4_subnet_id` NULL); their addresses and prefixes are
//! `ipv6_reservations` rows (type 0 address with length 128, type 2 prefix),
//! the address as text, `dhcp6_iaid` NULL.

pub mod dialects;
pub mod error;
mod family_queries;
mod queries;
pub mod row;
pub mod row6;
pub mod schema;
pub mod store;

use std::net::Ipv6Addr;

use diesel::dsl::AsExprOf;
use diesel::expression::{SqlLiteral, UncheckedBind};
use diesel::sql_types::{Bool, Text};

use crate::config::model::IdentifierType;

pub use dialects::{MysqlHostStore, PgHostStore};
pub use error::HostDbError;
pub use store::SqlHostStore;

/// `dhcp_option_scope` of host options.
pub const HOST_SCOPE: u8 = 3;

/// `hosts.host_id` has an `ipv6_reservations` row at `a` (Kea's
/// `r.address = $n`, whatever the prefix length).
pub fn reserving(a: Ipv6Addr) -> Reserving {
    diesel::dsl::sql::<Bool>(
        "hosts.host_id IN (SELECT r.host_id FROM ipv6_reservations AS r WHERE r.address = ",
    )
    .bind::<Text, _>(a.to_string())
    .sql(")")
}

/// The SQL condition [`reserving`] makes.
pub type Reserving = SqlLiteral<Bool, UncheckedBind<SqlLiteral<Bool>, AsExprOf<String, Text>>>;

/// Which hosts of a subnet a delete means (`A`: the family's address).
#[derive(Debug, Clone, Copy)]
pub enum Delete<'a, A> {
    /// The host with this identifier.
    Identifier(IdentifierType, &'a [u8]),
    /// The hosts reserving this address (DHCPv6: or prefix).
    Address(A),
}
