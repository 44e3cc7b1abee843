//! The real ruru-dhcp6 binary over loopback, as a relay sees it: RELAY-FORW in,
//! RELAY-REPL out (Interface-Id echoed), leases in Kea's lease6 CSV, the
//! server DUID persisted in the data directory; malformed input gets no reply
//! and does not stop the next valid SOLICIT from being answered; a shared
//! network's full subnet hands over to its sibling.

use crate::support::server6::{base_config6, relayed, TestServer6};
use ruru::dhcp::v6::ia::{Ia, IaAddr};
use ruru::dhcp::v6::packet::{msg, opt, Message6, Packet6};

fn query(t: u8, client: u8) -> Message6 {
    let mut m = Message6::new(t, [0, 0, client]);
    m.push(opt::CLIENTID, vec![0, 3, 0, 1, 2, 0, 0, 0, 0, client]);
    m.push(opt::ELAPSED_TIME, vec![0, 0]);
    m
}

fn with_ias(mut m: Message6) -> Message6 {
    m.options.push(Ia::new(opt::IA_NA, 1).encode());
    m.options.push(Ia::new(opt::IA_PD, 2).encode());
    m
}

fn ia(p: &Packet6, code: u16) -> Ia {
    Ia::decode(code, p.message.option(code).expect("IA in reply")).expect("IA")
}

#[test]
fn relayed_sarr_gets_an_address_and_a_prefix_stored_in_the_lease_file() {
    let s = TestServer6::start(base_config6());
    let mut sol = with_ias(query(msg::SOLICIT, 1));
    sol.push(opt::ORO, 23u16.to_be_bytes().to_vec());
    let adv = s.relay(sol).expect("ADVERTISE");
    assert_eq!(adv.message.msg_type, msg::ADVERTISE);
    assert_eq!(adv.relays.len(), 1);
    assert_eq!(adv.relays[0].msg_type, msg::RELAY_REPL);
    assert_eq!(
        adv.relays[0].option(opt::INTERFACE_ID),
        Some(&b"port-0"[..])
    );
    assert!(adv.message.option(23).is_some(), "dns-servers requested");
    let server_id = adv
        .message
        .option(opt::SERVERID)
        .expect("server id")
        .to_vec();
    let addr = ia(&adv, opt::IA_NA).addresses[0].address;
    let prefix = ia(&adv, opt::IA_PD).prefixes[0].clone();

    // Like dhclient: the REQUEST carries the advertised IAs.
    let mut req = query(msg::REQUEST, 1);
    req.push(opt::SERVERID, server_id.clone());
    req.options.push(ia(&adv, opt::IA_NA).encode());
    req.options.push(ia(&adv, opt::IA_PD).encode());
    let rep = s.relay(req).expect("REPLY");
    assert_eq!(rep.message.msg_type, msg::REPLY);
    assert_eq!(ia(&rep, opt::IA_NA).addresses[0].address, addr);
    assert_eq!(ia(&rep, opt::IA_PD).prefixes[0].prefix, prefix.prefix);
    assert_eq!(prefix.prefix_len, 56);

    let leases = std::fs::read_to_string(&s.lease_file).expect("lease file");
    assert!(leases.starts_with(
        "address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,"
    ));
    assert!(
        leases.contains(&format!("{addr},00:03:00:01:02:00:00:00:00:01,4000,")),
        "{leases}"
    );
    assert!(
        leases.contains(&format!(
            "{},00:03:00:01:02:00:00:00:00:01,4000,",
            prefix.prefix
        )),
        "{leases}"
    );
    // The server DUID is persisted as Kea does.
    let stored =
        std::fs::read_to_string(s.dir.path().join("kea-dhcp6-serverid")).expect("serverid");
    assert_eq!(ruru::backends::duid::from_text(&stored), Some(server_id));
}

#[test]
fn renew_and_release_through_the_relay() {
    let s = TestServer6::start(base_config6());
    let adv = s
        .relay(with_ias(query(msg::SOLICIT, 2)))
        .expect("ADVERTISE");
    let server_id = adv.message.option(opt::SERVERID).expect("sid").to_vec();
    let mut req = with_ias(query(msg::REQUEST, 2));
    req.push(opt::SERVERID, server_id.clone());
    let rep = s.relay(req).expect("REPLY");
    let addr = ia(&rep, opt::IA_NA).addresses[0].address;

    let mut renew = query(msg::RENEW, 2);
    renew.push(opt::SERVERID, server_id.clone());
    let mut na = Ia::new(opt::IA_NA, 1);
    na.addresses.push(IaAddr {
        address: addr,
        preferred: 0,
        valid: 0,
        options: vec![],
    });
    renew.options.push(na.encode());
    let r = s.relay(renew).expect("REPLY to RENEW");
    assert_eq!(ia(&r, opt::IA_NA).addresses[0].address, addr);
    assert_eq!(ia(&r, opt::IA_NA).addresses[0].valid, 4000);

    let mut rel = query(msg::RELEASE, 2);
    rel.push(opt::SERVERID, server_id);
    rel.options.push(na.encode());
    let r = s.relay(rel).expect("REPLY to RELEASE");
    assert_eq!(ia(&r, opt::IA_NA).status(), Some(0));
    let leases = std::fs::read_to_string(&s.lease_file).expect("lease file");
    let last = leases
        .lines()
        .rfind(|l| l.starts_with(&addr.to_string()))
        .expect("rows");
    assert!(
        last.contains(",0,"),
        "released lease journalled with lifetime 0: {last}"
    );
}

#[test]
fn malformed_input_gets_no_reply_and_the_next_solicit_is_answered() {
    let s = TestServer6::start(base_config6());
    // Truncated header, bad option length, unknown type, relay without relay-msg.
    s.send_raw(&[msg::SOLICIT, 1]);
    let mut bad = query(msg::SOLICIT, 3).encode();
    bad.extend([0, 3, 0, 200, 1, 2]);
    s.send_raw(&bad);
    s.send_raw(&query(200, 3).encode());
    let mut relay = vec![msg::RELAY_FORW, 0];
    relay.extend([0u8; 32]);
    s.send_raw(&relay);
    // 33 nested relays: beyond Kea's 32-hop limit.
    s.send_raw(&relayed(with_ias(query(msg::SOLICIT, 3)), 33).encode());
    // A message a server never answers.
    s.send_raw(&relayed(query(msg::REPLY, 3), 1).encode());
    assert!(s.receive().is_none(), "no reply to malformed input");
    // 32 nested relays are fine, and the server is still serving.
    s.send_raw(&relayed(with_ias(query(msg::SOLICIT, 3)), 32).encode());
    let adv = s.receive().expect("ADVERTISE through 32 relays");
    assert_eq!(adv.relays.len(), 32);
    assert_eq!(adv.message.msg_type, msg::ADVERTISE);
}

#[test]
fn a_relay_selecting_a_full_shared_network_subnet_gets_an_address_of_its_sibling() {
    let mut cfg = base_config6();
    let map = cfg.as_object_mut().expect("map");
    map.remove("subnet6");
    map.insert(
        "shared-networks".into(),
        serde_json::json!([{
            "name": "floor-1",
            "subnet6": [
                { "id": 1, "subnet": "2001:db8:1::/64",
                  "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::10" } ] },
                { "id": 2, "subnet": "2001:db8:2::/64", "valid-lifetime": 5000,
                  "pools": [ { "pool": "2001:db8:2::10 - 2001:db8:2::ff" } ] }
            ]
        }]),
    );
    let s = TestServer6::start(cfg);
    // The relay's link-address 2001:db8:1::1 selects subnet 1.
    let sarr = |client: u8| {
        let mut sol = query(msg::SOLICIT, client);
        sol.options.push(Ia::new(opt::IA_NA, 1).encode());
        let adv = s.relay(sol).expect("ADVERTISE");
        let mut req = query(msg::REQUEST, client);
        req.push(
            opt::SERVERID,
            adv.message.option(opt::SERVERID).expect("sid").to_vec(),
        );
        req.options.push(ia(&adv, opt::IA_NA).encode());
        let rep = s.relay(req).expect("REPLY");
        ia(&rep, opt::IA_NA).addresses[0].clone()
    };
    assert_eq!(sarr(1).address.to_string(), "2001:db8:1::10");
    let second = sarr(2);
    assert_eq!(second.address.to_string(), "2001:db8:2::10");
    assert_eq!(second.valid, 5000, "the sibling subnet's own lifetime");
    let leases = std::fs::read_to_string(&s.lease_file).expect("lease file");
    assert!(
        leases.contains("2001:db8:2::10,00:03:00:01:02:00:00:00:00:02,5000,"),
        "{leases}"
    );
    let row = leases
        .lines()
        .find(|l| l.starts_with("2001:db8:2::10,"))
        .expect("row");
    assert_eq!(row.split(',').nth(4), Some("2"), "subnet_id 2: {row}");
}

#[test]
fn packet_statistics_count_what_arrived_what_was_dropped_and_what_was_sent() {
    let s = TestServer6::start(base_config6());
    let adv = s
        .relay(with_ias(query(msg::SOLICIT, 5)))
        .expect("ADVERTISE");
    assert_eq!(adv.message.msg_type, msg::ADVERTISE);
    s.send_raw(&[msg::SOLICIT, 1]); // not a DHCPv6 message
    s.send_raw(&relayed(query(msg::REPLY, 5), 1).encode()); // a server's message
    assert!(s.receive().is_none(), "no reply to either");
    let want = [
        ("pkt6-received", 3),
        ("pkt6-solicit-received", 1),
        ("pkt6-reply-received", 1),
        ("pkt6-parse-failed", 1),
        ("pkt6-receive-drop", 2),
        ("pkt6-sent", 1),
        ("pkt6-advertise-sent", 1),
        ("pkt6-reply-sent", 0),
    ];
    let read = || -> Vec<(&str, i64)> {
        want.iter()
            .map(|(name, _)| {
                let r = s.command("statistic-get", Some(serde_json::json!({"name": name})));
                (*name, r["arguments"][name][0][0].as_i64().unwrap_or(-1))
            })
            .collect()
    };
    // The sent and dropped counts follow the replies by a moment: bounded wait.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut got = read();
    while got != want && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        got = read();
    }
    assert_eq!(got, want);
}
