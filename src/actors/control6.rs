//! `Control6Router`: answers the control-socket commands of ruru-dhcp6 (the
//! shared `Control` actor forwards each `ControlRequest` here). Handlers are
//! the shared ones (`commands::statistic`, `commands::lease6`, the service
//! state of the supervisor); only the routing is DHCPv6's.
//!
//! Interim: the Supervisor is typed on the DHCPv4 configuration and store;
//! once it is generic over the family this router becomes its v6 route table.

use std::sync::Arc;
use std::time::Instant;

use actix::prelude::*;
use log::info;
use serde_json::json;

use crate::actors::control::ControlRequest;
use crate::actors::listener6::{Dhcp6Listener, Server6};
use crate::actors::messages::{Pause, Resume, Shutdown};
use crate::actors::supervisor::service_state::{DisableOrigin, ServiceState};
use crate::commands::protocol::Response;
use crate::commands::{lease6, statistic};
use crate::config::model6::Dhcp6Config;
use crate::stats::Stats;

/// Every command ruru-dhcp6 answers, sorted.
pub const COMMANDS_V6: &[&str] = &[
    "build-report",
    "config-get",
    "config-test",
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
    service: ServiceState,
    started_at: Instant,
}

impl Control6Router {
    /// A router over the running server, its statistics and listener.
    pub fn new(
        cfg: Arc<Dhcp6Config>,
        server: Arc<Server6>,
        stats: Arc<Stats>,
        listener: Addr<Dhcp6Listener>,
    ) -> Self {
        Self {
            cfg,
            server,
            stats,
            listener,
            service: ServiceState::default(),
            started_at: Instant::now(),
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
                "reload": self.started_at.elapsed().as_secs(),
                "multi-threading-enabled": false,
                "sockets": {"status": "ready"},
                "dhcp-state": self.service.to_json(),
            }))),
            "config-get" => ready(Response::success_args(self.cfg.effective.clone())),
            "config-test" => ready(match args.as_ref() {
                None => Response::error("Missing mandatory 'arguments' parameter."),
                Some(a) => match crate::config::parse_dhcp6_value(a) {
                    Ok(_) => Response::success(
                        "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.",
                    ),
                    Err(e) => Response::error(e.to_string()),
                },
            }),
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
