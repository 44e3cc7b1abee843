//! Kea's memfile backend for DHCPv6 leases: an in-memory index plus the
//! `kea-leases6.csv` journal (file schema 4.0).
//!
//! Not yet: lease file cleanup (LFC) of the v6 file and loading the LFC
//! intermediate files (`F.1`, `F.2`, `F.completed`); `F` itself is loaded.

pub mod csv6;
pub mod error;
pub mod store;

pub use error::Memfile6Error;
pub use store::Memfile6Store;
