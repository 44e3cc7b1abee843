//! `pools` (`dhcp4_pool` / `dhcp6_pool`) and DHCPv6 `pd-pools`
//! (`dhcp6_pd_pool`) of the subnets the server sees, each with its options
//! (scope 5 / 6), grouped by subnet id.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::config::config_backend::CbFamily;

use super::columns::{self, POOL};
use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::query::Sql;
use super::target::Target;
use super::text_row::{Cells, TextRow};

/// The address pools of the subnets the server sees, by id.
pub fn query<D: CbDialect>(t: &Target<'_>) -> Sql {
    let p = t.prefix();
    let address = match t.family {
        CbFamily::V4 => Read::Inet4,
        CbFamily::V6 => Read::Inet6,
    };
    let mut select = vec![
        ("id", Read::Plain),
        ("subnet_id", Read::Plain),
        ("start_address", address),
        ("end_address", address),
    ];
    select.extend(columns::select_list(&[POOL]));
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ")
        .columns::<D>("pl", &select)
        .push(&format!(" FROM {p}_pool AS pl WHERE "))
        .visible(p, "subnet_server", "subnet_id", "pl.subnet_id", t.tag)
        .push(" ORDER BY pl.id");
    sql
}

/// The prefix delegation pools of the DHCPv6 subnets the server sees, by id.
pub fn pd_query<D: CbDialect>(t: &Target<'_>) -> Sql {
    let mut select = vec![
        ("id", Read::Plain),
        ("subnet_id", Read::Plain),
        ("prefix", Read::Plain),
        ("prefix_length", Read::Plain),
        ("delegated_prefix_length", Read::Plain),
        ("excluded_prefix", Read::Plain),
        ("excluded_prefix_length", Read::Plain),
    ];
    select.extend(columns::select_list(&[POOL]));
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ")
        .columns::<D>("pd", &select)
        .push(" FROM dhcp6_pd_pool AS pd WHERE ")
        .visible(
            t.prefix(),
            "subnet_server",
            "subnet_id",
            "pd.subnet_id",
            t.tag,
        )
        .push(" ORDER BY pd.id");
    sql
}

/// Pool rows as `pools` entries (`"pool": "first - last"`) with their
/// options (by pool id), grouped by subnet id.
pub fn render(
    t: &Target<'_>,
    rows: &[TextRow],
    options: &HashMap<String, Vec<Value>>,
) -> Result<HashMap<String, Vec<Value>>, CbReadError> {
    let table = t.table("pool");
    let mut by_subnet: HashMap<String, Vec<Value>> = HashMap::new();
    for row in rows {
        let cells = Cells::new(row, &table, "id")?;
        let first = cells.required("start_address")?;
        let last = cells.required("end_address")?;
        let mut map = Map::new();
        map.insert("pool".into(), Value::String(format!("{first} - {last}")));
        columns::render(&cells, &[POOL], &mut map)?;
        let own = options
            .get(&cells.id().to_string())
            .cloned()
            .unwrap_or_default();
        map.insert("option-data".into(), Value::Array(own));
        let subnet = cells.required_int("subnet_id")?.to_string();
        by_subnet
            .entry(subnet)
            .or_default()
            .push(Value::Object(map));
    }
    Ok(by_subnet)
}

/// Prefix delegation pool rows as `pd-pools` entries with their options
/// (by pd-pool id), grouped by subnet id. The excluded prefix is shown when
/// set with a non-zero length (Kea stores "none" as length 0).
pub fn render_pd(
    t: &Target<'_>,
    rows: &[TextRow],
    options: &HashMap<String, Vec<Value>>,
) -> Result<HashMap<String, Vec<Value>>, CbReadError> {
    let table = t.table("pd_pool");
    let mut by_subnet: HashMap<String, Vec<Value>> = HashMap::new();
    for row in rows {
        let cells = Cells::new(row, &table, "id")?;
        let mut map = Map::new();
        map.insert("prefix".into(), Value::from(cells.required("prefix")?));
        map.insert(
            "prefix-len".into(),
            Value::from(cells.required_int("prefix_length")?),
        );
        map.insert(
            "delegated-len".into(),
            Value::from(cells.required_int("delegated_prefix_length")?),
        );
        let excluded = cells.text("excluded_prefix").filter(|e| !e.is_empty());
        let excluded_len = cells.int("excluded_prefix_length")?.unwrap_or(0);
        if let (Some(prefix), true) = (excluded, excluded_len > 0) {
            map.insert("excluded-prefix".into(), Value::from(prefix));
            map.insert("excluded-prefix-len".into(), Value::from(excluded_len));
        }
        columns::render(&cells, &[POOL], &mut map)?;
        let own = options
            .get(&cells.id().to_string())
            .cloned()
            .unwrap_or_default();
        map.insert("option-data".into(), Value::Array(own));
        let subnet = cells.required_int("subnet_id")?.to_string();
        by_subnet
            .entry(subnet)
            .or_default()
            .push(Value::Object(map));
    }
    Ok(by_subnet)
}
