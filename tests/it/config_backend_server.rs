//! The real `ruru-dhcp4` completing its configuration from a Kea 2.2 config
//! database (PostgreSQL and MariaDB, schema made by `kea-admin db-init` or by
//! ruru's migrations),
//! seeded and changed with plain SQL the way Kea's own CB writes it (an audit
//! revision first, whole-second timestamps):
//!
//! - a subnet, its pool, its options and a global parameter from the database
//!   serve real clients and show in `config-get`; the file names Kea's CB hook
//!   library, which ruru has built in;
//! - a change in a new revision is picked up by the poll and serves the next
//!   client, the leases granted before stay;
//! - `config-backend-pull` fetches at once; without `config-control` it
//!   answers 3 as Kea does;
//! - better than Kea 2.2: a revision that does not make a valid configuration
//!   changes nothing (Kea applies it halfway) and the fixed revision applies
//!   whole; deleting a database global brings back the file's value and keeps
//!   the file's `server-tag` (Kea wipes every file global);
//! - a config database that cannot be reached fails the start.
//!
//! The same tests run against Kea 2.2 with `DHCP_TEST_SUBJECT=kea` except the
//! two where ruru deliberately differs.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::client::{lease_time, mac, routers};
use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::server::{Subject, TestServer};
use ruru::config::model::SqlKind;
use serde_json::{json, Value};

/// The CB hook a Kea configuration names for `kind` (ruru: built in).
fn hook(kind: SqlKind) -> String {
    let lib = match kind {
        SqlKind::Postgresql => "libdhcp_pgsql_cb.so",
        SqlKind::Mysql => "libdhcp_mysql_cb.so",
    };
    format!("/usr/lib/x86_64-linux-gnu/kea/hooks/{lib}")
}

/// The `config-databases` entry for the test database `name`.
fn config_database(kind: SqlKind, name: &str) -> Value {
    let (port, user) = match kind {
        SqlKind::Postgresql => (PG_PORT, "postgres"),
        SqlKind::Mysql => (MYSQL_PORT, "root"),
    };
    json!({"type": kind.name(), "name": name, "host": HOST, "port": port, "user": user, "password": ""})
}

/// A Dhcp4 map with no subnet of its own: everything served comes from the
/// config database, polled every `wait` seconds.
fn cb_config(kind: SqlKind, name: &str, wait: u32) -> Value {
    json!({
        "interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},
        "valid-lifetime": 4000,
        "server-tag": "Ruru1",
        "hooks-libraries": [{"library": hook(kind)}],
        "config-control": {
            "config-databases": [config_database(kind, name)],
            "config-fetch-wait-time": wait
        }
    })
}

/// `sql` in one transaction opened by an audit revision for tag `all`, as
/// Kea's CB writes (PostgreSQL: whole seconds).
fn revision(kind: SqlKind, message: &str, sql: &str) -> String {
    match kind {
        SqlKind::Postgresql => format!(
            "BEGIN; SELECT createAuditRevisionDHCP4(date_trunc('second', now()), 'all', '{message}', false); {sql} COMMIT;"
        ),
        SqlKind::Mysql => format!(
            "START TRANSACTION; CALL createAuditRevisionDHCP4(NOW(), 'all', '{message}', 0); {sql} COMMIT;"
        ),
    }
}

fn ts(kind: SqlKind) -> &'static str {
    match kind {
        SqlKind::Postgresql => "date_trunc('second', now())",
        SqlKind::Mysql => "NOW()",
    }
}

/// The reference's seed: global valid-lifetime 7200, subnet 100
/// (192.0.2.0/24, relayed from 127.0.0.1) with pool .10-.100 and routers
/// 192.0.2.1, all assigned to `all`.
fn seed(kind: SqlKind) -> String {
    let t = ts(kind);
    let (last_param, pool) = match kind {
        SqlKind::Postgresql => (
            "currval('dhcp4_global_parameter_id_seq')",
            "'192.0.2.10', '192.0.2.100'",
        ),
        SqlKind::Mysql => (
            "LAST_INSERT_ID()",
            "INET_ATON('192.0.2.10'), INET_ATON('192.0.2.100')",
        ),
    };
    let no = match kind {
        SqlKind::Postgresql => "false",
        SqlKind::Mysql => "0",
    };
    revision(
        kind,
        "seed",
        &format!(
            "INSERT INTO dhcp4_global_parameter (name, value, parameter_type, modification_ts) VALUES ('valid-lifetime', '7200', 0, {t});
             INSERT INTO dhcp4_global_parameter_server (parameter_id, server_id, modification_ts) VALUES ({last_param}, 1, {t});
             INSERT INTO dhcp4_subnet (subnet_id, subnet_prefix, relay, modification_ts) VALUES (100, '192.0.2.0/24', '[\"127.0.0.1\"]', {t});
             INSERT INTO dhcp4_subnet_server (subnet_id, server_id, modification_ts) VALUES (100, 1, {t});
             INSERT INTO dhcp4_pool (start_address, end_address, subnet_id, modification_ts) VALUES ({pool}, 100, {t});
             INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, dhcp4_subnet_id, scope_id, modification_ts)
               VALUES (3, NULL, '192.0.2.1', 'dhcp4', {no}, 100, 1, {t});"
        ),
    )
}

/// A seeded database, its schema made by `kea-admin db-init` or by ruru's
/// migrations (`ruru-admin db-init`).
async fn seeded_by(kind: SqlKind, ruru_schema: bool) -> TestDb {
    let db = if ruru_schema {
        TestDb::with_ruru_schema(kind).await
    } else {
        TestDb::with_kea_schema(kind).await
    };
    db.execute(&seed(kind)).await;
    db
}

async fn seeded(kind: SqlKind) -> TestDb {
    seeded_by(kind, false).await
}

/// Subnet `id` of a `config-get` answer (plain or in a shared network).
fn subnet(config: &Value, id: u64) -> Option<Value> {
    let d = &config["arguments"]["Dhcp4"];
    let plain = d["subnet4"].as_array().into_iter().flatten();
    let shared = d["shared-networks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|n| n["subnet4"].as_array().into_iter().flatten());
    plain.chain(shared).find(|s| s["id"] == id).cloned()
}

/// Waits (bounded) until `done` holds for `config-get`; the last answer.
fn config_until(server: &TestServer, limit: Duration, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + limit;
    loop {
        let c = server.command_json("config-get", None);
        if done(&c) || Instant::now() > deadline {
            return c;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

async fn serves_from_the_config_database_and_follows_its_changes(kind: SqlKind) {
    // ruru's own schema here; the other tests use Kea's.
    let db = seeded_by(kind, true).await;
    let server = TestServer::start(cb_config(kind, &db.name, 1));
    let cfg = server.command_json("config-get", None);
    assert_eq!(cfg["result"], 0, "{cfg}");
    assert_eq!(cfg["arguments"]["Dhcp4"]["valid-lifetime"], 7200, "{cfg}");
    assert!(subnet(&cfg, 100).is_some(), "no subnet 100 in {cfg}");

    // A real exchange on the database's subnet, lifetime and options.
    let mut client = server.relay_client();
    let a = client.dora(&mac(1));
    let n = u32::from(a.yiaddr);
    assert!(
        (u32::from(std::net::Ipv4Addr::new(192, 0, 2, 10))
            ..=u32::from(std::net::Ipv4Addr::new(192, 0, 2, 100)))
            .contains(&n),
        "{} outside the database pool",
        a.yiaddr
    );
    assert_eq!(lease_time(&a.ack), Some(7200));
    assert_eq!(routers(&a.ack), vec![std::net::Ipv4Addr::new(192, 0, 2, 1)]);

    // A change in a new revision: picked up by the poll (every second).
    let t = ts(kind);
    db.execute(&revision(
        kind,
        "lifetime",
        &format!("UPDATE dhcp4_subnet SET valid_lifetime = 5400, modification_ts = {t} WHERE subnet_id = 100;"),
    ))
    .await;
    let cfg = config_until(&server, Duration::from_secs(20), |c| {
        subnet(c, 100).is_some_and(|s| s["valid-lifetime"] == 5400)
    });
    let s = subnet(&cfg, 100).expect("subnet 100");
    assert_eq!(
        s["valid-lifetime"],
        5400,
        "not applied: {s}\n{}",
        server.logs()
    );
    let b = client.dora(&mac(2));
    assert_eq!(lease_time(&b.ack), Some(5400));
    assert_ne!(a.yiaddr, b.yiaddr);
    // The lease granted before the change is still the first client's.
    let ack = client.renew(&mac(1), a.yiaddr).expect("ACK to the renewal");
    assert_eq!(ack.yiaddr(), a.yiaddr);

    // config-backend-pull fetches at once.
    db.execute(&revision(
        kind,
        "lifetime again",
        &format!("UPDATE dhcp4_subnet SET valid_lifetime = 3600, modification_ts = {t} WHERE subnet_id = 100;"),
    ))
    .await;
    let pulled = server.command_json("config-backend-pull", None);
    assert_eq!(
        pulled,
        json!({"result": 0, "text": "On demand configuration update successful."})
    );
    let cfg = server.command_json("config-get", None);
    assert_eq!(
        subnet(&cfg, 100).map(|s| s["valid-lifetime"].clone()),
        Some(json!(3600))
    );
}

#[tokio::test]
async fn pg_serves_a_subnet_from_the_config_database_and_follows_its_changes() {
    serves_from_the_config_database_and_follows_its_changes(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_serves_a_subnet_from_the_config_database_and_follows_its_changes() {
    serves_from_the_config_database_and_follows_its_changes(SqlKind::Mysql).await;
}

/// ruru only: a revision whose option does not parse under its new
/// definition changes nothing; once fixed, the whole revision applies.
async fn a_bad_revision_changes_nothing_and_its_fix_applies_whole(kind: SqlKind) {
    if Subject::from_env() == Subject::Kea {
        return; // Kea 2.2 merges such a revision halfway (reference E16).
    }
    let db = seeded(kind).await;
    let server = TestServer::start(cb_config(kind, &db.name, 600));
    let t = ts(kind);
    let (last_def, no) = match kind {
        SqlKind::Postgresql => ("currval('dhcp4_option_def_id_seq')", "false"),
        SqlKind::Mysql => ("LAST_INSERT_ID()", "0"),
    };
    let last_option = match kind {
        SqlKind::Postgresql => "currval('dhcp4_options_option_id_seq')",
        SqlKind::Mysql => "LAST_INSERT_ID()",
    };
    // uint8 (6) cannot hold 4242.
    db.execute(&revision(
        kind,
        "bad def",
        &format!(
            "INSERT INTO dhcp4_option_def (code, name, space, type, is_array, encapsulate, modification_ts)
               VALUES (222, 'foo', 'dhcp4', 6, {no}, '', {t});
             INSERT INTO dhcp4_option_def_server (option_def_id, server_id, modification_ts) VALUES ({last_def}, 1, {t});
             INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, scope_id, modification_ts)
               VALUES (222, NULL, '4242', 'dhcp4', {no}, 0, {t});
             INSERT INTO dhcp4_options_server (option_id, server_id, modification_ts) VALUES ({last_option}, 1, {t});"
        ),
    ))
    .await;
    let before = server.command_json("config-get", None);
    let pulled = server.command_json("config-backend-pull", None);
    assert_eq!(pulled["result"], 1, "{pulled}");
    let text = pulled["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("On demand configuration update failed:"),
        "{text}"
    );
    assert_eq!(
        server.command_json("config-get", None),
        before,
        "changed by a bad revision"
    );
    // The server still serves with what was in force.
    let mut client = server.relay_client();
    assert_eq!(lease_time(&client.dora(&mac(3)).ack), Some(7200));

    db.execute(&revision(
        kind,
        "fix def",
        &format!("UPDATE dhcp4_option_def SET type = 8, modification_ts = {t} WHERE code = 222;"),
    ))
    .await;
    let pulled = server.command_json("config-backend-pull", None);
    assert_eq!(pulled["result"], 0, "{pulled}\n{}", server.logs());
    let cfg = server.command_json("config-get", None);
    let d = &cfg["arguments"]["Dhcp4"];
    assert!(
        d["option-def"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|o| o["code"] == 222),
        "{d}"
    );
    assert!(
        d["option-data"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|o| o["code"] == 222),
        "{d}"
    );
}

#[tokio::test]
async fn pg_a_bad_revision_changes_nothing_and_its_fix_applies_whole() {
    a_bad_revision_changes_nothing_and_its_fix_applies_whole(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_a_bad_revision_changes_nothing_and_its_fix_applies_whole() {
    a_bad_revision_changes_nothing_and_its_fix_applies_whole(SqlKind::Mysql).await;
}

/// ruru only: deleting the database's global restores the file's value and
/// the file's server tag stays (Kea 2.2 clears every file global, E8).
async fn deleting_a_database_global_restores_the_files_value(kind: SqlKind) {
    if Subject::from_env() == Subject::Kea {
        return;
    }
    let db = seeded(kind).await;
    let server = TestServer::start(cb_config(kind, &db.name, 600));
    let cfg = server.command_json("config-get", None);
    assert_eq!(cfg["arguments"]["Dhcp4"]["valid-lifetime"], 7200);
    db.execute(&revision(
        kind,
        "delete global",
        "DELETE FROM dhcp4_global_parameter WHERE name = 'valid-lifetime';",
    ))
    .await;
    let pulled = server.command_json("config-backend-pull", None);
    assert_eq!(pulled["result"], 0, "{pulled}\n{}", server.logs());
    let cfg = server.command_json("config-get", None);
    assert_eq!(cfg["arguments"]["Dhcp4"]["valid-lifetime"], 4000, "{cfg}");
    let tag = server.command_json("server-tag-get", None);
    assert_eq!(tag["arguments"]["server-tag"], "Ruru1", "{tag}");
    let mut client = server.relay_client();
    assert_eq!(lease_time(&client.dora(&mac(4)).ack), Some(4000));
}

#[tokio::test]
async fn pg_deleting_a_database_global_restores_the_files_value() {
    deleting_a_database_global_restores_the_files_value(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_deleting_a_database_global_restores_the_files_value() {
    deleting_a_database_global_restores_the_files_value(SqlKind::Mysql).await;
}

#[test]
fn config_backend_pull_without_config_control_answers_no_config_backend() {
    let server = TestServer::start(crate::support::server::base_config());
    assert_eq!(
        server.command_json("config-backend-pull", None),
        json!({"result": 3, "text": "No config backend."})
    );
    let list = server.command_json("list-commands", None);
    assert!(
        list["arguments"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c == "config-backend-pull"),
        "{list}"
    );
}

#[test]
fn an_unreachable_config_database_fails_the_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = cb_config(SqlKind::Postgresql, "ruru_no_such_cb", 5);
    cfg["config-control"]["config-databases"][0]["port"] = json!(1);
    cfg["control-socket"] = json!({"socket-type": "unix", "socket-name": dir.path().join("s")});
    cfg["lease-database"] = json!({"type": "memfile", "persist": false});
    cfg["loggers"] = json!([{"name": "kea-dhcp4", "severity": "INFO", "output_options": [{"output": "stderr"}]}]);
    let path = dir.path().join("dhcp4.json");
    std::fs::write(&path, json!({"Dhcp4": cfg}).to_string()).expect("write config");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ruru-dhcp4"))
        .arg("-c")
        .arg(&path)
        .args(["-p", "0"])
        .env("KEA_PIDFILE_DIR", dir.path())
        .env("KEA_LOCKFILE_DIR", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ruru-dhcp4");
    let deadline = Instant::now() + Duration::from_secs(15);
    let code = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().expect("output");
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code, Some(1), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("DHCP4_INIT_FAIL"))
        .unwrap_or_else(|| panic!("no DHCP4_INIT_FAIL:\n{text}"));
    assert!(
        line.contains("during update from config backend database"),
        "{line}"
    );
}
