//! Client classification against Kea 2.2, answer by answer (the scenarios of
//! `kea-client-classes.md` §4): vendor-class and expression-guarded pools,
//! option precedence between subnet, classes and global, KNOWN / UNKNOWN
//! pools (reservations from the file, PostgreSQL and MariaDB), DROP, class
//! boot fields and lifetimes, required classes.

use std::net::Ipv4Addr;

use dhcproto::v4::{self, relay::RelayInfo, DhcpOption, MessageType, OptionCode};
use serde_json::json;

use crate::differential_kea::{dora, run, seen, silence, with_rai};
use crate::support::client::{mac, RelayClient};
use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::server::base_config;
use ruru::config::model::SqlKind;

/// A DISCOVER from client `n` with option 60 `vendor` (none when empty).
fn discover_from(c: &mut RelayClient, n: u32, vendor: &str) -> Option<v4::Message> {
    let mut m = c.message(MessageType::Discover, &mac(n));
    if !vendor.is_empty() {
        m.opts_mut()
            .insert(DhcpOption::ClassIdentifier(vendor.as_bytes().to_vec()));
    }
    c.exchange(&m)
}

/// The base config with `classes` and the subnet's pools replaced by `pools`.
fn classified(classes: serde_json::Value, pools: serde_json::Value) -> serde_json::Value {
    let mut cfg = base_config();
    cfg["client-classes"] = classes;
    cfg["subnet4"][0]["pools"] = pools;
    cfg
}

#[test]
fn vendor_class_and_expression_guarded_pools_match_kea() {
    let cfg = classified(
        json!([{"name": "pxe", "test": "substring(option[60].hex,0,9) == 'PXEClient'"}]),
        json!([
            {"pool": "192.0.2.10-192.0.2.19", "client-class": "VENDOR_CLASS_docsis3.0"},
            {"pool": "192.0.2.20-192.0.2.29", "client-class": "pxe"},
            {"pool": "192.0.2.30-192.0.2.39"}
        ]),
    );
    run(cfg, |c| {
        vec![
            seen(discover_from(c, 1, "docsis3.0")),
            seen(discover_from(c, 2, "PXEClient:Arch:00000:UNDI:002001")),
            seen(discover_from(c, 3, "MSFT 5.0")),
            seen(discover_from(c, 4, "")),
            seen(discover_from(c, 5, "docsis3.0:")),
        ]
    });
}

#[test]
fn a_client_outside_every_pool_class_gets_nothing_like_kea() {
    let cfg = classified(
        json!([{"name": "port5", "test": "relay4[1].hex == 'eth0/1/5'"}]),
        json!([{"pool": "192.0.2.10-192.0.2.19", "client-class": "port5"}]),
    );
    run(cfg, |c| {
        let port = |c: &mut RelayClient, n: u32, circuit: &[u8]| {
            let m = c.message(MessageType::Discover, &mac(n));
            let m = with_rai(m, vec![RelayInfo::AgentCircuitId(circuit.to_vec())]);
            c.exchange(&m)
        };
        vec![
            seen(port(c, 1, b"eth0/1/5")),
            silence(port(c, 2, b"eth0/1/6")),
        ]
    });
}

#[test]
fn class_options_rank_below_the_subnet_and_above_global_like_kea() {
    let mut cfg = base_config();
    cfg["option-data"] = json!([
        {"name": "ntp-servers", "data": "10.0.0.42"},
        {"name": "time-servers", "data": "10.0.0.4"},
        {"name": "log-servers", "data": "10.0.0.7"}
    ]);
    cfg["client-classes"] = json!([
        {"name": "c1", "test": "member('ALL')", "option-data": [
            {"name": "domain-name", "data": "c1.example"},
            {"name": "ntp-servers", "data": "10.1.0.42"}]},
        {"name": "c2", "test": "member('ALL')", "option-data": [
            {"name": "ntp-servers", "data": "10.2.0.42"},
            {"name": "time-servers", "data": "10.2.0.4"}]}
    ]);
    run(cfg, |c| {
        let mut m = c.message(MessageType::Discover, &mac(1));
        m.opts_mut().insert(DhcpOption::ParameterRequestList(vec![
            OptionCode::DomainName,
            OptionCode::NtpServers,
            OptionCode::TimeServer,
            OptionCode::LogServer,
        ]));
        vec![seen(c.exchange(&m))]
    });
}

#[test]
fn known_and_unknown_pools_follow_reservations_like_kea() {
    let mut cfg = classified(
        json!([
            {"name": "known-opts", "test": "member('KNOWN')",
             "option-data": [{"name": "log-servers", "data": "10.0.0.1"}]},
            {"name": "guest", "test": "not member('KNOWN')",
             "option-data": [{"name": "log-servers", "data": "10.0.0.2"}]}
        ]),
        json!([
            {"pool": "192.0.2.10-192.0.2.19", "client-class": "KNOWN"},
            {"pool": "192.0.2.20-192.0.2.29", "client-class": "UNKNOWN"}
        ]),
    );
    cfg["subnet4"][0]["reservations"] = json!([
        {"hw-address": "02:00:00:00:00:01", "hostname": "k1"},
        {"hw-address": "02:00:00:00:00:03", "ip-address": "192.0.2.50"}
    ]);
    run(cfg, |c| {
        let ask = |c: &mut RelayClient, n: u32| {
            let mut m = c.message(MessageType::Discover, &mac(n));
            m.opts_mut().insert(DhcpOption::ParameterRequestList(vec![
                OptionCode::LogServer,
            ]));
            c.exchange(&m)
        };
        let mut t = vec![seen(ask(c, 1)), seen(ask(c, 2)), seen(ask(c, 3))];
        t.extend(dora(c, 4));
        t
    });
}

#[test]
fn drop_class_members_get_no_answer_like_kea() {
    let mut cfg = base_config();
    cfg["client-classes"] = json!([
        {"name": "DROP", "test": "option[60].text == 'evil' or (member('UNKNOWN') and pkt4.mac == 0x020000000003)"}
    ]);
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:04", "hostname": "kept"}]);
    run(cfg, |c| {
        vec![
            silence(discover_from(c, 1, "evil")),
            silence(discover_from(c, 3, "")),
            seen(discover_from(c, 2, "good")),
            seen(discover_from(c, 4, "")),
        ]
    });
}

#[test]
fn class_boot_fields_and_lifetimes_match_kea() {
    let mut cfg = base_config();
    cfg["subnet4"][0]["next-server"] = json!("192.0.2.5");
    cfg["subnet4"][0]["boot-file-name"] = json!("subnet.bin");
    cfg["client-classes"] = json!([
        {"name": "efi", "test": "option[60].text == 'efi'",
         "next-server": "192.0.2.9", "server-hostname": "tftp9", "boot-file-name": "ipxe.efi",
         "valid-lifetime": 600, "min-valid-lifetime": 300, "max-valid-lifetime": 900},
        {"name": "all2", "test": "member('ALL')",
         "server-hostname": "second-class", "boot-file-name": "never-used"}
    ]);
    run(cfg, |c| {
        let with_time = |c: &mut RelayClient, n: u32, vendor: &str, secs: u32| {
            let mut m = c.message(MessageType::Discover, &mac(n));
            m.opts_mut()
                .insert(DhcpOption::ClassIdentifier(vendor.as_bytes().to_vec()));
            m.opts_mut().insert(DhcpOption::AddressLeaseTime(secs));
            c.exchange(&m)
        };
        vec![
            seen(discover_from(c, 1, "efi")),
            seen(with_time(c, 2, "efi", 100)),
            seen(with_time(c, 3, "efi", 5000)),
            seen(discover_from(c, 4, "other")),
            seen(with_time(c, 5, "other", 100)),
        ]
    });
}

#[test]
fn required_classes_are_evaluated_after_allocation_like_kea() {
    let mut cfg = classified(
        json!([
            {"name": "req-sub", "only-if-required": true, "test": "member('ALL')",
             "option-data": [{"name": "domain-name", "data": "req-sub.example"},
                             {"name": "ntp-servers", "data": "10.5.0.42"}]},
            {"name": "req-pool", "only-if-required": true, "test": "member('ALL')",
             "option-data": [{"name": "ntp-servers", "data": "10.6.0.42"},
                             {"name": "time-servers", "data": "10.6.0.4"}]},
            {"name": "req-notest",
             "option-data": [{"name": "log-servers", "data": "10.7.0.7"}]},
            {"name": "never", "only-if-required": true, "test": "member('ALL')",
             "option-data": [{"name": "cookie-servers", "data": "10.8.0.8"}]},
            {"name": "req-ackonly", "only-if-required": true, "test": "pkt4.msgtype == 3",
             "option-data": [{"name": "lpr-servers", "data": "10.9.0.9"}]}
        ]),
        json!([{"pool": "192.0.2.10-192.0.2.200", "require-client-classes": ["req-pool"]}]),
    );
    cfg["subnet4"][0]["require-client-classes"] = json!(["req-sub", "req-notest", "req-ackonly"]);
    run(cfg, |c| {
        let prl = vec![
            OptionCode::DomainName,
            OptionCode::NtpServers,
            OptionCode::TimeServer,
            OptionCode::LogServer,
            OptionCode::QuoteServer,
            OptionCode::LprServer,
        ];
        let mut d = c.message(MessageType::Discover, &mac(1));
        d.opts_mut()
            .insert(DhcpOption::ParameterRequestList(prl.clone()));
        let offer = c.exchange(&d);
        let yi = offer
            .as_ref()
            .map_or(Ipv4Addr::UNSPECIFIED, v4::Message::yiaddr);
        let mut r = c.message(MessageType::Request, &mac(1));
        r.opts_mut().insert(DhcpOption::ParameterRequestList(prl));
        r.opts_mut().insert(DhcpOption::RequestedIpAddress(yi));
        r.opts_mut()
            .insert(DhcpOption::ServerIdentifier(Ipv4Addr::LOCALHOST));
        vec![seen(offer), seen(c.exchange(&r))]
    });
}

/// A Kea-schema hosts database holding MAC 1's reservation with class
/// `resv` (and a hostname), the way Kea stores `client-classes`.
async fn hosts_db_with_classes(kind: SqlKind) -> TestDb {
    let db = TestDb::with_kea_schema(kind).await;
    let mac_literal = match kind {
        SqlKind::Postgresql => "'\\x020000000001'::bytea",
        SqlKind::Mysql => "X'020000000001'",
    };
    db.execute(&format!(
        "INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, hostname, \
         dhcp4_client_classes, dhcp4_next_server, dhcp4_server_hostname, dhcp4_boot_file_name) \
         VALUES ({mac_literal}, 0, 1, 'r1', 'resv', 0, '', '')"
    ))
    .await;
    db
}

/// V13 with the reservation in a hosts database: its class guards the pool
/// the reserved client gets, a class depending on it is evaluated, the other
/// client gets the complementary pool.
fn reservation_classes_from_a_hosts_database_match_kea(db: &TestDb) {
    let mut cfg = classified(
        json!([
            {"name": "resv", "option-data": [{"name": "log-servers", "data": "10.0.0.1"}]},
            {"name": "dep", "test": "member('resv')",
             "option-data": [{"name": "lpr-servers", "data": "10.0.0.2"}]},
            {"name": "notresv", "test": "not member('resv')",
             "option-data": [{"name": "log-servers", "data": "10.0.0.3"}]}
        ]),
        json!([
            {"pool": "192.0.2.10-192.0.2.19", "client-class": "resv"},
            {"pool": "192.0.2.20-192.0.2.29", "client-class": "notresv"}
        ]),
    );
    let (port, user) = match db.kind {
        SqlKind::Postgresql => (PG_PORT, "postgres"),
        SqlKind::Mysql => (MYSQL_PORT, "root"),
    };
    cfg["hosts-database"] = json!({
        "type": db.kind.name(), "name": db.name, "host": HOST, "port": port,
        "user": user, "connect-timeout": 3
    });
    run(cfg, |c| {
        let ask = |c: &mut RelayClient, n: u32| {
            let mut m = c.message(MessageType::Discover, &mac(n));
            m.opts_mut().insert(DhcpOption::ParameterRequestList(vec![
                OptionCode::LogServer,
                OptionCode::LprServer,
            ]));
            c.exchange(&m)
        };
        vec![seen(ask(c, 1)), seen(ask(c, 2))]
    });
}

/// A hosts database made on a runtime of its own (the servers are driven
/// from blocking sockets).
fn made(kind: SqlKind) -> TestDb {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(hosts_db_with_classes(kind))
}

#[test]
fn reservation_classes_from_postgresql_guard_pools_like_kea() {
    reservation_classes_from_a_hosts_database_match_kea(&made(SqlKind::Postgresql));
}

#[test]
fn reservation_classes_from_mysql_guard_pools_like_kea() {
    reservation_classes_from_a_hosts_database_match_kea(&made(SqlKind::Mysql));
}

#[test]
fn a_subnet_the_reservation_classes_exclude_serves_nothing_like_kea() {
    // Pass 1 admits everyone to the subnet (`notresv` holds before the host
    // lookup); the reserved client's class `resv` then makes it false.
    let mut cfg = classified(
        json!([
            {"name": "resv"},
            {"name": "notresv", "test": "not member('resv')"}
        ]),
        json!([{"pool": "192.0.2.10-192.0.2.19"}]),
    );
    cfg["subnet4"][0]["client-class"] = json!("notresv");
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:01", "hostname": "r1", "client-classes": ["resv"]}]);
    run(cfg, |c| {
        vec![
            silence(discover_from(c, 1, "")),
            seen(discover_from(c, 2, "")),
        ]
    });
}

#[test]
fn an_ipxe_chain_boots_by_class_like_kea() {
    // PXE ROM first (option 93, no user class), then iPXE (user class 77
    // "iPXE") gets the script; the other clients get neither.
    let mut cfg = base_config();
    cfg["client-classes"] = json!([
        {"name": "ipxe", "test": "substring(option[77].hex,0,4) == 'iPXE'",
         "boot-file-name": "http://192.0.2.9/boot.ipxe"},
        {"name": "pxe", "test": "option[93].exists and not member('ipxe')",
         "next-server": "192.0.2.9", "boot-file-name": "undionly.kpxe"}
    ]);
    run(cfg, |c| {
        let boot = |c: &mut RelayClient, n: u32, user_class: Option<&[u8]>| {
            let mut m = c.message(MessageType::Discover, &mac(n));
            m.opts_mut().insert(DhcpOption::ClientSystemArchitecture(
                dhcproto::v4::Architecture::X86_Bios,
            ));
            if let Some(u) = user_class {
                m.opts_mut()
                    .insert(DhcpOption::Unknown(dhcproto::v4::UnknownOption::new(
                        OptionCode::from(77),
                        u.to_vec(),
                    )));
            }
            c.exchange(&m)
        };
        vec![
            seen(boot(c, 1, None)),
            seen(boot(c, 2, Some(b"iPXE"))),
            seen(discover_from(c, 3, "")),
        ]
    });
}
