//! `ruru-admin` against real PostgreSQL and MariaDB/MySQL servers, checked against
//! Kea 2.2's own `kea-admin`: db-init/db-version/db-upgrade agree on the schema
//! version, lease-dump writes what `kea-admin lease-dump -4` writes (up to the
//! documented memfile-escaping differences) and ruru's memfile loader reads it,
//! and connection failures exit non-zero naming the backend.

use std::net::Ipv4Addr;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::db::{TestDb, HOST, MYSQL_PORT, PG_PORT};
use crate::support::lease_battery::lease;
use ruru::backends::lease::{Lease4, LeaseState, INFINITE_LIFETIME};
use ruru::backends::memfile::journal::{load_file, LoadReport};
use ruru::backends::sql::{MysqlLeaseStore, PgLeaseStore};
use ruru::backends::LeaseStore;
use ruru::config::model::SqlKind;

/// Leases of a v4 lease file, by address.
type LeaseMap = ruru::backends::memfile::journal::LeaseMap<Lease4>;

const ADMIN: &str = env!("CARGO_BIN_EXE_ruru-admin");

/// kea-admin's backend name and the credentials of the local test servers.
fn backend(kind: SqlKind) -> (&'static str, &'static str, &'static str, u16) {
    match kind {
        SqlKind::Postgresql => ("pgsql", "postgres", "unused", PG_PORT),
        SqlKind::Mysql => ("mysql", "root", "", MYSQL_PORT),
    }
}

/// `<tool> <command> <backend> -h HOST -P PORT -u USER -p PASSWORD -n NAME <extra>`.
fn run(tool: &str, command: &str, kind: SqlKind, name: &str, extra: &[&str]) -> Output {
    let (b, user, password, port) = backend(kind);
    let mut c = Command::new(tool);
    c.args([command, b, "-h", HOST]);
    // kea-admin 2.2's pgsql lease-dump ignores -P; the test servers use default ports.
    if tool == ADMIN || kind == SqlKind::Mysql {
        c.args(["-P", &port.to_string()]);
    }
    c.args(["-u", user, "-p", password, "-n", name]).args(extra);
    c.output()
        .unwrap_or_else(|e| panic!("cannot run {tool} (is Kea 2.2's kea-admin installed?): {e}"))
}

fn ruru_admin(command: &str, kind: SqlKind, name: &str, extra: &[&str]) -> Output {
    run(ADMIN, command, kind, name, extra)
}

fn kea_admin(command: &str, kind: SqlKind, name: &str, extra: &[&str]) -> Output {
    run("kea-admin", command, kind, name, extra)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        stdout(o),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn expected_version(kind: SqlKind) -> &'static str {
    match kind {
        SqlKind::Postgresql => "13.0",
        SqlKind::Mysql => "14.0",
    }
}

async fn init_then_version(kind: SqlKind) {
    let db = TestDb::create(kind).await;
    let v = ruru_admin("db-version", kind, &db.name, &[]);
    assert_eq!(v.status.code(), Some(1), "empty db: {}", text(&v));
    assert!(
        String::from_utf8_lossy(&v.stderr).contains("not initialised"),
        "{}",
        text(&v)
    );

    let init = ruru_admin("db-init", kind, &db.name, &[]);
    assert!(init.status.success(), "{}", text(&init));
    assert!(
        stdout(&init).contains(&format!("after initialization: {}", expected_version(kind))),
        "{}",
        text(&init)
    );
    let ours = ruru_admin("db-version", kind, &db.name, &[]);
    assert!(ours.status.success(), "{}", text(&ours));
    assert_eq!(stdout(&ours).trim(), expected_version(kind));
    let kea = kea_admin("db-version", kind, &db.name, &[]);
    assert!(kea.status.success(), "{}", text(&kea));
    assert_eq!(stdout(&kea).trim(), expected_version(kind), "kea-admin");

    // A second db-init changes nothing and succeeds.
    let again = ruru_admin("db-init", kind, &db.name, &[]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        stdout(&again).contains("already initialised"),
        "{}",
        text(&again)
    );
    let up = ruru_admin("db-upgrade", kind, &db.name, &[]);
    assert!(up.status.success(), "{}", text(&up));
    assert!(stdout(&up).contains("nothing to upgrade"), "{}", text(&up));
}

#[tokio::test]
async fn pg_db_init_then_db_version_agrees_with_kea_admin() {
    init_then_version(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_db_init_then_db_version_agrees_with_kea_admin() {
    init_then_version(SqlKind::Mysql).await;
}

async fn kea_made(kind: SqlKind) {
    let db = TestDb::with_kea_schema(kind).await;
    let v = ruru_admin("db-version", kind, &db.name, &[]);
    assert!(v.status.success(), "{}", text(&v));
    assert_eq!(stdout(&v).trim(), expected_version(kind));
    let init = ruru_admin("db-init", kind, &db.name, &[]);
    assert!(init.status.success(), "{}", text(&init));
    assert!(
        stdout(&init).contains("already initialised"),
        "{}",
        text(&init)
    );

    // An older schema: db-upgrade says it cannot, db-version prints it.
    db.execute("UPDATE schema_version SET version = 12, minor = 0")
        .await;
    let v = ruru_admin("db-version", kind, &db.name, &[]);
    assert_eq!(stdout(&v).trim(), "12.0", "{}", text(&v));
    let up = ruru_admin("db-upgrade", kind, &db.name, &[]);
    assert_eq!(up.status.code(), Some(1), "{}", text(&up));
    let err = String::from_utf8_lossy(&up.stderr);
    assert!(err.contains("not supported yet"), "{}", text(&up));
    assert!(err.contains(kind.name()), "{}", text(&up));
    let init = ruru_admin("db-init", kind, &db.name, &[]);
    assert_eq!(init.status.code(), Some(1), "{}", text(&init));
}

#[tokio::test]
async fn pg_kea_made_database_is_read_and_never_reinitialised() {
    kea_made(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_kea_made_database_is_read_and_never_reinitialised() {
    kea_made(SqlKind::Mysql).await;
}

async fn refuses_foreign_tables(kind: SqlKind) {
    let db = TestDb::create(kind).await;
    db.execute("CREATE TABLE not_kea (x INT)").await;
    let init = ruru_admin("db-init", kind, &db.name, &[]);
    assert_eq!(init.status.code(), Some(1), "{}", text(&init));
    let err = String::from_utf8_lossy(&init.stderr);
    assert!(err.contains("expected an empty database"), "{err}");
    assert!(err.contains("not_kea"), "{err}");
}

#[tokio::test]
async fn pg_db_init_refuses_a_database_with_other_tables() {
    refuses_foreign_tables(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_db_init_refuses_a_database_with_other_tables() {
    refuses_foreign_tables(SqlKind::Mysql).await;
}

/// Leases as ruru writes them, covering the CSV escapes and identifiers.
fn ruru_leases() -> Vec<Lease4> {
    let mut a = lease(10, 1, 1);
    a.hostname = "host,one".into();
    a.fqdn_fwd = true;
    a.user_context = serde_json::json!({"k": [1, 2], "s": "x,y"})
        .as_object()
        .cloned();
    let mut b = lease(11, 2, 2);
    b.client_id = None;
    b.state = LeaseState::ExpiredReclaimed;
    let mut c = lease(200, 3, 1);
    c.hwaddr.clear();
    c.fqdn_rev = true;
    let mut d = lease(12, 4, 1);
    d.hwaddr.clear();
    d.client_id = None;
    d.state = LeaseState::Declined;
    vec![a, b, c, d]
}

async fn add_all(kind: SqlKind, db: &TestDb, leases: &[Lease4]) {
    match kind {
        SqlKind::Postgresql => {
            let s = PgLeaseStore::connect(&db.config()).await.expect("connect");
            for l in leases {
                assert!(s.add4(l).await.expect("add4"), "{l:?}");
            }
        }
        SqlKind::Mysql => {
            let s = MysqlLeaseStore::connect(&db.config())
                .await
                .expect("connect");
            for l in leases {
                assert!(s.add4(l).await.expect("add4"), "{l:?}");
            }
        }
    }
}

fn load(path: &Path) -> (LeaseMap, LoadReport) {
    let mut map = LeaseMap::new();
    let mut report = LoadReport::default();
    load_file(path, &mut map, 0, &mut report).expect("memfile loader");
    (map, report)
}

/// Runs Kea's lease file cleanup (`kea-lfc -4`, Kea's memfile loader and writer)
/// over a copy of `path`, requires it to read every row without error, and
/// returns what ruru's loader reads from the file Kea wrote.
fn kea_lfc_round_trip(path: &Path) -> LeaseMap {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("leases4.csv.1");
    std::fs::copy(path, &input).expect("copy dump");
    let config = dir.path().join("kea.json");
    std::fs::write(&config, r#"{"Dhcp4": {}}"#).expect("write config");
    let previous = dir.path().join("leases4.csv.2");
    let o = Command::new("kea-lfc")
        // Kea's logger lock lives in /run/kea, which only Kea's service creates.
        .env("KEA_LOCKFILE_DIR", dir.path())
        .arg("-4")
        .arg("-x")
        .arg(&previous)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("leases4.csv.output"))
        .arg("-f")
        .arg(dir.path().join("leases4.csv.completed"))
        .arg("-p")
        .arg(dir.path().join("leases4.csv.pid"))
        .arg("-c")
        .arg(&config)
        .arg("-d")
        .output()
        .expect("kea-lfc is not installed (apt-get install kea-common)");
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    let (rows, lines) = {
        let text = std::fs::read_to_string(path).expect("dump");
        let n = text.lines().count() - 1;
        (n, text)
    };
    assert!(
        out.contains(&format!(
            "LFC_READ_STATS Leases: {rows}, attempts: {}, errors: 0.",
            rows + 1
        )),
        "Kea could not read every row:\n{out}\n{lines}"
    );
    let (map, report) = load(&previous);
    assert_eq!(report.errors, 0, "{report:?}");
    map
}

/// ruru's escaping of `&` (memfile rule) undone, for comparison with Kea's dump,
/// which escapes only commas.
fn kea_escaping(line: &str) -> String {
    line.replace("&#x26", "&")
}

async fn dump_matches_kea(kind: SqlKind, db: TestDb) {
    let leases = ruru_leases();
    add_all(kind, &db, &leases).await;
    // A row as Kea writes it: JSON context with spaces, '&' in the hostname.
    db.execute(
        "INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, \
         fqdn_fwd, fqdn_rev, hostname, state, user_context) VALUES (3221226085, \
         x'0a0b0c0d0e0f', NULL, 7200, '2030-01-01 00:00:00', 9, false, true, 'a&b', 0, \
         '{ \"comment\": \"made, by Kea\" }')"
            .replace(
                "x'0a0b0c0d0e0f'",
                match kind {
                    SqlKind::Postgresql => "'\\x0a0b0c0d0e0f'::bytea",
                    SqlKind::Mysql => "x'0a0b0c0d0e0f'",
                },
            )
            .replace(
                "'2030-01-01 00:00:00'",
                match kind {
                    SqlKind::Postgresql => "to_timestamp(1893456000)",
                    SqlKind::Mysql => "FROM_UNIXTIME(1893456000)",
                },
            )
            .as_str(),
    )
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let ours_path = dir.path().join("ruru.csv");
    let kea_path = dir.path().join("kea.csv");
    let ours = ruru_admin(
        "lease-dump",
        kind,
        &db.name,
        &["-4", "-o", ours_path.to_str().expect("utf-8 path")],
    );
    assert!(ours.status.success(), "{}", text(&ours));
    let kea = kea_admin(
        "lease-dump",
        kind,
        &db.name,
        &["-4", "-o", kea_path.to_str().expect("utf-8 path")],
    );
    assert!(kea.status.success(), "{}", text(&kea));
    let ours_text = std::fs::read_to_string(&ours_path).expect("ruru dump");
    let kea_text = std::fs::read_to_string(&kea_path).expect("kea dump");
    assert!(ours_text.contains("a&#x26b"), "{ours_text}");
    let ours_lines: Vec<String> = ours_text.lines().map(kea_escaping).collect();
    let kea_lines: Vec<String> = kea_text.lines().map(str::to_string).collect();
    assert_eq!(
        ours_lines, kea_lines,
        "ruru:\n{ours_text}\nkea:\n{kea_text}"
    );
    assert_eq!(ours_lines.len(), 1 + leases.len() + 1);

    // The dump is a lease file: ruru's memfile loader gets the same leases back.
    let (map, report) = load(&ours_path);
    assert_eq!(report.errors, 0, "{report:?}");
    for l in &leases {
        assert_eq!(map.get(&l.address), Some(l), "{}", l.address);
    }
    let kea_row = &map[&Ipv4Addr::new(192, 0, 2, 101)];
    assert_eq!(kea_row.hostname, "a&b");
    assert_eq!(kea_row.cltt, 1_893_456_000 - 7200);
    assert_eq!(
        kea_row.user_context.as_ref().and_then(|c| c.get("comment")),
        Some(&serde_json::json!("made, by Kea"))
    );

    // Kea's dump loads to the same leases in ruru's loader.
    let (kea_map, report) = load(&kea_path);
    assert_eq!(report.errors, 0, "{report:?}");
    assert_eq!(kea_map, map);

    // Kea's own memfile loader (kea-lfc) reads ruru's dump without errors and
    // writes back the same leases.
    assert_eq!(kea_lfc_round_trip(&ours_path), map);

    // An existing output file is kept unless -y is given.
    let again = ruru_admin(
        "lease-dump",
        kind,
        &db.name,
        &["-4", "-o", ours_path.to_str().expect("utf-8 path")],
    );
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    let forced = ruru_admin(
        "lease-dump",
        kind,
        &db.name,
        &["-4", "-y", "-o", ours_path.to_str().expect("utf-8 path")],
    );
    assert!(forced.status.success(), "{}", text(&forced));
}

#[tokio::test]
async fn pg_lease_dump_equals_kea_admin_lease_dump_and_loads_as_memfile() {
    let db = TestDb::with_kea_schema(SqlKind::Postgresql).await;
    dump_matches_kea(SqlKind::Postgresql, db).await;
}

#[tokio::test]
async fn mysql_lease_dump_equals_kea_admin_lease_dump_and_loads_as_memfile() {
    let db = TestDb::with_kea_schema(SqlKind::Mysql).await;
    dump_matches_kea(SqlKind::Mysql, db).await;
}

// On a database ruru-admin created, Kea's own tool works too: ruru's schema
// has the routines kea-admin lease-dump calls.
#[tokio::test]
async fn pg_kea_admin_lease_dump_reads_a_ruru_made_database() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    dump_matches_kea(SqlKind::Postgresql, db).await;
}

#[tokio::test]
async fn mysql_kea_admin_lease_dump_reads_a_ruru_made_database() {
    let db = TestDb::with_ruru_schema(SqlKind::Mysql).await;
    dump_matches_kea(SqlKind::Mysql, db).await;
}

/// kea-admin lease-upload into a ruru-made database puts back exactly the
/// leases a dump took out (Kea's upload routines exist in ruru's schema).
async fn kea_admin_lease_upload_into_a_ruru_made_database(kind: SqlKind) {
    let from = TestDb::with_ruru_schema(kind).await;
    let leases = ruru_leases();
    add_all(kind, &from, &leases).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = dir.path().join("dump.csv");
    let out = kea_admin(
        "lease-dump",
        kind,
        &from.name,
        &["-4", "-o", dump.to_str().expect("utf-8 path")],
    );
    assert!(out.status.success(), "{}", text(&out));
    let to = TestDb::with_ruru_schema(kind).await;
    let up = kea_admin(
        "lease-upload",
        kind,
        &to.name,
        &["-4", "-i", dump.to_str().expect("utf-8 path")],
    );
    assert!(up.status.success(), "{}", text(&up));
    let again = dir.path().join("again.csv");
    let out = ruru_admin(
        "lease-dump",
        kind,
        &to.name,
        &["-4", "-o", again.to_str().expect("utf-8 path")],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (map, report) = load(&again);
    assert_eq!(report.errors, 0, "{report:?}");
    assert_eq!(map.len(), leases.len());
    for l in &leases {
        assert_eq!(map.get(&l.address), Some(l), "{}", l.address);
    }
}

#[tokio::test]
async fn pg_kea_admin_lease_upload_into_a_ruru_made_database() {
    kea_admin_lease_upload_into_a_ruru_made_database(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_kea_admin_lease_upload_into_a_ruru_made_database() {
    kea_admin_lease_upload_into_a_ruru_made_database(SqlKind::Mysql).await;
}

async fn infinite_lease_round_trips(kind: SqlKind) {
    let db = TestDb::with_ruru_schema(kind).await;
    let mut l = lease(50, 9, 3);
    l.valid_lifetime = INFINITE_LIFETIME;
    add_all(kind, &db, std::slice::from_ref(&l)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("leases4.csv");
    let out = ruru_admin(
        "lease-dump",
        kind,
        &db.name,
        &["-4", "-o", path.to_str().expect("utf-8 path")],
    );
    assert!(out.status.success(), "{}", text(&out));
    // The memfile form (expire = cltt + valid), not the database's (expire = cltt).
    let (map, report) = load(&path);
    assert_eq!(report.errors, 0, "{report:?}");
    assert_eq!(map.get(&l.address), Some(&l));
    assert_eq!(kea_lfc_round_trip(&path), map, "Kea reads it the same way");
}

#[tokio::test]
async fn pg_infinite_lease_dumps_in_memfile_form() {
    infinite_lease_round_trips(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_infinite_lease_dumps_in_memfile_form() {
    infinite_lease_round_trips(SqlKind::Mysql).await;
}

/// `lease4_stat` rows (subnet, state, leases) with a non-zero count.
async fn lease4_stats(db: &TestDb) -> Vec<(u32, u32, i64)> {
    const SQL: &str = "SELECT subnet_id, state, leases FROM lease4_stat WHERE leases <> 0 \
                       ORDER BY subnet_id, state";
    match db.kind {
        SqlKind::Postgresql => {
            let (client, conn) = tokio_postgres::Config::new()
                .host(HOST)
                .port(PG_PORT)
                .user("postgres")
                .dbname(&db.name)
                .connect(tokio_postgres::NoTls)
                .await
                .expect("PostgreSQL test database (service postgresql start)");
            tokio::spawn(conn);
            client
                .query(SQL, &[])
                .await
                .expect("select lease4_stat")
                .iter()
                .map(|r| {
                    let n = |i| u32::try_from(r.get::<_, i64>(i)).expect("u32");
                    (n(0), n(1), r.get::<_, i64>(2))
                })
                .collect()
        }
        SqlKind::Mysql => {
            use mysql_async::prelude::Queryable;
            let mut c = mysql_async::Conn::new(
                mysql_async::OptsBuilder::default()
                    .ip_or_hostname(HOST)
                    .tcp_port(MYSQL_PORT)
                    .user(Some("root"))
                    .db_name(Some(db.name.clone()))
                    .prefer_socket(false),
            )
            .await
            .expect("MariaDB test database (service mariadb start)");
            c.query(SQL).await.expect("select lease4_stat")
        }
    }
}

async fn recount(kind: SqlKind) {
    let db = TestDb::with_ruru_schema(kind).await;
    add_all(kind, &db, &ruru_leases()).await;
    // Default and declined leases count; expired-reclaimed ones do not.
    let expected = vec![(1, 0, 2), (1, 1, 1)];
    assert_eq!(lease4_stats(&db).await, expected);
    db.execute("UPDATE lease4_stat SET leases = 99").await;
    db.execute("INSERT INTO lease4_stat (subnet_id, state, leases) VALUES (77, 0, 5)")
        .await;
    let o = ruru_admin("stats-recount", kind, &db.name, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(lease4_stats(&db).await, expected);
    // Kea's recount leaves the same numbers.
    let o = kea_admin("stats-recount", kind, &db.name, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(lease4_stats(&db).await, expected);
}

#[tokio::test]
async fn pg_stats_recount_rebuilds_lease4_stat_like_kea() {
    recount(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_stats_recount_rebuilds_lease4_stat_like_kea() {
    recount(SqlKind::Mysql).await;
}

fn assert_fails_naming(o: &Output, backend: &str, words: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", text(o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("ERROR/ruru-admin: "), "{}", text(o));
    assert!(err.contains(backend), "{}", text(o));
    assert!(err.contains(words), "{}", text(o));
}

#[tokio::test]
async fn pg_bad_user_and_unknown_database_fail_naming_the_backend() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    // The test server trusts 127.0.0.1, so a bad login is an unknown role.
    let o = Command::new(ADMIN)
        .args(["db-version", "pgsql", "-h", HOST, "-u", "no_such_role"])
        .args(["-p", "x", "-n", &db.name])
        .output()
        .expect("run ruru-admin");
    assert_fails_naming(&o, "postgresql", "no_such_role");
    let o = ruru_admin("db-version", SqlKind::Postgresql, "no_such_db_ruru", &[]);
    assert_fails_naming(&o, "postgresql", "no_such_db_ruru");
    let o = ruru_admin("db-init", SqlKind::Postgresql, "no_such_db_ruru", &[]);
    assert_fails_naming(&o, "postgresql", "does not exist");
}

#[tokio::test]
async fn mysql_bad_password_and_unknown_database_fail_naming_the_backend() {
    let db = TestDb::with_ruru_schema(SqlKind::Mysql).await;
    let o = Command::new(ADMIN)
        .args(["db-version", "mysql", "-h", HOST, "-u", "root"])
        .args(["-p", "wrong-password", "-n", &db.name])
        .output()
        .expect("run ruru-admin");
    assert_fails_naming(&o, "mysql", "Access denied");
    let o = ruru_admin("db-version", SqlKind::Mysql, "no_such_db_ruru", &[]);
    assert_fails_naming(&o, "mysql", "no_such_db_ruru");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("out.csv");
    let o = ruru_admin(
        "lease-dump",
        SqlKind::Mysql,
        "no_such_db_ruru",
        &["-4", "-o", path.to_str().expect("utf-8 path")],
    );
    assert_fails_naming(&o, "mysql", "Unknown database");
    assert!(!path.exists(), "no output file after a failed dump");
}

#[test]
fn unreachable_server_fails_promptly_naming_the_backend() {
    let started = std::time::Instant::now();
    let o = Command::new(ADMIN)
        .args(["db-version", "pgsql", "-h", "127.0.0.1", "-P", "1"])
        .args(["-u", "postgres", "-n", "kea"])
        .output()
        .expect("run ruru-admin");
    assert_fails_naming(&o, "postgresql", "127.0.0.1:1");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn usage_errors_exit_2_or_explain() {
    let o = Command::new(ADMIN)
        .args(["db-frobnicate", "pgsql"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = Command::new(ADMIN)
        .args(["lease-dump", "mysql", "-n", "x", "-o", "/nonexistent/x.csv"])
        .output()
        .expect("run");
    assert_fails_naming(&o, "lease-dump", "-4");
    let o = Command::new(ADMIN)
        .args(["lease-dump", "mysql", "-4", "-6", "-o", "x.csv"])
        .output()
        .expect("run");
    assert_fails_naming(&o, "lease-dump", "-4 or -6");
}

async fn from_config(kind: SqlKind) {
    let db = TestDb::with_ruru_schema(kind).await;
    let (_, user, _, port) = backend(kind);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kea-dhcp4.conf");
    // A Kea config with a comment and a trailing comma, as Kea accepts them.
    std::fs::write(
        &path,
        format!(
            "// Kea configuration\n{{\"Dhcp4\": {{\"lease-database\": {{\"type\": \"{}\", \
             \"name\": \"{}\", \"host\": \"{HOST}\", \"port\": {port}, \"user\": \"{user}\",}},\
             \"subnet4\": []}}}}",
            kind.name(),
            db.name
        ),
    )
    .expect("write config");
    let o = Command::new(ADMIN)
        .args(["db-version", "-c"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(stdout(&o).trim(), expected_version(kind));
    let other = match kind {
        SqlKind::Postgresql => "mysql",
        SqlKind::Mysql => "pgsql",
    };
    let o = Command::new(ADMIN)
        .args(["db-version", other, "-c"])
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

#[tokio::test]
async fn pg_connection_from_a_kea_config_file() {
    from_config(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_connection_from_a_kea_config_file() {
    from_config(SqlKind::Mysql).await;
}
