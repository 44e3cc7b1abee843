//! Unit tests of [`Dhcp4Server::process`]: packets built with [`Packet4`], a
//! [`PacketMeta`] built by hand, an in-memory memfile store, a fixed clock.
//! Expected behaviour is Kea 2.2's (`dhcp4_srv.cc`, `alloc_engine.cc`,
//! `cfg_subnets4.cc`); several cases were checked against kea-dhcp4 2.2.0.

use crate::backends::host_memory::MemHostStore;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::sync::Arc;

use serde_json::{json, Value};

use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::memfile::MemfileStore;
use crate::backends::LeaseStore;
use crate::config::parse_dhcp4_value;
use crate::dhcp::alloc::engine::reclaim_expired;
use crate::stats::{subnet_stat, Stats};

use super::destination::Destination;
use super::packet::{code, rai, MessageType, Packet4, BOOTREPLY, BOOTREQUEST};
use super::{Dhcp4Server, DropReason, Outcome, PacketMeta, Ports};

mod store_calls;

const NOW: i64 = 1_700_000_000;
/// The server's interface address (and default server identifier).
const SRV: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);
/// The relay (giaddr) for relayed queries.
const RELAY: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);

fn ip(d: u8) -> Ipv4Addr {
    Ipv4Addr::new(192, 0, 2, d)
}

fn base() -> Value {
    json!({
        "valid-lifetime": 4000,
        "renew-timer": 1000,
        "rebind-timer": 2000,
        "subnet4": [{
            "id": 1,
            "subnet": "192.0.2.0/24",
            "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}],
            "option-data": [
                {"name": "routers", "data": "192.0.2.1"},
                {"name": "domain-name-servers", "data": "192.0.2.53"},
                {"name": "domain-name", "data": "example.org"}
            ]
        }]
    })
}

struct H {
    srv: Dhcp4Server<MemfileStore, MemHostStore>,
    store: Arc<MemfileStore>,
    stats: Arc<Stats>,
}

fn h(dhcp4: Value) -> H {
    h_with(dhcp4, true)
}

fn h_with(dhcp4: Value, direct: bool) -> H {
    let cfg = parse_dhcp4_value(&json!({ "Dhcp4": dhcp4 })).expect("valid config");
    let store = Arc::new(MemfileStore::in_memory());
    let stats = Arc::new(Stats::default());
    let srv = Dhcp4Server::new(
        Arc::new(cfg),
        store.clone(),
        stats.clone(),
        Ports::default(),
        direct,
    );
    H { srv, store, stats }
}

impl H {
    async fn run(&self, q: &Packet4, m: &PacketMeta) -> Outcome {
        self.run_at(q, m, NOW).await
    }

    async fn run_at(&self, q: &Packet4, m: &PacketMeta, now: i64) -> Outcome {
        self.srv.process(q, m, now).await.expect("no store error")
    }

    fn stat(&self, name: &str) -> i64 {
        self.stats.get(name).unwrap_or(0)
    }

    fn sub(&self, name: &str) -> i64 {
        self.stat(&subnet_stat(1, name))
    }

    async fn lease(&self, a: Ipv4Addr) -> Option<Lease4> {
        self.store.get4(a).await.expect("get4")
    }

    /// Relayed DISCOVER + REQUEST for client `n` at `now`; the acked address.
    async fn dora_at(&self, n: u8, now: i64) -> Ipv4Addr {
        let (offer, _) = reply(self.run_at(&discover(n), &relay_meta(), now).await);
        let (ack, _) = reply(
            self.run_at(&selecting(n, offer.yiaddr), &relay_meta(), now)
                .await,
        );
        assert_eq!(ack.message_type(), Some(MessageType::Ack));
        ack.yiaddr
    }

    async fn dora(&self, n: u8) -> Ipv4Addr {
        self.dora_at(n, NOW).await
    }
}

fn reply(o: Outcome) -> (Packet4, Destination) {
    match o {
        Outcome::Reply { packet, dest } => (*packet, dest),
        Outcome::Drop(why) => panic!("expected a reply, got a drop: {why:?}"),
    }
}

fn dropped(o: Outcome) -> DropReason {
    match o {
        Outcome::Drop(why) => why,
        Outcome::Reply { packet, .. } => panic!(
            "expected a drop, got {:?} yiaddr {}",
            packet.message_type(),
            packet.yiaddr
        ),
    }
}

fn mac(n: u8) -> [u8; 6] {
    [2, 0, 0, 0, 0, n]
}

/// A query from client `n` (hardware address `mac(n)`), not relayed.
fn query(t: MessageType, n: u8) -> Packet4 {
    let mut p = Packet4 {
        op: BOOTREQUEST,
        xid: 0x1000 + u32::from(n),
        ..Default::default()
    };
    p.chaddr[..6].copy_from_slice(&mac(n));
    p.options.push((code::MESSAGE_TYPE, vec![t as u8]));
    p
}

fn with(mut p: Packet4, c: u8, v: &[u8]) -> Packet4 {
    p.options.push((c, v.to_vec()));
    p
}

fn relayed(mut p: Packet4) -> Packet4 {
    p.giaddr = RELAY;
    p.hops = 1;
    p
}

fn discover(n: u8) -> Packet4 {
    relayed(query(MessageType::Discover, n))
}

/// REQUEST in SELECTING state, relayed: option 50 and our server id.
fn selecting(n: u8, a: Ipv4Addr) -> Packet4 {
    let p = with(
        relayed(query(MessageType::Request, n)),
        code::REQUESTED_ADDRESS,
        &a.octets(),
    );
    with(p, code::SERVER_ID, &SRV.octets())
}

/// REQUEST in INIT-REBOOT state, relayed: option 50, no server id.
fn init_reboot(n: u8, a: Ipv4Addr) -> Packet4 {
    with(
        relayed(query(MessageType::Request, n)),
        code::REQUESTED_ADDRESS,
        &a.octets(),
    )
}

/// REQUEST in RENEWING (use with `unicast_meta(a)`) or REBINDING (`bcast_meta`).
fn renewing(n: u8, a: Ipv4Addr) -> Packet4 {
    let mut p = query(MessageType::Request, n);
    p.ciaddr = a;
    p
}

fn meta(src: SocketAddrV4, dst: Ipv4Addr) -> PacketMeta {
    PacketMeta {
        src,
        dst,
        iface: Arc::from("eth0"),
        ifindex: 2,
        iface_addrs: Arc::from(vec![SRV]),
    }
}

fn relay_meta() -> PacketMeta {
    meta(SocketAddrV4::new(RELAY, 67), SRV)
}

fn bcast_meta() -> PacketMeta {
    meta(
        SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 68),
        Ipv4Addr::BROADCAST,
    )
}

fn unicast_meta(from: Ipv4Addr) -> PacketMeta {
    meta(SocketAddrV4::new(from, 68), SRV)
}

fn in_pool(a: Ipv4Addr) -> bool {
    (ip(10)..=ip(20)).contains(&a)
}

fn ips(v: &[u8]) -> Vec<Ipv4Addr> {
    v.chunks(4)
        .map(|c| Ipv4Addr::new(c[0], c[1], c[2], c[3]))
        .collect()
}

/// The option codes of an encoded reply, in wire order.
fn wire_codes(p: &Packet4) -> Vec<u8> {
    let b = p.encode();
    let mut i = 240;
    let mut out = Vec::new();
    while i < b.len() && b[i] != code::END {
        if b[i] == code::PAD {
            i += 1;
            continue;
        }
        out.push(b[i]);
        i += 2 + usize::from(b[i + 1]);
    }
    out
}

// ---------------------------------------------------------------- DISCOVER

#[tokio::test]
async fn discover_is_offered_a_pool_address_with_keas_lease_options() {
    let h = h(base());
    let (o, dest) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(o.op, BOOTREPLY);
    assert_eq!(o.xid, 0x1001);
    assert_eq!(o.message_type(), Some(MessageType::Offer));
    assert!(in_pool(o.yiaddr), "{}", o.yiaddr);
    assert_eq!(o.hwaddr(), &mac(1));
    assert_eq!(o.giaddr, RELAY);
    assert_eq!(o.server_id(), Some(SRV));
    assert_eq!(o.option_u32(code::LEASE_TIME), Some(4000));
    assert_eq!(o.option_u32(code::RENEWAL_TIME), Some(1000));
    assert_eq!(o.option_u32(code::REBINDING_TIME), Some(2000));
    assert_eq!(o.option(code::SUBNET_MASK), Some(&[255, 255, 255, 0][..]));
    assert_eq!(dest.addr, SocketAddrV4::new(RELAY, 67));
    assert_eq!(wire_codes(&o)[0], code::MESSAGE_TYPE);
}

#[tokio::test]
async fn an_offer_commits_no_lease_and_changes_no_lease_statistic() {
    let h = h(base());
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(h.lease(o.yiaddr).await, None);
    assert_eq!(h.sub("assigned-addresses"), 0);
    assert_eq!(h.stat("cumulative-assigned-addresses"), 0);
    assert_eq!(h.stat("pkt4-discover-received"), 1);
}

#[tokio::test]
async fn routers_dns_and_domain_name_are_sent_unrequested_as_kea_does() {
    let h = h(base());
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(o.option(code::ROUTERS).map(ips), Some(vec![ip(1)]));
    assert_eq!(o.option(6).map(ips), Some(vec![ip(53)]));
    assert_eq!(o.option(15), Some(&b"example.org"[..]));
}

#[tokio::test]
async fn requested_options_are_sent_and_unrequested_ones_are_not() {
    let mut cfg = base();
    cfg["subnet4"][0]["option-data"] = json!([
        {"name": "ntp-servers", "data": "192.0.2.123"},
        {"name": "time-offset", "data": "3600"}
    ]);
    let h = h(cfg);
    let q = with(discover(1), code::PARAMETER_REQUEST_LIST, &[1, 42, 3]);
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(o.option(42).map(ips), Some(vec![ip(123)]));
    assert_eq!(o.option(2), None, "time-offset was not requested");
    assert_eq!(o.option(code::ROUTERS), None, "not configured");
}

#[tokio::test]
async fn always_send_options_are_sent_unrequested() {
    let mut cfg = base();
    cfg["subnet4"][0]["option-data"] = json!([
        {"name": "ntp-servers", "data": "192.0.2.123", "always-send": true},
        {"name": "time-offset", "data": "3600"}
    ]);
    let h = h(cfg);
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(o.option(42).map(ips), Some(vec![ip(123)]));
    assert_eq!(o.option(2), None);
}

#[tokio::test]
async fn next_server_sname_and_file_come_from_the_subnet() {
    let mut cfg = base();
    cfg["subnet4"][0]["next-server"] = json!("192.0.2.9");
    cfg["subnet4"][0]["server-hostname"] = json!("boot.example.org");
    cfg["subnet4"][0]["boot-file-name"] = json!("pxelinux.0");
    let h = h(cfg);
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(o.siaddr, ip(9));
    assert_eq!(&o.sname[..17], b"boot.example.org\0");
    assert_eq!(&o.file[..11], b"pxelinux.0\0");
}

#[tokio::test]
async fn a_reservation_gives_its_address_and_its_fixed_fields() {
    let mut cfg = base();
    cfg["subnet4"][0]["next-server"] = json!("192.0.2.9");
    cfg["subnet4"][0]["reservations"] = json!([{
        "hw-address": "02:00:00:00:00:07",
        "ip-address": "192.0.2.15",
        "next-server": "192.0.2.8",
        "boot-file-name": "host.efi"
    }]);
    let h = h(cfg);
    let (o, _) = reply(h.run(&discover(7), &relay_meta()).await);
    assert_eq!(o.yiaddr, ip(15));
    assert_eq!(o.siaddr, ip(8));
    assert_eq!(&o.file[..9], b"host.efi\0");
    let (other, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(other.siaddr, ip(9));
    assert_eq!(other.file[0], 0);
}

#[tokio::test]
async fn client_id_is_echoed_only_with_echo_client_id() {
    let q = with(discover(1), code::CLIENT_ID, &[1, 2, 0, 0, 0, 0, 1]);
    let (o, _) = reply(h(base()).run(&q, &relay_meta()).await);
    assert_eq!(o.option(code::CLIENT_ID), Some(&[1, 2, 0, 0, 0, 0, 1][..]));
    let mut cfg = base();
    cfg["echo-client-id"] = json!(false);
    let (o, _) = reply(h(cfg).run(&q, &relay_meta()).await);
    assert_eq!(o.option(code::CLIENT_ID), None);
}

#[tokio::test]
async fn option_82_is_echoed_byte_exact_and_last() {
    let rai_bytes = [1, 3, 0xaa, 0xbb, 0xcc, 2, 2, 0x10, 0x20, 0x99, 1, 0x7f];
    let q = with(discover(1), code::RELAY_AGENT_INFO, &rai_bytes);
    let q = with(q, code::CLIENT_ID, &[1, 2, 0, 0, 0, 0, 1]);
    let (o, _) = reply(h(base()).run(&q, &relay_meta()).await);
    assert_eq!(o.option(code::RELAY_AGENT_INFO), Some(&rai_bytes[..]));
    assert_eq!(wire_codes(&o).last(), Some(&code::RELAY_AGENT_INFO));
    let b = o.encode();
    let mut tail = vec![code::RELAY_AGENT_INFO, rai_bytes.len() as u8];
    tail.extend_from_slice(&rai_bytes);
    tail.push(code::END);
    assert!(b.windows(tail.len()).any(|w| w == tail.as_slice()));
}

#[tokio::test]
async fn an_empty_option_82_is_not_echoed() {
    let q = with(discover(1), code::RELAY_AGENT_INFO, &[]);
    let (o, _) = reply(h(base()).run(&q, &relay_meta()).await);
    assert_eq!(o.option(code::RELAY_AGENT_INFO), None);
}

#[tokio::test]
async fn subnet_selection_option_118_selects_the_subnet_and_is_echoed() {
    let mut cfg = base();
    cfg["subnet4"].as_array_mut().expect("list").push(json!({
        "id": 2, "subnet": "198.51.100.0/24",
        "pools": [{"pool": "198.51.100.10 - 198.51.100.20"}]
    }));
    let h = h(cfg);
    let q = with(discover(1), code::SUBNET_SELECTION, &[198, 51, 100, 0]);
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(o.yiaddr.octets()[..3], [198, 51, 100]);
    assert_eq!(
        o.option(code::SUBNET_SELECTION),
        Some(&[198, 51, 100, 0][..])
    );
}

#[tokio::test]
async fn a_discover_carrying_a_server_id_is_dropped() {
    // Kea: sanityCheck(discover, FORBIDDEN), checked against kea-dhcp4 2.2.0.
    let h = h(base());
    let ours = with(discover(1), code::SERVER_ID, &SRV.octets());
    assert!(matches!(
        dropped(h.run(&ours, &relay_meta()).await),
        DropReason::RfcViolation(_)
    ));
    let foreign = with(discover(1), code::SERVER_ID, &[10, 10, 10, 10]);
    assert_eq!(
        dropped(h.run(&foreign, &relay_meta()).await),
        DropReason::NotForUs
    );
}

#[tokio::test]
async fn a_query_with_neither_hwaddr_nor_client_id_is_dropped() {
    let h = h(base());
    let mut q = discover(1);
    q.hlen = 0;
    assert!(matches!(
        dropped(h.run(&q, &relay_meta()).await),
        DropReason::RfcViolation(_)
    ));
    let q = with(q, code::CLIENT_ID, &[9, 9, 9]);
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert!(in_pool(o.yiaddr));
}

#[tokio::test]
async fn non_requests_and_packets_without_message_type_are_dropped() {
    let h = h(base());
    let mut bootreply = discover(1);
    bootreply.op = BOOTREPLY;
    assert_eq!(
        dropped(h.run(&bootreply, &relay_meta()).await),
        DropReason::NotARequest
    );
    let mut bootp = discover(1);
    bootp.options.clear();
    assert_eq!(
        dropped(h.run(&bootp, &relay_meta()).await),
        DropReason::NoMessageType
    );
    let offer = relayed(query(MessageType::Offer, 1));
    assert_eq!(
        dropped(h.run(&offer, &relay_meta()).await),
        DropReason::UnexpectedType(MessageType::Offer)
    );
}

#[tokio::test]
async fn a_packet_with_a_truncated_last_option_is_still_served() {
    let mut b = discover(1).encode();
    let end = b.iter().rposition(|&x| x == code::END).expect("END");
    b.truncate(end);
    b.extend_from_slice(&[code::HOST_NAME, 40, b'a']);
    let q = Packet4::decode(&b).expect("decodes like Kea");
    let (o, _) = reply(h(base()).run(&q, &relay_meta()).await);
    assert_eq!(o.message_type(), Some(MessageType::Offer));
}

// ----------------------------------------------------------- allocation

#[tokio::test]
async fn the_same_client_is_offered_the_same_address_again() {
    let h = h(base());
    let a = h.dora(1).await;
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(o.yiaddr, a);
}

#[tokio::test]
async fn an_expired_lease_comes_back_to_its_client_if_nobody_took_it() {
    let h = h(base());
    let a = h.dora(1).await;
    let later = NOW + 10_000;
    h.dora_at(2, later).await;
    assert_eq!(h.dora_at(1, later).await, a);
}

#[tokio::test]
async fn a_reclaimed_lease_kept_by_hold_reclaimed_time_comes_back_to_its_client() {
    // Kea's findClientLease ignores the lease state.
    let h = h(base());
    let a = h.dora(1).await;
    let later = NOW + 10_000;
    let n = reclaim_expired(&*h.store, &h.stats, later, 0, false)
        .await
        .expect("reclaim");
    assert_eq!(n, 1);
    let (o, _) = reply(h.run_at(&discover(1), &relay_meta(), later).await);
    assert_eq!(o.yiaddr, a);
    let (ack, _) = reply(h.run_at(&selecting(1, a), &relay_meta(), later).await);
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(h.sub("assigned-addresses"), 1);
    assert_eq!(h.stat("cumulative-assigned-addresses"), 2);
    assert_eq!(h.stat("reclaimed-leases"), 1);
}

#[tokio::test]
async fn a_free_requested_address_is_offered() {
    let h = h(base());
    let q = with(discover(1), code::REQUESTED_ADDRESS, &ip(17).octets());
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(o.yiaddr, ip(17));
}

#[tokio::test]
async fn a_requested_address_held_by_another_client_is_not_offered() {
    let h = h(base());
    let a = h.dora(1).await;
    let q = with(discover(2), code::REQUESTED_ADDRESS, &a.octets());
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert_ne!(o.yiaddr, a);
    assert!(in_pool(o.yiaddr));
}

#[tokio::test]
async fn a_requested_address_outside_the_pools_is_not_offered() {
    let h = h(base());
    let q = with(discover(1), code::REQUESTED_ADDRESS, &ip(99).octets());
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert!(in_pool(o.yiaddr));
}

#[tokio::test]
async fn pool_iteration_skips_reserved_and_leased_addresses_and_wraps() {
    let mut cfg = base();
    cfg["subnet4"][0]["pools"] = json!([
        {"pool": "192.0.2.10 - 192.0.2.11"},
        {"pool": "192.0.2.30 - 192.0.2.31"}
    ]);
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:63", "ip-address": "192.0.2.11"}]);
    let h = h(cfg);
    let mut got = Vec::new();
    for n in 1..=3 {
        got.push(h.dora(n).await);
    }
    assert_eq!(got, vec![ip(10), ip(30), ip(31)]);
    // Release .30: the cursor is at .31, so the next search wraps to .10
    // (taken), skips .11 (reserved) and finds .30.
    let rel = {
        let mut p = query(MessageType::Release, 2);
        p.ciaddr = ip(30);
        p
    };
    h.run(&rel, &unicast_meta(ip(30))).await;
    assert_eq!(h.dora(4).await, ip(30));
    // Nothing left but the reserved address.
    assert_eq!(
        dropped(h.run(&discover(5), &relay_meta()).await),
        DropReason::NoAddress
    );
}

#[tokio::test]
async fn an_exhausted_pool_gets_no_offer() {
    let mut cfg = base();
    cfg["subnet4"][0]["pools"] = json!([{"pool": "192.0.2.10 - 192.0.2.11"}]);
    let h = h(cfg);
    h.dora(1).await;
    h.dora(2).await;
    assert_eq!(
        dropped(h.run(&discover(3), &relay_meta()).await),
        DropReason::NoAddress
    );
}

#[tokio::test]
async fn an_expired_lease_of_another_client_is_reused_with_consistent_stats() {
    let mut cfg = base();
    cfg["subnet4"][0]["pools"] = json!([{"pool": "192.0.2.10 - 192.0.2.10"}]);
    let h = h(cfg);
    assert_eq!(h.dora(1).await, ip(10));
    assert_eq!(
        dropped(h.run(&discover(2), &relay_meta()).await),
        DropReason::NoAddress
    );
    let later = NOW + 4001;
    assert_eq!(h.dora_at(2, later).await, ip(10));
    let l = h.lease(ip(10)).await.expect("lease");
    assert_eq!(l.hwaddr, mac(2));
    assert_eq!(l.cltt, later);
    assert_eq!(h.sub("assigned-addresses"), 1);
    assert_eq!(h.sub("cumulative-assigned-addresses"), 2);
    assert_eq!(h.sub("reclaimed-leases"), 1);
    assert_eq!(h.stat("reclaimed-leases"), 1);
}

#[tokio::test]
async fn shared_network_uses_the_second_subnet_when_the_first_is_full() {
    let h = h(json!({
        "valid-lifetime": 4000,
        "shared-networks": [{
            "name": "net",
            "relay": {"ip-addresses": ["192.0.2.1"]},
            "subnet4": [
                {"id": 1, "subnet": "10.1.0.0/24", "pools": [{"pool": "10.1.0.10 - 10.1.0.10"}]},
                {"id": 2, "subnet": "10.2.0.0/24", "pools": [{"pool": "10.2.0.10 - 10.2.0.10"}]}
            ]
        }]
    }));
    assert_eq!(h.dora(1).await, Ipv4Addr::new(10, 1, 0, 10));
    let (o, _) = reply(h.run(&discover(2), &relay_meta()).await);
    assert_eq!(o.yiaddr, Ipv4Addr::new(10, 2, 0, 10));
    assert_eq!(o.option(code::SUBNET_MASK), Some(&[255, 255, 255, 0][..]));
    h.dora(2).await;
    assert_eq!(
        h.lease(Ipv4Addr::new(10, 2, 0, 10))
            .await
            .expect("lease")
            .subnet_id,
        2
    );
    assert_eq!(h.stat(&subnet_stat(2, "assigned-addresses")), 1);
    assert_eq!(
        dropped(h.run(&discover(3), &relay_meta()).await),
        DropReason::NoAddress
    );
}

// ------------------------------------------------------- client identity

#[tokio::test]
async fn with_match_client_id_the_client_id_identifies_the_client() {
    let h = h(base());
    let cid = |p: Packet4, id: u8| with(p, code::CLIENT_ID, &[0xff, id]);
    let (o, _) = reply(h.run(&cid(discover(1), 1), &relay_meta()).await);
    let a = o.yiaddr;
    reply(h.run(&cid(selecting(1, a), 1), &relay_meta()).await);
    // Same hardware, other client id: another client.
    let (o, _) = reply(h.run(&cid(discover(1), 2), &relay_meta()).await);
    assert_ne!(o.yiaddr, a);
    // Other hardware, same client id: the same client.
    let (o, _) = reply(h.run(&cid(discover(9), 1), &relay_meta()).await);
    assert_eq!(o.yiaddr, a);
    assert_eq!(
        h.lease(a).await.expect("lease").client_id,
        Some(vec![0xff, 1])
    );
}

#[tokio::test]
async fn without_match_client_id_the_hardware_address_identifies_the_client() {
    let mut cfg = base();
    cfg["match-client-id"] = json!(false);
    let h = h(cfg);
    let cid = |p: Packet4, id: u8| with(p, code::CLIENT_ID, &[0xff, id]);
    let (o, _) = reply(h.run(&cid(discover(1), 1), &relay_meta()).await);
    let a = o.yiaddr;
    reply(h.run(&cid(selecting(1, a), 1), &relay_meta()).await);
    let (o, _) = reply(h.run(&cid(discover(1), 2), &relay_meta()).await);
    assert_eq!(o.yiaddr, a);
    let (o, _) = reply(h.run(&cid(discover(9), 1), &relay_meta()).await);
    assert_ne!(o.yiaddr, a);
    assert_eq!(h.lease(a).await.expect("lease").client_id, None);
}

// ---------------------------------------------------------------- REQUEST

#[tokio::test]
async fn selecting_request_is_acked_and_the_lease_committed() {
    let h = h(base());
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    let q = with(selecting(1, o.yiaddr), code::HOST_NAME, b"pc-1");
    let (ack, dest) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr, o.yiaddr);
    assert_eq!(ack.server_id(), Some(SRV));
    assert_eq!(ack.option_u32(code::LEASE_TIME), Some(4000));
    assert_eq!(dest.addr, SocketAddrV4::new(RELAY, 67));
    let l = h.lease(o.yiaddr).await.expect("lease stored");
    assert_eq!(l.hwaddr, mac(1));
    assert_eq!(l.cltt, NOW);
    assert_eq!(l.valid_lifetime, 4000);
    assert_eq!(l.subnet_id, 1);
    assert_eq!(l.hostname, "pc-1");
    assert_eq!(l.state, LeaseState::Default);
    assert_eq!(h.sub("assigned-addresses"), 1);
    assert_eq!(h.sub("cumulative-assigned-addresses"), 1);
    assert_eq!(h.stat("cumulative-assigned-addresses"), 1);
}

#[tokio::test]
async fn request_with_a_foreign_server_id_is_dropped() {
    let h = h(base());
    let mut q = selecting(1, ip(10));
    q.set_option(code::SERVER_ID, vec![203, 0, 113, 9]);
    assert_eq!(
        dropped(h.run(&q, &relay_meta()).await),
        DropReason::NotForUs
    );
    assert_eq!(h.lease(ip(10)).await, None);
}

#[tokio::test]
async fn a_configured_server_id_is_accepted_and_sent() {
    let mut cfg = base();
    cfg["subnet4"][0]["option-data"] =
        json!([{"name": "dhcp-server-identifier", "data": "203.0.113.1"}]);
    let h = h(cfg);
    let mut q = selecting(1, ip(12));
    q.set_option(code::SERVER_ID, vec![203, 0, 113, 1]);
    let (ack, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(ack.server_id(), Some(Ipv4Addr::new(203, 0, 113, 1)));
}

#[tokio::test]
async fn request_for_an_address_of_another_client_is_naked() {
    let h = h(base());
    let a = h.dora(1).await;
    let (nak, dest) = reply(h.run(&selecting(2, a), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert_eq!(nak.yiaddr, Ipv4Addr::UNSPECIFIED);
    assert_eq!(nak.server_id(), Some(SRV));
    assert_eq!(nak.option(code::LEASE_TIME), None);
    assert_eq!(nak.option(code::SUBNET_MASK), None);
    assert_eq!(dest.addr, SocketAddrV4::new(RELAY, 67));
    assert_eq!(h.lease(a).await.expect("kept").hwaddr, mac(1));
    assert_eq!(h.sub("assigned-addresses"), 1);
}

#[tokio::test]
async fn request_for_an_address_outside_every_pool_is_dropped_like_kea() {
    // kea-dhcp4 2.2.0: DHCP4_UNKNOWN_ADDRESS_REQUESTED, no NAK.
    let h = h(base());
    for a in [ip(99), Ipv4Addr::new(10, 9, 9, 9)] {
        assert_eq!(
            dropped(h.run(&selecting(1, a), &relay_meta()).await),
            DropReason::UnknownAddress,
            "{a}"
        );
    }
    assert_eq!(
        dropped(h.run(&renewing(1, ip(99)), &unicast_meta(ip(99))).await),
        DropReason::UnknownAddress
    );
    assert_eq!(h.sub("assigned-addresses"), 0);
}

#[tokio::test]
async fn request_for_an_address_reserved_for_another_client_is_naked() {
    let mut cfg = base();
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:07", "ip-address": "192.0.2.15"}]);
    let h = h(cfg);
    let (nak, _) = reply(h.run(&selecting(1, ip(15)), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    // Also outside the pool: the reservation check comes first (NAK, not drop).
    let mut cfg = base();
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:07", "ip-address": "192.0.2.99"}]);
    let h = h_with(cfg, true);
    let (nak, _) = reply(h.run(&selecting(1, ip(99)), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
}

#[tokio::test]
async fn a_reserved_out_of_pool_address_is_acked_to_its_client() {
    let mut cfg = base();
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:07", "ip-address": "192.0.2.99"}]);
    let h = h(cfg);
    assert_eq!(h.dora(7).await, ip(99));
}

#[tokio::test]
async fn a_client_with_a_free_reserved_address_asking_for_another_is_naked() {
    let mut cfg = base();
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:07", "ip-address": "192.0.2.15"}]);
    let h = h(cfg);
    let (nak, _) = reply(h.run(&selecting(7, ip(12)), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
}

#[tokio::test]
async fn a_client_whose_reserved_address_is_taken_gets_and_keeps_a_pool_address() {
    // Kea requestLease4: the other address is refused only when the reserved
    // one is free (the client was offered another because it is taken).
    let h = h(base());
    let a = h.dora(1).await;
    let mut cfg = base();
    cfg["subnet4"][0]["reservations"] =
        json!([{"hw-address": "02:00:00:00:00:07", "ip-address": a.to_string()}]);
    let h2 = Dhcp4Server::<_, MemHostStore>::new(
        Arc::new(parse_dhcp4_value(&json!({ "Dhcp4": cfg })).expect("cfg")),
        h.store.clone(),
        h.stats.clone(),
        Ports::default(),
        true,
    );
    let (o, _) = reply(
        h2.process(&discover(7), &relay_meta(), NOW)
            .await
            .expect("ok"),
    );
    assert_ne!(o.yiaddr, a);
    let (ack, _) = reply(
        h2.process(&selecting(7, o.yiaddr), &relay_meta(), NOW)
            .await
            .expect("ok"),
    );
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr, o.yiaddr);
}

#[tokio::test]
async fn a_declined_address_in_probation_is_naked() {
    let h = h(base());
    let a = h.dora(1).await;
    let mut d = with(
        relayed(query(MessageType::Decline, 1)),
        code::REQUESTED_ADDRESS,
        &a.octets(),
    );
    d = with(d, code::SERVER_ID, &SRV.octets());
    h.run(&d, &relay_meta()).await;
    let (nak, _) = reply(h.run(&selecting(2, a), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
}

#[tokio::test]
async fn init_reboot_of_a_known_client_is_acked() {
    let h = h(base());
    let a = h.dora(1).await;
    let (ack, _) = reply(h.run(&init_reboot(1, a), &relay_meta()).await);
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr, a);
}

#[tokio::test]
async fn init_reboot_from_an_unknown_client_is_ignored_unless_authoritative() {
    let h1 = h(base());
    assert_eq!(
        dropped(h1.run(&init_reboot(1, ip(12)), &relay_meta()).await),
        DropReason::NotAuthoritative
    );
    let mut cfg = base();
    cfg["authoritative"] = json!(true);
    let h2 = h(cfg);
    let (nak, _) = reply(h2.run(&init_reboot(1, ip(12)), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert_eq!(h2.lease(ip(12)).await, None);
}

#[tokio::test]
async fn init_reboot_of_a_known_client_for_another_address_is_naked_even_non_authoritative() {
    // Kea assignLease: known client whose lease is not the requested address.
    let h = h(base());
    let a = h.dora(1).await;
    let other = if a == ip(12) { ip(13) } else { ip(12) };
    let (nak, dest) = reply(h.run(&init_reboot(1, other), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert_eq!(dest.addr, SocketAddrV4::new(RELAY, 67));
    let (nak, _) = reply(
        h.run(&init_reboot(1, Ipv4Addr::new(10, 9, 9, 9)), &relay_meta())
            .await,
    );
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert!(h.lease(a).await.is_some(), "the known lease stays");
}

#[tokio::test]
async fn renewing_is_acked_unicast_to_ciaddr_and_extends_the_lease() {
    let h = h(base());
    let a = h.dora(1).await;
    let later = NOW + 1500;
    let (ack, dest) = reply(h.run_at(&renewing(1, a), &unicast_meta(a), later).await);
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr, a);
    assert_eq!(ack.ciaddr, a);
    assert_eq!(dest.addr, SocketAddrV4::new(a, 68));
    assert_eq!(dest.unicast_to_unconfigured, None);
    assert_eq!(h.lease(a).await.expect("lease").cltt, later);
    assert_eq!(h.sub("assigned-addresses"), 1);
    assert_eq!(h.stat("cumulative-assigned-addresses"), 1);
}

#[tokio::test]
async fn rebinding_broadcast_is_acked_to_ciaddr() {
    let h = h(base());
    let a = h.dora(1).await;
    let (ack, dest) = reply(h.run(&renewing(1, a), &bcast_meta()).await);
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr, a);
    assert_eq!(dest.addr, SocketAddrV4::new(a, 68));
}

#[tokio::test]
async fn renewing_an_address_of_another_client_is_naked() {
    let h = h(base());
    let a = h.dora(1).await;
    let (nak, dest) = reply(h.run(&renewing(2, a), &unicast_meta(a)).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert_eq!(
        dest.addr,
        SocketAddrV4::new(a, 68),
        "ciaddr wins over broadcast"
    );
}

#[tokio::test]
async fn renewing_its_own_expired_lease_counts_a_reclamation_like_kea() {
    // Kea renewLease4: reclaimExpiredLease on the fly, then assigned +1.
    let h = h(base());
    let a = h.dora(1).await;
    let later = NOW + 5000;
    let (ack, _) = reply(h.run_at(&renewing(1, a), &unicast_meta(a), later).await);
    assert_eq!(ack.yiaddr, a);
    assert_eq!(h.sub("assigned-addresses"), 1);
    assert_eq!(h.sub("reclaimed-leases"), 1);
    assert_eq!(h.stat("cumulative-assigned-addresses"), 2);
}

#[tokio::test]
async fn a_client_moving_to_another_address_loses_its_old_lease() {
    let h = h(base());
    let a = h.dora(1).await;
    let b = if a == ip(12) { ip(13) } else { ip(12) };
    let (ack, _) = reply(h.run(&selecting(1, b), &relay_meta()).await);
    assert_eq!(ack.yiaddr, b);
    assert_eq!(h.lease(a).await, None);
    assert_eq!(h.sub("assigned-addresses"), 1);
}

#[tokio::test]
async fn a_request_with_no_subnet_is_naked_even_non_authoritative() {
    // kea-dhcp4 2.2.0: DHCP4_PACKET_NAK_0001 for a relayed REQUEST.
    let h = h(base());
    let mut q = selecting(1, ip(12));
    q.giaddr = Ipv4Addr::new(10, 1, 1, 1);
    let (nak, dest) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert_eq!(dest.addr, SocketAddrV4::new(Ipv4Addr::new(10, 1, 1, 1), 67));
}

#[tokio::test]
async fn direct_broadcast_on_a_link_without_subnet_is_dropped() {
    let h = h(base());
    let mut m = bcast_meta();
    m.iface_addrs = Arc::from(vec![Ipv4Addr::new(10, 0, 0, 1)]);
    m.iface = Arc::from("eth9");
    assert_eq!(
        dropped(h.run(&query(MessageType::Discover, 1), &m).await),
        DropReason::NotAcceptedDirect
    );
    assert_eq!(
        dropped(h.run(&renewing(1, ip(12)), &m).await),
        DropReason::NotAcceptedDirect
    );
}

#[tokio::test]
async fn a_request_without_address_is_dropped() {
    let h = h(base());
    let q = with(
        relayed(query(MessageType::Request, 1)),
        code::SERVER_ID,
        &SRV.octets(),
    );
    assert_eq!(
        dropped(h.run(&q, &relay_meta()).await),
        DropReason::NoRequestedAddress
    );
}

// ---------------------------------------------------------------- lifetimes

#[tokio::test]
async fn calculated_tee_times_are_rounded_like_kea() {
    let h = h(json!({
        "valid-lifetime": 4001,
        "calculate-tee-times": true,
        "subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
                     "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}]
    }));
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    // Defaults t1-percent .5, t2-percent .875: 2000.5 and 3500.875 rounded.
    assert_eq!(o.option_u32(code::RENEWAL_TIME), Some(2001));
    assert_eq!(o.option_u32(code::REBINDING_TIME), Some(3501));
}

#[tokio::test]
async fn tee_times_are_absent_unless_configured_or_calculated() {
    let h = h(json!({
        "valid-lifetime": 4000,
        "subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
                     "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}]
    }));
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(o.option(code::RENEWAL_TIME), None);
    assert_eq!(o.option(code::REBINDING_TIME), None);
}

#[tokio::test]
async fn tee_times_not_below_the_lifetime_are_not_sent() {
    let mut cfg = base();
    cfg["renew-timer"] = json!(3000);
    cfg["rebind-timer"] = json!(4000);
    let h = h(cfg);
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(o.option(code::REBINDING_TIME), None, "T2 = valid");
    assert_eq!(o.option_u32(code::RENEWAL_TIME), Some(3000));
    let mut cfg = base();
    cfg["renew-timer"] = json!(5000);
    cfg["rebind-timer"] = json!(6000);
    let (o, _) = reply(h_with(cfg, true).run(&discover(1), &relay_meta()).await);
    assert_eq!(o.option(code::RENEWAL_TIME), None);
    assert_eq!(o.option(code::REBINDING_TIME), None);
}

#[tokio::test]
async fn the_requested_lifetime_is_clamped_to_min_and_max() {
    let mut cfg = base();
    cfg["min-valid-lifetime"] = json!(1000);
    cfg["max-valid-lifetime"] = json!(8000);
    cfg["renew-timer"] = json!(500);
    cfg["rebind-timer"] = json!(800);
    let h = h(cfg);
    let ask = |n: u8, lt: u32| with(discover(n), code::LEASE_TIME, &lt.to_be_bytes());
    for (lt, want) in [(100, 1000), (100_000, 8000), (5000, 5000), (0, 4000)] {
        let (o, _) = reply(h.run(&ask(1, lt), &relay_meta()).await);
        assert_eq!(o.option_u32(code::LEASE_TIME), Some(want), "asked {lt}");
    }
    let q = with(
        selecting(1, ip(10)),
        code::LEASE_TIME,
        &100_000u32.to_be_bytes(),
    );
    let (ack, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(ack.option_u32(code::LEASE_TIME), Some(8000));
    assert_eq!(h.lease(ip(10)).await.expect("lease").valid_lifetime, 8000);
}

// ---------------------------------------------------------- RELEASE/DECLINE

fn release(n: u8, a: Ipv4Addr) -> Packet4 {
    let mut p = with(
        query(MessageType::Release, n),
        code::SERVER_ID,
        &SRV.octets(),
    );
    p.ciaddr = a;
    p
}

fn decline(n: u8, a: Ipv4Addr) -> Packet4 {
    let p = with(
        relayed(query(MessageType::Decline, n)),
        code::REQUESTED_ADDRESS,
        &a.octets(),
    );
    with(p, code::SERVER_ID, &SRV.octets())
}

#[tokio::test]
async fn release_by_the_owner_deletes_the_lease() {
    let h = h(base());
    let a = h.dora(1).await;
    assert_eq!(
        dropped(h.run(&release(1, a), &unicast_meta(a)).await),
        DropReason::NoReplyExpected
    );
    assert_eq!(h.lease(a).await, None);
    assert_eq!(h.sub("assigned-addresses"), 0);
    assert_eq!(h.stat("pkt4-release-received"), 1);
    let q = with(discover(2), code::REQUESTED_ADDRESS, &a.octets());
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(o.yiaddr, a, "the address is free again");
}

#[tokio::test]
async fn release_by_another_client_is_ignored() {
    let h = h(base());
    let a = h.dora(1).await;
    h.run(&release(2, a), &unicast_meta(a)).await;
    assert_eq!(h.lease(a).await.expect("kept").hwaddr, mac(1));
    assert_eq!(h.sub("assigned-addresses"), 1);
}

#[tokio::test]
async fn decline_by_the_owner_puts_the_lease_in_probation_without_identity() {
    let mut cfg = base();
    cfg["decline-probation-period"] = json!(600);
    let h = h(cfg);
    let a = h.dora(1).await;
    let later = NOW + 10;
    assert_eq!(
        dropped(h.run_at(&decline(1, a), &relay_meta(), later).await),
        DropReason::NoReplyExpected
    );
    let l = h.lease(a).await.expect("kept");
    assert_eq!(l.state, LeaseState::Declined);
    assert!(l.hwaddr.is_empty());
    assert_eq!(l.client_id, None);
    assert_eq!(l.hostname, "");
    assert_eq!(l.cltt, later);
    assert_eq!(l.valid_lifetime, 600);
    assert_eq!(h.sub("declined-addresses"), 1);
    assert_eq!(h.stat("declined-addresses"), 1);
    assert_eq!(h.sub("assigned-addresses"), 1, "Kea keeps it assigned");
}

#[tokio::test]
async fn decline_by_another_client_or_without_option_50_is_ignored() {
    let h = h(base());
    let a = h.dora(1).await;
    h.run(&decline(2, a), &relay_meta()).await;
    let mut no50 = decline(1, a);
    no50.options.retain(|(c, _)| *c != code::REQUESTED_ADDRESS);
    no50.ciaddr = a;
    h.run(&no50, &relay_meta()).await;
    assert_eq!(h.lease(a).await.expect("kept").state, LeaseState::Default);
    assert_eq!(h.sub("declined-addresses"), 0);
}

#[tokio::test]
async fn a_declined_address_is_not_offered_until_probation_ends_and_reclamation_runs() {
    let mut cfg = base();
    cfg["subnet4"][0]["pools"] = json!([{"pool": "192.0.2.10 - 192.0.2.10"}]);
    cfg["decline-probation-period"] = json!(600);
    let h = h(cfg);
    let a = h.dora(1).await;
    h.run(&decline(1, a), &relay_meta()).await;
    for n in [1, 2] {
        assert_eq!(
            dropped(h.run_at(&discover(n), &relay_meta(), NOW + 599).await),
            DropReason::NoAddress
        );
    }
    let after = NOW + 601;
    let n = reclaim_expired(&*h.store, &h.stats, after, 0, false)
        .await
        .expect("reclaim");
    assert_eq!(n, 1);
    // Kea deletes a reclaimed declined lease even with hold-reclaimed-time.
    assert_eq!(h.lease(a).await, None);
    assert_eq!(h.sub("declined-addresses"), 0);
    assert_eq!(h.stat("declined-addresses"), 0);
    assert_eq!(h.sub("reclaimed-declined-addresses"), 1);
    assert_eq!(h.sub("reclaimed-leases"), 1);
    assert_eq!(h.sub("assigned-addresses"), 0);
    assert_eq!(h.dora_at(2, after).await, a);
    assert_eq!(h.sub("assigned-addresses"), 1);
}

// ------------------------------------------------------------ reclamation

#[tokio::test]
async fn reclaim_expired_removes_or_keeps_expired_reclaimed_leases() {
    for remove in [true, false] {
        let h = h(base());
        let a = h.dora(1).await;
        let b = h.dora_at(2, NOW + 3000).await;
        let at = NOW + 4000;
        let n = reclaim_expired(&*h.store, &h.stats, at, 0, remove)
            .await
            .expect("reclaim");
        assert_eq!(n, 1, "only the first has expired");
        match h.lease(a).await {
            None => assert!(remove),
            Some(l) => {
                assert!(!remove);
                assert_eq!(l.state, LeaseState::ExpiredReclaimed);
                assert_eq!(l.hwaddr, mac(1));
            }
        }
        assert_eq!(h.lease(b).await.expect("b").state, LeaseState::Default);
        assert_eq!(h.sub("assigned-addresses"), 1);
        assert_eq!(h.sub("reclaimed-leases"), 1);
        assert_eq!(h.stat("reclaimed-leases"), 1);
        // A second pass finds nothing new and changes no statistic.
        let n = reclaim_expired(&*h.store, &h.stats, at, 0, remove)
            .await
            .expect("reclaim");
        assert_eq!(n, 0);
        assert_eq!(h.sub("assigned-addresses"), 1);
    }
}

// ---------------------------------------------------------------- INFORM

#[tokio::test]
async fn inform_gets_options_without_address_lifetime_or_lease() {
    let h = h(base());
    let mut q = query(MessageType::Inform, 1);
    q.ciaddr = ip(77);
    let (ack, dest) = reply(h.run(&q, &unicast_meta(ip(77))).await);
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr, Ipv4Addr::UNSPECIFIED);
    assert_eq!(ack.ciaddr, ip(77));
    assert_eq!(ack.option(code::LEASE_TIME), None);
    assert_eq!(ack.option(code::RENEWAL_TIME), None);
    assert_eq!(ack.option(code::REBINDING_TIME), None);
    assert_eq!(ack.server_id(), Some(SRV));
    assert_eq!(ack.option(code::ROUTERS).map(ips), Some(vec![ip(1)]));
    assert_eq!(dest.addr, SocketAddrV4::new(ip(77), 68));
    assert_eq!(h.lease(ip(77)).await, None);
    assert_eq!(h.store.len(), 0);
    assert_eq!(h.stat("pkt4-inform-received"), 1);
}

#[tokio::test]
async fn relayed_inform_with_ciaddr_is_answered_directly_without_relay_fields() {
    // Kea processInform / kea-dhcp4 2.2.0: DHCP4_INFORM_DIRECT_REPLY.
    let h = h(base());
    let mut q = with(
        relayed(query(MessageType::Inform, 1)),
        code::RELAY_AGENT_INFO,
        &[1, 1, 5],
    );
    q.ciaddr = ip(77);
    let (ack, dest) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(dest.addr, SocketAddrV4::new(ip(77), 68));
    assert_eq!(ack.giaddr, Ipv4Addr::UNSPECIFIED);
    assert_eq!(ack.hops, 0);
    assert_eq!(ack.option(code::RELAY_AGENT_INFO), None);
}

#[tokio::test]
async fn relayed_inform_without_ciaddr_goes_to_the_relay_with_broadcast_bit() {
    let h = h(base());
    let q = with(
        relayed(query(MessageType::Inform, 1)),
        code::RELAY_AGENT_INFO,
        &[1, 1, 5],
    );
    let (ack, dest) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(dest.addr, SocketAddrV4::new(RELAY, 67));
    assert!(ack.broadcast_flag());
    assert_eq!(ack.giaddr, RELAY);
    assert_eq!(ack.option(code::RELAY_AGENT_INFO), Some(&[1, 1, 5][..]));
}

#[tokio::test]
async fn direct_inform_from_nowhere_is_dropped() {
    // Kea acceptDirectRequest: no source address and no ciaddr.
    let h = h(base());
    assert_eq!(
        dropped(h.run(&query(MessageType::Inform, 1), &bcast_meta()).await),
        DropReason::NotAcceptedDirect
    );
}

// ------------------------------------------------------- subnet selection

fn two_subnets() -> Value {
    json!({
        "valid-lifetime": 4000,
        "subnet4": [
            {"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]},
            {"id": 2, "subnet": "198.51.100.0/24",
             "relay": {"ip-addresses": ["192.0.2.1"]},
             "pools": [{"pool": "198.51.100.10 - 198.51.100.20"}]},
            {"id": 3, "subnet": "203.0.113.0/24", "interface": "eth3",
             "pools": [{"pool": "203.0.113.10 - 203.0.113.20"}]}
        ]
    })
}

fn net(a: Ipv4Addr) -> [u8; 3] {
    [a.octets()[0], a.octets()[1], a.octets()[2]]
}

#[tokio::test]
async fn relay_ip_addresses_win_over_the_giaddr_prefix() {
    let h = h(two_subnets());
    let (o, _) = reply(h.run(&discover(1), &relay_meta()).await);
    assert_eq!(net(o.yiaddr), [198, 51, 100]);
}

#[tokio::test]
async fn giaddr_selects_the_subnet_containing_it() {
    let h = h(two_subnets());
    let mut q = discover(1);
    q.giaddr = Ipv4Addr::new(203, 0, 113, 1);
    let (o, dest) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(net(o.yiaddr), [203, 0, 113]);
    assert_eq!(dest.addr, SocketAddrV4::new(q.giaddr, 67));
}

#[tokio::test]
async fn link_selection_suboption_wins_over_giaddr_and_option_118() {
    let h = h(two_subnets());
    let q = with(discover(1), code::SUBNET_SELECTION, &[198, 51, 100, 0]);
    let q = with(
        q,
        code::RELAY_AGENT_INFO,
        &[rai::LINK_SELECTION, 4, 203, 0, 113, 0],
    );
    let (o, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(net(o.yiaddr), [203, 0, 113]);
}

#[tokio::test]
async fn unicast_renewal_is_placed_by_ciaddr() {
    let h = h(two_subnets());
    let mut q = query(MessageType::Discover, 1);
    q.ciaddr = Ipv4Addr::new(203, 0, 113, 50);
    let (o, _) = reply(h.run(&q, &unicast_meta(q.ciaddr)).await);
    assert_eq!(net(o.yiaddr), [203, 0, 113]);
}

#[tokio::test]
async fn direct_broadcast_is_placed_by_interface_name_then_address() {
    let h = h(two_subnets());
    let mut m = bcast_meta();
    m.iface = Arc::from("eth3");
    let (o, _) = reply(h.run(&query(MessageType::Discover, 1), &m).await);
    assert_eq!(net(o.yiaddr), [203, 0, 113]);
    let (o, _) = reply(h.run(&query(MessageType::Discover, 1), &bcast_meta()).await);
    assert_eq!(net(o.yiaddr), [192, 0, 2], "eth0 has 192.0.2.2");
}

// ------------------------------------------------------ reply destination

#[tokio::test]
async fn relay_port_suboption_sends_the_reply_to_the_relays_source_port() {
    let h = h(base());
    let q = with(discover(1), code::RELAY_AGENT_INFO, &[rai::RELAY_PORT, 0]);
    let m = meta(SocketAddrV4::new(RELAY, 3067), SRV);
    let (_, dest) = reply(h.run(&q, &m).await);
    assert_eq!(dest.addr, SocketAddrV4::new(RELAY, 3067));
}

#[tokio::test]
async fn direct_offers_unicast_at_layer_two_or_broadcast() {
    let raw = h_with(base(), true);
    let (o, dest) = reply(
        raw.run(&query(MessageType::Discover, 1), &bcast_meta())
            .await,
    );
    assert_eq!(dest.addr, SocketAddrV4::new(o.yiaddr, 68));
    assert_eq!(dest.unicast_to_unconfigured, Some(mac(1).to_vec()));
    let mut flagged = query(MessageType::Discover, 1);
    flagged.flags = 0x8000;
    let (_, dest) = reply(raw.run(&flagged, &bcast_meta()).await);
    assert_eq!(dest.addr, SocketAddrV4::new(Ipv4Addr::BROADCAST, 68));
    let udp = h_with(base(), false);
    let (_, dest) = reply(
        udp.run(&query(MessageType::Discover, 1), &bcast_meta())
            .await,
    );
    assert_eq!(dest.addr, SocketAddrV4::new(Ipv4Addr::BROADCAST, 68));
    assert_eq!(dest.unicast_to_unconfigured, None);
}

#[tokio::test]
async fn a_direct_nak_is_broadcast() {
    let h = h(base());
    let a = h.dora(1).await;
    let q = with(
        query(MessageType::Request, 2),
        code::REQUESTED_ADDRESS,
        &a.octets(),
    );
    let q = with(q, code::SERVER_ID, &SRV.octets());
    let (nak, dest) = reply(h.run(&q, &bcast_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert_eq!(dest.addr, SocketAddrV4::new(Ipv4Addr::BROADCAST, 68));
}

#[tokio::test]
async fn a_nak_echoes_client_id_and_option_82() {
    let h = h(base());
    let a = h.dora(1).await;
    let q = with(selecting(2, a), code::CLIENT_ID, &[0xff, 2]);
    let q = with(q, code::RELAY_AGENT_INFO, &[1, 2, 3, 4]);
    let (nak, _) = reply(h.run(&q, &relay_meta()).await);
    assert_eq!(nak.option(code::CLIENT_ID), Some(&[0xff, 2][..]));
    assert_eq!(nak.option(code::RELAY_AGENT_INFO), Some(&[1, 2, 3, 4][..]));
    assert_eq!(wire_codes(&nak).last(), Some(&code::RELAY_AGENT_INFO));
}

// ---------------------------------------------------------------- ROBUSTNESS

#[tokio::test]
async fn random_mutations_of_valid_queries_are_answered_or_dropped_never_a_panic() {
    let mut cfg = base();
    cfg["subnet4"][0]["reservations"] = json!([
        { "client-id": "01:02:00:00:00:00:07", "ip-address": "192.0.2.30", "hostname": "r7" },
        { "circuit-id": "'port-9'", "ip-address": "192.0.2.31" }
    ]);
    cfg["host-reservation-identifiers"] = json!(["hw-address", "client-id", "circuit-id"]);
    let h = h(cfg);
    let a = h.dora(3).await;
    let rai_opt = [rai::CIRCUIT_ID, 6, b'p', b'o', b'r', b't', b'-', b'9'];
    let rich = |p: Packet4| {
        let p = with(p, code::CLIENT_ID, &[1, 2, 0, 0, 0, 0, 7]);
        let p = with(p, code::PARAMETER_REQUEST_LIST, &[1, 3, 6, 12, 15, 51, 54]);
        let p = with(p, code::HOST_NAME, b"client");
        with(p, code::RELAY_AGENT_INFO, &rai_opt)
    };
    let mut inform = relayed(query(MessageType::Inform, 3));
    inform.ciaddr = a;
    let valid: Vec<Vec<u8>> = [
        rich(discover(3)),
        rich(selecting(3, a)),
        rich(init_reboot(3, a)),
        rich(renewing(3, a)),
        rich(release(3, a)),
        rich(decline(3, a)),
        rich(inform),
    ]
    .iter()
    .map(Packet4::encode)
    .collect();
    let metas = [relay_meta(), bcast_meta(), unicast_meta(a)];
    let mut seed = 0x9e37_79b9_u32;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let (mut replies, mut drops) = (0, 0);
    for round in 0..4000 {
        let mut bytes = valid[round % valid.len()].clone();
        // Flip a few bytes: header fields, option codes, lengths, contents.
        for _ in 0..(1 + round % 4) {
            let i = next() as usize % bytes.len();
            bytes[i] = next() as u8;
        }
        let Ok(p) = Packet4::decode(&bytes) else {
            continue;
        };
        let m = &metas[next() as usize % metas.len()];
        match h.srv.process(&p, m, NOW).await {
            Ok(Outcome::Reply { packet, .. }) => {
                assert_eq!(packet.op, BOOTREPLY);
                assert!(packet.message_type().is_some(), "a reply has a type");
                replies += 1;
            }
            Ok(Outcome::Drop(_)) => drops += 1,
            Err(e) => panic!("memfile never fails, got {e}"),
        }
    }
    assert!(
        replies > 100 && drops > 100,
        "{replies} replies, {drops} drops"
    );
    // Still serving.
    assert!(in_pool(h.dora(42).await));
}
