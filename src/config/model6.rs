//! The validated DHCPv6 configuration the server runs on.
//!
//! Built from Kea's `Dhcp6` JSON by `config::load_dhcp6_file`; inherited values
//! (global -> subnet) are resolved here. Service maps (lease database, control
//! socket, loggers, lease reclamation) use the same types as DHCPv4.

use std::net::Ipv6Addr;
use std::path::PathBuf;

use ipnet::Ipv6Net;

use crate::config::client_class::{ClassGuard, ClientClass};
use crate::config::model::{
    ControlSocket, ExpiredLeasesProcessing, HostsDatabase, IdentifierType, LeaseDatabase, Lifetime,
    Logger, OptionData,
};

/// A validated DHCPv6 client class (its own setting: the preferred lifetime
/// triplet, when it sets one).
pub type ClientClass6 = ClientClass<OptionData6, Option<Lifetime>>;

/// A `mac-sources` method ruru carries out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacSource {
    /// `duid`: the link-layer address of a DUID-LLT / DUID-LL.
    Duid,
    /// `client-link-addr-option` / `rfc6939`: the relay's option 79.
    ClientLinkAddrOption,
    /// `ipv6-link-local`: the EUI-64 of the client's link-local address.
    Ipv6LinkLocal,
}

/// One encoded DHCPv6 option ready to be put in a reply.
pub type OptionData6 = OptionData<u16>;

/// An address pool, inclusive range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool6 {
    /// First address.
    pub start: Ipv6Addr,
    /// Last address.
    pub end: Ipv6Addr,
    /// Pool-level options (override subnet ones).
    pub options: Vec<OptionData6>,
    /// Who may use it (`client-class`), what it requires.
    pub classes: ClassGuard,
}

impl Pool6 {
    /// True when `a` lies in this pool.
    pub fn contains(&self, a: Ipv6Addr) -> bool {
        self.start <= a && a <= self.end
    }

    /// Number of addresses in the pool (saturating: Kea's `total-nas` is 64 bits).
    pub fn size(&self) -> u128 {
        (u128::from(self.end) - u128::from(self.start)).saturating_add(1)
    }
}

/// A prefix delegation pool (`pd-pools` entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdPool {
    /// The pool prefix (`prefix`/`prefix-len`).
    pub prefix: Ipv6Net,
    /// Length of each delegated prefix (>= the pool's prefix length).
    pub delegated_len: u8,
    /// Prefix excluded from each delegation (RFC 6603), when configured.
    pub excluded_prefix: Option<Ipv6Net>,
    /// Pool-level options.
    pub options: Vec<OptionData6>,
    /// Who may use it (`client-class`), what it requires.
    pub classes: ClassGuard,
}

impl PdPool {
    /// Number of prefixes the pool delegates.
    pub fn size(&self) -> u128 {
        let bits = u32::from(self.delegated_len - self.prefix.prefix_len());
        1u128.checked_shl(bits).unwrap_or(u128::MAX)
    }

    /// True when `p`/`len` is one of this pool's delegated prefixes.
    pub fn contains(&self, p: Ipv6Addr, len: u8) -> bool {
        len == self.delegated_len && self.prefix.contains(&p)
    }
}

/// A v6 host reservation from the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation6 {
    /// Which identifier the host is matched by (`duid`, `hw-address`, `flex-id`).
    pub identifier_type: IdentifierType,
    /// The identifier bytes.
    pub identifier: Vec<u8>,
    /// Reserved addresses (IA_NA).
    pub ip_addresses: Vec<Ipv6Addr>,
    /// Reserved prefixes (IA_PD).
    pub prefixes: Vec<Ipv6Net>,
    /// Reserved hostname, if any.
    pub hostname: Option<String>,
    /// Host-specific options.
    pub options: Vec<OptionData6>,
    /// Classes the host is given (`client-classes`).
    pub client_classes: Vec<String>,
}

subnet_model! {
/// A DHCPv6 subnet with all inherited parameters resolved.
pub struct Subnet6<Ipv6Net, Ipv6Addr, Pool6, OptionData6, Reservation6> {
    /// Prefix delegation pools.
    pub pd_pools: Vec<PdPool>,
    /// Relay interface-id option value matched for relayed clients.
    pub interface_id: Option<Vec<u8>>,
    /// Preferred lifetime triplet.
    pub preferred_lifetime: Lifetime,
    /// Answer SOLICIT with rapid commit directly by REPLY.
    pub rapid_commit: bool,
}
}

impl Subnet6 {
    /// The PD pool delegating `p`/`len`, if any.
    pub fn pd_pool_of(&self, p: Ipv6Addr, len: u8) -> Option<&PdPool> {
        self.pd_pools.iter().find(|pool| pool.contains(p, len))
    }

    /// Kea's `total-nas`: addresses in all pools (saturating at u64::MAX... as u128).
    pub fn total_nas(&self) -> u128 {
        self.pools
            .iter()
            .fold(0u128, |acc, p| acc.saturating_add(p.size()))
    }

    /// Kea's `total-pds`: prefixes in all PD pools.
    pub fn total_pds(&self) -> u128 {
        self.pd_pools
            .iter()
            .fold(0u128, |acc, p| acc.saturating_add(p.size()))
    }
}

/// `interfaces-config.interfaces` entries for DHCPv6.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterfaceSpec6 {
    /// `"*"`: every multicast-capable interface (loopback excluded).
    All,
    /// `"eth0"` or `"eth0/2001:db8::1"` (also listen on that unicast address).
    Named {
        /// Interface name.
        name: String,
        /// Unicast address to listen on, when given.
        unicast: Option<Ipv6Addr>,
    },
}

/// `interfaces-config` of `Dhcp6`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfacesConfig6 {
    /// Where to listen.
    pub interfaces: Vec<InterfaceSpec6>,
    /// `service-sockets-require-all`.
    pub require_all: bool,
}

/// Kea's DUID types for `server-id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerIdType {
    /// DUID-LLT (1): link-layer address plus time (Kea's default).
    Llt,
    /// DUID-EN (2): enterprise number plus identifier.
    En,
    /// DUID-LL (3): link-layer address.
    Ll,
}

/// `server-id`: how the server DUID is made and whether it is persisted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerIdConfig {
    /// DUID type.
    pub duid_type: ServerIdType,
    /// Identifier bytes (link-layer address or EN identifier); empty = generate.
    pub identifier: Vec<u8>,
    /// Hardware type for LLT/LL (0 = from the interface).
    pub htype: u16,
    /// Time for LLT (0 = now).
    pub time: u32,
    /// Enterprise number for EN (Kea default 2495, ISC).
    pub enterprise_id: u32,
    /// Store the DUID in `<data-directory>/kea-dhcp6-serverid`.
    pub persist: bool,
}

server_config! {
/// The whole validated `Dhcp6` configuration.
pub struct Dhcp6Config<Subnet6, Ipv6Addr, OptionData6, Reservation6, ClientClass6, crate::options::Dhcp6> {
    /// `interfaces-config`.
    pub interfaces: InterfacesConfig6,
    /// `server-id`.
    pub server_id: ServerIdConfig,
    /// `data-directory` (where the server DUID file lives).
    pub data_directory: PathBuf,
    /// `mac-sources`: where a client's hardware address is learnt, in order.
    pub mac_sources: Vec<MacSource>,
    /// `relay-supplied-options`: codes of the options a relay may put in
    /// its RSOO (66) for the server to pass on (RFC 6422).
    pub relay_supplied_options: Vec<u16>,
}
}

impl Dhcp6Config {
    /// `selected` followed by the other subnets of its shared network, in
    /// configuration order (just `selected` outside a network).
    pub fn network_of<'a>(
        &'a self,
        selected: &'a Subnet6,
        classes: &crate::expression::ClassSet,
    ) -> Vec<&'a Subnet6> {
        let mut v = vec![selected];
        if let Some(net) = &selected.shared_network {
            v.extend(self.subnets.iter().filter(|s| {
                s.id != selected.id
                    && s.shared_network.as_ref() == Some(net)
                    && s.classes.admits(classes)
            }));
        }
        v
    }
}
