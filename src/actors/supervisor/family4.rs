//! The DHCPv4 family's part of the supervisor: its lease and reservation
//! commands, and what reconfiguring it takes (see `reconfigure`).

use std::sync::Arc;

use crate::actors::listener::v4::interfaces;
use crate::backends::lease::Lease4;
use crate::backends::lease_backend::LeaseBackend;
use crate::commands::family::V4;
use crate::commands::protocol::Request;
use crate::commands::{lease, Command};
use crate::config::config_backend::CbFamily;
use crate::config::model::{Dhcp4Config, SocketType};
use crate::config::ConfigError;
use crate::dhcp::alloc::engine::reclaim_expired;
use crate::dhcp::alloc::{lease_stats, AllocError};
use crate::dhcp::v4::{Dhcp4Server, Ports};
use crate::stats::Stats;

use super::commands::Reply;
use super::family::{Family, Family4};
use super::reconfigure::{family_accessors, Reclaim, Reconfigurable, Recount, Stores};
use super::Supervisor;

impl Supervisor {
    /// Routes a DHCPv4 lease or reservation command.
    pub(super) fn route4(&mut self, f: Family4, command: Command, req: Request) -> Reply {
        let args = req.arguments.clone();
        let store = f.store.clone();
        match command {
            Command::Lease4GetPage => {
                self.lease_cmd(async move { lease::lease4_get_page(&*store, args.as_ref()).await })
            }
            Command::Lease4GetByHwAddress => self.lease_cmd(async move {
                lease::lease4_get_by_hw_address(&*store, args.as_ref()).await
            }),
            Command::Lease4GetByClientId => self.lease_cmd(async move {
                lease::lease4_get_by_client_id(&*store, args.as_ref()).await
            }),
            Command::Lease4GetByHostname => self.lease_cmd(async move {
                lease::lease4_get_by_hostname(&*store, args.as_ref()).await
            }),
            other => self.route_shared(&f, other, args),
        }
    }
}

impl Reconfigurable for Family4 {
    family_accessors! { V4 SetServer: Dhcp4Config, Lease4, interfaces::ServedInterface, "DHCP4" "DHCPv4" }

    const CB_FAMILY: CbFamily = CbFamily::V4;
    fn parse_config(v: &serde_json::Value) -> Result<Dhcp4Config, ConfigError> {
        crate::config::parse_dhcp4_value(v)
    }
    fn store(&self) -> &Arc<LeaseBackend> {
        &self.store
    }
    type Identity = Ports;
    fn new(cfg: Arc<Dhcp4Config>, dbs: Stores<Lease4>, stats: Arc<Stats>, ports: Ports) -> Self {
        let (store, hosts) = dbs;
        let direct = cfg.interfaces.socket_type == SocketType::Raw;
        let server =
            Dhcp4Server::with_hosts(cfg.clone(), store.clone(), hosts, stats, ports, direct);
        Self {
            cfg,
            store,
            server: Arc::new(server),
            ports,
        }
    }
    fn identity(&self) -> Ports {
        self.ports
    }
    fn count(store: Arc<LeaseBackend>, cfg: Arc<Dhcp4Config>, stats: Arc<Stats>) -> Recount {
        Box::pin(async move { lease_stats::recount(&*store, &cfg, &stats).await })
    }
    fn reclaim(&self, stats: Arc<Stats>, limit: usize, remove: bool) -> Reclaim {
        let store = self.store.clone();
        Box::pin(async move {
            let now = chrono::Utc::now().timestamp();
            reclaim_expired(&*store, &stats, now, limit, remove)
                .await
                .map_err(AllocError::Store)
        })
    }
}
