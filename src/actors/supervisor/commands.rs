//! Command routing and the server-level commands (config-*, shutdown, dhcp-*,
//! status-get, ...). Lease and statistic commands live in `crate::commands`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use log::{error, info};
use serde_json::{json, Value};

use crate::actors::backend::BackendConn;
use crate::actors::control::{Control, StopControl};
use crate::actors::listener::interfaces;
use crate::actors::messages::SetServer;
use crate::actors::messages::{BackendId, StopBackend};
use crate::backends::lease_backend::LeaseBackend;
use crate::commands::protocol::{Request, Response};
use crate::commands::{lease4, statistic, COMMANDS_V4};
use crate::config::model::{Dhcp4Config, LeaseDatabase, SocketType};
use crate::dhcp::alloc::lease_stats;
use crate::dhcp::v4::Dhcp4Server;

use super::handlers::ShutdownServer;
use super::service_state::DisableOrigin;
use super::Supervisor;

type Reply = ResponseActFuture<Supervisor, Response>;

fn ready(r: Response) -> Reply {
    Box::pin(actix::fut::ready(r))
}

fn arg_map(args: Option<&Value>) -> Result<Option<&serde_json::Map<String, Value>>, Response> {
    match args {
        None => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(Response::error("arguments must be a map")),
    }
}

impl Supervisor {
    /// Routes one command.
    pub(super) fn route(&mut self, req: Request, ctx: &mut Context<Self>) -> Reply {
        let args = req.arguments.clone();
        let store = self.store.clone();
        let cfg = self.cfg.clone();
        let stats = self.stats.clone();
        macro_rules! lease_cmd {
            ($f:expr) => {
                Box::pin(async move { $f }.into_actor(self))
            };
        }
        match req.command.as_str() {
            "list-commands" => {
                let mut v: Vec<&str> = COMMANDS_V4.to_vec();
                v.sort_unstable();
                ready(Response::success_args(json!(v)))
            }
            "version-get" => ready(Response::new(
                0,
                crate::VERSION,
                Some(json!({"extended": format!("ruru-dhcp4 {} (Kea 2.2 compatible)\nbackends: memfile", crate::VERSION)})),
            )),
            "build-report" => ready(Response::success(format!(
                "ruru-dhcp4 {}\nKea compatibility: 2.2\nlease backends: memfile\nbuilt with rustc, actix, dhcp wire codec: ruru",
                crate::VERSION
            ))),
            "server-tag-get" => ready(Response::success_args(json!({"server-tag": self.cfg.server_tag}))),
            "status-get" => ready(self.status_get()),
            "config-get" => ready(Response::success_args(self.cfg.effective.clone())),
            "config-test" => ready(match args.as_ref().map(crate::config::parse_dhcp4_value) {
                None => Response::error("Missing mandatory 'arguments' parameter."),
                Some(Ok(_)) => Response::success(
                    "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.",
                ),
                Some(Err(e)) => Response::error(e.to_string()),
            }),
            "config-set" => match args.as_ref().map(crate::config::parse_dhcp4_value) {
                None => ready(Response::error("Missing mandatory 'arguments' parameter.")),
                Some(Err(e)) => {
                    error!("DHCP4_CONFIG_LOAD_FAIL configuration error using command: {e}");
                    ready(Response::error(e.to_string()))
                }
                Some(Ok(new)) => self.apply_config(new, ctx),
            },
            "config-reload" => self.config_reload(ctx),
            "config-write" => ready(self.config_write(args.as_ref())),
            "shutdown" => {
                let code = match arg_map(args.as_ref()) {
                    Err(r) => return ready(r),
                    Ok(m) => match m.and_then(|m| m.get("exit-value")) {
                        None => 0,
                        Some(v) => match v.as_i64().and_then(|v| i32::try_from(v).ok()) {
                            Some(c) => c,
                            None => return ready(Response::error("parameter 'exit-value' is not an integer")),
                        },
                    },
                };
                ctx.notify(ShutdownServer { exit_code: code });
                ready(Response::success("Shutting down."))
            }
            "dhcp-disable" => ready(self.dhcp_disable(args.as_ref(), ctx)),
            "dhcp-enable" => ready(self.dhcp_enable(args.as_ref(), ctx)),
            "leases-reclaim" => {
                let remove = match arg_map(args.as_ref()) {
                    Err(r) => return ready(r),
                    Ok(None) => return ready(Response::error("Missing mandatory 'remove' parameter.")),
                    Ok(Some(m)) => match m.get("remove") {
                        None => return ready(Response::error("Missing mandatory 'remove' parameter.")),
                        Some(Value::Bool(b)) => *b,
                        Some(_) => return ready(Response::error("'remove' parameter must be a boolean")),
                    },
                };
                lease_cmd!({
                    let now = chrono::Utc::now().timestamp();
                    match crate::dhcp::alloc::engine::reclaim_expired(&*store, &stats, now, 0, remove).await {
                        Ok(_) => Response::success("Reclamation of expired leases is complete."),
                        Err(e) => Response::error(format!("Reclamation of expired leases failed: {e}")),
                    }
                })
            }
            "lease4-get" => lease_cmd!(lease4::lease4_get(&*store, args.as_ref()).await),
            "lease4-get-all" => lease_cmd!(lease4::lease4_get_all(&*store, args.as_ref()).await),
            "lease4-get-page" => lease_cmd!(lease4::lease4_get_page(&*store, args.as_ref()).await),
            "lease4-get-by-hw-address" => lease_cmd!(lease4::lease4_get_by_hw_address(&*store, args.as_ref()).await),
            "lease4-get-by-client-id" => lease_cmd!(lease4::lease4_get_by_client_id(&*store, args.as_ref()).await),
            "lease4-get-by-hostname" => lease_cmd!(lease4::lease4_get_by_hostname(&*store, args.as_ref()).await),
            "lease4-add" => lease_cmd!(lease4::lease4_add(&*store, &cfg, &stats, args.as_ref()).await),
            "lease4-update" => lease_cmd!(lease4::lease4_update(&*store, &cfg, &stats, args.as_ref()).await),
            "lease4-del" => lease_cmd!(lease4::lease4_del(&*store, &stats, args.as_ref()).await),
            "lease4-wipe" => lease_cmd!(lease4::lease4_wipe(&*store, &cfg, &stats, args.as_ref()).await),
            "statistic-get" => ready(statistic::statistic_get(&self.stats, args.as_ref())),
            "statistic-get-all" => ready(statistic::statistic_get_all(&self.stats, args.as_ref())),
            "statistic-reset" => ready(statistic::statistic_reset(&self.stats, args.as_ref())),
            "statistic-reset-all" => ready(statistic::statistic_reset_all(&self.stats, args.as_ref())),
            "statistic-remove" => ready(statistic::statistic_remove(&self.stats, args.as_ref())),
            "statistic-remove-all" => ready(statistic::statistic_remove_all(&self.stats, args.as_ref())),
            "statistic-sample-count-set" => ready(statistic::statistic_sample_count_set(&self.stats, args.as_ref())),
            "statistic-sample-count-set-all" => ready(statistic::statistic_sample_count_set_all(&self.stats, args.as_ref())),
            other => ready(Response::unsupported(other)),
        }
    }

    fn status_get(&self) -> Response {
        Response::success_args(json!({
            "pid": std::process::id(),
            "uptime": self.started_at.elapsed().as_secs(),
            "reload": self.reloaded_at.elapsed().as_secs(),
            "multi-threading-enabled": false,
            "thread-pool-size": 0,
            "packet-queue-size": crate::actors::listener::MAX_IN_FLIGHT,
            "sockets": {"status": "ready"},
            "dhcp-state": self.service.to_json(),
            "backends": [{
                "name": "lease-database",
                "type": self.store.kind(),
                "state": "connected",
            }],
        }))
    }

    fn dhcp_disable(&mut self, args: Option<&Value>, ctx: &mut Context<Self>) -> Response {
        let m = match arg_map(args) {
            Ok(m) => m,
            Err(r) => return r,
        };
        let mut max_period = None;
        let mut origin = DisableOrigin::User;
        if let Some(m) = m {
            if let Some(v) = m.get("max-period") {
                match v.as_i64() {
                    Some(p) if p > 0 => max_period = Some(p as u64),
                    Some(_) => return Response::error("'max-period' must be positive integer"),
                    None => return Response::error("'max-period' argument must be a number"),
                }
            }
            if let Some(v) = m.get("origin") {
                origin = match v.as_str() {
                    Some("user") => DisableOrigin::User,
                    Some("ha-partner") => DisableOrigin::HaPartner,
                    Some(o) => {
                        return Response::error(format!(
                            "invalid value used for 'origin' parameter: {o}"
                        ))
                    }
                    None => return Response::error("'origin' argument must be a string"),
                };
            }
        }
        self.service.disable(origin.clone());
        self.apply_service_state();
        if let Some(h) = self.user_disable_timer.take() {
            ctx.cancel_future(h);
        }
        if let Some(p) = max_period {
            self.user_disable_timer = Some(ctx.run_later(Duration::from_secs(p), move |act, _| {
                info!("DHCP4_DHCP_ENABLE_TIMEOUT re-enabling DHCP service after max-period of {p} seconds");
                act.service.enable(&origin);
                act.apply_service_state();
            }));
        }
        info!("DHCP4_DHCP_DISABLED DHCP service is disabled by command");
        Response::success("DHCPv4 service disabled")
    }

    fn dhcp_enable(&mut self, args: Option<&Value>, ctx: &mut Context<Self>) -> Response {
        let m = match arg_map(args) {
            Ok(m) => m,
            Err(r) => return r,
        };
        let origin = match m.and_then(|m| m.get("origin")) {
            None => DisableOrigin::User,
            Some(v) => match v.as_str() {
                Some("user") => DisableOrigin::User,
                Some("ha-partner") => DisableOrigin::HaPartner,
                Some(o) => {
                    return Response::error(format!(
                        "invalid value used for 'origin' parameter: {o}"
                    ))
                }
                None => return Response::error("'origin' argument must be a string"),
            },
        };
        if let Some(h) = self.user_disable_timer.take() {
            ctx.cancel_future(h);
        }
        self.service.enable(&origin);
        self.apply_service_state();
        info!("DHCP4_DHCP_ENABLED DHCP service is enabled by command");
        Response::success("DHCP service successfully enabled")
    }

    fn config_write(&self, args: Option<&Value>) -> Response {
        let m = match arg_map(args) {
            Ok(m) => m,
            Err(r) => return r,
        };
        let path = match m.and_then(|m| m.get("filename")) {
            Some(Value::String(f)) => PathBuf::from(f),
            Some(_) => return Response::error("Argument 'filename' is not a string"),
            None => match &self.config_path {
                Some(p) => p.clone(),
                None => {
                    return Response::error(
                        "Unable to determine filename. Please specify filename explicitly.",
                    )
                }
            },
        };
        let text = match serde_json::to_string_pretty(&self.cfg.effective) {
            Ok(t) => t,
            Err(e) => return Response::error(format!("Error during config-write: {e}")),
        };
        match std::fs::write(&path, text.as_bytes()) {
            Ok(()) => Response::new(
                0,
                format!("Configuration written to {} successful", path.display()),
                Some(json!({"filename": path.display().to_string(), "size": text.len()})),
            ),
            Err(e) => Response::error(format!(
                "Error during config-write: Unable to open file {} for writing: {e}",
                path.display()
            )),
        }
    }

    /// Re-reads the `-c` file and applies it.
    pub(super) fn config_reload(&mut self, ctx: &mut Context<Self>) -> Reply {
        let Some(path) = self.config_path.clone() else {
            return ready(Response::error(
                "Config reload failed: no configuration file",
            ));
        };
        match crate::config::load_dhcp4_file(&path) {
            Ok(cfg) => self.apply_config(cfg, ctx),
            Err(e) => {
                error!(
                    "DHCP4_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
                    path.display()
                );
                ready(Response::error(format!("Config reload failed: {e}")))
            }
        }
    }

    /// Applies a validated configuration: reopens the lease store when its
    /// parameters changed, swaps the server logic, moves the control socket,
    /// recounts statistics. Anything failing leaves the old configuration running.
    pub(super) fn apply_config(&mut self, new: Dhcp4Config, _ctx: &mut Context<Self>) -> Reply {
        let ifaces = match interfaces::resolve(&new.interfaces.interfaces) {
            Ok(i) => i,
            Err(e) if new.interfaces.require_all => return ready(Response::error(e.to_string())),
            Err(e) => {
                error!("DHCP4_OPEN_SOCKETS_FAILED {e}");
                Vec::new()
            }
        };
        let store = if new.lease_database == self.cfg.lease_database {
            self.store.clone()
        } else {
            match LeaseBackend::open(&new.lease_database) {
                Ok(s) => Arc::new(s),
                Err(e) => {
                    error!("DHCP4_CONFIG_UNRECOVERABLE_ERROR lease database: {e}");
                    return ready(Response::error(format!("Unable to open database: {e}")));
                }
            }
        };
        let new_control = match (&new.control_socket, &self.cfg.control_socket) {
            (Some(n), Some(o)) if n == o => None,
            (Some(n), _) => match Control::bind(&n.socket_name, _ctx.address().recipient()) {
                Ok(c) => Some(Some(c)),
                Err(e) => return ready(Response::error(format!("control socket: {e}"))),
            },
            (None, _) => Some(None),
        };
        let new = Arc::new(new);
        let direct = new.interfaces.socket_type == SocketType::Raw;
        let server = Arc::new(Dhcp4Server::new(
            new.clone(),
            store.clone(),
            self.stats.clone(),
            self.ports,
            direct,
        ));
        self.listener.set_server.do_send(SetServer {
            server: server.clone(),
            interfaces: ifaces,
        });
        if let Some(c) = new_control {
            if let Some(old) = self.control.take() {
                old.do_send(StopControl);
            }
            self.control = c.map(Actor::start);
        }
        self.cfg = new;
        if !Arc::ptr_eq(&self.store, &store) {
            // A new lease database: its own connection actor, the old one stops.
            let lfc = match &self.cfg.lease_database {
                LeaseDatabase::Memfile {
                    persist: true,
                    lfc_interval,
                    ..
                } => *lfc_interval,
                LeaseDatabase::Memfile { .. } | LeaseDatabase::Sql(_) => 0,
            };
            let me = _ctx.address().recipient();
            let old = std::mem::replace(
                &mut self.backend,
                BackendConn::new(BackendId::Lease, store.clone(), lfc, me).start(),
            );
            old.do_send(StopBackend);
        }
        self.store = store;
        self.server = server;
        self.reloaded_at = std::time::Instant::now();
        self.stats
            .set_max_samples(self.cfg.statistic_sample_count as usize);
        self.start_timers(_ctx);
        let store = self.store.clone();
        let cfg = self.cfg.clone();
        let stats = self.stats.clone();
        Box::pin(
            async move { lease_stats::recount(&*store, &cfg, &stats).await }
                .into_actor(self)
                .map(|r, _, _| match r {
                    Ok(()) => {
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
