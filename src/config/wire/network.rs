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

/// Parameters a subnet inherits from its shared network and the globals, as
/// set at one level (`None` = inherit), in either family (the keys of the
/// other family are `None`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkParams {
    /// `interface`.
    pub interface: Option<String>,
    /// `relay`.
    pub relay: Option<Relay>,
    /// `client-class`.
    pub client_class: Option<String>,
    /// `require-client-classes`.
    pub require_client_classes: Option<Vec<String>>,
    /// `valid-lifetime`.
    pub valid_lifetime: Option<u32>,
    /// `min-valid-lifetime`.
    pub min_valid_lifetime: Option<u32>,
    /// `max-valid-lifetime`.
    pub max_valid_lifetime: Option<u32>,
    /// `renew-timer`.
    pub renew_timer: Option<u32>,
    /// `rebind-timer`.
    pub rebind_timer: Option<u32>,
    /// `calculate-tee-times`.
    pub calculate_tee_times: Option<bool>,
    /// `t1-percent`.
    pub t1_percent: Option<f64>,
    /// `t2-percent`.
    pub t2_percent: Option<f64>,
    /// `reservation-mode`.
    pub reservation_mode: Option<String>,
    /// `reservations-global`.
    pub reservations_global: Option<bool>,
    /// `reservations-in-subnet`.
    pub reservations_in_subnet: Option<bool>,
    /// `reservations-out-of-pool`.
    pub reservations_out_of_pool: Option<bool>,
    /// `cache-threshold`.
    pub cache_threshold: Option<f64>,
    /// `cache-max-age`.
    pub cache_max_age: Option<u32>,
    /// `ddns-send-updates`.
    pub ddns_send_updates: Option<bool>,
    /// `ddns-override-no-update`.
    pub ddns_override_no_update: Option<bool>,
    /// `ddns-override-client-update`.
    pub ddns_override_client_update: Option<bool>,
    /// `ddns-replace-client-name`.
    pub ddns_replace_client_name: Option<String>,
    /// `ddns-generated-prefix`.
    pub ddns_generated_prefix: Option<String>,
    /// `ddns-qualifying-suffix`.
    pub ddns_qualifying_suffix: Option<String>,
    /// `ddns-update-on-renew`.
    pub ddns_update_on_renew: Option<bool>,
    /// `ddns-use-conflict-resolution`.
    pub ddns_use_conflict_resolution: Option<bool>,
    /// `hostname-char-set`.
    pub hostname_char_set: Option<String>,
    /// `hostname-char-replacement`.
    pub hostname_char_replacement: Option<String>,
    /// `store-extended-info`.
    pub store_extended_info: Option<bool>,
    /// `authoritative` (DHCPv4).
    pub authoritative: Option<bool>,
    /// `match-client-id` (DHCPv4).
    pub match_client_id: Option<bool>,
    /// `next-server` (DHCPv4).
    pub next_server: Option<String>,
    /// `server-hostname` (DHCPv4).
    pub server_hostname: Option<String>,
    /// `boot-file-name` (DHCPv4).
    pub boot_file_name: Option<String>,
    /// `interface-id` (DHCPv6).
    pub interface_id: Option<String>,
    /// `rapid-commit` (DHCPv6).
    pub rapid_commit: Option<bool>,
    /// `preferred-lifetime` (DHCPv6).
    pub preferred_lifetime: Option<u32>,
    /// `min-preferred-lifetime` (DHCPv6).
    pub min_preferred_lifetime: Option<u32>,
    /// `max-preferred-lifetime` (DHCPv6).
    pub max_preferred_lifetime: Option<u32>,
}

/// Implements `params()` for network maps: the `network_fields` keys plus
/// the family's own inheritable ones (`extra`).
macro_rules! network_params {
    ($($name:ident { $($extra:ident),* })*) => { $(
        impl $name {
            /// The inheritable parameters set at this level.
            pub fn params(&self) -> NetworkParams {
                NetworkParams {
                    interface: self.interface.clone(),
                    relay: self.relay.clone(),
                    client_class: self.client_class.clone(),
                    require_client_classes: self.require_client_classes.clone(),
                    valid_lifetime: self.valid_lifetime,
                    min_valid_lifetime: self.min_valid_lifetime,
                    max_valid_lifetime: self.max_valid_lifetime,
                    renew_timer: self.renew_timer,
                    rebind_timer: self.rebind_timer,
                    calculate_tee_times: self.calculate_tee_times,
                    t1_percent: self.t1_percent,
                    t2_percent: self.t2_percent,
                    reservation_mode: self.reservation_mode.clone(),
                    reservations_global: self.reservations_global,
                    reservations_in_subnet: self.reservations_in_subnet,
                    reservations_out_of_pool: self.reservations_out_of_pool,
                    cache_threshold: self.cache_threshold,
                    cache_max_age: self.cache_max_age,
                    ddns_send_updates: self.ddns_send_updates,
                    ddns_override_no_update: self.ddns_override_no_update,
                    ddns_override_client_update: self.ddns_override_client_update,
                    ddns_replace_client_name: self.ddns_replace_client_name.clone(),
                    ddns_generated_prefix: self.ddns_generated_prefix.clone(),
                    ddns_qualifying_suffix: self.ddns_qualifying_suffix.clone(),
                    ddns_update_on_renew: self.ddns_update_on_renew,
                    ddns_use_conflict_resolution: self.ddns_use_conflict_resolution,
                    hostname_char_set: self.hostname_char_set.clone(),
                    hostname_char_replacement: self.hostname_char_replacement.clone(),
                    store_extended_info: self.store_extended_info,
                    $($extra: self.$extra.clone(),)*
                    ..NetworkParams::default()
                }
            }
        }
    )* };
}

network_params! {
    Subnet4 { authoritative, match_client_id, next_server, server_hostname, boot_file_name }
    SharedNetwork4 { authoritative, match_client_id, next_server, server_hostname, boot_file_name }
    Subnet6 { interface_id, rapid_commit, preferred_lifetime, min_preferred_lifetime, max_preferred_lifetime }
    SharedNetwork6 { interface_id, rapid_commit, preferred_lifetime, min_preferred_lifetime, max_preferred_lifetime }
}

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
