//! How many store operations (round trips on SQL) each DHCPv4 message costs:
//! the client's leases are read once per message, whatever its state.

use std::sync::Arc;

use serde_json::json;

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
}

fn counted() -> C {
    let cfg = parse_dhcp4_value(&json!({ "Dhcp4": base() })).expect("valid config");
    let leases = Arc::new(Counting::new(MemfileStore::in_memory()));
    let srv = Dhcp4Server::new(
        Arc::new(cfg),
        leases.clone(),
        Arc::new(Stats::default()),
        Ports::default(),
        true,
    );
    C { srv, leases }
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
