//! Service maps: interfaces, lease database, control socket, loggers, lease
//! reclamation, sanity checks, host identifier order.

use crate::config::error::ConfigError;
use crate::config::model::{
    ControlSocket, ExpiredLeasesProcessing, IdentifierType, InterfaceSpec, InterfacesConfig,
    Logger, Severity, SocketType,
};
use crate::config::wire;

type Result<T> = std::result::Result<T, ConfigError>;

/// `interfaces-config`.
pub fn interfaces(w: &wire::InterfacesConfig) -> Result<InterfacesConfig> {
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
    if name.is_empty() || name.len() > 15 || name.contains(char::is_whitespace) {
        return Err(ConfigError::invalid(
            path,
            format!("invalid interface name '{name}'"),
        ));
    }
    Ok(InterfaceSpec::Named {
        name: name.to_string(),
        address,
    })
}

/// `control-socket`.
pub fn control_socket(w: &wire::ControlSocket) -> Result<ControlSocket> {
    const P: &str = "Dhcp4.control-socket";
    if w.socket_type != "unix" {
        return Err(ConfigError::invalid(
            format!("{P}.socket-type"),
            format!(
                "unsupported socket type '{}', only 'unix' is supported",
                w.socket_type
            ),
        ));
    }
    if w.socket_name.is_empty() {
        return Err(ConfigError::invalid(
            format!("{P}.socket-name"),
            "socket-name must not be empty",
        ));
    }
    Ok(ControlSocket {
        socket_name: std::path::PathBuf::from(&w.socket_name),
    })
}

/// `loggers`.
pub fn loggers(list: &[wire::Logger]) -> Result<Vec<Logger>> {
    list.iter()
        .enumerate()
        .map(|(i, l)| {
            let path = format!("Dhcp4.loggers[{i}]");
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

/// `expired-leases-processing`.
pub fn expired_leases(w: &wire::ExpiredLeasesProcessing) -> Result<ExpiredLeasesProcessing> {
    if w.max_reclaim_time > 10000 {
        return Err(ConfigError::invalid(
            "Dhcp4.expired-leases-processing.max-reclaim-time",
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

/// `sanity-checks.lease-checks` values.
pub fn sanity_checks(w: &wire::SanityChecks) -> Result<()> {
    if !["none", "warn", "fix", "fix-del", "del"].contains(&w.lease_checks.as_str()) {
        return Err(ConfigError::invalid(
            "Dhcp4.sanity-checks.lease-checks",
            format!(
                "Unsupported 'lease-checks value: {}, supported values are: none, warn, fix, fix-del, del",
                w.lease_checks
            ),
        ));
    }
    Ok(())
}

/// `host-reservation-identifiers`.
pub fn host_identifiers(list: &[String]) -> Result<Vec<IdentifierType>> {
    const P: &str = "Dhcp4.host-reservation-identifiers";
    if list.is_empty() {
        return Err(ConfigError::invalid(
            P,
            "at least one host reservation identifier must be specified",
        ));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, name) in list.iter().enumerate() {
        let t = IdentifierType::from_name(name).ok_or_else(|| {
            ConfigError::invalid(
                format!("{P}[{i}]"),
                format!("invalid host reservation identifier name '{name}'"),
            )
        })?;
        if out.contains(&t) {
            return Err(ConfigError::invalid(
                format!("{P}[{i}]"),
                format!("duplicate host reservation identifier '{name}'"),
            ));
        }
        out.push(t);
    }
    Ok(out)
}
