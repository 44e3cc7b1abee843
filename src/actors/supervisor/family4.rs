//! The DHCPv4 family's part of the supervisor: its lease and reservation
//! commands, and applying a `Dhcp4` configuration (opening new lease / hosts
//! databases, registering their connections, swapping the listeners' server
//! logic).

use std::sync::Arc;

use actix::prelude::*;

use crate::actors::listener::v4::interfaces;
use crate::actors::messages::{ServerSwap, SetServer};
use crate::backends::host_backend::HostBackend;
use crate::backends::lease_backend::LeaseBackend;
use crate::commands::family::V4;
use crate::commands::protocol::{Request, Response};
use crate::commands::{lease, reservation, Command};
use crate::config::model::{Dhcp4Config, SocketType};
use crate::dhcp::alloc::lease_stats;
use crate::dhcp::v4::Dhcp4Server;

use super::commands::{ready, Reply};
use super::family::{Family, Family4};
use super::family6::parse_remove;
use super::reopen::{hosts_replaced, interfaces_or_refuse};
use super::Supervisor;

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
        ctx: &mut Context<Self>,
    ) -> Reply {
        let resolved = interfaces::resolve(&new.interfaces.interfaces);
        let ifaces = match interfaces_or_refuse(resolved, new.interfaces.require_all, "DHCP4") {
            Ok(i) => i,
            Err(r) => return ready(r),
        };
        let changed = self.changed_databases(
            (&f.cfg.lease_database, &f.cfg.hosts_databases),
            (&new.lease_database, &new.hosts_databases),
        );
        let running = (f.store.clone(), f.server.engine().host_dbs().to_vec());
        self.reopen_then(
            changed,
            running,
            |db| async move { LeaseBackend::open_async(&db).await },
            move |act, (store, hosts), ctx| act.commit_config4(f, new, store, hosts, ifaces, ctx),
            ctx,
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
        ctx: &mut Context<Self>,
    ) -> Reply {
        let new_control = match self.bind_new_control(new.control_socket.as_ref(), ctx) {
            Ok(c) => c,
            Err(r) => return ready(r),
        };
        let new = Arc::new(new);
        let direct = new.interfaces.socket_type == SocketType::Raw;
        let hosts_changed = hosts_replaced(f.server.engine().host_dbs(), &hosts);
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
        self.after_commit(ctx);
        self.replace_connections(
            (!Arc::ptr_eq(&f.store, &store)).then_some((&store, &new.lease_database)),
            hosts_changed.then_some((&hosts[..], &new.hosts_databases[..])),
            ctx,
        );
        let stats = self.stats.clone();
        let recount = async move { lease_stats::recount(&*store, &new, &stats).await };
        self.recount_then_answer(recount, "DHCP4", "DHCPv4")
    }
}
