//! The host backend battery instantiated for the in-memory store and for
//! PostgreSQL and MySQL, each on a database made by ruru's migrations and on one
//! made by Kea 2.2's `kea-admin db-init` (see `crate::support::db`); plus the
//! `readonly` refusal of the SQL stores. The DHCPv6 half (`host6_battery`) runs
//! on the same five stores, plus rows written the way Kea 2.2 writes them.

use crate::support::db::TestDb;
use crate::support::host6_battery::{addr, duid, host6, host6_store_battery, prefix};
use crate::support::host_battery::{host, host_store_battery};
use ruru::backends::host_memory::MemHostStore;
use ruru::backends::sql::{HostDbError, MysqlHostStore, PgHostStore};
use ruru::backends::HostStore;
use ruru::config::model::{IdentifierType, SqlKind};

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

host6_store_battery!(memory_store6, memory);
host6_store_battery!(postgresql6, pg_ruru);
host6_store_battery!(mysql6, mysql_ruru);
host6_store_battery!(postgresql_kea_made6, pg_kea);
host6_store_battery!(mysql_kea_made6, mysql_kea);

async fn readonly_refuses_writes<S: HostStore<Error = HostDbError>>(s: S, expected: &str) {
    let err = s.add4(&host(1, 10, 1)).await.expect_err("add on readonly");
    assert_eq!(err.to_string(), expected);
    let err = s
        .del4_by_identifier(1, IdentifierType::HwAddress, &[2, 0, 0, 0, 0, 1])
        .await
        .expect_err("delete on readonly");
    assert_eq!(err.to_string(), expected);
    assert!(s.get_all4(1).await.expect("reads still work").is_empty());
    let err = s
        .add6(&host6(1, 0x10, 1))
        .await
        .expect_err("add6 on readonly");
    assert_eq!(err.to_string(), expected);
    let err = s
        .del6_by_address(1, addr(1, 0x10))
        .await
        .expect_err("delete6 on readonly");
    assert_eq!(err.to_string(), expected);
    assert!(s.get_all6(1).await.expect("reads still work").is_empty());
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

/// A DHCPv6 host as Kea 2.2's `PgSqlHostDataSource::add` / MySQL `add` write
/// it: `dhcp4_subnet_id` NULL, `ipv4_address` and next-server 0, empty
/// strings for unset names and classes, one address and one prefix row
/// (text address, `dhcp6_iaid` NULL), a text option and a hex option of
/// scope 3.
async fn kea_written_v6_host_reads_back(kind: SqlKind) {
    let db = TestDb::with_kea_schema(kind).await;
    let (ident, hex_opt, t) = match kind {
        SqlKind::Postgresql => (
            "'\\x00030001020000000001'::bytea",
            "'\\x076578616d706c65036f726700'::bytea",
            "'t'",
        ),
        SqlKind::Mysql => (
            "x'00030001020000000001'",
            "x'076578616d706c65036f726700'",
            "1",
        ),
    };
    db.execute(&format!(
        "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, \
           dhcp6_subnet_id, ipv4_address, hostname, dhcp4_client_classes, \
           dhcp6_client_classes, user_context, dhcp4_next_server, dhcp4_server_hostname, \
           dhcp4_boot_file_name, auth_key) \
         VALUES ({ident}, 1, NULL, 7, 0, 'kea6.example.org', '', 'gold', NULL, 0, '', '', NULL);"
    ))
    .await;
    db.execute(
        "INSERT INTO ipv6_reservations (address, prefix_len, type, dhcp6_iaid, host_id) \
         VALUES ('2001:db8:7::10', 128, 0, NULL, (SELECT MAX(host_id) FROM hosts)), \
                ('2001:db8:7:1000::', 56, 2, NULL, (SELECT MAX(host_id) FROM hosts));",
    )
    .await;
    db.execute(&format!(
        "INSERT INTO dhcp6_options (code, value, formatted_value, space, persistent, \
           user_context, dhcp_client_class, dhcp6_subnet_id, host_id, scope_id) \
         VALUES (23, NULL, '2001:db8::53', 'dhcp6', {f}, NULL, NULL, NULL, \
                 (SELECT MAX(host_id) FROM hosts), 3), \
                (24, {hex_opt}, NULL, 'dhcp6', {t}, NULL, NULL, NULL, \
                 (SELECT MAX(host_id) FROM hosts), 3);",
        f = if kind == SqlKind::Postgresql {
            "'f'"
        } else {
            "0"
        }
    ))
    .await;
    let store =
        ruru::backends::host_backend::HostBackend::open(&ruru::config::model::HostsDatabase {
            db: db.config(),
            readonly: false,
        })
        .await
        .expect("open");
    let got = store
        .get6(7, IdentifierType::Duid, &duid(1))
        .await
        .expect("get6")
        .expect("the Kea-written host");
    assert_eq!(got.ip_addresses, vec![addr(7, 0x10)]);
    assert_eq!(got.prefixes, vec![prefix(7, 0x10)]);
    assert_eq!(got.hostname.as_deref(), Some("kea6.example.org"));
    assert_eq!(got.client_classes, vec!["gold".to_string()]);
    assert_eq!(got.user_context, None);
    let mut expected = host6(1, 0x10, 7).options;
    expected[0].formatted_value = Some("2001:db8::53".into());
    assert_eq!(got.options, expected);
    assert!(store
        .get4(7, IdentifierType::Duid, &duid(1))
        .await
        .expect("get4")
        .is_none());
    assert_eq!(
        store
            .get6_by_address(7, prefix(7, 0x10).network())
            .await
            .expect("by prefix"),
        vec![got.clone()]
    );
    let r = got.to_reservation().expect("encodes");
    assert_eq!(r.options.len(), 2);
    assert!(store
        .del6_by_address(7, addr(7, 0x10))
        .await
        .expect("delete"));
    assert!(store.get_all6(7).await.expect("all").is_empty());
}

#[tokio::test]
async fn postgresql_v6_host_written_by_kea_reads_back_complete() {
    kea_written_v6_host_reads_back(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_v6_host_written_by_kea_reads_back_complete() {
    kea_written_v6_host_reads_back(SqlKind::Mysql).await;
}
