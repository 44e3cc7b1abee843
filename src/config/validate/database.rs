//! `lease-database`: memfile or an SQL server, checked the way Kea's
//! `DbAccessParser` and its backends check the map (kea-config.md §4).

use std::path::PathBuf;

use crate::config::error::ConfigError;
use crate::config::model::{
    LeaseDatabase, OnFail, SqlDatabase, SqlKind, DEFAULT_CONNECT_TIMEOUT, DEFAULT_SQL_POOL_SIZE,
};
use crate::config::wire::{self, defaults};

type Result<T> = std::result::Result<T, ConfigError>;

/// Largest `ruru-pool-size` accepted.
const MAX_POOL_SIZE: i64 = 1024;

/// The database map at `path` (`Dhcp4.lease-database`, a hosts database...);
/// fills memfile defaults (`memfile_name`: the family's lease file) into the
/// wire map for `effective`.
pub fn lease_database(
    w: &mut wire::Database,
    path: &str,
    memfile_name: &str,
) -> Result<LeaseDatabase> {
    let p = path;
    let on_fail = match w.on_fail.as_deref() {
        None => OnFail::default(),
        Some(text) => OnFail::from_name(text).ok_or_else(|| {
            ConfigError::invalid(
                format!("{p}.on-fail"),
                format!("unsupported 'on-fail' value '{text}', expected stop-retry-exit, serve-retry-exit or serve-retry-continue"),
            )
        })?,
    };
    let kind = match w.db_type.as_str() {
        "memfile" => None,
        "postgresql" => Some(SqlKind::Postgresql),
        "mysql" => Some(SqlKind::Mysql),
        other => {
            return Err(ConfigError::invalid(
                format!("{p}.type"),
                format!("unknown database type '{other}', expected memfile, mysql or postgresql"),
            ))
        }
    };
    // Ranges Kea's DbAccessParser checks for every type.
    let ranged = |v, key, max| ranged(p, v, key, max);
    let only_for = |kind, owner, v, key| only_for(p, kind, owner, v, key);
    let port = ranged(w.port, "port", u64::from(u16::MAX))?;
    let connect_timeout = ranged(w.connect_timeout, "connect-timeout", u64::from(u32::MAX))?;
    let reconnect_wait_time = ranged(
        w.reconnect_wait_time,
        "reconnect-wait-time",
        u64::from(u32::MAX),
    )?;
    let max_reconnect_tries = match w.max_reconnect_tries {
        Some(n) if n < 0 => {
            return Err(ConfigError::invalid(
                format!("{p}.max-reconnect-tries"),
                "max-reconnect-tries cannot be less than zero",
            ))
        }
        other => ranged(other, "max-reconnect-tries", u64::from(u32::MAX))?,
    };
    let read_timeout = ranged(w.read_timeout, "read-timeout", u64::from(u32::MAX))?;
    let write_timeout = ranged(w.write_timeout, "write-timeout", u64::from(u32::MAX))?;
    let tcp_user_timeout = ranged(w.tcp_user_timeout, "tcp-user-timeout", u64::from(u32::MAX))?;
    only_for(kind, SqlKind::Mysql, read_timeout, "read-timeout")?;
    only_for(kind, SqlKind::Mysql, write_timeout, "write-timeout")?;
    only_for(
        kind,
        SqlKind::Postgresql,
        tcp_user_timeout,
        "tcp-user-timeout",
    )?;

    let Some(kind) = kind else {
        return memfile(w, p, memfile_name);
    };
    let tls = super::sql_tls::sql_tls(p, w)?;
    let name = match w.name.as_deref() {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => {
            return Err(ConfigError::invalid(
                format!("{p}.name"),
                format!("must specify a name for the {} database", kind.name()),
            ))
        }
    };
    let connect_timeout = connect_timeout.unwrap_or(u64::from(DEFAULT_CONNECT_TIMEOUT));
    if connect_timeout == 0 {
        return Err(ConfigError::invalid(
            format!("{p}.connect-timeout"),
            "database connection timeout (0) must be an integer greater than 0",
        ));
    }
    let pool_size = match w.ruru_pool_size {
        None => DEFAULT_SQL_POOL_SIZE,
        Some(n) if (1..=MAX_POOL_SIZE).contains(&n) => as_u32(n as u64),
        Some(n) => {
            return Err(ConfigError::invalid(
                format!("{p}.ruru-pool-size"),
                format!(
                    "ruru-pool-size value: {n} is out of range, expected value: 1..{MAX_POOL_SIZE}"
                ),
            ))
        }
    };
    Ok(LeaseDatabase::Sql(SqlDatabase {
        kind,
        name,
        host: w.host.clone().unwrap_or_else(|| "localhost".to_string()),
        port: port.map(|p| u16::try_from(p).unwrap_or(u16::MAX)),
        user: w.user.clone(),
        password: w.password.clone(),
        connect_timeout: as_u32(connect_timeout),
        read_timeout: as_u32(read_timeout.unwrap_or(0)),
        write_timeout: as_u32(write_timeout.unwrap_or(0)),
        tcp_user_timeout: as_u32(tcp_user_timeout.unwrap_or(0)),
        max_reconnect_tries: as_u32(max_reconnect_tries.unwrap_or(0)),
        reconnect_wait_time: as_u32(reconnect_wait_time.unwrap_or(0)),
        on_fail,
        retry_on_startup: w.retry_on_startup.unwrap_or(false),
        pool_size,
        tls,
    }))
}

/// The memfile map: absolute lease file path, persist, lfc-interval.
fn memfile(w: &mut wire::Database, p: &str, default_name: &str) -> Result<LeaseDatabase> {
    let name = w
        .name
        .get_or_insert_with(|| default_name.to_string())
        .clone();
    if !name.starts_with('/') {
        return Err(ConfigError::invalid(
            format!("{p}.name"),
            format!("the memfile lease file name '{name}' must be an absolute path"),
        ));
    }
    Ok(LeaseDatabase::Memfile {
        persist: *w.persist.get_or_insert(true),
        name: PathBuf::from(name),
        lfc_interval: *w.lfc_interval.get_or_insert(defaults::LFC_INTERVAL),
        max_row_errors: w.max_row_errors.unwrap_or(0),
    })
}

/// `value` within 0..=`max`, in Kea's words when not.
fn ranged(p: &str, value: Option<i64>, key: &str, max: u64) -> Result<Option<u64>> {
    match value {
        None => Ok(None),
        Some(v) => match u64::try_from(v) {
            Ok(v) if v <= max => Ok(Some(v)),
            _ => Err(ConfigError::invalid(
                format!("{p}.{key}"),
                format!("{key} value: {v} is out of range, expected value: 0..{max}"),
            )),
        },
    }
}

/// A timeout that only one SQL backend knows must be 0 (or absent) elsewhere.
fn only_for(
    p: &str,
    kind: Option<SqlKind>,
    owner: SqlKind,
    value: Option<u64>,
    key: &str,
) -> Result<()> {
    match value {
        Some(v) if v > 0 && kind != Some(owner) => Err(ConfigError::invalid(
            format!("{p}.{key}"),
            format!(
                "'{key}' is only supported by the {} backend, not by '{}'",
                owner.name(),
                kind.map_or("memfile", SqlKind::name)
            ),
        )),
        _ => Ok(()),
    }
}

/// A value already checked to fit in 32 bits.
fn as_u32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}
