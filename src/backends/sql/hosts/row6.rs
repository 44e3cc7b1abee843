//! Backend-neutral DHCPv6 host rows (every integer widened to `i64`): the
//! `hosts` columns a DHCPv6 host uses, its `ipv6_reservations` rows and its
//! `dhcp6_options` rows, and their conversion to and from [`Host6`], shared
//! by both SQL servers.

use std::net::Ipv6Addr;

use ipnet::Ipv6Net;

use crate::backends::host::{identifier_code, Host4};
use crate::backends::host6::{Host6, HostOption6};
use crate::config::model::SqlKind;

use super::row::{bad_row, options_of, OptionCols, StoredKey};
use super::HostDbError;

/// `ipv6_reservations.type` of an address (IA_NA).
pub const RESV_ADDRESS: i64 = 0;
/// `ipv6_reservations.type` of a prefix (IA_PD).
pub const RESV_PREFIX: i64 = 2;

/// The `hosts` columns of a DHCPv6 host.
#[derive(Debug, Clone)]
pub struct Host6Cols {
    /// host_id.
    pub host_id: i64,
    /// dhcp_identifier.
    pub identifier: Vec<u8>,
    /// dhcp_identifier_type.
    pub identifier_type: i64,
    /// dhcp6_subnet_id.
    pub subnet_id: Option<i64>,
    /// hostname.
    pub hostname: Option<String>,
    /// dhcp6_client_classes.
    pub client_classes: Option<String>,
    /// user_context.
    pub user_context: Option<String>,
}

/// One `ipv6_reservations` row.
#[derive(Debug, Clone)]
pub struct ResvCols {
    /// host_id.
    pub host_id: i64,
    /// address, as text (Kea 2.2 stores the canonical text form).
    pub address: String,
    /// prefix_len (128 for an address).
    pub prefix_len: i64,
    /// type: 0 address, 2 prefix.
    pub kind: i64,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

impl Host6Cols {
    /// The row for `h` (host_id as stored in `h`).
    pub fn from_host(h: &Host6) -> Self {
        Self {
            host_id: i64::try_from(h.host_id).unwrap_or(0),
            identifier: h.identifier.clone(),
            identifier_type: i64::from(identifier_code(h.identifier_type)),
            subnet_id: Some(i64::from(h.subnet_id)),
            hostname: h.hostname.clone(),
            client_classes: (!h.client_classes.is_empty()).then(|| h.client_classes.join(",")),
            user_context: h.user_context.clone(),
        }
    }

    fn into_host(
        self,
        kind: SqlKind,
        resvs: Vec<ResvCols>,
        options: Vec<HostOption6>,
    ) -> Result<Host6, HostDbError> {
        let key = StoredKey::check(
            kind,
            self.host_id,
            self.identifier_type,
            self.subnet_id,
            "dhcp6_subnet_id",
        )?;
        let bad = bad_row(kind, self.host_id);
        let mut ip_addresses = Vec::new();
        let mut prefixes = Vec::new();
        for r in resvs {
            let a: Ipv6Addr = r
                .address
                .trim()
                .parse()
                .map_err(|_| bad(format!("'{}' is not an IPv6 address", r.address)))?;
            match r.kind {
                RESV_ADDRESS => ip_addresses.push(a),
                RESV_PREFIX => {
                    let net = u8::try_from(r.prefix_len)
                        .ok()
                        .and_then(|l| Ipv6Net::new(a, l).ok())
                        .ok_or_else(|| bad(format!("bad prefix length {}", r.prefix_len)))?;
                    prefixes.push(net);
                }
                other => {
                    return Err(bad(format!(
                        "invalid IPv6 reservation type {other}, only 0 or 2 are allowed"
                    )))
                }
            }
        }
        Ok(Host6 {
            host_id: key.host_id,
            subnet_id: key.subnet_id,
            identifier_type: key.identifier_type,
            identifier: self.identifier,
            ip_addresses,
            prefixes,
            hostname: non_empty(self.hostname),
            client_classes: Host4::parse_client_classes(self.client_classes.as_deref()),
            user_context: non_empty(self.user_context),
            options,
        })
    }
}

impl ResvCols {
    /// The rows for the addresses then prefixes of `h`, for host `host_id`.
    pub fn from_host(h: &Host6, host_id: i64) -> Vec<Self> {
        let addresses = h.ip_addresses.iter().map(|a| Self {
            host_id,
            address: a.to_string(),
            prefix_len: 128,
            kind: RESV_ADDRESS,
        });
        let prefixes = h.prefixes.iter().map(|p| Self {
            host_id,
            address: p.network().to_string(),
            prefix_len: i64::from(p.prefix_len()),
            kind: RESV_PREFIX,
        });
        addresses.chain(prefixes).collect()
    }
}

/// DHCPv6 hosts from their rows, and the reservation and option rows of
/// those hosts (each in storage order).
pub fn assemble6(
    kind: SqlKind,
    hosts: Vec<Host6Cols>,
    resvs: Vec<ResvCols>,
    options: Vec<OptionCols>,
) -> Result<Vec<Host6>, HostDbError> {
    let mut out = Vec::with_capacity(hosts.len());
    for h in hosts {
        let mine_resv = resvs
            .iter()
            .filter(|r| r.host_id == h.host_id)
            .cloned()
            .collect();
        let mine_opts = options_of(&options, h.host_id, "dhcp6");
        out.push(h.into_host(kind, mine_resv, mine_opts)?);
    }
    Ok(out)
}
