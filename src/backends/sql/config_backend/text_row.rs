//! [`TextRow`]: one result row of a config backend query with every column
//! as text (the queries cast each column to text, see `dialect`), so one row
//! type serves every table of both families and both dialects; and
//! [`Cells`], the typed reading of such a row whose failures name the
//! table, the row id and the column ([`CbReadError::BadRow`]).

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, QueryableByName};
use diesel::row::{Field, NamedRow, Row};
use diesel::sql_types::Text;
use serde_json::{Map, Value};

use super::error::CbReadError;

/// One row: its columns by (lower-case) name, NULL as `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextRow {
    cols: Vec<(String, Option<String>)>,
}

impl TextRow {
    /// The value of column `name` (`None`: NULL or not selected).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cols
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

impl<DB> QueryableByName<DB> for TextRow
where
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn build<'a>(row: &impl NamedRow<'a, DB>) -> deserialize::Result<Self> {
        let count = Row::field_count(row);
        let mut cols = Vec::with_capacity(count);
        for i in 0..count {
            let Some(field) = Row::get(row, i) else {
                continue;
            };
            let name = field.field_name().unwrap_or_default().to_ascii_lowercase();
            let value = match field.value() {
                None => None,
                Some(raw) => Some(<String as FromSql<Text, DB>>::from_sql(raw)?),
            };
            cols.push((name, value));
        }
        Ok(Self { cols })
    }
}

/// A row of `table` identified by its id column, read column by column into
/// the types Kea gives them.
#[derive(Debug)]
pub struct Cells<'r> {
    row: &'r TextRow,
    table: &'r str,
    id: i64,
}

impl<'r> Cells<'r> {
    /// The row, whose id is in column `id_column` (an integer, never NULL).
    pub fn new(row: &'r TextRow, table: &'r str, id_column: &str) -> Result<Self, CbReadError> {
        let text = row.get(id_column);
        let id = text.and_then(|t| t.trim().parse::<i64>().ok());
        match id {
            Some(id) => Ok(Self { row, table, id }),
            None => Err(CbReadError::BadRow {
                table: table.to_string(),
                id: 0,
                column: id_column.to_string(),
                reason: format!("not an integer id: {text:?}"),
            }),
        }
    }

    /// The row's id.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The table the row is from.
    pub fn table(&self) -> &str {
        self.table
    }

    /// A [`CbReadError::BadRow`] for `column` of this row.
    pub fn bad(&self, column: &str, reason: impl Into<String>) -> CbReadError {
        CbReadError::BadRow {
            table: self.table.to_string(),
            id: self.id,
            column: column.to_string(),
            reason: reason.into(),
        }
    }

    /// The text of `column` (`None`: NULL).
    pub fn text(&self, column: &str) -> Option<&'r str> {
        self.row.get(column)
    }

    /// The text of a NOT NULL `column`.
    pub fn required(&self, column: &str) -> Result<&'r str, CbReadError> {
        self.text(column)
            .ok_or_else(|| self.bad(column, "NULL where a value is required"))
    }

    /// An integer column.
    pub fn int(&self, column: &str) -> Result<Option<i64>, CbReadError> {
        self.text(column)
            .map(|t| {
                t.trim()
                    .parse::<i64>()
                    .map_err(|_| self.bad(column, format!("'{t}' is not an integer")))
            })
            .transpose()
    }

    /// A NOT NULL integer column.
    pub fn required_int(&self, column: &str) -> Result<i64, CbReadError> {
        self.int(column)?
            .ok_or_else(|| self.bad(column, "NULL where an integer is required"))
    }

    /// A floating-point column (finite values only).
    pub fn real(&self, column: &str) -> Result<Option<f64>, CbReadError> {
        self.text(column)
            .map(|t| {
                parse_real(t).ok_or_else(|| self.bad(column, format!("'{t}' is not a real number")))
            })
            .transpose()
    }

    /// A boolean column: PostgreSQL's `true`/`false`, MySQL's `1`/`0`.
    pub fn bool(&self, column: &str) -> Result<Option<bool>, CbReadError> {
        self.text(column)
            .map(|t| {
                parse_bool(t).ok_or_else(|| self.bad(column, format!("'{t}' is not a boolean")))
            })
            .transpose()
    }

    /// A JSON column.
    pub fn json(&self, column: &str) -> Result<Option<Value>, CbReadError> {
        self.text(column)
            .map(|t| {
                serde_json::from_str::<Value>(t)
                    .map_err(|e| self.bad(column, format!("invalid JSON '{t}': {e}")))
            })
            .transpose()
    }

    /// A JSON map column (`user_context`).
    pub fn json_map(&self, column: &str) -> Result<Option<Map<String, Value>>, CbReadError> {
        match self.json(column)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(other) => Err(self.bad(column, format!("{other} is not a JSON map"))),
        }
    }

    /// A JSON list of strings (`require_client_classes`, `relay`).
    pub fn string_list(&self, column: &str) -> Result<Option<Vec<String>>, CbReadError> {
        let list = match self.json(column)? {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Array(items)) => items,
            Some(other) => return Err(self.bad(column, format!("{other} is not a JSON list"))),
        };
        list.into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(self.bad(column, format!("list element {other} is not a string"))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A binary column, read as hex text (either case), as bytes.
    pub fn hex_bytes(&self, column: &str) -> Result<Option<Vec<u8>>, CbReadError> {
        self.text(column)
            .map(|t| decode_hex(t).ok_or_else(|| self.bad(column, format!("'{t}' is not hex"))))
            .transpose()
    }
}

/// Kea's boolean texts: `1`/`0` (Kea's own writes, MySQL), `true`/`false`
/// (PostgreSQL's text form, hand-written rows).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "1" | "true" | "t" => Some(true),
        "0" | "false" | "f" => Some(false),
        _ => None,
    }
}

/// A finite real number.
pub fn parse_real(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Bytes from hex text (an even number of digits, either case).
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let t = text.trim().as_bytes();
    if !t.len().is_multiple_of(2) {
        return None;
    }
    t.chunks(2)
        .map(|pair| {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cols: &[(&str, Option<&str>)]) -> TextRow {
        TextRow {
            cols: cols
                .iter()
                .map(|(n, v)| (n.to_string(), v.map(str::to_string)))
                .collect(),
        }
    }

    #[test]
    fn typed_cells_parse_or_name_the_column() {
        let r = row(&[
            ("id", Some("7")),
            ("n", Some("abc")),
            ("b", Some("true")),
            ("h", Some("0aFF")),
            ("l", Some(r#"["a","b"]"#)),
        ]);
        let c = Cells::new(&r, "dhcp4_subnet", "id").unwrap();
        assert_eq!(c.id(), 7);
        assert_eq!(c.bool("b").unwrap(), Some(true));
        assert_eq!(c.hex_bytes("h").unwrap(), Some(vec![0x0a, 0xff]));
        assert_eq!(
            c.string_list("l").unwrap(),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(c.int("missing").unwrap(), None);
        match c.int("n") {
            Err(CbReadError::BadRow {
                table, id, column, ..
            }) => {
                assert_eq!(
                    (table.as_str(), id, column.as_str()),
                    ("dhcp4_subnet", 7, "n")
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
