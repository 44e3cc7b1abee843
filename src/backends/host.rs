//! `Host4`: a DHCPv4 host reservation as a hosts database stores it (Kea's
//! `hosts` row plus its `dhcp4_options` rows of scope "host"), and its
//! conversion to the [`Reservation4`] the allocation engine works with.

use std::net::Ipv4Addr;

use crate::config::model::{IdentifierType, OptionData, Reservation4};
use crate::options::encode::{decode_text_or_hex, encode_csv};
use crate::options::{Dhcp4, EncodeError, OptionSpace};

/// Kea's `host_identifier_type` number for `t`.
pub fn identifier_code(t: IdentifierType) -> u8 {
    match t {
        IdentifierType::HwAddress => 0,
        IdentifierType::Duid => 1,
        IdentifierType::CircuitId => 2,
        IdentifierType::ClientId => 3,
        IdentifierType::FlexId => 4,
    }
}

/// The identifier type Kea numbers `code`, if any.
pub fn identifier_from_code(code: i64) -> Option<IdentifierType> {
    Some(match code {
        0 => IdentifierType::HwAddress,
        1 => IdentifierType::Duid,
        2 => IdentifierType::CircuitId,
        3 => IdentifierType::ClientId,
        4 => IdentifierType::FlexId,
        _ => return None,
    })
}

/// One option of a host as stored (`dhcp4_options` / `dhcp6_options`, scope
/// "host"): either the text the operator gave (`formatted_value`, CSV per the
/// option definition) or the raw payload (`value`), as Kea stores it. `C` is
/// the family's option code (`u8`, `u16`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostOptionOf<C> {
    /// Option code.
    pub code: C,
    /// Option space (`dhcp4`, `dhcp6`, …).
    pub space: String,
    /// The CSV text (`csv-format: true`), when given that way.
    pub formatted_value: Option<String>,
    /// The payload, when given as hex (or empty).
    pub value: Vec<u8>,
    /// `always-send` (Kea's `persistent` column).
    pub always_send: bool,
}

/// A DHCPv4 host option (`dhcp4_options`).
pub type HostOption = HostOptionOf<u8>;

impl HostOption {
    /// The encoded option, as the engine puts it in a reply.
    pub fn encode(&self) -> Result<OptionData, EncodeError> {
        let data = match self.formatted_value.as_deref().filter(|t| !t.is_empty()) {
            Some(text) => match Dhcp4::by_code(self.code) {
                Some(def) => encode_csv(def, text)?,
                None => decode_text_or_hex(text)?,
            },
            None => self.value.clone(),
        };
        Ok(OptionData {
            code: self.code,
            data,
            always_send: self.always_send,
            vendor: None,
        })
    }
}

/// A DHCPv4 host reservation in a hosts database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host4 {
    /// The database's `host_id` (0 for a host not stored yet).
    pub host_id: u64,
    /// The subnet the host belongs to (0: global).
    pub subnet_id: u32,
    /// Which identifier the host is matched by.
    pub identifier_type: IdentifierType,
    /// The identifier bytes.
    pub identifier: Vec<u8>,
    /// Reserved address.
    pub ip_address: Option<Ipv4Addr>,
    /// Reserved hostname.
    pub hostname: Option<String>,
    /// Client classes assigned to the host.
    pub client_classes: Vec<String>,
    /// `next-server` (siaddr).
    pub next_server: Option<Ipv4Addr>,
    /// `server-hostname` (sname).
    pub server_hostname: Option<String>,
    /// `boot-file-name` (file).
    pub boot_file_name: Option<String>,
    /// `user-context` (JSON text).
    pub user_context: Option<String>,
    /// Host options, in storage order.
    pub options: Vec<HostOption>,
}

impl Host4 {
    /// The reservation the engine uses; fails on an option whose stored value
    /// cannot be encoded (naming its code).
    pub fn to_reservation(&self) -> Result<Reservation4, (u8, EncodeError)> {
        let options = self
            .options
            .iter()
            .filter(|o| o.space == "dhcp4")
            .map(|o| o.encode().map_err(|e| (o.code, e)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Reservation4 {
            identifier_type: self.identifier_type,
            identifier: self.identifier.clone(),
            ip_address: self.ip_address,
            hostname: self.hostname.clone(),
            options,
            next_server: self.next_server,
            server_hostname: self.server_hostname.clone(),
            boot_file_name: self.boot_file_name.clone(),
            client_classes: self.client_classes.clone(),
        })
    }

    /// The client classes as Kea stores them (comma separated), `None` if none.
    pub fn client_classes_text(&self) -> Option<String> {
        (!self.client_classes.is_empty()).then(|| self.client_classes.join(","))
    }

    /// Parses Kea's comma-separated client class column.
    pub fn parse_client_classes(text: Option<&str>) -> Vec<String> {
        text.unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    }
}
