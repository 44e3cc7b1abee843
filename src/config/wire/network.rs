//! `subnet4` / `subnet6`, `shared-networks`, `pools`, `pd-pools` and `relay`
//! maps. Every inheritable parameter is optional here: absence means
//! "inherit from the level above" (global -> shared network -> subnet).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{OptionData, Reservation4, Reservation6};
use crate::options::{Dhcp4, Dhcp6};

kea_map! {
/// One `subnet4` entry.
pub struct Subnet4 {
    /// Subnet id; 0 = auto-assign (`validate` writes the assigned id back).
    #[serde(default)]
    pub id: u32,
    /// Prefix, e.g. `192.0.2.0/24` (required).
    pub subnet: String,
    /// Address pools.
    #[serde(default)]
    pub pools: Vec<Pool4>,
    /// Subnet options.
    #[serde(default)]
    pub option_data: Vec<OptionData<Dhcp4>>,
    /// Host reservations.
    #[serde(default)]
    pub reservations: Vec<Reservation4>,
    /// DHCPv4-over-DHCPv6 interface (only "" for now).
    #[serde(rename = "4o6-interface")]
    pub dhcp4o6_interface: Option<String>,
    /// DHCPv4-over-DHCPv6 interface-id (only "" for now).
    #[serde(rename = "4o6-interface-id")]
    pub dhcp4o6_interface_id: Option<String>,
    /// DHCPv4-over-DHCPv6 subnet (only "" for now).
    #[serde(rename = "4o6-subnet")]
    pub dhcp4o6_subnet: Option<String>,
} + network_fields + network4_fields
}

kea_map! {
/// One `shared-networks` entry of `Dhcp4`.
pub struct SharedNetwork4 {
    /// Unique name (required).
    pub name: String,
    /// Member subnets.
    #[serde(default)]
    pub subnet4: Vec<Subnet4>,
    /// Network options.
    #[serde(default)]
    pub option_data: Vec<OptionData<Dhcp4>>,
} + network_fields + network4_fields
}

kea_map! {
/// One `subnet6` entry.
pub struct Subnet6 {
    /// Subnet id (0 = auto-assigned).
    #[serde(default)]
    pub id: u32,
    /// The prefix (required).
    pub subnet: String,
    /// Address pools.
    #[serde(default)]
    pub pools: Vec<Pool6>,
    /// Prefix delegation pools.
    #[serde(default)]
    pub pd_pools: Vec<PdPool6>,
    /// Subnet options.
    #[serde(default)]
    pub option_data: Vec<OptionData<Dhcp6>>,
    /// Reservations in this subnet.
    #[serde(default)]
    pub reservations: Vec<Reservation6>,
} + network_fields + network6_fields
}

kea_map! {
/// One `shared-networks` entry of `Dhcp6`: its subnets inherit what it sets.
pub struct SharedNetwork6 {
    /// Unique name (required).
    #[serde(default)]
    pub name: String,
    /// Member subnets.
    #[serde(default)]
    pub subnet6: Vec<Subnet6>,
    /// Network options.
    #[serde(default)]
    pub option_data: Vec<OptionData<Dhcp6>>,
} + network_fields + network6_fields
}

/// The fields of [`NetworkParams`]: the common list, then DHCPv4's, then
/// DHCPv6's (each stage is handed the next list, `$stage` says which).
macro_rules! network_params_struct {
    ([common] $($(#[$d:meta])* $n:ident: $t:ty,)*) => {
        inheritable4_fields! { network_params_struct [v4 $($(#[$d])* $n: $t,)*] }
    };
    ([v4 $($(#[$d0:meta])* $n0:ident: $t0:ty,)*] $($(#[$d1:meta])* $n1:ident: $t1:ty,)*) => {
        inheritable6_fields! {
            network_params_struct [v6 $($(#[$d0])* $n0: $t0,)* $($(#[$d1])* $n1: $t1,)*]
        }
    };
    ([v6 $($(#[$d0:meta])* $n0:ident: $t0:ty,)*] $($(#[$d1:meta])* $n1:ident: $t1:ty,)*) => {
        /// Parameters a subnet inherits from its shared network and the
        /// globals, as set at one level (`None` = inherit), in either family
        /// (the keys of the other family are `None`).
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct NetworkParams {
            $($(#[$d0])* pub $n0: $t0,)*
            $($(#[$d1])* pub $n1: $t1,)*
        }
    };
}
inheritable_fields! { network_params_struct [common] }

/// Implements `params()` for the network maps `$name`: the common
/// inheritable keys plus the family's (`$family`: `inheritable4_fields`,
/// `inheritable6_fields`).
macro_rules! network_params {
    ([$name:ident $family:ident] $($(#[$d0:meta])* $n0:ident: $t0:ty,)*) => {
        $family! { network_params [$name $($n0)*] }
    };
    ([$name:ident $($n0:ident)*] $($(#[$d1:meta])* $n1:ident: $t1:ty,)*) => {
        impl $name {
            /// The inheritable parameters set at this level.
            pub fn params(&self) -> NetworkParams {
                NetworkParams {
                    $($n0: self.$n0.clone(),)*
                    $($n1: self.$n1.clone(),)*
                    ..NetworkParams::default()
                }
            }
        }
    };
}
inheritable_fields! { network_params [Subnet4 inheritable4_fields] }
inheritable_fields! { network_params [SharedNetwork4 inheritable4_fields] }
inheritable_fields! { network_params [Subnet6 inheritable6_fields] }
inheritable_fields! { network_params [SharedNetwork6 inheritable6_fields] }

kea_map! {
/// One `pools` entry of a `subnet4`: `"a - b"` or `"prefix/len"`.
pub struct Pool4 {
    /// `"a - b"` or `"prefix/len"` (required).
    pub pool: String,
    /// Pool options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData<Dhcp4>>,
} + pool_fields
}

kea_map! {
/// One `pools` entry of a `subnet6`: `"2001:db8::10 - 2001:db8::ff"` or
/// `"2001:db8::/120"`.
pub struct Pool6 {
    /// The range or prefix text (required).
    pub pool: String,
    /// Pool options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData<Dhcp6>>,
} + pool_fields
}

kea_map! {
/// One `pd-pools` entry.
pub struct PdPool6 {
    /// Pool prefix address (required).
    pub prefix: String,
    /// Pool prefix length (required).
    pub prefix_len: u32,
    /// Length of delegated prefixes (required).
    pub delegated_len: u32,
    /// Prefix excluded from each delegation (RFC 6603).
    pub excluded_prefix: Option<String>,
    /// Length of the excluded prefix.
    pub excluded_prefix_len: Option<u32>,
    /// Pool options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData<Dhcp6>>,
} + pool_fields
}

/// `relay` map.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Relay {
    /// Relay addresses.
    pub ip_addresses: Option<Vec<String>>,
    /// Deprecated single address.
    pub ip_address: Option<String>,
}
