//! Kea 2.2's own configuration check (`kea-dhcp4 -t` / `kea-dhcp6 -t`), the
//! reference the acceptance tests compare ruru with.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `.json` files of `dir`, sorted (the fixture and example sets).
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// The installed Kea server `program` (`kea-dhcp4`, `kea-dhcp6`); fails
/// loudly with what to install when it is missing.
pub fn kea_binary(program: &str) -> PathBuf {
    ["/usr/sbin", "/usr/bin", "/usr/local/sbin"]
        .iter()
        .map(|d| Path::new(d).join(program))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!("{program} is not installed: run `apt-get install kea-dhcp4-server kea-dhcp6-server` (this test compares ruru with Kea 2.2)")
        })
}

/// Whether `kea -t file` accepts the file, and what it printed.
pub fn kea_accepts(kea: &Path, file: &Path) -> (bool, String) {
    let out = Command::new(kea)
        .arg("-t")
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", kea.display()));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}
