//! The real `ruru-dhcp6` binary with its host reservations in PostgreSQL and
//! in MariaDB/MySQL (`hosts-database`), on databases made by Kea 2.2's
//! `kea-admin db-init` and by ruru's own init:
//!
//! - a reservation added with `reservation-add` (an address, a prefix and a
//!   host option) is served to its client, found by `reservation-get`,
//!   listed, refused a second time, and gone after `reservation-del`;
//! - a reservation inserted with raw SQL the way Kea stores it is served too,
//!   and its pool address and prefix are not given to another client;
//! - Kea 2.2's own kea-dhcp6 serves a reservation ruru added;
//! - a server whose hosts database cannot be reached exits 1 at startup.

use std::net::Ipv6Addr;

use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::server6::{base_config6, free_udp6_port, Subject6, TestServer6};
use ruru::config::model::SqlKind;
use ruru::dhcp::v6::ia::Ia;
use ruru::dhcp::v6::packet::{msg, opt, Message6, Packet6};
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
    let mut cfg = base_config6();
    cfg["hosts-database"] = hosts_database(db);
    cfg
}

fn a(s: &str) -> Ipv6Addr {
    s.parse().expect("address")
}

fn result(reply: &Value) -> i64 {
    reply["result"].as_i64().unwrap_or(-1)
}

/// A query from the client with DUID `00:03:00:01:02:00:00:00:00:<client>`,
/// asking for DNS servers (ORO).
fn query(t: u8, client: u8) -> Message6 {
    let mut m = Message6::new(t, [0, 1, client]);
    m.push(opt::CLIENTID, vec![0, 3, 0, 1, 2, 0, 0, 0, 0, client]);
    m.push(opt::ELAPSED_TIME, vec![0, 0]);
    m.push(opt::ORO, vec![0, 23]);
    m
}

fn ia(p: &Packet6, code: u16) -> Ia {
    Ia::decode(code, p.message.option(code).expect("IA in reply")).expect("IA")
}

/// What a client got: address, prefix and the DNS servers option payload.
struct Got {
    address: Ipv6Addr,
    prefix: (Ipv6Addr, u8),
    dns: Vec<u8>,
}

/// SOLICIT + REQUEST for `client` (IA_NA iaid 1, IA_PD iaid 2, no hints).
fn sarr(s: &TestServer6, client: u8, log: impl Fn() -> String) -> Got {
    let mut sol = query(msg::SOLICIT, client);
    sol.options.push(Ia::new(opt::IA_NA, 1).encode());
    sol.options.push(Ia::new(opt::IA_PD, 2).encode());
    let adv = s
        .relay(sol)
        .unwrap_or_else(|| panic!("ADVERTISE:\n{}", log()));
    let server_id = adv
        .message
        .option(opt::SERVERID)
        .expect("server id")
        .to_vec();
    let mut req = query(msg::REQUEST, client);
    req.push(opt::SERVERID, server_id);
    req.options.push(ia(&adv, opt::IA_NA).encode());
    req.options.push(ia(&adv, opt::IA_PD).encode());
    let rep = s.relay(req).unwrap_or_else(|| panic!("REPLY:\n{}", log()));
    assert_eq!(rep.message.msg_type, msg::REPLY);
    let na = ia(&rep, opt::IA_NA);
    let pd = ia(&rep, opt::IA_PD);
    let (Some(addr), Some(pfx)) = (na.addresses.first(), pd.prefixes.first()) else {
        panic!(
            "no address or prefix for client {client}: {rep:?}\n{}",
            log()
        );
    };
    Got {
        address: addr.address,
        prefix: (pfx.prefix, pfx.prefix_len),
        dns: rep.message.option(23).unwrap_or(&[]).to_vec(),
    }
}

/// DUID 7 gets 2001:db8:1::20 (in the pool), 2001:db8:8000:7700::/56 (in the
/// PD pool) and its own DNS server.
fn reservation() -> Value {
    json!({"reservation": {
        "subnet-id": 1,
        "duid": "00:03:00:01:02:00:00:00:00:07",
        "ip-addresses": ["2001:db8:1::20"],
        "prefixes": ["2001:db8:8000:7700::/56"],
        "hostname": "added.example.org",
        "option-data": [{"name": "dns-servers", "data": "2001:db8::7"}]
    }})
}

/// Inserts DUID 8 -> 2001:db8:1::10 and 2001:db8:8000::/56 (the first
/// candidates of the pools) with DNS server 2001:db8::8, the way Kea 2.2
/// stores a DHCPv6 host.
async fn insert_like_kea(db: &TestDb) {
    let (ident, f) = match db.kind {
        SqlKind::Postgresql => ("'\\x00030001020000000008'::bytea", "'f'"),
        SqlKind::Mysql => ("x'00030001020000000008'", "0"),
    };
    db.execute(&format!(
        "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, \
           dhcp6_subnet_id, ipv4_address, hostname, dhcp4_client_classes, \
           dhcp6_client_classes, dhcp4_next_server, dhcp4_server_hostname, \
           dhcp4_boot_file_name) \
         VALUES ({ident}, 1, NULL, 1, 0, 'raw', '', '', 0, '', '');"
    ))
    .await;
    db.execute(
        "INSERT INTO ipv6_reservations (address, prefix_len, type, dhcp6_iaid, host_id) \
         VALUES ('2001:db8:1::10', 128, 0, NULL, (SELECT MAX(host_id) FROM hosts)), \
                ('2001:db8:8000::', 56, 2, NULL, (SELECT MAX(host_id) FROM hosts));",
    )
    .await;
    db.execute(&format!(
        "INSERT INTO dhcp6_options (code, value, formatted_value, space, persistent, \
           host_id, scope_id) \
         VALUES (23, NULL, '2001:db8::8', 'dhcp6', {f}, (SELECT MAX(host_id) FROM hosts), 3);"
    ))
    .await;
}

async fn serves_v6_reservations_from(db: TestDb) {
    insert_like_kea(&db).await;
    let s = TestServer6::start(config(&db));
    let log = || s.log();

    // No reservation: the pools' first candidates are DUID 8's, so not these.
    let other = sarr(&s, 9, log);
    assert_ne!(other.address, a("2001:db8:1::10"), "{}", log());
    assert_ne!(other.prefix.0, a("2001:db8:8000::"), "{}", log());
    assert_eq!(other.dns, a("2001:db8::53").octets().to_vec());

    let added = s.command("reservation-add", Some(reservation()));
    assert_eq!(result(&added), 0, "{added}\n{}", log());
    assert_eq!(added["text"], "Host added.");

    let got = sarr(&s, 7, log);
    assert_eq!(got.address, a("2001:db8:1::20"), "{}", log());
    assert_eq!(got.prefix, (a("2001:db8:8000:7700::"), 56), "{}", log());
    assert_eq!(got.dns, a("2001:db8::7").octets().to_vec());

    let raw = sarr(&s, 8, log);
    assert_eq!(raw.address, a("2001:db8:1::10"), "{}", log());
    assert_eq!(raw.prefix, (a("2001:db8:8000::"), 56), "{}", log());
    assert_eq!(raw.dns, a("2001:db8::8").octets().to_vec());

    let by_id = s.command(
        "reservation-get",
        Some(json!({"subnet-id": 1, "identifier-type": "duid",
                    "identifier": "00:03:00:01:02:00:00:00:00:07"})),
    );
    assert_eq!(result(&by_id), 0, "{by_id}");
    let h = &by_id["arguments"];
    assert_eq!(h["ip-addresses"], json!(["2001:db8:1::20"]), "{by_id}");
    assert_eq!(h["prefixes"], json!(["2001:db8:8000:7700::/56"]), "{by_id}");
    assert_eq!(h["hostname"], "added.example.org");
    assert_eq!(h["duid"], "00:03:00:01:02:00:00:00:00:07");
    assert_eq!(h["option-data"][0]["name"], "dns-servers");
    assert_eq!(h["option-data"][0]["data"], "2001:db8::7");
    assert_eq!(h["subnet-id"], 1);
    let by_prefix = s.command(
        "reservation-get",
        Some(json!({"subnet-id": 1, "ip-address": "2001:db8:8000::"})),
    );
    assert_eq!(by_prefix["arguments"]["hostname"], "raw", "{by_prefix}");

    let all = s.command("reservation-get-all", Some(json!({"subnet-id": 1})));
    assert_eq!(all["text"], "2 IPv6 host(s) found.", "{all}");
    let page = s.command(
        "reservation-get-page",
        Some(json!({"subnet-id": 1, "limit": 1})),
    );
    assert_eq!(page["arguments"]["count"], 1, "{page}");
    assert_eq!(page["arguments"]["next"]["source-index"], 1, "{page}");
    let ids = s.command(
        "reservation-get-by-id",
        Some(json!({"identifier-type": "duid", "identifier": "00:03:00:01:02:00:00:00:00:08"})),
    );
    assert_eq!(ids["text"], "1 IPv6 host(s) found.", "{ids}");
    let named = s.command(
        "reservation-get-by-hostname",
        Some(json!({"hostname": "Added.Example.ORG", "subnet-id": 1})),
    );
    assert_eq!(named["text"], "1 IPv6 host(s) found.", "{named}");
    assert_eq!(
        named["arguments"]["hosts"][0]["prefixes"],
        json!(["2001:db8:8000:7700::/56"])
    );

    let dup = s.command("reservation-add", Some(reservation()));
    assert_eq!(result(&dup), 1, "{dup}");
    let outside = s.command(
        "reservation-add",
        Some(json!({"reservation": {"subnet-id": 1, "duid": "01:02:03",
                                    "ip-addresses": ["2001:db8:2::1"]}})),
    );
    assert_eq!(
        outside["text"],
        "specified reservation '2001:db8:2::1' is not matching the IPv6 subnet prefix '2001:db8:1::/64'"
    );

    let del = s.command(
        "reservation-del",
        Some(json!({"subnet-id": 1, "ip-address": "2001:db8:1::20"})),
    );
    assert_eq!(result(&del), 0, "{del}");
    assert_eq!(del["text"], "Host deleted.");
    let gone = s.command(
        "reservation-get",
        Some(json!({"subnet-id": 1, "identifier-type": "duid",
                    "identifier": "00:03:00:01:02:00:00:00:00:07"})),
    );
    assert_eq!(result(&gone), 3, "{gone}");
    assert_eq!(gone["text"], "Host not found.");
}

#[tokio::test]
async fn postgresql_kea_made_hosts_database_serves_added_and_raw_v6_reservations() {
    serves_v6_reservations_from(TestDb::with_kea_schema(SqlKind::Postgresql).await).await;
}

#[tokio::test]
async fn mysql_kea_made_hosts_database_serves_added_and_raw_v6_reservations() {
    serves_v6_reservations_from(TestDb::with_kea_schema(SqlKind::Mysql).await).await;
}

#[tokio::test]
async fn postgresql_ruru_made_hosts_database_serves_added_and_raw_v6_reservations() {
    serves_v6_reservations_from(TestDb::with_ruru_schema(SqlKind::Postgresql).await).await;
}

#[tokio::test]
async fn mysql_ruru_made_hosts_database_serves_added_and_raw_v6_reservations() {
    serves_v6_reservations_from(TestDb::with_ruru_schema(SqlKind::Mysql).await).await;
}

/// ruru adds the reservation; Kea 2.2's kea-dhcp6 on the same database serves it.
async fn kea_dhcp6_serves_what_ruru_added(kind: SqlKind) {
    let db = TestDb::with_kea_schema(kind).await;
    let mut cfg = config(&db);
    cfg["interfaces-config"] = json!({ "interfaces": [ "lo/::1" ] });
    {
        let ruru = TestServer6::start(cfg.clone());
        let added = ruru.command("reservation-add", Some(reservation()));
        assert_eq!(result(&added), 0, "{added}\n{}", ruru.log());
    }
    let kea = TestServer6::start_subject(Subject6::Kea, cfg);
    let got = sarr(&kea, 7, || kea.log());
    assert_eq!(got.address, a("2001:db8:1::20"), "{}", kea.log());
    assert_eq!(got.prefix, (a("2001:db8:8000:7700::"), 56), "{}", kea.log());
    assert_eq!(got.dns, a("2001:db8::7").octets().to_vec(), "{}", kea.log());
}

#[tokio::test]
async fn kea_dhcp6_serves_a_reservation_ruru_added_to_postgresql() {
    kea_dhcp6_serves_what_ruru_added(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn kea_dhcp6_serves_a_reservation_ruru_added_to_mysql() {
    kea_dhcp6_serves_what_ruru_added(SqlKind::Mysql).await;
}

#[test]
fn an_unreachable_hosts_database_stops_ruru_dhcp6_at_startup() {
    let closed = free_udp6_port();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cfg = base_config6();
    cfg["hosts-database"] = json!({
        "type": "postgresql", "name": "none", "host": "127.0.0.1", "port": closed,
        "user": "postgres", "connect-timeout": 2
    });
    cfg["lease-database"] = json!({"type": "memfile", "persist": false});
    cfg["data-directory"] = json!(dir.path());
    let path = dir.path().join("dhcp6.json");
    std::fs::write(&path, json!({"Dhcp6": cfg}).to_string()).expect("write config");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ruru-dhcp6"))
        .arg("-c")
        .arg(&path)
        .args(["-p", &free_udp6_port().to_string()])
        .output()
        .expect("run ruru-dhcp6");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("DHCP6_INIT_FAIL"), "{log}");
    assert!(log.contains("hosts database 0"), "{log}");
}
