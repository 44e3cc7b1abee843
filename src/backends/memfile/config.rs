//! The memfile backend's settings, taken from Kea's `lease-database` map.

use std::path::PathBuf;

use crate::config::model::LeaseDatabase;

/// What the memfile backend needs to open (Kea's `persist`, `name`, `lfc-interval`,
/// `max-row-errors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemfileConfig {
    /// Write leases to `path` (false = memory only, nothing is read or written).
    pub persist: bool,
    /// The lease file `F`.
    pub path: PathBuf,
    /// Seconds between LFC runs (0 = never); the runtime's timer reads it.
    pub lfc_interval: u32,
    /// Fail loading a file after more than this many bad rows (0 = unlimited).
    pub max_row_errors: u32,
}

impl MemfileConfig {
    /// The memfile settings of a `lease-database`, or `None` for another backend type.
    pub fn from_model(db: &LeaseDatabase) -> Option<Self> {
        #[allow(unreachable_patterns)]
        match db {
            LeaseDatabase::Memfile {
                persist,
                name,
                lfc_interval,
                max_row_errors,
            } => Some(MemfileConfig {
                persist: *persist,
                path: name.clone(),
                lfc_interval: *lfc_interval,
                max_row_errors: *max_row_errors,
            }),
            _ => None,
        }
    }
}
