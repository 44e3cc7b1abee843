//! `Dhcp4Listener`: owns the DHCPv4 socket, hands packets to the server logic,
//! sends replies. States Serving / Paused (packets dropped and counted). It never
//! decides policy: the supervisor tells it to pause, resume or stop.

pub mod arp;
pub mod handlers;
pub mod interfaces;
pub mod socket;

use std::collections::HashMap;
use std::sync::Arc;

use actix::prelude::*;
use log::warn;
use tokio::net::UdpSocket;

use crate::stats::Stats;

use super::in_flight::{in_flight_limit_for, InFlight};
use super::messages::{Liveness, Server4};
use interfaces::ServedInterface;

/// Serving or paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenerState {
    /// Packets are processed.
    Serving,
    /// Packets are dropped and counted (`pkt4-receive-drop`).
    Paused,
    /// Shutting down: nothing new is accepted.
    Stopping,
}

/// The DHCPv4 listener actor.
pub struct Dhcp4Listener {
    sock: Arc<UdpSocket>,
    server: Arc<Server4>,
    ifaces: HashMap<u32, ServedInterface>,
    stats: Arc<Stats>,
    state: ListenerState,
    in_flight: InFlight,
    liveness: Recipient<Liveness>,
}

impl Dhcp4Listener {
    /// A listener on `sock` serving `interfaces` with `server`; reports store
    /// connection losses to `liveness`.
    pub fn new(
        sock: UdpSocket,
        server: Arc<Server4>,
        interfaces: Vec<ServedInterface>,
        stats: Arc<Stats>,
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
            liveness,
        }
    }

    /// Current state (for tests and status).
    pub fn state(&self) -> ListenerState {
        self.state
    }
}

impl Actor for Dhcp4Listener {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        let sock = self.sock.clone();
        let addr = ctx.address();
        // The receive loop waits for each datagram to be handled before reading
        // the next (backpressure): under overload the kernel socket buffer drops
        // the excess instead of the mailbox growing without bound. It ends when
        // the actor stops.
        actix::spawn(async move {
            let mut buf = vec![0u8; 65536];
            loop {
                match socket::recv(&sock, &mut buf).await {
                    Ok(d) => {
                        if addr.send(handlers::Incoming(d)).await.is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        warn!("DHCP4_BUFFER_RECEIVE_FAIL error on attempt to receive packet: {e}");
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
