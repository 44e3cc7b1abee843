//! What an expression can read of a packet, for either family: the protocol
//! layer (`dhcp`) implements [`PacketView`] for its decoded packets.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The packet family an expression is parsed for and evaluated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Universe {
    /// DHCPv4 (`dhcp4` option space, 8-bit codes).
    V4,
    /// DHCPv6 (`dhcp6` option space, 16-bit codes).
    V6,
}

/// The DHCPv4 header fields `pkt4.*` reads.
#[derive(Debug, Clone, Copy)]
pub struct Header4<'a> {
    /// `chaddr`, `hlen` bytes long (`pkt4.mac`).
    pub mac: &'a [u8],
    /// Hardware address length.
    pub hlen: u8,
    /// Hardware type.
    pub htype: u8,
    /// Option 53's value, 0 when absent.
    pub msgtype: u8,
    /// Transaction id.
    pub transid: u32,
    /// Client address.
    pub ciaddr: Ipv4Addr,
    /// Relay agent address.
    pub giaddr: Ipv4Addr,
    /// "Your" address.
    pub yiaddr: Ipv4Addr,
    /// Next server address.
    pub siaddr: Ipv4Addr,
}

/// The DHCPv6 client-message fields `pkt6.*` reads (never a relay's).
#[derive(Debug, Clone, Copy)]
pub struct Header6 {
    /// Message type of the client's message.
    pub msgtype: u8,
    /// 24-bit transaction id.
    pub transid: u32,
}

/// A decoded packet as the expression language sees it.
// `len` is Kea's `pkt.len`, not a collection size: no `is_empty`.
#[allow(clippy::len_without_is_empty)]
pub trait PacketView {
    /// The family of the packet.
    fn universe(&self) -> Universe;
    /// Payload of the first top-level option `code` of the client's message
    /// (relay options are not visible here).
    fn option(&self, code: u16) -> Option<&[u8]>;
    /// Name of the receiving interface (`pkt.iface`).
    fn iface(&self) -> &str;
    /// Source address of the datagram (`pkt.src`).
    fn src(&self) -> IpAddr;
    /// Destination address of the datagram (`pkt.dst`).
    fn dst(&self) -> IpAddr;
    /// `pkt.len` as Kea computes it: v4 236 + the option TLVs (no cookie, no
    /// END); v6 the whole datagram.
    fn len(&self) -> u32;
    /// The DHCPv4 header; `None` for DHCPv6.
    fn header4(&self) -> Option<Header4<'_>>;
    /// The DHCPv6 client message header; `None` for DHCPv4.
    fn header6(&self) -> Option<Header6>;
    /// Number of DHCPv6 relay levels (0 when direct or DHCPv4).
    fn relay6_depth(&self) -> usize;
    /// Link and peer address of relay level `level` (0 = outermost, next to
    /// the server).
    fn relay6_addrs(&self, level: usize) -> Option<(Ipv6Addr, Ipv6Addr)>;
    /// Payload of the first option `code` of relay level `level`.
    fn relay6_option(&self, level: usize, code: u16) -> Option<&[u8]>;
}
