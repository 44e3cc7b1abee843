//! The memfile journal battery: crash safety of Kea's lease file (a torn last line,
//! a failed write) and Kea's LFC pid file, written once over [`JournalFamily`] and
//! instantiated per address family with `memfile_journal_battery!(name, Family)`.

#![allow(dead_code)]

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use ruru::backends::memfile::{LfcReport, LfcStep};

/// What a reopen found in the lease files (the battery's view of the load report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// Rows skipped because they did not parse.
    pub errors: u64,
    /// Unterminated last lines skipped (an append cut short by a crash).
    pub truncated: u64,
    /// Leases in memory after the load.
    pub leases: usize,
}

/// One memfile family (DHCPv4 or DHCPv6) as the battery drives it.
pub trait JournalFamily {
    /// The family's memfile store.
    type Store;
    /// The family's lease record.
    type Lease: Clone + PartialEq + Debug;
    /// The family's store error.
    type Error: Debug;
    /// The lease file's name (`kea-leases4.csv`, `kea-leases6.csv`).
    const FILE: &'static str;

    /// Opens the persisted store on lease file `path`.
    fn open(path: &Path) -> Result<(Self::Store, Loaded), Self::Error>;
    /// A distinct, valid lease numbered `n` (1..).
    fn lease(n: u16) -> Self::Lease;
    /// Adds `lease`; `Ok(true)` is the store's acknowledgement.
    async fn add(store: &Self::Store, lease: &Self::Lease) -> Result<bool, Self::Error>;
    /// Replaces the stored lease of `lease`'s key; `Ok(true)` acknowledges.
    async fn update(store: &Self::Store, lease: &Self::Lease) -> Result<bool, Self::Error>;
    /// Deletes the lease of `lease`'s key; `Ok(true)` acknowledges.
    async fn delete(store: &Self::Store, lease: &Self::Lease) -> Result<bool, Self::Error>;
    /// `lease` renewed a minute later (same key).
    fn renewed(lease: &Self::Lease) -> Self::Lease;
    /// Every lease in the store, in the store's order.
    async fn all(store: &Self::Store) -> Vec<Self::Lease>;
    /// Runs an LFC, or one that stops (as a crash would) right after `stop`.
    async fn lfc(store: &Self::Store, stop: Option<LfcStep>) -> Result<LfcReport, Self::Error>;
    /// True when `error` says that an LFC process holds the files (`F.pid`).
    fn is_lfc_running(error: &Self::Error) -> bool;
}

/// Set in the environment of a child test process: the directory it works in.
pub const CHILD_DIR_ENV: &str = "RURU_MEMFILE_BATTERY_CHILD_DIR";

fn file_in<F: JournalFamily>(dir: &Path) -> PathBuf {
    dir.join(F::FILE)
}

fn open<F: JournalFamily>(path: &Path) -> (F::Store, Loaded) {
    F::open(path).expect("open the memfile store")
}

/// Leases 1..=n added and acknowledged.
async fn add_leases<F: JournalFamily>(store: &F::Store, n: u16) -> Vec<F::Lease> {
    let mut added = Vec::new();
    for i in 1..=n {
        let l = F::lease(i);
        assert!(
            F::add(store, &l).await.expect("add"),
            "lease {i} acknowledged"
        );
        added.push(l);
    }
    added
}

/// A crash in the middle of an append leaves a torn last line: the reopen skips it
/// and counts it as truncated; the next acknowledged row is not glued onto it, so a
/// second reopen has every acknowledged lease and no bad row.
pub async fn a_torn_last_line_is_cut_off_before_the_next_append<F: JournalFamily>() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in::<F>(dir.path());
    let (store, _) = open::<F>(&path);
    let mut acked = add_leases::<F>(&store, 3).await;
    drop(store);
    // Cut the file in the middle of its last row, as a crash mid-write would.
    let text = std::fs::read(&path).unwrap();
    let last_row_start = text[..text.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    let cut = last_row_start + (text.len() - last_row_start) / 2;
    std::fs::write(&path, &text[..cut]).unwrap();
    acked.pop(); // its row is torn: a crash before the write returned

    let (store, loaded) = open::<F>(&path);
    assert_eq!(
        loaded,
        Loaded {
            errors: 0,
            truncated: 1,
            leases: 2
        },
        "the torn row is skipped and counted"
    );
    let next = F::lease(4);
    assert!(F::add(&store, &next).await.expect("add after the crash"));
    acked.push(next);
    drop(store);

    let (store, loaded) = open::<F>(&path);
    assert_eq!(
        loaded,
        Loaded {
            errors: 0,
            truncated: 0,
            leases: 3
        },
        "{}",
        String::from_utf8_lossy(&std::fs::read(&path).unwrap())
    );
    assert_eq!(F::all(&store).await, acked);
}

/// Sets this process's file size limit (soft; `None` = back to the hard limit).
fn limit_file_size(bytes: Option<u64>) {
    // SAFETY: plain syscalls on this process's own limits and signal disposition;
    // the child process running this case runs no other test.
    unsafe {
        // Past the limit write(2) fails with EFBIG instead of killing the process.
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        assert_eq!(libc::getrlimit(libc::RLIMIT_FSIZE, &mut lim), 0);
        lim.rlim_cur = bytes.unwrap_or(lim.rlim_max);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &lim), 0);
    }
}

/// The child's half of [`a_failed_write_is_cut_back`]: with the lease file allowed to
/// grow only 20 bytes more, the next add writes part of its row and fails; the store
/// cuts the part off again, so the file holds complete rows only and the next add
/// (room again) is a row of its own.
async fn failed_write_child<F: JournalFamily>(dir: &Path) {
    let path = file_in::<F>(dir);
    let (store, _) = open::<F>(&path);
    add_leases::<F>(&store, 3).await;
    let complete = std::fs::metadata(&path).unwrap().len();
    limit_file_size(Some(complete + 20));
    let refused = F::add(&store, &F::lease(4)).await;
    limit_file_size(None);
    assert!(refused.is_err(), "a write past the file size limit fails");
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        complete,
        "the failed row's first bytes are cut off again"
    );
    assert!(F::add(&store, &F::lease(5))
        .await
        .expect("add after the failure"));
}

/// A write that fails part-way (disk full) is cut back: runs itself again as a child
/// process (the file size limit it sets is per process), then reopens the file: the
/// acknowledged leases are all there and no row is bad or torn.
pub async fn a_failed_write_is_cut_back<F: JournalFamily>(test_name: &str) {
    if let Some(dir) = std::env::var_os(CHILD_DIR_ENV) {
        failed_write_child::<F>(Path::new(&dir)).await;
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR_ENV, dir.path())
        .output()
        .expect("run the child test process");
    let log =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{log}");
    assert!(log.contains("1 passed"), "the child ran the case:\n{log}");
    let (store, loaded) = open::<F>(&file_in::<F>(dir.path()));
    assert_eq!(
        loaded,
        Loaded {
            errors: 0,
            truncated: 0,
            leases: 4
        }
    );
    let expected: Vec<F::Lease> = [1, 2, 3, 5].into_iter().map(F::lease).collect();
    assert_eq!(F::all(&store).await, expected);
}

/// Kea's `F.pid` rule: the files are refused while the PID file names a running
/// process (an LFC at work), and used again once that process is gone or when the
/// PID is our own (a leftover of our own crashed LFC).
pub async fn loading_is_refused_while_the_pid_file_names_a_running_process<F: JournalFamily>() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_in::<F>(dir.path());
    let mut pid_path = path.clone().into_os_string();
    pid_path.push(".pid");
    let mut child = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("spawn sleep");
    std::fs::write(&pid_path, format!("{}\n", child.id())).unwrap();
    let refused = F::open(&path);
    child.kill().expect("kill our sleep");
    child.wait().expect("reap our sleep");
    match refused {
        Err(e) => assert!(F::is_lfc_running(&e), "{e:?}"),
        Ok(_) => panic!(
            "opened while {} names a running process",
            pid_path.to_string_lossy()
        ),
    }
    assert!(F::open(&path).is_ok(), "the PID file is stale");
    std::fs::write(&pid_path, format!("{}\n", std::process::id())).unwrap();
    assert!(F::open(&path).is_ok(), "our own PID is a stale leftover");
}

fn lfc_leftovers<F: JournalFamily>(dir: &Path) -> Vec<&'static str> {
    [".1", ".output", ".completed", ".pid"]
        .into_iter()
        .filter(|s| dir.join(format!("{}{s}", F::FILE)).exists())
        .collect()
}

/// An LFC crashed after each of its steps: the next load gives the same leases, the
/// next LFC resumes it (no rotation) and leaves only `F` and `F.2`, and a normal LFC
/// works again afterwards. Writes go on meanwhile.
pub async fn an_lfc_interrupted_at_any_step_recovers_on_load_and_on_the_next_lfc<
    F: JournalFamily,
>() {
    for step in [
        LfcStep::Rotated,
        LfcStep::OutputWritten,
        LfcStep::Completed,
        LfcStep::PreviousRemoved,
        LfcStep::InputRemoved,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = file_in::<F>(dir.path());
        let (s, _) = open::<F>(&path);
        let leases = add_leases::<F>(&s, 20).await;
        for l in leases.iter().step_by(3) {
            assert!(F::update(&s, &F::renewed(l)).await.unwrap());
        }
        F::lfc(&s, None).await.unwrap(); // so that F.2 exists
        assert!(F::delete(&s, &leases[4]).await.unwrap());
        assert!(F::update(&s, &F::renewed(&F::renewed(&leases[0])))
            .await
            .unwrap());

        let crashed = F::lfc(&s, Some(step)).await.unwrap();
        assert!(crashed.rotated, "{step:?}");
        // Writes continue after the crash point (they land in the new F).
        assert!(F::add(&s, &F::lease(500)).await.unwrap());
        assert!(F::delete(&s, &leases[12]).await.unwrap());
        let expected = F::all(&s).await;
        drop(s); // crash

        let (s, loaded) = open::<F>(&path);
        assert_eq!(F::all(&s).await, expected, "load after a crash at {step:?}");
        assert_eq!((loaded.errors, loaded.truncated), (0, 0), "{step:?}");
        let resumed = F::lfc(&s, None).await.unwrap();
        assert!(!resumed.rotated, "resumed, not restarted: {step:?}");
        assert!(
            lfc_leftovers::<F>(dir.path()).is_empty(),
            "{step:?}: {:?}",
            lfc_leftovers::<F>(dir.path())
        );
        assert!(dir.path().join(format!("{}.2", F::FILE)).exists());
        assert!(F::add(&s, &F::lease(501)).await.unwrap());
        let expected = F::all(&s).await;
        drop(s);
        let (s, _) = open::<F>(&path);
        assert_eq!(
            F::all(&s).await,
            expected,
            "after the resumed LFC, {step:?}"
        );
        assert!(F::lfc(&s, None).await.unwrap().rotated, "{step:?}");
    }
}

/// Generates the battery's tests for family `$family` in module `$name`.
macro_rules! memfile_journal_battery {
    ($name:ident, $family:ty) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::support::memfile_battery as battery;

            #[tokio::test]
            async fn a_torn_last_line_is_cut_off_before_the_next_append() {
                battery::a_torn_last_line_is_cut_off_before_the_next_append::<$family>().await;
            }

            #[tokio::test]
            async fn a_failed_write_is_cut_back() {
                let name = concat!(module_path!(), "::a_failed_write_is_cut_back");
                let name = name.split_once("::").map_or(name, |(_, rest)| rest);
                battery::a_failed_write_is_cut_back::<$family>(name).await;
            }

            #[tokio::test]
            async fn an_lfc_interrupted_at_any_step_recovers_on_load_and_on_the_next_lfc() {
                battery::an_lfc_interrupted_at_any_step_recovers_on_load_and_on_the_next_lfc::<
                    $family,
                >()
                .await;
            }

            #[tokio::test]
            async fn loading_is_refused_while_the_pid_file_names_a_running_process() {
                battery::loading_is_refused_while_the_pid_file_names_a_running_process::<$family>()
                    .await;
            }
        }
    };
}

pub(crate) use memfile_journal_battery;
