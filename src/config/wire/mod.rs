//! The "wire" model: Kea's `Dhcp4` JSON map as serde structs, one struct per Kea
//! map, unknown keys refused. Defaults are filled in by serde so that serializing
//! a parsed config gives what Kea's `config-get` shows. Semantic checks live in
//! `config::validate`; this layer only knows names and JSON types.

pub mod defaults;
mod host;
mod network;
mod option;
mod services;
pub mod v6;

pub use host::Reservation4;
pub use network::{NetworkParams, Pool4, Relay, SharedNetwork4, Subnet4};
pub use option::OptionData;
pub use services::{
    Compatibility, ControlSocket, Database, DhcpQueueControl, ExpiredLeasesProcessing,
    InterfacesConfig, Logger, MultiThreading, OutputOption, SanityChecks,
};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Kea's `Dhcp4` map (2.2 keywords). Keys ruru does not implement are kept as
/// loosely typed fields so that `validate` can name them "not supported yet".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Dhcp4 {
    /// Default valid lifetime (s).
    #[serde(default = "defaults::valid_lifetime")]
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
    #[serde(default = "defaults::decline_probation_period")]
    pub decline_probation_period: u32,
    /// Subnets outside shared networks.
    #[serde(default)]
    pub subnet4: Vec<Subnet4>,
    /// Shared networks.
    #[serde(default)]
    pub shared_networks: Vec<SharedNetwork4>,
    /// Where to listen.
    #[serde(default)]
    pub interfaces_config: InterfacesConfig,
    /// Lease storage.
    #[serde(default = "Database::default_lease_database")]
    pub lease_database: Database,
    /// Host reservation database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts_database: Option<Database>,
    /// Host reservation databases, consulted in order after `hosts-database`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts_databases: Option<Vec<Database>>,
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
    pub option_data: Vec<OptionData>,
    /// Hook libraries (only an empty list for now).
    #[serde(default)]
    pub hooks_libraries: Vec<Value>,
    /// Lease reclamation.
    #[serde(default)]
    pub expired_leases_processing: ExpiredLeasesProcessing,
    /// DHCPv4-over-DHCPv6 port (only 0 for now).
    #[serde(default = "defaults::dhcp4o6_port")]
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
    /// Echo option 61 (RFC 6842).
    #[serde(default = "defaults::yes")]
    pub echo_client_id: bool,
    /// Identify clients by client-id first.
    #[serde(default = "defaults::yes")]
    pub match_client_id: bool,
    /// NAK unknown requests.
    #[serde(default)]
    pub authoritative: bool,
    /// siaddr.
    #[serde(default = "defaults::next_server")]
    pub next_server: String,
    /// sname.
    #[serde(default)]
    pub server_hostname: String,
    /// file.
    #[serde(default)]
    pub boot_file_name: String,
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
    pub reservations: Vec<Reservation4>,
    /// Configuration backend (not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_control: Option<Value>,
    /// Server tag.
    #[serde(default)]
    pub server_tag: String,
    /// Deprecated reservation mode (mapped onto the three flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_mode: Option<String>,
    /// Consult global reservations.
    #[serde(default)]
    pub reservations_global: bool,
    /// Consult subnet reservations.
    #[serde(default = "defaults::yes")]
    pub reservations_in_subnet: bool,
    /// Reserved addresses are all outside pools.
    #[serde(default)]
    pub reservations_out_of_pool: bool,
    /// Compute T1/T2 when not configured.
    #[serde(default)]
    pub calculate_tee_times: bool,
    /// T1 fraction.
    #[serde(default = "defaults::t1_percent")]
    pub t1_percent: f64,
    /// T2 fraction.
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
    #[serde(default = "defaults::hostname_char_set")]
    pub hostname_char_set: String,
    /// Hostname sanitizing replacement (default only).
    #[serde(default)]
    pub hostname_char_replacement: String,
    /// DDNS (default only).
    #[serde(default = "defaults::yes")]
    pub ddns_send_updates: bool,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_override_no_update: bool,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_override_client_update: bool,
    /// DDNS (default only).
    #[serde(default = "defaults::ddns_replace_client_name")]
    pub ddns_replace_client_name: String,
    /// DDNS (default only).
    #[serde(default = "defaults::ddns_generated_prefix")]
    pub ddns_generated_prefix: String,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_qualifying_suffix: String,
    /// DDNS (default only).
    #[serde(default)]
    pub ddns_update_on_renew: bool,
    /// DDNS (default only).
    #[serde(default = "defaults::yes")]
    pub ddns_use_conflict_resolution: bool,
    /// Extended lease info (default only).
    #[serde(default)]
    pub store_extended_info: bool,
    /// Samples kept per statistic.
    #[serde(default = "defaults::statistic_default_sample_count")]
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
    #[serde(default = "defaults::yes")]
    pub ip_reservations_unique: bool,
    /// Reservations before lease lookup (default only).
    #[serde(default)]
    pub reservations_lookup_first: bool,
    /// Compatibility flags (defaults only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility: Option<Compatibility>,
    /// Parked packets limit (only used by hooks: accepted).
    #[serde(default = "defaults::parked_packet_limit")]
    pub parked_packet_limit: u32,
}
