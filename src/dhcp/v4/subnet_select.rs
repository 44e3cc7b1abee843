//! Subnet selection for a DHCPv4 query (Kea's `CfgSubnets4::selectSubnet`).

use std::net::Ipv4Addr;

use crate::config::model::{Dhcp4Config, Subnet4};
use crate::expression::ClassSet;

use super::meta::PacketMeta;
use super::packet::{code, rai, Packet4};

/// Picks the subnet for `q`, among those a client holding `classes` may
/// use (their own and their shared network's `client-class`): link-selection
/// / subnet-selection option, relay address match, then prefix match on
/// giaddr / ciaddr / source / interface.
pub fn select_subnet<'a>(
    cfg: &'a Dhcp4Config,
    q: &Packet4,
    meta: &PacketMeta,
    classes: &ClassSet,
) -> Option<&'a Subnet4> {
    let subnets = || cfg.subnets.iter().filter(|s| s.classes.admits(classes));
    let containing = |a: Ipv4Addr| subnets().find(|s| s.prefix.contains(&a));
    let selector = q
        .rai_suboption(rai::LINK_SELECTION)
        .filter(|v| v.len() == 4)
        .map(|v| Ipv4Addr::new(v[0], v[1], v[2], v[3]))
        .or_else(|| q.option_ip(code::SUBNET_SELECTION));
    if let Some(a) = selector {
        return containing(a);
    }
    let giaddr = q.giaddr;
    if !giaddr.is_unspecified() {
        if let Some(s) = subnets().find(|s| s.relay_addresses.contains(&giaddr)) {
            return Some(s);
        }
        return containing(giaddr);
    }
    let broadcast = meta.dst.is_broadcast();
    if !q.ciaddr.is_unspecified() && !broadcast {
        return containing(q.ciaddr);
    }
    let src = *meta.src.ip();
    if !src.is_unspecified() && !broadcast {
        if let Some(s) = containing(src) {
            return Some(s);
        }
    }
    if let Some(s) = subnets().find(|s| s.interface.as_deref() == Some(&*meta.iface)) {
        return Some(s);
    }
    meta.iface_addrs.iter().find_map(|a| containing(*a))
}

/// The selected subnet followed by the other subnets of its shared network
/// a client holding `classes` may use.
pub fn candidates<'a>(
    cfg: &'a Dhcp4Config,
    selected: &'a Subnet4,
    classes: &ClassSet,
) -> Vec<&'a Subnet4> {
    let mut v = vec![selected];
    if let Some(net) = &selected.shared_network {
        v.extend(cfg.subnets.iter().filter(|s| {
            s.id != selected.id
                && s.shared_network.as_ref() == Some(net)
                && s.classes.admits(classes)
        }));
    }
    v
}
