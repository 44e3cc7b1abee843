//! The "wire" model: Kea's `Dhcp4` and `Dhcp6` JSON maps as serde structs, one
//! struct per Kea map, unknown keys refused. Defaults are filled in by serde
//! so that serializing a parsed config gives what Kea's `config-get` shows.
//! Semantic checks live in `config::validate`; this layer only knows names and
//! JSON types. The keys the maps share are declared once (`fields`).

#[macro_use]
mod fields;
mod client_class;
pub mod defaults;
mod host;
mod network;
mod option;
mod option_def;
mod server;
mod server_id;
mod services;

pub use client_class::{ClientClass4, ClientClass6};
pub use host::{Reservation4, Reservation6};
pub use network::{
    NetworkParams, PdPool6, Pool4, Pool6, Relay, SharedNetwork4, SharedNetwork6, Subnet4, Subnet6,
};
pub use option::OptionData;
pub use option_def::OptionDefinition;
pub use server::{Dhcp4, Dhcp6};
pub use server_id::ServerId;
pub use services::{
    Compatibility, ConfigControl, ControlSocket, Database, DhcpQueueControl,
    ExpiredLeasesProcessing, InterfacesConfig, Logger, MultiThreading, OutputOption, SanityChecks,
};
