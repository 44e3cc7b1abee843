//! The address family as the command handlers see it: what an address is, how
//! a server configuration finds its subnets, and how Kea's texts name the
//! family. `V4` and `V6` are the two families; the reservation and lease
//! commands are written once over them (`ReservationFamily`, `LeaseFamily`).

use std::fmt::Display;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::config::model::{Dhcp4Config, Subnet4};
use crate::config::model6::{Dhcp6Config, Subnet6};

/// DHCPv4: ruru-dhcp4's configuration, IPv4 addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V4;

/// DHCPv6: ruru-dhcp6's configuration, IPv6 addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V6;

/// One address family's configuration and addresses, as the commands of both
/// families read them.
pub trait Family: Send + Sync + 'static {
    /// An address of the family.
    type Addr: Copy + Eq + Display + FromStr + Send + Sync + 'static;
    /// The server's configuration.
    type Config: Send + Sync + 'static;
    /// One configured subnet.
    type Subnet;

    /// The family in Kea's texts: `IPv4` / `IPv6`.
    const IP: &'static str;

    /// The configured subnet with `id`.
    fn subnet(cfg: &Self::Config, id: u32) -> Option<&Self::Subnet>;
    /// The configured subnet whose prefix holds `a`.
    fn subnet_containing(cfg: &Self::Config, a: Self::Addr) -> Option<&Self::Subnet>;
    /// The ids of the configured subnets, in configuration order.
    fn subnet_ids(cfg: &Self::Config) -> Vec<u32>;
    /// The id of `subnet`.
    fn id(subnet: &Self::Subnet) -> u32;
    /// The prefix of `subnet` as Kea prints it (`192.0.2.0/24`).
    fn prefix_text(subnet: &Self::Subnet) -> String;
    /// True when `a` lies in the prefix of `subnet`.
    fn in_prefix(subnet: &Self::Subnet, a: &Self::Addr) -> bool;
    /// `ip` when it is an address of this family.
    fn from_ip(ip: IpAddr) -> Option<Self::Addr>;
}

/// `Family` for a marker over its configuration, subnet and address types,
/// which differ only in type (the fields have the same names).
macro_rules! family {
    ($family:ty, $ip:literal, $addr:ty, $variant:ident, $config:ty, $subnet:ty) => {
        impl Family for $family {
            type Addr = $addr;
            type Config = $config;
            type Subnet = $subnet;

            const IP: &'static str = $ip;

            fn subnet(cfg: &$config, id: u32) -> Option<&$subnet> {
                cfg.subnet(id)
            }
            fn subnet_containing(cfg: &$config, a: $addr) -> Option<&$subnet> {
                cfg.subnet_containing(a)
            }
            fn subnet_ids(cfg: &$config) -> Vec<u32> {
                cfg.subnets.iter().map(|s| s.id).collect()
            }
            fn id(subnet: &$subnet) -> u32 {
                subnet.id
            }
            fn prefix_text(subnet: &$subnet) -> String {
                subnet.prefix.to_string()
            }
            fn in_prefix(subnet: &$subnet, a: &$addr) -> bool {
                subnet.prefix.contains(a)
            }
            fn from_ip(ip: IpAddr) -> Option<$addr> {
                match ip {
                    IpAddr::$variant(a) => Some(a),
                    _ => None,
                }
            }
        }
    };
}

family!(V4, "IPv4", Ipv4Addr, V4, Dhcp4Config, Subnet4);
family!(V6, "IPv6", Ipv6Addr, V6, Dhcp6Config, Subnet6);
