//! The "wire" model of Kea's `Dhcp6` map: serde structs, unknown keys refused.
//! Service maps (interfaces, databases, control socket, loggers, lease
//! reclamation, threading, sanity checks) are the same structs as `Dhcp4`'s.

pub mod defaults;
mod host;
mod network;
mod option;
mod server_id;

pub use host::Reservation6;
pub use network::{Params6, PdPool6, Pool6, SharedNetwork6, Subnet6};
pub use option::OptionData6;
pub use server_id::ServerId;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::config::wire::{
    defaults as defaults4, ControlSocket, Database, DhcpQueueControl, ExpiredLeasesProcessing,
    InterfacesConfig, Logger, MultiThreading, SanityChecks,
};

/// Kea 2.2's `Dhcp6` map. Keys ruru does not implement are kept as loosely
/// typed fields so that validation can name them "not supported yet".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Dhcp6 {
    /// Directory of the server DUID file.
    #[serde(default = "defaults::data_directory")]
    pub data_directory: String,
    /// Default preferred lifetime (s).
    #[serde(default = "defaults::preferred_lifetime")]
    pub preferred_lifetime: u32,
    /// Minimum preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_preferred_lifetime: Option<u32>,
    /// Maximum preferred lifetime (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_preferred_lifetime: Option<u32>,
    /// Default valid lifetime (s).
    #[serde(default = "defaults4::valid_lifetime")]
    pub valid_lifetime: u32,
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
    /// Seconds a declined address stays out of use.
    #[serde(default = "defaults4::decline_probation_period")]
    pub decline_probation_period: u32,
    /// Subnets outside shared networks.
    #[serde(default)]
    pub subnet6: Vec<Subnet6>,
    /// Shared networks: subnets that share one link.
    #[serde(default)]
    pub shared_networks: Vec<SharedNetwork6>,
    /// Where to listen.
    #[serde(default)]
    pub interfaces_config: InterfacesConfig,
    /// Lease storage.
    #[serde(default = "defaults::lease_database")]
    pub lease_database: Database,
    /// Host reservation database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts_database: Option<Database>,
    /// Host reservation databases, consulted in order after `hosts-database`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts_databases: Option<Vec<Database>>,
    /// Sources of client MAC addresses (default only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_sources: Option<Vec<String>>,
    /// RSOO options relays may supply (empty only for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_supplied_options: Option<Vec<String>>,
    /// Host identifier types, in lookup order.
    #[serde(default = "defaults::host_reservation_identifiers")]
    pub host_reservation_identifiers: Vec<String>,
    /// Client classes (only an empty list for now).
    #[serde(default)]
    pub client_classes: Vec<Value>,
    /// Custom option definitions (only an empty list for now).
    #[serde(default)]
    pub option_def: Vec<Value>,
    /// Global options.
    #[serde(default)]
    pub option_data: Vec<OptionData6>,
    /// Hook libraries (only an empty list for now).
    #[serde(default)]
    pub hooks_libraries: Vec<Value>,
    /// Lease reclamation.
    #[serde(default)]
    pub expired_leases_processing: ExpiredLeasesProcessing,
    /// Server DUID.
    #[serde(default)]
    pub server_id: ServerId,
    /// DHCPv4-over-DHCPv6 port (only 0 for now).
    #[serde(default = "defaults4::dhcp4o6_port")]
    pub dhcp4o6_port: u16,
    /// Command channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_socket: Option<ControlSocket>,
    /// Packet queue (only disabled for now).
    #[serde(default)]
    pub dhcp_queue_control: DhcpQueueControl,
    /// DNS update client (only disabled for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dhcp_ddns: Option<Value>,
    /// Free-form user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Lease sanity checks at load.
    #[serde(default)]
    pub sanity_checks: SanityChecks,
    /// Global reservations.
    #[serde(default)]
    pub reservations: Vec<Reservation6>,
    /// Configuration backend (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_control: Option<Value>,
    /// Server tag.
    #[serde(default)]
    pub server_tag: String,
    /// Deprecated reservation mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_mode: Option<String>,
    /// Consult global reservations.
    #[serde(default)]
    pub reservations_global: bool,
    /// Consult subnet reservations.
    #[serde(default = "defaults4::yes")]
    pub reservations_in_subnet: bool,
    /// Reserved addresses are all outside pools.
    #[serde(default)]
    pub reservations_out_of_pool: bool,
    /// Compute T1/T2 when not configured (true in v6).
    #[serde(default = "defaults4::yes")]
    pub calculate_tee_times: bool,
    /// T1 fraction.
    #[serde(default = "defaults4::t1_percent")]
    pub t1_percent: f64,
    /// T2 fraction (0.8 in v6).
    #[serde(default = "defaults::t2_percent")]
    pub t2_percent: f64,
    /// Lease cache threshold (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_threshold: Option<f64>,
    /// Lease cache max age (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_max_age: Option<u32>,
    /// Logging.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loggers: Vec<Logger>,
    /// Hostname sanitizing regex (default only).
    #[serde(default = "defaults4::hostname_char_set")]
    pub hostname_char_set: String,
    /// Hostname sanitizing replacement (default only).
    #[serde(default)]
    pub hostname_char_replacement: String,
    /// DDNS (default only).
    #[serde(default = "defaults4::yes")]
    pub ddns_send_updates: bool,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_override_no_update: bool,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_override_client_update: bool,
    /// DDNS (default only).
    #[serde(default = "defaults4::ddns_replace_client_name")]
    pub ddns_replace_client_name: String,
    /// DDNS (default only).
    #[serde(default = "defaults4::ddns_generated_prefix")]
    pub ddns_generated_prefix: String,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_qualifying_suffix: String,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_update_on_renew: bool,
    /// DDNS (default only).
    #[serde(default = "defaults4::yes")]
    pub ddns_use_conflict_resolution: bool,
    /// Extended lease info (default only).
    #[serde(default)]
    pub store_extended_info: bool,
    /// Samples kept per statistic.
    #[serde(default = "defaults4::statistic_default_sample_count")]
    pub statistic_default_sample_count: u32,
    /// Max sample age (default only).
    #[serde(default)]
    pub statistic_default_sample_age: u32,
    /// Multi-threading (accepted; ruru's own runtime decides).
    #[serde(default)]
    pub multi_threading: MultiThreading,
    /// Early global reservation lookup (default only).
    #[serde(default)]
    pub early_global_reservations_lookup: bool,
    /// Reserved addresses unique (default only).
    #[serde(default = "defaults4::yes")]
    pub ip_reservations_unique: bool,
    /// Reservations before lease lookup (default only).
    #[serde(default)]
    pub reservations_lookup_first: bool,
    /// Parked packets limit (only used by hooks: accepted).
    #[serde(default = "defaults4::parked_packet_limit")]
    pub parked_packet_limit: u32,
}
