//! The lease backend conformance battery: every `LeaseStore` behaviour, written once
//! over `S: LeaseStore`, instantiated per backend with one line:
//!
//! ```ignore
//! lease_store_battery!(memfile, make_memfile_store);
//! ```
//!
//! where `make_memfile_store` is an `async fn() -> (S, G)` and `G` (a temp dir, a DB
//! guard) is kept alive for the test's duration. Each case becomes a `#[tokio::test]`.

#![allow(dead_code)]

use std::net::Ipv4Addr;
use std::sync::{Arc, Barrier};

use ruru::backends::lease::{Lease4, LeaseState, INFINITE_LIFETIME};
use ruru::backends::LeaseStore;

/// Client last transaction time used by the battery's leases.
pub const CLTT: i64 = 1_700_000_000;

/// A lease for `192.0.2.<last>` held by MAC `02:00:00:00:00:<mac>` in `subnet`.
pub fn lease(last: u8, mac: u8, subnet: u32) -> Lease4 {
    Lease4 {
        address: Ipv4Addr::new(192, 0, 2, last),
        hwaddr: vec![2, 0, 0, 0, 0, mac],
        client_id: Some(vec![1, 2, 0, 0, 0, 0, mac]),
        valid_lifetime: 3600,
        cltt: CLTT,
        subnet_id: subnet,
        fqdn_fwd: false,
        fqdn_rev: false,
        hostname: String::new(),
        state: LeaseState::Default,
        user_context: None,
    }
}

fn addr(last: u8) -> Ipv4Addr {
    Ipv4Addr::new(192, 0, 2, last)
}

fn addrs(leases: &[Lease4]) -> Vec<Ipv4Addr> {
    leases.iter().map(|l| l.address).collect()
}

async fn add_all<S: LeaseStore>(s: &S, leases: &[Lease4]) {
    for l in leases {
        assert!(s.add4(l).await.unwrap(), "add {}", l.address);
    }
}

/// `add4` then `get4` returns exactly the lease that was added.
pub async fn add_then_get_returns_the_same_lease<S: LeaseStore>(s: S) {
    let l = lease(10, 1, 1);
    assert!(s.add4(&l).await.unwrap());
    assert_eq!(s.get4(l.address).await.unwrap(), Some(l));
}

/// `get4` of an address without a lease is `None`.
pub async fn get_of_an_unknown_address_is_none<S: LeaseStore>(s: S) {
    assert_eq!(s.get4(addr(99)).await.unwrap(), None);
}

/// Adding a lease for an address that has one returns `Ok(false)` and keeps the first.
pub async fn add_of_a_taken_address_returns_false_and_keeps_the_first<S: LeaseStore>(s: S) {
    let first = lease(10, 1, 1);
    let second = lease(10, 2, 1);
    assert!(s.add4(&first).await.unwrap());
    assert!(!s.add4(&second).await.unwrap());
    assert_eq!(s.get4(first.address).await.unwrap(), Some(first));
}

/// Hostnames with commas and ampersands and a user context survive storage.
pub async fn hostname_and_user_context_are_stored_verbatim<S: LeaseStore>(s: S) {
    let mut l = lease(11, 1, 1);
    l.hostname = "host,with,commas&amp;.example.org".into();
    l.fqdn_fwd = true;
    l.fqdn_rev = true;
    l.user_context = serde_json::from_str(r#"{"a":{"b":[1,2,"x,y&z"]}}"#).unwrap();
    assert!(s.add4(&l).await.unwrap());
    assert_eq!(s.get4(l.address).await.unwrap(), Some(l));
}

/// A declined lease needs neither hardware address nor client id.
pub async fn declined_lease_without_identifiers_is_stored<S: LeaseStore>(s: S) {
    let mut l = lease(12, 1, 1);
    l.hwaddr.clear();
    l.client_id = None;
    l.state = LeaseState::Declined;
    assert!(s.add4(&l).await.unwrap());
    assert_eq!(s.get4(l.address).await.unwrap(), Some(l));
}

/// A lease with an infinite lifetime is stored and never expires.
pub async fn infinite_lease_is_stored_and_never_expires<S: LeaseStore>(s: S) {
    let mut l = lease(13, 1, 1);
    l.valid_lifetime = INFINITE_LIFETIME;
    assert!(s.add4(&l).await.unwrap());
    assert_eq!(s.get4(l.address).await.unwrap(), Some(l));
    assert!(s
        .expired4(i64::from(u32::MAX) * 4, 0)
        .await
        .unwrap()
        .is_empty());
}

/// `update4` overwrites the stored lease.
pub async fn update_overwrites_an_existing_lease<S: LeaseStore>(s: S) {
    let l = lease(10, 1, 1);
    s.add4(&l).await.unwrap();
    let mut renewed = l.clone();
    renewed.cltt += 100;
    renewed.hostname = "renewed".into();
    assert!(s.update4(&renewed).await.unwrap());
    assert_eq!(s.get4(l.address).await.unwrap(), Some(renewed));
}

/// `update4` of an address without a lease returns `Ok(false)` and adds nothing.
pub async fn update_of_a_missing_lease_returns_false<S: LeaseStore>(s: S) {
    let l = lease(10, 1, 1);
    assert!(!s.update4(&l).await.unwrap());
    assert_eq!(s.get4(l.address).await.unwrap(), None);
}

/// `replace4` swaps the lease when the stored one still equals `old`.
pub async fn replace_succeeds_when_the_stored_lease_is_unchanged<S: LeaseStore>(s: S) {
    let old = lease(10, 1, 1);
    s.add4(&old).await.unwrap();
    let new = lease(10, 2, 1);
    assert!(s.replace4(&old, &new).await.unwrap());
    assert_eq!(s.get4(old.address).await.unwrap(), Some(new));
}

/// `replace4` refuses when the stored lease changed since `old` was read.
pub async fn replace_fails_when_the_stored_lease_changed<S: LeaseStore>(s: S) {
    let old = lease(10, 1, 1);
    s.add4(&old).await.unwrap();
    let mut other = old.clone();
    other.cltt += 5;
    s.update4(&other).await.unwrap();
    let new = lease(10, 2, 1);
    assert!(!s.replace4(&old, &new).await.unwrap());
    assert_eq!(s.get4(old.address).await.unwrap(), Some(other));
}

/// `replace4` of an address without a lease returns `Ok(false)`.
pub async fn replace_of_a_missing_lease_returns_false<S: LeaseStore>(s: S) {
    let old = lease(10, 1, 1);
    assert!(!s.replace4(&old, &lease(10, 2, 1)).await.unwrap());
    assert_eq!(s.get4(old.address).await.unwrap(), None);
}

/// Two takeovers of the same lease: exactly one `replace4` wins.
pub async fn only_one_of_two_replaces_from_the_same_old_lease_wins<S: LeaseStore>(s: S) {
    let old = lease(10, 1, 1);
    s.add4(&old).await.unwrap();
    let a = lease(10, 2, 1);
    let b = lease(10, 3, 1);
    let ra = s.replace4(&old, &a).await.unwrap();
    let rb = s.replace4(&old, &b).await.unwrap();
    assert!(ra && !rb);
    assert_eq!(s.get4(old.address).await.unwrap(), Some(a));
}

/// `delete4` removes the lease; a second delete returns `Ok(false)`.
pub async fn delete_removes_the_lease_once<S: LeaseStore>(s: S) {
    let l = lease(10, 1, 1);
    s.add4(&l).await.unwrap();
    assert!(s.delete4(l.address).await.unwrap());
    assert_eq!(s.get4(l.address).await.unwrap(), None);
    assert!(!s.delete4(l.address).await.unwrap());
    assert!(s.add4(&l).await.unwrap(), "address is free again");
}

/// `get4_by_hwaddr` finds every lease of a MAC, ordered by address, filtered by subnet.
pub async fn by_hwaddr_finds_all_leases_of_a_client_and_filters_by_subnet<S: LeaseStore>(s: S) {
    add_all(&s, &[lease(30, 7, 2), lease(20, 7, 1), lease(21, 8, 1)]).await;
    let mac = [2, 0, 0, 0, 0, 7];
    let all = s.get4_by_hwaddr(&mac, None).await.unwrap();
    assert_eq!(addrs(&all), vec![addr(20), addr(30)]);
    let in2 = s.get4_by_hwaddr(&mac, Some(2)).await.unwrap();
    assert_eq!(addrs(&in2), vec![addr(30)]);
    assert!(s.get4_by_hwaddr(&mac, Some(3)).await.unwrap().is_empty());
    assert!(s.get4_by_hwaddr(&[9, 9, 9], None).await.unwrap().is_empty());
}

/// `get4_by_client_id` finds every lease of a client id, filtered by subnet.
pub async fn by_client_id_finds_all_leases_of_a_client_and_filters_by_subnet<S: LeaseStore>(s: S) {
    let mut no_cid = lease(22, 7, 1);
    no_cid.client_id = None;
    add_all(&s, &[lease(30, 7, 2), lease(20, 7, 1), no_cid]).await;
    let cid = [1, 2, 0, 0, 0, 0, 7];
    let all = s.get4_by_client_id(&cid, None).await.unwrap();
    assert_eq!(addrs(&all), vec![addr(20), addr(30)]);
    let in1 = s.get4_by_client_id(&cid, Some(1)).await.unwrap();
    assert_eq!(addrs(&in1), vec![addr(20)]);
}

/// `get4_matching` returns, once each and in address order, the lease on the
/// address and the leases in the subnets held under the client id or the MAC;
/// an absent or empty part matches nothing.
pub async fn matching_finds_the_address_and_the_clients_leases_in_one_go<S: LeaseStore>(s: S) {
    use ruru::backends::LeaseQuery4;
    let mut mac_only = lease(23, 7, 1);
    mac_only.client_id = None;
    add_all(
        &s,
        &[
            lease(30, 7, 2),
            lease(20, 7, 1),
            lease(21, 8, 1),
            mac_only,
            lease(40, 9, 3),
        ],
    )
    .await;
    let cid = [1, 2, 0, 0, 0, 0, 7];
    let mac = [2, 0, 0, 0, 0, 7];
    let q = |address, subnets, client_id, hwaddr| LeaseQuery4 {
        address,
        subnets,
        client_id,
        hwaddr,
    };
    // Client id and MAC in subnet 1, plus another client's address: each once.
    let got = s
        .get4_matching(&q(Some(addr(21)), &[1], Some(&cid[..]), Some(&mac[..])))
        .await
        .unwrap();
    assert_eq!(addrs(&got), vec![addr(20), addr(21), addr(23)]);
    // The address already among the client's: not twice.
    let got = s
        .get4_matching(&q(Some(addr(20)), &[1, 2], Some(&cid[..]), None))
        .await
        .unwrap();
    assert_eq!(addrs(&got), vec![addr(20), addr(30)]);
    // Nothing but the address; an unknown address alone finds nothing.
    let got = s
        .get4_matching(&q(Some(addr(40)), &[1], None, None))
        .await
        .unwrap();
    assert_eq!(addrs(&got), vec![addr(40)]);
    assert!(s
        .get4_matching(&q(Some(addr(99)), &[1, 2], None, Some(&[][..])))
        .await
        .unwrap()
        .is_empty());
    // Subnets restrict the client part, not the address part.
    let got = s
        .get4_matching(&q(Some(addr(40)), &[2], None, Some(&mac[..])))
        .await
        .unwrap();
    assert_eq!(addrs(&got), vec![addr(30), addr(40)]);
}

/// The same lookups issued together (SQL backends answer them in one
/// statement) each get exactly their own answer.
pub async fn concurrent_matching_lookups_each_get_their_own_answer<S: LeaseStore>(s: S) {
    use ruru::backends::LeaseQuery4;
    let mut mac_only = lease(23, 7, 1);
    mac_only.client_id = None;
    add_all(
        &s,
        &[
            lease(30, 7, 2),
            lease(20, 7, 1),
            lease(21, 8, 1),
            mac_only,
            lease(40, 9, 3),
        ],
    )
    .await;
    let store = Arc::new(s);
    let cid = vec![1, 2, 0, 0, 0, 0, 7];
    let mac = vec![2, 0, 0, 0, 0, 7];
    type Case = (
        Option<u8>,
        Vec<u32>,
        Option<Vec<u8>>,
        Option<Vec<u8>>,
        Vec<u8>,
    );
    let cases: Vec<Case> = vec![
        (
            Some(21),
            vec![1],
            Some(cid.clone()),
            Some(mac.clone()),
            vec![20, 21, 23],
        ),
        (Some(20), vec![1, 2], Some(cid.clone()), None, vec![20, 30]),
        (Some(40), vec![1], None, None, vec![40]),
        (Some(99), vec![1, 2], None, Some(vec![]), vec![]),
        (Some(40), vec![2], None, Some(mac.clone()), vec![30, 40]),
        (None, vec![1], None, Some(vec![2, 0, 0, 0, 0, 8]), vec![21]),
    ];
    let mut tasks = tokio::task::JoinSet::new();
    for round in 0..4 {
        for (i, case) in cases.iter().cloned().enumerate() {
            let store = store.clone();
            tasks.spawn(async move {
                let (address, subnets, cid, mac, want) = case;
                let got = store
                    .get4_matching(&LeaseQuery4 {
                        address: address.map(addr),
                        subnets: &subnets,
                        client_id: cid.as_deref(),
                        hwaddr: mac.as_deref(),
                    })
                    .await
                    .unwrap();
                let want: Vec<Ipv4Addr> = want.into_iter().map(addr).collect();
                assert_eq!(addrs(&got), want, "case {i} round {round}");
            });
        }
    }
    while let Some(joined) = tasks.join_next().await {
        joined.unwrap();
    }
}

/// Updating a lease's MAC moves it in the hardware address lookup.
pub async fn update_reindexes_hwaddr_and_client_id<S: LeaseStore>(s: S) {
    let l = lease(10, 1, 1);
    s.add4(&l).await.unwrap();
    let moved = lease(10, 2, 1);
    s.update4(&moved).await.unwrap();
    assert!(s.get4_by_hwaddr(&l.hwaddr, None).await.unwrap().is_empty());
    assert!(s
        .get4_by_client_id(l.client_id.as_deref().unwrap(), None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.get4_by_hwaddr(&moved.hwaddr, None).await.unwrap(),
        vec![moved]
    );
}

/// `get4_all` returns leases ordered by address, optionally only some subnets.
pub async fn all_returns_leases_by_address_and_filters_by_subnets<S: LeaseStore>(s: S) {
    add_all(
        &s,
        &[
            lease(40, 1, 3),
            lease(5, 2, 1),
            lease(20, 3, 2),
            lease(7, 4, 3),
        ],
    )
    .await;
    let all = s.get4_all(None).await.unwrap();
    assert_eq!(addrs(&all), vec![addr(5), addr(7), addr(20), addr(40)]);
    let some = s.get4_all(Some(&[3, 1])).await.unwrap();
    assert_eq!(addrs(&some), vec![addr(5), addr(7), addr(40)]);
    assert!(s.get4_all(Some(&[9])).await.unwrap().is_empty());
    assert!(s.get4_all(Some(&[])).await.unwrap().is_empty());
}

/// `get4_page` walks all leases in address order, strictly after the cursor.
pub async fn pages_walk_all_leases_in_address_order<S: LeaseStore>(s: S) {
    let leases: Vec<Lease4> = [9u8, 1, 200, 3, 50, 4, 7]
        .iter()
        .map(|&o| lease(o, o, 1))
        .collect();
    add_all(&s, &leases).await;
    let mut seen = Vec::new();
    let mut cursor = Ipv4Addr::UNSPECIFIED;
    loop {
        let page = s.get4_page(cursor, 3).await.unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        cursor = last.address;
        seen.extend(addrs(&page));
    }
    let expected: Vec<Ipv4Addr> = [1u8, 3, 4, 7, 9, 50, 200]
        .iter()
        .map(|&o| addr(o))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(
        addrs(&s.get4_page(addr(9), 1).await.unwrap()),
        vec![addr(50)]
    );
}

/// `expired4` lists default and declined leases expired at or before `now`, oldest
/// expiry first, honouring the limit; reclaimed and live leases are not listed.
pub async fn expired_lists_oldest_first_and_honours_the_limit<S: LeaseStore>(s: S) {
    let mk = |last: u8, expire_in: i64, state: LeaseState| {
        let mut l = lease(last, last, 1);
        l.cltt = CLTT + expire_in - i64::from(l.valid_lifetime);
        l.state = state;
        l
    };
    add_all(
        &s,
        &[
            mk(1, 30, LeaseState::Default),
            mk(2, 10, LeaseState::Declined),
            mk(3, 20, LeaseState::Default),
            mk(4, 5, LeaseState::ExpiredReclaimed),
            mk(5, 100, LeaseState::Default),
            mk(6, 40, LeaseState::Default),
        ],
    )
    .await;
    let now = CLTT + 40;
    let all = s.expired4(now, 0).await.unwrap();
    assert_eq!(
        addrs(&all),
        vec![addr(2), addr(3), addr(1), addr(6)],
        "at or before now"
    );
    let two = s.expired4(now, 2).await.unwrap();
    assert_eq!(addrs(&two), vec![addr(2), addr(3)]);
    assert!(s.expired4(CLTT, 0).await.unwrap().is_empty());
}

/// Reclaiming a lease (state change via update) removes it from the expired list.
pub async fn reclaimed_leases_leave_the_expired_list<S: LeaseStore>(s: S) {
    let l = lease(1, 1, 1);
    s.add4(&l).await.unwrap();
    let later = l.expire() + 1;
    assert_eq!(s.expired4(later, 0).await.unwrap().len(), 1);
    let mut reclaimed = l.clone();
    reclaimed.state = LeaseState::ExpiredReclaimed;
    reclaimed.hwaddr.clear();
    s.update4(&reclaimed).await.unwrap();
    assert!(s.expired4(later, 0).await.unwrap().is_empty());
}

/// `flush_reclaimed4` deletes only expired-reclaimed leases older than `before`.
pub async fn flush_reclaimed_deletes_only_old_reclaimed_leases<S: LeaseStore>(s: S) {
    let mk = |last: u8, expire_in: i64, state: LeaseState| {
        let mut l = lease(last, last, 1);
        l.cltt = CLTT + expire_in - i64::from(l.valid_lifetime);
        l.state = state;
        l
    };
    add_all(
        &s,
        &[
            mk(1, 10, LeaseState::ExpiredReclaimed),
            mk(2, 20, LeaseState::ExpiredReclaimed),
            mk(3, 50, LeaseState::ExpiredReclaimed),
            mk(4, 10, LeaseState::Default),
            mk(5, 10, LeaseState::Declined),
        ],
    )
    .await;
    assert_eq!(s.flush_reclaimed4(CLTT + 30).await.unwrap(), 2);
    let left = s.get4_all(None).await.unwrap();
    assert_eq!(addrs(&left), vec![addr(3), addr(4), addr(5)]);
    assert_eq!(s.flush_reclaimed4(CLTT + 30).await.unwrap(), 0);
}

/// `wipe4` of one subnet deletes exactly its leases; `wipe4(None)` deletes all.
pub async fn wipe_deletes_a_subnet_or_everything<S: LeaseStore>(s: S) {
    add_all(
        &s,
        &[
            lease(1, 1, 1),
            lease(2, 2, 2),
            lease(3, 3, 1),
            lease(4, 4, 3),
        ],
    )
    .await;
    assert_eq!(s.wipe4(Some(1)).await.unwrap(), 2);
    assert_eq!(
        addrs(&s.get4_all(None).await.unwrap()),
        vec![addr(2), addr(4)]
    );
    assert_eq!(s.wipe4(Some(9)).await.unwrap(), 0);
    assert_eq!(s.wipe4(None).await.unwrap(), 2);
    assert!(s.get4_all(None).await.unwrap().is_empty());
    assert!(s
        .get4_by_hwaddr(&[2, 0, 0, 0, 0, 2], None)
        .await
        .unwrap()
        .is_empty());
}

/// The address race: many clients add the same address at once from parallel threads;
/// exactly one add wins and the stored lease is the winner's.
pub async fn concurrent_adds_of_one_address_have_exactly_one_winner<S: LeaseStore>(s: S) {
    const CLIENTS: u8 = 16;
    let store = Arc::new(s);
    let barrier = Arc::new(Barrier::new(usize::from(CLIENTS)));
    let rt = tokio::runtime::Handle::current();
    let mut handles = Vec::new();
    for mac in 1..=CLIENTS {
        let (store, barrier, rt) = (store.clone(), barrier.clone(), rt.clone());
        // Blocking threads run truly in parallel; the test's runtime keeps driving I/O.
        handles.push(tokio::task::spawn_blocking(move || {
            let l = lease(77, mac, 1);
            barrier.wait();
            let won = rt.block_on(store.add4(&l)).unwrap();
            (won, l)
        }));
    }
    let mut winners = Vec::new();
    for h in handles {
        let (won, l) = h.await.unwrap();
        if won {
            winners.push(l);
        }
    }
    assert_eq!(winners.len(), 1, "exactly one add wins");
    assert_eq!(
        store.get4(addr(77)).await.unwrap().as_ref(),
        winners.first()
    );
}

/// Many leases added in parallel for distinct addresses are all stored.
pub async fn concurrent_adds_of_distinct_addresses_all_succeed<S: LeaseStore>(s: S) {
    let store = Arc::new(s);
    let rt = tokio::runtime::Handle::current();
    let mut handles = Vec::new();
    for t in 0..8u8 {
        let (store, rt) = (store.clone(), rt.clone());
        handles.push(tokio::task::spawn_blocking(move || {
            for i in 0..25u8 {
                let l = lease(t * 25 + i + 1, t * 25 + i + 1, 1);
                assert!(rt.block_on(store.add4(&l)).unwrap());
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    assert_eq!(store.get4_all(None).await.unwrap().len(), 200);
}

/// Adds issued together (SQL backends write them in one batch) answer per
/// lease: those whose address was already taken get `false` and leave the
/// first holder's lease in place, the others are stored as given.
pub async fn concurrent_adds_answer_each_lease_on_its_own<S: LeaseStore>(s: S) {
    let store = Arc::new(s);
    for last in (1..=40u8).step_by(2) {
        assert!(store.add4(&lease(last, 200, 1)).await.unwrap());
    }
    let mut tasks = tokio::task::JoinSet::new();
    for last in 1..=40u8 {
        let store = store.clone();
        tasks.spawn(async move { (last, store.add4(&lease(last, last, 1)).await.unwrap()) });
    }
    let mut answers = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        answers.push(joined.unwrap());
    }
    answers.sort_unstable();
    for (last, added) in answers {
        assert_eq!(added, last % 2 == 0, "add of .{last}");
        let holder = if last % 2 == 0 { last } else { 200 };
        assert_eq!(
            store.get4(addr(last)).await.unwrap(),
            Some(lease(last, holder, 1)),
            ".{last} held by its first holder"
        );
    }
}

/// Generates one `#[tokio::test]` per battery case for a backend: `$name` is the module
/// name, `$factory` an `async fn() -> (impl LeaseStore, guard)`.
macro_rules! lease_store_battery {
    ($name:ident, $factory:path) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::support::lease_battery::battery_cases!(
                $factory;
                add_then_get_returns_the_same_lease,
                get_of_an_unknown_address_is_none,
                add_of_a_taken_address_returns_false_and_keeps_the_first,
                hostname_and_user_context_are_stored_verbatim,
                declined_lease_without_identifiers_is_stored,
                infinite_lease_is_stored_and_never_expires,
                update_overwrites_an_existing_lease,
                update_of_a_missing_lease_returns_false,
                replace_succeeds_when_the_stored_lease_is_unchanged,
                replace_fails_when_the_stored_lease_changed,
                replace_of_a_missing_lease_returns_false,
                only_one_of_two_replaces_from_the_same_old_lease_wins,
                delete_removes_the_lease_once,
                by_hwaddr_finds_all_leases_of_a_client_and_filters_by_subnet,
                by_client_id_finds_all_leases_of_a_client_and_filters_by_subnet,
                matching_finds_the_address_and_the_clients_leases_in_one_go,
                update_reindexes_hwaddr_and_client_id,
                all_returns_leases_by_address_and_filters_by_subnets,
                pages_walk_all_leases_in_address_order,
                expired_lists_oldest_first_and_honours_the_limit,
                reclaimed_leases_leave_the_expired_list,
                flush_reclaimed_deletes_only_old_reclaimed_leases,
                wipe_deletes_a_subnet_or_everything,
                concurrent_adds_of_one_address_have_exactly_one_winner,
                concurrent_adds_of_distinct_addresses_all_succeed,
                concurrent_adds_answer_each_lease_on_its_own,
                concurrent_matching_lookups_each_get_their_own_answer
            );
        }
    };
}

/// Expands to one `#[tokio::test]` per listed case (used by `lease_store_battery!`).
macro_rules! battery_cases {
    ($factory:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $factory().await;
                $crate::support::lease_battery::$case(store).await;
            }
        )*
    };
}

/// Like `battery_cases!`, for the cases of another battery module.
macro_rules! battery_cases_in {
    ($module:path, $factory:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                use $module as battery;
                let (store, _guard) = $factory().await;
                battery::$case(store).await;
            }
        )*
    };
}

pub(crate) use battery_cases;
pub(crate) use battery_cases_in;
pub(crate) use lease_store_battery;
