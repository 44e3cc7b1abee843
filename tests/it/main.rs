//! ruru's integration tests, one test binary: `tests/support` (the server
//! under test, clients, databases, backend batteries) is compiled once and
//! every capability's tests are a module here. Run one module with
//! `cargo nextest run -E 'test(/^dhcp4_exchanges::/)'`.

// Test code states its expectations with unwrap/expect/panic (the library may not).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../support/mod.rs"]
mod support;

mod actor_runtime;
mod config6_validation;
mod config_backend_fetch;
mod config_backend_server;
mod config_kea_agreement;
mod config_validation;
mod control_commands;
mod control_socket;
mod db_recovery;
mod dhcp4_exchanges;
mod dhcp6_exchanges;
mod differential_classes;
mod differential_classes6;
mod differential_kea;
mod differential_kea6;
mod differential_options;
mod host_store;
mod hosts_database_config;
mod hosts_db_recovery;
mod hosts_schema;
mod kea_examples;
mod layering;
mod lease6_commands;
mod lease6_sql_errors;
mod lease6_store;
mod lease_commands;
mod lease_store;
mod memfile;
mod netns_clients;
mod netns_dhcp6_clients;
mod reconfiguration;
mod reservation_commands;
mod ruru_admin;
mod sql_config;
mod sql_dhcp;
mod sql_dhcp6;
mod sql_errors;
mod sql_hosts;
mod sql_hosts6;
mod sql_schema;
mod sql_tls;
mod startup_failures;
mod supervisor_recovery;
