//! `hosts-database` and `hosts-databases` of `Dhcp4` and `Dhcp6`: PostgreSQL
//! or MySQL maps with the lease database's parameters and checks, plus
//! `readonly`.

use crate::config::error::ConfigError;
use crate::config::model::{HostsDatabase, LeaseDatabase};
use crate::config::wire::{self, defaults};

use super::database;

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
    match database::lease_database(&mut copy, path, defaults::MEMFILE_LEASES4) {
        Ok(LeaseDatabase::Sql(db)) => Ok(HostsDatabase { db, readonly }),
        Ok(LeaseDatabase::Memfile { .. }) => Err(ConfigError::invalid(
            format!("{path}.type"),
            "a hosts database cannot be memfile",
        )),
        Err(e) => Err(e),
    }
}
