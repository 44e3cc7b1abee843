//! `Supervisor`: the only place that decides. It owns the running configuration,
//! the service state (disable origins), the listener, backend and control actors,
//! answers control commands, runs the lease reclamation timers and drives each
//! backend's database recovery (`on_fail`, `recovery`).

pub mod commands;
pub mod handlers;
pub mod log_ids;
pub mod on_fail;
pub mod recovery;
pub mod service_state;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use log::{debug, info, warn};

use crate::actors::backend::lifecycle::ConnectionLifecycle;
use crate::actors::control::Control;
use crate::actors::messages::BackendId;
use crate::backends::error::{ErrorClass, StoreError};
use crate::backends::lease_backend::{BackendError, LeaseBackend};
use crate::backends::LeaseStore;
use crate::config::model::Dhcp4Config;
use crate::dhcp::alloc::engine::reclaim_expired;
use crate::dhcp::alloc::lease_stats;
use crate::dhcp::v4::Ports;
use crate::stats::Stats;

use super::messages::{BackendRegistration, ListenerHandle, Pause, Resume, Server4};
use recovery::BackendEntry;
use service_state::ServiceState;

/// The supervisor actor.
pub struct Supervisor {
    cfg: Arc<Dhcp4Config>,
    config_path: Option<PathBuf>,
    store: Arc<LeaseBackend>,
    server: Arc<Server4>,
    stats: Arc<Stats>,
    ports: Ports,
    listeners: Vec<ListenerHandle>,
    backends: Vec<BackendEntry>,
    recovery_epoch: u64,
    control: Option<Addr<Control>>,
    service: ServiceState,
    user_disable_timer: Option<SpawnHandle>,
    timers: Vec<SpawnHandle>,
    started_at: Instant,
    reloaded_at: Instant,
    shutting_down: bool,
    /// The lease statistics were never counted (the lease database was not
    /// reachable at startup): recount when it is.
    lease_stats_stale: bool,
}

/// Everything the supervisor is built from (wired in `runtime`).
pub struct SupervisorParts {
    /// Running configuration.
    pub cfg: Arc<Dhcp4Config>,
    /// The `-c` file, for config-reload / config-write.
    pub config_path: Option<PathBuf>,
    /// Lease store.
    pub store: Arc<LeaseBackend>,
    /// Server logic for `cfg`.
    pub server: Arc<Server4>,
    /// Statistics.
    pub stats: Arc<Stats>,
    /// Ports from the command line.
    pub ports: Ports,
    /// Listener actors (DHCPv4 now, DHCPv6 later, fakes in tests).
    pub listeners: Vec<ListenerHandle>,
    /// Backend connection actors, each with its recovery parameters.
    pub backends: Vec<BackendRegistration>,
    /// Control socket actor, when configured.
    pub control: Option<Addr<Control>>,
}

impl Supervisor {
    /// A supervisor over already started actors.
    pub fn new(p: SupervisorParts) -> Self {
        let mut me = Self {
            cfg: p.cfg,
            config_path: p.config_path,
            store: p.store,
            server: p.server,
            stats: p.stats,
            ports: p.ports,
            listeners: p.listeners,
            backends: Vec::new(),
            recovery_epoch: 0,
            control: p.control,
            service: ServiceState::default(),
            user_disable_timer: None,
            timers: Vec::new(),
            started_at: Instant::now(),
            reloaded_at: Instant::now(),
            shutting_down: false,
            lease_stats_stale: false,
        };
        for b in p.backends {
            me.register_backend(b);
        }
        me
    }

    /// Tells every listener to pause or resume according to the service state
    /// (called when the state changed: listeners see transitions only).
    fn apply_service_state(&self) {
        let enabled = self.service.enabled();
        for l in &self.listeners {
            if enabled {
                l.resume.do_send(Resume);
            } else {
                l.pause.do_send(Pause);
            }
        }
    }

    /// (Re)starts the reclamation and flush timers from the configuration.
    fn start_timers(&mut self, ctx: &mut Context<Self>) {
        for h in self.timers.drain(..) {
            ctx.cancel_future(h);
        }
        let e = self.cfg.expired_leases;
        if e.reclaim_timer_wait_time > 0 {
            let h = ctx.run_interval(
                Duration::from_secs(u64::from(e.reclaim_timer_wait_time)),
                move |act, ctx| {
                    act.reclaim(
                        ctx,
                        e.hold_reclaimed_time == 0,
                        e.max_reclaim_leases as usize,
                    );
                },
            );
            self.timers.push(h);
        }
        if e.flush_reclaimed_timer_wait_time > 0 && e.hold_reclaimed_time > 0 {
            let h = ctx.run_interval(
                Duration::from_secs(u64::from(e.flush_reclaimed_timer_wait_time)),
                move |act, ctx| {
                    let store = act.store.clone();
                    let before = chrono::Utc::now().timestamp() - i64::from(e.hold_reclaimed_time);
                    ctx.spawn(
                        async move { store.flush_reclaimed4(before).await }
                            .into_actor(act)
                            .map(|res, act, ctx| match res {
                                Ok(n) if n > 0 => info!("ALLOC_ENGINE_V4_RECLAIMED_LEASES_DELETE_COMPLETE successfully deleted {n} expired-reclaimed leases"),
                                Ok(_) => {}
                                Err(e) => {
                                    warn!("ALLOC_ENGINE_V4_RECLAIMED_LEASES_DELETE_FAILED failed to delete expired-reclaimed leases: {e}");
                                    act.report_store_error(&e, ctx);
                                }
                            }),
                    );
                },
            );
            self.timers.push(h);
        }
    }

    fn reclaim(&mut self, ctx: &mut Context<Self>, remove: bool, limit: usize) {
        let store = self.store.clone();
        let stats = self.stats.clone();
        ctx.spawn(
            async move {
                let now = chrono::Utc::now().timestamp();
                reclaim_expired(&*store, &stats, now, limit, remove).await
            }
            .into_actor(self)
            .map(|res, act, ctx| match res {
                Ok(n) => debug!("ALLOC_ENGINE_V4_LEASES_RECLAMATION_COMPLETE reclaimed {n} leases"),
                Err(e) => {
                    warn!("ALLOC_ENGINE_V4_LEASES_RECLAMATION_FAILED reclamation of expired leases failed: {e}");
                    act.report_store_error(&e, ctx);
                }
            }),
        );
    }

    /// Checks the lease database with one cheap round trip (memfile: nothing);
    /// a lost connection starts recovery. Used after a command's store call
    /// failed, whatever the error text said.
    fn probe_lease_database(&mut self, ctx: &mut Context<Self>) {
        let store = self.store.clone();
        ctx.spawn(
            async move { store.probe().await }
                .into_actor(self)
                .map(|res, act, ctx| {
                    if let Err(e) = res {
                        act.report_store_error(&e, ctx);
                    }
                }),
        );
    }

    /// After the lease database was reached for the first time
    /// (`retry-on-startup`): counts the statistics startup could not.
    fn recount_stale_lease_stats(&mut self, ctx: &mut Context<Self>) {
        if !self.lease_stats_stale {
            return;
        }
        self.lease_stats_stale = false;
        let (store, cfg, stats) = (self.store.clone(), self.cfg.clone(), self.stats.clone());
        ctx.spawn(
            async move { lease_stats::recount(&*store, &cfg, &stats).await }
                .into_actor(self)
                .map(|res, act, ctx| {
                    if let Err(e) = res {
                        warn!("DHCP4_DB_RECONNECT_SUCCEEDED but the lease statistics could not be counted: {e}");
                        act.lease_stats_stale = true;
                        act.report_store_error(&e, ctx);
                    }
                }),
        );
    }

    /// A lease store call made by the supervisor itself failed: a lost
    /// connection starts recovery like a listener's report would.
    fn report_store_error(&mut self, e: &BackendError, ctx: &mut Context<Self>) {
        if e.class() == ErrorClass::ConnectionLost {
            self.backend_lost(BackendId::Lease, e.to_string(), ctx);
        }
    }
}

impl Actor for Supervisor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.start_timers(ctx);
    }
}
