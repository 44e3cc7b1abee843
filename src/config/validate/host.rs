//! Host reservations: identifier decoding, addresses, per-scope uniqueness.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::{boot_fields, options, parse_ipv4};
use crate::config::error::ConfigError;
use crate::config::model::{IdentifierType, Reservation4};
use crate::config::wire;
use crate::options::dhcp4;

/// Longest hardware address Kea accepts (`HWAddr::MAX_HWADDR_LEN`).
const MAX_HWADDR_LEN: usize = 20;

/// Parses the reservations of one scope (a subnet, or global when `subnet` is
/// `None`), checking identifiers and addresses are unique in the scope.
pub fn parse_list(
    list: &[wire::Reservation4],
    path: &str,
    subnet: Option<&Ipv4Net>,
) -> Result<Vec<Reservation4>, ConfigError> {
    let mut ids: HashSet<(IdentifierType, Vec<u8>)> = HashSet::new();
    let mut addresses: HashSet<Ipv4Addr> = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let host = parse_one(r, &path, subnet)?;
        if !ids.insert((host.identifier_type, host.identifier.clone())) {
            return Err(ConfigError::invalid(
                format!("{path}.{}", host.identifier_type.name()),
                format!(
                    "duplicate host reservation: the {} '{}' is already reserved in this {}",
                    host.identifier_type.name(),
                    identifier_text(r, host.identifier_type),
                    scope(subnet)
                ),
            ));
        }
        if let Some(a) = host.ip_address {
            if !addresses.insert(a) {
                return Err(ConfigError::invalid(
                    format!("{path}.ip-address"),
                    format!(
                        "duplicate host reservation: the address {a} is already reserved for another host in this {}",
                        scope(subnet)
                    ),
                ));
            }
        }
        out.push(host);
    }
    Ok(out)
}

fn scope(subnet: Option<&Ipv4Net>) -> String {
    match subnet {
        Some(net) => format!("subnet {net}"),
        None => "global scope".to_string(),
    }
}

fn identifier_text(r: &wire::Reservation4, t: IdentifierType) -> &str {
    let v = match t {
        IdentifierType::HwAddress => &r.hw_address,
        IdentifierType::Duid => &r.duid,
        IdentifierType::CircuitId => &r.circuit_id,
        IdentifierType::ClientId => &r.client_id,
        IdentifierType::FlexId => &r.flex_id,
    };
    v.as_deref().unwrap_or("")
}

fn parse_one(
    r: &wire::Reservation4,
    path: &str,
    subnet: Option<&Ipv4Net>,
) -> Result<Reservation4, ConfigError> {
    let candidates = [
        (IdentifierType::HwAddress, &r.hw_address),
        (IdentifierType::Duid, &r.duid),
        (IdentifierType::CircuitId, &r.circuit_id),
        (IdentifierType::ClientId, &r.client_id),
        (IdentifierType::FlexId, &r.flex_id),
    ];
    let mut given = candidates
        .iter()
        .filter_map(|(t, v)| v.as_ref().map(|v| (*t, v)));
    let (identifier_type, text) = given.next().ok_or_else(|| {
        ConfigError::invalid(
            path,
            "one of the supported identifiers must be specified for host reservation: hw-address, duid, circuit-id, client-id, flex-id",
        )
    })?;
    if let Some((other, _)) = given.next() {
        return Err(ConfigError::invalid(
            path,
            format!(
                "the '{}' and '{}' are mutually exclusive",
                other.name(),
                identifier_type.name()
            ),
        ));
    }
    let id_path = format!("{path}.{}", identifier_type.name());
    let identifier = dhcp4::decode_text_or_hex(text)
        .ok()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| {
            ConfigError::invalid(&id_path, format!("invalid host identifier value '{text}'"))
        })?;
    let max = if identifier_type == IdentifierType::HwAddress {
        MAX_HWADDR_LEN
    } else {
        255
    };
    if identifier.len() > max {
        return Err(ConfigError::invalid(
            &id_path,
            format!("identifier '{text}' is longer than {max} bytes"),
        ));
    }
    let ip_address = match &r.ip_address {
        None => None,
        Some(text) => {
            let a_path = format!("{path}.ip-address");
            let a = parse_ipv4(text, &a_path)?;
            if a.is_unspecified() || a.is_broadcast() {
                return Err(ConfigError::invalid(
                    a_path,
                    format!("must not make reservation for the '{a}' address"),
                ));
            }
            if let Some(net) = subnet {
                if !net.contains(&a) {
                    return Err(ConfigError::invalid(
                        a_path,
                        format!(
                            "specified reservation '{a}' is not within the IPv4 subnet '{net}'"
                        ),
                    ));
                }
            }
            Some(a)
        }
    };
    let (next_server, server_hostname, boot_file_name) = boot_fields(
        path,
        r.next_server.as_deref(),
        r.server_hostname.as_deref(),
        r.boot_file_name.as_deref(),
    )?;
    Ok(Reservation4 {
        identifier_type,
        identifier,
        ip_address,
        hostname: r.hostname.clone().filter(|h| !h.is_empty()),
        options: options::parse_list(&r.option_data, &format!("{path}.option-data"))?,
        next_server,
        server_hostname,
        boot_file_name,
    })
}
