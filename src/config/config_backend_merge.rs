//! Merging what a config database holds into the configuration file's map,
//! with Kea 2.2's rules (`SrvConfig::merge`): a database global replaces the
//! file's, an option definition or option replaces the file's with the same
//! code (or name) in its space, a shared network replaces the file's of the
//! same name and takes over its subnets, a subnet replaces any subnet with
//! the same id or prefix, and any database class replaces every file class.
//!
//! The result is checked by the same parser as a file, so a fetch is applied
//! whole or not at all.

use serde_json::{Map, Value};

use super::config_backend::{CbFamily, FetchedConfig};
use super::error::ConfigError;
use crate::options::{Dhcp4, Dhcp6, OptionSpace};

type Result<T> = std::result::Result<T, ConfigError>;

/// Kea's prefix of every merge failure.
const DURING: &str = "during update from config backend database";

fn failed(family: CbFamily, msg: impl std::fmt::Display) -> ConfigError {
    ConfigError::invalid(root_of(family), format!("{DURING}: {msg}"))
}

fn root_of(family: CbFamily) -> &'static str {
    match family {
        CbFamily::V4 => "Dhcp4",
        CbFamily::V6 => "Dhcp6",
    }
}

fn family_space(family: CbFamily) -> &'static str {
    match family {
        CbFamily::V4 => Dhcp4::NAME,
        CbFamily::V6 => Dhcp6::NAME,
    }
}

/// `file` (`{"Dhcp4": {...}}` / `{"Dhcp6": {...}}`) with `fetched` merged in.
pub fn merge_fetched(file: &Value, fetched: &FetchedConfig, family: CbFamily) -> Result<Value> {
    let root = root_of(family);
    let Some(map) = file.get(root).and_then(Value::as_object) else {
        return Err(failed(
            family,
            format!("the configuration has no {root} map"),
        ));
    };
    let mut map = map.clone();
    for (name, value) in &fetched.globals {
        map.insert(name.clone(), value.clone());
    }
    let defs = merge_option_defs(&mut map, &fetched.option_defs, family);
    merge_options(&mut map, &fetched.options, &defs, family);
    merge_networks(&mut map, &fetched.shared_networks, family);
    merge_subnets(&mut map, &fetched.subnets, family)?;
    if !fetched.client_classes.is_empty() {
        let classes = fetched
            .client_classes
            .iter()
            .map(without_metadata)
            .collect();
        map.insert("client-classes".into(), Value::Array(classes));
    }
    Ok(serde_json::json!({ root: map }))
}

/// A fetched object without the `metadata` the command API adds.
fn without_metadata(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("metadata");
    }
    v
}

/// The list under `key` (made empty when absent or not a list).
fn list_mut<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let entry = map
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !entry.is_array() {
        *entry = Value::Array(Vec::new());
    }
    static_list(entry)
}

fn static_list(v: &mut Value) -> &mut Vec<Value> {
    if let Value::Array(list) = v {
        return list;
    }
    *v = Value::Array(Vec::new());
    static_list(v)
}

fn space_of(v: &Value, family: CbFamily) -> &str {
    v.get("space")
        .and_then(Value::as_str)
        .unwrap_or(family_space(family))
}

fn code_of(v: &Value) -> Option<u64> {
    v.get("code").and_then(Value::as_u64)
}

fn name_of(v: &Value) -> Option<&str> {
    v.get("name").and_then(Value::as_str)
}

/// Keeps the file's definitions that no database definition replaces (same
/// name or code in the space), then adds the database's; returns the merged
/// list (used to resolve option names).
fn merge_option_defs(
    map: &mut Map<String, Value>,
    fetched: &[Value],
    family: CbFamily,
) -> Vec<Value> {
    let list = list_mut(map, "option-def");
    if !fetched.is_empty() {
        list.retain(|file| {
            !fetched.iter().any(|db| {
                space_of(db, family) == space_of(file, family)
                    && ((name_of(db).is_some() && name_of(db) == name_of(file))
                        || (code_of(db).is_some() && code_of(db) == code_of(file)))
            })
        });
        list.extend(fetched.iter().map(without_metadata));
    }
    let merged = list.clone();
    if merged.is_empty() {
        map.remove("option-def");
    }
    merged
}

/// The (space, code) an option-data entry sets: its `code`, else its name
/// looked up in `defs` and then in the space's standard definitions.
fn option_key(v: &Value, defs: &[Value], family: CbFamily) -> Option<(String, u64)> {
    let space = space_of(v, family).to_string();
    if let Some(code) = code_of(v) {
        return Some((space, code));
    }
    let name = name_of(v)?;
    let custom = defs
        .iter()
        .find(|d| space_of(d, family) == space && name_of(d) == Some(name))
        .and_then(code_of);
    let standard = || match family {
        CbFamily::V4 => Dhcp4::by_name_in(&space, name).map(|d| u64::from(d.code)),
        CbFamily::V6 => Dhcp6::by_name_in(&space, name).map(|d| u64::from(d.code)),
    };
    custom.or_else(standard).map(|code| (space, code))
}

/// Keeps the file's global options that no database option replaces (same
/// code in the space), then adds the database's.
fn merge_options(
    map: &mut Map<String, Value>,
    fetched: &[Value],
    defs: &[Value],
    family: CbFamily,
) {
    if fetched.is_empty() {
        return;
    }
    let db_keys: Vec<_> = fetched
        .iter()
        .filter_map(|o| option_key(o, defs, family))
        .collect();
    let list = list_mut(map, "option-data");
    list.retain(|file| match option_key(file, defs, family) {
        Some(k) => !db_keys.contains(&k),
        None => true,
    });
    list.extend(fetched.iter().map(without_metadata));
}

/// Each database network replaces the file's of the same name and takes
/// over that network's subnets.
fn merge_networks(map: &mut Map<String, Value>, fetched: &[Value], family: CbFamily) {
    if fetched.is_empty() {
        return;
    }
    let key = family.subnet_key();
    let list = list_mut(map, "shared-networks");
    for db in fetched {
        let mut db = without_metadata(db);
        let name = name_of(&db).map(str::to_string);
        let old = list
            .iter()
            .position(|n| name.is_some() && name_of(n).map(str::to_string) == name);
        let subnets = old
            .map(|i| list.remove(i))
            .and_then(|mut n| n.as_object_mut().and_then(|m| m.remove(key)))
            .unwrap_or(Value::Array(Vec::new()));
        if let Some(m) = db.as_object_mut() {
            m.insert(key.to_string(), subnets);
        }
        match old {
            Some(i) => list.insert(i, db),
            None => list.push(db),
        }
    }
}

/// A subnet's prefix in canonical form, for comparing the file's with the
/// database's.
fn prefix_of(v: &Value) -> Option<String> {
    let text = v.get("subnet").and_then(Value::as_str)?;
    Some(match text.trim().parse::<ipnet::IpNet>() {
        Ok(net) => net.to_string(),
        Err(_) => text.trim().to_string(),
    })
}

/// Each database subnet replaces every subnet (plain or in a network) with
/// its id or its prefix, then joins its network (`shared-network-name`) or
/// the plain subnets.
fn merge_subnets(map: &mut Map<String, Value>, fetched: &[Value], family: CbFamily) -> Result<()> {
    let key = family.subnet_key();
    for db in fetched {
        let mut db = without_metadata(db);
        let id = db.get("id").and_then(Value::as_u64);
        let prefix = prefix_of(&db);
        let same = |s: &Value| {
            (id.is_some() && s.get("id").and_then(Value::as_u64) == id)
                || (prefix.is_some() && prefix_of(s) == prefix)
        };
        list_mut(map, key).retain(|s| !same(s));
        for n in list_mut(map, "shared-networks").iter_mut() {
            if let Some(subnets) = n.get_mut(key).and_then(Value::as_array_mut) {
                subnets.retain(|s| !same(s));
            }
        }
        let network = db
            .as_object_mut()
            .and_then(|m| m.remove("shared-network-name"))
            .and_then(|v| v.as_str().map(str::to_string));
        match network {
            None => list_mut(map, key).push(db),
            Some(name) => {
                let networks = list_mut(map, "shared-networks");
                let Some(n) = networks
                    .iter_mut()
                    .find(|n| name_of(n) == Some(name.as_str()))
                else {
                    return Err(failed(
                        family,
                        format!(
                            "Cannot assign subnet ID of {} to shared network: {name}, network does not exist",
                            id.unwrap_or(0)
                        ),
                    ));
                };
                if let Some(m) = n.as_object_mut() {
                    let subnets = m
                        .entry(key.to_string())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Some(list) = subnets.as_array_mut() {
                        list.push(db);
                    }
                }
            }
        }
    }
    if map
        .get("shared-networks")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        map.remove("shared-networks");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fetched() -> FetchedConfig {
        FetchedConfig::default()
    }

    #[test]
    fn a_database_global_replaces_the_files_and_others_stay() {
        let file = json!({"Dhcp4": {"valid-lifetime": 4000, "server-tag": "server1"}});
        let mut f = fetched();
        f.globals.insert("valid-lifetime".into(), json!(7200));
        let m = merge_fetched(&file, &f, CbFamily::V4).expect("merge");
        assert_eq!(m["Dhcp4"]["valid-lifetime"], 7200);
        assert_eq!(m["Dhcp4"]["server-tag"], "server1");
    }

    #[test]
    fn a_database_subnet_replaces_the_file_subnet_with_its_id_or_its_prefix() {
        let file = json!({"Dhcp4": {"subnet4": [
            {"id": 1, "subnet": "192.0.2.0/24"},
            {"id": 2, "subnet": "198.51.100.0/24"},
            {"id": 3, "subnet": "203.0.113.0/24"}
        ]}});
        let mut f = fetched();
        f.subnets = vec![
            json!({"id": 1, "subnet": "10.0.0.0/8"}),
            json!({"id": 9, "subnet": "198.51.100.0/24", "metadata": {"server-tags": ["all"]}}),
        ];
        let m = merge_fetched(&file, &f, CbFamily::V4).expect("merge");
        let ids: Vec<u64> = m["Dhcp4"]["subnet4"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|s| s["id"].as_u64())
            .collect();
        assert_eq!(ids, vec![3, 1, 9]);
        assert!(m["Dhcp4"]["subnet4"][2].get("metadata").is_none());
    }

    #[test]
    fn a_database_network_takes_over_the_file_networks_subnets_and_receives_its_own() {
        let file = json!({"Dhcp6": {"shared-networks": [
            {"name": "net1", "interface": "eth0", "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64"}]}
        ]}});
        let mut f = fetched();
        f.shared_networks = vec![json!({"name": "net1", "rapid-commit": true})];
        f.subnets =
            vec![json!({"id": 2, "subnet": "2001:db8:2::/64", "shared-network-name": "net1"})];
        let m = merge_fetched(&file, &f, CbFamily::V6).expect("merge");
        let net = &m["Dhcp6"]["shared-networks"][0];
        assert_eq!(net["rapid-commit"], true);
        assert!(net.get("interface").is_none());
        assert_eq!(net["subnet6"].as_array().map(Vec::len), Some(2));
        assert!(net["subnet6"][1].get("shared-network-name").is_none());
    }

    #[test]
    fn a_subnet_of_a_missing_network_fails_the_merge_with_keas_words() {
        let file = json!({"Dhcp4": {}});
        let mut f = fetched();
        f.subnets = vec![json!({"id": 5, "subnet": "10.0.0.0/8", "shared-network-name": "nope"})];
        let e = merge_fetched(&file, &f, CbFamily::V4).expect_err("no network");
        assert!(e.to_string().contains(
            "during update from config backend database: Cannot assign subnet ID of 5 to shared network: nope, network does not exist"
        ), "{e}");
    }

    #[test]
    fn database_options_and_definitions_replace_the_files_by_code_or_name() {
        let file = json!({"Dhcp4": {
            "option-def": [{"name": "foo", "code": 222, "type": "uint8"}, {"name": "bar", "code": 223, "type": "uint8"}],
            "option-data": [
                {"name": "domain-name-servers", "data": "192.0.2.1"},
                {"name": "foo", "data": "1"},
                {"code": 15, "data": "example.org"}
            ]
        }});
        let mut f = fetched();
        f.option_defs =
            vec![json!({"name": "foo", "code": 222, "type": "uint32", "space": "dhcp4"})];
        f.options = vec![
            json!({"code": 6, "space": "dhcp4", "data": "192.0.2.53"}),
            json!({"code": 222, "space": "dhcp4", "data": "4242"}),
        ];
        let m = merge_fetched(&file, &f, CbFamily::V4).expect("merge");
        let defs = m["Dhcp4"]["option-def"].as_array().expect("defs");
        assert_eq!(defs.len(), 2);
        assert_eq!(defs[1]["type"], "uint32");
        let opts = m["Dhcp4"]["option-data"].as_array().expect("options");
        assert_eq!(opts.len(), 3, "{opts:?}");
        assert_eq!(opts[0]["code"], 15);
    }

    #[test]
    fn any_database_class_replaces_every_file_class() {
        let file = json!({"Dhcp4": {"client-classes": [{"name": "fileclass"}]}});
        let m = merge_fetched(&file, &fetched(), CbFamily::V4).expect("merge");
        assert_eq!(m["Dhcp4"]["client-classes"][0]["name"], "fileclass");
        let mut f = fetched();
        f.client_classes = vec![json!({"name": "dbclass"})];
        let m = merge_fetched(&file, &f, CbFamily::V4).expect("merge");
        assert_eq!(m["Dhcp4"]["client-classes"], json!([{"name": "dbclass"}]));
    }
}
