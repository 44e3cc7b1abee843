//! `SqlError`: what can go wrong talking to PostgreSQL or MySQL, classified the way
//! Kea classifies it (kea-db-recovery.md §2): "connection lost" starts recovery,
//! everything else only fails the operation at hand.
//!
//! diesel and diesel-async keep neither PostgreSQL's SQLSTATE nor MySQL's client error
//! number in the errors they return, only an error kind and the message. So the
//! classification works in two steps: [`pg_sqlstate_class`] and [`mysql_errno_class`]
//! hold Kea's tables, and [`pg_error_class`] / [`mysql_error_class`] recover the code
//! (or the driver condition it stands for) from what diesel does keep.

use std::time::Duration;

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::backends::error::{ErrorClass, StoreError};
use crate::config::model::SqlKind;

/// An error from a SQL lease backend; every variant names the backend.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    /// Could not open a connection (refused, unknown host, bad password, unknown
    /// database, connect timeout).
    #[error("{} lease database '{database}': cannot connect: {reason}", .backend.name())]
    Connect {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
        /// The driver's words.
        reason: String,
        /// Whether the reason means the server is unreachable (vs. refused us).
        lost: bool,
    },
    /// `retry-on-startup`: the database has not been reached since startup.
    #[error("{} lease database '{database}': not reached since startup (retry-on-startup), waiting for a reconnect", .backend.name())]
    NotReached {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
    },
    /// No pooled connection became available in time.
    #[error("{} lease database: no connection available: {reason}", .backend.name())]
    Pool {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The last connection error seen, or "timed out".
        reason: String,
    },
    /// The server did not answer within ruru's deadline for one operation.
    #[error("{} lease database: no answer within {after:?} ({operation})", .backend.name())]
    Deadline {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The store operation that timed out.
        operation: &'static str,
        /// The deadline.
        after: Duration,
    },
    /// A statement failed.
    #[error("{} lease database: {operation} failed: {source}", .backend.name())]
    Query {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The store operation.
        operation: &'static str,
        /// diesel's error.
        #[source]
        source: DieselError,
        /// Classification, computed when the error was made.
        class: ErrorClass,
    },
    /// The database holds a schema version this ruru (Kea 2.2) does not use.
    #[error(
        "{} lease database '{database}': schema version {found} found, ruru (Kea 2.2 schema) needs {expected}; {hint}",
        .backend.name()
    )]
    SchemaVersion {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
        /// `major.minor` found (or "none").
        found: String,
        /// `major.minor` required.
        expected: String,
        /// What to do about it.
        hint: &'static str,
    },
    /// Creating or upgrading the schema failed.
    #[error("{} lease database '{database}': schema initialisation failed: {reason}", .backend.name())]
    Migration {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// Database name.
        database: String,
        /// What failed.
        reason: String,
    },
    /// A stored row cannot be turned into a lease (bad state, address out of range).
    #[error("{} lease database: bad lease4 row {address}: {reason}", .backend.name())]
    BadRow {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The row's address column.
        address: i64,
        /// What is wrong.
        reason: String,
    },
    /// A `lease4_stat` / `lease6_stat` row names a subnet, lease type or
    /// state no lease can have.
    #[error("{} lease database: bad {table} row (subnet {subnet_id}, lease type {lease_type}, state {state})", .backend.name())]
    BadStatRow {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// `lease4_stat` or `lease6_stat`.
        table: &'static str,
        /// The row's lease_type column (0 for `lease4_stat`, which has none).
        lease_type: i64,
        /// The row's subnet_id column.
        subnet_id: i64,
        /// The row's state column.
        state: i64,
    },
    /// A lease cannot be stored (expiry beyond 2038, like Kea's "Time value is too large").
    #[error("{} lease database: cannot store lease {address}: {reason}", .backend.name())]
    BadLease {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The lease's address.
        address: std::net::Ipv4Addr,
        /// What is wrong.
        reason: String,
    },
    /// A stored lease6 row cannot be turned into a lease (bad address, type, state).
    #[error("{} lease database: bad lease6 row {address}: {reason}", .backend.name())]
    BadRow6 {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The row's address column.
        address: String,
        /// What is wrong.
        reason: String,
    },
    /// A lease6 cannot be stored (no DUID, expiry beyond 2038, value out of range).
    #[error("{} lease database: cannot store lease6 {address}: {reason}", .backend.name())]
    BadLease6 {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The lease's address.
        address: std::net::Ipv6Addr,
        /// What is wrong.
        reason: String,
    },
    /// A group-commit batch failed (see `group_commit`): every request whose
    /// row was in it gets this copy of the batch's error and its class.
    #[error("{} lease database: batch insert failed: {reason}", .backend.name())]
    Batch {
        /// PostgreSQL or MySQL.
        backend: SqlKind,
        /// The batch error's words.
        reason: String,
        /// The batch error's classification.
        class: ErrorClass,
    },
}

impl SqlError {
    /// Wraps a statement error, classifying it for `backend`.
    pub fn query(backend: SqlKind, operation: &'static str, source: DieselError) -> Self {
        let class = match backend {
            SqlKind::Postgresql => pg_error_class(&source),
            SqlKind::Mysql => mysql_error_class(&source),
        };
        Self::Query {
            backend,
            operation,
            source,
            class,
        }
    }

    /// The backend the error came from.
    pub fn backend(&self) -> SqlKind {
        match self {
            Self::Connect { backend, .. }
            | Self::Pool { backend, .. }
            | Self::NotReached { backend, .. }
            | Self::Deadline { backend, .. }
            | Self::Query { backend, .. }
            | Self::SchemaVersion { backend, .. }
            | Self::Migration { backend, .. }
            | Self::BadRow { backend, .. }
            | Self::BadStatRow { backend, .. }
            | Self::BadLease { backend, .. }
            | Self::BadRow6 { backend, .. }
            | Self::BadLease6 { backend, .. }
            | Self::Batch { backend, .. } => *backend,
        }
    }
}

impl StoreError for SqlError {
    fn class(&self) -> ErrorClass {
        match self {
            Self::Connect { lost, .. } => {
                if *lost {
                    ErrorClass::ConnectionLost
                } else {
                    ErrorClass::Operation
                }
            }
            Self::Pool { .. } | Self::Deadline { .. } | Self::NotReached { .. } => {
                ErrorClass::ConnectionLost
            }
            Self::Query { class, .. } | Self::Batch { class, .. } => *class,
            Self::SchemaVersion { .. }
            | Self::Migration { .. }
            | Self::BadRow { .. }
            | Self::BadStatRow { .. }
            | Self::BadLease { .. }
            | Self::BadRow6 { .. }
            | Self::BadLease6 { .. } => ErrorClass::Operation,
        }
    }
}

/// Kea's PostgreSQL rule: no SQLSTATE, or SQLSTATE class 08 (connection exception),
/// 53 (insufficient resources), 54 (program limit exceeded), 57 (operator
/// intervention) or 58 (system error) means the connection is unusable.
pub fn pg_sqlstate_class(sqlstate: Option<&str>) -> ErrorClass {
    match sqlstate.map(|s| s.get(..2).unwrap_or(s)) {
        None | Some("08" | "53" | "54" | "57" | "58") => ErrorClass::ConnectionLost,
        Some(_) => ErrorClass::Operation,
    }
}

/// Kea's MySQL rule: CR_CONNECTION_ERROR (2002), CR_SERVER_GONE_ERROR (2006),
/// CR_OUT_OF_MEMORY (2008) and CR_SERVER_LOST (2013) mean the connection is unusable.
pub fn mysql_errno_class(errno: u16) -> ErrorClass {
    match errno {
        2002 | 2006 | 2008 | 2013 => ErrorClass::ConnectionLost,
        _ => ErrorClass::Operation,
    }
}

/// The SQLSTATE of a PostgreSQL server error whose class Kea treats as fatal,
/// recognised by the server's (English) message, since diesel drops the code.
fn pg_fatal_sqlstate(message: &str) -> Option<&'static str> {
    const FATAL: &[(&str, &str)] = &[
        (
            "terminating connection due to administrator command",
            "57P01",
        ),
        ("terminating connection because of crash", "57P02"),
        ("the database system is starting up", "57P03"),
        ("the database system is shutting down", "57P03"),
        ("the database system is in recovery mode", "57P03"),
        ("canceling statement due to", "57014"),
        ("too many clients already", "53300"),
        ("too many connections for", "53300"),
        ("remaining connection slots are reserved", "53300"),
        ("out of memory", "53200"),
        ("No space left on device", "53100"),
        ("could not extend file", "53100"),
        ("statement too complex", "54001"),
        ("stack depth limit exceeded", "54001"),
        ("could not read block", "58030"),
        ("could not write block", "58030"),
        ("could not receive data from client", "08006"),
        ("connection to client lost", "08006"),
    ];
    FATAL
        .iter()
        .find(|(text, _)| message.contains(text))
        .map(|(_, code)| *code)
}

/// Classifies a diesel error from a PostgreSQL connection.
pub fn pg_error_class(e: &DieselError) -> ErrorClass {
    match e {
        // diesel-async reports errors without SQLSTATE (socket closed, protocol
        // failure) as `UnableToSendCommand`: Kea's "no SQLSTATE" case.
        DieselError::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand | DatabaseErrorKind::ClosedConnection,
            _,
        ) => pg_sqlstate_class(None),
        DieselError::DatabaseError(DatabaseErrorKind::Unknown, info) => {
            match pg_fatal_sqlstate(info.message()) {
                Some(code) => pg_sqlstate_class(Some(code)),
                None => ErrorClass::Operation,
            }
        }
        DieselError::BrokenTransactionManager => ErrorClass::ConnectionLost,
        _ => ErrorClass::Operation,
    }
}

/// The MySQL client error number a mysql_async message stands for, when it is one
/// of the connection failures (mysql_async reports them as I/O or driver errors).
fn mysql_fatal_errno(message: &str) -> Option<u16> {
    const FATAL: &[(&str, u16)] = &[
        ("Input/output error", 2013),
        ("Connection to the server is closed", 2006),
        ("Driver error", 2013),
        ("server has gone away", 2006),
        ("Lost connection to", 2013),
        ("Can't connect to", 2002),
        ("Connection refused", 2002),
        ("Connection was killed", 2013),
        ("Server shutdown in progress", 2013),
        ("Out of memory", 2008),
    ];
    FATAL
        .iter()
        .find(|(text, _)| message.contains(text))
        .map(|(_, errno)| *errno)
}

/// Classifies a diesel error from a MySQL connection.
pub fn mysql_error_class(e: &DieselError) -> ErrorClass {
    match e {
        DieselError::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand | DatabaseErrorKind::ClosedConnection,
            _,
        ) => ErrorClass::ConnectionLost,
        DieselError::DatabaseError(DatabaseErrorKind::Unknown, info) => {
            mysql_fatal_errno(info.message()).map_or(ErrorClass::Operation, mysql_errno_class)
        }
        DieselError::BrokenTransactionManager => ErrorClass::ConnectionLost,
        _ => ErrorClass::Operation,
    }
}

/// Whether a connection-time message means the server is unreachable (recovery
/// applies) rather than that it refused us (bad password, unknown database).
pub fn connect_reason_is_loss(reason: &str) -> bool {
    const REFUSALS: &[&str] = &[
        "authentication failed",
        "does not exist",
        "Access denied",
        "Unknown database",
        "no pg_hba.conf entry",
    ];
    !REFUSALS.iter().any(|r| reason.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db_error(kind: DatabaseErrorKind, message: &str) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(message.to_string()))
    }

    #[test]
    fn pg_sqlstate_classes_follow_kea() {
        for code in [
            "08006", "08001", "53300", "53100", "54001", "57P01", "57014", "58030",
        ] {
            assert_eq!(
                pg_sqlstate_class(Some(code)),
                ErrorClass::ConnectionLost,
                "{code}"
            );
        }
        for code in ["23505", "23502", "22P02", "42P01", "40001", "25P02"] {
            assert_eq!(
                pg_sqlstate_class(Some(code)),
                ErrorClass::Operation,
                "{code}"
            );
        }
        assert_eq!(pg_sqlstate_class(None), ErrorClass::ConnectionLost);
    }

    #[test]
    fn mysql_errnos_follow_kea() {
        for errno in [2002, 2006, 2008, 2013] {
            assert_eq!(
                mysql_errno_class(errno),
                ErrorClass::ConnectionLost,
                "{errno}"
            );
        }
        for errno in [1062, 1048, 1146, 1045, 1049, 2000] {
            assert_eq!(mysql_errno_class(errno), ErrorClass::Operation, "{errno}");
        }
    }

    #[test]
    fn pg_diesel_errors_are_classified() {
        let lost = [
            db_error(DatabaseErrorKind::UnableToSendCommand, "connection closed"),
            db_error(DatabaseErrorKind::ClosedConnection, "closed"),
            db_error(
                DatabaseErrorKind::Unknown,
                "terminating connection due to administrator command",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "sorry, too many clients already",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "canceling statement due to statement timeout",
            ),
        ];
        for e in &lost {
            assert_eq!(pg_error_class(e), ErrorClass::ConnectionLost, "{e}");
        }
        let operation = [
            db_error(DatabaseErrorKind::UniqueViolation, "duplicate key value"),
            db_error(DatabaseErrorKind::NotNullViolation, "null value"),
            db_error(
                DatabaseErrorKind::Unknown,
                "invalid input syntax for type bigint",
            ),
            DieselError::NotFound,
        ];
        for e in &operation {
            assert_eq!(pg_error_class(e), ErrorClass::Operation, "{e}");
        }
    }

    #[test]
    fn mysql_diesel_errors_are_classified() {
        let lost = [
            db_error(
                DatabaseErrorKind::Unknown,
                "Input/output error: Broken pipe (os error 32)",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "Driver error: `Connection to the server is closed.'",
            ),
            db_error(DatabaseErrorKind::Unknown, "Connection was killed"),
            db_error(DatabaseErrorKind::UnableToSendCommand, "x"),
        ];
        for e in &lost {
            assert_eq!(mysql_error_class(e), ErrorClass::ConnectionLost, "{e}");
        }
        let operation = [
            db_error(
                DatabaseErrorKind::UniqueViolation,
                "Duplicate entry '1' for key 'PRIMARY'",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "Data too long for column 'hwaddr'",
            ),
            db_error(DatabaseErrorKind::ForeignKeyViolation, "fk_lease4_state"),
        ];
        for e in &operation {
            assert_eq!(mysql_error_class(e), ErrorClass::Operation, "{e}");
        }
    }

    #[test]
    fn store_errors_keep_their_class() {
        let lost = SqlError::query(
            SqlKind::Mysql,
            "get4",
            db_error(DatabaseErrorKind::Unknown, "Input/output error: reset"),
        );
        assert_eq!(lost.class(), ErrorClass::ConnectionLost);
        let dup = SqlError::query(
            SqlKind::Postgresql,
            "add4",
            db_error(DatabaseErrorKind::UniqueViolation, "duplicate"),
        );
        assert_eq!(dup.class(), ErrorClass::Operation);
        let deadline = SqlError::Deadline {
            backend: SqlKind::Postgresql,
            operation: "get4",
            after: Duration::from_secs(1),
        };
        assert_eq!(deadline.class(), ErrorClass::ConnectionLost);
        assert!(deadline
            .to_string()
            .starts_with("postgresql lease database"));
    }
}
