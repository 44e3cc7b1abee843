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
use tokio::sync::Semaphore;

use crate::stats::Stats;

use super::messages::{Liveness, Server4};
use interfaces::ServedInterface;

/// How many packets may be in processing at once; more are dropped and counted
/// (bounded in-flight work: a slow store cannot pile up unbounded memory).
pub const MAX_IN_FLIGHT: usize = 1024;

/// Packets in processing per pooled SQL connection. Beyond this a flood only
/// queues on the pool and its answers come too late for the clients, so the
/// excess is dropped at once (counted in `pkt4-receive-drop`) instead. New
/// leases wait in group-commit batches (one connection writes many), so a
/// connection keeps more than one packet busy: 8 measured best with the
/// default pool (PostgreSQL, perfdhcp at 6,000/s: 4,203 leases/s vs 3,215 at 4).
pub const IN_FLIGHT_PER_SQL_CONNECTION: usize = 8;

/// The in-flight cap for a configuration: memfile answers in microseconds, an
/// SQL store is bounded by its pool.
pub fn in_flight_limit(cfg: &crate::config::model::Dhcp4Config) -> usize {
    in_flight_limit_for(&cfg.lease_database)
}

/// The in-flight cap for a lease database (both families).
pub fn in_flight_limit_for(db: &crate::config::model::LeaseDatabase) -> usize {
    match db {
        crate::config::model::LeaseDatabase::Memfile { .. } => MAX_IN_FLIGHT,
        crate::config::model::LeaseDatabase::Sql(sql) => {
            (sql.pool_size as usize * IN_FLIGHT_PER_SQL_CONNECTION).clamp(1, MAX_IN_FLIGHT)
        }
    }
}

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
    in_flight: Arc<Semaphore>,
    in_flight_limit: usize,
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
        let limit = in_flight_limit(server.config());
        Self {
            sock: Arc::new(sock),
            server,
            ifaces: interfaces.into_iter().map(|i| (i.index, i)).collect(),
            stats,
            state: ListenerState::Serving,
            in_flight: Arc::new(Semaphore::new(limit)),
            in_flight_limit: limit,
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
