//! Subnet selection for a DHCPv4 query (Kea's `CfgSubnets4::selectSubnet`).

use std::net::Ipv4Addr;

use crate::config::model::{Dhcp4Config, Subnet4};

use super::meta::PacketMeta;
use super::packet::{code, rai, Packet4};

/// Picks the subnet for `q`: link-selection / subnet-selection option, relay
/// address match, then prefix match on giaddr / ciaddr / source / interface.
pub fn select_subnet<'a>(
    cfg: &'a Dhcp4Config,
    q: &Packet4,
    meta: &PacketMeta,
) -> Option<&'a Subnet4> {
    let selector = q
        .rai_suboption(rai::LINK_SELECTION)
        .filter(|v| v.len() == 4)
        .map(|v| Ipv4Addr::new(v[0], v[1], v[2], v[3]))
        .or_else(|| q.option_ip(code::SUBNET_SELECTION));
    if let Some(a) = selector {
        return cfg.subnet_containing(a);
    }
    let giaddr = q.giaddr;
    if !giaddr.is_unspecified() {
        if let Some(s) = cfg
            .subnets
            .iter()
            .find(|s| s.relay_addresses.contains(&giaddr))
        {
            return Some(s);
        }
        return cfg.subnet_containing(giaddr);
    }
    let broadcast = meta.dst.is_broadcast();
    if !q.ciaddr.is_unspecified() && !broadcast {
        return cfg.subnet_containing(q.ciaddr);
    }
    let src = *meta.src.ip();
    if !src.is_unspecified() && !broadcast {
        if let Some(s) = cfg.subnet_containing(src) {
            return Some(s);
        }
    }
    if let Some(s) = cfg
        .subnets
        .iter()
        .find(|s| s.interface.as_deref() == Some(&*meta.iface))
    {
        return Some(s);
    }
    meta.iface_addrs
        .iter()
        .find_map(|a| cfg.subnet_containing(*a))
}

/// The selected subnet followed by the other subnets of its shared network.
pub fn candidates<'a>(cfg: &'a Dhcp4Config, selected: &'a Subnet4) -> Vec<&'a Subnet4> {
    let mut v = vec![selected];
    if let Some(net) = &selected.shared_network {
        v.extend(
            cfg.subnets
                .iter()
                .filter(|s| s.id != selected.id && s.shared_network.as_ref() == Some(net)),
        );
    }
    v
}
