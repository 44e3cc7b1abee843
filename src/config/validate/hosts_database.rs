//! `hosts-database` and `hosts-databases`: PostgreSQL or MySQL maps with the
//! lease database's parameters and checks, plus `readonly`.

use crate::config::error::ConfigError;
use crate::config::model::{HostsDatabase, LeaseDatabase};
use crate::config::wire;

use super::database;

/// The path `database::lease_database` names in its errors.
const LEASE_PATH: &str = "Dhcp4.lease-database";

/// Every configured hosts database: `hosts-database` first, then the
/// `hosts-databases` list (Kea's order).
pub fn hosts_databases(d: &wire::Dhcp4) -> Result<Vec<HostsDatabase>, ConfigError> {
    let single = d
        .hosts_database
        .iter()
        .map(|w| ("Dhcp4.hosts-database".to_string(), w));
    let list = d
        .hosts_databases
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, w)| (format!("Dhcp4.hosts-databases[{i}]"), w));
    single
        .chain(list)
        .map(|(path, w)| hosts_database(w, &path))
        .collect()
}

fn hosts_database(w: &wire::Database, path: &str) -> Result<HostsDatabase, ConfigError> {
    if !matches!(w.db_type.as_str(), "postgresql" | "mysql") {
        return Err(ConfigError::invalid(
            format!("{path}.type"),
            format!(
                "hosts database type '{}' is not supported, expected mysql or postgresql",
                w.db_type
            ),
        ));
    }
    let mut copy = w.clone();
    let readonly = copy.readonly.take().unwrap_or(false);
    match database::lease_database(&mut copy) {
        Ok(LeaseDatabase::Sql(db)) => Ok(HostsDatabase { db, readonly }),
        Ok(LeaseDatabase::Memfile { .. }) => Err(ConfigError::invalid(
            format!("{path}.type"),
            "a hosts database cannot be memfile",
        )),
        Err(e) => Err(at(e, path)),
    }
}

/// `e` with its path moved from the lease database to `path`.
fn at(e: ConfigError, path: &str) -> ConfigError {
    let moved = |p: String| match p.strip_prefix(LEASE_PATH) {
        Some(rest) => format!("{path}{rest}"),
        None => p,
    };
    match e {
        ConfigError::Invalid {
            path: p,
            message,
            at,
        } => ConfigError::Invalid {
            path: moved(p),
            message,
            at,
        },
        ConfigError::NotSupported { path: p, key } => ConfigError::NotSupported {
            path: moved(p),
            key,
        },
        other => other,
    }
}
