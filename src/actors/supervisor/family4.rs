//! The DHCPv4 family's part of the supervisor: its lease and reservation
//! commands, and applying a `Dhcp4` configuration (opening new lease / hosts
//! databases, registering their connections, swapping the listeners' server
//! logic).

use std::sync::Arc;

use actix::prelude::*;
use log::{error, info};

use crate::actors::backend::{lease_registration, start_hosts_connections, BackendConn};
use crate::actors::listener::v4::interfaces;
use crate::actors::messages::{BackendId, ServerSwap, SetServer, StopBackend};
use crate::backends::host_backend::HostBackend;
use crate::backends::lease_backend::LeaseBackend;
use crate::commands::family::V4;
use crate::commands::protocol::{Request, Response};
use crate::commands::{lease, reservation, Command};
use crate::config::model::{Dhcp4Config, LeaseDatabase, SocketType};
use crate::dhcp::alloc::lease_stats;
use crate::dhcp::v4::Dhcp4Server;

use super::commands::{ready, Reply};
use super::family::{Family, Family4};
use super::family6::parse_remove;
use super::service_state::DisableOrigin;
use super::{reopen, Supervisor};

impl Supervisor {
    /// Routes a DHCPv4 lease or reservation command.
    pub(super) fn route4(&mut self, f: Family4, command: Command, req: Request) -> Reply {
        let args = req.arguments.clone();
        let store = f.store.clone();
        let cfg = f.cfg.clone();
        let stats = self.stats.clone();
        match command {
            Command::LeasesReclaim => {
                let remove = match parse_remove(args.as_ref()) {
                    Ok(r) => r,
                    Err(r) => return ready(r),
                };
                self.lease_cmd(async move {
                    let now = chrono::Utc::now().timestamp();
                    match crate::dhcp::alloc::engine::reclaim_expired(
                        &*store, &stats, now, 0, remove,
                    )
                    .await
                    {
                        Ok(_) => Response::success("Reclamation of expired leases is complete."),
                        Err(e) => {
                            Response::error(format!("Reclamation of expired leases failed: {e}"))
                        }
                    }
                })
            }
            Command::Lease4Get => self
                .lease_cmd(async move { lease::lease_get::<V4, _>(&*store, args.as_ref()).await }),
            Command::Lease4GetAll => self.lease_cmd(async move {
                lease::lease_get_all::<V4, _>(&*store, args.as_ref()).await
            }),
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
            Command::Lease4Add => self.lease_cmd(async move {
                lease::lease_add::<V4, _>(&*store, &cfg, &stats, args.as_ref()).await
            }),
            Command::Lease4Update => self.lease_cmd(async move {
                lease::lease_update::<V4, _>(&*store, &cfg, &stats, args.as_ref()).await
            }),
            Command::Lease4Del => self.lease_cmd(async move {
                lease::lease_del::<V4, _>(&*store, &stats, args.as_ref()).await
            }),
            Command::Lease4Wipe => self.lease_cmd(async move {
                lease::lease_wipe::<V4, _>(&*store, &cfg, &stats, args.as_ref()).await
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
                    reservation::reservation_command::<V4, _>(command, &cfg, &dbs, args.as_ref())
                        .await
                })
            }
            other => ready(Response::unsupported(other.name())),
        }
    }

    /// Applies a validated configuration. A new lease database is opened
    /// asynchronously (the actor keeps answering); when it cannot be opened the
    /// answer is result 1, `DHCP4_CONFIG_UNRECOVERABLE_ERROR` is logged and the
    /// service is disabled (origin: config failure) until a later good
    /// configuration: the process stays up and keeps answering commands, but
    /// serves no clients, as Kea documents. Otherwise the new server logic, control
    /// socket and statistics are committed.
    pub(super) fn apply_config4(
        &mut self,
        f: Family4,
        new: Dhcp4Config,
        _ctx: &mut Context<Self>,
    ) -> Reply {
        let ifaces = match interfaces::resolve(&new.interfaces.interfaces) {
            Ok(i) => i,
            Err(e) if new.interfaces.require_all => return ready(Response::error(e.to_string())),
            Err(e) => {
                error!("DHCP4_OPEN_SOCKETS_FAILED {e}");
                Vec::new()
            }
        };
        let config_failed = self.service.has(&DisableOrigin::ConfigFailed);
        let lease_same = new.lease_database == f.cfg.lease_database && !config_failed;
        let hosts_same = new.hosts_databases == f.cfg.hosts_databases && !config_failed;
        let old_hosts = f.server.engine().host_dbs().to_vec();
        if lease_same && hosts_same {
            let store = f.store.clone();
            return self.commit_config4(f, new, store, old_hosts, ifaces, _ctx);
        }
        let lease_db = (!lease_same).then(|| new.lease_database.clone());
        let hosts_dbs = (!hosts_same).then(|| new.hosts_databases.clone());
        let old_store = f.store.clone();
        Box::pin(
            reopen::open_changed(
                lease_db,
                old_store,
                |db| async move { LeaseBackend::open_async(&db).await },
                hosts_dbs,
                old_hosts,
            )
            .into_actor(self)
            .then(move |opened, act, ctx| match opened {
                Ok((store, hosts)) => act.commit_config4(f, new, store, hosts, ifaces, ctx),
                Err((what, e)) => ready(act.config_failed(&what, &e, ctx)),
            }),
        )
    }

    /// Commits a configuration whose lease store and hosts databases are open.
    fn commit_config4(
        &mut self,
        f: Family4,
        new: Dhcp4Config,
        store: Arc<LeaseBackend>,
        hosts: Vec<Arc<HostBackend>>,
        ifaces: Vec<interfaces::ServedInterface>,
        _ctx: &mut Context<Self>,
    ) -> Reply {
        let new_control = match self.bind_new_control(new.control_socket.as_ref(), _ctx) {
            Ok(c) => c,
            Err(r) => return ready(r),
        };
        let new = Arc::new(new);
        let direct = new.interfaces.socket_type == SocketType::Raw;
        let old_hosts = f.server.engine().host_dbs();
        let hosts_changed = old_hosts.len() != hosts.len()
            || old_hosts
                .iter()
                .zip(&hosts)
                .any(|(a, b)| !Arc::ptr_eq(a, b));
        let server = Arc::new(Dhcp4Server::with_hosts(
            new.clone(),
            store.clone(),
            hosts.clone(),
            self.stats.clone(),
            f.ports,
            direct,
        ));
        for l in &self.listeners {
            if let ServerSwap::V4(r) = &l.set_server {
                r.do_send(SetServer {
                    server: server.clone(),
                    interfaces: ifaces.clone(),
                });
            }
        }
        self.install_control(new_control);
        self.family = Family::V4(Family4 {
            cfg: new.clone(),
            store: store.clone(),
            server,
            ports: f.ports,
        });
        self.after_commit(_ctx);
        if !Arc::ptr_eq(&f.store, &store) {
            // A new lease database: its own connection actor, the old one
            // stops; its statistics are counted below (and only then is a
            // `StatsUncounted` disable lifted).
            let lfc = match &new.lease_database {
                LeaseDatabase::Memfile {
                    persist: true,
                    lfc_interval,
                    ..
                } => *lfc_interval,
                LeaseDatabase::Memfile { .. } | LeaseDatabase::Sql(_) => 0,
            };
            let me = _ctx.address().recipient();
            let conn = BackendConn::new(BackendId::Lease, store.clone(), lfc, me).start();
            let reg = lease_registration(&store, &new.lease_database, &conn);
            if let Some(old) = self.backends.iter().find(|b| b.reg.id == BackendId::Lease) {
                old.reg.handle.stop.do_send(StopBackend);
            }
            self.register_backend(reg);
        }
        if hosts_changed {
            // New hosts databases: each its own connection actor; the old ones stop.
            self.backends.retain(|b| {
                let hosts = matches!(b.reg.id, BackendId::Hosts(_));
                if hosts {
                    b.reg.handle.stop.do_send(StopBackend);
                }
                !hosts
            });
            let me = _ctx.address().recipient();
            for reg in start_hosts_connections(&hosts, &new.hosts_databases, &me) {
                self.register_backend(reg);
            }
        }
        let cfg = new;
        let stats = self.stats.clone();
        Box::pin(
            async move { lease_stats::recount(&*store, &cfg, &stats).await }
                .into_actor(self)
                .map(|r, act, _| match r {
                    Ok(()) => {
                        act.lease_stats_counted();
                        info!("DHCP4_CONFIG_COMPLETE DHCPv4 server has completed configuration");
                        Response::success("Configuration successful.")
                    }
                    Err(e) => Response::error(format!(
                        "configuration applied but statistics recount failed: {e}"
                    )),
                }),
        )
    }
}
