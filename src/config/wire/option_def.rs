//! `option-def` entries (Kea 2.2's keys): custom option definitions, in the
//! family's space or in a space of their own.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::option::space_name;
use crate::options::OptionSpace;

/// One `option-def` entry of the map of space `S`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", bound = "")]
pub struct OptionDefinition<S: OptionSpace> {
    /// Option name (required).
    #[serde(default)]
    pub name: String,
    /// Option code (required).
    pub code: Option<u32>,
    /// Data type name (`uint8`, `record`, ...; required).
    #[serde(rename = "type", default)]
    pub data_type: String,
    /// A list of values of the type (or of the last record field).
    #[serde(default)]
    pub array: bool,
    /// Comma-separated field types of a `record`.
    #[serde(default)]
    pub record_types: String,
    /// Option space the definition belongs to.
    #[serde(default = "space_name::<S>")]
    pub space: String,
    /// Option space of the sub-options it carries ("" for none).
    #[serde(default)]
    pub encapsulate: String,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
    /// The space of the map this entry is in.
    #[serde(skip)]
    pub in_space: PhantomData<S>,
}
