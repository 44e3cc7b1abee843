//! `option-def` → [`OptionDefs`], with Kea 2.2's checks
//! (`OptionDefParser`, `OptionDefinition::validate`): names, code ranges,
//! no standard option redefined (but DHCPv4's last-resort 43), no duplicate
//! code or name in a space, the type rules of records and arrays.

use crate::config::error::ConfigError;
use crate::config::option_defs::{is_last_resort, CustomDef, OptionDefs};
use crate::config::wire::OptionDefinition;
use crate::options::{DataType, OptionSpace};

type Result<T> = std::result::Result<T, ConfigError>;

/// Kea's name of each data type an `option-def` may use.
const TYPES: &[(&str, DataType)] = &[
    ("empty", DataType::Empty),
    ("binary", DataType::Binary),
    ("boolean", DataType::Boolean),
    ("int8", DataType::Int8),
    ("int16", DataType::Int16),
    ("int32", DataType::Int32),
    ("uint8", DataType::Uint8),
    ("uint16", DataType::Uint16),
    ("uint32", DataType::Uint32),
    ("ipv4-address", DataType::Ipv4Address),
    ("ipv6-address", DataType::Ipv6Address),
    ("ipv6-prefix", DataType::Ipv6Prefix),
    ("psid", DataType::Psid),
    ("tuple", DataType::Tuple),
    ("string", DataType::String),
    ("fqdn", DataType::Fqdn),
    ("record", DataType::Record),
];

/// The data type Kea names `name`.
pub fn type_named(name: &str) -> Option<DataType> {
    TYPES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Kea's rule for option and space names: letters, digits, `-` and `_`,
/// neither first nor last a `-` or `_`.
fn valid_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c != '-' && c != '_');
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && edge(name.chars().next())
        && edge(name.chars().last())
}

/// Validates the `option-def` list at `path` of space `S`'s map.
pub fn parse_list<S: OptionSpace>(list: &[OptionDefinition<S>], path: &str) -> Result<OptionDefs<S>>
where
    S::Code: TryFrom<u32>,
{
    let mut out: Vec<CustomDef<S>> = Vec::new();
    for (i, w) in list.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let def = parse_one(w, &path)?;
        if out
            .iter()
            .any(|d| d.space == def.space && d.code == def.code)
        {
            return Err(ConfigError::invalid(
                &path,
                format!(
                    "option definition with code '{}' already exists in option space '{}'",
                    def.code, def.space
                ),
            ));
        }
        if out
            .iter()
            .any(|d| d.space == def.space && d.name == def.name)
        {
            return Err(ConfigError::invalid(
                &path,
                format!(
                    "option definition with name '{}' already exists in option space '{}'",
                    def.name, def.space
                ),
            ));
        }
        out.push(def);
    }
    Ok(OptionDefs::new(out))
}

fn parse_one<S: OptionSpace>(w: &OptionDefinition<S>, path: &str) -> Result<CustomDef<S>>
where
    S::Code: TryFrom<u32>,
{
    let invalid =
        |key: &str, message: String| ConfigError::invalid(format!("{path}.{key}"), message);
    if w.name.is_empty() {
        return Err(ConfigError::invalid(path, "missing parameter 'name'"));
    }
    if !valid_name(&w.name) {
        return Err(invalid("name", format!("invalid option name '{}'", w.name)));
    }
    if !valid_name(&w.space) {
        return Err(invalid(
            "space",
            format!("invalid option space name '{}'", w.space),
        ));
    }
    let Some(code) = w.code else {
        return Err(ConfigError::invalid(path, "missing parameter 'code'"));
    };
    let code = if w.space == S::NAME {
        S::code(code).map_err(|m| invalid("code", m))?
    } else {
        // Another space of the family takes any code of its width (0 too).
        S::Code::try_from(code).map_err(|_| {
            let max = if S::MAX_PAYLOAD <= 255 { 255 } else { 65535 };
            invalid(
                "code",
                format!("invalid option code '{code}', it must not be greater than '{max}'"),
            )
        })?
    };
    // The family's standard options cannot be redefined, by code or by
    // name (DHCPv4's last-resort 43 can; Kea lets other spaces' standard
    // codes, e.g. vendor-4491's, be redefined).
    let standard: &[_] = if w.space == S::NAME {
        S::standard()
    } else {
        &[]
    };
    if let Some(d) = standard
        .iter()
        .find(|d| (d.code == code || d.name == w.name) && !is_last_resort::<S>(d.code))
    {
        let which = if d.code == code {
            code.to_string()
        } else {
            w.name.clone()
        };
        return Err(invalid(
            "code",
            format!(
                "unable to override definition of option '{which}' in standard option space '{}'",
                w.space
            ),
        ));
    }
    let Some(data_type) = type_named(&w.data_type) else {
        return Err(invalid(
            "type",
            format!("option type '{}' is not supported", w.data_type),
        ));
    };
    let record_text = w.record_types.trim();
    let record: Vec<DataType> = if record_text.is_empty() {
        Vec::new()
    } else {
        record_text
            .split(',')
            .map(|t| {
                let t = t.trim();
                type_named(t)
                    .filter(|d| *d != DataType::Record)
                    .ok_or_else(|| {
                        invalid(
                            "record-types",
                            format!("invalid data type '{t}' in record-types"),
                        )
                    })
            })
            .collect::<Result<_>>()?
    };
    let encapsulate = (!w.encapsulate.is_empty()).then(|| w.encapsulate.clone());
    check_types(
        &w.name,
        data_type,
        w.array,
        &record,
        encapsulate.as_deref(),
        &w.space,
    )
    .map_err(|m| ConfigError::invalid(path, m))?;
    Ok(CustomDef {
        name: w.name.clone(),
        code,
        space: w.space.clone(),
        data_type,
        array: w.array,
        record,
        encapsulate,
    })
}

/// Kea's checks of a definition's type, array flag, record fields and
/// encapsulation (`OptionDefinition::validate`).
fn check_types(
    name: &str,
    t: DataType,
    array: bool,
    record: &[DataType],
    encapsulate: Option<&str>,
    space: &str,
) -> std::result::Result<(), String> {
    let variable = |d: DataType| matches!(d, DataType::String | DataType::Binary);
    if t != DataType::Record && !record.is_empty() {
        return Err(format!(
            "'record' option type must be used instead of '{}' to specify the record types of option {name}",
            TYPES.iter().find(|(_, d)| *d == t).map_or("?", |(n, _)| n)
        ));
    }
    if t == DataType::Record {
        if record.len() < 2 {
            return Err(format!("invalid number of data fields: {} specified, expected at least 2 fields for record option {name}", record.len()));
        }
        if record.contains(&DataType::Empty) {
            return Err(format!(
                "'empty' option type is not allowed in the record of option {name}"
            ));
        }
        if record[..record.len() - 1].iter().any(|d| variable(*d)) {
            return Err(format!(
                "'string' and 'binary' may only be the last field of the record of option {name}"
            ));
        }
        if array && record.last().is_some_and(|d| variable(*d)) {
            return Err(format!("array of records whose last field is a string or binary is not a valid option definition ({name})"));
        }
    }
    if array && matches!(t, DataType::String | DataType::Binary | DataType::Empty) {
        return Err(format!(
            "array of {} is not a valid option definition.",
            match t {
                DataType::String => "strings",
                DataType::Binary => "binary values",
                _ => "empty values",
            }
        ));
    }
    if let Some(e) = encapsulate {
        if array {
            return Err(format!(
                "option {name} is an array and cannot encapsulate the option space {e}"
            ));
        }
        if e == space {
            return Err(format!(
                "option {name} cannot encapsulate its own option space {space}"
            ));
        }
        if !valid_name(e) {
            return Err(format!("invalid encapsulated option space name: '{e}'"));
        }
    }
    Ok(())
}
