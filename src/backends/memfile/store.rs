//! [`Memfile`]: Kea's memfile lease backend for one family, an in-memory index over
//! Kea's CSV journal ([`super::journal`]). [`super::MemfileStore`] (DHCPv4) and
//! [`super::Memfile6Store`] (DHCPv6) are this type; the lease-store traits are
//! implemented per family in `store4.rs` / `store6.rs`.
//!
//! Every add/update appends the lease's row to `F`; a delete appends Kea's delete
//! marker (lifetime 0). The row is written (disk first, like Kea) before the index
//! changes, and a write future resolves `Ok` only after its row is in the file (see
//! [`super::journal::writer`] for the fsync policy). All state sits behind one
//! `std::sync::Mutex` held for an index update plus at most one `write(2)`; rows are
//! encoded outside it. Methods never await (but LFC), so the futures complete on their
//! first poll.

use std::fmt::Debug;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::config::MemfileConfig;
use super::error::MemfileError;
use super::journal::lfc::{compact, rotate};
use super::journal::loader::load_all;
use super::journal::writer::sync_dir;
use super::journal::{AppendFile, CsvRow, LeaseFilePaths, LfcReport, LfcStep, LoadReport};

/// Rows encoded per write when many leases are deleted at once (wipe, flush).
const BATCH: usize = 4096;

/// A lease the memfile backend keeps: a journal row with its family's index.
pub trait MemfileLease: CsvRow + PartialEq {
    /// The family's in-memory index (by key plus the family's lookups).
    type Index: LeaseIndex<Self> + Default + Debug + Send;
}

/// What the store needs of an index; each family's index adds its own lookups.
pub trait LeaseIndex<L: CsvRow> {
    /// Number of leases.
    fn len(&self) -> usize;
    /// True when there are no leases.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The lease for `key`.
    fn get(&self, key: &L::Key) -> Option<&L>;
    /// Inserts or replaces the lease for its key.
    fn insert(&mut self, lease: L);
    /// Removes and returns the lease for `key`.
    fn remove(&mut self, key: &L::Key) -> Option<L>;
}

/// Kea's memfile lease backend for leases `L` ([`crate::backends::lease::Lease4`] or
/// [`crate::backends::lease6::Lease6`]).
#[derive(Debug)]
pub struct Memfile<L: MemfileLease> {
    cfg: MemfileConfig,
    paths: LeaseFilePaths,
    inner: Mutex<Inner<L>>,
    /// Set while an LFC runs (shared with its blocking task).
    lfc_running: Arc<AtomicBool>,
}

/// The state behind the lock.
#[derive(Debug)]
pub(super) struct Inner<L: MemfileLease> {
    /// The leases.
    pub(super) index: L::Index,
    /// `F` open for appending; `None` when persist=false.
    file: Option<AppendFile>,
}

/// Clears the "LFC running" flag when the LFC ends, even if its future was dropped.
struct RunningGuard(Arc<AtomicBool>);

impl Drop for RunningGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl<L: MemfileLease> Memfile<L> {
    /// Opens the backend: with persist=true, loads `F.completed` (or `F.2`, `F.1`) and
    /// `F`, then keeps `F` open for appending (a torn last line cut off). Fails while
    /// `F.pid` names a running process, on an unreadable file or header, or after too
    /// many bad rows.
    pub fn open(cfg: &MemfileConfig) -> Result<(Self, LoadReport), MemfileError> {
        let paths = LeaseFilePaths::new(&cfg.path);
        if !cfg.persist {
            log::warn!("DHCPSRV_MEMFILE_NO_STORAGE running in non-persistent mode, leases will be lost after restart");
            return Ok((
                Self::build(cfg, paths, L::Index::default(), None),
                LoadReport::default(),
            ));
        }
        let (map, report, tail) = load_all::<L>(&paths, cfg.max_row_errors)?;
        let file = AppendFile::open(&paths.current, tail.complete_len, L::HEADER)?;
        if report.needs_conversion {
            log::warn!(
                "DHCPSRV_MEMFILE_CONVERTING_LEASE_FILES running LFC now to convert lease files to the current schema: {}",
                L::SCHEMA_VERSION
            );
        }
        log::info!(
            "loaded {} lease(s) from {} row(s) ({} bad, {} truncated)",
            report.leases,
            report.rows,
            report.errors,
            report.truncated
        );
        let mut index = L::Index::default();
        for lease in map.into_values() {
            index.insert(lease);
        }
        Ok((Self::build(cfg, paths, index, Some(file)), report))
    }

    /// A memory-only store (persist=false): nothing is read or written.
    pub fn in_memory() -> Self {
        let cfg = MemfileConfig {
            persist: false,
            path: Default::default(),
            lfc_interval: 0,
            max_row_errors: 0,
        };
        let paths = LeaseFilePaths::new(&cfg.path);
        Self::build(&cfg, paths, L::Index::default(), None)
    }

    fn build(
        cfg: &MemfileConfig,
        paths: LeaseFilePaths,
        index: L::Index,
        file: Option<AppendFile>,
    ) -> Self {
        Memfile {
            cfg: cfg.clone(),
            paths,
            inner: Mutex::new(Inner { index, file }),
            lfc_running: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The configuration the store was opened with.
    pub fn config(&self) -> &MemfileConfig {
        &self.cfg
    }

    /// The lease file and its LFC companions.
    pub fn paths(&self) -> &LeaseFilePaths {
        &self.paths
    }

    /// Number of leases in memory.
    pub fn len(&self) -> usize {
        self.lock().index.len()
    }

    /// True when there are no leases.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Flushes `F` to stable storage (fdatasync); call at shutdown.
    pub fn sync(&self) -> Result<(), MemfileError> {
        match &self.lock().file {
            Some(f) => f.sync(),
            None => Ok(()),
        }
    }

    /// Locks the state. A panic while holding the lock cannot leave the index half
    /// updated in a way later calls would trip on (each update is insert/remove of one
    /// lease), so a poisoned lock is taken over rather than failing every call.
    pub(super) fn lock(&self) -> MutexGuard<'_, Inner<L>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes `lease` (checked, encoded outside the lock) and stores it when `stored`,
    /// the lease now at its key, allows it (add: none, update: some, replace: the old).
    /// Returns whether it was stored.
    pub(super) fn put_if(
        &self,
        lease: &L,
        allowed: impl FnOnce(Option<&L>) -> bool,
    ) -> Result<bool, MemfileError> {
        lease.check()?;
        let mut row = String::with_capacity(160);
        lease.encode(false, &mut row);
        let copy = lease.clone();
        let mut g = self.lock();
        if !allowed(g.index.get(&lease.key())) {
            return Ok(false);
        }
        g.write(&row)?;
        g.index.insert(copy);
        Ok(true)
    }

    /// Journals the deletion of the lease at `key` and removes it; false when none.
    pub(super) fn delete(&self, key: &L::Key) -> Result<bool, MemfileError> {
        let mut g = self.lock();
        let Some(stored) = g.index.get(key) else {
            return Ok(false);
        };
        if g.file.is_some() {
            let mut row = String::with_capacity(160);
            stored.encode(true, &mut row);
            g.write(&row)?;
        }
        g.index.remove(key);
        Ok(true)
    }

    /// Writes deletion rows for those of `keys` whose lease satisfies `pred` (checked
    /// under the lock) and removes them, in batches of one write each.
    pub(super) fn delete_many(
        &self,
        keys: &[L::Key],
        pred: impl Fn(&L) -> bool,
    ) -> Result<u64, MemfileError> {
        let mut deleted = 0u64;
        for chunk in keys.chunks(BATCH) {
            let mut g = self.lock();
            let inner = &mut *g;
            let doomed: Vec<L::Key> = chunk
                .iter()
                .copied()
                .filter(|k| inner.index.get(k).is_some_and(&pred))
                .collect();
            if let Some(file) = &mut inner.file {
                let mut buf = String::with_capacity(doomed.len() * 128);
                for k in &doomed {
                    if let Some(l) = inner.index.get(k) {
                        l.encode(true, &mut buf);
                    }
                }
                file.append(buf.as_bytes())?;
            }
            for k in &doomed {
                if inner.index.remove(k).is_some() {
                    deleted += 1;
                }
            }
        }
        Ok(deleted)
    }

    /// Runs one Lease File Cleanup (the backend actor's `lfc-interval` timer calls
    /// this). Packet processing continues meanwhile: only the rotation takes the store
    /// lock; the compaction runs on a blocking thread.
    pub async fn run_lfc(&self) -> Result<LfcReport, MemfileError> {
        self.run_lfc_until(None).await
    }

    /// Runs an LFC but stops right after `step`, leaving the files as a crash there
    /// would. For recovery tests only.
    #[doc(hidden)]
    pub async fn run_lfc_interrupted(&self, step: LfcStep) -> Result<LfcReport, MemfileError> {
        self.run_lfc_until(Some(step)).await
    }

    async fn run_lfc_until(&self, stop: Option<LfcStep>) -> Result<LfcReport, MemfileError> {
        if !self.cfg.persist {
            return Err(MemfileError::NotPersistent);
        }
        if self.lfc_running.swap(true, Ordering::AcqRel) {
            return Err(MemfileError::LfcAlreadyRunning);
        }
        let guard = RunningGuard(self.lfc_running.clone());
        log::info!("DHCPSRV_MEMFILE_LFC_START starting Lease File Cleanup");
        let rotated = {
            let mut g = self.lock();
            let file = g.file.as_mut().ok_or(MemfileError::NotPersistent)?;
            rotate(&self.paths, file, L::HEADER)?
        };
        if rotated {
            sync_dir(&self.paths.current)?;
        }
        if stop == Some(LfcStep::Rotated) {
            return Ok(LfcReport {
                rotated,
                ..Default::default()
            });
        }
        log::info!(
            "DHCPSRV_MEMFILE_LFC_EXECUTE executing Lease File Cleanup using: in-process compaction of {} and {} into {}",
            self.paths.previous.display(),
            self.paths.input.display(),
            self.paths.previous.display()
        );
        let paths = self.paths.clone();
        let mut report = tokio::task::spawn_blocking(move || {
            let _guard = guard;
            compact::<L>(&paths, stop)
        })
        .await
        .map_err(|e| MemfileError::LfcTask(e.to_string()))??;
        report.rotated = rotated;
        Ok(report)
    }
}

impl<L: MemfileLease> Inner<L> {
    fn write(&mut self, row: &str) -> Result<(), MemfileError> {
        match &mut self.file {
            Some(f) => f.append(row.as_bytes()),
            None => Ok(()),
        }
    }
}
