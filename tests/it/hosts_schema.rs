//! ruru's migrations create the host reservation part of Kea 2.2's schema with
//! Kea's layout: the same columns (names, order, types, nullability,
//! defaults), the same unique keys on `hosts`, and the same lookup rows, as a
//! database made by `kea-admin db-init`. (The configuration-backend tables, and
//! the foreign keys and audit triggers they add to the options tables, are
//! migration 000003, compared in `sql_schema.rs`.)

use std::collections::BTreeSet;

use crate::support::db::TestDb;
use mysql_async::prelude::Queryable;
use ruru::config::model::SqlKind;

const HOST_TABLES: &str =
    "'hosts','dhcp4_options','dhcp6_options','ipv6_reservations','host_identifier_type','dhcp_option_scope'";

async fn rows(db: &TestDb, sql: &str) -> BTreeSet<String> {
    match db.kind {
        SqlKind::Postgresql => db
            .pg_client()
            .await
            .simple_query(sql)
            .await
            .expect(sql)
            .into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => Some(
                    (0..r.len())
                        .map(|i| r.get(i).unwrap_or("NULL").to_string())
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                _ => None,
            })
            .collect(),
        SqlKind::Mysql => {
            let mut c = db.mysql_conn().await;
            let rows: Vec<mysql_async::Row> = c.query(sql).await.expect(sql);
            rows.into_iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| match r.as_ref(i) {
                            Some(mysql_async::Value::NULL) | None => "NULL".to_string(),
                            Some(mysql_async::Value::Bytes(b)) => {
                                String::from_utf8_lossy(b).into_owned()
                            }
                            Some(v) => v.as_sql(true),
                        })
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect()
        }
    }
}

async fn layout(db: &TestDb) -> Vec<(&'static str, BTreeSet<String>)> {
    let queries: Vec<(&'static str, String)> = match db.kind {
        SqlKind::Postgresql => vec![
            (
                "columns",
                format!(
                    "SELECT table_name, column_name, ordinal_position, data_type, \
                 character_maximum_length, is_nullable, column_default \
                 FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name IN ({HOST_TABLES})"
                ),
            ),
            (
                "unique indexes of hosts",
                "SELECT indexname, indexdef FROM pg_indexes \
                 WHERE schemaname = 'public' AND tablename = 'hosts' AND indexdef LIKE '%UNIQUE%'"
                    .to_string(),
            ),
        ],
        SqlKind::Mysql => vec![
            (
                "columns",
                format!(
                    "SELECT table_name, column_name, ordinal_position, column_type, \
                 is_nullable, column_default \
                 FROM information_schema.columns \
                 WHERE table_schema = DATABASE() AND table_name IN ({HOST_TABLES})"
                ),
            ),
            (
                "unique indexes of hosts",
                "SELECT index_name, seq_in_index, column_name \
                 FROM information_schema.statistics WHERE table_schema = DATABASE() \
                 AND table_name = 'hosts' AND non_unique = 0"
                    .to_string(),
            ),
        ],
    };
    let mut out = Vec::new();
    for (what, sql) in queries {
        out.push((what, rows(db, &sql).await));
    }
    out.push((
        "identifier types",
        rows(db, "SELECT type, name FROM host_identifier_type").await,
    ));
    out.push((
        "option scopes",
        rows(db, "SELECT scope_id, scope_name FROM dhcp_option_scope").await,
    ));
    out
}

async fn same_host_layout_as_kea(kind: SqlKind) {
    let ruru = TestDb::with_ruru_schema(kind).await;
    let kea = TestDb::with_kea_schema(kind).await;
    let (ours, theirs) = (layout(&ruru).await, layout(&kea).await);
    for ((what, a), (_, b)) in ours.iter().zip(theirs.iter()) {
        assert!(!b.is_empty(), "{what}: Kea's database has none");
        let only_ruru: Vec<_> = a.difference(b).collect();
        let only_kea: Vec<_> = b.difference(a).collect();
        assert!(
            only_ruru.is_empty() && only_kea.is_empty(),
            "{kind:?} {what} differ:\n only ruru: {only_ruru:#?}\n only Kea: {only_kea:#?}"
        );
    }
}

#[tokio::test]
async fn postgresql_migrations_give_keas_host_layout() {
    same_host_layout_as_kea(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_migrations_give_keas_host_layout() {
    same_host_layout_as_kea(SqlKind::Mysql).await;
}
