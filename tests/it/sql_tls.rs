//! TLS to the lease database, as Kea's `trust-anchor`, `cert-file`, `key-file`
//! and `cipher-list` ask for, against private PostgreSQL 15 and MariaDB
//! instances that serve TLS with a CA made by the test (see `crate::support::tls_db`):
//!
//! - the session is encrypted (`pg_stat_ssl`, `Ssl_cipher`) and the server is
//!   verified against the trust anchor, given as a file or a directory, and
//!   must be named by its certificate (no trust anchor: encrypted, unverified);
//! - a client certificate (PEM, PKCS#1 key) logs in the certificate user
//!   (PostgreSQL `cert` auth, MariaDB `REQUIRE X509`), also after a reconnect;
//! - a wrong trust anchor fails with a clear error naming the backend, and the
//!   real `ruru-dhcp4` exits 1 with it;
//! - `cipher-list` is honoured (the negotiated cipher is one of the list, TLS
//!   1.2 names and TLS 1.3 suites alike) and enforced (a list the server cannot
//!   meet fails, saying so);
//! - MySQL: when TLS was asked for but the session is clear text (a server
//!   without TLS), ruru serves, as Kea does, and logs DHCPSRV_MYSQL_NO_TLS;
//! - the real `ruru-dhcp4` serves a DORA with its leases in a TLS database.

use std::path::PathBuf;
use std::time::Duration;

use crate::support::client::mac;
use crate::support::server::{base_config, TestServer};
use crate::support::tls_db::{
    lease_database_json, run_ruru_until_exit, PrivateMariaDb, PrivatePostgres, DB_NAME,
    MY_SSL_USER, MY_X509_USER, PG_CERT_USER,
};
use diesel::sql_types::{Bool, Nullable, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use ruru::backends::error::{ErrorClass, StoreError};
use ruru::backends::sql::connect::{mysql_connect, pg_connect};
use ruru::backends::sql::{init_database, MysqlLeaseStore, PgLeaseStore, SqlError};
use ruru::config::model::{SqlDatabase, SqlTls};

/// What PostgreSQL says about the current session's TLS.
#[derive(Debug, QueryableByName)]
struct PgSession {
    #[diesel(sql_type = Bool)]
    ssl: bool,
    #[diesel(sql_type = Nullable<Text>)]
    version: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    cipher: Option<String>,
    #[diesel(sql_type = Text)]
    login: String,
}

async fn pg_session(db: &SqlDatabase) -> Result<PgSession, SqlError> {
    let mut c = pg_connect(db).await?;
    Ok(diesel::sql_query(
        "SELECT ssl, version, cipher, current_user::text AS login \
         FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    )
    .get_result::<PgSession>(&mut c)
    .await
    .expect("pg_stat_ssl"))
}

/// One row of MariaDB's session status.
#[derive(Debug, QueryableByName)]
struct Status {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    value: String,
}

/// MariaDB's `Ssl_version` and `Ssl_cipher` of a new session (empty: clear text),
/// and the login.
async fn mysql_session(db: &SqlDatabase) -> Result<(String, String, String), SqlError> {
    let mut c = mysql_connect(db).await?;
    let rows: Vec<Status> = diesel::sql_query(
        "SELECT VARIABLE_NAME AS name, VARIABLE_VALUE AS value \
         FROM information_schema.SESSION_STATUS \
         WHERE VARIABLE_NAME IN ('SSL_VERSION', 'SSL_CIPHER') \
         UNION ALL SELECT 'LOGIN', CURRENT_USER()",
    )
    .load(&mut c)
    .await
    .expect("session status");
    let get = |n: &str| {
        rows.iter()
            .find(|r| r.name == n)
            .map(|r| r.value.clone())
            .unwrap_or_default()
    };
    Ok((get("SSL_VERSION"), get("SSL_CIPHER"), get("LOGIN")))
}

fn with_ciphers(tls: SqlTls, list: &str) -> SqlTls {
    SqlTls {
        cipher_list: Some(list.to_string()),
        ..tls
    }
}

fn anchor(path: PathBuf) -> SqlTls {
    SqlTls {
        trust_anchor: Some(path),
        ..SqlTls::default()
    }
}

/// Runs a DORA through the real server with `db` as its lease database and
/// returns the address acknowledged; the server's log is returned too.
fn serve_one_dora(db: &SqlDatabase) -> (std::net::Ipv4Addr, String) {
    let mut cfg = base_config();
    cfg["lease-database"] = lease_database_json(db);
    let server = TestServer::start(cfg);
    let mut client = server.relay_client();
    let acked = client.dora(&mac(7));
    (acked.yiaddr, server.logs())
}

/// The server refuses to start: exit 1, DHCP4_INIT_FAIL naming the backend and `reason`.
fn assert_ruru_refuses_to_start(db: &SqlDatabase, reason: &str) {
    let mut cfg = base_config();
    cfg["lease-database"] = lease_database_json(db);
    let (code, out) = run_ruru_until_exit(cfg, Duration::from_secs(20));
    assert_eq!(code, Some(1), "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("DHCP4_INIT_FAIL"))
        .unwrap_or_else(|| panic!("no DHCP4_INIT_FAIL line:\n{out}"));
    assert!(line.contains(db.kind.name()), "backend not named: {line}");
    assert!(line.contains(reason), "'{reason}' missing: {line}");
}

#[tokio::test]
async fn pg_session_is_encrypted_and_the_server_verified_by_a_trust_anchor_file_or_directory() {
    let pg = PrivatePostgres::start(&[]);
    for tls in [pg.certs.verified(), anchor(pg.certs.ca_dir.clone())] {
        let s = pg_session(&pg.db("postgres", tls.clone()))
            .await
            .unwrap_or_else(|e| panic!("{tls:?}: {e}"));
        assert!(s.ssl, "{s:?}");
        assert!(s.version.is_some_and(|v| v.starts_with("TLSv1.")));
        assert_eq!(s.login, "postgres");
    }
}

#[tokio::test]
async fn pg_client_certificate_logs_in_its_user_and_survives_reconnect() {
    let pg = PrivatePostgres::start(&[]);
    let db = pg.db(PG_CERT_USER, pg.certs.with_client_cert());
    let s = pg_session(&db).await.expect("cert login");
    assert!(s.ssl);
    assert_eq!(s.login, PG_CERT_USER);

    // The same user without a certificate is refused by `cert` auth.
    let e = pg_session(&pg.db(PG_CERT_USER, pg.certs.verified()))
        .await
        .expect_err("no certificate, no login")
        .to_string();
    assert!(e.contains("postgresql") && e.contains("certificate"), "{e}");

    // The lease store over TLS, through the reconnect path.
    init_database(&db).await.expect("schema over TLS");
    let store = PgLeaseStore::connect(&db).await.expect("store over TLS");
    store.probe().await.expect("probe");
    store.reconnect().await.expect("reconnect over TLS");
    store.probe().await.expect("probe after reconnect");
    let sessions = pg.psql(
        "postgres",
        &format!(
            "SELECT count(*) FILTER (WHERE NOT s.ssl) FROM pg_stat_ssl s \
         JOIN pg_stat_activity a USING (pid) WHERE a.usename = '{PG_CERT_USER}'"
        ),
    );
    assert_eq!(sessions.trim(), "0", "clear-text sessions of the store");
}

#[tokio::test]
async fn pg_wrong_trust_anchor_fails_clearly_and_stops_the_server() {
    let pg = PrivatePostgres::start(&[]);
    let db = pg.db("postgres", anchor(pg.certs.other_ca.clone()));
    let e = pg_session(&db).await.expect_err("wrong CA");
    assert_eq!(
        e.class(),
        ErrorClass::Operation,
        "a refusal, not a lost server"
    );
    let e = e.to_string();
    assert!(
        e.contains("postgresql") && e.contains("certificate verify failed"),
        "{e}"
    );

    let missing = pg.db("postgres", anchor("/nonexistent/ca.pem".into()));
    let e = pg_session(&missing)
        .await
        .expect_err("no CA file")
        .to_string();
    assert!(e.contains("trust-anchor /nonexistent/ca.pem"), "{e}");

    let mismatched = pg.db(
        PG_CERT_USER,
        SqlTls {
            key_file: Some(pg.certs.server_key.clone()),
            ..pg.certs.with_client_cert()
        },
    );
    let e = pg_session(&mismatched)
        .await
        .expect_err("key of another cert")
        .to_string();
    let expected = format!(
        "key-file {}: does not match cert-file {}",
        pg.certs.server_key.display(),
        pg.certs.client_cert.display()
    );
    assert!(e.contains(&expected), "{e}");

    assert_ruru_refuses_to_start(&db, "certificate verify failed");
}

#[tokio::test]
async fn pg_a_server_certificate_not_naming_the_host_is_refused_unless_nothing_is_verified() {
    let pg = PrivatePostgres::start(&[]);
    let mut db = pg.db("postgres", pg.certs.verified());
    db.host = "127.0.0.2".into();
    let e = pg_session(&db)
        .await
        .expect_err("name mismatch")
        .to_string();
    assert!(
        e.contains("certificate verify failed") && e.contains("mismatch"),
        "{e}"
    );

    // No trust-anchor: encrypted, not verified (libpq's sslmode=require).
    db.tls = with_ciphers(SqlTls::default(), "ECDHE-RSA-AES128-GCM-SHA256");
    let s = pg_session(&db).await.expect("unverified TLS");
    assert!(s.ssl);
}

#[tokio::test]
async fn pg_a_server_without_tls_is_refused_when_tls_is_asked_for() {
    let pg = PrivatePostgres::start(&["ssl=off"]);
    let db = pg.db("postgres", pg.certs.verified());
    let e = pg_session(&db).await.expect_err("no TLS on the server");
    assert!(e.to_string().contains("server does not support TLS"), "{e}");
    assert_eq!(
        e.class(),
        ErrorClass::Operation,
        "a refusal, not a lost server"
    );
}

#[tokio::test]
async fn pg_cipher_list_is_honoured_and_enforced() {
    let pg = PrivatePostgres::start(&[]);
    for (list, version) in [
        ("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"),
        (
            "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256",
            "TLSv1.2",
        ),
        ("TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3"),
    ] {
        let db = pg.db("postgres", with_ciphers(pg.certs.verified(), list));
        let s = pg_session(&db)
            .await
            .unwrap_or_else(|e| panic!("{list}: {e}"));
        let cipher = s.cipher.unwrap_or_default();
        assert!(list.split(':').any(|c| c == cipher), "{list}: got {cipher}");
        assert_eq!(s.version.as_deref(), Some(version), "{list}");
    }
    // The server's certificate is RSA: ECDSA-only ciphers cannot be met.
    let db = pg.db(
        "postgres",
        with_ciphers(pg.certs.verified(), "ECDHE-ECDSA-AES128-GCM-SHA256"),
    );
    let e = pg_session(&db)
        .await
        .expect_err("unmeetable list")
        .to_string();
    assert!(
        e.contains("postgresql") && e.contains("cipher-list 'ECDHE-ECDSA-AES128-GCM-SHA256'"),
        "{e}"
    );
}

#[tokio::test]
async fn pg_ruru_dhcp4_serves_a_dora_over_a_tls_lease_database() {
    let pg = PrivatePostgres::start(&[]);
    let db = pg.db(PG_CERT_USER, pg.certs.with_client_cert());
    init_database(&db).await.expect("schema over TLS");
    let (addr, logs) = serve_one_dora(&db);
    let rows = pg.psql(DB_NAME, "SELECT address FROM lease4");
    assert_eq!(rows.trim(), u32::from(addr).to_string(), "{logs}");
    assert!(logs.contains("DHCPSRV_PGSQL_TLS_SUPPORT"), "{logs}");
}

#[tokio::test]
async fn mysql_session_is_encrypted_and_the_server_verified_by_a_trust_anchor_file_or_directory() {
    let my = PrivateMariaDb::start(true, &[]);
    let certs = my.certs.clone().expect("certs");
    for tls in [certs.verified(), anchor(certs.ca_dir.clone())] {
        let (version, cipher, login) = mysql_session(&my.db(MY_SSL_USER, tls.clone()))
            .await
            .unwrap_or_else(|e| panic!("{tls:?}: {e}"));
        assert!(version.starts_with("TLSv1."), "{version}");
        assert!(!cipher.is_empty());
        assert!(login.starts_with(MY_SSL_USER), "{login}");
    }
}

#[tokio::test]
async fn mysql_client_certificate_satisfies_require_x509_and_survives_reconnect() {
    let my = PrivateMariaDb::start(true, &[]);
    let certs = my.certs.clone().expect("certs");
    let db = my.db(MY_X509_USER, certs.with_client_cert());
    let (_, cipher, login) = mysql_session(&db).await.expect("x509 login");
    assert!(!cipher.is_empty());
    assert!(login.starts_with(MY_X509_USER), "{login}");

    let e = mysql_session(&my.db(MY_X509_USER, certs.verified()))
        .await
        .expect_err("no certificate, no login")
        .to_string();
    assert!(e.contains("mysql") && e.contains("Access denied"), "{e}");

    init_database(&db).await.expect("schema over TLS");
    let store = MysqlLeaseStore::connect(&db).await.expect("store over TLS");
    store.probe().await.expect("probe");
    store.reconnect().await.expect("reconnect over TLS");
    store.probe().await.expect("probe after reconnect");
}

#[tokio::test]
async fn mysql_losing_the_server_behind_tls_is_connection_lost() {
    let mut my = PrivateMariaDb::start(true, &[]);
    let certs = my.certs.clone().expect("certs");
    let db = my.db(MY_SSL_USER, certs.verified());
    init_database(&db).await.expect("schema over TLS");
    let store = MysqlLeaseStore::connect(&db).await.expect("store over TLS");
    store.probe().await.expect("probe");
    my.kill();
    let e = store.probe().await.expect_err("server gone");
    assert_eq!(e.class(), ErrorClass::ConnectionLost, "{e}");
    let e = store.reconnect().await.expect_err("server still gone");
    assert_eq!(e.class(), ErrorClass::ConnectionLost, "{e}");
}

#[tokio::test]
async fn mysql_wrong_trust_anchor_fails_clearly_and_stops_the_server() {
    let my = PrivateMariaDb::start(true, &[]);
    let certs = my.certs.clone().expect("certs");
    let db = my.db(MY_SSL_USER, anchor(certs.other_ca.clone()));
    let e = mysql_session(&db).await.expect_err("wrong CA");
    assert_eq!(
        e.class(),
        ErrorClass::Operation,
        "a refusal, not a lost server"
    );
    let e = e.to_string();
    assert!(
        e.contains("mysql") && e.contains("certificate verify failed"),
        "{e}"
    );
    assert_ruru_refuses_to_start(&db, "certificate verify failed");
}

#[tokio::test]
async fn mysql_a_server_certificate_not_naming_the_host_is_refused_unless_nothing_is_verified() {
    let my = PrivateMariaDb::start(true, &[]);
    let certs = my.certs.clone().expect("certs");
    let mut db = my.db(MY_SSL_USER, certs.verified());
    db.host = "127.0.0.2".into();
    let e = mysql_session(&db)
        .await
        .expect_err("name mismatch")
        .to_string();
    assert!(
        e.contains("certificate verify failed") && e.contains("mismatch"),
        "{e}"
    );

    db.tls = with_ciphers(SqlTls::default(), "ECDHE-RSA-AES128-GCM-SHA256");
    let (_, cipher, _) = mysql_session(&db).await.expect("unverified TLS");
    assert_eq!(cipher, "ECDHE-RSA-AES128-GCM-SHA256");
}

#[tokio::test]
async fn mysql_cipher_list_is_honoured_and_enforced() {
    let my = PrivateMariaDb::start(true, &[]);
    let certs = my.certs.clone().expect("certs");
    for (list, version) in [
        ("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"),
        (
            "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256",
            "TLSv1.2",
        ),
        ("TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3"),
    ] {
        let db = my.db(MY_SSL_USER, with_ciphers(certs.verified(), list));
        let (v, cipher, _) = mysql_session(&db)
            .await
            .unwrap_or_else(|e| panic!("{list}: {e}"));
        assert!(list.split(':').any(|c| c == cipher), "{list}: got {cipher}");
        assert_eq!(v, version, "{list}");
    }
    let db = my.db(
        MY_SSL_USER,
        with_ciphers(certs.verified(), "ECDHE-ECDSA-AES128-GCM-SHA256"),
    );
    let e = mysql_session(&db)
        .await
        .expect_err("unmeetable list")
        .to_string();
    assert!(
        e.contains("mysql") && e.contains("cipher-list 'ECDHE-ECDSA-AES128-GCM-SHA256'"),
        "{e}"
    );
}

#[tokio::test]
async fn mysql_ruru_dhcp4_serves_a_dora_over_a_tls_lease_database() {
    let my = PrivateMariaDb::start(true, &[]);
    let certs = my.certs.clone().expect("certs");
    let db = my.db(
        MY_X509_USER,
        with_ciphers(certs.with_client_cert(), "ECDHE-RSA-AES256-GCM-SHA384"),
    );
    init_database(&db).await.expect("schema over TLS");
    let (addr, logs) = serve_one_dora(&db);
    let rows = my.sql(&format!("SELECT address FROM {DB_NAME}.lease4"));
    assert_eq!(rows.trim(), u32::from(addr).to_string(), "{logs}");
    assert!(
        logs.contains("DHCPSRV_MYSQL_TLS_CIPHER TLS cipher: ECDHE-RSA-AES256-GCM-SHA384"),
        "{logs}"
    );
    assert!(!logs.contains("DHCPSRV_MYSQL_NO_TLS"), "{logs}");
}

#[tokio::test]
async fn mysql_clear_text_when_tls_was_required_is_served_and_logs_dhcpsrv_mysql_no_tls() {
    let my = PrivateMariaDb::start(false, &[]);
    let plain = my.db("root", SqlTls::default());
    init_database(&plain).await.expect("schema");
    let db = my.db(
        "root",
        with_ciphers(SqlTls::default(), "ECDHE-RSA-AES256-GCM-SHA384"),
    );
    let (_, cipher, _) = mysql_session(&db).await.expect("clear-text session");
    assert_eq!(cipher, "", "the server offers no TLS");

    let (addr, logs) = serve_one_dora(&db);
    let rows = my.sql(&format!("SELECT address FROM {DB_NAME}.lease4"));
    assert_eq!(rows.trim(), u32::from(addr).to_string(), "{logs}");
    let line = logs
        .lines()
        .find(|l| l.contains("DHCPSRV_MYSQL_NO_TLS"))
        .unwrap_or_else(|| panic!("no DHCPSRV_MYSQL_NO_TLS:\n{logs}"));
    assert!(
        line.contains("ERROR") && line.contains("TLS was required but is not used"),
        "{line}"
    );
}
