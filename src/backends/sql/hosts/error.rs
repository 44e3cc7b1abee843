//! `HostDbError`: what a hosts database can answer besides a plain SQL error.

use crate::backends::error::{ErrorClass, StoreError};
use crate::config::model::SqlKind;

use super::super::SqlError;

/// An error from a PostgreSQL or MySQL hosts database.
#[derive(Debug, thiserror::Error)]
pub enum HostDbError {
    /// Connecting, the deadline or a statement failed.
    #[error("{}", hosts_text(.0))]
    Sql(#[from] SqlError),
    /// A write on a database configured `readonly: true` (Kea's wording).
    #[error("{} host database backend is configured to operate in read only mode", server_name(*.backend))]
    ReadOnly {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
    },
    /// A stored row cannot be turned into a host.
    #[error("{} hosts database: bad hosts row {host_id}: {reason}", .backend.name())]
    BadRow {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The row's host_id.
        host_id: i64,
        /// What is wrong.
        reason: String,
    },
    /// A value does not fit its column (never for values ruru stores).
    #[error("{} hosts database: {value} out of range for column {column}", .backend.name())]
    OutOfRange {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The column.
        column: &'static str,
        /// The value.
        value: i64,
    },
}

/// The SQL error's text, naming the hosts database (the shared SQL layer
/// speaks of the lease database).
fn hosts_text(e: &SqlError) -> String {
    e.to_string()
        .replacen("lease database", "hosts database", 1)
}

/// Kea's spelling of the server in its host backend messages.
fn server_name(kind: SqlKind) -> &'static str {
    match kind {
        SqlKind::Postgresql => "PostgreSQL",
        SqlKind::Mysql => "MySQL",
    }
}

impl StoreError for HostDbError {
    fn class(&self) -> ErrorClass {
        match self {
            Self::Sql(e) => e.class(),
            Self::ReadOnly { .. } | Self::BadRow { .. } | Self::OutOfRange { .. } => {
                ErrorClass::Operation
            }
        }
    }
}
