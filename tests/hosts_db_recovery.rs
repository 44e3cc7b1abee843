//! Hosts database outages against the real binary: ruru-dhcp4 with memfile
//! leases and a PostgreSQL or MySQL `hosts-database` reached through the
//! fault-injecting proxy (`support::proxy`). The hosts database is its own
//! backend (`hosts-databases[0]` in `status-get`) with its own `on-fail`:
//! with stop-retry-exit, losing it pauses service and service resumes (the
//! reservation served again) when it comes back; `config-set` to a dead hosts
//! database answers 1 and stops serving until a good configuration.

mod support;

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use ruru::config::model::SqlKind;
use serde_json::{json, Value};
use support::client::{mac, msg_type, RelayClient};
use support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use support::proxy::Proxy;
use support::server::{base_config, TestServer};

const RESERVED: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 150);

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn hosts_db(db: &TestDb, port: u16) -> Value {
    let mut m = json!({
        "type": db.kind.name(), "name": db.name, "host": HOST, "port": port,
        "user": match db.kind { SqlKind::Postgresql => "postgres", SqlKind::Mysql => "root" },
        "connect-timeout": 1, "max-reconnect-tries": 100, "reconnect-wait-time": 300,
        "on-fail": "stop-retry-exit",
    });
    match db.kind {
        SqlKind::Postgresql => m["tcp-user-timeout"] = json!(1),
        SqlKind::Mysql => {
            m["read-timeout"] = json!(1);
            m["write-timeout"] = json!(1);
        }
    }
    m
}

fn upstream(kind: SqlKind) -> u16 {
    match kind {
        SqlKind::Postgresql => PG_PORT,
        SqlKind::Mysql => MYSQL_PORT,
    }
}

fn status(s: &TestServer) -> Value {
    let r = s.command_json("status-get", None);
    assert_eq!(r["result"], 0, "{r}");
    r["arguments"].clone()
}

fn hosts_backend(s: &TestServer) -> Value {
    let st = status(s);
    st["backends"]
        .as_array()
        .and_then(|b| {
            b.iter()
                .find(|b| b["name"] == "hosts-databases[0]")
                .cloned()
        })
        .unwrap_or_else(|| panic!("no hosts-databases[0] in status-get: {st}"))
}

fn add_reservation(s: &TestServer) {
    let r = s.command_json(
        "reservation-add",
        Some(json!({"reservation": {
            "subnet-id": 1, "hw-address": "02:00:00:00:00:07", "ip-address": RESERVED.to_string()
        }})),
    );
    assert_eq!(r["result"], 0, "{r}\n{}", s.logs());
}

/// DORA for MAC 7, `None` when any step gets no answer.
fn try_dora(c: &mut RelayClient) -> Option<Ipv4Addr> {
    let offer = c.discover(&mac(7))?;
    let sid = support::client::server_id(&offer)?;
    let ack = c.request(&mac(7), offer.yiaddr(), sid)?;
    (msg_type(&ack) == Some(dhcproto::v4::MessageType::Ack)).then(|| ack.yiaddr())
}

fn stop_retry_exit_pauses_and_resumes(kind: SqlKind) {
    let db = rt().block_on(TestDb::with_ruru_schema(kind));
    let proxy = Proxy::start(upstream(kind));
    let mut cfg = base_config();
    cfg["hosts-database"] = hosts_db(&db, proxy.port);
    let mut s = TestServer::start(cfg);
    let mut c = RelayClient::new(s.port, s.client_port);
    add_reservation(&s);
    assert_eq!(try_dora(&mut c), Some(RESERVED), "{}", s.logs());
    assert_eq!(hosts_backend(&s)["state"], "connected");

    proxy.cut();
    // A query that needs the hosts database, or the idle probe, notices.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let b = hosts_backend(&s);
        if matches!(b["state"].as_str(), Some("lost" | "retrying")) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "outage not noticed: {b}\n{}",
            s.logs()
        );
        let _ = c.discover(&mac(7));
    }
    let st = status(&s);
    assert_eq!(st["dhcp-state"]["disabled-by-db-connection"], true, "{st}");
    assert_eq!(
        c.discover(&mac(8)),
        None,
        "OFFER while the hosts database is down"
    );
    assert!(
        s.wait_exit(Duration::from_millis(1)).is_none(),
        "exited too early"
    );

    proxy.heal();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if try_dora(&mut c) == Some(RESERVED) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "service did not resume: {}\n{}",
            hosts_backend(&s),
            s.logs()
        );
    }
    assert_eq!(hosts_backend(&s)["state"], "connected");
    assert_eq!(status(&s)["dhcp-state"]["disabled-by-db-connection"], false);
}

#[test]
fn postgresql_hosts_database_outage_pauses_service_until_it_returns() {
    stop_retry_exit_pauses_and_resumes(SqlKind::Postgresql);
}

#[test]
fn mysql_hosts_database_outage_pauses_service_until_it_returns() {
    stop_retry_exit_pauses_and_resumes(SqlKind::Mysql);
}

#[test]
fn config_set_to_a_dead_hosts_database_answers_1_and_stops_serving() {
    let db = rt().block_on(TestDb::with_ruru_schema(SqlKind::Postgresql));
    let good = Proxy::start(PG_PORT);
    let dead = Proxy::start(PG_PORT);
    dead.cut();
    let mut cfg = base_config();
    cfg["hosts-database"] = hosts_db(&db, good.port);
    let s = TestServer::start(cfg);
    let mut c = RelayClient::new(s.port, s.client_port);
    add_reservation(&s);
    assert_eq!(try_dora(&mut c), Some(RESERVED));

    let file: Value =
        serde_json::from_slice(&std::fs::read(&s.config_path).expect("config")).expect("json");
    let mut bad = file.clone();
    bad["Dhcp4"]["hosts-database"]["port"] = json!(dead.port);
    let r = s.command_json("config-set", Some(bad));
    assert_eq!(r["result"], 1, "{r}");
    assert!(
        r["text"]
            .as_str()
            .unwrap_or("")
            .contains("Unable to open database"),
        "{r}"
    );
    let st = status(&s);
    assert_eq!(st["dhcp-state"]["disabled-by-config-failure"], true, "{st}");
    assert_eq!(
        c.discover(&mac(7)),
        None,
        "served after a failed config-set"
    );

    let r = s.command_json("config-set", Some(file));
    assert_eq!(r["result"], 0, "{r}");
    assert_eq!(try_dora(&mut c), Some(RESERVED), "{}", s.logs());
    assert_eq!(hosts_backend(&s)["state"], "connected");
}
