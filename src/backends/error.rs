//! How a backend error is classified: the supervisor reacts to "connection lost",
//! everything else is an operation error that only fails the request at hand.

/// Whether an error means the backend is gone or only this operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The backend is unreachable or unusable; recovery (on-fail) applies.
    ConnectionLost,
    /// The operation failed (conflict, bad data, I/O on one row); the backend is fine.
    Operation,
}

/// Implemented by every backend error type so callers can classify it without
/// knowing the backend.
pub trait StoreError: std::error::Error + Send + Sync + 'static {
    /// Classifies this error for the supervisor.
    fn class(&self) -> ErrorClass;
}
