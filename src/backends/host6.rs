//! `Host6`: a DHCPv6 host reservation as a hosts database stores it (Kea's
//! `hosts` row with `dhcp6_subnet_id`, its `ipv6_reservations` rows and its
//! `dhcp6_options` rows of scope "host"), and its conversion to the
//! [`Reservation6`] the DHCPv6 server works with.

use std::net::Ipv6Addr;

use ipnet::Ipv6Net;

use crate::backends::host::HostOptionOf;
use crate::config::model::IdentifierType;
use crate::config::model6::{OptionData6, Reservation6};
use crate::options::encode::{encode_csv, encode_hex};
use crate::options::{Dhcp6, EncodeError, OptionSpace};

/// One DHCPv6 option of a host as stored (`dhcp6_options`, scope "host").
pub type HostOption6 = HostOptionOf<u16>;

impl HostOption6 {
    /// The encoded option, as the server puts it in a reply.
    pub fn encode(&self) -> Result<OptionData6, EncodeError> {
        let data = match self.formatted_value.as_deref().filter(|t| !t.is_empty()) {
            Some(text) => match Dhcp6::by_code(self.code) {
                Some(def) => encode_csv(def, text)?,
                None => encode_hex::<Dhcp6>(None, text)?,
            },
            None => self.value.clone(),
        };
        Ok(OptionData6 {
            code: self.code,
            data,
            always_send: self.always_send,
            vendor: None,
        })
    }
}

/// A DHCPv6 host reservation in a hosts database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host6 {
    /// The database's `host_id` (0 for a host not stored yet).
    pub host_id: u64,
    /// The IPv6 subnet the host belongs to (0: global).
    pub subnet_id: u32,
    /// Which identifier the host is matched by.
    pub identifier_type: IdentifierType,
    /// The identifier bytes.
    pub identifier: Vec<u8>,
    /// Reserved addresses (`ipv6_reservations` type 0), in storage order.
    pub ip_addresses: Vec<Ipv6Addr>,
    /// Reserved prefixes (`ipv6_reservations` type 2), in storage order.
    pub prefixes: Vec<Ipv6Net>,
    /// Reserved hostname.
    pub hostname: Option<String>,
    /// Client classes assigned to the host (`dhcp6_client_classes`).
    pub client_classes: Vec<String>,
    /// `user-context` (JSON text).
    pub user_context: Option<String>,
    /// Host options, in storage order.
    pub options: Vec<HostOption6>,
}

impl Host6 {
    /// A host with only an identifier, in `subnet_id`.
    pub fn new(subnet_id: u32, identifier_type: IdentifierType, identifier: Vec<u8>) -> Self {
        Self {
            host_id: 0,
            subnet_id,
            identifier_type,
            identifier,
            ip_addresses: Vec::new(),
            prefixes: Vec::new(),
            hostname: None,
            client_classes: Vec::new(),
            user_context: None,
            options: Vec::new(),
        }
    }

    /// The reservation the server uses; fails on an option whose stored
    /// value cannot be encoded (naming its code).
    pub fn to_reservation(&self) -> Result<Reservation6, (u16, EncodeError)> {
        let options = self
            .options
            .iter()
            .filter(|o| o.space == "dhcp6")
            .map(|o| o.encode().map_err(|e| (o.code, e)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Reservation6 {
            identifier_type: self.identifier_type,
            identifier: self.identifier.clone(),
            ip_addresses: self.ip_addresses.clone(),
            prefixes: self.prefixes.clone(),
            hostname: self.hostname.clone(),
            options,
            client_classes: self.client_classes.clone(),
        })
    }

    /// True when the host reserves `a` as an address or as a prefix's
    /// first address (Kea's `get6(subnet_id, address)` match).
    pub fn reserves(&self, a: Ipv6Addr) -> bool {
        self.ip_addresses.contains(&a) || self.prefixes.iter().any(|p| p.network() == a)
    }
}
