//! `server-id`: the server DUID's type, parts and persistence.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::defaults;

/// Kea's `server-id` map.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ServerId {
    /// `LLT`, `EN` or `LL`.
    #[serde(rename = "type", default = "defaults::server_id_type")]
    pub duid_type: String,
    /// Hex identifier (link-layer address, or EN identifier).
    #[serde(default)]
    pub identifier: String,
    /// LLT time (0 = now).
    #[serde(default)]
    pub time: u32,
    /// Hardware type (0 = from the interface).
    #[serde(default)]
    pub htype: u16,
    /// EN enterprise number.
    #[serde(default = "defaults::enterprise_id")]
    pub enterprise_id: u32,
    /// Store the DUID in the data directory.
    #[serde(default = "defaults::yes")]
    pub persist: bool,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

impl Default for ServerId {
    fn default() -> Self {
        Self {
            duid_type: defaults::server_id_type(),
            identifier: String::new(),
            time: 0,
            htype: 0,
            enterprise_id: defaults::enterprise_id(),
            persist: true,
            user_context: None,
            comment: None,
        }
    }
}
