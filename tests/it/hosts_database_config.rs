//! Specification of `hosts-database` / `hosts-databases` in `Dhcp4`: PostgreSQL
//! or MySQL maps with the lease database's parameters and checks plus
//! `readonly`, consulted in Kea's order (`hosts-database` first).

use ruru::config::model::{OnFail, SqlKind};
use ruru::config::parse_dhcp4_value;
use serde_json::json;

fn parse(dhcp4: serde_json::Value) -> ruru::config::model::Dhcp4Config {
    parse_dhcp4_value(&json!({ "Dhcp4": dhcp4 })).unwrap_or_else(|e| panic!("valid: {e}"))
}

fn error(dhcp4: serde_json::Value) -> String {
    match parse_dhcp4_value(&json!({ "Dhcp4": dhcp4 })) {
        Ok(_) => panic!("should be rejected: {dhcp4}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn no_hosts_database_by_default() {
    assert!(parse(json!({})).hosts_databases.is_empty());
}

#[test]
fn hosts_database_then_hosts_databases_in_order() {
    let c = parse(json!({
        "hosts-databases": [
            {"type": "mysql", "name": "second", "host": "db2", "readonly": true},
            {"type": "postgresql", "name": "third", "on-fail": "serve-retry-continue",
             "max-reconnect-tries": 3, "reconnect-wait-time": 500}
        ],
        "hosts-database": {"type": "postgresql", "name": "first", "user": "kea", "password": "x"}
    }));
    let names: Vec<&str> = c
        .hosts_databases
        .iter()
        .map(|h| h.db.name.as_str())
        .collect();
    assert_eq!(names, ["first", "second", "third"]);
    let first = &c.hosts_databases[0];
    assert_eq!(first.db.kind, SqlKind::Postgresql);
    assert_eq!(first.db.user.as_deref(), Some("kea"));
    assert!(!first.readonly);
    let second = &c.hosts_databases[1];
    assert_eq!(second.db.kind, SqlKind::Mysql);
    assert_eq!(second.db.host, "db2");
    assert!(second.readonly);
    let third = &c.hosts_databases[2];
    assert_eq!(third.db.on_fail, OnFail::ServeRetryContinue);
    assert_eq!(third.db.max_reconnect_tries, 3);
    assert_eq!(third.db.reconnect_wait_time, 500);
}

#[test]
fn an_empty_hosts_databases_list_is_accepted() {
    assert!(parse(json!({"hosts-databases": []}))
        .hosts_databases
        .is_empty());
}

#[test]
fn memfile_and_unknown_types_are_refused() {
    assert_eq!(
        error(json!({"hosts-database": {"type": "memfile"}})),
        "Dhcp4.hosts-database.type: hosts database type 'memfile' is not supported, expected mysql or postgresql"
    );
    assert!(
        error(json!({"hosts-databases": [{"type": "cql", "name": "x"}]}))
            .starts_with("Dhcp4.hosts-databases[0].type: ")
    );
}

#[test]
fn lease_database_checks_apply_at_the_hosts_path() {
    assert_eq!(
        error(json!({"hosts-database": {"type": "mysql"}})),
        "Dhcp4.hosts-database.name: must specify a name for the mysql database"
    );
    assert_eq!(
        error(json!({"hosts-databases": [
            {"type": "mysql", "name": "a"},
            {"type": "postgresql", "name": "b", "on-fail": "sometimes"}
        ]})),
        "Dhcp4.hosts-databases[1].on-fail: unsupported 'on-fail' value 'sometimes', expected stop-retry-exit, serve-retry-exit or serve-retry-continue"
    );
    assert!(
        error(json!({"hosts-database": {"type": "postgresql", "name": "a", "port": 70000}}))
            .starts_with("Dhcp4.hosts-database.port: ")
    );
}

#[test]
fn tls_keys_of_a_hosts_database_are_checked_at_its_own_path() {
    let c = parse(json!({"hosts-database": {
        "type": "mysql", "name": "a", "cert-file": "/c.pem", "key-file": "/k.pem",
        "trust-anchor": "/ca.pem", "cipher-list": "AES256-SHA"}}));
    let tls = &c.hosts_databases[0].db.tls;
    assert_eq!(
        tls.cert_file.as_deref(),
        Some(std::path::Path::new("/c.pem"))
    );
    assert_eq!(tls.cipher_list.as_deref(), Some("AES256-SHA"));
    assert!(tls.required());
    assert_eq!(
        error(json!({"hosts-databases": [{"type": "mysql", "name": "a", "key-file": "/k.pem"}]})),
        "Dhcp4.hosts-databases[0].key-file: 'key-file' needs 'cert-file': the client certificate the key belongs to"
    );
}

#[test]
fn unknown_keywords_in_a_hosts_database_are_named() {
    assert!(
        error(json!({"hosts-database": {"type": "mysql", "name": "a", "bogus": 1}}))
            .contains("bogus")
    );
}

#[test]
fn readonly_must_be_a_boolean() {
    assert!(
        error(json!({"hosts-database": {"type": "mysql", "name": "a", "readonly": "yes"}}))
            .starts_with("Dhcp4.hosts-database.readonly")
    );
}

#[test]
fn config_get_renders_the_hosts_databases() {
    let c = parse(json!({"hosts-database": {"type": "mysql", "name": "a", "readonly": true}}));
    assert_eq!(c.effective["Dhcp4"]["hosts-database"]["name"], "a");
    assert_eq!(c.effective["Dhcp4"]["hosts-database"]["readonly"], true);
}
