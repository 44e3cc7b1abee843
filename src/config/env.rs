//! `RURU_DHCP4__*` environment overrides, layered with the `config` crate.
//!
//! `RURU_DHCP4__LEASE_DATABASE__NAME=/tmp/l.csv` sets `Dhcp4.lease-database.name`:
//! after the prefix, `__` separates levels and each level is lower-cased with `_`
//! turned into `-` (Kea's keys are kebab-case). The value is read as JSON when it
//! parses as JSON (`600`, `true`, `["eth0"]`), else as a string.
//!
//! The `config` crate's own environment source is not used: it would turn
//! `DHCP4` into `dhcp-4`-style keys. Its role is kept minimal: it layers the
//! overrides (`set_override`) onto the file's values. Files themselves are
//! parsed by serde_json so that errors keep their line and column.

use config::{Config, FileFormat};

use super::error::ConfigError;

/// Environment variable prefix of an override.
pub const PREFIX: &str = "RURU_DHCP4__";

/// One override: the dotted Kea path under `Dhcp4`, and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Variable name, for errors.
    pub variable: String,
    /// Kea keys from `Dhcp4` down (`["lease-database", "name"]`).
    pub keys: Vec<String>,
    /// New value.
    pub value: serde_json::Value,
}

/// Overrides found in the process environment.
pub fn overrides_from_env() -> Vec<Override> {
    overrides_from(std::env::vars())
}

/// Overrides from `(name, value)` pairs (testable without the environment).
pub fn overrides_from(vars: impl IntoIterator<Item = (String, String)>) -> Vec<Override> {
    let mut out: Vec<Override> = vars
        .into_iter()
        .filter_map(|(name, value)| {
            let rest = name.strip_prefix(PREFIX)?;
            let keys: Vec<String> = rest
                .split("__")
                .map(|k| k.to_ascii_lowercase().replace('_', "-"))
                .collect();
            if keys.iter().any(String::is_empty) {
                return None;
            }
            let value = serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value));
            Some(Override {
                variable: name,
                keys,
                value,
            })
        })
        .collect();
    out.sort_by(|a, b| a.variable.cmp(&b.variable));
    out
}

/// `base` (`{"Dhcp4": {...}}`) with the overrides applied.
pub fn apply(
    base: &serde_json::Value,
    overrides: &[Override],
) -> Result<serde_json::Value, ConfigError> {
    let err = |variable: &str, message: String| ConfigError::EnvOverride {
        variable: variable.to_string(),
        message,
    };
    let text = serde_json::to_string(base).map_err(|e| err("-", e.to_string()))?;
    let mut builder = Config::builder().add_source(config::File::from_str(&text, FileFormat::Json));
    for o in overrides {
        let key = format!("Dhcp4.{}", o.keys.join("."));
        builder = builder
            .set_override(key, to_config_value(&o.value))
            .map_err(|e| err(&o.variable, e.to_string()))?;
    }
    let built = builder.build().map_err(|e| err("-", e.to_string()))?;
    let merged: serde_json::Value = built
        .try_deserialize()
        .map_err(|e| err("-", e.to_string()))?;
    Ok(merged)
}

fn to_config_value(v: &serde_json::Value) -> config::Value {
    use config::ValueKind;
    let kind = match v {
        serde_json::Value::Null => ValueKind::Nil,
        serde_json::Value::Bool(b) => ValueKind::Boolean(*b),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => ValueKind::I64(i),
            (None, Some(u), _) => ValueKind::U64(u),
            (_, _, Some(f)) => ValueKind::Float(f),
            _ => ValueKind::Nil,
        },
        serde_json::Value::String(s) => ValueKind::String(s.clone()),
        serde_json::Value::Array(a) => ValueKind::Array(a.iter().map(to_config_value).collect()),
        serde_json::Value::Object(m) => ValueKind::Table(
            m.iter()
                .map(|(k, v)| (k.clone(), to_config_value(v)))
                .collect(),
        ),
    };
    config::Value::new(None, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names_map_to_kea_kebab_keys() {
        let o = overrides_from([
            (
                "RURU_DHCP4__LEASE_DATABASE__NAME".to_string(),
                "/tmp/x.csv".to_string(),
            ),
            ("RURU_DHCP4__VALID_LIFETIME".to_string(), "600".to_string()),
            ("OTHER".to_string(), "1".to_string()),
        ]);
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].keys, vec!["lease-database", "name"]);
        assert_eq!(o[1].value, serde_json::json!(600));
    }

    #[test]
    fn overrides_keep_kea_key_case_and_other_values() {
        let base = serde_json::json!({"Dhcp4": {"valid-lifetime": 7200,
            "lease-database": {"type": "memfile", "name": "/a.csv"},
            "subnet4": [{"id": 1, "subnet": "10.0.0.0/24"}]}});
        let o = overrides_from([(
            "RURU_DHCP4__LEASE_DATABASE__NAME".to_string(),
            "/b.csv".to_string(),
        )]);
        let merged = apply(&base, &o).expect("applied");
        assert_eq!(merged["Dhcp4"]["lease-database"]["name"], "/b.csv");
        assert_eq!(merged["Dhcp4"]["valid-lifetime"], 7200);
        assert_eq!(merged["Dhcp4"]["subnet4"][0]["subnet"], "10.0.0.0/24");
    }
}
