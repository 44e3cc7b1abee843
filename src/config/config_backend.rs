//! Kea's configuration backend as the configuration layer sees it: the
//! `config-control` map, what a fetch from a config database yields (in Kea's
//! own JSON form, so that it is checked by the same parser as the file), and
//! how that is merged into the file's configuration as Kea 2.2 merges it.

use serde_json::{Map, Value};

use super::model::SqlDatabase;

/// Which of Kea's two servers a config database is read for: its tables are
/// `dhcp4_*` or `dhcp6_*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CbFamily {
    /// `kea-dhcp4` / `ruru-dhcp4`.
    V4,
    /// `kea-dhcp6` / `ruru-dhcp6`.
    V6,
}

impl CbFamily {
    /// The table prefix, `dhcp4` or `dhcp6`.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::V4 => "dhcp4",
            Self::V6 => "dhcp6",
        }
    }

    /// The subnet list key of the family's map, `subnet4` or `subnet6`.
    pub fn subnet_key(self) -> &'static str {
        match self {
            Self::V4 => "subnet4",
            Self::V6 => "subnet6",
        }
    }
}

/// Kea's default `config-fetch-wait-time` (seconds).
pub const DEFAULT_FETCH_WAIT_TIME: u32 = 30;

/// `config-control`: the config databases and how often they are polled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigControl {
    /// `config-databases`, in order (Kea reads "the first that has it").
    pub databases: Vec<SqlDatabase>,
    /// `config-fetch-wait-time` in seconds; 0 disables polling.
    pub fetch_wait_time: u32,
}

/// The server tag a fetch selects with: the configured `server-tag` trimmed
/// and lower-cased as Kea's `ServerTag` does; empty means only `all` objects.
pub fn normalized_tag(tag: &str) -> String {
    tag.trim().to_lowercase()
}

/// Where the audit trail of a config database has been read up to: the
/// newest (revision timestamp, revision id) seen, compared as a tuple.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct AuditCursor {
    /// Revision timestamp, whole seconds since the Unix epoch (UTC).
    pub ts: i64,
    /// Revision id.
    pub id: i64,
}

/// What one full fetch read for one server: every object visible to the
/// server's tag (or to `all`), each in Kea's JSON form for the family's map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FetchedConfig {
    /// Scalar global parameters by name; a row for the server's own tag wins
    /// over the `all` row of the same name.
    pub globals: Map<String, Value>,
    /// Global `option-def` entries.
    pub option_defs: Vec<Value>,
    /// Global `option-data` entries.
    pub options: Vec<Value>,
    /// `shared-networks` entries, without their subnets.
    pub shared_networks: Vec<Value>,
    /// Subnets with their pools (and pd-pools) and options; a subnet of a
    /// shared network carries `shared-network-name`.
    pub subnets: Vec<Value>,
    /// `client-classes` entries in the database's class order.
    pub client_classes: Vec<Value>,
}

impl FetchedConfig {
    /// True when the database holds nothing for this server.
    pub fn is_empty(&self) -> bool {
        self.globals.is_empty()
            && self.option_defs.is_empty()
            && self.options.is_empty()
            && self.shared_networks.is_empty()
            && self.subnets.is_empty()
            && self.client_classes.is_empty()
    }
}
