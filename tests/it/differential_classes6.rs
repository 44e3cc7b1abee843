//! DHCPv6 client classification against Kea 2.2, answer by answer
//! (`kea-client-classes.md` V15, V16, V18): vendor-class (option 16) pools,
//! relay-option classes, KNOWN / UNKNOWN pools by DUID, DROP, class options
//! between the subnet's and the global ones.

use ruru::dhcp::v6::packet::{msg, opt, Message6, Opt6, Packet6};

use crate::support::server6::TestServer6;
use serde_json::{json, Value};

use crate::differential_kea6::{query, relay_to, run_with, seen, silence, with_ias};

/// Option 16 payload: enterprise then length-prefixed tuples.
fn vendor_class(enterprise: u32, tuples: &[&str]) -> Vec<u8> {
    let mut v = enterprise.to_be_bytes().to_vec();
    for t in tuples {
        v.extend((t.len() as u16).to_be_bytes());
        v.extend(t.as_bytes());
    }
    v
}

fn config(classes: Value, pools: Value) -> Value {
    json!({
        "interfaces-config": { "interfaces": [ "lo/::1" ] },
        "preferred-lifetime": 3000,
        "valid-lifetime": 4000,
        "option-data": [ { "name": "dns-servers", "data": "2001:db8::53" },
                         { "name": "sntp-servers", "data": "2001:db8::123" } ],
        "client-classes": classes,
        "subnet6": [{
            "id": 1,
            "subnet": "2001:db8:1::/64",
            "pools": pools
        }]
    })
}

/// A SOLICIT with an IA_NA from `client`, with option 16 when `vendor` has
/// tuples, relayed from the subnet's link.
fn solicit(s: &TestServer6, client: u8, vendor: Option<(u32, &[&str])>) -> Option<Packet6> {
    let mut m: Message6 = with_ias(query(msg::SOLICIT, client), true, false);
    if let Some((e, t)) = vendor {
        m.push(16, vendor_class(e, t));
    }
    relay_to(s, asking_23_and_31(m), "2001:db8:1::1")
}

/// `m` asking for DNS servers (23) and SNTP servers (31).
fn asking_23_and_31(mut m: Message6) -> Message6 {
    m.options.retain(|o| o.code != opt::ORO);
    m.push(
        opt::ORO,
        [23u16, 31].iter().flat_map(|c| c.to_be_bytes()).collect(),
    );
    m
}

#[test]
fn vendor_class_selects_the_pool_like_kea() {
    let cfg = config(
        json!([{"name": "foo", "test": "member('VENDOR_CLASS_foo')",
                "option-data": [{"name": "sntp-servers", "data": "2001:db8::f00"}]}]),
        json!([
            {"pool": "2001:db8:1::1:0/112", "client-class": "VENDOR_CLASS_docsis3.0"},
            {"pool": "2001:db8:1::2:0/112", "client-class": "VENDOR_CLASS_eRouter1.0"},
            {"pool": "2001:db8:1::3:0/112", "client-class": "VENDOR_CLASS_foo"},
            {"pool": "2001:db8:1::4:0/112"}
        ]),
    );
    run_with(cfg, |s| {
        vec![
            seen(solicit(s, 1, Some((4491, &["docsis3.0"])))),
            seen(solicit(s, 2, Some((4491, &["foo", "eRouter1.0"])))),
            seen(solicit(s, 3, Some((4491, &["foo", "bar"])))),
            seen(solicit(s, 4, Some((311, &["foo"])))),
            seen(solicit(s, 5, None)),
        ]
    });
}

#[test]
fn known_pools_by_duid_and_drop_match_kea() {
    let mut cfg = config(
        json!([{"name": "DROP", "test": "substring(option[1].hex,4,6) == 0xdeadbeef0000"}]),
        json!([
            {"pool": "2001:db8:1::a:0/112", "client-class": "KNOWN"},
            {"pool": "2001:db8:1::b:0/112", "client-class": "UNKNOWN"}
        ]),
    );
    cfg["subnet6"][0]["reservations"] =
        json!([{"duid": "00:03:00:01:02:00:00:00:00:07", "hostname": "k6"}]);
    run_with(cfg, |s| {
        let mut dropped = with_ias(Message6::new(msg::SOLICIT, [0, 9, 9]), true, false);
        dropped.push(
            opt::CLIENTID,
            vec![0, 3, 0, 1, 0xde, 0xad, 0xbe, 0xef, 0, 0],
        );
        dropped.push(opt::ELAPSED_TIME, vec![0, 0]);
        vec![
            seen(solicit(s, 7, None)),
            seen(solicit(s, 8, None)),
            silence(relay_to(s, dropped, "2001:db8:1::1")),
        ]
    });
}

#[test]
fn relay_option_classes_and_option_precedence_match_kea() {
    let mut cfg = config(
        json!([
            {"name": "ifid-port7", "test": "relay6[0].option[18].hex == 'port7'",
             "option-data": [{"name": "dns-servers", "data": "2001:db8::7"},
                             {"name": "sntp-servers", "data": "2001:db8::77"}]}
        ]),
        json!([
            {"pool": "2001:db8:1::100-2001:db8:1::1ff", "client-class": "ifid-port7"},
            {"pool": "2001:db8:1::200-2001:db8:1::2ff"}
        ]),
    );
    cfg["subnet6"][0]["option-data"] = json!([{"name": "dns-servers", "data": "2001:db8::53:1"}]);
    run_with(cfg, |s| {
        let with_ifid = |client: u8, ifid: &[u8]| {
            let m = asking_23_and_31(with_ias(query(msg::SOLICIT, client), true, false));
            let mut p = crate::support::server6::relayed(m, 1);
            p.relays[0].options = vec![Opt6::new(opt::INTERFACE_ID, ifid.to_vec())];
            s.send_raw(&p.encode());
            s.receive()
        };
        vec![seen(with_ifid(1, b"port7")), seen(with_ifid(2, b"port8"))]
    });
}

#[test]
fn pool_and_pd_pool_options_come_before_the_subnets_like_kea() {
    let mut cfg = config(
        json!([]),
        json!([
            {"pool": "2001:db8:1::100-2001:db8:1::1ff",
             "option-data": [{"name": "dns-servers", "data": "2001:db8::100"}]}
        ]),
    );
    cfg.as_object_mut().map(|m| m.remove("client-classes"));
    cfg["subnet6"][0]["option-data"] = json!([{"name": "dns-servers", "data": "2001:db8::1"}, {"name": "sntp-servers", "data": "2001:db8::11"}]);
    cfg["subnet6"][0]["pd-pools"] = json!([{
        "prefix": "2001:db8:8::", "prefix-len": 56, "delegated-len": 64,
        "option-data": [{"name": "sntp-servers", "data": "2001:db8::88"}]
    }]);
    run_with(cfg, |s| {
        let na = with_ias(query(msg::SOLICIT, 21), true, false);
        let pd = with_ias(query(msg::SOLICIT, 22), false, true);
        vec![
            seen(relay_to(s, asking_23_and_31(na), "2001:db8:1::1")),
            seen(relay_to(s, asking_23_and_31(pd), "2001:db8:1::1")),
        ]
    });
}
