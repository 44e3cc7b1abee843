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
//! - `table`: every command's name and the family that answers it (feeds
//!   `list-commands` and the supervisor's dispatch).
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
pub mod table;

pub use kea_json::to_kea_string;
pub use lease_json::lease4_to_json;
pub use protocol::{Request, Response, CONFLICT, EMPTY, ERROR, SUCCESS, UNSUPPORTED};
pub use table::{command_names, Command, ServerFamily};
