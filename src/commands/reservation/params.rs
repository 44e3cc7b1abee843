//! The arguments of the `reservation-*` commands, read with the texts of Kea's
//! host_cmds (`SimpleParser` ranges, identifier checks, `getParameters`), the
//! same for both families.

use serde_json::{Map, Value};

use crate::commands::family::Family;
use crate::commands::protocol::Response;
use crate::config::model::IdentifierType;
use crate::options::encode::decode_text_or_hex;

/// Kea's `SUBNET_ID_MAX`.
const SUBNET_ID_MAX: i64 = 4_294_967_294;

/// Kea's text for arguments that are absent or not a map.
const NOT_A_MAP: &str = "Parameters missing or are not a map.";

/// A refused argument: the result-1 response that says why.
pub(super) type Bad = Response;

/// The arguments as a map, or Kea's "Parameters missing" refusal.
pub(super) fn args_map(args: Option<&Value>) -> Result<&Map<String, Value>, Bad> {
    match args {
        Some(Value::Object(m)) => Ok(m),
        _ => Err(Response::error(NOT_A_MAP)),
    }
}

/// `SimpleParser::getInteger` with a range, in Kea's words.
pub(super) fn ranged(m: &Map<String, Value>, name: &str, min: i64, max: i64) -> Result<i64, Bad> {
    let v = m
        .get(name)
        .ok_or_else(|| Response::error(format!("missing parameter '{name}'")))?;
    let n = v
        .as_i64()
        .ok_or_else(|| Response::error(format!("invalid type specified for parameter '{name}'")))?;
    if n < min || n > max {
        return Err(Response::error(format!(
            "The '{name}' value ({n}) is not within expected range: ({min} - {max})"
        )));
    }
    Ok(n)
}

/// The mandatory `subnet-id` (0 is the global scope).
pub(super) fn subnet_id(m: &Map<String, Value>) -> Result<u32, Bad> {
    ranged(m, "subnet-id", 0, SUBNET_ID_MAX).map(|n| n as u32)
}

/// `identifier-type` and `identifier` as texts; what is missing is named after
/// `missing` (`reservation-get-by-id` words it differently).
pub(super) fn identifier_texts<'m>(
    m: &'m Map<String, Value>,
    missing: &str,
) -> Result<(&'m str, &'m str), Bad> {
    let absent = |name: &str| {
        Response::error(format!(
            "{missing}'{name}' is either missing or not a string."
        ))
    };
    let t = m
        .get("identifier-type")
        .and_then(Value::as_str)
        .ok_or_else(|| absent("identifier-type"))?;
    let ident = m
        .get("identifier")
        .and_then(Value::as_str)
        .ok_or_else(|| absent("identifier"))?;
    Ok((t, ident))
}

/// The identifier's type and value (hex such as `01:02:03`, or a quoted
/// text), the value checked first as Kea does.
pub(super) fn parse_identifier(t: &str, ident: &str) -> Result<(IdentifierType, Vec<u8>), Bad> {
    let bytes = decode_text_or_hex(ident)
        .map_err(|_| Response::error("Unable to parse 'identifier' value."))?;
    if bytes.is_empty() {
        return Err(Response::error("Unable to query for empty 'identifier'."));
    }
    let kind = IdentifierType::from_name(t)
        .ok_or_else(|| Response::error("Value of 'identifier-type' was not recognized."))?;
    Ok((kind, bytes))
}

/// Which host `reservation-get` / `reservation-del` mean (Kea's `getParameters`).
pub(super) enum Target<A> {
    /// (subnet-id, ip-address: a reserved address or a reserved prefix's start).
    Address(u32, A),
    /// (subnet-id, identifier-type, identifier).
    Identifier(u32, IdentifierType, Vec<u8>),
}

impl<A> Target<A> {
    /// The subnet the host is looked for in.
    pub(super) fn subnet_id(&self) -> u32 {
        match self {
            Self::Address(s, _) | Self::Identifier(s, _, _) => *s,
        }
    }
}

/// The host `reservation-get` / `reservation-del` arguments name.
pub(super) fn target<F: Family>(args: Option<&Value>) -> Result<Target<F::Addr>, Bad> {
    let m = args_map(args)?;
    let sid = subnet_id(m)?;
    if let Some(a) = m.get("ip-address") {
        let text = a
            .as_str()
            .ok_or_else(|| Response::error("'ip-address' is not a string."))?;
        let addr = text.parse::<F::Addr>().map_err(|_| {
            Response::error(format!(
                "Failed to convert string to address '{text}': Invalid argument"
            ))
        })?;
        return Ok(Target::Address(sid, addr));
    }
    let (t, ident) = identifier_texts(m, "No 'ip-address' provided and ")?;
    let (kind, bytes) = parse_identifier(t, ident)?;
    Ok(Target::Identifier(sid, kind, bytes))
}
