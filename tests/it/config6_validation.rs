//! `Dhcp6` configuration: Kea 2.2 syntax in, validated model out; every error
//! names its JSON path; acceptance and rejection agree with `kea-dhcp6 -t` on
//! the fixtures in `tests/fixtures/config6/{valid,invalid}` (`ruru-only/` is
//! refused by ruru on purpose: not supported yet).

use std::net::Ipv6Addr;
use std::path::{Path, PathBuf};

use crate::support::kea_check::{json_files, kea_accepts, kea_binary};
use ruru::config::model::{IdentifierType, LeaseDatabase, OnFail, SqlKind};
use ruru::config::model6::{Dhcp6Config, InterfaceSpec6, ServerIdType};

fn fixture_dir(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config6")
        .join(dir)
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    json_files(&fixture_dir(dir))
}

fn load(rel: &str) -> Dhcp6Config {
    let path = fixture_dir("").join(rel);
    ruru::config::load_dhcp6_file(&path).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn error_of(dhcp6: serde_json::Value) -> String {
    ruru::config::parse_dhcp6_value(&serde_json::json!({ "Dhcp6": dhcp6 }))
        .expect_err("the configuration must be refused")
        .to_string()
}

fn parse(dhcp6: serde_json::Value) -> Dhcp6Config {
    ruru::config::parse_dhcp6_value(&serde_json::json!({ "Dhcp6": dhcp6 }))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn a(s: &str) -> Ipv6Addr {
    s.parse().expect("address")
}

fn kea_dhcp6() -> PathBuf {
    kea_binary("kea-dhcp6")
}

#[test]
fn ruru_and_kea_dhcp6_accept_the_same_valid_fixtures() {
    let kea = kea_dhcp6();
    for f in fixtures("valid") {
        let (kea_ok, kea_out) = kea_accepts(&kea, &f);
        assert!(kea_ok, "Kea rejects {}: {kea_out}", f.display());
        if let Err(e) = ruru::config::load_dhcp6_file(&f) {
            panic!("ruru rejects {} which Kea accepts: {e}", f.display());
        }
    }
}

#[test]
fn ruru_and_kea_dhcp6_reject_the_same_invalid_fixtures() {
    let kea = kea_dhcp6();
    for f in fixtures("invalid") {
        let (kea_ok, _) = kea_accepts(&kea, &f);
        assert!(!kea_ok, "Kea accepts {} (move it to valid/)", f.display());
        assert!(
            ruru::config::load_dhcp6_file(&f).is_err(),
            "ruru accepts {} which Kea rejects",
            f.display()
        );
    }
}

#[test]
fn ruru_only_fixtures_are_refused_as_not_supported_yet() {
    for f in fixtures("ruru-only") {
        let e = ruru::config::load_dhcp6_file(&f)
            .expect_err("refused")
            .to_string();
        assert!(
            e.contains("not supported yet") || e.contains("overlaps"),
            "{}: {e}",
            f.display()
        );
    }
}

#[test]
fn full_fixture_resolves_lifetimes_pools_pd_pools_and_reservations() {
    let c = load("valid/full.json");
    assert_eq!(c.subnets.len(), 3);
    let s = &c.subnets[0];
    assert_eq!(s.id, 1);
    assert!(s.rapid_commit);
    assert_eq!(s.preferred_lifetime.default, 3000);
    assert_eq!(
        (s.preferred_lifetime.min, s.preferred_lifetime.max),
        (2000, 4000)
    );
    assert_eq!(s.valid_lifetime.default, 4000);
    assert_eq!((s.renew_timer, s.rebind_timer), (Some(1000), Some(2000)));
    assert_eq!(s.pools.len(), 2);
    assert_eq!(s.pools[1].start, a("2001:db8:1::1:0"));
    assert_eq!(s.pools[1].end, a("2001:db8:1::1:ffff"));
    assert_eq!(s.total_nas(), 256 + 65536);
    assert_eq!(s.pd_pools[0].delegated_len, 56);
    assert_eq!(s.total_pds(), 256 + 65536);
    assert_eq!(
        s.pd_pools[1].excluded_prefix.map(|p| p.to_string()),
        Some("2001:db8:9000::/72".to_string())
    );
    // The subnet's dns-servers replaces the global one; domain-search is inherited.
    let dns = s
        .options
        .iter()
        .find(|o| o.code == 23)
        .expect("dns-servers");
    assert_eq!(dns.data, a("2001:db8:1::53").octets().to_vec());
    // The global domain-search stays global: it comes after the classes'
    // options in a reply.
    assert!(!s.options.iter().any(|o| o.code == 24));
    assert!(c.global_options.iter().any(|o| o.code == 24));
    let r = &s.reservations[0];
    assert_eq!(r.identifier_type, IdentifierType::Duid);
    assert_eq!(r.identifier, vec![1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(r.ip_addresses, vec![a("2001:db8:1::5")]);
    assert_eq!(r.prefixes[0].to_string(), "2001:db8:7000::/56");
    assert_eq!(c.subnets[1].interface_id, Some(b"relay-port-7".to_vec()));
    assert_eq!(c.subnets[1].preferred_lifetime.default, 2500);
    assert_eq!(c.subnets[2].relay_addresses, vec![a("2001:db8:3::1")]);
    assert_eq!(c.server_id.duid_type, ServerIdType::En);
    assert_eq!(c.server_id.identifier, vec![1, 2, 3, 4, 5]);
    assert!(!c.server_id.persist);
    assert_eq!(c.decline_probation_period, 600);
    assert_eq!(
        c.host_reservation_identifiers,
        vec![IdentifierType::Duid, IdentifierType::HwAddress]
    );
}

#[test]
fn empty_dhcp6_map_gets_kea_defaults() {
    let c = parse(serde_json::json!({}));
    match &c.lease_database {
        LeaseDatabase::Memfile { name, persist, .. } => {
            assert_eq!(name.to_str(), Some("/var/lib/kea/kea-leases6.csv"));
            assert!(*persist);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.server_id.duid_type, ServerIdType::Llt);
    assert!(c.server_id.persist);
    assert_eq!(c.data_directory.to_str(), Some("/var/lib/kea"));
    let d = &c.effective["Dhcp6"];
    assert_eq!(d["preferred-lifetime"], 3600);
    assert_eq!(d["valid-lifetime"], 7200);
    assert_eq!(d["calculate-tee-times"], true);
    assert_eq!(d["t2-percent"], 0.8);
    assert_eq!(
        d["host-reservation-identifiers"],
        serde_json::json!(["hw-address", "duid"])
    );
}

#[test]
fn subnets_inherit_global_values_and_get_tee_time_defaults() {
    let c = parse(serde_json::json!({
        "preferred-lifetime": 1000, "valid-lifetime": 2000,
        "subnet6": [ { "subnet": "2001:db8::/64" } ]
    }));
    let s = &c.subnets[0];
    assert_eq!(
        (s.preferred_lifetime.default, s.valid_lifetime.default),
        (1000, 2000)
    );
    assert!(s.calculate_tee_times);
    assert_eq!((s.t1_percent, s.t2_percent), (0.5, 0.8));
    assert!(!s.rapid_commit);
    assert_eq!(s.id, 1);
}

#[test]
fn interfaces_accept_star_name_and_name_with_unicast_address() {
    let c = parse(serde_json::json!({
        "interfaces-config": { "interfaces": [ "*", "eth0", "eth1/2001:db8::1" ] }
    }));
    assert_eq!(c.interfaces.interfaces[0], InterfaceSpec6::All);
    assert_eq!(
        c.interfaces.interfaces[2],
        InterfaceSpec6::Named {
            name: "eth1".into(),
            unicast: Some(a("2001:db8::1"))
        }
    );
    let e = error_of(serde_json::json!({
        "interfaces-config": { "interfaces": [ "eth1/192.0.2.1" ] }
    }));
    assert!(
        e.starts_with("Dhcp6.interfaces-config.interfaces[0]: "),
        "{e}"
    );
}

#[test]
fn errors_name_the_json_path_under_dhcp6() {
    let e = error_of(serde_json::json!({
        "subnet6": [ { "subnet": "2001:db8::/64", "pools": [ { "pool": "2001:db9::1-2001:db9::2" } ] } ]
    }));
    assert!(e.starts_with("Dhcp6.subnet6[0].pools[0].pool: "), "{e}");
    let e = error_of(
        serde_json::json!({ "subnet6": [ { "subnet": "2001:db8::/64", "authoritative": true } ] }),
    );
    assert!(
        e.contains("Dhcp6.subnet6[0]") && e.contains("authoritative"),
        "{e}"
    );
    // Shared validators (loggers, lease database) report Dhcp6 paths too.
    let e = error_of(
        serde_json::json!({ "lease-database": { "type": "memfile", "name": "relative.csv" } }),
    );
    assert!(e.starts_with("Dhcp6.lease-database.name: "), "{e}");
    let e =
        error_of(serde_json::json!({ "loggers": [ { "name": "kea-dhcp6", "severity": "LOUD" } ] }));
    assert!(e.starts_with("Dhcp6.loggers[0].severity: "), "{e}");
    let e =
        error_of(serde_json::json!({ "option-data": [ { "name": "dns-servers", "data": "x" } ] }));
    assert!(e.starts_with("Dhcp6.option-data[0].data: "), "{e}");
}

#[test]
fn sql_lease_databases_are_accepted_for_dhcp6_with_the_dhcp4_parameters() {
    for (kind, expected) in [
        ("postgresql", SqlKind::Postgresql),
        ("mysql", SqlKind::Mysql),
    ] {
        let c = parse(serde_json::json!({ "lease-database": {
            "type": kind, "name": "kea", "host": "db.example.org", "port": 4000,
            "user": "kea", "password": "secret", "connect-timeout": 7,
            "max-reconnect-tries": 3, "reconnect-wait-time": 500, "on-fail": "serve-retry-continue"
        } }));
        let LeaseDatabase::Sql(sql) = c.lease_database else {
            panic!("{kind}: not an SQL lease database");
        };
        assert_eq!(sql.kind, expected);
        assert_eq!(
            (
                sql.name.as_str(),
                sql.host.as_str(),
                sql.port,
                sql.user.as_deref()
            ),
            ("kea", "db.example.org", Some(4000), Some("kea"))
        );
        assert_eq!(
            (
                sql.connect_timeout,
                sql.max_reconnect_tries,
                sql.reconnect_wait_time
            ),
            (7, 3, 500)
        );
        assert_eq!(sql.on_fail, OnFail::ServeRetryContinue);
    }
}

#[test]
fn a_bad_sql_lease_database_parameter_is_refused_with_its_dhcp6_path() {
    let e = error_of(
        serde_json::json!({ "lease-database": { "type": "mysql", "name": "kea", "on-fail": "panic" } }),
    );
    assert!(e.starts_with("Dhcp6.lease-database.on-fail: "), "{e}");
    let e = error_of(
        serde_json::json!({ "lease-database": { "type": "postgresql", "name": "kea", "port": 70000 } }),
    );
    assert!(e.starts_with("Dhcp6.lease-database.port: "), "{e}");
    let e = error_of(serde_json::json!({ "lease-database": { "type": "oracle", "name": "kea" } }));
    assert!(e.starts_with("Dhcp6.lease-database.type: "), "{e}");
}

#[test]
fn a_file_without_dhcp6_is_rejected_and_config_set_holds_only_dhcp6() {
    let e = ruru::config::parse_dhcp6_text(r#"{ "Dhcp4": {} }"#, "x.json").expect_err("no Dhcp6");
    assert!(e.to_string().contains("no 'Dhcp6' object"), "{e}");
    let e = ruru::config::parse_dhcp6_value(&serde_json::json!({ "Dhcp6": {}, "Dhcp4": {} }))
        .expect_err("two objects");
    assert_eq!(e.to_string(), "Unsupported 'Dhcp4' parameter.");
}

#[test]
fn other_top_level_objects_in_a_dhcp6_file_are_ignored() {
    let c = ruru::config::parse_dhcp6_text(
        r#"{ "Dhcp6": { "valid-lifetime": 99, "preferred-lifetime": 50 }, "Dhcp4": { "nonsense": 1 } }"#,
        "x.json",
    )
    .expect("valid");
    assert_eq!(c.effective["Dhcp6"]["valid-lifetime"], 99);
}

#[test]
fn dhcp6_hosts_database_then_hosts_databases_in_order() {
    let c = parse(serde_json::json!({
        "hosts-databases": [
            {"type": "mysql", "name": "second", "readonly": true},
            {"type": "postgresql", "name": "third", "host": "192.0.2.7", "on-fail": "serve-retry-continue"}
        ],
        "hosts-database": {"type": "postgresql", "name": "first", "user": "kea", "password": "x"}
    }));
    let names: Vec<&str> = c
        .hosts_databases
        .iter()
        .map(|h| h.db.name.as_str())
        .collect();
    assert_eq!(names, ["first", "second", "third"]);
    assert_eq!(c.hosts_databases[0].db.kind, SqlKind::Postgresql);
    assert!(!c.hosts_databases[0].readonly);
    assert_eq!(c.hosts_databases[1].db.kind, SqlKind::Mysql);
    assert!(c.hosts_databases[1].readonly);
    assert_eq!(c.hosts_databases[2].db.on_fail, OnFail::ServeRetryContinue);
    assert_eq!(c.effective["Dhcp6"]["hosts-database"]["name"], "first");
    assert!(parse(serde_json::json!({})).hosts_databases.is_empty());
    assert!(parse(serde_json::json!({"hosts-databases": []}))
        .hosts_databases
        .is_empty());
}

#[test]
fn dhcp6_hosts_database_errors_name_their_dhcp6_path() {
    assert_eq!(
        error_of(serde_json::json!({"hosts-database": {"type": "memfile"}})),
        "Dhcp6.hosts-database.type: hosts database type 'memfile' is not supported, expected mysql or postgresql"
    );
    assert_eq!(
        error_of(serde_json::json!({"hosts-database": {"type": "mysql"}})),
        "Dhcp6.hosts-database.name: must specify a name for the mysql database"
    );
    assert_eq!(
        error_of(serde_json::json!({"hosts-databases": [
            {"type": "mysql", "name": "a"},
            {"type": "postgresql", "name": "b", "on-fail": "sometimes"}
        ]})),
        "Dhcp6.hosts-databases[1].on-fail: unsupported 'on-fail' value 'sometimes', expected stop-retry-exit, serve-retry-exit or serve-retry-continue"
    );
    assert_eq!(
        error_of(serde_json::json!({"hosts-databases": [{"type": "mysql", "name": "a", "key-file": "/k.pem"}]})),
        "Dhcp6.hosts-databases[0].key-file: 'key-file' needs 'cert-file': the client certificate the key belongs to"
    );
    assert!(error_of(
        serde_json::json!({"hosts-database": {"type": "mysql", "name": "a", "readonly": "yes"}})
    )
    .starts_with("Dhcp6.hosts-database.readonly"));
    assert!(error_of(
        serde_json::json!({"hosts-database": {"type": "mysql", "name": "a", "bogus": 1}})
    )
    .contains("bogus"));
}

#[test]
fn dhcp6_hosts_database_tls_keys_are_kept() {
    let c = parse(serde_json::json!({"hosts-database": {
        "type": "mysql", "name": "a", "cert-file": "/c.pem", "key-file": "/k.pem",
        "trust-anchor": "/ca.pem", "cipher-list": "AES256-SHA"}}));
    let tls = &c.hosts_databases[0].db.tls;
    assert_eq!(tls.cipher_list.as_deref(), Some("AES256-SHA"));
    assert!(tls.required());
}

#[test]
fn shared_network_subnets_inherit_from_the_network_unless_they_set_their_own() {
    let c = load("valid/shared-networks.json");
    let by_id = |id: u32| {
        c.subnets
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("subnet {id}"))
    };
    let (s10, s11) = (by_id(10), by_id(11));
    for s in [s10, s11] {
        assert_eq!(s.shared_network.as_deref(), Some("floor-1"));
        assert_eq!(s.preferred_lifetime.default, 1000);
        assert_eq!((s.renew_timer, s.rebind_timer), (Some(400), Some(800)));
        assert!(s.rapid_commit);
        assert_eq!(s.relay_addresses, vec![a("2001:db8:ff::1")]);
        assert!(s.options.iter().any(|o| o.code == 23));
    }
    assert_eq!(
        (
            s10.valid_lifetime.min,
            s10.valid_lifetime.default,
            s10.valid_lifetime.max
        ),
        (1500, 2000, 2500)
    );
    assert_eq!(s11.valid_lifetime.default, 2400);
    assert_eq!(s10.interface_id.as_deref(), Some(&b"port-1"[..]));
    assert_eq!(s11.interface_id.as_deref(), Some(&b"port-2"[..]));
    // Global subnet: global values, no network. Kea numbers network subnets first.
    let lab = c
        .subnets
        .iter()
        .find(|s| s.shared_network.as_deref() == Some("lab"))
        .expect("lab subnet");
    assert_eq!(lab.interface.as_deref(), Some("eth0"));
    assert_eq!(lab.id, 1);
    let plain = &c.subnets[0];
    assert_eq!(plain.shared_network, None);
    assert_eq!(plain.id, 2);
    assert_eq!(plain.valid_lifetime.default, 4000);
    // The effective configuration carries the assigned ids.
    assert_eq!(
        c.effective["Dhcp6"]["shared-networks"][1]["subnet6"][0]["id"],
        1
    );
    assert_eq!(c.effective["Dhcp6"]["subnet6"][0]["id"], 2);
}

#[test]
fn shared_network_errors_name_their_json_path() {
    let net = |n: serde_json::Value| serde_json::json!({ "shared-networks": [ n ] });
    let e = error_of(net(serde_json::json!({ "subnet6": [] })));
    assert!(e.starts_with("Dhcp6.shared-networks[0].name: "), "{e}");
    let e =
        error_of(serde_json::json!({ "shared-networks": [ { "name": "a" }, { "name": "a" } ] }));
    assert!(
        e.starts_with("Dhcp6.shared-networks[1].name: ") && e.contains("duplicate network 'a'"),
        "{e}"
    );
    let e = error_of(net(serde_json::json!({ "name": "a", "subnet6": [
        { "id": 1, "subnet": "2001:db8:1::/64" },
        { "id": 2, "subnet": "2001:db8:2::/64", "pools": [ { "pool": "2001:db8:3::/120" } ] } ] })));
    assert!(
        e.starts_with("Dhcp6.shared-networks[0].subnet6[1].pools[0].pool: "),
        "{e}"
    );
    let e = error_of(serde_json::json!({
        "subnet6": [ { "id": 7, "subnet": "2001:db8:9::/64" } ],
        "shared-networks": [ { "name": "a", "subnet6": [ { "id": 7, "subnet": "2001:db8:1::/64" } ] } ]
    }));
    assert!(
        e.starts_with("Dhcp6.subnet6[0].id: ") && e.contains("'7' is already in use"),
        "{e}"
    );
    let e = error_of(net(serde_json::json!({ "name": "a", "subnet6": [
        { "id": 1, "subnet": "2001:db8:1::/64", "rapid-commit": true },
        { "id": 2, "subnet": "2001:db8:2::/64" } ] })));
    assert!(
        e.starts_with("Dhcp6.shared-networks[0].subnet6[1]: ")
            && e.contains("same rapid-commit value"),
        "{e}"
    );
    let e = error_of(net(serde_json::json!({ "name": "a", "valid-lifetime": 100,
        "min-valid-lifetime": 200 })));
    assert!(e.starts_with("Dhcp6.shared-networks[0]: "), "{e}");
    let e = error_of(net(serde_json::json!({ "name": "a",
        "relay": { "ip-addresses": [ "10.0.0.1" ] } })));
    assert!(
        e.starts_with("Dhcp6.shared-networks[0].relay.ip-addresses[0]: "),
        "{e}"
    );
    let e = error_of(net(
        serde_json::json!({ "name": "a", "interface": "eth0", "subnet6": [
        { "id": 1, "subnet": "2001:db8:1::/64", "interface": "eth1" } ] }),
    ));
    assert!(
        e.starts_with("Dhcp6.shared-networks[0].subnet6[0].interface: ")
            && e.contains("specified interface eth1"),
        "{e}"
    );
    let e = error_of(net(serde_json::json!({ "name": "a", "client-class": 7 })));
    assert!(
        e.contains("Dhcp6.shared-networks[0]") && e.contains("client-class"),
        "{e}"
    );
    // Pools of two subnets (one in a network) overlapping: ruru's own check.
    let e = error_of(serde_json::json!({
        "subnet6": [ { "subnet": "2001:db8:1::/56", "pools": [ { "pool": "2001:db8:1::/120" } ] } ],
        "shared-networks": [ { "name": "a", "subnet6": [
            { "subnet": "2001:db8:1::/64", "pools": [ { "pool": "2001:db8:1::80/121" } ] } ] } ]
    }));
    assert!(
        e.starts_with("Dhcp6.shared-networks[0].subnet6[0].pools[0].pool: ")
            || e.starts_with("Dhcp6.subnet6[0].pools[0].pool: "),
        "{e}"
    );
}
