//! `hosts-database` and `hosts-databases` of `Dhcp4` and `Dhcp6`: PostgreSQL
//! or MySQL maps with the lease database's parameters and checks, plus
//! `readonly`.

use crate::config::error::ConfigError;
use crate::config::model::{HostsDatabase, LeaseDatabase};
use crate::config::wire;

use super::database;

/// The path `database::lease_database` names in its errors.
const LEASE_PATH: &str = "Dhcp4.lease-database";

/// Every configured hosts database of `Dhcp4`: `hosts-database` first, then
/// the `hosts-databases` list (Kea's order).
pub fn hosts_databases(d: &wire::Dhcp4) -> Result<Vec<HostsDatabase>, ConfigError> {
    hosts_databases_of(
        "Dhcp4",
        d.hosts_database.as_ref(),
        d.hosts_databases.as_deref(),
    )
}

/// Every configured hosts database under `root` (`Dhcp4`, `Dhcp6`):
/// `single` (`hosts-database`) first, then `list` (`hosts-databases`); errors
/// name the JSON path under `root`.
pub fn hosts_databases_of(
    root: &str,
    single: Option<&wire::Database>,
    list: Option<&[wire::Database]>,
) -> Result<Vec<HostsDatabase>, ConfigError> {
    let single = single
        .into_iter()
        .map(|w| (format!("{root}.hosts-database"), w));
    let list = list
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, w)| (format!("{root}.hosts-databases[{i}]"), w));
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
