//! The actor runtime on paused (virtual) time: the listener's Serving/Paused
//! states and the supervisor's disable origins and `max-period` timer, with a
//! fake listener where the real one is not the subject.

use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix::prelude::*;
use ruru::actors::backend::{lease_registration, BackendConn};
use ruru::actors::control::ControlRequest;
use ruru::actors::listener::v4::{interfaces, socket};
use ruru::actors::listener::GetState;
use ruru::actors::listener::{Dhcp4Listener, ListenerState};
use ruru::actors::messages::{
    BackendId, ListenerHandle, Liveness, Pause, Resume, SetServer, Shutdown,
};
use ruru::actors::supervisor::{Family, Family4, Supervisor, SupervisorParts};
use ruru::backends::lease_backend::LeaseBackend;
use ruru::backends::memfile::MemfileStore;
use ruru::commands::protocol::Request;
use ruru::config::model::Dhcp4Config;
use ruru::dhcp::v4::packet::{code, MessageType, Packet4};
use ruru::dhcp::v4::{Dhcp4Server, Ports};
use ruru::stats::Stats;
use serde_json::json;

fn config() -> Dhcp4Config {
    ruru::config::parse_dhcp4_value(&json!({"Dhcp4": {
        "interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},
        "lease-database": {"type": "memfile", "persist": false},
        "subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
                     "relay": {"ip-addresses": ["127.0.0.1"]},
                     "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}]
    }}))
    .expect("valid config")
}

/// Records what the supervisor sends; stands in for listeners and its own liveness sink.
#[derive(Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<&'static str>>>,
}

impl Actor for Recorder {
    type Context = Context<Self>;
}

macro_rules! record {
    ($msg:ty, $name:expr, $ret:ty) => {
        impl Handler<$msg> for Recorder {
            type Result = $ret;
            fn handle(&mut self, _: $msg, _: &mut Self::Context) -> $ret {
                self.seen.lock().expect("lock").push($name);
            }
        }
    };
}
record!(Pause, "pause", ());
record!(Resume, "resume", ());
record!(Shutdown, "shutdown", ());
record!(SetServer, "set-server", ());
record!(Liveness, "liveness", ());

fn discover(xid: u32) -> Vec<u8> {
    let mut p = Packet4 {
        xid,
        giaddr: Ipv4Addr::LOCALHOST,
        hops: 1,
        ..Default::default()
    };
    p.chaddr[..6].copy_from_slice(&[2, 0, 0, 0, 0, (xid & 0xff) as u8]);
    p.options
        .push((code::MESSAGE_TYPE, vec![MessageType::Discover as u8]));
    p.encode()
}

async fn settle() {
    // Virtual time: each sleep returns as soon as the runtime is idle, letting
    // real socket I/O and actor mailboxes make progress.
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[actix_rt::test]
async fn listener_drops_and_counts_packets_while_paused_and_serves_after_resume() {
    tokio::time::pause();
    let cfg = Arc::new(config());
    let stats = Arc::new(Stats::default());
    let store = Arc::new(LeaseBackend::Memfile(MemfileStore::in_memory()));
    let sock = socket::open(0).expect("server socket");
    let port = sock.local_addr().expect("addr").port();
    let client = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("client socket");
    let cport = client.local_addr().expect("addr").port();
    let ports = Ports {
        server: port,
        client: cport,
        client_forced: true,
    };
    let server = Arc::new(Dhcp4Server::with_hosts(
        cfg.clone(),
        store,
        Vec::new(),
        stats.clone(),
        ports,
        false,
    ));
    let ifaces = interfaces::resolve(&cfg.interfaces.interfaces).expect("lo exists");
    let sink = Recorder::default().start();
    let listener =
        Dhcp4Listener::new(sock, server, ifaces, stats.clone(), (), sink.recipient()).start();
    let to = ("127.0.0.1", port);
    let mut buf = [0u8; 1500];

    client.send_to(&discover(1), to).await.expect("send");
    let n = client.recv(&mut buf).await.expect("an OFFER while serving");
    assert_eq!(
        Packet4::decode(&buf[..n]).expect("offer").message_type(),
        Some(MessageType::Offer)
    );

    listener.send(Pause).await.expect("pause");
    assert_eq!(
        listener.send(GetState).await.expect("state"),
        ListenerState::Paused
    );
    client.send_to(&discover(2), to).await.expect("send");
    for _ in 0..100 {
        if stats.get("pkt4-receive-drop") == Some(1) {
            break;
        }
        settle().await;
    }
    assert_eq!(
        stats.get("pkt4-receive-drop"),
        Some(1),
        "the paused listener counts the drop"
    );
    assert!(client.try_recv(&mut buf).is_err(), "no reply while paused");

    listener.send(Resume).await.expect("resume");
    client.send_to(&discover(3), to).await.expect("send");
    let n = client.recv(&mut buf).await.expect("an OFFER after resume");
    let offer = Packet4::decode(&buf[..n]).expect("offer");
    assert_eq!(offer.xid, 3);
    assert_eq!(stats.get("pkt4-offer-sent"), Some(2));
}

struct Harness {
    sup: Addr<Supervisor>,
    seen: Arc<Mutex<Vec<&'static str>>>,
}

fn supervisor_with_fake_listener() -> Harness {
    let cfg = Arc::new(config());
    let stats = Arc::new(Stats::default());
    let store = Arc::new(LeaseBackend::Memfile(MemfileStore::in_memory()));
    let server = Arc::new(Dhcp4Server::with_hosts(
        cfg.clone(),
        store.clone(),
        Vec::new(),
        stats.clone(),
        Ports::default(),
        false,
    ));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let fake = Recorder { seen: seen.clone() }.start();
    let sink = Recorder::default().start();
    let backend = BackendConn::new(BackendId::Lease, store.clone(), 0, sink.recipient()).start();
    let backends = vec![lease_registration(&store, &cfg.lease_database, &backend)];
    let sup = Supervisor::new(SupervisorParts {
        family: Family::V4(Family4 {
            cfg,
            store,
            server,
            ports: Ports::default(),
        }),
        config_path: None,
        stats,
        listeners: vec![ListenerHandle::of(&fake)],
        backends,
        control: None,
        config_backend: None,
    })
    .start();
    Harness { sup, seen }
}

async fn command(h: &Harness, name: &str, args: Option<serde_json::Value>) -> i32 {
    h.sup
        .send(ControlRequest {
            request: Request::new(name, args),
        })
        .await
        .expect("supervisor answers")
        .result
}

fn last(h: &Harness) -> Option<&'static str> {
    h.seen.lock().expect("lock").last().copied()
}

#[actix_rt::test]
async fn dhcp_disable_with_max_period_resumes_service_by_itself_on_time() {
    tokio::time::pause();
    let h = supervisor_with_fake_listener();
    assert_eq!(
        command(&h, "dhcp-disable", Some(json!({"max-period": 30}))).await,
        0
    );
    settle().await;
    assert_eq!(last(&h), Some("pause"));
    tokio::time::advance(Duration::from_secs(29)).await;
    settle().await;
    assert_eq!(last(&h), Some("pause"), "still disabled before max-period");
    tokio::time::advance(Duration::from_secs(2)).await;
    settle().await;
    assert_eq!(last(&h), Some("resume"), "re-enabled after max-period");
}

#[actix_rt::test]
async fn user_enable_does_not_lift_a_disable_by_another_origin() {
    tokio::time::pause();
    let h = supervisor_with_fake_listener();
    assert_eq!(
        command(&h, "dhcp-disable", Some(json!({"origin": "ha-partner"}))).await,
        0
    );
    assert_eq!(command(&h, "dhcp-disable", None).await, 0);
    assert_eq!(command(&h, "dhcp-enable", None).await, 0);
    settle().await;
    assert_eq!(last(&h), Some("pause"), "ha-partner origin still disables");
    assert_eq!(
        command(&h, "dhcp-enable", Some(json!({"origin": "ha-partner"}))).await,
        0
    );
    settle().await;
    assert_eq!(last(&h), Some("resume"));
}

#[actix_rt::test]
async fn dhcp_enable_cancels_the_max_period_timer() {
    tokio::time::pause();
    let h = supervisor_with_fake_listener();
    assert_eq!(
        command(&h, "dhcp-disable", Some(json!({"max-period": 10}))).await,
        0
    );
    assert_eq!(command(&h, "dhcp-enable", None).await, 0);
    assert_eq!(command(&h, "dhcp-disable", None).await, 0);
    tokio::time::advance(Duration::from_secs(60)).await;
    settle().await;
    assert_eq!(
        last(&h),
        Some("pause"),
        "a later disable without max-period stays"
    );
}
