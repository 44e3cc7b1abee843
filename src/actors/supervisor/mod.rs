//! `Supervisor`: the only place that decides. It owns the running configuration,
//! the service state (disable origins), the listener, backend and control actors,
//! answers control commands, runs the lease reclamation timers and drives each
//! backend's database recovery (`on_fail`, `recovery`). One code path for DHCPv4
//! and DHCPv6: what depends on the family is behind [`Family`] (`family4`, `family6`).

pub mod commands;
pub mod config_backend;
pub mod family;
pub mod family4;
pub mod family6;
mod family_commands;
pub mod handlers;
pub mod log_ids;
pub mod on_fail;
pub mod reconfigure;
pub mod recovery;
mod reopen;
pub mod service_state;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use log::{debug, info, warn};

use crate::actors::control::Control;
use crate::actors::messages::BackendId;
use crate::backends::error::{ErrorClass, StoreError};
use crate::backends::LeaseStore;
use crate::dhcp::alloc::AllocError;
use crate::stats::Stats;

use super::messages::{BackendRegistration, ListenerHandle, Pause, Resume};
pub use family::{Family, Family4, Family6};
use recovery::BackendEntry;
use service_state::{DisableOrigin, ServiceState};

/// The supervisor actor (one per process, DHCPv4 or DHCPv6).
pub struct Supervisor {
    family: Family,
    config_path: Option<PathBuf>,
    stats: Arc<Stats>,
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
    /// Held by the reconfiguration being applied: reconfigurations run one
    /// at a time, in arrival order (see `apply_config`).
    reconfiguring: Arc<tokio::sync::Mutex<()>>,
    /// The config database the configuration in force was completed from.
    cb: Option<config_backend::CbSource>,
    /// The next poll of `cb`.
    cb_timer: Option<SpawnHandle>,
    /// Polls that failed in a row (logged; polling goes on).
    cb_poll_failures: u32,
}

/// Everything the supervisor is built from (wired in `runtime`).
pub struct SupervisorParts {
    /// The family served: its configuration, lease store and server logic.
    pub family: Family,
    /// The `-c` file, for config-reload / config-write.
    pub config_path: Option<PathBuf>,
    /// Statistics.
    pub stats: Arc<Stats>,
    /// Listener actors (DHCPv4 or DHCPv6, fakes in tests).
    pub listeners: Vec<ListenerHandle>,
    /// Backend connection actors, each with its recovery parameters.
    pub backends: Vec<BackendRegistration>,
    /// Control socket actor, when configured.
    pub control: Option<Addr<Control>>,
    /// The config database the starting configuration was completed from.
    pub config_backend: Option<config_backend::CbSource>,
}

impl Supervisor {
    /// A supervisor over already started actors.
    pub fn new(p: SupervisorParts) -> Self {
        let mut me = Self {
            family: p.family,
            config_path: p.config_path,
            stats: p.stats,
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
            reconfiguring: Arc::default(),
            cb: p.config_backend,
            cb_timer: None,
            cb_poll_failures: 0,
        };
        for b in p.backends {
            me.register_backend(b);
        }
        me
    }

    /// Kea's log ID prefix of the family served (`DHCP4`, `DHCP6`).
    fn log(&self) -> &'static str {
        self.family.log_prefix()
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
        let e = self.family.expired_leases();
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
        let flushes = matches!(self.family, Family::V4(_));
        if flushes && e.flush_reclaimed_timer_wait_time > 0 && e.hold_reclaimed_time > 0 {
            let h = ctx.run_interval(
                Duration::from_secs(u64::from(e.flush_reclaimed_timer_wait_time)),
                move |act, ctx| {
                    let Family::V4(f) = &act.family else { return };
                    let store = f.store.clone();
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
        let v = self.family.ip_version();
        let reclaim = self.family.reclaim(self.stats.clone(), limit, remove);
        ctx.spawn(reclaim.into_actor(self).map(move |res, act, ctx| match res {
            Ok(n) => debug!("ALLOC_ENGINE_V{v}_LEASES_RECLAMATION_COMPLETE reclaimed {n} leases"),
            Err(e) => {
                warn!("ALLOC_ENGINE_V{v}_LEASES_RECLAMATION_FAILED reclamation of expired leases failed: {e}");
                if let AllocError::Store(e) = &e {
                    act.report_store_error(e, ctx);
                }
            }
        }));
    }

    /// Checks the lease database with one cheap round trip (memfile: nothing);
    /// a lost connection starts recovery. Used after a command's store call
    /// failed, whatever the error text said.
    fn probe_lease_database(&mut self, ctx: &mut Context<Self>) {
        match self.family.clone() {
            Family::V4(f) => {
                ctx.spawn(async move { f.store.probe().await }.into_actor(self).map(
                    |res, act, ctx| {
                        if let Err(e) = res {
                            act.report_store_error(&e, ctx);
                        }
                    },
                ));
            }
            Family::V6(f) => {
                let store = f.store().clone();
                ctx.spawn(async move { store.probe().await }.into_actor(self).map(
                    |res, act, ctx| {
                        if let Err(e) = res {
                            act.report_store_error(&e, ctx);
                        }
                    },
                ));
            }
        }
    }

    /// After the lease database was reached for the first time
    /// (`retry-on-startup`): counts the statistics startup could not.
    fn recount_stale_lease_stats(&mut self, ctx: &mut Context<Self>) {
        if !self.lease_stats_stale {
            return;
        }
        self.lease_stats_stale = false;
        let recount = self.family.recount(self.stats.clone());
        ctx.spawn(recount.into_actor(self).map(|res, act, ctx| {
            if res.is_ok() {
                act.lease_stats_counted();
            }
            if let Err(e) = res {
                warn!(
                    "{}_DB_RECONNECT_SUCCEEDED but the lease statistics could not be counted: {e}",
                    act.log(),
                );
                act.lease_stats_stale = true;
                if e.class() == ErrorClass::ConnectionLost {
                    act.backend_lost(BackendId::Lease, e.to_string(), ctx);
                }
            }
        }));
    }

    /// The lease statistics are counted (after `retry-on-startup`, or by a
    /// reconfiguration that opened a new lease database): serving may start.
    pub(super) fn lease_stats_counted(&mut self) {
        self.lease_stats_stale = false;
        if self.service.enable(&DisableOrigin::StatsUncounted) {
            self.apply_service_state();
        }
    }

    /// A lease store call made by the supervisor itself failed: a lost
    /// connection starts recovery like a listener's report would.
    fn report_store_error<E: StoreError>(&mut self, e: &E, ctx: &mut Context<Self>) {
        if e.class() == ErrorClass::ConnectionLost {
            self.backend_lost(BackendId::Lease, e.to_string(), ctx);
        }
    }
}

impl Actor for Supervisor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.start_timers(ctx);
        self.arm_cb_poll(ctx);
    }
}
