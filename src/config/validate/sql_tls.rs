//! The TLS keys of an SQL database map (`trust-anchor`, `cert-file`, `key-file`,
//! `cipher-list`). As in Kea, any of them means TLS is required; the files are
//! read when connecting (so a renewed certificate is picked up on reconnect).

use std::path::PathBuf;

use crate::config::error::ConfigError;
use crate::config::model::SqlTls;
use crate::config::wire;

/// The TLS settings of the database map at `path` (e.g. `Dhcp4.lease-database`).
/// Empty values and a `key-file` without a `cert-file` are errors naming the key.
pub fn sql_tls(path: &str, w: &wire::Database) -> Result<SqlTls, ConfigError> {
    let non_empty = |key: &str, value: &Option<String>| match value.as_deref() {
        Some("") => Err(ConfigError::invalid(
            format!("{path}.{key}"),
            format!("'{key}' must not be empty"),
        )),
        other => Ok(other.map(str::to_string)),
    };
    let tls = SqlTls {
        trust_anchor: non_empty("trust-anchor", &w.trust_anchor)?.map(PathBuf::from),
        cert_file: non_empty("cert-file", &w.cert_file)?.map(PathBuf::from),
        key_file: non_empty("key-file", &w.key_file)?.map(PathBuf::from),
        cipher_list: non_empty("cipher-list", &w.cipher_list)?,
    };
    if tls.key_file.is_some() && tls.cert_file.is_none() {
        return Err(ConfigError::invalid(
            format!("{path}.key-file"),
            "'key-file' needs 'cert-file': the client certificate the key belongs to",
        ));
    }
    Ok(tls)
}
