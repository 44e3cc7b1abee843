//! What the listener knows about a received datagram besides its bytes.

use std::net::{Ipv4Addr, SocketAddrV4};
use std::sync::Arc;

/// Reception metadata for one DHCPv4 datagram.
#[derive(Debug, Clone)]
pub struct PacketMeta {
    /// Source address and port.
    pub src: SocketAddrV4,
    /// Destination address (255.255.255.255 for broadcasts).
    pub dst: Ipv4Addr,
    /// Receiving interface name.
    pub iface: Arc<str>,
    /// Receiving interface index.
    pub ifindex: u32,
    /// IPv4 addresses of the receiving interface (first = the one used as server id).
    pub iface_addrs: Arc<[Ipv4Addr]>,
}

impl PacketMeta {
    /// The local address replies come from and the default server identifier:
    /// the destination when it was unicast, else the interface's address.
    pub fn local_addr(&self) -> Ipv4Addr {
        if !self.dst.is_broadcast() && !self.dst.is_unspecified() {
            return self.dst;
        }
        self.iface_addrs
            .first()
            .copied()
            .unwrap_or(Ipv4Addr::UNSPECIFIED)
    }
}

/// Ports from the command line (`-p`, `-P`), used for replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// Server port (67): destination for relayed replies.
    pub server: u16,
    /// Client port (68).
    pub client: u16,
    /// `-P` given: every reply goes to this port (Kea's testing mode).
    pub client_forced: bool,
}

impl Default for Ports {
    fn default() -> Self {
        Self {
            server: 67,
            client: 68,
            client_forced: false,
        }
    }
}
