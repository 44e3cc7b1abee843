//! Scalar global parameters from `dhcp4_global_parameter` /
//! `dhcp6_global_parameter`: the text `value` typed by `parameter_type`
//! (Kea's `Element::types`: 0 integer, 1 real, 2 boolean stored `1`/`0`
//! (`true`/`false` accepted too), 4 string), the server's own row winning
//! over the `all` row of the same name.

use serde_json::{Map, Value};

use super::columns::real;
use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::precedence::prefer_specific;
use super::query::Sql;
use super::target::Target;
use super::text_row::{parse_bool, parse_real, Cells, TextRow};

/// The global parameters the server sees, by id.
pub fn query<D: CbDialect>(t: &Target<'_>) -> Sql {
    let p = t.prefix();
    let columns = [
        ("id", Read::Plain),
        ("name", Read::Plain),
        ("value", Read::Plain),
        ("parameter_type", Read::Plain),
    ];
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ")
        .columns::<D>("g", &columns)
        .push(", ")
        .specific(p, "global_parameter_server", "parameter_id", "g.id", t.tag)
        .push(&format!(" FROM {p}_global_parameter AS g WHERE "))
        .visible(p, "global_parameter_server", "parameter_id", "g.id", t.tag)
        .push(" ORDER BY g.id");
    sql
}

/// The globals of `rows` by name, typed, one per name.
pub fn render(t: &Target<'_>, rows: &[TextRow]) -> Result<Map<String, Value>, CbReadError> {
    let table = t.table("global_parameter");
    let mut typed = Vec::with_capacity(rows.len());
    for row in rows {
        let cells = Cells::new(row, &table, "id")?;
        let name = cells.required("name")?.to_string();
        let value = typed_value(&cells)?;
        let specific = cells.bool("own_tag")?.unwrap_or(false);
        typed.push((name.clone(), specific, (name, value)));
    }
    Ok(prefer_specific(typed).into_iter().collect())
}

/// A row's `value` as the JSON type `parameter_type` names.
fn typed_value(cells: &Cells<'_>) -> Result<Value, CbReadError> {
    let text = cells.required("value")?;
    let kind = cells.required_int("parameter_type")?;
    let wrong = |what: &str| {
        cells.bad(
            "value",
            format!("'{text}' is not {what} (parameter_type {kind})"),
        )
    };
    match kind {
        0 => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| wrong("an integer")),
        1 => {
            let v = parse_real(text).ok_or_else(|| wrong("a real number"))?;
            real(cells, "value", v)
        }
        2 => parse_bool(text)
            .map(Value::Bool)
            .ok_or_else(|| wrong("a boolean (1 or 0)")),
        4 => Ok(Value::String(text.to_string())),
        other => Err(cells.bad(
            "parameter_type",
            format!("{other} is not a scalar type (0 integer, 1 real, 2 boolean, 4 string)"),
        )),
    }
}
