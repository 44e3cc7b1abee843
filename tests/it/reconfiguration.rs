//! Reconfiguration of a running server (`config-set`), the same for both
//! families: the listeners' in-flight cap follows the lease store, an
//! interface that cannot be served is Kea's (DHCPv4's) rule for both, and
//! service resumes only once the lease statistics are counted. Actors run on
//! paused virtual time; fakes stand in for listeners where the real one is
//! not the subject.

use std::sync::{Arc, Mutex};

use actix::prelude::*;
use ruru::actors::backend::{lease_registration, BackendConn};
use ruru::actors::control::ControlRequest;
use ruru::actors::in_flight::{IN_FLIGHT_PER_SQL_CONNECTION, MAX_IN_FLIGHT};
use ruru::actors::listener::GetInFlightLimit;
use ruru::actors::listener::{v4 as listener, Dhcp4Listener};
use ruru::actors::listener::{v6 as listener6, Dhcp6Listener};
use ruru::actors::messages::Server6;
use ruru::actors::messages::{
    ListenerHandle, Liveness, Pause, Resume, SetServer, SetServer6, Shutdown,
};
use ruru::actors::supervisor::handlers::StartedUnreached;
use ruru::actors::supervisor::{Family, Family4, Family6, Supervisor, SupervisorParts};
use ruru::backends::lease6_backend::Lease6Backend;
use ruru::backends::lease_backend::LeaseBackend;
use ruru::backends::memfile::{Memfile6Store, MemfileStore};
use ruru::commands::protocol::Request;
use ruru::config::model::SqlKind;
use ruru::dhcp::v4::{Dhcp4Server, Ports};
use ruru::dhcp::v6::Dhcp6Server;
use ruru::stats::Stats;
use serde_json::{json, Value};

use crate::support::db::TestDb;
use crate::support::tls_db::lease_database_json;

fn dhcp4(lease_database: Value, interfaces: Value) -> Value {
    json!({"Dhcp4": {
        "interfaces-config": interfaces,
        "lease-database": lease_database,
        "subnet4": [{"id": 1, "subnet": "192.0.2.0/24",
                     "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}]
    }})
}

fn dhcp6(lease_database: Value, interfaces: Value) -> Value {
    json!({"Dhcp6": {
        "interfaces-config": interfaces,
        "lease-database": lease_database,
        "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64",
                     "pools": [{"pool": "2001:db8:1::10 - 2001:db8:1::20"}]}]
    }})
}

fn memfile() -> Value {
    json!({"type": "memfile", "persist": false})
}

fn lo() -> Value {
    json!({"interfaces": ["lo"], "dhcp-socket-type": "udp"})
}

fn lo6() -> Value {
    json!({"interfaces": ["lo"]})
}

/// A PostgreSQL `lease-database` map with `pool-size` connections (never
/// connected to by the tests that only look at the cap).
fn sql(pool_size: u32) -> Value {
    json!({"type": "postgresql", "name": "unused", "host": "127.0.0.1", "ruru-pool-size": pool_size})
}

fn server4(cfg: &Value, stats: &Arc<Stats>) -> Arc<ruru::actors::messages::Server4> {
    let cfg = Arc::new(ruru::config::parse_dhcp4_value(cfg).expect("valid Dhcp4"));
    let store = Arc::new(LeaseBackend::Memfile(MemfileStore::in_memory()));
    Arc::new(Dhcp4Server::with_hosts(
        cfg,
        store,
        Vec::new(),
        stats.clone(),
        Ports::default(),
        false,
    ))
}

fn server6(cfg: &Value, stats: &Arc<Stats>) -> Arc<Server6> {
    let cfg = Arc::new(ruru::config::parse_dhcp6_value(cfg).expect("valid Dhcp6"));
    let store = Arc::new(Lease6Backend::Memfile(Memfile6Store::in_memory()));
    Arc::new(Dhcp6Server::with_hosts(
        cfg,
        store,
        Vec::new(),
        stats.clone(),
        vec![0, 4, 1, 2, 3, 4],
    ))
}

/// Records what the supervisor sends; stands in for listeners and liveness
/// sinks. On `Resume` it notes whether the lease statistics were counted.
#[derive(Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
    stats: Option<Arc<Stats>>,
}

impl Actor for Recorder {
    type Context = Context<Self>;
}

impl Recorder {
    fn push(&self, what: &str) {
        self.seen.lock().expect("lock").push(what.to_owned());
    }
}

macro_rules! record {
    ($msg:ty, $name:expr) => {
        impl Handler<$msg> for Recorder {
            type Result = ();
            fn handle(&mut self, _: $msg, _: &mut Self::Context) {
                self.push($name);
            }
        }
    };
}
record!(Pause, "pause");
record!(Shutdown, "shutdown");
record!(SetServer, "set-server");
record!(SetServer6, "set-server");
record!(Liveness, "liveness");

impl Handler<Resume> for Recorder {
    type Result = ();
    fn handle(&mut self, _: Resume, _: &mut Self::Context) {
        let counted = self.stats.as_ref().is_some_and(|s| {
            s.get("subnet[1].assigned-nas")
                .or(s.get("subnet[1].assigned-addresses"))
                .is_some()
        });
        self.push(if counted {
            "resume (counted)"
        } else {
            "resume (uncounted)"
        });
    }
}

async fn settle() {
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
}

struct Harness {
    sup: Addr<Supervisor>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Harness {
    async fn command(&self, name: &str, args: Option<Value>) -> (i32, Option<String>) {
        let r = self
            .sup
            .send(ControlRequest {
                request: Request::new(name, args),
            })
            .await
            .expect("supervisor answers");
        (r.result, r.text)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("lock").clone()
    }
}

/// A supervisor serving `v6` or DHCPv4 from memfile, with a fake listener.
fn supervisor(v6: bool) -> Harness {
    supervisor_with_file(v6, None)
}

/// As [`supervisor`], with `-c` file `config_path` for `config-reload`.
fn supervisor_with_file(v6: bool, config_path: Option<std::path::PathBuf>) -> Harness {
    let stats = Arc::new(Stats::default());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let fake = Recorder {
        seen: seen.clone(),
        stats: Some(stats.clone()),
    }
    .start();
    let sink = Recorder::default().start();
    let (family, backend, listener) = if v6 {
        let server = server6(&dhcp6(memfile(), lo6()), &stats);
        let cfg = server.config().clone();
        let store = server.engine().store().clone();
        let conn = BackendConn::lease6(store.clone(), 0, sink.recipient()).start();
        let reg = lease_registration(&*store, &cfg.lease_database, &conn);
        let fam = Family::V6(Family6 { cfg, server });
        (fam, reg, ListenerHandle::of6(&fake))
    } else {
        let cfg = Arc::new(ruru::config::parse_dhcp4_value(&dhcp4(memfile(), lo())).expect("cfg"));
        let store = Arc::new(LeaseBackend::Memfile(MemfileStore::in_memory()));
        let server = Arc::new(Dhcp4Server::with_hosts(
            cfg.clone(),
            store.clone(),
            Vec::new(),
            stats.clone(),
            Ports::default(),
            false,
        ));
        let conn = BackendConn::new(
            ruru::actors::messages::BackendId::Lease,
            store.clone(),
            0,
            sink.recipient(),
        )
        .start();
        let reg = lease_registration(&store, &cfg.lease_database, &conn);
        let fam = Family::V4(Family4 {
            cfg,
            store,
            server,
            ports: Ports::default(),
        });
        (fam, reg, ListenerHandle::of(&fake))
    };
    let sup = Supervisor::new(SupervisorParts {
        family,
        config_path,
        stats,
        listeners: vec![listener],
        backends: vec![backend],
        control: None,
        config_backend: None,
    })
    .start();
    Harness { sup, seen }
}

const SQL_CAP: usize = 2 * IN_FLIGHT_PER_SQL_CONNECTION;

#[actix_rt::test]
async fn dhcp4_listener_in_flight_cap_follows_a_reconfiguration_to_sql() {
    tokio::time::pause();
    let stats = Arc::new(Stats::default());
    let sink = Recorder::default().start();
    let sock = listener::socket::open(0).expect("socket");
    let l = Dhcp4Listener::new(
        sock,
        server4(&dhcp4(memfile(), lo()), &stats),
        Vec::new(),
        stats.clone(),
        (),
        sink.recipient(),
    )
    .start();
    assert_eq!(
        l.send(GetInFlightLimit).await.expect("limit"),
        MAX_IN_FLIGHT
    );
    l.send(SetServer {
        server: server4(&dhcp4(sql(2), lo()), &stats),
        interfaces: Vec::new(),
    })
    .await
    .expect("set");
    assert_eq!(l.send(GetInFlightLimit).await.expect("limit"), SQL_CAP);
}

#[actix_rt::test]
async fn dhcp6_listener_in_flight_cap_follows_a_reconfiguration_to_sql() {
    tokio::time::pause();
    let stats = Arc::new(Stats::default());
    let sink = Recorder::default().start();
    let sock = listener6::socket::open(0, &[]).expect("socket");
    let l = Dhcp6Listener::new(
        sock,
        server6(&dhcp6(memfile(), lo6()), &stats),
        Vec::new(),
        stats.clone(),
        None,
        sink.recipient(),
    )
    .start();
    assert_eq!(
        l.send(GetInFlightLimit).await.expect("limit"),
        MAX_IN_FLIGHT
    );
    l.send(SetServer6 {
        server: server6(&dhcp6(sql(2), lo6()), &stats),
        interfaces: Vec::new(),
    })
    .await
    .expect("set");
    assert_eq!(
        l.send(GetInFlightLimit).await.expect("limit"),
        SQL_CAP,
        "DHCPv6 resizes its cap like DHCPv4"
    );
}

/// Kea's rule for an interface that cannot be served on reconfiguration,
/// the same for both families: logged and skipped, unless
/// `service-sockets-require-all` makes it an error.
async fn a_missing_interface_is_skipped_unless_all_are_required(v6: bool) {
    tokio::time::pause();
    let h = supervisor(v6);
    let missing = |require_all: bool| {
        let ifaces = json!({"interfaces": ["ruru-no-such0"],
                            "service-sockets-require-all": require_all});
        if v6 {
            dhcp6(memfile(), ifaces)
        } else {
            dhcp4(memfile(), ifaces)
        }
    };
    let (result, text) = h.command("config-set", Some(missing(false))).await;
    assert_eq!(result, 0, "skipped and logged: {text:?}");
    let (result, _) = h.command("config-set", Some(missing(true))).await;
    assert_eq!(result, 1, "service-sockets-require-all: an error");
}

#[actix_rt::test]
async fn dhcp4_reconfiguration_skips_a_missing_interface_unless_all_are_required() {
    a_missing_interface_is_skipped_unless_all_are_required(false).await;
}

#[actix_rt::test]
async fn dhcp6_reconfiguration_skips_a_missing_interface_unless_all_are_required() {
    a_missing_interface_is_skipped_unless_all_are_required(true).await;
}

/// Startup could not count the lease statistics (database unreached); a
/// `config-set` to a new lease database resumes service only after its
/// recount has run.
async fn service_resumes_only_after_the_new_lease_database_is_counted(v6: bool) {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let h = supervisor(v6);
    h.sup
        .send(StartedUnreached {
            why: "unreached at startup".into(),
        })
        .await
        .expect("sent");
    settle().await;
    assert_eq!(h.seen(), vec!["pause"]);
    let lease_db = lease_database_json(&db.config());
    let cfg = if v6 {
        dhcp6(lease_db, lo6())
    } else {
        dhcp4(lease_db, lo())
    };
    let (result, text) = h.command("config-set", Some(cfg)).await;
    assert_eq!(result, 0, "{text:?}");
    settle().await;
    let seen = h.seen();
    assert!(
        !seen.iter().any(|s| s == "resume (uncounted)"),
        "served before the statistics were counted: {seen:?}"
    );
    assert!(seen.iter().any(|s| s == "resume (counted)"), "{seen:?}");
}

#[actix_rt::test]
async fn dhcp4_service_resumes_only_after_the_new_lease_database_is_counted() {
    service_resumes_only_after_the_new_lease_database_is_counted(false).await;
}

#[actix_rt::test]
async fn dhcp6_service_resumes_only_after_the_new_lease_database_is_counted() {
    service_resumes_only_after_the_new_lease_database_is_counted(true).await;
}

/// A DHCPv4 configuration told apart by its `valid-lifetime`.
fn marked(lease_database: Value, valid_lifetime: u32) -> Value {
    let mut c = dhcp4(lease_database, lo());
    c["Dhcp4"]["valid-lifetime"] = json!(valid_lifetime);
    c
}

impl Harness {
    async fn running_valid_lifetime(&self) -> Option<u64> {
        let r = self
            .sup
            .send(ControlRequest {
                request: Request::new("config-get", None),
            })
            .await
            .expect("supervisor answers");
        r.arguments
            .and_then(|a| a["Dhcp4"]["valid-lifetime"].as_u64())
    }

    /// Sends both commands before either is answered; their answers.
    async fn back_to_back(&self, a: Request, b: Request) {
        let fa = self.sup.send(ControlRequest { request: a });
        let fb = self.sup.send(ControlRequest { request: b });
        let (ra, rb) = tokio::join!(fa, fb);
        let (ra, rb) = (ra.expect("answer"), rb.expect("answer"));
        assert_eq!(ra.result, 0, "{:?}", ra.text);
        assert_eq!(rb.result, 0, "{:?}", rb.text);
    }
}

fn config_set(cfg: Value) -> Request {
    Request::new("config-set", Some(cfg))
}

/// A (a new SQL lease database: its open is awaited) then B (memfile, at
/// once): B arrived last, so B is in force, and both are answered 0.
#[actix_rt::test]
async fn two_config_sets_back_to_back_end_with_the_last_one_slow_first() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let h = supervisor(false);
    let a = marked(lease_database_json(&db.config()), 1111);
    let b = marked(memfile(), 2222);
    h.back_to_back(config_set(a), config_set(b)).await;
    assert_eq!(h.running_valid_lifetime().await, Some(2222));
}

/// B (memfile) then A (SQL): A arrived last and is in force.
#[actix_rt::test]
async fn two_config_sets_back_to_back_end_with_the_last_one_fast_first() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let h = supervisor(false);
    let a = marked(lease_database_json(&db.config()), 1111);
    let b = marked(memfile(), 2222);
    h.back_to_back(config_set(b), config_set(a)).await;
    assert_eq!(h.running_valid_lifetime().await, Some(1111));
}

/// A config-set that awaits its database open, then a config-reload of the
/// `-c` file: the reload arrived last and is in force.
#[actix_rt::test]
async fn a_config_reload_arriving_after_a_config_set_is_applied_after_it() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("kea-dhcp4.conf");
    std::fs::write(&file, marked(memfile(), 3333).to_string()).expect("write");
    let h = supervisor_with_file(false, Some(file));
    let a = marked(lease_database_json(&db.config()), 1111);
    h.back_to_back(config_set(a), Request::new("config-reload", None))
        .await;
    assert_eq!(h.running_valid_lifetime().await, Some(3333));
}

/// `version-get` and `build-report` name every lease backend this build has
/// (both families have memfile, PostgreSQL and MySQL) and the one in use,
/// which follows a reconfiguration.
async fn version_and_build_report_name_the_backends_built_and_in_use(v6: bool) {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let h = supervisor(v6);
    let report = |h: &Harness| {
        let sup = h.sup.clone();
        async move {
            let ask = |name: &str| {
                sup.send(ControlRequest {
                    request: Request::new(name, None),
                })
            };
            let version = ask("version-get").await.expect("answer");
            let build = ask("build-report").await.expect("answer");
            let extended = version
                .arguments
                .and_then(|a| a["extended"].as_str().map(str::to_owned))
                .expect("extended");
            (extended, build.text.expect("text"))
        }
    };
    let (extended, build) = report(&h).await;
    for name in ["Memfile backend", "PostgreSQL backend", "MySQL backend"] {
        assert!(extended.contains(name), "{extended}");
    }
    assert!(
        build.contains("lease backends: mysql, postgresql, memfile"),
        "{build}"
    );
    assert!(
        extended.ends_with("lease backend in use: memfile"),
        "{extended}"
    );
    assert!(build.contains("lease backend in use: memfile"), "{build}");
    let lease_db = lease_database_json(&db.config());
    let cfg = if v6 {
        dhcp6(lease_db, lo6())
    } else {
        dhcp4(lease_db, lo())
    };
    assert_eq!(h.command("config-set", Some(cfg)).await.0, 0);
    let (extended, build) = report(&h).await;
    assert!(
        extended.ends_with("lease backend in use: postgresql"),
        "{extended}"
    );
    assert!(
        build.contains("lease backend in use: postgresql"),
        "{build}"
    );
}

#[actix_rt::test]
async fn dhcp4_version_and_build_report_name_the_backends_built_and_in_use() {
    version_and_build_report_name_the_backends_built_and_in_use(false).await;
}

#[actix_rt::test]
async fn dhcp6_version_and_build_report_name_the_backends_built_and_in_use() {
    version_and_build_report_name_the_backends_built_and_in_use(true).await;
}
