//! Differential check: the same config and the same packets against Kea 2.2
//! and ruru give the same message types, addresses, fixed fields and options.
//! Both servers run at once on loopback (ports from the OS); each scenario's
//! replies are normalised into a transcript and compared; a step neither
//! server answers fails the test. Requires kea-dhcp4 (installed by
//! `.ci/run`); fails loudly when it is missing.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::support::client::{mac, server_id, RelayClient};
use crate::support::server::{base_config, Subject, TestServer};
use dhcproto::v4::{self, DhcpOption, MessageType};
use dhcproto::Encodable;
use serde_json::json;

/// What a reply looks like, with nothing that legitimately differs (xid, secs).
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    msg: Option<String>,
    yiaddr: Ipv4Addr,
    ciaddr: Ipv4Addr,
    siaddr: Ipv4Addr,
    giaddr: Ipv4Addr,
    flags: u16,
    sname: Vec<u8>,
    file: Vec<u8>,
    options: BTreeMap<u8, Vec<u8>>,
}

/// A step where no reply is the expected answer: equal on both sides only
/// when neither server answered.
pub fn silence(m: Option<v4::Message>) -> Option<Seen> {
    Some(seen(m).unwrap_or(Seen {
        msg: Some("(no reply)".into()),
        yiaddr: Ipv4Addr::UNSPECIFIED,
        ciaddr: Ipv4Addr::UNSPECIFIED,
        siaddr: Ipv4Addr::UNSPECIFIED,
        giaddr: Ipv4Addr::UNSPECIFIED,
        flags: 0,
        sname: Vec::new(),
        file: Vec::new(),
        options: BTreeMap::new(),
    }))
}

/// The comparable part of a reply, `None` when there was none.
pub fn seen(m: Option<v4::Message>) -> Option<Seen> {
    let m = m?;
    let mut options = BTreeMap::new();
    for (code, opt) in m.opts().iter() {
        let mut e = Vec::new();
        let mut enc = dhcproto::Encoder::new(&mut e);
        opt.encode(&mut enc).expect("encode option");
        let c: u8 = (*code).into();
        options.insert(c, e[2.min(e.len())..].to_vec());
    }
    Some(Seen {
        msg: m.opts().msg_type().map(|t| format!("{t:?}")),
        yiaddr: m.yiaddr(),
        ciaddr: m.ciaddr(),
        siaddr: m.siaddr(),
        giaddr: m.giaddr(),
        flags: m.flags().into(),
        sname: m.sname().map(<[u8]>::to_vec).unwrap_or_default(),
        file: m.fname().map(<[u8]>::to_vec).unwrap_or_default(),
        options,
    })
}

/// The steps of a scenario: one transcript entry per message sent.
pub type Scenario = fn(&mut RelayClient) -> Vec<Option<Seen>>;

/// Runs `scenario` against Kea 2.2 and ruru on `cfg` and compares the
/// transcripts step by step.
pub fn run(cfg: serde_json::Value, scenario: Scenario) {
    let mut transcripts = Vec::new();
    for subject in [Subject::Kea, Subject::Ruru] {
        let s = TestServer::start_subject(subject, cfg.clone());
        let mut c = s.relay_client();
        transcripts.push((subject, scenario(&mut c)));
    }
    let (kea, ruru) = (&transcripts[0].1, &transcripts[1].1);
    assert_eq!(kea.len(), ruru.len());
    for (i, (k, r)) in kea.iter().zip(ruru).enumerate() {
        assert_eq!(k, r, "step {i} differs\nkea:  {k:?}\nruru: {r:?}");
        assert!(k.is_some(), "step {i}: neither server answered");
    }
}

/// DISCOVER then REQUEST of the offered address for client `n`.
pub fn dora(c: &mut RelayClient, n: u32) -> Vec<Option<Seen>> {
    let offer = c.discover(&mac(n));
    let yi = offer
        .as_ref()
        .map(v4::Message::yiaddr)
        .unwrap_or(Ipv4Addr::UNSPECIFIED);
    let sid = offer
        .as_ref()
        .and_then(server_id)
        .unwrap_or(Ipv4Addr::LOCALHOST);
    let ack = c.request(&mac(n), yi, sid);
    vec![seen(offer), seen(ack)]
}

#[test]
fn dora_of_several_clients_matches_kea() {
    run(base_config(), |c| {
        (1..=4).flat_map(|n| dora(c, n)).collect()
    });
}

#[test]
fn renew_and_rebind_match_kea() {
    run(base_config(), |c| {
        let mut t = dora(c, 1);
        t.push(seen(c.renew(&mac(1), Ipv4Addr::new(192, 0, 2, 10))));
        t.push(seen(c.renew(&mac(2), Ipv4Addr::new(192, 0, 2, 10))));
        t
    });
}

#[test]
fn release_then_rediscover_matches_kea() {
    run(base_config(), |c| {
        let mut t = dora(c, 1);
        c.release(&mac(1), Ipv4Addr::new(192, 0, 2, 10), Ipv4Addr::LOCALHOST);
        std::thread::sleep(std::time::Duration::from_millis(100));
        t.extend(dora(c, 2));
        t
    });
}

#[test]
fn init_reboot_and_requests_for_foreign_addresses_match_kea() {
    let mut cfg = base_config();
    cfg["authoritative"] = json!(true);
    run(cfg, |c| {
        let mut t = dora(c, 1);
        t.push(seen(c.init_reboot(&mac(1), Ipv4Addr::new(192, 0, 2, 10))));
        t.push(seen(c.init_reboot(&mac(3), Ipv4Addr::new(192, 0, 2, 10))));
        t.push(seen(c.init_reboot(&mac(3), Ipv4Addr::new(198, 51, 100, 7))));
        t.push(seen(c.request(
            &mac(4),
            Ipv4Addr::new(192, 0, 2, 10),
            Ipv4Addr::LOCALHOST,
        )));
        t
    });
}

#[test]
fn inform_matches_kea() {
    run(base_config(), |c| {
        vec![seen(c.inform(&mac(5), Ipv4Addr::LOCALHOST))]
    });
}

#[test]
fn reservations_and_host_options_match_kea() {
    let mut cfg = base_config();
    cfg["subnet4"][0]["reservations"] = json!([
        {"hw-address": "02:00:00:00:00:07", "ip-address": "192.0.2.222",
         "option-data": [{"name": "domain-name", "data": "host.example"}]},
        {"client-id": "01:02:00:00:00:00:08", "ip-address": "192.0.2.223"}
    ]);
    cfg["subnet4"][0]["next-server"] = json!("192.0.2.5");
    cfg["subnet4"][0]["boot-file-name"] = json!("pxe.efi");
    run(cfg, |c| {
        let mut t = dora(c, 7);
        let mut m = c.message(MessageType::Discover, &mac(8));
        m.opts_mut()
            .insert(DhcpOption::ClientIdentifier(vec![1, 2, 0, 0, 0, 0, 8]));
        t.push(seen(c.exchange(&m)));
        t.extend(dora(c, 9));
        t
    });
}

#[test]
fn requested_options_and_lease_time_hints_match_kea() {
    let mut cfg = base_config();
    cfg["min-valid-lifetime"] = json!(1000);
    cfg["max-valid-lifetime"] = json!(5000);
    cfg["option-data"] = json!([
        {"name": "ntp-servers", "data": "192.0.2.123"},
        {"name": "time-offset", "data": "3600", "always-send": true}
    ]);
    run(cfg, |c| {
        let mut m = c.message(MessageType::Discover, &mac(10));
        m.opts_mut().insert(DhcpOption::AddressLeaseTime(99999));
        m.opts_mut().insert(DhcpOption::ParameterRequestList(vec![
            v4::OptionCode::NtpServers,
            v4::OptionCode::Router,
        ]));
        let mut m2 = c.message(MessageType::Discover, &mac(11));
        m2.opts_mut().insert(DhcpOption::AddressLeaseTime(10));
        vec![seen(c.exchange(&m)), seen(c.exchange(&m2))]
    });
}

/// The base config with its subnet selected by no relay: the relay's own
/// address (127.0.0.1, outside the subnet) selects nothing.
fn no_subnet_for_the_relay() -> serde_json::Value {
    let mut cfg = base_config();
    cfg["subnet4"][0]
        .as_object_mut()
        .expect("subnet map")
        .remove("relay");
    cfg
}

#[test]
fn a_request_to_us_from_a_link_no_subnet_serves_is_naked_like_kea() {
    // The relay's address selects no subnet (the subnet has no relay and
    // 127.0.0.1 is outside it); the REQUEST names our server identifier.
    run(no_subnet_for_the_relay(), |c| {
        vec![seen(c.request(
            &mac(12),
            Ipv4Addr::new(192, 0, 2, 50),
            Ipv4Addr::LOCALHOST,
        ))]
    });
}

/// `m` with a relay agent information option (82) holding `info`.
pub fn with_rai(mut m: v4::Message, info: Vec<v4::relay::RelayInfo>) -> v4::Message {
    let mut rai = v4::relay::RelayAgentInformation::default();
    for i in info {
        rai.insert(i);
    }
    m.opts_mut().insert(DhcpOption::RelayAgentInformation(rai));
    m
}

#[test]
fn link_selection_and_server_id_override_select_like_kea() {
    // The relay's own address selects no subnet; sub-option 5 (RFC 3527)
    // names the link, for the DISCOVER and for the REQUEST; sub-option 11
    // (RFC 5107) is the server identifier the client was told and the one
    // the reply carries.
    run(no_subnet_for_the_relay(), |c| {
        use v4::relay::RelayInfo::{LinkSelection, ServerIdentifierOverride};
        let link = Ipv4Addr::new(192, 0, 2, 1);
        let over = Ipv4Addr::new(192, 0, 2, 254);
        let d = with_rai(
            c.message(MessageType::Discover, &mac(13)),
            vec![LinkSelection(link)],
        );
        let offer = c.exchange(&d);
        let yi = offer
            .as_ref()
            .map_or(Ipv4Addr::UNSPECIFIED, v4::Message::yiaddr);
        let mut r = c.message(MessageType::Request, &mac(13));
        r.opts_mut().insert(DhcpOption::RequestedIpAddress(yi));
        r.opts_mut().insert(DhcpOption::ServerIdentifier(over));
        let r = with_rai(r, vec![LinkSelection(link), ServerIdentifierOverride(over)]);
        let ack = c.exchange(&r);
        vec![seen(offer), seen(ack)]
    });
}
