//! SQL test fixtures: a uniquely named database per test on the local PostgreSQL
//! (127.0.0.1:5432, user `postgres`, trust) or MariaDB/MySQL (127.0.0.1:3306, user
//! `root`, no password), dropped when the guard goes out of scope. A server that
//! cannot be reached fails the test, saying what to start.

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use mysql_async::prelude::Queryable;
use ruru::backends::sql::{init_database, MysqlLeaseStore, PgLeaseStore};
use ruru::config::model::{OnFail, SqlDatabase, SqlKind};

/// Where the test servers listen.
pub const HOST: &str = "127.0.0.1";
/// PostgreSQL port.
pub const PG_PORT: u16 = 5432;
/// MySQL port.
pub const MYSQL_PORT: u16 = 3306;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh, unique database name (parallel tests and processes never collide).
fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "ruru_t_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The database map ruru would get from a Kea config for this test database.
pub fn config(kind: SqlKind, name: &str) -> SqlDatabase {
    SqlDatabase {
        kind,
        name: name.to_string(),
        host: HOST.to_string(),
        port: Some(match kind {
            SqlKind::Postgresql => PG_PORT,
            SqlKind::Mysql => MYSQL_PORT,
        }),
        user: Some(
            match kind {
                SqlKind::Postgresql => "postgres",
                SqlKind::Mysql => "root",
            }
            .to_string(),
        ),
        password: None,
        connect_timeout: 5,
        read_timeout: 0,
        write_timeout: 0,
        tcp_user_timeout: 0,
        max_reconnect_tries: 0,
        reconnect_wait_time: 0,
        on_fail: OnFail::StopRetryExit,
        retry_on_startup: false,
        pool_size: 8,
        tls: Default::default(),
    }
}

async fn pg_admin() -> tokio_postgres::Client {
    let (client, conn) = tokio_postgres::Config::new()
        .host(HOST)
        .port(PG_PORT)
        .user("postgres")
        .dbname("postgres")
        .connect(tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is not reachable at {HOST}:{PG_PORT} as user postgres ({e}): \
                 start it (service postgresql start) with trust auth for 127.0.0.1"
            )
        });
    tokio::spawn(conn);
    client
}

async fn mysql_admin() -> mysql_async::Conn {
    let opts = mysql_async::OptsBuilder::default()
        .ip_or_hostname(HOST)
        .tcp_port(MYSQL_PORT)
        .user(Some("root"))
        .prefer_socket(false);
    mysql_async::Conn::new(opts).await.unwrap_or_else(|e| {
        panic!(
            "MariaDB/MySQL is not reachable at {HOST}:{MYSQL_PORT} as root without password \
             ({e}): start it (service mariadb start)"
        )
    })
}

/// An empty database, dropped on drop.
#[derive(Debug)]
pub struct TestDb {
    /// Which server.
    pub kind: SqlKind,
    /// The database name.
    pub name: String,
}

impl TestDb {
    /// Creates an empty, uniquely named database.
    pub async fn create(kind: SqlKind) -> Self {
        let name = unique_name();
        match kind {
            SqlKind::Postgresql => {
                pg_admin()
                    .await
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("CREATE DATABASE");
            }
            SqlKind::Mysql => {
                let mut c = mysql_admin().await;
                c.query_drop(format!("CREATE DATABASE {name}"))
                    .await
                    .expect("CREATE DATABASE");
                c.disconnect().await.ok();
            }
        }
        Self { kind, name }
    }

    /// A database with ruru's schema (from its migrations).
    pub async fn with_ruru_schema(kind: SqlKind) -> Self {
        let db = Self::create(kind).await;
        init_database(&db.config()).await.expect("init_database");
        db
    }

    /// A database initialised by Kea's own `kea-admin db-init`.
    pub async fn with_kea_schema(kind: SqlKind) -> Self {
        let db = Self::create(kind).await;
        let (backend, user, password) = match kind {
            SqlKind::Postgresql => ("pgsql", "postgres", "unused"),
            SqlKind::Mysql => ("mysql", "root", ""),
        };
        let out = Command::new("kea-admin")
            .args([
                "db-init", backend, "-h", HOST, "-u", user, "-p", password, "-n",
            ])
            .arg(&db.name)
            .output()
            .expect("kea-admin is not installed (apt-get install kea-admin)");
        assert!(
            out.status.success(),
            "kea-admin db-init {backend} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        db
    }

    /// The map ruru connects with.
    pub fn config(&self) -> SqlDatabase {
        config(self.kind, &self.name)
    }

    /// A plain PostgreSQL client on this database (to inspect what a server wrote).
    pub async fn pg_client(&self) -> tokio_postgres::Client {
        let (client, conn) = tokio_postgres::Config::new()
            .host(HOST)
            .port(PG_PORT)
            .user("postgres")
            .dbname(&self.name)
            .connect(tokio_postgres::NoTls)
            .await
            .expect("PostgreSQL test database (service postgresql start)");
        tokio::spawn(conn);
        client
    }

    /// A plain MySQL connection on this database, in UTC like ruru's sessions.
    pub async fn mysql_conn(&self) -> mysql_async::Conn {
        let mut c = mysql_async::Conn::new(
            mysql_async::OptsBuilder::default()
                .ip_or_hostname(HOST)
                .tcp_port(MYSQL_PORT)
                .user(Some("root"))
                .db_name(Some(self.name.clone()))
                .prefer_socket(false),
        )
        .await
        .expect("MariaDB test database (service mariadb start)");
        c.query_drop("SET time_zone = '+00:00'")
            .await
            .expect("set time_zone");
        c
    }

    /// Runs one admin statement in this database.
    pub async fn execute(&self, sql: &str) {
        match self.kind {
            SqlKind::Postgresql => {
                let (client, conn) = tokio_postgres::Config::new()
                    .host(HOST)
                    .port(PG_PORT)
                    .user("postgres")
                    .dbname(&self.name)
                    .connect(tokio_postgres::NoTls)
                    .await
                    .expect("connect to the test database");
                tokio::spawn(conn);
                client.batch_execute(sql).await.expect(sql);
            }
            SqlKind::Mysql => {
                let mut c = mysql_async::Conn::new(
                    mysql_async::OptsBuilder::default()
                        .ip_or_hostname(HOST)
                        .tcp_port(MYSQL_PORT)
                        .user(Some("root"))
                        .db_name(Some(self.name.clone()))
                        .prefer_socket(false),
                )
                .await
                .expect("connect to the test database");
                c.query_drop(sql).await.expect(sql);
                c.disconnect().await.ok();
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (kind, name) = (self.kind, self.name.clone());
        // Drop runs inside the test's runtime: do the I/O on a thread of its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                match kind {
                    SqlKind::Postgresql => {
                        pg_admin()
                            .await
                            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .await
                    }
                    .map_err(|e| e.to_string()),
                    SqlKind::Mysql => {
                        let mut c = mysql_admin().await;
                        let r = c
                            .query_drop(format!("DROP DATABASE IF EXISTS {name}"))
                            .await
                            .map_err(|e| e.to_string());
                        c.disconnect().await.ok();
                        r
                    }
                }
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) && !std::thread::panicking() {
            eprintln!("warning: could not drop test database {}", self.name);
        }
    }
}

/// A PostgreSQL store on a fresh database with ruru's schema.
pub async fn pg_store() -> (PgLeaseStore, TestDb) {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let store = PgLeaseStore::connect(&db.config()).await.expect("connect");
    (store, db)
}

/// A MySQL store on a fresh database with ruru's schema.
pub async fn mysql_store() -> (MysqlLeaseStore, TestDb) {
    let db = TestDb::with_ruru_schema(SqlKind::Mysql).await;
    let store = MysqlLeaseStore::connect(&db.config())
        .await
        .expect("connect");
    (store, db)
}
