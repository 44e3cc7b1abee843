//! The DHCPv4 UDP socket: one socket on 0.0.0.0:port with IP_PKTINFO, so one
//! socket serves every interface, learns where each datagram arrived, and sends
//! replies out of the same interface from the right source address.

use std::io::{self, IoSlice, IoSliceMut};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::AsRawFd;

use nix::sys::socket::{
    recvmsg, sendmsg, setsockopt, sockopt, ControlMessage, ControlMessageOwned, MsgFlags,
    SockaddrIn,
};
use socket2::{Domain, Protocol, Socket, Type};
use tokio::io::Interest;
use tokio::net::UdpSocket;

/// One received datagram.
#[derive(Debug)]
pub struct Datagram {
    /// The bytes.
    pub data: Vec<u8>,
    /// Sender.
    pub src: SocketAddrV4,
    /// IP header destination.
    pub dst: Ipv4Addr,
    /// Receiving interface index.
    pub ifindex: u32,
}

/// Opens the server socket on `port` (all addresses; broadcast; IP_PKTINFO).
pub fn open(port: u16) -> io::Result<UdpSocket> {
    let s = Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::UDP))?;
    s.set_reuse_address(true)?;
    s.set_broadcast(true)?;
    s.set_nonblocking(true)?;
    // Bursts of DISCOVERs must not overflow the buffer while the process waits
    // for a CPU: ask for 4 MiB, beyond net.core.rmem_max when running as root.
    set_buffer_force(&s, libc::SO_RCVBUFFORCE, libc::SO_RCVBUF, 4 << 20);
    set_buffer_force(&s, libc::SO_SNDBUFFORCE, libc::SO_SNDBUF, 4 << 20);
    setsockopt(&s, sockopt::Ipv4PacketInfo, &true).map_err(io::Error::from)?;
    s.bind(&SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, port).into())?;
    UdpSocket::from_std(s.into())
}

/// Sets a socket buffer size with the privileged `*FORCE` option, falling back
/// to the ordinary one (capped by the kernel's `*mem_max`) when not permitted.
fn set_buffer_force(s: &Socket, force: libc::c_int, plain: libc::c_int, bytes: libc::c_int) {
    let fd = s.as_raw_fd();
    for opt in [force, plain] {
        // SAFETY: setsockopt on an open socket with a pointer to a c_int and its size.
        let rc = unsafe {
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                opt,
                &bytes as *const libc::c_int as *const libc::c_void,
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if rc == 0 {
            return;
        }
    }
}

/// Receives one datagram with its destination address and interface.
pub async fn recv(sock: &UdpSocket, buf: &mut [u8]) -> io::Result<Datagram> {
    let fd = sock.as_raw_fd();
    sock.async_io(Interest::READABLE, || {
        let mut iov = [IoSliceMut::new(buf)];
        let mut cmsg = nix::cmsg_space!(libc::in_pktinfo);
        let msg = recvmsg::<SockaddrIn>(fd, &mut iov, Some(&mut cmsg), MsgFlags::MSG_DONTWAIT)
            .map_err(io::Error::from)?;
        let src = msg
            .address
            .map(|a| SocketAddrV4::new(a.ip(), a.port()))
            .unwrap_or_else(|| SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0));
        let mut dst = Ipv4Addr::UNSPECIFIED;
        let mut ifindex = 0;
        if let Ok(cmsgs) = msg.cmsgs() {
            for c in cmsgs {
                if let ControlMessageOwned::Ipv4PacketInfo(pi) = c {
                    ifindex = u32::try_from(pi.ipi_ifindex).unwrap_or(0);
                    dst = Ipv4Addr::from(u32::from_be(pi.ipi_addr.s_addr));
                }
            }
        }
        Ok((msg.bytes, src, dst, ifindex))
    })
    .await
    .map(|(n, src, dst, ifindex)| Datagram {
        data: buf[..n].to_vec(),
        src,
        dst,
        ifindex,
    })
}

/// Sends `data` to `to` out of interface `ifindex` with source address `from`.
pub async fn send(
    sock: &UdpSocket,
    data: &[u8],
    to: SocketAddrV4,
    ifindex: u32,
    from: Ipv4Addr,
) -> io::Result<usize> {
    let fd = sock.as_raw_fd();
    let dest = SockaddrIn::from(to);
    let pi = libc::in_pktinfo {
        ipi_ifindex: i32::try_from(ifindex).unwrap_or(0),
        ipi_spec_dst: libc::in_addr {
            s_addr: u32::from(from).to_be(),
        },
        ipi_addr: libc::in_addr { s_addr: 0 },
    };
    sock.async_io(Interest::WRITABLE, || {
        let iov = [IoSlice::new(data)];
        let cmsgs = [ControlMessage::Ipv4PacketInfo(&pi)];
        sendmsg(fd, &iov, &cmsgs, MsgFlags::MSG_DONTWAIT, Some(&dest)).map_err(io::Error::from)
    })
    .await
}
