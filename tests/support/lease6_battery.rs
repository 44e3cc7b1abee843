//! The DHCPv6 lease backend conformance battery: every `Lease6Store` behaviour,
//! written once over `S: Lease6Store`, instantiated per backend with
//! `lease6_store_battery!(name, factory)` (factory: `async fn() -> (S, guard)`).

#![allow(dead_code)]

use std::net::Ipv6Addr;

use ruru::backends::lease::{LeaseState, INFINITE_LIFETIME};
use ruru::backends::lease6::{ClientIa, Lease6, LeaseType};
use ruru::backends::Lease6Store;

/// Client last transaction time used by the battery's leases.
pub const CLTT: i64 = 1_700_000_000;

/// An IA_NA lease for `2001:db8::<last>` held by DUID `…:<client>` in `subnet`.
pub fn lease6(last: u16, client: u8, subnet: u32) -> Lease6 {
    Lease6 {
        address: Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, last),
        lease_type: LeaseType::Na,
        prefix_len: 128,
        duid: vec![0, 3, 0, 1, 2, 0, 0, 0, 0, client],
        iaid: 1,
        preferred_lifetime: 1800,
        valid_lifetime: 3600,
        cltt: CLTT,
        subnet_id: subnet,
        fqdn_fwd: false,
        fqdn_rev: false,
        hostname: String::new(),
        hwaddr: vec![],
        hwtype: 1,
        hwaddr_source: 0,
        state: LeaseState::Default,
        user_context: None,
    }
}

/// A delegated /56 `2001:db8:<n>00::/56` for DUID `…:<client>`.
pub fn prefix6(n: u16, client: u8, subnet: u32) -> Lease6 {
    let mut l = lease6(0, client, subnet);
    l.address = Ipv6Addr::new(0x2001, 0xdb8, n << 8, 0, 0, 0, 0, 0);
    l.lease_type = LeaseType::Pd;
    l.prefix_len = 56;
    l
}

/// `add6` then `get6` returns exactly the lease that was added.
pub async fn add_then_get_returns_the_same_lease<S: Lease6Store>(s: S) {
    let l = lease6(10, 1, 1);
    assert!(s.add6(&l).await.unwrap());
    assert_eq!(s.get6(LeaseType::Na, l.address).await.unwrap(), Some(l));
}

/// An address and a prefix with the same first address are different leases.
pub async fn lease_type_is_part_of_the_key<S: Lease6Store>(s: S) {
    let mut na = lease6(0, 1, 1);
    na.address = "2001:db8:100::".parse().unwrap();
    let pd = prefix6(1, 2, 1);
    assert!(s.add6(&na).await.unwrap());
    assert!(s.add6(&pd).await.unwrap());
    assert_eq!(s.get6(LeaseType::Pd, pd.address).await.unwrap(), Some(pd));
    assert_eq!(s.get6(LeaseType::Na, na.address).await.unwrap(), Some(na));
}

/// Kea 2.2's SQL key is the address alone: a prefix whose first address is
/// leased as an address is refused like any taken address (memfile keys on
/// (type, address), see [`lease_type_is_part_of_the_key`]).
pub async fn an_address_leased_as_one_type_is_taken_for_the_other_in_sql<S: Lease6Store>(s: S) {
    let mut na = lease6(0, 1, 1);
    na.address = "2001:db8:100::".parse().unwrap();
    let pd = prefix6(1, 2, 1);
    assert!(s.add6(&na).await.unwrap());
    assert!(!s.add6(&pd).await.unwrap());
    assert_eq!(s.get6(LeaseType::Pd, pd.address).await.unwrap(), None);
    assert_eq!(s.get6(LeaseType::Na, na.address).await.unwrap(), Some(na));
}

/// Lookups return leases in (type, address) order, numerically (not as text).
pub async fn lookups_are_ordered_by_type_then_numeric_address<S: Lease6Store>(s: S) {
    let mut added = Vec::new();
    for last in [0x10, 0x2, 0x100, 0x9] {
        let l = lease6(last, 1, 1);
        assert!(s.add6(&l).await.unwrap());
        added.push(l);
    }
    let p = prefix6(1, 1, 1);
    assert!(s.add6(&p).await.unwrap());
    added.sort_by_key(|l| l.address);
    added.push(p);
    assert_eq!(s.get6_all(None).await.unwrap(), added);
    assert_eq!(s.get6_by_duid(&added[0].duid).await.unwrap(), added);
}

/// Adding a lease for a taken (type, address) returns false and keeps the first.
pub async fn add_of_a_taken_address_returns_false_and_keeps_the_first<S: Lease6Store>(s: S) {
    let first = lease6(10, 1, 1);
    assert!(s.add6(&first).await.unwrap());
    assert!(!s.add6(&lease6(10, 2, 1)).await.unwrap());
    assert_eq!(
        s.get6(LeaseType::Na, first.address).await.unwrap(),
        Some(first)
    );
}

/// Hostname with commas, user context, hardware address and infinite lifetime survive.
pub async fn every_field_is_stored_verbatim<S: Lease6Store>(s: S) {
    let mut l = lease6(11, 1, 1);
    l.hostname = "host,with,commas&amp;.example.org".into();
    l.fqdn_fwd = true;
    l.user_context = serde_json::from_str(r#"{"a":{"b":[1,"x,y&z"]}}"#).unwrap();
    l.hwaddr = vec![2, 0, 0, 0, 0, 1];
    l.hwaddr_source = 4;
    l.valid_lifetime = INFINITE_LIFETIME;
    assert!(s.add6(&l).await.unwrap());
    assert_eq!(
        s.get6(LeaseType::Na, l.address).await.unwrap(),
        Some(l.clone())
    );
    assert!(!l.is_expired(i64::from(u32::MAX) * 4));
}

/// A declined lease (DUID `00`) is stored; an assigned one without DUID is refused.
pub async fn declined_lease_with_duid_00_is_stored_and_empty_duid_is_refused<S: Lease6Store>(s: S) {
    let mut l = lease6(12, 1, 1);
    l.duid = vec![0];
    l.state = LeaseState::Declined;
    assert!(s.add6(&l).await.unwrap());
    let mut bad = lease6(13, 1, 1);
    bad.duid.clear();
    assert!(s.add6(&bad).await.is_err());
    assert_eq!(s.get6(LeaseType::Na, bad.address).await.unwrap(), None);
}

/// `update6` overwrites; on a missing lease it returns false.
pub async fn update_overwrites_and_misses_return_false<S: Lease6Store>(s: S) {
    let mut l = lease6(10, 1, 1);
    assert!(!s.update6(&l).await.unwrap());
    assert!(s.add6(&l).await.unwrap());
    l.valid_lifetime = 99;
    assert!(s.update6(&l).await.unwrap());
    assert_eq!(s.get6(LeaseType::Na, l.address).await.unwrap(), Some(l));
}

/// `replace6` is a compare-and-swap on the whole lease.
pub async fn replace_only_succeeds_on_an_unchanged_lease<S: Lease6Store>(s: S) {
    let old = lease6(10, 1, 1);
    let mut new = old.clone();
    new.duid = vec![9, 9, 9];
    assert!(!s.replace6(&old, &new).await.unwrap());
    assert!(s.add6(&old).await.unwrap());
    assert!(s.replace6(&old, &new).await.unwrap());
    assert!(
        !s.replace6(&old, &new).await.unwrap(),
        "second replace from the same old"
    );
    assert_eq!(s.get6(LeaseType::Na, old.address).await.unwrap(), Some(new));
}

/// `delete6` removes once.
pub async fn delete_removes_the_lease_once<S: Lease6Store>(s: S) {
    let l = prefix6(3, 1, 1);
    assert!(s.add6(&l).await.unwrap());
    assert!(s.delete6(LeaseType::Pd, l.address).await.unwrap());
    assert!(!s.delete6(LeaseType::Pd, l.address).await.unwrap());
    assert_eq!(s.get6(LeaseType::Pd, l.address).await.unwrap(), None);
}

/// Lookups by client (type, DUID, IAID, subnet) and by DUID.
pub async fn client_and_duid_lookups_filter_correctly<S: Lease6Store>(s: S) {
    let a = lease6(1, 1, 1);
    let mut b = lease6(2, 1, 1);
    b.iaid = 2;
    let c = lease6(3, 1, 2);
    let d = prefix6(1, 1, 1);
    let other = lease6(4, 2, 1);
    for l in [&a, &b, &c, &d, &other] {
        assert!(s.add6(l).await.unwrap());
    }
    let ia = ClientIa {
        duid: &a.duid,
        iaid: 1,
        subnet_id: 1,
    };
    let got = s.get6_by_client(LeaseType::Na, ia).await.unwrap();
    assert_eq!(got, vec![a.clone()]);
    let got = s.get6_by_client(LeaseType::Pd, ia).await.unwrap();
    assert_eq!(got, vec![d.clone()]);
    assert_eq!(s.get6_by_duid(&a.duid).await.unwrap().len(), 4);
}

/// `get6_all` lists everything or the listed subnets.
pub async fn all_filters_by_subnets<S: Lease6Store>(s: S) {
    for l in [lease6(1, 1, 1), lease6(2, 2, 2), lease6(3, 3, 3)] {
        assert!(s.add6(&l).await.unwrap());
    }
    assert_eq!(s.get6_all(None).await.unwrap().len(), 3);
    let some = s.get6_all(Some(&[1, 3])).await.unwrap();
    assert_eq!(
        some.iter().map(|l| l.subnet_id).collect::<Vec<_>>(),
        vec![1, 3]
    );
}

/// `expired6` lists expired default/declined leases, oldest first, up to `limit`.
pub async fn expired_lists_oldest_first_and_honours_the_limit<S: Lease6Store>(s: S) {
    let mut a = lease6(1, 1, 1);
    a.valid_lifetime = 100;
    let mut b = lease6(2, 2, 1);
    b.valid_lifetime = 50;
    let fresh = lease6(3, 3, 1);
    for l in [&a, &b, &fresh] {
        assert!(s.add6(l).await.unwrap());
    }
    let now = CLTT + 200;
    let got = s.expired6(now, 0).await.unwrap();
    assert_eq!(got, vec![b.clone(), a.clone()]);
    assert_eq!(s.expired6(now, 1).await.unwrap(), vec![b]);
}

/// `wipe6` deletes one subnet's leases or all.
pub async fn wipe_deletes_a_subnet_or_everything<S: Lease6Store>(s: S) {
    for l in [lease6(1, 1, 1), lease6(2, 2, 2), prefix6(1, 3, 2)] {
        assert!(s.add6(&l).await.unwrap());
    }
    assert_eq!(s.wipe6(Some(2)).await.unwrap(), 2);
    assert_eq!(s.wipe6(None).await.unwrap(), 1);
    assert!(s.get6_all(None).await.unwrap().is_empty());
}

/// `get6_matching` returns the client's leases of the type and the lease on
/// the address, each once, nothing of another type.
pub async fn matching_finds_the_clients_leases_and_the_address_in_one_go<S: Lease6Store>(s: S) {
    let mine = [lease6(0x10, 1, 1), lease6(0x11, 1, 1)];
    let other = lease6(0x20, 2, 1);
    for l in mine.iter().chain([&other]) {
        assert!(s.add6(l).await.unwrap());
    }
    let client = ClientIa {
        duid: &mine[0].duid,
        iaid: 1,
        subnet_id: 1,
    };
    let addrs = |v: Vec<Lease6>| {
        let mut a: Vec<Ipv6Addr> = v.into_iter().map(|l| l.address).collect();
        a.sort();
        a
    };
    let got = s
        .get6_matching(LeaseType::Na, client, Some(other.address))
        .await
        .unwrap();
    assert_eq!(
        addrs(got),
        vec![mine[0].address, mine[1].address, other.address]
    );
    let got = s
        .get6_matching(LeaseType::Na, client, Some(mine[0].address))
        .await
        .unwrap();
    assert_eq!(
        addrs(got),
        vec![mine[0].address, mine[1].address],
        "no lease twice"
    );
    let got = s.get6_matching(LeaseType::Na, client, None).await.unwrap();
    assert_eq!(addrs(got), vec![mine[0].address, mine[1].address]);
    let got = s
        .get6_matching(LeaseType::Pd, client, Some(other.address))
        .await
        .unwrap();
    assert!(got.is_empty(), "other type: {got:?}");
}

/// Adds issued together (SQL backends write them in one batch) answer per
/// lease: a taken address gets `false` and keeps its first holder, the others
/// are stored as given.
pub async fn concurrent_adds_answer_each_lease_on_its_own<S: Lease6Store>(s: S) {
    let store = std::sync::Arc::new(s);
    for last in (1..=40u16).step_by(2) {
        assert!(store.add6(&lease6(last, 200, 1)).await.unwrap());
    }
    let mut tasks = tokio::task::JoinSet::new();
    for last in 1..=40u16 {
        let store = store.clone();
        let client = u8::try_from(last).unwrap();
        tasks.spawn(async move { (last, store.add6(&lease6(last, client, 1)).await.unwrap()) });
    }
    let mut answers = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        answers.push(joined.unwrap());
    }
    answers.sort_unstable();
    for (last, added) in answers {
        assert_eq!(added, last % 2 == 0, "add of ::{last}");
        let holder = if last % 2 == 0 {
            u8::try_from(last).unwrap()
        } else {
            200
        };
        let want = lease6(last, holder, 1);
        assert_eq!(
            store.get6(LeaseType::Na, want.address).await.unwrap(),
            Some(want),
            "::{last} held by its first holder"
        );
    }
}

/// The battery for a Kea 2.2 SQL lease6 table, whose key is the address alone.
macro_rules! lease6_sql_store_battery {
    ($name:ident, $factory:path) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::support::lease6_battery::battery6_cases!(
                $factory;
                add_then_get_returns_the_same_lease,
                an_address_leased_as_one_type_is_taken_for_the_other_in_sql,
                lookups_are_ordered_by_type_then_numeric_address,
                add_of_a_taken_address_returns_false_and_keeps_the_first,
                every_field_is_stored_verbatim,
                declined_lease_with_duid_00_is_stored_and_empty_duid_is_refused,
                update_overwrites_and_misses_return_false,
                replace_only_succeeds_on_an_unchanged_lease,
                delete_removes_the_lease_once,
                client_and_duid_lookups_filter_correctly,
                all_filters_by_subnets,
                expired_lists_oldest_first_and_honours_the_limit,
                wipe_deletes_a_subnet_or_everything,
                concurrent_adds_answer_each_lease_on_its_own,
                matching_finds_the_clients_leases_and_the_address_in_one_go
            );
        }
    };
}

/// Generates one `#[tokio::test]` per battery case for a v6 backend.
macro_rules! lease6_store_battery {
    ($name:ident, $factory:path) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::support::lease6_battery::battery6_cases!(
                $factory;
                add_then_get_returns_the_same_lease,
                lease_type_is_part_of_the_key,
                lookups_are_ordered_by_type_then_numeric_address,
                add_of_a_taken_address_returns_false_and_keeps_the_first,
                every_field_is_stored_verbatim,
                declined_lease_with_duid_00_is_stored_and_empty_duid_is_refused,
                update_overwrites_and_misses_return_false,
                replace_only_succeeds_on_an_unchanged_lease,
                delete_removes_the_lease_once,
                client_and_duid_lookups_filter_correctly,
                all_filters_by_subnets,
                expired_lists_oldest_first_and_honours_the_limit,
                wipe_deletes_a_subnet_or_everything,
                concurrent_adds_answer_each_lease_on_its_own,
                matching_finds_the_clients_leases_and_the_address_in_one_go
            );
        }
    };
}

/// Expands to one `#[tokio::test]` per listed case.
macro_rules! battery6_cases {
    ($factory:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $factory().await;
                $crate::support::lease6_battery::$case(store).await;
            }
        )*
    };
}

pub(crate) use battery6_cases;
pub(crate) use lease6_sql_store_battery;
pub(crate) use lease6_store_battery;
