//! Host reservation maps (`reservations` entries of `Dhcp4` and `Dhcp6`).

use serde_json::{Map, Value};

use super::OptionData;
use crate::options::{Dhcp4, Dhcp6};

kea_map! {
/// One v4 host reservation: exactly one identifier plus what is reserved.
pub struct Reservation4 {
    /// Client identifier (hex or `'text'`).
    pub client_id: Option<String>,
    /// Relay agent circuit-id (hex or `'text'`).
    pub circuit_id: Option<String>,
    /// Reserved address.
    pub ip_address: Option<String>,
    /// Host options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData<Dhcp4>>,
    /// siaddr for the host.
    pub next_server: Option<String>,
    /// sname for the host.
    pub server_hostname: Option<String>,
    /// file for the host.
    pub boot_file_name: Option<String>,
} + reservation_fields
}

kea_map! {
/// One v6 host reservation: exactly one identifier plus what is reserved.
pub struct Reservation6 {
    /// Reserved addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_addresses: Vec<String>,
    /// Reserved prefixes (`2001:db8:1::/48`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<String>,
    /// Host options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData<Dhcp6>>,
} + reservation_fields
}
