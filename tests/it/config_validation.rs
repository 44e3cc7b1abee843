//! Specification of the Kea `Dhcp4` configuration parser: what is accepted, how
//! values are resolved, and which errors (with their JSON path) are reported.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use ruru::config::model::{
    Dhcp4Config, IdentifierType, InterfaceSpec, LeaseDatabase, Severity, SocketType,
};
use ruru::config::{load_dhcp4_file, parse_dhcp4_text, parse_dhcp4_value, ConfigError};
use serde_json::json;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(rel)
}

fn load(rel: &str) -> Dhcp4Config {
    load_dhcp4_file(&fixture(rel)).unwrap_or_else(|e| panic!("{rel} should load: {e}"))
}

fn error_of(rel: &str) -> String {
    match load_dhcp4_file(&fixture(rel)) {
        Ok(_) => panic!("{rel} should be rejected"),
        Err(e) => e.to_string(),
    }
}

fn value_error(dhcp4: serde_json::Value) -> String {
    match parse_dhcp4_value(&json!({ "Dhcp4": dhcp4 })) {
        Ok(_) => panic!("should be rejected: {dhcp4}"),
        Err(e) => e.to_string(),
    }
}

fn parse(dhcp4: serde_json::Value) -> Dhcp4Config {
    parse_dhcp4_value(&json!({ "Dhcp4": dhcp4 })).unwrap_or_else(|e| panic!("valid: {e}"))
}

fn addr(s: &str) -> Ipv4Addr {
    s.parse().expect("address")
}

// ---- accepted configurations and resolved values -------------------------

#[test]
fn full_fixture_loads_with_globals_resolved() {
    let c = load("valid/full.json");
    assert_eq!(c.interfaces.interfaces, vec![InterfaceSpec::All]);
    assert_eq!(c.interfaces.socket_type, SocketType::Udp);
    assert!(c.interfaces.use_routing);
    assert_eq!(
        c.lease_database,
        LeaseDatabase::Memfile {
            persist: false,
            name: "/var/lib/kea/kea-leases4.csv".into(),
            lfc_interval: 600,
            max_row_errors: 0,
        }
    );
    assert_eq!(
        c.control_socket.as_ref().map(|s| s.socket_name.clone()),
        Some("/tmp/ruru-test-ctrl-socket".into())
    );
    assert_eq!(c.expired_leases.reclaim_timer_wait_time, 5);
    assert_eq!(c.expired_leases.hold_reclaimed_time, 3600);
    assert_eq!(
        c.host_reservation_identifiers,
        vec![IdentifierType::HwAddress, IdentifierType::ClientId]
    );
    assert_eq!(c.loggers[0].severity, Severity::Debug);
    assert_eq!(c.loggers[0].debuglevel, 40);
    assert_eq!(c.loggers[0].outputs, vec!["stdout".to_string()]);
    assert_eq!(c.global_reservations.len(), 1);
    assert_eq!(c.subnets.len(), 4);
}

#[test]
fn subnet_inherits_global_lifetimes_timers_and_flags() {
    let c = load("valid/full.json");
    let s = c.subnet(10).expect("subnet 10");
    assert_eq!(
        (
            s.valid_lifetime.min,
            s.valid_lifetime.default,
            s.valid_lifetime.max
        ),
        (3000, 4000, 5000)
    );
    assert_eq!((s.renew_timer, s.rebind_timer), (Some(1000), Some(2000)));
    assert!(s.authoritative);
    assert!(s.match_client_id);
    assert_eq!(s.next_server, addr("192.0.2.250"));
    assert_eq!(s.boot_file_name, "pxelinux.0");
    assert_eq!(s.relay_addresses, vec![addr("192.0.2.254")]);
}

#[test]
fn subnet_values_override_inherited_ones() {
    let c = load("valid/full.json");
    let s = c
        .subnet_containing(addr("198.51.100.25"))
        .expect("second subnet");
    assert_eq!(s.valid_lifetime.default, 3500);
    assert!(!s.match_client_id);
    assert!(s.calculate_tee_times);
    assert_eq!(s.t1_percent, 0.4);
    assert_eq!(s.t2_percent, 0.875);
}

#[test]
fn shared_network_subnets_are_flattened_with_network_values() {
    let c = load("valid/full.json");
    let first = c
        .subnet_containing(addr("203.0.113.15"))
        .expect("campus subnet");
    assert_eq!(first.shared_network.as_deref(), Some("campus"));
    assert_eq!(first.valid_lifetime.default, 4500);
    assert_eq!(first.relay_addresses, vec![addr("203.0.113.1")]);
    let router = first.options.iter().find(|o| o.code == 3).expect("routers");
    assert_eq!(router.data, vec![203, 0, 113, 1]);
    let second = c.subnet(40).expect("subnet 40");
    assert_eq!(second.valid_lifetime.default, 4800);
    assert_eq!(second.shared_network.as_deref(), Some("campus"));
}

#[test]
fn subnet_options_are_its_own_and_the_global_ones_stay_global() {
    let c = load("valid/full.json");
    let s = c.subnet(10).expect("subnet 10");
    let dns: Vec<_> = s.options.iter().filter(|o| o.code == 6).collect();
    assert_eq!(dns.len(), 1);
    assert_eq!(dns[0].data, vec![192, 0, 2, 53]);
    // Global options are not copied into the subnet: a reply takes them
    // after the subnet's and the client classes' (Kea's precedence).
    assert!(!s.options.iter().any(|o| o.code == 15));
    assert!(c
        .global_options
        .iter()
        .any(|o| o.code == 15 && o.data == b"example.org"));
    let ntp = c
        .global_options
        .iter()
        .find(|o| o.code == 42)
        .expect("ntp-servers");
    assert!(ntp.always_send);
    assert_eq!(ntp.data, vec![192, 0, 2, 123]);
    assert_eq!(c.global_options.len(), 4);
}

#[test]
fn pool_options_stay_on_their_pool() {
    let c = load("valid/full.json");
    let s = c.subnet(10).expect("subnet 10");
    assert_eq!(s.pools[1].start, addr("192.0.2.128"));
    assert_eq!(s.pools[1].end, addr("192.0.2.191"));
    assert_eq!(s.pools[1].options[0].data, vec![192, 0, 2, 129]);
    assert!(s.pools[0].options.is_empty());
    assert_eq!(s.total_addresses(), 91 + 64);
}

#[test]
fn domain_search_by_code_is_encoded_as_dns_names() {
    let c = load("valid/full.json");
    let o = c
        .global_options
        .iter()
        .find(|o| o.code == 119)
        .expect("domain-search");
    assert_eq!(
        o.data,
        b"\x07example\x03org\x00\x07example\x03com\x00".to_vec()
    );
}

#[test]
fn reservations_decode_hex_and_quoted_identifiers() {
    let c = load("valid/full.json");
    let s = c.subnet(10).expect("subnet 10");
    assert_eq!(s.reservations[0].identifier_type, IdentifierType::HwAddress);
    assert_eq!(
        s.reservations[0].identifier,
        vec![0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f]
    );
    assert_eq!(s.reservations[0].hostname.as_deref(), Some("printer"));
    assert_eq!(s.reservations[1].identifier_type, IdentifierType::ClientId);
    assert_eq!(s.reservations[1].identifier, b"client-abc".to_vec());
    assert_eq!(s.reservations[1].options[0].code, 12);
    assert_eq!(
        s.reservations[2].identifier,
        vec![1, 10, 11, 12, 13, 14, 15]
    );
    assert_eq!(s.reservations[2].next_server, Some(addr("192.0.2.9")));
    assert_eq!(
        s.reservations[2].boot_file_name.as_deref(),
        Some("special.efi")
    );
}

#[test]
fn subnet_ids_are_auto_assigned_sequentially_like_kea_2_2() {
    let c = load("valid/auto-assigned-ids.json");
    let ids: Vec<u32> = c.subnets.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![1, 2, 7]);
    // Kea numbers shared-network subnets first.
    let c = load("valid/full.json");
    assert_eq!(
        c.subnet_containing(addr("203.0.113.15")).map(|s| s.id),
        Some(1)
    );
    assert_eq!(
        c.subnet_containing(addr("198.51.100.1")).map(|s| s.id),
        Some(2)
    );
}

#[test]
fn empty_dhcp4_map_gets_kea_defaults() {
    let c = load("valid/minimal.json");
    assert!(c.echo_client_id);
    assert_eq!(c.decline_probation_period, 86400);
    assert_eq!(c.statistic_sample_count, 20);
    assert_eq!(c.expired_leases.max_reclaim_leases, 100);
    assert!(!c.reservations_global);
    let c = parse(json!({}));
    assert_eq!(
        c.lease_database,
        LeaseDatabase::Memfile {
            persist: true,
            name: "/var/lib/kea/kea-leases4.csv".into(),
            lfc_interval: 3600,
            max_row_errors: 0,
        }
    );
    assert_eq!(c.interfaces.socket_type, SocketType::Raw);
}

#[test]
fn interface_names_accept_star_name_and_name_with_address() {
    let c = parse(json!({"interfaces-config": {"interfaces": ["*", "eth0", "eth1/10.0.0.1"]}}));
    assert_eq!(
        c.interfaces.interfaces,
        vec![
            InterfaceSpec::All,
            InterfaceSpec::Named {
                name: "eth0".into(),
                address: None
            },
            InterfaceSpec::Named {
                name: "eth1".into(),
                address: Some(addr("10.0.0.1"))
            },
        ]
    );
    let err = value_error(json!({"interfaces-config": {"interfaces": ["eth1/10.0.0.300"]}}));
    assert!(
        err.starts_with("Dhcp4.interfaces-config.interfaces[0]: "),
        "{err}"
    );
}

#[test]
fn reservation_mode_is_mapped_onto_the_reservation_flags() {
    let c = parse(
        json!({"reservation-mode": "global", "subnet4": [{"id": 1, "subnet": "10.0.0.0/24"}]}),
    );
    assert!(c.reservations_global);
    assert!(!c.subnets[0].reservations_in_subnet);
    let err = value_error(json!({"reservation-mode": "all", "reservations-global": true}));
    assert!(
        err.contains("invalid use of both 'reservation-mode'"),
        "{err}"
    );
}

#[test]
fn default_values_of_unimplemented_keys_are_accepted() {
    parse(
        json!({"ddns-send-updates": true, "hostname-char-set": "[^A-Za-z0-9.-]",
        "dhcp-ddns": {"enable-updates": false}, "client-classes": [], "hooks-libraries": [],
        "dhcp-queue-control": {"enable-queue": false}, "store-extended-info": false}),
    );
}

// ---- Kea JSON dialect ----------------------------------------------------

#[test]
fn comments_trailing_commas_and_leading_dot_numbers_are_accepted() {
    let text = "# hash\n{ // slash\n \"Dhcp4\": { /* block */ \"t1-percent\": .25, \"t2-percent\": .5,\n \"calculate-tee-times\": true, }, }";
    let c = parse_dhcp4_text(text, "inline.json").expect("Kea accepts this");
    assert!(c.effective["Dhcp4"]["t1-percent"] == 0.25);
}

#[test]
fn json_syntax_errors_name_file_line_and_column() {
    let err = parse_dhcp4_text(
        "{\n \"Dhcp4\": {\n  \"valid-lifetime\": }\n}",
        "broken.json",
    )
    .expect_err("syntax error");
    assert!(matches!(err, ConfigError::Syntax { .. }));
    assert!(err.to_string().ends_with("(broken.json:3:21)"), "{err}");
}

#[test]
fn other_top_level_objects_in_a_file_are_ignored() {
    let c = parse_dhcp4_text(
        r#"{"Dhcp4": {}, "Dhcp6": {"x": 1}, "Control-agent": {}}"#,
        "f.json",
    );
    assert!(c.is_ok());
}

#[test]
fn a_file_without_dhcp4_is_rejected() {
    let err = parse_dhcp4_text(r#"{"Dhcp6": {}}"#, "f.json").expect_err("no Dhcp4");
    assert!(matches!(err, ConfigError::MissingDhcp4(_)));
}

#[test]
fn config_set_arguments_must_only_hold_dhcp4() {
    let err = parse_dhcp4_value(&json!({"Dhcp4": {}, "Logging": {}})).expect_err("extra key");
    assert_eq!(err.to_string(), "Unsupported 'Logging' parameter.");
}

#[test]
fn duplicate_keys_in_a_file_are_rejected() {
    let err = parse_dhcp4_text(
        r#"{"Dhcp4": {"valid-lifetime": 1, "valid-lifetime": 2}}"#,
        "d.json",
    )
    .expect_err("duplicate");
    assert!(
        err.to_string()
            .starts_with("Dhcp4: duplicate valid-lifetime entries"),
        "{err}"
    );
}

// ---- errors with JSON paths ----------------------------------------------

#[test]
fn unknown_keywords_are_rejected_in_kea_words_with_the_path() {
    assert_eq!(
        error_of("invalid/unknown-keyword-in-subnet.json"),
        "Dhcp4.subnet4[0]: got unexpected keyword \"foo\" in subnet4 map."
    );
    assert_eq!(
        error_of("invalid/unknown-global-keyword.json"),
        "Dhcp4: got unexpected keyword \"valid-lifetimes\" in Dhcp4 map."
    );
    let err = value_error(json!({"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",
        "pools": [{"pool": "10.0.0.1-10.0.0.2", "bar": 1}]}]}));
    assert_eq!(
        err,
        "Dhcp4.subnet4[0].pools[0]: got unexpected keyword \"bar\" in pools map."
    );
}

#[test]
fn wrong_json_types_name_the_path_and_position() {
    let err = parse_dhcp4_text(
        r#"{"Dhcp4": {"subnet4": [{"subnet": "10.0.0.0/24", "id": "one"}]}}"#,
        "t.json",
    )
    .expect_err("type");
    assert!(
        err.to_string()
            .starts_with("Dhcp4.subnet4[0].id: invalid type"),
        "{err}"
    );
    assert!(err.to_string().ends_with("(t.json:1:60)"), "{err}");
}

#[test]
fn missing_subnet_prefix_is_reported() {
    assert!(error_of("invalid/subnet-without-prefix.json")
        .starts_with("Dhcp4.subnet4[0]: missing parameter 'subnet'"));
}

#[test]
fn overlapping_pools_are_rejected_with_the_json_path() {
    let err = error_of("invalid/overlapping-pools.json");
    assert!(err.starts_with("Dhcp4.subnet4[0].pools[1].pool: "), "{err}");
    assert!(err.contains("overlaps with an existing pool"), "{err}");
}

#[test]
fn overlapping_pools_in_different_subnets_are_rejected() {
    let err = error_of("ruru-only/overlapping-pools-across-subnets.json");
    assert!(err.starts_with("Dhcp4.subnet4[1].pools[0].pool: "), "{err}");
    assert!(err.contains("Dhcp4.subnet4[0].pools[0]"), "{err}");
}

#[test]
fn pool_outside_its_subnet_is_rejected() {
    let err = error_of("invalid/pool-outside-subnet.json");
    assert!(err.starts_with("Dhcp4.subnet4[0].pools[0].pool: "), "{err}");
    assert!(
        err.contains("does not match the prefix of a subnet: 192.0.2.0/24"),
        "{err}"
    );
}

#[test]
fn pool_with_start_after_end_is_rejected() {
    assert!(error_of("invalid/pool-start-after-end.json")
        .starts_with("Dhcp4.subnet4[0].pools[0].pool: "));
}

#[test]
fn malformed_pools_are_rejected() {
    for f in [
        "invalid/malformed-pool.json",
        "invalid/malformed-pool-prefix.json",
    ] {
        let err = error_of(f);
        assert!(err.starts_with("Dhcp4.subnet4[0].pools[0].pool: "), "{err}");
    }
}

#[test]
fn duplicate_subnet_ids_are_rejected() {
    assert_eq!(
        error_of("invalid/duplicate-subnet-id.json"),
        "Dhcp4.subnet4[1].id: ID of the new IPv4 subnet '1' is already in use"
    );
    let err = error_of("invalid/auto-id-collides-with-explicit-id.json");
    assert_eq!(
        err,
        "Dhcp4.subnet4[1].id: ID of the new IPv4 subnet '1' is already in use"
    );
}

#[test]
fn duplicate_subnet_prefixes_are_rejected() {
    assert_eq!(
        error_of("invalid/duplicate-subnet-prefix.json"),
        "Dhcp4.subnet4[1].subnet: subnet with the prefix of '192.0.2.0/24' already exists"
    );
}

#[test]
fn reservation_outside_its_subnet_is_rejected() {
    let err = error_of("invalid/reservation-outside-subnet.json");
    assert_eq!(
        err,
        "Dhcp4.subnet4[0].reservations[0].ip-address: specified reservation '192.0.3.5' is not within the IPv4 subnet '192.0.2.0/24'"
    );
}

#[test]
fn duplicate_reservations_in_a_subnet_are_rejected() {
    let err = error_of("invalid/duplicate-reservation-identifier.json");
    assert!(
        err.starts_with("Dhcp4.subnet4[0].reservations[1].hw-address: duplicate"),
        "{err}"
    );
    let err = error_of("invalid/duplicate-reservation-address.json");
    assert!(
        err.starts_with("Dhcp4.subnet4[0].reservations[1].ip-address: duplicate"),
        "{err}"
    );
}

#[test]
fn bad_hardware_address_is_rejected() {
    let err = error_of("invalid/bad-hw-address.json");
    assert_eq!(
        err,
        "Dhcp4.subnet4[0].reservations[0].hw-address: invalid host identifier value '01:02:zz'"
    );
}

#[test]
fn renew_timer_above_rebind_timer_is_rejected_in_kea_words() {
    let err = error_of("invalid/renew-greater-than-rebind.json");
    assert_eq!(
        err,
        "Dhcp4: the value of renew-timer (2000) is greater than the value of rebind-timer (1000)"
    );
}

#[test]
fn lifetimes_must_be_ordered_min_default_max() {
    assert_eq!(
        error_of("invalid/min-lifetime-above-default.json"),
        "Dhcp4.subnet4[0]: the value of min-valid-lifetime (200) is not less than (default) valid-lifetime (100)"
    );
    assert_eq!(
        error_of("invalid/default-lifetime-above-max.json"),
        "Dhcp4.subnet4[0]: the value of (default) valid-lifetime (300) is not less than max-valid-lifetime (200)"
    );
}

#[test]
fn option_data_errors_name_the_entry() {
    assert!(error_of("invalid/bad-option-address.json").starts_with("Dhcp4.option-data[1].data: "));
    assert_eq!(
        error_of("invalid/unknown-option-name.json"),
        "Dhcp4.option-data[0].name: definition for the option 'dhcp4.no-such-option' does not exist"
    );
    assert!(error_of("invalid/bad-option-hex.json").starts_with("Dhcp4.option-data[0].data: "));
}

#[test]
fn dhcp_socket_type_must_be_raw_or_udp() {
    assert!(error_of("invalid/bad-dhcp-socket-type.json")
        .starts_with("Dhcp4.interfaces-config.dhcp-socket-type: "));
}

#[test]
fn next_server_must_be_an_ipv4_address() {
    assert!(error_of("invalid/bad-next-server.json").starts_with("Dhcp4.subnet4[0].next-server: "));
}

#[test]
fn shared_network_names_must_be_unique() {
    assert_eq!(
        error_of("invalid/shared-network-name-twice.json"),
        "Dhcp4.shared-networks[1].name: A shared-network with name a defined twice."
    );
}

#[test]
fn memfile_lease_file_name_must_be_absolute() {
    assert!(
        error_of("ruru-only/relative-memfile-name.json").starts_with("Dhcp4.lease-database.name: ")
    );
}

#[test]
fn control_socket_type_must_be_unix() {
    assert!(error_of("ruru-only/control-socket-not-unix.json")
        .starts_with("Dhcp4.control-socket.socket-type: "));
}

// ---- Kea features ruru does not implement yet ---------------------------

#[test]
fn sql_lease_databases_are_accepted() {
    // Full parameter checks live in tests/it/sql_config.rs.
    let c = load("ruru-only/postgresql-lease-database.json");
    assert!(matches!(c.lease_database, LeaseDatabase::Sql(ref s) if s.name == "kea"));
}

#[test]
fn hook_libraries_other_than_the_config_backend_ones_are_refused() {
    assert_eq!(
        error_of("ruru-only/hooks-library.json"),
        "Dhcp4.hooks-libraries[0].library: hook library '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so' is not supported: ruru has only the configuration backend hooks built in (libdhcp_mysql_cb.so, libdhcp_pgsql_cb.so, libdhcp_cb_cmds.so)"
    );
}

#[test]
fn non_default_values_of_unimplemented_keys_are_not_supported_yet() {
    assert_eq!(
        value_error(
            json!({"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "ddns-send-updates": false}]})
        ),
        "Dhcp4.subnet4[0]: 'ddns-send-updates' is not supported yet by ruru"
    );
    assert_eq!(
        value_error(json!({"dhcp-ddns": {"enable-updates": true}})),
        "Dhcp4.dhcp-ddns: 'enable-updates' is not supported yet by ruru"
    );
}

// ---- effective configuration ----------------------------------------------

#[test]
fn effective_config_has_defaults_and_assigned_ids_filled_in() {
    let c = load("valid/auto-assigned-ids.json");
    let d = &c.effective["Dhcp4"];
    assert_eq!(d["valid-lifetime"], 7200);
    assert_eq!(d["decline-probation-period"], 86400);
    assert_eq!(d["t2-percent"], 0.875);
    assert_eq!(d["expired-leases-processing"]["hold-reclaimed-time"], 3600);
    assert_eq!(d["lease-database"]["lfc-interval"], 3600);
    assert_eq!(d["subnet4"][0]["id"], 1);
    assert_eq!(d["subnet4"][1]["id"], 2);
    assert_eq!(d["subnet4"][2]["id"], 7);
    // What the user did not write at subnet level stays inherited.
    assert!(d["subnet4"][0].get("valid-lifetime").is_none());
}

#[test]
fn effective_config_keeps_comments_and_user_context() {
    let c = load("valid/full.json");
    assert_eq!(
        c.effective["Dhcp4"]["comment"],
        "ruru configuration test fixture"
    );
    assert_eq!(c.effective["Dhcp4"]["user-context"]["owner"], "ruru");
    assert_eq!(
        c.effective["Dhcp4"]["loggers"][0]["output_options"][0]["output"],
        "stdout"
    );
}

#[test]
fn effective_config_parses_back_to_the_same_model() {
    for f in [
        "valid/full.json",
        "valid/minimal.json",
        "valid/auto-assigned-ids.json",
    ] {
        let first = load(f);
        let second = parse_dhcp4_value(&first.effective).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(first, second, "{f}");
    }
}
