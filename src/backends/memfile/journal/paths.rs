//! The file names derived from lease file `F` by Kea's Lease File Cleanup scheme.

use std::path::{Path, PathBuf};

/// `F` and its LFC companions (`F.1`, `F.2`, `F.output`, `F.completed`, `F.pid`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseFilePaths {
    /// `F`: the file the server appends to.
    pub current: PathBuf,
    /// `F.1`: the rotated copy of `F` that LFC compacts (Kea's `FILE_INPUT`).
    pub input: PathBuf,
    /// `F.2`: the result of the previous LFC (Kea's `FILE_PREVIOUS`).
    pub previous: PathBuf,
    /// `F.output`: LFC's work in progress.
    pub output: PathBuf,
    /// `F.completed`: a finished LFC output not yet rotated into `F.2`.
    pub completed: PathBuf,
    /// `F.pid`: PID of the process running an LFC.
    pub pid: PathBuf,
}

impl LeaseFilePaths {
    /// Derives all names from `F`.
    pub fn new(current: &Path) -> Self {
        let with = |suffix: &str| {
            let mut s = current.as_os_str().to_owned();
            s.push(suffix);
            PathBuf::from(s)
        };
        LeaseFilePaths {
            current: current.to_path_buf(),
            input: with(".1"),
            previous: with(".2"),
            output: with(".output"),
            completed: with(".completed"),
            pid: with(".pid"),
        }
    }
}
