//! Differential check against Kea 2.2's kea-dhcp6 on the same configuration:
//! the same relayed conversations are played to both servers and their replies
//! compared field by field (message type, IAs with T1/T2, addresses/prefixes
//! and lifetimes, status codes, options present, relay levels). Server DUIDs
//! differ by nature and are compared by presence only. A step neither server
//! answers fails the test, unless it expects silence (`silence`).

use std::net::Ipv6Addr;

use crate::support::server6::{Subject6, TestServer6};
use ruru::dhcp::v6::ia::{status_code_of, Ia, IaAddr, IaPrefix};
use ruru::dhcp::v6::packet::{msg, opt, Message6, Packet6};
use serde_json::{json, Value};

fn config() -> Value {
    json!({
        "interfaces-config": { "interfaces": [ "lo/::1" ] },
        "preferred-lifetime": 3000,
        "valid-lifetime": 4000,
        "option-data": [ { "name": "dns-servers", "data": "2001:db8::53" } ],
        "subnet6": [{
            "id": 1,
            "subnet": "2001:db8:1::/64",
            "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::ff" } ],
            "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 48, "delegated-len": 56 } ]
        }, {
            "id": 2,
            "subnet": "2001:db8:2::/64",
            "rapid-commit": true,
            "renew-timer": 1000,
            "rebind-timer": 2000,
            "pools": [ { "pool": "2001:db8:2::10 - 2001:db8:2::ff" } ]
        }, {
            "id": 3,
            "subnet": "2001:db8:3::/64",
            "pools": [ { "pool": "2001:db8:3::10 - 2001:db8:3::10" } ]
        }]
    })
}

/// A relay level: type, hop count, link and peer address, Interface-Id, option codes.
type RelaySeen = (u8, u8, Ipv6Addr, Ipv6Addr, Option<Vec<u8>>, Vec<u16>);
/// One lease in an IA: address or prefix, length, preferred and valid lifetimes.
type ItemSeen = (Ipv6Addr, u8, u32, u32);
/// An IA: code, IAID, T1, T2, its leases, its status code.
type IaSeen = (u16, u32, u32, u32, Vec<ItemSeen>, Option<u16>);

/// What is compared of a reply.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    relays: Vec<RelaySeen>,
    msg_type: u8,
    has_server_id: bool,
    client_id: Option<Vec<u8>>,
    /// Other options by code with their payloads, in order (IA, DUID and
    /// status options excluded).
    other_options: Vec<(u16, Vec<u8>)>,
    status: Option<u16>,
    ias: Vec<IaSeen>,
    rapid_commit: bool,
}

/// The comparable part of a reply, `None` when there was none.
pub fn seen(p: Option<Packet6>) -> Option<Seen> {
    let p = p?;
    let m = &p.message;
    let ias = m
        .options
        .iter()
        .filter(|o| o.code == opt::IA_NA || o.code == opt::IA_PD)
        .map(|o| {
            let ia = Ia::decode(o.code, &o.data).expect("IA");
            let mut items: Vec<ItemSeen> = ia
                .addresses
                .iter()
                .map(|a| (a.address, 128, a.preferred, a.valid))
                .collect();
            items.extend(
                ia.prefixes
                    .iter()
                    .map(|p| (p.prefix, p.prefix_len, p.preferred, p.valid)),
            );
            (ia.code, ia.iaid, ia.t1, ia.t2, items, ia.status())
        })
        .collect();
    Some(Seen {
        relays: p
            .relays
            .iter()
            .map(|r| {
                (
                    r.msg_type,
                    r.hop_count,
                    r.link_address,
                    r.peer_address,
                    r.option(opt::INTERFACE_ID).map(<[u8]>::to_vec),
                    r.options.iter().map(|o| o.code).collect(),
                )
            })
            .collect(),
        msg_type: m.msg_type,
        has_server_id: m.option(opt::SERVERID).is_some(),
        client_id: m.option(opt::CLIENTID).map(<[u8]>::to_vec),
        other_options: m
            .options
            .iter()
            .filter(|o| {
                ![
                    opt::IA_NA,
                    opt::IA_PD,
                    opt::SERVERID,
                    opt::CLIENTID,
                    opt::STATUS_CODE,
                ]
                .contains(&o.code)
            })
            .map(|o| (o.code, o.data.clone()))
            .collect(),
        status: m.option(opt::STATUS_CODE).and_then(status_code_of),
        ias,
        rapid_commit: m.option(opt::RAPID_COMMIT).is_some(),
    })
}

/// A step where no reply is due: both servers' silence is the answer
/// (compared like one); a reply from either makes the scenarios differ.
pub fn silence(p: Option<Packet6>) -> Option<Seen> {
    match p {
        None => Some(Seen {
            relays: Vec::new(),
            msg_type: 0,
            has_server_id: false,
            client_id: None,
            other_options: Vec::new(),
            status: None,
            ias: Vec::new(),
            rapid_commit: false,
        }),
        some => seen(some),
    }
}

/// A relayed conversation; each step may use the previous reply.
pub type Scenario = fn(&TestServer6) -> Vec<Option<Seen>>;

fn run(scenario: Scenario) {
    run_with(config(), scenario);
}

/// Plays `scenario` to ruru and Kea 2.2 on `config` and compares.
pub fn run_with(config: Value, scenario: Scenario) {
    let ruru = {
        let s = TestServer6::start_subject(Subject6::Ruru, config.clone());
        scenario(&s)
    };
    let kea = {
        let s = TestServer6::start_subject(Subject6::Kea, config);
        scenario(&s)
    };
    assert_eq!(ruru, kea, "ruru (left) and Kea (right) answer differently");
    if let Some(i) = kea.iter().position(Option::is_none) {
        panic!("step {i}: neither server answered (a step that expects silence says so with `silence`)");
    }
}

/// A client message of type `t` from client `client`, asking for option 23.
pub fn query(t: u8, client: u8) -> Message6 {
    let mut m = Message6::new(t, [0, 1, client]);
    m.push(opt::CLIENTID, vec![0, 3, 0, 1, 2, 0, 0, 0, 0, client]);
    m.push(opt::ELAPSED_TIME, vec![0, 0]);
    m.push(opt::ORO, 23u16.to_be_bytes().to_vec());
    m
}

/// `m` with an IA_NA (IAID 1) and / or an IA_PD (IAID 2).
pub fn with_ias(mut m: Message6, na: bool, pd: bool) -> Message6 {
    if na {
        m.options.push(Ia::new(opt::IA_NA, 1).encode());
    }
    if pd {
        m.options.push(Ia::new(opt::IA_PD, 2).encode());
    }
    m
}

/// Sends `m` through one relay whose link address is `link`; the reply.
pub fn relay_to(s: &TestServer6, m: Message6, link: &str) -> Option<Packet6> {
    let mut p = crate::support::server6::relayed(m, 1);
    p.relays[0].link_address = link.parse().expect("link");
    s.send_raw(&p.encode());
    s.receive()
}

/// SOLICIT then REQUEST of the advertised IAs; returns both replies' views and the REPLY.
fn sarr(s: &TestServer6, client: u8, na: bool, pd: bool) -> (Vec<Option<Seen>>, Option<Packet6>) {
    let adv = relay_to(
        s,
        with_ias(query(msg::SOLICIT, client), na, pd),
        "2001:db8:1::1",
    );
    let Some(a) = adv.clone() else {
        return (vec![None], None);
    };
    let mut req = query(msg::REQUEST, client);
    req.push(
        opt::SERVERID,
        a.message.option(opt::SERVERID).expect("sid").to_vec(),
    );
    for o in a
        .message
        .options
        .iter()
        .filter(|o| o.code == opt::IA_NA || o.code == opt::IA_PD)
    {
        req.options.push(o.clone());
    }
    let rep = relay_to(s, req, "2001:db8:1::1");
    (vec![seen(adv), seen(rep.clone())], rep)
}

fn ia_of(p: &Packet6, code: u16) -> Ia {
    Ia::decode(code, p.message.option(code).expect("IA")).expect("IA")
}

#[test]
fn sarr_with_address_and_prefix_matches_kea() {
    run(|s| {
        let mut out = sarr(s, 1, true, true).0;
        out.extend(sarr(s, 2, true, false).0);
        out.extend(sarr(s, 3, false, true).0);
        out
    });
}

#[test]
fn rapid_commit_matches_kea() {
    run(|s| {
        let mut q = with_ias(query(msg::SOLICIT, 4), true, false);
        q.push(opt::RAPID_COMMIT, vec![]);
        let on = seen(relay_to(s, q.clone(), "2001:db8:2::1"));
        // Subnet 1 has no rapid commit: ADVERTISE.
        let mut q1 = with_ias(query(msg::SOLICIT, 5), true, false);
        q1.push(opt::RAPID_COMMIT, vec![]);
        let off = seen(relay_to(s, q1, "2001:db8:1::1"));
        vec![on, off]
    });
}

#[test]
fn renew_and_rebind_match_kea() {
    run(|s| {
        let (mut out, rep) = sarr(s, 6, true, true);
        let rep = rep.expect("REPLY");
        let sid = rep.message.option(opt::SERVERID).expect("sid").to_vec();
        let mut renew = query(msg::RENEW, 6);
        renew.push(opt::SERVERID, sid);
        renew.options.push(ia_of(&rep, opt::IA_NA).encode());
        renew.options.push(ia_of(&rep, opt::IA_PD).encode());
        out.push(seen(relay_to(s, renew, "2001:db8:1::1")));
        let mut rebind = query(msg::REBIND, 6);
        rebind.options.push(ia_of(&rep, opt::IA_NA).encode());
        out.push(seen(relay_to(s, rebind, "2001:db8:1::1")));
        out
    });
}

#[test]
fn renew_of_an_address_the_client_does_not_hold_matches_kea() {
    // RFC 8415 §18.3.4: the address the client lists but does not hold is
    // returned at lifetimes 0, beside its real binding (renewed).
    run(|s| {
        let (mut out, rep) = sarr(s, 8, true, false);
        let rep = rep.expect("REPLY to the REQUEST");
        let sid = rep.message.option(opt::SERVERID).expect("sid").to_vec();
        let held = ia_of(&rep, opt::IA_NA).addresses[0].address;
        let other: Ipv6Addr = if held == "2001:db8:1::80".parse::<Ipv6Addr>().expect("ip") {
            "2001:db8:1::81".parse().expect("ip")
        } else {
            "2001:db8:1::80".parse().expect("ip")
        };
        let mut renew = query(msg::RENEW, 8);
        renew.push(opt::SERVERID, sid);
        let mut ia = Ia::new(opt::IA_NA, 1);
        ia.addresses.push(IaAddr {
            address: other,
            preferred: 3000,
            valid: 4000,
            options: Vec::new(),
        });
        renew.options.push(ia.encode());
        let answer = relay_to(s, renew, "2001:db8:1::1");
        assert!(answer.is_some(), "no answer to the RENEW");
        out.push(seen(answer));
        out
    });
}

#[test]
fn rebind_of_an_address_not_on_the_link_matches_kea() {
    // RFC 8415 §18.3.5: an address not appropriate for the link comes back
    // at lifetimes 0, the client's binding with its lifetimes.
    run(|s| {
        let (mut out, rep) = sarr(s, 9, true, false);
        let rep = rep.expect("REPLY to the REQUEST");
        let mut ia = ia_of(&rep, opt::IA_NA);
        ia.addresses.push(IaAddr {
            address: "3000::1".parse().expect("ip"),
            preferred: 3000,
            valid: 4000,
            options: Vec::new(),
        });
        let mut rebind = query(msg::REBIND, 9);
        rebind.options.push(ia.encode());
        let answer = relay_to(s, rebind, "2001:db8:1::1");
        assert!(answer.is_some(), "no answer to the REBIND");
        out.push(seen(answer));
        out
    });
}

#[test]
fn release_matches_kea() {
    run(|s| {
        let (mut out, rep) = sarr(s, 7, true, true);
        let rep = rep.expect("REPLY");
        let sid = rep.message.option(opt::SERVERID).expect("sid").to_vec();
        let mut rel = query(msg::RELEASE, 7);
        rel.push(opt::SERVERID, sid.clone());
        rel.options.push(ia_of(&rep, opt::IA_NA).encode());
        rel.options.push(ia_of(&rep, opt::IA_PD).encode());
        out.push(seen(relay_to(s, rel.clone(), "2001:db8:1::1")));
        // Releasing again: no binding any more.
        out.push(seen(relay_to(s, rel, "2001:db8:1::1")));
        // Releasing an address never leased.
        let mut other = query(msg::RELEASE, 8);
        other.push(opt::SERVERID, sid);
        let mut na = Ia::new(opt::IA_NA, 1);
        na.addresses.push(IaAddr {
            address: "2001:db8:1::77".parse().expect("a"),
            preferred: 0,
            valid: 0,
            options: vec![],
        });
        other.options.push(na.encode());
        out.push(seen(relay_to(s, other, "2001:db8:1::1")));
        out
    });
}

#[test]
fn prefix_delegation_with_a_hint_matches_kea() {
    run(|s| {
        let mut q = query(msg::SOLICIT, 9);
        let mut pd = Ia::new(opt::IA_PD, 3);
        pd.prefixes.push(IaPrefix {
            prefix: "2001:db8:8000:ab00::".parse().expect("a"),
            prefix_len: 56,
            preferred: 0,
            valid: 0,
            options: vec![],
        });
        q.options.push(pd.encode());
        vec![seen(relay_to(s, q, "2001:db8:1::1"))]
    });
}

#[test]
fn confirm_decline_and_information_request_match_kea() {
    run(|s| {
        let (mut out, rep) = sarr(s, 10, true, false);
        let rep = rep.expect("REPLY");
        let sid = rep.message.option(opt::SERVERID).expect("sid").to_vec();
        let mut confirm = query(msg::CONFIRM, 10);
        confirm.options.push(ia_of(&rep, opt::IA_NA).encode());
        out.push(seen(relay_to(s, confirm, "2001:db8:1::1")));
        let mut off_link = query(msg::CONFIRM, 10);
        let mut na = Ia::new(opt::IA_NA, 1);
        na.addresses.push(IaAddr {
            address: "2001:db8:5::1".parse().expect("a"),
            preferred: 0,
            valid: 0,
            options: vec![],
        });
        off_link.options.push(na.encode());
        out.push(seen(relay_to(s, off_link, "2001:db8:1::1")));
        let mut decline = query(msg::DECLINE, 10);
        decline.push(opt::SERVERID, sid);
        decline.options.push(ia_of(&rep, opt::IA_NA).encode());
        out.push(seen(relay_to(s, decline, "2001:db8:1::1")));
        let mut info = Message6::new(msg::INFORMATION_REQUEST, [0, 2, 0]);
        info.push(opt::ORO, 23u16.to_be_bytes().to_vec());
        out.push(seen(relay_to(s, info, "2001:db8:1::1")));
        out
    });
}

#[test]
fn exhaustion_unknown_links_several_ias_and_unknown_bindings_match_kea() {
    run(|s| {
        let mut out = Vec::new();
        // Two IA_NAs in one REQUEST-less SOLICIT on a one-address pool, then exhaustion.
        let mut q = query(msg::SOLICIT, 20);
        q.options.push(Ia::new(opt::IA_NA, 1).encode());
        q.options.push(Ia::new(opt::IA_NA, 2).encode());
        q.options.push(Ia::new(opt::IA_PD, 3).encode());
        out.push(seen(relay_to(s, q, "2001:db8:3::1")));
        // A link no subnet serves.
        out.push(seen(relay_to(
            s,
            with_ias(query(msg::SOLICIT, 21), true, true),
            "2001:db8:99::1",
        )));
        // RENEW of a binding the server never gave.
        let mut renew = query(msg::RENEW, 22);
        let adv = relay_to(
            s,
            with_ias(query(msg::SOLICIT, 22), true, false),
            "2001:db8:1::1",
        )
        .expect("ADVERTISE");
        renew.push(
            opt::SERVERID,
            adv.message.option(opt::SERVERID).expect("sid").to_vec(),
        );
        let mut na = Ia::new(opt::IA_NA, 1);
        na.addresses.push(IaAddr {
            address: "2001:db8:1::fe".parse().expect("a"),
            preferred: 0,
            valid: 0,
            options: vec![],
        });
        renew.options.push(na.encode());
        out.push(seen(relay_to(s, renew, "2001:db8:1::1")));
        // No reply: server messages, unknown types, a REQUEST for another server.
        out.push(silence(relay_to(
            s,
            query(msg::ADVERTISE, 23),
            "2001:db8:1::1",
        )));
        out.push(silence(relay_to(s, query(99, 23), "2001:db8:1::1")));
        let mut other = with_ias(query(msg::REQUEST, 23), true, false);
        other.push(opt::SERVERID, vec![0, 2, 0, 0, 0, 9, 1, 2]);
        out.push(silence(relay_to(s, other, "2001:db8:1::1")));
        out
    });
}

#[test]
fn relay_source_port_and_other_relay_options_are_echoed_like_kea() {
    run(|s| {
        let mut p =
            crate::support::server6::relayed(with_ias(query(msg::SOLICIT, 30), true, false), 2);
        p.relays[1].link_address = "2001:db8:1::1".parse().expect("a");
        p.relays[0].options.push(ruru::dhcp::v6::Opt6::new(
            opt::RELAY_SOURCE_PORT,
            vec![0, 0],
        ));
        // Remote-ID (37) and Subscriber-ID (38) are not echoed.
        p.relays[1]
            .options
            .push(ruru::dhcp::v6::Opt6::new(37, vec![0, 0, 0, 9, 1, 2]));
        p.relays[1]
            .options
            .push(ruru::dhcp::v6::Opt6::new(38, vec![7]));
        s.send_raw(&p.encode());
        vec![seen(s.receive())]
    });
}

/// A shared network behind the relay link 2001:db8:1::1: two addresses in the
/// selected subnet, then its sibling (own valid lifetime and timers).
fn shared_network_config() -> Value {
    json!({
        "interfaces-config": { "interfaces": [ "lo/::1" ] },
        "option-data": [ { "name": "dns-servers", "data": "2001:db8::53" } ],
        "shared-networks": [{
            "name": "floor-1",
            "preferred-lifetime": 2000,
            "valid-lifetime": 3000,
            "subnet6": [{
                "id": 1,
                "subnet": "2001:db8:1::/64",
                "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::11" } ]
            }, {
                "id": 2,
                "subnet": "2001:db8:2::/64",
                "valid-lifetime": 3500,
                "renew-timer": 900,
                "rebind-timer": 1400,
                "pools": [ { "pool": "2001:db8:2::10 - 2001:db8:2::12" } ]
            }]
        }]
    })
}

#[test]
fn shared_network_allocation_renew_and_release_across_subnets_match_kea() {
    run_with(shared_network_config(), |s| {
        let mut out = sarr(s, 1, true, false).0;
        out.extend(sarr(s, 2, true, false).0);
        // Subnet 1 is full: the sibling's address.
        let (more, rep) = sarr(s, 3, true, false);
        out.extend(more);
        let rep = rep.expect("REPLY");
        let sid = rep.message.option(opt::SERVERID).expect("sid").to_vec();
        let mut renew = query(msg::RENEW, 3);
        renew.push(opt::SERVERID, sid.clone());
        renew.options.push(ia_of(&rep, opt::IA_NA).encode());
        out.push(seen(relay_to(s, renew, "2001:db8:1::1")));
        let mut rebind = query(msg::REBIND, 3);
        rebind.options.push(ia_of(&rep, opt::IA_NA).encode());
        out.push(seen(relay_to(s, rebind, "2001:db8:1::1")));
        // Room again in subnet 1: client 3 keeps its sibling lease (with the
        // selected subnet's T1/T2, as Kea does). Which subnet a new client
        // gets next is Kea's "preferred subnet" (the one that allocated last),
        // timing-dependent in Kea, so not compared.
        let (_, rep1) = sarr(s, 1, true, false);
        let rep1 = rep1.expect("REPLY");
        let mut rel = query(msg::RELEASE, 1);
        rel.push(opt::SERVERID, sid);
        rel.options.push(ia_of(&rep1, opt::IA_NA).encode());
        out.push(seen(relay_to(s, rel, "2001:db8:1::1")));
        out.extend(sarr(s, 3, true, false).0);
        out
    });
}
