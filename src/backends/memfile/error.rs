//! The memfile backend's error type (both families).

use std::path::PathBuf;

use super::journal::RowError;
use crate::backends::error::{ErrorClass, StoreError};

/// Everything that can go wrong in the memfile backend.
#[derive(Debug, thiserror::Error)]
pub enum MemfileError {
    /// A file system operation on a lease file failed.
    #[error("{op} '{}': {source}", path.display())]
    Io {
        /// What was being done (open, write, rename, ...).
        op: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A lease file's header is not the family's Kea header.
    #[error("lease file '{}': {source}", path.display())]
    Header {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong with the header.
        #[source]
        source: RowError,
    },
    /// More bad rows than `max-row-errors` in one file (Kea's CSVFileError).
    #[error("exceeded maximum number of failures {max} to read a lease from the lease file {}", path.display())]
    TooManyRowErrors {
        /// The file concerned.
        path: PathBuf,
        /// The configured limit.
        max: u32,
    },
    /// `F.pid` names a running process: another LFC is working on the files.
    #[error("unable to use lease files while the lease file cleanup is in progress (pid {pid} in '{}')", path.display())]
    LfcRunning {
        /// The PID file.
        path: PathBuf,
        /// The PID it names.
        pid: i32,
    },
    /// `F.pid` exists but does not hold a PID (Kea refuses to load then too).
    #[error("unable to read PID from file '{}'", path.display())]
    BadPidFile {
        /// The PID file.
        path: PathBuf,
    },
    /// The lease breaks Kea's lease file rules (e.g. no hardware address nor client id,
    /// no DUID).
    #[error("invalid lease: {0}")]
    InvalidLease(#[from] RowError),
    /// `replace4` was given leases of different addresses.
    #[error("replace of lease {old} by a lease for another address {new}")]
    AddressMismatch {
        /// Address of the expected stored lease.
        old: std::net::Ipv4Addr,
        /// Address of the replacement.
        new: std::net::Ipv4Addr,
    },
    /// An LFC was requested while this store already runs one.
    #[error("lease file cleanup already in progress")]
    LfcAlreadyRunning,
    /// LFC was requested on a memory-only store.
    #[error("lease file cleanup needs persist=true")]
    NotPersistent,
    /// The blocking LFC task panicked or was cancelled.
    #[error("lease file cleanup task failed: {0}")]
    LfcTask(String),
}

impl MemfileError {
    /// A [`MemfileError::Io`] for `op` on `path`.
    pub(crate) fn io(op: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        MemfileError::Io {
            op,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// All memfile errors are `Operation`: the lease file is local, so there is no
/// connection to recover. A failed append (disk full, EIO) fails only the write at hand
/// (memory is left unchanged), and the next write may succeed. Kea 2.2 has no `on-fail`
/// for memfile either (it arrived in 3.1.5, GitLab #4220); revisit when ruru adopts it.
impl StoreError for MemfileError {
    fn class(&self) -> ErrorClass {
        ErrorClass::Operation
    }
}
