//! Unicast to a client that has no address yet (Kea's raw-socket behaviour,
//! RFC 2131 §4.1): the server cannot ARP for yiaddr, so it installs the
//! yiaddr -> chaddr neighbour entry itself (as dnsmasq does) and then sends an
//! ordinary UDP unicast. Falls back to broadcast when this is not possible.

use std::io;
use std::net::Ipv4Addr;

/// Installs a (non-permanent) ARP entry `ip` -> `hwaddr` on interface `ifname`.
pub fn install(ifname: &str, ip: Ipv4Addr, hwaddr: &[u8]) -> io::Result<()> {
    if hwaddr.len() != 6 || ifname.len() >= libc::IFNAMSIZ {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not an Ethernet address",
        ));
    }
    // SAFETY: arpreq is a plain C struct; zeroed is a valid value.
    let mut req: libc::arpreq = unsafe { std::mem::zeroed() };
    let pa = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: 0,
        sin_addr: libc::in_addr {
            s_addr: u32::from(ip).to_be(),
        },
        sin_zero: [0; 8],
    };
    // SAFETY: sockaddr_in fits in sockaddr (both 16 bytes); we copy its bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(
            &pa as *const libc::sockaddr_in as *const u8,
            &mut req.arp_pa as *mut libc::sockaddr as *mut u8,
            std::mem::size_of::<libc::sockaddr_in>(),
        );
    }
    req.arp_ha.sa_family = libc::ARPHRD_ETHER;
    for (d, s) in req.arp_ha.sa_data.iter_mut().zip(hwaddr) {
        *d = *s as libc::c_char;
    }
    req.arp_flags = libc::ATF_COM;
    for (d, s) in req.arp_dev.iter_mut().zip(ifname.as_bytes()) {
        *d = *s as libc::c_char;
    }
    // SAFETY: plain socket syscall.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is valid; req is a properly initialised arpreq.
    let rc = unsafe { libc::ioctl(fd, libc::SIOCSARP, &req as *const libc::arpreq) };
    let err = io::Error::last_os_error();
    // SAFETY: closing the fd we opened.
    unsafe { libc::close(fd) };
    if rc < 0 {
        return Err(err);
    }
    Ok(())
}
