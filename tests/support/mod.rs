//! Shared test support: the generic lease backend battery, the server under
//! test (ruru or Kea), a scripted relay client, network namespaces, and SQL
//! test databases.

#![allow(dead_code, unused_imports, unused_macros)]

pub mod client;
pub mod db;
pub mod host6_battery;
pub mod host_battery;
pub mod kea_check;
pub mod lease6_battery;
pub mod lease_battery;
pub mod memfile_battery;
pub mod netns;
pub mod proxy;
pub mod server;
pub mod server6;
pub mod tls_db;
