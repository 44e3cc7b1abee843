//! `CbReadError`: what reading a config database can fail with, a SQL error
//! or a stored row that does not make a Kea object (named by table, row id
//! and column, so the operator can find and fix it).

use crate::backends::error::{ErrorClass, StoreError};

use super::super::SqlError;

/// An error from reading Kea's configuration backend tables.
#[derive(Debug, thiserror::Error)]
pub enum CbReadError {
    /// Connecting, the deadline or a statement failed.
    #[error("{}", config_text(.0))]
    Sql(#[from] SqlError),
    /// A row holds a value Kea 2.2 would not read (a text that does not
    /// parse as its type, an unknown option data type, malformed JSON).
    #[error("config database: bad {table} row {id}: column {column}: {reason}")]
    BadRow {
        /// The table, e.g. `dhcp4_option_def`.
        table: String,
        /// The row's id (`id`, `subnet_id` or `option_id`).
        id: i64,
        /// The column holding the bad value.
        column: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The SQL error's text, naming the config database (the shared SQL layer
/// speaks of the lease database).
fn config_text(e: &SqlError) -> String {
    e.to_string()
        .replacen("lease database", "config database", 1)
}

impl StoreError for CbReadError {
    fn class(&self) -> ErrorClass {
        match self {
            Self::Sql(e) => e.class(),
            Self::BadRow { .. } => ErrorClass::Operation,
        }
    }
}
