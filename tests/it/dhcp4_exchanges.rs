//! DHCPv4 message exchanges against the real binary over loopback, as a relay
//! agent would send them. `DHCP_TEST_SUBJECT=kea` runs the same specification
//! against ISC Kea 2.2.

use std::net::Ipv4Addr;
use std::time::Duration;

use crate::support::client::{lease_time, mac, msg_type, routers, server_id, RelayClient};
use crate::support::server::{base_config, TestServer};
use dhcproto::v4::MessageType;
use serde_json::json;

fn setup(cfg: serde_json::Value) -> (TestServer, RelayClient) {
    let s = TestServer::start(cfg);
    let c = s.relay_client();
    (s, c)
}

fn in_pool(a: Ipv4Addr) -> bool {
    let o = a.octets();
    o[..3] == [192, 0, 2] && (10..=200).contains(&o[3])
}

#[test]
fn relayed_dora_assigns_a_pool_address_with_the_configured_options() {
    let (s, mut c) = setup(base_config());
    let got = c.dora(&mac(1));
    assert!(in_pool(got.yiaddr), "{}", got.yiaddr);
    assert_eq!(routers(&got.ack), vec![Ipv4Addr::new(192, 0, 2, 1)]);
    assert_eq!(lease_time(&got.ack), Some(4000));
    let lease = s.command_json(
        "lease4-get",
        Some(json!({"ip-address": got.yiaddr.to_string()})),
    );
    assert_eq!(lease["result"], 0, "{lease}");
    assert_eq!(lease["arguments"]["hw-address"], "02:00:00:00:00:01");
    assert_eq!(lease["arguments"]["subnet-id"], 1);
    let rows = s.lease_rows();
    assert!(
        rows.iter().any(|r| r[0] == got.yiaddr.to_string()),
        "lease file: {rows:?}"
    );
}

#[test]
fn a_client_that_asks_again_gets_its_address_back() {
    let (_s, mut c) = setup(base_config());
    let first = c.dora(&mac(2));
    let offer = c.discover(&mac(2)).expect("offer");
    assert_eq!(offer.yiaddr(), first.yiaddr);
}

#[test]
fn different_clients_never_share_an_address() {
    let (_s, mut c) = setup(base_config());
    let mut seen = std::collections::HashSet::new();
    for n in 0..60 {
        let got = c.dora(&mac(100 + n));
        assert!(
            seen.insert(got.yiaddr),
            "address {} given twice",
            got.yiaddr
        );
    }
}

#[test]
fn renewing_extends_the_lease_and_keeps_the_address() {
    let mut cfg = base_config();
    cfg["max-valid-lifetime"] = json!(8000);
    let (s, mut c) = setup(cfg);
    let got = c.dora(&mac(3));
    let expiry = |l: &serde_json::Value| {
        let a = &l["arguments"];
        a["cltt"]
            .as_i64()
            .zip(a["valid-lft"].as_i64())
            .map(|(c, v)| c + v)
    };
    let ip = json!({"ip-address": got.yiaddr.to_string()});
    let before = expiry(&s.command_json("lease4-get", Some(ip.clone()))).expect("lease4-get");
    // Asking for a longer lease than the default shows the renewal in the
    // expiry without waiting for the clock to tick.
    let ack = c
        .renew_for(&mac(3), got.yiaddr, 6000)
        .expect("renew answered");
    assert_eq!(msg_type(&ack), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr(), got.yiaddr);
    assert_eq!(lease_time(&ack), Some(6000));
    let after = expiry(&s.command_json("lease4-get", Some(ip))).expect("lease4-get");
    assert!(
        after >= before + 2000,
        "expiry {after} not moved on from {before}"
    );
}

#[test]
fn renewing_an_address_held_by_another_client_is_naked() {
    let (_s, mut c) = setup(base_config());
    let got = c.dora(&mac(4));
    let nak = c.renew(&mac(5), got.yiaddr).expect("an answer");
    assert_eq!(msg_type(&nak), Some(MessageType::Nak));
}

#[test]
fn release_frees_the_address() {
    let (s, mut c) = setup(base_config());
    let got = c.dora(&mac(6));
    c.release(&mac(6), got.yiaddr, got.server_id);
    let mut gone = false;
    for _ in 0..50 {
        let r = s.command_json(
            "lease4-get",
            Some(json!({"ip-address": got.yiaddr.to_string()})),
        );
        if r["result"] == 3 {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(gone, "lease still present after RELEASE");
}

/// Waits (bounded) for the server's log to contain `text`.
fn logged(s: &TestServer, text: &str) -> bool {
    for _ in 0..100 {
        if s.logs().contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn a_decline_from_another_client_or_without_an_address_is_ignored_and_logged_as_kea_words_it() {
    let (s, mut c) = setup(base_config());
    let got = c.dora(&mac(8));
    c.decline(&mac(9), got.yiaddr, got.server_id);
    assert!(
        logged(&s, &format!("DHCP4_DECLINE_LEASE_MISMATCH Received DHCPDECLINE for addr {}", got.yiaddr))
            && logged(&s, "but the data doesn't match: received hwaddr: 02:00:00:00:00:09, lease hwaddr: 02:00:00:00:00:08, received client-id: (none), lease client-id: (none)"),
        "{}",
        s.logs()
    );
    let mut m = c.message(MessageType::Decline, &mac(8));
    m.opts_mut()
        .insert(dhcproto::v4::DhcpOption::ServerIdentifier(got.server_id));
    c.send(&m);
    assert!(
        logged(&s, "DHCP4_PACKET_DROP_0007")
            && logged(&s, "failed to process packet: Mandatory 'Requested IP address' option missing in DHCPDECLINE sent from [hwtype=1 02:00:00:00:00:08], cid=[no info], tid=0x"),
        "{}",
        s.logs()
    );
    let lease = s.command_json(
        "lease4-get",
        Some(json!({"ip-address": got.yiaddr.to_string()})),
    );
    assert_eq!(
        lease["arguments"]["state"], 0,
        "the lease is untouched: {lease}"
    );
    assert_eq!(
        lease["arguments"]["hw-address"], "02:00:00:00:00:08",
        "{lease}"
    );
}

#[test]
fn decline_puts_the_address_into_probation() {
    let (s, mut c) = setup(base_config());
    let got = c.dora(&mac(7));
    c.decline(&mac(7), got.yiaddr, got.server_id);
    let mut state = json!(null);
    for _ in 0..50 {
        let r = s.command_json(
            "lease4-get",
            Some(json!({"ip-address": got.yiaddr.to_string()})),
        );
        state = r["arguments"]["state"].clone();
        if state == 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(state, 1, "declined state");
    let st = s.command_json(
        "statistic-get",
        Some(json!({"name": "subnet[1].declined-addresses"})),
    );
    assert_eq!(
        st["arguments"]["subnet[1].declined-addresses"][0][0], 1,
        "{st}"
    );
    // the declined address is not offered to anyone
    for n in 0..5 {
        let o = c.discover(&mac(700 + n)).expect("offer");
        assert_ne!(o.yiaddr(), got.yiaddr);
    }
}

#[test]
fn inform_gets_configuration_without_a_lease() {
    let (s, mut c) = setup(base_config());
    // Kea answers INFORM at ciaddr; on loopback the client's address is 127.0.0.1
    // and the relay (giaddr) selects the subnet.
    let ack = c
        .inform(&mac(8), Ipv4Addr::LOCALHOST)
        .expect("inform answered");
    assert_eq!(msg_type(&ack), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr(), Ipv4Addr::UNSPECIFIED);
    assert_eq!(lease_time(&ack), None);
    assert_eq!(routers(&ack), vec![Ipv4Addr::new(192, 0, 2, 1)]);
    let all = s.command_json("lease4-get-all", None);
    assert_eq!(all["result"], 3, "INFORM must not create a lease: {all}");
}

#[test]
fn a_reservation_wins_over_the_pool() {
    let mut cfg = base_config();
    cfg["subnet4"][0]["reservations"] = json!([
        {"hw-address": "02:00:00:00:00:09", "ip-address": "192.0.2.222", "hostname": "resv"}
    ]);
    let (_s, mut c) = setup(cfg);
    let got = c.dora(&mac(9));
    assert_eq!(got.yiaddr, Ipv4Addr::new(192, 0, 2, 222));
    // nobody else is offered the reserved address
    for n in 0..5 {
        let o = c.discover(&mac(900 + n)).expect("offer");
        assert_ne!(o.yiaddr(), Ipv4Addr::new(192, 0, 2, 222));
    }
}

#[test]
fn init_reboot_from_an_unknown_client_is_ignored_unless_authoritative() {
    let (_s, mut c) = setup(base_config());
    assert!(c
        .init_reboot(&mac(10), Ipv4Addr::new(192, 0, 2, 77))
        .is_none());
    let mut cfg = base_config();
    cfg["authoritative"] = json!(true);
    let (_s2, mut c2) = setup(cfg);
    let nak = c2
        .init_reboot(&mac(10), Ipv4Addr::new(192, 0, 2, 77))
        .expect("authoritative answers");
    assert_eq!(msg_type(&nak), Some(MessageType::Nak));
}

#[test]
fn init_reboot_of_a_known_client_is_acked() {
    let (_s, mut c) = setup(base_config());
    let got = c.dora(&mac(11));
    let ack = c.init_reboot(&mac(11), got.yiaddr).expect("answered");
    assert_eq!(msg_type(&ack), Some(MessageType::Ack));
    assert_eq!(ack.yiaddr(), got.yiaddr);
}

#[test]
fn request_with_a_foreign_server_id_is_ignored() {
    let (_s, mut c) = setup(base_config());
    let offer = c.discover(&mac(12)).expect("offer");
    assert!(c
        .request(&mac(12), offer.yiaddr(), Ipv4Addr::new(203, 0, 113, 9))
        .is_none());
}

#[test]
fn an_exhausted_pool_answers_no_discover() {
    let mut cfg = base_config();
    cfg["subnet4"][0]["pools"] = json!([{"pool": "192.0.2.10 - 192.0.2.11"}]);
    let (_s, mut c) = setup(cfg);
    c.dora(&mac(13));
    c.dora(&mac(14));
    assert!(c.discover(&mac(15)).is_none());
}

#[test]
fn malformed_packets_are_dropped_and_the_next_valid_one_is_answered() {
    let (s, mut c) = setup(base_config());
    c.send_raw(&[1, 2, 3]);
    c.send_raw(&[0u8; 240]);
    let mut truncated = c.message(MessageType::Discover, &mac(16));
    truncated.set_xid(1);
    let mut bytes = dhcproto::Encodable::to_vec(&truncated).expect("encode");
    bytes.truncate(250);
    bytes.push(61);
    bytes.push(200);
    c.send_raw(&bytes);
    assert!(c.discover(&mac(16)).is_some());
    if s.subject == crate::support::server::Subject::Ruru {
        let st = s.command_json("statistic-get", Some(json!({"name": "pkt4-parse-failed"})));
        assert!(
            st["arguments"]["pkt4-parse-failed"][0][0].as_i64() >= Some(2),
            "{st}"
        );
    }
}

#[test]
fn leases_survive_a_restart() {
    let (mut s, mut c) = setup(base_config());
    let got = c.dora(&mac(17));
    s.kill();
    s.spawn();
    let lease = s.command_json(
        "lease4-get",
        Some(json!({"ip-address": got.yiaddr.to_string()})),
    );
    assert_eq!(lease["result"], 0, "{lease}");
    drop(c);
    let mut c = s.relay_client();
    let offer = c.discover(&mac(17)).expect("offer");
    assert_eq!(offer.yiaddr(), got.yiaddr);
}

#[test]
fn a_lease_file_cut_mid_row_by_a_crash_still_loads() {
    let (mut s, mut c) = setup(base_config());
    let got = c.dora(&mac(18));
    s.kill();
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&s.lease_file)
        .expect("lease file");
    f.write_all(b"192.0.2.199,02:00:00:00:00:99,,40")
        .expect("append partial row");
    drop(f);
    s.spawn();
    let lease = s.command_json(
        "lease4-get",
        Some(json!({"ip-address": got.yiaddr.to_string()})),
    );
    assert_eq!(lease["result"], 0, "{lease}");
}

#[test]
fn the_server_id_is_the_receiving_address() {
    let (_s, mut c) = setup(base_config());
    let offer = c.discover(&mac(19)).expect("offer");
    assert_eq!(server_id(&offer), Some(Ipv4Addr::LOCALHOST));
}

#[test]
fn disabled_service_drops_packets_until_enabled() {
    let (s, mut c) = setup(base_config());
    let r = s.command_json("dhcp-disable", None);
    assert_eq!(r["result"], 0, "{r}");
    assert!(c.discover(&mac(20)).is_none());
    let r = s.command_json("dhcp-enable", None);
    assert_eq!(r["result"], 0, "{r}");
    assert!(c.discover(&mac(20)).is_some());
    // ruru counts what it drops while disabled; Kea 2.2 only logs DHCP4_PACKET_DROP_0008.
    if s.subject == crate::support::server::Subject::Ruru {
        let st = s.command_json("statistic-get", Some(json!({"name": "pkt4-receive-drop"})));
        assert!(
            st["arguments"]["pkt4-receive-drop"][0][0].as_i64() >= Some(1),
            "{st}"
        );
    }
}
