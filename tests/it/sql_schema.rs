//! ruru's migrations against Kea 2.2's own schema (`kea-admin db-init`):
//! the same lease layout, the same configuration backend (tables, keys,
//! triggers, routines, audit trail), a Kea-made database adopted by ruru, Kea
//! accepting a ruru-made database, statistics triggers, and the schema version
//! check.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::lease_battery::{battery_cases, lease};
use mysql_async::prelude::Queryable;
use ruru::backends::lease::LeaseState;
use ruru::backends::sql::{init_database, InitOutcome, MysqlLeaseStore, PgLeaseStore, SqlError};
use ruru::backends::LeaseStore;
use ruru::config::model::SqlKind;

/// Tables a lease server uses (Kea's names).
const LEASE_TABLES: &[&str] = &[
    "lease4",
    "lease6",
    "lease_state",
    "lease6_types",
    "lease_hwaddr_source",
    "schema_version",
    "lease4_stat",
    "lease6_stat",
    "lease4_stat_by_client_class",
    "lease6_stat_by_client_class",
];

async fn pg_query(db: &TestDb, sql: &str) -> BTreeSet<String> {
    let (client, conn) = tokio_postgres::Config::new()
        .host(HOST)
        .port(PG_PORT)
        .user("postgres")
        .dbname(&db.name)
        .connect(tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(conn);
    client
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
        .collect()
}

async fn mysql_query(db: &TestDb, sql: &str) -> BTreeSet<String> {
    let mut c = mysql_async::Conn::new(
        mysql_async::OptsBuilder::default()
            .ip_or_hostname(HOST)
            .tcp_port(MYSQL_PORT)
            .user(Some("root"))
            .db_name(Some(db.name.clone()))
            .prefer_socket(false),
    )
    .await
    .expect("connect");
    let rows: Vec<mysql_async::Row> = c.query(sql).await.expect(sql);
    c.disconnect().await.ok();
    rows.into_iter()
        .map(|r| {
            (0..r.len())
                .map(|i| match r.as_ref(i) {
                    Some(mysql_async::Value::NULL) | None => "NULL".to_string(),
                    Some(mysql_async::Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
                    Some(v) => v.as_sql(true),
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

fn in_list() -> String {
    LEASE_TABLES
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Columns, keys, indexes, triggers and lookup rows of the lease tables.
async fn layout(db: &TestDb) -> Vec<(String, BTreeSet<String>)> {
    let tables = in_list();
    let queries: Vec<(&str, String)> =
        match db.kind {
            SqlKind::Postgresql => vec![
                (
                    "columns",
                    format!(
                        "SELECT table_name, column_name, ordinal_position, data_type, \
                 character_maximum_length, is_nullable, column_default \
                 FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name IN ({tables})"
                    ),
                ),
                (
                    "constraints",
                    format!(
                "SELECT tc.table_name, tc.constraint_type, kcu.column_name, kcu.ordinal_position \
                 FROM information_schema.table_constraints tc \
                 JOIN information_schema.key_column_usage kcu \
                   ON tc.constraint_name = kcu.constraint_name AND tc.table_name = kcu.table_name \
                 WHERE tc.table_schema = 'public' AND tc.table_name IN ({tables})"),
                ),
                (
                    "indexes",
                    format!(
                        "SELECT tablename, indexname, indexdef FROM pg_indexes \
                 WHERE schemaname = 'public' AND tablename IN ({tables})"
                    ),
                ),
                (
                    "triggers",
                    format!(
                "SELECT event_object_table, trigger_name, event_manipulation, action_timing \
                 FROM information_schema.triggers WHERE event_object_table IN ({tables})"),
                ),
                (
                    "functions",
                    "SELECT proname FROM pg_proc WHERE proname IN \
                 ('checklease4limits', 'checklease6limits', 'isjsonsupported')"
                        .to_string(),
                ),
            ],
            SqlKind::Mysql => vec![
                (
                    "columns",
                    format!(
                        "SELECT table_name, column_name, ordinal_position, column_type, \
                 is_nullable, column_default, column_key \
                 FROM information_schema.columns \
                 WHERE table_schema = DATABASE() AND table_name IN ({tables})"
                    ),
                ),
                (
                    "indexes",
                    format!(
                        "SELECT table_name, index_name, seq_in_index, column_name, non_unique \
                 FROM information_schema.statistics \
                 WHERE table_schema = DATABASE() AND table_name IN ({tables})"
                    ),
                ),
                (
                    "foreign keys",
                    format!(
                        "SELECT table_name, constraint_name, referenced_table_name \
                 FROM information_schema.referential_constraints \
                 WHERE constraint_schema = DATABASE() AND table_name IN ({tables})"
                    ),
                ),
                (
                    "triggers",
                    format!(
                "SELECT event_object_table, trigger_name, event_manipulation, action_timing \
                 FROM information_schema.triggers \
                 WHERE trigger_schema = DATABASE() AND event_object_table IN ({tables})"),
                ),
                (
                    "functions",
                    "SELECT routine_name FROM information_schema.routines \
                 WHERE routine_schema = DATABASE() AND routine_name IN \
                 ('checkLease4Limits', 'checkLease6Limits', 'isJsonSupported')"
                        .to_string(),
                ),
            ],
        };
    let mut out = Vec::new();
    for (what, sql) in queries {
        let rows = match db.kind {
            SqlKind::Postgresql => pg_query(db, &sql).await,
            SqlKind::Mysql => mysql_query(db, &sql).await,
        };
        out.push((what.to_string(), rows));
    }
    for t in [
        "lease_state",
        "lease6_types",
        "lease_hwaddr_source",
        "schema_version",
    ] {
        let sql = format!("SELECT * FROM {t}");
        let rows = match db.kind {
            SqlKind::Postgresql => pg_query(db, &sql).await,
            SqlKind::Mysql => mysql_query(db, &sql).await,
        };
        out.push((format!("rows of {t}"), rows));
    }
    out
}

async fn same_layout_as_kea(kind: SqlKind) {
    let ruru = TestDb::with_ruru_schema(kind).await;
    let kea = TestDb::with_kea_schema(kind).await;
    assert_same_layout(kind, &layout(&ruru).await, &layout(&kea).await);
}

#[tokio::test]
async fn postgresql_migrations_give_keas_lease_layout() {
    same_layout_as_kea(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_migrations_give_keas_lease_layout() {
    same_layout_as_kea(SqlKind::Mysql).await;
}

// ---- the configuration backend part of the schema ----------------------------

/// What each family has in Kea's CB schema (`dhcp4_*` and `dhcp6_*`); the
/// options tables are shared with host reservations.
const CB_FAMILY_TABLES: &[&str] = &[
    "server",
    "audit",
    "audit_revision",
    "global_parameter",
    "global_parameter_server",
    "option_def",
    "option_def_server",
    "options",
    "options_server",
    "shared_network",
    "shared_network_server",
    "subnet",
    "subnet_server",
    "pool",
    "client_class",
    "client_class_order",
    "client_class_dependency",
    "client_class_server",
];

/// The CB tables of both families, v6's prefix delegation pools, the lookup
/// tables (`ddns_replace_client_name_types` is PostgreSQL's only) and `logs`,
/// as an SQL list.
fn cb_tables() -> String {
    let mut tables: Vec<String> = ["dhcp4", "dhcp6"]
        .iter()
        .flat_map(|f| CB_FAMILY_TABLES.iter().map(move |t| format!("{f}_{t}")))
        .collect();
    tables.extend(
        [
            "dhcp6_pd_pool",
            "modification",
            "parameter_data_type",
            "ddns_replace_client_name_types",
            "logs",
        ]
        .map(String::from),
    );
    tables
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A condition on routine name column `n` that leaves out the lease routines
/// (the lease layout test checks the ones Kea's servers call) and ruru's own
/// helpers, keeping the CB's: audit, session, option audit, client class and
/// trigger routines.
fn not_lease_routine(n: &str) -> String {
    format!(
        "{n} NOT LIKE '%lease%' AND {n} NOT LIKE 'ruru\\_%' AND {n} NOT IN \
         ('colonseparatedhex', 'colonSeparatedHex', 'isjsonsupported', 'isJsonSupported', \
         'json_cast')"
    )
}

/// Tables, columns, keys, indexes, triggers, routines and lookup rows of the
/// configuration backend (and the names of every table of the schema).
async fn cb_layout(db: &TestDb) -> Vec<(String, BTreeSet<String>)> {
    let tables = cb_tables();
    let queries: Vec<(&str, String)> = match db.kind {
        SqlKind::Postgresql => vec![
            (
                "tables (whole schema)",
                "SELECT table_name FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'"
                    .to_string(),
            ),
            (
                "columns",
                format!(
                    "SELECT table_name, column_name, ordinal_position, data_type, \
                     character_maximum_length, numeric_precision, is_nullable, column_default \
                     FROM information_schema.columns \
                     WHERE table_schema = 'public' AND table_name IN ({tables})"
                ),
            ),
            (
                "constraints",
                format!(
                    "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) \
                     FROM pg_constraint \
                     WHERE connamespace = 'public'::regnamespace \
                       AND conrelid::regclass::text IN ({tables})"
                ),
            ),
            (
                "indexes",
                format!(
                    "SELECT tablename, indexname, indexdef FROM pg_indexes \
                     WHERE schemaname = 'public' AND tablename IN ({tables})"
                ),
            ),
            (
                "sequences",
                "SELECT sequence_name, data_type, start_value, increment \
                 FROM information_schema.sequences WHERE sequence_schema = 'public'"
                    .to_string(),
            ),
            (
                "triggers",
                format!(
                    "SELECT event_object_table, trigger_name, event_manipulation, action_timing, \
                     action_orientation, action_statement FROM information_schema.triggers \
                     WHERE trigger_schema = 'public' AND event_object_table IN ({tables})"
                ),
            ),
            (
                "functions",
                format!(
                    "SELECT p.proname, pg_get_function_identity_arguments(p.oid), \
                     pg_get_function_result(p.oid), l.lanname \
                     FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang \
                     WHERE p.pronamespace = 'public'::regnamespace AND {}",
                    not_lease_routine("p.proname")
                ),
            ),
        ],
        SqlKind::Mysql => vec![
            (
                "tables (whole schema)",
                "SELECT table_name, engine FROM information_schema.tables \
                 WHERE table_schema = DATABASE() AND table_name <> '__diesel_schema_migrations'"
                    .to_string(),
            ),
            (
                "columns",
                format!(
                    "SELECT table_name, column_name, ordinal_position, column_type, \
                     is_nullable, column_default, column_key, extra \
                     FROM information_schema.columns \
                     WHERE table_schema = DATABASE() AND table_name IN ({tables})"
                ),
            ),
            (
                "indexes",
                format!(
                    "SELECT table_name, index_name, seq_in_index, column_name, non_unique \
                     FROM information_schema.statistics \
                     WHERE table_schema = DATABASE() AND table_name IN ({tables})"
                ),
            ),
            (
                "foreign keys",
                format!(
                    "SELECT r.table_name, r.constraint_name, r.referenced_table_name, \
                     r.update_rule, r.delete_rule, k.ordinal_position, k.column_name, \
                     k.referenced_column_name \
                     FROM information_schema.referential_constraints r \
                     JOIN information_schema.key_column_usage k \
                       ON k.constraint_schema = r.constraint_schema \
                      AND k.constraint_name = r.constraint_name AND k.table_name = r.table_name \
                     WHERE r.constraint_schema = DATABASE() AND r.table_name IN ({tables})"
                ),
            ),
            (
                "triggers",
                format!(
                    "SELECT event_object_table, trigger_name, event_manipulation, action_timing \
                     FROM information_schema.triggers \
                     WHERE trigger_schema = DATABASE() AND event_object_table IN ({tables})"
                ),
            ),
            (
                "routines",
                format!(
                    "SELECT routine_name, routine_type, data_type, is_deterministic, \
                     sql_data_access FROM information_schema.routines \
                     WHERE routine_schema = DATABASE() AND {}",
                    not_lease_routine("routine_name")
                ),
            ),
            (
                "routine parameters",
                format!(
                    "SELECT specific_name, ordinal_position, parameter_mode, parameter_name, \
                     dtd_identifier FROM information_schema.parameters \
                     WHERE specific_schema = DATABASE() AND {}",
                    not_lease_routine("specific_name")
                ),
            ),
        ],
    };
    let mut lookups = vec![
        "SELECT 'modification', id, modification_type FROM modification",
        "SELECT 'parameter_data_type', id, name FROM parameter_data_type",
        "SELECT 'dhcp4_server', id, tag, description FROM dhcp4_server",
        "SELECT 'dhcp6_server', id, tag, description FROM dhcp6_server",
    ];
    if db.kind == SqlKind::Postgresql {
        lookups.push(
            "SELECT 'ddns_replace_client_name_types', type, name \
             FROM ddns_replace_client_name_types",
        );
    }
    let mut out = Vec::new();
    for (what, sql) in queries.into_iter().chain(
        lookups
            .into_iter()
            .map(|sql| ("lookup rows", sql.to_string())),
    ) {
        let rows = match db.kind {
            SqlKind::Postgresql => pg_query(db, &sql).await,
            SqlKind::Mysql => mysql_query(db, &sql).await,
        };
        out.push((what.to_string(), rows));
    }
    out
}

/// Compares ruru's and Kea's layouts item by item and fails with every
/// difference at once.
fn assert_same_layout(
    kind: SqlKind,
    ours: &[(String, BTreeSet<String>)],
    theirs: &[(String, BTreeSet<String>)],
) {
    let mut differences = Vec::new();
    for ((what, a), (_, b)) in ours.iter().zip(theirs.iter()) {
        assert!(!b.is_empty(), "{kind:?} {what}: Kea's database has none");
        let only_ruru: Vec<_> = a.difference(b).collect();
        let only_kea: Vec<_> = b.difference(a).collect();
        if !only_ruru.is_empty() || !only_kea.is_empty() {
            differences.push(format!(
                "{what}:\n only ruru: {only_ruru:#?}\n only Kea: {only_kea:#?}"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{kind:?}: ruru's configuration backend schema differs from Kea 2.2's:\n{}",
        differences.join("\n")
    );
}

async fn same_config_backend_as_kea(kind: SqlKind) {
    let ruru = TestDb::with_ruru_schema(kind).await;
    let kea = TestDb::with_kea_schema(kind).await;
    assert_same_layout(kind, &cb_layout(&ruru).await, &cb_layout(&kea).await);
}

#[tokio::test]
async fn config_backend_tables_match_kea_2_2_on_postgresql() {
    same_config_backend_as_kea(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn config_backend_tables_match_kea_2_2_on_mysql() {
    same_config_backend_as_kea(SqlKind::Mysql).await;
}

/// Writes subnet 100 the way Kea's CB does (an audit revision for tag "all"
/// first, in the same session and transaction) and returns the audit trail:
/// object type, object id, modification type, revision message and server id.
async fn audit_of_a_subnet_insert(db: &TestDb) -> BTreeSet<String> {
    match db.kind {
        SqlKind::Postgresql => {
            db.pg_client()
                .await
                .batch_execute(
                    "START TRANSACTION; \
                     SELECT createAuditRevisionDHCP4('2026-01-01 00:00:01+00', 'all', \
                         'subnet set', false); \
                     INSERT INTO dhcp4_subnet (subnet_id, subnet_prefix, modification_ts) \
                         VALUES (100, '192.0.2.0/24', '2026-01-01 00:00:01+00'); \
                     COMMIT",
                )
                .await
                .expect("revision and subnet insert");
        }
        SqlKind::Mysql => {
            let mut c = db.mysql_conn().await;
            for sql in [
                "START TRANSACTION",
                "CALL createAuditRevisionDHCP4('2026-01-01 00:00:01', 'all', 'subnet set', 0)",
                "INSERT INTO dhcp4_subnet (subnet_id, subnet_prefix, modification_ts) \
                 VALUES (100, '192.0.2.0/24', '2026-01-01 00:00:01')",
                "COMMIT",
            ] {
                c.query_drop(sql).await.expect(sql);
            }
            c.disconnect().await.ok();
        }
    }
    let sql = "SELECT a.object_type, a.object_id, a.modification_type, r.log_message, r.server_id \
               FROM dhcp4_audit a JOIN dhcp4_audit_revision r ON r.id = a.revision_id";
    match db.kind {
        SqlKind::Postgresql => pg_query(db, sql).await,
        SqlKind::Mysql => mysql_query(db, sql).await,
    }
}

/// One "create" (modification type 0) entry for the subnet under the
/// revision of server 1 ("all"), on a ruru-made database as on Kea's.
async fn subnet_insert_is_audited_as_a_create(kind: SqlKind) {
    let expected: BTreeSet<String> = ["dhcp4_subnet|100|0|subnet set|1".to_string()].into();
    let ruru = TestDb::with_ruru_schema(kind).await;
    assert_eq!(audit_of_a_subnet_insert(&ruru).await, expected, "ruru-made");
    let kea = TestDb::with_kea_schema(kind).await;
    assert_eq!(audit_of_a_subnet_insert(&kea).await, expected, "Kea-made");
}

#[tokio::test]
async fn a_subnet_written_after_an_audit_revision_is_audited_as_a_create_on_postgresql() {
    subnet_insert_is_audited_as_a_create(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn a_subnet_written_after_an_audit_revision_is_audited_as_a_create_on_mysql() {
    subnet_insert_is_audited_as_a_create(SqlKind::Mysql).await;
}

// ---- a database made by kea-admin db-init is used as it is ----------------

async fn kea_pg_store() -> (PgLeaseStore, TestDb) {
    let db = TestDb::with_kea_schema(SqlKind::Postgresql).await;
    let s = PgLeaseStore::connect(&db.config())
        .await
        .expect("ruru adopts a Kea-made PostgreSQL database");
    (s, db)
}

async fn kea_mysql_store() -> (MysqlLeaseStore, TestDb) {
    let db = TestDb::with_kea_schema(SqlKind::Mysql).await;
    let s = MysqlLeaseStore::connect(&db.config())
        .await
        .expect("ruru adopts a Kea-made MySQL database");
    (s, db)
}

mod kea_made_postgresql {
    use super::*;
    battery_cases!(
        kea_pg_store;
        add_then_get_returns_the_same_lease,
        add_of_a_taken_address_returns_false_and_keeps_the_first,
        hostname_and_user_context_are_stored_verbatim,
        declined_lease_without_identifiers_is_stored,
        infinite_lease_is_stored_and_never_expires,
        only_one_of_two_replaces_from_the_same_old_lease_wins,
        expired_lists_oldest_first_and_honours_the_limit,
        flush_reclaimed_deletes_only_old_reclaimed_leases,
        wipe_deletes_a_subnet_or_everything,
        concurrent_adds_of_one_address_have_exactly_one_winner
    );
}

mod kea_made_mysql {
    use super::*;
    battery_cases!(
        kea_mysql_store;
        add_then_get_returns_the_same_lease,
        add_of_a_taken_address_returns_false_and_keeps_the_first,
        hostname_and_user_context_are_stored_verbatim,
        declined_lease_without_identifiers_is_stored,
        infinite_lease_is_stored_and_never_expires,
        only_one_of_two_replaces_from_the_same_old_lease_wins,
        expired_lists_oldest_first_and_honours_the_limit,
        flush_reclaimed_deletes_only_old_reclaimed_leases,
        wipe_deletes_a_subnet_or_everything,
        concurrent_adds_of_one_address_have_exactly_one_winner
    );
}

// ---- statistics triggers ----------------------------------------------------

/// Adds, declines and deletes leases through ruru, then reads lease4_stat.
async fn stats_after_changes<S: LeaseStore>(store: &S, db: &TestDb) -> BTreeSet<String> {
    for (last, subnet) in [(1u8, 1u32), (2, 1), (3, 1), (4, 2)] {
        assert!(store.add4(&lease(last, last, subnet)).await.unwrap());
    }
    let mut declined = lease(2, 2, 1);
    declined.state = LeaseState::Declined;
    assert!(store.update4(&declined).await.unwrap());
    let mut moved = lease(4, 4, 3);
    moved.cltt += 1;
    assert!(store.update4(&moved).await.unwrap());
    assert!(store.delete4(lease(3, 3, 1).address).await.unwrap());
    let sql = "SELECT subnet_id, state, leases FROM lease4_stat WHERE leases > 0";
    match db.kind {
        SqlKind::Postgresql => pg_query(db, sql).await,
        SqlKind::Mysql => mysql_query(db, sql).await,
    }
}

fn expected_stats() -> BTreeSet<String> {
    ["1|0|1", "1|1|1", "3|0|1"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[tokio::test]
async fn postgresql_stat_triggers_count_like_keas() {
    let ruru = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let s = PgLeaseStore::connect(&ruru.config()).await.unwrap();
    assert_eq!(stats_after_changes(&s, &ruru).await, expected_stats());
    let (s, kea) = kea_pg_store().await;
    assert_eq!(stats_after_changes(&s, &kea).await, expected_stats());
}

#[tokio::test]
async fn mysql_stat_triggers_count_like_keas() {
    let ruru = TestDb::with_ruru_schema(SqlKind::Mysql).await;
    let s = MysqlLeaseStore::connect(&ruru.config()).await.unwrap();
    assert_eq!(stats_after_changes(&s, &ruru).await, expected_stats());
    let (s, kea) = kea_mysql_store().await;
    assert_eq!(stats_after_changes(&s, &kea).await, expected_stats());
}

// ---- schema version ---------------------------------------------------------

async fn refused(kind: SqlKind, db: &TestDb) -> SqlError {
    let r = match kind {
        SqlKind::Postgresql => PgLeaseStore::connect(&db.config()).await.map(|_| ()),
        SqlKind::Mysql => MysqlLeaseStore::connect(&db.config()).await.map(|_| ()),
    };
    r.expect_err("the store must refuse this schema")
}

async fn wrong_versions_are_refused(kind: SqlKind, name: &str, expected: &str) {
    let db = TestDb::with_ruru_schema(kind).await;
    db.execute("UPDATE schema_version SET version = 22, minor = 0")
        .await;
    let msg = refused(kind, &db).await.to_string();
    assert!(
        msg.starts_with(&format!("{name} lease database '{}'", db.name))
            && msg.contains("schema version 22.0 found")
            && msg.contains(&format!("needs {expected}")),
        "{msg}"
    );
    let empty = TestDb::create(kind).await;
    let msg = refused(kind, &empty).await.to_string();
    assert!(msg.contains("schema version none found"), "{msg}");
    assert!(msg.contains("kea-admin db-init"), "{msg}");
}

#[tokio::test]
async fn postgresql_wrong_schema_version_is_refused() {
    wrong_versions_are_refused(SqlKind::Postgresql, "postgresql", "13.0").await;
}

#[tokio::test]
async fn mysql_wrong_schema_version_is_refused() {
    wrong_versions_are_refused(SqlKind::Mysql, "mysql", "14.0").await;
}

#[tokio::test]
async fn init_leaves_a_current_schema_alone_and_refuses_another() {
    for kind in [SqlKind::Postgresql, SqlKind::Mysql] {
        let db = TestDb::with_kea_schema(kind).await;
        assert_eq!(
            init_database(&db.config()).await.unwrap(),
            InitOutcome::AlreadyCurrent
        );
        db.execute("UPDATE schema_version SET version = 12").await;
        assert!(matches!(
            init_database(&db.config()).await,
            Err(SqlError::SchemaVersion { .. })
        ));
    }
}

// ---- Kea 2.2 accepts a ruru-made database ------------------------------------

/// Starts kea-dhcp4 (UDP on lo, an unused port) on `db` and returns its log once
/// it started or gave up.
fn run_kea_dhcp4(db_kind: SqlKind, db_name: &str, dhcp_port: u16) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let (kind, user) = match db_kind {
        SqlKind::Postgresql => ("postgresql", "postgres"),
        SqlKind::Mysql => ("mysql", "root"),
    };
    let port = match db_kind {
        SqlKind::Postgresql => PG_PORT,
        SqlKind::Mysql => MYSQL_PORT,
    };
    let cfg = serde_json::json!({"Dhcp4": {
        "interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},
        "lease-database": {"type": kind, "name": db_name, "host": HOST, "port": port,
                           "user": user, "password": ""},
        "subnet4": [{"subnet": "127.0.0.0/8", "id": 1}],
        "loggers": [{"name": "kea-dhcp4", "severity": "DEBUG", "debuglevel": 99,
                     "output_options": [{"output": "stdout"}]}]
    }});
    let path = dir.path().join("kea-dhcp4.json");
    std::fs::write(&path, cfg.to_string()).expect("write config");
    let mut child = Command::new("kea-dhcp4")
        .arg("-c")
        .arg(&path)
        .arg("-p")
        .arg(dhcp_port.to_string())
        .env("KEA_PIDFILE_DIR", dir.path())
        .env("KEA_LOCKFILE_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kea-dhcp4 is not installed (apt-get install kea-dhcp4-server)");
    std::thread::sleep(Duration::from_secs(3));
    child.kill().ok();
    let out = child.wait_with_output().expect("kea-dhcp4 output");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn kea_started(log: &str, opened: &str) {
    assert!(
        log.contains(opened)
            && log.contains("DHCP4_STARTED")
            && !log.contains(" ERROR ")
            && !log.contains(" FATAL "),
        "kea-dhcp4 did not start cleanly on ruru's database:\n{log}"
    );
}

#[tokio::test]
async fn kea_dhcp4_runs_on_a_postgresql_database_made_by_ruru() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let name = db.name.clone();
    let log = tokio::task::spawn_blocking(move || run_kea_dhcp4(SqlKind::Postgresql, &name, 16767))
        .await
        .unwrap();
    kea_started(&log, "DHCPSRV_PGSQL_DB opening PostgreSQL lease database");
}

#[tokio::test]
async fn kea_dhcp4_runs_on_a_mysql_database_made_by_ruru() {
    let db = TestDb::with_ruru_schema(SqlKind::Mysql).await;
    let name = db.name.clone();
    let log = tokio::task::spawn_blocking(move || run_kea_dhcp4(SqlKind::Mysql, &name, 16768))
        .await
        .unwrap();
    kea_started(&log, "DHCPSRV_MYSQL_DB opening MySQL lease database");
}
