//! Hosts database outages against the real binary: ruru-dhcp4 with memfile
//! leases and a PostgreSQL or MySQL `hosts-database` reached through the
//! fault-injecting proxy (`crate::support::proxy`). The hosts database is its own
//! backend (`hosts-databases[0]` in `status-get`) with its own `on-fail`:
//! with stop-retry-exit, losing it pauses service and service resumes (the
//! reservation served again) when it comes back; `config-set` to a dead hosts
//! database answers 1 and stops serving until a good configuration. The same
//! for ruru-dhcp6 (its `hosts-database` supervised the same way).

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use crate::support::client::{mac, msg_type, RelayClient};
use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::proxy::Proxy;
use crate::support::server::{base_config, TestServer};
use crate::support::server6::{base_config6, TestServer6};
use ruru::config::model::SqlKind;
use ruru::dhcp::v6::ia::Ia;
use ruru::dhcp::v6::packet::{msg as msg6, opt, Message6};
use serde_json::{json, Value};

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
    let sid = crate::support::client::server_id(&offer)?;
    let ack = c.request(&mac(7), offer.yiaddr(), sid)?;
    (msg_type(&ack) == Some(dhcproto::v4::MessageType::Ack)).then(|| ack.yiaddr())
}

fn stop_retry_exit_pauses_and_resumes(kind: SqlKind) {
    let db = rt().block_on(TestDb::with_ruru_schema(kind));
    let proxy = Proxy::start(upstream(kind));
    let mut cfg = base_config();
    cfg["hosts-database"] = hosts_db(&db, proxy.port);
    let mut s = TestServer::start(cfg);
    let mut c = s.relay_client();
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
    let mut c = s.relay_client();
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

// ruru-dhcp6: the same supervision of its hosts databases.

const RESERVED6: &str = "2001:db8:1::20";

fn status6(s: &TestServer6) -> Value {
    let r = s.command("status-get", None);
    assert_eq!(r["result"], 0, "{r}");
    r["arguments"].clone()
}

fn hosts_backend6(s: &TestServer6) -> Value {
    let st = status6(s);
    st["backends"]
        .as_array()
        .and_then(|b| {
            b.iter()
                .find(|b| b["name"] == "hosts-databases[0]")
                .cloned()
        })
        .unwrap_or_else(|| panic!("no hosts-databases[0] in status-get: {st}"))
}

fn add_reservation6(s: &TestServer6) {
    let r = s.command(
        "reservation-add",
        Some(json!({"reservation": {
            "subnet-id": 1, "duid": "00:03:00:01:02:00:00:00:00:07", "ip-addresses": [RESERVED6]
        }})),
    );
    assert_eq!(r["result"], 0, "{r}\n{}", s.log());
}

fn query6(t: u8, client: u8) -> Message6 {
    let mut m = Message6::new(t, [0, 2, client]);
    m.push(opt::CLIENTID, vec![0, 3, 0, 1, 2, 0, 0, 0, 0, client]);
    m.push(opt::ELAPSED_TIME, vec![0, 0]);
    m
}

/// SOLICIT for `client` with one IA_NA: the advertised address, `None` when
/// no ADVERTISE came or it holds no address.
fn solicit6(s: &TestServer6, client: u8) -> Option<std::net::Ipv6Addr> {
    let mut sol = query6(msg6::SOLICIT, client);
    sol.options.push(Ia::new(opt::IA_NA, 1).encode());
    let adv = s.relay(sol)?;
    let ia = Ia::decode(opt::IA_NA, adv.message.option(opt::IA_NA)?)?;
    ia.addresses.first().map(|a| a.address)
}

fn reserved6() -> Option<std::net::Ipv6Addr> {
    Some(RESERVED6.parse().expect("address"))
}

fn dhcp6_stop_retry_exit_pauses_and_resumes(kind: SqlKind) {
    let db = rt().block_on(TestDb::with_ruru_schema(kind));
    let proxy = Proxy::start(upstream(kind));
    let mut cfg = base_config6();
    cfg["hosts-database"] = hosts_db(&db, proxy.port);
    let mut s = TestServer6::start(cfg);
    add_reservation6(&s);
    assert_eq!(solicit6(&s, 7), reserved6(), "{}", s.log());
    assert_eq!(hosts_backend6(&s)["state"], "connected");

    proxy.cut();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let b = hosts_backend6(&s);
        if matches!(b["state"].as_str(), Some("lost" | "retrying")) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "outage not noticed: {b}\n{}",
            s.log()
        );
        let _ = solicit6(&s, 7);
    }
    let st = status6(&s);
    assert_eq!(st["dhcp-state"]["disabled-by-db-connection"], true, "{st}");
    assert_eq!(
        solicit6(&s, 8),
        None,
        "ADVERTISE while the hosts database is down"
    );
    assert!(
        s.wait_exit(Duration::from_millis(1)).is_none(),
        "exited too early"
    );

    proxy.heal();
    let deadline = Instant::now() + Duration::from_secs(15);
    while solicit6(&s, 7) != reserved6() {
        assert!(
            Instant::now() < deadline,
            "service did not resume: {}\n{}",
            hosts_backend6(&s),
            s.log()
        );
    }
    assert_eq!(hosts_backend6(&s)["state"], "connected");
    assert_eq!(
        status6(&s)["dhcp-state"]["disabled-by-db-connection"],
        false
    );
}

#[test]
fn dhcp6_postgresql_hosts_database_outage_pauses_service_until_it_returns() {
    dhcp6_stop_retry_exit_pauses_and_resumes(SqlKind::Postgresql);
}

#[test]
fn dhcp6_mysql_hosts_database_outage_pauses_service_until_it_returns() {
    dhcp6_stop_retry_exit_pauses_and_resumes(SqlKind::Mysql);
}

/// ruru-dhcp6 started without a hosts database gets one by `config-set`
/// (its reservations then served); a `config-set` to a dead one answers 1
/// and stops serving until a good configuration.
#[test]
fn dhcp6_config_set_opens_hosts_databases_and_a_dead_one_stops_serving() {
    let db = rt().block_on(TestDb::with_ruru_schema(SqlKind::Postgresql));
    let good = Proxy::start(PG_PORT);
    let dead = Proxy::start(PG_PORT);
    dead.cut();
    let s = TestServer6::start(base_config6());
    let file: Value =
        serde_json::from_slice(&std::fs::read(s.config_path()).expect("config")).expect("json");
    let mut with_hosts = file.clone();
    with_hosts["Dhcp6"]["hosts-database"] = hosts_db(&db, good.port);
    let r = s.command("config-set", Some(with_hosts.clone()));
    assert_eq!(r["result"], 0, "{r}\n{}", s.log());
    assert_eq!(hosts_backend6(&s)["state"], "connected");
    add_reservation6(&s);
    assert_eq!(solicit6(&s, 7), reserved6(), "{}", s.log());

    let mut bad = with_hosts.clone();
    bad["Dhcp6"]["hosts-database"]["port"] = json!(dead.port);
    let r = s.command("config-set", Some(bad));
    assert_eq!(r["result"], 1, "{r}");
    assert!(
        r["text"]
            .as_str()
            .unwrap_or("")
            .contains("Unable to open database"),
        "{r}"
    );
    let st = status6(&s);
    assert_eq!(st["dhcp-state"]["disabled-by-config-failure"], true, "{st}");
    assert_eq!(solicit6(&s, 7), None, "served after a failed config-set");

    let r = s.command("config-set", Some(with_hosts));
    assert_eq!(r["result"], 0, "{r}");
    assert_eq!(solicit6(&s, 7), reserved6(), "{}", s.log());
    assert_eq!(hosts_backend6(&s)["state"], "connected");
}
