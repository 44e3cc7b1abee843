//! The DHCPv6 family's part of the supervisor: its lease commands
//! (`lease6-*`, `leases-reclaim`) and applying a `Dhcp6` configuration
//! (new subnets, options and interfaces; same lease store and server DUID).

use std::sync::Arc;

use actix::prelude::*;
use serde_json::Value;

use crate::actors::listener::v6::interfaces;
use crate::actors::messages::Store6;
use crate::actors::messages::{ServerSwap, SetServer6};
use crate::backends::host_backend::HostBackend;
use crate::backends::lease6_backend::Lease6Backend;
use crate::commands::family::V6;
use crate::commands::protocol::{Request, Response};
use crate::commands::{lease, reservation, Command};
use crate::config::model6::Dhcp6Config;
use crate::dhcp::alloc::lease6_stats;
use crate::dhcp::v6::Dhcp6Server;

use super::commands::{arg_map, ready, Reply, NON_MAP_LOOKUP};
use super::family::{Family, Family6};
use super::reopen::{hosts_replaced, interfaces_or_refuse};
use super::Supervisor;

/// The `remove` argument of `leases-reclaim` (mandatory boolean, Kea's texts).
pub(super) fn parse_remove(args: Option<&Value>) -> Result<bool, Response> {
    let missing = || Response::error("Missing mandatory 'remove' parameter.");
    match arg_map(args, NON_MAP_LOOKUP)? {
        None => Err(missing()),
        Some(m) => match m.get("remove") {
            None => Err(missing()),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(Response::error(
                "'remove' parameter expected to be a boolean.",
            )),
        },
    }
}

impl Supervisor {
    /// Routes a DHCPv6 lease or reservation command.
    pub(super) fn route6(&mut self, f: Family6, command: Command, req: Request) -> Reply {
        let args = req.arguments.clone();
        let store = f.store().clone();
        let cfg = f.cfg.clone();
        let stats = self.stats.clone();
        let a = args;
        match command {
            Command::LeasesReclaim => {
                // Kea 2.2's DHCPv6 reclamation keeps reclaimed leases only
                // with hold-reclaimed-time; ruru's v6 engine always removes.
                if let Err(r) = parse_remove(a.as_ref()) {
                    return ready(r);
                }
                let server = f.server.clone();
                self.lease_cmd(async move {
                    let now = chrono::Utc::now().timestamp();
                    match server.engine().reclaim_expired(now, 0).await {
                        Ok(_) => Response::success("Reclamation of expired leases is complete."),
                        Err(e) => {
                            Response::error(format!("Reclamation of expired leases failed: {e}"))
                        }
                    }
                })
            }
            Command::Lease6Get => {
                self.lease_cmd(async move { lease::lease_get::<V6, _>(&*store, a.as_ref()).await })
            }
            Command::Lease6GetAll => self
                .lease_cmd(async move { lease::lease_get_all::<V6, _>(&*store, a.as_ref()).await }),
            Command::Lease6GetByDuid => {
                self.lease_cmd(async move { lease::lease6_get_by_duid(&*store, a.as_ref()).await })
            }
            Command::Lease6Add => self.lease_cmd(async move {
                lease::lease_add::<V6, _>(&*store, &cfg, &stats, a.as_ref()).await
            }),
            Command::Lease6Update => self.lease_cmd(async move {
                lease::lease_update::<V6, _>(&*store, &cfg, &stats, a.as_ref()).await
            }),
            Command::Lease6Del => self.lease_cmd(async move {
                lease::lease_del::<V6, _>(&*store, &stats, a.as_ref()).await
            }),
            Command::Lease6Wipe => self.lease_cmd(async move {
                lease::lease_wipe::<V6, _>(&*store, &cfg, &stats, a.as_ref()).await
            }),
            Command::Lease6BulkApply => self.lease_cmd(async move {
                lease::lease6_bulk_apply(&*store, &cfg, &stats, a.as_ref()).await
            }),
            Command::ReservationAdd
            | Command::ReservationDel
            | Command::ReservationGet
            | Command::ReservationGetAll
            | Command::ReservationGetByHostname
            | Command::ReservationGetById
            | Command::ReservationGetPage => {
                let dbs = f.server.engine().host_dbs().to_vec();
                self.lease_cmd(async move {
                    reservation::reservation_command::<V6, _>(command, &cfg, &dbs, a.as_ref()).await
                })
            }
            other => ready(Response::unsupported(other.name())),
        }
    }

    /// Applies a validated `Dhcp6` configuration, as DHCPv4 does: a changed
    /// lease database or hosts database is opened asynchronously (the actor
    /// keeps answering); one that cannot be opened fails the configuration
    /// (result 1, `DHCP6_CONFIG_UNRECOVERABLE_ERROR`, service disabled until a
    /// good one). Then new server logic (same server DUID) goes to every
    /// DHCPv6 listener and what every reconfiguration does follows.
    pub(super) fn apply_config6(
        &mut self,
        f: Family6,
        new: Dhcp6Config,
        ctx: &mut Context<Self>,
    ) -> Reply {
        let resolved = interfaces::resolve(&new.interfaces.interfaces);
        let ifaces = match interfaces_or_refuse(resolved, new.interfaces.require_all, "DHCP6") {
            Ok(i) => i,
            Err(r) => return ready(r),
        };
        let changed = self.changed_databases(
            (&f.cfg.lease_database, &f.cfg.hosts_databases),
            (&new.lease_database, &new.hosts_databases),
        );
        let running = (f.store().clone(), f.server.engine().host_dbs().to_vec());
        self.reopen_then(
            changed,
            running,
            |db| async move { Lease6Backend::open_async(&db).await },
            move |act, (store, hosts), ctx| act.commit_config6(f, new, store, hosts, ifaces, ctx),
            ctx,
        )
    }

    /// Commits a configuration whose lease store and hosts databases are open.
    fn commit_config6(
        &mut self,
        f: Family6,
        new: Dhcp6Config,
        store: Arc<Store6>,
        hosts: Vec<Arc<HostBackend>>,
        ifaces: Vec<interfaces::ServedInterface6>,
        ctx: &mut Context<Self>,
    ) -> Reply {
        let new_control = match self.bind_new_control(new.control_socket.as_ref(), ctx) {
            Ok(c) => c,
            Err(r) => return ready(r),
        };
        let hosts_changed = hosts_replaced(f.server.engine().host_dbs(), &hosts);
        let cfg = Arc::new(new);
        let server = Arc::new(Dhcp6Server::with_hosts(
            cfg.clone(),
            store.clone(),
            hosts.clone(),
            self.stats.clone(),
            f.server.server_duid().to_vec(),
        ));
        for l in &self.listeners {
            if let ServerSwap::V6(r) = &l.set_server {
                r.do_send(SetServer6 {
                    server: server.clone(),
                    interfaces: ifaces.clone(),
                });
            }
        }
        self.install_control(new_control);
        self.family = Family::V6(Family6 {
            cfg: cfg.clone(),
            server,
        });
        self.after_commit(ctx);
        self.replace_connections(
            (!Arc::ptr_eq(f.store(), &store)).then_some((&store, &cfg.lease_database)),
            hosts_changed.then_some((&hosts[..], &cfg.hosts_databases[..])),
            ctx,
        );
        let stats = self.stats.clone();
        let recount = async move {
            let now = chrono::Utc::now().timestamp();
            lease6_stats::recount(&*store, &cfg, &stats, now).await
        };
        self.recount_then_answer(recount, "DHCP6", "DHCPv6")
    }
}
