//! ruru: a DHCPv4/DHCPv6 server that runs ISC Kea's configuration and commands.
//!
//! Folder map, bottom layer first (a module uses only those above it in this
//! list; `tests/it/layering.rs` enforces it):
//! - `stats`: the statistics registry (Kea's names and sample format).
//! - `options`: DHCP option definitions (Kea's standard tables) and codecs.
//! - `expression`: Kea's client-classification expression language (`test`):
//!   parser and evaluator over a family-neutral packet view.
//! - `config`: Kea JSON -> validated configuration model.
//! - `logging`: the `loggers` configuration applied to `log`/`env_logger`.
//! - `backends`: the stored records (leases, hosts), the storage traits and
//!   their memfile, PostgreSQL and MySQL implementations.
//! - `dhcp`: the pure protocol (decode, decide, encode) and allocation engine,
//!   storage reached through the `backends` traits.
//! - `commands`: Kea's control-channel protocol and command handlers.
//! - `actors`: the actix runtime that glues sockets, stores and policy.
//! - `server_cli`: what the server binaries share (flags, startup).

pub mod actors;
pub mod backends;
pub mod commands;
pub mod config;
pub mod dhcp;
pub mod expression;
pub mod logging;
pub mod options;
pub mod server_cli;
pub mod stats;

/// The version reported by `-v`, `version-get` and the logs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
