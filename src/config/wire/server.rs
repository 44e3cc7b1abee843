//! Kea 2.2's `Dhcp4` and `Dhcp6` maps: each its family's own keys plus the
//! `global_fields` both share. Keys ruru does not implement are kept as
//! loosely typed fields so that `validate` can name them "not supported yet".

use serde_json::{Map, Value};

use super::{
    defaults, ClientClass4, ClientClass6, Compatibility, ConfigControl, ControlSocket, Database,
    DhcpQueueControl, ExpiredLeasesProcessing, InterfacesConfig, Logger, MultiThreading,
    OptionData, OptionDefinition, Reservation4, Reservation6, SanityChecks, ServerId,
    SharedNetwork4, SharedNetwork6, Subnet4, Subnet6,
};
use crate::options::{Dhcp4 as Space4, Dhcp6 as Space6};

kea_map! {
/// Kea's `Dhcp4` map (2.2 keywords).
pub struct Dhcp4 {
    /// Subnets outside shared networks.
    #[serde(default)]
    pub subnet4: Vec<Subnet4>,
    /// Shared networks.
    #[serde(default)]
    pub shared_networks: Vec<SharedNetwork4>,
    /// Host identifier types, in lookup order.
    #[serde(default = "defaults::host_reservation_identifiers")]
    pub host_reservation_identifiers: Vec<String>,
    /// Global options.
    #[serde(default)]
    pub option_data: Vec<OptionData<Space4>>,
    /// Global reservations.
    #[serde(default)]
    pub reservations: Vec<Reservation4>,
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
    /// Compute T1/T2 when not configured.
    #[serde(default)]
    pub calculate_tee_times: bool,
    /// T2 fraction.
    #[serde(default = "defaults::t2_percent")]
    pub t2_percent: f64,
    /// Compatibility flags (defaults only).
    pub compatibility: Option<Compatibility>,
    /// Client classes, in evaluation order.
    #[serde(default)]
    pub client_classes: Vec<ClientClass4>,
    /// Custom option definitions.
    #[serde(default)]
    pub option_def: Vec<OptionDefinition<Space4>>,
} + global_fields
}

kea_map! {
/// Kea 2.2's `Dhcp6` map.
pub struct Dhcp6 {
    /// Directory of the server DUID file.
    #[serde(default = "defaults::data_directory")]
    pub data_directory: String,
    /// Default preferred lifetime (s).
    #[serde(default = "defaults::preferred_lifetime")]
    pub preferred_lifetime: u32,
    /// Minimum preferred lifetime (s).
    pub min_preferred_lifetime: Option<u32>,
    /// Maximum preferred lifetime (s).
    pub max_preferred_lifetime: Option<u32>,
    /// Subnets outside shared networks.
    #[serde(default)]
    pub subnet6: Vec<Subnet6>,
    /// Shared networks: subnets that share one link.
    #[serde(default)]
    pub shared_networks: Vec<SharedNetwork6>,
    /// Sources of client MAC addresses (default only).
    pub mac_sources: Option<Vec<String>>,
    /// RSOO options relays may supply (empty only for now).
    pub relay_supplied_options: Option<Vec<String>>,
    /// Host identifier types, in lookup order.
    #[serde(default = "defaults::host_reservation_identifiers6")]
    pub host_reservation_identifiers: Vec<String>,
    /// Global options.
    #[serde(default)]
    pub option_data: Vec<OptionData<Space6>>,
    /// Global reservations.
    #[serde(default)]
    pub reservations: Vec<Reservation6>,
    /// Server DUID.
    #[serde(default)]
    pub server_id: ServerId,
    /// Compute T1/T2 when not configured (true in v6).
    #[serde(default = "defaults::yes")]
    pub calculate_tee_times: bool,
    /// T2 fraction (0.8 in v6).
    #[serde(default = "defaults::t2_percent6")]
    pub t2_percent: f64,
    /// Client classes, in evaluation order.
    #[serde(default)]
    pub client_classes: Vec<ClientClass6>,
    /// Custom option definitions.
    #[serde(default)]
    pub option_def: Vec<OptionDefinition<Space6>>,
} + global_fields
}
