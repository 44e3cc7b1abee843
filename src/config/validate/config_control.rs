//! `config-control` of `Dhcp4` and `Dhcp6`: the configuration databases
//! (PostgreSQL or MySQL maps with the lease database's parameters and checks)
//! and `config-fetch-wait-time`, checked as Kea 2.2's `ConfigControlParser`
//! does; and the hook libraries ruru accepts because it has them built in.

use serde_json::Value;

use crate::config::config_backend::{ConfigControl, DEFAULT_FETCH_WAIT_TIME};
use crate::config::error::ConfigError;
use crate::config::model::LeaseDatabase;
use crate::config::wire::{self, defaults};

use super::database;

type Result<T> = std::result::Result<T, ConfigError>;

/// Kea's hook libraries whose work ruru does itself: the configuration
/// backends and the `remote-*` commands. A configuration naming them loads
/// unchanged.
pub const BUILT_IN_HOOKS: &[&str] = &[
    "libdhcp_mysql_cb.so",
    "libdhcp_pgsql_cb.so",
    "libdhcp_cb_cmds.so",
];

/// Refuses every `hooks-libraries` entry but Kea's configuration-backend
/// hooks, which ruru has built in (their `parameters` are not used).
pub fn hooks_libraries(root: &str, list: &[Value]) -> Result<()> {
    for (i, entry) in list.iter().enumerate() {
        let path = format!("{root}.hooks-libraries[{i}]");
        let Some(library) = entry.get("library").and_then(Value::as_str) else {
            return Err(ConfigError::invalid(
                path,
                "hooks library configuration must have a 'library' string",
            ));
        };
        let file = library.rsplit('/').next().unwrap_or(library);
        if !BUILT_IN_HOOKS.contains(&file) {
            return Err(ConfigError::invalid(
                format!("{path}.library"),
                format!(
                    "hook library '{library}' is not supported: ruru has only the configuration backend hooks built in ({})",
                    BUILT_IN_HOOKS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The `config-control` map of `root`, if any.
pub fn config_control(
    root: &str,
    w: Option<&wire::ConfigControl>,
) -> Result<Option<ConfigControl>> {
    let Some(w) = w else { return Ok(None) };
    let path = format!("{root}.config-control");
    let fetch_wait_time = match w.config_fetch_wait_time {
        None => DEFAULT_FETCH_WAIT_TIME,
        Some(v) => u16::try_from(v).map(u32::from).map_err(|_| {
            ConfigError::invalid(
                format!("{path}.config-fetch-wait-time"),
                format!("The 'config-fetch-wait-time' value ({v}) is not within expected range: (0 - 65535)"),
            )
        })?,
    };
    let mut databases = Vec::with_capacity(w.config_databases.len());
    for (i, db) in w.config_databases.iter().enumerate() {
        let p = format!("{path}.config-databases[{i}]");
        if !matches!(db.db_type.as_str(), "postgresql" | "mysql") {
            return Err(ConfigError::invalid(
                format!("{p}.type"),
                format!(
                    "The type of the configuration backend: '{}' is not supported",
                    db.db_type
                ),
            ));
        }
        let mut copy = db.clone();
        copy.readonly = None;
        let LeaseDatabase::Sql(sql) =
            database::lease_database(&mut copy, &p, defaults::MEMFILE_LEASES4)?
        else {
            return Err(ConfigError::invalid(
                format!("{p}.type"),
                "a configuration database cannot be memfile",
            ));
        };
        if databases.contains(&sql) {
            return Err(ConfigError::invalid(
                p,
                format!(
                    "database with access parameters: name={} host={} type={} already exists",
                    sql.name,
                    sql.host,
                    sql.kind.name()
                ),
            ));
        }
        databases.push(sql);
    }
    Ok(Some(ConfigControl {
        databases,
        fetch_wait_time,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<Option<ConfigControl>> {
        let w: wire::ConfigControl = serde_json::from_value(v).expect("wire");
        config_control("Dhcp4", Some(&w))
    }

    #[test]
    fn fetch_wait_time_defaults_to_thirty_seconds_and_zero_disables_polling() {
        let db = json!({"type": "postgresql", "name": "cb"});
        let c = parse(json!({"config-databases": [db]}))
            .expect("ok")
            .expect("some");
        assert_eq!(c.fetch_wait_time, 30);
        assert_eq!(c.databases.len(), 1);
        let c = parse(json!({"config-fetch-wait-time": 0}))
            .expect("ok")
            .expect("some");
        assert_eq!(c.fetch_wait_time, 0);
    }

    #[test]
    fn fetch_wait_time_out_of_range_is_refused_with_keas_words() {
        let e = parse(json!({"config-fetch-wait-time": 70000})).expect_err("range");
        assert!(e.to_string().contains(
            "The 'config-fetch-wait-time' value (70000) is not within expected range: (0 - 65535)"
        ));
    }

    #[test]
    fn memfile_and_duplicate_config_databases_are_refused() {
        let e = parse(json!({"config-databases": [{"type": "memfile"}]})).expect_err("memfile");
        assert!(e.to_string().contains("'memfile' is not supported"), "{e}");
        let db = json!({"type": "mysql", "name": "cb", "host": "127.0.0.1"});
        let e = parse(json!({"config-databases": [db.clone(), db]})).expect_err("dup");
        assert!(e.to_string().contains("already exists"), "{e}");
    }

    #[test]
    fn only_the_config_backend_hooks_are_accepted() {
        let ok = [
            json!({"library": "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_pgsql_cb.so"}),
            json!({"library": "libdhcp_mysql_cb.so"}),
            json!({"library": "/opt/kea/libdhcp_cb_cmds.so", "parameters": {}}),
        ];
        assert!(hooks_libraries("Dhcp4", &ok).is_ok());
        let e = hooks_libraries("Dhcp4", &[json!({"library": "/x/libdhcp_lease_cmds.so"})])
            .expect_err("other hook");
        assert!(
            e.to_string().contains("Dhcp4.hooks-libraries[0].library"),
            "{e}"
        );
    }
}
