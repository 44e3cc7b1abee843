//! A DHCPv6 query as the classification expressions read it.

use std::net::{IpAddr, Ipv6Addr};

use crate::expression::suboptions::vendor_class6;
use crate::expression::{Header4, Header6, PacketView, Universe};

use super::packet::Packet6;
use super::subnet_select::Meta6;

/// A received DHCPv6 datagram with where it came from.
#[derive(Debug, Clone, Copy)]
pub struct View6<'a> {
    /// The decoded datagram (relays and the client's message).
    pub p: &'a Packet6,
    /// Interface and source it was received on and from.
    pub meta: &'a Meta6,
}

impl PacketView for View6<'_> {
    fn universe(&self) -> Universe {
        Universe::V6
    }
    fn option(&self, c: u16) -> Option<&[u8]> {
        self.p.message.option(c)
    }
    fn iface(&self) -> &str {
        &self.meta.iface
    }
    fn src(&self) -> IpAddr {
        IpAddr::V6(self.meta.source)
    }
    fn dst(&self) -> IpAddr {
        IpAddr::V6(self.meta.destination)
    }
    fn len(&self) -> u32 {
        self.meta.length
    }
    fn header4(&self) -> Option<Header4<'_>> {
        None
    }
    fn header6(&self) -> Option<Header6> {
        let [a, b, c] = self.p.message.transaction_id;
        Some(Header6 {
            msgtype: self.p.message.msg_type,
            transid: u32::from_be_bytes([0, a, b, c]),
        })
    }
    fn relay6_depth(&self) -> usize {
        self.p.relays.len()
    }
    fn relay6_addrs(&self, level: usize) -> Option<(Ipv6Addr, Ipv6Addr)> {
        self.p
            .relays
            .get(level)
            .map(|r| (r.link_address, r.peer_address))
    }
    fn relay6_option(&self, level: usize, code: u16) -> Option<&[u8]> {
        self.p.relays.get(level).and_then(|r| r.option(code))
    }
}

/// The `VENDOR_CLASS_` suffix of a DHCPv6 query, from option 16 (the
/// enterprise ignored): `docsis3.0` when a tuple is that, else `eRouter1.0`,
/// else the first tuple (Kea's `classifyByVendor`).
pub fn vendor_class(p: &Packet6) -> Option<String> {
    let tuples = vendor_class6(p.message.option(16)?)?.tuples;
    let pick = ["docsis3.0", "eRouter1.0"]
        .iter()
        .find(|w| tuples.contains(&w.as_bytes()))
        .map(|w| w.as_bytes())
        .or_else(|| tuples.first().copied())?;
    Some(String::from_utf8_lossy(pick).into_owned())
}
