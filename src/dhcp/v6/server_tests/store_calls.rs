//! How many store operations (round trips on SQL) each DHCPv6 message costs:
//! the client's leases by DUID are read once per message, and each hosts
//! database is asked for the client's host once per message.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::backends::host_memory::MemHostStore;
use crate::backends::memfile::Memfile6Store;
use crate::config::parse_dhcp6_value;
use crate::dhcp::counting_store::{calls, Counting};
use crate::stats::Stats;

use super::super::Dhcp6Server;
use super::*;

struct C {
    srv: Dhcp6Server<Counting<Memfile6Store>, Counting<MemHostStore>>,
    leases: Arc<Counting<Memfile6Store>>,
    hosts: Arc<Counting<MemHostStore>>,
}

/// [`shared`] with a PD pool in each subnet, global reservations on and one
/// (empty) hosts database.
fn network() -> Value {
    let mut cfg = shared();
    cfg["reservations-global"] = json!(true);
    cfg["shared-networks"][0]["subnet6"][0]["pd-pools"] = json!([
        { "prefix": "2001:db8:8000::", "prefix-len": 56, "delegated-len": 56 }
    ]);
    cfg["shared-networks"][0]["subnet6"][1]["pd-pools"] = json!([
        { "prefix": "2001:db8:9000::", "prefix-len": 56, "delegated-len": 56 }
    ]);
    cfg
}

fn counted(cfg: Value) -> C {
    let cfg = parse_dhcp6_value(&json!({ "Dhcp6": cfg })).expect("valid config");
    let leases = Arc::new(Counting::new(Memfile6Store::in_memory()));
    let hosts = Arc::new(Counting::new(MemHostStore::new()));
    let srv = Dhcp6Server::with_hosts(
        Arc::new(cfg),
        leases.clone(),
        vec![hosts.clone()],
        Arc::new(Stats::new(20)),
        SERVER_DUID.to_vec(),
    );
    C { srv, leases, hosts }
}

impl C {
    async fn reply(&self, m: Message6) -> Message6 {
        let p = Packet6 {
            relays: vec![],
            message: m,
        };
        match self
            .srv
            .process(&p, &direct(), NOW)
            .await
            .expect("store ok")
        {
            Outcome6::Reply { packet, .. } => packet.message,
            other => panic!("expected a reply, got {other:?}"),
        }
    }

    /// A REQUEST for one address and one prefix; what was given. Resets the
    /// counts.
    async fn bound(&self, client: u8) -> (Ipv6Addr, Ipv6Addr) {
        let mut q = with_server_id(query(msg::REQUEST, client));
        q.options.push(ia_na(1, &[]));
        q.options.push(ia_pd(2, &[]));
        let r = self.reply(q).await;
        self.leases.take();
        self.hosts.take();
        (
            ias(&r, opt::IA_NA)[0].addresses[0].address,
            ias(&r, opt::IA_PD)[0].prefixes[0].prefix,
        )
    }
}

fn na_and_pd(t: u8, client: u8, (na, pd): (Ipv6Addr, Ipv6Addr)) -> Message6 {
    let mut q = query(t, client);
    if t != msg::REBIND {
        q = with_server_id(q);
    }
    q.options.push(ia_na(1, &[&na.to_string()]));
    q.options.push(ia_pd(2, &[(&pd.to_string(), 56)]));
    q
}

#[tokio::test]
async fn a_solicit_for_an_address_and_a_prefix_reads_the_clients_leases_by_duid_once() {
    let c = counted(network());
    let mut q = query(msg::SOLICIT, 1);
    q.options.push(ia_na(1, &[]));
    q.options.push(ia_pd(2, &[]));
    let r = c.reply(q).await;
    assert_eq!(r.msg_type, msg::ADVERTISE);
    assert_eq!(
        c.leases.take(),
        calls(&[("get6_by_duid", 1), ("get6_matching", 2)])
    );
}

#[tokio::test]
async fn a_request_for_an_address_and_a_prefix_reads_once_and_writes_each_lease_once() {
    let c = counted(network());
    let mut q = with_server_id(query(msg::REQUEST, 1));
    q.options.push(ia_na(1, &[]));
    q.options.push(ia_pd(2, &[]));
    c.reply(q).await;
    assert_eq!(
        c.leases.take(),
        calls(&[("add6", 2), ("get6_by_duid", 1), ("get6_matching", 2)])
    );
}

#[tokio::test]
async fn the_hosts_database_is_asked_once_per_query_for_the_whole_network() {
    let c = counted(network());
    let mut q = query(msg::SOLICIT, 1);
    q.options.push(ia_na(1, &[]));
    c.reply(q).await;
    let asked = c.hosts.take();
    // The client's host, for its two identifiers (DUID, and the hardware
    // address inside it) in both subnets and the global scope, in one
    // lookup; then whether the candidate address is reserved for someone
    // else.
    assert_eq!(asked, calls(&[("get6_any", 1), ("get6_by_address", 1)]));
}

#[tokio::test]
async fn renew_rebind_release_and_decline_read_each_lease_once_and_write_it_once() {
    let c = counted(network());
    let given = c.bound(1).await;
    for t in [msg::RENEW, msg::REBIND] {
        c.reply(na_and_pd(t, 1, given)).await;
        assert_eq!(c.leases.take(), calls(&[("get6", 2), ("replace6", 2)]));
    }
    c.reply(na_and_pd(msg::RELEASE, 1, given)).await;
    assert_eq!(c.leases.take(), calls(&[("delete6", 2), ("get6", 2)]));
    let given = c.bound(2).await;
    c.reply(na_and_pd(msg::DECLINE, 2, given)).await;
    assert_eq!(c.leases.take(), calls(&[("get6", 1), ("replace6", 1)]));
}

#[tokio::test]
async fn confirm_and_information_request_touch_no_lease() {
    let c = counted(network());
    let given = c.bound(1).await;
    let mut q = query(msg::CONFIRM, 1);
    q.options.push(ia_na(1, &[&given.0.to_string()]));
    c.reply(q).await;
    c.reply(query(msg::INFORMATION_REQUEST, 1)).await;
    assert_eq!(c.leases.take(), calls(&[]));
}
