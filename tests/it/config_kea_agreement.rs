//! Acceptance and rejection agree with Kea 2.2 itself (`kea-dhcp4 -t`) on the
//! fixtures in `tests/fixtures/config/{valid,invalid}`. Fixtures in `ruru-only/`
//! are refused by ruru on purpose (not supported yet, or stricter) and are not
//! compared.

use std::path::{Path, PathBuf};

use crate::support::kea_check::{json_files, kea_accepts, kea_binary};

fn kea_dhcp4() -> PathBuf {
    kea_binary("kea-dhcp4")
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    json_files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/config")
            .join(dir),
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
