//! Leases in PostgreSQL and MySQL/MariaDB with Kea 2.2's `lease4` and
//! `lease6` tables: [`PgLeaseStore`] and [`MysqlLeaseStore`] implement
//! [`crate::backends::LeaseStore`] and [`crate::backends::Lease6Store`]. One
//! store, [`store::SqlLeaseStore`], is written once for both servers:
//! DHCPv4 queries in `v4`, DHCPv6 queries in `v6`, emitted per dialect in
//! `dialects`; new rows are written in group-commit batches (`batch_insert`).

pub mod batch_insert;
pub mod dialects;
pub mod store;
mod v4;
mod v6;

pub use dialects::{MysqlLeaseStore, PgLeaseStore};
pub use store::{LeaseDialect, SqlLeaseStore};
