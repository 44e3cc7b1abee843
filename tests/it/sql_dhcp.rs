//! The real `ruru-dhcp4` binary serving relayed DHCPv4 with its leases in
//! PostgreSQL and in MariaDB/MySQL (Kea 2.2 schema), the database made either by
//! ruru-admin's library (`admin::init`) or by Kea's own `kea-admin db-init`:
//!
//! - DORA, renew and release land in `lease4` exactly as Kea stores them (address
//!   as integer, raw hwaddr bytes, subnet id, state, expire = cltt + valid) and in
//!   the trigger-maintained `lease4_stat`;
//! - a lease ruru wrote is read back by `kea-admin lease-dump` (Kea-made
//!   databases) or `ruru-admin lease-dump` (ruru-made ones) as memfile CSV;
//! - `lease4-get`, `lease4-get-all` and `lease4-del` work through the control
//!   socket on the SQL backend;
//! - a server given a wrong login, an unknown database or an unreachable port
//!   exits 1 promptly, logging DHCP4_INIT_FAIL with the backend's name.
//!
//! The databases are the local test servers (see `crate::support::db`): a test that
//! cannot reach them fails saying what to start.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::support::client::{lease_time, mac};
use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::server::{base_config, TestServer};
use mysql_async::prelude::Queryable;
use ruru::backends::sql::admin;
use ruru::backends::sql::InitOutcome;
use ruru::config::model::SqlKind;
use serde_json::{json, Value};

/// Valid lifetime in `base_config`.
const VALID: i64 = 4000;

/// One `lease4` row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    address: u32,
    hwaddr: Vec<u8>,
    subnet_id: u32,
    state: u32,
    expire: i64,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn port(kind: SqlKind) -> u16 {
    match kind {
        SqlKind::Postgresql => PG_PORT,
        SqlKind::Mysql => MYSQL_PORT,
    }
}

fn user(kind: SqlKind) -> &'static str {
    match kind {
        SqlKind::Postgresql => "postgres",
        SqlKind::Mysql => "root",
    }
}

/// The `lease-database` map for the test database `name`.
fn lease_database(kind: SqlKind, name: &str) -> Value {
    json!({
        "type": kind.name(),
        "name": name,
        "host": HOST,
        "port": port(kind),
        "user": user(kind),
        "connect-timeout": 3
    })
}

/// Every `lease4` row, by address.
async fn rows(db: &TestDb) -> Vec<Row> {
    match db.kind {
        SqlKind::Postgresql => db
            .pg_client()
            .await
            .query(
                "SELECT address, hwaddr, subnet_id, state, \
                 CAST(extract(epoch FROM expire) AS BIGINT) FROM lease4 ORDER BY address",
                &[],
            )
            .await
            .expect("select lease4")
            .iter()
            .map(|r| Row {
                address: u32::try_from(r.get::<_, i64>(0)).expect("address"),
                hwaddr: r.get(1),
                subnet_id: u32::try_from(r.get::<_, i64>(2)).expect("subnet"),
                state: u32::try_from(r.get::<_, i64>(3)).expect("state"),
                expire: r.get(4),
            })
            .collect(),
        SqlKind::Mysql => db
            .mysql_conn()
            .await
            .query_map(
                "SELECT address, hwaddr, subnet_id, state, UNIX_TIMESTAMP(expire) \
                 FROM lease4 ORDER BY address",
                |(address, hwaddr, subnet_id, state, expire)| Row {
                    address,
                    hwaddr,
                    subnet_id,
                    state,
                    expire,
                },
            )
            .await
            .expect("select lease4"),
    }
}

/// `lease4_stat` rows (subnet, state, leases) with a non-zero count.
async fn stats(db: &TestDb) -> Vec<(u32, u32, i64)> {
    match db.kind {
        SqlKind::Postgresql => db
            .pg_client()
            .await
            .query(
                "SELECT subnet_id, state, leases FROM lease4_stat WHERE leases <> 0 \
                 ORDER BY subnet_id, state",
                &[],
            )
            .await
            .expect("select lease4_stat")
            .iter()
            .map(|r| {
                (
                    u32::try_from(r.get::<_, i64>(0)).expect("subnet"),
                    u32::try_from(r.get::<_, i64>(1)).expect("state"),
                    r.get::<_, i64>(2),
                )
            })
            .collect(),
        SqlKind::Mysql => db
            .mysql_conn()
            .await
            .query(
                "SELECT subnet_id, state, CAST(leases AS SIGNED) FROM lease4_stat \
                 WHERE leases <> 0 ORDER BY subnet_id, state",
            )
            .await
            .expect("select lease4_stat"),
    }
}

/// Polls `rows` until `done` holds (a RELEASE has no reply to wait for).
async fn rows_until(db: &TestDb, done: impl Fn(&[Row]) -> bool) -> Vec<Row> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let r = rows(db).await;
        if done(&r) || Instant::now() > deadline {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// How the test database gets its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MadeBy {
    /// `ruru::backends::sql::admin::init` (what `ruru-admin db-init` runs).
    RuruAdmin,
    /// Kea 2.2's `kea-admin db-init`.
    KeaAdmin,
}

async fn database(kind: SqlKind, made_by: MadeBy) -> TestDb {
    match made_by {
        MadeBy::KeaAdmin => TestDb::with_kea_schema(kind).await,
        MadeBy::RuruAdmin => {
            let db = TestDb::create(kind).await;
            let outcome = admin::init(&db.config()).await.expect("admin::init");
            assert_eq!(outcome, InitOutcome::Created);
            db
        }
    }
}

/// The memfile CSV lines a dump tool produced for `db`.
fn dump(db: &TestDb, made_by: MadeBy) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("dump.csv");
    let (tool, backend) = match (made_by, db.kind) {
        (MadeBy::KeaAdmin, SqlKind::Postgresql) => ("kea-admin", "pgsql"),
        (MadeBy::KeaAdmin, SqlKind::Mysql) => ("kea-admin", "mysql"),
        (MadeBy::RuruAdmin, SqlKind::Postgresql) => (env!("CARGO_BIN_EXE_ruru-admin"), "pgsql"),
        (MadeBy::RuruAdmin, SqlKind::Mysql) => (env!("CARGO_BIN_EXE_ruru-admin"), "mysql"),
    };
    let password = match db.kind {
        SqlKind::Postgresql => "unused",
        SqlKind::Mysql => "",
    };
    let out = Command::new(tool)
        .args(["lease-dump", backend, "-4", "-h", HOST, "-u", user(db.kind)])
        .args(["-p", password, "-n", &db.name, "-o"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} lease-dump failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&path)
        .expect("dump file")
        .lines()
        .map(str::to_string)
        .collect()
}

/// `kea-admin stats-recount`: rebuilds `lease4_stat` from `lease4`.
fn kea_stats_recount(db: &TestDb) {
    let (backend, password) = match db.kind {
        SqlKind::Postgresql => ("pgsql", "unused"),
        SqlKind::Mysql => ("mysql", ""),
    };
    let out = Command::new("kea-admin")
        .args(["stats-recount", backend, "-h", HOST, "-u", user(db.kind)])
        .args(["-p", password, "-n", &db.name])
        .output()
        .expect("kea-admin is not installed (apt-get install kea-admin)");
    assert!(
        out.status.success(),
        "kea-admin stats-recount failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn hex_colon(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

async fn serves_from_sql(kind: SqlKind, made_by: MadeBy) {
    let db = database(kind, made_by).await;
    let mut cfg = base_config();
    cfg["lease-database"] = lease_database(kind, &db.name);
    cfg["max-valid-lifetime"] = json!(VALID + 4000);
    let server = TestServer::start(cfg);
    let mut client = server.relay_client();

    // DORA: the lease row is Kea's encoding of what the client was given.
    let before = now();
    let a = client.dora(&mac(1));
    let after = now();
    let r = rows(&db).await;
    assert_eq!(r.len(), 1, "{r:?}\n{}", server.logs());
    assert_eq!(r[0].address, u32::from(a.yiaddr));
    assert_eq!(r[0].hwaddr, mac(1).to_vec());
    assert_eq!(r[0].subnet_id, 1);
    assert_eq!(r[0].state, 0);
    assert_eq!(lease_time(&a.ack).map(i64::from), Some(VALID));
    assert!(
        (before + VALID..=after + VALID).contains(&r[0].expire),
        "expire {} not in now+{VALID}",
        r[0].expire
    );
    assert_eq!(stats(&db).await, vec![(1, 0, 1)]);

    // Renew for longer than the default: same address, the expiry moves
    // forward (never back), visible without waiting for the clock.
    let ack = client
        .renew_for(&mac(1), a.yiaddr, VALID as u32 + 2000)
        .expect("ACK to renew");
    assert_eq!(ack.yiaddr(), a.yiaddr);
    let renewed = rows(&db).await;
    assert_eq!(renewed.len(), 1);
    assert!(renewed[0].expire > r[0].expire, "{renewed:?} vs {r:?}");

    // A second client: two leases, counted by the triggers.
    let b = client.dora(&mac(2));
    assert_ne!(a.yiaddr, b.yiaddr);
    assert_eq!(rows(&db).await.len(), 2);
    assert_eq!(stats(&db).await, vec![(1, 0, 2)]);
    // Kea's from-scratch recount agrees with the trigger-maintained counts.
    kea_stats_recount(&db);
    assert_eq!(stats(&db).await, vec![(1, 0, 2)]);

    // Kea's (or ruru's) dump tool reads the leases ruru wrote.
    let lines = dump(&db, made_by);
    assert_eq!(
        lines.first().map(String::as_str),
        Some(ruru::backends::memfile::lease4_csv::HEADER4)
    );
    let expected_a = format!("{},{},", a.yiaddr, hex_colon(&mac(1)));
    assert!(
        lines.iter().any(|l| l.starts_with(&expected_a)),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 3, "{lines:?}");

    // Lease commands on the SQL backend.
    let got = server.command_json("lease4-get", Some(json!({"ip-address": a.yiaddr})));
    assert_eq!(got["result"], 0, "{got}");
    assert_eq!(got["arguments"]["hw-address"], hex_colon(&mac(1)));
    assert_eq!(got["arguments"]["subnet-id"], 1);
    assert_eq!(got["arguments"]["state"], 0);
    let all = server.command_json("lease4-get-all", None);
    assert_eq!(all["result"], 0, "{all}");
    assert_eq!(all["text"], "2 IPv4 lease(s) found.");
    let del = server.command_json("lease4-del", Some(json!({"ip-address": b.yiaddr})));
    assert_eq!(del["result"], 0, "{del}");
    assert_eq!(del["text"], "IPv4 lease deleted.");
    let r = rows(&db).await;
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].address, u32::from(a.yiaddr));
    assert_eq!(stats(&db).await, vec![(1, 0, 1)]);
    let gone = server.command_json("lease4-get", Some(json!({"ip-address": b.yiaddr})));
    assert_eq!(gone["result"], 3, "{gone}");

    // Release: the row goes away (Kea 2.2 deletes released leases).
    client.release(&mac(1), a.yiaddr, a.server_id);
    let r = rows_until(&db, |r| r.is_empty()).await;
    assert!(r.is_empty(), "{r:?}\n{}", server.logs());
    assert_eq!(stats(&db).await, Vec::<(u32, u32, i64)>::new());
    let none = server.command_json("lease4-get-all", None);
    assert_eq!(none["result"], 3, "{none}");
}

#[tokio::test]
async fn pg_ruru_made_database_serves_dora_renew_release_and_lease_commands() {
    serves_from_sql(SqlKind::Postgresql, MadeBy::RuruAdmin).await;
}

#[tokio::test]
async fn pg_kea_made_database_serves_and_kea_admin_dumps_ruru_leases() {
    serves_from_sql(SqlKind::Postgresql, MadeBy::KeaAdmin).await;
}

#[tokio::test]
async fn mysql_ruru_made_database_serves_dora_renew_release_and_lease_commands() {
    serves_from_sql(SqlKind::Mysql, MadeBy::RuruAdmin).await;
}

#[tokio::test]
async fn mysql_kea_made_database_serves_and_kea_admin_dumps_ruru_leases() {
    serves_from_sql(SqlKind::Mysql, MadeBy::KeaAdmin).await;
}

/// Runs ruru-dhcp4 with `lease-database` = `db`, logging to stderr; returns the
/// exit code (None = still running after `limit`, then killed) and the output.
fn start_fails(db: Value, limit: Duration) -> (Option<i32>, String, Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = base_config();
    cfg["lease-database"] = db;
    cfg["control-socket"] = json!({"socket-type": "unix", "socket-name": dir.path().join("s")});
    cfg["loggers"] = json!([{
        "name": "kea-dhcp4", "severity": "INFO",
        "output_options": [{"output": "stderr"}]
    }]);
    let path = dir.path().join("dhcp4.json");
    std::fs::write(&path, json!({"Dhcp4": cfg}).to_string()).expect("write config");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ruru-dhcp4"))
        .arg("-c")
        .arg(&path)
        .args(["-p", "0"])
        .args(["-P", &crate::support::server::free_udp_port().to_string()])
        .env("KEA_PIDFILE_DIR", dir.path())
        .env("KEA_LOCKFILE_DIR", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ruru-dhcp4");
    let code = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st.code();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let out = child.wait_with_output().expect("output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (code, text, elapsed)
}

/// The server refuses to start: exit 1 within `connect-timeout` plus slack, and a
/// DHCP4_INIT_FAIL line naming the backend and the driver's reason.
fn assert_init_fails(db: Value, backend: &str, reason: &str) {
    let (code, out, elapsed) = start_fails(db, Duration::from_secs(15));
    assert_eq!(code, Some(1), "exit code after {elapsed:?}:\n{out}");
    assert!(
        elapsed < Duration::from_secs(10),
        "took {elapsed:?}:\n{out}"
    );
    let line = out
        .lines()
        .find(|l| l.contains("DHCP4_INIT_FAIL"))
        .unwrap_or_else(|| panic!("no DHCP4_INIT_FAIL line:\n{out}"));
    assert!(
        line.contains("ERROR") || line.contains("FATAL"),
        "severity: {line}"
    );
    assert!(out.contains(backend), "backend not named:\n{out}");
    assert!(out.contains(reason), "reason '{reason}' missing:\n{out}");
}

#[tokio::test]
async fn pg_unknown_role_unknown_database_and_closed_port_stop_the_server() {
    let db = database(SqlKind::Postgresql, MadeBy::RuruAdmin).await;
    let mut m = lease_database(SqlKind::Postgresql, &db.name);
    // The test server trusts 127.0.0.1: a bad login is an unknown role.
    m["user"] = json!("no_such_role");
    m["password"] = json!("wrong");
    assert_init_fails(m, "postgresql", "no_such_role");
    let m = lease_database(SqlKind::Postgresql, "no_such_database_ruru");
    assert_init_fails(m, "postgresql", "no_such_database_ruru");
    let mut m = lease_database(SqlKind::Postgresql, &db.name);
    m["port"] = json!(1);
    assert_init_fails(m, "postgresql", "127.0.0.1:1");
}

#[tokio::test]
async fn mysql_wrong_password_unknown_database_and_closed_port_stop_the_server() {
    let db = database(SqlKind::Mysql, MadeBy::RuruAdmin).await;
    let mut m = lease_database(SqlKind::Mysql, &db.name);
    m["password"] = json!("wrong-password");
    assert_init_fails(m, "mysql", "Access denied");
    let m = lease_database(SqlKind::Mysql, "no_such_database_ruru");
    assert_init_fails(m, "mysql", "no_such_database_ruru");
    let mut m = lease_database(SqlKind::Mysql, &db.name);
    m["port"] = json!(1);
    assert_init_fails(m, "mysql", "127.0.0.1:1");
}
