//! Memfile specifics: Kea's CSV format on disk, startup load rules, crash tolerance,
//! Lease File Cleanup (and its recovery at every crash point), and interoperability with
//! Kea's own `kea-lfc`. Every test works in its own temp dir.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use ruru::backends::lease::{Lease4, LeaseState, INFINITE_LIFETIME};
use ruru::backends::lease6::Lease6;
use ruru::backends::memfile::Memfile6Store;
use ruru::backends::memfile::{
    LfcReport, LfcStep, LoadReport, MemfileConfig, MemfileError, MemfileStore,
};
use ruru::backends::Lease6Store;
use ruru::backends::LeaseStore;

use crate::support::lease6_battery::lease6;
use crate::support::memfile_battery::{memfile_journal_battery, JournalFamily, Loaded};

const HEADER: &str = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context";
const KEA_LFC: &str = "/usr/sbin/kea-lfc";

fn cfg(dir: &Path) -> MemfileConfig {
    MemfileConfig {
        persist: true,
        path: dir.join("kea-leases4.csv"),
        lfc_interval: 0,
        max_row_errors: 0,
    }
}

fn open(dir: &Path) -> (MemfileStore, LoadReport) {
    MemfileStore::open(&cfg(dir)).expect("open memfile")
}

fn lease_file(dir: &Path) -> PathBuf {
    dir.join("kea-leases4.csv")
}

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    dir.join(format!("kea-leases4.csv{suffix}"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write test file");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read lease file")
}

fn lease(n: u16) -> Lease4 {
    let [hi, lo] = n.to_be_bytes();
    Lease4 {
        address: Ipv4Addr::new(10, 0, hi, lo),
        hwaddr: vec![2, 0, 0, 0, hi, lo],
        client_id: Some(vec![1, 2, 0, 0, 0, hi, lo]),
        valid_lifetime: 3600,
        cltt: 1_700_000_000 + i64::from(n),
        subnet_id: 1 + u32::from(n % 3),
        fqdn_fwd: n.is_multiple_of(2),
        fqdn_rev: n.is_multiple_of(5),
        hostname: format!("host-{n}.example.org"),
        state: LeaseState::Default,
        user_context: None,
    }
}

/// A mixed population: plain, odd hostnames, user context, declined, infinite, reclaimed.
fn varied_leases() -> Vec<Lease4> {
    let mut v: Vec<Lease4> = (1..=20).map(lease).collect();
    v[1].hostname = "comma,amp&host,&#x2c".into();
    v[2].user_context =
        serde_json::from_str(r#"{"ISC":{"relay-agent-info":"0x0102"},"x":"a,b&c"}"#).unwrap();
    v[3].hwaddr.clear();
    v[3].client_id = None;
    v[3].state = LeaseState::Declined;
    v[4].valid_lifetime = INFINITE_LIFETIME;
    v[5].state = LeaseState::ExpiredReclaimed;
    v[6].client_id = None;
    v[7].hwaddr.clear();
    v
}

async fn all(s: &MemfileStore) -> Vec<Lease4> {
    s.get4_all(None).await.unwrap()
}

/// Adds the varied leases, updates some several times and deletes others: a history
/// with many superseded rows.
async fn churn(s: &MemfileStore, leases: &[Lease4]) {
    for l in leases {
        assert!(s.add4(l).await.unwrap());
    }
    for round in 1..=3 {
        for l in leases.iter().step_by(2) {
            let mut u = s.get4(l.address).await.unwrap().unwrap();
            u.cltt += 60 * round;
            s.update4(&u).await.unwrap();
        }
    }
    for l in leases.iter().skip(1).step_by(5) {
        assert!(s.delete4(l.address).await.unwrap());
    }
}

#[tokio::test]
async fn reopening_gives_back_the_same_leases() {
    let dir = tempfile::tempdir().unwrap();
    let (s, report) = open(dir.path());
    assert_eq!(report.leases, 0);
    churn(&s, &varied_leases()).await;
    let before = all(&s).await;
    drop(s);
    let (s, report) = open(dir.path());
    assert_eq!(all(&s).await, before);
    assert_eq!((report.errors, report.truncated), (0, 0));
    assert_eq!(report.leases, before.len());
}

#[tokio::test]
async fn rows_are_written_in_keas_exact_byte_format_before_the_write_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    let mut l = lease(1);
    l.address = Ipv4Addr::new(192, 0, 3, 10);
    l.hwaddr = vec![0x0d, 0x0e, 0x0a, 0x0d, 0x0b, 0x0e, 0x0e, 0x0f];
    l.client_id = Some(vec![1, 2, 3, 4]);
    l.valid_lifetime = 100;
    l.cltt = 0;
    l.subnet_id = 7;
    l.fqdn_fwd = false;
    l.fqdn_rev = false;
    l.hostname = String::new();
    s.add4(&l).await.unwrap();
    // The row is in the file as soon as add4 resolved.
    assert_eq!(
        read(&lease_file(dir.path())),
        format!("{HEADER}\n192.0.3.10,0d:0e:0a:0d:0b:0e:0e:0f,01:02:03:04,100,100,7,0,0,,0,\n")
    );
    s.delete4(l.address).await.unwrap();
    assert!(read(&lease_file(dir.path()))
        .ends_with("192.0.3.10,0d:0e:0a:0d:0b:0e:0e:0f,01:02:03:04,0,0,7,0,0,,0,\n"));
}

#[tokio::test]
async fn a_file_in_the_format_kea_writes_loads_with_keas_row_rules() {
    // Rows from Kea 2.2's csv_lease_file4_unittest.cc: 192.0.2.2 has neither hwaddr nor
    // client id and is not declined, so Kea discards it.
    let dir = tempfile::tempdir().unwrap();
    write(
        &lease_file(dir.path()),
        &format!(
            "{HEADER}\n\
             192.0.2.1,06:07:08:09:0a:bc,,200,200,8,1,1,host.example.com,0,\n\
             192.0.2.2,,,200,200,8,1,1,host.example.com,0,\n\
             192.0.2.3,dd:de:ba:0d:1b:2e:3e:4f,0a:00:01:04,100,100,7,0,0,,1,{{ \"foobar\": true }}\n\
             192.0.2.4,,11:22:33:44:55:66,200,200,8,1,1,host.example.com,0,\n\
             192.0.2.5,,,200,200,8,1,1,,1,\n"
        ),
    );
    let (s, report) = open(dir.path());
    assert_eq!((report.rows, report.errors, report.leases), (5, 1, 4));
    let got = all(&s).await;
    let addrs: Vec<String> = got.iter().map(|l| l.address.to_string()).collect();
    assert_eq!(addrs, ["192.0.2.1", "192.0.2.3", "192.0.2.4", "192.0.2.5"]);
    let l1 = &got[0];
    assert_eq!(l1.hwaddr, vec![6, 7, 8, 9, 0x0a, 0xbc]);
    assert_eq!((l1.valid_lifetime, l1.cltt, l1.subnet_id), (200, 0, 8));
    assert!(l1.fqdn_fwd && l1.fqdn_rev);
    assert_eq!(l1.hostname, "host.example.com");
    let l3 = &got[1];
    assert_eq!(l3.client_id, Some(vec![0x0a, 0, 1, 4]));
    assert_eq!(l3.state, LeaseState::Declined);
    assert_eq!(
        l3.user_context,
        serde_json::from_str(r#"{"foobar":true}"#).unwrap()
    );
    assert!(got[2].hwaddr.is_empty());
    assert_eq!(
        got[2].client_id,
        Some(vec![0x11, 0x22, 0x33, 0x44, 0x55, 0x66])
    );
    assert_eq!(got[3].state, LeaseState::Declined);
}

#[tokio::test]
async fn the_last_row_wins_and_zero_lifetime_rows_delete() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &lease_file(dir.path()),
        &format!(
            "{HEADER}\n\
             192.0.2.1,06:07:08:09:0a:01,,200,1200,8,0,0,first,0,\n\
             192.0.2.2,06:07:08:09:0a:02,,200,1200,8,0,0,,0,\n\
             192.0.2.1,06:07:08:09:0a:01,,300,1400,8,0,0,second,0,\n\
             \n\
             192.0.2.2,06:07:08:09:0a:02,,0,1000,8,0,0,,0,\n\
             192.0.2.3,06:07:08:09:0a:03,,0,1000,8,0,0,,0,\n"
        ),
    );
    let (s, report) = open(dir.path());
    assert_eq!((report.rows, report.leases, report.errors), (5, 1, 0));
    let got = all(&s).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].hostname, "second");
    assert_eq!((got[0].valid_lifetime, got[0].cltt), (300, 1100));
}

#[tokio::test]
async fn history_files_load_before_the_current_file_in_keas_order() {
    let dir = tempfile::tempdir().unwrap();
    let row =
        |host: &str| format!("{HEADER}\n192.0.2.1,06:07:08:09:0a:01,,200,1200,8,0,0,{host},0,\n");
    write(&sibling(dir.path(), ".2"), &row("from-2"));
    write(&sibling(dir.path(), ".1"), &row("from-1"));
    let (s, _) = open(dir.path());
    assert_eq!(all(&s).await[0].hostname, "from-1", "F.1 is newer than F.2");
    drop(s);
    // F.completed supersedes F.2 and F.1; F supersedes everything.
    write(&sibling(dir.path(), ".completed"), &row("from-completed"));
    let (s, report) = open(dir.path());
    assert_eq!(all(&s).await[0].hostname, "from-completed");
    assert_eq!(
        report.files.len(),
        2,
        "F.completed then F: {:?}",
        report.files
    );
    drop(s);
    write(&lease_file(dir.path()), &row("from-current"));
    let (s, _) = open(dir.path());
    assert_eq!(all(&s).await[0].hostname, "from-current");
}

#[tokio::test]
async fn a_truncated_last_line_is_skipped_reported_and_cut_off_before_appending() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    s.add4(&lease(1)).await.unwrap();
    s.add4(&lease(2)).await.unwrap();
    drop(s);
    // A crash in the middle of appending the third row.
    let mut text = read(&lease_file(dir.path()));
    text.push_str("10.0.0.3,02:00:00:00:00:03,01:02:00:00:00:00:03,3600,17000");
    write(&lease_file(dir.path()), &text);

    let (s, report) = open(dir.path());
    assert_eq!((report.truncated, report.errors, report.leases), (1, 0, 2));
    s.add4(&lease(4)).await.unwrap();
    drop(s);
    let (s, report) = open(dir.path());
    assert_eq!((report.truncated, report.errors, report.leases), (0, 0, 3));
    assert_eq!(all(&s).await, vec![lease(1), lease(2), lease(4)]);
}

#[tokio::test]
async fn bad_rows_are_skipped_and_max_row_errors_fails_the_load() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &lease_file(dir.path()),
        &format!(
            "{HEADER}\n\
             192.0.2.1,06:07:08:09:0a:01,,200,1200,8,0,0,ok,0,\n\
             not-an-address,06:07:08:09:0a:02,,200,1200,8,0,0,,0,\n\
             192.0.2.3,zz:07,,200,1200,8,0,0,,0,\n\
             192.0.2.4,06:07:08:09:0a:04,,200,1200,8,0,0,,0\n"
        ),
    );
    let (_, report) = open(dir.path());
    assert_eq!((report.errors, report.leases), (3, 1));
    let mut c = cfg(dir.path());
    c.max_row_errors = 3;
    assert!(MemfileStore::open(&c).is_ok());
    c.max_row_errors = 2;
    match MemfileStore::open(&c) {
        Err(MemfileError::TooManyRowErrors { max: 2, .. }) => {}
        other => panic!("expected TooManyRowErrors, got {other:?}"),
    }
}

#[tokio::test]
async fn a_kea_2_6_file_with_the_pool_id_column_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &lease_file(dir.path()),
        &format!(
            "{HEADER},pool_id\n\
             192.0.2.1,06:07:08:09:0a:01,,200,1200,8,0,0,one,0,,0\n\
             192.0.2.2,06:07:08:09:0a:02,01:02:03,200,1200,8,1,1,two,0,{{ \"a\": 1 }},3\n"
        ),
    );
    let (s, report) = open(dir.path());
    assert!(report.needs_conversion);
    assert_eq!((report.errors, report.leases), (0, 2));
    // ruru appends its own 11-column rows, as Kea 2.2 does; the file still loads.
    s.add4(&lease(3)).await.unwrap();
    let before = all(&s).await;
    drop(s);
    let (s, report) = open(dir.path());
    assert_eq!((report.errors, report.leases), (0, 3));
    assert_eq!(all(&s).await, before);
}

#[tokio::test]
async fn an_older_file_without_state_and_user_context_loads_with_defaults() {
    // Kea 2.2's upgrade test rows: a 1.0 header, rows of 9, 10 and 11 columns.
    let dir = tempfile::tempdir().unwrap();
    write(
        &lease_file(dir.path()),
        "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname\n\
         192.0.2.1,06:07:08:09:1a:bc,,200,200,8,1,1,one.example.com\n\
         192.0.2.2,06:07:08:09:2a:bc,,200,200,8,1,1,two.example.com,1\n\
         192.0.2.3,06:07:08:09:3a:bc,,200,200,8,1,1,three.example.com,2,{ \"foobar\": true }\n",
    );
    let (s, report) = open(dir.path());
    assert!(report.needs_conversion);
    let got = all(&s).await;
    let states: Vec<LeaseState> = got.iter().map(|l| l.state).collect();
    assert_eq!(
        states,
        [
            LeaseState::Default,
            LeaseState::Declined,
            LeaseState::ExpiredReclaimed
        ]
    );
    assert!(got[2].user_context.is_some());
}

#[tokio::test]
async fn escaping_round_trips_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    let mut l = lease(1);
    l.hostname = "a,b&c&#x2c\nd".into();
    s.add4(&l).await.unwrap();
    let text = read(&lease_file(dir.path()));
    assert!(text.contains(",a&#x2cb&#x26c&#x26#x2c&#x0ad,"), "{text}");
    assert_eq!(text.lines().count(), 2, "one row per line");
    drop(s);
    let (s, _) = open(dir.path());
    assert_eq!(s.get4(l.address).await.unwrap(), Some(l));
}

#[tokio::test]
async fn loading_is_refused_while_the_pid_file_names_a_running_process() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("spawn sleep");
    write(&sibling(dir.path(), ".pid"), &format!("{}\n", child.id()));
    let refused = MemfileStore::open(&cfg(dir.path()));
    child.kill().expect("kill our sleep");
    child.wait().expect("reap our sleep");
    assert!(
        matches!(refused, Err(MemfileError::LfcRunning { .. })),
        "{refused:?}"
    );
    // The process is gone: the PID file is stale.
    assert!(MemfileStore::open(&cfg(dir.path())).is_ok());
    // A PID file naming ourselves is a leftover of our own crashed LFC.
    write(
        &sibling(dir.path(), ".pid"),
        &format!("{}\n", std::process::id()),
    );
    assert!(MemfileStore::open(&cfg(dir.path())).is_ok());
}

#[tokio::test]
async fn memory_only_store_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = cfg(dir.path());
    c.persist = false;
    let (s, _) = MemfileStore::open(&c).unwrap();
    s.add4(&lease(1)).await.unwrap();
    assert!(!lease_file(dir.path()).exists());
    assert!(matches!(
        s.run_lfc().await,
        Err(MemfileError::NotPersistent)
    ));
}

fn lfc_leftovers(dir: &Path) -> Vec<&'static str> {
    [".1", ".output", ".completed", ".pid"]
        .into_iter()
        .filter(|s| sibling(dir, s).exists())
        .collect()
}

fn data_rows(path: &Path) -> usize {
    read(path).lines().skip(1).filter(|l| !l.is_empty()).count()
}

#[tokio::test]
async fn lfc_compacts_the_history_and_the_result_reloads_identically() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    churn(&s, &varied_leases()).await;
    let rows_before = data_rows(&lease_file(dir.path()));
    let report = s.run_lfc().await.unwrap();
    assert!(report.rotated && report.compacted);
    let expected = all(&s).await;
    assert_eq!(report.leases_written, expected.len());
    assert!(rows_before > expected.len());
    assert_eq!(data_rows(&sibling(dir.path(), ".2")), expected.len());
    assert_eq!(
        read(&lease_file(dir.path())),
        format!("{HEADER}\n"),
        "fresh F"
    );
    assert!(lfc_leftovers(dir.path()).is_empty());

    // Writes after the LFC go to the fresh F; a second LFC folds them into F.2.
    let mut more = lease(100);
    more.hostname = "after,lfc".into();
    s.add4(&more).await.unwrap();
    s.delete4(expected[0].address).await.unwrap();
    let expected = all(&s).await;
    drop(s);
    let (s, _) = open(dir.path());
    assert_eq!(all(&s).await, expected);
    s.run_lfc().await.unwrap();
    drop(s);
    let (s, report) = open(dir.path());
    assert_eq!(all(&s).await, expected);
    assert_eq!(report.rows as usize, expected.len());
}

#[tokio::test]
async fn only_one_lfc_runs_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    churn(&s, &varied_leases()).await;
    let (a, b) = tokio::join!(s.run_lfc(), s.run_lfc());
    let oks = [a.is_ok(), b.is_ok()].iter().filter(|x| **x).count();
    // On a current-thread runtime the first may finish before the second starts.
    assert!(oks >= 1);
    for r in [a, b] {
        if let Err(e) = r {
            assert!(matches!(e, MemfileError::LfcAlreadyRunning), "{e}");
        }
    }
}

/// Crash after each LFC step; the next load must give the same leases, and the next LFC
/// must finish the job and leave only `F` and `F.2`.
#[tokio::test]
async fn an_lfc_interrupted_at_any_step_recovers_on_load_and_on_the_next_lfc() {
    for step in [
        LfcStep::Rotated,
        LfcStep::OutputWritten,
        LfcStep::Completed,
        LfcStep::PreviousRemoved,
        LfcStep::InputRemoved,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (s, _) = open(dir.path());
        let leases = varied_leases();
        churn(&s, &leases[..10]).await;
        s.run_lfc().await.unwrap(); // so that F.2 exists
        churn(&s, &leases[10..]).await;
        s.update4(&{
            let mut l = s.get4(leases[0].address).await.unwrap().unwrap();
            l.hostname = "changed,after-first-lfc".into();
            l
        })
        .await
        .unwrap();

        s.run_lfc_interrupted(step).await.unwrap();
        // Writes continue after the crash point (they land in the new F).
        s.add4(&lease(500)).await.unwrap();
        s.delete4(leases[12].address).await.unwrap();
        let expected = all(&s).await;
        drop(s); // crash

        let (s, report) = open(dir.path());
        assert_eq!(all(&s).await, expected, "load after a crash at {step:?}");
        assert_eq!(report.errors, 0, "{step:?}");
        let lfc = s.run_lfc().await.unwrap();
        assert!(
            !lfc.rotated,
            "an interrupted LFC is resumed, not restarted: {step:?}"
        );
        assert!(
            lfc_leftovers(dir.path()).is_empty(),
            "{step:?}: {:?}",
            lfc_leftovers(dir.path())
        );
        assert!(sibling(dir.path(), ".2").exists());
        s.add4(&lease(501)).await.unwrap();
        let expected = all(&s).await;
        drop(s);
        let (s, _) = open(dir.path());
        assert_eq!(
            all(&s).await,
            expected,
            "load after the resumed LFC, {step:?}"
        );
        // And a normal LFC works again afterwards.
        assert!(s.run_lfc().await.unwrap().rotated, "{step:?}");
    }
}

#[tokio::test]
async fn a_half_written_lfc_output_is_ignored_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    churn(&s, &varied_leases()).await;
    s.run_lfc_interrupted(LfcStep::Rotated).await.unwrap();
    write(
        &sibling(dir.path(), ".output"),
        &format!("{HEADER}\n10.0.0.1,02:00"),
    );
    let expected = all(&s).await;
    drop(s);
    let (s, _) = open(dir.path());
    assert_eq!(all(&s).await, expected);
    s.run_lfc().await.unwrap();
    drop(s);
    let (s, _) = open(dir.path());
    assert_eq!(all(&s).await, expected);
}

/// Runs Kea's own `kea-lfc -4` on the files of `dir` (`F.2`, `F.1` → `F.2`).
fn run_kea_lfc(dir: &Path) {
    assert!(
        Path::new(KEA_LFC).exists(),
        "{KEA_LFC} is missing: this interop test needs Kea 2.2's kea-lfc \
         (apt-get install kea-dhcp4-server)"
    );
    let config = dir.join("kea-dhcp4.json");
    write(&config, "{}\n");
    let p = |suffix: &str| sibling(dir, suffix);
    let status = std::process::Command::new(KEA_LFC)
        // Kea's logger lock lives in /run/kea, which only Kea's service creates.
        .env("KEA_LOCKFILE_DIR", dir)
        .arg("-4")
        .arg("-x")
        .arg(p(".2"))
        .arg("-i")
        .arg(p(".1"))
        .arg("-o")
        .arg(p(".output"))
        .arg("-f")
        .arg(p(".completed"))
        .arg("-p")
        .arg(p(".pid"))
        .arg("-c")
        .arg(&config)
        .env("KEA_LOCKFILE_DIR", dir)
        .env("KEA_PIDFILE_DIR", dir)
        .status()
        .expect("run kea-lfc");
    assert!(status.success(), "kea-lfc failed: {status}");
}

#[tokio::test]
async fn keas_own_kea_lfc_compacts_a_file_ruru_wrote_and_ruru_loads_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    let leases = varied_leases();
    churn(&s, &leases[..10]).await;
    s.run_lfc().await.unwrap(); // ruru's own LFC output becomes kea-lfc's F.2 input
    churn(&s, &leases[10..]).await;
    // Rotate as Kea's server does before spawning kea-lfc, then hand over.
    s.run_lfc_interrupted(LfcStep::Rotated).await.unwrap();
    s.add4(&lease(300)).await.unwrap();
    let expected = all(&s).await;
    drop(s);

    run_kea_lfc(dir.path());
    assert!(
        lfc_leftovers(dir.path()).is_empty(),
        "{:?}",
        lfc_leftovers(dir.path())
    );
    let kea_output = read(&sibling(dir.path(), ".2"));
    assert!(kea_output.starts_with(&format!("{HEADER}\n")));
    assert!(
        kea_output.contains(r#"{ "ISC": { "relay-agent-info": "0x0102" }"#),
        "kea-lfc rewrote the rows in its own JSON style: {kea_output}"
    );

    let (s, report) = open(dir.path());
    assert_eq!(report.errors, 0);
    assert_eq!(
        all(&s).await,
        expected,
        "ruru reads kea-lfc's output identically"
    );
    // And ruru's LFC takes over from kea-lfc's files.
    s.run_lfc().await.unwrap();
    drop(s);
    let (s, _) = open(dir.path());
    assert_eq!(all(&s).await, expected);
}

/// Prints append throughput (adds, then updates) of a persisted store. Run with
/// `cargo test --release --test it -- --ignored --nocapture memfile::append_throughput`.
#[tokio::test]
#[ignore]
async fn append_throughput() {
    const N: u32 = 200_000;
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = open(dir.path());
    let leases: Vec<Lease4> = (0..N)
        .map(|i| {
            let mut l = lease(0);
            l.address = Ipv4Addr::from(0x0a00_0000 + i);
            l.hwaddr = i.to_be_bytes().into_iter().chain([0, 1]).collect();
            l.client_id = None;
            l
        })
        .collect();
    let t = std::time::Instant::now();
    for l in &leases {
        s.add4(l).await.unwrap();
    }
    let add = t.elapsed();
    let t = std::time::Instant::now();
    for l in &mut leases.clone() {
        l.cltt += 10;
        s.update4(l).await.unwrap();
    }
    let upd = t.elapsed();
    let t = std::time::Instant::now();
    s.run_lfc().await.unwrap();
    let lfc = t.elapsed();
    let t = std::time::Instant::now();
    drop(s);
    let (_s, report) = open(dir.path());
    let load = t.elapsed();
    let rate = |d: std::time::Duration| f64::from(N) / d.as_secs_f64();
    println!(
        "memfile add4:    {N} in {add:?} = {:.0} writes/s",
        rate(add)
    );
    println!(
        "memfile update4: {N} in {upd:?} = {:.0} writes/s",
        rate(upd)
    );
    println!("memfile LFC of {} rows: {lfc:?}", 2 * N);
    println!("memfile reload of {} leases: {load:?}", report.leases);
}

/// The DHCPv4 memfile as the journal battery drives it.
struct Family4;

impl JournalFamily for Family4 {
    type Store = MemfileStore;
    type Lease = Lease4;
    type Error = MemfileError;
    const FILE: &'static str = "kea-leases4.csv";

    fn open(path: &Path) -> Result<(MemfileStore, Loaded), MemfileError> {
        let cfg = MemfileConfig {
            path: path.to_path_buf(),
            ..cfg(Path::new("/"))
        };
        let (s, r) = MemfileStore::open(&cfg)?;
        let loaded = Loaded {
            errors: r.errors,
            truncated: r.truncated,
            leases: r.leases,
        };
        Ok((s, loaded))
    }
    fn lease(n: u16) -> Lease4 {
        lease(n)
    }
    async fn add(s: &MemfileStore, l: &Lease4) -> Result<bool, MemfileError> {
        s.add4(l).await
    }
    async fn update(s: &MemfileStore, l: &Lease4) -> Result<bool, MemfileError> {
        s.update4(l).await
    }
    async fn delete(s: &MemfileStore, l: &Lease4) -> Result<bool, MemfileError> {
        s.delete4(l.address).await
    }
    fn renewed(l: &Lease4) -> Lease4 {
        Lease4 {
            cltt: l.cltt + 60,
            ..l.clone()
        }
    }
    async fn all(s: &MemfileStore) -> Vec<Lease4> {
        all(s).await
    }
    async fn lfc(s: &MemfileStore, stop: Option<LfcStep>) -> Result<LfcReport, MemfileError> {
        match stop {
            None => s.run_lfc().await,
            Some(step) => s.run_lfc_interrupted(step).await,
        }
    }
    fn is_lfc_running(e: &MemfileError) -> bool {
        matches!(e, MemfileError::LfcRunning { .. })
    }
}

/// The DHCPv6 memfile as the journal battery drives it.
struct Family6;

impl JournalFamily for Family6 {
    type Store = Memfile6Store;
    type Lease = Lease6;
    type Error = MemfileError;
    const FILE: &'static str = "kea-leases6.csv";

    fn open(path: &Path) -> Result<(Memfile6Store, Loaded), MemfileError> {
        let cfg = MemfileConfig {
            path: path.to_path_buf(),
            ..cfg(Path::new("/"))
        };
        let (s, r) = Memfile6Store::open(&cfg)?;
        let loaded = Loaded {
            errors: r.errors,
            truncated: r.truncated,
            leases: r.leases,
        };
        Ok((s, loaded))
    }
    fn lease(n: u16) -> Lease6 {
        let mut l = lease6(n, n as u8, 1);
        l.hostname = format!("host-{n}.example.org");
        l
    }
    async fn add(s: &Memfile6Store, l: &Lease6) -> Result<bool, MemfileError> {
        s.add6(l).await
    }
    async fn update(s: &Memfile6Store, l: &Lease6) -> Result<bool, MemfileError> {
        s.update6(l).await
    }
    async fn delete(s: &Memfile6Store, l: &Lease6) -> Result<bool, MemfileError> {
        s.delete6(l.lease_type, l.address).await
    }
    fn renewed(l: &Lease6) -> Lease6 {
        Lease6 {
            cltt: l.cltt + 60,
            ..l.clone()
        }
    }
    async fn all(s: &Memfile6Store) -> Vec<Lease6> {
        s.get6_all(None).await.unwrap()
    }
    async fn lfc(s: &Memfile6Store, stop: Option<LfcStep>) -> Result<LfcReport, MemfileError> {
        match stop {
            None => s.run_lfc().await,
            Some(step) => s.run_lfc_interrupted(step).await,
        }
    }
    fn is_lfc_running(e: &MemfileError) -> bool {
        matches!(e, MemfileError::LfcRunning { .. })
    }
}

memfile_journal_battery!(v4, Family4);
memfile_journal_battery!(v6, Family6);

/// Prints append throughput (adds, then updates) of a persisted DHCPv6 store, as
/// [`append_throughput`] does for DHCPv4. Run with
/// `cargo test --release --test it -- --ignored --nocapture memfile::append_throughput6`.
#[tokio::test]
#[ignore]
async fn append_throughput6() {
    const N: u32 = 200_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(Family6::FILE);
    let (s, _) = Family6::open(&path).unwrap();
    let leases: Vec<Lease6> = (0..N)
        .map(|i| {
            let mut l = lease6(0, 1, 1);
            l.address = std::net::Ipv6Addr::from(0x2001_0db8_u128 << 96 | u128::from(i));
            l.duid = [0, 3, 0, 1].into_iter().chain(i.to_be_bytes()).collect();
            l
        })
        .collect();
    let t = std::time::Instant::now();
    for l in &leases {
        s.add6(l).await.unwrap();
    }
    let add = t.elapsed();
    let t = std::time::Instant::now();
    for l in &mut leases.clone() {
        l.cltt += 10;
        s.update6(l).await.unwrap();
    }
    let upd = t.elapsed();
    let t = std::time::Instant::now();
    s.run_lfc().await.unwrap();
    let lfc = t.elapsed();
    let t = std::time::Instant::now();
    drop(s);
    let (_s, loaded) = Family6::open(&path).unwrap();
    let load = t.elapsed();
    let rate = |d: std::time::Duration| f64::from(N) / d.as_secs_f64();
    println!(
        "memfile add6:    {N} in {add:?} = {:.0} writes/s",
        rate(add)
    );
    println!(
        "memfile update6: {N} in {upd:?} = {:.0} writes/s",
        rate(upd)
    );
    println!("memfile LFC of {} rows: {lfc:?}", 2 * N);
    println!("memfile reload of {} leases: {load:?}", loaded.leases);
}
