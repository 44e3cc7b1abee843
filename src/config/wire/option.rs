//! `option-data` entries of any option space (`dhcp4` in `Dhcp4`, `dhcp6` in
//! `Dhcp6`: the space's name is the default of `space`).

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::options::OptionSpace;

/// One `option-data` entry, by `name` and/or `code`, of the map of space `S`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", bound = "")]
pub struct OptionData<S: OptionSpace> {
    /// Option name (standard definitions).
    pub name: Option<String>,
    /// Option code (1..254 in `dhcp4`, 1..65535 in `dhcp6`).
    pub code: Option<u32>,
    /// Value text: CSV fields or hex, depending on `csv-format`.
    #[serde(default)]
    pub data: String,
    /// Option space.
    #[serde(default = "space_name::<S>")]
    pub space: String,
    /// CSV (typed) text versus hex; unset means CSV when a definition exists.
    pub csv_format: Option<bool>,
    /// Send even when not requested.
    #[serde(default)]
    pub always_send: bool,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
    /// The space of the map this entry is in.
    #[serde(skip)]
    pub in_space: PhantomData<S>,
}

/// `space` when absent: the space of the map's server (`dhcp4`, `dhcp6`).
pub(super) fn space_name<S: OptionSpace>() -> String {
    S::NAME.to_string()
}
