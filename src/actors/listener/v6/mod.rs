//! The DHCPv6 family of [`Listener`]: one socket on UDP 547 with ff02::1:2
//! joined on the served interfaces (`socket`, `interfaces`), and the packet
//! path: decode, SOLICIT shedding, in-flight admission, processing, and the
//! reply (RELAY-REPL to the relay's port 547, direct replies to port 546).

pub mod interfaces;
pub mod socket;

use std::collections::HashMap;
use std::net::SocketAddrV6;

use log::{error, warn};
use tokio::net::UdpSocket;

use crate::actors::messages::Dhcp6Service;
use crate::config::model::LeaseDatabase;
use crate::dhcp::v6::packet::{msg, type_name};
use crate::dhcp::v6::server::sent_stat;
use crate::dhcp::v6::{Meta6, Outcome6, Packet6};

use super::{listener_family_common, packet_stats, report_failure, Listener, ListenerFamily};
use interfaces::ServedInterface6;
use socket::Datagram6;

impl ListenerFamily for Dhcp6Service {
    type Datagram = Datagram6;
    /// Every reply goes to this port when set (`-P`, for tests).
    type Options = Option<u16>;
    listener_family_common!("DHCP6", "pkt6",
        disabled: "DHCP6_PACKET_DROP_DHCP_DISABLED", parse_fail: "DHCP6_PACKET_DROP_PARSE_FAIL");

    fn interfaces_added(
        sock: &UdpSocket,
        old: &HashMap<u32, ServedInterface6>,
        new: &[ServedInterface6],
    ) {
        let sock = socket2::SockRef::from(sock);
        for i in new.iter().filter(|i| !old.contains_key(&i.index)) {
            if let Err(e) =
                sock.join_multicast_v6(&socket::ALL_DHCP_RELAY_AGENTS_AND_SERVERS, i.index)
            {
                warn!(
                    "DHCP6_OPEN_SOCKET_FAIL cannot join ff02::1:2 on {}: {e}",
                    i.name
                );
            }
        }
    }

    fn serve(l: &mut Listener<Self>, d: Datagram6) {
        let Some(iface) = l.arrived(d.ifindex) else {
            return;
        };
        let p = match Packet6::decode(&d.data) {
            Ok(p) => p,
            Err(e) => return l.unparsable((d.src, d.dst), &iface.name, e),
        };
        let opener = (p.message.msg_type == msg::SOLICIT).then_some("SOLICIT");
        let Some(permit) = l.admit(opener) else {
            return;
        };
        let meta = Meta6 {
            iface: iface.name.to_string(),
            source: *d.src.ip(),
            source_port: d.src.port(),
            unicast: !d.dst.is_multicast(),
            destination: d.dst,
            length: u32::try_from(d.data.len()).unwrap_or(u32::MAX),
        };
        let ifindex = iface.index;
        let server = l.server.clone();
        let sock = l.sock.clone();
        let stats = l.stats.clone();
        let forced_port = l.options;
        let liveness = l.liveness.clone();
        let started = tokio::time::Instant::now();
        actix::spawn(async move {
            let _permit = permit;
            let now = chrono::Utc::now().timestamp();
            match server.process(&p, &meta, now).await {
                Ok(Outcome6::Reply { packet, dest }) => {
                    let port = forced_port.unwrap_or(dest.port());
                    let to = SocketAddrV6::new(*dest.ip(), port, 0, ifindex);
                    match sock.send_to(&packet.encode(), to).await {
                        Ok(_) => {
                            let t = sent_stat(packet.message.msg_type);
                            packet_stats::sent::<Dhcp6Service>(&stats, t);
                        }
                        Err(e) => error!(
                            "DHCP6_PACKET_SEND_FAIL failed to send DHCPv6 packet to {to}: {e}"
                        ),
                    }
                }
                Ok(Outcome6::Drop(_)) => packet_stats::dropped::<Dhcp6Service>(&stats),
                Err(failure) => {
                    let packet = type_name(p.message.msg_type);
                    report_failure::<Dhcp6Service, _>(&stats, &liveness, started, packet, failure);
                }
            }
        });
    }
}
