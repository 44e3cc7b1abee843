//! `lease-database` with `type: postgresql|mysql`: accepted, every parameter
//! carried into the model, and Kea's checks (kea-config.md §4) applied.

use std::path::Path;

use ruru::config::model::{LeaseDatabase, OnFail, SqlDatabase, SqlKind};
use ruru::config::parse_dhcp4_value;
use serde_json::{json, Value};

fn sql(db: Value) -> SqlDatabase {
    let v = json!({ "Dhcp4": { "lease-database": db } });
    match parse_dhcp4_value(&v) {
        Ok(c) => match c.lease_database {
            LeaseDatabase::Sql(s) => s,
            other => panic!("expected an SQL database, got {other:?}"),
        },
        Err(e) => panic!("should be accepted: {e}"),
    }
}

fn error(db: Value) -> String {
    let v = json!({ "Dhcp4": { "lease-database": db } });
    match parse_dhcp4_value(&v) {
        Ok(_) => panic!("should be rejected: {db}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn postgresql_map_with_every_parameter() {
    let s = sql(json!({
        "type": "postgresql", "name": "kea", "host": "/run/postgresql", "port": 5433,
        "user": "kea", "password": "secret", "connect-timeout": 3, "tcp-user-timeout": 9,
        "max-reconnect-tries": 4, "reconnect-wait-time": 3000,
        "on-fail": "serve-retry-continue", "ruru-pool-size": 12
    }));
    assert_eq!(s.kind, SqlKind::Postgresql);
    assert_eq!(s.name, "kea");
    assert_eq!(s.host, "/run/postgresql");
    assert_eq!(s.port, Some(5433));
    assert_eq!(s.user.as_deref(), Some("kea"));
    assert_eq!(s.password.as_deref(), Some("secret"));
    assert_eq!(s.connect_timeout, 3);
    assert_eq!(s.tcp_user_timeout, 9);
    assert_eq!(s.max_reconnect_tries, 4);
    assert_eq!(s.reconnect_wait_time, 3000);
    assert_eq!(s.on_fail, OnFail::ServeRetryContinue);
    assert_eq!(s.pool_size, 12);
}

#[test]
fn mysql_map_defaults() {
    let s = sql(json!({ "type": "mysql", "name": "kea", "read-timeout": 2, "write-timeout": 3 }));
    assert_eq!(s.kind, SqlKind::Mysql);
    assert_eq!(s.host, "localhost");
    assert_eq!(s.port, None);
    assert_eq!(s.connect_timeout, 5);
    assert_eq!((s.read_timeout, s.write_timeout), (2, 3));
    assert_eq!(s.on_fail, OnFail::StopRetryExit);
    assert_eq!(s.pool_size, 16);
}

#[test]
fn the_name_is_required() {
    assert_eq!(
        error(json!({ "type": "mysql" })),
        "Dhcp4.lease-database.name: must specify a name for the mysql database"
    );
}

#[test]
fn port_and_timeouts_are_range_checked() {
    assert_eq!(
        error(json!({ "type": "postgresql", "name": "k", "port": 70000 })),
        "Dhcp4.lease-database.port: port value: 70000 is out of range, expected value: 0..65535"
    );
    assert!(
        error(json!({ "type": "postgresql", "name": "k", "connect-timeout": -1 }))
            .starts_with("Dhcp4.lease-database.connect-timeout: ")
    );
    assert!(
        error(json!({ "type": "postgresql", "name": "k", "connect-timeout": 0 }))
            .contains("must be an integer greater than 0")
    );
    assert!(
        error(json!({ "type": "mysql", "name": "k", "max-reconnect-tries": -1 }))
            .contains("cannot be less than zero")
    );
    assert!(
        error(json!({ "type": "mysql", "name": "k", "reconnect-wait-time": 4294967296i64 }))
            .starts_with("Dhcp4.lease-database.reconnect-wait-time: ")
    );
    assert!(
        error(json!({ "type": "mysql", "name": "k", "ruru-pool-size": 0 }))
            .starts_with("Dhcp4.lease-database.ruru-pool-size: ")
    );
}

#[test]
fn backend_specific_timeouts_belong_to_their_backend() {
    assert!(
        error(json!({ "type": "postgresql", "name": "k", "read-timeout": 1 }))
            .contains("'read-timeout' is only supported by the mysql backend")
    );
    assert!(
        error(json!({ "type": "postgresql", "name": "k", "write-timeout": 1 }))
            .contains("'write-timeout' is only supported by the mysql backend")
    );
    assert!(
        error(json!({ "type": "mysql", "name": "k", "tcp-user-timeout": 1 }))
            .contains("'tcp-user-timeout' is only supported by the postgresql backend")
    );
    // 0 means "not set" and is accepted everywhere, as in Kea.
    sql(json!({ "type": "postgresql", "name": "k", "read-timeout": 0 }));
}

#[test]
fn on_fail_takes_only_keas_three_values() {
    assert!(
        error(json!({ "type": "mysql", "name": "k", "on-fail": "retry" }))
            .starts_with("Dhcp4.lease-database.on-fail: unsupported 'on-fail' value 'retry'")
    );
    for v in [
        "stop-retry-exit",
        "serve-retry-exit",
        "serve-retry-continue",
    ] {
        sql(json!({ "type": "mysql", "name": "k", "on-fail": v }));
    }
}

#[test]
fn any_tls_parameter_makes_tls_required() {
    let plain = sql(json!({ "type": "mysql", "name": "k" }));
    assert!(!plain.tls.required());
    for (key, value) in [
        ("trust-anchor", "/etc/ca.pem"),
        ("cert-file", "/etc/client.pem"),
        ("cipher-list", "AES256-GCM-SHA384"),
    ] {
        let mut map = json!({ "type": "postgresql", "name": "k" });
        map[key] = json!(value);
        assert!(sql(map).tls.required(), "{key} alone requires TLS");
    }
    let full = sql(json!({
        "type": "mysql", "name": "k",
        "trust-anchor": "/etc/ca", "cert-file": "c.pem", "key-file": "k.pem",
        "cipher-list": "ECDHE-RSA-AES256-GCM-SHA384:TLS_AES_256_GCM_SHA384"
    }));
    assert_eq!(full.tls.trust_anchor.as_deref(), Some(Path::new("/etc/ca")));
    assert_eq!(full.tls.cert_file.as_deref(), Some(Path::new("c.pem")));
    assert_eq!(full.tls.key_file.as_deref(), Some(Path::new("k.pem")));
    assert_eq!(
        full.tls.cipher_list.as_deref(),
        Some("ECDHE-RSA-AES256-GCM-SHA384:TLS_AES_256_GCM_SHA384")
    );
}

#[test]
fn a_key_file_without_a_cert_file_is_rejected_naming_the_key() {
    assert_eq!(
        error(json!({ "type": "mysql", "name": "k", "key-file": "/etc/k.pem" })),
        "Dhcp4.lease-database.key-file: 'key-file' needs 'cert-file': the client certificate the key belongs to"
    );
}

#[test]
fn empty_tls_parameters_are_rejected_naming_the_key() {
    assert_eq!(
        error(json!({ "type": "postgresql", "name": "k", "cipher-list": "" })),
        "Dhcp4.lease-database.cipher-list: 'cipher-list' must not be empty"
    );
}

#[test]
fn unknown_types_are_rejected() {
    assert!(error(json!({ "type": "cql", "name": "k" }))
        .contains("unknown database type 'cql', expected memfile, mysql or postgresql"));
}

#[test]
fn the_tls_examples_are_accepted_with_tls_required() {
    for (file, kind) in [
        (
            "examples/kea-dhcp4-postgresql-tls.json",
            SqlKind::Postgresql,
        ),
        ("examples/kea-dhcp4-mysql-tls.json", SqlKind::Mysql),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let c = ruru::config::load_dhcp4_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        let LeaseDatabase::Sql(db) = c.lease_database else {
            panic!("{file}: not an SQL lease database");
        };
        assert_eq!(db.kind, kind);
        assert!(db.tls.required(), "{file}");
        assert!(db.tls.trust_anchor.is_some() && db.tls.cipher_list.is_some());
    }
}
