//! `option-def` from `dhcp4_option_def` / `dhcp6_option_def`: global
//! definitions (no `class_id`, visible through `*_option_def_server`) and
//! class-scoped ones (visible with their class), rendered as Kea's
//! `config-get` shows them. Kea 2.2 stores the data type as its numeric
//! `OptionDataType` (0 empty … 17 record) and `record_types` as a JSON list
//! of those numbers; both become Kea's type names here.

use serde_json::{Map, Value};

use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::query::Sql;
use super::target::Target;
use super::text_row::{Cells, TextRow};

/// Kea 2.2's `OptionDataType` names by number; 9 (`any-address`) is
/// internal and has no configuration name, as numbers past 17 do not.
const TYPE_NAMES: [Option<&str>; 18] = [
    Some("empty"),
    Some("binary"),
    Some("boolean"),
    Some("int8"),
    Some("int16"),
    Some("int32"),
    Some("uint8"),
    Some("uint16"),
    Some("uint32"),
    None,
    Some("ipv4-address"),
    Some("ipv6-address"),
    Some("ipv6-prefix"),
    Some("psid"),
    Some("string"),
    Some("tuple"),
    Some("fqdn"),
    Some("record"),
];

/// The name of `OptionDataType` number `n`.
pub fn type_name(n: i64) -> Option<&'static str> {
    usize::try_from(n)
        .ok()
        .and_then(|i| TYPE_NAMES.get(i).copied().flatten())
}

/// Which definitions a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defs {
    /// Global definitions.
    Global,
    /// Definitions scoped to a client class the server sees.
    OfClasses,
}

/// One definition row, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDef {
    /// The class id of a class-scoped definition.
    pub class_id: Option<String>,
    /// Associated with the server's own tag, not only `all` (global ones).
    pub specific: bool,
    /// `(code, space)`: what makes two definitions "the same".
    pub key: (u32, String),
    /// The `option-def` entry.
    pub def: Value,
}

/// The definitions of `which` the server sees, by id.
pub fn query<D: CbDialect>(t: &Target<'_>, which: Defs) -> Sql {
    let p = t.prefix();
    let columns = [
        ("id", Read::Plain),
        ("code", Read::Plain),
        ("name", Read::Plain),
        ("space", Read::Plain),
        ("type", Read::Plain),
        ("is_array", Read::Plain),
        ("encapsulate", Read::Plain),
        ("record_types", Read::Plain),
        ("user_context", Read::Plain),
        ("class_id", Read::Plain),
    ];
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ").columns::<D>("d", &columns);
    match which {
        Defs::Global => {
            sql.push(", ")
                .specific(p, "option_def_server", "option_def_id", "d.id", t.tag)
                .push(&format!(
                    " FROM {p}_option_def AS d WHERE d.class_id IS NULL AND "
                ))
                .visible(p, "option_def_server", "option_def_id", "d.id", t.tag);
        }
        Defs::OfClasses => {
            sql.push(&format!(
                " FROM {p}_option_def AS d WHERE d.class_id IS NOT NULL AND "
            ))
            .visible(p, "client_class_server", "class_id", "d.class_id", t.tag);
        }
    }
    sql.push(" ORDER BY d.id");
    sql
}

/// Renders a definition row as an `option-def` entry: `name`, `code`,
/// `space`, `type`, `array`, `record-types` (`"t1, t2"`, empty when none),
/// `encapsulate` and, when set, `user-context`.
pub fn render(t: &Target<'_>, row: &TextRow) -> Result<StoredDef, CbReadError> {
    let table = t.table("option_def");
    let cells = Cells::new(row, &table, "id")?;
    let code = cells.required_int("code")?;
    let code = u32::try_from(code)
        .map_err(|_| cells.bad("code", format!("{code} is not an option code")))?;
    let data_type = cells.required_int("type")?;
    let data_type = type_name(data_type).ok_or_else(|| {
        cells.bad(
            "type",
            format!("{data_type} is not a Kea 2.2 option data type"),
        )
    })?;
    let space = cells.required("space")?.to_string();
    let mut map = Map::new();
    map.insert("name".into(), Value::from(cells.required("name")?));
    map.insert("code".into(), Value::from(code));
    map.insert("space".into(), Value::from(space.clone()));
    map.insert("type".into(), Value::from(data_type));
    map.insert(
        "array".into(),
        Value::Bool(cells.bool("is_array")?.unwrap_or(false)),
    );
    map.insert("record-types".into(), Value::String(record_types(&cells)?));
    map.insert(
        "encapsulate".into(),
        Value::from(cells.text("encapsulate").unwrap_or_default()),
    );
    if let Some(context) = cells.json_map("user_context")? {
        map.insert("user-context".into(), Value::Object(context));
    }
    Ok(StoredDef {
        class_id: cells.text("class_id").map(str::to_string),
        specific: cells.bool("own_tag")?.unwrap_or(false),
        key: (code, space),
        def: Value::Object(map),
    })
}

/// `record_types` (a JSON list of type numbers) as Kea's `"t1, t2"`.
fn record_types(cells: &Cells<'_>) -> Result<String, CbReadError> {
    const COLUMN: &str = "record_types";
    if cells.text(COLUMN).is_none_or(|t| t.trim().is_empty()) {
        return Ok(String::new());
    }
    let items = match cells.json(COLUMN)? {
        None | Some(Value::Null) => return Ok(String::new()),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(cells.bad(COLUMN, format!("{other} is not a JSON list"))),
    };
    let names = items
        .iter()
        .map(|item| {
            item.as_i64().and_then(type_name).ok_or_else(|| {
                cells.bad(COLUMN, format!("{item} is not a Kea 2.2 option data type"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::type_name;

    #[test]
    fn kea_type_numbers_map_to_names() {
        assert_eq!(type_name(0), Some("empty"));
        assert_eq!(type_name(8), Some("uint32"));
        assert_eq!(type_name(9), None);
        assert_eq!(type_name(10), Some("ipv4-address"));
        assert_eq!(type_name(17), Some("record"));
        assert_eq!(type_name(18), None);
        assert_eq!(type_name(-1), None);
    }
}
