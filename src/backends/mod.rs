//! Storage behind traits: leases (and later hosts and configuration).
//!
//! The allocation engine and the commands only see [`LeaseStore`]; each backend
//! (memfile, PostgreSQL, MySQL) implements it with its own error type.

pub mod error;
pub mod host_backend;
pub mod host_memory;
pub mod host_store;
pub mod lease6_backend;
pub mod lease6_store;
pub mod lease_store;
pub mod memfile;
pub mod memfile6;
pub mod server_duid;
pub mod sql;

pub use error::{ErrorClass, StoreError};
pub use host_store::{HostAdd, HostStore};
pub use lease6_store::Lease6Store;
pub use lease_store::{LeaseQuery4, LeaseStore};
pub mod lease_backend;
