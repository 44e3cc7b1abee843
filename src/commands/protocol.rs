//! Kea's control-channel message format: one JSON map in (`Request`), one JSON
//! map out (`Response`), with Kea's result codes and error texts.

use serde_json::{Map, Value};

use super::kea_json::to_kea_string;
use crate::config::jsonc::strip_comments;

/// `CONTROL_RESULT_SUCCESS`: the command succeeded.
pub const SUCCESS: i32 = 0;
/// `CONTROL_RESULT_ERROR`: bad arguments or a failure.
pub const ERROR: i32 = 1;
/// `CONTROL_RESULT_COMMAND_UNSUPPORTED`: no such command.
pub const UNSUPPORTED: i32 = 2;
/// `CONTROL_RESULT_EMPTY`: the command completed but found nothing.
pub const EMPTY: i32 = 3;
/// `CONTROL_RESULT_CONFLICT`: the object changed meanwhile (Kea 2.6+).
pub const CONFLICT: i32 = 4;

/// Top-level keys Kea accepts in a command; any other is rejected.
const ALLOWED_KEYS: [&str; 4] = ["arguments", "command", "remote-address", "service"];

/// Prefix Kea puts before errors raised while decoding the command map.
const PROCESSING_ERROR: &str = "Error during command processing: ";

/// One command as received: its name and optional arguments (`service` and
/// `remote-address` are accepted and ignored, as the DHCP server does).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The command name, e.g. `lease4-get`.
    pub command: String,
    /// The `arguments` element, whatever its JSON type (handlers check it).
    pub arguments: Option<Value>,
}

impl Request {
    /// A request for `command` with `arguments` (used by clients and tests).
    pub fn new(command: impl Into<String>, arguments: Option<Value>) -> Self {
        Self {
            command: command.into(),
            arguments,
        }
    }

    /// Parses a whole command text (Kea comments allowed). A failure is already
    /// the response to send back (result 1 with Kea's text).
    pub fn parse(text: &str) -> Result<Self, Response> {
        let value = parse_json_text(text)?;
        Self::from_value(value)
    }

    /// Decodes a parsed command map, with Kea's checks in Kea's order.
    pub fn from_value(value: Value) -> Result<Self, Response> {
        let Value::Object(mut map) = value else {
            return Err(processing_error(
                "Invalid command Element specified, expected map",
            ));
        };
        if !map.contains_key("command") {
            return Err(processing_error(
                "Invalid answer specified, does not contain mandatory 'command'",
            ));
        }
        // Kea walks its (sorted) map, so the alphabetically first bad key is named.
        let mut unsupported: Vec<&String> = map
            .keys()
            .filter(|k| !ALLOWED_KEYS.contains(&k.as_str()))
            .collect();
        unsupported.sort();
        if let Some(key) = unsupported.first() {
            return Err(processing_error(&format!(
                "Received command contains unsupported parameter '{key}'"
            )));
        }
        let command = match map.remove("command") {
            Some(Value::String(s)) => s,
            _ => {
                return Err(processing_error(
                    "'command' element in command message is not a string",
                ))
            }
        };
        Ok(Self {
            command,
            arguments: map.remove("arguments"),
        })
    }

    /// The request as JSON text to send over the socket.
    pub fn to_json_string(&self) -> String {
        let mut map = Map::new();
        map.insert("command".into(), Value::String(self.command.clone()));
        if let Some(args) = &self.arguments {
            map.insert("arguments".into(), args.clone());
        }
        Value::Object(map).to_string()
    }
}

/// Parses JSON text in Kea's dialect; a syntax error becomes Kea's result-1
/// response with the position as `<wire>:line:column` (Kea counts lines from 0).
pub fn parse_json_text(text: &str) -> Result<Value, Response> {
    serde_json::from_str(&strip_comments(text)).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        Response::error(format!(
            "{message} in <wire>:{}:{}",
            e.line().saturating_sub(1),
            e.column()
        ))
    })
}

fn processing_error(text: &str) -> Response {
    Response::error(format!("{PROCESSING_ERROR}{text}"))
}

/// A command's answer: `{"arguments": ..., "result": n, "text": "..."}` (Kea
/// omits `text` when empty and `arguments` when absent).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// One of the result constants (`SUCCESS`, `ERROR`, ...).
    pub result: i32,
    /// Human-readable status; Kea requires it when `result` is not 0.
    pub text: Option<String>,
    /// The payload (map or list), when the command returns data.
    pub arguments: Option<Value>,
}

impl Response {
    /// Any result code with a text and optional arguments.
    pub fn new(result: i32, text: impl Into<String>, arguments: Option<Value>) -> Self {
        let text = text.into();
        Self {
            result,
            text: (!text.is_empty()).then_some(text),
            arguments,
        }
    }

    /// Result 0 with a text only.
    pub fn success(text: impl Into<String>) -> Self {
        Self::new(SUCCESS, text, None)
    }

    /// Result 0 with arguments and no text (as `statistic-get` answers).
    pub fn success_args(arguments: Value) -> Self {
        Self::new(SUCCESS, "", Some(arguments))
    }

    /// Result 1 with a text.
    pub fn error(text: impl Into<String>) -> Self {
        Self::new(ERROR, text, None)
    }

    /// Result 3 (nothing found) with a text.
    pub fn empty(text: impl Into<String>) -> Self {
        Self::new(EMPTY, text, None)
    }

    /// Result 2 for an unknown command, with Kea's text.
    pub fn unsupported(command: &str) -> Self {
        Self::new(
            UNSUPPORTED,
            format!("'{command}' command not supported."),
            None,
        )
    }

    /// The response as a JSON value.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        if let Some(args) = &self.arguments {
            map.insert("arguments".into(), args.clone());
        }
        map.insert("result".into(), Value::from(self.result));
        if let Some(text) = &self.text {
            map.insert("text".into(), Value::String(text.clone()));
        }
        Value::Object(map)
    }

    /// The exact bytes Kea would write for this response.
    pub fn to_kea_string(&self) -> String {
        to_kea_string(&self.to_value())
    }

    /// Decodes a response received from a server; `None` when it is not a map
    /// with an integer `result`.
    pub fn from_value(value: &Value) -> Option<Self> {
        let result = i32::try_from(value.get("result")?.as_i64()?).ok()?;
        Some(Self {
            result,
            text: value.get("text").and_then(Value::as_str).map(String::from),
            arguments: value.get("arguments").cloned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_and_rejects_like_kea() {
        let r = Request::parse(r#"{"command": "x", /* c */ "arguments": {"a": 1}} # t"#)
            .expect("valid");
        assert_eq!(r, Request::new("x", Some(json!({"a": 1}))));
        let text = |s: &str| {
            Request::parse(s)
                .expect_err("invalid")
                .text
                .unwrap_or_default()
        };
        assert_eq!(
            text(r#"{"command": 1}"#),
            "Error during command processing: 'command' element in command message is not a string"
        );
        assert_eq!(
            text(r#"{"foo": 1}"#),
            "Error during command processing: Invalid answer specified, does not contain mandatory 'command'"
        );
        assert_eq!(
            text(r#"{"command": "x", "zz": 1, "foo": 1}"#),
            "Error during command processing: Received command contains unsupported parameter 'foo'"
        );
        assert_eq!(
            text("[1]"),
            "Error during command processing: Invalid command Element specified, expected map"
        );
        assert_eq!(text("{bad}"), "key must be a string in <wire>:0:2");
    }

    #[test]
    fn serializes_like_kea() {
        assert_eq!(
            Response::unsupported("nope").to_kea_string(),
            r#"{ "result": 2, "text": "'nope' command not supported." }"#
        );
        assert_eq!(
            Response::success_args(json!({})).to_kea_string(),
            r#"{ "arguments": {  }, "result": 0 }"#
        );
    }
}
