//! Host reservation map (`reservations` entries).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::OptionData;

/// One v4 host reservation: exactly one identifier plus what is reserved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Reservation4 {
    /// DUID (hex or `'text'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duid: Option<String>,
    /// MAC address (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hw_address: Option<String>,
    /// Client identifier (hex or `'text'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Relay agent circuit-id (hex or `'text'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuit_id: Option<String>,
    /// Flexible identifier (hex or `'text'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flex_id: Option<String>,
    /// Reserved address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Reserved hostname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Host options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData>,
    /// Host classes (only an empty list for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_classes: Option<Vec<String>>,
    /// siaddr for the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_server: Option<String>,
    /// sname for the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_hostname: Option<String>,
    /// file for the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot_file_name: Option<String>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
