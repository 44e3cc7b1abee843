//! Reading command arguments with the texts of Kea's `SimpleParser`
//! (`missing parameter 'x'`, `invalid type specified for parameter 'x'`, ...).
//!
//! Kea appends the element's position in the command (`(<wire>:0:40)`); ruru's
//! JSON values carry no positions, so that suffix is left out.

use serde_json::{Map, Value};

/// An argument was missing, of the wrong type or out of range; the text is
/// Kea's and goes into a result-1 response unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadArgument(pub String);

impl BadArgument {
    /// A `BadArgument` with `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
}

/// Kea's text when a handler looks a key up in arguments that are not a map.
pub const NOT_A_MAP: &str = "get(string) called on a non-map Element";

/// The arguments as a map, or Kea's "non-map Element" error.
pub fn as_map(args: &Value) -> Result<&Map<String, Value>, BadArgument> {
    args.as_object().ok_or_else(|| BadArgument::new(NOT_A_MAP))
}

fn required<'a>(map: &'a Map<String, Value>, name: &str) -> Result<&'a Value, BadArgument> {
    map.get(name)
        .ok_or_else(|| BadArgument(format!("missing parameter '{name}'")))
}

fn invalid_type(name: &str) -> BadArgument {
    BadArgument(format!("invalid type specified for parameter '{name}'"))
}

/// A mandatory string parameter.
pub fn get_string<'a>(map: &'a Map<String, Value>, name: &str) -> Result<&'a str, BadArgument> {
    required(map, name)?
        .as_str()
        .ok_or_else(|| invalid_type(name))
}

/// A mandatory integer parameter (any 64-bit signed value).
pub fn get_integer(map: &Map<String, Value>, name: &str) -> Result<i64, BadArgument> {
    required(map, name)?
        .as_i64()
        .ok_or_else(|| invalid_type(name))
}

/// A mandatory integer parameter that must fit `T` (Kea's `getUint32`, `getUint8`).
pub fn get_ranged<T: TryFrom<i64>>(map: &Map<String, Value>, name: &str) -> Result<T, BadArgument> {
    let v = get_integer(map, name)?;
    T::try_from(v).map_err(|_| {
        BadArgument(format!(
            "out of range value ({v}) specified for parameter '{name}'"
        ))
    })
}

/// A mandatory boolean parameter.
pub fn get_bool(map: &Map<String, Value>, name: &str) -> Result<bool, BadArgument> {
    required(map, name)?
        .as_bool()
        .ok_or_else(|| invalid_type(name))
}

impl From<BadArgument> for super::protocol::Response {
    fn from(e: BadArgument) -> Self {
        Self::error(e.0)
    }
}
