//! The database-connectivity recovery machine of one backend connection
//! (Kea's `on-fail`, `max-reconnect-tries`, `reconnect-wait-time`), pure: no
//! actors, clocks or logging. The supervisor feeds it [`Event`]s and carries
//! out the [`Action`]s it returns; this file is the specification in code.
//!
//! Counting follows what Kea 2.2 does (observed, see
//! `shared/reference/kea-db-recovery.md` §9): `max-reconnect-tries` attempts in
//! total, the first at once when the loss is detected, the rest
//! `reconnect-wait-time` ms after the previous one failed. With 5 tries and
//! 1000 ms the last attempt fails about 4 s after detection.
//!
//! | state \ event | `Lost` | `RetryDue` | `AttemptFailed` | `AttemptSucceeded` | `Reset` |
//! |---|---|---|---|---|---|
//! | `Connected`, reconnect enabled | `[DisableService]`, `AttemptNow(1/M)` → `Attempting(1)` | – | – | – | – |
//! | `Connected`, tries or wait = 0 | `[DisableService]`, `MarkFailed(ReconnectDisabled)`, `[Exit(1)]` → `Failed(off)` | – | – | – | – |
//! | `Attempting(n<M)` | – | – | `ScheduleAttempt(W, n+1/M)` → `Waiting(n+1)` | `[EnableService]`, `Recovered` → `Connected` | `[EnableService]` → `Connected` |
//! | `Attempting(M)` | – | – | `MarkFailed(RetriesExhausted)`, then `Exit(1)` → `Failed(off)` or (continue) `ScheduleSlowAttempt(S)` → `Failed(waiting)` | as above | as above |
//! | `Waiting(n)` | – | `AttemptNow(n/M)` → `Attempting(n)` | – | – | `CancelScheduled`, `[EnableService]` → `Connected` |
//! | `Failed(waiting)` | – | `SlowAttemptNow` → `Failed(attempting)` | – | – | `CancelScheduled` → `Connected` |
//! | `Failed(attempting)` | – | – | `ScheduleSlowAttempt(S)` → `Failed(waiting)` | `Recovered` → `Connected` | → `Connected` |
//! | `Failed(off)` | – | – | – | – | `[EnableService]` → `Connected` |
//!
//! `[..]` = only with `stop-retry-exit` (service state) or the `*-exit` modes
//! (exit); `–` = ignored (a duplicate or stale report); `M` =
//! `max-reconnect-tries`, `W` = `reconnect-wait-time`, `S` =
//! max(`W`, [`SLOW_RETRY_FLOOR`]). `Failed(waiting)` / `Failed(attempting)` is
//! ruru's improvement over Kea: `serve-retry-continue` keeps retrying slowly
//! after exhaustion so service comes back by itself when the database does.
//!
//! # Differences from Kea 2.2 (deliberate)
//!
//! - **serve-retry-continue after exhaustion**: Kea never reconnects by itself
//!   (clients get nothing until a `config-set`); ruru keeps making uncounted
//!   background attempts every max(`reconnect-wait-time`, 30 s), logged as
//!   `DHCP4_DB_RECONNECT_BACKGROUND` (ruru's own ID, INFO) and, when one fails,
//!   `..._RECONNECT_ATTEMPT_FAILED` at WARN. With `max-reconnect-tries` or
//!   `reconnect-wait-time` 0 there is no reconnect at all, as in Kea.
//! - **Attempt counting** follows what Kea 2.2 was observed doing (`M`
//!   attempts in total), not its source (`1 + M`).
//! - **Log levels** are raised to alerting levels: `DHCP4_DB_RECONNECT_LOST_CONNECTION`
//!   ERROR at detection and WARN before each later attempt (Kea: INFO each
//!   time), `DHCP4_DB_RECONNECT_FAILED` and `DHCP4_DB_RECONNECT_DISABLED`
//!   ERROR (Kea: INFO; its FATAL exit text is logged with `error!`).
//! - **Several backends**: one disable origin per backend (as Kea 3.0's
//!   `DB_CONNECTION + id`), not Kea 2.2's counter: a duplicate disable of the
//!   same backend cannot leave the service disabled.
//! - **status-get** reports every backend (`backends`: name, type, state,
//!   on-fail, retries left, last error, lost-at, next-attempt); Kea has no
//!   such field.
//! - **A hung reconnect** (no answer within
//!   `recovery::RECONNECT_ANSWER_LIMIT`) counts as a failed attempt; Kea 2.2
//!   hangs with its database.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Process exit status when recovery gives up in an `*-exit` mode (Kea's
/// `EXIT_FAILURE`).
pub const EXIT_FAILURE: i32 = 1;

/// Shortest interval between background attempts of `serve-retry-continue`
/// after its counted attempts are exhausted.
pub const SLOW_RETRY_FLOOR: Duration = Duration::from_secs(30);

/// Kea's `on-fail`, the validated configuration's type (one type for the
/// config and the recovery machine); its recovery semantics are below.
pub use crate::config::model::OnFail;

/// An `on-fail` value Kea does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported 'on-fail' value '{0}': expected one of stop-retry-exit, serve-retry-exit, serve-retry-continue")]
pub struct UnknownOnFail(pub String);

impl OnFail {
    /// Kea's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StopRetryExit => "stop-retry-exit",
            Self::ServeRetryExit => "serve-retry-exit",
            Self::ServeRetryContinue => "serve-retry-continue",
        }
    }

    /// True when a loss disables DHCP service (Kea's `alterServiceState`).
    pub fn alters_service_state(self) -> bool {
        self == Self::StopRetryExit
    }

    /// True when giving up stops the server (Kea's `exitOnFailure`).
    pub fn exits_on_failure(self) -> bool {
        matches!(self, Self::StopRetryExit | Self::ServeRetryExit)
    }
}

impl FromStr for OnFail {
    type Err = UnknownOnFail;
    fn from_str(s: &str) -> Result<Self, UnknownOnFail> {
        Self::from_name(s).ok_or_else(|| UnknownOnFail(s.to_owned()))
    }
}

impl fmt::Display for OnFail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The recovery parameters of one database (Kea's defaults when absent:
/// `stop-retry-exit`, 0 tries, 0 ms, i.e. no reconnect at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecoveryParams {
    /// `on-fail`.
    pub on_fail: OnFail,
    /// `max-reconnect-tries`: attempts in total, the first one immediate.
    pub max_reconnect_tries: u32,
    /// `reconnect-wait-time`, milliseconds between attempts.
    pub reconnect_wait_time_ms: u32,
}

impl RecoveryParams {
    /// False when `max-reconnect-tries` or `reconnect-wait-time` is 0: Kea then
    /// makes no attempt at all (`DHCP4_DB_RECONNECT_DISABLED`).
    pub fn reconnect_enabled(&self) -> bool {
        self.max_reconnect_tries > 0 && self.reconnect_wait_time_ms > 0
    }

    /// `reconnect-wait-time` as a duration.
    pub fn wait(&self) -> Duration {
        Duration::from_millis(u64::from(self.reconnect_wait_time_ms))
    }

    /// Interval of the background attempts after exhaustion
    /// (`serve-retry-continue` only).
    pub fn slow_retry_interval(&self) -> Duration {
        self.wait().max(SLOW_RETRY_FLOOR)
    }
}

/// Something that happened to the backend or its recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A call, probe or deadline found the connection unusable (the text says why).
    Lost(String),
    /// A scheduled attempt is due (its timer fired).
    RetryDue,
    /// The reconnect attempt in flight failed.
    AttemptFailed(String),
    /// The reconnect attempt in flight succeeded.
    AttemptSucceeded,
    /// Reconfiguration: forget the outage, its timers and its service disable.
    Reset,
}

/// The background retrying of a failed `serve-retry-continue` backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlowRetry {
    /// None (reconnect disabled, or an `*-exit` mode which is exiting).
    Off,
    /// The next background attempt is scheduled.
    Waiting,
    /// A background attempt is in flight.
    Attempting,
}

/// The connection state of one backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Working.
    Connected,
    /// Counted attempt `attempt` (1-based) is in flight.
    Attempting {
        /// Its number.
        attempt: u32,
    },
    /// Counted attempt `next` is scheduled.
    Waiting {
        /// Its number.
        next: u32,
    },
    /// Recovery gave up (or was disabled).
    Failed(SlowRetry),
}

/// Why a backend was marked failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailCause {
    /// `max-reconnect-tries` or `reconnect-wait-time` is 0 (`DHCP4_DB_RECONNECT_DISABLED`).
    ReconnectDisabled {
        /// `max-reconnect-tries`.
        max_reconnect_tries: u32,
        /// `reconnect-wait-time` (ms).
        reconnect_wait_time_ms: u32,
    },
    /// Every attempt failed (`..._DB_RECONNECT_FAILED`).
    RetriesExhausted {
        /// `max-reconnect-tries`.
        max_reconnect_tries: u32,
    },
}

/// What the supervisor must do, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Add this backend's DB-connection disable origin (pause when it is the first).
    DisableService,
    /// Remove this backend's DB-connection disable origin (resume when none is left).
    EnableService,
    /// Send `Reconnect` now; counted attempt `attempt` of `of`.
    AttemptNow {
        /// Attempt number, 1-based.
        attempt: u32,
        /// `max-reconnect-tries`.
        of: u32,
    },
    /// Arm the retry timer; when it fires, feed [`Event::RetryDue`].
    ScheduleAttempt {
        /// Delay (`reconnect-wait-time`).
        after: Duration,
        /// Number of the attempt that will run.
        attempt: u32,
        /// `max-reconnect-tries`.
        of: u32,
    },
    /// Send `Reconnect` now, as an uncounted background attempt.
    SlowAttemptNow,
    /// Arm the retry timer for a background attempt.
    ScheduleSlowAttempt(Duration),
    /// Disarm the retry timer (and disregard any attempt in flight).
    CancelScheduled,
    /// The connection is back (`DHCP4_DB_RECONNECT_SUCCEEDED`).
    Recovered,
    /// The backend is given up on.
    MarkFailed(FailCause),
    /// Stop the server with this status.
    Exit(i32),
}

/// One backend's recovery machine.
#[derive(Debug, Clone)]
pub struct Recovery {
    params: RecoveryParams,
    state: State,
    last_error: Option<String>,
}

impl Recovery {
    /// A machine for a connected backend.
    pub fn new(params: RecoveryParams) -> Self {
        Self {
            params,
            state: State::Connected,
            last_error: None,
        }
    }

    /// The parameters.
    pub fn params(&self) -> &RecoveryParams {
        &self.params
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The last loss or attempt error, kept after recovery for `status-get`.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// Counted attempts not yet started.
    pub fn retries_left(&self) -> u32 {
        let max = self.params.max_reconnect_tries;
        match self.state {
            State::Connected => max,
            State::Attempting { attempt } => max.saturating_sub(attempt),
            State::Waiting { next } => max.saturating_sub(next.saturating_sub(1)),
            State::Failed(_) => 0,
        }
    }

    /// `status-get`'s name for the state: `connected`, `lost` (first attempt
    /// in flight), `retrying` or `failed`.
    pub fn status_name(&self) -> &'static str {
        match self.state {
            State::Connected => "connected",
            State::Attempting { attempt: 1 } => "lost",
            State::Attempting { .. } | State::Waiting { .. } => "retrying",
            State::Failed(_) => "failed",
        }
    }

    /// True when this backend currently holds a DB-connection disable origin.
    pub fn disables_service(&self) -> bool {
        self.params.on_fail.alters_service_state() && self.state != State::Connected
    }

    /// Feeds one event; returns the actions to carry out, in order (empty when
    /// the event is a duplicate or stale and changes nothing).
    pub fn step(&mut self, event: Event) -> Vec<Action> {
        let p = self.params;
        let stop = p.on_fail.alters_service_state();
        let mut out = Vec::new();
        match (self.state, event) {
            (State::Connected, Event::Lost(why)) => {
                self.last_error = Some(why);
                if stop {
                    out.push(Action::DisableService);
                }
                if p.reconnect_enabled() {
                    self.state = State::Attempting { attempt: 1 };
                    out.push(Action::AttemptNow {
                        attempt: 1,
                        of: p.max_reconnect_tries,
                    });
                } else {
                    self.state = State::Failed(SlowRetry::Off);
                    out.push(Action::MarkFailed(FailCause::ReconnectDisabled {
                        max_reconnect_tries: p.max_reconnect_tries,
                        reconnect_wait_time_ms: p.reconnect_wait_time_ms,
                    }));
                    if p.on_fail.exits_on_failure() {
                        out.push(Action::Exit(EXIT_FAILURE));
                    }
                }
            }
            (State::Attempting { attempt }, Event::AttemptFailed(why)) => {
                self.last_error = Some(why);
                if attempt < p.max_reconnect_tries {
                    self.state = State::Waiting { next: attempt + 1 };
                    out.push(Action::ScheduleAttempt {
                        after: p.wait(),
                        attempt: attempt + 1,
                        of: p.max_reconnect_tries,
                    });
                } else {
                    out.push(Action::MarkFailed(FailCause::RetriesExhausted {
                        max_reconnect_tries: p.max_reconnect_tries,
                    }));
                    if p.on_fail.exits_on_failure() {
                        self.state = State::Failed(SlowRetry::Off);
                        out.push(Action::Exit(EXIT_FAILURE));
                    } else {
                        self.state = State::Failed(SlowRetry::Waiting);
                        out.push(Action::ScheduleSlowAttempt(p.slow_retry_interval()));
                    }
                }
            }
            (State::Attempting { .. }, Event::AttemptSucceeded)
            | (State::Failed(SlowRetry::Attempting), Event::AttemptSucceeded) => {
                if stop {
                    out.push(Action::EnableService);
                }
                self.state = State::Connected;
                out.push(Action::Recovered);
            }
            (State::Waiting { next }, Event::RetryDue) => {
                self.state = State::Attempting { attempt: next };
                out.push(Action::AttemptNow {
                    attempt: next,
                    of: p.max_reconnect_tries,
                });
            }
            (State::Failed(SlowRetry::Waiting), Event::RetryDue) => {
                self.state = State::Failed(SlowRetry::Attempting);
                out.push(Action::SlowAttemptNow);
            }
            (State::Failed(SlowRetry::Attempting), Event::AttemptFailed(why)) => {
                self.last_error = Some(why);
                self.state = State::Failed(SlowRetry::Waiting);
                out.push(Action::ScheduleSlowAttempt(p.slow_retry_interval()));
            }
            (State::Connected, Event::Reset) => {}
            (s, Event::Reset) => {
                if matches!(
                    s,
                    State::Waiting { .. }
                        | State::Attempting { .. }
                        | State::Failed(SlowRetry::Waiting | SlowRetry::Attempting)
                ) {
                    out.push(Action::CancelScheduled);
                }
                if stop {
                    out.push(Action::EnableService);
                }
                self.state = State::Connected;
            }
            // Duplicate losses while recovering, stale results, stray timers.
            (_, Event::Lost(_))
            | (_, Event::RetryDue)
            | (_, Event::AttemptFailed(_))
            | (_, Event::AttemptSucceeded) => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(on_fail: OnFail, tries: u32, wait: u32) -> RecoveryParams {
        RecoveryParams {
            on_fail,
            max_reconnect_tries: tries,
            reconnect_wait_time_ms: wait,
        }
    }

    fn lost() -> Event {
        Event::Lost("gone".into())
    }

    fn failed() -> Event {
        Event::AttemptFailed("refused".into())
    }

    const MODES: [OnFail; 3] = [
        OnFail::StopRetryExit,
        OnFail::ServeRetryExit,
        OnFail::ServeRetryContinue,
    ];

    /// Drives the machine through `n` failing counted attempts after the loss,
    /// returning every action in order.
    fn fail_n(r: &mut Recovery, n: u32) -> Vec<Action> {
        let mut all = r.step(lost());
        for i in 0..n {
            if i > 0 {
                all.extend(r.step(Event::RetryDue));
            }
            all.extend(r.step(failed()));
        }
        all
    }

    #[test]
    fn parses_keas_on_fail_strings_and_nothing_else() {
        for m in MODES {
            assert_eq!(m.as_str().parse::<OnFail>(), Ok(m));
            assert_eq!(m.to_string(), m.as_str());
        }
        assert_eq!(
            "stop-retry".parse::<OnFail>(),
            Err(UnknownOnFail("stop-retry".into()))
        );
        assert!("STOP-RETRY-EXIT".parse::<OnFail>().is_err());
        assert_eq!(OnFail::default(), OnFail::StopRetryExit);
        assert_eq!(
            RecoveryParams::default(),
            params(OnFail::StopRetryExit, 0, 0)
        );
    }

    #[test]
    fn mode_predicates_match_keas_reconnect_ctl() {
        assert!(OnFail::StopRetryExit.alters_service_state());
        assert!(!OnFail::ServeRetryExit.alters_service_state());
        assert!(!OnFail::ServeRetryContinue.alters_service_state());
        assert!(OnFail::StopRetryExit.exits_on_failure());
        assert!(OnFail::ServeRetryExit.exits_on_failure());
        assert!(!OnFail::ServeRetryContinue.exits_on_failure());
    }

    #[test]
    fn stop_retry_exit_five_tries_make_five_attempts_then_exit() {
        let mut r = Recovery::new(params(OnFail::StopRetryExit, 5, 1000));
        let w = Duration::from_millis(1000);
        let a = fail_n(&mut r, 5);
        assert_eq!(
            a,
            vec![
                Action::DisableService,
                Action::AttemptNow { attempt: 1, of: 5 },
                Action::ScheduleAttempt {
                    after: w,
                    attempt: 2,
                    of: 5
                },
                Action::AttemptNow { attempt: 2, of: 5 },
                Action::ScheduleAttempt {
                    after: w,
                    attempt: 3,
                    of: 5
                },
                Action::AttemptNow { attempt: 3, of: 5 },
                Action::ScheduleAttempt {
                    after: w,
                    attempt: 4,
                    of: 5
                },
                Action::AttemptNow { attempt: 4, of: 5 },
                Action::ScheduleAttempt {
                    after: w,
                    attempt: 5,
                    of: 5
                },
                Action::AttemptNow { attempt: 5, of: 5 },
                Action::MarkFailed(FailCause::RetriesExhausted {
                    max_reconnect_tries: 5
                }),
                Action::Exit(EXIT_FAILURE),
            ]
        );
        let waits = a
            .iter()
            .filter(|x| matches!(x, Action::ScheduleAttempt { .. }))
            .count();
        assert_eq!(waits, 4, "exit (5-1) x 1000 ms after detection");
        assert_eq!(r.state(), State::Failed(SlowRetry::Off));
        assert_eq!(r.status_name(), "failed");
        assert!(r.disables_service(), "stays paused while exiting");
        assert_eq!(r.step(Event::RetryDue), vec![]);
        assert_eq!(r.step(lost()), vec![]);
    }

    #[test]
    fn serve_retry_exit_never_touches_the_service_state() {
        let mut r = Recovery::new(params(OnFail::ServeRetryExit, 2, 50));
        let a = fail_n(&mut r, 2);
        assert_eq!(
            a,
            vec![
                Action::AttemptNow { attempt: 1, of: 2 },
                Action::ScheduleAttempt {
                    after: Duration::from_millis(50),
                    attempt: 2,
                    of: 2
                },
                Action::AttemptNow { attempt: 2, of: 2 },
                Action::MarkFailed(FailCause::RetriesExhausted {
                    max_reconnect_tries: 2
                }),
                Action::Exit(EXIT_FAILURE),
            ]
        );
        assert!(!r.disables_service());
    }

    #[test]
    fn serve_retry_continue_retries_slowly_after_exhaustion_and_recovers() {
        let mut r = Recovery::new(params(OnFail::ServeRetryContinue, 2, 1000));
        let a = fail_n(&mut r, 2);
        assert_eq!(
            &a[3..],
            &[
                Action::MarkFailed(FailCause::RetriesExhausted {
                    max_reconnect_tries: 2
                }),
                Action::ScheduleSlowAttempt(SLOW_RETRY_FLOOR),
            ]
        );
        assert_eq!(r.state(), State::Failed(SlowRetry::Waiting));
        assert_eq!(r.status_name(), "failed");
        assert_eq!(r.retries_left(), 0);
        assert_eq!(r.step(lost()), vec![], "already failed: no new recovery");
        assert_eq!(r.step(Event::RetryDue), vec![Action::SlowAttemptNow]);
        assert_eq!(
            r.step(Event::AttemptFailed("still down".into())),
            vec![Action::ScheduleSlowAttempt(SLOW_RETRY_FLOOR)]
        );
        assert_eq!(r.last_error(), Some("still down"));
        assert_eq!(r.step(Event::RetryDue), vec![Action::SlowAttemptNow]);
        assert_eq!(r.step(Event::AttemptSucceeded), vec![Action::Recovered]);
        assert_eq!(r.state(), State::Connected);
        assert_eq!(r.retries_left(), 2, "retries reset after recovery");
        assert_eq!(
            r.step(lost()),
            vec![Action::AttemptNow { attempt: 1, of: 2 }],
            "a later loss starts a fresh recovery"
        );
    }

    #[test]
    fn slow_retry_interval_is_the_wait_time_when_longer_than_the_floor() {
        let p = params(OnFail::ServeRetryContinue, 1, 45_000);
        assert_eq!(p.slow_retry_interval(), Duration::from_secs(45));
        let p = params(OnFail::ServeRetryContinue, 1, 10);
        assert_eq!(p.slow_retry_interval(), SLOW_RETRY_FLOOR);
    }

    #[test]
    fn recovery_within_retries_resets_the_count_in_every_mode() {
        for m in MODES {
            let mut r = Recovery::new(params(m, 3, 100));
            let mut a = fail_n(&mut r, 1);
            a.extend(r.step(Event::RetryDue));
            assert_eq!(r.status_name(), "retrying");
            assert_eq!(r.retries_left(), 1);
            a.extend(r.step(Event::AttemptSucceeded));
            let stop = m == OnFail::StopRetryExit;
            let mut want = Vec::new();
            if stop {
                want.push(Action::DisableService);
            }
            want.push(Action::AttemptNow { attempt: 1, of: 3 });
            want.push(Action::ScheduleAttempt {
                after: Duration::from_millis(100),
                attempt: 2,
                of: 3,
            });
            want.push(Action::AttemptNow { attempt: 2, of: 3 });
            if stop {
                want.push(Action::EnableService);
            }
            want.push(Action::Recovered);
            assert_eq!(a, want, "{m}");
            assert_eq!(r.state(), State::Connected);
            assert_eq!(r.retries_left(), 3);
            assert_eq!(r.last_error(), Some("refused"), "kept for status-get");
            assert!(!r.disables_service());
        }
    }

    #[test]
    fn first_attempt_succeeding_is_state_lost_then_connected() {
        let mut r = Recovery::new(params(OnFail::StopRetryExit, 3, 100));
        r.step(lost());
        assert_eq!(r.status_name(), "lost");
        assert_eq!(r.retries_left(), 2);
        assert!(r.disables_service());
        assert_eq!(
            r.step(Event::AttemptSucceeded),
            vec![Action::EnableService, Action::Recovered]
        );
    }

    #[test]
    fn zero_tries_or_zero_wait_disable_reconnect() {
        for (tries, wait) in [(0, 1000), (5, 0), (0, 0)] {
            for m in MODES {
                let mut r = Recovery::new(params(m, tries, wait));
                let a = r.step(lost());
                let mut want = Vec::new();
                if m == OnFail::StopRetryExit {
                    want.push(Action::DisableService);
                }
                want.push(Action::MarkFailed(FailCause::ReconnectDisabled {
                    max_reconnect_tries: tries,
                    reconnect_wait_time_ms: wait,
                }));
                if m.exits_on_failure() {
                    want.push(Action::Exit(EXIT_FAILURE));
                }
                assert_eq!(a, want, "{m} tries={tries} wait={wait}");
                assert_eq!(r.state(), State::Failed(SlowRetry::Off));
                assert_eq!(r.step(Event::RetryDue), vec![], "never retries");
                assert_eq!(r.step(lost()), vec![]);
            }
        }
    }

    #[test]
    fn one_try_exits_right_after_the_immediate_attempt() {
        let mut r = Recovery::new(params(OnFail::ServeRetryExit, 1, 1000));
        assert_eq!(
            r.step(lost()),
            vec![Action::AttemptNow { attempt: 1, of: 1 }]
        );
        assert_eq!(
            r.step(failed()),
            vec![
                Action::MarkFailed(FailCause::RetriesExhausted {
                    max_reconnect_tries: 1
                }),
                Action::Exit(EXIT_FAILURE)
            ]
        );
    }

    #[test]
    fn duplicate_losses_and_stale_reports_change_nothing() {
        let mut r = Recovery::new(params(OnFail::StopRetryExit, 3, 100));
        assert_eq!(r.step(Event::AttemptSucceeded), vec![], "nothing in flight");
        assert_eq!(r.step(failed()), vec![]);
        assert_eq!(r.step(Event::RetryDue), vec![]);
        r.step(lost());
        assert_eq!(r.step(lost()), vec![], "loss while attempting");
        assert_eq!(r.step(Event::RetryDue), vec![], "no timer armed");
        r.step(failed());
        assert_eq!(r.step(lost()), vec![], "loss while waiting");
        assert_eq!(r.step(failed()), vec![], "no attempt in flight");
        assert_eq!(r.step(Event::AttemptSucceeded), vec![]);
        assert_eq!(r.state(), State::Waiting { next: 2 });
        assert_eq!(r.retries_left(), 2);
    }

    #[test]
    fn reset_forgets_the_outage_in_every_state() {
        let wait = params(OnFail::StopRetryExit, 3, 100);
        let mut r = Recovery::new(wait);
        assert_eq!(r.step(Event::Reset), vec![], "nothing to forget");
        r.step(lost());
        assert_eq!(
            r.step(Event::Reset),
            vec![Action::CancelScheduled, Action::EnableService]
        );
        assert_eq!(r.state(), State::Connected);
        r.step(lost());
        r.step(failed());
        assert_eq!(
            r.step(Event::Reset),
            vec![Action::CancelScheduled, Action::EnableService]
        );
        assert_eq!(r.step(Event::RetryDue), vec![], "old timer is stale");

        let mut r = Recovery::new(params(OnFail::StopRetryExit, 0, 0));
        r.step(lost());
        assert_eq!(r.step(Event::Reset), vec![Action::EnableService]);

        let mut r = Recovery::new(params(OnFail::ServeRetryContinue, 1, 100));
        r.step(lost());
        r.step(failed());
        assert_eq!(r.step(Event::Reset), vec![Action::CancelScheduled]);
        assert_eq!(r.state(), State::Connected);
    }
}
