//! A one-row INSERT that diesel-async prepares once per connection. diesel's
//! own `insert_into(..).values(row)` is never cached (any value could be
//! `DEFAULT`, so the SQL text is not fixed): every lease would be parsed
//! again (PostgreSQL) or prepared and closed again (MySQL, three round trips).

/// Defines `$name<'a>(&'a $row)`: `INSERT INTO $table ($columns) VALUES (..)`
/// with every listed field bound with its SQL type, a statement with a static
/// query id. The field order must be the order of `$columns`.
macro_rules! cached_insert {
    ($name:ident, $row:ty, $backend:ty, $table:literal, $columns:literal,
     $( $field:ident : $sql:ty ),+ $(,)?) => {
        /// The cached INSERT of one row (see `cached_insert`).
        struct $name<'a>(&'a $row);

        impl diesel::query_builder::QueryId for $name<'_> {
            type QueryId = $name<'static>;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl diesel::query_builder::QueryFragment<$backend> for $name<'_> {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, $backend>,
            ) -> diesel::QueryResult<()> {
                #[allow(unused_imports)]
                use diesel::sql_types::*;
                out.push_sql(concat!("INSERT INTO ", $table, " (", $columns, ") VALUES ("));
                let mut first = true;
                $(
                    if !std::mem::take(&mut first) {
                        out.push_sql(", ");
                    }
                    out.push_bind_param::<$sql, _>(&self.0.$field)?;
                )+
                out.push_sql(")");
                Ok(())
            }
        }
    };
}

pub(super) use cached_insert;
