//! Acceptance and rejection agree with Kea 2.2 itself (`kea-dhcp4 -t`) on the
//! fixtures in `tests/fixtures/config/{valid,invalid}`. Fixtures in `ruru-only/`
//! are refused by ruru on purpose (not supported yet, or stricter) and are not
//! compared.

use std::path::{Path, PathBuf};
use std::process::Command;

fn kea_dhcp4() -> PathBuf {
    let found = [
        "/usr/sbin/kea-dhcp4",
        "/usr/bin/kea-dhcp4",
        "/usr/local/sbin/kea-dhcp4",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    found.unwrap_or_else(|| {
        panic!("kea-dhcp4 is not installed: run `apt-get install kea-dhcp4-server` (this test compares ruru with Kea 2.2)")
    })
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn kea_accepts(kea: &Path, file: &Path) -> (bool, String) {
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

#[test]
fn ruru_and_kea_accept_the_same_valid_fixtures() {
    let kea = kea_dhcp4();
    for f in fixtures("valid") {
        let (kea_ok, kea_out) = kea_accepts(&kea, &f);
        assert!(kea_ok, "Kea rejects {}: {kea_out}", f.display());
        if let Err(e) = ruru::config::load_dhcp4_file(&f) {
            panic!("ruru rejects {} which Kea accepts: {e}", f.display());
        }
    }
}

#[test]
fn ruru_and_kea_reject_the_same_invalid_fixtures() {
    let kea = kea_dhcp4();
    for f in fixtures("invalid") {
        let (kea_ok, _) = kea_accepts(&kea, &f);
        assert!(!kea_ok, "Kea accepts {} (move it to valid/)", f.display());
        assert!(
            ruru::config::load_dhcp4_file(&f).is_err(),
            "ruru accepts {} which Kea rejects",
            f.display()
        );
    }
}
