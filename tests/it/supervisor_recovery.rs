//! Database-connectivity recovery (Kea's `on-fail`, `max-reconnect-tries`,
//! `reconnect-wait-time`) driven by the Supervisor, on paused virtual time.
//!
//! Each scenario runs in its own actix `System` on a current-thread tokio
//! runtime started paused (the clock jumps to the next timer whenever every
//! actor is idle). Fake listeners and fake backends record what the
//! supervisor sends, with the virtual time in ms, into one timeline; the
//! process exit status is what `System::run_with_code` returns: the
//! supervisor's `ShutdownServer { exit_code: 1 }`, or [`NO_EXIT`] when the
//! scenario's script ends the system itself.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, Once};
use std::thread::ThreadId;
use std::time::Duration;

use actix::prelude::*;
use ruru::actors::control::ControlRequest;
use ruru::actors::messages::{
    BackendHandle, BackendId, BackendRegistration, ListenerHandle, Liveness, Pause, Reconnect,
    ReconnectError, Resume, SetServer, SetServer6, Shutdown, StopBackend,
};
use ruru::actors::supervisor::on_fail::{OnFail, RecoveryParams};
use ruru::actors::supervisor::{Family, Family4, Family6, Supervisor, SupervisorParts};
use ruru::backends::lease6_backend::Lease6Backend;
use ruru::backends::lease_backend::LeaseBackend;
use ruru::backends::memfile::Memfile6Store;
use ruru::backends::memfile::MemfileStore;
use ruru::commands::protocol::Request;
use ruru::dhcp::v4::{Dhcp4Server, Ports};
use ruru::dhcp::v6::Dhcp6Server;
use ruru::stats::Stats;
use serde_json::{json, Value};
use tokio::time::{sleep, Instant};

/// Exit status a script ends the system with: the supervisor did not exit.
const NO_EXIT: i32 = 99;

/// Exit status when the scenario's script panicked (an assertion failed).
const SCRIPT_PANICKED: i32 = 101;

/// Exit status when nothing ended the scenario within a virtual day.
const TIMED_OUT: i32 = 98;

const REFUSED: &str = "connection refused";

fn dhcp4_json() -> Value {
    json!({"Dhcp4": {
        "interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},
        "lease-database": {"type": "memfile", "persist": false},
        "subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
                     "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}]
    }})
}

fn dhcp6_json() -> Value {
    json!({"Dhcp6": {
        "interfaces-config": {"interfaces": ["lo"]},
        "lease-database": {"type": "memfile", "persist": false},
        "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64",
                     "pools": [{"pool": "2001:db8:1::10 - 2001:db8:1::20"}]}]
    }})
}

/// Which family the supervisor under test serves (its one fake listener is
/// named `v4` or `v6`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fam {
    V4,
    V6,
}

/// Every log line, with the thread that logged it: a scenario's actors run on
/// its test's thread, so each test reads its own lines.
static LOG_LINES: Mutex<Vec<(ThreadId, String)>> = Mutex::new(Vec::new());

/// Records every line of INFO and above (and prints what `RUST_LOG` asks for).
struct CaptureLogger {
    print: env_logger::Logger,
}

impl log::Log for CaptureLogger {
    fn enabled(&self, m: &log::Metadata) -> bool {
        m.level() <= log::Level::Info || self.print.enabled(m)
    }
    fn log(&self, r: &log::Record) {
        if r.level() <= log::Level::Info {
            let line = r.args().to_string();
            LOG_LINES
                .lock()
                .expect("lock")
                .push((std::thread::current().id(), line));
        }
        if self.print.matches(r) {
            self.print.log(r);
        }
    }
    fn flush(&self) {}
}

fn init_logging() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // RUST_LOG=info shows the supervisor's Kea-style log lines.
        let print = env_logger::builder().is_test(true).build();
        let level = print.filter().max(log::LevelFilter::Info);
        if log::set_boxed_logger(Box::new(CaptureLogger { print })).is_ok() {
            log::set_max_level(level);
        }
    });
}

/// The lines logged on this thread so far.
fn logged_here() -> Vec<String> {
    let me = std::thread::current().id();
    LOG_LINES
        .lock()
        .expect("lock")
        .iter()
        .filter(|(t, _)| *t == me)
        .map(|(_, l)| l.clone())
        .collect()
}

/// What happened, when (virtual ms since the scenario started).
#[derive(Clone)]
struct Timeline {
    t0: Instant,
    events: Arc<Mutex<Vec<(u64, String)>>>,
}

impl Timeline {
    fn new() -> Self {
        Self {
            t0: Instant::now(),
            events: Arc::default(),
        }
    }
    fn now_ms(&self) -> u64 {
        u64::try_from(self.t0.elapsed().as_millis()).expect("fits")
    }
    fn push(&self, what: String) {
        let t = self.now_ms();
        self.events.lock().expect("lock").push((t, what));
    }
    fn take(&self) -> Vec<(u64, String)> {
        self.events.lock().expect("lock").clone()
    }
}

/// A listener that records Pause / Resume / Shutdown / SetServer.
struct FakeListener {
    name: &'static str,
    tl: Timeline,
}

impl Actor for FakeListener {
    type Context = Context<Self>;
}

macro_rules! record {
    ($msg:ty, $what:expr) => {
        impl Handler<$msg> for FakeListener {
            type Result = ();
            fn handle(&mut self, _: $msg, _: &mut Self::Context) {
                self.tl.push(format!("{} {}", self.name, $what));
            }
        }
    };
}
record!(Pause, "pause");
record!(Resume, "resume");
record!(Shutdown, "shutdown");
record!(SetServer, "set-server");
record!(SetServer6, "set-server6");

/// A backend whose reconnect attempts follow a script: the listed outcomes
/// in order, then `then` forever; each answer takes `delay`.
struct FakeBackend {
    name: &'static str,
    tl: Timeline,
    script: VecDeque<bool>,
    then: bool,
    delay: Duration,
}

impl Actor for FakeBackend {
    type Context = Context<Self>;
}

impl Handler<Reconnect> for FakeBackend {
    type Result = ResponseFuture<Result<(), ReconnectError>>;
    fn handle(&mut self, _: Reconnect, _: &mut Self::Context) -> Self::Result {
        self.tl.push(format!("{} reconnect", self.name));
        let ok = self.script.pop_front().unwrap_or(self.then);
        let delay = self.delay;
        Box::pin(async move {
            if !delay.is_zero() {
                sleep(delay).await;
            }
            if ok {
                Ok(())
            } else {
                Err(ReconnectError(REFUSED.into()))
            }
        })
    }
}

impl Handler<StopBackend> for FakeBackend {
    type Result = ();
    fn handle(&mut self, _: StopBackend, _: &mut Self::Context) {
        self.tl.push(format!("{} stop", self.name));
    }
}

/// A fake backend to register.
struct Db {
    name: &'static str,
    id: BackendId,
    kind: &'static str,
    recovery: Option<RecoveryParams>,
    script: Vec<bool>,
    then: bool,
    delay: Duration,
}

impl Db {
    /// The lease database on PostgreSQL.
    fn lease(on_fail: OnFail, tries: u32, wait_ms: u32) -> Self {
        Self {
            name: "lease",
            id: BackendId::Lease,
            kind: "postgresql",
            recovery: Some(RecoveryParams {
                on_fail,
                max_reconnect_tries: tries,
                reconnect_wait_time_ms: wait_ms,
            }),
            script: Vec::new(),
            then: false,
            delay: Duration::ZERO,
        }
    }
    /// A host database on MySQL.
    fn hosts(on_fail: OnFail, tries: u32, wait_ms: u32) -> Self {
        Self {
            name: "hosts",
            id: BackendId::Hosts(0),
            kind: "mysql",
            ..Self::lease(on_fail, tries, wait_ms)
        }
    }
    /// Reconnect attempts fail `n` times, then succeed.
    fn back_after(mut self, n: usize) -> Self {
        self.script = vec![false; n];
        self.then = true;
        self
    }
    fn delay_ms(mut self, ms: u64) -> Self {
        self.delay = Duration::from_millis(ms);
        self
    }
}

/// What a scenario script gets.
#[derive(Clone)]
struct Ctx {
    sup: Addr<Supervisor>,
    tl: Timeline,
}

impl Ctx {
    fn lose(&self, id: BackendId) {
        self.sup
            .do_send(Liveness::Lost(id, "server closed the connection".into()));
    }
    /// A loss reported by work that started at `started`.
    fn lose_since(&self, id: BackendId, started: tokio::time::Instant) {
        self.sup.do_send(Liveness::LostSince(
            id,
            "server closed the connection".into(),
            started,
        ));
    }
    async fn command(&self, name: &str, args: Option<Value>) -> (i32, Option<Value>) {
        let r = self
            .sup
            .send(ControlRequest {
                request: Request::new(name, args),
            })
            .await
            .expect("supervisor answers");
        (r.result, r.arguments)
    }
    async fn status(&self) -> Value {
        let (rc, args) = self.command("status-get", None).await;
        assert_eq!(rc, 0);
        args.expect("status-get arguments")
    }
    /// Sleeps until virtual time `ms` since the scenario started.
    async fn at(&self, ms: u64) {
        let now = self.tl.now_ms();
        assert!(ms >= now, "script went back in time: {ms} < {now}");
        sleep(Duration::from_millis(ms - now)).await;
    }
    /// Ends the scenario at `ms` without the supervisor exiting.
    async fn end_at(&self, ms: u64) {
        self.at(ms).await;
        System::current().stop_with_code(NO_EXIT);
    }
}

/// Runs a scenario: a DHCPv4 supervisor with one fake listener `v4` and the
/// fake backends `dbs`, then `script`; returns the exit status and the timeline.
fn run<F, Fut>(dbs: Vec<Db>, script: F) -> (i32, Vec<(u64, String)>)
where
    F: FnOnce(Ctx) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    run_family(Fam::V4, dbs, script)
}

/// The family's state as the supervisor starts with it.
fn family(fam: Fam, stats: &Arc<Stats>) -> Family {
    match fam {
        Fam::V4 => {
            let cfg = Arc::new(ruru::config::parse_dhcp4_value(&dhcp4_json()).expect("config"));
            let store = Arc::new(LeaseBackend::Memfile(MemfileStore::in_memory()));
            let server = Arc::new(Dhcp4Server::with_hosts(
                cfg.clone(),
                store.clone(),
                Vec::new(),
                stats.clone(),
                Ports::default(),
                false,
            ));
            Family::V4(Family4 {
                cfg,
                store,
                server,
                ports: Ports::default(),
            })
        }
        Fam::V6 => {
            let cfg = Arc::new(ruru::config::parse_dhcp6_value(&dhcp6_json()).expect("config"));
            let store = Arc::new(Lease6Backend::Memfile(Memfile6Store::in_memory()));
            let duid = vec![0, 4, 1, 2, 3, 4];
            let server = Arc::new(Dhcp6Server::with_hosts(
                cfg.clone(),
                store,
                Vec::new(),
                stats.clone(),
                duid,
            ));
            Family::V6(Family6 { cfg, server })
        }
    }
}

/// Runs a scenario like [`run`], with a supervisor serving `fam`.
fn run_family<F, Fut>(fam: Fam, dbs: Vec<Db>, script: F) -> (i32, Vec<(u64, String)>)
where
    F: FnOnce(Ctx) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    init_logging();
    let sys = System::with_tokio_rt(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .expect("tokio runtime")
    });
    let failure: Arc<Mutex<Option<String>>> = Arc::default();
    let tl = sys.block_on({
        let failure = failure.clone();
        async move {
            let tl = Timeline::new();
            let stats = Arc::new(Stats::default());
            let family = family(fam, &stats);
            let listener = FakeListener {
                name: if fam == Fam::V4 { "v4" } else { "v6" },
                tl: tl.clone(),
            }
            .start();
            let listener = match fam {
                Fam::V4 => ListenerHandle::of(&listener),
                Fam::V6 => ListenerHandle::of6(&listener),
            };
            let backends = dbs
                .into_iter()
                .map(|d| {
                    let addr = FakeBackend {
                        name: d.name,
                        tl: tl.clone(),
                        script: d.script.into(),
                        then: d.then,
                        delay: d.delay,
                    }
                    .start();
                    BackendRegistration {
                        id: d.id,
                        kind: d.kind.into(),
                        recovery: d.recovery,
                        handle: BackendHandle::of(&addr),
                    }
                })
                .collect();
            let sup = Supervisor::new(SupervisorParts {
                family,
                config_path: None,
                stats,
                listeners: vec![listener],
                backends,
                control: None,
                config_backend: None,
            })
            .start();
            let ctx = Ctx {
                sup,
                tl: tl.clone(),
            };
            let scenario = actix::spawn(script(ctx));
            let failure = failure.clone();
            actix::spawn(async move {
                if let Err(e) = scenario.await {
                    *failure.lock().expect("lock") = Some(format!("script failed: {e}"));
                    System::current().stop_with_code(SCRIPT_PANICKED);
                }
            });
            actix::spawn(async move {
                sleep(Duration::from_secs(86_400)).await;
                System::current().stop_with_code(TIMED_OUT);
            });
            tl
        }
    });
    let code = sys.run_with_code().expect("system ran");
    if let Some(f) = failure.lock().expect("lock").take() {
        panic!("{f} (the panic message is printed above)");
    }
    assert_ne!(code, TIMED_OUT, "nothing ended the scenario");
    (code, tl.take())
}

fn ev(list: &[(u64, &str)]) -> Vec<(u64, String)> {
    list.iter().map(|(t, s)| (*t, (*s).to_owned())).collect()
}

// ---------------------------------------------------------------- stop-retry-exit

#[test]
fn stop_retry_exit_five_tries_pause_retry_each_second_and_exit_1_four_seconds_after_loss() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 5, 1000)],
        |c| async move {
            c.lose(BackendId::Lease);
        },
    );
    assert_eq!(code, 1);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (2000, "lease reconnect"),
            (3000, "lease reconnect"),
            (4000, "lease reconnect"),
            // ShutdownServer leaves 20 ms for a command reply, then stops
            // listeners first, then backends.
            (4020, "v4 shutdown"),
            (4020, "lease stop"),
        ])
    );
}

#[test]
fn stop_retry_exit_resumes_when_the_database_is_back_within_the_retries() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 5, 1000).back_after(2)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.at(2500).await;
            let s = c.status().await;
            let b = &s["backends"][0];
            assert_eq!(b["state"], "connected", "{s}");
            assert_eq!(b["retries-left"], 5, "{s}");
            assert_eq!(b["last-error"], REFUSED, "{s}");
            assert_eq!(b["next-attempt"], Value::Null, "{s}");
            assert_eq!(s["dhcp-state"]["globally-disabled"], false, "{s}");
            c.end_at(60_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (2000, "lease reconnect"),
            (2000, "v4 resume"),
        ])
    );
}

/// A packet that started before the recovery and failed on the old
/// connections reports the loss late: that report is stale and starts no
/// second recovery; a failure of work started after the recovery does.
#[test]
fn a_late_loss_report_from_work_started_before_the_recovery_is_ignored() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 5, 1000).back_after(1)],
        |c| async move {
            let before = tokio::time::Instant::now();
            c.lose(BackendId::Lease);
            c.at(1500).await; // recovered at 1000
            c.lose_since(BackendId::Lease, before);
            c.at(2000).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "connected", "{s}");
            c.lose_since(BackendId::Lease, tokio::time::Instant::now());
            c.end_at(3000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1000, "v4 resume"),
            (2000, "v4 pause"),
            (2000, "lease reconnect"),
            (2000, "v4 resume"),
        ])
    );
}

#[test]
fn first_attempt_succeeding_pauses_and_resumes_at_once() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 5, 1000).back_after(0)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.end_at(10_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[(0, "v4 pause"), (0, "lease reconnect"), (0, "v4 resume")])
    );
}

// --------------------------------------------------------------- serve-retry-exit

#[test]
fn serve_retry_exit_keeps_serving_while_retrying_then_exits_1() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::ServeRetryExit, 3, 500)],
        |c| async move {
            c.lose(BackendId::Lease);
        },
    );
    assert_eq!(code, 1);
    assert_eq!(
        tl,
        ev(&[
            (0, "lease reconnect"),
            (500, "lease reconnect"),
            (1000, "lease reconnect"),
            (1020, "v4 shutdown"),
            (1020, "lease stop"),
        ])
    );
}

#[test]
fn serve_retry_exit_recovering_within_the_retries_does_not_exit() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::ServeRetryExit, 3, 500).back_after(1)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.end_at(10_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(tl, ev(&[(0, "lease reconnect"), (500, "lease reconnect")]));
}

// ----------------------------------------------------------- serve-retry-continue

#[test]
fn serve_retry_continue_recovering_within_the_retries() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::ServeRetryContinue, 3, 500).back_after(2)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.end_at(10_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "lease reconnect"),
            (500, "lease reconnect"),
            (1000, "lease reconnect"),
        ])
    );
}

#[test]
fn serve_retry_continue_never_exits_and_retries_every_30_s_after_exhaustion() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::ServeRetryContinue, 3, 1000).back_after(5)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.at(10_000).await;
            let s = c.status().await;
            let b = &s["backends"][0];
            assert_eq!(b["state"], "failed", "{s}");
            assert_eq!(b["retries-left"], 0, "{s}");
            assert_eq!(b["on-fail"], "serve-retry-continue", "{s}");
            assert!(b["next-attempt"].is_string(), "background retry: {s}");
            assert_eq!(s["dhcp-state"]["globally-disabled"], false, "{s}");
            c.at(100_000).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "connected", "{s}");
            c.end_at(200_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (2000, "lease reconnect"),
            (32_000, "lease reconnect"),
            (62_000, "lease reconnect"),
            (92_000, "lease reconnect"),
        ])
    );
}

// ------------------------------------------------ reconnect disabled (tries/wait 0)

#[test]
fn zero_tries_or_zero_wait_exit_at_once_in_the_exit_modes() {
    for (tries, wait) in [(0, 1000), (5, 0)] {
        let (code, tl) = run(
            vec![Db::lease(OnFail::StopRetryExit, tries, wait)],
            |c| async move {
                c.lose(BackendId::Lease);
            },
        );
        assert_eq!(code, 1, "tries={tries} wait={wait}");
        assert_eq!(
            tl,
            ev(&[(0, "v4 pause"), (20, "v4 shutdown"), (20, "lease stop")]),
            "stop-retry-exit tries={tries} wait={wait}"
        );
        let (code, tl) = run(
            vec![Db::lease(OnFail::ServeRetryExit, tries, wait)],
            |c| async move {
                c.lose(BackendId::Lease);
            },
        );
        assert_eq!(code, 1, "tries={tries} wait={wait}");
        assert_eq!(
            tl,
            ev(&[(20, "v4 shutdown"), (20, "lease stop")]),
            "serve-retry-exit tries={tries} wait={wait}"
        );
    }
}

#[test]
fn zero_tries_or_zero_wait_serve_retry_continue_serves_with_the_backend_failed() {
    for (tries, wait) in [(0, 1000), (5, 0)] {
        let (code, tl) = run(
            vec![Db::lease(OnFail::ServeRetryContinue, tries, wait)],
            |c| async move {
                c.lose(BackendId::Lease);
                c.at(1).await;
                let s = c.status().await;
                let b = &s["backends"][0];
                assert_eq!(b["state"], "failed", "{s}");
                assert_eq!(b["next-attempt"], Value::Null, "no reconnect: {s}");
                assert_eq!(s["dhcp-state"]["globally-disabled"], false, "{s}");
                c.lose(BackendId::Lease);
                c.end_at(600_000).await;
            },
        );
        assert_eq!(code, NO_EXIT);
        assert_eq!(
            tl,
            ev(&[]),
            "no reconnect, no pause: tries={tries} wait={wait}"
        );
    }
}

// ----------------------------------------------------------- several backends

#[test]
fn two_lost_backends_service_resumes_only_when_both_are_back() {
    let (code, tl) = run(
        vec![
            Db::lease(OnFail::StopRetryExit, 3, 1000).back_after(1),
            Db::hosts(OnFail::StopRetryExit, 3, 1500).back_after(1),
        ],
        |c| async move {
            c.lose(BackendId::Lease);
            c.lose(BackendId::Hosts(0));
            c.at(1200).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "connected", "{s}");
            assert_eq!(s["backends"][1]["name"], "hosts-databases[0]", "{s}");
            assert_eq!(s["backends"][1]["type"], "mysql", "{s}");
            assert_eq!(s["backends"][1]["state"], "retrying", "{s}");
            assert_eq!(s["dhcp-state"]["disabled-by-db-connection"], true, "{s}");
            c.end_at(10_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (0, "hosts reconnect"),
            (1000, "lease reconnect"),
            (1500, "hosts reconnect"),
            (1500, "v4 resume"),
        ])
    );
}

#[test]
fn two_backends_with_different_modes_recover_independently() {
    let (code, tl) = run(
        vec![
            Db::lease(OnFail::StopRetryExit, 3, 1000).back_after(1),
            Db::hosts(OnFail::ServeRetryContinue, 2, 500),
        ],
        |c| async move {
            c.lose(BackendId::Lease);
            c.lose(BackendId::Hosts(0));
            c.at(5000).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "connected", "{s}");
            assert_eq!(s["backends"][1]["state"], "failed", "{s}");
            assert_eq!(s["dhcp-state"]["globally-disabled"], false, "{s}");
            c.end_at(40_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (0, "hosts reconnect"),
            (500, "hosts reconnect"),
            (1000, "lease reconnect"),
            (1000, "v4 resume"),
            (30_500, "hosts reconnect"),
        ])
    );
}

#[test]
fn any_backend_reaching_its_exit_condition_stops_the_server() {
    let (code, tl) = run(
        vec![
            Db::lease(OnFail::StopRetryExit, 3, 1000).back_after(1),
            Db::hosts(OnFail::ServeRetryExit, 2, 1000),
        ],
        |c| async move {
            c.lose(BackendId::Lease);
            c.lose(BackendId::Hosts(0));
        },
    );
    assert_eq!(code, 1);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (0, "hosts reconnect"),
            (1000, "lease reconnect"),
            (1000, "hosts reconnect"),
            (1000, "v4 resume"),
            (1020, "v4 shutdown"),
            (1020, "lease stop"),
            (1020, "hosts stop"),
        ])
    );
}

// ------------------------------------------------------------ disable origins

#[test]
fn recovery_does_not_lift_a_user_disable() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 3, 1000).back_after(1)],
        |c| async move {
            assert_eq!(c.command("dhcp-disable", None).await.0, 0);
            c.at(100).await;
            c.lose(BackendId::Lease);
            c.at(1500).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "connected", "{s}");
            assert_eq!(s["dhcp-state"]["globally-disabled"], true, "{s}");
            assert_eq!(s["dhcp-state"]["disabled-by-user"], true, "{s}");
            assert_eq!(s["dhcp-state"]["disabled-by-db-connection"], false, "{s}");
            c.at(2000).await;
            assert_eq!(c.command("dhcp-enable", None).await.0, 0);
            c.end_at(3000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (100, "lease reconnect"),
            (1100, "lease reconnect"),
            (2000, "v4 resume"),
        ])
    );
}

#[test]
fn dhcp_enable_does_not_lift_an_outage_pause() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 3, 1000).back_after(2)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.at(500).await;
            assert_eq!(c.command("dhcp-disable", None).await.0, 0);
            assert_eq!(c.command("dhcp-enable", None).await.0, 0);
            let s = c.status().await;
            assert_eq!(s["dhcp-state"]["globally-disabled"], true, "{s}");
            assert_eq!(s["dhcp-state"]["disabled-by-user"], false, "{s}");
            assert_eq!(s["dhcp-state"]["disabled-by-db-connection"], true, "{s}");
            c.end_at(5000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (2000, "lease reconnect"),
            (2000, "v4 resume"),
        ])
    );
}

// ------------------------------------------------------------ reconfiguration

#[test]
fn config_set_during_recovery_clears_the_outage_and_its_timers() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 5, 1000)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.at(1500).await;
            assert_eq!(c.command("config-set", Some(dhcp4_json())).await.0, 0);
            let s = c.status().await;
            let b = &s["backends"][0];
            assert_eq!(b["state"], "connected", "{s}");
            assert_eq!(b["lost-at"], Value::Null, "{s}");
            assert_eq!(s["dhcp-state"]["globally-disabled"], false, "{s}");
            c.end_at(60_000).await;
        },
    );
    assert_eq!(code, NO_EXIT, "the old retry timers died with the outage");
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1500, "v4 set-server"),
            (1500, "v4 resume"),
        ])
    );
}

#[test]
fn config_set_with_a_new_lease_database_replaces_the_lost_backend() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 5, 1000)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.at(1500).await;
            let mut new = dhcp4_json();
            new["Dhcp4"]["lease-database"]["lfc-interval"] = json!(7200);
            assert_eq!(c.command("config-set", Some(new)).await.0, 0);
            let s = c.status().await;
            assert_eq!(
                s["backends"],
                json!([{"name": "lease-database", "type": "memfile", "state": "connected"}]),
                "{s}"
            );
            c.end_at(60_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1500, "v4 set-server"),
            (1500, "v4 resume"),
            (1500, "lease stop"),
        ])
    );
}

#[test]
fn config_set_makes_an_attempt_in_flight_stale_and_a_later_loss_starts_afresh() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 2, 1000).delay_ms(800)],
        |c| async move {
            c.lose(BackendId::Lease);
            // attempts are 1000 ms apart start to start: attempt 2 started
            // at 1000 and answers at 1800
            c.at(1500).await;
            assert_eq!(c.command("config-set", Some(dhcp4_json())).await.0, 0);
            c.at(5000).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "connected", "{s}");
            c.lose(BackendId::Lease);
            c.at(5100).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "lost", "{s}");
            assert_eq!(s["backends"][0]["retries-left"], 1, "{s}");
        },
    );
    assert_eq!(code, 1, "the fresh outage exhausts its own two tries");
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1500, "v4 set-server"),
            (1500, "v4 resume"),
            (5000, "v4 pause"),
            (5000, "lease reconnect"),
            (6000, "lease reconnect"),
            (6820, "v4 shutdown"),
            (6820, "lease stop"),
        ])
    );
}

// ------------------------------------------------------------------ status-get

#[test]
fn status_get_reports_each_backend_during_recovery() {
    let (code, _) = run(
        vec![Db::lease(OnFail::StopRetryExit, 5, 1000).delay_ms(200)],
        |c| async move {
            let s = c.status().await;
            assert_eq!(
                s["backends"][0],
                json!({
                    "name": "lease-database", "type": "postgresql", "state": "connected",
                    "on-fail": "stop-retry-exit", "max-reconnect-tries": 5,
                    "reconnect-wait-time": 1000, "retries-left": 5,
                    "last-error": null, "lost-at": null, "next-attempt": null,
                })
            );
            c.lose(BackendId::Lease);
            c.at(100).await;
            let s = c.status().await;
            let b = &s["backends"][0];
            assert_eq!(b["state"], "lost", "first attempt in flight: {s}");
            assert_eq!(b["retries-left"], 4, "{s}");
            assert_eq!(b["last-error"], "server closed the connection", "{s}");
            let lost_at = b["lost-at"].as_str().expect("lost-at");
            chrono::DateTime::parse_from_rfc3339(lost_at).expect("RFC 3339");
            assert_eq!(s["dhcp-state"]["globally-disabled"], true, "{s}");
            assert_eq!(s["dhcp-state"]["disabled-by-db-connection"], true, "{s}");
            c.at(1500).await; // attempt 1 failed at 200, attempt 2 due at 1200
            let s = c.status().await;
            let b = &s["backends"][0];
            assert_eq!(b["state"], "retrying", "{s}");
            assert_eq!(b["retries-left"], 3, "{s}");
            assert_eq!(b["last-error"], REFUSED, "{s}");
            assert_eq!(b["lost-at"].as_str(), Some(lost_at), "{s}");
            let next = b["next-attempt"].as_str().expect("next-attempt");
            chrono::DateTime::parse_from_rfc3339(next).expect("RFC 3339");
            c.end_at(1600).await;
        },
    );
    assert_eq!(code, NO_EXIT);
}

// ------------------------------------------------------------------ robustness

#[test]
fn repeated_loss_reports_start_one_recovery() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 3, 1000).back_after(1)],
        |c| async move {
            for _ in 0..5 {
                c.lose(BackendId::Lease);
            }
            c.at(500).await;
            c.lose(BackendId::Lease);
            c.end_at(10_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1000, "v4 resume"),
        ])
    );
}

#[test]
fn a_backend_without_recovery_parameters_is_never_recovered() {
    let memfile = Db {
        name: "lease",
        id: BackendId::Lease,
        kind: "memfile",
        recovery: None,
        script: Vec::new(),
        then: true,
        delay: Duration::ZERO,
    };
    let (code, tl) = run(vec![memfile], |c| async move {
        c.lose(BackendId::Lease);
        c.lose(BackendId::Hosts(3));
        c.at(100).await;
        let s = c.status().await;
        assert_eq!(
            s["backends"],
            json!([{"name": "lease-database", "type": "memfile", "state": "connected"}])
        );
        c.end_at(10_000).await;
    });
    assert_eq!(code, NO_EXIT);
    assert_eq!(tl, ev(&[]));
}

#[test]
fn a_reconnect_that_never_answers_counts_as_a_failed_attempt() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::ServeRetryExit, 2, 1000).delay_ms(3_600_000)],
        |c| async move {
            c.lose(BackendId::Lease);
        },
    );
    assert_eq!(code, 1);
    assert_eq!(
        tl,
        ev(&[
            // the attempt took longer than the wait: the next starts at once
            (0, "lease reconnect"),
            (120_000, "lease reconnect"),
            (240_020, "v4 shutdown"),
            (240_020, "lease stop"),
        ])
    );
}

/// A silent database holds each attempt for its connect-timeout; attempts
/// still start `reconnect-wait-time` apart (start to start), so the exit
/// comes (tries - 1) x wait + one attempt after the loss, as with a database
/// that refuses at once (Kea 2.2 hangs there instead).
#[test]
fn slow_attempts_keep_the_wait_start_to_start_and_exit_on_time() {
    let (code, tl) = run(
        vec![Db::lease(OnFail::StopRetryExit, 4, 400).delay_ms(300)],
        |c| async move {
            c.lose(BackendId::Lease);
        },
    );
    assert_eq!(code, 1);
    assert_eq!(
        tl,
        ev(&[
            (0, "v4 pause"),
            (0, "lease reconnect"),
            (400, "lease reconnect"),
            (800, "lease reconnect"),
            (1200, "lease reconnect"),
            (1520, "v4 shutdown"),
            (1520, "lease stop"),
        ])
    );
}

// ---------------------------------------------------------------- DHCPv6

#[test]
fn a_dhcpv6_listener_is_paused_and_resumed_by_the_same_recovery_with_dhcp6_log_ids() {
    let (code, tl) = run_family(
        Fam::V6,
        vec![Db::lease(OnFail::StopRetryExit, 3, 1000).back_after(1)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.at(500).await;
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "retrying", "{s}");
            assert_eq!(s["dhcp-state"]["disabled-by-db-connection"], true, "{s}");
            c.end_at(5000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v6 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1000, "v6 resume"),
        ])
    );
    let logs = logged_here();
    for id in [
        "DHCP6_DB_RECONNECT_LOST_CONNECTION",
        "DHCPSRV_PGSQL_LEASE_DB_RECONNECT_ATTEMPT_FAILED",
        "DHCPSRV_PGSQL_LEASE_DB_RECONNECT_ATTEMPT_SCHEDULE",
        "DHCP6_DB_RECONNECT_SUCCEEDED",
    ] {
        assert!(
            logs.iter().any(|l| l.starts_with(id)),
            "{id} not logged: {logs:#?}"
        );
    }
    assert!(
        !logs.iter().any(|l| l.starts_with("DHCP4_")),
        "a DHCPv4 log ID from the DHCPv6 server: {logs:#?}"
    );
}

#[test]
fn a_dhcpv6_supervisor_exits_when_the_lease_database_stays_lost() {
    let (code, tl) = run_family(
        Fam::V6,
        vec![Db::lease(OnFail::StopRetryExit, 2, 1000)],
        |c| async move {
            c.lose(BackendId::Lease);
        },
    );
    assert_eq!(code, 1);
    assert_eq!(
        tl,
        ev(&[
            (0, "v6 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1020, "v6 shutdown"),
            (1020, "lease stop"),
        ])
    );
    let logs = logged_here();
    assert!(
        logs.iter()
            .any(|l| l.starts_with("DHCP6_DB_RECONNECT_FAILED")),
        "{logs:#?}"
    );
    assert!(
        logs.iter().any(|l| l.starts_with("DHCP6_SHUTDOWN")),
        "{logs:#?}"
    );
}

#[test]
fn dhcpv6_config_set_swaps_the_v6_server_and_clears_an_outage() {
    let (code, tl) = run_family(
        Fam::V6,
        vec![Db::lease(OnFail::StopRetryExit, 10, 1000)],
        |c| async move {
            c.lose(BackendId::Lease);
            c.at(1500).await;
            let (rc, _) = c.command("config-set", Some(dhcp4_json())).await;
            assert_eq!(rc, 1, "a Dhcp4 map is refused by the DHCPv6 server");
            let (rc, _) = c.command("config-set", Some(dhcp6_json())).await;
            assert_eq!(rc, 0);
            let s = c.status().await;
            assert_eq!(s["backends"][0]["state"], "connected", "{s}");
            let (rc, _) = c.command("dhcp-disable", None).await;
            assert_eq!(rc, 0);
            c.end_at(10_000).await;
        },
    );
    assert_eq!(code, NO_EXIT);
    assert_eq!(
        tl,
        ev(&[
            (0, "v6 pause"),
            (0, "lease reconnect"),
            (1000, "lease reconnect"),
            (1500, "v6 set-server6"),
            (1500, "v6 resume"),
            (1500, "v6 pause"),
        ])
    );
}
