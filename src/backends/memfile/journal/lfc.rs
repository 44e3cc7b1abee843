//! Lease File Cleanup done in-process, with Kea's file scheme so `kea-lfc -4`/`-6` and
//! Kea itself can take over the files at any point.
//!
//! 1. Rotation ([`rotate`], under the store lock, microseconds): if neither
//!    `F.completed` nor `F.1` exists, fdatasync `F`, rename it to `F.1` and start a fresh
//!    `F` with the header. If one exists, a previous LFC was interrupted: no rotation,
//!    just resume.
//! 2. Compaction ([`compact`], on a blocking thread, writers keep appending to the new
//!    `F`): unless `F.completed` exists, load `F.2` then `F.1` with the loader's rules,
//!    write the survivors (by key) to `F.output`, fdatasync, rename it to `F.completed`.
//! 3. Rotation of the result: delete `F.2` and `F.1`, rename `F.completed` → `F.2`.
//!
//! While step 2–3 run, `F.pid` holds this process's PID, as `kea-lfc` does, so that an
//! external `kea-lfc` or a Kea server refuses to touch the files meanwhile.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::loader::{check_pid_file, load_file, LeaseMap, LoadReport};
use super::paths::LeaseFilePaths;
use super::row::CsvRow;
use super::writer::{sync_dir, AppendFile};
use crate::backends::memfile::error::MemfileError;

/// `kea-lfc`'s fixed limit of bad rows per input file (`MAX_LEASE_ERRORS`).
pub const LFC_MAX_ROW_ERRORS: u32 = 100;

/// What one LFC run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LfcReport {
    /// `F` was rotated to `F.1` (false when resuming an interrupted LFC).
    pub rotated: bool,
    /// `F.2` + `F.1` were compacted (false when `F.completed` was already there).
    pub compacted: bool,
    /// What loading `F.2` and `F.1` found.
    pub load: LoadReport,
    /// Leases written to the new `F.2`.
    pub leases_written: usize,
}

/// The steps of an LFC, for tests that simulate a crash after one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LfcStep {
    /// `F` renamed to `F.1`, fresh `F` opened.
    Rotated,
    /// `F.output` written and synced, not yet renamed.
    OutputWritten,
    /// `F.output` renamed to `F.completed`.
    Completed,
    /// `F.2` deleted.
    PreviousRemoved,
    /// `F.1` deleted (only the final rename remains).
    InputRemoved,
}

/// Step 1: fdatasyncs `F` (`file`), moves it to `F.1` and replaces `file` by a fresh `F`
/// holding only `header`, unless an earlier LFC left `F.completed` or `F.1` behind.
/// Returns whether it rotated; the caller (holding the store lock, so no row is
/// appended meanwhile) should [`sync_dir`] once it has let the lock go.
pub fn rotate(
    paths: &LeaseFilePaths,
    file: &mut AppendFile,
    header: &str,
) -> Result<bool, MemfileError> {
    let p = paths;
    if p.completed.exists() || p.input.exists() {
        return Ok(false);
    }
    file.sync()?;
    if let Err(e) = std::fs::rename(&p.current, &p.input) {
        log::error!(
            "DHCPSRV_MEMFILE_LFC_LEASE_FILE_RENAME_FAIL failed to rename the current lease file {} to {}, reason: {e}",
            p.current.display(),
            p.input.display()
        );
        return Err(MemfileError::io("rename", &p.current, e));
    }
    match AppendFile::create(&p.current, header) {
        Ok(f) => *file = f,
        Err(e) => {
            // Undo, so rows keep going to F rather than to F.1 (which LFC deletes).
            log::error!(
                "DHCPSRV_MEMFILE_LFC_LEASE_FILE_REOPEN_FAIL failed to reopen lease file {} after preparing input file for lease file cleanup, reason: {e}",
                p.current.display()
            );
            std::fs::rename(&p.input, &p.current)
                .map_err(|e| MemfileError::io("rename", &p.input, e))?;
            return Err(e);
        }
    }
    Ok(true)
}

/// Steps 2–3 (what `kea-lfc` does), synchronous: compacts `F.2` + `F.1` into `F.2`.
/// Refuses while `F.pid` names another live process. `stop` simulates a crash.
pub fn compact<R: CsvRow>(
    paths: &LeaseFilePaths,
    stop: Option<LfcStep>,
) -> Result<LfcReport, MemfileError> {
    check_pid_file(&paths.pid)?;
    std::fs::write(&paths.pid, format!("{}\n", std::process::id()))
        .map_err(|e| MemfileError::io("write", &paths.pid, e))?;
    let result = compact_files::<R>(paths, stop);
    if let Err(e) = std::fs::remove_file(&paths.pid) {
        log::warn!("unable to delete {}: {e}", paths.pid.display());
    }
    result
}

fn compact_files<R: CsvRow>(
    paths: &LeaseFilePaths,
    stop: Option<LfcStep>,
) -> Result<LfcReport, MemfileError> {
    let stop_at = |s: LfcStep| stop == Some(s);
    let mut report = LfcReport::default();
    if !paths.completed.exists() {
        let mut map = LeaseMap::<R>::new();
        load_file(
            &paths.previous,
            &mut map,
            LFC_MAX_ROW_ERRORS,
            &mut report.load,
        )?;
        load_file(&paths.input, &mut map, LFC_MAX_ROW_ERRORS, &mut report.load)?;
        report.load.leases = map.len();
        report.leases_written = write_output(&paths.output, &map)?;
        report.compacted = true;
        if stop_at(LfcStep::OutputWritten) {
            return Ok(report);
        }
        std::fs::rename(&paths.output, &paths.completed)
            .map_err(|e| MemfileError::io("rename", &paths.output, e))?;
        sync_dir(&paths.completed)?;
        if stop_at(LfcStep::Completed) {
            return Ok(report);
        }
    }
    remove_if_exists(&paths.previous)?;
    if stop_at(LfcStep::PreviousRemoved) {
        return Ok(report);
    }
    remove_if_exists(&paths.input)?;
    if stop_at(LfcStep::InputRemoved) {
        return Ok(report);
    }
    std::fs::rename(&paths.completed, &paths.previous)
        .map_err(|e| MemfileError::io("rename", &paths.completed, e))?;
    sync_dir(&paths.previous)?;
    log::info!(
        "Lease File Cleanup complete: {} lease(s) in {}",
        report.leases_written,
        paths.previous.display()
    );
    Ok(report)
}

/// Writes `leases` to `path` (header first, by key) and fdatasyncs it.
fn write_output<R: CsvRow>(path: &Path, leases: &LeaseMap<R>) -> Result<usize, MemfileError> {
    let io = |e| MemfileError::io("write", path, e);
    let file = File::create(path).map_err(io)?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    writeln!(w, "{}", R::HEADER).map_err(io)?;
    let mut row = String::with_capacity(256);
    let mut written = 0;
    for (key, lease) in leases {
        if let Err(e) = lease.check() {
            log::error!("LFC: not writing lease {key:?}: {e}");
            continue;
        }
        row.clear();
        lease.encode(false, &mut row);
        w.write_all(row.as_bytes()).map_err(io)?;
        written += 1;
    }
    let file = w.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_data().map_err(io)?;
    Ok(written)
}

fn remove_if_exists(path: &Path) -> Result<(), MemfileError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(MemfileError::io("remove", path, e)),
    }
}
