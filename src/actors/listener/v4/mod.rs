//! The DHCPv4 family of [`Listener`]: the socket (IP_PKTINFO, `socket`),
//! the served interfaces (`interfaces`), the ARP entry for unicast replies to
//! unconfigured clients (`arp`), and the packet path: `pkt4-*` counts,
//! decode, DISCOVER shedding, in-flight admission, processing, reply.

pub mod arp;
pub mod interfaces;
pub mod socket;

use std::net::{Ipv4Addr, SocketAddrV4};

use log::{debug, error};
use tokio::net::UdpSocket;

use crate::actors::messages::Dhcp4Service;
use crate::config::model::LeaseDatabase;
use crate::dhcp::v4::server::{hex, sent_stat};
use crate::dhcp::v4::{MessageType, Outcome, Packet4, PacketMeta};

use super::{packet_stats, report_failure, Listener, ListenerFamily, ListenerState};
use interfaces::ServedInterface;
use socket::Datagram;

impl ListenerFamily for Dhcp4Service {
    type Datagram = Datagram;
    type Options = ();
    const LOG: &'static str = "DHCP4";
    const DROP_STAT: &'static str = "pkt4-receive-drop";
    const RECEIVED_STAT: &'static str = "pkt4-received";
    const PARSE_FAILED_STAT: &'static str = "pkt4-parse-failed";
    const SENT_STAT: &'static str = "pkt4-sent";

    fn interface_index(i: &ServedInterface) -> u32 {
        i.index
    }

    async fn recv(sock: &UdpSocket, buf: &mut [u8]) -> std::io::Result<Datagram> {
        socket::recv(sock, buf).await
    }

    fn lease_database(server: &Self::Server) -> &LeaseDatabase {
        &server.config().lease_database
    }

    fn serve(l: &mut Listener<Self>, datagram: Datagram) {
        let d = datagram;
        let Some(iface) = l.ifaces.get(&d.ifindex) else {
            return; // not an interface we serve
        };
        packet_stats::arrived::<Self>(&l.stats);
        if l.state != ListenerState::Serving {
            packet_stats::dropped::<Self>(&l.stats);
            debug!("DHCP4_PACKET_DROP_0008 DHCP service is globally disabled");
            return;
        }
        let q = match Packet4::decode(&d.data) {
            Ok(q) => q,
            Err(e) => {
                packet_stats::unparsable::<Self>(&l.stats);
                debug!("DHCP4_PACKET_DROP_0001 failed to parse packet from {} to {}, received over interface {}, reason: {e}", d.src, d.dst, iface.name);
                return;
            }
        };
        let opener = (q.message_type() == Some(MessageType::Discover)).then_some("DHCPDISCOVER");
        let Some(permit) = l.admit(opener) else {
            return;
        };
        let meta = PacketMeta {
            src: d.src,
            dst: d.dst,
            iface: iface.name.clone(),
            ifindex: iface.index,
            iface_addrs: iface.addrs.clone(),
        };
        let server = l.server.clone();
        let sock = l.sock.clone();
        let stats = l.stats.clone();
        let liveness = l.liveness.clone();
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
                        Ok(_) => packet_stats::sent::<Dhcp4Service>(&stats, t.and_then(sent_stat)),
                        Err(e) => error!(
                            "DHCP4_PACKET_SEND_FAIL failed to send DHCPv4 packet to {to}: {e}"
                        ),
                    }
                }
                Ok(Outcome::Drop(why)) => {
                    debug!("DHCP4_PACKET_DROP [xid={:#x}] no response: {why:?}", q.xid);
                    if !matches!(why, crate::dhcp::v4::DropReason::NoReplyExpected) {
                        packet_stats::dropped::<Dhcp4Service>(&stats);
                    }
                }
                Err(failure) => {
                    let packet = format!(
                        "[xid={:#x}] {}",
                        q.xid,
                        q.message_type().map_or("packet", MessageType::name)
                    );
                    report_failure::<Dhcp4Service, _>(&stats, &liveness, started, &packet, failure);
                }
            }
        });
    }
}
