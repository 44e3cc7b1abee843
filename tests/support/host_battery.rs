//! The host backend conformance battery: every `HostStore` behaviour, written
//! once over `S: HostStore`, instantiated per backend with one line:
//!
//! ```ignore
//! host_store_battery!(memory, make_memory_store);
//! ```
//!
//! where `make_memory_store` is an `async fn() -> (S, G)` and `G` (a DB guard)
//! is kept alive for the test's duration. Each case becomes a `#[tokio::test]`.

#![allow(dead_code)]

use std::net::Ipv4Addr;

use ruru::backends::host::{Host4, HostOption};
use ruru::backends::{HostAdd, HostStore};
use ruru::config::model::IdentifierType;

/// A host in `subnet` identified by MAC `02:00:00:00:00:<mac>`, reserving
/// `192.0.2.<last>`, with a text option and a hex option.
pub fn host(mac: u8, last: u8, subnet: u32) -> Host4 {
    Host4 {
        host_id: 0,
        subnet_id: subnet,
        identifier_type: IdentifierType::HwAddress,
        identifier: vec![2, 0, 0, 0, 0, mac],
        ip_address: Some(Ipv4Addr::new(192, 0, 2, last)),
        hostname: Some(format!("host-{mac}.example.org")),
        client_classes: vec!["gold".into(), "silver".into()],
        next_server: Some(Ipv4Addr::new(192, 0, 2, 254)),
        server_hostname: Some("boot.example.org".into()),
        boot_file_name: Some("/pxe/boot.efi".into()),
        user_context: Some(r#"{"comment":"rack 4"}"#.into()),
        options: vec![
            HostOption {
                code: 6,
                space: "dhcp4".into(),
                formatted_value: Some("10.0.0.53, 10.0.0.54".into()),
                value: Vec::new(),
                always_send: false,
            },
            HostOption {
                code: 15,
                space: "dhcp4".into(),
                formatted_value: None,
                value: b"example.org".to_vec(),
                always_send: true,
            },
        ],
    }
}

/// The host with only an identifier (no address, names, options).
pub fn bare(kind: IdentifierType, identifier: &[u8], subnet: u32) -> Host4 {
    Host4 {
        host_id: 0,
        subnet_id: subnet,
        identifier_type: kind,
        identifier: identifier.to_vec(),
        ip_address: None,
        hostname: None,
        client_classes: Vec::new(),
        next_server: None,
        server_hostname: None,
        boot_file_name: None,
        user_context: None,
        options: Vec::new(),
    }
}

async fn add<S: HostStore>(s: &S, h: &Host4) -> Host4 {
    match s.add4(h).await.unwrap() {
        HostAdd::Added(id) => {
            assert!(id > 0, "host ids start at 1");
            Host4 {
                host_id: id,
                ..h.clone()
            }
        }
        other => panic!("add of {:?} refused: {other:?}", h.identifier),
    }
}

fn ids(hosts: &[Host4]) -> Vec<u64> {
    hosts.iter().map(|h| h.host_id).collect()
}

fn mac(m: u8) -> Vec<u8> {
    vec![2, 0, 0, 0, 0, m]
}

/// `add4` then `get4` by identifier returns the host with every field and option.
pub async fn add_then_get_returns_the_host_with_its_options<S: HostStore>(s: S) {
    let h = add(&s, &host(1, 10, 1)).await;
    let got = s.get4(1, IdentifierType::HwAddress, &mac(1)).await.unwrap();
    assert_eq!(got, Some(h.clone()));
    let r = h.to_reservation().expect("options encode");
    assert_eq!(r.options[0].data, vec![10, 0, 0, 53, 10, 0, 0, 54]);
    assert_eq!(r.options[1].data, b"example.org".to_vec());
    assert!(r.options[1].always_send);
}

/// A host with nothing but an identifier round-trips with every field absent.
pub async fn a_bare_host_round_trips<S: HostStore>(s: S) {
    let h = add(&s, &bare(IdentifierType::ClientId, &[1, 2, 3], 5)).await;
    let got = s
        .get4(5, IdentifierType::ClientId, &[1, 2, 3])
        .await
        .unwrap();
    assert_eq!(got, Some(h));
}

/// Each identifier type is its own key: the same bytes under another type, or
/// in another subnet, find nothing.
pub async fn identifier_type_and_subnet_are_part_of_the_key<S: HostStore>(s: S) {
    let kinds = [
        IdentifierType::HwAddress,
        IdentifierType::Duid,
        IdentifierType::CircuitId,
        IdentifierType::ClientId,
        IdentifierType::FlexId,
    ];
    let h = add(&s, &bare(IdentifierType::CircuitId, b"port-7", 1)).await;
    for k in kinds {
        let got = s.get4(1, k, b"port-7").await.unwrap();
        if k == IdentifierType::CircuitId {
            assert_eq!(got, Some(h.clone()));
        } else {
            assert_eq!(got, None, "{k:?}");
        }
    }
    assert_eq!(
        s.get4(2, IdentifierType::CircuitId, b"port-7")
            .await
            .unwrap(),
        None
    );
    for (i, k) in kinds.into_iter().enumerate() {
        let mut other = bare(k, b"port-7", 3);
        other.hostname = Some(format!("k{i}"));
        let stored = add(&s, &other).await;
        assert_eq!(s.get4(3, k, b"port-7").await.unwrap(), Some(stored));
    }
}

/// A second host with the same identifier in one subnet is refused, and the
/// first stays; in another subnet it is accepted.
pub async fn same_identifier_twice_in_a_subnet_is_a_duplicate<S: HostStore>(s: S) {
    let first = add(&s, &host(1, 10, 1)).await;
    let again = host(1, 11, 1);
    assert_eq!(s.add4(&again).await.unwrap(), HostAdd::DuplicateIdentifier);
    assert_eq!(
        s.get4(1, IdentifierType::HwAddress, &mac(1)).await.unwrap(),
        Some(first)
    );
    add(&s, &host(1, 10, 2)).await;
}

/// A second host reserving the same address in one subnet is refused.
pub async fn same_address_twice_in_a_subnet_is_a_duplicate<S: HostStore>(s: S) {
    add(&s, &host(1, 10, 1)).await;
    assert_eq!(
        s.add4(&host(2, 10, 1)).await.unwrap(),
        HostAdd::DuplicateAddress
    );
    assert_eq!(
        s.get4(1, IdentifierType::HwAddress, &mac(2)).await.unwrap(),
        None
    );
    add(&s, &host(2, 10, 2)).await;
}

/// `get4_by_address` finds the host reserving an address in its subnet only.
pub async fn by_address_finds_the_reserving_host_in_its_subnet<S: HostStore>(s: S) {
    let h = add(&s, &host(1, 10, 1)).await;
    add(&s, &host(2, 11, 1)).await;
    let a = Ipv4Addr::new(192, 0, 2, 10);
    assert_eq!(s.get4_by_address(1, a).await.unwrap(), vec![h]);
    assert!(s.get4_by_address(2, a).await.unwrap().is_empty());
    assert!(s
        .get4_by_address(1, Ipv4Addr::new(192, 0, 2, 99))
        .await
        .unwrap()
        .is_empty());
}

/// Global reservations are stored under subnet 0.
pub async fn global_hosts_live_in_subnet_zero<S: HostStore>(s: S) {
    let g = add(&s, &host(1, 10, 0)).await;
    assert_eq!(
        s.get4(0, IdentifierType::HwAddress, &mac(1)).await.unwrap(),
        Some(g.clone())
    );
    assert_eq!(
        s.get4(1, IdentifierType::HwAddress, &mac(1)).await.unwrap(),
        None
    );
    assert_eq!(s.get_all4(0).await.unwrap(), vec![g]);
}

/// `get_all4` lists one subnet's hosts by host id.
pub async fn all_lists_one_subnet_by_host_id<S: HostStore>(s: S) {
    let a = add(&s, &host(1, 10, 1)).await;
    add(&s, &host(2, 11, 2)).await;
    let b = add(&s, &host(3, 12, 1)).await;
    let all = s.get_all4(1).await.unwrap();
    assert_eq!(all, vec![a, b]);
    assert!(s.get_all4(9).await.unwrap().is_empty());
}

/// Pages of `limit` hosts after a host id walk a subnet completely, once.
pub async fn pages_walk_a_subnet_by_host_id<S: HostStore>(s: S) {
    let mut added = Vec::new();
    for m in 1..=7u8 {
        added.push(add(&s, &host(m, 10 + m, 1)).await);
        add(&s, &host(m, 10 + m, 2)).await;
    }
    let mut seen = Vec::new();
    let mut from = 0;
    loop {
        let page = s.get_page4(1, from, 3).await.unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        from = last.host_id;
        seen.extend(page);
    }
    assert_eq!(seen, added);
    assert!(s.get_page4(1, from, 3).await.unwrap().is_empty());
}

/// `get4_by_identifier` finds the client's hosts in every subnet.
pub async fn by_identifier_finds_the_host_in_every_subnet<S: HostStore>(s: S) {
    let a = add(&s, &host(1, 10, 1)).await;
    let b = add(&s, &host(1, 10, 2)).await;
    add(&s, &host(2, 11, 1)).await;
    let got = s
        .get4_by_identifier(IdentifierType::HwAddress, &mac(1))
        .await
        .unwrap();
    assert_eq!(ids(&got), ids(&[a, b]));
}

/// `get4_any` answers a client's hosts by all of its identifiers in all of
/// the query's subnets at once, complete, and nothing of other clients,
/// other subnets or the other family.
pub async fn any_finds_the_clients_hosts_by_every_identifier_in_the_subnets<S: HostStore>(s: S) {
    let by_mac = add(&s, &host(1, 10, 1)).await;
    let cid = [1, 2, 0, 0, 0, 0, 1];
    let by_cid = add(&s, &bare(IdentifierType::ClientId, &cid, 2)).await;
    let global = add(&s, &bare(IdentifierType::HwAddress, &mac(1), 0)).await;
    add(&s, &host(1, 10, 3)).await; // another subnet
    add(&s, &host(2, 11, 1)).await; // another client
    let hw = mac(1);
    let client = [
        (IdentifierType::HwAddress, hw.as_slice()),
        (IdentifierType::ClientId, cid.as_slice()),
    ];
    let mut got = s.get4_any(&[1, 2, 0], &client).await.unwrap();
    got.sort_by_key(|h| h.host_id);
    assert_eq!(got, vec![by_mac, by_cid, global]);
    assert!(s.get4_any(&[4], &client).await.unwrap().is_empty());
    assert!(s.get4_any(&[1], &[]).await.unwrap().is_empty());
    assert!(s.get6_any(&[1, 2, 0], &client).await.unwrap().is_empty());
}

/// Hostname lookups ignore case and can be limited to a subnet.
pub async fn by_hostname_ignores_case_and_filters_by_subnet<S: HostStore>(s: S) {
    let a = add(&s, &host(1, 10, 1)).await;
    let b = add(&s, &host(1, 10, 2)).await;
    let got = s
        .get4_by_hostname("HOST-1.Example.ORG", None)
        .await
        .unwrap();
    assert_eq!(ids(&got), ids(&[a, b.clone()]));
    let got = s
        .get4_by_hostname("host-1.example.org", Some(2))
        .await
        .unwrap();
    assert_eq!(got, vec![b]);
    assert!(s.get4_by_hostname("nobody", None).await.unwrap().is_empty());
}

/// Deleting by identifier removes the host (and its options) once.
pub async fn delete_by_identifier_removes_the_host_once<S: HostStore>(s: S) {
    add(&s, &host(1, 10, 1)).await;
    let other = add(&s, &host(2, 11, 1)).await;
    assert!(s
        .del4_by_identifier(1, IdentifierType::HwAddress, &mac(1))
        .await
        .unwrap());
    assert!(!s
        .del4_by_identifier(1, IdentifierType::HwAddress, &mac(1))
        .await
        .unwrap());
    assert_eq!(
        s.get4(1, IdentifierType::HwAddress, &mac(1)).await.unwrap(),
        None
    );
    assert_eq!(s.get_all4(1).await.unwrap(), vec![other]);
    // The identifier and address are free again, options start afresh.
    let mut again = host(1, 10, 1);
    again.options.truncate(1);
    let again = add(&s, &again).await;
    assert_eq!(
        s.get4(1, IdentifierType::HwAddress, &mac(1)).await.unwrap(),
        Some(again)
    );
}

/// Deleting by address removes the reserving host of that subnet once.
pub async fn delete_by_address_removes_the_host_once<S: HostStore>(s: S) {
    add(&s, &host(1, 10, 1)).await;
    let kept = add(&s, &host(1, 10, 2)).await;
    let a = Ipv4Addr::new(192, 0, 2, 10);
    assert!(s.del4_by_address(1, a).await.unwrap());
    assert!(!s.del4_by_address(1, a).await.unwrap());
    assert!(s.get4_by_address(1, a).await.unwrap().is_empty());
    assert_eq!(s.get4_by_address(2, a).await.unwrap(), vec![kept]);
}

/// Expands to one `#[tokio::test]` per battery case for a factory.
macro_rules! host_store_battery {
    ($name:ident, $factory:path) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::support::lease_battery::battery_cases_in!(
                $crate::support::host_battery, $factory;
                add_then_get_returns_the_host_with_its_options,
                a_bare_host_round_trips,
                identifier_type_and_subnet_are_part_of_the_key,
                same_identifier_twice_in_a_subnet_is_a_duplicate,
                same_address_twice_in_a_subnet_is_a_duplicate,
                by_address_finds_the_reserving_host_in_its_subnet,
                global_hosts_live_in_subnet_zero,
                all_lists_one_subnet_by_host_id,
                pages_walk_a_subnet_by_host_id,
                by_identifier_finds_the_host_in_every_subnet,
                any_finds_the_clients_hosts_by_every_identifier_in_the_subnets,
                by_hostname_ignores_case_and_filters_by_subnet,
                delete_by_identifier_removes_the_host_once,
                delete_by_address_removes_the_host_once
            );
        }
    };
}

pub(crate) use host_store_battery;
