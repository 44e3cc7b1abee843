//! Wire model -> validated `model::Dhcp4Config`: resolves inheritance, encodes
//! options, checks everything Kea checks (plus cross-subnet pool overlaps), and
//! renders the effective configuration for `config-get`.

mod database;
mod host;
mod hosts_database;
mod network;
mod options;
mod services;
mod sql_tls;
mod subnet_ids;
mod unsupported;
pub mod v6;

use std::net::Ipv4Addr;

use crate::config::error::ConfigError;
use crate::config::model::Dhcp4Config;
use crate::config::wire;

/// Longest `sname` text (64-byte field with its terminating zero).
const MAX_SNAME_LEN: usize = 63;
/// Longest `file` text (128-byte field with its terminating zero).
const MAX_FILE_LEN: usize = 127;

/// Validates a parsed `Dhcp4` map into the model the server runs on.
pub fn build(mut d: wire::Dhcp4) -> Result<Dhcp4Config, ConfigError> {
    unsupported::check(&d)?;
    let interfaces = services::interfaces(&d.interfaces_config)?;
    let lease_database = database::lease_database(&mut d.lease_database)?;
    let hosts_databases = hosts_database::hosts_databases(&d)?;
    let control_socket = d
        .control_socket
        .as_ref()
        .map(services::control_socket)
        .transpose()?;
    let loggers = services::loggers(&d.loggers)?;
    let expired_leases = services::expired_leases(&d.expired_leases_processing)?;
    services::sanity_checks(&d.sanity_checks)?;
    let host_reservation_identifiers = services::host_identifiers(&d.host_reservation_identifiers)?;

    let global_options = options::parse_list(&d.option_data, "Dhcp4.option-data")?;
    let global = network::Inherited::global(&d, global_options.clone())?;
    let (subnets, plain_ids, shared_ids) = network::build_subnets(&d, &global)?;
    let global_reservations = host::parse_list(&d.reservations, "Dhcp4.reservations", None)?;

    // Effective config: what the user wrote, defaults and assigned ids filled in.
    for (s, id) in d.subnet4.iter_mut().zip(plain_ids) {
        s.id = id;
    }
    for (n, ids) in d.shared_networks.iter_mut().zip(shared_ids) {
        for (s, id) in n.subnet4.iter_mut().zip(ids) {
            s.id = id;
        }
    }
    let dhcp4 = serde_json::to_value(&d).map_err(|e| {
        ConfigError::invalid("Dhcp4", format!("cannot render the configuration: {e}"))
    })?;
    let effective = serde_json::json!({ "Dhcp4": dhcp4 });

    Ok(Dhcp4Config {
        interfaces,
        lease_database,
        hosts_databases,
        subnets,
        global_options,
        global_reservations,
        reservations_global: global.reservations_global(),
        host_reservation_identifiers,
        echo_client_id: d.echo_client_id,
        decline_probation_period: d.decline_probation_period,
        control_socket,
        loggers,
        expired_leases,
        server_tag: d.server_tag.clone(),
        statistic_sample_count: d.statistic_default_sample_count,
        effective,
    })
}

/// An IPv4 address at `path`.
fn parse_ipv4(text: &str, path: &str) -> Result<Ipv4Addr, ConfigError> {
    text.trim()
        .parse()
        .map_err(|_| ConfigError::invalid(path, format!("'{text}' is not a valid IPv4 address")))
}

type BootFields = (Option<Ipv4Addr>, Option<String>, Option<String>);

/// `next-server`, `server-hostname` and `boot-file-name` of the map at `path`,
/// checked like Kea (IPv4 address; fits the BOOTP `sname` / `file` fields).
fn boot_fields(
    path: &str,
    next_server: Option<&str>,
    server_hostname: Option<&str>,
    boot_file_name: Option<&str>,
) -> Result<BootFields, ConfigError> {
    let next = next_server
        .map(|t| {
            t.parse::<Ipv4Addr>().map_err(|_| {
                ConfigError::invalid(
                    format!("{path}.next-server"),
                    format!("invalid parameter next-server : {t}"),
                )
            })
        })
        .transpose()?;
    for (key, value, max) in [
        ("server-hostname", server_hostname, MAX_SNAME_LEN),
        ("boot-file-name", boot_file_name, MAX_FILE_LEN),
    ] {
        if let Some(v) = value {
            if v.len() > max {
                return Err(ConfigError::invalid(
                    format!("{path}.{key}"),
                    format!("{key} must be at most {max} bytes long, it is {}", v.len()),
                ));
            }
        }
    }
    Ok((
        next,
        server_hostname.map(str::to_string),
        boot_file_name.map(str::to_string),
    ))
}

/// One reservation checked as the config file's would be (used by `reservation-add`).
pub fn reservation4(
    r: &wire::Reservation4,
    path: &str,
    subnet: Option<&ipnet::Ipv4Net>,
) -> Result<crate::config::model::Reservation4, ConfigError> {
    let mut list = host::parse_list(std::slice::from_ref(r), path, subnet)?;
    list.pop()
        .ok_or_else(|| ConfigError::invalid(path, "no reservation"))
}
