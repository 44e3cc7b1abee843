//! What only `Dhcp4` has: BOOTP fields (`next-server`, `server-hostname`,
//! `boot-file-name`), `authoritative` and `match-client-id` inherited per
//! network, and the DHCPv4 subnet model.

use std::net::Ipv4Addr;

use super::family::{wire_access, Family, Members, NetworkView, Options, SubnetView, WirePool};
use super::host;
use super::network::{global_level, resolved_subnet, GlobalLevel, SubnetParts};
use crate::config::client_class::{Boot4, ClassGuard};
use crate::config::error::ConfigError;
use crate::config::model::{Pool4, Reservation4, Subnet4};
use crate::config::wire::{self, NetworkParams};
use crate::expression::Universe;
use crate::options::Dhcp4;

type Result<T> = std::result::Result<T, ConfigError>;

/// Longest `sname` text (64-byte field with its terminating zero).
const MAX_SNAME_LEN: usize = 63;
/// Longest `file` text (128-byte field with its terminating zero).
const MAX_FILE_LEN: usize = 127;

/// The DHCPv4 family.
#[derive(Debug, Clone, Copy)]
pub struct V4;

/// What a DHCPv4 subnet inherits besides the common values.
#[derive(Debug, Clone)]
pub struct Extra4 {
    authoritative: bool,
    match_client_id: bool,
    next_server: Ipv4Addr,
    server_hostname: String,
    boot_file_name: String,
}

impl Family for V4 {
    const UNIVERSE: Universe = Universe::V4;
    type WireClass = wire::ClientClass4;
    type ClassOwn = Boot4;

    fn class_defs(c: &wire::ClientClass4) -> &[wire::OptionDefinition<Dhcp4>] {
        c.option_def.as_deref().unwrap_or_default()
    }

    /// A class's boot fields: `next-server` an IPv4 address other than the
    /// broadcast one (`0.0.0.0` and "" mean unset).
    fn class_own(c: &wire::ClientClass4, path: &str) -> Result<Boot4> {
        let (next, sname, file) = boot_fields(
            path,
            c.next_server.as_deref(),
            c.server_hostname.as_deref(),
            c.boot_file_name.as_deref(),
        )?;
        if next.is_some_and(|a| a.is_broadcast()) {
            return Err(ConfigError::invalid(
                format!("{path}.next-server"),
                "next-server must not be a broadcast address",
            ));
        }
        Ok(Boot4 {
            next_server: next.filter(|a| !a.is_unspecified()),
            server_hostname: sname.filter(|s| !s.is_empty()),
            boot_file_name: file.filter(|s| !s.is_empty()),
        })
    }

    wire_access! {
        root: "Dhcp4", addr: Ipv4Addr, space: Dhcp4, extra: Extra4, list: subnet4, pool: Pool4 "V4",
        wire: wire::Dhcp4, network: wire::SharedNetwork4, subnet: wire::Subnet4 => Subnet4, reservations: host::parse_list4 => Reservation4
    }

    fn network_name_missing() -> String {
        "shared-network is missing mandatory 'name' parameter".to_string()
    }
    fn network_name_twice(name: &str) -> String {
        format!("A shared-network with name {name} defined twice.")
    }

    fn global_extra(d: &wire::Dhcp4) -> Result<Extra4> {
        let (next_server, server_hostname, boot_file_name) = boot_fields(
            Self::ROOT,
            Some(&d.next_server),
            Some(&d.server_hostname),
            Some(&d.boot_file_name),
        )?;
        Ok(Extra4 {
            authoritative: d.authoritative,
            match_client_id: d.match_client_id,
            next_server: next_server.unwrap_or(Ipv4Addr::UNSPECIFIED),
            server_hostname: server_hostname.unwrap_or_default(),
            boot_file_name: boot_file_name.unwrap_or_default(),
        })
    }
    fn overlay_extra(e: &mut Extra4, p: &NetworkParams, path: &str) -> Result<()> {
        let (next_server, server_hostname, boot_file_name) = boot_fields(
            path,
            p.next_server.as_deref(),
            p.server_hostname.as_deref(),
            p.boot_file_name.as_deref(),
        )?;
        e.authoritative = p.authoritative.unwrap_or(e.authoritative);
        e.match_client_id = p.match_client_id.unwrap_or(e.match_client_id);
        e.next_server = next_server.unwrap_or(e.next_server);
        if let Some(s) = server_hostname {
            e.server_hostname = s;
        }
        if let Some(f) = boot_file_name {
            e.boot_file_name = f;
        }
        Ok(())
    }
    fn check_extra(_: &Extra4, _: &str) -> Result<()> {
        Ok(())
    }

    fn build_subnet(s: SubnetParts<'_, V4>) -> Result<Subnet4> {
        let e = &s.inherited.extra;
        Ok(resolved_subnet!(Subnet4 {
            s,
            authoritative: e.authoritative,
            match_client_id: e.match_client_id,
            next_server: e.next_server,
            server_hostname: e.server_hostname.clone(),
            boot_file_name: e.boot_file_name.clone(),
        }))
    }
    /// Every subnet has the network's `authoritative` setting.
    fn check_members(m: Members<'_, V4>) -> Result<()> {
        let net_auth = m.network.authoritative.unwrap_or(m.root.authoritative);
        for (j, s) in m.subnets.iter().enumerate() {
            if s.authoritative != net_auth {
                return Err(ConfigError::invalid(
                    (m.path_of)(j),
                    format!(
                        "Subnet {} has different authoritative setting {} than the shared-network itself: {net_auth}",
                        s.prefix, s.authoritative
                    ),
                ));
            }
        }
        Ok(())
    }
}

type BootFields = (Option<Ipv4Addr>, Option<String>, Option<String>);

/// `next-server`, `server-hostname` and `boot-file-name` of the map at `path`,
/// checked like Kea (IPv4 address; fits the BOOTP `sname` / `file` fields).
pub fn boot_fields(
    path: &str,
    next_server: Option<&str>,
    server_hostname: Option<&str>,
    boot_file_name: Option<&str>,
) -> Result<BootFields> {
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
