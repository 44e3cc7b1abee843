//! The top-level map of a configuration: find `Dhcp4`, deal with its siblings.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::error::{self, ConfigError, TextPosition};
use super::{jsonc, relaxed, wire};

/// The top-level map as read from a file: `Dhcp4` plus ignored siblings.
struct TopLevel {
    dhcp4: Option<wire::Dhcp4>,
    ignored: Vec<String>,
}

impl<'de> de::Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TopLevelVisitor)
    }
}

struct TopLevelVisitor;

impl<'de> Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map holding the 'Dhcp4' object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut top = TopLevel {
            dhcp4: None,
            ignored: Vec::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == "Dhcp4" {
                if top.dhcp4.is_some() {
                    return Err(de::Error::custom("duplicate Dhcp4 entries"));
                }
                top.dhcp4 = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
                top.ignored.push(key);
            }
        }
        Ok(top)
    }
}

/// Text -> wire `Dhcp4`, with Kea's comments and leniencies.
pub fn parse_text(text: &str, source: &str) -> Result<wire::Dhcp4, ConfigError> {
    let (clean, warnings) = relaxed::relax(&jsonc::strip_comments(text));
    for w in &warnings {
        log::warn!(
            "configuration syntax warning: {source}:{}.{}: {}",
            w.line,
            w.column,
            w.message
        );
    }
    // Syntax first, so that a JSON error is reported as such wherever it is.
    if let Err(e) = serde_json::from_str::<IgnoredAny>(&clean) {
        let full = e.to_string();
        let message = full
            .rfind(" at line ")
            .map_or(full.clone(), |i| full[..i].to_string());
        return Err(ConfigError::Syntax {
            message,
            at: TextPosition {
                source_name: source.to_string(),
                line: e.line(),
                column: e.column(),
            },
        });
    }
    let mut de = serde_json::Deserializer::from_str(&clean);
    let top: TopLevel = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| error::from_serde(e, Some(source)))?;
    for key in &top.ignored {
        log::warn!("{source}: top-level object '{key}' is ignored by the DHCPv4 server");
    }
    top.dhcp4
        .ok_or_else(|| ConfigError::MissingDhcp4(source.to_string()))
}

/// `config-set` argument -> wire `Dhcp4`.
pub fn parse_value(v: &serde_json::Value) -> Result<wire::Dhcp4, ConfigError> {
    let map = v.as_object().ok_or_else(|| {
        ConfigError::invalid(
            "<top level>",
            "the configuration must be a map holding 'Dhcp4'",
        )
    })?;
    if let Some(other) = map.keys().find(|k| k.as_str() != "Dhcp4") {
        return Err(ConfigError::UnsupportedParameter(other.clone()));
    }
    let top: TopLevel =
        serde_path_to_error::deserialize(v).map_err(|e| error::from_serde(e, None))?;
    top.dhcp4
        .ok_or_else(|| ConfigError::MissingDhcp4("the command arguments".to_string()))
}
