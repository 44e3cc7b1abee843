//! DHCPv6 host reservation map (`reservations` entries of `Dhcp6`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::OptionData6;

/// One v6 host reservation: exactly one identifier plus what is reserved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Reservation6 {
    /// DUID (hex or `'text'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duid: Option<String>,
    /// MAC address (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hw_address: Option<String>,
    /// Flexible identifier (hex or `'text'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flex_id: Option<String>,
    /// Reserved addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_addresses: Vec<String>,
    /// Reserved prefixes (`2001:db8:1::/48`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<String>,
    /// Reserved hostname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Host options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData6>,
    /// Host classes (only an empty list for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_classes: Option<Vec<String>>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
