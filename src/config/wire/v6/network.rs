//! `shared-networks`, `subnet6`, `pools` and `pd-pools` maps. Inheritable
//! parameters are optional here: absence means "inherit from the level above"
//! (global -> shared network -> subnet).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{OptionData6, Reservation6};
use crate::config::wire::Relay;

/// One `subnet6` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
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
    pub option_data: Vec<OptionData6>,
    /// Interface of directly connected clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Relay interface-id to match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_id: Option<String>,
    /// Relay addresses to match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Relay>,
    /// Answer rapid-commit SOLICITs with REPLY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rapid_commit: Option<bool>,
    /// Client class guard (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_class: Option<String>,
    /// Required classes (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_client_classes: Option<Vec<String>>,
    /// Reservations in this subnet.
    #[serde(default)]
    pub reservations: Vec<Reservation6>,
    /// Default preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_lifetime: Option<u32>,
    /// Minimum preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_preferred_lifetime: Option<u32>,
    /// Maximum preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_preferred_lifetime: Option<u32>,
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
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One `shared-networks` entry: its subnets inherit what it sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SharedNetwork6 {
    /// Unique name (required).
    #[serde(default)]
    pub name: String,
    /// Member subnets.
    #[serde(default)]
    pub subnet6: Vec<Subnet6>,
    /// Network options.
    #[serde(default)]
    pub option_data: Vec<OptionData6>,
    /// Interface of directly connected clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Relay interface-id to match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_id: Option<String>,
    /// Relay addresses to match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Relay>,
    /// Answer rapid-commit SOLICITs with REPLY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rapid_commit: Option<bool>,
    /// Client class guard (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_class: Option<String>,
    /// Required classes (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_client_classes: Option<Vec<String>>,
    /// Default preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_lifetime: Option<u32>,
    /// Minimum preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_preferred_lifetime: Option<u32>,
    /// Maximum preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_preferred_lifetime: Option<u32>,
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
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Builds a [`Params6`] from a network-level map (subnet or shared network).
macro_rules! params6 {
    ($s:expr) => {
        Params6 {
            preferred_lifetime: $s.preferred_lifetime,
            min_preferred_lifetime: $s.min_preferred_lifetime,
            max_preferred_lifetime: $s.max_preferred_lifetime,
            valid_lifetime: $s.valid_lifetime,
            min_valid_lifetime: $s.min_valid_lifetime,
            max_valid_lifetime: $s.max_valid_lifetime,
            renew_timer: $s.renew_timer,
            rebind_timer: $s.rebind_timer,
            calculate_tee_times: $s.calculate_tee_times,
            t1_percent: $s.t1_percent,
            t2_percent: $s.t2_percent,
            reservation_mode: $s.reservation_mode.clone(),
            reservations_global: $s.reservations_global,
            reservations_in_subnet: $s.reservations_in_subnet,
            reservations_out_of_pool: $s.reservations_out_of_pool,
            interface: $s.interface.clone(),
            interface_id: $s.interface_id.clone(),
            relay: $s.relay.clone(),
            rapid_commit: $s.rapid_commit,
            cache_threshold: $s.cache_threshold,
            cache_max_age: $s.cache_max_age,
            ddns: crate::config::wire::NetworkParams {
                cache_threshold: $s.cache_threshold,
                cache_max_age: $s.cache_max_age,
                hostname_char_set: $s.hostname_char_set.clone(),
                hostname_char_replacement: $s.hostname_char_replacement.clone(),
                store_extended_info: $s.store_extended_info,
                ddns_send_updates: $s.ddns_send_updates,
                ddns_override_no_update: $s.ddns_override_no_update,
                ddns_override_client_update: $s.ddns_override_client_update,
                ddns_replace_client_name: $s.ddns_replace_client_name.clone(),
                ddns_generated_prefix: $s.ddns_generated_prefix.clone(),
                ddns_qualifying_suffix: $s.ddns_qualifying_suffix.clone(),
                ddns_update_on_renew: $s.ddns_update_on_renew,
                ddns_use_conflict_resolution: $s.ddns_use_conflict_resolution,
                ..crate::config::wire::NetworkParams::default()
            },
        }
    };
}

/// The inheritable parameters one level (shared network or subnet) sets.
#[derive(Debug, Clone, Default)]
pub struct Params6 {
    /// Default preferred lifetime.
    pub preferred_lifetime: Option<u32>,
    /// Minimum preferred lifetime.
    pub min_preferred_lifetime: Option<u32>,
    /// Maximum preferred lifetime.
    pub max_preferred_lifetime: Option<u32>,
    /// Default valid lifetime.
    pub valid_lifetime: Option<u32>,
    /// Minimum valid lifetime.
    pub min_valid_lifetime: Option<u32>,
    /// Maximum valid lifetime.
    pub max_valid_lifetime: Option<u32>,
    /// T1.
    pub renew_timer: Option<u32>,
    /// T2.
    pub rebind_timer: Option<u32>,
    /// Compute T1/T2.
    pub calculate_tee_times: Option<bool>,
    /// T1 fraction.
    pub t1_percent: Option<f64>,
    /// T2 fraction.
    pub t2_percent: Option<f64>,
    /// Deprecated reservation mode.
    pub reservation_mode: Option<String>,
    /// Consult global reservations.
    pub reservations_global: Option<bool>,
    /// Consult subnet reservations.
    pub reservations_in_subnet: Option<bool>,
    /// Reserved addresses are outside pools.
    pub reservations_out_of_pool: Option<bool>,
    /// Interface of directly connected clients.
    pub interface: Option<String>,
    /// Relay interface-id.
    pub interface_id: Option<String>,
    /// Relay addresses.
    pub relay: Option<Relay>,
    /// Rapid commit.
    pub rapid_commit: Option<bool>,
    /// Lease cache (not supported yet).
    pub cache_threshold: Option<f64>,
    /// Lease cache (not supported yet).
    pub cache_max_age: Option<u32>,
    /// The DDNS / hostname / cache knobs, for the v4 "default only" checks.
    pub ddns: crate::config::wire::NetworkParams,
}

impl Subnet6 {
    /// The inheritable parameters set on this subnet.
    pub fn params(&self) -> Params6 {
        params6!(self)
    }
}

impl SharedNetwork6 {
    /// The inheritable parameters set on this shared network.
    pub fn params(&self) -> Params6 {
        params6!(self)
    }
}

/// One `pools` entry: `"2001:db8::10 - 2001:db8::ff"` or `"2001:db8::/120"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pool6 {
    /// The range or prefix text.
    pub pool: String,
    /// Pool options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData6>,
    /// Client class guard (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_class: Option<String>,
    /// Required classes (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_client_classes: Option<Vec<String>>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One `pd-pools` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PdPool6 {
    /// Pool prefix address (required).
    pub prefix: String,
    /// Pool prefix length (required).
    pub prefix_len: u32,
    /// Length of delegated prefixes (required).
    pub delegated_len: u32,
    /// Prefix excluded from each delegation (RFC 6603).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_prefix: Option<String>,
    /// Length of the excluded prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_prefix_len: Option<u32>,
    /// Pool options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_data: Vec<OptionData6>,
    /// Client class guard (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_class: Option<String>,
    /// Required classes (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_client_classes: Option<Vec<String>>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}
