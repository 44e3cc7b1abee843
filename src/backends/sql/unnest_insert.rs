//! A many-row INSERT for PostgreSQL with one fixed SQL text: every column is
//! bound as one array and expanded by `unnest`, so a batch of any size is the
//! same prepared statement (diesel-async caches it per connection). Used by
//! group commit ([`super::group_commit`]).

/// Defines `$name::new(&[$row])` and its statement:
/// `INSERT INTO $table ($columns) SELECT * FROM unnest($1, $2, ..)
/// ON CONFLICT ($key) DO NOTHING RETURNING $key` — the keys of the rows that
/// were inserted (a row whose key is taken is skipped, not an error). The
/// field order must be the order of `$columns`; `$rust` is the field's type.
macro_rules! unnest_insert {
    ($name:ident, $row:ty, $table:literal, $columns:literal, $key:literal, $key_sql:ty,
     $( $field:ident : $rust:ty => $sql:ty ),+ $(,)?) => {
        /// The batch INSERT of many rows (see `unnest_insert`).
        struct $name {
            $( $field: Vec<$rust>, )+
        }

        impl $name {
            fn new(rows: &[$row]) -> Self {
                Self {
                    $( $field: rows.iter().map(|r| r.$field.clone()).collect(), )+
                }
            }
        }

        impl diesel::query_builder::QueryId for $name {
            type QueryId = $name;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl diesel::query_builder::Query for $name {
            type SqlType = $key_sql;
        }

        impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for $name {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
            ) -> diesel::QueryResult<()> {
                #[allow(unused_imports)]
                use diesel::sql_types::*;
                out.push_sql(concat!(
                    "INSERT INTO ", $table, " (", $columns, ") SELECT * FROM unnest("
                ));
                let mut first = true;
                $(
                    if !std::mem::take(&mut first) {
                        out.push_sql(", ");
                    }
                    out.push_bind_param::<Array<$sql>, _>(&self.$field)?;
                )+
                out.push_sql(concat!(") ON CONFLICT (", $key, ") DO NOTHING RETURNING ", $key));
                Ok(())
            }
        }
    };
}

pub(super) use unnest_insert;
