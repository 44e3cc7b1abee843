//! The lease file `F` opened for appending: one `write(2)` per row on an `O_APPEND`
//! descriptor, so a row is either wholly in the file or (after a crash mid-write) an
//! unterminated tail that the loader skips.
//!
//! fsync policy: no per-row fsync (Kea does none either). A row is in the kernel's page
//! cache when its write returns, which survives a crash of ruru but not of the machine.
//! `sync_data` (fdatasync) runs before LFC rotates `F` away, on [`AppendFile::sync`]
//! (shutdown) and on drop.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::backends::memfile::error::MemfileError;

/// An open lease file to which rows are appended.
#[derive(Debug)]
pub struct AppendFile {
    file: File,
    path: PathBuf,
    /// Bytes of complete rows in the file: a failed write is cut back to this length.
    len: u64,
}

impl AppendFile {
    /// Opens `path` for appending. `complete_len` is the length of its complete lines as
    /// found by the loader: a cut-off tail beyond it is truncated away (so the next row
    /// does not glue onto it), and a file without a header gets `header`.
    pub fn open(path: &Path, complete_len: u64, header: &str) -> Result<Self, MemfileError> {
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| MemfileError::io("open", path, e))?;
        let len = file
            .metadata()
            .map_err(|e| MemfileError::io("stat", path, e))?
            .len();
        let len = if len > complete_len {
            log::warn!(
                "DHCPSRV_MEMFILE_LEASE_FILE_TRUNCATED dropping {} byte(s) of an unterminated last line of {}",
                len - complete_len,
                path.display()
            );
            file.set_len(complete_len)
                .map_err(|e| MemfileError::io("truncate", path, e))?;
            complete_len
        } else {
            len
        };
        let mut me = AppendFile {
            file,
            path: path.to_path_buf(),
            len,
        };
        if complete_len == 0 {
            let mut line = String::with_capacity(header.len() + 1);
            line.push_str(header);
            line.push('\n');
            me.append(line.as_bytes())?;
        }
        Ok(me)
    }

    /// Creates `path` afresh (truncating it) with only `header`.
    pub fn create(path: &Path, header: &str) -> Result<Self, MemfileError> {
        File::create(path).map_err(|e| MemfileError::io("create", path, e))?;
        Self::open(path, 0, header)
    }

    /// Appends complete rows (each ending with a line feed) in one write. On failure
    /// (e.g. disk full) any partly written bytes are cut off again, best effort, so the
    /// file never holds half a row followed by more rows.
    pub fn append(&mut self, rows: &[u8]) -> Result<(), MemfileError> {
        match self.file.write_all(rows) {
            Ok(()) => {
                self.len += rows.len() as u64;
                Ok(())
            }
            Err(e) => {
                let _ = self.file.set_len(self.len);
                Err(MemfileError::io("write", &self.path, e))
            }
        }
    }

    /// Flushes the file's data to stable storage (fdatasync).
    pub fn sync(&self) -> Result<(), MemfileError> {
        self.file
            .sync_data()
            .map_err(|e| MemfileError::io("fdatasync", &self.path, e))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for AppendFile {
    fn drop(&mut self) {
        if let Err(e) = self.file.sync_data() {
            log::warn!("fdatasync of {} failed: {e}", self.path.display());
        }
    }
}

/// fsyncs a directory so renames and creations in it are durable.
pub fn sync_dir(file_in_dir: &Path) -> Result<(), MemfileError> {
    let dir = match file_in_dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| MemfileError::io("fsync directory", dir, e))
}
