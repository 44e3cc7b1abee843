//! ruru: a DHCPv4/DHCPv6 server that runs ISC Kea's configuration and commands.
//!
//! Folder map: `config` turns Kea JSON into a validated model, `dhcp` is the pure
//! protocol (decode, decide, encode), `backends` stores leases behind traits,
//! `actors` is the actix runtime that glues sockets, stores and policy together,
//! `commands` implements Kea's control-channel commands.

pub mod actors;
pub mod backends;
pub mod commands;
pub mod config;
pub mod dhcp;
pub mod logging;
pub mod server_cli;
pub mod stats;

/// The version reported by `-v`, `version-get` and the logs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
