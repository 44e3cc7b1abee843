//! [`Sql`]: a statement's text and its bound values, built in text order so
//! each value lands on its own placeholder in either dialect (`$n` on
//! PostgreSQL, `?` on MySQL).

use super::dialect::{CbDialect, Read};

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bind {
    /// A text value (a server tag).
    Text(String),
    /// An integer value (a cursor).
    Int(i64),
}

/// A statement under construction: text with placeholders, and the values
/// in placeholder order.
#[derive(Debug, Clone)]
pub struct Sql {
    /// The statement text.
    pub text: String,
    /// The bound values, in placeholder order.
    pub binds: Vec<Bind>,
    placeholder: fn(usize) -> String,
}

impl Sql {
    /// An empty statement in dialect `D`.
    pub fn new<D: CbDialect>() -> Self {
        Self {
            text: String::new(),
            binds: Vec::new(),
            placeholder: D::placeholder,
        }
    }

    /// Appends text.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: Bind) -> &mut Self {
        self.binds.push(value);
        let p = (self.placeholder)(self.binds.len());
        self.text.push_str(&p);
        self
    }

    /// Appends the select list `expr AS alias, ...` of `columns` read from
    /// table alias `table` (`(column, how it is read)`), each cast to text.
    pub fn columns<D: CbDialect>(&mut self, table: &str, columns: &[(&str, Read)]) -> &mut Self {
        for (i, (column, read)) in columns.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            let expr = format!("{table}.{}", D::column(column));
            self.push(&D::as_text(*read, &expr))
                .push(" AS ")
                .push(column);
        }
        self
    }

    /// Appends `EXISTS (...)`: the object whose id is `owner` (an SQL
    /// expression) has a row in `{prefix}_{assoc}` (column `fk`) for server
    /// `all` or the server tagged `tag`.
    pub fn visible(
        &mut self,
        prefix: &str,
        assoc: &str,
        fk: &str,
        owner: &str,
        tag: &str,
    ) -> &mut Self {
        self.push(&format!(
            "EXISTS (SELECT 1 FROM {prefix}_{assoc} AS vis_a \
             INNER JOIN {prefix}_server AS vis_s ON vis_a.server_id = vis_s.id \
             WHERE vis_a.{fk} = {owner} AND (vis_s.tag = "
        ))
        .bind(Bind::Text(tag.to_string()))
        .push(" OR vis_s.id = 1))")
    }

    /// Appends the select-list item `own_tag`: `1` when the object `owner`
    /// is associated with the server tagged `tag` itself (not only with
    /// `all`), else `0`; such an object wins over an `all` one with the same
    /// key, as Kea's fetch does.
    pub fn specific(
        &mut self,
        prefix: &str,
        assoc: &str,
        fk: &str,
        owner: &str,
        tag: &str,
    ) -> &mut Self {
        self.push(&format!(
            "CASE WHEN EXISTS (SELECT 1 FROM {prefix}_{assoc} AS spec_a \
             INNER JOIN {prefix}_server AS spec_s ON spec_a.server_id = spec_s.id \
             WHERE spec_a.{fk} = {owner} AND spec_s.id <> 1 AND spec_s.tag = "
        ))
        .bind(Bind::Text(tag.to_string()))
        .push(") THEN '1' ELSE '0' END AS own_tag")
    }
}
