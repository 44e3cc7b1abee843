//! Kea-format JSON configuration -> validated model. Every error names its JSON
//! path (or, for syntax errors, the file position).
//!
//! Pipeline: text -> `jsonc::strip_comments` -> `relaxed::relax` (trailing
//! commas, `.5` numbers) -> serde into the `wire` model (unknown keys refused,
//! path tracked by `serde_path_to_error`) -> `validate::build` -> `model`.

pub mod client_class;
pub mod config_backend;
pub mod config_backend_merge;
mod env;
mod error;
pub mod jsonc;
pub mod option_defs;
#[macro_use]
pub mod model;
pub mod model6;
pub mod relaxed;
mod top_level;
mod validate;
pub mod wire;

use std::path::Path;

pub use error::{ConfigError, TextPosition};

/// Parses a Kea configuration text holding a `Dhcp4` object. `source` names the
/// text in error positions (a file path, `<stdin>`...). Other top-level objects
/// (`Dhcp6`, `Control-agent`, `DhcpDdns`, `Logging`...) are ignored with a warning.
pub fn parse_dhcp4_text(text: &str, source: &str) -> Result<model::Dhcp4Config, ConfigError> {
    let wire = top_level::parse_text(text, source)?;
    validate::build4(wire)
}

/// Parses the argument of `config-set` / `config-test`: a map holding only
/// `Dhcp4` (another key is refused like Kea: `Unsupported 'X' parameter.`).
pub fn parse_dhcp4_value(v: &serde_json::Value) -> Result<model::Dhcp4Config, ConfigError> {
    let wire = top_level::parse_value(v)?;
    validate::build4(wire)
}

/// Reads and parses a configuration file. When `RURU_DHCP4__*` environment
/// variables are set, they override values of the file (see `env`).
pub fn load_dhcp4_file(path: &Path) -> Result<model::Dhcp4Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let source = path.display().to_string();
    let overrides = env::overrides_from_env();
    if overrides.is_empty() {
        return parse_dhcp4_text(&text, &source);
    }
    // Check the file on its own first so its errors keep their positions.
    let wire = top_level::parse_text(&text, &source)?;
    let base = serde_json::json!({ "Dhcp4": wire });
    let merged = env::apply(&base, &overrides)?;
    parse_dhcp4_value(&merged)
}

/// Parses one DHCPv4 host reservation map (what `reservation-add` carries,
/// without `subnet-id`), checked as a `reservations` entry of the subnet whose
/// prefix is `subnet` (global when `None`). Errors name `path`.
pub fn parse_reservation4(
    v: &serde_json::Value,
    path: &str,
    subnet: Option<&ipnet::Ipv4Net>,
    defs: &option_defs::OptionDefs<crate::options::Dhcp4>,
) -> Result<(wire::Reservation4, model::Reservation4), ConfigError> {
    let r: wire::Reservation4 =
        serde_path_to_error::deserialize(v).map_err(|e| error::from_serde(e, None))?;
    let host = validate::reservation4(&r, path, subnet, defs)?;
    Ok((r, host))
}

/// Parses one DHCPv6 host reservation map (what `reservation-add` carries,
/// without `subnet-id`), checked as a `reservations` entry of the subnet whose
/// prefix is `subnet` (global when `None`). Errors name `path`.
pub fn parse_reservation6(
    v: &serde_json::Value,
    path: &str,
    subnet: Option<&ipnet::Ipv6Net>,
    defs: &option_defs::OptionDefs<crate::options::Dhcp6>,
) -> Result<(wire::Reservation6, model6::Reservation6), ConfigError> {
    let r: wire::Reservation6 =
        serde_path_to_error::deserialize(v).map_err(|e| error::from_serde(e, None))?;
    let host = validate::reservation6(&r, path, subnet, defs)?;
    Ok((r, host))
}

/// Parses a Kea configuration text holding a `Dhcp6` object (other top-level
/// objects are ignored with a warning).
pub fn parse_dhcp6_text(text: &str, source: &str) -> Result<model6::Dhcp6Config, ConfigError> {
    let wire = top_level::parse_text6(text, source)?;
    validate::build6(wire)
}

/// Parses the argument of a DHCPv6 `config-set` / `config-test`: a map holding
/// only `Dhcp6`.
pub fn parse_dhcp6_value(v: &serde_json::Value) -> Result<model6::Dhcp6Config, ConfigError> {
    let wire = top_level::parse_value6(v)?;
    validate::build6(wire)
}

/// Reads and parses a DHCPv6 configuration file (no environment overrides yet).
pub fn load_dhcp6_file(path: &Path) -> Result<model6::Dhcp6Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    parse_dhcp6_text(&text, &path.display().to_string())
}
