//! Connection failures give a clear error naming the backend, classified for the
//! supervisor: an unreachable server is "connection lost", a refusal (password,
//! unknown database) is not. Classification tables are unit-tested in
//! `src/backends/sql/error.rs`.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::support::db::{config, TestDb, MYSQL_PORT, PG_PORT};
use crate::support::proxy::Proxy;
use ruru::backends::lease_backend::LeaseBackend;
use ruru::backends::sql::{MysqlLeaseStore, PgLeaseStore, SqlError};
use ruru::backends::{ErrorClass, LeaseStore, StoreError};
use ruru::config::model::{LeaseDatabase, SqlDatabase, SqlKind};

async fn connect(db: &SqlDatabase) -> Result<(), SqlError> {
    match db.kind {
        SqlKind::Postgresql => PgLeaseStore::connect(db).await.map(|_| ()),
        SqlKind::Mysql => MysqlLeaseStore::connect(db).await.map(|_| ()),
    }
}

/// A local TCP port nobody listens on.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

async fn unreachable_is_connection_lost(kind: SqlKind, name: &str) {
    let mut db = config(kind, "kea");
    db.port = Some(closed_port());
    db.connect_timeout = 2;
    let started = Instant::now();
    let e = connect(&db).await.expect_err("nothing listens there");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "bounded by connect-timeout"
    );
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("{name} lease database 'kea': cannot connect")),
        "{msg}"
    );
    assert!(msg.contains("refused"), "{msg}");
    assert_eq!(e.class(), ErrorClass::ConnectionLost, "{msg}");
}

#[tokio::test]
async fn postgresql_unreachable_host() {
    unreachable_is_connection_lost(SqlKind::Postgresql, "postgresql").await;
}

#[tokio::test]
async fn mysql_unreachable_host() {
    unreachable_is_connection_lost(SqlKind::Mysql, "mysql").await;
}

#[tokio::test]
async fn postgresql_unknown_database() {
    let e = connect(&config(SqlKind::Postgresql, "ruru_no_such_db"))
        .await
        .expect_err("no such database");
    let msg = e.to_string();
    assert!(
        msg.starts_with("postgresql lease database 'ruru_no_such_db'"),
        "{msg}"
    );
    assert!(msg.contains("does not exist"), "{msg}");
    assert_eq!(e.class(), ErrorClass::Operation);
}

#[tokio::test]
async fn mysql_unknown_database() {
    let e = connect(&config(SqlKind::Mysql, "ruru_no_such_db"))
        .await
        .expect_err("no such database");
    let msg = e.to_string();
    assert!(
        msg.starts_with("mysql lease database 'ruru_no_such_db'"),
        "{msg}"
    );
    assert!(msg.contains("Unknown database"), "{msg}");
    assert_eq!(e.class(), ErrorClass::Operation);
}

/// A user with a password, created for the test and dropped after it.
struct TempUser {
    kind: SqlKind,
    name: String,
    db: TestDb,
}

impl TempUser {
    async fn create(kind: SqlKind) -> Self {
        let db = TestDb::with_ruru_schema(kind).await;
        let name = format!("{}_u", db.name);
        match kind {
            SqlKind::Postgresql => {
                db.execute(&format!("CREATE ROLE {name} LOGIN PASSWORD 'right'"))
                    .await
            }
            SqlKind::Mysql => {
                db.execute(&format!(
                    "CREATE USER '{name}'@'%' IDENTIFIED BY 'right'; \
                     CREATE USER '{name}'@'localhost' IDENTIFIED BY 'right'; \
                     GRANT ALL ON {0}.* TO '{name}'@'%'; \
                     GRANT ALL ON {0}.* TO '{name}'@'localhost'",
                    db.name
                ))
                .await
            }
        }
        Self { kind, name, db }
    }
}

impl Drop for TempUser {
    fn drop(&mut self) {
        let sql = match self.kind {
            SqlKind::Postgresql => format!("DROP ROLE IF EXISTS {}", self.name),
            SqlKind::Mysql => format!(
                "DROP USER IF EXISTS '{0}'@'%', '{0}'@'localhost'",
                self.name
            ),
        };
        let db_name = self.db.name.clone();
        let kind = self.kind;
        // The role must go after the database (PostgreSQL: it may own nothing left).
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let admin = TestDb {
                    kind,
                    name: db_name,
                };
                admin.execute(&sql).await;
                std::mem::forget(admin);
            });
        })
        .join();
    }
}

async fn wrong_password_is_refused(kind: SqlKind, name: &str) {
    let user = TempUser::create(kind).await;
    let mut db = user.db.config();
    db.user = Some(user.name.clone());
    db.password = Some("wrong".into());
    let e = connect(&db).await.expect_err("wrong password");
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("{name} lease database '{}'", user.db.name)),
        "{msg}"
    );
    assert_eq!(e.class(), ErrorClass::Operation, "{msg}");
    db.password = Some("right".into());
    connect(&db).await.expect("the right password works");
}

/// The local PostgreSQL trusts 127.0.0.1, so a wrong password cannot be provoked
/// there; an unknown role is the same kind of refusal (SQLSTATE 28000).
#[tokio::test]
async fn postgresql_unknown_user() {
    let mut db = config(SqlKind::Postgresql, "postgres");
    db.user = Some("ruru_no_such_role".into());
    db.password = Some("wrong".into());
    let e = connect(&db).await.expect_err("unknown role");
    let msg = e.to_string();
    assert!(
        msg.starts_with("postgresql lease database 'postgres': cannot connect"),
        "{msg}"
    );
    assert!(msg.contains("ruru_no_such_role"), "{msg}");
    assert_eq!(e.class(), ErrorClass::Operation, "{msg}");
}

#[tokio::test]
async fn mysql_wrong_password() {
    wrong_password_is_refused(SqlKind::Mysql, "mysql").await;
}

#[tokio::test]
async fn a_server_that_goes_away_is_connection_lost_within_the_deadline() {
    // A listener that accepts and never answers: the pool cannot connect, and the
    // operation fails by its deadline instead of hanging.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let mut db = config(SqlKind::Postgresql, "kea");
    db.port = Some(port);
    db.connect_timeout = 1;
    let store = PgLeaseStore::with_checked_schema(&db);
    let started = Instant::now();
    let e = store
        .get4("192.0.2.1".parse().expect("addr"))
        .await
        .expect_err("hung server");
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e.class(), ErrorClass::ConnectionLost, "{e}");
    assert!(
        e.to_string().starts_with("postgresql lease database"),
        "{e}"
    );
    drop(listener);
}

#[test]
fn sync_open_reports_the_backend_and_works_inside_a_runtime() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut bad = config(SqlKind::Mysql, "kea");
        bad.port = Some(closed_port());
        let e = LeaseBackend::open(&LeaseDatabase::Sql(bad)).expect_err("refused");
        assert!(e.to_string().starts_with("mysql lease database"), "{e}");
        assert_eq!(e.class(), ErrorClass::ConnectionLost);

        let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
        let backend = LeaseBackend::open(&LeaseDatabase::Sql(db.config())).expect("open");
        assert_eq!(backend.kind(), "postgresql");
        assert!(backend.get4_all(None).await.expect("query").is_empty());
    });
}

/// A server that completes the connection handshake and then never answers
/// (the schema-version query hangs): `connect` fails with the
/// connect-timeout deadline instead of waiting forever. `answers` is how many
/// server reads the handshake takes through the proxy.
async fn frozen_after_connect_hits_the_deadline(kind: SqlKind, answers: usize) {
    let db = TestDb::with_ruru_schema(kind).await;
    let proxy = Proxy::start(match kind {
        SqlKind::Postgresql => PG_PORT,
        SqlKind::Mysql => MYSQL_PORT,
    });
    proxy.freeze_after_answers(answers);
    let mut cfg = db.config();
    cfg.port = Some(proxy.port);
    cfg.connect_timeout = 1;
    // A safety net so old code fails the test instead of hanging it.
    let e = tokio::time::timeout(Duration::from_secs(60), connect(&cfg))
        .await
        .expect("connect must not hang on a frozen server")
        .expect_err("the server never answers the schema query");
    assert!(
        matches!(e, SqlError::Deadline { .. }),
        "the connect-timeout deadline, got {e:?}"
    );
    assert_eq!(e.class(), ErrorClass::ConnectionLost);
}

#[tokio::test]
async fn postgresql_schema_check_frozen_after_connect_is_bounded() {
    frozen_after_connect_hits_the_deadline(SqlKind::Postgresql, 1).await;
}

#[tokio::test]
async fn mysql_schema_check_frozen_after_connect_is_bounded() {
    frozen_after_connect_hits_the_deadline(SqlKind::Mysql, 3).await;
}
