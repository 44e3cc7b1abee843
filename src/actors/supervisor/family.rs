//! What the supervisor serves, DHCPv4 or DHCPv6, chosen at startup: the
//! family's configuration, lease store and server logic. Recovery, service
//! state and the server-level commands are one code path for both; only what
//! depends on these types (config parse/apply, lease commands, reclamation,
//! statistics, the `DHCP4_`/`DHCP6_` log prefix) matches on the family.

use std::sync::Arc;

use serde_json::Value;

use crate::actors::messages::Server4;
use crate::actors::messages::{Server6, Store6};
use crate::backends::lease_backend::LeaseBackend;
use crate::config::model::{ControlSocket, Dhcp4Config, ExpiredLeasesProcessing};
use crate::config::model6::Dhcp6Config;
use crate::dhcp::v4::Ports;
use crate::stats::Stats;

use super::reconfigure::{Reclaim, Reconfigurable, Recount};

/// The DHCPv4 side: configuration, lease store, server logic, ports.
#[derive(Clone)]
pub struct Family4 {
    /// Running configuration.
    pub cfg: Arc<Dhcp4Config>,
    /// Lease store.
    pub store: Arc<LeaseBackend>,
    /// Server logic for `cfg`.
    pub server: Arc<Server4>,
    /// Ports from the command line.
    pub ports: Ports,
}

/// The DHCPv6 side: configuration and server logic (which holds the lease
/// store and the server DUID).
#[derive(Clone)]
pub struct Family6 {
    /// Running configuration.
    pub cfg: Arc<Dhcp6Config>,
    /// Server logic for `cfg`.
    pub server: Arc<Server6>,
}

impl Family6 {
    /// The lease store the server logic runs on.
    pub fn store(&self) -> &Arc<Store6> {
        self.server.engine().store()
    }
}

/// The family a supervisor serves.
#[derive(Clone)]
pub enum Family {
    /// ruru-dhcp4.
    V4(Family4),
    /// ruru-dhcp6.
    V6(Family6),
}

impl Family {
    /// Kea's log ID prefix: `DHCP4` or `DHCP6`.
    pub fn log_prefix(&self) -> &'static str {
        match self {
            Self::V4(_) => "DHCP4",
            Self::V6(_) => "DHCP6",
        }
    }

    /// The IP version served (4, 6), as some of Kea's log IDs end.
    pub fn ip_version(&self) -> u8 {
        match self {
            Self::V4(_) => 4,
            Self::V6(_) => 6,
        }
    }

    /// The service as Kea's texts name it: `DHCPv4` or `DHCPv6`.
    pub fn service_name(&self) -> &'static str {
        match self {
            Self::V4(_) => "DHCPv4",
            Self::V6(_) => "DHCPv6",
        }
    }

    /// The program name (`ruru-dhcp4`, `ruru-dhcp6`).
    pub fn program(&self) -> &'static str {
        match self {
            Self::V4(_) => "ruru-dhcp4",
            Self::V6(_) => "ruru-dhcp6",
        }
    }

    /// The top-level configuration key (`Dhcp4`, `Dhcp6`).
    pub fn config_key(&self) -> &'static str {
        match self {
            Self::V4(_) => "Dhcp4",
            Self::V6(_) => "Dhcp6",
        }
    }

    /// Which server this is, for the command table.
    pub fn server_family(&self) -> crate::commands::ServerFamily {
        match self {
            Self::V4(_) => crate::commands::ServerFamily::V4,
            Self::V6(_) => crate::commands::ServerFamily::V6,
        }
    }

    /// The lease backend the running configuration uses (`memfile`,
    /// `postgresql`, `mysql`).
    pub fn lease_backend_kind(&self) -> &'static str {
        match self {
            Self::V4(f) => f.store.kind(),
            Self::V6(f) => f.store().kind(),
        }
    }

    /// The effective configuration as Kea JSON.
    pub fn effective(&self) -> &Value {
        match self {
            Self::V4(f) => &f.cfg.effective,
            Self::V6(f) => &f.cfg.effective,
        }
    }

    /// `server-tag`.
    pub fn server_tag(&self) -> &str {
        match self {
            Self::V4(f) => &f.cfg.server_tag,
            Self::V6(f) => &f.cfg.server_tag,
        }
    }

    /// `expired-leases-processing`.
    pub fn expired_leases(&self) -> ExpiredLeasesProcessing {
        match self {
            Self::V4(f) => f.cfg.expired_leases,
            Self::V6(f) => f.cfg.expired_leases,
        }
    }

    /// `control-socket`.
    pub fn control_socket(&self) -> Option<&ControlSocket> {
        match self {
            Self::V4(f) => f.cfg.control_socket.as_ref(),
            Self::V6(f) => f.cfg.control_socket.as_ref(),
        }
    }

    /// Recounts the lease statistics from the running store.
    pub(super) fn recount(&self, stats: Arc<Stats>) -> Recount {
        match self {
            Self::V4(f) => f.recount(stats),
            Self::V6(f) => f.recount(stats),
        }
    }

    /// Reclaims expired leases (see [`Reconfigurable::reclaim`]).
    pub(super) fn reclaim(&self, stats: Arc<Stats>, limit: usize, remove: bool) -> Reclaim {
        match self {
            Self::V4(f) => f.reclaim(stats, limit, remove),
            Self::V6(f) => f.reclaim(stats, limit, remove),
        }
    }

    /// `statistic-default-sample-count`.
    pub fn statistic_sample_count(&self) -> u32 {
        match self {
            Self::V4(f) => f.cfg.statistic_sample_count,
            Self::V6(f) => f.cfg.statistic_sample_count,
        }
    }
}

/// A parsed configuration for `config-set` / `config-reload`.
pub enum NewConfig {
    /// A `Dhcp4` configuration.
    V4(Dhcp4Config),
    /// A `Dhcp6` configuration.
    V6(Dhcp6Config),
}

/// Every lease backend this build serves, the same for both families (the
/// variants of `LeaseBackend` and `Lease6Backend`): Kea's type name and the
/// name `version-get` gives it, in Kea's order.
pub const BUILT_LEASE_BACKENDS: [(&str, &str); 3] = [
    ("mysql", "MySQL backend"),
    ("postgresql", "PostgreSQL backend"),
    ("memfile", "Memfile backend"),
];

#[cfg(test)]
mod tests {
    use super::BUILT_LEASE_BACKENDS;
    use crate::config::model::SqlKind;

    #[test]
    fn the_built_sql_backends_carry_kea_type_names() {
        let kinds: Vec<&str> = BUILT_LEASE_BACKENDS.iter().map(|(k, _)| *k).collect();
        for k in [SqlKind::Mysql, SqlKind::Postgresql] {
            assert!(kinds.contains(&k.name()), "{}", k.name());
        }
        assert!(kinds.contains(&"memfile"));
    }
}
