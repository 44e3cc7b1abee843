//! Kea's memfile lease backend for DHCPv4 and DHCPv6: an in-memory index over Kea's
//! CSV journal, with in-process Lease File Cleanup.
//!
//! One journal for both families ([`journal`]: load, append, LFC, file names), generic
//! over the row; one store ([`Memfile`], `store`) over the journal and the family's
//! index. What is the family's own: its row codec (`lease4_csv`, `lease6_csv`: Kea's
//! lease4 schema 2.1 and lease6 schema 4.0), its index (`index4` by address, hardware
//! address, client id, subnet and expiry; `index6` by (type, address) and DUID) and its
//! lease-store trait (`store4`, `store6`).

pub mod config;
pub mod error;
pub mod index4;
pub mod index6;
pub mod journal;
pub mod lease4_csv;
pub mod lease6_csv;
pub mod store;
mod store4;
mod store6;

pub use config::MemfileConfig;
pub use error::MemfileError;
pub use journal::{LeaseFilePaths, LfcReport, LfcStep, LoadReport, RowError};
pub use store::Memfile;

use crate::backends::lease::Lease4;
use crate::backends::lease6::Lease6;

/// Kea's memfile lease backend for DHCPv4 (`kea-leases4.csv`).
pub type MemfileStore = Memfile<Lease4>;

/// Kea's memfile lease backend for DHCPv6 (`kea-leases6.csv`).
pub type Memfile6Store = Memfile<Lease6>;
