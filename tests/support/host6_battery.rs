//! The DHCPv6 half of the host backend conformance battery: every `6`
//! operation of `HostStore`, written once over `S: HostStore`, instantiated
//! per backend with one line:
//!
//! ```ignore
//! host6_store_battery!(memory, make_memory_store);
//! ```
//!
//! where `make_memory_store` is an `async fn() -> (S, G)` and `G` (a DB guard)
//! is kept alive for the test's duration.

#![allow(dead_code)]

use std::net::Ipv6Addr;

use ipnet::Ipv6Net;
use ruru::backends::host6::{Host6, HostOption6};
use ruru::backends::{HostAdd, HostStore};
use ruru::config::model::IdentifierType;

/// `2001:db8:<subnet>::<last>`.
pub fn addr(subnet: u32, last: u16) -> Ipv6Addr {
    Ipv6Addr::new(0x2001, 0xdb8, subnet as u16, 0, 0, 0, 0, last)
}

/// `2001:db8:<subnet>:<n>00::/56`.
pub fn prefix(subnet: u32, n: u16) -> Ipv6Net {
    Ipv6Net::new(
        Ipv6Addr::new(0x2001, 0xdb8, subnet as u16, n << 8, 0, 0, 0, 0),
        56,
    )
    .expect("prefix")
}

/// The DUID `00:03:00:01:02:00:00:00:00:<n>` (DUID-LL).
pub fn duid(n: u8) -> Vec<u8> {
    vec![0, 3, 0, 1, 2, 0, 0, 0, 0, n]
}

/// A host of `subnet` with DUID `n`, reserving address `::<last>`, prefix
/// `<last>00::/56`, a second address, a text option and a hex option.
pub fn host6(n: u8, last: u16, subnet: u32) -> Host6 {
    Host6 {
        host_id: 0,
        subnet_id: subnet,
        identifier_type: IdentifierType::Duid,
        identifier: duid(n),
        ip_addresses: vec![addr(subnet, last), addr(subnet, last + 0x1000)],
        prefixes: vec![prefix(subnet, last)],
        hostname: Some(format!("host6-{n}.example.org")),
        client_classes: vec!["gold".into()],
        user_context: Some(r#"{"comment":"rack 6"}"#.into()),
        options: vec![
            HostOption6 {
                code: 23,
                space: "dhcp6".into(),
                formatted_value: Some("2001:db8::53, 2001:db8::54".into()),
                value: Vec::new(),
                always_send: false,
            },
            HostOption6 {
                code: 24,
                space: "dhcp6".into(),
                formatted_value: None,
                value: vec![
                    7, b'e', b'x', b'a', b'm', b'p', b'l', b'e', 3, b'o', b'r', b'g', 0,
                ],
                always_send: true,
            },
        ],
    }
}

async fn add<S: HostStore>(s: &S, h: &Host6) -> Host6 {
    match s.add6(h).await.unwrap() {
        HostAdd::Added(id) => {
            assert!(id > 0, "host ids start at 1");
            Host6 {
                host_id: id,
                ..h.clone()
            }
        }
        other => panic!("add6 of {:?} refused: {other:?}", h.identifier),
    }
}

fn ids(hosts: &[Host6]) -> Vec<u64> {
    hosts.iter().map(|h| h.host_id).collect()
}

/// `add6` then `get6` returns the host with its addresses, prefixes and options.
pub async fn add6_then_get6_returns_the_host_complete<S: HostStore>(s: S) {
    let h = add(&s, &host6(1, 0x10, 1)).await;
    let got = s.get6(1, IdentifierType::Duid, &duid(1)).await.unwrap();
    assert_eq!(got, Some(h.clone()));
    let r = h.to_reservation().expect("options encode");
    assert_eq!(r.ip_addresses, h.ip_addresses);
    assert_eq!(r.prefixes, h.prefixes);
    let mut dns = Vec::new();
    dns.extend("2001:db8::53".parse::<Ipv6Addr>().unwrap().octets());
    dns.extend("2001:db8::54".parse::<Ipv6Addr>().unwrap().octets());
    assert_eq!(r.options[0].data, dns);
    assert!(r.options[1].always_send);
}

/// A host with only an identifier and a hostname round-trips.
pub async fn a_bare_host6_round_trips<S: HostStore>(s: S) {
    let mut h = Host6::new(5, IdentifierType::HwAddress, vec![2, 0, 0, 0, 0, 9]);
    h.hostname = Some("bare".into());
    let h = add(&s, &h).await;
    let got = s
        .get6(5, IdentifierType::HwAddress, &[2, 0, 0, 0, 0, 9])
        .await
        .unwrap();
    assert_eq!(got, Some(h));
}

/// DHCPv4 and DHCPv6 hosts never see each other, even with one identifier
/// and subnet id.
pub async fn v4_and_v6_hosts_are_separate<S: HostStore>(s: S) {
    let h = add(&s, &host6(1, 0x10, 1)).await;
    let mut v4 = crate::support::host_battery::bare(IdentifierType::Duid, &duid(1), 1);
    v4.hostname = Some("v4".into());
    assert!(matches!(s.add4(&v4).await.unwrap(), HostAdd::Added(_)));
    assert_eq!(
        s.get6(1, IdentifierType::Duid, &duid(1)).await.unwrap(),
        Some(h.clone())
    );
    assert_eq!(s.get_all6(1).await.unwrap(), vec![h]);
    assert_eq!(s.get_all4(1).await.unwrap().len(), 1);
    assert_eq!(
        s.get4_by_identifier(IdentifierType::Duid, &duid(1))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(s
        .del6_by_identifier(1, IdentifierType::Duid, &duid(1))
        .await
        .unwrap());
    assert!(s
        .get4(1, IdentifierType::Duid, &duid(1))
        .await
        .unwrap()
        .is_some());
}

/// Identifier type and subnet are part of the key.
pub async fn identifier_type_and_subnet_are_part_of_the_v6_key<S: HostStore>(s: S) {
    add(&s, &host6(1, 0x10, 1)).await;
    assert_eq!(
        s.get6(1, IdentifierType::HwAddress, &duid(1))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        s.get6(2, IdentifierType::Duid, &duid(1)).await.unwrap(),
        None
    );
}

/// A second host with the same identifier in one subnet is refused; in
/// another subnet it is accepted.
pub async fn same_identifier_twice_in_a_subnet_is_a_v6_duplicate<S: HostStore>(s: S) {
    let first = add(&s, &host6(1, 0x10, 1)).await;
    assert_eq!(
        s.add6(&host6(1, 0x20, 1)).await.unwrap(),
        HostAdd::DuplicateIdentifier
    );
    assert_eq!(
        s.get6(1, IdentifierType::Duid, &duid(1)).await.unwrap(),
        Some(first)
    );
    add(&s, &host6(1, 0x20, 2)).await;
}

/// A second host reserving the same address, or the same prefix, in one
/// subnet is refused and nothing of it is stored.
pub async fn same_address_or_prefix_twice_in_a_subnet_is_a_duplicate<S: HostStore>(s: S) {
    add(&s, &host6(1, 0x10, 1)).await;
    let mut same_addr = Host6::new(1, IdentifierType::Duid, duid(2));
    same_addr.ip_addresses = vec![addr(1, 0x99), addr(1, 0x10)];
    assert_eq!(s.add6(&same_addr).await.unwrap(), HostAdd::DuplicateAddress);
    let mut same_prefix = Host6::new(1, IdentifierType::Duid, duid(3));
    same_prefix.prefixes = vec![prefix(1, 0x10)];
    assert_eq!(
        s.add6(&same_prefix).await.unwrap(),
        HostAdd::DuplicateAddress
    );
    assert_eq!(
        s.get6(1, IdentifierType::Duid, &duid(2)).await.unwrap(),
        None
    );
    assert!(s
        .get6_by_address(1, addr(1, 0x99))
        .await
        .unwrap()
        .is_empty());
    same_addr.subnet_id = 2;
    add(&s, &same_addr).await;
}

/// `get6_by_address` finds the host reserving an address, or a prefix by its
/// first address, in its subnet only.
pub async fn by_address_finds_the_host_reserving_an_address_or_prefix<S: HostStore>(s: S) {
    let h = add(&s, &host6(1, 0x10, 1)).await;
    add(&s, &host6(2, 0x20, 1)).await;
    assert_eq!(
        s.get6_by_address(1, addr(1, 0x10)).await.unwrap(),
        vec![h.clone()]
    );
    assert_eq!(
        s.get6_by_address(1, addr(1, 0x1010)).await.unwrap(),
        vec![h.clone()]
    );
    assert_eq!(
        s.get6_by_address(1, prefix(1, 0x10).network())
            .await
            .unwrap(),
        vec![h]
    );
    assert!(s
        .get6_by_address(2, addr(1, 0x10))
        .await
        .unwrap()
        .is_empty());
    assert!(s
        .get6_by_address(1, addr(1, 0x99))
        .await
        .unwrap()
        .is_empty());
}

/// Global DHCPv6 reservations are stored under subnet 0.
pub async fn global_v6_hosts_live_in_subnet_zero<S: HostStore>(s: S) {
    let g = add(&s, &host6(1, 0x10, 0)).await;
    assert_eq!(
        s.get6(0, IdentifierType::Duid, &duid(1)).await.unwrap(),
        Some(g.clone())
    );
    assert_eq!(
        s.get6(1, IdentifierType::Duid, &duid(1)).await.unwrap(),
        None
    );
    assert_eq!(s.get_all6(0).await.unwrap(), vec![g]);
}

/// `get_all6` lists one subnet's hosts by host id; pages walk it once.
pub async fn all6_and_pages6_walk_a_subnet_by_host_id<S: HostStore>(s: S) {
    let mut added = Vec::new();
    for n in 1..=7u8 {
        added.push(add(&s, &host6(n, u16::from(n) * 0x10, 1)).await);
        add(&s, &host6(n, u16::from(n) * 0x10, 2)).await;
    }
    assert_eq!(s.get_all6(1).await.unwrap(), added);
    let mut seen = Vec::new();
    let mut from = 0;
    loop {
        let page = s.get_page6(1, from, 3).await.unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        from = last.host_id;
        seen.extend(page);
    }
    assert_eq!(seen, added);
    assert!(s.get_all6(9).await.unwrap().is_empty());
}

/// `get6_by_identifier` finds the client's DHCPv6 hosts in every subnet.
pub async fn by_identifier6_finds_the_host_in_every_subnet<S: HostStore>(s: S) {
    let a = add(&s, &host6(1, 0x10, 1)).await;
    let b = add(&s, &host6(1, 0x10, 2)).await;
    add(&s, &host6(2, 0x20, 1)).await;
    let got = s
        .get6_by_identifier(IdentifierType::Duid, &duid(1))
        .await
        .unwrap();
    assert_eq!(ids(&got), ids(&[a, b]));
}

/// `get6_any` answers a client's DHCPv6 hosts by all of its identifiers in
/// all of the query's subnets at once, complete with reservations and
/// options, and nothing of other clients, other subnets or DHCPv4.
pub async fn any6_finds_the_clients_hosts_by_every_identifier_in_the_subnets<S: HostStore>(s: S) {
    let a = add(&s, &host6(1, 0x10, 1)).await;
    let mut by_mac = host6(9, 0x11, 2);
    by_mac.identifier_type = IdentifierType::HwAddress;
    by_mac.identifier = vec![2, 0, 0, 0, 0, 9];
    let by_mac = add(&s, &by_mac).await;
    add(&s, &host6(1, 0x12, 3)).await; // another subnet
    add(&s, &host6(2, 0x20, 1)).await; // another client
    let client = [
        (IdentifierType::Duid, duid(1)),
        (IdentifierType::HwAddress, vec![2, 0, 0, 0, 0, 9]),
    ];
    let client: Vec<(IdentifierType, &[u8])> =
        client.iter().map(|(t, i)| (*t, i.as_slice())).collect();
    let mut got = s.get6_any(&[1, 2], &client).await.unwrap();
    got.sort_by_key(|h| h.host_id);
    assert_eq!(got, vec![a, by_mac]);
    assert!(s.get6_any(&[4], &client).await.unwrap().is_empty());
    assert!(s.get4_any(&[1, 2], &client).await.unwrap().is_empty());
}

/// DHCPv6 hostname lookups ignore case, can be limited to a subnet, and
/// never return DHCPv4 hosts.
pub async fn by_hostname6_ignores_case_and_filters_by_subnet<S: HostStore>(s: S) {
    let a = add(&s, &host6(1, 0x10, 1)).await;
    let b = add(&s, &host6(1, 0x10, 2)).await;
    let mut v4 = crate::support::host_battery::bare(IdentifierType::Duid, &duid(1), 1);
    v4.hostname = Some("host6-1.example.org".into());
    assert!(matches!(s.add4(&v4).await.unwrap(), HostAdd::Added(_)));
    let got = s
        .get6_by_hostname("HOST6-1.Example.ORG", None)
        .await
        .unwrap();
    assert_eq!(ids(&got), ids(&[a, b.clone()]));
    let got = s
        .get6_by_hostname("host6-1.example.org", Some(2))
        .await
        .unwrap();
    assert_eq!(got, vec![b]);
    assert!(s.get6_by_hostname("nobody", None).await.unwrap().is_empty());
}

/// Deleting by identifier removes the host with its reservations and options.
pub async fn delete6_by_identifier_removes_the_host_once<S: HostStore>(s: S) {
    add(&s, &host6(1, 0x10, 1)).await;
    let other = add(&s, &host6(2, 0x20, 1)).await;
    assert!(s
        .del6_by_identifier(1, IdentifierType::Duid, &duid(1))
        .await
        .unwrap());
    assert!(!s
        .del6_by_identifier(1, IdentifierType::Duid, &duid(1))
        .await
        .unwrap());
    assert_eq!(
        s.get6(1, IdentifierType::Duid, &duid(1)).await.unwrap(),
        None
    );
    assert!(s
        .get6_by_address(1, addr(1, 0x10))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(s.get_all6(1).await.unwrap(), vec![other]);
    // Its address and prefix are free again; options start afresh.
    let mut again = host6(1, 0x10, 1);
    again.options.truncate(1);
    let again = add(&s, &again).await;
    assert_eq!(
        s.get6(1, IdentifierType::Duid, &duid(1)).await.unwrap(),
        Some(again)
    );
}

/// Deleting by address (or prefix) removes that subnet's reserving host once.
pub async fn delete6_by_address_removes_the_host_once<S: HostStore>(s: S) {
    add(&s, &host6(1, 0x10, 1)).await;
    add(&s, &host6(2, 0x20, 1)).await;
    let kept = add(&s, &host6(1, 0x10, 2)).await;
    assert!(s.del6_by_address(1, addr(1, 0x10)).await.unwrap());
    assert!(!s.del6_by_address(1, addr(1, 0x10)).await.unwrap());
    assert!(s
        .del6_by_address(1, prefix(1, 0x20).network())
        .await
        .unwrap());
    assert!(s.get_all6(1).await.unwrap().is_empty());
    assert_eq!(
        s.get6_by_address(2, addr(2, 0x10)).await.unwrap(),
        vec![kept]
    );
}

/// Expands to one `#[tokio::test]` per DHCPv6 battery case for a factory.
macro_rules! host6_store_battery {
    ($name:ident, $factory:path) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::support::lease_battery::battery_cases_in!(
                $crate::support::host6_battery, $factory;
                add6_then_get6_returns_the_host_complete,
                a_bare_host6_round_trips,
                v4_and_v6_hosts_are_separate,
                identifier_type_and_subnet_are_part_of_the_v6_key,
                same_identifier_twice_in_a_subnet_is_a_v6_duplicate,
                same_address_or_prefix_twice_in_a_subnet_is_a_duplicate,
                by_address_finds_the_host_reserving_an_address_or_prefix,
                global_v6_hosts_live_in_subnet_zero,
                all6_and_pages6_walk_a_subnet_by_host_id,
                by_identifier6_finds_the_host_in_every_subnet,
                any6_finds_the_clients_hosts_by_every_identifier_in_the_subnets,
                by_hostname6_ignores_case_and_filters_by_subnet,
                delete6_by_identifier_removes_the_host_once,
                delete6_by_address_removes_the_host_once
            );
        }
    };
}

pub(crate) use host6_store_battery;
