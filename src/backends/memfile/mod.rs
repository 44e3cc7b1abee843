//! Kea's memfile backend: in-memory index + CSV journal + lease file cleanup.
//!
//! Files: `lease_file` (row codec), `loader` (startup load), `index` (in-memory
//! indexes), `writer` (the append-only `F`), `store` ([`MemfileStore`]), `lfc` (Lease
//! File Cleanup in-process), `paths` (`F.1`, `F.2`, ...), `config`, `error`.

pub mod config;
pub mod error;
pub mod index;
pub mod lease_file;
pub mod lfc;
pub mod loader;
pub mod paths;
pub mod store;
pub mod writer;

pub use config::MemfileConfig;
pub use error::MemfileError;
pub use lfc::{LfcReport, LfcStep};
pub use loader::LoadReport;
pub use paths::LeaseFilePaths;
pub use store::MemfileStore;
