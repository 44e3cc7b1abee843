//! Message handlers of the DHCPv6 listener.

use std::net::SocketAddrV6;

use actix::prelude::*;
use log::{debug, error, warn};

use crate::actors::in_flight::{in_flight_limit_for, DRAIN_TIMEOUT};
use crate::actors::listener::handlers::GetInFlightLimit;
use crate::actors::listener::ListenerState;
use crate::actors::messages::{BackendId, Liveness, Pause, Resume, SetServer6, Shutdown};
use crate::backends::error::{ErrorClass, StoreError};
use crate::dhcp::alloc::AllocError;
use crate::dhcp::v6::packet::{msg, type_name};
use crate::dhcp::v6::{Meta6, Outcome6, Packet6};

use super::socket::Datagram6;
use super::Dhcp6Listener;

/// A datagram from the socket task.
#[derive(Message)]
#[rtype(result = "()")]
pub(super) struct Incoming6(pub Datagram6);

impl Handler<Incoming6> for Dhcp6Listener {
    type Result = ();

    fn handle(&mut self, msg: Incoming6, _ctx: &mut Self::Context) {
        let d = msg.0;
        let Some(iface) = self.ifaces.get(&d.ifindex) else {
            return; // not an interface we serve
        };
        if self.state != ListenerState::Serving {
            self.stats.inc("pkt6-received");
            self.stats.inc("pkt6-receive-drop");
            debug!("DHCP6_PACKET_DROP_DHCP_DISABLED DHCP service is globally disabled");
            return;
        }
        let p = match Packet6::decode(&d.data) {
            Ok(p) => p,
            Err(e) => {
                self.stats.inc("pkt6-received");
                self.stats.inc("pkt6-parse-failed");
                self.stats.inc("pkt6-receive-drop");
                debug!(
                    "DHCP6_PACKET_DROP_PARSE_FAIL failed to parse packet from {} to {}, received over interface {}, reason: {e}",
                    d.src, d.dst, iface.name
                );
                return;
            }
        };
        // As for DHCPv4: a SOLICIT may use only half of the in-flight
        // capacity, so REQUESTs (whose clients hold an ADVERTISE) finish.
        if p.message.msg_type == msg::SOLICIT
            && self.in_flight.available() <= self.in_flight.limit() / 2
        {
            self.stats.inc("pkt6-receive-drop");
            debug!(
                "DHCP6_PACKET_QUEUE_FULL {} packets in processing: dropping a SOLICIT",
                self.in_flight.limit() / 2
            );
            return;
        }
        let Some(permit) = self.in_flight.try_acquire() else {
            self.stats.inc("pkt6-receive-drop");
            debug!(
                "DHCP6_PACKET_QUEUE_FULL {} packets in processing: dropping",
                self.in_flight.limit()
            );
            return;
        };
        let meta = Meta6 {
            iface: iface.name.to_string(),
            source: *d.src.ip(),
            source_port: d.src.port(),
            unicast: !d.dst.is_multicast(),
        };
        let ifindex = iface.index;
        let server = self.server.clone();
        let sock = self.sock.clone();
        let stats = self.stats.clone();
        let forced_port = self.forced_port;
        let liveness = self.liveness.clone();
        let started = tokio::time::Instant::now();
        actix::spawn(async move {
            let _permit = permit;
            let now = chrono::Utc::now().timestamp();
            match server.process(&p, &meta, now).await {
                Ok(Outcome6::Reply { packet, dest }) => {
                    let port = forced_port.unwrap_or(dest.port());
                    let to = SocketAddrV6::new(*dest.ip(), port, 0, ifindex);
                    if let Err(e) = sock.send_to(&packet.encode(), to).await {
                        error!("DHCP6_PACKET_SEND_FAIL failed to send DHCPv6 packet to {to}: {e}");
                    }
                }
                Ok(Outcome6::Drop(_)) => {}
                Err(AllocError::Store(e)) => {
                    stats.inc("pkt6-receive-drop");
                    error!(
                        "DHCP6_PACKET_PROCESS_STD_EXCEPTION {} processing failed, no response sent: {e}",
                        type_name(p.message.msg_type)
                    );
                    // The supervisor decides (recovery per `on-fail`).
                    if e.class() == ErrorClass::ConnectionLost {
                        liveness.do_send(Liveness::LostSince(
                            BackendId::Lease,
                            e.to_string(),
                            started,
                        ));
                    }
                }
                // A hosts database is unreachable: the supervisor decides.
                Err(AllocError::HostsLost { index, message }) => {
                    stats.inc("pkt6-receive-drop");
                    error!(
                        "DHCP6_PACKET_PROCESS_STD_EXCEPTION {} processing failed, no response sent: hosts-databases[{index}]: {message}",
                        type_name(p.message.msg_type)
                    );
                    liveness.do_send(Liveness::LostSince(
                        BackendId::Hosts(index),
                        message,
                        started,
                    ));
                }
            }
        });
    }
}

impl Handler<Pause> for Dhcp6Listener {
    type Result = ();
    fn handle(&mut self, _: Pause, _: &mut Self::Context) {
        if self.state == ListenerState::Serving {
            self.state = ListenerState::Paused;
        }
    }
}

impl Handler<Resume> for Dhcp6Listener {
    type Result = ();
    fn handle(&mut self, _: Resume, _: &mut Self::Context) {
        if self.state == ListenerState::Paused {
            self.state = ListenerState::Serving;
        }
    }
}

impl Handler<SetServer6> for Dhcp6Listener {
    type Result = ();
    fn handle(&mut self, msg: SetServer6, _: &mut Self::Context) {
        let sock = socket2::SockRef::from(&*self.sock);
        for i in &msg.interfaces {
            if !self.ifaces.contains_key(&i.index) {
                if let Err(e) = sock
                    .join_multicast_v6(&super::socket::ALL_DHCP_RELAY_AGENTS_AND_SERVERS, i.index)
                {
                    warn!(
                        "DHCP6_OPEN_SOCKET_FAIL cannot join ff02::1:2 on {}: {e}",
                        i.name
                    );
                }
            }
        }
        self.in_flight
            .resize(in_flight_limit_for(&msg.server.config().lease_database));
        self.server = msg.server;
        self.ifaces = msg.interfaces.into_iter().map(|i| (i.index, i)).collect();
    }
}

/// CANCEL-SAFETY: the drain only waits; in-flight packets finish on their own.
impl Handler<Shutdown> for Dhcp6Listener {
    type Result = ResponseActFuture<Self, ()>;
    fn handle(&mut self, _: Shutdown, _: &mut Self::Context) -> Self::Result {
        self.state = ListenerState::Stopping;
        let drain = self.in_flight.drain(DRAIN_TIMEOUT);
        Box::pin(
            async move {
                if !drain.await {
                    warn!("DHCP6_SHUTDOWN_DRAIN_TIMEOUT in-flight packets did not finish within {DRAIN_TIMEOUT:?}");
                }
            }
            .into_actor(self)
            .map(|_, _, ctx| ctx.stop()),
        )
    }
}

impl Handler<GetInFlightLimit> for Dhcp6Listener {
    type Result = usize;
    fn handle(&mut self, _: GetInFlightLimit, _: &mut Self::Context) -> usize {
        self.in_flight.limit()
    }
}
