//! `Dhcp6` service maps: the v6 `interfaces-config`, `server-id`, host
//! identifier types, and the maps shared with `Dhcp4` (lease database, control
//! socket, loggers, reclamation, sanity checks) validated by the v4 code with
//! their error paths moved under `Dhcp6`.

use std::net::Ipv6Addr;

use crate::config::error::ConfigError;
use crate::config::model::IdentifierType;
use crate::config::model6::{InterfaceSpec6, InterfacesConfig6, ServerIdConfig, ServerIdType};
use crate::config::wire::{self, v6 as wire6};
use crate::options::dhcp4::decode_text_or_hex;

type Result<T> = std::result::Result<T, ConfigError>;

/// An error of a validator shared with `Dhcp4`, its paths moved under `Dhcp6`.
pub fn under_dhcp6(e: ConfigError) -> ConfigError {
    let fix = |p: String| match p.strip_prefix("Dhcp4") {
        Some(rest) => format!("Dhcp6{rest}"),
        None => p,
    };
    match e {
        ConfigError::Invalid { path, message, at } => ConfigError::Invalid {
            path: fix(path),
            message,
            at,
        },
        ConfigError::NotSupported { path, key } => ConfigError::NotSupported {
            path: fix(path),
            key,
        },
        ConfigError::UnexpectedKeyword { path, key, context } => ConfigError::UnexpectedKeyword {
            path: fix(path),
            key,
            context,
        },
        other => other,
    }
}

/// `interfaces-config` of `Dhcp6` (no socket type or outbound interface in v6).
pub fn interfaces(w: &wire::InterfacesConfig) -> Result<InterfacesConfig6> {
    const P: &str = "Dhcp6.interfaces-config";
    for (key, set) in [
        ("dhcp-socket-type", w.dhcp_socket_type.is_some()),
        ("outbound-interface", w.outbound_interface.is_some()),
    ] {
        if set {
            return Err(ConfigError::UnexpectedKeyword {
                path: P.to_string(),
                key: key.to_string(),
                context: "interfaces-config".to_string(),
            });
        }
    }
    let mut interfaces = Vec::with_capacity(w.interfaces.len());
    for (i, text) in w.interfaces.iter().enumerate() {
        let path = format!("{P}.interfaces[{i}]");
        let (name, unicast) = match text.split_once('/') {
            _ if text == "*" => {
                interfaces.push(InterfaceSpec6::All);
                continue;
            }
            Some((name, addr)) => {
                let a: Ipv6Addr = addr.parse().map_err(|_| {
                    ConfigError::invalid(
                        &path,
                        format!("'{addr}' in '{text}' is not an IPv6 address"),
                    )
                })?;
                (name, Some(a))
            }
            None => (text.as_str(), None),
        };
        if name.is_empty() || name.len() > 15 || name.contains(char::is_whitespace) {
            return Err(ConfigError::invalid(
                &path,
                format!("invalid interface name '{name}'"),
            ));
        }
        interfaces.push(InterfaceSpec6::Named {
            name: name.to_string(),
            unicast,
        });
    }
    Ok(InterfacesConfig6 {
        interfaces,
        require_all: w.service_sockets_require_all.unwrap_or(false),
    })
}

/// `host-reservation-identifiers` of `Dhcp6`: `hw-address`, `duid`, `flex-id`.
pub fn host_identifiers(list: &[String]) -> Result<Vec<IdentifierType>> {
    const P: &str = "Dhcp6.host-reservation-identifiers";
    for (i, name) in list.iter().enumerate() {
        if !["hw-address", "duid", "flex-id"].contains(&name.as_str()) {
            return Err(ConfigError::invalid(
                format!("{P}[{i}]"),
                format!("invalid host reservation identifier name '{name}'"),
            ));
        }
    }
    super::super::services::host_identifiers(list).map_err(under_dhcp6)
}

/// `server-id`: type, identifier and parts Kea checks.
pub fn server_id(w: &wire6::ServerId) -> Result<ServerIdConfig> {
    const P: &str = "Dhcp6.server-id";
    let duid_type = match w.duid_type.as_str() {
        "LLT" => ServerIdType::Llt,
        "EN" => ServerIdType::En,
        "LL" => ServerIdType::Ll,
        other => {
            return Err(ConfigError::invalid(
                format!("{P}.type"),
                format!("unsupported DUID type '{other}'. Expected: LLT, EN or LL"),
            ))
        }
    };
    let identifier = if w.identifier.is_empty() {
        Vec::new()
    } else {
        decode_text_or_hex(&w.identifier)
            .map_err(|e| ConfigError::invalid(format!("{P}.identifier"), e.to_string()))?
    };
    Ok(ServerIdConfig {
        duid_type,
        identifier,
        htype: w.htype,
        time: w.time,
        enterprise_id: w.enterprise_id,
        persist: w.persist,
    })
}
