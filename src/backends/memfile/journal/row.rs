//! What the journal needs of a lease row ([`CsvRow`]: Kea's columns, the codec, the
//! key), the typed [`RowError`], and Kea's versioned-schema rules for the header and
//! the column count of each row (`VersionedCSVFile`), the same for both families.

use std::fmt::Debug;
use std::net::{Ipv4Addr, Ipv6Addr};

/// One lease as a row of a Kea lease file (`CSVLeaseFile4` / `CSVLeaseFile6`).
pub trait CsvRow: Clone + Send + Sync + 'static {
    /// What identifies a lease in the file: the last row for a key wins.
    type Key: Ord + Copy + Debug + Send + Sync + 'static;
    /// The columns of the current schema, in order.
    const COLUMNS: &'static [&'static str];
    /// The header ruru writes (`COLUMNS` joined by commas), without the line feed.
    const HEADER: &'static str;
    /// A file must name at least this many leading columns (Kea's minimum valid columns).
    const MIN_VALID_COLUMNS: usize;
    /// Value of each column in files older than it (index by column).
    const DEFAULTS: &'static [&'static str];
    /// The current schema's version, for logs (`2.1` for lease4, `4.0` for lease6).
    const SCHEMA_VERSION: &'static str;

    /// The lease's key.
    fn key(&self) -> Self::Key;
    /// Kea's write rules: a lease Kea would refuse to read back is not written.
    fn check(&self) -> Result<(), RowError>;
    /// Appends the lease's row and a line feed to `out`; `deleted` writes Kea's delete
    /// marker (lifetimes 0) instead.
    fn encode(&self, deleted: bool, out: &mut String);
    /// Decodes a row given as exactly `COLUMNS.len()` columns (see [`split_row`]).
    fn decode(columns: &[&[u8]]) -> Result<Self, RowError>;
    /// A row with valid lifetime 0: it deletes the lease of its key.
    fn is_deletion(&self) -> bool;
}

/// Why one row (or the header) could not be read or a lease could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    /// The header does not name the family's columns.
    #[error("invalid header: {0}")]
    Header(String),
    /// The row has a column count the file's schema does not allow.
    #[error("invalid number of columns: {found} ({reason})")]
    ColumnCount {
        /// Columns found in the row.
        found: usize,
        /// Which rule was broken.
        reason: &'static str,
    },
    /// One field does not parse.
    #[error("invalid value '{value}' in column {column}: {reason}")]
    Field {
        /// Column name.
        column: &'static str,
        /// The raw text (lossy UTF-8).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Kea's lease4 rule: a lease needs a hardware address or a client id unless declined.
    #[error("Lease4: {0}, has neither hardware address or client id")]
    NoIdentifier(Ipv4Addr),
    /// Kea's lease6 rule: a lease needs a DUID unless declined.
    #[error("Lease6: {0}, has no DUID")]
    NoDuid(Ipv6Addr),
}

/// How a file's header relates to the current schema (Kea's `InputSchemaState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaState {
    /// Exactly the current columns.
    Current,
    /// An older file with fewer columns (missing ones take defaults).
    NeedsUpgrade,
    /// A newer file with extra columns (e.g. Kea 2.6's `pool_id`), which are ignored.
    NeedsDowngrade,
}

/// The schema of one input file as learnt from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schema {
    /// Number of columns in the header.
    pub header_columns: usize,
    /// Relation to the current schema.
    pub state: SchemaState,
}

impl Schema {
    /// The schema of files ruru writes for rows `R`.
    pub fn current<R: CsvRow>() -> Schema {
        Schema {
            header_columns: R::COLUMNS.len(),
            state: SchemaState::Current,
        }
    }

    /// Validates a header line as Kea's `VersionedCSVFile::validateHeader` does.
    pub fn from_header<R: CsvRow>(line: &[u8]) -> Result<Schema, RowError> {
        let names: Vec<&[u8]> = line.split(|b| *b == b',').collect();
        let mut valid = 0;
        for (name, expected) in names.iter().zip(R::COLUMNS.iter()) {
            if *name != expected.as_bytes() {
                return Err(RowError::Header(format!(
                    "header contains an invalid column: '{}'",
                    String::from_utf8_lossy(name)
                )));
            }
            valid += 1;
        }
        if valid < R::MIN_VALID_COLUMNS {
            return Err(RowError::Header(format!(
                "header has only {valid} valid column(s), it must have at least {}",
                R::MIN_VALID_COLUMNS
            )));
        }
        let state = if valid < R::COLUMNS.len() {
            SchemaState::NeedsUpgrade
        } else if names.len() > R::COLUMNS.len() {
            SchemaState::NeedsDowngrade
        } else {
            SchemaState::Current
        };
        Ok(Schema {
            header_columns: names.len(),
            state,
        })
    }
}

/// Splits a data row (without its line terminator) into exactly `R::COLUMNS.len()`
/// columns under `schema` (Kea's `VersionedCSVFile::next`): an older row is padded
/// with the defaults, a newer row's extra columns are dropped.
pub fn split_row<'a, R: CsvRow>(
    line: &'a [u8],
    schema: &Schema,
) -> Result<Vec<&'a [u8]>, RowError> {
    let mut cols: Vec<&[u8]> = line.split(|b| *b == b',').collect();
    let n = cols.len();
    let current = R::COLUMNS.len();
    let broken = match schema.state {
        SchemaState::Current if n != current => Some("must match current schema"),
        SchemaState::NeedsUpgrade if n < schema.header_columns => {
            Some("too few columns to upgrade")
        }
        SchemaState::NeedsUpgrade if n > current => Some("too many columns to upgrade"),
        SchemaState::NeedsDowngrade if n < current => Some("too few columns to downgrade"),
        SchemaState::NeedsDowngrade if n > schema.header_columns => {
            Some("too many columns to downgrade")
        }
        _ => None,
    };
    if let Some(reason) = broken {
        return Err(RowError::ColumnCount { found: n, reason });
    }
    for d in R::DEFAULTS.iter().skip(n) {
        cols.push(d.as_bytes());
    }
    cols.truncate(current);
    Ok(cols)
}

/// Decodes one data row (without its line terminator) under `schema`.
pub fn decode_row<R: CsvRow>(line: &[u8], schema: &Schema) -> Result<R, RowError> {
    R::decode(&split_row::<R>(line, schema)?)
}
