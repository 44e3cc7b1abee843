//! How the supervisor drives each backend's [`Recovery`] machine: it feeds the
//! machine liveness reports, timer expiries and `Reconnect` answers, and
//! carries out the actions (service disable origins, retry timers on the
//! actor clock, `Reconnect` requests, Kea's log lines, exit).

use std::time::Duration;

use actix::prelude::*;
use chrono::{DateTime, SecondsFormat, Utc};
use log::{debug, error, info, warn};
use serde_json::{json, Value};

use crate::actors::messages::{BackendId, BackendRegistration, Reconnect};

use super::handlers::ShutdownServer;
use super::log_ids::{reconnect_id, ReconnectMsg};
use super::on_fail::{Action, Event, FailCause, Recovery, State};
use super::service_state::DisableOrigin;
use super::Supervisor;

/// Backstop on a `Reconnect` answer: a backend bounds its attempt by its
/// `connect-timeout`; one that does not answer within this limit counts as a
/// failed attempt.
pub const RECONNECT_ANSWER_LIMIT: Duration = Duration::from_secs(120);

/// A registered backend and its recovery bookkeeping.
pub(super) struct BackendEntry {
    /// As registered.
    pub(super) reg: BackendRegistration,
    /// `None` for backends that are never lost (memfile).
    machine: Option<Recovery>,
    /// The armed retry timer.
    timer: Option<SpawnHandle>,
    /// Results of attempts and timers started under another epoch are stale.
    epoch: u64,
    /// Wall-clock time the current (or last) outage was detected.
    lost_at: Option<DateTime<Utc>>,
    /// Wall-clock time of the scheduled attempt.
    next_attempt: Option<DateTime<Utc>>,
    /// When the attempt in flight (or the last one) started, on the actor
    /// clock: attempts are `reconnect-wait-time` apart start to start.
    attempt_started: Option<tokio::time::Instant>,
    /// When the backend last recovered (actor clock).
    recovered_at: Option<tokio::time::Instant>,
}

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl BackendEntry {
    /// A connected backend.
    pub(super) fn new(reg: BackendRegistration, epoch: u64) -> Self {
        Self {
            machine: reg.recovery.map(Recovery::new),
            reg,
            timer: None,
            epoch,
            lost_at: None,
            next_attempt: None,
            attempt_started: None,
            recovered_at: None,
        }
    }

    /// This backend's entry in `status-get`'s `backends`.
    pub(super) fn status_json(&self) -> Value {
        let mut v = json!({
            "name": self.reg.id.to_string(),
            "type": self.reg.kind,
        });
        match &self.machine {
            None => v["state"] = json!("connected"),
            Some(m) => {
                let p = m.params();
                v["state"] = json!(m.status_name());
                v["on-fail"] = json!(p.on_fail.as_str());
                v["max-reconnect-tries"] = json!(p.max_reconnect_tries);
                v["reconnect-wait-time"] = json!(p.reconnect_wait_time_ms);
                v["retries-left"] = json!(m.retries_left());
                v["last-error"] = json!(m.last_error());
                v["lost-at"] = json!(self.lost_at.as_ref().map(rfc3339));
                v["next-attempt"] = json!(self.next_attempt.as_ref().map(rfc3339));
            }
        }
        v
    }
}

impl Supervisor {
    /// A new epoch for stale-result detection.
    fn next_epoch(&mut self) -> u64 {
        self.recovery_epoch += 1;
        self.recovery_epoch
    }

    /// Registers a backend (at construction or after reconfiguration),
    /// replacing the one with the same id: the old one's timer and attempt in
    /// flight become stale and its service disable is lifted.
    pub(super) fn register_backend(&mut self, reg: BackendRegistration) {
        let epoch = self.next_epoch();
        if let Some(i) = self.backend_index(&reg.id) {
            let old = self.backends.remove(i);
            if old.machine.as_ref().is_some_and(Recovery::disables_service)
                && self
                    .service
                    .enable(&DisableOrigin::DbConnection(reg.id.clone()))
            {
                self.apply_service_state();
            }
        }
        self.backends.push(BackendEntry::new(reg, epoch));
    }

    fn backend_index(&self, id: &BackendId) -> Option<usize> {
        self.backends.iter().position(|b| &b.reg.id == id)
    }

    /// A listener or backend reported `id` lost.
    pub(super) fn backend_lost(&mut self, id: BackendId, why: String, ctx: &mut Context<Self>) {
        let log = self.log();
        if self.shutting_down {
            return;
        }
        let Some(i) = self.backend_index(&id) else {
            warn!("{log}_DB_RECONNECT_LOST_CONNECTION database connection lost ({id}, not registered): {why}");
            return;
        };
        if self.backends[i].machine.is_none() {
            error!("{log}_DB_RECONNECT_LOST_CONNECTION database connection lost ({id}, {}, no recovery for this backend type): {why}", self.backends[i].reg.kind);
            return;
        }
        self.drive(i, Event::Lost(why), ctx);
    }

    /// True when backend `id` recovered after `started`: an operation that
    /// began before then ran on the old connections, its failure is stale.
    pub(super) fn recovered_after(&self, id: &BackendId, started: tokio::time::Instant) -> bool {
        self.backend_index(id)
            .and_then(|i| self.backends[i].recovered_at)
            .is_some_and(|r| started < r)
    }

    /// Feeds `event` to backend `i`'s machine and carries out the actions.
    fn drive(&mut self, i: usize, event: Event, ctx: &mut Context<Self>) {
        let log = self.log();
        let ipv = self.family.ip_version();
        let entry = &mut self.backends[i];
        let Some(machine) = entry.machine.as_mut() else {
            return;
        };
        let background = matches!(machine.state(), State::Failed(_));
        let actions = machine.step(event.clone());
        if actions.is_empty() {
            debug!(
                "{}: {event:?} ignored in state {:?}",
                entry.reg.id,
                machine.state()
            );
            return;
        }
        let (id, kind) = (entry.reg.id.clone(), entry.reg.kind.clone());
        match &event {
            Event::Lost(why) => {
                entry.lost_at = Some(Utc::now());
                error!("{log}_DB_RECONNECT_LOST_CONNECTION database connection lost ({id}, {kind}): {why}");
            }
            Event::AttemptFailed(why) => {
                let log_id = reconnect_id(&id, &kind, ReconnectMsg::AttemptFailed, ipv);
                if background {
                    warn!("{log_id} database reconnect failed ({id}, background attempt): {why}");
                } else {
                    error!("{log_id} database reconnect failed ({id}): {why}");
                }
            }
            Event::RetryDue | Event::AttemptSucceeded | Event::Reset => {}
        }
        for action in actions {
            self.apply(i, action, ctx);
        }
    }

    fn apply(&mut self, i: usize, action: Action, ctx: &mut Context<Self>) {
        let log = self.log();
        let ipv = self.family.ip_version();
        let id = self.backends[i].reg.id.clone();
        let kind = self.backends[i].reg.kind.clone();
        match action {
            Action::DisableService => {
                if self.service.disable(DisableOrigin::DbConnection(id)) {
                    self.apply_service_state();
                }
            }
            Action::EnableService => {
                if self.service.enable(&DisableOrigin::DbConnection(id)) {
                    self.apply_service_state();
                }
            }
            Action::AttemptNow { attempt, of } => {
                if attempt > 1 {
                    warn!("{log}_DB_RECONNECT_LOST_CONNECTION database connection lost ({id}, {kind}): reconnect attempt {attempt} of {of}");
                }
                self.start_attempt(i, ctx);
            }
            Action::SlowAttemptNow => {
                debug!("{id}: background reconnect attempt");
                self.start_attempt(i, ctx);
            }
            Action::ScheduleAttempt { after, attempt, of } => {
                // Start to start: an attempt that took long (a silent server
                // holds it for connect-timeout) eats into the wait, so the
                // last attempt still comes (tries - 1) x wait after the first.
                let took = self.backends[i]
                    .attempt_started
                    .map(|t| t.elapsed())
                    .unwrap_or_default();
                let after = after.saturating_sub(took);
                info!(
                    "{} scheduling attempt {attempt} of {of} in {} milliseconds ({id})",
                    reconnect_id(&id, &kind, ReconnectMsg::AttemptSchedule, ipv),
                    after.as_millis()
                );
                self.arm_timer(i, after, ctx);
            }
            Action::ScheduleSlowAttempt(after) => {
                info!(
                    "{log}_DB_RECONNECT_BACKGROUND ({id}) serve-retry-continue: next background reconnect attempt in {} milliseconds",
                    after.as_millis()
                );
                self.arm_timer(i, after, ctx);
            }
            Action::CancelScheduled => {
                let epoch = self.next_epoch();
                let entry = &mut self.backends[i];
                if let Some(h) = entry.timer.take() {
                    ctx.cancel_future(h);
                }
                entry.epoch = epoch;
                entry.next_attempt = None;
            }
            Action::Recovered => {
                self.backends[i].next_attempt = None;
                self.backends[i].recovered_at = Some(tokio::time::Instant::now());
                info!("{log}_DB_RECONNECT_SUCCEEDED database connection recovered ({id}, {kind})");
                if id == BackendId::Lease {
                    self.recount_stale_lease_stats(ctx);
                }
            }
            Action::MarkFailed(cause) => {
                self.backends[i].next_attempt = None;
                let exits = self.backends[i]
                    .machine
                    .as_ref()
                    .is_some_and(|m| m.params().on_fail.exits_on_failure());
                let outcome = if exits {
                    "server is shutting down"
                } else {
                    "server keeps serving without this database (serve-retry-continue)"
                };
                match cause {
                    FailCause::RetriesExhausted {
                        max_reconnect_tries,
                    } => {
                        error!(
                            "{} maximum number of database reconnect attempts: {max_reconnect_tries}, has been exhausted without success ({id})",
                            reconnect_id(&id, &kind, ReconnectMsg::Failed, ipv)
                        );
                        error!("{log}_DB_RECONNECT_FAILED maximum number of database reconnect attempts: {max_reconnect_tries}, has been exhausted without success, {outcome} ({id})");
                    }
                    FailCause::ReconnectDisabled {
                        max_reconnect_tries,
                        reconnect_wait_time_ms,
                    } => {
                        error!("{log}_DB_RECONNECT_DISABLED database reconnect is disabled: max-reconnect-tries {max_reconnect_tries}, reconnect-wait-time {reconnect_wait_time_ms}; {outcome} ({id})");
                    }
                }
            }
            Action::Exit(code) => ctx.notify(ShutdownServer { exit_code: code }),
        }
    }

    /// Arms backend `i`'s retry timer (feeds `RetryDue` when it fires).
    fn arm_timer(&mut self, i: usize, after: Duration, ctx: &mut Context<Self>) {
        let entry = &mut self.backends[i];
        let (id, epoch) = (entry.reg.id.clone(), entry.epoch);
        if let Some(h) = entry.timer.take() {
            ctx.cancel_future(h);
        }
        entry.next_attempt = chrono::Duration::from_std(after)
            .ok()
            .map(|d| Utc::now() + d);
        entry.timer = Some(ctx.run_later(after, move |act, ctx| {
            if act.shutting_down {
                return;
            }
            let Some(i) = act.backend_index(&id) else {
                return;
            };
            if act.backends[i].epoch != epoch {
                return;
            }
            act.backends[i].timer = None;
            act.drive(i, Event::RetryDue, ctx);
        }));
    }

    /// Sends `Reconnect` to backend `i`; its answer feeds the machine.
    fn start_attempt(&mut self, i: usize, ctx: &mut Context<Self>) {
        let entry = &mut self.backends[i];
        entry.next_attempt = None;
        entry.attempt_started = Some(tokio::time::Instant::now());
        let (id, epoch) = (entry.reg.id.clone(), entry.epoch);
        let request = entry
            .reg
            .handle
            .reconnect
            .send(Reconnect)
            .timeout(RECONNECT_ANSWER_LIMIT);
        ctx.spawn(
            async move {
                match request.await {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(e.0),
                    Err(MailboxError::Timeout) => Err(format!(
                        "no answer to the reconnect request within {} s",
                        RECONNECT_ANSWER_LIMIT.as_secs()
                    )),
                    Err(MailboxError::Closed) => {
                        Err("the backend connection actor is gone".to_owned())
                    }
                }
            }
            .into_actor(self)
            .map(move |res, act, ctx| {
                if act.shutting_down {
                    return;
                }
                let Some(i) = act.backend_index(&id) else {
                    return;
                };
                if act.backends[i].epoch != epoch {
                    debug!("{id}: stale reconnect result ignored: {res:?}");
                    return;
                }
                let event = match res {
                    Ok(()) => Event::AttemptSucceeded,
                    Err(e) => Event::AttemptFailed(e),
                };
                act.drive(i, event, ctx);
            }),
        );
    }

    /// Reconfiguration: forgets every outage, its timers, attempts in flight
    /// and its service disable (Kea resets the DB-connection origin when it
    /// recreates the database managers).
    pub(super) fn reset_recovery(&mut self, ctx: &mut Context<Self>) {
        let log = self.log();
        for i in 0..self.backends.len() {
            let epoch = self.next_epoch();
            self.backends[i].epoch = epoch;
            if let Some(h) = self.backends[i].timer.take() {
                ctx.cancel_future(h);
            }
            self.backends[i].next_attempt = None;
            self.backends[i].lost_at = None;
            let Some(m) = self.backends[i].machine.as_mut() else {
                continue;
            };
            let actions = m.step(Event::Reset);
            if !actions.is_empty() {
                info!(
                    "{log}_DB_RECONNECT_RESET ({}) reconfiguration cleared the database outage state",
                    self.backends[i].reg.id
                );
            }
            for a in actions {
                self.apply(i, a, ctx);
            }
        }
    }

    /// `status-get`'s `backends`.
    pub(super) fn backends_json(&self) -> Value {
        Value::Array(
            self.backends
                .iter()
                .map(BackendEntry::status_json)
                .collect(),
        )
    }
}
