//! The reading side of Kea 2.2's configuration backend: everything a server
//! sees in a Kea 2.2 config database (PostgreSQL schema 13.0, MySQL 14.0),
//! rendered as the Kea JSON of the family's map
//! ([`crate::config::config_backend::FetchedConfig`]), and the audit trail
//! read for polling ([`crate::config::config_backend::AuditCursor`]).
//!
//! Written once for both dialects ([`dialect::CbDialect`]: every query casts
//! every column to text, so one row type, [`text_row::TextRow`], and one
//! renderer serve PostgreSQL and MySQL) and both families ([`target::Target`]:
//! the `dhcp4_*` or `dhcp6_*` tables). [`SqlConfigBackend`] is the store,
//! [`ConfigDb`] the same for either dialect without generics.
//!
//! Visibility is Kea's (reference §3.3): an object is seen when a `*_server`
//! row associates it with `all` or with the server's tag; unassigned objects
//! are seen by nobody; a global parameter, option definition or global
//! option associated with the server's tag wins over the `all` one with the
//! same name (code and space). A row Kea would refuse to read is an error
//! naming its table, id and column ([`CbReadError::BadRow`]).

pub mod audit;
pub mod backend;
pub mod client_classes;
pub mod columns;
pub mod config_db;
pub mod dialect;
pub mod error;
pub mod fetch;
pub mod globals;
pub mod option_defs;
pub mod options;
pub mod pools;
pub mod precedence;
pub mod query;
pub mod shared_networks;
pub mod subnets;
pub mod target;
pub mod text_row;

pub use backend::SqlConfigBackend;
pub use config_db::ConfigDb;
pub use dialect::CbDialect;
pub use error::CbReadError;
