//! `shared-networks` entries from `dhcp4_shared_network` /
//! `dhcp6_shared_network`: `name`, the parameter columns of §2.4 and the
//! network's options (scope 4); without their subnets, which carry
//! `shared-network-name` instead.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::config::config_backend::CbFamily;

use super::columns::{self, Param, NETWORK4, NETWORK6, NETWORK_COMMON};
use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::query::Sql;
use super::target::Target;
use super::text_row::{Cells, TextRow};

/// The parameter columns of a family's networks and subnets.
pub fn network_params(family: CbFamily) -> [&'static [Param]; 2] {
    match family {
        CbFamily::V4 => [NETWORK_COMMON, NETWORK4],
        CbFamily::V6 => [NETWORK_COMMON, NETWORK6],
    }
}

/// The shared networks the server sees, by id.
pub fn query<D: CbDialect>(t: &Target<'_>) -> Sql {
    let p = t.prefix();
    let mut select = vec![("id", Read::Plain), ("name", Read::Plain)];
    select.extend(columns::select_list(&network_params(t.family)));
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ")
        .columns::<D>("n", &select)
        .push(&format!(" FROM {p}_shared_network AS n WHERE "))
        .visible(
            p,
            "shared_network_server",
            "shared_network_id",
            "n.id",
            t.tag,
        )
        .push(" ORDER BY n.id");
    sql
}

/// A network row as a `shared-networks` entry, with its options (by
/// network name).
pub fn render(
    t: &Target<'_>,
    row: &TextRow,
    options: &HashMap<String, Vec<Value>>,
) -> Result<Value, CbReadError> {
    let table = t.table("shared_network");
    let cells = Cells::new(row, &table, "id")?;
    let name = cells.required("name")?;
    let mut map = Map::new();
    map.insert("name".into(), Value::from(name));
    columns::render(&cells, &network_params(t.family), &mut map)?;
    let own = options.get(name).cloned().unwrap_or_default();
    map.insert("option-data".into(), Value::Array(own));
    Ok(Value::Object(map))
}
