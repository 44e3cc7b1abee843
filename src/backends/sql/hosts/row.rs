//! Backend-neutral host and option rows (every integer widened to `i64`) and
//! their conversion to and from [`Host4`], shared by both SQL servers; the
//! option rows and the key checks serve both families.

use std::net::Ipv4Addr;

use crate::backends::host::HostOptionOf;
use crate::backends::host::{identifier_code, identifier_from_code, Host4, HostOption};
use crate::config::model::{IdentifierType, SqlKind};

use super::HostDbError;

/// The `hosts` columns ruru reads and writes.
#[derive(Debug, Clone)]
pub struct HostCols {
    /// host_id.
    pub host_id: i64,
    /// dhcp_identifier.
    pub identifier: Vec<u8>,
    /// dhcp_identifier_type.
    pub identifier_type: i64,
    /// dhcp4_subnet_id.
    pub subnet_id: Option<i64>,
    /// ipv4_address.
    pub ipv4_address: Option<i64>,
    /// hostname.
    pub hostname: Option<String>,
    /// dhcp4_client_classes.
    pub client_classes: Option<String>,
    /// dhcp4_next_server.
    pub next_server: Option<i64>,
    /// dhcp4_server_hostname.
    pub server_hostname: Option<String>,
    /// dhcp4_boot_file_name.
    pub boot_file_name: Option<String>,
    /// user_context.
    pub user_context: Option<String>,
}

/// The `dhcp4_options` columns ruru reads and writes for a host option.
#[derive(Debug, Clone)]
pub struct OptionCols {
    /// host_id.
    pub host_id: i64,
    /// code.
    pub code: i64,
    /// value.
    pub value: Option<Vec<u8>>,
    /// formatted_value.
    pub formatted_value: Option<String>,
    /// space.
    pub space: Option<String>,
    /// persistent.
    pub persistent: bool,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

fn address(
    kind: SqlKind,
    host_id: i64,
    v: Option<i64>,
    what: &str,
) -> Result<Option<Ipv4Addr>, HostDbError> {
    match v {
        None | Some(0) => Ok(None),
        Some(n) => u32::try_from(n)
            .map(|n| Some(Ipv4Addr::from(n)))
            .map_err(|_| HostDbError::BadRow {
                backend: kind,
                host_id,
                reason: format!("{what} {n} out of range"),
            }),
    }
}

impl HostCols {
    /// The row for `h` (host_id as stored in `h`).
    pub fn from_host(h: &Host4) -> Self {
        Self {
            host_id: i64::try_from(h.host_id).unwrap_or(0),
            identifier: h.identifier.clone(),
            identifier_type: i64::from(identifier_code(h.identifier_type)),
            subnet_id: Some(i64::from(h.subnet_id)),
            ipv4_address: h.ip_address.map(|a| i64::from(u32::from(a))),
            hostname: h.hostname.clone(),
            client_classes: h.client_classes_text(),
            next_server: h.next_server.map(|a| i64::from(u32::from(a))),
            server_hostname: h.server_hostname.clone(),
            boot_file_name: h.boot_file_name.clone(),
            user_context: h.user_context.clone(),
        }
    }

    /// The host, with `options` (those of this host, in storage order).
    pub fn into_host(self, kind: SqlKind, options: Vec<HostOption>) -> Result<Host4, HostDbError> {
        let id = self.host_id;
        let key = StoredKey::check(
            kind,
            id,
            self.identifier_type,
            self.subnet_id,
            "dhcp4_subnet_id",
        )?;
        Ok(Host4 {
            host_id: key.host_id,
            subnet_id: key.subnet_id,
            identifier_type: key.identifier_type,
            identifier: self.identifier,
            ip_address: address(kind, id, self.ipv4_address, "ipv4_address")?,
            hostname: non_empty(self.hostname),
            client_classes: Host4::parse_client_classes(self.client_classes.as_deref()),
            next_server: address(kind, id, self.next_server, "dhcp4_next_server")?,
            server_hostname: non_empty(self.server_hostname),
            boot_file_name: non_empty(self.boot_file_name),
            user_context: non_empty(self.user_context),
            options,
        })
    }
}

impl OptionCols {
    /// The rows for `options` (a host's, either family), for host `host_id`.
    pub fn from_options<C: Copy + Into<i64>>(
        options: &[HostOptionOf<C>],
        host_id: i64,
    ) -> Vec<Self> {
        options
            .iter()
            .map(|o| Self {
                host_id,
                code: o.code.into(),
                value: (!o.value.is_empty()).then(|| o.value.clone()),
                formatted_value: o.formatted_value.clone(),
                space: Some(o.space.clone()),
                persistent: o.always_send,
            })
            .collect()
    }

    /// The option this row stores (`default_space` when the row names
    /// none); `None` when the code does not fit the family's width.
    pub fn into_option<C: TryFrom<i64>>(self, default_space: &str) -> Option<HostOptionOf<C>> {
        Some(HostOptionOf {
            code: C::try_from(self.code).ok()?,
            space: self.space.unwrap_or_else(|| default_space.into()),
            formatted_value: non_empty(self.formatted_value),
            value: self.value.unwrap_or_default(),
            always_send: self.persistent,
        })
    }
}

/// The key columns of a host row, checked alike for both families.
#[derive(Debug, Clone, Copy)]
pub struct StoredKey {
    /// host_id (never negative).
    pub host_id: u64,
    /// dhcp_identifier_type, known to Kea.
    pub identifier_type: IdentifierType,
    /// The family's subnet id (0: global).
    pub subnet_id: u32,
}

impl StoredKey {
    /// Checks a row's `host_id`, identifier type and subnet id (the family's
    /// column `subnet_col`, named in the error).
    pub fn check(
        kind: SqlKind,
        host_id: i64,
        identifier_type: i64,
        subnet_id: Option<i64>,
        subnet_col: &str,
    ) -> Result<Self, HostDbError> {
        let bad = bad_row(kind, host_id);
        let identifier_type = identifier_from_code(identifier_type)
            .ok_or_else(|| bad(format!("unknown identifier type {identifier_type}")))?;
        let subnet_id = u32::try_from(subnet_id.unwrap_or(0))
            .map_err(|_| bad(format!("{subnet_col} out of range")))?;
        let host_id = u64::try_from(host_id).map_err(|_| bad("negative host_id".into()))?;
        Ok(Self {
            host_id,
            identifier_type,
            subnet_id,
        })
    }
}

/// The error for a bad row of host `host_id`, with why.
pub fn bad_row(kind: SqlKind, host_id: i64) -> impl Fn(String) -> HostDbError {
    move |reason| HostDbError::BadRow {
        backend: kind,
        host_id,
        reason,
    }
}

/// The options among `options` that belong to host `host_id` (storage order).
pub fn options_of<C: TryFrom<i64>>(
    options: &[OptionCols],
    host_id: i64,
    default_space: &str,
) -> Vec<HostOptionOf<C>> {
    options
        .iter()
        .filter(|o| o.host_id == host_id)
        .cloned()
        .filter_map(|o| o.into_option(default_space))
        .collect()
}

/// Hosts from their rows and the option rows of those hosts (any order).
pub fn assemble(
    kind: SqlKind,
    hosts: Vec<HostCols>,
    options: Vec<OptionCols>,
) -> Result<Vec<Host4>, HostDbError> {
    let mut out = Vec::with_capacity(hosts.len());
    for h in hosts {
        let mine = options_of(&options, h.host_id, "dhcp4");
        out.push(h.into_host(kind, mine)?);
    }
    Ok(out)
}
