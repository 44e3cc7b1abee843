//! `option-data` lists -> encoded options, and the merge of inherited ones;
//! one code for every option space (`dhcp4`, `dhcp6`). Options of other
//! spaces are packed, as Kea's `CfgOption::encapsulate` does, into every
//! option of the same list whose definition encapsulates their space;
//! options of a `vendor-<enterprise>` space are kept for the vendor option
//! (125, 17) a reply builds.

use crate::config::error::ConfigError;
use crate::config::model::OptionData;
use crate::config::option_defs::OptionDefs;
use crate::config::wire;
use crate::options::encode::{encode_csv, encode_hex, write_tlv};
use crate::options::OptionSpace;

/// Deepest nesting of encapsulated spaces followed (Kea's spaces nest three
/// deep at most: `s46-cont-mape` > `s46-rule` > `s46-portparams`).
const MAX_NESTING: usize = 8;

/// One parsed entry: its space, code and own payload.
struct Parsed<C> {
    space: String,
    code: C,
    data: Vec<u8>,
    always_send: bool,
    encapsulate: Option<String>,
}

/// The enterprise of a `vendor-<enterprise>` space.
pub fn vendor_of(space: &str) -> Option<u32> {
    space.strip_prefix("vendor-")?.parse().ok()
}

/// Encodes an `option-data` list of family `S` found at `path` (e.g.
/// `Dhcp4.option-data`), resolving names and codes with `defs`.
pub fn parse_list<S: OptionSpace>(
    list: &[wire::OptionData<S>],
    path: &str,
    defs: &OptionDefs<S>,
) -> Result<Vec<OptionData<S::Code>>, ConfigError> {
    let parsed: Vec<Parsed<S::Code>> = list
        .iter()
        .enumerate()
        .map(|(i, o)| parse_one(o, &format!("{path}[{i}]"), defs))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for p in &parsed {
        let vendor = vendor_of(&p.space);
        if p.space != S::NAME && vendor.is_none() {
            continue;
        }
        out.push(OptionData {
            code: p.code,
            data: with_suboptions::<S>(p, &parsed, 0),
            always_send: p.always_send,
            vendor,
        });
    }
    Ok(out)
}

/// `p`'s payload followed by the options of `list` in the space its
/// definition encapsulates (each with its own sub-options).
fn with_suboptions<S: OptionSpace>(
    p: &Parsed<S::Code>,
    list: &[Parsed<S::Code>],
    depth: usize,
) -> Vec<u8> {
    let mut data = p.data.clone();
    let Some(space) = p.encapsulate.as_deref().filter(|_| depth < MAX_NESTING) else {
        return data;
    };
    for sub in list.iter().filter(|o| o.space == space) {
        let payload = with_suboptions::<S>(sub, list, depth + 1);
        write_tlv(S::MAX_PAYLOAD > 255, sub.code.into(), &payload, &mut data);
    }
    data
}

fn parse_one<S: OptionSpace>(
    o: &wire::OptionData<S>,
    path: &str,
    defs: &OptionDefs<S>,
) -> Result<Parsed<S::Code>, ConfigError> {
    let space = o.space.as_str();
    let code = o
        .code
        .map(S::code)
        .transpose()
        .map_err(|message| ConfigError::invalid(format!("{path}.code"), message))?;
    let def = match (code, &o.name) {
        (Some(c), _) => defs.by_code(space, c),
        (None, Some(name)) => Some(defs.by_name(space, name).ok_or_else(|| {
            ConfigError::invalid(
                format!("{path}.name"),
                format!("definition for the option '{space}.{name}' does not exist"),
            )
        })?),
        (None, None) => return Err(ConfigError::invalid(
            path,
            "option data configuration requires one of 'code' or 'name' parameters to be specified",
        )),
    };
    if let (Some(def), Some(name)) = (def, &o.name) {
        if def.name != name {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                format!(
                    "specified option name '{name}' does not match the option definition: '{space}.{}'",
                    def.name
                ),
            ));
        }
    }
    let data = match def {
        None if o.csv_format == Some(true) => {
            return Err(ConfigError::invalid(
                format!("{path}.csv-format"),
                format!(
                    "definition for the option '{space}.{}' having code '{}' does not exist, so its data must be hex (csv-format false)",
                    o.name.as_deref().unwrap_or(""),
                    o.code.unwrap_or_default()
                ),
            ))
        }
        Some(def) if o.csv_format != Some(false) => encode_csv(&def, &o.data),
        def => encode_hex(def.as_ref(), &o.data),
    };
    // A definition is found by code or by name: one of the two is there.
    let Some(code) = code.or(def.map(|d| d.code)) else {
        return Err(ConfigError::invalid(path, "option without code"));
    };
    let data = data.map_err(|e| {
        ConfigError::invalid(
            format!("{path}.data"),
            format!(
                "option data does not match option definition (space: {space}, code: {code}): {e}"
            ),
        )
    })?;
    Ok(Parsed {
        space: space.to_string(),
        code,
        data,
        always_send: o.always_send,
        encapsulate: def.and_then(|d| d.encapsulate).map(str::to_string),
    })
}

/// Options of a lower level (`own`) over inherited ones: an inherited option is
/// kept only when `own` has no option with its code (in the same space).
pub fn merge<C: Copy + PartialEq>(
    own: &[OptionData<C>],
    inherited: &[OptionData<C>],
) -> Vec<OptionData<C>> {
    let mut out = own.to_vec();
    out.extend(
        inherited
            .iter()
            .filter(|i| !own.iter().any(|o| o.code == i.code && o.vendor == i.vendor))
            .cloned(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Dhcp4;

    fn opt(json: serde_json::Value) -> wire::OptionData<Dhcp4> {
        serde_json::from_value(json).expect("option-data entry")
    }

    #[test]
    fn by_name_code_or_both() {
        let list = vec![
            opt(serde_json::json!({"name": "routers", "data": "10.0.0.1"})),
            opt(serde_json::json!({"code": 6, "data": "10.0.0.2"})),
            opt(serde_json::json!({"code": 15, "name": "domain-name", "data": "x.org"})),
        ];
        let out = parse_list(&list, "Dhcp4.option-data", &OptionDefs::default()).expect("valid");
        assert_eq!(out[0].code, 3);
        assert_eq!(out[1].data, vec![10, 0, 0, 2]);
        assert_eq!(out[2].data, b"x.org".to_vec());
    }

    #[test]
    fn unknown_code_is_hex_only() {
        let list = vec![opt(serde_json::json!({"code": 250, "data": "01:02"}))];
        assert_eq!(
            parse_list(&list, "o", &OptionDefs::default()).expect("hex")[0].data,
            vec![1, 2]
        );
        let list = vec![opt(
            serde_json::json!({"code": 250, "data": "01:02", "csv-format": true}),
        )];
        assert!(parse_list(&list, "o", &OptionDefs::default()).is_err());
    }

    #[test]
    fn errors_name_the_data_path() {
        let list = vec![
            opt(serde_json::json!({"name": "routers", "data": "10.0.0.1"})),
            opt(serde_json::json!({"name": "routers", "data": "nope"})),
        ];
        let err = parse_list(&list, "Dhcp4.option-data", &OptionDefs::default())
            .expect_err("bad address");
        assert!(
            err.to_string().starts_with("Dhcp4.option-data[1].data: "),
            "{err}"
        );
    }

    #[test]
    fn lower_level_option_replaces_inherited_one_with_same_code() {
        let o = |code, b| OptionData {
            code,
            data: vec![b],
            always_send: false,
            vendor: None,
        };
        let merged = merge(&[o(3, 1)], &[o(3, 9), o(6, 2)]);
        assert_eq!(merged, vec![o(3, 1), o(6, 2)]);
    }
}
