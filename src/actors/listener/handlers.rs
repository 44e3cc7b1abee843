//! Message handlers of the DHCPv4 listener.

use std::net::{Ipv4Addr, SocketAddrV4};

use actix::prelude::*;
use log::{debug, error, warn};

use crate::backends::{ErrorClass, StoreError};
use crate::dhcp::alloc::AllocError;
use crate::dhcp::v4::server::{hex, sent_stat};
use crate::dhcp::v4::{MessageType, Outcome, Packet4, PacketMeta};

use super::super::in_flight::{in_flight_limit_for, DRAIN_TIMEOUT};
use super::super::messages::{BackendId, Liveness, Pause, Resume, SetServer, Shutdown};
use super::socket::{self, Datagram};
use super::{arp, Dhcp4Listener, ListenerState};

/// A datagram from the socket task.
#[derive(Message)]
#[rtype(result = "()")]
pub(super) struct Incoming(pub Datagram);

impl Handler<Incoming> for Dhcp4Listener {
    type Result = ();

    fn handle(&mut self, msg: Incoming, _ctx: &mut Self::Context) {
        let d = msg.0;
        let Some(iface) = self.ifaces.get(&d.ifindex) else {
            return; // not an interface we serve
        };
        self.stats.inc("pkt4-received");
        if self.state != ListenerState::Serving {
            self.stats.inc("pkt4-receive-drop");
            debug!("DHCP4_PACKET_DROP_0008 DHCP service is globally disabled");
            return;
        }
        let q = match Packet4::decode(&d.data) {
            Ok(q) => q,
            Err(e) => {
                self.stats.inc("pkt4-parse-failed");
                self.stats.inc("pkt4-receive-drop");
                debug!("DHCP4_PACKET_DROP_0001 failed to parse packet from {} to {}, received over interface {}, reason: {e}", d.src, d.dst, iface.name);
                return;
            }
        };
        // Finishing exchanges beats starting new ones: under load a DISCOVER
        // may use only half of the in-flight capacity, so REQUESTs (whose
        // clients already hold an offer) are not starved by a DISCOVER flood.
        if q.message_type() == Some(MessageType::Discover)
            && self.in_flight.available() <= self.in_flight.limit() / 2
        {
            self.stats.inc("pkt4-receive-drop");
            debug!(
                "DHCP4_PACKET_QUEUE_FULL {} packets in processing: dropping a DHCPDISCOVER",
                self.in_flight.limit() / 2
            );
            return;
        }
        let Some(permit) = self.in_flight.try_acquire() else {
            self.stats.inc("pkt4-receive-drop");
            debug!(
                "DHCP4_PACKET_QUEUE_FULL {} packets in processing: dropping",
                self.in_flight.limit()
            );
            return;
        };
        let meta = PacketMeta {
            src: d.src,
            dst: d.dst,
            iface: iface.name.clone(),
            ifindex: iface.index,
            iface_addrs: iface.addrs.clone(),
        };
        let server = self.server.clone();
        let sock = self.sock.clone();
        let stats = self.stats.clone();
        let liveness = self.liveness.clone();
        actix::spawn(async move {
            let _permit = permit;
            let now = chrono::Utc::now().timestamp();
            let started = tokio::time::Instant::now();
            match server.process(&q, &meta, now).await {
                Ok(Outcome::Reply { packet, dest }) => {
                    let t = packet.message_type();
                    let mut to = dest.addr;
                    if let Some(chaddr) = &dest.unicast_to_unconfigured {
                        if let Err(e) = arp::install(&meta.iface, *to.ip(), chaddr) {
                            debug!("DHCP4_RESPONSE_BROADCAST cannot unicast to {} ({}): {e}; broadcasting", to.ip(), hex(chaddr));
                            to = SocketAddrV4::new(Ipv4Addr::BROADCAST, to.port());
                        }
                    }
                    let bytes = packet.encode();
                    match socket::send(&sock, &bytes, to, meta.ifindex, meta.local_addr()).await {
                        Ok(_) => {
                            stats.inc("pkt4-sent");
                            if let Some(s) = t.and_then(sent_stat) {
                                stats.inc(s);
                            }
                        }
                        Err(e) => error!(
                            "DHCP4_PACKET_SEND_FAIL failed to send DHCPv4 packet to {to}: {e}"
                        ),
                    }
                }
                Ok(Outcome::Drop(why)) => {
                    debug!("DHCP4_PACKET_DROP [xid={:#x}] no response: {why:?}", q.xid);
                    if !matches!(why, crate::dhcp::v4::DropReason::NoReplyExpected) {
                        stats.inc("pkt4-receive-drop");
                    }
                }
                Err(AllocError::Store(e)) => {
                    stats.inc("pkt4-receive-drop");
                    error!("DHCP4_PACKET_PROCESS_STD_EXCEPTION [xid={:#x}] {} processing failed, no response sent: {e}", q.xid, q.message_type().map_or("packet", MessageType::name));
                    if e.class() == ErrorClass::ConnectionLost {
                        liveness.do_send(Liveness::LostSince(
                            BackendId::Lease,
                            e.to_string(),
                            started,
                        ));
                    }
                }
                Err(AllocError::HostsLost { index, message }) => {
                    stats.inc("pkt4-receive-drop");
                    error!("DHCP4_PACKET_PROCESS_STD_EXCEPTION [xid={:#x}] {} processing failed, no response sent: hosts database {index}: {message}", q.xid, q.message_type().map_or("packet", MessageType::name));
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

impl Handler<Pause> for Dhcp4Listener {
    type Result = ();
    fn handle(&mut self, _: Pause, _: &mut Self::Context) {
        if self.state == ListenerState::Serving {
            self.state = ListenerState::Paused;
        }
    }
}

impl Handler<Resume> for Dhcp4Listener {
    type Result = ();
    fn handle(&mut self, _: Resume, _: &mut Self::Context) {
        if self.state == ListenerState::Paused {
            self.state = ListenerState::Serving;
        }
    }
}

impl Handler<SetServer> for Dhcp4Listener {
    type Result = ();
    fn handle(&mut self, msg: SetServer, _: &mut Self::Context) {
        self.in_flight
            .resize(in_flight_limit_for(&msg.server.config().lease_database));
        self.server = msg.server;
        self.ifaces = msg.interfaces.into_iter().map(|i| (i.index, i)).collect();
    }
}

/// CANCEL-SAFETY: the drain only waits; dropping it leaves in-flight packets
/// to finish on their own.
impl Handler<Shutdown> for Dhcp4Listener {
    type Result = ResponseActFuture<Self, ()>;
    fn handle(&mut self, _: Shutdown, _: &mut Self::Context) -> Self::Result {
        self.state = ListenerState::Stopping;
        let drain = self.in_flight.drain(DRAIN_TIMEOUT);
        Box::pin(
            async move {
                if !drain.await {
                    warn!("DHCP4_SHUTDOWN_DRAIN_TIMEOUT in-flight packets did not finish within {DRAIN_TIMEOUT:?}");
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

impl Handler<GetState> for Dhcp4Listener {
    type Result = MessageResult<GetState>;
    fn handle(&mut self, _: GetState, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.state)
    }
}

/// Test hook: the listener's cap on packets in processing.
#[derive(Message)]
#[rtype(result = "usize")]
pub struct GetInFlightLimit;

impl Handler<GetInFlightLimit> for Dhcp4Listener {
    type Result = usize;
    fn handle(&mut self, _: GetInFlightLimit, _: &mut Self::Context) -> usize {
        self.in_flight.limit()
    }
}
