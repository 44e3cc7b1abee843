//! Command routing and the server-level commands (config-*, shutdown, dhcp-*,
//! status-get, ...), the same for both families. The family's lease commands
//! are routed in `family4` / `family6`; their handlers live in `crate::commands`.

use std::path::PathBuf;
use std::time::Duration;

use actix::prelude::*;
use log::{error, info};
use serde_json::{json, Value};

use crate::actors::control::{Control, StopControl};
use crate::commands::protocol::{Request, Response};
use crate::commands::{command_names, statistic, Command};
use crate::config::model::ControlSocket;

use super::family::{Family, NewConfig, BUILT_LEASE_BACKENDS};
use super::handlers::ShutdownServer;
use super::service_state::DisableOrigin;
use super::Supervisor;

/// A command's answer, possibly after async work.
pub(super) type Reply = ResponseActFuture<Supervisor, Response>;

/// An answer known at once.
pub(super) fn ready(r: Response) -> Reply {
    Box::pin(actix::fut::ready(r))
}

/// The arguments as a map; anything else is refused with `not_map` (each Kea
/// command has its own words for it).
pub(super) fn arg_map<'a>(
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
pub(super) const NON_MAP_LOOKUP: &str =
    "Error during command processing: get(string) called on a non-map Element";

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

/// Kea's text for non-map arguments of `shutdown` and `config-write`.
const ARGUMENT_MUST_BE_A_MAP: &str = "Argument must be a map";

/// Checks the arguments of `config-set` / `config-test` in Kea's order: present,
/// a map, holding a `key` (`Dhcp4`, `Dhcp6`) map and nothing else (every other
/// key named, sorted).
fn check_config_args<'a>(args: Option<&'a Value>, key: &str) -> Result<&'a Value, Response> {
    let Some(args) = args else {
        return Err(Response::error("Missing mandatory 'arguments' parameter."));
    };
    let Value::Object(m) = args else {
        return Err(Response::error(NON_MAP_LOOKUP));
    };
    match m.get(key) {
        None => {
            return Err(Response::error(format!(
                "Missing mandatory '{key}' parameter."
            )))
        }
        Some(Value::Object(_)) => {}
        Some(_) => {
            return Err(Response::error(format!(
                "'{key}' parameter expected to be a map."
            )))
        }
    }
    let mut others: Vec<&String> = m.keys().filter(|k| *k != key).collect();
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
    /// Runs a lease command's future. A lease command that failed may have met
    /// a dead database: the lease database is probed then, so command traffic
    /// alone notices a loss (the probe reports it like a packet's failure would).
    pub(super) fn lease_cmd<F>(&mut self, f: F) -> Reply
    where
        F: std::future::Future<Output = Response> + 'static,
    {
        Box::pin(f.into_actor(self).map(|resp: Response, act, ctx| {
            if resp.result == crate::commands::protocol::ERROR {
                act.probe_lease_database(ctx);
            }
            resp
        }))
    }

    /// Parses a configuration of the family served.
    fn parse_config(&self, v: &Value) -> Result<NewConfig, String> {
        match self.family {
            Family::V4(_) => crate::config::parse_dhcp4_value(v)
                .map(NewConfig::V4)
                .map_err(|e| e.to_string()),
            Family::V6(_) => crate::config::parse_dhcp6_value(v)
                .map(NewConfig::V6)
                .map_err(|e| e.to_string()),
        }
    }

    /// Routes one command of the command table (`commands::table`): the
    /// server-level ones here, the family's lease and reservation commands in
    /// `family4` / `family6`; a name the table does not give this family is
    /// answered "not supported" (result 2).
    pub(super) fn route(&mut self, req: Request, ctx: &mut Context<Self>) -> Reply {
        let args = req.arguments.clone();
        let key = self.family.config_key();
        let family = self.family.server_family();
        let Some(command) = Command::parse(&req.command, family) else {
            return ready(Response::unsupported(&req.command));
        };
        match command {
            Command::ListCommands => ready(Response::success_args(json!(command_names(family)))),
            Command::VersionGet => ready(Response::new(
                0,
                crate::VERSION,
                // Kea's shape: the short version on the first line, then
                // details; `database:` lists the backends built in.
                Some(json!({"extended": format!(
                    "{}\n{} (Kea 2.2 compatible)\ndatabase:\n{}\nlease backend in use: {}",
                    crate::VERSION,
                    self.family.program(),
                    BUILT_LEASE_BACKENDS.map(|(_, name)| name).join("\n"),
                    self.family.lease_backend_kind()
                )})),
            )),
            Command::BuildReport => ready(Response::success(format!(
                "{} {}\nKea compatibility: 2.2\nlease backends: {}\nlease backend in use: {}\nbuilt with rustc, actix, dhcp wire codec: ruru",
                self.family.program(),
                crate::VERSION,
                BUILT_LEASE_BACKENDS.map(|(kind, _)| kind).join(", "),
                self.family.lease_backend_kind()
            ))),
            Command::ConfigBackendPull => self.poll_once(ctx),
            Command::ServerTagGet => ready(Response::success_args(json!({"server-tag": self.family.server_tag()}))),
            Command::StatusGet => ready(self.status_get()),
            Command::ConfigGet => ready(Response::success_args(self.family.effective().clone())),
            Command::ConfigHashGet => ready(Response::success_args(json!({
                "hash": config_hash(self.family.effective()),
            }))),
            Command::ConfigTest => ready(
                match check_config_args(args.as_ref(), key).map(|a| self.parse_config(a)) {
                    Err(r) => r,
                    Ok(Ok(_)) => Response::success(
                        "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.",
                    ),
                    Ok(Err(e)) => Response::error(e),
                },
            ),
            Command::ConfigSet => {
                match check_config_args(args.as_ref(), key).map(|a| self.parse_config(a)) {
                    Err(r) => ready(r),
                    Ok(Err(e)) => {
                        error!("{}_CONFIG_LOAD_FAIL configuration error using command: {e}", self.log());
                        ready(Response::error(e))
                    }
                    Ok(Ok(new)) => self.apply_config(new, ctx),
                }
            }
            Command::ConfigReload => self.config_reload(ctx),
            Command::ConfigWrite => ready(self.config_write(args.as_ref())),
            Command::Shutdown => {
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
            Command::DhcpDisable => ready(self.dhcp_disable(args.as_ref(), ctx)),
            Command::DhcpEnable => ready(self.dhcp_enable(args.as_ref(), ctx)),
            Command::StatisticGet => ready(statistic::statistic_get(&self.stats, args.as_ref())),
            Command::StatisticGetAll => ready(statistic::statistic_get_all(&self.stats, args.as_ref())),
            Command::StatisticReset => ready(statistic::statistic_reset(&self.stats, args.as_ref())),
            Command::StatisticResetAll => ready(statistic::statistic_reset_all(&self.stats, args.as_ref())),
            Command::StatisticRemove => ready(statistic::statistic_remove(&self.stats, args.as_ref())),
            Command::StatisticRemoveAll => ready(statistic::statistic_remove_all(&self.stats, args.as_ref())),
            Command::StatisticSampleCountSet => ready(statistic::statistic_sample_count_set(&self.stats, args.as_ref())),
            Command::StatisticSampleCountSetAll => ready(statistic::statistic_sample_count_set_all(&self.stats, args.as_ref())),
            // The family's lease and reservation commands.
            Command::LeasesReclaim
            | Command::Lease4Add
            | Command::Lease4Del
            | Command::Lease4Get
            | Command::Lease4GetAll
            | Command::Lease4GetByClientId
            | Command::Lease4GetByHostname
            | Command::Lease4GetByHwAddress
            | Command::Lease4GetPage
            | Command::Lease4Update
            | Command::Lease4Wipe
            | Command::Lease6Add
            | Command::Lease6BulkApply
            | Command::Lease6Del
            | Command::Lease6Get
            | Command::Lease6GetAll
            | Command::Lease6GetByDuid
            | Command::Lease6Update
            | Command::Lease6Wipe
            | Command::ReservationAdd
            | Command::ReservationDel
            | Command::ReservationGet
            | Command::ReservationGetAll
            | Command::ReservationGetByHostname
            | Command::ReservationGetById
            | Command::ReservationGetPage => match self.family.clone() {
                Family::V4(f) => self.route4(f, command, req),
                Family::V6(f) => self.route6(f, command, req),
            },
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
        let mut text = format!("{} service disabled", self.family.service_name());
        let log = self.log();
        if let Some(p) = max_period {
            text.push_str(&format!(" for {p} seconds"));
            self.user_disable_timer = Some(ctx.run_later(Duration::from_secs(p), move |act, _| {
                info!("{log}_DHCP_ENABLE_TIMEOUT re-enabling DHCP service after max-period of {p} seconds");
                if act.service.enable(&origin) {
                    act.apply_service_state();
                }
            }));
        }
        info!("{log}_DHCP_DISABLED DHCP service is disabled by command");
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
        info!(
            "{}_DHCP_ENABLED DHCP service is enabled by command",
            self.log()
        );
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
        let text = match serde_json::to_string_pretty(self.family.effective()) {
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
        let loaded = match self.family {
            Family::V4(_) => crate::config::load_dhcp4_file(&path)
                .map(NewConfig::V4)
                .map_err(|e| e.to_string()),
            Family::V6(_) => crate::config::load_dhcp6_file(&path)
                .map(NewConfig::V6)
                .map_err(|e| e.to_string()),
        };
        match loaded {
            Ok(cfg) => self.apply_config(cfg, ctx),
            Err(e) => {
                error!(
                    "{}_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
                    self.log(),
                    path.display()
                );
                ready(Response::error(format!(
                    "Config reload failed: configuration error using file '{}': {e}",
                    path.display()
                )))
            }
        }
    }

    /// Applies a validated configuration of the family served, after every
    /// reconfiguration that arrived before it has finished.
    ///
    /// Reconfiguration is serialised: `config-set`, `config-reload` and SIGHUP
    /// each hold `reconfiguring` (a FIFO lock) from the moment
    /// their turn comes until their answer, so one that awaits a database
    /// open cannot be overtaken by a later one. They are applied in arrival
    /// order, each against the state the previous one left, and the last one
    /// to arrive is the configuration in force. Everything else (packets,
    /// other commands, recovery) goes on meanwhile.
    pub(super) fn apply_config(&mut self, new: NewConfig, _ctx: &mut Context<Self>) -> Reply {
        let turn = self.reconfiguring.clone().lock_owned();
        Box::pin(turn.into_actor(self).then(move |held, act, _ctx| {
            act.apply_with_config_backend(new).map(move |answer, _, _| {
                drop(held);
                answer
            })
        }))
    }

    /// Applies a validated configuration of the family served (its turn has come).
    pub(super) fn apply_config_now(&mut self, new: NewConfig, ctx: &mut Context<Self>) -> Reply {
        match (self.family.clone(), new) {
            (Family::V4(f), NewConfig::V4(new)) => self.apply_family_config(f, new, ctx),
            (Family::V6(f), NewConfig::V6(new)) => self.apply_family_config(f, new, ctx),
            _ => ready(Response::error(format!(
                "configuration of another family than {}",
                self.family.service_name()
            ))),
        }
    }

    /// The control socket a new configuration asks for, bound before anything
    /// is committed: `None` = unchanged, `Some(None)` = none any more.
    pub(super) fn bind_new_control(
        &self,
        new: Option<&ControlSocket>,
        ctx: &mut Context<Self>,
    ) -> Result<Option<Option<Control>>, Response> {
        match (new, self.family.control_socket()) {
            (Some(n), Some(o)) if n == o => Ok(None),
            (Some(n), _) => match Control::bind(&n.socket_name, ctx.address().recipient()) {
                Ok(c) => Ok(Some(Some(c))),
                Err(e) => Err(Response::error(format!("control socket: {e}"))),
            },
            (None, _) => Ok(Some(None)),
        }
    }

    /// Installs the control socket `bind_new_control` prepared (the old one stops).
    pub(super) fn install_control(&mut self, new: Option<Option<Control>>) {
        if let Some(c) = new {
            if let Some(old) = self.control.take() {
                old.do_send(StopControl);
            }
            self.control = c.map(Actor::start);
        }
    }

    /// What every committed configuration does after the family's part:
    /// Kea recreates its database managers on every reconfiguration, so any
    /// outage, its timers and its service disable are forgotten; a config
    /// failure's disable is lifted; statistics and timers follow the new
    /// configuration.
    pub(super) fn after_commit(&mut self, ctx: &mut Context<Self>) {
        self.reset_recovery(ctx);
        if self.service.enable(&DisableOrigin::ConfigFailed) {
            self.apply_service_state();
        }
        self.reloaded_at = std::time::Instant::now();
        self.stats
            .set_max_samples(self.family.statistic_sample_count() as usize);
        self.start_timers(ctx);
        self.arm_cb_poll(ctx);
    }

    /// A configuration whose databases could not be opened: Kea logs
    /// `*_CONFIG_UNRECOVERABLE_ERROR` and stops serving (origin: config
    /// failure) until a later good configuration; any outage of the old
    /// backends is forgotten, as in a successful reconfiguration.
    pub(super) fn config_failed(
        &mut self,
        what: &str,
        e: &str,
        ctx: &mut Context<Self>,
    ) -> Response {
        error!("{}_CONFIG_UNRECOVERABLE_ERROR the server has failed to apply the new configuration and no longer serves clients: {what}: {e}", self.log());
        self.reset_recovery(ctx);
        if self.service.disable(DisableOrigin::ConfigFailed) {
            self.apply_service_state();
        }
        Response::error(format!("Unable to open database: {e}"))
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
            check_config_args(Some(&v), "Dhcp4")
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
        assert!(check_config_args(Some(&json!({"Dhcp4": {}})), "Dhcp4").is_ok());
        assert_eq!(
            check_config_args(Some(&json!({"Dhcp4": {}})), "Dhcp6")
                .expect_err("refused")
                .text
                .unwrap_or_default(),
            "Missing mandatory 'Dhcp6' parameter."
        );
    }
}
