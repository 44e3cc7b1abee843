//! Command routing and the server-level commands (config-*, shutdown, dhcp-*,
//! status-get, ...). Lease and statistic commands live in `crate::commands`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use log::{error, info};
use serde_json::{json, Value};

use crate::actors::backend::BackendConn;
use crate::actors::backend::{hosts_registration, lease_registration};
use crate::actors::control::{Control, StopControl};
use crate::actors::listener::interfaces;
use crate::actors::messages::SetServer;
use crate::actors::messages::{BackendId, StopBackend};
use crate::backends::host_backend::HostBackend;
use crate::backends::lease_backend::LeaseBackend;
use crate::commands::protocol::{Request, Response};
use crate::commands::{lease4, reservation, statistic, COMMANDS_V4};
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

/// The arguments as a map; anything else is refused with `not_map` (each Kea
/// command has its own words for it).
fn arg_map<'a>(
    args: Option<&'a Value>,
    not_map: &str,
) -> Result<Option<&'a serde_json::Map<String, Value>>, Response> {
    match args {
        None => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(Response::error(not_map)),
    }
}

/// What Kea answers when a command looks a key up in non-map arguments (its
/// `Element::get` throws; Kea also appends the wire position, which ruru does
/// not track).
const NON_MAP_LOOKUP: &str =
    "Error during command processing: get(string) called on a non-map Element";

/// Kea's text for non-map arguments of `shutdown` and `config-write`.
const ARGUMENT_MUST_BE_A_MAP: &str = "Argument must be a map";

/// Checks the arguments of `config-set` / `config-test` in Kea's order: present,
/// a map, holding a `Dhcp4` map and nothing else (every other key named, sorted).
fn check_config_args(args: Option<&Value>) -> Result<&Value, Response> {
    let Some(args) = args else {
        return Err(Response::error("Missing mandatory 'arguments' parameter."));
    };
    let Value::Object(m) = args else {
        return Err(Response::error(NON_MAP_LOOKUP));
    };
    match m.get("Dhcp4") {
        None => return Err(Response::error("Missing mandatory 'Dhcp4' parameter.")),
        Some(Value::Object(_)) => {}
        Some(_) => return Err(Response::error("'Dhcp4' parameter expected to be a map.")),
    }
    let mut others: Vec<&String> = m.keys().filter(|k| *k != "Dhcp4").collect();
    others.sort();
    if let Some((first, rest)) = others.split_first() {
        let mut message = format!("Unsupported '{first}' parameter");
        for k in rest {
            message.push_str(&format!(" (and '{k}')"));
        }
        message.push('.');
        return Err(Response::error(message));
    }
    Ok(args)
}

/// Parses the `origin` of `dhcp-disable` / `dhcp-enable`; `Err` holds Kea's text.
fn parse_origin(v: Option<&Value>) -> Result<DisableOrigin, String> {
    match v {
        None => Ok(DisableOrigin::User),
        Some(Value::String(o)) => match o.as_str() {
            "user" => Ok(DisableOrigin::User),
            "ha-partner" => Ok(DisableOrigin::HaPartner),
            "" => Err("invalid value used for 'origin' parameter: (empty string)".into()),
            o => Err(format!("invalid value used for 'origin' parameter: {o}")),
        },
        Some(_) => Err("'origin' argument must be a string".into()),
    }
}

impl Supervisor {
    /// Routes one command.
    pub(super) fn route(&mut self, req: Request, ctx: &mut Context<Self>) -> Reply {
        let args = req.arguments.clone();
        let store = self.store.clone();
        let cfg = self.cfg.clone();
        let stats = self.stats.clone();
        // A lease command that failed may have met a dead database: the lease
        // database is probed then, so command traffic alone notices a loss
        // (the probe reports it like a packet's failure would).
        macro_rules! lease_cmd {
            ($f:expr) => {
                Box::pin(
                    async move { $f }
                        .into_actor(self)
                        .map(|resp: Response, act, ctx| {
                            if resp.result == crate::commands::protocol::ERROR {
                                act.probe_lease_database(ctx);
                            }
                            resp
                        }),
                )
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
                // Kea's shape: the short version on the first line, then details.
                Some(json!({"extended": format!(
                    "{}\nruru-dhcp4 (Kea 2.2 compatible)\ndatabase:\nMemfile backend",
                    crate::VERSION
                )})),
            )),
            "build-report" => ready(Response::success(format!(
                "ruru-dhcp4 {}\nKea compatibility: 2.2\nlease backends: memfile, postgresql, mysql\nbuilt with rustc, actix, dhcp wire codec: ruru",
                crate::VERSION
            ))),
            "server-tag-get" => ready(Response::success_args(json!({"server-tag": self.cfg.server_tag}))),
            "status-get" => ready(self.status_get()),
            "config-get" => ready(Response::success_args(self.cfg.effective.clone())),
            "config-hash-get" => ready(Response::success_args(json!({
                "hash": config_hash(&self.cfg.effective),
            }))),
            "config-test" => ready(
                match check_config_args(args.as_ref()).map(crate::config::parse_dhcp4_value) {
                    Err(r) => r,
                    Ok(Ok(_)) => Response::success(
                        "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.",
                    ),
                    Ok(Err(e)) => Response::error(e.to_string()),
                },
            ),
            "config-set" => {
                match check_config_args(args.as_ref()).map(crate::config::parse_dhcp4_value) {
                    Err(r) => ready(r),
                    Ok(Err(e)) => {
                        error!("DHCP4_CONFIG_LOAD_FAIL configuration error using command: {e}");
                        ready(Response::error(e.to_string()))
                    }
                    Ok(Ok(new)) => self.apply_config(new, ctx),
                }
            }
            "config-reload" => self.config_reload(ctx),
            "config-write" => ready(self.config_write(args.as_ref())),
            "shutdown" => {
                let code = match arg_map(args.as_ref(), ARGUMENT_MUST_BE_A_MAP) {
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
                let remove = match arg_map(args.as_ref(), NON_MAP_LOOKUP) {
                    Err(r) => return ready(r),
                    Ok(None) => return ready(Response::error("Missing mandatory 'remove' parameter.")),
                    Ok(Some(m)) => match m.get("remove") {
                        None => return ready(Response::error("Missing mandatory 'remove' parameter.")),
                        Some(Value::Bool(b)) => *b,
                        Some(_) => {
                            return ready(Response::error(
                                "'remove' parameter expected to be a boolean.",
                            ))
                        }
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
            "reservation-add" | "reservation-get" | "reservation-del" | "reservation-get-all"
            | "reservation-get-page" | "reservation-get-by-hostname" | "reservation-get-by-id" => {
                let dbs = self.server.engine().host_dbs().to_vec();
                let name = req.command.clone();
                lease_cmd!({
                    let a = args.as_ref();
                    match name.as_str() {
                        "reservation-add" => reservation::reservation_add(&cfg, &dbs, a).await,
                        "reservation-get" => reservation::reservation_get(&cfg, &dbs, a).await,
                        "reservation-del" => reservation::reservation_del(&dbs, a).await,
                        "reservation-get-all" => reservation::reservation_get_all(&cfg, &dbs, a).await,
                        "reservation-get-page" => reservation::reservation_get_page(&cfg, &dbs, a).await,
                        "reservation-get-by-hostname" => reservation::reservation_get_by_hostname(&cfg, &dbs, a).await,
                        _ => reservation::reservation_get_by_id(&cfg, &dbs, a).await,
                    }
                })
            }
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

    /// Kea 2.2's fields (`thread-pool-size` and `packet-queue-size` only exist
    /// with multi-threading, which ruru does not run) plus ruru's `dhcp-state`
    /// (as Kea 3.0) and `backends`.
    fn status_get(&self) -> Response {
        Response::success_args(json!({
            "pid": std::process::id(),
            "uptime": self.started_at.elapsed().as_secs(),
            "reload": self.reloaded_at.elapsed().as_secs(),
            "multi-threading-enabled": false,
            "sockets": {"status": "ready"},
            "dhcp-state": self.service.to_json(),
            "backends": self.backends_json(),
        }))
    }

    /// `dhcp-disable`: Kea checks every argument and reports all problems in one
    /// text before changing anything.
    fn dhcp_disable(&mut self, args: Option<&Value>, ctx: &mut Context<Self>) -> Response {
        let m = match arg_map(
            args,
            "arguments for the 'dhcp-disable' command must be a map",
        ) {
            Ok(m) => m,
            Err(r) => return r,
        };
        let mut problems = String::new();
        let mut max_period = None;
        if let Some(v) = m.and_then(|m| m.get("max-period")) {
            match v.as_i64() {
                Some(p) if p > 0 => max_period = u64::try_from(p).ok(),
                Some(_) => problems.push_str("'max-period' must be positive integer"),
                None => problems.push_str("'max-period' argument must be a number"),
            }
        }
        let origin = match parse_origin(m.and_then(|m| m.get("origin"))) {
            Ok(o) => o,
            Err(e) => {
                problems.push_str(&e);
                DisableOrigin::User
            }
        };
        if !problems.is_empty() {
            return Response::error(problems);
        }
        if self.service.disable(origin.clone()) {
            self.apply_service_state();
        }
        if let Some(h) = self.user_disable_timer.take() {
            ctx.cancel_future(h);
        }
        let mut text = String::from("DHCPv4 service disabled");
        if let Some(p) = max_period {
            text.push_str(&format!(" for {p} seconds"));
            self.user_disable_timer = Some(ctx.run_later(Duration::from_secs(p), move |act, _| {
                info!("DHCP4_DHCP_ENABLE_TIMEOUT re-enabling DHCP service after max-period of {p} seconds");
                if act.service.enable(&origin) {
                    act.apply_service_state();
                }
            }));
        }
        info!("DHCP4_DHCP_DISABLED DHCP service is disabled by command");
        Response::success(text)
    }

    fn dhcp_enable(&mut self, args: Option<&Value>, ctx: &mut Context<Self>) -> Response {
        let m = match arg_map(
            args,
            "arguments for the 'dhcp-enable' command must be a map",
        ) {
            Ok(m) => m,
            Err(r) => return r,
        };
        let origin = match parse_origin(m.and_then(|m| m.get("origin"))) {
            Ok(o) => o,
            Err(e) => return Response::error(e),
        };
        if let Some(h) = self.user_disable_timer.take() {
            ctx.cancel_future(h);
        }
        if self.service.enable(&origin) {
            self.apply_service_state();
        }
        info!("DHCP4_DHCP_ENABLED DHCP service is enabled by command");
        Response::success("DHCP service successfully enabled")
    }

    /// `config-write`: the running configuration to `filename` or, when absent
    /// or empty, to the `-c` file.
    fn config_write(&self, args: Option<&Value>) -> Response {
        let m = match arg_map(args, ARGUMENT_MUST_BE_A_MAP) {
            Ok(m) => m,
            Err(r) => return r,
        };
        let named = match m.and_then(|m| m.get("filename")) {
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
            Err(e) => {
                error!("config-write to {}: {e}", path.display());
                Response::error(format!(
                    "Error during write-config:Unable to open file {} for writing",
                    path.display()
                ))
            }
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
                ready(Response::error(format!(
                    "Config reload failed: configuration error using file '{}': {e}",
                    path.display()
                )))
            }
        }
    }

    /// Applies a validated configuration. A new lease database is opened
    /// asynchronously (the actor keeps answering); when it cannot be opened the
    /// answer is result 1, `DHCP4_CONFIG_UNRECOVERABLE_ERROR` is logged and the
    /// service is disabled (origin: config failure) until a later good
    /// configuration: the process stays up and keeps answering commands, but
    /// serves no clients, as Kea documents. Otherwise the new server logic, control
    /// socket and statistics are committed.
    pub(super) fn apply_config(&mut self, new: Dhcp4Config, _ctx: &mut Context<Self>) -> Reply {
        let ifaces = match interfaces::resolve(&new.interfaces.interfaces) {
            Ok(i) => i,
            Err(e) if new.interfaces.require_all => return ready(Response::error(e.to_string())),
            Err(e) => {
                error!("DHCP4_OPEN_SOCKETS_FAILED {e}");
                Vec::new()
            }
        };
        let config_failed = self.service.has(&DisableOrigin::ConfigFailed);
        let lease_same = new.lease_database == self.cfg.lease_database && !config_failed;
        let hosts_same = new.hosts_databases == self.cfg.hosts_databases && !config_failed;
        let old_hosts = self.server.engine().host_dbs().to_vec();
        if lease_same && hosts_same {
            let store = self.store.clone();
            return self.commit_config(new, store, old_hosts, ifaces, _ctx);
        }
        let lease_db = (!lease_same).then(|| new.lease_database.clone());
        let hosts_dbs = (!hosts_same).then(|| new.hosts_databases.clone());
        let old_store = self.store.clone();
        Box::pin(
            async move {
                let store = match lease_db {
                    Some(db) => Arc::new(
                        LeaseBackend::open_async(&db)
                            .await
                            .map_err(|e| ("lease database".to_string(), e.to_string()))?,
                    ),
                    None => old_store,
                };
                let hosts = match hosts_dbs {
                    Some(list) => {
                        let mut opened = Vec::with_capacity(list.len());
                        for (i, db) in list.iter().enumerate() {
                            let h = HostBackend::open(db)
                                .await
                                .map_err(|e| (format!("hosts database {i}"), e.to_string()))?;
                            opened.push(Arc::new(h));
                        }
                        opened
                    }
                    None => old_hosts,
                };
                Ok::<_, (String, String)>((store, hosts))
            }
            .into_actor(self)
            .then(move |opened, act, ctx| match opened {
                Ok((store, hosts)) => act.commit_config(new, store, hosts, ifaces, ctx),
                Err((what, e)) => {
                    error!("DHCP4_CONFIG_UNRECOVERABLE_ERROR the server has failed to apply the new configuration and no longer serves clients: {what}: {e}");
                    // Any outage of the old backends is forgotten, as in a
                    // successful reconfiguration; service stays off until a
                    // good configuration arrives.
                    act.reset_recovery(ctx);
                    if act.service.disable(DisableOrigin::ConfigFailed) {
                        act.apply_service_state();
                    }
                    ready(Response::error(format!("Unable to open database: {e}")))
                }
            }),
        )
    }

    /// Commits a configuration whose lease store and hosts databases are open.
    fn commit_config(
        &mut self,
        new: Dhcp4Config,
        store: Arc<LeaseBackend>,
        hosts: Vec<Arc<HostBackend>>,
        ifaces: Vec<interfaces::ServedInterface>,
        _ctx: &mut Context<Self>,
    ) -> Reply {
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
        let old_hosts = self.server.engine().host_dbs();
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
            self.ports,
            direct,
        ));
        for l in &self.listeners {
            l.set_server.do_send(SetServer {
                server: server.clone(),
                interfaces: ifaces.clone(),
            });
        }
        if let Some(c) = new_control {
            if let Some(old) = self.control.take() {
                old.do_send(StopControl);
            }
            self.control = c.map(Actor::start);
        }
        self.cfg = new;
        // Kea recreates its database managers on every reconfiguration: any
        // outage, its timers and its service disable are forgotten.
        self.reset_recovery(_ctx);
        if self.service.enable(&DisableOrigin::ConfigFailed) {
            self.apply_service_state();
        }
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
            let conn = BackendConn::new(BackendId::Lease, store.clone(), lfc, me).start();
            let reg = lease_registration(&store, &self.cfg.lease_database, &conn);
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
            let cfg = self.cfg.clone();
            for (i, (h, db)) in hosts.iter().zip(&cfg.hosts_databases).enumerate() {
                let conn = BackendConn::hosts(i, h.clone(), me.clone()).start();
                self.register_backend(hosts_registration(i, h, db, &conn));
            }
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

/// `config-hash-get` (Kea 2.4+): upper-case hex SHA-256 of the configuration's
/// Kea JSON text.
fn config_hash(effective: &Value) -> String {
    sha256(crate::commands::to_kea_string(effective).as_bytes())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// SHA-256 (FIPS 180-4), enough for `config-hash-get` without another crate.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(d: &[u8]) -> String {
        sha256(d).iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_matches_the_fips_test_vectors() {
        assert_eq!(
            hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn config_arguments_are_checked_in_keas_order() {
        let text = |v: Value| {
            check_config_args(Some(&v))
                .expect_err("refused")
                .text
                .unwrap_or_default()
        };
        assert_eq!(text(json!({})), "Missing mandatory 'Dhcp4' parameter.");
        assert_eq!(
            text(json!({"Dhcp6": {}})),
            "Missing mandatory 'Dhcp4' parameter."
        );
        assert_eq!(
            text(json!({"Dhcp4": 5})),
            "'Dhcp4' parameter expected to be a map."
        );
        assert_eq!(
            text(json!({"Dhcp4": {}, "B": 1, "A": 2})),
            "Unsupported 'A' parameter (and 'B')."
        );
        assert_eq!(text(json!([1])), NON_MAP_LOOKUP);
        assert!(check_config_args(Some(&json!({"Dhcp4": {}}))).is_ok());
    }
}
