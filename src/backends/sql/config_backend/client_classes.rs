//! `client-classes` entries from `dhcp4_client_class` / `dhcp6_client_class`
//! in `*_client_class_order` order (a class without an order row is not
//! read, as in Kea): `name`, `test` (when not empty), `only-if-required`
//! (when set), the class's `option-def` (DHCPv4 only, as Kea's `config-get`)
//! and `option-data`, the boot fields (v4), lifetimes and `user-context`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::config::config_backend::CbFamily;

use super::columns::{self, Param, CLASS4, CLASS6, CLASS_COMMON};
use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::query::Sql;
use super::target::Target;
use super::text_row::{Cells, TextRow};

/// The parameter columns of a family's classes.
fn class_params(family: CbFamily) -> [&'static [Param]; 2] {
    match family {
        CbFamily::V4 => [CLASS4, CLASS_COMMON],
        CbFamily::V6 => [CLASS6, CLASS_COMMON],
    }
}

/// The classes the server sees, in the database's class order.
pub fn query<D: CbDialect>(t: &Target<'_>) -> Sql {
    let p = t.prefix();
    let mut select = vec![
        ("id", Read::Plain),
        ("name", Read::Plain),
        ("test", Read::Plain),
        ("only_if_required", Read::Plain),
    ];
    select.extend(columns::select_list(&class_params(t.family)));
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ")
        .columns::<D>("c", &select)
        .push(&format!(
            " FROM {p}_client_class AS c INNER JOIN {p}_client_class_order AS ord \
             ON c.id = ord.class_id WHERE "
        ))
        .visible(p, "client_class_server", "class_id", "c.id", t.tag)
        .push(" ORDER BY ord.order_index, c.id");
    sql
}

/// A class row as a `client-classes` entry, with its option definitions
/// (by class id) and options (by class name).
pub fn render(
    t: &Target<'_>,
    row: &TextRow,
    defs: &HashMap<String, Vec<Value>>,
    options: &HashMap<String, Vec<Value>>,
) -> Result<Value, CbReadError> {
    let table = t.table("client_class");
    let cells = Cells::new(row, &table, "id")?;
    let name = cells.required("name")?;
    let mut map = Map::new();
    map.insert("name".into(), Value::from(name));
    if let Some(test) = cells.text("test").filter(|s| !s.is_empty()) {
        map.insert("test".into(), Value::from(test));
    }
    if cells.bool("only_if_required")?.unwrap_or(false) {
        map.insert("only-if-required".into(), Value::Bool(true));
    }
    if t.family == CbFamily::V4 {
        let own = defs
            .get(&cells.id().to_string())
            .cloned()
            .unwrap_or_default();
        map.insert("option-def".into(), Value::Array(own));
    }
    let own = options.get(name).cloned().unwrap_or_default();
    map.insert("option-data".into(), Value::Array(own));
    columns::render(&cells, &class_params(t.family), &mut map)?;
    Ok(Value::Object(map))
}
