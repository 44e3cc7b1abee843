//! The validated DHCPv4 configuration the server runs on.
//!
//! Built from the Kea JSON "wire" model by `config::load`; every inherited value
//! (global -> shared network -> subnet) is already resolved here, so the engine
//! never looks anything up twice.

use std::net::Ipv4Addr;
use std::path::PathBuf;

use ipnet::Ipv4Net;

use crate::config::client_class::{Boot4, ClassGuard, ClientClass};

/// A validated DHCPv4 client class.
pub type ClientClass4 = ClientClass<OptionData, Boot4>;

/// A lifetime with Kea's min/default/max triplet (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    /// `min-valid-lifetime` (defaults to `default`).
    pub min: u32,
    /// `valid-lifetime`.
    pub default: u32,
    /// `max-valid-lifetime` (defaults to `default`).
    pub max: u32,
}

impl Lifetime {
    /// The lifetime to grant when the client asked for `requested` (option 51):
    /// clamped into [min, max], default when not asked.
    /// A request of 0 means "not asked" (Kea's `getValidLft`).
    pub fn grant(&self, requested: Option<u32>) -> u32 {
        match requested {
            Some(r) if r > 0 => r.clamp(self.min, self.max),
            _ => self.default,
        }
    }
}

/// One encoded option ready to be put in a reply: a DHCPv4 one (`u8` code,
/// the default) or a DHCPv6 one (`u16` code, `model6::OptionData6`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionData<C = u8> {
    /// Option code in the server's space (`dhcp4`, `dhcp6`).
    pub code: C,
    /// Encoded payload (without code and length bytes).
    pub data: Vec<u8>,
    /// Send even when the client did not ask for it (`always-send`).
    pub always_send: bool,
    /// `Some(enterprise)`: a sub-option of that vendor's option (space
    /// `vendor-<enterprise>`, DHCPv4 125 / DHCPv6 17), added by the vendor
    /// option rules; `None`: an option of the family's own space.
    pub vendor: Option<u32>,
}

/// Kinds of host identifiers, in Kea's names and numbering (host_identifier_type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierType {
    /// `hw-address` (0).
    HwAddress,
    /// `duid` (1).
    Duid,
    /// `circuit-id` (2): option 82 sub-option 1.
    CircuitId,
    /// `client-id` (3): option 61.
    ClientId,
    /// `flex-id` (4).
    FlexId,
}

impl IdentifierType {
    /// Kea's config/command name for this identifier type.
    pub fn name(self) -> &'static str {
        match self {
            Self::HwAddress => "hw-address",
            Self::Duid => "duid",
            Self::CircuitId => "circuit-id",
            Self::ClientId => "client-id",
            Self::FlexId => "flex-id",
        }
    }

    /// Parses Kea's name.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "hw-address" => Self::HwAddress,
            "duid" => Self::Duid,
            "circuit-id" => Self::CircuitId,
            "client-id" => Self::ClientId,
            "flex-id" => Self::FlexId,
            _ => return None,
        })
    }
}

/// A host reservation from the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation4 {
    /// Which identifier the host is matched by.
    pub identifier_type: IdentifierType,
    /// The identifier bytes (hw-address without htype; client-id as sent in option 61).
    pub identifier: Vec<u8>,
    /// Reserved address, if any.
    pub ip_address: Option<Ipv4Addr>,
    /// Reserved hostname, if any.
    pub hostname: Option<String>,
    /// Host-specific options (override subnet and global ones).
    pub options: Vec<OptionData>,
    /// `next-server` (siaddr) for this host.
    pub next_server: Option<Ipv4Addr>,
    /// `server-hostname` (sname) for this host.
    pub server_hostname: Option<String>,
    /// `boot-file-name` (file) for this host.
    pub boot_file_name: Option<String>,
    /// Classes the host is given (`client-classes`).
    pub client_classes: Vec<String>,
}

/// An address pool, inclusive range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool4 {
    /// First address.
    pub start: Ipv4Addr,
    /// Last address.
    pub end: Ipv4Addr,
    /// Pool-level options (override subnet ones).
    pub options: Vec<OptionData>,
    /// Who may use it (`client-class`), what it requires.
    pub classes: ClassGuard,
}

impl Pool4 {
    /// True when `a` lies in this pool.
    pub fn contains(&self, a: Ipv4Addr) -> bool {
        self.start <= a && a <= self.end
    }

    /// Number of addresses in the pool.
    pub fn size(&self) -> u64 {
        u64::from(u32::from(self.end)) - u64::from(u32::from(self.start)) + 1
    }
}

/// Declares a validated subnet (`Subnet4`, `Subnet6`): the fields both
/// families have, typed with the family's prefix, address, pool, option and
/// reservation types, plus the family's own fields; and the pool look-up.
macro_rules! subnet_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<$net:ty, $addr:ty, $pool:ty, $option:ty, $reservation:ty> {
            $($own:tt)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            /// Subnet id (unique).
            pub id: u32,
            /// The prefix, e.g. 192.0.2.0/24.
            pub prefix: $net,
            /// Address pools inside the prefix.
            pub pools: Vec<$pool>,
            /// Subnet options merged over the shared network's (subnet wins);
            /// client classes' and then global options come after them.
            pub options: Vec<$option>,
            /// Who may use it (its and its shared network's `client-class`)
            /// and the classes it requires (network's, then its own).
            pub classes: ClassGuard,
            /// Relay addresses (`relay.ip-addresses`) matched against giaddr /
            /// link-address.
            pub relay_addresses: Vec<$addr>,
            /// Interface for directly connected clients.
            pub interface: Option<String>,
            /// Shared network name, when the subnet is in one.
            pub shared_network: Option<String>,
            /// Reservations in this subnet.
            pub reservations: Vec<$reservation>,
            /// Valid lifetime triplet.
            pub valid_lifetime: Lifetime,
            /// T1, when configured.
            pub renew_timer: Option<u32>,
            /// T2, when configured.
            pub rebind_timer: Option<u32>,
            /// Compute T1/T2 from the lifetime when they are not configured.
            pub calculate_tee_times: bool,
            /// T1 as a fraction of the lifetime when calculated.
            pub t1_percent: f64,
            /// T2 as a fraction of the lifetime when calculated.
            pub t2_percent: f64,
            /// Look up reservations in this subnet (`reservations-in-subnet`).
            pub reservations_in_subnet: bool,
            /// Reserved addresses may lie outside the pools (`reservations-out-of-pool`).
            pub reservations_out_of_pool: bool,
            $($own)*
        }

        impl $name {
            /// The address pool holding `a`, if any.
            pub fn pool_of(&self, a: $addr) -> Option<&$pool> {
                self.pools.iter().find(|p| p.contains(a))
            }

            /// The address pool holding `a` when a client holding `classes`
            /// may use it.
            pub fn allowed_pool(
                &self,
                a: $addr,
                classes: &crate::expression::ClassSet,
            ) -> Option<&$pool> {
                self.pool_of(a).filter(|p| p.classes.admits(classes))
            }
        }
    };
}

subnet_model! {
/// A DHCPv4 subnet with all inherited parameters resolved.
pub struct Subnet4<Ipv4Net, Ipv4Addr, Pool4, OptionData, Reservation4> {
    /// NAK requests for addresses we do not know (RFC 2131 authoritative).
    pub authoritative: bool,
    /// Identify clients by client-id (option 61) before hw-address.
    pub match_client_id: bool,
    /// siaddr in replies.
    pub next_server: Ipv4Addr,
    /// sname in replies (empty = none).
    pub server_hostname: String,
    /// file in replies (empty = none).
    pub boot_file_name: String,
}
}

impl Subnet4 {
    /// Total addresses in all pools (Kea's `total-addresses`).
    pub fn total_addresses(&self) -> u64 {
        self.pools.iter().map(Pool4::size).sum()
    }
}

/// `interfaces-config.interfaces` entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterfaceSpec {
    /// `"*"`: every interface that has an IPv4 address (loopback excluded).
    All,
    /// `"eth0"` or `"eth0/192.0.2.1"`.
    Named {
        /// Interface name.
        name: String,
        /// The single address to use, when given.
        address: Option<Ipv4Addr>,
    },
}

/// Kea's `dhcp-socket-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketType {
    /// Raw: serves clients without an address, unicasts to yiaddr at layer 2.
    Raw,
    /// UDP: relayed/unicast traffic only (replies to yiaddr are broadcast).
    Udp,
}

/// `interfaces-config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfacesConfig {
    /// Where to listen.
    pub interfaces: Vec<InterfaceSpec>,
    /// Raw or UDP sockets.
    pub socket_type: SocketType,
    /// `outbound-interface: use-routing` (true) or `same-as-inbound` (false).
    pub use_routing: bool,
    /// `service-sockets-require-all`.
    pub require_all: bool,
}

/// Which SQL server a database map names (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SqlKind {
    /// `postgresql`.
    Postgresql,
    /// `mysql` (MySQL or MariaDB).
    Mysql,
}

impl SqlKind {
    /// Kea's name for the type (`postgresql`, `mysql`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgresql => "postgresql",
            Self::Mysql => "mysql",
        }
    }
}

/// Kea's `on-fail`: what the server does when a database connection is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnFail {
    /// `stop-retry-exit` (default): stop serving, retry, exit when retries run out.
    #[default]
    StopRetryExit,
    /// `serve-retry-exit`: keep serving, retry, exit when retries run out.
    ServeRetryExit,
    /// `serve-retry-continue`: keep serving, retry, keep running when retries run out.
    ServeRetryContinue,
}

impl OnFail {
    /// Parses Kea's literal.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "stop-retry-exit" => Self::StopRetryExit,
            "serve-retry-exit" => Self::ServeRetryExit,
            "serve-retry-continue" => Self::ServeRetryContinue,
            _ => return None,
        })
    }
}

/// ruru's connection pool size when `ruru-pool-size` is not configured.
pub const DEFAULT_SQL_POOL_SIZE: u32 = 16;
/// Kea's default `connect-timeout` (seconds).
pub const DEFAULT_CONNECT_TIMEOUT: u32 = 5;

/// A PostgreSQL or MySQL database map, with Kea's parameters (kea-config.md §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlDatabase {
    /// PostgreSQL or MySQL.
    pub kind: SqlKind,
    /// Database name (required).
    pub name: String,
    /// Server host (default `localhost`). PostgreSQL: a path starting with `/` is
    /// the unix-socket directory. MySQL: `localhost` means the default unix socket.
    pub host: String,
    /// Server port; `None` = the driver default (5432 / 3306).
    pub port: Option<u16>,
    /// User name (`None`: the driver default).
    pub user: Option<String>,
    /// Password (`None`: none).
    pub password: Option<String>,
    /// Seconds to wait for a connection (Kea default 5; > 0).
    pub connect_timeout: u32,
    /// MySQL only: seconds to wait for a reply (0 = no limit beyond ruru's deadline).
    pub read_timeout: u32,
    /// MySQL only: seconds to wait for a send (0 = no limit beyond ruru's deadline).
    pub write_timeout: u32,
    /// PostgreSQL only: TCP user timeout in seconds (0 = system default).
    pub tcp_user_timeout: u32,
    /// Timed reconnect attempts after the first immediate one (recovery).
    pub max_reconnect_tries: u32,
    /// Milliseconds between reconnect attempts.
    pub reconnect_wait_time: u32,
    /// What to do when the connection is lost.
    pub on_fail: OnFail,
    /// Kea 2.6's `retry-on-startup`: an unreachable database at startup enters
    /// the reconnect cycle (per `on-fail`) instead of a fatal exit. Default off.
    pub retry_on_startup: bool,
    /// ruru's own `ruru-pool-size`: connections kept open to the server.
    pub pool_size: u32,
    /// TLS to the server (`trust-anchor`, `cert-file`, `key-file`, `cipher-list`).
    pub tls: SqlTls,
}

/// TLS to an SQL server, from Kea's `trust-anchor`, `cert-file`, `key-file` and
/// `cipher-list`. Any of them set means TLS is required (as in Kea).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SqlTls {
    /// CA certificate file (PEM), or a directory of them, that the server
    /// certificate must chain to; `None`: the server certificate is not verified.
    pub trust_anchor: Option<PathBuf>,
    /// Client certificate (PEM) presented to the server.
    pub cert_file: Option<PathBuf>,
    /// Private key (PEM, PKCS#1/PKCS#8/EC) of the client certificate; `None` with a
    /// `cert_file`: the key is read from the certificate file.
    pub key_file: Option<PathBuf>,
    /// OpenSSL cipher list; the negotiated cipher must be one of it.
    pub cipher_list: Option<String>,
}

impl SqlTls {
    /// Whether TLS was asked for (any of the four parameters is set).
    pub fn required(&self) -> bool {
        self.trust_anchor.is_some()
            || self.cert_file.is_some()
            || self.key_file.is_some()
            || self.cipher_list.is_some()
    }
}

/// One `hosts-database` / `hosts-databases` entry: host reservations in
/// PostgreSQL or MySQL (Kea 2.2 has no other host backend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsDatabase {
    /// Connection parameters (as for the lease database).
    pub db: SqlDatabase,
    /// `readonly`: reservation-add / reservation-del are refused.
    pub readonly: bool,
}

/// `lease-database`: memfile or an SQL server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaseDatabase {
    /// PostgreSQL or MySQL with Kea's schema.
    Sql(SqlDatabase),
    /// Kea's memfile: CSV journal.
    Memfile {
        /// Write to disk (false = memory only).
        persist: bool,
        /// Absolute path of the lease file.
        name: PathBuf,
        /// Seconds between lease file cleanups (0 = never).
        lfc_interval: u32,
        /// Abort loading after this many bad rows (0 = unlimited).
        max_row_errors: u32,
    },
}

/// `control-socket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlSocket {
    /// Path of the UNIX socket.
    pub socket_name: PathBuf,
}

/// Kea log severities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// DEBUG (with `debuglevel`).
    Debug,
    /// INFO (default).
    Info,
    /// WARN.
    Warn,
    /// ERROR.
    Error,
    /// FATAL.
    Fatal,
    /// NONE: logging off.
    None,
}

/// One `loggers` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logger {
    /// Logger name (`kea-dhcp4`, `kea-dhcp4.leases`, ...).
    pub name: String,
    /// Minimum severity.
    pub severity: Severity,
    /// Kea debuglevel 0..99.
    pub debuglevel: u32,
    /// Outputs: `stdout`, `stderr`, `syslog[:name]` or a file path.
    pub outputs: Vec<String>,
}

/// `expired-leases-processing` (seconds unless noted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiredLeasesProcessing {
    /// Interval between reclamation runs (0 disables).
    pub reclaim_timer_wait_time: u32,
    /// Interval between flushes of reclaimed leases (0 disables).
    pub flush_reclaimed_timer_wait_time: u32,
    /// Keep reclaimed leases this long (0 = delete at reclaim).
    pub hold_reclaimed_time: u32,
    /// Leases per run (0 = unlimited).
    pub max_reclaim_leases: u32,
    /// Milliseconds per run (0 = unlimited).
    pub max_reclaim_time: u32,
    /// Warn after this many runs that did not finish.
    pub unwarned_reclaim_cycles: u32,
}

/// Declares a whole validated server configuration (`Dhcp4Config`,
/// `Dhcp6Config`): the family's own fields plus those both servers have,
/// typed with the family's subnet, address, option and reservation types,
/// and the subnet look-ups.
macro_rules! server_config {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<$subnet:ty, $addr:ty, $option:ty, $reservation:ty, $class:ty, $space:ty> {
            $($own:tt)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $($own)*
            /// `lease-database`.
            pub lease_database: LeaseDatabase,
            /// `hosts-database` then `hosts-databases`, in the order they are consulted.
            pub hosts_databases: Vec<HostsDatabase>,
            /// Subnets, in configuration order.
            pub subnets: Vec<$subnet>,
            /// Global options: the last source of options, after the subnet's
            /// and the client's classes'.
            pub global_options: Vec<$option>,
            /// `client-classes`, in evaluation order.
            pub client_classes: Vec<$class>,
            /// Kea's standard option definitions with the `option-def` ones.
            pub option_defs: crate::config::option_defs::OptionDefs<$space>,
            /// Global reservations (`reservations` at top level).
            pub global_reservations: Vec<$reservation>,
            /// Consult global reservations (`reservations-global`).
            pub reservations_global: bool,
            /// Order in which host identifiers are tried.
            pub host_reservation_identifiers: Vec<IdentifierType>,
            /// `decline-probation-period` seconds.
            pub decline_probation_period: u32,
            /// `control-socket`, when configured.
            pub control_socket: Option<ControlSocket>,
            /// `loggers`.
            pub loggers: Vec<Logger>,
            /// `expired-leases-processing`.
            pub expired_leases: ExpiredLeasesProcessing,
            /// `server-tag`.
            pub server_tag: String,
            /// `config-control`: the configuration databases, when configured.
            pub config_control: Option<crate::config::config_backend::ConfigControl>,
            /// `statistic-default-sample-count`.
            pub statistic_sample_count: u32,
            /// The effective configuration as Kea JSON (`{"Dhcp4": {...}}`), defaults
            /// filled in: what `config-get` and `config-write` return.
            pub effective: serde_json::Value,
        }

        impl $name {
            /// The subnet with `id`.
            pub fn subnet(&self, id: u32) -> Option<&$subnet> {
                self.subnets.iter().find(|s| s.id == id)
            }

            /// The subnet whose prefix contains `a`.
            pub fn subnet_containing(&self, a: $addr) -> Option<&$subnet> {
                self.subnets.iter().find(|s| s.prefix.contains(&a))
            }
        }
    };
}

server_config! {
/// The whole validated `Dhcp4` configuration.
pub struct Dhcp4Config<Subnet4, Ipv4Addr, OptionData, Reservation4, ClientClass4, crate::options::Dhcp4> {
    /// `interfaces-config`.
    pub interfaces: InterfacesConfig,
    /// Echo option 61 in replies (RFC 6842).
    pub echo_client_id: bool,
}
}
