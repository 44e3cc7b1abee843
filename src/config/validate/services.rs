//! Service maps of `Dhcp4` and `Dhcp6` (`root`): interfaces, control socket,
//! loggers, lease reclamation, sanity checks, host identifier order, and the
//! DHCPv6 `server-id`.

use crate::config::error::ConfigError;
use std::net::Ipv6Addr;

use crate::config::model::{
    ControlSocket, ExpiredLeasesProcessing, IdentifierType, InterfaceSpec, InterfacesConfig,
    Logger, Severity, SocketType,
};
use crate::config::model6::{InterfaceSpec6, InterfacesConfig6, ServerIdConfig, ServerIdType};
use crate::config::wire;
use crate::options::encode::decode_text_or_hex;

type Result<T> = std::result::Result<T, ConfigError>;

/// `interfaces-config` of `Dhcp4`.
pub fn interfaces4(w: &wire::InterfacesConfig) -> Result<InterfacesConfig> {
    const P: &str = "Dhcp4.interfaces-config";
    let mut interfaces = Vec::with_capacity(w.interfaces.len());
    for (i, text) in w.interfaces.iter().enumerate() {
        let path = format!("{P}.interfaces[{i}]");
        let spec = match text.split_once('/') {
            _ if text == "*" => InterfaceSpec::All,
            Some((name, addr)) => {
                let address = addr.parse().map_err(|_| {
                    ConfigError::invalid(
                        &path,
                        format!("'{addr}' in '{text}' is not an IPv4 address"),
                    )
                })?;
                named(name, Some(address), &path)?
            }
            None => named(text, None, &path)?,
        };
        interfaces.push(spec);
    }
    let socket_type = match w.dhcp_socket_type.as_deref() {
        None | Some("raw") => SocketType::Raw,
        Some("udp") => SocketType::Udp,
        Some(other) => {
            return Err(ConfigError::invalid(
                format!("{P}.dhcp-socket-type"),
                format!("unsupported 'dhcp-socket-type' '{other}', expected 'raw' or 'udp'"),
            ))
        }
    };
    let use_routing = match w.outbound_interface.as_deref() {
        None | Some("same-as-inbound") => false,
        Some("use-routing") => true,
        Some(other) => {
            return Err(ConfigError::invalid(
                format!("{P}.outbound-interface"),
                format!(
                    "unsupported 'outbound-interface' '{other}', expected 'same-as-inbound' or 'use-routing'"
                ),
            ))
        }
    };
    Ok(InterfacesConfig {
        interfaces,
        socket_type,
        use_routing,
        require_all: w.service_sockets_require_all.unwrap_or(false),
    })
}

fn named(name: &str, address: Option<std::net::Ipv4Addr>, path: &str) -> Result<InterfaceSpec> {
    Ok(InterfaceSpec::Named {
        name: interface_name(name, path)?,
        address,
    })
}

/// An interface name as Linux allows it (1..15 bytes, no white space).
fn interface_name(name: &str, path: &str) -> Result<String> {
    if name.is_empty() || name.len() > 15 || name.contains(char::is_whitespace) {
        return Err(ConfigError::invalid(
            path,
            format!("invalid interface name '{name}'"),
        ));
    }
    Ok(name.to_string())
}

/// `interfaces-config` of `Dhcp6` (no socket type or outbound interface in v6).
pub fn interfaces6(w: &wire::InterfacesConfig) -> Result<InterfacesConfig6> {
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
        let spec = match text.split_once('/') {
            _ if text == "*" => InterfaceSpec6::All,
            Some((name, addr)) => {
                let unicast: Ipv6Addr = addr.parse().map_err(|_| {
                    ConfigError::invalid(
                        &path,
                        format!("'{addr}' in '{text}' is not an IPv6 address"),
                    )
                })?;
                InterfaceSpec6::Named {
                    name: interface_name(name, &path)?,
                    unicast: Some(unicast),
                }
            }
            None => InterfaceSpec6::Named {
                name: interface_name(text, &path)?,
                unicast: None,
            },
        };
        interfaces.push(spec);
    }
    Ok(InterfacesConfig6 {
        interfaces,
        require_all: w.service_sockets_require_all.unwrap_or(false),
    })
}

/// `control-socket` of `root`.
pub fn control_socket(root: &str, w: &wire::ControlSocket) -> Result<ControlSocket> {
    let p = format!("{root}.control-socket");
    if w.socket_type != "unix" {
        return Err(ConfigError::invalid(
            format!("{p}.socket-type"),
            format!(
                "unsupported socket type '{}', only 'unix' is supported",
                w.socket_type
            ),
        ));
    }
    if w.socket_name.is_empty() {
        return Err(ConfigError::invalid(
            format!("{p}.socket-name"),
            "socket-name must not be empty",
        ));
    }
    Ok(ControlSocket {
        socket_name: std::path::PathBuf::from(&w.socket_name),
    })
}

/// `loggers` of `root`.
pub fn loggers(root: &str, list: &[wire::Logger]) -> Result<Vec<Logger>> {
    list.iter()
        .enumerate()
        .map(|(i, l)| {
            let path = format!("{root}.loggers[{i}]");
            let severity = match l.severity.as_deref().map(str::to_ascii_uppercase).as_deref() {
                None | Some("INFO") => Severity::Info,
                Some("DEBUG") => Severity::Debug,
                Some("WARN") => Severity::Warn,
                Some("ERROR") => Severity::Error,
                Some("FATAL") => Severity::Fatal,
                Some("NONE") => Severity::None,
                Some(_) => {
                    return Err(ConfigError::invalid(
                        format!("{path}.severity"),
                        format!(
                            "unsupported severity '{}', expected FATAL, ERROR, WARN, INFO, DEBUG or NONE",
                            l.severity.as_deref().unwrap_or_default()
                        ),
                    ))
                }
            };
            let debuglevel = l.debuglevel.unwrap_or(0);
            if debuglevel > 99 {
                return Err(ConfigError::invalid(
                    format!("{path}.debuglevel"),
                    format!("debuglevel {debuglevel} is out of range 0..99"),
                ));
            }
            if l.name.is_empty() {
                return Err(ConfigError::invalid(format!("{path}.name"), "logger name must not be empty"));
            }
            let mut outputs: Vec<String> = l.output_options.iter().map(|o| o.output.clone()).collect();
            if outputs.is_empty() {
                outputs.push("stdout".to_string());
            }
            Ok(Logger {
                name: l.name.clone(),
                severity,
                debuglevel,
                outputs,
            })
        })
        .collect()
}

/// `expired-leases-processing` of `root`.
pub fn expired_leases(
    root: &str,
    w: &wire::ExpiredLeasesProcessing,
) -> Result<ExpiredLeasesProcessing> {
    if w.max_reclaim_time > 10000 {
        return Err(ConfigError::invalid(
            format!("{root}.expired-leases-processing.max-reclaim-time"),
            format!("value {} is out of range 0..10000 (ms)", w.max_reclaim_time),
        ));
    }
    Ok(ExpiredLeasesProcessing {
        reclaim_timer_wait_time: w.reclaim_timer_wait_time,
        flush_reclaimed_timer_wait_time: w.flush_reclaimed_timer_wait_time,
        hold_reclaimed_time: w.hold_reclaimed_time,
        max_reclaim_leases: w.max_reclaim_leases,
        max_reclaim_time: w.max_reclaim_time,
        unwarned_reclaim_cycles: w.unwarned_reclaim_cycles,
    })
}

/// `sanity-checks.lease-checks` values of `root`.
pub fn sanity_checks(root: &str, w: &wire::SanityChecks) -> Result<()> {
    if !["none", "warn", "fix", "fix-del", "del"].contains(&w.lease_checks.as_str()) {
        return Err(ConfigError::invalid(
            format!("{root}.sanity-checks.lease-checks"),
            format!(
                "Unsupported 'lease-checks value: {}, supported values are: none, warn, fix, fix-del, del",
                w.lease_checks
            ),
        ));
    }
    Ok(())
}

/// `host-reservation-identifiers` of `root`, each one of `supported` (the
/// family's identifier types).
pub fn host_identifiers(
    root: &str,
    supported: &[IdentifierType],
    list: &[String],
) -> Result<Vec<IdentifierType>> {
    let p = format!("{root}.host-reservation-identifiers");
    if list.is_empty() {
        return Err(ConfigError::invalid(
            &p,
            "at least one host reservation identifier must be specified",
        ));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, name) in list.iter().enumerate() {
        let t = IdentifierType::from_name(name)
            .filter(|t| supported.contains(t))
            .ok_or_else(|| {
                ConfigError::invalid(
                    format!("{p}[{i}]"),
                    format!("invalid host reservation identifier name '{name}'"),
                )
            })?;
        if out.contains(&t) {
            return Err(ConfigError::invalid(
                format!("{p}[{i}]"),
                format!("duplicate host reservation identifier '{name}'"),
            ));
        }
        out.push(t);
    }
    Ok(out)
}

/// `server-id` of `Dhcp6`: type, identifier and parts Kea checks.
pub fn server_id(w: &wire::ServerId) -> Result<ServerIdConfig> {
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
