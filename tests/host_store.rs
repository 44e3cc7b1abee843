//! The host backend battery instantiated for the in-memory store and for
//! PostgreSQL and MySQL, each on a database made by ruru's migrations and on one
//! made by Kea 2.2's `kea-admin db-init` (see `support::db`); plus the
//! `readonly` refusal of the SQL stores.

mod support;

use ruru::backends::host_memory::MemHostStore;
use ruru::backends::sql::{HostDbError, MysqlHostStore, PgHostStore};
use ruru::backends::HostStore;
use ruru::config::model::{IdentifierType, SqlKind};
use support::db::TestDb;
use support::host_battery::{host, host_store_battery};

async fn memory() -> (MemHostStore, ()) {
    (MemHostStore::new(), ())
}

async fn pg_ruru() -> (PgHostStore, TestDb) {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let store = PgHostStore::connect(&db.config(), false)
        .await
        .expect("connect");
    (store, db)
}

async fn mysql_ruru() -> (MysqlHostStore, TestDb) {
    let db = TestDb::with_ruru_schema(SqlKind::Mysql).await;
    let store = MysqlHostStore::connect(&db.config(), false)
        .await
        .expect("connect");
    (store, db)
}

async fn pg_kea() -> (PgHostStore, TestDb) {
    let db = TestDb::with_kea_schema(SqlKind::Postgresql).await;
    let store = PgHostStore::connect(&db.config(), false)
        .await
        .expect("connect");
    (store, db)
}

async fn mysql_kea() -> (MysqlHostStore, TestDb) {
    let db = TestDb::with_kea_schema(SqlKind::Mysql).await;
    let store = MysqlHostStore::connect(&db.config(), false)
        .await
        .expect("connect");
    (store, db)
}

host_store_battery!(memory_store, memory);
host_store_battery!(postgresql, pg_ruru);
host_store_battery!(mysql, mysql_ruru);
host_store_battery!(postgresql_kea_made, pg_kea);
host_store_battery!(mysql_kea_made, mysql_kea);

async fn readonly_refuses_writes<S: HostStore<Error = HostDbError>>(s: S, expected: &str) {
    let err = s.add4(&host(1, 10, 1)).await.expect_err("add on readonly");
    assert_eq!(err.to_string(), expected);
    let err = s
        .del4_by_identifier(1, IdentifierType::HwAddress, &[2, 0, 0, 0, 0, 1])
        .await
        .expect_err("delete on readonly");
    assert_eq!(err.to_string(), expected);
    assert!(s.get_all4(1).await.expect("reads still work").is_empty());
}

#[tokio::test]
async fn postgresql_readonly_hosts_database_refuses_writes_with_keas_message() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let store = PgHostStore::connect(&db.config(), true)
        .await
        .expect("connect");
    readonly_refuses_writes(
        store,
        "PostgreSQL host database backend is configured to operate in read only mode",
    )
    .await;
}

#[tokio::test]
async fn mysql_readonly_hosts_database_refuses_writes_with_keas_message() {
    let db = TestDb::with_ruru_schema(SqlKind::Mysql).await;
    let store = MysqlHostStore::connect(&db.config(), true)
        .await
        .expect("connect");
    readonly_refuses_writes(
        store,
        "MySQL host database backend is configured to operate in read only mode",
    )
    .await;
}
