//! Errors of the DHCPv6 memfile backend.

use std::path::PathBuf;

use crate::backends::error::{ErrorClass, StoreError};

/// Why a v6 lease file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum Memfile6Error {
    /// A file operation failed.
    #[error("{op} {}: {error}", path.display())]
    Io {
        /// What was attempted.
        op: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// The header is not Kea's lease6 header.
    #[error("{}: invalid lease6 file header: {reason}", path.display())]
    Header {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// More bad rows than `max-row-errors`.
    #[error("{}: too many invalid rows ({count}), more than max-row-errors", path.display())]
    TooManyRowErrors {
        /// The file.
        path: PathBuf,
        /// Bad rows seen.
        count: u32,
    },
    /// A lease Kea would not write (no DUID on an assigned lease...).
    #[error("invalid lease6: {0}")]
    InvalidLease(String),
}

impl Memfile6Error {
    pub(super) fn io(op: &'static str, path: &std::path::Path, error: std::io::Error) -> Self {
        Self::Io {
            op,
            path: path.to_path_buf(),
            error,
        }
    }
}

/// Like the v4 memfile: every error is an operation error (a local file has no
/// connection to recover).
impl StoreError for Memfile6Error {
    fn class(&self) -> ErrorClass {
        ErrorClass::Operation
    }
}
