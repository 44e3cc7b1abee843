//! Option definitions and vendor options against Kea 2.2, byte for byte
//! (`kea-client-classes.md` V10–V12): `option-def` of every type, options of
//! custom spaces packed into their containers, option 43 from the
//! `vendor-encapsulated-options-space`, vendor options 125 / 17 built for
//! the enterprise the client names, DHCPv6 standard options Kea defines.

use dhcproto::v4::{DhcpOption, MessageType, OptionCode};
use ruru::dhcp::v6::packet::{msg, opt, Opt6};
use serde_json::json;

use crate::differential_kea::{run, seen};
use crate::differential_kea6::{query, relay_to, run_with, seen as seen6, with_ias};
use crate::support::client::{mac, RelayClient};
use crate::support::server::base_config;

/// A DISCOVER from client `n` asking for `codes`, with `extra` options.
fn ask(
    c: &mut RelayClient,
    n: u32,
    codes: &[u8],
    extra: Vec<DhcpOption>,
) -> Option<dhcproto::v4::Message> {
    let mut m = c.message(MessageType::Discover, &mac(n));
    m.opts_mut().insert(DhcpOption::ParameterRequestList(
        codes.iter().map(|c| OptionCode::from(*c)).collect(),
    ));
    for o in extra {
        m.opts_mut().insert(o);
    }
    c.exchange(&m)
}

#[test]
fn custom_option_definitions_encode_like_kea() {
    let mut cfg = base_config();
    cfg["option-def"] = json!([
        {"name": "u32", "code": 222, "type": "uint32"},
        {"name": "rec", "code": 223, "type": "record", "record-types": "ipv4-address, uint16, boolean, string"},
        {"name": "rec-array", "code": 224, "type": "record", "record-types": "ipv4-address, uint16", "array": true},
        {"name": "u16s", "code": 225, "type": "uint16", "array": true},
        {"name": "container", "code": 226, "type": "empty", "encapsulate": "isc"},
        {"name": "with-sub", "code": 227, "type": "uint8", "encapsulate": "isc"},
        {"name": "name", "code": 228, "type": "fqdn"},
        {"name": "tup", "code": 229, "type": "tuple"},
        {"name": "flag", "code": 230, "type": "boolean"},
        {"name": "small", "code": 231, "type": "int8"},
        {"name": "nothing", "code": 232, "type": "empty"},
        {"name": "pfx", "code": 233, "type": "ipv6-prefix"},
        {"name": "ps", "code": 234, "type": "psid"},
        {"name": "bin", "code": 235, "type": "binary"},
        {"name": "sub-addr", "code": 1, "space": "isc", "type": "ipv4-address"},
        {"name": "sub-text", "code": 2, "space": "isc", "type": "string"}
    ]);
    cfg["client-classes"] = json!([{"name": "everyone", "test": "member('ALL')", "option-data": [
        {"name": "u32", "data": "12345", "always-send": true},
        {"name": "rec", "data": "192.0.2.100, 123, true, Hello World", "always-send": true},
        {"name": "rec-array", "data": "192.0.2.1, 1, 2, 3", "always-send": true},
        {"name": "u16s", "data": "1,2,65535", "always-send": true},
        {"name": "container", "always-send": true},
        {"name": "with-sub", "data": "7", "always-send": true},
        {"name": "sub-addr", "space": "isc", "data": "192.0.2.3"},
        {"name": "sub-text", "space": "isc", "data": "Hello"},
        {"name": "name", "data": "host.example.org.", "always-send": true},
        {"name": "tup", "data": "abc", "always-send": true},
        {"name": "flag", "data": "true", "always-send": true},
        {"name": "small", "data": "-2", "always-send": true},
        {"name": "nothing", "always-send": true},
        {"name": "pfx", "data": "2001:db8::/48", "always-send": true},
        {"name": "ps", "data": "1/8", "always-send": true},
        {"name": "bin", "data": "01:02:0a:0B", "csv-format": false, "always-send": true},
        {"code": 250, "data": "DEADBEEF", "csv-format": false, "always-send": true}
    ]}]);
    run(cfg, |c| vec![seen(ask(c, 1, &[1, 3], Vec::new()))]);
}

#[test]
fn option_43_carries_the_vendor_encapsulated_space_like_kea() {
    let mut cfg = base_config();
    cfg["option-def"] = json!([
        {"name": "foo", "code": 1, "space": "vendor-encapsulated-options-space",
         "type": "record", "record-types": "ipv4-address, uint16, string"}
    ]);
    cfg["option-data"] = json!([
        {"name": "foo", "space": "vendor-encapsulated-options-space", "data": "192.0.2.3, 123, Hello"},
        {"name": "vendor-encapsulated-options"}
    ]);
    run(cfg, |c| {
        vec![
            seen(ask(c, 1, &[43], Vec::new())),
            seen(ask(c, 2, &[3], Vec::new())),
        ]
    });
}

#[test]
fn vendor_option_125_is_built_for_the_enterprise_the_client_names_like_kea() {
    let mut cfg = base_config();
    cfg["option-def"] =
        json!([{"name": "tftp", "code": 2, "space": "vendor-25167", "type": "string"}]);
    cfg["option-data"] = json!([
        {"name": "tftp-servers", "space": "vendor-4491", "data": "10.77.0.9"}
    ]);
    cfg["client-classes"] = json!([{"name": "cpe", "test": "substring(option[60].hex,0,7) == 'HMC1000'",
    "option-data": [
        {"name": "vivso-suboptions", "data": "25167"},
        {"name": "tftp", "space": "vendor-25167", "data": "tftp://192.0.2.9/boot.cfg", "always-send": true}
    ]}]);
    run(cfg, |c| {
        let vendor = || DhcpOption::ClassIdentifier(b"HMC1000".to_vec());
        let docsis = DhcpOption::Unknown(dhcproto::v4::UnknownOption::new(
            OptionCode::from(125),
            vec![0, 0, 0x11, 0x8b, 3, 1, 1, 2],
        ));
        vec![
            seen(ask(c, 1, &[3], vec![vendor()])),
            seen(ask(c, 2, &[3, 125], vec![vendor()])),
            seen(ask(c, 3, &[3], vec![docsis])),
        ]
    });
}

fn config6() -> serde_json::Value {
    json!({
        "interfaces-config": { "interfaces": [ "lo/::1" ] },
        "preferred-lifetime": 3000,
        "valid-lifetime": 4000,
        "subnet6": [{
            "id": 1,
            "subnet": "2001:db8:1::/64",
            "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::ff" } ]
        }]
    })
}

/// A SOLICIT asking for `codes`, with `extra` options, relayed from the link.
fn solicit6(
    s: &crate::support::server6::TestServer6,
    client: u8,
    codes: &[u16],
    extra: Vec<Opt6>,
) -> Option<ruru::dhcp::v6::packet::Packet6> {
    let mut m = with_ias(query(msg::SOLICIT, client), true, false);
    m.options.retain(|o| o.code != opt::ORO);
    m.push(
        opt::ORO,
        codes.iter().flat_map(|c| c.to_be_bytes()).collect(),
    );
    m.options.extend(extra);
    relay_to(s, m, "2001:db8:1::1")
}

#[test]
fn dhcpv6_custom_standard_and_vendor_options_encode_like_kea() {
    let mut cfg = config6();
    cfg["option-def"] = json!([
        {"name": "u32", "code": 1000, "type": "uint32"},
        {"name": "c", "code": 1001, "type": "empty", "encapsulate": "isc6"},
        {"name": "s", "code": 1, "space": "isc6", "type": "string"},
        {"name": "vs", "code": 5, "space": "vendor-311", "type": "uint16"}
    ]);
    cfg["option-data"] = json!([
        {"name": "u32", "data": "7"},
        {"name": "c"},
        {"name": "s", "space": "isc6", "data": "inner"},
        {"name": "vendor-opts", "data": "311"},
        {"name": "vs", "space": "vendor-311", "data": "9", "always-send": true},
        {"name": "bootfile-param", "data": "root=/dev/sda,quiet"},
        {"name": "bootfile-url", "data": "tftp://[2001:db8::1]/boot.efi"},
        {"name": "config-file", "space": "vendor-4491", "data": "cm.cfg"}
    ]);
    run_with(cfg, |s| {
        // DOCSIS ORO (sub-option 1) asking for config-file (33).
        let docsis = Opt6::new(17, vec![0, 0, 0x11, 0x8b, 0, 1, 0, 2, 0, 33]);
        vec![
            seen6(solicit6(s, 1, &[1000, 1001, 17, 59, 60], Vec::new())),
            seen6(solicit6(s, 2, &[23], vec![docsis])),
        ]
    });
}

#[test]
fn softwire46_containers_nest_their_options_like_kea() {
    let mut cfg = config6();
    cfg["subnet6"][0]["option-data"] = json!([
        {"name": "s46-cont-mape"},
        {"name": "s46-rule", "space": "s46-cont-mape-options", "data": "128, 0, 24, 192.0.2.0, 2001:db8:1::/64"},
        {"name": "s46-br", "space": "s46-cont-mape-options", "data": "2001:db8:cafe::1"},
        {"name": "s46-portparams", "space": "s46-rule-options", "data": "0, 1234/16"}
    ]);
    run_with(cfg, |s| vec![seen6(solicit6(s, 1, &[94], Vec::new()))]);
}

#[test]
fn relay_supplied_options_are_passed_on_like_kea() {
    let mut cfg = config6();
    cfg["relay-supplied-options"] = json!(["65", "dns-servers"]);
    cfg["option-data"] = json!([{"name": "dns-servers", "data": "2001:db8::53"}]);
    run_with(cfg, |s| {
        let with_rsoo = |client: u8, supplied: Vec<Opt6>| {
            let m = with_ias(query(msg::SOLICIT, client), true, false);
            let mut p = crate::support::server6::relayed(m, 1);
            let mut rsoo = Vec::new();
            ruru::dhcp::v6::packet::write_options(&supplied, &mut rsoo);
            p.relays[0].options.push(Opt6::new(66, rsoo));
            s.send_raw(&p.encode());
            s.receive()
        };
        vec![
            // 65 is allowed and missing: passed on; 23 is the server's own.
            seen6(with_rsoo(
                1,
                vec![
                    Opt6::new(65, b"\x03erp\x07example\x00".to_vec()),
                    Opt6::new(
                        23,
                        vec![0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x77],
                    ),
                    Opt6::new(
                        31,
                        vec![0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x31],
                    ),
                ],
            )),
        ]
    });
}
