//! Where a reply goes (Kea's `adjustRemoteAddr` / `adjustIfaceData`).

use std::net::{Ipv4Addr, SocketAddrV4};

use super::meta::{PacketMeta, Ports};
use super::packet::{rai, MessageType, Packet4};

/// The destination of a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// IP destination and UDP port.
    pub addr: SocketAddrV4,
    /// Unicast to a client that has no address yet: the listener must make the
    /// link-layer address `chaddr` reachable (raw-socket behaviour).
    pub unicast_to_unconfigured: Option<Vec<u8>>,
}

/// Computes the reply destination. `direct` is true when the server may unicast
/// to a client without an address (Kea's raw sockets).
pub fn destination(
    q: &Packet4,
    meta: &PacketMeta,
    reply_type: MessageType,
    yiaddr: Ipv4Addr,
    ports: Ports,
    direct: bool,
) -> Destination {
    let relayed = !q.giaddr.is_unspecified();
    let mut unicast_to_unconfigured = None;
    let ip = if q.message_type() == Some(MessageType::Inform) {
        if !q.ciaddr.is_unspecified() {
            q.ciaddr
        } else if relayed {
            q.giaddr
        } else {
            *meta.src.ip()
        }
    } else if relayed {
        q.giaddr
    } else if !q.ciaddr.is_unspecified() {
        q.ciaddr
    } else if reply_type == MessageType::Nak {
        Ipv4Addr::BROADCAST
    } else if !yiaddr.is_unspecified() {
        if q.broadcast_flag() || !direct {
            Ipv4Addr::BROADCAST
        } else {
            unicast_to_unconfigured = Some(q.hwaddr().to_vec());
            yiaddr
        }
    } else {
        *meta.src.ip()
    };
    let is_inform = q.message_type() == Some(MessageType::Inform);
    let to_client = (is_inform
        && (!q.ciaddr.is_unspecified() || (!relayed && !meta.src.ip().is_unspecified())))
        || (!is_inform && !relayed);
    let port = if ports.client_forced || to_client {
        ports.client
    } else if q.rai_suboption(rai::RELAY_PORT).is_some() {
        meta.src.port()
    } else {
        ports.server
    };
    Destination {
        addr: SocketAddrV4::new(ip, port),
        unicast_to_unconfigured,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dhcp::v4::packet::code;
    use std::sync::Arc;

    fn meta() -> PacketMeta {
        PacketMeta {
            src: SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 68),
            dst: Ipv4Addr::BROADCAST,
            iface: Arc::from("eth0"),
            ifindex: 2,
            iface_addrs: Arc::from(vec![Ipv4Addr::new(10, 0, 0, 1)]),
        }
    }

    fn q(t: u8) -> Packet4 {
        let mut p = Packet4::default();
        p.options.push((code::MESSAGE_TYPE, vec![t]));
        p
    }

    const YI: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 50);

    #[test]
    fn relayed_replies_go_to_giaddr_server_port() {
        let mut p = q(1);
        p.giaddr = Ipv4Addr::new(10, 9, 0, 1);
        let d = destination(&p, &meta(), MessageType::Offer, YI, Ports::default(), true);
        assert_eq!(d.addr, SocketAddrV4::new(p.giaddr, 67));
    }

    #[test]
    fn relay_port_suboption_sends_to_the_relays_source_port() {
        let mut p = q(1);
        p.giaddr = Ipv4Addr::new(10, 9, 0, 1);
        p.options
            .push((code::RELAY_AGENT_INFO, vec![rai::RELAY_PORT, 0]));
        let mut m = meta();
        m.src = SocketAddrV4::new(p.giaddr, 3000);
        let d = destination(&p, &m, MessageType::Offer, YI, Ports::default(), true);
        assert_eq!(d.addr.port(), 3000);
    }

    #[test]
    fn renewing_clients_get_unicast_to_ciaddr() {
        let mut p = q(3);
        p.ciaddr = YI;
        let d = destination(&p, &meta(), MessageType::Ack, YI, Ports::default(), true);
        assert_eq!(d.addr, SocketAddrV4::new(YI, 68));
    }

    #[test]
    fn naks_are_broadcast() {
        let d = destination(
            &q(3),
            &meta(),
            MessageType::Nak,
            Ipv4Addr::UNSPECIFIED,
            Ports::default(),
            true,
        );
        assert_eq!(*d.addr.ip(), Ipv4Addr::BROADCAST);
    }

    #[test]
    fn broadcast_flag_or_udp_sockets_mean_broadcast() {
        let mut p = q(1);
        p.flags = 0x8000;
        assert_eq!(
            *destination(&p, &meta(), MessageType::Offer, YI, Ports::default(), true)
                .addr
                .ip(),
            Ipv4Addr::BROADCAST
        );
        assert_eq!(
            *destination(
                &q(1),
                &meta(),
                MessageType::Offer,
                YI,
                Ports::default(),
                false
            )
            .addr
            .ip(),
            Ipv4Addr::BROADCAST
        );
    }

    #[test]
    fn raw_sockets_unicast_to_yiaddr_at_layer_two() {
        let d = destination(
            &q(1),
            &meta(),
            MessageType::Offer,
            YI,
            Ports::default(),
            true,
        );
        assert_eq!(d.addr, SocketAddrV4::new(YI, 68));
        assert!(d.unicast_to_unconfigured.is_some());
    }

    #[test]
    fn forced_client_port_applies_to_relayed_replies_too() {
        let mut p = q(1);
        p.giaddr = Ipv4Addr::new(127, 0, 0, 1);
        let ports = Ports {
            server: 1067,
            client: 1068,
            client_forced: true,
        };
        assert_eq!(
            destination(&p, &meta(), MessageType::Offer, YI, ports, true)
                .addr
                .port(),
            1068
        );
    }
}
