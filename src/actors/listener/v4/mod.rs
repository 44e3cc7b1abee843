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

use super::{listener_family_common, packet_stats, report_failure, Listener, ListenerFamily};
use socket::Datagram;

impl ListenerFamily for Dhcp4Service {
    type Datagram = Datagram;
    type Options = ();
    listener_family_common!("DHCP4", "pkt4",
        disabled: "DHCP4_PACKET_DROP_0008", parse_fail: "DHCP4_PACKET_DROP_0001");

    fn serve(l: &mut Listener<Self>, d: Datagram) {
        let Some(iface) = l.arrived(d.ifindex) else {
            return;
        };
        let q = match Packet4::decode(&d.data) {
            Ok(q) => q,
            Err(e) => return l.unparsable((d.src, d.dst), &iface.name, e),
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
