//! End-to-end tests of the expression language: Kea 2.2's truth tables V14
//! (DHCPv4) and V19 (DHCPv6) over fake packets built like the spec's, the
//! parse errors of §2.6/§2.7, precedence, and a property test against a
//! small independent interpreter.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;

use super::ast::{BoolExpr, IntToText, Pkt4Field, PktField, Repr, StrExpr, SubLen};
use super::*;
use crate::options::{Dhcp4, Dhcp6, OptionSpace};

/// One relay level of a fake DHCPv6 packet.
#[derive(Clone, Debug)]
struct Relay {
    link: Ipv6Addr,
    peer: Ipv6Addr,
    options: Vec<(u16, Vec<u8>)>,
}

/// A fake packet of either family.
#[derive(Clone, Debug)]
struct Fake {
    universe: Universe,
    options: Vec<(u16, Vec<u8>)>,
    iface: String,
    src: IpAddr,
    dst: IpAddr,
    len: u32,
    mac: Vec<u8>,
    transid: u32,
    giaddr: Ipv4Addr,
    msgtype: u8,
    relays: Vec<Relay>,
}

impl PacketView for Fake {
    fn universe(&self) -> Universe {
        self.universe
    }
    fn option(&self, code: u16) -> Option<&[u8]> {
        self.options
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, d)| d.as_slice())
    }
    fn iface(&self) -> &str {
        &self.iface
    }
    fn src(&self) -> IpAddr {
        self.src
    }
    fn dst(&self) -> IpAddr {
        self.dst
    }
    fn len(&self) -> u32 {
        self.len
    }
    fn header4(&self) -> Option<Header4<'_>> {
        (self.universe == Universe::V4).then(|| Header4 {
            mac: &self.mac,
            hlen: self.mac.len() as u8,
            htype: 1,
            msgtype: self.msgtype,
            transid: self.transid,
            ciaddr: Ipv4Addr::UNSPECIFIED,
            giaddr: self.giaddr,
            yiaddr: Ipv4Addr::UNSPECIFIED,
            siaddr: Ipv4Addr::UNSPECIFIED,
        })
    }
    fn header6(&self) -> Option<Header6> {
        (self.universe == Universe::V6).then_some(Header6 {
            msgtype: self.msgtype,
            transid: self.transid,
        })
    }
    fn relay6_depth(&self) -> usize {
        self.relays.len()
    }
    fn relay6_addrs(&self, level: usize) -> Option<(Ipv6Addr, Ipv6Addr)> {
        self.relays.get(level).map(|r| (r.link, r.peer))
    }
    fn relay6_option(&self, level: usize, code: u16) -> Option<&[u8]> {
        self.relays
            .get(level)?
            .options
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, d)| d.as_slice())
    }
}

fn v4_len(options: &[(u16, Vec<u8>)]) -> u32 {
    236 + options.iter().map(|(_, d)| 2 + d.len() as u32).sum::<u32>()
}

/// V14's direct DISCOVER.
fn v14_direct(opt60: &[u8]) -> Fake {
    let options: Vec<(u16, Vec<u8>)> = vec![
        (53, vec![1]),
        (60, opt60.to_vec()),
        (61, vec![0x01, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01]),
        (12, b"myhost".to_vec()),
        (55, vec![1, 3, 6, 15]),
        (93, vec![0, 7]),
    ];
    Fake {
        universe: Universe::V4,
        len: v4_len(&options),
        options,
        iface: "kcr0".into(),
        src: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        dst: IpAddr::V4(Ipv4Addr::BROADCAST),
        mac: vec![0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01],
        transid: 0x1122_3344,
        giaddr: Ipv4Addr::UNSPECIFIED,
        msgtype: 1,
        relays: Vec::new(),
    }
}

/// V14's relayed DISCOVER (82, 125, 124; no 60).
fn v14_relayed(opt124: Vec<u8>) -> Fake {
    let mut rai = vec![1, 8];
    rai.extend_from_slice(b"ge-0/0/1");
    rai.extend_from_slice(&[2, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55]);
    let options: Vec<(u16, Vec<u8>)> = vec![
        (53, vec![1]),
        (82, rai),
        (125, vec![0, 0, 0x11, 0x8b, 4, 1, 2, 2, 3]),
        (124, opt124),
    ];
    let mut p = v14_direct(b"");
    p.len = v4_len(&options);
    p.options = options;
    p.giaddr = Ipv4Addr::new(192, 0, 2, 1);
    p.src = IpAddr::V4(Ipv4Addr::new(10, 77, 0, 2));
    p.dst = IpAddr::V4(Ipv4Addr::new(10, 77, 0, 1));
    p
}

fn kea_124() -> Vec<u8> {
    let mut v = vec![0, 0, 0x11, 0x8b, 9];
    v.extend_from_slice(b"docsis3.0");
    v.extend_from_slice(&[0, 0, 0x04, 0xd2, 6]);
    v.extend_from_slice(b"second");
    v
}

fn rfc_124() -> Vec<u8> {
    let mut v = vec![0, 0, 0x11, 0x8b, 0x11, 9];
    v.extend_from_slice(b"docsis3.0");
    v.push(6);
    v.extend_from_slice(b"second");
    v
}

/// V19's SOLICIT, relayed twice (or direct).
fn v19(relayed: bool) -> Fake {
    let mut vc = vec![0, 0, 0x11, 0x8b, 0, 9];
    vc.extend_from_slice(b"docsis3.0");
    vc.extend_from_slice(&[0, 6]);
    vc.extend_from_slice(b"second");
    let options: Vec<(u16, Vec<u8>)> = vec![
        (1, vec![0, 3, 0, 1, 0xaa, 0, 0, 0, 0x60, 0x01]),
        (8, vec![0, 0]),
        (3, vec![0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
        (16, vc),
        (17, vec![0, 0, 0x11, 0x8b, 0, 1, 0, 2, 0, 0x20]),
        (15, vec![0, 4, b'u', b's', b'e', b'r']),
        (6, vec![0, 0x17]),
    ];
    let mut rid = vec![0, 0, 0x11, 0x8b];
    rid.extend_from_slice(b"rid");
    let relays = vec![
        Relay {
            link: "2001:db8:77::5".parse().expect("addr"),
            peer: "2001:db8:aaaa::1".parse().expect("addr"),
            options: vec![(18, b"outer".to_vec())],
        },
        Relay {
            link: Ipv6Addr::UNSPECIFIED,
            peer: "fe80::abcd".parse().expect("addr"),
            options: vec![(37, rid), (18, b"inner".to_vec())],
        },
    ];
    Fake {
        universe: Universe::V6,
        options,
        iface: "kcr0".into(),
        src: if relayed {
            "2001:db8:77::2".parse().expect("addr")
        } else {
            "fe80::ff:fe00:2".parse().expect("addr")
        },
        dst: if relayed {
            "2001:db8:77::1".parse().expect("addr")
        } else {
            "ff02::1:2".parse().expect("addr")
        },
        len: if relayed { 200 } else { 95 },
        mac: Vec::new(),
        transid: 0x1234ab,
        giaddr: Ipv4Addr::UNSPECIFIED,
        msgtype: 1,
        relays: if relayed { relays } else { Vec::new() },
    }
}

fn option_code(universe: Universe) -> impl Fn(&str) -> Option<u16> {
    move |name| match universe {
        Universe::V4 => Dhcp4::by_name(name).map(|d| u16::from(d.code)),
        Universe::V6 => Dhcp6::by_name(name).map(|d| d.code),
    }
}

fn parse_in(universe: Universe, text: &str) -> Result<Expression, ParseError> {
    let defined = |name: &str| name != "c" && name != "DROP";
    let codes = option_code(universe);
    parse(
        text,
        &ParseContext {
            universe,
            class_defined: &defined,
            option_code: &codes,
        },
    )
}

fn classes(names: &[&str]) -> ClassSet {
    let mut set = ClassSet::new();
    for n in names {
        set.insert(n);
    }
    set
}

/// Evaluates each expression; `expected`: Some(bool) or None for an error.
fn check_table(universe: Universe, packet: &Fake, set: &ClassSet, rows: &[(&str, Option<bool>)]) {
    let mut failures = Vec::new();
    for (text, expected) in rows {
        let expr = match parse_in(universe, text) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{text}: parse error {e}"));
                continue;
            }
        };
        let got = expr.evaluate(packet, set).ok();
        if got != *expected {
            failures.push(format!("{text}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const T: Option<bool> = Some(true);
const F: Option<bool> = Some(false);
const E: Option<bool> = None;

#[test]
fn v14_truth_table_matches_kea() {
    let direct = v14_direct(b"PXEClient:Arch:00007");
    let set = classes(&["ALL", "VENDOR_CLASS_PXEClient:Arch:00007"]);
    check_table(
        Universe::V4,
        &direct,
        &set,
        &[
            ("'a' + 'b' == 'ab'", T),
            ("'ab' == 'a' + 'b'", T),
            ("option[60].text == 'PXEClient:Arch:00007'", T),
            ("option[60].hex == 'PXEClient:Arch:00007'", T),
            (
                "option[vendor-class-identifier].text == 'PXEClient:Arch:00007'",
                T,
            ),
            ("option[61].hex == 0x01aabbccddee01", T),
            ("option[12].text == 'myhost'", T),
            ("option[93].hex == 0x0007", T),
            ("option[55].hex == 0x0103060f", T),
            ("not option[82].exists", T),
            ("pkt4.mac == 0xAABBCCDDEE01", T),
            ("pkt4.hlen == 6", T),
            ("pkt4.htype == 1", T),
            ("pkt4.msgtype == 1", T),
            ("pkt4.transid == 287454020", T),
            ("pkt4.ciaddr == 0.0.0.0", T),
            ("pkt4.giaddr == 0.0.0.0", T),
            ("pkt4.yiaddr == 0.0.0.0", T),
            ("pkt4.siaddr == 0.0.0.0", T),
            ("pkt.iface == 'kcr0'", T),
            ("pkt.src == 0.0.0.0", T),
            ("pkt.dst == 255.255.255.255", T),
            ("hexstring(pkt4.mac, ':') == 'aa:bb:cc:dd:ee:01'", T),
            ("split(option[60].hex, ':', 3) == '00007'", T),
            ("split(option[60].hex, ':', 4) == ''", T),
            ("split(option[60].hex, ':', 0) == ''", T),
            (
                "ifelse(option[200].exists, option[200].hex, 'none') == 'none'",
                T,
            ),
            ("addrtotext(pkt.dst) == '255.255.255.255'", T),
            ("uint8totext(substring(option[93].hex,1,1)) == '7'", T),
            ("uint16totext(option[93].hex) == '7'", T),
            ("uint32totext(pkt4.transid) == '287454020'", T),
            ("int8totext(0xff) == '-1'", T),
            ("int32totext(0xffffffff) == '-1'", T),
            ("int16totext(0xfffe) == '-2'", T),
            ("uint16totext(option[200].hex) == ''", T),
            ("member('VENDOR_CLASS_PXEClient:Arch:00007')", T),
            ("1 == 0x00000001", T),
            ("0x100 == 0x0100", T),
            ("0x1 == 0x01", T),
            ("10.0.0.1 == 0x0a000001", T),
            ("not option[200].exists and option[12].exists", T),
            ("'d' == 'd' or 'a' == 'b' and 'c' == 'e'", T),
            ("'a'=='b' and 'c'=='c' or 'd'=='d'", T),
            ("hexstring(option[200].hex, ':') == ''", T),
            ("substring(option[200].hex, 0, 2) == ''", T),
            ("option[12].hex + '.ex' + 'ample' == 'myhost.example'", T),
            ("substring(option[60].hex,0,9) == 'PXEClient'", T),
            ("option [61] . hex == 0x01aabbccddee01", T),
            (
                "option[55].text == 'type=055, len=004: 1(uint8) 3(uint8) 6(uint8) 15(uint8)'",
                T,
            ),
            (
                "option[61].text == 'type=061, len=007: 01:aa:bb:cc:dd:ee:01'",
                T,
            ),
            ("option[93].text == 'type=093, len=002: 7(uint16)'", T),
            ("option[61].text == '01:aa'", F),
            ("option[93].text == '7'", F),
            ("relay4[1].exists", F),
            ("pkt.len == 0", F),
            ("pkt.len == 288", T),
            ("1 == 0x01", F),
            ("'1' == 1", F),
            ("vendor[*].exists", F),
            ("vendor-class[*].exists", F),
            ("option[12].option[1].exists", F),
            ("uint16totext(option[60].hex) == 'x'", E),
            ("addrtotext(option[60].hex) == 'x'", E),
            // Strict: the error in the right operand is not skipped.
            (
                "option[200].exists and uint16totext(option[60].hex) == 'x'",
                E,
            ),
            (
                "ifelse(option[12].exists, 'a', uint8totext(option[61].hex)) == 'a'",
                E,
            ),
        ],
    );
}

#[test]
fn v14_e20_strictness() {
    let p = v14_direct(b"PXEClient");
    let set = classes(&["ALL"]);
    check_table(
        Universe::V4,
        &p,
        &set,
        &[
            (
                "not (option[200].exists and uint16totext(option[60].hex) == 'x')",
                E,
            ),
            ("not (option[200].exists and option[60].exists)", T),
        ],
    );
}

#[test]
fn v14_relayed_truth_table_matches_kea() {
    let p = v14_relayed(kea_124());
    let set = classes(&["ALL"]);
    check_table(
        Universe::V4,
        &p,
        &set,
        &[
            ("relay4[1].hex == 'ge-0/0/1'", T),
            ("relay4[2].hex == 0x001122334455", T),
            ("option[82].option[1].hex == 'ge-0/0/1'", T),
            (
                "option[82].hex == 0x010867652d302f302f310206001122334455",
                T,
            ),
            ("pkt4.giaddr == 192.0.2.1", T),
            ("pkt.src == 10.77.0.2", T),
            ("pkt.dst == 10.77.0.1", T),
            ("vendor[4491].exists", T),
            ("vendor[*].exists", T),
            ("vendor[0].exists", T),
            ("vendor.enterprise == 4491", T),
            ("vendor[4491].option[1].hex == 0x0203", T),
            ("vendor[4491].option[1].exists", T),
            ("vendor[4491].option[2].exists", F),
            ("vendor-class[4491].exists", T),
            ("vendor-class[4491].data == 'docsis3.0'", T),
            ("vendor-class[4491].data[0] == 'docsis3.0'", T),
            ("vendor-class[4491].data[1] == 'second'", T),
            ("vendor-class[4491].data[2] == ''", T),
            ("vendor-class.enterprise == 4491", T),
            ("relay4[1].text == 'ge-0/0/1'", F),
            (
                "relay4[1].text == 'type=001, len=008: 67:65:2d:30:2f:30:2f:31'",
                T,
            ),
            ("relay4[3].exists", F),
            ("vendor[1234].exists", F),
            ("vendor-class[1234].data[1] == 'second'", F),
            ("member('VENDOR_CLASS_docsis3.0')", F),
        ],
    );
    let rfc = v14_relayed(rfc_124());
    check_table(
        Universe::V4,
        &rfc,
        &set,
        &[
            ("vendor-class[4491].data == 'docsis3.0'", F),
            (
                "vendor-class[4491].data == 0x09 + 'docsis3.0' + 0x06 + 'second'",
                T,
            ),
        ],
    );
}

#[test]
fn v19_truth_table_matches_kea() {
    let p = v19(true);
    let set = classes(&["ALL", "VENDOR_CLASS_docsis3.0", "UNKNOWN"]);
    check_table(
        Universe::V6,
        &p,
        &set,
        &[
            ("pkt6.msgtype == 1", T),
            ("pkt6.transid == 1193131", T),
            ("option[1].hex == 0x00030001aa0000006001", T),
            (
                "hexstring(option[1].hex, ':') == '00:03:00:01:aa:00:00:00:60:01'",
                T,
            ),
            ("vendor-class[4491].data[1] == 'second'", T),
            ("vendor-class[4491].data == 'docsis3.0'", T),
            ("member('VENDOR_CLASS_docsis3.0')", T),
            ("vendor[4491].option[1].hex == 0x0020", T),
            ("relay6[0].linkaddr == 2001:db8:77::5", T),
            ("relay6[0].peeraddr == 2001:db8:aaaa::1", T),
            ("relay6[1].peeraddr == fe80::abcd", T),
            ("relay6[-1].peeraddr == fe80::abcd", T),
            ("relay6[-2].peeraddr == 2001:db8:aaaa::1", T),
            ("relay6[2].peeraddr == ''", T),
            ("relay6[-3].peeraddr == ''", T),
            ("relay6[0].option[18].hex == 'outer'", T),
            ("relay6[-1].option[18].hex == 'inner'", T),
            ("relay6[1].option[37].hex == 0x0000118b + 'rid'", T),
            ("pkt.src == 2001:db8:77::2", T),
            ("pkt.dst == 2001:db8:77::1", T),
            ("option[6].hex == 0x0017", T),
            ("option[3].exists", T),
            ("member('UNKNOWN')", T),
            ("pkt.len == 200", T),
            (
                "option[1].text == 'type=00001, len=00010: 00:03:00:01:aa:00:00:00:60:01'",
                T,
            ),
            ("relay6[0].option[37].exists", F),
            ("relay6[5].option[18].exists", F),
            ("option[18].exists", F),
            ("option[3].option[5].exists", F),
            ("pkt.len == 0", F),
        ],
    );
    let direct = v19(false);
    check_table(
        Universe::V6,
        &direct,
        &set,
        &[
            ("pkt.src == fe80::ff:fe00:2", T),
            ("pkt.dst == ff02::1:2", T),
            ("relay6[0].peeraddr == ''", T),
            ("relay6[-1].linkaddr == ''", T),
            ("relay6[0].option[18].exists", F),
            ("relay6[-1].option[18].hex == ''", T),
            ("pkt.len == 95", T),
        ],
    );
}

#[test]
fn v6_vendor_class_text_is_keas() {
    let p = v19(true);
    let env = eval::Env {
        packet: &p,
        classes: &ClassSet::new(),
        universe: Universe::V6,
    };
    let text = env.str(&StrExpr::Option(16, Repr::Text)).expect("no error");
    assert_eq!(
        String::from_utf8(text.into_owned()).expect("utf8"),
        "type=16, len=23,  enterprise id=0x118b, data-len0=9, vendor-class-data0='docsis3.0', data-len1=6, vendor-class-data1='second'"
    );
    let text = env.str(&StrExpr::Option(17, Repr::Text)).expect("no error");
    assert_eq!(
        String::from_utf8(text.into_owned()).expect("utf8"),
        "type=00017, len=00010: 4491 (uint32),\noptions:\n  type=00001, len=00002: 00:20"
    );
}

fn err_of(universe: Universe, text: &str) -> ParseError {
    match parse_in(universe, text) {
        Ok(e) => panic!("{text} parsed: {:?}", e.root),
        Err(e) => e,
    }
}

#[test]
fn parse_errors_of_section_2_6() {
    use Universe::{V4, V6};
    for (u, text, message) in [
        (V4, "known", "Invalid character: k"),
        (V4, "lcase('A')=='a'", "Invalid character: l"),
        (V4, "match('a', 'b')", "Invalid character: m"),
        (V4, "'a' != 'b'", "Invalid character: !"),
        (V4, "\"x\" == 'x'", "Invalid character: \""),
        (V4, "OPTION[61].exists", "Invalid character: O"),
        (
            V4,
            "option[61].exists && option[12].exists",
            "Invalid character: &",
        ),
        (
            V4,
            "option[no-such-opt].exists",
            "option 'no-such-opt' is not defined",
        ),
        (
            V4,
            "option[256].exists",
            "Option code has invalid value in 256. Allowed range: 0..255",
        ),
        (
            V6,
            "option[65536].exists",
            "Option code has invalid value in 65536. Allowed range: 0..65535",
        ),
        (
            V4,
            "relay6[0].option[18].hex=='x'",
            "Nest level invalid for DHCPv4 packets",
        ),
        (
            V6,
            "relay6[32].option[18].exists",
            "Nest level has invalid value in 32. Allowed range: -32..31",
        ),
        (V4, "pkt6.msgtype==1", "pkt6 can only be used in DHCPv6."),
        (V6, "pkt4.mac==0x01", "pkt4 can only be used in DHCPv4."),
        (V6, "relay4[1].exists", "relay4 can only be used in DHCPv4."),
        (
            V6,
            "relay6[0].option[18].option[1].exists",
            "syntax error, unexpected option, expecting text or hex or exists",
        ),
        (
            V4,
            "vendor-class[4491].data[256] == 'x'",
            "Invalid value in 256. Allowed range: 0..255",
        ),
        (V4, "member('c')", "Not defined client class 'c'"),
        (V4, "member('DROP')", "Not defined client class 'DROP'"),
        (
            V4,
            "4294967296 == 0",
            "Invalid value in 4294967296. Allowed range: 0..4294967295",
        ),
        (
            V4,
            "int32totext(-1) == ''",
            "Invalid value in -1. Allowed range: 0..4294967295",
        ),
        (
            V4,
            "300.1.1.1 == 0x01",
            "Failed to convert 300.1.1.1 to an IP address.",
        ),
        (
            V4,
            "'abc'",
            "syntax error, unexpected end of file, expecting == or +",
        ),
        (
            V4,
            "option[61].hex",
            "syntax error, unexpected end of file, expecting == or +",
        ),
        (
            V4,
            "option[61].exists == 'true'",
            "syntax error, unexpected ==, expecting end of file",
        ),
        (
            V4,
            "'a' == 'b' == 'c'",
            "syntax error, unexpected ==, expecting end of file",
        ),
        (
            V4,
            "substring('abc', 1+2, 1) == 'b'",
            "syntax error, unexpected +, expecting \",\"",
        ),
        (
            V4,
            "substring('abc', 1, '3') == 'b'",
            "syntax error, unexpected constant string, expecting all or integer",
        ),
        (
            V4,
            "substring('abc', '1', 3) == 'b'",
            "syntax error, unexpected constant string, expecting integer",
        ),
        (
            V4,
            "'it''s' == 'x'",
            "syntax error, unexpected constant string, expecting == or +",
        ),
        (V4, "'a\\'b' == 'x'", "Invalid character: b"),
        (V4, "0x == 'x'", "Invalid character: x"),
        (
            V4,
            "(option[61].exists + 'a')",
            "syntax error, unexpected +, expecting ) or and or or",
        ),
        (
            V4,
            "('a' or 'b')",
            "syntax error, unexpected or, expecting ) or == or +",
        ),
        (V4, "pkt.foo == 'x'", "Invalid character: f"),
        (
            V4,
            "pkt.mac == 'x'",
            "syntax error, unexpected mac, expecting iface or src or dst or len",
        ),
        (
            V4,
            "'a' == member('ALL')",
            "syntax error, unexpected member",
        ),
        (
            V4,
            "vendor[4491].text == 'x'",
            "syntax error, unexpected text, expecting option or exists",
        ),
        (
            V4,
            "ifelse('a', 'b', 'c') == 'b'",
            "syntax error, unexpected \",\", expecting == or +",
        ),
    ] {
        let e = err_of(u, text);
        assert_eq!(e.message, message, "{text}");
    }
}

#[test]
fn parse_error_columns() {
    let e = err_of(Universe::V4, "known");
    assert_eq!((e.first_column, e.last_column), (1, 1));
    assert_eq!(e.to_string(), "<string>:1.1: Invalid character: k");
    let e = err_of(Universe::V4, "option[256].exists");
    assert_eq!((e.first_column, e.last_column), (8, 10));
    assert_eq!(
        e.to_string(),
        "<string>:1.8-10: Option code has invalid value in 256. Allowed range: 0..255"
    );
    let e = err_of(Universe::V4, "member('c')");
    assert_eq!((e.first_column, e.last_column), (8, 10));
    let e = err_of(Universe::V4, "'abc'");
    assert_eq!((e.first_column, e.last_column), (6, 6));
    let e = err_of(Universe::V6, "relay6[0].option[18].option[1].exists");
    assert_eq!((e.first_column, e.last_column), (22, 27));
    let e = err_of(Universe::V6, "pkt4.mac==0x01");
    assert_eq!((e.first_column, e.last_column), (1, 4));
    let e = err_of(Universe::V4, "option[no-such-opt].exists");
    assert_eq!((e.first_column, e.last_column), (8, 18));
}

#[test]
fn post_2_2_features_are_rejected() {
    for (text, message) in [
        ("lcase(option[60].text) == 'pxe'", "Invalid character: l"),
        ("ucase(option[60].text) == 'PXE'", "Invalid character: u"),
        ("match('^PXE', option[60].text)", "Invalid character: m"),
        (
            "option[12].exists sand option[60].exists",
            "Invalid character: s",
        ),
        (
            "option[12].exists sor option[60].exists",
            "Invalid character: s",
        ),
        (
            "sifelse(option[12].exists, 'a', 'b') == 'a'",
            "Invalid character: s",
        ),
        ("unknown", "Invalid character: u"),
        ("KNOWN", "Invalid character: K"),
        ("Member('ALL')", "Invalid character: M"),
        (
            "option[82].option[1].option[2].exists",
            "syntax error, unexpected option, expecting text or hex or exists",
        ),
    ] {
        assert_eq!(err_of(Universe::V4, text).message, message, "{text}");
    }
}

#[test]
fn precedence_and_grouping() {
    let e = parse_in(Universe::V4, "'a'=='b' and 'c'=='c' or 'd'=='d'").expect("parses");
    assert!(matches!(e.root, BoolExpr::Or(..)));
    let e = parse_in(Universe::V4, "'d' == 'd' or 'a' == 'b' and 'c' == 'e'").expect("parses");
    let BoolExpr::Or(_, right) = &e.root else {
        panic!("{:?}", e.root)
    };
    assert!(matches!(**right, BoolExpr::And(..)));
    let e = parse_in(Universe::V4, "not 'a' == 'b' and 'c' == 'c'").expect("parses");
    assert!(matches!(e.root, BoolExpr::And(..)));
    let e = parse_in(Universe::V4, "'a' + 'b' + 'c' == 'abc'").expect("parses");
    let BoolExpr::Equal(StrExpr::Concat(left, _), _) = &e.root else {
        panic!("{:?}", e.root)
    };
    assert!(matches!(**left, StrExpr::Concat(..)));
    for text in [
        "('a') == 'a'",
        "(('a' + 'b')) == 'ab'",
        "(not ('a' == 'b'))",
        "((member('ALL')) and (option[12].exists))",
        "concat('a', 'b') == ('a' + 'b')",
    ] {
        let e = parse_in(Universe::V4, text).expect(text);
        assert_eq!(
            e.evaluate(&v14_direct(b"x"), &classes(&["ALL"])),
            Ok(true),
            "{text}"
        );
    }
}

#[test]
fn members_lists_member_references() {
    let e = parse_in(
        Universe::V4,
        "member('KNOWN') or ifelse(member('A'), 'x', 'y') == 'x' and not member('B')",
    )
    .expect("parses");
    assert_eq!(e.members(), vec!["KNOWN", "A", "B"]);
    assert_eq!(
        e.source(),
        "member('KNOWN') or ifelse(member('A'), 'x', 'y') == 'x' and not member('B')"
    );
}

#[test]
fn malformed_payloads_give_empty_values() {
    let mut p = v14_relayed(vec![0, 0, 0x11]);
    p.options.push((12, vec![0, 0]));
    p.options.retain(|(c, _)| *c != 125);
    p.options.push((125, vec![0, 0, 0x11, 0x8b, 9, 1, 2]));
    p.options.retain(|(c, _)| *c != 82);
    p.options.push((82, vec![1, 8, b'g']));
    let set = ClassSet::new();
    check_table(
        Universe::V4,
        &p,
        &set,
        &[
            ("vendor-class[*].exists", F),
            ("vendor[*].exists", F),
            ("vendor.enterprise == ''", T),
            ("option[12].exists", F),
            ("option[82].exists", T),
            ("relay4[1].exists", F),
            ("option[82].hex == ''", T),
        ],
    );
}

// ---- property test: random ASTs over random packets ----

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

fn str_leaf() -> impl Strategy<Value = StrExpr> {
    prop_oneof![
        bytes(5).prop_map(StrExpr::Literal),
        prop_oneof![Just(b":".to_vec()), Just(b"".to_vec()), Just(vec![0xff])]
            .prop_map(StrExpr::Literal),
        (
            prop::sample::select(vec![12u16, 60, 61, 82, 93, 200]),
            Just(Repr::Hex)
        )
            .prop_map(|(c, r)| StrExpr::Option(c, r)),
        prop::sample::select(vec![12u16, 60, 61, 200]).prop_map(|c| StrExpr::Option(c, Repr::Text)),
        (0u16..4).prop_map(|s| StrExpr::Relay4(s, Repr::Hex)),
        (0u16..4).prop_map(|s| StrExpr::SubOption(82, s, Repr::Hex)),
        prop::sample::select(vec![
            PktField::Iface,
            PktField::Src,
            PktField::Dst,
            PktField::Len
        ])
        .prop_map(StrExpr::Pkt),
        prop::sample::select(vec![Pkt4Field::Mac, Pkt4Field::TransId, Pkt4Field::Giaddr])
            .prop_map(StrExpr::Pkt4),
    ]
}

fn int_kind() -> impl Strategy<Value = IntToText> {
    prop::sample::select(vec![
        IntToText::Int8,
        IntToText::Int16,
        IntToText::Int32,
        IntToText::Uint8,
        IntToText::Uint16,
        IntToText::Uint32,
    ])
}

fn bool_leaf() -> impl Strategy<Value = BoolExpr> {
    prop_oneof![
        prop::sample::select(vec![12u16, 60, 61, 82, 200]).prop_map(BoolExpr::OptionExists),
        (0u16..4).prop_map(BoolExpr::Relay4Exists),
        (0u16..4).prop_map(|s| BoolExpr::SubOptionExists(82, s)),
        prop::sample::select(vec!["ALL", "A", "B"]).prop_map(|n| BoolExpr::Member(n.to_string())),
    ]
}

fn exprs() -> impl Strategy<Value = BoolExpr> {
    let strs = str_leaf().prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                -6i64..25,
                prop_oneof![(-25i64..25).prop_map(SubLen::Int), Just(SubLen::All)]
            )
                .prop_map(|(s, a, l)| StrExpr::Substring(Box::new(s), a, l)),
            (inner.clone(), inner.clone(), -1i64..4).prop_map(|(s, d, n)| StrExpr::Split(
                Box::new(s),
                Box::new(d),
                n
            )),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| StrExpr::Concat(Box::new(a), Box::new(b))),
            (bool_leaf(), inner.clone(), inner.clone()).prop_map(|(c, t, f)| StrExpr::IfElse(
                Box::new(c),
                Box::new(t),
                Box::new(f)
            )),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| StrExpr::ToHexString(Box::new(a), Box::new(b))),
            inner.clone().prop_map(|a| StrExpr::AddrToText(Box::new(a))),
            (int_kind(), inner).prop_map(|(k, a)| StrExpr::IntToText(k, Box::new(a))),
        ]
    });
    let eq = (strs.clone(), strs).prop_map(|(a, b)| BoolExpr::Equal(a, b));
    prop_oneof![bool_leaf(), eq].prop_recursive(3, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|b| BoolExpr::Not(Box::new(b))),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| BoolExpr::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| BoolExpr::Or(Box::new(a), Box::new(b))),
        ]
    })
}

fn packets() -> impl Strategy<Value = Fake> {
    let opt = |code: u16, max: usize| {
        prop::option::of(bytes(max)).prop_map(move |b| b.map(|b| (code, b)))
    };
    (
        opt(12, 6),
        opt(60, 8),
        opt(61, 7),
        opt(82, 9),
        opt(93, 3),
        opt(200, 4),
        any::<u32>(),
    )
        .prop_map(|(a, b, c, d, e, f, xid)| {
            let mut p = v14_direct(b"");
            p.options = [a, b, c, d, e, f].into_iter().flatten().collect();
            p.transid = xid;
            p.len = v4_len(&p.options);
            p
        })
}

/// A direct interpreter of the generated subset, written from the spec
/// rather than from the evaluator: `Err(())` for a conversion failure.
mod reference {
    use super::*;

    fn trimmed(p: &Fake, code: u16) -> Option<Vec<u8>> {
        let raw = p.option(code)?.to_vec();
        if code == 12 || code == 60 {
            let mut v = raw;
            while v.last() == Some(&0) {
                v.pop();
            }
            return (!v.is_empty()).then_some(v);
        }
        Some(raw)
    }

    fn subs82(p: &Fake) -> Vec<(u8, Vec<u8>)> {
        let mut out = Vec::new();
        let Some(raw) = p.option(82) else {
            return out;
        };
        let mut i = 0;
        while i + 2 <= raw.len() {
            let (c, l) = (raw[i], raw[i + 1] as usize);
            if i + 2 + l > raw.len() {
                break;
            }
            out.push((c, raw[i + 2..i + 2 + l].to_vec()));
            i += 2 + l;
        }
        out
    }

    fn sub82(p: &Fake, s: u16) -> Option<Vec<u8>> {
        p.option(82)?;
        subs82(p)
            .into_iter()
            .find(|(c, _)| u16::from(*c) == s)
            .map(|(_, d)| d)
    }

    fn hex82(p: &Fake) -> Vec<u8> {
        let mut subs = subs82(p);
        subs.sort_by_key(|(c, _)| *c);
        let mut out = Vec::new();
        let mut tail = Vec::new();
        let mut end = None;
        for (c, d) in subs {
            let mut tlv = vec![c, d.len() as u8];
            tlv.extend(d);
            match c {
                53 => {}
                82 => tail.extend(tlv),
                255 => end = Some(tlv),
                _ => out.extend(tlv),
            }
        }
        out.extend(tail);
        out.extend(end.unwrap_or_default());
        out
    }

    fn generic_text(code: u16, d: &[u8]) -> Vec<u8> {
        let hex: Vec<String> = d.iter().map(|b| format!("{b:02x}")).collect();
        format!("type={code:03}, len={:03}: {}", d.len(), hex.join(":")).into_bytes()
    }

    pub fn b(p: &Fake, set: &ClassSet, e: &BoolExpr) -> Result<bool, ()> {
        Ok(match e {
            BoolExpr::Not(x) => !b(p, set, x)?,
            BoolExpr::And(x, y) => {
                let (l, r) = (b(p, set, x), b(p, set, y));
                l? & r?
            }
            BoolExpr::Or(x, y) => {
                let (l, r) = (b(p, set, x), b(p, set, y));
                l? | r?
            }
            BoolExpr::Equal(x, y) => {
                let (l, r) = (s(p, set, x), s(p, set, y));
                l? == r?
            }
            BoolExpr::OptionExists(c) => trimmed(p, *c).is_some(),
            BoolExpr::Relay4Exists(sub) | BoolExpr::SubOptionExists(82, sub) => {
                sub82(p, *sub).is_some()
            }
            BoolExpr::Member(n) => set.contains(n),
            _ => false,
        })
    }

    pub fn s(p: &Fake, set: &ClassSet, e: &StrExpr) -> Result<Vec<u8>, ()> {
        Ok(match e {
            StrExpr::Literal(v) => v.clone(),
            StrExpr::Option(82, Repr::Hex) => p.option(82).map(|_| hex82(p)).unwrap_or_default(),
            StrExpr::Option(c, Repr::Hex) => trimmed(p, *c).unwrap_or_default(),
            StrExpr::Option(c, Repr::Text) => match trimmed(p, *c) {
                None => Vec::new(),
                Some(v) if *c == 12 || *c == 60 => v,
                Some(v) => generic_text(*c, &v),
            },
            StrExpr::Relay4(sub, _) | StrExpr::SubOption(82, sub, _) => {
                sub82(p, *sub).unwrap_or_default()
            }
            StrExpr::Pkt(PktField::Iface) => p.iface.as_bytes().to_vec(),
            StrExpr::Pkt(PktField::Src) => vec![0; 4],
            StrExpr::Pkt(PktField::Dst) => vec![255; 4],
            StrExpr::Pkt(PktField::Len) => p.len.to_be_bytes().to_vec(),
            StrExpr::Pkt4(Pkt4Field::Mac) => p.mac.clone(),
            StrExpr::Pkt4(Pkt4Field::Giaddr) => p.giaddr.octets().to_vec(),
            StrExpr::Pkt4(_) => p.transid.to_be_bytes().to_vec(),
            StrExpr::Substring(x, start, len) => {
                let v = s(p, set, x)?;
                let n = v.len() as i64;
                if v.is_empty() || *start < -n || *start >= n {
                    return Ok(Vec::new());
                }
                let st = if *start < 0 { start + n } else { *start };
                let (from, to) = match len {
                    SubLen::All => (st, n),
                    SubLen::Int(l) if *l >= 0 => (st, (st + l).min(n)),
                    SubLen::Int(l) => ((st + l).max(0), st),
                };
                v[from as usize..to as usize].to_vec()
            }
            StrExpr::Split(x, d, field) => {
                let v = s(p, set, x)?;
                let d = s(p, set, d)?;
                if v.is_empty() {
                    return Ok(Vec::new());
                }
                if d.is_empty() {
                    return Ok(v);
                }
                let mut fields = vec![Vec::new()];
                for c in v {
                    if d.contains(&c) {
                        fields.push(Vec::new());
                    } else if let Some(last) = fields.last_mut() {
                        last.push(c);
                    }
                }
                if *field < 1 {
                    Vec::new()
                } else {
                    fields.get(*field as usize - 1).cloned().unwrap_or_default()
                }
            }
            StrExpr::Concat(a, c) => {
                let mut l = s(p, set, a)?;
                l.extend(s(p, set, c)?);
                l
            }
            StrExpr::IfElse(c, t, f) => {
                // Strict: an error in either branch fails the whole.
                let (c, t, f) = (b(p, set, c)?, s(p, set, t)?, s(p, set, f)?);
                if c {
                    t
                } else {
                    f
                }
            }
            StrExpr::ToHexString(a, sep) => {
                let v = s(p, set, a)?;
                let sep = s(p, set, sep)?;
                let mut out = Vec::new();
                for (i, byte) in v.iter().enumerate() {
                    if i > 0 {
                        out.extend(&sep);
                    }
                    out.extend(format!("{byte:02x}").into_bytes());
                }
                out
            }
            StrExpr::AddrToText(a) => {
                let v = s(p, set, a)?;
                match v.len() {
                    0 => Vec::new(),
                    4 => format!("{}.{}.{}.{}", v[0], v[1], v[2], v[3]).into_bytes(),
                    16 => {
                        let mut o = [0u8; 16];
                        o.copy_from_slice(&v);
                        let a = Ipv6Addr::from(o);
                        let seg = a.segments();
                        if seg[..6].iter().all(|w| *w == 0) && seg[6] != 0 {
                            format!("::{}.{}.{}.{}", o[12], o[13], o[14], o[15]).into_bytes()
                        } else {
                            a.to_string().into_bytes()
                        }
                    }
                    _ => return Err(()),
                }
            }
            StrExpr::IntToText(k, a) => {
                let v = s(p, set, a)?;
                if v.is_empty() {
                    return Ok(v);
                }
                let want = match k {
                    IntToText::Int8 | IntToText::Uint8 => 1,
                    IntToText::Int16 | IntToText::Uint16 => 2,
                    _ => 4,
                };
                if v.len() != want {
                    return Err(());
                }
                let mut u: u64 = 0;
                for x in &v {
                    u = (u << 8) | u64::from(*x);
                }
                let bits = 8 * want as u32;
                let signed = matches!(k, IntToText::Int8 | IntToText::Int16 | IntToText::Int32);
                let value: i64 = if signed && u >> (bits - 1) == 1 {
                    u as i64 - (1i64 << bits)
                } else {
                    u as i64
                };
                value.to_string().into_bytes()
            }
            _ => Vec::new(),
        })
    }
}

proptest! {
    // No regression files: they would land outside src/expression.
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_expressions_parse_back_and_agree_with_a_reference(ast in exprs(), packet in packets()) {
        let text = ast.to_string();
        let parsed = parse_in(Universe::V4, &text);
        prop_assert!(parsed.is_ok(), "{} did not parse: {:?}", text, parsed.err());
        let parsed = parsed.expect("checked");
        prop_assert_eq!(&parsed.root, &ast, "{}", text);
        let set = classes(&["ALL", "A"]);
        let got = parsed.evaluate(&packet, &set).map_err(|_| ());
        let want = reference::b(&packet, &set, &ast);
        prop_assert_eq!(got, want, "{} over {:?}", text, packet.options);
    }

    #[test]
    fn the_evaluator_never_panics_on_random_payloads(
        code in 0u16..256,
        sub in 0u16..8,
        payload in bytes(40),
        v6 in any::<bool>(),
    ) {
        let universe = if v6 { Universe::V6 } else { Universe::V4 };
        let mut p = if v6 { v19(true) } else { v14_direct(b"x") };
        p.options.retain(|(c, _)| *c != code);
        p.options.insert(0, (code, payload.clone()));
        if v6 {
            p.relays[0].options.insert(0, (code, payload));
        }
        let exprs = [
            format!("option[{code}].text == option[{code}].hex"),
            format!("option[{code}].option[{sub}].text == option[{code}].option[{sub}].hex"),
            format!("option[{code}].option[{sub}].exists"),
            format!("vendor[*].option[{sub}].text == vendor-class[*].data[{sub}]"),
            "vendor.enterprise == vendor-class.enterprise".to_string(),
            format!("vendor[*].option[{sub}].exists or vendor-class[0].exists"),
        ];
        for text in exprs.iter() {
            let e = parse_in(universe, text).expect("parses");
            let _ = e.evaluate(&p, &ClassSet::new());
        }
        if v6 {
            let e = parse_in(universe, &format!("relay6[-1].option[{code}].text == relay6[0].option[{code}].hex")).expect("parses");
            let _ = e.evaluate(&p, &ClassSet::new());
        }
    }
}
