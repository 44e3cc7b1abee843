//! `subnet4` / `subnet6` entries from `dhcp4_subnet` / `dhcp6_subnet`: `id`,
//! `subnet`, `shared-network-name` when the subnet belongs to a network,
//! the DHCPv4-over-DHCPv6 columns (v4), the parameter columns of §2.4, and
//! the subnet's pools, pd-pools (v6) and options.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::config::config_backend::CbFamily;

use super::columns::{self, Param, SUBNET, SUBNET4};
use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::query::Sql;
use super::shared_networks::network_params;
use super::target::Target;
use super::text_row::{Cells, TextRow};

/// The subnet's own columns (network membership, 4o6), then the network
/// parameters, in key order.
fn subnet_params(family: CbFamily) -> Vec<&'static [Param]> {
    let mut groups: Vec<&'static [Param]> = vec![SUBNET];
    if family == CbFamily::V4 {
        groups.push(SUBNET4);
    }
    groups.extend(network_params(family));
    groups
}

/// The subnets the server sees, by subnet id.
pub fn query<D: CbDialect>(t: &Target<'_>) -> Sql {
    let p = t.prefix();
    let mut select = vec![("subnet_id", Read::Plain), ("subnet_prefix", Read::Plain)];
    select.extend(columns::select_list(&subnet_params(t.family)));
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ")
        .columns::<D>("sn", &select)
        .push(&format!(" FROM {p}_subnet AS sn WHERE "))
        .visible(p, "subnet_server", "subnet_id", "sn.subnet_id", t.tag)
        .push(" ORDER BY sn.subnet_id");
    sql
}

/// What a subnet entry is assembled from, each grouped by subnet id.
#[derive(Debug, Default)]
pub struct Children {
    /// `pools` entries.
    pub pools: HashMap<String, Vec<Value>>,
    /// `pd-pools` entries (DHCPv6).
    pub pd_pools: HashMap<String, Vec<Value>>,
    /// `option-data` entries.
    pub options: HashMap<String, Vec<Value>>,
}

/// A subnet row as a `subnet4` / `subnet6` entry.
pub fn render(t: &Target<'_>, row: &TextRow, children: &Children) -> Result<Value, CbReadError> {
    let table = t.table("subnet");
    let cells = Cells::new(row, &table, "subnet_id")?;
    let id = cells.id();
    let key = id.to_string();
    let own =
        |m: &HashMap<String, Vec<Value>>| Value::Array(m.get(&key).cloned().unwrap_or_default());
    let mut map = Map::new();
    map.insert("id".into(), Value::from(id));
    map.insert(
        "subnet".into(),
        Value::from(cells.required("subnet_prefix")?),
    );
    columns::render(&cells, &subnet_params(t.family), &mut map)?;
    map.insert("pools".into(), own(&children.pools));
    if t.family == CbFamily::V6 {
        map.insert("pd-pools".into(), own(&children.pd_pools));
    }
    map.insert("option-data".into(), own(&children.options));
    Ok(Value::Object(map))
}
