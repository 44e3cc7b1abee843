//! The lease4 command handlers (the shared lease handlers over `V4` and the
//! DHCPv4-only ones) against a small in-memory `LeaseStore`, with the
//! texts Kea 2.2 answers (checked against a running kea-dhcp4 with lease_cmds).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::sync::Mutex;

use ruru::backends::error::{ErrorClass, StoreError};
use ruru::backends::lease::{Lease4, LeaseState};
use ruru::backends::lease_store::LeaseStore;
use ruru::commands::family::V4;
use ruru::commands::lease::*;
use ruru::commands::protocol::Response;
use ruru::config::model::*;
use ruru::stats::Stats;
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
#[error("test store failure")]
struct TestError;

impl StoreError for TestError {
    fn class(&self) -> ErrorClass {
        ErrorClass::Operation
    }
}

/// Leases by address; `fail` makes every call error out.
#[derive(Default)]
struct MapStore {
    leases: Mutex<BTreeMap<Ipv4Addr, Lease4>>,
    fail: bool,
}

impl MapStore {
    fn map(&self) -> Result<std::sync::MutexGuard<'_, BTreeMap<Ipv4Addr, Lease4>>, TestError> {
        if self.fail {
            return Err(TestError);
        }
        Ok(self.leases.lock().expect("lock"))
    }

    fn filtered(&self, f: impl Fn(&Lease4) -> bool) -> Result<Vec<Lease4>, TestError> {
        Ok(self.map()?.values().filter(|l| f(l)).cloned().collect())
    }
}

impl LeaseStore for MapStore {
    type Error = TestError;

    async fn get4(&self, a: Ipv4Addr) -> Result<Option<Lease4>, TestError> {
        Ok(self.map()?.get(&a).cloned())
    }
    async fn get4_by_hwaddr(&self, hw: &[u8], s: Option<u32>) -> Result<Vec<Lease4>, TestError> {
        self.filtered(|l| l.hwaddr == hw && s.is_none_or(|s| l.subnet_id == s))
    }
    async fn get4_by_client_id(&self, id: &[u8], s: Option<u32>) -> Result<Vec<Lease4>, TestError> {
        self.filtered(|l| l.client_id.as_deref() == Some(id) && s.is_none_or(|s| l.subnet_id == s))
    }
    async fn get4_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease4>, TestError> {
        self.filtered(|l| subnets.is_none_or(|s| s.contains(&l.subnet_id)))
    }
    async fn get4_page(&self, after: Ipv4Addr, limit: usize) -> Result<Vec<Lease4>, TestError> {
        Ok(self
            .filtered(|l| l.address > after)?
            .into_iter()
            .take(limit)
            .collect())
    }
    async fn add4(&self, lease: &Lease4) -> Result<bool, TestError> {
        let mut m = self.map()?;
        if m.contains_key(&lease.address) {
            return Ok(false);
        }
        m.insert(lease.address, lease.clone());
        Ok(true)
    }
    async fn update4(&self, lease: &Lease4) -> Result<bool, TestError> {
        let mut m = self.map()?;
        match m.get_mut(&lease.address) {
            Some(l) => {
                *l = lease.clone();
                Ok(true)
            }
            None => Ok(false),
        }
    }
    async fn replace4(&self, old: &Lease4, new: &Lease4) -> Result<bool, TestError> {
        let mut m = self.map()?;
        if m.get(&old.address) != Some(old) {
            return Ok(false);
        }
        m.insert(new.address, new.clone());
        Ok(true)
    }
    async fn delete4(&self, a: Ipv4Addr) -> Result<bool, TestError> {
        Ok(self.map()?.remove(&a).is_some())
    }
    async fn expired4(&self, now: i64, limit: usize) -> Result<Vec<Lease4>, TestError> {
        let v = self.filtered(|l| l.state != LeaseState::ExpiredReclaimed && l.is_expired(now))?;
        Ok(if limit == 0 {
            v
        } else {
            v.into_iter().take(limit).collect()
        })
    }
    async fn flush_reclaimed4(&self, before: i64) -> Result<u64, TestError> {
        let mut m = self.map()?;
        let n = m.len();
        m.retain(|_, l| !(l.state == LeaseState::ExpiredReclaimed && l.expire() < before));
        Ok((n - m.len()) as u64)
    }
    async fn wipe4(&self, subnet: Option<u32>) -> Result<u64, TestError> {
        let mut m = self.map()?;
        let n = m.len();
        m.retain(|_, l| subnet.is_some_and(|s| l.subnet_id != s));
        Ok((n - m.len()) as u64)
    }
}

fn subnet(id: u32, prefix: &str) -> Subnet4 {
    Subnet4 {
        id,
        prefix: prefix.parse().expect("prefix"),
        pools: vec![],
        options: vec![],
        classes: Default::default(),
        relay_addresses: vec![],
        interface: None,
        shared_network: None,
        reservations: vec![],
        valid_lifetime: Lifetime {
            min: 4000,
            default: 4000,
            max: 4000,
        },
        renew_timer: None,
        rebind_timer: None,
        calculate_tee_times: false,
        t1_percent: 0.5,
        t2_percent: 0.875,
        authoritative: false,
        match_client_id: true,
        next_server: Ipv4Addr::UNSPECIFIED,
        server_hostname: String::new(),
        boot_file_name: String::new(),
        reservations_in_subnet: true,
        reservations_out_of_pool: false,
    }
}

/// Two subnets, as in the Kea configuration the texts were taken from.
fn config() -> Dhcp4Config {
    Dhcp4Config {
        interfaces: InterfacesConfig {
            interfaces: vec![],
            socket_type: SocketType::Udp,
            use_routing: false,
            require_all: false,
        },
        lease_database: LeaseDatabase::Memfile {
            persist: false,
            name: PathBuf::from("/tmp/none.csv"),
            lfc_interval: 0,
            max_row_errors: 0,
        },
        hosts_databases: vec![],
        subnets: vec![subnet(1, "192.0.2.0/24"), subnet(2, "198.51.100.0/24")],
        global_options: vec![],
        client_classes: vec![],
        option_defs: Default::default(),
        global_reservations: vec![],
        reservations_global: false,
        host_reservation_identifiers: vec![],
        echo_client_id: true,
        decline_probation_period: 86400,
        control_socket: None,
        loggers: vec![],
        expired_leases: ExpiredLeasesProcessing {
            reclaim_timer_wait_time: 10,
            flush_reclaimed_timer_wait_time: 25,
            hold_reclaimed_time: 3600,
            max_reclaim_leases: 100,
            max_reclaim_time: 250,
            unwarned_reclaim_cycles: 5,
        },
        server_tag: String::new(),
        config_control: None,
        statistic_sample_count: 20,
        effective: json!({}),
    }
}

struct World {
    store: MapStore,
    cfg: Dhcp4Config,
    stats: Stats,
}

fn world() -> World {
    World {
        store: MapStore::default(),
        cfg: config(),
        stats: Stats::default(),
    }
}

fn text(r: &Response) -> &str {
    r.text.as_deref().unwrap_or("")
}

fn assert_reply(r: &Response, result: i32, expected: &str) {
    assert_eq!((r.result, text(r)), (result, expected), "{r:?}");
}

impl World {
    async fn add(&self, args: Value) -> Response {
        lease_add::<V4, _>(&self.store, &self.cfg, &self.stats, Some(&args)).await
    }
    async fn update(&self, args: Value) -> Response {
        lease_update::<V4, _>(&self.store, &self.cfg, &self.stats, Some(&args)).await
    }
    async fn del(&self, args: Value) -> Response {
        lease_del::<V4, _>(&self.store, &self.stats, Some(&args)).await
    }
    async fn get(&self, args: Value) -> Response {
        lease_get::<V4, _>(&self.store, Some(&args)).await
    }
    fn stat(&self, name: &str) -> Option<i64> {
        self.stats.get(name)
    }
    fn count(&self) -> usize {
        self.store.leases.lock().expect("lock").len()
    }
}

#[actix_rt::test]
async fn add_then_get_returns_keas_lease_map() {
    let w = world();
    let r = w
        .add(json!({"ip-address": "192.0.2.20", "hw-address": "1:2:3:4:5:6", "client-id": "01aabb",
                    "hostname": "Mixed.Case", "fqdn-fwd": true, "expire": 2000000000, "valid-lft": 100,
                    "user-context": {"b": 1}, "comment": "hi"}))
        .await;
    assert_reply(&r, 0, "Lease for address 192.0.2.20, subnet-id 1 added.");
    let r = w.get(json!({"ip-address": "192.0.2.20"})).await;
    assert_reply(&r, 0, "IPv4 lease found.");
    assert_eq!(
        r.to_kea_string(),
        r#"{ "arguments": { "client-id": "01:aa:bb", "cltt": 1999999900, "fqdn-fwd": true, "fqdn-rev": false, "hostname": "mixed.case", "hw-address": "01:02:03:04:05:06", "ip-address": "192.0.2.20", "state": 0, "subnet-id": 1, "user-context": { "b": 1, "comment": "hi" }, "valid-lft": 100 }, "result": 0, "text": "IPv4 lease found." }"#
    );
    let by_hw =
        json!({"identifier-type": "hw-address", "identifier": "01:02:03:04:05:06", "subnet-id": 1});
    assert_reply(&w.get(by_hw).await, 0, "IPv4 lease found.");
    let by_id = json!({"identifier-type": "client-id", "identifier": "01:aa:bb", "subnet-id": 1});
    assert_reply(&w.get(by_id).await, 0, "IPv4 lease found.");
    let wrong_subnet =
        json!({"identifier-type": "client-id", "identifier": "01aabb", "subnet-id": 2});
    assert_reply(&w.get(wrong_subnet).await, 3, "Lease not found.");
}

#[actix_rt::test]
async fn add_selects_the_subnet_and_defaults_from_it() {
    let w = world();
    let r = w
        .add(json!({"ip-address": "198.51.100.7", "hw-address": ""}))
        .await;
    assert_reply(&r, 0, "Lease for address 198.51.100.7, subnet-id 2 added.");
    let lease = w.store.leases.lock().expect("lock")[&"198.51.100.7".parse().expect("ip")].clone();
    assert_eq!((lease.subnet_id, lease.valid_lifetime), (2, 4000));
    // Extensions: `cltt` is honoured, a declined lease needs no hw-address.
    let r = w
        .add(json!({"ip-address": "192.0.2.8", "hw-address": "01:02", "cltt": 1000}))
        .await;
    assert_reply(&r, 0, "Lease for address 192.0.2.8, subnet-id 1 added.");
    assert_eq!(
        w.store.leases.lock().expect("lock")[&"192.0.2.8".parse().expect("ip")].cltt,
        1000
    );
    let r = w.add(json!({"ip-address": "192.0.2.9", "state": 1})).await;
    assert_reply(&r, 0, "Lease for address 192.0.2.9, subnet-id 1 added.");
}

#[actix_rt::test]
async fn bad_add_arguments_get_keas_texts_and_change_nothing() {
    let w = world();
    let cases = [
        (json!({}), "missing parameter 'ip-address'"),
        (json!({"ip-address": 5, "hw-address": "01:02"}), "invalid type specified for parameter 'ip-address'"),
        (json!({"ip-address": "abc", "hw-address": "01:02"}),
         "Failed to convert 'abc' to address: Failed to convert string to address 'abc': Invalid argument"),
        (json!({"ip-address": "2001:db8::1", "hw-address": "01:02"}), "Non-IPv4 address specified: 2001:db8::1"),
        (json!({"ip-address": "192.0.2.1"}), "missing parameter 'hw-address'"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "zz"}),
         "'z' is not a valid hexadecimal digit in decoded string 'zz'"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "1a1b1c"}), "invalid format of the decoded string '1a1b1c'"),
        (json!({"ip-address": "10.0.0.1", "hw-address": "01:02"}),
         "subnet-id not specified and failed to find a subnet for address 10.0.0.1"),
        (json!({"ip-address": "10.0.0.1", "hw-address": "01:02", "subnet-id": 1}),
         "The address 10.0.0.1 does not belong to subnet 192.0.2.0/24, subnet-id=1"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "subnet-id": 7}),
         "Invalid subnet-id: No IPv4 subnet with subnet-id=7 currently configured."),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "valid-lft": -5}),
         "out of range value (-5) specified for parameter 'valid-lft'"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "expire": -5}),
         "expiration time must be positive for address 192.0.2.1"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "expire": 5, "valid-lft": 10}),
         "expiration time must be greater than valid lifetime for address 192.0.2.1"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "fqdn-rev": true}),
         "No hostname specified and either forward or reverse fqdn was set to true."),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "state": 3}),
         "Invalid state value: 3, supported values are: 0 (default), 1 (declined) and 2 (expired-reclaimed)"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "user-context": 5}),
         "Invalid user context '5' is not a JSON map."),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "client-id": ""}), "Empty DUIDs are not allowed"),
        (json!({"ip-address": "192.0.2.1", "hw-address": "01:02:03:04:05:06:07:08:09:10:11:12:13:14:15:16:17:18:19:20:21"}),
         "address vector size exceeds MAX_HWADDR_LEN"),
    ];
    for (args, expected) in cases {
        assert_reply(&w.add(args).await, 1, expected);
    }
    assert_reply(
        &lease_add::<V4, _>(&w.store, &w.cfg, &w.stats, None).await,
        1,
        "no parameters specified for the command",
    );
    assert_eq!(w.count(), 0);
    assert_eq!(w.stat("subnet[1].assigned-addresses"), None);
}

#[actix_rt::test]
async fn duplicate_add_is_an_error() {
    let w = world();
    let args = json!({"ip-address": "192.0.2.1", "hw-address": "01:02"});
    assert_eq!(w.add(args.clone()).await.result, 0);
    assert_reply(&w.add(args).await, 1, "IPv4 lease already exists.");
    assert_eq!(w.stat("subnet[1].assigned-addresses"), Some(1));
}

#[actix_rt::test]
async fn get_errors_and_not_found() {
    let w = world();
    assert_reply(
        &w.get(json!({"ip-address": "192.0.2.99"})).await,
        3,
        "Lease not found.",
    );
    assert_reply(
        &lease_get::<V4, _>(&w.store, None).await,
        1,
        "Parameters missing or are not a map.",
    );
    let cases = [
        (json!({}), "Mandatory 'subnet-id' parameter missing."),
        (json!({"ip-address": 1}), "'ip-address' is not a string."),
        (json!({"ip-address": "x"}), "Failed to convert string to address 'x': Invalid argument"),
        (json!({"ip-address": "::1"}), "Invalid IPv4 address specified: ::1"),
        (json!({"identifier": "01", "subnet-id": 1}),
         "No 'ip-address' provided and 'identifier-type' is either missing or not a string."),
        (json!({"identifier-type": "hw-address", "subnet-id": 1}),
         "No 'ip-address' provided and 'identifier' is either missing or not a string."),
        (json!({"identifier-type": "hw-address", "identifier": "01", "subnet-id": "1"}),
         "'subnet-id' parameter is not integer."),
        (json!({"identifier-type": "duid", "identifier": "01:02", "subnet-id": 1}), "Query by duid is not allowed in v4."),
        (json!({"identifier-type": "foo", "identifier": "01", "subnet-id": 1}),
         "Incorrect identifier type: foo, the only supported values are: address, hw-address, duid"),
    ];
    for (args, expected) in cases {
        assert_reply(&w.get(args).await, 1, expected);
    }
}

#[actix_rt::test]
async fn list_commands_report_counts_and_empty_results() {
    let w = world();
    let r = lease_get_all::<V4, _>(&w.store, None).await;
    assert_eq!(
        r.to_kea_string(),
        r#"{ "arguments": { "leases": [  ] }, "result": 3, "text": "0 IPv4 lease(s) found." }"#
    );
    for (ip, hw) in [
        ("192.0.2.20", "01:01"),
        ("192.0.2.21", "01:01"),
        ("198.51.100.20", "02:02"),
    ] {
        assert_eq!(
            w.add(json!({"ip-address": ip, "hw-address": hw, "hostname": "H"}))
                .await
                .result,
            0
        );
    }
    assert_reply(
        &lease_get_all::<V4, _>(&w.store, None).await,
        0,
        "3 IPv4 lease(s) found.",
    );
    let r = lease_get_all::<V4, _>(&w.store, Some(&json!({"subnets": [2, 1]}))).await;
    assert_reply(&r, 0, "3 IPv4 lease(s) found.");
    let args = r.arguments.expect("args");
    assert_eq!(
        args["leases"][0]["ip-address"], "198.51.100.20",
        "listed subnet order"
    );
    assert_reply(
        &lease_get_all::<V4, _>(&w.store, Some(&json!({}))).await,
        1,
        "'subnets' parameter not specified",
    );
    assert_reply(
        &lease_get_all::<V4, _>(&w.store, Some(&json!({"subnets": 1}))).await,
        1,
        "'subnets' parameter must be a list",
    );
    assert_reply(
        &lease_get_all::<V4, _>(&w.store, Some(&json!({"subnets": ["a"]}))).await,
        1,
        "listed subnet identifiers must be numbers",
    );

    let page = |from: &str, limit: i64| json!({"from": from, "limit": limit});
    let r = lease4_get_page(&w.store, Some(&page("start", 2))).await;
    assert_reply(&r, 0, "2 IPv4 lease(s) found.");
    assert_eq!(r.arguments.as_ref().expect("args")["count"], 2);
    let r = lease4_get_page(&w.store, Some(&page("192.0.2.21", 2))).await;
    assert_reply(&r, 0, "1 IPv4 lease(s) found.");
    let r = lease4_get_page(&w.store, Some(&page("198.51.100.20", 2))).await;
    assert_eq!(
        r.to_kea_string(),
        r#"{ "arguments": { "count": 0, "leases": [  ] }, "result": 3, "text": "0 IPv4 lease(s) found." }"#
    );
    for (args, expected) in [
        (
            page("start", 0),
            "page size of retrieved leases must not be 0",
        ),
        (
            page("start", -1),
            "page size of retrieved leases must not be greater than 4294967295",
        ),
        (
            page("bad", 1),
            "'from' parameter value is neither 'start' keyword nor a valid IPv4 address",
        ),
        (
            page("::", 1),
            "'from' parameter value :: is not an IPv4 address",
        ),
        (json!({"limit": 1}), "'from' parameter not specified"),
        (json!({"from": "start"}), "'limit' parameter not specified"),
    ] {
        assert_reply(&lease4_get_page(&w.store, Some(&args)).await, 1, expected);
    }
    assert_reply(
        &lease4_get_page(&w.store, None).await,
        1,
        "no parameters specified for the lease4-get-page command",
    );

    let r = lease4_get_by_hw_address(&w.store, Some(&json!({"hw-address": "01:01"}))).await;
    assert_reply(&r, 0, "2 IPv4 lease(s) found.");
    let r = lease4_get_by_hw_address(&w.store, Some(&json!({}))).await;
    assert_reply(&r, 1, "'hw-address' parameter not specified");
    let r = lease4_get_by_client_id(&w.store, Some(&json!({"client-id": "01:aa"}))).await;
    assert_reply(&r, 3, "0 IPv4 lease(s) found.");
    let r = lease4_get_by_client_id(&w.store, Some(&json!({"client-id": "01"}))).await;
    assert_reply(&r, 1, "client-id is too short (1), at least 2 is required");
    let r = lease4_get_by_hostname(&w.store, Some(&json!({"hostname": "h"}))).await;
    assert_reply(&r, 0, "3 IPv4 lease(s) found.");
    let r = lease4_get_by_hostname(&w.store, Some(&json!({"hostname": ""}))).await;
    assert_reply(&r, 1, "'hostname' parameter is empty");
    let r = lease4_get_by_hostname(&w.store, None).await;
    assert_reply(&r, 1, "Command arguments missing or a not a map.");
}

#[actix_rt::test]
async fn update_needs_the_lease_unless_force_create() {
    let w = world();
    let args = json!({"ip-address": "192.0.2.99", "hw-address": "01:02"});
    assert_reply(
        &w.update(args).await,
        1,
        "failed to update the lease with address 192.0.2.99 either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed",
    );
    assert_eq!(w.count(), 0);
    let forced = json!({"ip-address": "192.0.2.99", "hw-address": "01:02", "force-create": true});
    assert_reply(&w.update(forced).await, 0, "IPv4 lease added.");
    let changed = json!({"ip-address": "192.0.2.99", "hw-address": "01:03", "hostname": "new"});
    assert_reply(&w.update(changed).await, 0, "IPv4 lease updated.");
    let got = w.get(json!({"ip-address": "192.0.2.99"})).await;
    assert_eq!(got.arguments.expect("args")["hostname"], "new");
    assert_reply(
        &lease_update::<V4, _>(&w.store, &w.cfg, &w.stats, None).await,
        1,
        "no parameters specified for lease4-update command",
    );
    assert_eq!(w.stat("subnet[1].assigned-addresses"), Some(1));
}

#[actix_rt::test]
async fn delete_by_address_and_identifier() {
    let w = world();
    assert_reply(
        &w.del(json!({"ip-address": "192.0.2.1"})).await,
        3,
        "IPv4 lease not found.",
    );
    w.add(json!({"ip-address": "192.0.2.1", "hw-address": "01:02"}))
        .await;
    w.add(json!({"ip-address": "192.0.2.2", "hw-address": "01:03"}))
        .await;
    assert_reply(
        &w.del(json!({"ip-address": "192.0.2.1"})).await,
        0,
        "IPv4 lease deleted.",
    );
    let by_hw = json!({"identifier-type": "hw-address", "identifier": "01:03", "subnet-id": 1});
    assert_reply(&w.del(by_hw.clone()).await, 0, "IPv4 lease deleted.");
    assert_reply(&w.del(by_hw).await, 3, "IPv4 lease not found.");
    let by_duid = json!({"identifier-type": "duid", "identifier": "01:03", "subnet-id": 1});
    assert_reply(
        &w.del(by_duid).await,
        1,
        "Delete by duid is not allowed in v4.",
    );
    assert_eq!(w.count(), 0);
    assert_eq!(w.stat("subnet[1].assigned-addresses"), Some(0));
}

#[actix_rt::test]
async fn statistics_follow_adds_updates_and_deletes_like_kea() {
    let w = world();
    w.add(json!({"ip-address": "192.0.2.1", "hw-address": "01:02"}))
        .await;
    w.add(json!({"ip-address": "192.0.2.2", "hw-address": "01:02", "state": 1}))
        .await;
    w.add(json!({"ip-address": "198.51.100.3", "hw-address": "01:02", "state": 2}))
        .await;
    assert_eq!(w.stat("subnet[1].assigned-addresses"), Some(2));
    assert_eq!(w.stat("subnet[1].declined-addresses"), Some(1));
    assert_eq!(w.stat("declined-addresses"), Some(1));
    assert_eq!(
        w.stat("subnet[2].assigned-addresses"),
        None,
        "reclaimed leases are not counted"
    );

    // declined -> assigned
    w.update(json!({"ip-address": "192.0.2.2", "hw-address": "01:02"}))
        .await;
    assert_eq!(w.stat("declined-addresses"), Some(0));
    assert_eq!(w.stat("subnet[1].declined-addresses"), Some(0));
    assert_eq!(w.stat("subnet[1].assigned-addresses"), Some(2));
    // reclaimed -> assigned
    w.update(json!({"ip-address": "198.51.100.3", "hw-address": "01:02"}))
        .await;
    assert_eq!(w.stat("subnet[2].assigned-addresses"), Some(1));
    // delete a declined lease
    w.update(json!({"ip-address": "192.0.2.1", "hw-address": "01:02", "state": 1}))
        .await;
    assert_eq!(w.stat("declined-addresses"), Some(1));
    w.del(json!({"ip-address": "192.0.2.1"})).await;
    assert_eq!(w.stat("declined-addresses"), Some(0));
    assert_eq!(w.stat("subnet[1].assigned-addresses"), Some(1));
}

#[actix_rt::test]
async fn wipe_counts_and_resets_statistics() {
    let w = world();
    for (ip, state) in [("192.0.2.1", 0), ("192.0.2.2", 1), ("198.51.100.1", 1)] {
        w.add(json!({"ip-address": ip, "hw-address": "01:02", "state": state}))
            .await;
    }
    let wipe = |args: Value| {
        let w = &w;
        async move { lease_wipe::<V4, _>(&w.store, &w.cfg, &w.stats, Some(&args)).await }
    };
    assert_reply(
        &wipe(json!({"subnet-id": 2})).await,
        0,
        "Deleted 1 IPv4 lease(s) from subnet(s) 2",
    );
    assert_eq!(w.stat("subnet[2].assigned-addresses"), Some(0));
    assert_eq!(w.stat("declined-addresses"), Some(1));
    assert_reply(
        &wipe(json!({"subnet-id": 2})).await,
        3,
        "Deleted 0 IPv4 lease(s) from subnet(s) 2",
    );
    assert_reply(
        &wipe(json!({"subnet-id": "x"})).await,
        1,
        "invalid type specified for parameter 'subnet-id'",
    );
    assert_reply(
        &wipe(json!({})).await,
        0,
        "Deleted 2 IPv4 lease(s) from subnet(s) 1 2",
    );
    assert_eq!(w.stat("subnet[1].assigned-addresses"), Some(0));
    assert_eq!(w.stat("declined-addresses"), Some(0));
    assert_reply(
        &lease_wipe::<V4, _>(&w.store, &w.cfg, &w.stats, None).await,
        3,
        "Deleted 0 IPv4 lease(s) from subnet(s) 1 2",
    );
}

#[actix_rt::test]
async fn store_errors_are_result_one_with_their_text() {
    let w = World {
        store: MapStore {
            fail: true,
            ..MapStore::default()
        },
        ..world()
    };
    assert_reply(
        &w.get(json!({"ip-address": "192.0.2.1"})).await,
        1,
        "test store failure",
    );
    assert_reply(
        &w.add(json!({"ip-address": "192.0.2.1", "hw-address": "01"}))
            .await,
        1,
        "test store failure",
    );
    assert_eq!(w.stat("subnet[1].assigned-addresses"), None);
}
