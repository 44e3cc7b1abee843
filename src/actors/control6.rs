//! `Control6Router`: answers the control-socket commands of ruru-dhcp6 (the
//! shared `Control` actor forwards each `ControlRequest` here). Handlers are
//! the shared ones (`commands::statistic`, `commands::lease6`, the service
//! state of the supervisor); only the routing is DHCPv6's.
//!
//! Interim: the Supervisor is typed on the DHCPv4 configuration and store;
//! once it is generic over the family this router becomes its v6 route table.
//! config-set / config-reload (and SIGHUP) swap the server logic in the
//! listener; the lease store and server DUID stay.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use actix::prelude::*;
use log::{error, info};
use serde_json::{json, Value};

use crate::actors::control::ControlRequest;
use crate::actors::listener6::interfaces;
use crate::actors::listener6::{Dhcp6Listener, Server6};
use crate::actors::messages::{Pause, Resume, SetServer6, Shutdown};
use crate::actors::supervisor::service_state::{DisableOrigin, ServiceState};
use crate::commands::protocol::Response;
use crate::commands::{lease6, statistic};
use crate::config::model6::Dhcp6Config;
use crate::dhcp::v6::Dhcp6Server;
use crate::stats::{subnet_stat, Stats};

/// Every command ruru-dhcp6 answers, sorted.
pub const COMMANDS_V6: &[&str] = &[
    "build-report",
    "config-get",
    "config-reload",
    "config-set",
    "config-test",
    "config-write",
    "dhcp-disable",
    "dhcp-enable",
    "lease6-add",
    "lease6-bulk-apply",
    "lease6-del",
    "lease6-get",
    "lease6-get-all",
    "lease6-get-by-duid",
    "lease6-update",
    "lease6-wipe",
    "leases-reclaim",
    "list-commands",
    "server-tag-get",
    "shutdown",
    "statistic-get",
    "statistic-get-all",
    "statistic-remove",
    "statistic-remove-all",
    "statistic-reset",
    "statistic-reset-all",
    "statistic-sample-count-set",
    "statistic-sample-count-set-all",
    "status-get",
    "version-get",
];

/// The DHCPv6 command router actor.
pub struct Control6Router {
    cfg: Arc<Dhcp6Config>,
    server: Arc<Server6>,
    stats: Arc<Stats>,
    listener: Addr<Dhcp6Listener>,
    config_path: Option<PathBuf>,
    service: ServiceState,
    started_at: Instant,
    reloaded_at: Instant,
}

/// SIGHUP -> router: re-read the `-c` file and apply it (Kea's reload).
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct ReloadConfig6;

impl Control6Router {
    /// A router over the running server, its statistics and listener.
    pub fn new(
        cfg: Arc<Dhcp6Config>,
        server: Arc<Server6>,
        stats: Arc<Stats>,
        listener: Addr<Dhcp6Listener>,
        config_path: Option<PathBuf>,
    ) -> Self {
        Self {
            cfg,
            server,
            stats,
            listener,
            config_path,
            service: ServiceState::default(),
            started_at: Instant::now(),
            reloaded_at: Instant::now(),
        }
    }

    /// Runs `new` from now on: same lease store and server DUID, new subnets,
    /// options and interfaces. Changing the lease database needs a restart.
    fn apply(&mut self, new: Dhcp6Config) -> Response {
        if new.lease_database != self.cfg.lease_database {
            return Response::error(
                "changing the lease-database of a running ruru-dhcp6 is not supported yet: restart the server",
            );
        }
        let ifaces = match interfaces::resolve(&new.interfaces.interfaces) {
            Ok(i) => i,
            Err(e) => return Response::error(e.to_string()),
        };
        let cfg = Arc::new(new);
        let server = Arc::new(Dhcp6Server::new(
            cfg.clone(),
            self.server.engine().store().clone(),
            self.stats.clone(),
            self.server.server_duid().to_vec(),
        ));
        let clamp = |v: u128| i64::try_from(v).unwrap_or(i64::MAX);
        for s in &cfg.subnets {
            self.stats
                .set(&subnet_stat(s.id, "total-nas"), clamp(s.total_nas()));
            self.stats
                .set(&subnet_stat(s.id, "total-pds"), clamp(s.total_pds()));
        }
        self.listener.do_send(SetServer6 {
            server: server.clone(),
            interfaces: ifaces,
        });
        self.cfg = cfg;
        self.server = server;
        self.reloaded_at = Instant::now();
        info!("DHCP6_CONFIG_COMPLETE DHCPv6 server has completed configuration");
        Response::success("Configuration successful.")
    }

    fn reload(&mut self) -> Response {
        let Some(path) = self.config_path.clone() else {
            return Response::error("Config reload failed: no configuration file.");
        };
        match crate::config::load_dhcp6_file(&path) {
            Ok(c) => self.apply(c),
            Err(e) => {
                error!(
                    "DHCP6_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
                    path.display()
                );
                Response::error(format!("Config reload failed: {e}"))
            }
        }
    }

    fn config_write(&self, args: Option<&Value>) -> Response {
        let named = match args.and_then(|a| a.get("filename")) {
            Some(Value::String(f)) if !f.is_empty() => Some(PathBuf::from(f)),
            Some(Value::String(_)) | None => None,
            Some(_) => return Response::error("passed parameter 'filename' is not a string"),
        };
        let Some(path) = named.or_else(|| self.config_path.clone()) else {
            return Response::error(
                "Unable to determine filename.Please specify filename explicitly.",
            );
        };
        let text = match serde_json::to_string_pretty(&self.cfg.effective) {
            Ok(t) => t,
            Err(e) => return Response::error(format!("Error during write-config:{e}")),
        };
        match std::fs::write(&path, text.as_bytes()) {
            Ok(()) => Response::new(
                0,
                format!("Configuration written to {} successful", path.display()),
                Some(json!({"filename": path.display().to_string(), "size": text.len()})),
            ),
            Err(_) => Response::error(format!(
                "Error during write-config:Unable to open file {} for writing",
                path.display()
            )),
        }
    }

    fn apply_service_state(&self) {
        if self.service.enabled() {
            self.listener.do_send(Resume);
        } else {
            self.listener.do_send(Pause);
        }
    }
}

impl Actor for Control6Router {
    type Context = Context<Self>;
}

impl Handler<ReloadConfig6> for Control6Router {
    type Result = ();
    fn handle(&mut self, _: ReloadConfig6, _: &mut Self::Context) {
        let r = self.reload();
        if r.result != 0 {
            error!(
                "DHCP6_DYNAMIC_RECONFIGURATION_FAIL {}",
                r.text.unwrap_or_default()
            );
        }
    }
}

/// `config-set` / `config-test` arguments: a map holding a `Dhcp6` map.
fn config_args(args: Option<&Value>) -> Result<&Value, Response> {
    let Some(args) = args else {
        return Err(Response::error("Missing mandatory 'arguments' parameter."));
    };
    match args.get("Dhcp6") {
        None => Err(Response::error("Missing mandatory 'Dhcp6' parameter.")),
        Some(Value::Object(_)) => Ok(args),
        Some(_) => Err(Response::error("'Dhcp6' parameter expected to be a map.")),
    }
}

type Reply = ResponseActFuture<Control6Router, Response>;

fn ready(r: Response) -> Reply {
    Box::pin(actix::fut::ready(r))
}

impl Handler<ControlRequest> for Control6Router {
    type Result = Reply;

    fn handle(&mut self, msg: ControlRequest, _ctx: &mut Self::Context) -> Reply {
        let req = msg.request;
        let args = req.arguments.clone();
        let store = self.server.engine().store().clone();
        let cfg = self.cfg.clone();
        let stats = self.stats.clone();
        let server = self.server.clone();
        macro_rules! later {
            ($f:expr) => {
                Box::pin(async move { $f }.into_actor(self))
            };
        }
        match req.command.as_str() {
            "list-commands" => ready(Response::success_args(json!(COMMANDS_V6))),
            "version-get" => ready(Response::new(
                0,
                crate::VERSION,
                Some(json!({"extended": format!(
                    "{}\nruru-dhcp6 (Kea 2.2 compatible)\ndatabase:\nMemfile backend",
                    crate::VERSION
                )})),
            )),
            "build-report" => ready(Response::success(format!(
                "ruru-dhcp6 {}\nKea compatibility: 2.2\nlease backends: memfile",
                crate::VERSION
            ))),
            "server-tag-get" => ready(Response::success_args(
                json!({"server-tag": self.cfg.server_tag}),
            )),
            "status-get" => ready(Response::success_args(json!({
                "pid": std::process::id(),
                "uptime": self.started_at.elapsed().as_secs(),
                "reload": self.reloaded_at.elapsed().as_secs(),
                "multi-threading-enabled": false,
                "sockets": {"status": "ready"},
                "dhcp-state": self.service.to_json(),
            }))),
            "config-get" => ready(Response::success_args(self.cfg.effective.clone())),
            "config-test" => ready(match config_args(args.as_ref()) {
                Err(r) => r,
                Ok(a) => match crate::config::parse_dhcp6_value(a) {
                    Ok(_) => Response::success(
                        "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.",
                    ),
                    Err(e) => Response::error(e.to_string()),
                },
            }),
            "config-set" => ready(match config_args(args.as_ref()) {
                Err(r) => r,
                Ok(a) => match crate::config::parse_dhcp6_value(a) {
                    Ok(new) => self.apply(new),
                    Err(e) => {
                        error!("DHCP6_CONFIG_LOAD_FAIL configuration error using command: {e}");
                        Response::error(e.to_string())
                    }
                },
            }),
            "config-reload" => ready(self.reload()),
            "config-write" => ready(self.config_write(args.as_ref())),
            "shutdown" => {
                let listener = self.listener.clone();
                actix::spawn(async move {
                    let _ = listener.send(Shutdown).await;
                    System::current().stop_with_code(0);
                });
                ready(Response::success("Shutting down."))
            }
            "dhcp-disable" => {
                if self.service.disable(DisableOrigin::User) {
                    self.apply_service_state();
                }
                info!("DHCP6_DHCP_DISABLED DHCP service is disabled by command");
                ready(Response::success("DHCPv6 service disabled"))
            }
            "dhcp-enable" => {
                if self.service.enable(&DisableOrigin::User) {
                    self.apply_service_state();
                }
                info!("DHCP6_DHCP_ENABLED DHCP service is enabled by command");
                ready(Response::success("DHCP service successfully enabled"))
            }
            "leases-reclaim" => later!({
                let now = chrono::Utc::now().timestamp();
                match server.engine().reclaim_expired(now, 0).await {
                    Ok(_) => Response::success("Reclamation of expired leases is complete."),
                    Err(e) => Response::error(format!("Reclamation of expired leases failed: {e}")),
                }
            }),
            "lease6-get" => later!(lease6::lease6_get(&*store, args.as_ref()).await),
            "lease6-get-all" => later!(lease6::lease6_get_all(&*store, args.as_ref()).await),
            "lease6-get-by-duid" => later!(lease6::lease6_get_by_duid(&*store, args.as_ref()).await),
            "lease6-add" => later!(lease6::lease6_add(&*store, &cfg, &stats, args.as_ref()).await),
            "lease6-update" => {
                later!(lease6::lease6_update(&*store, &cfg, &stats, args.as_ref()).await)
            }
            "lease6-del" => later!(lease6::lease6_del(&*store, &stats, args.as_ref()).await),
            "lease6-wipe" => later!(lease6::lease6_wipe(&*store, &cfg, &stats, args.as_ref()).await),
            "lease6-bulk-apply" => {
                later!(lease6::lease6_bulk_apply(&*store, &cfg, &stats, args.as_ref()).await)
            }
            "statistic-get" => ready(statistic::statistic_get(&self.stats, args.as_ref())),
            "statistic-get-all" => ready(statistic::statistic_get_all(&self.stats, args.as_ref())),
            "statistic-reset" => ready(statistic::statistic_reset(&self.stats, args.as_ref())),
            "statistic-reset-all" => {
                ready(statistic::statistic_reset_all(&self.stats, args.as_ref()))
            }
            "statistic-remove" => ready(statistic::statistic_remove(&self.stats, args.as_ref())),
            "statistic-remove-all" => {
                ready(statistic::statistic_remove_all(&self.stats, args.as_ref()))
            }
            "statistic-sample-count-set" => ready(statistic::statistic_sample_count_set(
                &self.stats,
                args.as_ref(),
            )),
            "statistic-sample-count-set-all" => ready(statistic::statistic_sample_count_set_all(
                &self.stats,
                args.as_ref(),
            )),
            other => ready(Response::unsupported(other)),
        }
    }
}
