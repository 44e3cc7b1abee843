//! The DHCPv6 lease backend battery on memfile (persisted in a temp dir, and
//! memory-only) and on PostgreSQL and MySQL (databases made by ruru's migrations
//! and by Kea's `kea-admin db-init`); what the v6 lease file looks like on disk
//! (Kea's lease6 CSV, reloaded after a restart and readable by `kea-lfc -6`); and
//! lease6 rows ruru writes to SQL read back by `kea-admin lease-dump -6`.

use std::path::Path;
use std::process::Command;

use crate::support::db::{mysql_store, pg_store, TestDb};
use crate::support::lease6_battery::{
    lease6, lease6_sql_store_battery, lease6_store_battery, prefix6,
};
use ruru::backends::lease6::LeaseType;
use ruru::backends::memfile::{Memfile6Store, MemfileConfig, MemfileError};
use ruru::backends::sql::{MysqlLeaseStore, PgLeaseStore};
use ruru::backends::Lease6Store;
use ruru::config::model::SqlKind;

/// Opens the DHCPv6 memfile on lease file `path` (persisted).
fn open6(
    path: &Path,
    max_row_errors: u32,
) -> Result<(Memfile6Store, ruru::backends::memfile::LoadReport), MemfileError> {
    Memfile6Store::open(&MemfileConfig {
        persist: true,
        path: path.to_path_buf(),
        lfc_interval: 0,
        max_row_errors,
    })
}

async fn memfile6_persisted() -> (Memfile6Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = open6(&dir.path().join("kea-leases6.csv"), 0).expect("open");
    (store, dir)
}

async fn memfile6_in_memory() -> (Memfile6Store, ()) {
    (Memfile6Store::in_memory(), ())
}

/// A PostgreSQL store on a database made by Kea 2.2's `kea-admin db-init`.
async fn pg_store_on_kea_schema() -> (PgLeaseStore, TestDb) {
    let db = TestDb::with_kea_schema(SqlKind::Postgresql).await;
    let store = PgLeaseStore::connect(&db.config()).await.expect("connect");
    (store, db)
}

/// A MySQL store on a database made by Kea 2.2's `kea-admin db-init`.
async fn mysql_store_on_kea_schema() -> (MysqlLeaseStore, TestDb) {
    let db = TestDb::with_kea_schema(SqlKind::Mysql).await;
    let store = MysqlLeaseStore::connect(&db.config())
        .await
        .expect("connect");
    (store, db)
}

lease6_store_battery!(memfile6, memfile6_persisted);
lease6_store_battery!(memfile6_in_memory, memfile6_in_memory);
lease6_sql_store_battery!(postgresql6, pg_store);
lease6_sql_store_battery!(mysql6, mysql_store);
lease6_sql_store_battery!(postgresql6_kea_schema, pg_store_on_kea_schema);
lease6_sql_store_battery!(mysql6_kea_schema, mysql_store_on_kea_schema);

/// `kea-admin lease-dump <backend> -6` of `db` (the test servers' credentials).
fn kea_lease_dump6(db: &TestDb, out: &Path) -> String {
    let (backend, user, password) = match db.kind {
        SqlKind::Postgresql => ("pgsql", "postgres", "unused"),
        SqlKind::Mysql => ("mysql", "root", ""),
    };
    let o = Command::new("kea-admin")
        .args(["lease-dump", backend, "-6", "-h", crate::support::db::HOST])
        .args(["-u", user, "-p", password, "-n", &db.name, "-o"])
        .arg(out)
        .output()
        .expect("kea-admin is not installed (apt-get install kea-admin)");
    assert!(
        o.status.success(),
        "kea-admin lease-dump -6 failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(out).expect("kea-admin's dump file")
}

/// ruru writes an address and a prefix lease; Kea's `lease-dump -6` lists both
/// with Kea's values, and ruru's memfile loader reads Kea's dump back equal.
async fn kea_dumps_the_lease6_rows_ruru_writes<S: Lease6Store>(store: S, db: TestDb) {
    let mut na = lease6(1, 1, 1);
    na.hostname = "host.example.org".into();
    na.hwaddr = vec![2, 0, 0, 0, 0, 1];
    na.iaid = 0xdead_beef;
    let pd = prefix6(1, 2, 1);
    assert!(store.add6(&na).await.expect("add na"));
    assert!(store.add6(&pd).await.expect("add pd"));
    let dir = tempfile::tempdir().expect("tempdir");
    let dump = dir.path().join("dump6.csv");
    let text = kea_lease_dump6(&db, &dump);
    assert_eq!(text.lines().next(), Some(HEADER6), "{text}");
    assert!(
        text.contains(&format!(
            "2001:db8::1,00:03:00:01:02:00:00:00:00:01,3600,{},1,1800,0,{},128,0,0,host.example.org,02:00:00:00:00:01,0,",
            crate::support::lease6_battery::CLTT + 3600,
            // PostgreSQL keeps the IAID as a signed INT (Kea's bit-cast).
            if db.kind == SqlKind::Postgresql { (0xdead_beef_u32 as i32).to_string() } else { 0xdead_beef_u32.to_string() }
        )),
        "{text}"
    );
    assert!(
        text.contains("2001:db8:100::,00:03:00:01:02:00:00:00:00:02,3600,"),
        "{text}"
    );
    if db.kind == SqlKind::Mysql {
        // A memfile-ready CSV: ruru's loader takes it whole (PostgreSQL's dump
        // prints the IAID signed, which no memfile loader accepts).
        let (back, report) = open6(&dump, 0).expect("load Kea's dump");
        assert_eq!((report.errors, back.len()), (0, 2), "{text}");
        assert_eq!(
            back.get6(LeaseType::Pd, pd.address).await.expect("get"),
            Some(pd)
        );
    }
}

/// `ruru-admin lease-dump <backend> -6` of `db` into `out`.
fn ruru_lease_dump6(db: &TestDb, out: &Path) -> String {
    let (backend, user, port) = match db.kind {
        SqlKind::Postgresql => ("pgsql", "postgres", crate::support::db::PG_PORT),
        SqlKind::Mysql => ("mysql", "root", crate::support::db::MYSQL_PORT),
    };
    let o = Command::new(env!("CARGO_BIN_EXE_ruru-admin"))
        .args(["lease-dump", backend, "-6", "-h", crate::support::db::HOST])
        .args([
            "-P",
            &port.to_string(),
            "-u",
            user,
            "-p",
            "",
            "-n",
            &db.name,
            "-o",
        ])
        .arg(out)
        .output()
        .expect("run ruru-admin");
    assert!(
        o.status.success(),
        "ruru-admin lease-dump -6 failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(out).expect("ruru-admin's dump file")
}

/// ruru-admin's and kea-admin's `lease-dump -6` of one MySQL database load
/// (through Kea's memfile rules) into the same leases.
#[tokio::test]
async fn ruru_admin_lease_dump_6_holds_what_kea_admin_dumps() {
    let (store, db) = mysql_store_on_kea_schema().await;
    let mut na = lease6(1, 1, 1);
    na.hostname = "a,b".into();
    na.user_context = serde_json::from_str(r#"{"k":"v,w"}"#).expect("json");
    for l in [na, prefix6(1, 2, 1), lease6(0x20, 3, 2)] {
        assert!(store.add6(&l).await.expect("add"));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let ours = dir.path().join("ruru").join("dump6.csv");
    let kea = dir.path().join("kea").join("dump6.csv");
    std::fs::create_dir_all(ours.parent().expect("dir")).expect("mkdir");
    std::fs::create_dir_all(kea.parent().expect("dir")).expect("mkdir");
    let text = ruru_lease_dump6(&db, &ours);
    assert_eq!(text.lines().next(), Some(HEADER6), "{text}");
    kea_lease_dump6(&db, &kea);
    let (ours, r1) = open6(&ours, 0).expect("load ruru's dump");
    let (kea, r2) = open6(&kea, 0).expect("load Kea's dump");
    assert_eq!((r1.errors, r2.errors, ours.len()), (0, 0, 3));
    assert_eq!(
        ours.get6_all(None).await.expect("all"),
        kea.get6_all(None).await.expect("all")
    );
}

#[tokio::test]
async fn kea_admin_lease_dump_6_reads_what_ruru_writes_to_postgresql() {
    let (store, db) = pg_store_on_kea_schema().await;
    kea_dumps_the_lease6_rows_ruru_writes(store, db).await;
}

#[tokio::test]
async fn kea_admin_lease_dump_6_reads_what_ruru_writes_to_mysql() {
    let (store, db) = mysql_store_on_kea_schema().await;
    kea_dumps_the_lease6_rows_ruru_writes(store, db).await;
}

#[tokio::test]
async fn kea_admin_lease_dump_6_reads_ruru_made_postgresql_and_mysql_databases() {
    let (store, db) = pg_store().await;
    kea_dumps_the_lease6_rows_ruru_writes(store, db).await;
    let (store, db) = mysql_store().await;
    kea_dumps_the_lease6_rows_ruru_writes(store, db).await;
}

const HEADER6: &str = "address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source";

#[tokio::test]
async fn leases_survive_a_restart_and_deletes_are_journalled_as_zero_lifetimes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kea-leases6.csv");
    {
        let (s, _) = open6(&path, 0).expect("open");
        assert!(s.add6(&lease6(1, 1, 1)).await.expect("add"));
        assert!(s.add6(&prefix6(1, 2, 1)).await.expect("add"));
        assert!(s.add6(&lease6(2, 3, 1)).await.expect("add"));
        assert!(s
            .delete6(LeaseType::Na, lease6(2, 3, 1).address)
            .await
            .expect("delete"));
    }
    let text = std::fs::read_to_string(&path).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], HEADER6);
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines[4].starts_with("2001:db8::2,00:03:00:01:02:00:00:00:00:03,0,"),
        "{text}"
    );
    let (s, report) = open6(&path, 0).expect("reopen");
    assert_eq!(report.leases, 2);
    assert_eq!(
        s.get6(LeaseType::Pd, prefix6(1, 2, 1).address)
            .await
            .expect("get"),
        Some(prefix6(1, 2, 1))
    );
    assert_eq!(
        s.get6(LeaseType::Na, lease6(2, 3, 1).address)
            .await
            .expect("get"),
        None
    );
}

#[tokio::test]
async fn bad_rows_are_skipped_and_too_many_fail_the_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kea-leases6.csv");
    std::fs::write(
        &path,
        format!("{HEADER6}\nnot-an-address,00:01,1,1,1,1,0,1,128,0,0,,,0,,,\n2001:db8::1,00:01:02,3600,1700003600,1,1800,0,1,128,0,0,,,0,,,\n"),
    )
    .expect("write");
    let (s, report) = open6(&path, 0).expect("lenient load");
    assert_eq!((report.rows, report.errors, s.len()), (2, 1, 1));
    drop(s);
    std::fs::write(&path, format!("{HEADER6}\nx,1\ny,2\n")).expect("write");
    assert!(open6(&path, 1).is_err());
}

fn kea_lfc() -> &'static Path {
    ["/usr/sbin/kea-lfc", "/usr/bin/kea-lfc"]
        .iter()
        .map(Path::new)
        .find(|p| p.exists())
        .expect("kea-lfc is not installed (apt-get install kea-common)")
}

#[tokio::test]
async fn kea_lfc_reads_the_v6_lease_file_ruru_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kea-leases6.csv");
    {
        let (s, _) = open6(&path, 0).expect("open");
        let mut l = lease6(1, 1, 1);
        l.hostname = "a,b".into();
        l.hwaddr = vec![2, 0, 0, 0, 0, 1];
        assert!(s.add6(&l).await.expect("add"));
        assert!(s.add6(&prefix6(1, 2, 1)).await.expect("add"));
        let mut l2 = lease6(1, 1, 1);
        l2.valid_lifetime = 7200;
        assert!(s.update6(&l2).await.expect("update"));
    }
    let cfg = dir.path().join("kea.json");
    std::fs::write(&cfg, r#"{"Dhcp6": {}}"#).expect("config");
    let previous = dir.path().join("leases6.csv.2");
    let o = Command::new(kea_lfc())
        .arg("-6")
        .arg("-x")
        .arg(&previous)
        .arg("-i")
        .arg(&path)
        .arg("-o")
        .arg(dir.path().join("leases6.csv.output"))
        .arg("-f")
        .arg(dir.path().join("leases6.csv.completed"))
        .arg("-p")
        .arg(dir.path().join("leases6.csv.pid"))
        .arg("-c")
        .arg(&cfg)
        .arg("-d")
        // Kea's logger lock lives in /run/kea, which only Kea's service creates.
        .env("KEA_LOCKFILE_DIR", dir.path())
        .output()
        .expect("run kea-lfc");
    let log = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{log}");
    assert!(
        log.contains("LFC_READ_STATS Leases: 3, attempts: 4, errors: 0."),
        "Kea could not read every row:\n{log}"
    );
    let done = std::fs::read_to_string(&previous).expect("kea-lfc output");
    let rows: Vec<&str> = done.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{done}");
    assert!(
        done.contains("2001:db8::1,00:03:00:01:02:00:00:00:00:01,7200,"),
        "{done}"
    );
    assert!(done.contains("2001:db8:100::,"), "{done}");
    // And ruru reads Kea's output back.
    let (s, report) = open6(&previous, 0).expect("load kea output");
    assert_eq!((report.errors, s.len()), (0, 2));
}

#[tokio::test]
async fn lease_file_cleanup_keeps_the_live_leases_in_f2_and_a_restart_reads_f2_then_f() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kea-leases6.csv");
    let (s, _) = open6(&path, 0).expect("open");
    let mut l = lease6(1, 1, 1);
    assert!(s.add6(&l).await.expect("add"));
    for v in [100, 200, 300] {
        l.valid_lifetime = v;
        assert!(s.update6(&l).await.expect("update"));
    }
    assert!(s.add6(&lease6(2, 2, 1)).await.expect("add"));
    assert!(s
        .delete6(LeaseType::Na, lease6(2, 2, 1).address)
        .await
        .expect("delete"));
    assert_eq!(s.run_lfc().await.expect("lfc").leases_written, 1);
    let previous = std::fs::read_to_string(dir.path().join("kea-leases6.csv.2")).expect("F.2");
    assert_eq!(
        previous.lines().count(),
        2,
        "header and one lease: {previous}"
    );
    assert!(
        previous.contains("2001:db8::1,00:03:00:01:02:00:00:00:00:01,300,"),
        "{previous}"
    );
    assert!(!dir.path().join("kea-leases6.csv.1").exists());
    assert!(!dir.path().join("kea-leases6.csv.pid").exists());
    // Writes after the cleanup go to a fresh F.
    assert!(s.add6(&prefix6(1, 3, 1)).await.expect("add"));
    drop(s);
    let (s, report) = open6(&path, 0).expect("reopen");
    assert_eq!(report.leases, 2);
    assert_eq!(
        s.get6(LeaseType::Na, lease6(1, 1, 1).address)
            .await
            .expect("get")
            .map(|l| l.valid_lifetime),
        Some(300)
    );
}

#[tokio::test]
async fn an_interrupted_cleanup_is_finished_by_the_next_run_and_its_files_load_at_startup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kea-leases6.csv");
    {
        let (s, _) = open6(&path, 0).expect("open");
        assert!(s.add6(&lease6(1, 1, 1)).await.expect("add"));
    }
    // As if a cleanup stopped right after rotating F to F.1.
    std::fs::rename(&path, dir.path().join("kea-leases6.csv.1")).expect("rotate");
    let (s, report) = open6(&path, 0).expect("open after crash");
    assert_eq!(report.leases, 1, "F.1 is loaded");
    assert!(s.add6(&lease6(2, 2, 1)).await.expect("add"));
    assert_eq!(
        s.run_lfc().await.expect("lfc").leases_written,
        1,
        "resumes: compacts F.1 only, F stays"
    );
    drop(s);
    let (_, report) = open6(&path, 0).expect("reopen");
    assert_eq!(report.leases, 2);
}

/// `count6_by_subnet`: counts per subnet, lease type and state, as Kea's
/// `lease6_stat`; SQL stores read that table rather than the leases.
mod count6_by_subnet {
    use crate::support::db::{mysql_store, pg_store, TestDb};
    use crate::support::lease6_battery::{lease6, prefix6};
    use ruru::backends::lease::LeaseState;
    use ruru::backends::lease6::LeaseType;
    use ruru::backends::memfile::Memfile6Store;
    use ruru::backends::Lease6Store;

    /// Addresses and prefixes in two subnets, in all three states.
    async fn fill<S: Lease6Store>(s: &S) {
        let mut declined = lease6(3, 3, 1);
        declined.state = LeaseState::Declined;
        let mut reclaimed = lease6(4, 4, 2);
        reclaimed.state = LeaseState::ExpiredReclaimed;
        for l in [
            lease6(1, 1, 1),
            lease6(2, 2, 1),
            declined,
            reclaimed,
            prefix6(1, 5, 2),
        ] {
            assert!(s.add6(&l).await.unwrap(), "add {}", l.address);
        }
    }

    async fn counts<S: Lease6Store>(s: &S) -> Vec<(u32, LeaseType, u32, i64)> {
        let mut c = s.count6_by_subnet().await.unwrap();
        c.sort_unstable();
        c
    }

    /// Expired-reclaimed leases are not counted (as Kea's stat triggers).
    const EXPECTED: [(u32, LeaseType, u32, i64); 3] = [
        (1, LeaseType::Na, 0, 2),
        (1, LeaseType::Na, 1, 1),
        (2, LeaseType::Pd, 0, 1),
    ];

    #[tokio::test]
    async fn memfile_counts_per_subnet_type_and_state() {
        let s = Memfile6Store::in_memory();
        fill(&s).await;
        assert_eq!(counts(&s).await, EXPECTED);
    }

    #[tokio::test]
    async fn postgresql_counts_per_subnet_type_and_state() {
        let (s, _db) = pg_store().await;
        fill(&s).await;
        assert_eq!(counts(&s).await, EXPECTED);
    }

    #[tokio::test]
    async fn mysql_counts_per_subnet_type_and_state() {
        let (s, _db) = mysql_store().await;
        fill(&s).await;
        assert_eq!(counts(&s).await, EXPECTED);
    }

    /// A count changed in `lease6_stat` by hand is what the store reports.
    async fn reads_the_stat_table<S: Lease6Store>(s: &S, db: &TestDb) {
        fill(s).await;
        db.execute(
            "UPDATE lease6_stat SET leases = 42 WHERE subnet_id = 2 AND lease_type = 2 AND state = 0",
        )
        .await;
        assert!(counts(s).await.contains(&(2, LeaseType::Pd, 0, 42)));
    }

    #[tokio::test]
    async fn postgresql_reads_lease6_stat() {
        let (s, db) = pg_store().await;
        reads_the_stat_table(&s, &db).await;
    }

    #[tokio::test]
    async fn mysql_reads_lease6_stat() {
        let (s, db) = mysql_store().await;
        reads_the_stat_table(&s, &db).await;
    }
}
