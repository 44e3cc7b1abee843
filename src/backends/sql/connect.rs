//! Opening connections (one directly, for the schema check and migrations) and the
//! bb8 pools the stores use. Connect errors keep the driver's words and are
//! classified: unreachable servers are "connection lost", refusals (password,
//! unknown database) are not.

use std::future::Future;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use bb8::{ErrorSink, ManageConnection, PooledConnection};
use diesel::ConnectionError;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, PoolError};
use diesel_async::{AsyncMysqlConnection, AsyncPgConnection, SimpleAsyncConnection};

use crate::backends::error::ErrorClass;
use crate::config::model::SqlDatabase;

use super::checked_connection::CheckedManager;
use super::error::{connect_reason_is_loss, pg_sqlstate_class, SqlError};
use super::mysql_tls::{self, RelayError};
use super::params;
use super::tls::{is_tls_refusal, TlsClient};

/// Idle pooled connections are closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(600);

/// An error with its causes ("db error: FATAL: database \"x\" does not exist").
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = c.source();
    }
    text
}

fn connect_error(db: &SqlDatabase, reason: String, lost: bool) -> SqlError {
    SqlError::Connect {
        backend: db.kind,
        database: db.name.clone(),
        reason,
        lost,
    }
}

/// Opens one PostgreSQL connection with Kea's parameters; over TLS (required,
/// with ruru's OpenSSL context, see [`super::tls`]) when any TLS key is set.
pub async fn pg_connect(db: &SqlDatabase) -> Result<AsyncPgConnection, SqlError> {
    if !db.tls.required() {
        return pg_connect_with(db, params::pg_config(db), tokio_postgres::NoTls).await;
    }
    let target = params::target(db);
    let tls = TlsClient::cached(&db.tls)
        .map_err(|e| connect_error(db, format!("{target}: {e}"), false))?;
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    ANNOUNCED.call_once(|| {
        log::info!(
            "DHCPSRV_PGSQL_TLS_SUPPORT Attempt to configure TLS: {}",
            tls_summary(db)
        );
    });
    let mut config = params::pg_config(db);
    config.ssl_mode(tokio_postgres::config::SslMode::Require);
    let verify = tls.verifies_server();
    let mut maker = postgres_openssl::MakeTlsConnector::new(tls.connector());
    maker.set_callback(move |c, _host| {
        c.set_verify_hostname(verify);
        Ok(())
    });
    pg_connect_with(db, config, maker).await
}

/// The TLS settings of `db` for log lines (paths and cipher list, no secrets).
fn tls_summary(db: &SqlDatabase) -> String {
    let t = &db.tls;
    let show = |p: &Option<std::path::PathBuf>| {
        p.as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string())
    };
    format!(
        "trust-anchor={} cert-file={} key-file={} cipher-list={}",
        show(&t.trust_anchor),
        show(&t.cert_file),
        show(&t.key_file),
        t.cipher_list.as_deref().unwrap_or("-")
    )
}

async fn pg_connect_with<T>(
    db: &SqlDatabase,
    config: tokio_postgres::Config,
    tls: T,
) -> Result<AsyncPgConnection, SqlError>
where
    T: tokio_postgres::tls::MakeTlsConnect<tokio_postgres::Socket>,
    T::Stream: Unpin + Send + 'static,
{
    let limit = params::connect_timeout(db);
    let target = params::target(db);
    let (client, connection) = match tokio::time::timeout(limit, config.connect(tls)).await {
        Err(_) => {
            return Err(connect_error(
                db,
                format!("{target}: no answer within {limit:?}"),
                true,
            ))
        }
        Ok(Err(e)) => {
            let reason = super::tls::explain_handshake_failure(&db.tls, with_causes(&e));
            // Connection-time errors still carry the SQLSTATE: Kea's table applies.
            // A refused TLS negotiation (certificate, cipher list, no TLS on
            // the server) is not a lost server.
            let code = e.code().map(|c| c.code().to_string());
            let lost = pg_sqlstate_class(code.as_deref()) == ErrorClass::ConnectionLost
                && !is_tls_refusal(&reason);
            return Err(connect_error(db, format!("{target}: {reason}"), lost));
        }
        Ok(Ok(pair)) => pair,
    };
    AsyncPgConnection::try_from_client_and_connection(client, connection)
        .await
        .map_err(|e| connect_error(db, format!("{target}: {}", with_causes(&e)), true))
}

/// Opens one MySQL connection with Kea's parameters. When any TLS key is set
/// and the server is reached over TCP, the connection goes through ruru's TLS
/// relay ([`super::mysql_tls`]); either way a session that turns out clear text
/// is logged as `DHCPSRV_MYSQL_NO_TLS` (as Kea does; it is not refused).
pub async fn mysql_connect(db: &SqlDatabase) -> Result<AsyncMysqlConnection, SqlError> {
    let mut opts = params::mysql_opts(db);
    let limit = params::connect_timeout(db);
    let target = params::target(db);
    let mut relay = None;
    if db.tls.required() && !params::mysql_uses_default_socket(db) {
        let tls = TlsClient::cached(&db.tls)
            .map_err(|e| connect_error(db, format!("{target}: {e}"), false))?;
        let r = mysql_tls::start(&db.host, db.port.unwrap_or(3306), &db.tls, tls, limit)
            .map_err(|e| connect_error(db, format!("{target}: TLS relay: {e}"), false))?;
        opts = opts.socket(Some(r.socket.clone()));
        relay = Some(r.outcome);
    }
    let mut conn = match tokio::time::timeout(limit, mysql_async::Conn::new(opts)).await {
        Err(_) => {
            return Err(connect_error(
                db,
                format!("{target}: no answer within {limit:?}"),
                true,
            ))
        }
        Ok(Err(e)) => {
            // The relay knows better why (unreachable server, TLS refused).
            if let Some(Ok(Err(why))) = relay.as_mut().map(|r| r.try_recv()) {
                let lost = matches!(why, RelayError::Unreachable(_));
                return Err(connect_error(db, format!("{target}: {why}"), lost));
            }
            let lost = match &e {
                mysql_async::Error::Io(_) | mysql_async::Error::Driver(_) => true,
                // ER_CON_COUNT_ERROR, ER_SERVER_SHUTDOWN: the server cannot serve us now.
                mysql_async::Error::Server(s) => matches!(s.code, 1040 | 1053),
                _ => connect_reason_is_loss(&e.to_string()),
            };
            return Err(connect_error(
                db,
                format!("{target}: {}", with_causes(&e)),
                lost,
            ));
        }
        Ok(Ok(conn)) => conn,
    };
    if db.tls.required() {
        log_mysql_tls(db, &mut conn).await?;
    }
    // Runs diesel-async's session setup (time_zone '+00:00', utf8mb4).
    AsyncMysqlConnection::try_from(conn)
        .await
        .map_err(|e| connect_error(db, format!("{target}: {}", with_causes(&e)), true))
}

/// Asks the server whether the session is encrypted (`Ssl_cipher`) and logs
/// Kea's `DHCPSRV_MYSQL_NO_TLS` (ERROR) or `DHCPSRV_MYSQL_TLS_CIPHER` (DEBUG).
async fn log_mysql_tls(db: &SqlDatabase, conn: &mut mysql_async::Conn) -> Result<(), SqlError> {
    use mysql_async::prelude::Queryable;
    let row: Option<(String, String)> = conn
        .query_first("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        .await
        .map_err(|e| {
            let target = params::target(db);
            connect_error(db, format!("{target}: {}", with_causes(&e)), true)
        })?;
    match row.map(|(_, cipher)| cipher).filter(|c| !c.is_empty()) {
        Some(cipher) => log::debug!("DHCPSRV_MYSQL_TLS_CIPHER TLS cipher: {cipher}"),
        None => log::error!("DHCPSRV_MYSQL_NO_TLS TLS was required but is not used"),
    }
    Ok(())
}

/// Remembers the last error the pool hit while connecting, so a checkout timeout
/// can say why, and signals every failed connect so a waiting checkout can
/// fail at once instead of waiting out `connect-timeout` (bb8 only reports
/// connect errors to its error sink; its getters wait for the timeout).
#[derive(Debug, Clone)]
struct LastError {
    text: Arc<Mutex<Option<String>>>,
    failed_connects: Arc<tokio::sync::watch::Sender<u64>>,
}

impl Default for LastError {
    fn default() -> Self {
        Self {
            text: Arc::default(),
            failed_connects: Arc::new(tokio::sync::watch::Sender::new(0)),
        }
    }
}

impl LastError {
    fn get(&self) -> Option<String> {
        self.text.lock().ok().and_then(|g| g.clone())
    }

    /// Resolves at the next failed connect after this call.
    fn next_failed_connect(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut rx = self.failed_connects.subscribe();
        rx.mark_unchanged();
        async move {
            if rx.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}

impl ErrorSink<PoolError> for LastError {
    fn sink(&self, error: PoolError) {
        log::debug!("DATABASE_POOL_CONNECT_FAILED {error}");
        let connect_failed = matches!(error, PoolError::ConnectionError(_));
        if let Ok(mut g) = self.text.lock() {
            *g = Some(error.to_string());
        }
        if connect_failed {
            self.failed_connects.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    fn boxed_clone(&self) -> Box<dyn ErrorSink<PoolError>> {
        Box::new(self.clone())
    }
}

/// A bb8 pool of connections to one database, replaceable as a whole.
///
/// The current pool sits behind a `RwLock<Arc<..>>`: an operation clones the
/// `Arc` (a short, synchronous read lock; never held across an await) and
/// checks a connection out of that pool with `get_owned`, so a concurrent
/// [`SqlPool::reconnect`] can install a fresh pool while older operations finish
/// (or fail) on the old one, which is dropped with its last user.
pub struct SqlPool<M: ManageConnection<Error = PoolError>> {
    current: RwLock<Arc<Pool<M>>>,
    db: SqlDatabase,
    make: fn(&SqlDatabase) -> M,
}

/// One bb8 pool and the connect errors of that pool (a connect failing in an
/// old pool must not fail a checkout from a new one).
struct Pool<M: ManageConnection<Error = PoolError>> {
    bb8: bb8::Pool<M>,
    errors: LastError,
}

impl<M: ManageConnection<Error = PoolError>> std::fmt::Debug for SqlPool<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlPool")
            .field("backend", &self.db.kind)
            .field("target", &params::target(&self.db))
            .finish_non_exhaustive()
    }
}

impl<M> SqlPool<M>
where
    M: ManageConnection<Error = PoolError>,
    M::Connection: SimpleAsyncConnection + Send,
{
    fn new_pool(db: &SqlDatabase, manager: M) -> Pool<M> {
        let errors = LastError::default();
        let bb8 = bb8::Pool::builder()
            .max_size(db.pool_size.max(1))
            .connection_timeout(params::connect_timeout(db))
            .idle_timeout(Some(IDLE_TIMEOUT))
            // Checked on checkout at most once a second (see
            // `checked_connection`), not before every statement.
            .test_on_check_out(true)
            // The recovery machine does the retrying, at Kea's pace.
            .retry_connection(false)
            .error_sink(Box::new(errors.clone()))
            .build_unchecked(manager);
        Pool { bb8, errors }
    }

    fn build(db: &SqlDatabase, make: fn(&SqlDatabase) -> M) -> Self {
        let pool = Self::new_pool(db, make(db));
        Self {
            current: RwLock::new(Arc::new(pool)),
            db: db.clone(),
            make,
        }
    }

    /// The pool in use now.
    fn pool(&self) -> Arc<Pool<M>> {
        match self.current.read() {
            Ok(g) => g.clone(),
            // A writer never panics while holding the lock (it only assigns);
            // recover the value anyway.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn pool_error(&self, pool: &Pool<M>, e: bb8::RunError<PoolError>) -> SqlError {
        let reason = match e {
            bb8::RunError::User(e) => e.to_string(),
            bb8::RunError::TimedOut => match pool.errors.get() {
                Some(last) => format!("timed out; last connection error: {last}"),
                None => "timed out".to_string(),
            },
        };
        SqlError::Pool {
            backend: self.db.kind,
            reason,
        }
    }

    /// A connection from the current pool (bounded by `connect-timeout`). The
    /// connection keeps its pool alive, even if the pool is replaced meanwhile.
    pub async fn get(&self) -> Result<PooledConnection<'static, M>, SqlError> {
        let pool = self.pool();
        self.checkout(&pool).await
    }

    /// A connection from `pool`; fails as soon as opening a new connection
    /// fails (the server is gone or refuses us), else after `connect-timeout`.
    async fn checkout(&self, pool: &Pool<M>) -> Result<PooledConnection<'static, M>, SqlError> {
        let failed = pool.errors.next_failed_connect();
        tokio::select! {
            got = pool.bb8.get_owned() => got.map_err(|e| self.pool_error(pool, e)),
            () = failed => Err(SqlError::Pool {
                backend: self.db.kind,
                reason: pool.errors.get().unwrap_or_else(|| "cannot connect".into()),
            }),
        }
    }

    /// `SELECT 1` on a connection from `pool`, the whole under `limit`.
    async fn round_trip(
        &self,
        pool: &Pool<M>,
        operation: &'static str,
        limit: Duration,
    ) -> Result<(), SqlError> {
        let backend = self.db.kind;
        let attempt = async {
            let mut c = self.checkout(pool).await?;
            c.batch_execute("SELECT 1")
                .await
                .map_err(|e| SqlError::query(backend, operation, e))
        };
        tokio::time::timeout(limit, attempt)
            .await
            .unwrap_or(Err(SqlError::Deadline {
                backend,
                operation,
                after: limit,
            }))
    }

    /// The database parameters this pool connects with.
    pub fn database(&self) -> &SqlDatabase {
        &self.db
    }

    /// A cheap liveness check: `SELECT 1` on a pooled connection, all within
    /// `connect-timeout`. Errors are classified as usual (a dead or silent
    /// server is `ConnectionLost`).
    ///
    /// CANCEL-SAFETY: changes nothing; dropping it returns the connection.
    pub async fn probe(&self) -> Result<(), SqlError> {
        let pool = self.pool();
        self.round_trip(&pool, "probe", params::connect_timeout(&self.db))
            .await
    }

    /// Builds a fresh pool from the same parameters, checks it with a
    /// `SELECT 1` within `connect-timeout`, and only then installs it in place
    /// of the current one. On failure the current pool stays. Operations
    /// holding connections of the old pool finish (or fail) on them; the old
    /// pool and its connections are closed when the last of them is returned.
    ///
    /// CANCEL-SAFETY: the swap is one synchronous assignment after the last
    /// await, so dropping the future leaves the old pool installed (the
    /// half-built new one is dropped); there is never no pool.
    pub async fn reconnect(&self) -> Result<(), SqlError> {
        let fresh = Self::new_pool(&self.db, (self.make)(&self.db));
        self.round_trip(&fresh, "reconnect", params::connect_timeout(&self.db))
            .await?;
        let fresh = Arc::new(fresh);
        match self.current.write() {
            Ok(mut g) => *g = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }
}

/// The pooled PostgreSQL connection manager type.
pub type PgManager = CheckedManager<AsyncDieselConnectionManager<AsyncPgConnection>>;
/// The pooled MySQL connection manager type.
pub type MysqlManager = CheckedManager<AsyncDieselConnectionManager<AsyncMysqlConnection>>;

/// A pool whose connections are opened by [`pg_connect`]. Connects lazily; must be
/// called inside a tokio runtime.
pub fn pg_pool(db: &SqlDatabase) -> SqlPool<PgManager> {
    SqlPool::build(db, pg_manager)
}

/// A pool whose connections are opened by [`mysql_connect`]. Connects lazily;
/// must be called inside a tokio runtime.
pub fn mysql_pool(db: &SqlDatabase) -> SqlPool<MysqlManager> {
    SqlPool::build(db, mysql_manager)
}

/// The bb8 manager opening connections with [`pg_connect`].
fn pg_manager(db: &SqlDatabase) -> PgManager {
    let mut config = ManagerConfig::<AsyncPgConnection>::default();
    let shared = Arc::new(db.clone());
    config.custom_setup = Box::new(move |_url| {
        let db = shared.clone();
        Box::pin(async move {
            pg_connect(&db)
                .await
                .map_err(|e| ConnectionError::BadConnection(e.to_string()))
        })
    });
    CheckedManager(AsyncDieselConnectionManager::new_with_config(
        params::target(db),
        config,
    ))
}

/// The bb8 manager opening connections with [`mysql_connect`].
fn mysql_manager(db: &SqlDatabase) -> MysqlManager {
    let mut config = ManagerConfig::<AsyncMysqlConnection>::default();
    let shared = Arc::new(db.clone());
    config.custom_setup = Box::new(move |_url| {
        let db = shared.clone();
        Box::pin(async move {
            mysql_connect(&db)
                .await
                .map_err(|e| ConnectionError::BadConnection(e.to_string()))
        })
    });
    CheckedManager(AsyncDieselConnectionManager::new_with_config(
        params::target(db),
        config,
    ))
}
