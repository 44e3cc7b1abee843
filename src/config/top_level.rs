//! The top-level map of a configuration: find `Dhcp4` (or `Dhcp6`), deal with
//! its siblings.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::error::{self, ConfigError, TextPosition};
use super::{jsonc, relaxed, wire};

/// The top-level map as read from a file: the server's object (`Dhcp4` or
/// `Dhcp6`, named by `key`) plus ignored siblings.
struct TopLevel<T> {
    section: Option<T>,
    ignored: Vec<String>,
}

/// Deserializes a `TopLevel<T>` looking for `key`.
struct TopLevelSeed<T> {
    key: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<'de, T: de::Deserialize<'de>> de::DeserializeSeed<'de> for TopLevelSeed<T> {
    type Value = TopLevel<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: de::Deserialize<'de>> Visitor<'de> for TopLevelSeed<T> {
    type Value = TopLevel<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a map holding the '{}' object", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel<T>, A::Error> {
        let mut top = TopLevel {
            section: None,
            ignored: Vec::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == self.key {
                if top.section.is_some() {
                    return Err(de::Error::custom(format!("duplicate {} entries", self.key)));
                }
                top.section = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
                top.ignored.push(key);
            }
        }
        Ok(top)
    }
}

fn seed<T>(key: &'static str) -> TopLevelSeed<T> {
    TopLevelSeed {
        key,
        marker: std::marker::PhantomData,
    }
}

/// Text -> wire `Dhcp4`, with Kea's comments and leniencies.
pub fn parse_text(text: &str, source: &str) -> Result<wire::Dhcp4, ConfigError> {
    parse_section_text(text, source, "Dhcp4", "DHCPv4")?
        .ok_or_else(|| ConfigError::MissingDhcp4(source.to_string()))
}

/// Text -> wire `Dhcp6`, with Kea's comments and leniencies.
pub fn parse_text6(text: &str, source: &str) -> Result<wire::Dhcp6, ConfigError> {
    parse_section_text(text, source, "Dhcp6", "DHCPv6")?
        .ok_or_else(|| ConfigError::MissingDhcp6(source.to_string()))
}

/// Text -> the `key` object of the top-level map (None when absent).
fn parse_section_text<T: de::DeserializeOwned>(
    text: &str,
    source: &str,
    key: &'static str,
    server: &str,
) -> Result<Option<T>, ConfigError> {
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
    let mut track = serde_path_to_error::Track::new();
    let top: TopLevel<T> = de::DeserializeSeed::deserialize(
        seed::<T>(key),
        serde_path_to_error::Deserializer::new(&mut de, &mut track),
    )
    .map_err(|e| {
        error::from_serde(
            serde_path_to_error::Error::new(track.path(), e),
            Some(source),
        )
    })?;
    for other in &top.ignored {
        log::warn!("{source}: top-level object '{other}' is ignored by the {server} server");
    }
    Ok(top.section)
}

/// `config-set` argument -> wire `Dhcp4`.
pub fn parse_value(v: &serde_json::Value) -> Result<wire::Dhcp4, ConfigError> {
    parse_section_value(v, "Dhcp4")?
        .ok_or_else(|| ConfigError::MissingDhcp4("the command arguments".to_string()))
}

/// `config-set` argument -> wire `Dhcp6`.
pub fn parse_value6(v: &serde_json::Value) -> Result<wire::Dhcp6, ConfigError> {
    parse_section_value(v, "Dhcp6")?
        .ok_or_else(|| ConfigError::MissingDhcp6("the command arguments".to_string()))
}

/// A map holding only `key` -> its object (another key is refused like Kea).
fn parse_section_value<T: de::DeserializeOwned>(
    v: &serde_json::Value,
    key: &'static str,
) -> Result<Option<T>, ConfigError> {
    let map = v.as_object().ok_or_else(|| {
        ConfigError::invalid(
            "<top level>",
            format!("the configuration must be a map holding '{key}'"),
        )
    })?;
    if let Some(other) = map.keys().find(|k| k.as_str() != key) {
        return Err(ConfigError::UnsupportedParameter(other.clone()));
    }
    let mut track = serde_path_to_error::Track::new();
    let top: TopLevel<T> = de::DeserializeSeed::deserialize(
        seed::<T>(key),
        serde_path_to_error::Deserializer::new(v, &mut track),
    )
    .map_err(|e| error::from_serde(serde_path_to_error::Error::new(track.path(), e), None))?;
    Ok(top.section)
}
