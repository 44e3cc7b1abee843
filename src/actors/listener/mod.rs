//! `Listener<F>`: owns one family's UDP socket, hands each datagram to the
//! family's packet path (`v4`, `v6`), and obeys the supervisor: Pause /
//! Resume / SetServer / Shutdown, written once for both families. States
//! Serving / Paused (packets dropped and counted) / Stopping. It never
//! decides policy.

pub mod v4;
pub mod v6;

use std::collections::HashMap;
use std::fmt::Display;
use std::future::Future;
use std::io;
use std::sync::Arc;

use actix::prelude::*;
use log::{debug, error, warn};
use tokio::net::UdpSocket;
use tokio::sync::OwnedSemaphorePermit;

use crate::backends::{ErrorClass, StoreError};
use crate::config::model::LeaseDatabase;
use crate::dhcp::alloc::AllocError;
use crate::stats::Stats;

use super::in_flight::{in_flight_limit_for, InFlight, DRAIN_TIMEOUT};
use super::messages::{
    BackendId, Dhcp4Service, Dhcp6Service, Liveness, Pause, Resume, ServedFamily, SetServerOf,
    Shutdown,
};

/// Serving or paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenerState {
    /// Packets are processed.
    Serving,
    /// Packets are dropped and counted (`pkt4-receive-drop` / `pkt6-receive-drop`).
    Paused,
    /// Shutting down: nothing new is accepted.
    Stopping,
}

/// What the listener needs of a family beyond [`ServedFamily`]: its socket's
/// datagrams, its options, and its packet path.
pub trait ListenerFamily: ServedFamily + Sized {
    /// One received datagram (bytes, addresses, interface).
    type Datagram: Send + 'static;
    /// Per-listener settings (`-P` forced reply port for DHCPv6; none for DHCPv4).
    type Options: Unpin + 'static;
    /// Kea's log-ID prefix (`DHCP4`, `DHCP6`).
    const LOG: &'static str;
    /// The statistic of packets dropped (`pkt4-receive-drop`, `pkt6-receive-drop`).
    const DROP_STAT: &'static str;
    /// The statistic of datagrams received on a served interface (`pkt4-received`).
    const RECEIVED_STAT: &'static str;
    /// The statistic of datagrams that are not a DHCP message (`pkt4-parse-failed`).
    const PARSE_FAILED_STAT: &'static str;
    /// The statistic of replies sent (`pkt4-sent`).
    const SENT_STAT: &'static str;
    /// Kea's log ID of a packet dropped while service is disabled.
    const DISABLED_LOG: &'static str;
    /// Kea's log ID of a datagram that does not parse.
    const PARSE_FAIL_LOG: &'static str;
    /// The interface index of a served interface.
    fn interface_index(i: &Self::Interface) -> u32;
    /// Receives one datagram.
    fn recv(sock: &UdpSocket, buf: &mut [u8]) -> impl Future<Output = io::Result<Self::Datagram>>;
    /// The lease database the server logic runs on (sizes the in-flight cap).
    fn lease_database(server: &Self::Server) -> &LeaseDatabase;
    /// Called before a new interface list replaces `old` (DHCPv6 joins
    /// ff02::1:2 on the new ones).
    fn interfaces_added(
        _sock: &UdpSocket,
        _old: &HashMap<u32, Self::Interface>,
        _new: &[Self::Interface],
    ) {
    }
    /// The packet path of one datagram: checks, decode, admission, and the
    /// spawned processing and reply.
    fn serve(listener: &mut Listener<Self>, datagram: Self::Datagram);
}

/// The parts of [`ListenerFamily`] written alike for both families, emitted
/// inside each family's impl: Kea's log prefix `$log`, the packet statistics
/// named after `$pkt` (`pkt4`, `pkt6`), and the accessors of its interface,
/// socket module (`socket::recv`) and server logic.
macro_rules! listener_family_common {
    ($log:literal, $pkt:literal, disabled: $disabled:literal, parse_fail: $parse_fail:literal) => {
        const LOG: &'static str = $log;
        const DISABLED_LOG: &'static str = $disabled;
        const PARSE_FAIL_LOG: &'static str = $parse_fail;
        const DROP_STAT: &'static str = concat!($pkt, "-receive-drop");
        const RECEIVED_STAT: &'static str = concat!($pkt, "-received");
        const PARSE_FAILED_STAT: &'static str = concat!($pkt, "-parse-failed");
        const SENT_STAT: &'static str = concat!($pkt, "-sent");

        fn interface_index(i: &Self::Interface) -> u32 {
            i.index
        }

        async fn recv(sock: &UdpSocket, buf: &mut [u8]) -> std::io::Result<Self::Datagram> {
            socket::recv(sock, buf).await
        }

        fn lease_database(server: &Self::Server) -> &LeaseDatabase {
            &server.config().lease_database
        }
    };
}
use listener_family_common;

/// The listener actor of family `F`.
pub struct Listener<F: ListenerFamily> {
    sock: Arc<UdpSocket>,
    server: Arc<F::Server>,
    ifaces: HashMap<u32, F::Interface>,
    stats: Arc<Stats>,
    state: ListenerState,
    /// Packets in processing: sized to the lease database's pool.
    in_flight: InFlight,
    options: F::Options,
    /// Where a backend found lost while serving is reported (the supervisor).
    liveness: Recipient<Liveness>,
}

/// The DHCPv4 listener.
pub type Dhcp4Listener = Listener<Dhcp4Service>;
/// The DHCPv6 listener.
pub type Dhcp6Listener = Listener<Dhcp6Service>;

impl<F: ListenerFamily> Listener<F> {
    /// A listener on `sock` serving `interfaces` with `server`; a backend
    /// found lost while serving is reported to `liveness`.
    pub fn new(
        sock: UdpSocket,
        server: Arc<F::Server>,
        interfaces: Vec<F::Interface>,
        stats: Arc<Stats>,
        options: F::Options,
        liveness: Recipient<Liveness>,
    ) -> Self {
        let limit = in_flight_limit_for(F::lease_database(&server));
        Self {
            sock: Arc::new(sock),
            server,
            ifaces: by_index::<F>(interfaces),
            stats,
            state: ListenerState::Serving,
            in_flight: InFlight::new(limit),
            options,
            liveness,
        }
    }

    /// A datagram's arrival on interface `ifindex`: the interface when it is
    /// one we serve (counted as received) and service is on (else the
    /// datagram is counted as dropped).
    fn arrived(&self, ifindex: u32) -> Option<&F::Interface> {
        let iface = self.ifaces.get(&ifindex)?;
        packet_stats::arrived::<F>(&self.stats);
        if self.state != ListenerState::Serving {
            packet_stats::dropped::<F>(&self.stats);
            debug!("{} DHCP service is globally disabled", F::DISABLED_LOG);
            return None;
        }
        Some(iface)
    }

    /// A datagram from `src` to `dst` on interface `iface` that is not a DHCP
    /// message (`why`): counted and logged as Kea does.
    fn unparsable(&self, (src, dst): (impl Display, impl Display), iface: &str, why: impl Display) {
        packet_stats::unparsable::<F>(&self.stats);
        debug!(
            "{} failed to parse packet from {src} to {dst}, received over interface {iface}, reason: {why}",
            F::PARSE_FAIL_LOG
        );
    }

    /// Current state (for tests and status).
    pub fn state(&self) -> ListenerState {
        self.state
    }

    /// A permit for one more packet in processing, or `None` (the packet is
    /// dropped and counted) when the cap is reached. Finishing exchanges
    /// beats starting new ones: a packet that opens one (`opener` names it:
    /// DHCPDISCOVER, SOLICIT) may use only half of the capacity, so clients
    /// that already hold an offer are not starved by a flood of new ones.
    fn admit(&self, opener: Option<&str>) -> Option<OwnedSemaphorePermit> {
        let limit = self.in_flight.limit();
        if let Some(name) = opener {
            if self.in_flight.available() <= limit / 2 {
                packet_stats::dropped::<F>(&self.stats);
                debug!(
                    "{}_PACKET_QUEUE_FULL {} packets in processing: dropping a {name}",
                    F::LOG,
                    limit / 2
                );
                return None;
            }
        }
        let permit = self.in_flight.try_acquire();
        if permit.is_none() {
            packet_stats::dropped::<F>(&self.stats);
            debug!(
                "{}_PACKET_QUEUE_FULL {limit} packets in processing: dropping",
                F::LOG
            );
        }
        permit
    }
}

/// The packet statistics, counted here for both families as Kea counts
/// them (the per-type `*-received` ones are the server logic's, which reads
/// the type): every datagram on a served interface, those that do not parse,
/// every drop, every reply actually sent and its type's.
pub(super) mod packet_stats {
    use super::ListenerFamily;
    use crate::stats::Stats;

    /// A datagram arrived on a served interface.
    pub fn arrived<F: ListenerFamily>(stats: &Stats) {
        stats.inc(F::RECEIVED_STAT);
    }

    /// It is not a DHCP message: counted as failed to parse and dropped.
    pub fn unparsable<F: ListenerFamily>(stats: &Stats) {
        stats.inc(F::PARSE_FAILED_STAT);
        stats.inc(F::DROP_STAT);
    }

    /// It was dropped (service disabled, no answer due, processing failed).
    pub fn dropped<F: ListenerFamily>(stats: &Stats) {
        stats.inc(F::DROP_STAT);
    }

    /// Its reply went out; `type_stat` is the reply type's statistic.
    pub fn sent<F: ListenerFamily>(stats: &Stats, type_stat: Option<&'static str>) {
        stats.inc(F::SENT_STAT);
        if let Some(s) = type_stat {
            stats.inc(s);
        }
    }
}

/// A packet that got no reply because a store failed: counted as dropped,
/// logged with Kea's ID (`packet` names it), and a lost connection reported
/// to the supervisor, which decides recovery (`on-fail`). A report from
/// work begun at `started` is ignored if the backend recovered since.
fn report_failure<F: ListenerFamily, E: StoreError>(
    stats: &Stats,
    liveness: &Recipient<Liveness>,
    started: tokio::time::Instant,
    packet: &str,
    failure: AllocError<E>,
) {
    packet_stats::dropped::<F>(stats);
    let (backend, message) = match failure {
        AllocError::Store(e) => {
            error!(
                "{}_PACKET_PROCESS_STD_EXCEPTION {packet} processing failed, no response sent: {e}",
                F::LOG
            );
            if e.class() != ErrorClass::ConnectionLost {
                return;
            }
            (BackendId::Lease, e.to_string())
        }
        AllocError::HostsLost { index, message } => {
            let backend = BackendId::Hosts(index);
            error!("{}_PACKET_PROCESS_STD_EXCEPTION {packet} processing failed, no response sent: {backend}: {message}", F::LOG);
            (backend, message)
        }
    };
    liveness.do_send(Liveness::LostSince(backend, message, started));
}

fn by_index<F: ListenerFamily>(interfaces: Vec<F::Interface>) -> HashMap<u32, F::Interface> {
    interfaces
        .into_iter()
        .map(|i| (F::interface_index(&i), i))
        .collect()
}

/// A datagram from the socket task.
struct Incoming<F: ListenerFamily>(F::Datagram);

impl<F: ListenerFamily> Message for Incoming<F> {
    type Result = ();
}

impl<F: ListenerFamily> Actor for Listener<F> {
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
                match F::recv(&sock, &mut buf).await {
                    Ok(d) => {
                        if addr.send(Incoming::<F>(d)).await.is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        warn!(
                            "{}_BUFFER_RECEIVE_FAIL error on attempt to receive packet: {e}",
                            F::LOG
                        );
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

impl<F: ListenerFamily> Handler<Incoming<F>> for Listener<F> {
    type Result = ();
    fn handle(&mut self, msg: Incoming<F>, _: &mut Self::Context) {
        F::serve(self, msg.0);
    }
}

impl<F: ListenerFamily> Handler<Pause> for Listener<F> {
    type Result = ();
    fn handle(&mut self, _: Pause, _: &mut Self::Context) {
        if self.state == ListenerState::Serving {
            self.state = ListenerState::Paused;
        }
    }
}

impl<F: ListenerFamily> Handler<Resume> for Listener<F> {
    type Result = ();
    fn handle(&mut self, _: Resume, _: &mut Self::Context) {
        if self.state == ListenerState::Paused {
            self.state = ListenerState::Serving;
        }
    }
}

/// A new configuration: the in-flight cap follows the new lease database's
/// pool, then the server logic and interfaces are replaced.
impl<F: ListenerFamily> Handler<SetServerOf<F>> for Listener<F> {
    type Result = ();
    fn handle(&mut self, msg: SetServerOf<F>, _: &mut Self::Context) {
        F::interfaces_added(&self.sock, &self.ifaces, &msg.interfaces);
        self.in_flight
            .resize(in_flight_limit_for(F::lease_database(&msg.server)));
        self.server = msg.server;
        self.ifaces = by_index::<F>(msg.interfaces);
    }
}

/// CANCEL-SAFETY: the drain only waits; dropping it leaves in-flight packets
/// to finish on their own.
impl<F: ListenerFamily> Handler<Shutdown> for Listener<F> {
    type Result = ResponseActFuture<Self, ()>;
    fn handle(&mut self, _: Shutdown, _: &mut Self::Context) -> Self::Result {
        self.state = ListenerState::Stopping;
        let drain = self.in_flight.drain(DRAIN_TIMEOUT);
        Box::pin(
            async move {
                if !drain.await {
                    warn!("{}_SHUTDOWN_DRAIN_TIMEOUT in-flight packets did not finish within {DRAIN_TIMEOUT:?}", F::LOG);
                }
            }
            .into_actor(self)
            .map(|_, _, ctx| ctx.stop()),
        )
    }
}

/// Test hook: the listener's state.
#[derive(Message)]
#[rtype(result = "ListenerState")]
pub struct GetState;

impl<F: ListenerFamily> Handler<GetState> for Listener<F> {
    type Result = MessageResult<GetState>;
    fn handle(&mut self, _: GetState, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.state)
    }
}

/// Test hook: the listener's cap on packets in processing.
#[derive(Message)]
#[rtype(result = "usize")]
pub struct GetInFlightLimit;

impl<F: ListenerFamily> Handler<GetInFlightLimit> for Listener<F> {
    type Result = usize;
    fn handle(&mut self, _: GetInFlightLimit, _: &mut Self::Context) -> usize {
        self.in_flight.limit()
    }
}
