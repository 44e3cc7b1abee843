//! `option-data` lists -> encoded options, and the merge of inherited ones;
//! one code for every option space (`dhcp4`, `dhcp6`).

use crate::config::error::ConfigError;
use crate::config::model::OptionData;
use crate::config::wire;
use crate::options::encode::{encode_csv, encode_hex};
use crate::options::OptionSpace;

/// Encodes an `option-data` list of space `S` found at `path` (e.g.
/// `Dhcp4.option-data`).
pub fn parse_list<S: OptionSpace>(
    list: &[wire::OptionData<S>],
    path: &str,
) -> Result<Vec<OptionData<S::Code>>, ConfigError> {
    list.iter()
        .enumerate()
        .map(|(i, o)| parse_one(o, &format!("{path}[{i}]")))
        .collect()
}

fn parse_one<S: OptionSpace>(
    o: &wire::OptionData<S>,
    path: &str,
) -> Result<OptionData<S::Code>, ConfigError> {
    let space = S::NAME;
    if o.space != space {
        return Err(ConfigError::not_supported(
            format!("{path}.space"),
            o.space.clone(),
        ));
    }
    let code = o
        .code
        .map(S::code)
        .transpose()
        .map_err(|message| ConfigError::invalid(format!("{path}.code"), message))?;
    let def = match (code, &o.name) {
        (Some(c), _) => S::by_code(c),
        (None, Some(name)) => Some(S::by_name(name).ok_or_else(|| {
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
        Some(def) if o.csv_format != Some(false) => encode_csv(def, &o.data),
        def => encode_hex(def, &o.data),
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
    Ok(OptionData {
        code,
        data,
        always_send: o.always_send,
    })
}

/// Options of a lower level (`own`) over inherited ones: an inherited option is
/// kept only when `own` has no option with its code.
pub fn merge<C: Copy + PartialEq>(
    own: &[OptionData<C>],
    inherited: &[OptionData<C>],
) -> Vec<OptionData<C>> {
    let mut out = own.to_vec();
    out.extend(
        inherited
            .iter()
            .filter(|i| !own.iter().any(|o| o.code == i.code))
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
        let out = parse_list(&list, "Dhcp4.option-data").expect("valid");
        assert_eq!(out[0].code, 3);
        assert_eq!(out[1].data, vec![10, 0, 0, 2]);
        assert_eq!(out[2].data, b"x.org".to_vec());
    }

    #[test]
    fn unknown_code_is_hex_only() {
        let list = vec![opt(serde_json::json!({"code": 250, "data": "01:02"}))];
        assert_eq!(parse_list(&list, "o").expect("hex")[0].data, vec![1, 2]);
        let list = vec![opt(
            serde_json::json!({"code": 250, "data": "01:02", "csv-format": true}),
        )];
        assert!(parse_list(&list, "o").is_err());
    }

    #[test]
    fn errors_name_the_data_path() {
        let list = vec![
            opt(serde_json::json!({"name": "routers", "data": "10.0.0.1"})),
            opt(serde_json::json!({"name": "routers", "data": "nope"})),
        ];
        let err = parse_list(&list, "Dhcp4.option-data").expect_err("bad address");
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
        };
        let merged = merge(&[o(3, 1)], &[o(3, 9), o(6, 2)]);
        assert_eq!(merged, vec![o(3, 1), o(6, 2)]);
    }
}
