//! Kea 2.2's own example configurations (`kea-doc`,
//! /usr/share/doc/kea/examples/kea4 and kea6): every one that
//! `kea-dhcp4 -t` / `kea-dhcp6 -t` accepts loads in ruru, and its effective
//! configuration loads again to the same model, but for the features ruru
//! does not have yet, which are refused as "not supported yet".

use std::path::{Path, PathBuf};

use crate::support::kea_check::{json_files, kea_accepts, kea_binary};
use ruru::config::{
    load_dhcp4_file, load_dhcp6_file, parse_dhcp4_value, parse_dhcp6_value, ConfigError,
};

/// Examples Kea accepts that ruru refuses on purpose, with why.
const NOT_YET: &[(&str, &str)] = &[
    (
        "kea4/dhcpv4-over-dhcpv6.json",
        "DHCPv4-over-DHCPv6 (dhcp4o6-port)",
    ),
    ("kea4/with-ddns.json", "dynamic DNS updates (issue 12)"),
    ("kea6/with-ddns.json", "dynamic DNS updates (issue 12)"),
];

fn examples(family: &str) -> Vec<PathBuf> {
    let dir = Path::new("/usr/share/doc/kea/examples").join(family);
    assert!(
        dir.is_dir(),
        "Kea example configs missing: apt-get install kea-doc (provides {})",
        dir.display()
    );
    json_files(&dir)
}

fn kea_accepts_file(program: &str, file: &Path) -> bool {
    kea_accepts(&kea_binary(program), file).0
}

fn check_family<C: PartialEq + std::fmt::Debug>(
    family: &str,
    program: &str,
    load: fn(&Path) -> Result<C, ConfigError>,
    again: fn(&C) -> Result<C, ConfigError>,
) {
    let mut loaded = 0;
    for f in examples(family) {
        if !kea_accepts_file(program, &f) {
            continue;
        }
        let key = format!(
            "{family}/{}",
            f.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        match (load(&f), NOT_YET.iter().find(|(k, _)| *k == key)) {
            (Ok(c), None) => {
                let second = again(&c).unwrap_or_else(|e| panic!("{key} round trip: {e}"));
                assert_eq!(
                    c, second,
                    "{key}: the effective configuration loads to the same model"
                );
                loaded += 1;
            }
            (Err(ConfigError::NotSupported { .. }), Some(_)) => {}
            (Err(e), None) => panic!("{key}: Kea accepts it, ruru refuses it: {e}"),
            (Ok(_), Some((_, why))) => panic!("{key} loads now: remove it from NOT_YET ({why})"),
            (Err(e), Some((_, why))) => {
                panic!("{key} ({why}) must be refused as not supported yet, got: {e}")
            }
        }
    }
    assert!(loaded > 10, "{family}: only {loaded} examples loaded");
}

#[test]
fn every_dhcpv4_example_kea_accepts_loads_but_the_unsupported_features() {
    check_family("kea4", "kea-dhcp4", load_dhcp4_file, |c| {
        parse_dhcp4_value(&c.effective)
    });
}

#[test]
fn every_dhcpv6_example_kea_accepts_loads_but_the_unsupported_features() {
    check_family("kea6", "kea-dhcp6", load_dhcp6_file, |c| {
        parse_dhcp6_value(&c.effective)
    });
}
