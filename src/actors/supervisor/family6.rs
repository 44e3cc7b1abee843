//! The DHCPv6 family's part of the supervisor: its lease and reservation
//! commands, and what reconfiguring it takes (see `reconfigure`).

use std::sync::Arc;

use crate::actors::listener::v6::interfaces;
use crate::actors::messages::Store6;
use crate::backends::lease6::Lease6;
use crate::commands::family::V6;
use crate::commands::protocol::Request;
use crate::commands::{lease, Command};
use crate::config::config_backend::CbFamily;
use crate::config::model6::Dhcp6Config;
use crate::config::ConfigError;
use crate::dhcp::alloc::lease6_stats;
use crate::dhcp::v6::Dhcp6Server;
use crate::stats::Stats;

use super::commands::Reply;
use super::family::{Family, Family6};
use super::reconfigure::{family_accessors, Reclaim, Reconfigurable, Recount, Stores};
use super::Supervisor;

impl Supervisor {
    /// Routes a DHCPv6 lease or reservation command.
    pub(super) fn route6(&mut self, f: Family6, command: Command, req: Request) -> Reply {
        let args = req.arguments.clone();
        let store = f.store().clone();
        let cfg = f.cfg.clone();
        let stats = self.stats.clone();
        let a = args;
        match command {
            Command::Lease6GetByDuid => {
                self.lease_cmd(async move { lease::lease6_get_by_duid(&*store, a.as_ref()).await })
            }
            Command::Lease6BulkApply => self.lease_cmd(async move {
                lease::lease6_bulk_apply(&*store, &cfg, &stats, a.as_ref()).await
            }),
            other => self.route_shared(&f, other, a),
        }
    }
}

impl Reconfigurable for Family6 {
    family_accessors! { V6 SetServer6: Dhcp6Config, Lease6, interfaces::ServedInterface6, "DHCP6" "DHCPv6" }

    const CB_FAMILY: CbFamily = CbFamily::V6;
    fn parse_config(v: &serde_json::Value) -> Result<Dhcp6Config, ConfigError> {
        crate::config::parse_dhcp6_value(v)
    }
    fn store(&self) -> &Arc<Store6> {
        self.server.engine().store()
    }
    /// The server DUID: it identifies the server, not the configuration.
    type Identity = Vec<u8>;
    fn new(cfg: Arc<Dhcp6Config>, dbs: Stores<Lease6>, stats: Arc<Stats>, duid: Vec<u8>) -> Self {
        let (store, hosts) = dbs;
        let server = Dhcp6Server::with_hosts(cfg.clone(), store, hosts, stats, duid);
        Self {
            cfg,
            server: Arc::new(server),
        }
    }
    fn identity(&self) -> Vec<u8> {
        self.server.server_duid().to_vec()
    }
    fn count(store: Arc<Store6>, cfg: Arc<Dhcp6Config>, stats: Arc<Stats>) -> Recount {
        Box::pin(async move { lease6_stats::recount(&*store, &cfg, &stats).await })
    }
    fn reclaim(&self, _stats: Arc<Stats>, limit: usize, _remove: bool) -> Reclaim {
        let server = self.server.clone();
        Box::pin(async move {
            let now = chrono::Utc::now().timestamp();
            server.engine().reclaim_expired(now, limit).await
        })
    }
}
