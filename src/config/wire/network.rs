//! `subnet4`, `shared-networks`, `pools` and `relay` maps. Every inheritable
//! parameter is optional here: absence means "inherit".

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{OptionData, Reservation4};

/// Declares a network map struct (subnet or shared network) with its own keys
/// plus the inheritable parameters both share (no `#[serde(flatten)]`, which
/// would defeat `deny_unknown_fields` and positions in errors).
macro_rules! network_map {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $name {
            $($body)*

            /// Default valid lifetime (s).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub valid_lifetime: Option<u32>,
            /// Minimum valid lifetime (s).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub min_valid_lifetime: Option<u32>,
            /// Maximum valid lifetime (s).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub max_valid_lifetime: Option<u32>,
            /// T1 (s).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub renew_timer: Option<u32>,
            /// T2 (s).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub rebind_timer: Option<u32>,
            /// Compute T1/T2.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub calculate_tee_times: Option<bool>,
            /// T1 fraction.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub t1_percent: Option<f64>,
            /// T2 fraction.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub t2_percent: Option<f64>,
            /// NAK unknown requests.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub authoritative: Option<bool>,
            /// Identify clients by client-id first.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub match_client_id: Option<bool>,
            /// siaddr.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub next_server: Option<String>,
            /// sname.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub server_hostname: Option<String>,
            /// file.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub boot_file_name: Option<String>,
            /// Deprecated reservation mode.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub reservation_mode: Option<String>,
            /// Consult global reservations.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub reservations_global: Option<bool>,
            /// Consult subnet reservations.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub reservations_in_subnet: Option<bool>,
            /// Reserved addresses are outside pools.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub reservations_out_of_pool: Option<bool>,
            /// Lease cache (not supported yet).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub cache_threshold: Option<f64>,
            /// Lease cache (not supported yet).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub cache_max_age: Option<u32>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_send_updates: Option<bool>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_override_no_update: Option<bool>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_override_client_update: Option<bool>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_replace_client_name: Option<String>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_generated_prefix: Option<String>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_qualifying_suffix: Option<String>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_update_on_renew: Option<bool>,
            /// DDNS (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub ddns_use_conflict_resolution: Option<bool>,
            /// Hostname sanitizing (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub hostname_char_set: Option<String>,
            /// Hostname sanitizing (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub hostname_char_replacement: Option<String>,
            /// Extended lease info (default only).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub store_extended_info: Option<bool>,

        }

        impl $name {
            /// The inheritable parameters set at this level.
            pub fn params(&self) -> NetworkParams {
                NetworkParams {
                    valid_lifetime: self.valid_lifetime.clone(),
                    min_valid_lifetime: self.min_valid_lifetime.clone(),
                    max_valid_lifetime: self.max_valid_lifetime.clone(),
                    renew_timer: self.renew_timer.clone(),
                    rebind_timer: self.rebind_timer.clone(),
                    calculate_tee_times: self.calculate_tee_times.clone(),
                    t1_percent: self.t1_percent.clone(),
                    t2_percent: self.t2_percent.clone(),
                    authoritative: self.authoritative.clone(),
                    match_client_id: self.match_client_id.clone(),
                    next_server: self.next_server.clone(),
                    server_hostname: self.server_hostname.clone(),
                    boot_file_name: self.boot_file_name.clone(),
                    reservation_mode: self.reservation_mode.clone(),
                    reservations_global: self.reservations_global.clone(),
                    reservations_in_subnet: self.reservations_in_subnet.clone(),
                    reservations_out_of_pool: self.reservations_out_of_pool.clone(),
                    cache_threshold: self.cache_threshold.clone(),
                    cache_max_age: self.cache_max_age.clone(),
                    ddns_send_updates: self.ddns_send_updates.clone(),
                    ddns_override_no_update: self.ddns_override_no_update.clone(),
                    ddns_override_client_update: self.ddns_override_client_update.clone(),
                    ddns_replace_client_name: self.ddns_replace_client_name.clone(),
                    ddns_generated_prefix: self.ddns_generated_prefix.clone(),
                    ddns_qualifying_suffix: self.ddns_qualifying_suffix.clone(),
                    ddns_update_on_renew: self.ddns_update_on_renew.clone(),
                    ddns_use_conflict_resolution: self.ddns_use_conflict_resolution.clone(),
                    hostname_char_set: self.hostname_char_set.clone(),
                    hostname_char_replacement: self.hostname_char_replacement.clone(),
                    store_extended_info: self.store_extended_info.clone(),
                }
            }
        }
    };
}

/// Parameters a subnet inherits from its shared network and the globals, as set
/// at one level (`None` = inherit).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkParams {
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
    /// `authoritative`.
    pub authoritative: Option<bool>,
    /// `match-client-id`.
    pub match_client_id: Option<bool>,
    /// `next-server`.
    pub next_server: Option<String>,
    /// `server-hostname`.
    pub server_hostname: Option<String>,
    /// `boot-file-name`.
    pub boot_file_name: Option<String>,
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
}

network_map! {
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
    pub option_data: Vec<OptionData>,
    /// Interface of directly connected clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Client class guard (only "" for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_class: Option<String>,
    /// Classes evaluated late (only an empty list for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_client_classes: Option<Vec<String>>,
    /// Host reservations.
    #[serde(default)]
    pub reservations: Vec<Reservation4>,
    /// Relay addresses matched against giaddr.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Relay>,
    /// DHCPv4-over-DHCPv6 interface (only "" for now).
    #[serde(default, rename = "4o6-interface", skip_serializing_if = "Option::is_none")]
    pub dhcp4o6_interface: Option<String>,
    /// DHCPv4-over-DHCPv6 interface-id (only "" for now).
    #[serde(
        default,
        rename = "4o6-interface-id",
        skip_serializing_if = "Option::is_none"
    )]
    pub dhcp4o6_interface_id: Option<String>,
    /// DHCPv4-over-DHCPv6 subnet (only "" for now).
    #[serde(default, rename = "4o6-subnet", skip_serializing_if = "Option::is_none")]
    pub dhcp4o6_subnet: Option<String>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
}

network_map! {
/// One `shared-networks` entry.
pub struct SharedNetwork4 {
    /// Unique name (required).
    pub name: String,
    /// Member subnets.
    #[serde(default)]
    pub subnet4: Vec<Subnet4>,
    /// Network options.
    #[serde(default)]
    pub option_data: Vec<OptionData>,
    /// Interface of directly connected clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Client class guard (only "" for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_class: Option<String>,
    /// Classes evaluated late (only an empty list for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_client_classes: Option<Vec<String>>,
    /// Relay addresses matched against giaddr.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Relay>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
}

/// One `pools` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pool4 {
    /// `"a - b"` or `"prefix/len"` (required).
    pub pool: String,
    /// Pool options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData>,
    /// Client class guard (only "" for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_class: Option<String>,
    /// Classes evaluated late (only an empty list for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_client_classes: Option<Vec<String>>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `relay` map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Relay {
    /// Relay addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_addresses: Option<Vec<String>>,
    /// Deprecated single address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}
