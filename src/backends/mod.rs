//! Storage behind traits: leases and host reservations, and the records they
//! hold.
//!
//! - The records every layer speaks of: [`lease::Lease4`], [`lease6::Lease6`],
//!   [`host::Host4`], [`host6::Host6`], DUIDs ([`duid`]).
//! - The traits the allocation engine and the commands see: [`LeaseStore`]
//!   (DHCPv4), [`Lease6Store`], [`HostStore`]; each backend (memfile,
//!   PostgreSQL, MySQL, in-memory hosts) implements them with its own error type.

pub mod duid;
pub mod error;
pub mod host;
pub mod host6;
pub mod host_backend;
pub mod host_memory;
pub mod host_store;
pub mod lease;
pub mod lease6;
pub mod lease6_backend;
pub mod lease6_store;
pub mod lease_store;
pub mod memfile;
pub mod server_duid;
pub mod sql;

pub use error::{ErrorClass, StoreError};
pub use host_store::{HostAdd, HostStore};
pub use lease6_store::Lease6Store;
pub use lease_store::{LeaseQuery4, LeaseStore};
pub mod lease_backend;
