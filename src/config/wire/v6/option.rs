//! `option-data` entries of `Dhcp6` (the `dhcp6` space by default).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::defaults;

/// One `option-data` entry, by `name` and/or `code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OptionData6 {
    /// Option name (standard definitions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Option code (1..65535 in the dhcp6 space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    /// Value text: CSV fields or hex, depending on `csv-format`.
    #[serde(default)]
    pub data: String,
    /// Option space.
    #[serde(default = "defaults::dhcp6_space")]
    pub space: String,
    /// CSV (typed) text versus hex; unset means CSV when a definition exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv_format: Option<bool>,
    /// Send even when not requested.
    #[serde(default)]
    pub always_send: bool,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
