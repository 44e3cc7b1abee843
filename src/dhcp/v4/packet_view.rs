//! A DHCPv4 query as the classification expressions read it.

use std::net::IpAddr;

use crate::expression::{Header4, Header6, PacketView, Universe};

use super::meta::PacketMeta;
use super::packet::{code, Packet4};

/// A received DHCPv4 packet with where it came from.
#[derive(Debug, Clone, Copy)]
pub struct View4<'a> {
    /// The decoded query.
    pub q: &'a Packet4,
    /// Interface and addresses it was received on and from.
    pub meta: &'a PacketMeta,
}

/// Size of the fixed BOOTP header (before the magic cookie).
const HEADER_LEN: u32 = 236;

impl PacketView for View4<'_> {
    fn universe(&self) -> Universe {
        Universe::V4
    }
    fn option(&self, c: u16) -> Option<&[u8]> {
        u8::try_from(c).ok().and_then(|c| self.q.option(c))
    }
    fn iface(&self) -> &str {
        &self.meta.iface
    }
    fn src(&self) -> IpAddr {
        IpAddr::V4(*self.meta.src.ip())
    }
    fn dst(&self) -> IpAddr {
        IpAddr::V4(self.meta.dst)
    }
    fn len(&self) -> u32 {
        let options: usize = self.q.options.iter().map(|(_, v)| 2 + v.len()).sum();
        HEADER_LEN.saturating_add(u32::try_from(options).unwrap_or(u32::MAX))
    }
    fn header4(&self) -> Option<Header4<'_>> {
        Some(Header4 {
            mac: self.q.hwaddr(),
            hlen: self.q.hlen,
            htype: self.q.htype,
            msgtype: self
                .q
                .option(code::MESSAGE_TYPE)
                .and_then(|v| v.first().copied())
                .unwrap_or(0),
            transid: self.q.xid,
            ciaddr: self.q.ciaddr,
            giaddr: self.q.giaddr,
            yiaddr: self.q.yiaddr,
            siaddr: self.q.siaddr,
        })
    }
    fn header6(&self) -> Option<Header6> {
        None
    }
    fn relay6_depth(&self) -> usize {
        0
    }
    fn relay6_addrs(&self, _level: usize) -> Option<(std::net::Ipv6Addr, std::net::Ipv6Addr)> {
        None
    }
    fn relay6_option(&self, _level: usize, _code: u16) -> Option<&[u8]> {
        None
    }
}

/// The `VENDOR_CLASS_` suffix of a DHCPv4 query: option 60 without its
/// trailing NULs (Kea's `OptionString`); none when that leaves it empty.
pub fn vendor_class(q: &Packet4) -> Option<String> {
    let v = q.option(60)?;
    let end = v.iter().rposition(|b| *b != 0)? + 1;
    Some(String::from_utf8_lossy(&v[..end]).into_owned())
}
