//! Unit tests of the allocation engine and the lease statistics bookkeeping,
//! without packets: [`AllocEngine4`] over an in-memory memfile store.

use crate::backends::host_memory::MemHostStore;
use std::net::Ipv4Addr;
use std::sync::Arc;

use serde_json::json;

use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::memfile::MemfileStore;
use crate::backends::LeaseStore;
use crate::config::model::Dhcp4Config;
use crate::config::parse_dhcp4_value;
use crate::stats::{subnet_stat, Stats};

use super::engine::{next_in_pools, reclaim_expired, Declined4, LeaseParams};
use super::{lease_stats, AllocEngine4, Client4, Commit4};
use crate::expression::ClassSet;

const NOW: i64 = 1_700_000_000;

fn ip(d: u8) -> Ipv4Addr {
    Ipv4Addr::new(192, 0, 2, d)
}

fn cfg() -> Dhcp4Config {
    parse_dhcp4_value(&json!({"Dhcp4": {
        "valid-lifetime": 4000,
        "subnet4": [{
            "id": 1, "subnet": "192.0.2.0/24",
            "pools": [{"pool": "192.0.2.10 - 192.0.2.11"}, {"pool": "192.0.2.20 - 192.0.2.20"}],
            "reservations": [{"hw-address": "02:00:00:00:00:63", "ip-address": "192.0.2.11"}]
        }]
    }}))
    .expect("config")
}

fn client(n: u8) -> Client4 {
    Client4 {
        hwaddr: vec![2, 0, 0, 0, 0, n],
        client_id: None,
        match_client_id: true,
        circuit_id: None,
        classes: ClassSet::new(),
    }
}

fn engine(
    cfg: &Dhcp4Config,
) -> (
    AllocEngine4<MemfileStore, MemHostStore>,
    Arc<MemfileStore>,
    Arc<Stats>,
) {
    let store = Arc::new(MemfileStore::in_memory());
    let stats = Arc::new(Stats::default());
    (
        AllocEngine4::new(store.clone(), stats.clone(), cfg),
        store,
        stats,
    )
}

fn lease(a: Ipv4Addr, n: u8, state: LeaseState) -> Lease4 {
    Lease4 {
        address: a,
        hwaddr: vec![2, 0, 0, 0, 0, n],
        client_id: None,
        valid_lifetime: 100,
        cltt: NOW - 1000,
        subnet_id: 1,
        fqdn_fwd: true,
        fqdn_rev: true,
        hostname: "h.example.org".into(),
        state,
        user_context: None,
    }
}

#[test]
fn next_in_pools_walks_each_pool_then_wraps_to_the_first() {
    let c = cfg();
    let s = &c.subnets[0];
    let mut cur = None;
    let mut seen = Vec::new();
    let none = ClassSet::new();
    for _ in 0..4 {
        let a = next_in_pools(s, cur, &none).expect("the pools admit everyone");
        seen.push(a);
        cur = Some(u32::from(a));
    }
    assert_eq!(seen, vec![ip(10), ip(11), ip(20), ip(10)]);
    assert_eq!(
        next_in_pools(s, Some(u32::from(ip(99))), &none),
        Some(ip(10)),
        "outside: restart"
    );
}

#[tokio::test]
async fn offers_skip_addresses_reserved_for_others_but_not_for_the_holder() {
    let c = cfg();
    let (e, _, _) = engine(&c);
    let subnets: Vec<_> = c.subnets.iter().collect();
    let a = e
        .offer(
            &subnets,
            &client(1),
            &e.client_hosts(&subnets, &client(1)).await.expect("hosts"),
            None,
            NOW,
        )
        .await
        .expect("ok");
    assert_eq!(a, Some((ip(10), 0)));
    let b = e
        .offer(
            &subnets,
            &client(2),
            &e.client_hosts(&subnets, &client(2)).await.expect("hosts"),
            None,
            NOW,
        )
        .await
        .expect("ok");
    assert_eq!(b, Some((ip(20), 0)), ".11 is reserved");
    let r = e
        .offer(
            &subnets,
            &client(0x63),
            &e.client_hosts(&subnets, &client(0x63))
                .await
                .expect("hosts"),
            None,
            NOW,
        )
        .await
        .expect("ok");
    assert_eq!(r, Some((ip(11), 0)));
}

#[tokio::test]
async fn request_outside_every_pool_is_an_unknown_address() {
    let c = cfg();
    let (e, store, _) = engine(&c);
    let subnets: Vec<_> = c.subnets.iter().collect();
    let p = LeaseParams::default();
    for a in [ip(15), Ipv4Addr::new(10, 0, 0, 1)] {
        let r = e
            .request(
                &subnets,
                &client(1),
                &e.client_hosts(&subnets, &client(1)).await.expect("hosts"),
                e.request_leases(&subnets, &client(1), a)
                    .await
                    .expect("leases"),
                &p,
                NOW,
            )
            .await
            .expect("ok");
        assert_eq!(r, Commit4::UnknownAddress, "{a}");
    }
    assert!(store.is_empty());
}

#[tokio::test]
async fn client_leases_include_reclaimed_ones_but_never_declined_ones() {
    let c = cfg();
    let (e, store, _) = engine(&c);
    let subnets: Vec<_> = c.subnets.iter().collect();
    store
        .add4(&lease(ip(10), 1, LeaseState::ExpiredReclaimed))
        .await
        .expect("add");
    let mut declined = lease(ip(20), 1, LeaseState::Declined);
    declined.valid_lifetime = 100_000;
    store.add4(&declined).await.expect("add");
    let mine = e.client_leases(&subnets, &client(1)).await.expect("ok");
    assert_eq!(
        mine.iter().map(|l| l.address).collect::<Vec<_>>(),
        vec![ip(10)]
    );
}

#[tokio::test]
async fn reclaiming_keeps_a_lease_without_dns_data_and_deletes_a_declined_one() {
    let (_, store, stats) = engine(&cfg());
    store
        .add4(&lease(ip(10), 1, LeaseState::Default))
        .await
        .expect("add");
    store
        .add4(&lease(ip(20), 2, LeaseState::Declined))
        .await
        .expect("add");
    lease_stats::assigned(&stats, 1);
    lease_stats::assigned(&stats, 1);
    lease_stats::declined(&stats, 1);
    let n = reclaim_expired(&*store, &stats, NOW, 0, false)
        .await
        .expect("ok");
    assert_eq!(n, 2);
    let kept = store.get4(ip(10)).await.expect("ok").expect("kept");
    assert_eq!(kept.state, LeaseState::ExpiredReclaimed);
    assert_eq!(kept.hostname, "");
    assert!(!kept.fqdn_fwd && !kept.fqdn_rev);
    assert_eq!(
        kept.hwaddr,
        vec![2, 0, 0, 0, 0, 1],
        "identity kept for reuse"
    );
    assert_eq!(store.get4(ip(20)).await.expect("ok"), None);
    let get = |n: &str| stats.get(n).unwrap_or(0);
    assert_eq!(get(&subnet_stat(1, "assigned-addresses")), 0);
    assert_eq!(get(&subnet_stat(1, "declined-addresses")), 0);
    assert_eq!(get(&subnet_stat(1, "reclaimed-leases")), 2);
    assert_eq!(get(&subnet_stat(1, "reclaimed-declined-addresses")), 1);
    assert_eq!(get("reclaimed-leases"), 2);
    assert_eq!(get("declined-addresses"), 0);
}

#[test]
fn statistics_of_an_expired_reclaimed_lease_are_not_counted_twice() {
    let stats = Stats::default();
    lease_stats::assigned(&stats, 1);
    let mut l = lease(ip(10), 1, LeaseState::Default);
    lease_stats::reclaimed(&stats, &l);
    l.state = LeaseState::ExpiredReclaimed;
    lease_stats::reclaimed(&stats, &l);
    lease_stats::unassigned(&stats, &l);
    assert_eq!(stats.get(&subnet_stat(1, "assigned-addresses")), Some(0));
    assert_eq!(stats.get("reclaimed-leases"), Some(1));
}

#[tokio::test]
async fn release_and_decline_only_act_for_the_owner() {
    let c = cfg();
    let (e, store, stats) = engine(&c);
    let mut l = lease(ip(10), 1, LeaseState::Default);
    l.cltt = NOW;
    l.valid_lifetime = 4000;
    store.add4(&l).await.expect("add");
    lease_stats::assigned(&stats, 1);
    assert!(!e.release(&client(2), ip(10)).await.expect("ok"));
    assert!(matches!(
        e.decline(&client(2), ip(10), 600, NOW).await.expect("ok"),
        Declined4::NotTheClients(_)
    ));
    assert_eq!(
        e.decline(&client(1), ip(11), 600, NOW).await.expect("ok"),
        Declined4::NoLease
    );
    assert_eq!(
        e.decline(&client(1), ip(10), 600, NOW).await.expect("ok"),
        Declined4::Declined
    );
    assert!(
        !e.release(&client(1), ip(10)).await.expect("ok"),
        "declined: nobody's"
    );
    assert_eq!(stats.get(&subnet_stat(1, "declined-addresses")), Some(1));
    assert_eq!(stats.get(&subnet_stat(1, "assigned-addresses")), Some(1));
}

/// An engine whose hosts database holds MAC 0x42 -> .20 and MAC 0x63 -> .20
/// (0x63 also has a file reservation for .11), both in subnet 1.
async fn engine_with_hosts_db(
    cfg: &Dhcp4Config,
) -> AllocEngine4<MemfileStore, crate::backends::host_memory::MemHostStore> {
    use crate::backends::host::Host4;
    use crate::backends::HostStore;
    use crate::config::model::IdentifierType;
    let db = crate::backends::host_memory::MemHostStore::new();
    for mac in [0x42u8, 0x63] {
        let h = Host4 {
            host_id: 0,
            subnet_id: 1,
            identifier_type: IdentifierType::HwAddress,
            identifier: vec![2, 0, 0, 0, 0, mac],
            ip_address: Some(ip(20)),
            hostname: Some(format!("db-{mac}")),
            client_classes: vec![],
            next_server: None,
            server_hostname: None,
            boot_file_name: None,
            user_context: None,
            options: vec![],
        };
        db.add4(&h).await.expect("add");
    }
    AllocEngine4::with_hosts(
        Arc::new(MemfileStore::in_memory()),
        vec![Arc::new(db)],
        Arc::new(Stats::default()),
        cfg,
    )
}

#[tokio::test]
async fn a_hosts_database_reservation_is_offered_to_its_client_and_kept_from_others() {
    let c = cfg();
    let e = engine_with_hosts_db(&c).await;
    let subnets: Vec<_> = c.subnets.iter().collect();
    let hosts = e
        .client_hosts(&subnets, &client(0x42))
        .await
        .expect("hosts");
    assert_eq!(
        hosts
            .for_subnet(subnets[0])
            .and_then(|h| h.hostname.clone()),
        Some("db-66".to_string())
    );
    let mine = e
        .offer(&subnets, &client(0x42), &hosts, None, NOW)
        .await
        .expect("ok");
    assert_eq!(mine, Some((ip(20), 0)));
    // Others cycle through the pools skipping .11 (file) and .20 (database).
    for n in 1..=3 {
        let h = e.client_hosts(&subnets, &client(n)).await.expect("hosts");
        let got = e
            .offer(&subnets, &client(n), &h, None, NOW)
            .await
            .expect("ok");
        assert_eq!(got, Some((ip(10), 0)), "client {n}");
    }
}

#[tokio::test]
async fn the_configuration_files_reservation_wins_over_the_hosts_database() {
    let c = cfg();
    let e = engine_with_hosts_db(&c).await;
    let subnets: Vec<_> = c.subnets.iter().collect();
    let hosts = e
        .client_hosts(&subnets, &client(0x63))
        .await
        .expect("hosts");
    let h = hosts.for_subnet(subnets[0]).expect("a reservation");
    assert_eq!(h.ip_address, Some(ip(11)));
    assert_eq!(
        h.hostname, None,
        "the file's reservation, not the database's"
    );
}

#[tokio::test]
async fn an_offer_of_a_clients_own_lease_leaves_the_pool_cursor_where_it_was() {
    let c = parse_dhcp4_value(&json!({"Dhcp4": {
        "valid-lifetime": 4000,
        "subnet4": [{ "id": 1, "subnet": "192.0.2.0/24",
                      "pools": [{"pool": "192.0.2.10 - 192.0.2.19"}] }]
    }}))
    .expect("config");
    let (e, store, _) = engine(&c);
    let subnets: Vec<_> = c.subnets.iter().collect();
    let mut own = lease(ip(15), 7, LeaseState::Default);
    own.cltt = NOW;
    assert!(store.add4(&own).await.expect("add"));
    let offer = |n: u8| {
        let (e, subnets) = (&e, &subnets);
        async move {
            let hosts = e.client_hosts(subnets, &client(n)).await.expect("hosts");
            e.offer(subnets, &client(n), &hosts, None, NOW)
                .await
                .expect("ok")
        }
    };
    // The returning client is offered its lease; its lookup claimed .10 as the
    // pool candidate and gave it back, so new clients still start at .10.
    assert_eq!(offer(7).await, Some((ip(15), 0)));
    assert_eq!(offer(1).await, Some((ip(10), 0)));
    assert_eq!(offer(2).await, Some((ip(11), 0)));
}
