//! The service maps of `Dhcp4`: interfaces, databases, control socket, loggers,
//! lease reclamation, threading, sanity checks, queue control, compatibility.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::defaults;

/// `interfaces-config`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct InterfacesConfig {
    /// `"*"`, `"eth0"` or `"eth0/192.0.2.1"`.
    #[serde(default)]
    pub interfaces: Vec<String>,
    /// `raw` (default) or `udp`.
    pub dhcp_socket_type: Option<String>,
    /// `same-as-inbound` (default) or `use-routing`.
    pub outbound_interface: Option<String>,
    /// Re-scan interfaces on reconfiguration.
    #[serde(default = "defaults::yes")]
    pub re_detect: bool,
    /// Fail when a socket cannot be opened.
    pub service_sockets_require_all: Option<bool>,
    /// Socket open retries (only 0 for now).
    pub service_sockets_max_retries: Option<u32>,
    /// Milliseconds between socket open retries.
    pub service_sockets_retry_wait_time: Option<u32>,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

impl Default for InterfacesConfig {
    fn default() -> Self {
        Self {
            interfaces: Vec::new(),
            dhcp_socket_type: None,
            outbound_interface: None,
            re_detect: true,
            service_sockets_require_all: None,
            service_sockets_max_retries: None,
            service_sockets_retry_wait_time: None,
            user_context: None,
            comment: None,
        }
    }
}

/// A database access map (`lease-database`; same schema as Kea's host and
/// config databases). Memfile and SQL parameter names are all accepted here;
/// `validate` decides what a given `type` may use.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Database {
    /// `memfile`, `mysql` or `postgresql` (required).
    #[serde(rename = "type")]
    pub db_type: String,
    /// Memfile path or SQL database name.
    pub name: Option<String>,
    /// Memfile: write to disk.
    pub persist: Option<bool>,
    /// Memfile: seconds between lease file cleanups.
    pub lfc_interval: Option<u32>,
    /// Memfile: bad rows tolerated at load (0 = unlimited).
    pub max_row_errors: Option<u32>,
    /// SQL: server host.
    pub host: Option<String>,
    /// SQL: server port.
    pub port: Option<i64>,
    /// SQL: user.
    pub user: Option<String>,
    /// SQL: password.
    pub password: Option<String>,
    /// SQL: open read-only (host databases).
    pub readonly: Option<bool>,
    /// SQL: connect timeout (s).
    pub connect_timeout: Option<i64>,
    /// SQL: reconnect attempts.
    pub max_reconnect_tries: Option<i64>,
    /// SQL: milliseconds between reconnect attempts.
    pub reconnect_wait_time: Option<i64>,
    /// MySQL: seconds to wait for a reply.
    pub read_timeout: Option<i64>,
    /// MySQL: seconds to wait for a send.
    pub write_timeout: Option<i64>,
    /// PostgreSQL: TCP user timeout (s).
    pub tcp_user_timeout: Option<i64>,
    /// ruru only: SQL connection pool size (Kea does not know this key).
    pub ruru_pool_size: Option<i64>,
    /// SQL (Kea 2.6): enter the reconnect cycle when the database cannot be
    /// reached at startup instead of exiting.
    pub retry_on_startup: Option<bool>,
    /// SQL: `stop-retry-exit`, `serve-retry-exit` or `serve-retry-continue`.
    pub on_fail: Option<String>,
    /// SQL TLS: CA file or directory.
    pub trust_anchor: Option<String>,
    /// SQL TLS: client certificate.
    pub cert_file: Option<String>,
    /// SQL TLS: client key.
    pub key_file: Option<String>,
    /// SQL TLS: OpenSSL cipher list.
    pub cipher_list: Option<String>,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

impl Database {
    /// Kea's lease database when the map is absent: memfile.
    pub fn default_lease_database() -> Self {
        Self {
            db_type: defaults::memfile(),
            name: None,
            persist: None,
            lfc_interval: None,
            max_row_errors: None,
            host: None,
            port: None,
            user: None,
            password: None,
            readonly: None,
            connect_timeout: None,
            max_reconnect_tries: None,
            reconnect_wait_time: None,
            read_timeout: None,
            write_timeout: None,
            tcp_user_timeout: None,
            ruru_pool_size: None,
            retry_on_startup: None,
            on_fail: None,
            trust_anchor: None,
            cert_file: None,
            key_file: None,
            cipher_list: None,
            user_context: None,
            comment: None,
        }
    }
}

/// `control-socket`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ControlSocket {
    /// Must be `unix`.
    pub socket_type: String,
    /// Socket path.
    pub socket_name: String,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

/// One `loggers` entry.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Logger {
    /// Logger name (`kea-dhcp4`, `kea-dhcp4.leases`, ...).
    pub name: String,
    /// Outputs. Kea 2.2 spells this key `output_options`; later versions also
    /// accept `output-options`.
    #[serde(rename = "output_options", alias = "output-options", default)]
    pub output_options: Vec<OutputOption>,
    /// 0..99.
    pub debuglevel: Option<u32>,
    /// FATAL, ERROR, WARN, INFO (default), DEBUG or NONE.
    pub severity: Option<String>,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

/// One `output_options` entry of a logger.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputOption {
    /// `stdout`, `stderr`, `syslog[:name]` or a file path.
    pub output: String,
    /// Flush after each message.
    pub flush: Option<bool>,
    /// File rotation size.
    pub maxsize: Option<u64>,
    /// Rotated files kept.
    pub maxver: Option<u32>,
    /// log4cplus pattern.
    pub pattern: Option<String>,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

/// `expired-leases-processing`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpiredLeasesProcessing {
    /// Interval between reclamation runs (s).
    #[serde(default = "defaults::reclaim_timer_wait_time")]
    pub reclaim_timer_wait_time: u32,
    /// Interval between flushes of reclaimed leases (s).
    #[serde(default = "defaults::flush_reclaimed_timer_wait_time")]
    pub flush_reclaimed_timer_wait_time: u32,
    /// Keep reclaimed leases this long (s).
    #[serde(default = "defaults::hold_reclaimed_time")]
    pub hold_reclaimed_time: u32,
    /// Leases per run.
    #[serde(default = "defaults::max_reclaim_leases")]
    pub max_reclaim_leases: u32,
    /// Milliseconds per run.
    #[serde(default = "defaults::max_reclaim_time")]
    pub max_reclaim_time: u32,
    /// Unfinished runs before a warning.
    #[serde(default = "defaults::unwarned_reclaim_cycles")]
    pub unwarned_reclaim_cycles: u32,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

impl Default for ExpiredLeasesProcessing {
    fn default() -> Self {
        Self {
            reclaim_timer_wait_time: defaults::reclaim_timer_wait_time(),
            flush_reclaimed_timer_wait_time: defaults::flush_reclaimed_timer_wait_time(),
            hold_reclaimed_time: defaults::hold_reclaimed_time(),
            max_reclaim_leases: defaults::max_reclaim_leases(),
            max_reclaim_time: defaults::max_reclaim_time(),
            unwarned_reclaim_cycles: defaults::unwarned_reclaim_cycles(),
            user_context: None,
            comment: None,
        }
    }
}

/// `multi-threading` (accepted; ruru's runtime decides its own threading).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MultiThreading {
    /// Kea's multi-threading switch.
    #[serde(default)]
    pub enable_multi_threading: bool,
    /// Threads (0 = auto).
    #[serde(default)]
    pub thread_pool_size: u32,
    /// Queue size per thread.
    #[serde(default = "defaults::packet_queue_size")]
    pub packet_queue_size: u32,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

impl Default for MultiThreading {
    fn default() -> Self {
        Self {
            enable_multi_threading: false,
            thread_pool_size: 0,
            packet_queue_size: defaults::packet_queue_size(),
            user_context: None,
            comment: None,
        }
    }
}

/// `sanity-checks`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SanityChecks {
    /// none, warn (default), fix, fix-del, del.
    #[serde(default = "defaults::lease_checks")]
    pub lease_checks: String,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

impl Default for SanityChecks {
    fn default() -> Self {
        Self {
            lease_checks: defaults::lease_checks(),
            user_context: None,
            comment: None,
        }
    }
}

/// `dhcp-queue-control`: Kea passes unknown keys to custom queue
/// implementations, so extra keys are kept as they are.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DhcpQueueControl {
    /// Only `false` for now.
    #[serde(default)]
    pub enable_queue: bool,
    /// Queue implementation.
    #[serde(default = "defaults::queue_type")]
    pub queue_type: Value,
    /// Queue capacity.
    #[serde(default = "defaults::queue_capacity")]
    pub capacity: Value,
    /// Other keys (including `comment` and `user-context`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for DhcpQueueControl {
    fn default() -> Self {
        Self {
            enable_queue: false,
            queue_type: defaults::queue_type(),
            capacity: defaults::queue_capacity(),
            extra: Map::new(),
        }
    }
}

/// `compatibility`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Compatibility {
    /// Only `false` for now.
    pub lenient_option_parsing: Option<bool>,
    /// Free-form user data.
    pub user_context: Option<Map<String, Value>>,
    /// Free-form comment.
    pub comment: Option<String>,
}

/// `config-control`: Kea 2.2 accepts exactly these two keys (no `comment`,
/// no `user-context`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigControl {
    /// The configuration databases (the lease database's parameters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config_databases: Vec<Database>,
    /// Seconds between polls of the databases' audit trail; 0 = no polling.
    pub config_fetch_wait_time: Option<i64>,
}
