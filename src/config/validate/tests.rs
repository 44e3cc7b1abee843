//! The generic validators name the JSON path under the map they check:
//! `Dhcp4.` for a `Dhcp4` error, `Dhcp6.` for a `Dhcp6` one.

use serde_json::{json, Value};

/// One family's names and values for the same configuration mistakes.
struct Family {
    root: &'static str,
    subnets: &'static str,
    prefix: [&'static str; 2],
    outside_pool: &'static str,
    pools: [&'static str; 2],
    relay: &'static str,
}

const V4: Family = Family {
    root: "Dhcp4",
    subnets: "subnet4",
    prefix: ["192.0.2.0/24", "198.51.100.0/24"],
    outside_pool: "203.0.113.1 - 203.0.113.9",
    pools: ["192.0.2.0/25", "192.0.2.64/26"],
    relay: "2001:db8::1",
};

const V6: Family = Family {
    root: "Dhcp6",
    subnets: "subnet6",
    prefix: ["2001:db8:1::/64", "2001:db8:2::/64"],
    outside_pool: "2001:db8:9::1 - 2001:db8:9::9",
    pools: ["2001:db8:1::/120", "2001:db8:1::40/122"],
    relay: "192.0.2.1",
};

/// The error of `map` as the `f.root` map.
fn error(f: &Family, map: Value) -> String {
    let top = json!({ f.root: map });
    let result = if f.root == "Dhcp4" {
        crate::config::parse_dhcp4_value(&top).map(|_| ())
    } else {
        crate::config::parse_dhcp6_value(&top).map(|_| ())
    };
    match result {
        Ok(()) => panic!("{}: accepted {map}", f.root),
        Err(e) => e.to_string(),
    }
}

/// Each case: a configuration mistake and the path its error names (`{r}`
/// is the root, `{s}` the subnet list).
fn cases(f: &Family) -> Vec<(Value, String)> {
    let (r, s) = (f.root, f.subnets);
    let subnet = |i: usize| json!({ "id": i + 1, "subnet": f.prefix[i] });
    vec![
        (
            json!({ "option-data": [ { "code": 0, "data": "" } ] }),
            format!("{r}.option-data[0].code: "),
        ),
        (
            json!({ "loggers": [ { "name": "x", "severity": "LOUD" } ] }),
            format!("{r}.loggers[0].severity: "),
        ),
        (
            json!({ "control-socket": { "socket-type": "tcp", "socket-name": "/s" } }),
            format!("{r}.control-socket.socket-type: "),
        ),
        (
            json!({ "expired-leases-processing": { "max-reclaim-time": 20000 } }),
            format!("{r}.expired-leases-processing.max-reclaim-time: "),
        ),
        (
            json!({ "sanity-checks": { "lease-checks": "sometimes" } }),
            format!("{r}.sanity-checks.lease-checks: "),
        ),
        (
            json!({ "host-reservation-identifiers": [ "duid", "duid" ] }),
            format!("{r}.host-reservation-identifiers[1]: "),
        ),
        (
            json!({ "lease-database": { "type": "mysql", "name": "kea", "port": 70000 } }),
            format!("{r}.lease-database.port: "),
        ),
        (
            json!({ "hosts-databases": [ { "type": "postgresql", "name": "h", "connect-timeout": 0 } ] }),
            format!("{r}.hosts-databases[0].connect-timeout: "),
        ),
        (
            json!({ "reservation-mode": "sometimes" }),
            format!("{r}.reservation-mode: "),
        ),
        (
            json!({ "shared-networks": [ { "name": "a", "valid-lifetime": 100, "min-valid-lifetime": 200 } ] }),
            format!("{r}.shared-networks[0]: "),
        ),
        (
            json!({ "shared-networks": [ { "name": "a", "renew-timer": 200, "rebind-timer": 100 } ] }),
            format!("{r}.shared-networks[0]: "),
        ),
        (
            json!({ "shared-networks": [ { "name": "a", "relay": { "ip-addresses": [ f.relay ] } } ] }),
            format!("{r}.shared-networks[0].relay.ip-addresses[0]: "),
        ),
        (
            json!({ "shared-networks": [ { "name": "a" }, { "name": "a" } ] }),
            format!("{r}.shared-networks[1].name: "),
        ),
        (
            json!({ s: [ { "subnet": "nonsense" } ] }),
            format!("{r}.{s}[0].subnet: "),
        ),
        (
            json!({ s: [ { "id": 1, "subnet": f.prefix[0], "pools": [ { "pool": f.outside_pool } ] } ] }),
            format!("{r}.{s}[0].pools[0].pool: "),
        ),
        (
            json!({ s: [ subnet(0), { "id": 1, "subnet": f.prefix[1] } ] }),
            format!("{r}.{s}[1].id: "),
        ),
        (
            json!({ s: [
                { "id": 1, "subnet": f.prefix[0], "pools": [ { "pool": f.pools[0] } ] },
                { "id": 2, "subnet": f.prefix[0].replace("/64", "/56").replace("/24", "/23"),
                  "pools": [ { "pool": f.pools[1] } ] } ] }),
            format!("{r}.{s}[1].pools[0].pool: "),
        ),
        (
            json!({ "reservations": [
                { "hw-address": "01:02:03:04:05:06", "hostname": "a" },
                { "hw-address": "01:02:03:04:05:06", "hostname": "b" } ] }),
            format!("{r}.reservations[1].hw-address: "),
        ),
        (
            json!({ s: [ { "id": 1, "subnet": f.prefix[0], "hostname-char-set": "x" } ] }),
            format!("{r}.{s}[0]: 'hostname-char-set' is not supported yet"),
        ),
        (
            json!({ "shared-networks": [ { "name": "a", "ddns-send-updates": false } ] }),
            format!("{r}.shared-networks[0]: 'ddns-send-updates' is not supported yet"),
        ),
    ]
}

#[test]
fn dhcp4_errors_name_their_dhcp4_path_and_dhcp6_errors_their_dhcp6_path() {
    for f in [&V4, &V6] {
        for (map, path) in cases(f) {
            let e = error(f, map.clone());
            assert!(
                e.starts_with(&path),
                "{}: {map}: {e} (expected {path})",
                f.root
            );
        }
    }
}

#[test]
fn timers_are_checked_where_a_network_uses_them_not_globally_in_both_families() {
    // Kea 2.2 accepts renew > rebind at the global level when no network
    // inherits both (kea-dhcp4 -t and kea-dhcp6 -t agree).
    assert!(crate::config::parse_dhcp4_value(
        &json!({ "Dhcp4": { "renew-timer": 200, "rebind-timer": 100 } })
    )
    .is_ok());
    assert!(crate::config::parse_dhcp6_value(
        &json!({ "Dhcp6": { "renew-timer": 200, "rebind-timer": 100 } })
    )
    .is_ok());
}

#[test]
fn reservation_mode_with_a_reservation_flag_is_refused_globally_in_both_families() {
    for f in [&V4, &V6] {
        let e = error(
            f,
            json!({ "reservation-mode": "global", "reservations-global": true }),
        );
        assert!(
            e.starts_with(&format!(
                "{}: invalid use of both 'reservation-mode'",
                f.root
            )),
            "{e}"
        );
    }
}

#[test]
fn an_empty_hex_value_for_a_string_option_is_refused_in_both_families() {
    let e = error(
        &V4,
        json!({ "option-data": [ { "name": "domain-name", "data": "", "csv-format": false } ] }),
    );
    assert!(e.starts_with("Dhcp4.option-data[0].data: "), "{e}");
    let e = error(
        &V6,
        json!({ "option-data": [ { "name": "new-posix-timezone", "data": "", "csv-format": false } ] }),
    );
    assert!(e.starts_with("Dhcp6.option-data[0].data: "), "{e}");
}
