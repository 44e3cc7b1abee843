//! Host reservations of both families: identifier decoding, addresses and
//! prefixes, per-scope uniqueness.

use std::collections::HashSet;
use std::fmt::Display;
use std::hash::Hash;
use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{Ipv4Net, Ipv6Net};

use super::dhcp4::boot_fields;
use super::network::parse_addr;
use super::options;
use crate::config::error::ConfigError;
use crate::config::model::{IdentifierType, Reservation4};
use crate::config::model6::Reservation6;
use crate::config::option_defs::OptionDefs;
use crate::config::wire;
use crate::options::encode::decode_text_or_hex;
use crate::options::{Dhcp4, Dhcp6};

type Result<T> = std::result::Result<T, ConfigError>;

/// Longest hardware address Kea accepts (`HWAddr::MAX_HWADDR_LEN`).
const MAX_HWADDR_LEN: usize = 20;
/// Longest DUID (RFC 8415: 128 bytes plus the type).
const MAX_DUID_LEN: usize = 130;
/// Longest other identifier.
const MAX_IDENTIFIER_LEN: usize = 255;

/// What one scope (a subnet, or global) has reserved so far.
struct Scope<'a, N, A> {
    subnet: Option<&'a N>,
    ids: HashSet<(IdentifierType, Vec<u8>)>,
    addresses: HashSet<A>,
}

impl<'a, N: Display, A: Copy + Eq + Hash + Display> Scope<'a, N, A> {
    fn new(subnet: Option<&'a N>) -> Self {
        Self {
            subnet,
            ids: HashSet::new(),
            addresses: HashSet::new(),
        }
    }

    fn name(&self) -> String {
        match self.subnet {
            Some(net) => format!("subnet {net}"),
            None => "global scope".to_string(),
        }
    }

    /// Records the host's identifier (`text` as written) at `path`.
    fn identifier(&mut self, path: &str, t: IdentifierType, id: &[u8], text: &str) -> Result<()> {
        if !self.ids.insert((t, id.to_vec())) {
            return Err(ConfigError::invalid(
                format!("{path}.{}", t.name()),
                format!(
                    "duplicate host reservation: the {} '{text}' is already reserved in this {}",
                    t.name(),
                    self.name()
                ),
            ));
        }
        Ok(())
    }

    /// Records a reserved address (the key at `at`).
    fn address(&mut self, at: String, a: A) -> Result<()> {
        if !self.addresses.insert(a) {
            return Err(ConfigError::invalid(
                at,
                format!(
                    "duplicate host reservation: the address {a} is already reserved for another host in this {}",
                    self.name()
                ),
            ));
        }
        Ok(())
    }
}

/// The one identifier of a reservation among `candidates` (Kea's supported
/// ones for the family), decoded and length-checked.
fn identifier<'a>(
    candidates: &[(IdentifierType, &'a Option<String>)],
    path: &str,
) -> Result<(IdentifierType, &'a str, Vec<u8>)> {
    let mut given = candidates
        .iter()
        .filter_map(|(t, v)| v.as_deref().map(|v| (*t, v)));
    let Some((identifier_type, text)) = given.next() else {
        let names: Vec<&str> = candidates.iter().map(|(t, _)| t.name()).collect();
        return Err(ConfigError::invalid(
            path,
            format!(
                "one of the supported identifiers must be specified for host reservation: {}",
                names.join(", ")
            ),
        ));
    };
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
    let identifier = decode_text_or_hex(text)
        .ok()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| {
            ConfigError::invalid(&id_path, format!("invalid host identifier value '{text}'"))
        })?;
    let max = match identifier_type {
        IdentifierType::HwAddress => MAX_HWADDR_LEN,
        IdentifierType::Duid => MAX_DUID_LEN,
        _ => MAX_IDENTIFIER_LEN,
    };
    if identifier.len() > max {
        return Err(ConfigError::invalid(
            &id_path,
            format!("identifier '{text}' is longer than {max} bytes"),
        ));
    }
    Ok((identifier_type, text, identifier))
}

/// Parses the DHCPv4 reservations of one scope (a subnet, or global when
/// `subnet` is `None`), checking identifiers and addresses are unique in it.
pub fn parse_list4(
    list: &[wire::Reservation4],
    path: &str,
    subnet: Option<&Ipv4Net>,
    defs: &OptionDefs<Dhcp4>,
) -> Result<Vec<Reservation4>> {
    let mut scope = Scope::new(subnet);
    let mut out = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let (identifier_type, text, identifier) = identifier(
            &[
                (IdentifierType::HwAddress, &r.hw_address),
                (IdentifierType::Duid, &r.duid),
                (IdentifierType::CircuitId, &r.circuit_id),
                (IdentifierType::ClientId, &r.client_id),
                (IdentifierType::FlexId, &r.flex_id),
            ],
            &path,
        )?;
        let ip_address = r
            .ip_address
            .as_deref()
            .map(|text| reserved_ipv4(text, &format!("{path}.ip-address"), subnet))
            .transpose()?;
        let (next_server, server_hostname, boot_file_name) = boot_fields(
            &path,
            r.next_server.as_deref(),
            r.server_hostname.as_deref(),
            r.boot_file_name.as_deref(),
        )?;
        let host = Reservation4 {
            identifier_type,
            identifier,
            ip_address,
            hostname: r.hostname.clone().filter(|h| !h.is_empty()),
            options: options::parse_list(&r.option_data, &format!("{path}.option-data"), defs)?,
            next_server,
            server_hostname,
            boot_file_name,
            client_classes: r.client_classes.clone().unwrap_or_default(),
        };
        scope.identifier(&path, identifier_type, &host.identifier, text)?;
        if let Some(a) = host.ip_address {
            scope.address(format!("{path}.ip-address"), a)?;
        }
        out.push(host);
    }
    Ok(out)
}

/// A reserved IPv4 address: a host's (not 0.0.0.0 or broadcast), in `subnet`.
fn reserved_ipv4(text: &str, path: &str, subnet: Option<&Ipv4Net>) -> Result<Ipv4Addr> {
    let a: Ipv4Addr = parse_addr(text, path)?;
    if a.is_unspecified() || a.is_broadcast() {
        return Err(ConfigError::invalid(
            path,
            format!("must not make reservation for the '{a}' address"),
        ));
    }
    within(subnet, a, path)?;
    Ok(a)
}

/// `a` lies in `subnet` (when the scope is a subnet).
fn within<N, A>(subnet: Option<&N>, a: A, path: &str) -> Result<()>
where
    N: Display + Contains<A>,
    A: Display,
{
    match subnet {
        Some(net) if !net.holds(&a) => Err(ConfigError::invalid(
            path,
            format!(
                "specified reservation '{a}' is not within the {} subnet '{net}'",
                <N as Contains<A>>::FAMILY
            ),
        )),
        _ => Ok(()),
    }
}

/// A prefix type that holds addresses of type `A`.
trait Contains<A> {
    /// `IPv4`, `IPv6`.
    const FAMILY: &'static str;
    fn holds(&self, a: &A) -> bool;
}

impl Contains<Ipv4Addr> for Ipv4Net {
    const FAMILY: &'static str = "IPv4";
    fn holds(&self, a: &Ipv4Addr) -> bool {
        self.contains(a)
    }
}

impl Contains<Ipv6Addr> for Ipv6Net {
    const FAMILY: &'static str = "IPv6";
    fn holds(&self, a: &Ipv6Addr) -> bool {
        self.contains(a)
    }
}

/// Parses the DHCPv6 reservations of one scope (a subnet, or global when
/// `subnet` is `None`), checking identifiers, addresses and prefixes are
/// unique in it.
pub fn parse_list6(
    list: &[wire::Reservation6],
    path: &str,
    subnet: Option<&Ipv6Net>,
    defs: &OptionDefs<Dhcp6>,
) -> Result<Vec<Reservation6>> {
    let mut scope = Scope::new(subnet);
    let mut prefixes: HashSet<Ipv6Net> = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let host = parse_one6(r, &path, subnet, defs)?;
        let text = match host.identifier_type {
            IdentifierType::Duid => r.duid.as_deref(),
            IdentifierType::HwAddress => r.hw_address.as_deref(),
            _ => r.flex_id.as_deref(),
        };
        scope.identifier(
            &path,
            host.identifier_type,
            &host.identifier,
            text.unwrap_or(""),
        )?;
        for a in &host.ip_addresses {
            scope.address(format!("{path}.ip-addresses"), *a)?;
        }
        for p in &host.prefixes {
            if !prefixes.insert(*p) {
                return Err(ConfigError::invalid(
                    format!("{path}.prefixes"),
                    format!("duplicate host reservation: the prefix {p} is already reserved for another host in this {}", scope.name()),
                ));
            }
        }
        out.push(host);
    }
    Ok(out)
}

fn parse_one6(
    r: &wire::Reservation6,
    path: &str,
    subnet: Option<&Ipv6Net>,
    defs: &OptionDefs<Dhcp6>,
) -> Result<Reservation6> {
    let (identifier_type, text, identifier) = identifier(
        &[
            (IdentifierType::HwAddress, &r.hw_address),
            (IdentifierType::Duid, &r.duid),
            (IdentifierType::FlexId, &r.flex_id),
        ],
        path,
    )?;
    let mut ip_addresses = Vec::with_capacity(r.ip_addresses.len());
    for (k, text) in r.ip_addresses.iter().enumerate() {
        let p = format!("{path}.ip-addresses[{k}]");
        let a: Ipv6Addr = parse_addr(text, &p)?;
        within(subnet, a, &p)?;
        ip_addresses.push(a);
    }
    let prefixes = r
        .prefixes
        .iter()
        .enumerate()
        .map(|(k, text)| parse_prefix6(text, &format!("{path}.prefixes[{k}]")))
        .collect::<Result<Vec<_>>>()?;
    let host = Reservation6 {
        identifier_type,
        identifier,
        ip_addresses,
        prefixes,
        hostname: r.hostname.clone().filter(|h| !h.is_empty()),
        options: options::parse_list(&r.option_data, &format!("{path}.option-data"), defs)?,
        client_classes: r.client_classes.clone().unwrap_or_default(),
    };
    if host.ip_addresses.is_empty()
        && host.prefixes.is_empty()
        && host.hostname.is_none()
        && r.option_data.is_empty()
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
pub fn parse_prefix6(text: &str, path: &str) -> Result<Ipv6Net> {
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
