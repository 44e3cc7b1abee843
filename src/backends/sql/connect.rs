//! Opening connections (one directly, for the schema check and migrations) and the
//! bb8 pools the stores use. Connect errors keep the driver's words and are
//! classified: unreachable servers are "connection lost", refusals (password,
//! unknown database) are not.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bb8::{ErrorSink, ManageConnection, PooledConnection};
use diesel::ConnectionError;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, PoolError};
use diesel_async::{AsyncMysqlConnection, AsyncPgConnection};

use crate::backends::error::ErrorClass;
use crate::config::model::{SqlDatabase, SqlKind};

use super::error::{connect_reason_is_loss, pg_sqlstate_class, SqlError};
use super::params;

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

/// Opens one PostgreSQL connection with Kea's parameters.
pub async fn pg_connect(db: &SqlDatabase) -> Result<AsyncPgConnection, SqlError> {
    let config = params::pg_config(db);
    let limit = params::connect_timeout(db);
    let target = params::target(db);
    let (client, connection) =
        match tokio::time::timeout(limit, config.connect(tokio_postgres::NoTls)).await {
            Err(_) => {
                return Err(connect_error(
                    db,
                    format!("{target}: no answer within {limit:?}"),
                    true,
                ))
            }
            Ok(Err(e)) => {
                // Connection-time errors still carry the SQLSTATE: Kea's table applies.
                let code = e.code().map(|c| c.code().to_string());
                let lost = pg_sqlstate_class(code.as_deref()) == ErrorClass::ConnectionLost;
                return Err(connect_error(
                    db,
                    format!("{target}: {}", with_causes(&e)),
                    lost,
                ));
            }
            Ok(Ok(pair)) => pair,
        };
    AsyncPgConnection::try_from_client_and_connection(client, connection)
        .await
        .map_err(|e| connect_error(db, format!("{target}: {}", with_causes(&e)), true))
}

/// Opens one MySQL connection with Kea's parameters.
pub async fn mysql_connect(db: &SqlDatabase) -> Result<AsyncMysqlConnection, SqlError> {
    let opts = params::mysql_opts(db);
    let limit = params::connect_timeout(db);
    let target = params::target(db);
    let conn = match tokio::time::timeout(limit, mysql_async::Conn::new(opts)).await {
        Err(_) => {
            return Err(connect_error(
                db,
                format!("{target}: no answer within {limit:?}"),
                true,
            ))
        }
        Ok(Err(e)) => {
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
    // Runs diesel-async's session setup (time_zone '+00:00', utf8mb4).
    AsyncMysqlConnection::try_from(conn)
        .await
        .map_err(|e| connect_error(db, format!("{target}: {}", with_causes(&e)), true))
}

/// Remembers the last error the pool hit while connecting, so a checkout timeout
/// can say why.
#[derive(Debug, Clone, Default)]
struct LastError(Arc<Mutex<Option<String>>>);

impl LastError {
    fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|g| g.clone())
    }
}

impl ErrorSink<PoolError> for LastError {
    fn sink(&self, error: PoolError) {
        log::debug!("DATABASE_POOL_CONNECT_FAILED {error}");
        if let Ok(mut g) = self.0.lock() {
            *g = Some(error.to_string());
        }
    }

    fn boxed_clone(&self) -> Box<dyn ErrorSink<PoolError>> {
        Box::new(self.clone())
    }
}

/// A bb8 pool of connections to one database.
#[derive(Debug)]
pub struct SqlPool<M: ManageConnection<Error = PoolError>> {
    pool: bb8::Pool<M>,
    backend: SqlKind,
    last_error: LastError,
}

impl<M: ManageConnection<Error = PoolError>> SqlPool<M> {
    fn build(db: &SqlDatabase, manager: M) -> Self {
        let last_error = LastError::default();
        let pool = bb8::Pool::builder()
            .max_size(db.pool_size.max(1))
            .connection_timeout(params::connect_timeout(db))
            .idle_timeout(Some(IDLE_TIMEOUT))
            .test_on_check_out(true)
            .error_sink(Box::new(last_error.clone()))
            .build_unchecked(manager);
        Self {
            pool,
            backend: db.kind,
            last_error,
        }
    }

    /// A connection from the pool (bounded by `connect-timeout`).
    pub async fn get(&self) -> Result<PooledConnection<'_, M>, SqlError> {
        self.pool.get().await.map_err(|e| {
            let reason = match e {
                bb8::RunError::User(e) => e.to_string(),
                bb8::RunError::TimedOut => match self.last_error.get() {
                    Some(last) => format!("timed out; last connection error: {last}"),
                    None => "timed out".to_string(),
                },
            };
            SqlError::Pool {
                backend: self.backend,
                reason,
            }
        })
    }
}

/// The pooled PostgreSQL connection manager type.
pub type PgManager = AsyncDieselConnectionManager<AsyncPgConnection>;
/// The pooled MySQL connection manager type.
pub type MysqlManager = AsyncDieselConnectionManager<AsyncMysqlConnection>;

/// A pool whose connections are opened by [`pg_connect`]. Connects lazily; must be
/// called inside a tokio runtime.
pub fn pg_pool(db: &SqlDatabase) -> SqlPool<PgManager> {
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
    SqlPool::build(db, PgManager::new_with_config(params::target(db), config))
}

/// A pool whose connections are opened by [`mysql_connect`]. Connects lazily; must
/// be called inside a tokio runtime.
pub fn mysql_pool(db: &SqlDatabase) -> SqlPool<MysqlManager> {
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
    SqlPool::build(
        db,
        MysqlManager::new_with_config(params::target(db), config),
    )
}
