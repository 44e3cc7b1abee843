//! Kea control-channel commands: the request/response format and the command
//! handlers that do not need server state beyond a store, the configuration and
//! the statistics registry.
//!
//! - `protocol`: `Request` / `Response`, result codes, Kea's wire texts.
//! - `kea_json`: Kea's exact JSON text form (sorted keys, Kea spacing).
//! - `lease`: `lease4-*` / `lease6-*` (Kea's lease_cmds hook, built in), one
//!   module for both families with its statistics bookkeeping, with
//!   `lease_json` (lease ⇄ JSON) and `hex_text`.
//! - `reservation`: `reservation-*` (Kea's host_cmds hook, built in), one
//!   module for both families.
//! - `family`: the address families (`V4`, `V6`) the commands are written over.
//! - `statistic`: `statistic-*`.
//!
//! Routing a `Request` to a handler, and the server-level commands (config-*,
//! shutdown, dhcp-*, status-get ...), live with the server.

pub mod args;
pub mod family;
pub mod hex_text;
pub mod kea_json;
pub mod lease;
pub mod lease_json;
pub mod protocol;
pub mod reservation;
pub mod statistic;

pub use kea_json::to_kea_string;
pub use lease_json::lease4_to_json;
pub use protocol::{Request, Response, CONFLICT, EMPTY, ERROR, SUCCESS, UNSUPPORTED};

/// Every command the DHCPv4 server answers, sorted as `list-commands` returns them.
pub const COMMANDS_V4: &[&str] = &[
    "build-report",
    "config-get",
    "config-hash-get",
    "config-reload",
    "config-set",
    "config-test",
    "config-write",
    "dhcp-disable",
    "dhcp-enable",
    "lease4-add",
    "lease4-del",
    "lease4-get",
    "lease4-get-all",
    "lease4-get-by-client-id",
    "lease4-get-by-hostname",
    "lease4-get-by-hw-address",
    "lease4-get-page",
    "lease4-update",
    "lease4-wipe",
    "leases-reclaim",
    "list-commands",
    "reservation-add",
    "reservation-del",
    "reservation-get",
    "reservation-get-all",
    "reservation-get-by-hostname",
    "reservation-get-by-id",
    "reservation-get-page",
    "server-tag-get",
    "shutdown",
    "statistic-get",
    "statistic-get-all",
    "statistic-remove",
    "statistic-remove-all",
    "statistic-reset",
    "statistic-reset-all",
    "statistic-sample-count-set",
    "statistic-sample-count-set-all",
    "status-get",
    "version-get",
];

/// Every command the DHCPv6 server answers, sorted as `list-commands` returns them.
pub const COMMANDS_V6: &[&str] = &[
    "build-report",
    "config-get",
    "config-hash-get",
    "config-reload",
    "config-set",
    "config-test",
    "config-write",
    "dhcp-disable",
    "dhcp-enable",
    "lease6-add",
    "lease6-bulk-apply",
    "lease6-del",
    "lease6-get",
    "lease6-get-all",
    "lease6-get-by-duid",
    "lease6-update",
    "lease6-wipe",
    "leases-reclaim",
    "list-commands",
    "reservation-add",
    "reservation-del",
    "reservation-get",
    "reservation-get-all",
    "reservation-get-by-hostname",
    "reservation-get-by-id",
    "reservation-get-page",
    "server-tag-get",
    "shutdown",
    "statistic-get",
    "statistic-get-all",
    "statistic-remove",
    "statistic-remove-all",
    "statistic-reset",
    "statistic-reset-all",
    "statistic-sample-count-set",
    "statistic-sample-count-set-all",
    "status-get",
    "version-get",
];

#[cfg(test)]
mod tests {
    #[test]
    fn command_list_is_sorted_and_unique() {
        let mut sorted = super::COMMANDS_V4.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, super::COMMANDS_V4);
        let mut sorted = super::COMMANDS_V6.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, super::COMMANDS_V6);
    }
}
