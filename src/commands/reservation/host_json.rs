//! A host as the `reservation-*` commands answer it: Kea's
//! `Host::toElement4`/`toElement6` plus `subnet-id`.

use serde_json::{json, Map, Value};

use super::family::ReservationFamily;
use super::host_option::OptionParts;
use crate::config::model::IdentifierType;

/// The identifier text as Kea prints it: hw-address and duid as lower-case
/// colon hex, the others as upper-case hex.
fn identifier_text(t: IdentifierType, v: &[u8]) -> String {
    match t {
        IdentifierType::HwAddress | IdentifierType::Duid => v
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
        _ => v.iter().map(|b| format!("{b:02X}")).collect(),
    }
}

/// One option of a host as Kea shows it: the operator's text when it has
/// one (`csv-format` true), else its payload as upper-case hex.
fn option_json(o: &OptionParts<'_>) -> Value {
    let (csv, data) = match o.formatted_value {
        Some(text) => (true, text.to_string()),
        None => (false, o.value.iter().map(|b| format!("{b:02X}")).collect()),
    };
    json!({
        "always-send": o.always_send,
        "code": o.code,
        "csv-format": csv,
        "data": data,
        "name": o.name,
        "space": o.space,
    })
}

/// Kea's JSON form of `host` with its `subnet-id`.
pub fn host_json<F: ReservationFamily>(host: &F::Host) -> Value {
    let core = F::core(host);
    let mut m = Map::new();
    m.insert("client-classes".into(), json!(core.client_classes));
    m.insert("hostname".into(), json!(core.hostname.unwrap_or_default()));
    m.insert(
        core.identifier_type.name().into(),
        json!(identifier_text(core.identifier_type, core.identifier)),
    );
    m.insert(
        "option-data".into(),
        Value::Array(core.options.iter().map(option_json).collect()),
    );
    F::family_json(host, &mut m);
    if let Some(ctx) = core
        .user_context
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
    {
        m.insert("user-context".into(), ctx);
    }
    m.insert("subnet-id".into(), json!(core.subnet_id));
    Value::Object(m)
}
