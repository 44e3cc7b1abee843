//! `option-data` lists of `Dhcp6` -> encoded DHCPv6 options, and their merge.

use crate::config::error::ConfigError;
use crate::config::model6::OptionData6;
use crate::config::wire::v6 as wire;
use crate::options::dhcp6::{self, OptionDef6};

/// Encodes an `option-data` list found at `path` (e.g. `Dhcp6.option-data`).
pub fn parse_list(list: &[wire::OptionData6], path: &str) -> Result<Vec<OptionData6>, ConfigError> {
    list.iter()
        .enumerate()
        .map(|(i, o)| parse_one(o, &format!("{path}[{i}]")))
        .collect()
}

fn parse_one(o: &wire::OptionData6, path: &str) -> Result<OptionData6, ConfigError> {
    if o.space != "dhcp6" {
        return Err(ConfigError::not_supported(
            format!("{path}.space"),
            o.space.clone(),
        ));
    }
    let code = match o.code {
        Some(0) => {
            return Err(ConfigError::invalid(
                format!("{path}.code"),
                "invalid option code '0': reserved value",
            ))
        }
        Some(c) if c > u32::from(u16::MAX) => {
            return Err(ConfigError::invalid(
                format!("{path}.code"),
                format!("invalid option code '{c}', it must not exceed '65535'"),
            ))
        }
        Some(c) => Some(c as u16),
        None => None,
    };
    let def: Option<&OptionDef6> = match (code, &o.name) {
        (Some(c), _) => dhcp6::by_code(c),
        (None, Some(name)) => Some(dhcp6::by_name(name).ok_or_else(|| {
            ConfigError::invalid(
                format!("{path}.name"),
                format!("definition for the option 'dhcp6.{name}' does not exist"),
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
                    "specified option name '{name}' does not match the option definition: 'dhcp6.{}'",
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
                    "definition for the option 'dhcp6.{}' having code '{}' does not exist, so its data must be hex (csv-format false)",
                    o.name.as_deref().unwrap_or(""),
                    code.unwrap_or_default()
                ),
            ))
        }
        Some(def) if o.csv_format != Some(false) => dhcp6::encode_csv(def, &o.data),
        def => dhcp6::encode_hex(def, &o.data),
    };
    let code = code.or(def.map(|d| d.code)).unwrap_or_default();
    let data = data.map_err(|e| {
        ConfigError::invalid(
            format!("{path}.data"),
            format!(
                "option data does not match option definition (space: dhcp6, code: {code}): {e}"
            ),
        )
    })?;
    Ok(OptionData6 {
        code,
        data,
        always_send: o.always_send,
    })
}

/// Options of a lower level over inherited ones (same code: lower level wins).
pub fn merge(own: &[OptionData6], inherited: &[OptionData6]) -> Vec<OptionData6> {
    let mut out = own.to_vec();
    out.extend(
        inherited
            .iter()
            .filter(|i| !own.iter().any(|o| o.code == i.code))
            .cloned(),
    );
    out
}
