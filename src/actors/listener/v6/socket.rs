//! The DHCPv6 UDP socket: one socket on [::]:port with IPV6_RECVPKTINFO that
//! joins All_DHCP_Relay_Agents_and_Servers (ff02::1:2) on each served
//! interface, so it receives multicast and unicast and learns the interface.

use std::io::{self, IoSliceMut};
use std::net::{Ipv6Addr, SocketAddrV6};
use std::os::fd::AsRawFd;

use nix::sys::socket::{recvmsg, setsockopt, sockopt, ControlMessageOwned, MsgFlags, SockaddrIn6};
use socket2::{Domain, Protocol, Socket, Type};
use tokio::io::Interest;
use tokio::net::UdpSocket;

/// All_DHCP_Relay_Agents_and_Servers.
pub const ALL_DHCP_RELAY_AGENTS_AND_SERVERS: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 1, 2);

/// One received datagram.
#[derive(Debug)]
pub struct Datagram6 {
    /// The bytes.
    pub data: Vec<u8>,
    /// Sender.
    pub src: SocketAddrV6,
    /// IP header destination.
    pub dst: Ipv6Addr,
    /// Receiving interface index.
    pub ifindex: u32,
}

/// Opens the server socket on `port` and joins ff02::1:2 on `ifindexes`
/// (a failed join is returned: Kea fails the interface likewise).
pub fn open(port: u16, ifindexes: &[u32]) -> io::Result<UdpSocket> {
    let s = Socket::new(Domain::IPV6, Type::DGRAM, Some(Protocol::UDP))?;
    s.set_only_v6(true)?;
    s.set_reuse_address(true)?;
    s.set_nonblocking(true)?;
    setsockopt(&s, sockopt::Ipv6RecvPacketInfo, &true).map_err(io::Error::from)?;
    s.bind(&SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, port, 0, 0).into())?;
    for &i in ifindexes {
        s.join_multicast_v6(&ALL_DHCP_RELAY_AGENTS_AND_SERVERS, i)?;
    }
    UdpSocket::from_std(s.into())
}

/// Receives one datagram with its destination address and interface.
pub async fn recv(sock: &UdpSocket, buf: &mut [u8]) -> io::Result<Datagram6> {
    let fd = sock.as_raw_fd();
    sock.async_io(Interest::READABLE, || {
        let mut iov = [IoSliceMut::new(buf)];
        let mut cmsg = nix::cmsg_space!(libc::in6_pktinfo);
        let msg = recvmsg::<SockaddrIn6>(fd, &mut iov, Some(&mut cmsg), MsgFlags::MSG_DONTWAIT)
            .map_err(io::Error::from)?;
        let src = msg
            .address
            .map(|a| SocketAddrV6::new(a.ip(), a.port(), a.flowinfo(), a.scope_id()))
            .unwrap_or_else(|| SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0));
        let mut dst = Ipv6Addr::UNSPECIFIED;
        let mut ifindex = 0;
        if let Ok(cmsgs) = msg.cmsgs() {
            for c in cmsgs {
                if let ControlMessageOwned::Ipv6PacketInfo(pi) = c {
                    ifindex = pi.ipi6_ifindex;
                    dst = Ipv6Addr::from(pi.ipi6_addr.s6_addr);
                }
            }
        }
        Ok((msg.bytes, src, dst, ifindex))
    })
    .await
    .map(|(n, src, dst, ifindex)| Datagram6 {
        data: buf[..n].to_vec(),
        src,
        dst,
        ifindex,
    })
}
