//! Kea's memfile backend for DHCPv6 leases: an in-memory index plus the
//! `kea-leases6.csv` journal (file schema 4.0).
//!
//! Lease File Cleanup uses Kea's file scheme (`F.1`, `F.2`, `F.output`,
//! `F.completed`, `F.pid`, names shared with the v4 memfile).

pub mod csv6;
pub mod error;
pub mod store;

pub use error::Memfile6Error;
pub use store::Memfile6Store;
