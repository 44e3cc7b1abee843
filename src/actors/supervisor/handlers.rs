//! Message handlers of the supervisor: liveness reports, control commands,
//! shutdown.

use std::time::Duration;

use actix::prelude::*;
use log::{error, info};

use crate::actors::control::{ControlRequest, StopControl};
use crate::actors::messages::{BackendId, Liveness, Shutdown, StopBackend};
use crate::commands::protocol::Response;

use super::service_state::DisableOrigin;
use super::Supervisor;

/// Stop the server with an exit code (shutdown command, signals, fatal errors).
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct ShutdownServer {
    /// Process exit status.
    pub exit_code: i32,
}

/// Reload the `-c` file (SIGHUP).
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct ReloadConfig;

/// Runtime -> supervisor at startup: the lease database could not be reached
/// and its `retry-on-startup` is on, so the reconnect cycle starts at once
/// (per `on-fail`) instead of a fatal exit; statistics are recounted once it
/// is reached.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct StartedUnreached {
    /// Why the connection failed.
    pub why: String,
}

impl Handler<StartedUnreached> for Supervisor {
    type Result = ();
    fn handle(&mut self, msg: StartedUnreached, ctx: &mut Self::Context) {
        self.lease_stats_stale = true;
        // Served only once the statistics are counted, not merely when the
        // database is reached (see `recount_stale_lease_stats`).
        if self.service.disable(DisableOrigin::StatsUncounted) {
            self.apply_service_state();
        }
        self.backend_lost(BackendId::Lease, msg.why, ctx);
    }
}

impl Handler<Liveness> for Supervisor {
    type Result = ();
    fn handle(&mut self, msg: Liveness, ctx: &mut Self::Context) {
        match msg {
            // Recovery is decided by `Reconnect` answers, not by `Up` reports
            // (a backend announces itself `Up` when it starts).
            Liveness::Up(id) => log::debug!("backend {id} is up"),
            Liveness::Lost(id, why) => self.backend_lost(id, why, ctx),
            Liveness::LostSince(id, why, started) => {
                if self.recovered_after(&id, started) {
                    log::debug!("backend {id}: stale loss report from work started before the last recovery ignored: {why}");
                } else {
                    self.backend_lost(id, why, ctx);
                }
            }
        }
    }
}

/// CANCEL-SAFETY: commands that change state apply their change in the actor
/// after their async part completes; a dropped future changes nothing.
/// The answer runs as a spawned future, so commands overlap; reconfigurations
/// (`config-set`, `config-reload`, SIGHUP) are serialised among themselves in
/// arrival order (see `Supervisor::apply_config`).
impl Handler<ControlRequest> for Supervisor {
    type Result = ResponseActFuture<Self, Response>;
    fn handle(&mut self, msg: ControlRequest, ctx: &mut Self::Context) -> Self::Result {
        self.route(msg.request, ctx)
    }
}

impl Handler<ShutdownServer> for Supervisor {
    type Result = ();
    fn handle(&mut self, msg: ShutdownServer, ctx: &mut Self::Context) {
        if self.shutting_down {
            return;
        }
        self.shutting_down = true;
        let log = self.log();
        info!("{log}_SHUTDOWN_REQUEST shutdown of server requested");
        let listeners = self.listeners.clone();
        let backends: Vec<_> = self.backends.iter().map(|b| b.reg.handle.clone()).collect();
        let control = self.control.take();
        let code = msg.exit_code;
        // Give the control socket time to write the reply of a `shutdown` command.
        ctx.run_later(Duration::from_millis(20), move |act, ctx| {
            ctx.spawn(
                async move {
                    for l in &listeners {
                        let _ = l.shutdown.send(Shutdown).await;
                    }
                    for b in &backends {
                        b.stop.do_send(StopBackend);
                    }
                    if let Some(c) = control {
                        let _ = c.send(StopControl).await;
                    }
                    info!("{log}_SHUTDOWN server shutdown");
                    System::current().stop_with_code(code);
                }
                .into_actor(act),
            );
        });
    }
}

impl Handler<ReloadConfig> for Supervisor {
    type Result = ();
    fn handle(&mut self, _: ReloadConfig, ctx: &mut Self::Context) {
        let fut = self.config_reload(ctx);
        let log = self.log();
        ctx.spawn(fut.map(move |r, _, _| {
            if r.result != 0 {
                error!("{log}_DYNAMIC_RECONFIGURATION_FAIL dynamic server reconfiguration failed with file: {}", r.text.unwrap_or_default());
            }
        }));
    }
}
