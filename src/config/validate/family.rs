//! What the validation of `Dhcp4` and `Dhcp6` is generic over: the address
//! family (addresses, prefixes, option space, JSON root) and the few places
//! where Kea's DHCPv4 and DHCPv6 parsers differ (family-only inherited
//! parameters, pools, shared-network member checks).

use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use ipnet::{Ipv4Net, Ipv6Net};

use super::client_classes::ClassKeys;
use super::network::{GlobalLevel, SubnetParts};
use crate::config::client_class::ClassGuard;
use crate::config::error::ConfigError;
use crate::config::model::OptionData;
use crate::config::option_defs::OptionDefs;
use crate::config::wire::{self, NetworkParams};
use crate::expression::Universe;
use crate::options::OptionSpace;

/// Encoded options of family `F`.
pub type Options<F> = Vec<OptionData<<<F as Family>::Space as OptionSpace>::Code>>;

/// An IP address family: address and prefix types and their text forms.
pub trait Ip: Copy + Ord + Hash + Display + Debug + FromStr + 'static {
    /// Prefix type (`Ipv4Net`, `Ipv6Net`).
    type Net: Copy + Eq + Hash + Display + Debug + 'static;
    /// `IPv4` or `IPv6`, as in Kea's messages.
    const NAME: &'static str;
    /// The prefix `addr/len`, host bits kept; `None` when `len` is too long.
    fn net(addr: Self, len: u8) -> Option<Self::Net>;
    /// The prefix with its host bits cleared.
    fn trunc(net: Self::Net) -> Self::Net;
    /// Whether `net` holds `addr`.
    fn contains(net: &Self::Net, addr: &Self) -> bool;
    /// First and last address of `net`.
    fn bounds(net: &Self::Net) -> (Self, Self);
}

impl Ip for Ipv4Addr {
    type Net = Ipv4Net;
    const NAME: &'static str = "IPv4";
    fn net(addr: Self, len: u8) -> Option<Ipv4Net> {
        Ipv4Net::new(addr, len).ok()
    }
    fn trunc(net: Ipv4Net) -> Ipv4Net {
        net.trunc()
    }
    fn contains(net: &Ipv4Net, addr: &Self) -> bool {
        net.contains(addr)
    }
    fn bounds(net: &Ipv4Net) -> (Self, Self) {
        (net.network(), net.broadcast())
    }
}

impl Ip for Ipv6Addr {
    type Net = Ipv6Net;
    const NAME: &'static str = "IPv6";
    fn net(addr: Self, len: u8) -> Option<Ipv6Net> {
        Ipv6Net::new(addr, len).ok()
    }
    fn trunc(net: Ipv6Net) -> Ipv6Net {
        net.trunc()
    }
    fn contains(net: &Ipv6Net, addr: &Self) -> bool {
        net.contains(addr)
    }
    fn bounds(net: &Ipv6Net) -> (Self, Self) {
        (net.network(), net.broadcast())
    }
}

/// A shared network of the wire model, as the generic code reads it.
pub struct NetworkView<'a, F: Family> {
    /// `name`.
    pub name: &'a str,
    /// Its `subnet4` / `subnet6` list.
    pub subnets: &'a [F::WireSubnet],
    /// What it sets for its subnets.
    pub params: NetworkParams,
    /// Its `option-data`.
    pub options: &'a [wire::OptionData<F::Space>],
}

/// A subnet of the wire model, as the generic code reads it.
pub struct SubnetView<'a, F: Family> {
    /// `id` (0 = auto).
    pub id: u32,
    /// `subnet`, the prefix text.
    pub subnet: &'a str,
    /// What it sets.
    pub params: NetworkParams,
    /// Its `option-data`.
    pub options: &'a [wire::OptionData<F::Space>],
}

/// DHCPv4 or DHCPv6, as configuration validation sees it.
pub trait Family: Debug + Clone + Copy + Sized + 'static {
    /// Address type.
    type Addr: Ip;
    /// Option space of the server's options.
    type Space: OptionSpace<Code: TryFrom<u32>>;
    /// The wire top-level map (`wire::Dhcp4`).
    type Wire;
    /// A wire shared network.
    type WireNetwork;
    /// A wire subnet.
    type WireSubnet;
    /// The validated subnet.
    type Subnet;
    /// The validated address pool.
    type Pool;
    /// The validated host reservation.
    type Reservation;
    /// Inherited values only this family has (BOOTP fields; preferred
    /// lifetime, rapid commit...).
    type Extra: Clone + Debug;

    /// The JSON root: `Dhcp4`, `Dhcp6`.
    const ROOT: &'static str;
    /// The subnet list key: `subnet4`, `subnet6`.
    const SUBNETS: &'static str;
    /// Kea's pool type name in messages: `V4`, `IA_NA`.
    const POOL_TYPE: &'static str;

    /// The global subnets.
    fn subnets(d: &Self::Wire) -> &[Self::WireSubnet];
    /// The global `option-data`.
    fn option_data(d: &Self::Wire) -> &[wire::OptionData<Self::Space>];
    /// The shared networks.
    fn networks(d: &Self::Wire) -> &[Self::WireNetwork];
    /// One shared network.
    fn network(n: &Self::WireNetwork) -> NetworkView<'_, Self>;
    /// One subnet.
    fn subnet(s: &Self::WireSubnet) -> SubnetView<'_, Self>;
    /// Writes the final subnet ids back (global list, then per network).
    fn set_ids(d: &mut Self::Wire, plain: Vec<u32>, shared: Vec<Vec<u32>>);

    /// The global values networks inherit.
    fn global_level(d: &Self::Wire) -> GlobalLevel<'_>;
    /// Kea's checks of a shared network map itself (`path`), before its
    /// values are inherited (none by default).
    fn check_network(_n: &Self::WireNetwork, _path: &str) -> Result<(), ConfigError> {
        Ok(())
    }
    /// Kea's message for a shared network without a name.
    fn network_name_missing() -> String;
    /// Kea's message for a shared network name used twice.
    fn network_name_twice(name: &str) -> String;

    /// The family values of the global level (`path` = the root).
    fn global_extra(d: &Self::Wire) -> Result<Self::Extra, ConfigError>;
    /// `extra` overlaid with what a lower level sets.
    fn overlay_extra(
        extra: &mut Self::Extra,
        p: &NetworkParams,
        path: &str,
    ) -> Result<(), ConfigError>;
    /// Kea's checks of the family values (run at every level).
    fn check_extra(extra: &Self::Extra, path: &str) -> Result<(), ConfigError>;

    /// The packet family its expressions are parsed for.
    const UNIVERSE: Universe;
    /// A wire `client-classes` entry.
    type WireClass;
    /// What only this family's classes set.
    type ClassOwn: Clone + Debug + PartialEq;
    /// The map's `client-classes`.
    fn classes(d: &Self::Wire) -> &[Self::WireClass];
    /// The keys of a wire class both families have.
    fn class_keys(c: &Self::WireClass) -> ClassKeys<'_, Self>;
    /// A class's own `option-def` list (DHCPv4 only).
    fn class_defs(_c: &Self::WireClass) -> &[wire::OptionDefinition<Self::Space>] {
        &[]
    }
    /// The family's own keys of the class at `path`, checked.
    fn class_own(c: &Self::WireClass, path: &str) -> Result<Self::ClassOwn, ConfigError>;

    /// A wire subnet's `pools`: each one's range text, `option-data` and
    /// class keys.
    fn wire_pools(s: &Self::WireSubnet) -> Vec<WirePool<'_, Self>>;
    /// A validated address pool.
    fn pool(
        start: Self::Addr,
        end: Self::Addr,
        options: Options<Self>,
        classes: ClassGuard,
    ) -> Self::Pool;
    /// A wire subnet's `reservations` (at `path`), validated inside `prefix`.
    fn reservations(
        s: &Self::WireSubnet,
        path: &str,
        prefix: &<Self::Addr as Ip>::Net,
        defs: &OptionDefs<Self::Space>,
    ) -> Result<Vec<Self::Reservation>, ConfigError>;
    /// Builds a validated subnet from its parts (the family's own checks
    /// and values, then [`resolved_subnet!`](super::network::resolved_subnet)).
    fn build_subnet(s: SubnetParts<'_, Self>) -> Result<Self::Subnet, ConfigError>;
    /// A validated subnet's id.
    fn id_of(s: &Self::Subnet) -> u32;
    /// A validated subnet's prefix.
    fn prefix_of(s: &Self::Subnet) -> <Self::Addr as Ip>::Net;
    /// A validated subnet's address pools (first, last).
    fn pools_of(s: &Self::Subnet) -> Vec<(Self::Addr, Self::Addr)>;
    /// Kea's checks of a shared network's member subnets, built, beyond
    /// the interface one.
    fn check_members(m: Members<'_, Self>) -> Result<(), ConfigError>;
}

/// One wire `pools` entry as the pool checks see it.
pub struct WirePool<'a, F: Family> {
    /// The range text (`a-b` or a prefix).
    pub range: &'a str,
    /// Its `option-data`.
    pub options: &'a [wire::OptionData<F::Space>],
    /// Its `client-class`.
    pub client_class: Option<&'a String>,
    /// Its `require-client-classes`.
    pub require_client_classes: Option<&'a Vec<String>>,
}

/// A shared network's member subnets as [`Family::check_members`] sees them.
pub struct Members<'a, F: Family> {
    /// The whole map (for the global values a network inherits).
    pub root: &'a F::Wire,
    /// The shared network.
    pub network: &'a F::WireNetwork,
    /// Its subnets, built.
    pub subnets: &'a [F::Subnet],
    /// Member `j`'s JSON path.
    pub path_of: &'a dyn Fn(usize) -> String,
}

/// The wire side of a [`Family`] impl: the map types, the JSON root, the
/// pool type and its name in Kea's messages, and the accessors (also of the
/// validated subnet), the same for both maps but for the subnet list key
/// `$list` (`subnet4`, `subnet6`).
macro_rules! wire_access {
    (
        root: $root:literal, addr: $addr:ty, space: $space:ty, extra: $extra:ty, list: $list:ident,
        pool: $pool:ident $pool_type:literal, wire: $wire:ty, network: $network:ty,
        subnet: $subnet:ty => $model:ty, reservations: $parse_hosts:path => $host:ty
    ) => {
        const POOL_TYPE: &'static str = $pool_type;
        type Pool = $pool;
        type Reservation = $host;
        fn classes(d: &Self::Wire) -> &[Self::WireClass] {
            &d.client_classes
        }
        fn class_keys(
            c: &Self::WireClass,
        ) -> $crate::config::validate::client_classes::ClassKeys<'_, Self> {
            $crate::config::validate::client_classes::ClassKeys {
                name: &c.name,
                test: c.test.as_deref(),
                only_if_required: c.only_if_required,
                options: &c.option_data,
                valid: (c.min_valid_lifetime, c.valid_lifetime, c.max_valid_lifetime),
            }
        }
        fn wire_pools(s: &Self::WireSubnet) -> Vec<WirePool<'_, Self>> {
            s.pools
                .iter()
                .map(|w| WirePool {
                    range: w.pool.as_str(),
                    options: w.option_data.as_slice(),
                    client_class: w.client_class.as_ref(),
                    require_client_classes: w.require_client_classes.as_ref(),
                })
                .collect()
        }
        fn pool(
            start: Self::Addr,
            end: Self::Addr,
            options: Options<Self>,
            classes: ClassGuard,
        ) -> $pool {
            $pool {
                start,
                end,
                options,
                classes,
            }
        }
        fn reservations(
            s: &Self::WireSubnet,
            path: &str,
            prefix: &<Self::Addr as $crate::config::validate::family::Ip>::Net,
            defs: &$crate::config::option_defs::OptionDefs<$space>,
        ) -> Result<Vec<$host>> {
            $parse_hosts(&s.reservations, path, Some(prefix), defs)
        }
        type Addr = $addr;
        type Space = $space;
        type Subnet = $model;
        type Extra = $extra;
        type Wire = $wire;
        type WireNetwork = $network;
        type WireSubnet = $subnet;
        const ROOT: &'static str = $root;
        const SUBNETS: &'static str = stringify!($list);

        fn subnets(d: &Self::Wire) -> &[Self::WireSubnet] {
            &d.$list
        }
        fn option_data(d: &Self::Wire) -> &[wire::OptionData<Self::Space>] {
            &d.option_data
        }
        fn networks(d: &Self::Wire) -> &[Self::WireNetwork] {
            &d.shared_networks
        }
        fn network(n: &Self::WireNetwork) -> NetworkView<'_, Self> {
            NetworkView {
                name: &n.name,
                subnets: &n.$list,
                params: n.params(),
                options: &n.option_data,
            }
        }
        fn subnet(s: &Self::WireSubnet) -> SubnetView<'_, Self> {
            SubnetView {
                id: s.id,
                subnet: &s.subnet,
                params: s.params(),
                options: &s.option_data,
            }
        }
        fn set_ids(d: &mut Self::Wire, plain: Vec<u32>, shared: Vec<Vec<u32>>) {
            for (s, id) in d.$list.iter_mut().zip(plain) {
                s.id = id;
            }
            for (n, ids) in d.shared_networks.iter_mut().zip(shared) {
                for (s, id) in n.$list.iter_mut().zip(ids) {
                    s.id = id;
                }
            }
        }
        fn global_level(d: &Self::Wire) -> GlobalLevel<'_> {
            global_level!(d)
        }
        fn id_of(s: &Self::Subnet) -> u32 {
            s.id
        }
        fn prefix_of(
            s: &Self::Subnet,
        ) -> <Self::Addr as $crate::config::validate::family::Ip>::Net {
            s.prefix
        }
        fn pools_of(s: &Self::Subnet) -> Vec<(Self::Addr, Self::Addr)> {
            s.pools.iter().map(|p| (p.start, p.end)).collect()
        }
    };
}
pub(super) use wire_access;
