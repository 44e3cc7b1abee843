//! `ConfigError`: one line naming the JSON path (or the file position) and what
//! is wrong, in Kea's words where Kea has words for it.

use std::path::PathBuf;

/// A position in a configuration text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPosition {
    /// Name of the text (file path or `<command>`).
    pub source_name: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl std::fmt::Display for TextPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.source_name, self.line, self.column)
    }
}

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read configuration file {path}: {error}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// Not JSON (after Kea's comment and trailing-comma relaxations).
    #[error("{message} ({at})")]
    Syntax {
        /// What the JSON parser said.
        message: String,
        /// Where.
        at: TextPosition,
    },
    /// The top level has no `Dhcp4` object.
    #[error("no 'Dhcp4' object in {0}: the configuration must be a map holding 'Dhcp4'")]
    MissingDhcp4(String),
    /// The top level has no `Dhcp6` object (DHCPv6 server).
    #[error("no 'Dhcp6' object in {0}: the configuration must be a map holding 'Dhcp6'")]
    MissingDhcp6(String),
    /// `config-set`/`config-test` argument with a key other than `Dhcp4`.
    #[error("Unsupported '{0}' parameter.")]
    UnsupportedParameter(String),
    /// A key Kea does not know in this map.
    #[error("{path}: got unexpected keyword \"{key}\" in {context} map.")]
    UnexpectedKeyword {
        /// JSON path of the map.
        path: String,
        /// The key.
        key: String,
        /// Kea's name for the map.
        context: String,
    },
    /// A Kea 2.2 keyword (or value) that ruru does not implement.
    #[error("{path}: '{key}' is not supported yet by ruru")]
    NotSupported {
        /// JSON path of the map holding the key.
        path: String,
        /// The key.
        key: String,
    },
    /// A value of the wrong JSON type, a missing key, or a semantic error.
    #[error("{path}: {message}{}", at.as_ref().map(|p| format!(" ({p})")).unwrap_or_default())]
    Invalid {
        /// JSON path of the offending value.
        path: String,
        /// What is wrong.
        message: String,
        /// Text position, when parsing a text and known.
        at: Option<TextPosition>,
    },
    /// A `RURU_*` environment override could not be applied.
    #[error("environment override {variable}: {message}")]
    EnvOverride {
        /// The variable name.
        variable: String,
        /// What went wrong.
        message: String,
    },
}

impl ConfigError {
    /// A semantic error at `path`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.into(),
            message: message.into(),
            at: None,
        }
    }

    /// `key` in the map at `path` is a Kea feature ruru lacks.
    pub fn not_supported(path: impl Into<String>, key: impl Into<String>) -> Self {
        Self::NotSupported {
            path: path.into(),
            key: key.into(),
        }
    }
}

/// Turns a serde error (with the path where it happened) into a `ConfigError`
/// in Kea's words: unknown keys become "got unexpected keyword", missing keys
/// "missing parameter".
pub(crate) fn from_serde(
    err: serde_path_to_error::Error<serde_json::Error>,
    source_name: Option<&str>,
) -> ConfigError {
    let path = render_path(err.path());
    let inner = err.into_inner();
    let at = match (source_name, inner.line()) {
        (Some(name), line) if line > 0 => Some(TextPosition {
            source_name: name.to_string(),
            line,
            column: inner.column(),
        }),
        _ => None,
    };
    let full = inner.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if inner.line() > 0 => full[..i].to_string(),
        _ => full,
    };
    if inner.is_syntax() || inner.is_eof() {
        if let Some(at) = at {
            return ConfigError::Syntax { message, at };
        }
    }
    if let Some(key) = between(&message, "unknown field `", "`") {
        // The tracked path ends with the unknown key itself: name the map.
        let path = match path.strip_suffix(key.as_str()) {
            Some(p) if p.ends_with('.') => p[..p.len() - 1].to_string(),
            _ => path,
        };
        let context = context_name(&path);
        return ConfigError::UnexpectedKeyword { path, key, context };
    }
    let message = match between(&message, "missing field `", "`") {
        Some(key) => format!("missing parameter '{key}'"),
        None => match between(&message, "duplicate field `", "`") {
            Some(key) => format!("duplicate {key} entries"),
            None => message,
        },
    };
    ConfigError::Invalid { path, message, at }
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let rest = text.strip_prefix(start)?;
    Some(rest[..rest.find(end)?].to_string())
}

/// `Dhcp4.subnet4[2].pools[0].pool` from serde_path_to_error segments.
pub(crate) fn render_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    if out.is_empty() {
        out.push_str("<top level>");
    }
    out
}

/// Kea's name for the map at `path`: the last key in it (`subnet4`, `pools`...).
fn context_name(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let name = last.split('[').next().unwrap_or(last);
    match name {
        "output_options" => "output-options".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::context_name;

    #[test]
    fn context_is_the_last_key_without_index() {
        assert_eq!(context_name("Dhcp4.subnet4[0]"), "subnet4");
        assert_eq!(context_name("Dhcp4"), "Dhcp4");
        assert_eq!(context_name("Dhcp4.subnet4[0].pools[3]"), "pools");
    }
}
