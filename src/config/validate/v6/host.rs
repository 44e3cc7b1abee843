//! DHCPv6 host reservations: identifier decoding, addresses and prefixes,
//! per-scope uniqueness.

use std::collections::HashSet;
use std::net::Ipv6Addr;

use ipnet::Ipv6Net;

use super::options;
use crate::config::error::ConfigError;
use crate::config::model::IdentifierType;
use crate::config::model6::Reservation6;
use crate::config::wire::v6 as wire;
use crate::options::dhcp4::decode_text_or_hex;

/// Longest hardware address Kea accepts (`HWAddr::MAX_HWADDR_LEN`).
const MAX_HWADDR_LEN: usize = 20;
/// Longest DUID (RFC 8415: 128 bytes plus the type).
const MAX_DUID_LEN: usize = 130;

/// Parses the reservations of one scope (a subnet, or global when `subnet` is
/// `None`), checking identifiers, addresses and prefixes are unique in it.
pub fn parse_list(
    list: &[wire::Reservation6],
    path: &str,
    subnet: Option<&Ipv6Net>,
) -> Result<Vec<Reservation6>, ConfigError> {
    let mut ids: HashSet<(IdentifierType, Vec<u8>)> = HashSet::new();
    let mut addresses: HashSet<Ipv6Addr> = HashSet::new();
    let mut prefixes: HashSet<Ipv6Net> = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let host = parse_one(r, &path, subnet)?;
        if !ids.insert((host.identifier_type, host.identifier.clone())) {
            return Err(ConfigError::invalid(
                format!("{path}.{}", host.identifier_type.name()),
                format!(
                    "duplicate host reservation: this {} is already reserved in the same scope",
                    host.identifier_type.name()
                ),
            ));
        }
        for a in &host.ip_addresses {
            if !addresses.insert(*a) {
                return Err(ConfigError::invalid(
                    format!("{path}.ip-addresses"),
                    format!("duplicate host reservation: the address {a} is already reserved for another host in the same scope"),
                ));
            }
        }
        for p in &host.prefixes {
            if !prefixes.insert(*p) {
                return Err(ConfigError::invalid(
                    format!("{path}.prefixes"),
                    format!("duplicate host reservation: the prefix {p} is already reserved for another host in the same scope"),
                ));
            }
        }
        out.push(host);
    }
    Ok(out)
}

fn parse_one(
    r: &wire::Reservation6,
    path: &str,
    subnet: Option<&Ipv6Net>,
) -> Result<Reservation6, ConfigError> {
    let given: Vec<(IdentifierType, &String)> = [
        (IdentifierType::Duid, &r.duid),
        (IdentifierType::HwAddress, &r.hw_address),
        (IdentifierType::FlexId, &r.flex_id),
    ]
    .into_iter()
    .filter_map(|(t, v)| v.as_ref().map(|v| (t, v)))
    .collect();
    let (identifier_type, text) = match given.as_slice() {
        [one] => *one,
        [] => {
            return Err(ConfigError::invalid(
                path,
                "one of the supported identifiers must be specified for host reservation: hw-address, duid, flex-id",
            ))
        }
        _ => {
            return Err(ConfigError::invalid(
                path,
                "the following parameters are mutually exclusive: hw-address, duid, flex-id",
            ))
        }
    };
    let id_path = format!("{path}.{}", identifier_type.name());
    let identifier =
        decode_text_or_hex(text).map_err(|e| ConfigError::invalid(&id_path, e.to_string()))?;
    let max = match identifier_type {
        IdentifierType::HwAddress => MAX_HWADDR_LEN,
        _ => MAX_DUID_LEN,
    };
    if identifier.is_empty() || identifier.len() > max {
        return Err(ConfigError::invalid(
            &id_path,
            format!(
                "the {} '{text}' must be 1 to {max} bytes long",
                identifier_type.name()
            ),
        ));
    }
    if r.client_classes.as_ref().is_some_and(|c| !c.is_empty()) {
        return Err(ConfigError::not_supported(path, "client-classes"));
    }
    let mut ip_addresses = Vec::with_capacity(r.ip_addresses.len());
    for (k, text) in r.ip_addresses.iter().enumerate() {
        let p = format!("{path}.ip-addresses[{k}]");
        let a: Ipv6Addr = text.trim().parse().map_err(|_| {
            ConfigError::invalid(&p, format!("'{text}' is not a valid IPv6 address"))
        })?;
        if let Some(net) = subnet {
            if !net.contains(&a) {
                return Err(ConfigError::invalid(
                    &p,
                    format!("specified reservation '{a}' is not within the IPv6 subnet '{net}'"),
                ));
            }
        }
        ip_addresses.push(a);
    }
    let mut prefixes = Vec::with_capacity(r.prefixes.len());
    for (k, text) in r.prefixes.iter().enumerate() {
        let p = format!("{path}.prefixes[{k}]");
        let net = parse_prefix6(text, &p)?;
        prefixes.push(net);
    }
    let host = Reservation6 {
        identifier_type,
        identifier,
        ip_addresses,
        prefixes,
        hostname: r.hostname.clone().filter(|h| !h.is_empty()),
        options: options::parse_list(&r.option_data, &format!("{path}.option-data"))?,
    };
    if host.ip_addresses.is_empty()
        && host.prefixes.is_empty()
        && host.hostname.is_none()
        && host.options.is_empty()
    {
        return Err(ConfigError::invalid(
            path,
            format!(
                "specified reservation for {} {text} must include at least one resource, i.e. hostname, IPv6 address/prefix, options",
                identifier_type.name()
            ),
        ));
    }
    Ok(host)
}

/// `"2001:db8::/48"` (host bits must be zero, like Kea's prefix reservations).
pub fn parse_prefix6(text: &str, path: &str) -> Result<Ipv6Net, ConfigError> {
    let Some((addr, len)) = text.split_once('/') else {
        return Err(ConfigError::invalid(
            path,
            format!("prefix '{text}' is not in the 'prefix/len' format"),
        ));
    };
    let addr: Ipv6Addr = addr
        .trim()
        .parse()
        .map_err(|_| ConfigError::invalid(path, format!("'{text}' is not an IPv6 prefix")))?;
    let len: u8 = len.trim().parse().map_err(|_| {
        ConfigError::invalid(path, format!("prefix length: '{len}' is not an integer"))
    })?;
    Ipv6Net::new(addr, len)
        .map_err(|_| ConfigError::invalid(path, format!("invalid prefix length {len} in '{text}'")))
}
