//! Kea's database parameters turned into driver connection options.
//!
//! - `host`: PostgreSQL treats a value starting with `/` as the unix-socket
//!   directory (as libpq does); MySQL treats `localhost` as "the default unix
//!   socket" [`MYSQL_DEFAULT_SOCKET`] (as libmysqlclient does), anything else as TCP.
//! - `user`: when absent, the login name of the process (the libpq/libmysqlclient
//!   default).
//! - `connect-timeout` bounds connecting and taking a connection from the pool.
//! - `tcp-user-timeout` (PostgreSQL) sets `TCP_USER_TIMEOUT` on the socket;
//!   `read-timeout` + `write-timeout` (MySQL) bound one statement exchange.
//! - `ruru-pool-size` (ruru's own key; Kea rejects it) is the number of connections
//!   kept to the server, default [`crate::config::model::DEFAULT_SQL_POOL_SIZE`].
//!
//! Every store operation runs under [`operation_deadline`]: a hung server fails the
//! operation (as "connection lost") instead of holding a packet forever.

use std::time::Duration;

use crate::config::model::{SqlDatabase, SqlKind};

/// The MySQL/MariaDB unix socket used for `host: localhost`.
pub const MYSQL_DEFAULT_SOCKET: &str = "/run/mysqld/mysqld.sock";

/// Time allowed for one statement when no driver timeout is configured.
pub const DEFAULT_STATEMENT_BUDGET: Duration = Duration::from_secs(10);

/// TCP keepalive: idle time before the first probe (PostgreSQL).
pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(10);
/// TCP keepalive: time between probes (PostgreSQL).
pub const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(2);
/// TCP keepalive: unanswered probes before the connection is dropped (PostgreSQL).
pub const KEEPALIVE_RETRIES: u32 = 3;

/// The user name drivers fall back to: the process's login name.
fn default_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "root".to_string())
}

/// Time allowed to open a connection or take one from the pool.
pub fn connect_timeout(db: &SqlDatabase) -> Duration {
    Duration::from_secs(u64::from(db.connect_timeout.max(1)))
}

/// Time allowed for one store operation: taking a connection plus the statement
/// (`read-timeout` + `write-timeout` for MySQL, `tcp-user-timeout` for PostgreSQL
/// when configured, else [`DEFAULT_STATEMENT_BUDGET`]).
pub fn operation_deadline(db: &SqlDatabase) -> Duration {
    let configured = match db.kind {
        SqlKind::Mysql => u64::from(db.read_timeout) + u64::from(db.write_timeout),
        SqlKind::Postgresql => u64::from(db.tcp_user_timeout),
    };
    let statement = if configured > 0 {
        Duration::from_secs(configured)
    } else {
        DEFAULT_STATEMENT_BUDGET
    };
    connect_timeout(db) + statement
}

/// tokio-postgres connection options for a PostgreSQL database map.
pub fn pg_config(db: &SqlDatabase) -> tokio_postgres::Config {
    let mut c = tokio_postgres::Config::new();
    // A host starting with '/' is a unix-socket directory (tokio-postgres, like libpq).
    c.host(&db.host)
        .port(db.port.unwrap_or(5432))
        .user(db.user.clone().unwrap_or_else(default_user))
        .dbname(&db.name)
        .application_name("ruru")
        .connect_timeout(connect_timeout(db))
        // A silent partition on an idle connection is noticed by the kernel
        // within about idle + interval x retries (16 s); a busy one by
        // `tcp-user-timeout` when set, and always by the operation deadline.
        .keepalives(true)
        .keepalives_idle(KEEPALIVE_IDLE)
        .keepalives_interval(KEEPALIVE_INTERVAL)
        .keepalives_retries(KEEPALIVE_RETRIES);
    if let Some(p) = &db.password {
        c.password(p.as_bytes());
    }
    if db.tcp_user_timeout > 0 {
        c.tcp_user_timeout(Duration::from_secs(u64::from(db.tcp_user_timeout)));
    }
    c
}

/// Whether a MySQL database map means the default unix socket (`host: localhost`).
pub fn mysql_uses_default_socket(db: &SqlDatabase) -> bool {
    db.host == "localhost"
}

/// mysql_async connection options for a MySQL database map.
pub fn mysql_opts(db: &SqlDatabase) -> mysql_async::OptsBuilder {
    let socket = mysql_uses_default_socket(db).then_some(MYSQL_DEFAULT_SOCKET);
    mysql_async::OptsBuilder::default()
        .ip_or_hostname(db.host.clone())
        .tcp_port(db.port.unwrap_or(3306))
        .socket(socket)
        .prefer_socket(false)
        .user(Some(db.user.clone().unwrap_or_else(default_user)))
        .pass(db.password.clone())
        .db_name(Some(db.name.clone()))
        .tcp_keepalive(Some(30_000u32))
        // diesel-async keeps its own statement cache; UPDATE reports matched rows
        // (as PostgreSQL does), so an update to identical values still counts.
        .stmt_cache_size(0)
        .client_found_rows(true)
}

/// `host:port/name` (or the socket) for messages; never the password.
pub fn target(db: &SqlDatabase) -> String {
    match db.kind {
        SqlKind::Postgresql if db.host.starts_with('/') => {
            format!("{}/{}", db.host, db.name)
        }
        SqlKind::Mysql if db.host == "localhost" => {
            format!("{MYSQL_DEFAULT_SOCKET}/{}", db.name)
        }
        SqlKind::Postgresql => format!("{}:{}/{}", db.host, db.port.unwrap_or(5432), db.name),
        SqlKind::Mysql => format!("{}:{}/{}", db.host, db.port.unwrap_or(3306), db.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::model::OnFail;

    fn db(kind: SqlKind, host: &str) -> SqlDatabase {
        SqlDatabase {
            kind,
            name: "kea".into(),
            host: host.into(),
            port: None,
            user: Some("kea".into()),
            password: Some("secret".into()),
            connect_timeout: 3,
            read_timeout: 0,
            write_timeout: 0,
            tcp_user_timeout: 0,
            max_reconnect_tries: 0,
            reconnect_wait_time: 0,
            on_fail: OnFail::StopRetryExit,
            retry_on_startup: false,
            pool_size: 4,
            tls: Default::default(),
        }
    }

    #[test]
    fn pg_unix_socket_directory_and_timeouts() {
        let mut d = db(SqlKind::Postgresql, "/run/postgresql");
        d.tcp_user_timeout = 7;
        let c = pg_config(&d);
        assert!(matches!(
            c.get_hosts(),
            [tokio_postgres::config::Host::Unix(p)] if p.to_str() == Some("/run/postgresql")
        ));
        assert_eq!(c.get_ports(), &[5432]);
        assert_eq!(c.get_dbname(), Some("kea"));
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(3)));
        assert_eq!(c.get_tcp_user_timeout(), Some(&Duration::from_secs(7)));
        assert!(c.get_keepalives());
        assert_eq!(c.get_keepalives_idle(), KEEPALIVE_IDLE);
        assert_eq!(c.get_keepalives_interval(), Some(KEEPALIVE_INTERVAL));
        assert_eq!(c.get_keepalives_retries(), Some(KEEPALIVE_RETRIES));
        assert_eq!(operation_deadline(&d), Duration::from_secs(10));
    }

    #[test]
    fn mysql_localhost_is_the_default_socket() {
        let o: mysql_async::Opts = mysql_opts(&db(SqlKind::Mysql, "localhost")).into();
        assert_eq!(o.socket(), Some(MYSQL_DEFAULT_SOCKET));
        let o: mysql_async::Opts = mysql_opts(&db(SqlKind::Mysql, "127.0.0.1")).into();
        assert_eq!(o.socket(), None);
        assert_eq!(o.tcp_port(), 3306);
        assert_eq!(o.db_name(), Some("kea"));
    }

    #[test]
    fn mysql_deadline_uses_read_and_write_timeouts() {
        let mut d = db(SqlKind::Mysql, "127.0.0.1");
        assert_eq!(
            operation_deadline(&d),
            Duration::from_secs(3) + DEFAULT_STATEMENT_BUDGET
        );
        d.read_timeout = 2;
        d.write_timeout = 1;
        assert_eq!(operation_deadline(&d), Duration::from_secs(6));
    }

    #[test]
    fn targets_never_show_the_password() {
        let t = target(&db(SqlKind::Postgresql, "127.0.0.1"));
        assert_eq!(t, "127.0.0.1:5432/kea");
        assert!(!t.contains("secret"));
    }
}
