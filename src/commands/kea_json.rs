//! Kea's JSON text form (`Element::str()`), so replies match Kea byte for byte.
//!
//! Kea keeps maps sorted by key and writes `{ "a": 1, "b": [ 2, 3 ] }`: a space
//! inside every bracket (an empty map is `{  }`), `", "` between items. Strings
//! escape `"`, `\`, the usual control characters and every byte outside ASCII as
//! `\u00XX` (Kea works on bytes, so `é` becomes `\u00c3\u00a9`); `/` is not escaped.

use std::fmt::Write;

use serde_json::Value;

/// Renders `value` exactly as Kea's `Element::str()` would.
pub fn to_kea_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item);
            }
            out.push_str(" ]");
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push_str("{ ");
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(out, key);
                out.push_str(": ");
                write_value(out, item);
            }
            out.push_str(" }");
        }
    }
}

fn write_number(out: &mut String, n: &serde_json::Number) {
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else if let Some(f) = n.as_f64() {
        // Kea prints doubles with the C++ stream default (%g, 6 digits); Rust's
        // shortest round-trip form agrees for the values Kea's commands return.
        let _ = write!(out, "{f}");
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for &byte in s.as_bytes() {
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if !(0x20..0x80).contains(&b) => {
                let _ = write!(out, "\\u{b:04x}");
            }
            b => out.push(char::from(b)),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::to_kea_string;
    use serde_json::json;

    #[test]
    fn sorts_keys_and_spaces_like_kea() {
        let v = json!({"text": "x", "result": 0, "arguments": {"b": [1, {}], "a": []}});
        assert_eq!(
            to_kea_string(&v),
            r#"{ "arguments": { "a": [  ], "b": [ 1, {  } ] }, "result": 0, "text": "x" }"#
        );
    }

    #[test]
    fn escapes_bytes_like_kea() {
        let v = json!("x\u{e9}\u{1}\"\\/\u{8}\u{c}\n\r\t");
        assert_eq!(to_kea_string(&v), r#""x\u00c3\u00a9\u0001\"\\/\b\f\n\r\t""#);
    }
}
