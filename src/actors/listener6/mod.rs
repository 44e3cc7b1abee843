//! `Dhcp6Listener`: owns the DHCPv6 socket (UDP 547, ff02::1:2 joined on the
//! served interfaces), hands packets to the DHCPv6 server logic and sends the
//! replies: RELAY-REPL to the relay's port 547, direct replies to port 546.
//! It obeys the same Pause / Resume / Shutdown messages as the DHCPv4
//! listener (`ListenerState` is shared) and never decides policy.

pub mod handlers;
pub mod interfaces;
pub mod socket;

use std::collections::HashMap;
use std::sync::Arc;

use actix::prelude::*;
use log::warn;
use tokio::net::UdpSocket;

use crate::actors::in_flight::{in_flight_limit_for, InFlight};
use crate::actors::listener::ListenerState;
use crate::actors::messages::Liveness;
use crate::backends::host_backend::HostBackend;
use crate::backends::lease6_backend::Lease6Backend;
use crate::dhcp::v6::Dhcp6Server;
use crate::stats::Stats;

use interfaces::ServedInterface6;

/// The DHCPv6 lease store: memfile, PostgreSQL or MySQL.
pub type Store6 = Lease6Backend;

/// The DHCPv6 server logic the listener runs (with the configured hosts
/// databases).
pub type Server6 = Dhcp6Server<Store6, HostBackend>;

/// The DHCPv6 listener actor.
pub struct Dhcp6Listener {
    sock: Arc<UdpSocket>,
    server: Arc<Server6>,
    ifaces: HashMap<u32, ServedInterface6>,
    stats: Arc<Stats>,
    state: ListenerState,
    /// Packets in processing: sized to the SQL pool as for DHCPv4.
    in_flight: InFlight,
    /// Every reply goes to this port when set (`-P`, for tests).
    forced_port: Option<u16>,
    /// Where a lost backend is reported (the supervisor).
    liveness: Recipient<Liveness>,
}

impl Dhcp6Listener {
    /// A listener on `sock` serving `interfaces` with `server`; a backend
    /// found lost while serving is reported to `liveness`.
    pub fn new(
        sock: UdpSocket,
        server: Arc<Server6>,
        interfaces: Vec<ServedInterface6>,
        stats: Arc<Stats>,
        forced_port: Option<u16>,
        liveness: Recipient<Liveness>,
    ) -> Self {
        let limit = in_flight_limit_for(&server.config().lease_database);
        Self {
            sock: Arc::new(sock),
            server,
            ifaces: interfaces.into_iter().map(|i| (i.index, i)).collect(),
            stats,
            state: ListenerState::Serving,
            in_flight: InFlight::new(limit),
            forced_port,
            liveness,
        }
    }
}

impl Actor for Dhcp6Listener {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        let sock = self.sock.clone();
        let addr = ctx.address();
        actix::spawn(async move {
            let mut buf = vec![0u8; 65536];
            loop {
                match socket::recv(&sock, &mut buf).await {
                    Ok(d) => {
                        if addr.send(handlers::Incoming6(d)).await.is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        warn!("DHCP6_BUFFER_RECEIVE_FAIL error on attempt to receive packet: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                        if !addr.connected() {
                            break;
                        }
                    }
                }
            }
        });
    }
}
