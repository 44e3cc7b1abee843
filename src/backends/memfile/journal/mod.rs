//! Kea's memfile journal, the same for DHCPv4 and DHCPv6 leases, generic over the row
//! ([`CsvRow`]): the startup load (Kea's `F.completed` / `F.2` / `F.1` / `F` order,
//! torn-tail skip, `max-row-errors`, the `F.pid` check), the append-only `F` (torn tail
//! truncated on open, a failed write cut back) and Lease File Cleanup (Kea's file
//! scheme, fdatasync before every rotation, interchangeable with `kea-lfc -4`/`-6`).

pub mod field;
pub mod lfc;
pub mod loader;
pub mod paths;
pub mod row;
pub mod writer;

pub use lfc::{LfcReport, LfcStep};
pub use loader::{load_file, LeaseMap, LoadReport};
pub use paths::LeaseFilePaths;
pub use row::{decode_row, CsvRow, RowError, Schema, SchemaState};
pub use writer::AppendFile;
