//! The real ruru-dhcp6 binary with its leases in PostgreSQL and MySQL/MariaDB:
//! - a relayed SOLICIT/ADVERTISE/REQUEST/REPLY for IA_NA and IA_PD leaves both
//!   leases as rows of Kea's `lease6` table (on a database made by ruru and by
//!   `kea-admin db-init`), and `lease6-get` on the control socket returns them;
//! - Kea's kea-dhcp6 on the same database sees the leases ruru wrote (the client
//!   gets its lease back, another client does not), and ruru reads Kea's rows;
//! - a lease database that cannot be reached stops the server at startup:
//!   exit 1 with DHCP6_INIT_FAIL naming the backend.

use std::net::Ipv6Addr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::server6::{base_config6, free_udp6_port, Subject6, TestServer6};
use ruru::config::model::SqlKind;
use ruru::dhcp::v6::ia::Ia;
use ruru::dhcp::v6::packet::{msg, opt, Message6, Packet6};
use serde_json::{json, Value};

/// The `lease-database` map for `name` on the local test server of `kind`.
fn lease_database(kind: SqlKind, name: &str) -> Value {
    let (port, user) = match kind {
        SqlKind::Postgresql => (PG_PORT, "postgres"),
        SqlKind::Mysql => (MYSQL_PORT, "root"),
    };
    json!({
        "type": kind.name(), "name": name, "host": HOST, "port": port,
        "user": user, "connect-timeout": 3
    })
}

fn query(t: u8, client: u8) -> Message6 {
    let mut m = Message6::new(t, [0, 0, client]);
    m.push(opt::CLIENTID, vec![0, 3, 0, 1, 2, 0, 0, 0, 0, client]);
    m.push(opt::ELAPSED_TIME, vec![0, 0]);
    m
}

fn ia(p: &Packet6, code: u16) -> Ia {
    Ia::decode(code, p.message.option(code).expect("IA in reply")).expect("IA")
}

/// One lease6 row: (address, lease_type, prefix_len, iaid, valid_lifetime, duid).
type Row6 = (String, i64, i64, i64, i64, Vec<u8>);

/// Every `lease6` row, by address.
async fn rows6(db: &TestDb) -> Vec<Row6> {
    const SQL: &str = "SELECT address, lease_type, prefix_len, iaid, valid_lifetime, duid \
                       FROM lease6 ORDER BY address";
    match db.kind {
        SqlKind::Postgresql => db
            .pg_client()
            .await
            .query(SQL, &[])
            .await
            .expect("SELECT lease6")
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    i64::from(r.get::<_, i16>(1)),
                    i64::from(r.get::<_, i16>(2)),
                    i64::from(r.get::<_, i32>(3)),
                    r.get(4),
                    r.get(5),
                )
            })
            .collect(),
        SqlKind::Mysql => {
            use mysql_async::prelude::Queryable;
            let mut c = db.mysql_conn().await;
            let rows: Vec<(String, i64, i64, i64, i64, Vec<u8>)> =
                c.query(SQL).await.expect("SELECT lease6");
            c.disconnect().await.ok();
            rows
        }
    }
}

/// SARR for one address and one prefix through a relay, against ruru-dhcp6
/// on `db`; then the rows and `lease6-get`.
async fn sarr_stores_lease6_rows(kind: SqlKind, kea_made: bool) {
    let db = if kea_made {
        TestDb::with_kea_schema(kind).await
    } else {
        TestDb::with_ruru_schema(kind).await
    };
    let mut cfg = base_config6();
    cfg["lease-database"] = lease_database(kind, &db.name);
    let s = TestServer6::start(cfg);

    let mut sol = query(msg::SOLICIT, 1);
    sol.options.push(Ia::new(opt::IA_NA, 1).encode());
    sol.options.push(Ia::new(opt::IA_PD, 2).encode());
    let adv = s
        .relay(sol)
        .unwrap_or_else(|| panic!("ADVERTISE:\n{}", s.log()));
    assert_eq!(adv.message.msg_type, msg::ADVERTISE);
    assert!(
        rows6(&db).await.is_empty(),
        "an ADVERTISE stores no lease (Kea)"
    );
    let server_id = adv
        .message
        .option(opt::SERVERID)
        .expect("server id")
        .to_vec();
    let addr: Ipv6Addr = ia(&adv, opt::IA_NA).addresses[0].address;
    let prefix = ia(&adv, opt::IA_PD).prefixes[0].clone();

    let mut req = query(msg::REQUEST, 1);
    req.push(opt::SERVERID, server_id);
    req.options.push(ia(&adv, opt::IA_NA).encode());
    req.options.push(ia(&adv, opt::IA_PD).encode());
    let rep = s
        .relay(req)
        .unwrap_or_else(|| panic!("REPLY:\n{}", s.log()));
    assert_eq!(rep.message.msg_type, msg::REPLY);
    assert_eq!(ia(&rep, opt::IA_NA).addresses[0].address, addr);
    assert_eq!(ia(&rep, opt::IA_PD).prefixes[0].prefix, prefix.prefix);

    let duid = vec![0, 3, 0, 1, 2, 0, 0, 0, 0, 1];
    let mut expected = vec![
        (addr.to_string(), 0, 128, 1, 4000, duid.clone()),
        (prefix.prefix.to_string(), 2, 56, 2, 4000, duid),
    ];
    expected.sort();
    assert_eq!(rows6(&db).await, expected, "{}", s.log());

    let got = s.command("lease6-get", Some(json!({"ip-address": addr.to_string()})));
    assert_eq!(got["result"], 0, "{got}");
    assert_eq!(got["arguments"]["type"], "IA_NA", "{got}");
    assert_eq!(
        got["arguments"]["duid"], "00:03:00:01:02:00:00:00:00:01",
        "{got}"
    );
    let got = s.command(
        "lease6-get",
        Some(json!({"ip-address": prefix.prefix.to_string(), "type": "IA_PD"})),
    );
    assert_eq!(got["result"], 0, "{got}");
    assert_eq!(got["arguments"]["prefix-len"], 56, "{got}");
    drop(s);
}

#[tokio::test]
async fn postgresql_sarr_stores_an_address_and_a_prefix_in_lease6() {
    sarr_stores_lease6_rows(SqlKind::Postgresql, false).await;
}

#[tokio::test]
async fn mysql_sarr_stores_an_address_and_a_prefix_in_lease6() {
    sarr_stores_lease6_rows(SqlKind::Mysql, false).await;
}

#[tokio::test]
async fn postgresql_kea_made_database_serves_dhcp6() {
    sarr_stores_lease6_rows(SqlKind::Postgresql, true).await;
}

#[tokio::test]
async fn mysql_kea_made_database_serves_dhcp6() {
    sarr_stores_lease6_rows(SqlKind::Mysql, true).await;
}

/// SOLICIT + REQUEST for `client` (IA_NA iaid 1, IA_PD iaid 2, no hints);
/// returns the leased address and prefix.
fn sarr(s: &TestServer6, client: u8) -> (Ipv6Addr, Ipv6Addr) {
    let mut sol = query(msg::SOLICIT, client);
    sol.options.push(Ia::new(opt::IA_NA, 1).encode());
    sol.options.push(Ia::new(opt::IA_PD, 2).encode());
    let adv = s
        .relay(sol)
        .unwrap_or_else(|| panic!("ADVERTISE:\n{}", s.log()));
    let server_id = adv
        .message
        .option(opt::SERVERID)
        .expect("server id")
        .to_vec();
    let mut req = query(msg::REQUEST, client);
    req.push(opt::SERVERID, server_id);
    req.options.push(ia(&adv, opt::IA_NA).encode());
    req.options.push(ia(&adv, opt::IA_PD).encode());
    let rep = s
        .relay(req)
        .unwrap_or_else(|| panic!("REPLY:\n{}", s.log()));
    assert_eq!(rep.message.msg_type, msg::REPLY);
    (
        ia(&rep, opt::IA_NA).addresses[0].address,
        ia(&rep, opt::IA_PD).prefixes[0].prefix,
    )
}

/// ruru, then Kea, then ruru again on one database: each reads the other's rows.
async fn kea_and_ruru_share_a_lease6_table(kind: SqlKind) {
    let db = TestDb::with_kea_schema(kind).await;
    let config = || {
        let mut cfg = base_config6();
        cfg["interfaces-config"] = json!({ "interfaces": [ "lo/::1" ] });
        cfg["lease-database"] = lease_database(kind, &db.name);
        cfg
    };
    // Three clients, so the third holds neither pool's first address (which
    // a Kea that ignored the table would hand to the first client it sees).
    let by_ruru: Vec<(Ipv6Addr, Ipv6Addr)> = {
        let s = TestServer6::start(config());
        (1..=3).map(|c| sarr(&s, c)).collect()
    };
    let by_kea = {
        let s = TestServer6::start_subject(Subject6::Kea, config());
        let again = sarr(&s, 3);
        assert_eq!(
            again,
            by_ruru[2],
            "Kea gives client 3 the leases ruru stored:\n{}",
            s.log()
        );
        sarr(&s, 4)
    };
    for (a, p) in &by_ruru {
        assert_ne!(by_kea.0, *a, "Kea must not reuse an address ruru leased");
        assert_ne!(by_kea.1, *p, "Kea must not reuse a prefix ruru delegated");
    }
    let s = TestServer6::start(config());
    let got = s.command(
        "lease6-get",
        Some(json!({"ip-address": by_kea.0.to_string()})),
    );
    assert_eq!(got["result"], 0, "ruru reads Kea's row: {got}");
    assert_eq!(
        got["arguments"]["duid"], "00:03:00:01:02:00:00:00:00:04",
        "{got}"
    );
    let got = s.command(
        "lease6-get",
        Some(json!({"ip-address": by_kea.1.to_string(), "type": "IA_PD"})),
    );
    assert_eq!(got["result"], 0, "ruru reads Kea's row: {got}");
    assert_eq!(
        sarr(&s, 4),
        by_kea,
        "ruru gives client 4 the leases Kea stored"
    );
}

#[tokio::test]
async fn kea_dhcp6_and_ruru_share_leases_in_postgresql() {
    kea_and_ruru_share_a_lease6_table(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn kea_dhcp6_and_ruru_share_leases_in_mysql() {
    kea_and_ruru_share_a_lease6_table(SqlKind::Mysql).await;
}

/// ruru-dhcp6 with `lease-database` = `db` must exit 1 promptly, logging
/// DHCP6_INIT_FAIL with the backend's name and `reason`.
fn assert_init_fails(db: Value, backend: &str, reason: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = base_config6();
    cfg["lease-database"] = db;
    cfg["data-directory"] = json!(dir.path());
    cfg["loggers"] = json!([{
        "name": "kea-dhcp6", "severity": "INFO",
        "output_options": [{"output": "stderr"}]
    }]);
    let path = dir.path().join("dhcp6.json");
    std::fs::write(&path, json!({"Dhcp6": cfg}).to_string()).expect("write config");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ruru-dhcp6"))
        .arg("-c")
        .arg(&path)
        .args(["-p", &free_udp6_port().to_string()])
        .args(["-P", &free_udp6_port().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ruru-dhcp6");
    let code = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st.code();
        }
        if started.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().expect("output");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(code, Some(1), "after {:?}:\n{out}", started.elapsed());
    let line = out
        .lines()
        .find(|l| l.contains("DHCP6_INIT_FAIL"))
        .unwrap_or_else(|| panic!("no DHCP6_INIT_FAIL line:\n{out}"));
    assert!(line.contains(backend), "backend not named: {line}");
    assert!(out.contains(reason), "reason '{reason}' missing:\n{out}");
}

#[tokio::test]
async fn an_unreachable_or_unknown_lease_database_stops_ruru_dhcp6() {
    for kind in [SqlKind::Postgresql, SqlKind::Mysql] {
        let mut m = lease_database(kind, "ruru_unused");
        m["port"] = json!(1);
        assert_init_fails(m, kind.name(), "127.0.0.1:1");
        let m = lease_database(kind, "no_such_database_ruru6");
        assert_init_fails(m, kind.name(), "no_such_database_ruru6");
    }
}

/// ruru-dhcp6 under the shared Supervisor: a PostgreSQL lease database cut
/// behind the fault-injecting proxy pauses DHCPv6 service (stop-retry-exit),
/// `status-get` says why, the recovery logs DHCPv6's IDs, and service comes
/// back when the database does.
#[tokio::test]
async fn dhcpv6_follows_on_fail_when_its_postgresql_lease_database_is_cut() {
    use crate::support::proxy::Proxy;
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let proxy = Proxy::start(PG_PORT);
    let mut cfg = base_config6();
    let mut lease_db = lease_database(SqlKind::Postgresql, &db.name);
    lease_db["port"] = json!(proxy.port);
    lease_db["connect-timeout"] = json!(1);
    lease_db["max-reconnect-tries"] = json!(50);
    lease_db["reconnect-wait-time"] = json!(400);
    lease_db["on-fail"] = json!("stop-retry-exit");
    cfg["lease-database"] = lease_db;
    let s = TestServer6::start(cfg);
    sarr(&s, 1);
    proxy.cut();
    let state = |s: &TestServer6| s.command("status-get", None)["arguments"].clone();
    let t0 = Instant::now();
    let mut client = 2;
    while state(&s)["backends"][0]["state"] == "connected" {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "loss not noticed:\n{}",
            s.log()
        );
        let mut sol = query(msg::SOLICIT, client);
        sol.options.push(Ia::new(opt::IA_NA, 1).encode());
        assert!(
            s.relay(sol).is_none(),
            "ADVERTISE from a server whose database is cut"
        );
        client += 1;
    }
    let st = state(&s);
    assert_eq!(st["dhcp-state"]["disabled-by-db-connection"], true, "{st}");
    proxy.heal();
    let t_heal = Instant::now();
    loop {
        client += 1;
        let mut sol = query(msg::SOLICIT, client);
        sol.options.push(Ia::new(opt::IA_NA, 1).encode());
        if s.relay(sol).is_some() {
            break;
        }
        assert!(
            t_heal.elapsed() < Duration::from_secs(5),
            "no service after the heal:\n{}",
            s.log()
        );
    }
    sarr(&s, client + 1);
    let log = s.log();
    assert!(log.contains("DHCP6_DB_RECONNECT_SUCCEEDED"), "{log}");
    assert!(!log.contains("DHCP4_"), "{log}");
}

/// The lease backend entry of `status-get`.
fn lease_backend6(s: &TestServer6) -> Value {
    let r = s.command("status-get", None);
    assert_eq!(r["result"], 0, "{r}");
    r["arguments"]["backends"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["name"] == "lease-database").cloned())
        .unwrap_or_else(|| panic!("no lease-database in status-get: {r}"))
}

/// `config-set` moves a running ruru-dhcp6 from memfile to PostgreSQL (new
/// leases go to the table, the new backend is supervised); a `config-set` to
/// an unreachable database answers 1 and stops serving until a good one.
#[tokio::test]
async fn config_set_moves_ruru_dhcp6_to_another_lease_database_and_a_dead_one_stops_serving() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let s = TestServer6::start(base_config6());
    let (on_memfile, _) = sarr(&s, 1);
    assert!(rows6(&db).await.is_empty());
    assert_eq!(lease_backend6(&s)["type"], "memfile", "{}", s.log());

    let file: Value =
        serde_json::from_slice(&std::fs::read(s.config_path()).expect("config")).expect("json");
    let mut on_pg = file.clone();
    on_pg["Dhcp6"]["lease-database"] = lease_database(SqlKind::Postgresql, &db.name);
    let r = s.command("config-set", Some(on_pg.clone()));
    assert_eq!(r["result"], 0, "{r}\n{}", s.log());
    assert_eq!(lease_backend6(&s)["type"], "postgresql");
    let (on_sql, _) = sarr(&s, 2);
    let rows = rows6(&db).await;
    assert!(
        rows.iter().any(|r| r.0 == on_sql.to_string()),
        "{on_sql} not in {rows:?}"
    );
    // The new database holds client 2's address and prefix only; client 1's
    // lease stayed in the memfile (its address may be given again here).
    let duid2 = vec![0, 3, 0, 1, 2, 0, 0, 0, 0, 2];
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.5 == duid2), "{rows:?}");
    let csv = std::fs::read_to_string(&s.lease_file).expect("memfile lease file");
    assert!(csv.contains(&on_memfile.to_string()), "{csv}");

    let mut dead = on_pg.clone();
    dead["Dhcp6"]["lease-database"]["port"] = json!(free_udp6_port());
    let r = s.command("config-set", Some(dead));
    assert_eq!(r["result"], 1, "{r}");
    let st = s.command("status-get", None);
    assert_eq!(
        st["arguments"]["dhcp-state"]["disabled-by-config-failure"], true,
        "{st}"
    );
    let mut sol = query(msg::SOLICIT, 3);
    sol.options.push(Ia::new(opt::IA_NA, 1).encode());
    assert!(s.relay(sol).is_none(), "served after a failed config-set");

    let r = s.command("config-set", Some(on_pg));
    assert_eq!(r["result"], 0, "{r}");
    sarr(&s, 4);
    assert_eq!(
        rows6(&db).await.len(),
        rows.len() + 2,
        "client 4's address and prefix"
    );
}

/// `retry-on-startup` for ruru-dhcp6: a PostgreSQL lease database unreachable
/// at startup enters the reconnect cycle instead of a fatal exit (control
/// socket answers, no client served); once reached, clients are served and
/// leases stored.
#[tokio::test]
async fn retry_on_startup_lets_ruru_dhcp6_wait_for_its_lease_database() {
    use crate::support::proxy::Proxy;
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let proxy = Proxy::start(PG_PORT);
    proxy.cut();
    let mut cfg = base_config6();
    let mut lease_db = lease_database(SqlKind::Postgresql, &db.name);
    lease_db["port"] = json!(proxy.port);
    lease_db["connect-timeout"] = json!(1);
    lease_db["max-reconnect-tries"] = json!(50);
    lease_db["reconnect-wait-time"] = json!(400);
    lease_db["retry-on-startup"] = json!(true);
    cfg["lease-database"] = lease_db;
    let s = TestServer6::start(cfg);
    let st = s.command("status-get", None)["arguments"].clone();
    assert_ne!(lease_backend6(&s)["state"], "connected", "{st}");
    assert_eq!(st["dhcp-state"]["disabled-by-db-connection"], true, "{st}");
    let mut sol = query(msg::SOLICIT, 1);
    sol.options.push(Ia::new(opt::IA_NA, 1).encode());
    assert!(
        s.relay(sol).is_none(),
        "served before the database was reached"
    );
    proxy.heal();
    let t_heal = Instant::now();
    let mut client = 2;
    loop {
        let mut sol = query(msg::SOLICIT, client);
        sol.options.push(Ia::new(opt::IA_NA, 1).encode());
        if s.relay(sol).is_some() {
            break;
        }
        client += 1;
        assert!(
            t_heal.elapsed() < Duration::from_secs(5),
            "no service after the database came:\n{}",
            s.log()
        );
    }
    let (addr, _) = sarr(&s, client + 1);
    assert!(rows6(&db).await.iter().any(|r| r.0 == addr.to_string()));
    assert_eq!(lease_backend6(&s)["state"], "connected");
}

/// `statistic-get` of the real server: a per-subnet lease statistic's value.
fn stat6(s: &TestServer6, name: &str) -> Value {
    let got = s.command("statistic-get", Some(json!({ "name": name })));
    assert_eq!(got["result"], 0, "{got}");
    got["arguments"][name][0][0].clone()
}

/// ruru-dhcp6 counts its lease statistics at startup from Kea's
/// `lease6_stat` (kept by the schema's triggers), not by reading every
/// lease: a count changed there by hand is what the restarted server shows.
async fn startup_counts_from_lease6_stat(kind: SqlKind) {
    let db = TestDb::with_ruru_schema(kind).await;
    let mut cfg = base_config6();
    cfg["lease-database"] = lease_database(kind, &db.name);
    let s = TestServer6::start(cfg.clone());
    sarr(&s, 1);
    assert_eq!(stat6(&s, "subnet[1].assigned-nas"), 1, "{}", s.log());
    assert_eq!(stat6(&s, "subnet[1].assigned-pds"), 1, "{}", s.log());
    drop(s);

    db.execute(
        "UPDATE lease6_stat SET leases = 5 WHERE subnet_id = 1 AND lease_type = 0 AND state = 0",
    )
    .await;
    let s = TestServer6::start(cfg);
    assert_eq!(stat6(&s, "subnet[1].assigned-nas"), 5, "{}", s.log());
    assert_eq!(stat6(&s, "subnet[1].assigned-pds"), 1, "{}", s.log());
}

#[tokio::test]
async fn postgresql_ruru_dhcp6_counts_its_statistics_from_lease6_stat() {
    startup_counts_from_lease6_stat(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_ruru_dhcp6_counts_its_statistics_from_lease6_stat() {
    startup_counts_from_lease6_stat(SqlKind::Mysql).await;
}
