//! The real `ruru-dhcp4` binary with its host reservations in PostgreSQL and in
//! MariaDB/MySQL (`hosts-database`), on databases made by Kea 2.2's
//! `kea-admin db-init` and by ruru's own init:
//!
//! - a reservation added with `reservation-add` is served to its client (the
//!   reserved address and the host's option), found by `reservation-get`, and
//!   gone after `reservation-del`;
//! - a reservation inserted with raw SQL the way Kea stores it is served too;
//! - Kea 2.2's own kea-dhcp4 serves a reservation ruru added (Kea reads what
//!   ruru wrote);
//! - a server whose hosts database cannot be reached exits 1 at startup.

use std::net::Ipv4Addr;

use crate::support::client::mac;
use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::server::{base_config, Subject, TestServer};
use dhcproto::v4::{DhcpOption, OptionCode};
use mysql_async::prelude::Queryable;
use ruru::config::model::SqlKind;
use serde_json::{json, Value};

fn hosts_database(db: &TestDb) -> Value {
    let (port, user) = match db.kind {
        SqlKind::Postgresql => (PG_PORT, "postgres"),
        SqlKind::Mysql => (MYSQL_PORT, "root"),
    };
    json!({
        "type": db.kind.name(), "name": db.name, "host": HOST, "port": port,
        "user": user, "connect-timeout": 3
    })
}

fn config(db: &TestDb) -> Value {
    let mut cfg = base_config();
    cfg["hosts-database"] = hosts_database(db);
    cfg
}

fn domain_name(m: &dhcproto::v4::Message) -> Option<String> {
    match m.opts().get(OptionCode::DomainName) {
        Some(DhcpOption::DomainName(n)) => Some(n.clone()),
        _ => None,
    }
}

fn result(reply: &Value) -> i64 {
    reply["result"].as_i64().unwrap_or(-1)
}

/// The reservation `reservation-add` stores: MAC 7 gets 192.0.2.150 and its own
/// domain name.
fn reservation() -> Value {
    json!({"reservation": {
        "subnet-id": 1,
        "hw-address": "02:00:00:00:00:07",
        "ip-address": "192.0.2.150",
        "hostname": "added.example.org",
        "option-data": [{"name": "domain-name", "data": "added.example.org"}]
    }})
}

/// Inserts MAC 8 -> 192.0.2.160 with domain name raw.example.org the way Kea
/// stores a host (hosts row, dhcp4_options row of scope 3).
async fn insert_like_kea(db: &TestDb) {
    let ip = u32::from(Ipv4Addr::new(192, 0, 2, 160));
    match db.kind {
        SqlKind::Postgresql => {
            let c = db.pg_client().await;
            let row = c
                .query_one(
                    "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, \
                     ipv4_address, hostname, dhcp4_next_server, dhcp4_server_hostname, \
                     dhcp4_boot_file_name) VALUES ($1, 0, 1, $2, 'raw', 0, '', '') RETURNING host_id",
                    &[&mac(8).to_vec(), &i64::from(ip)],
                )
                .await
                .expect("insert host");
            let id: i32 = row.get(0);
            c.execute(
                "INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, \
                 host_id, scope_id) VALUES (15, ''::bytea, 'raw.example.org', 'dhcp4', false, $1, 3)",
                &[&id],
            )
            .await
            .expect("insert option");
        }
        SqlKind::Mysql => {
            let mut c = db.mysql_conn().await;
            c.exec_drop(
                "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, \
                 ipv4_address, hostname, dhcp4_next_server, dhcp4_server_hostname, \
                 dhcp4_boot_file_name) VALUES (?, 0, 1, ?, 'raw', 0, '', '')",
                (mac(8).to_vec(), ip),
            )
            .await
            .expect("insert host");
            c.query_drop(
                "INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, \
                 host_id, scope_id) VALUES (15, '', 'raw.example.org', 'dhcp4', 0, LAST_INSERT_ID(), 3)",
            )
            .await
            .expect("insert option");
        }
    }
}

async fn serves_reservations_from(db: TestDb) {
    insert_like_kea(&db).await;
    let server = TestServer::start(config(&db));
    let mut client = server.relay_client();

    let added = server.command_json("reservation-add", Some(reservation()));
    assert_eq!(result(&added), 0, "{added}\n{}", server.logs());
    assert_eq!(added["text"], "Host added.");

    let a = client.dora(&mac(7));
    assert_eq!(a.yiaddr, Ipv4Addr::new(192, 0, 2, 150), "{}", server.logs());
    assert_eq!(domain_name(&a.ack).as_deref(), Some("added.example.org"));

    let raw = client.dora(&mac(8));
    assert_eq!(
        raw.yiaddr,
        Ipv4Addr::new(192, 0, 2, 160),
        "{}",
        server.logs()
    );
    assert_eq!(domain_name(&raw.ack).as_deref(), Some("raw.example.org"));

    // A client without a reservation gets a pool address and the subnet's options.
    let other = client.dora(&mac(9));
    assert_ne!(other.yiaddr, Ipv4Addr::new(192, 0, 2, 150));
    assert_ne!(other.yiaddr, Ipv4Addr::new(192, 0, 2, 160));
    assert_eq!(domain_name(&other.ack).as_deref(), Some("example.org"));

    let got = server.command_json(
        "reservation-get",
        Some(json!({"subnet-id": 1, "identifier-type": "hw-address", "identifier": "02:00:00:00:00:07"})),
    );
    assert_eq!(result(&got), 0, "{got}");
    assert_eq!(got["arguments"]["ip-address"], "192.0.2.150");
    assert_eq!(got["arguments"]["hostname"], "added.example.org");
    assert_eq!(
        got["arguments"]["option-data"][0]["data"],
        "added.example.org"
    );
    assert_eq!(got["arguments"]["option-data"][0]["name"], "domain-name");

    let all = server.command_json("reservation-get-all", Some(json!({"subnet-id": 1})));
    assert_eq!(all["text"], "2 IPv4 host(s) found.", "{all}");

    let dup = server.command_json("reservation-add", Some(reservation()));
    assert_eq!(result(&dup), 1, "{dup}");

    let del = server.command_json(
        "reservation-del",
        Some(json!({"subnet-id": 1, "ip-address": "192.0.2.150"})),
    );
    assert_eq!(result(&del), 0, "{del}");
    assert_eq!(del["text"], "Host deleted.");
    let gone = server.command_json(
        "reservation-get",
        Some(json!({"subnet-id": 1, "ip-address": "192.0.2.150"})),
    );
    assert_eq!(result(&gone), 3, "{gone}");
    assert_eq!(gone["text"], "Host not found.");
}

#[tokio::test]
async fn postgresql_hosts_database_made_by_kea_serves_added_and_raw_reservations() {
    serves_reservations_from(TestDb::with_kea_schema(SqlKind::Postgresql).await).await;
}

#[tokio::test]
async fn mysql_hosts_database_made_by_kea_serves_added_and_raw_reservations() {
    serves_reservations_from(TestDb::with_kea_schema(SqlKind::Mysql).await).await;
}

#[tokio::test]
async fn postgresql_hosts_database_made_by_ruru_serves_added_and_raw_reservations() {
    serves_reservations_from(TestDb::with_ruru_schema(SqlKind::Postgresql).await).await;
}

#[tokio::test]
async fn mysql_hosts_database_made_by_ruru_serves_added_and_raw_reservations() {
    serves_reservations_from(TestDb::with_ruru_schema(SqlKind::Mysql).await).await;
}

/// ruru adds the reservation; Kea 2.2's kea-dhcp4 on the same database serves it.
async fn kea_serves_what_ruru_added(kind: SqlKind) {
    let db = TestDb::with_kea_schema(kind).await;
    {
        let ruru = TestServer::start_subject(Subject::Ruru, config(&db));
        let added = ruru.command_json("reservation-add", Some(reservation()));
        assert_eq!(result(&added), 0, "{added}\n{}", ruru.logs());
    }
    let kea = TestServer::start_subject(Subject::Kea, config(&db));
    let mut client = kea.relay_client();
    let a = client.dora(&mac(7));
    assert_eq!(a.yiaddr, Ipv4Addr::new(192, 0, 2, 150), "{}", kea.logs());
    assert_eq!(domain_name(&a.ack).as_deref(), Some("added.example.org"));
}

#[tokio::test]
async fn kea_dhcp4_serves_a_reservation_ruru_added_to_postgresql() {
    kea_serves_what_ruru_added(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn kea_dhcp4_serves_a_reservation_ruru_added_to_mysql() {
    kea_serves_what_ruru_added(SqlKind::Mysql).await;
}

#[test]
fn an_unreachable_hosts_database_stops_the_server_at_startup() {
    let closed = crate::support::server::free_udp_port();
    let mut cfg = base_config();
    cfg["hosts-database"] = json!({
        "type": "postgresql", "name": "none", "host": "127.0.0.1", "port": closed,
        "user": "postgres", "connect-timeout": 2
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("dhcp4.json");
    let mut map = cfg;
    map["lease-database"] = json!({"type": "memfile", "persist": false});
    std::fs::write(&path, json!({"Dhcp4": map}).to_string()).expect("write config");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ruru-dhcp4"))
        .arg("-c")
        .arg(&path)
        .arg("-p")
        .arg("0")
        .output()
        .expect("run ruru-dhcp4");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("DHCP4_INIT_FAIL"), "{log}");
    assert!(log.contains("hosts database 0"), "{log}");
}

/// A hosts database that answers with an error (here: its tables are gone) is
/// not a lost connection: the error is logged and clients are served from the
/// pools, the backend staying connected.
#[tokio::test]
async fn a_failing_hosts_query_is_logged_and_the_client_served_from_the_pool() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let server = TestServer::start(config(&db));
    let added = server.command_json("reservation-add", Some(reservation()));
    assert_eq!(result(&added), 0, "{added}");
    db.execute("DROP TABLE ipv6_reservations, dhcp4_options, dhcp6_options, hosts CASCADE")
        .await;
    let mut client = server.relay_client();
    let a = client.dora(&mac(7));
    assert_ne!(a.yiaddr, Ipv4Addr::new(192, 0, 2, 150));
    assert!(
        server
            .logs()
            .contains("hosts database 0: host lookup failed"),
        "{}",
        server.logs()
    );
    let st = server.command_json("status-get", None);
    let hosts = st["arguments"]["backends"]
        .as_array()
        .and_then(|b| {
            b.iter()
                .find(|b| b["name"] == "hosts-databases[0]")
                .cloned()
        })
        .expect("hosts backend in status-get");
    assert_eq!(hosts["state"], "connected", "{st}");
}
