//! Loading lease files at startup (Kea's `loadLeasesFromFiles` + `LeaseFileLoader::load`),
//! for either family's rows.
//!
//! Order: `F.completed` if it exists, else `F.2` then `F.1`; then always `F`. Rows apply in
//! order, the last row for a key wins and a row with `valid_lifetime` 0 deletes it.
//! Bad rows are logged (`DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR`) and skipped; more than
//! `max-row-errors` (per file, when > 0) fails the load. A final line without a line
//! feed is what a crash in the middle of an append leaves behind: it was never
//! acknowledged, so it is skipped, logged as a WARN and counted as `truncated`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::paths::LeaseFilePaths;
use super::row::{decode_row, CsvRow, Schema, SchemaState};
use crate::backends::memfile::error::MemfileError;

/// The leases of a set of files, ordered by key.
pub type LeaseMap<R> = BTreeMap<<R as CsvRow>::Key, R>;

/// What a load found, for logs, statistics and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The files read, in order.
    pub files: Vec<PathBuf>,
    /// Data rows read (good, bad and truncated; header and blank lines excluded).
    pub rows: u64,
    /// Leases in memory after the load.
    pub leases: usize,
    /// Rows skipped because they did not parse or broke Kea's rules.
    pub errors: u64,
    /// Unterminated last lines skipped (crash during an append).
    pub truncated: u64,
    /// Some file had an older or newer schema (Kea runs an LFC to convert it).
    pub needs_conversion: bool,
}

/// What loading one file found out about the file itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileTail {
    /// Byte length of the file up to and including its last line feed.
    pub complete_len: u64,
    /// The file had bytes after its last line feed.
    pub truncated: bool,
}

/// Loads one file into `map`, updating `report`. A missing or empty file loads nothing.
pub fn load_file<R: CsvRow>(
    path: &Path,
    map: &mut LeaseMap<R>,
    max_row_errors: u32,
    report: &mut LoadReport,
) -> Result<FileTail, MemfileError> {
    log::info!(
        "DHCPSRV_MEMFILE_LEASE_FILE_LOAD loading leases from file {}",
        path.display()
    );
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(FileTail {
                complete_len: 0,
                truncated: false,
            })
        }
        Err(e) => return Err(MemfileError::io("open", path, e)),
    };
    report.files.push(path.to_path_buf());
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::with_capacity(256);
    let mut schema: Option<Schema> = None;
    let mut complete_len = 0u64;
    let mut errors = 0u32;
    let mut line_no = 0u64;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| MemfileError::io("read", path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if line.last() != Some(&b'\n') {
            // Unterminated last line: an append cut short by a crash.
            if schema.is_some() {
                report.rows += 1;
            }
            report.truncated += 1;
            log::warn!(
                "DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR discarding row {line_no}, error: truncated last line (no line feed) in {}: '{}'",
                path.display(),
                String::from_utf8_lossy(&line)
            );
            return Ok(FileTail {
                complete_len,
                truncated: true,
            });
        }
        complete_len += n as u64;
        let mut content = &line[..n - 1];
        if content.last() == Some(&b'\r') {
            content = &content[..content.len() - 1];
        }
        if content.is_empty() {
            continue;
        }
        let Some(schema) = &schema else {
            let s = Schema::from_header::<R>(content).map_err(|source| MemfileError::Header {
                path: path.to_path_buf(),
                source,
            })?;
            if s.state != SchemaState::Current {
                report.needs_conversion = true;
                log::warn!(
                    "{} version of lease file: {} schema is {} than version {}",
                    if s.state == SchemaState::NeedsUpgrade {
                        "DHCPSRV_MEMFILE_NEEDS_UPGRADING"
                    } else {
                        "DHCPSRV_MEMFILE_NEEDS_DOWNGRADING"
                    },
                    path.display(),
                    if s.state == SchemaState::NeedsUpgrade {
                        "earlier"
                    } else {
                        "later"
                    },
                    R::SCHEMA_VERSION
                );
            }
            schema = Some(s);
            continue;
        };
        report.rows += 1;
        match decode_row::<R>(content, schema) {
            Ok(lease) => {
                if lease.is_deletion() {
                    map.remove(&lease.key());
                } else {
                    map.insert(lease.key(), lease);
                }
            }
            Err(e) => {
                report.errors += 1;
                log::error!(
                    "DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR discarding row {line_no}, error: {e} (file {})",
                    path.display()
                );
                errors += 1;
                if max_row_errors > 0 && errors > max_row_errors {
                    return Err(MemfileError::TooManyRowErrors {
                        path: path.to_path_buf(),
                        max: max_row_errors,
                    });
                }
            }
        }
    }
    Ok(FileTail {
        complete_len,
        truncated: false,
    })
}

/// Loads the history files (`F.completed`, else `F.2` then `F.1`) into `map`: the part
/// of a startup load that LFC also does.
pub fn load_history<R: CsvRow>(
    paths: &LeaseFilePaths,
    map: &mut LeaseMap<R>,
    max_row_errors: u32,
    report: &mut LoadReport,
) -> Result<(), MemfileError> {
    if paths.completed.exists() {
        load_file(&paths.completed, map, max_row_errors, report)?;
    } else {
        load_file(&paths.previous, map, max_row_errors, report)?;
        load_file(&paths.input, map, max_row_errors, report)?;
    }
    Ok(())
}

/// The full startup load: refuses while `F.pid` names a running process, then reads the
/// history files and `F`. Returns the leases, the report and what was found at `F`'s end.
pub fn load_all<R: CsvRow>(
    paths: &LeaseFilePaths,
    max_row_errors: u32,
) -> Result<(LeaseMap<R>, LoadReport, FileTail), MemfileError> {
    check_pid_file(&paths.pid)?;
    let mut map = LeaseMap::new();
    let mut report = LoadReport::default();
    load_history(paths, &mut map, max_row_errors, &mut report)?;
    let tail = load_file(&paths.current, &mut map, max_row_errors, &mut report)?;
    report.leases = map.len();
    Ok((map, report, tail))
}

/// Kea's `PIDFile::check`: an error when `path` names a live process. A PID file that
/// names this very process is stale (left by an LFC of ours that crashed, with the PID
/// reused after restart, e.g. PID 1 in a container) and is ignored.
pub fn check_pid_file(path: &Path) -> Result<(), MemfileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(MemfileError::io("read", path, e)),
    };
    let pid: i32 = text
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| MemfileError::BadPidFile {
            path: path.to_path_buf(),
        })?;
    if pid <= 0 || u32::try_from(pid).ok() == Some(std::process::id()) {
        return Ok(());
    }
    let alive = match nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) {
        Ok(()) => true,
        Err(e) => e == nix::errno::Errno::EPERM,
    };
    if alive {
        return Err(MemfileError::LfcRunning {
            path: path.to_path_buf(),
            pid,
        });
    }
    Ok(())
}
