//! Unit tests of [`Dhcp6Server::process`], one group per message type and
//! status code: queries built with [`Message6`], an in-memory v6 memfile
//! store, a fixed clock. Expected behaviour is Kea 2.2's (`dhcp6_srv.cc`).

use crate::backends::host_memory::MemHostStore;
use std::net::Ipv6Addr;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::backends::lease::LeaseState;
use crate::backends::lease6::LeaseType;
use crate::backends::memfile::Memfile6Store;
use crate::backends::Lease6Store;
use crate::config::parse_dhcp6_value;
use crate::stats::{subnet_stat, Stats};

use super::ia::{status_code_of, Ia, IaAddr, IaPrefix, Status};
use super::packet::{msg, opt, Message6, Opt6, Packet6, RelayLevel};
use super::{Dhcp6Server, Drop6Reason, Meta6, Outcome6};

mod store_calls;

const NOW: i64 = 1_700_000_000;
const SERVER_DUID: [u8; 10] = [0, 1, 0, 1, 0, 0, 0, 1, 0xaa, 0xbb];

fn a(s: &str) -> Ipv6Addr {
    s.parse().expect("address")
}

fn base() -> Value {
    json!({
        "preferred-lifetime": 3000,
        "valid-lifetime": 4000,
        "option-data": [ { "name": "dns-servers", "data": "2001:db8::53" } ],
        "subnet6": [{
            "id": 1,
            "subnet": "2001:db8:1::/64",
            "interface": "eth0",
            "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::12" } ],
            "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 55, "delegated-len": 56 } ],
            "reservations": [
                { "duid": "00:03:00:01:00:00:00:00:00:99", "ip-addresses": [ "2001:db8:1::99" ],
                  "prefixes": [ "2001:db8:7000::/56" ], "hostname": "reserved6" }
            ]
        }, {
            "id": 2,
            "subnet": "2001:db8:2::/64",
            "interface-id": "port-2",
            "rapid-commit": true,
            "pools": [ { "pool": "2001:db8:2::10 - 2001:db8:2::20" } ]
        }]
    })
}

struct H {
    srv: Dhcp6Server<Memfile6Store, MemHostStore>,
    store: Arc<Memfile6Store>,
    stats: Arc<Stats>,
}

fn h(cfg: Value) -> H {
    let cfg = parse_dhcp6_value(&json!({ "Dhcp6": cfg })).expect("valid config");
    let store = Arc::new(Memfile6Store::in_memory());
    let stats = Arc::new(Stats::new(20));
    let srv = Dhcp6Server::new(
        Arc::new(cfg),
        store.clone(),
        stats.clone(),
        SERVER_DUID.to_vec(),
    );
    H { srv, store, stats }
}

fn duid(n: u8) -> Vec<u8> {
    vec![0, 3, 0, 1, 0, 0, 0, 0, 0, n]
}

fn direct() -> Meta6 {
    Meta6 {
        iface: "eth0".into(),
        source: a("fe80::1"),
        source_port: 547,
        unicast: false,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
    }
}

fn query(t: u8, client: u8) -> Message6 {
    let mut m = Message6::new(t, [1, 2, 3]);
    m.push(opt::CLIENTID, duid(client));
    m
}

fn ia_na(iaid: u32, addrs: &[&str]) -> Opt6 {
    let mut ia = Ia::new(opt::IA_NA, iaid);
    for x in addrs {
        ia.addresses.push(IaAddr {
            address: a(x),
            preferred: 0,
            valid: 0,
            options: vec![],
        });
    }
    ia.encode()
}

fn ia_pd(iaid: u32, prefixes: &[(&str, u8)]) -> Opt6 {
    let mut ia = Ia::new(opt::IA_PD, iaid);
    for (p, len) in prefixes {
        ia.prefixes.push(IaPrefix {
            prefix: a(p),
            prefix_len: *len,
            preferred: 0,
            valid: 0,
            options: vec![],
        });
    }
    ia.encode()
}

fn with_server_id(mut m: Message6) -> Message6 {
    m.push(opt::SERVERID, SERVER_DUID.to_vec());
    m
}

impl H {
    async fn run(&self, m: Message6, meta: &Meta6) -> Outcome6 {
        self.run_packet(
            Packet6 {
                relays: vec![],
                message: m,
            },
            meta,
        )
        .await
    }

    async fn run_packet(&self, p: Packet6, meta: &Meta6) -> Outcome6 {
        // Through the codec, like the listener does.
        let p = Packet6::decode(&p.encode()).expect("well-formed test packet");
        self.srv.process(&p, meta, NOW).await.expect("store ok")
    }

    async fn reply(&self, m: Message6) -> Message6 {
        match self.run(m, &direct()).await {
            Outcome6::Reply { packet, .. } => packet.message,
            other => panic!("expected a reply, got {other:?}"),
        }
    }
}

fn ias(r: &Message6, code: u16) -> Vec<Ia> {
    r.options_of(code)
        .map(|d| Ia::decode(code, d).expect("IA"))
        .collect()
}

fn status_of(ia: &Ia) -> Option<u16> {
    ia.status()
}

#[tokio::test]
async fn solicit_gets_an_advertise_with_an_address_and_a_prefix_but_nothing_is_stored() {
    let h = h(base());
    let mut q = query(msg::SOLICIT, 1);
    q.options.push(ia_na(11, &[]));
    q.options.push(ia_pd(12, &[]));
    q.push(opt::ORO, 23u16.to_be_bytes().to_vec());
    let r = h.reply(q).await;
    assert_eq!(r.msg_type, msg::ADVERTISE);
    assert_eq!(r.transaction_id, [1, 2, 3]);
    assert_eq!(r.option(opt::SERVERID), Some(&SERVER_DUID[..]));
    assert_eq!(r.option(opt::CLIENTID), Some(&duid(1)[..]));
    let na = &ias(&r, opt::IA_NA)[0];
    assert_eq!(na.iaid, 11);
    assert_eq!(na.addresses[0].address, a("2001:db8:1::10"));
    assert_eq!(
        (na.addresses[0].preferred, na.addresses[0].valid),
        (3000, 4000)
    );
    // T1/T2 calculated from the preferred lifetime (.5 / .8).
    assert_eq!((na.t1, na.t2), (1500, 2400));
    let pd = &ias(&r, opt::IA_PD)[0];
    assert_eq!(pd.prefixes[0].prefix, a("2001:db8:8000::"));
    assert_eq!(pd.prefixes[0].prefix_len, 56);
    assert_eq!(r.option(23), Some(&a("2001:db8::53").octets()[..]));
    assert!(h.store.is_empty(), "ADVERTISE must not store leases");
    // The sent and dropped counts are the listener's, once the reply is out.
    assert_eq!(h.stats.get("pkt6-solicit-received"), Some(1));
    assert_eq!(h.stats.get("pkt6-advertise-sent"), None);
}

#[tokio::test]
async fn request_commits_every_ia_and_replies() {
    let h = h(base());
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &[]));
    q.options.push(ia_na(2, &[]));
    q.options.push(ia_pd(3, &[]));
    let r = h.reply(q).await;
    assert_eq!(r.msg_type, msg::REPLY);
    let nas = ias(&r, opt::IA_NA);
    assert_eq!(nas.len(), 2);
    assert_ne!(nas[0].addresses[0].address, nas[1].addresses[0].address);
    let stored = h
        .store
        .get6(LeaseType::Na, nas[1].addresses[0].address)
        .await
        .expect("ok")
        .expect("stored");
    assert_eq!((stored.duid.clone(), stored.iaid), (duid(1), 2));
    assert!(h
        .store
        .get6(LeaseType::Pd, a("2001:db8:8000::"))
        .await
        .expect("ok")
        .is_some());
    assert_eq!(h.stats.get(&subnet_stat(1, "assigned-nas")), Some(2));
    assert_eq!(h.stats.get(&subnet_stat(1, "assigned-pds")), Some(1));
}

#[tokio::test]
async fn request_with_another_servers_id_or_without_one_is_dropped() {
    let h = h(base());
    let mut q = query(msg::REQUEST, 1);
    q.push(opt::SERVERID, vec![0, 2, 0, 0, 0, 9, 1]);
    q.options.push(ia_na(1, &[]));
    assert_eq!(
        h.run(q, &direct()).await,
        Outcome6::Drop(Drop6Reason::NotForUs)
    );
    let mut q = query(msg::REQUEST, 1);
    q.options.push(ia_na(1, &[]));
    assert!(matches!(
        h.run(q, &direct()).await,
        Outcome6::Drop(Drop6Reason::RfcViolation(_))
    ));
    assert!(h.store.is_empty());
}

#[tokio::test]
async fn solicit_without_client_id_or_with_a_server_id_is_dropped() {
    let h = h(base());
    let q = Message6::new(msg::SOLICIT, [0, 0, 1]);
    assert!(matches!(
        h.run(q, &direct()).await,
        Outcome6::Drop(Drop6Reason::RfcViolation(_))
    ));
    let q = with_server_id(query(msg::SOLICIT, 1));
    assert!(matches!(
        h.run(q, &direct()).await,
        Outcome6::Drop(Drop6Reason::RfcViolation(_))
    ));
}

#[tokio::test]
async fn rapid_commit_solicit_gets_a_reply_and_the_lease_is_stored_when_the_subnet_allows_it() {
    let h = h(base());
    let relayed = |client: u8| {
        let mut q = query(msg::SOLICIT, client);
        q.push(opt::RAPID_COMMIT, vec![]);
        q.options.push(ia_na(1, &[]));
        Packet6 {
            relays: vec![RelayLevel {
                msg_type: msg::RELAY_FORW,
                hop_count: 0,
                link_address: Ipv6Addr::UNSPECIFIED,
                peer_address: a("fe80::77"),
                options: vec![Opt6::new(opt::INTERFACE_ID, b"port-2".to_vec())],
            }],
            message: q,
        }
    };
    let meta = Meta6 {
        iface: "eth1".into(),
        source: a("2001:db8:ffff::1"),
        source_port: 547,
        unicast: true,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
    };
    let Outcome6::Reply { packet, dest } = h.run_packet(relayed(5), &meta).await else {
        panic!("expected a reply")
    };
    assert_eq!(packet.message.msg_type, msg::REPLY);
    assert!(packet.message.option(opt::RAPID_COMMIT).is_some());
    let leased = ias(&packet.message, opt::IA_NA)[0].addresses[0].address;
    assert_eq!(leased, a("2001:db8:2::10"));
    assert!(h
        .store
        .get6(LeaseType::Na, leased)
        .await
        .expect("ok")
        .is_some());
    // Relayed: RELAY-REPL to the relay's port 547 with the Interface-Id echoed.
    assert_eq!(dest.port(), 547);
    assert_eq!(*dest.ip(), a("2001:db8:ffff::1"));
    assert_eq!(packet.relays[0].msg_type, msg::RELAY_REPL);
    assert_eq!(packet.relays[0].peer_address, a("fe80::77"));
    assert_eq!(
        packet.relays[0].option(opt::INTERFACE_ID),
        Some(&b"port-2"[..])
    );

    // Subnet 1 has no rapid-commit: ADVERTISE, nothing stored.
    let mut q = query(msg::SOLICIT, 6);
    q.push(opt::RAPID_COMMIT, vec![]);
    q.options.push(ia_na(1, &[]));
    let r = h.reply(q).await;
    assert_eq!(r.msg_type, msg::ADVERTISE);
    assert!(r.option(opt::RAPID_COMMIT).is_none());
}

#[tokio::test]
async fn pool_exhaustion_gives_no_addrs_avail_and_no_prefix_avail() {
    let h = h(base());
    for c in 1..=3 {
        let mut q = with_server_id(query(msg::REQUEST, c));
        q.options.push(ia_na(1, &[]));
        q.options.push(ia_pd(1, &[]));
        h.reply(q).await;
    }
    let mut q = query(msg::SOLICIT, 9);
    q.options.push(ia_na(1, &[]));
    q.options.push(ia_pd(1, &[]));
    let r = h.reply(q).await;
    assert_eq!(r.msg_type, msg::ADVERTISE, "ADVERTISE is still sent");
    let na = &ias(&r, opt::IA_NA)[0];
    assert!(na.addresses.is_empty());
    assert_eq!(status_of(na), Some(Status::NoAddrsAvail as u16));
    let pd = &ias(&r, opt::IA_PD)[0];
    assert_eq!(status_of(pd), Some(Status::NoPrefixAvail as u16));
}

#[tokio::test]
async fn a_client_with_a_reservation_gets_its_address_prefix_and_hostname() {
    let h = h(base());
    let mut q = with_server_id(query(msg::REQUEST, 0x99));
    q.options.push(ia_na(1, &[]));
    q.options.push(ia_pd(2, &[]));
    let r = h.reply(q).await;
    assert_eq!(
        ias(&r, opt::IA_NA)[0].addresses[0].address,
        a("2001:db8:1::99")
    );
    assert_eq!(
        ias(&r, opt::IA_PD)[0].prefixes[0].prefix,
        a("2001:db8:7000::")
    );
    let l = h
        .store
        .get6(LeaseType::Na, a("2001:db8:1::99"))
        .await
        .expect("ok")
        .expect("stored");
    assert_eq!(l.hostname, "reserved6");
}

#[tokio::test]
async fn renew_extends_the_clients_lease_and_zeroes_addresses_it_no_longer_has() {
    let h = h(base());
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &[]));
    let got = ias(&h.reply(q).await, opt::IA_NA)[0].addresses[0].address;
    let mut q = with_server_id(query(msg::RENEW, 1));
    q.options
        .push(ia_na(1, &[&got.to_string(), "2001:db8:1::5555"]));
    let r = h.reply(q).await;
    let na = &ias(&r, opt::IA_NA)[0];
    assert_eq!(na.addresses[0].address, got);
    assert_eq!(na.addresses[0].valid, 4000);
    assert_eq!(na.addresses[1].address, a("2001:db8:1::5555"));
    assert_eq!(na.addresses[1].valid, 0);
    assert_eq!(h.stats.get("pkt6-renew-received"), Some(1));
    assert_eq!(h.stats.get(&subnet_stat(1, "assigned-nas")), Some(1));
}

#[tokio::test]
async fn rebind_of_an_address_off_link_gets_zero_lifetimes_and_no_binding() {
    let h = h(json!({ "subnet6": [ { "id": 1, "subnet": "2001:db8:1::/64",
        "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::12" } ] } ] }));
    let mut q = query(msg::REBIND, 1);
    q.options.push(ia_na(1, &["2001:db8:9::1"]));
    let meta = Meta6 {
        iface: "eth9".into(),
        source: a("fe80::1"),
        source_port: 547,
        unicast: false,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
    };
    let Outcome6::Reply { packet, .. } = h.run(q, &meta).await else {
        panic!("expected a reply")
    };
    let na = &ias(&packet.message, opt::IA_NA)[0];
    assert_eq!(status_of(na), Some(Status::NoBinding as u16));
    assert_eq!(na.addresses[0].valid, 0);
}

#[tokio::test]
async fn release_deletes_the_lease_and_unknown_bindings_get_no_binding() {
    let h = h(base());
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &[]));
    let got = ias(&h.reply(q).await, opt::IA_NA)[0].addresses[0].address;
    let mut q = with_server_id(query(msg::RELEASE, 1));
    q.options.push(ia_na(1, &[&got.to_string()]));
    let r = h.reply(q).await;
    assert_eq!(
        status_of(&ias(&r, opt::IA_NA)[0]),
        Some(Status::Success as u16)
    );
    assert_eq!(r.option(opt::STATUS_CODE).and_then(status_code_of), Some(0));
    assert!(h.store.is_empty());
    assert_eq!(h.stats.get(&subnet_stat(1, "assigned-nas")), Some(0));
    // Again: the binding is gone.
    let mut q = with_server_id(query(msg::RELEASE, 1));
    q.options.push(ia_na(1, &[&got.to_string()]));
    let r = h.reply(q).await;
    assert_eq!(
        status_of(&ias(&r, opt::IA_NA)[0]),
        Some(Status::NoBinding as u16)
    );
    assert_eq!(
        r.option(opt::STATUS_CODE).and_then(status_code_of),
        Some(Status::NoBinding as u16)
    );
}

#[tokio::test]
async fn decline_puts_the_address_in_probation_and_it_is_not_given_again() {
    let h = h(base());
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &[]));
    let got = ias(&h.reply(q).await, opt::IA_NA)[0].addresses[0].address;
    let mut q = with_server_id(query(msg::DECLINE, 1));
    q.options.push(ia_na(1, &[&got.to_string()]));
    let r = h.reply(q).await;
    assert_eq!(
        status_of(&ias(&r, opt::IA_NA)[0]),
        Some(Status::Success as u16)
    );
    let l = h
        .store
        .get6(LeaseType::Na, got)
        .await
        .expect("ok")
        .expect("kept");
    assert_eq!(l.state, LeaseState::Declined);
    assert_eq!(l.duid, vec![0]);
    assert_eq!(l.valid_lifetime, 86400);
    assert_eq!(h.stats.get("declined-addresses"), Some(1));
    let mut q = query(msg::SOLICIT, 2);
    q.options.push(ia_na(1, &[&got.to_string()]));
    let r = h.reply(q).await;
    assert_ne!(ias(&r, opt::IA_NA)[0].addresses[0].address, got);
    // Declining an address the client does not hold: NoBinding.
    let mut q = with_server_id(query(msg::DECLINE, 3));
    q.options.push(ia_na(1, &["2001:db8:1::11"]));
    let r = h.reply(q).await;
    assert_eq!(
        status_of(&ias(&r, opt::IA_NA)[0]),
        Some(Status::NoBinding as u16)
    );
}

#[tokio::test]
async fn declined_address_returns_to_the_pool_after_reclamation() {
    let h = h(base());
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &[]));
    let got = ias(&h.reply(q).await, opt::IA_NA)[0].addresses[0].address;
    let mut q = with_server_id(query(msg::DECLINE, 1));
    q.options.push(ia_na(1, &[&got.to_string()]));
    h.reply(q).await;
    let n = h
        .srv
        .engine()
        .reclaim_expired(NOW + 86400, 0)
        .await
        .expect("ok");
    assert_eq!(n, 1);
    assert_eq!(h.stats.get("declined-addresses"), Some(0));
    assert_eq!(h.stats.get("reclaimed-declined-addresses"), Some(1));
    assert!(h.store.is_empty());
}

#[tokio::test]
async fn confirm_says_success_on_link_not_on_link_otherwise_and_nothing_without_addresses() {
    let h = h(base());
    let mut q = query(msg::CONFIRM, 1);
    q.options.push(ia_na(1, &["2001:db8:1::10"]));
    let r = h.reply(q).await;
    assert_eq!(
        r.option(opt::STATUS_CODE).and_then(status_code_of),
        Some(Status::Success as u16)
    );
    let mut q = query(msg::CONFIRM, 1);
    q.options.push(ia_na(1, &["2001:db8:5::10"]));
    let r = h.reply(q).await;
    assert_eq!(
        r.option(opt::STATUS_CODE).and_then(status_code_of),
        Some(Status::NotOnLink as u16)
    );
    let q = query(msg::CONFIRM, 1);
    assert_eq!(
        h.run(q, &direct()).await,
        Outcome6::Drop(Drop6Reason::NothingToConfirm)
    );
}

#[tokio::test]
async fn information_request_gets_requested_options_only() {
    let h = h(base());
    let mut q = Message6::new(msg::INFORMATION_REQUEST, [9, 9, 9]);
    q.push(opt::ORO, 23u16.to_be_bytes().to_vec());
    let r = h.reply(q).await;
    assert_eq!(r.msg_type, msg::REPLY);
    assert!(r.option(opt::CLIENTID).is_none());
    assert_eq!(r.option(23), Some(&a("2001:db8::53").octets()[..]));
    assert!(ias(&r, opt::IA_NA).is_empty());
    assert_eq!(h.stats.get("pkt6-infrequest-received"), Some(1));
}

#[tokio::test]
async fn multicast_only_messages_sent_unicast_are_dropped() {
    let h = h(base());
    let meta = Meta6 {
        unicast: true,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
        ..direct()
    };
    let mut q = query(msg::SOLICIT, 1);
    q.options.push(ia_na(1, &[]));
    assert_eq!(h.run(q, &meta).await, Outcome6::Drop(Drop6Reason::Unicast));
}

#[tokio::test]
async fn server_messages_and_unknown_types_get_no_reply() {
    let h = h(base());
    for t in [msg::ADVERTISE, msg::REPLY, msg::RECONFIGURE, 200] {
        let q = query(t, 1);
        assert_eq!(
            h.run(q, &direct()).await,
            Outcome6::Drop(Drop6Reason::UnexpectedType(t))
        );
    }
    assert_eq!(h.stats.get("pkt6-advertise-received"), Some(1));
    assert_eq!(h.stats.get("pkt6-unknown-received"), Some(2)); // RECONFIGURE, 200
}

#[tokio::test]
async fn no_subnet_for_the_client_gives_no_addrs_avail() {
    let h = h(base());
    let meta = Meta6 {
        iface: "eth7".into(),
        source: a("fe80::9"),
        source_port: 547,
        unicast: false,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
    };
    let mut q = query(msg::SOLICIT, 1);
    q.options.push(ia_na(1, &[]));
    let Outcome6::Reply { packet, dest } = h.run(q, &meta).await else {
        panic!("expected a reply")
    };
    assert_eq!(dest.port(), 546);
    assert_eq!(
        status_of(&ias(&packet.message, opt::IA_NA)[0]),
        Some(Status::NoAddrsAvail as u16)
    );
}

#[tokio::test]
async fn relayed_traffic_selects_the_subnet_by_link_address_through_nested_relays() {
    let h = h(base());
    let mut q = query(msg::SOLICIT, 1);
    q.options.push(ia_na(1, &[]));
    let level = |link: &str, peer: &str| RelayLevel {
        msg_type: msg::RELAY_FORW,
        hop_count: 1,
        link_address: a(link),
        peer_address: a(peer),
        options: vec![],
    };
    let p = Packet6 {
        relays: vec![
            level("2001:db8:ff::1", "2001:db8:ff::2"),
            level("2001:db8:1::1", "fe80::5"),
        ],
        message: q,
    };
    let meta = Meta6 {
        iface: "eth9".into(),
        source: a("2001:db8:ff::1"),
        source_port: 547,
        unicast: true,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
    };
    let Outcome6::Reply { packet, .. } = h.run_packet(p, &meta).await else {
        panic!("expected a reply")
    };
    assert_eq!(packet.relays.len(), 2);
    assert_eq!(packet.relays[1].link_address, a("2001:db8:1::1"));
    let na = &ias(&packet.message, opt::IA_NA)[0];
    assert!(a("2001:db8:1::10") <= na.addresses[0].address);
}

#[tokio::test]
async fn random_and_mutated_packets_never_panic_the_server() {
    let h = h(base());
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &["2001:db8:1::10"]));
    q.options.push(ia_pd(2, &[("2001:db8:8000::", 56)]));
    q.push(opt::RAPID_COMMIT, vec![]);
    let valid = Packet6 {
        relays: vec![],
        message: q,
    }
    .encode();
    let mut seed = 0x9e37_79b9_u32;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    for round in 0..2000 {
        let mut bytes = valid.clone();
        // Flip a few bytes (types, lengths, IA contents) of a valid query.
        for _ in 0..(1 + round % 4) {
            let i = next() as usize % bytes.len();
            bytes[i] = next() as u8;
        }
        if let Ok(p) = Packet6::decode(&bytes) {
            let _ = h.srv.process(&p, &direct(), NOW).await;
        }
    }
    // Still serving.
    let mut q = query(msg::SOLICIT, 42);
    q.options.push(ia_na(1, &[]));
    assert_eq!(h.reply(q).await.msg_type, msg::ADVERTISE);
}

#[tokio::test]
async fn a_relay_using_a_source_port_is_answered_there_with_the_option_echoed() {
    let h = h(base());
    let mut q = query(msg::SOLICIT, 1);
    q.options.push(ia_na(1, &[]));
    let p = Packet6 {
        relays: vec![RelayLevel {
            msg_type: msg::RELAY_FORW,
            hop_count: 0,
            link_address: a("2001:db8:1::1"),
            peer_address: a("fe80::5"),
            options: vec![Opt6::new(
                opt::RELAY_SOURCE_PORT,
                0u16.to_be_bytes().to_vec(),
            )],
        }],
        message: q,
    };
    let meta = Meta6 {
        iface: "eth9".into(),
        source: a("2001:db8:1::1"),
        source_port: 3547,
        unicast: true,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
    };
    let Outcome6::Reply { packet, dest } = h.run_packet(p, &meta).await else {
        panic!("expected a reply")
    };
    assert_eq!(dest.port(), 3547);
    assert!(packet.relays[0].option(opt::RELAY_SOURCE_PORT).is_some());
}

/// A server over `cfg` whose hosts database (in memory) holds `hosts`.
async fn h_with_hosts(
    cfg: Value,
    hosts: &[crate::backends::host6::Host6],
) -> Dhcp6Server<Memfile6Store, crate::backends::host_memory::MemHostStore> {
    use crate::backends::HostStore;
    let cfg = parse_dhcp6_value(&json!({ "Dhcp6": cfg })).expect("valid config");
    let db = crate::backends::host_memory::MemHostStore::new();
    for host in hosts {
        db.add6(host).await.expect("add6");
    }
    Dhcp6Server::with_hosts(
        Arc::new(cfg),
        Arc::new(Memfile6Store::in_memory()),
        vec![Arc::new(db)],
        Arc::new(Stats::new(20)),
        SERVER_DUID.to_vec(),
    )
}

/// DUID `client` in `subnet` reserving `address` and `prefix`/56 with its own
/// DNS server, as a hosts database stores it.
fn db_host(client: u8, subnet: u32, address: &str, prefix: &str) -> crate::backends::host6::Host6 {
    use crate::config::model::IdentifierType;
    let mut host = crate::backends::host6::Host6::new(subnet, IdentifierType::Duid, duid(client));
    host.ip_addresses = vec![a(address)];
    host.prefixes = vec![ipnet::Ipv6Net::new(a(prefix), 56).expect("prefix")];
    host.hostname = Some(format!("db-{client}"));
    host.options = vec![crate::backends::host6::HostOption6 {
        code: 23,
        space: "dhcp6".into(),
        formatted_value: Some("2001:db8::7".into()),
        value: Vec::new(),
        always_send: false,
    }];
    host
}

async fn reply_of<H: crate::backends::HostStore>(
    srv: &Dhcp6Server<Memfile6Store, H>,
    m: Message6,
) -> Message6 {
    let p = Packet6 {
        relays: vec![],
        message: m,
    };
    let p = Packet6::decode(&p.encode()).expect("well-formed test packet");
    match srv.process(&p, &direct(), NOW).await.expect("store ok") {
        Outcome6::Reply { packet, .. } => packet.message,
        other => panic!("expected a reply, got {other:?}"),
    }
}

#[tokio::test]
async fn a_hosts_database_reservation_is_served_and_kept_from_other_clients() {
    let srv = h_with_hosts(
        base(),
        &[db_host(7, 1, "2001:db8:1::10", "2001:db8:8000::")],
    )
    .await;
    // Another client: the pools' first candidates are DUID 7's.
    let mut q = query(msg::SOLICIT, 9);
    q.options.push(ia_na(1, &[]));
    q.options.push(ia_pd(2, &[]));
    let r = reply_of(&srv, q).await;
    assert_eq!(
        ias(&r, opt::IA_NA)[0].addresses[0].address,
        a("2001:db8:1::11")
    );
    assert_eq!(
        ias(&r, opt::IA_PD)[0].prefixes[0].prefix,
        a("2001:db8:8000:100::")
    );
    // Its own hint for the reserved address is not honoured either.
    let mut q = query(msg::SOLICIT, 9);
    q.options.push(ia_na(1, &["2001:db8:1::10"]));
    let r = reply_of(&srv, q).await;
    assert_ne!(
        ias(&r, opt::IA_NA)[0].addresses[0].address,
        a("2001:db8:1::10")
    );
    // The reserved client gets them, with the host's option and hostname.
    let mut q = with_server_id(query(msg::REQUEST, 7));
    q.push(opt::ORO, vec![0, 23]);
    q.options.push(ia_na(1, &[]));
    q.options.push(ia_pd(2, &[]));
    let r = reply_of(&srv, q).await;
    assert_eq!(
        ias(&r, opt::IA_NA)[0].addresses[0].address,
        a("2001:db8:1::10")
    );
    assert_eq!(
        ias(&r, opt::IA_PD)[0].prefixes[0].prefix,
        a("2001:db8:8000::")
    );
    assert_eq!(r.option(23), Some(&a("2001:db8::7").octets()[..]));
    let l = srv
        .engine()
        .store()
        .get6(LeaseType::Na, a("2001:db8:1::10"))
        .await
        .expect("ok")
        .expect("stored");
    assert_eq!(l.hostname, "db-7");
}

#[tokio::test]
async fn the_configuration_files_reservation_wins_over_a_hosts_databases() {
    let srv = h_with_hosts(
        base(),
        &[db_host(0x99, 1, "2001:db8:1::12", "2001:db8:8000::")],
    )
    .await;
    let mut q = query(msg::SOLICIT, 0x99);
    q.options.push(ia_na(1, &[]));
    let r = reply_of(&srv, q).await;
    assert_eq!(
        ias(&r, opt::IA_NA)[0].addresses[0].address,
        a("2001:db8:1::99")
    );
}

#[tokio::test]
async fn a_global_hosts_database_reservation_applies_when_reservations_are_global() {
    let mut cfg = base();
    cfg["reservations-global"] = json!(true);
    let srv = h_with_hosts(cfg, &[db_host(5, 0, "2001:db8:1::77", "2001:db8:6000::")]).await;
    let mut q = query(msg::SOLICIT, 5);
    q.options.push(ia_na(1, &[]));
    let r = reply_of(&srv, q).await;
    assert_eq!(
        ias(&r, opt::IA_NA)[0].addresses[0].address,
        a("2001:db8:1::77")
    );
    // Without reservations-global the same host is not consulted.
    let srv = h_with_hosts(
        base(),
        &[db_host(5, 0, "2001:db8:1::77", "2001:db8:6000::")],
    )
    .await;
    let mut q = query(msg::SOLICIT, 5);
    q.options.push(ia_na(1, &[]));
    let r = reply_of(&srv, q).await;
    assert_ne!(
        ias(&r, opt::IA_NA)[0].addresses[0].address,
        a("2001:db8:1::77")
    );
}

/// A shared network of two subnets on eth0 (two then three addresses), also
/// reachable through the relay 2001:db8:ff::1; the network sets the
/// lifetimes, the second subnet its own valid lifetime.
fn shared() -> Value {
    json!({
        "shared-networks": [{
            "name": "floor-1",
            "interface": "eth0",
            "relay": { "ip-addresses": [ "2001:db8:ff::1" ] },
            "preferred-lifetime": 1000,
            "valid-lifetime": 2000,
            "option-data": [ { "name": "dns-servers", "data": "2001:db8::53" } ],
            "subnet6": [
                { "id": 1, "subnet": "2001:db8:1::/64",
                  "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::11" } ] },
                { "id": 2, "subnet": "2001:db8:2::/64", "valid-lifetime": 3000,
                  "pools": [ { "pool": "2001:db8:2::10 - 2001:db8:2::12" } ] }
            ]
        }]
    })
}

async fn request_na(h: &H, client: u8) -> IaAddr {
    let mut q = with_server_id(query(msg::REQUEST, client));
    q.options.push(ia_na(1, &[]));
    let r = h.reply(q).await;
    let na = &ias(&r, opt::IA_NA)[0];
    assert_eq!(status_of(na), None, "client {client}: {na:?}");
    na.addresses[0].clone()
}

#[tokio::test]
async fn shared_network_gives_an_address_of_the_sibling_subnet_when_the_first_is_full() {
    let h = h(shared());
    // Totals per subnet, network members included.
    crate::dhcp::alloc::lease6_stats::set_totals(h.srv.config(), &h.stats);
    assert_eq!(h.stats.get(&subnet_stat(1, "total-nas")), Some(2));
    assert_eq!(h.stats.get(&subnet_stat(2, "total-nas")), Some(3));
    assert_eq!(request_na(&h, 1).await.address, a("2001:db8:1::10"));
    assert_eq!(request_na(&h, 2).await.address, a("2001:db8:1::11"));
    let third = request_na(&h, 3).await;
    assert_eq!(third.address, a("2001:db8:2::10"));
    // The sibling's own lifetimes: valid from the subnet, preferred inherited.
    assert_eq!((third.preferred, third.valid), (1000, 3000));
    let l = h
        .store
        .get6(LeaseType::Na, third.address)
        .await
        .expect("ok")
        .expect("stored");
    assert_eq!(l.subnet_id, 2);
    assert_eq!(h.stats.get(&subnet_stat(1, "assigned-nas")), Some(2));
    assert_eq!(h.stats.get(&subnet_stat(2, "assigned-nas")), Some(1));
    // Network full: NoAddrsAvail after the five addresses.
    request_na(&h, 4).await;
    request_na(&h, 5).await;
    let mut q = query(msg::SOLICIT, 6);
    q.options.push(ia_na(1, &[]));
    let na = &ias(&h.reply(q).await, opt::IA_NA)[0];
    assert_eq!(status_of(na), Some(Status::NoAddrsAvail as u16));
}

#[tokio::test]
async fn a_client_with_a_lease_in_the_sibling_subnet_gets_it_back() {
    let h = h(shared());
    request_na(&h, 1).await;
    request_na(&h, 2).await;
    assert_eq!(request_na(&h, 3).await.address, a("2001:db8:2::10"));
    // Room again in the selected subnet: client 3 still gets its own lease.
    let mut q = with_server_id(query(msg::RELEASE, 1));
    q.options.push(ia_na(1, &["2001:db8:1::10"]));
    h.reply(q).await;
    let mut q = query(msg::SOLICIT, 3);
    q.options.push(ia_na(1, &[]));
    let na = &ias(&h.reply(q).await, opt::IA_NA)[0];
    assert_eq!(na.addresses[0].address, a("2001:db8:2::10"));
    assert_eq!(request_na(&h, 3).await.address, a("2001:db8:2::10"));
    assert_eq!(h.stats.get(&subnet_stat(2, "assigned-nas")), Some(1));
}

#[tokio::test]
async fn renew_rebind_and_release_of_a_lease_in_the_sibling_subnet_work() {
    let h = h(shared());
    request_na(&h, 1).await;
    request_na(&h, 2).await;
    let got = request_na(&h, 3).await.address;
    for t in [msg::RENEW, msg::REBIND] {
        let q = if t == msg::RENEW {
            with_server_id(query(t, 3))
        } else {
            query(t, 3)
        };
        let mut q = q;
        q.options.push(ia_na(1, &[&got.to_string()]));
        let na = &ias(&h.reply(q).await, opt::IA_NA)[0];
        assert_eq!(na.addresses.len(), 1, "{na:?}");
        assert_eq!(na.addresses[0].address, got);
        assert_eq!(na.addresses[0].valid, 3000);
        // T1/T2 of the sibling subnet (from the preferred lifetime).
        assert_eq!((na.t1, na.t2), (500, 800));
    }
    assert_eq!(h.stats.get(&subnet_stat(2, "assigned-nas")), Some(1));
    let mut q = with_server_id(query(msg::RELEASE, 3));
    q.options.push(ia_na(1, &[&got.to_string()]));
    let na = &ias(&h.reply(q).await, opt::IA_NA)[0];
    assert_eq!(status_of(na), Some(Status::Success as u16));
    assert_eq!(h.stats.get(&subnet_stat(2, "assigned-nas")), Some(0));
    assert!(h
        .store
        .get6(LeaseType::Na, got)
        .await
        .expect("ok")
        .is_none());
}

#[tokio::test]
async fn a_relay_address_set_on_the_shared_network_selects_its_subnets() {
    let h = h(shared());
    for c in 1..=2 {
        request_na(&h, c).await;
    }
    let mut q = query(msg::SOLICIT, 7);
    q.options.push(ia_na(1, &[]));
    q.push(opt::ORO, 23u16.to_be_bytes().to_vec());
    let p = Packet6 {
        relays: vec![RelayLevel {
            msg_type: msg::RELAY_FORW,
            hop_count: 0,
            link_address: a("2001:db8:ff::1"),
            peer_address: a("fe80::7"),
            options: vec![],
        }],
        message: q,
    };
    let meta = Meta6 {
        iface: "eth9".into(),
        source: a("2001:db8:ff::1"),
        source_port: 547,
        unicast: true,
        destination: "ff02::1:2".parse().expect("address"),
        length: 0,
    };
    let Outcome6::Reply { packet, .. } = h.run_packet(p, &meta).await else {
        panic!("expected a reply")
    };
    let na = &ias(&packet.message, opt::IA_NA)[0];
    assert_eq!(na.addresses[0].address, a("2001:db8:2::10"));
    assert_eq!(
        packet.message.option(23),
        Some(&a("2001:db8::53").octets()[..])
    );
}

#[tokio::test]
async fn new_clients_start_at_the_shared_networks_most_recently_used_subnet() {
    let h = h(shared());
    request_na(&h, 1).await;
    request_na(&h, 2).await;
    assert_eq!(request_na(&h, 3).await.address, a("2001:db8:2::10"));
    let mut q = with_server_id(query(msg::RELEASE, 1));
    q.options.push(ia_na(1, &["2001:db8:1::10"]));
    h.reply(q).await;
    // Kea's preferred subnet: the sibling allocated last, so it goes first.
    assert_eq!(request_na(&h, 4).await.address, a("2001:db8:2::11"));
}

#[tokio::test]
async fn a_hint_or_a_reservation_in_the_sibling_subnet_is_honoured() {
    let mut cfg = shared();
    cfg["shared-networks"][0]["subnet6"][1]["reservations"] = json!([
        { "duid": "00:03:00:01:00:00:00:00:00:99", "ip-addresses": [ "2001:db8:2::99" ] }
    ]);
    let h = h(cfg);
    // Room in the selected subnet, but the client asks for a sibling address.
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &["2001:db8:2::12"]));
    let na = &ias(&h.reply(q).await, opt::IA_NA)[0];
    assert_eq!(na.addresses[0].address, a("2001:db8:2::12"));
    // Reserved in the sibling subnet only.
    assert_eq!(request_na(&h, 0x99).await.address, a("2001:db8:2::99"));
}

#[tokio::test]
async fn a_prefix_comes_from_the_sibling_subnet_when_the_selected_one_has_no_pd_pool() {
    let mut cfg = shared();
    cfg["shared-networks"][0]["subnet6"][1]["pd-pools"] = json!([
        { "prefix": "2001:db8:8000::", "prefix-len": 56, "delegated-len": 56 }
    ]);
    let h = h(cfg);
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_pd(5, &[]));
    let pd = &ias(&h.reply(q).await, opt::IA_PD)[0];
    assert_eq!(pd.prefixes[0].prefix, a("2001:db8:8000::"));
    assert_eq!(h.stats.get(&subnet_stat(2, "assigned-pds")), Some(1));
    // The only prefix is taken: NoPrefixAvail for the next client.
    let mut q = with_server_id(query(msg::REQUEST, 2));
    q.options.push(ia_pd(5, &[]));
    let pd = &ias(&h.reply(q).await, opt::IA_PD)[0];
    assert_eq!(status_of(pd), Some(Status::NoPrefixAvail as u16));
}
