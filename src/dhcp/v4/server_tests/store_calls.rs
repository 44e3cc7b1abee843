//! How many store operations (round trips on SQL) each DHCPv4 message costs:
//! the client's leases are read once per message, whatever its state.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::backends::host_memory::MemHostStore;
use crate::backends::memfile::MemfileStore;
use crate::config::parse_dhcp4_value;
use crate::dhcp::counting_store::{calls, Counting};
use crate::stats::Stats;

use super::super::{Dhcp4Server, Ports};
use super::*;

struct C {
    srv: Dhcp4Server<Counting<MemfileStore>, Counting<MemHostStore>>,
    leases: Arc<Counting<MemfileStore>>,
    hosts: Vec<Arc<Counting<MemHostStore>>>,
}

fn counted() -> C {
    counted_with(base(), 0)
}

/// A server over `dhcp4` with `host_dbs` (empty) hosts databases.
fn counted_with(dhcp4: Value, host_dbs: usize) -> C {
    let cfg = parse_dhcp4_value(&json!({ "Dhcp4": dhcp4 })).expect("valid config");
    let leases = Arc::new(Counting::new(MemfileStore::in_memory()));
    let hosts: Vec<_> = (0..host_dbs)
        .map(|_| Arc::new(Counting::new(MemHostStore::new())))
        .collect();
    let srv = Dhcp4Server::with_hosts(
        Arc::new(cfg),
        leases.clone(),
        hosts.clone(),
        Arc::new(Stats::default()),
        Ports::default(),
        true,
    );
    C { srv, leases, hosts }
}

impl C {
    async fn run(&self, q: &Packet4, m: &PacketMeta) -> Outcome {
        self.srv.process(q, m, NOW).await.expect("no store error")
    }

    /// DISCOVER + REQUEST for client `n`; the acked address. Resets the count.
    async fn dora(&self, n: u8) -> Ipv4Addr {
        let (offer, _) = reply(self.run(&discover(n), &relay_meta()).await);
        let (ack, _) = reply(self.run(&selecting(n, offer.yiaddr), &relay_meta()).await);
        assert_eq!(ack.message_type(), Some(MessageType::Ack));
        self.leases.take();
        ack.yiaddr
    }
}

#[tokio::test]
async fn a_discover_reads_the_clients_leases_once_and_writes_nothing() {
    let c = counted();
    reply(c.run(&discover(1), &relay_meta()).await);
    assert_eq!(c.leases.take(), calls(&[("get4_matching", 1)]));
}

#[tokio::test]
async fn a_selecting_request_reads_once_and_writes_once() {
    let c = counted();
    let (offer, _) = reply(c.run(&discover(1), &relay_meta()).await);
    c.leases.take();
    reply(c.run(&selecting(1, offer.yiaddr), &relay_meta()).await);
    assert_eq!(c.leases.take(), calls(&[("get4_matching", 1), ("add4", 1)]));
}

#[tokio::test]
async fn an_init_reboot_request_reads_the_clients_leases_once() {
    let c = counted();
    let a = c.dora(1).await;
    let (ack, _) = reply(c.run(&init_reboot(1, a), &relay_meta()).await);
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    assert_eq!(
        c.leases.take(),
        calls(&[("get4_matching", 1), ("replace4", 1)])
    );
}

#[tokio::test]
async fn an_init_reboot_nak_reads_the_clients_leases_once() {
    let c = counted();
    let a = c.dora(1).await;
    let other = if a == ip(10) { ip(11) } else { ip(10) };
    let (nak, _) = reply(c.run(&init_reboot(1, other), &relay_meta()).await);
    assert_eq!(nak.message_type(), Some(MessageType::Nak));
    assert_eq!(c.leases.take(), calls(&[("get4_matching", 1)]));
}

#[tokio::test]
async fn renewing_and_rebinding_requests_read_once_and_write_once() {
    let c = counted();
    let a = c.dora(1).await;
    for m in [unicast_meta(a), bcast_meta()] {
        let (ack, _) = reply(c.run(&renewing(1, a), &m).await);
        assert_eq!(ack.message_type(), Some(MessageType::Ack));
        assert_eq!(
            c.leases.take(),
            calls(&[("get4_matching", 1), ("replace4", 1)])
        );
    }
}

#[tokio::test]
async fn release_and_decline_read_the_lease_once_and_write_once() {
    let c = counted();
    let a = c.dora(1).await;
    c.run(&release(1, a), &unicast_meta(a)).await;
    assert_eq!(c.leases.take(), calls(&[("get4", 1), ("delete4", 1)]));
    let b = c.dora(2).await;
    c.run(&decline(2, b), &relay_meta()).await;
    assert_eq!(c.leases.take(), calls(&[("get4", 1), ("replace4", 1)]));
}

#[tokio::test]
async fn an_inform_touches_no_lease() {
    let c = counted();
    let mut q = relayed(query(MessageType::Inform, 1));
    q.ciaddr = ip(50);
    reply(c.run(&q, &relay_meta()).await);
    assert_eq!(c.leases.take(), calls(&[]));
}

#[tokio::test]
async fn each_hosts_database_is_asked_for_the_clients_host_once_per_message() {
    let mut cfg = base();
    cfg["host-reservation-identifiers"] = json!(["hw-address", "client-id"]);
    let c = counted_with(cfg, 2);
    let with_cid = |p: Packet4| with(p, code::CLIENT_ID, &[1, 2, 0, 0, 0, 0, 1]);
    let (offer, _) = reply(c.run(&with_cid(discover(1)), &relay_meta()).await);
    let (ack, _) = reply(
        c.run(&with_cid(selecting(1, offer.yiaddr)), &relay_meta())
            .await,
    );
    assert_eq!(ack.message_type(), Some(MessageType::Ack));
    // Per message and database: the client's host by both its identifiers
    // in one lookup, and whether the address is reserved for someone else.
    for (i, db) in c.hosts.iter().enumerate() {
        assert_eq!(
            db.take(),
            calls(&[("get4_any", 2), ("get4_by_address", 2)]),
            "hosts database {i}, DISCOVER + REQUEST"
        );
    }
}
