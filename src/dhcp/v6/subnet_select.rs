//! Kea's `CfgSubnets6::selectSubnet`: by the relays' link-address and
//! Interface-Id, else by the receiving interface or the source address.

use std::net::Ipv6Addr;

use super::packet::{opt, Packet6};
use crate::config::model6::{Dhcp6Config, Subnet6};
use crate::expression::ClassSet;

/// Where a query came from, as the listener saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta6 {
    /// Receiving interface name.
    pub iface: String,
    /// Source address of the datagram (client link-local, or the relay).
    pub source: Ipv6Addr,
    /// Source UDP port (a relay using RFC 8357 is answered there).
    pub source_port: u16,
    /// The datagram was sent to a unicast address of ours (not ff02::1:2).
    pub unicast: bool,
    /// The address the datagram was sent to (`pkt.dst`).
    pub destination: Ipv6Addr,
    /// Length of the datagram (`pkt.len`).
    pub length: u32,
}

fn usable(a: &Ipv6Addr) -> bool {
    !a.is_unspecified() && (a.segments()[0] & 0xffc0) != 0xfe80
}

/// The subnet serving `p`, if any, among those a client holding `classes`
/// may use (their own and their shared network's `client-class`).
pub fn select_subnet<'a>(
    cfg: &'a Dhcp6Config,
    p: &Packet6,
    meta: &Meta6,
    classes: &ClassSet,
) -> Option<&'a Subnet6> {
    let subnets = || cfg.subnets.iter().filter(|s| s.classes.admits(classes));
    let containing = |a: Ipv6Addr| subnets().find(|s| s.prefix.contains(&a));
    // Closest relay to the client first.
    let link = p.relays.iter().rev().map(|r| r.link_address).find(usable);
    if !p.relays.is_empty() {
        let interface_id = p
            .relays
            .iter()
            .rev()
            .find_map(|r| r.option(opt::INTERFACE_ID));
        if let Some(id) = interface_id {
            if let Some(s) = subnets().find(|s| s.interface_id.as_deref() == Some(id)) {
                return Some(s);
            }
        }
        if let Some(link) = link {
            return subnets()
                .find(|s| s.relay_addresses.contains(&link))
                .or_else(|| containing(link));
        }
    }
    if let Some(s) = subnets().find(|s| s.interface.as_deref() == Some(meta.iface.as_str())) {
        return Some(s);
    }
    let source = if p.relays.is_empty() {
        meta.source
    } else {
        p.relays.last().map_or(meta.source, |r| r.peer_address)
    };
    containing(source)
}
