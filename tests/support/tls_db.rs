//! TLS test fixtures: a throw-away certificate authority (server and client
//! certificates made with the `openssl` CLI), and private PostgreSQL 15 and
//! MariaDB instances configured for TLS, each in its own temp dir on a free
//! port, stopped and removed when the guard is dropped (also when a test fails).
//! Instances are small (16 MB buffers) and their start-up is bounded in time.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ruru::config::model::{OnFail, SqlDatabase, SqlKind, SqlTls};

/// The database every private instance has.
pub const DB_NAME: &str = "ruru_tls";
/// PostgreSQL: the user that logs in with its client certificate (`cert` auth).
pub const PG_CERT_USER: &str = "ruru_cert";
/// MariaDB: the user that must use TLS (`REQUIRE SSL`).
pub const MY_SSL_USER: &str = "ruru_ssl";
/// MariaDB: the user that must show a certificate from the test CA (`REQUIRE X509`).
pub const MY_X509_USER: &str = "ruru_x509";

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
const START_LIMIT: Duration = Duration::from_secs(60);

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// A free TCP port on 127.0.0.1 (chosen by the OS).
pub fn free_tcp_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free tcp port")
}

/// A test CA, a server certificate for 127.0.0.1/localhost, a client
/// certificate (PKCS#1 key, as Kea users often have) and an unrelated CA.
#[derive(Debug, Clone)]
pub struct Certs {
    /// The CA certificate (PEM): the right `trust-anchor`.
    pub ca: PathBuf,
    /// A directory holding only the CA certificate: `trust-anchor` as a directory.
    pub ca_dir: PathBuf,
    /// Another CA that signed nothing here: a wrong `trust-anchor`.
    pub other_ca: PathBuf,
    /// Server certificate and key.
    pub server_cert: PathBuf,
    /// Server key (PKCS#8).
    pub server_key: PathBuf,
    /// Client certificate (CN = the `client_cn` given).
    pub client_cert: PathBuf,
    /// Client key in PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub client_key: PathBuf,
}

impl Certs {
    /// Makes everything in `dir`; the client certificate's CN is `client_cn`.
    pub fn generate(dir: &Path, client_cn: &str) -> Self {
        let p = |n: &str| dir.join(n);
        let openssl = |args: &[&str]| {
            run(Command::new("openssl").args(args).current_dir(dir));
        };
        for (name, cn) in [("ca", "ruru test CA"), ("other-ca", "unrelated CA")] {
            openssl(&[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.pem"),
                "-subj",
                &format!("/CN={cn}"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]);
        }
        let sign = |name: &str, cn: &str, ext: &str| {
            openssl(&[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.csr"),
                "-subj",
                &format!("/CN={cn}"),
            ]);
            std::fs::write(p(&format!("{name}.ext")), ext).expect("write ext");
            openssl(&[
                "x509",
                "-req",
                "-in",
                &format!("{name}.csr"),
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                &format!("{name}.pem"),
                "-extfile",
                &format!("{name}.ext"),
            ]);
        };
        sign(
            "server",
            "localhost",
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
        );
        sign("client", client_cn, "extendedKeyUsage=clientAuth\n");
        openssl(&[
            "rsa",
            "-in",
            "client.key",
            "-out",
            "client-rsa.key",
            "-traditional",
        ]);
        let key = std::fs::read_to_string(p("client-rsa.key")).expect("client key");
        assert!(key.starts_with("-----BEGIN RSA PRIVATE KEY-----"), "{key}");
        let ca_dir = p("ca-dir");
        std::fs::create_dir(&ca_dir).expect("ca dir");
        std::fs::copy(p("ca.pem"), ca_dir.join("test-ca.pem")).expect("copy ca");
        Self {
            ca: p("ca.pem"),
            ca_dir,
            other_ca: p("other-ca.pem"),
            server_cert: p("server.pem"),
            server_key: p("server.key"),
            client_cert: p("client.pem"),
            client_key: p("client-rsa.key"),
        }
    }

    /// TLS settings verifying the server against the test CA.
    pub fn verified(&self) -> SqlTls {
        SqlTls {
            trust_anchor: Some(self.ca.clone()),
            ..SqlTls::default()
        }
    }

    /// [`Certs::verified`] plus the client certificate and key.
    pub fn with_client_cert(&self) -> SqlTls {
        SqlTls {
            cert_file: Some(self.client_cert.clone()),
            key_file: Some(self.client_key.clone()),
            ..self.verified()
        }
    }
}

/// A database map for a private instance on 127.0.0.1:`port`.
fn sql_database(kind: SqlKind, port: u16, user: &str, tls: SqlTls) -> SqlDatabase {
    SqlDatabase {
        kind,
        name: DB_NAME.to_string(),
        host: "127.0.0.1".to_string(),
        port: Some(port),
        user: Some(user.to_string()),
        password: None,
        connect_timeout: 5,
        read_timeout: 0,
        write_timeout: 0,
        tcp_user_timeout: 0,
        max_reconnect_tries: 0,
        reconnect_wait_time: 0,
        on_fail: OnFail::StopRetryExit,
        retry_on_startup: false,
        pool_size: 2,
        tls,
    }
}

/// The `lease-database` map of `db` as a Kea config would have it (TLS keys
/// included when set).
pub fn lease_database_json(db: &SqlDatabase) -> serde_json::Value {
    let mut m = serde_json::json!({
        "type": db.kind.name(), "name": db.name, "host": db.host,
        "port": db.port, "user": db.user,
    });
    let t = &db.tls;
    for (key, value) in [
        (
            "trust-anchor",
            t.trust_anchor.as_ref().map(|p| p.display().to_string()),
        ),
        (
            "cert-file",
            t.cert_file.as_ref().map(|p| p.display().to_string()),
        ),
        (
            "key-file",
            t.key_file.as_ref().map(|p| p.display().to_string()),
        ),
        ("cipher-list", t.cipher_list.clone()),
    ] {
        if let Some(v) = value {
            m[key] = serde_json::json!(v);
        }
    }
    m
}

/// A private PostgreSQL 15 with `ssl=on`, listening on 127.0.0.1 and on
/// 127.0.0.2 (an address the server certificate does not name): TCP connections must use TLS
/// (`hostnossl ... reject`), [`PG_CERT_USER`] logs in with its client
/// certificate, `postgres` with TLS alone.
pub struct PrivatePostgres {
    dir: tempfile::TempDir,
    data: PathBuf,
    /// The server options it was started with (for [`Self::start_again`]).
    opts: String,
    /// TCP port on 127.0.0.1.
    pub port: u16,
    /// The certificates the server and clients use.
    pub certs: Certs,
}

impl PrivatePostgres {
    /// Starts an instance; `settings` are extra `-c name=value` server settings.
    pub fn start(settings: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let certs = Certs::generate(dir.path(), PG_CERT_USER);
        let data = dir.path().join("data");
        run(Command::new("chown")
            .arg("-R")
            .arg("postgres:postgres")
            .arg(dir.path()));
        run(Command::new("chmod").arg("0600").arg(&certs.server_key));
        run(Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(format!("{PG_BIN}/initdb"))
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
            .arg(&data));
        std::fs::write(
            data.join("pg_hba.conf"),
            format!(
                "local all all trust\n\
                 hostssl all {PG_CERT_USER} 127.0.0.0/8 cert\n\
                 hostssl all all 127.0.0.0/8 trust\n\
                 hostnossl all all 127.0.0.0/8 reject\n"
            ),
        )
        .expect("pg_hba.conf");
        let port = free_tcp_port();
        let mut opts = format!(
            "-c listen_addresses=127.0.0.1,127.0.0.2 -p {port} -k {} -c ssl=on \
             -c ssl_cert_file={} -c ssl_key_file={} -c ssl_ca_file={} \
             -c shared_buffers=16MB -c max_connections=20 -c fsync=off",
            dir.path().display(),
            certs.server_cert.display(),
            certs.server_key.display(),
            certs.ca.display()
        );
        for s in settings {
            opts.push_str(" -c ");
            opts.push_str(s);
        }
        let s = Self {
            port,
            data,
            certs,
            dir,
            opts,
        };
        s.start_again();
        s.psql("postgres", &format!("CREATE USER {PG_CERT_USER}"));
        s.psql(
            "postgres",
            &format!("CREATE DATABASE {DB_NAME} OWNER {PG_CERT_USER}"),
        );
        s
    }

    /// Starts the (stopped) server again with the same options; returns when
    /// it accepts connections.
    pub fn start_again(&self) {
        run(Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(format!("{PG_BIN}/pg_ctl"))
            .args(["-w", "-t", &START_LIMIT.as_secs().to_string(), "-D"])
            .arg(&self.data)
            .arg("-l")
            .arg(self.dir.path().join("server.log"))
            .args(["-o", &self.opts, "start"]));
    }

    /// Stops the server: cleanly (`-m fast`: sessions are terminated) or as a
    /// crash (`-m immediate`: no shutdown checkpoint, recovery at the next start).
    pub fn stop(&self, crash: bool) {
        run(Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(format!("{PG_BIN}/pg_ctl"))
            .args(["-w", "-m", if crash { "immediate" } else { "fast" }, "-D"])
            .arg(&self.data)
            .arg("stop"));
    }

    /// Runs one SQL statement in `database` as `postgres` over the instance's
    /// unix socket; returns the rows, unaligned.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        run(Command::new("runuser")
            .args([
                "-u",
                "postgres",
                "--",
                "psql",
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
            ])
            .arg("-h")
            .arg(self.dir.path())
            .args(["-p", &self.port.to_string(), "-d", database, "-c", sql]))
    }

    /// The database map for `user` with `tls`.
    pub fn db(&self, user: &str, tls: SqlTls) -> SqlDatabase {
        sql_database(SqlKind::Postgresql, self.port, user, tls)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(format!("{PG_BIN}/pg_ctl"))
            .args(["-m", "immediate", "-D"])
            .arg(&self.data)
            .arg("stop")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A private MariaDB on 127.0.0.1 and 127.0.0.2 (an address the server
/// certificate does not name); with certificates it offers TLS, and [`MY_SSL_USER`]
/// (`REQUIRE SSL`) and [`MY_X509_USER`] (`REQUIRE X509`) exist. `root` from
/// 127.0.0.1 has no password and no TLS requirement.
pub struct PrivateMariaDb {
    dir: tempfile::TempDir,
    child: Child,
    /// TCP port on 127.0.0.1.
    pub port: u16,
    /// The certificates (None: the server offers no TLS).
    pub certs: Option<Certs>,
}

impl PrivateMariaDb {
    /// Starts an instance with TLS (`tls`) or without; `extra` are more
    /// `mariadbd` options (e.g. `--ssl-cipher=...`).
    pub fn start(tls: bool, extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let certs = tls.then(|| Certs::generate(dir.path(), MY_X509_USER));
        let data = dir.path().join("data");
        // A private tmpdir: a starting mariadbd deletes every `#sql*` file in
        // its tmpdir, which would break another instance bootstrapping in /tmp.
        let tmp = dir.path().join("tmp");
        std::fs::create_dir(&tmp).expect("tmpdir");
        let tmpdir = format!("--tmpdir={}", tmp.display());
        let small = [
            "--innodb-buffer-pool-size=16M",
            "--innodb-log-file-size=4M",
            "--innodb-data-file-path=ibdata1:4M:autoextend",
            &tmpdir,
        ];
        run(Command::new("mariadb-install-db")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .args([
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ])
            .args(small));
        let port = free_tcp_port();
        let socket = dir.path().join("mysqld.sock");
        let mut cmd = Command::new("/usr/sbin/mariadbd");
        cmd.arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--port={port}"))
            .arg(format!(
                "--pid-file={}",
                dir.path().join("mysqld.pid").display()
            ))
            .arg(format!(
                "--log-error={}",
                dir.path().join("error.log").display()
            ))
            .args([
                "--bind-address=127.0.0.1,127.0.0.2",
                "--user=root",
                "--skip-log-bin",
                "--performance-schema=off",
                "--max-connections=30",
            ])
            .args(small);
        if let Some(c) = &certs {
            cmd.arg(format!("--ssl-ca={}", c.ca.display()))
                .arg(format!("--ssl-cert={}", c.server_cert.display()))
                .arg(format!("--ssl-key={}", c.server_key.display()));
        }
        cmd.args(extra);
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mariadbd");
        let mut s = Self {
            dir,
            child,
            port,
            certs,
        };
        let started = Instant::now();
        loop {
            let up = Command::new("mysqladmin")
                .arg(format!("--socket={}", socket.display()))
                .args(["-uroot", "ping"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|st| st.success());
            if up {
                break;
            }
            if let Ok(Some(st)) = s.child.try_wait() {
                panic!("mariadbd exited with {st}:\n{}", s.error_log());
            }
            assert!(
                started.elapsed() < START_LIMIT,
                "mariadbd not up in {START_LIMIT:?}:\n{}",
                s.error_log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        s.sql(&format!(
            "CREATE DATABASE {DB_NAME}; \
             CREATE USER '{MY_SSL_USER}'@'%' REQUIRE SSL; \
             GRANT ALL ON {DB_NAME}.* TO '{MY_SSL_USER}'@'%'; \
             CREATE USER '{MY_X509_USER}'@'%' REQUIRE X509; \
             GRANT ALL ON {DB_NAME}.* TO '{MY_X509_USER}'@'%'; \
             GRANT ALL ON *.* TO 'root'@'127.0.0.1';"
        ));
        s
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    /// Runs SQL as root over the instance's unix socket.
    pub fn sql(&self, sql: &str) -> String {
        run(Command::new("mysql")
            .arg(format!(
                "--socket={}",
                self.dir.path().join("mysqld.sock").display()
            ))
            .args(["-uroot", "-N", "-B", "-e", sql]))
    }

    /// The database map for `user` with `tls`.
    pub fn db(&self, user: &str, tls: SqlTls) -> SqlDatabase {
        sql_database(SqlKind::Mysql, self.port, user, tls)
    }
}

impl PrivateMariaDb {
    /// Kills the server (SIGKILL): every connection to it is lost at once.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrivateMariaDb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs ruru-dhcp4 with the `Dhcp4` map `dhcp4` (loggers to stderr at DEBUG)
/// until it exits or `limit` passes (then it is killed: `None`); returns the
/// exit code and everything it printed.
pub fn run_ruru_until_exit(mut dhcp4: serde_json::Value, limit: Duration) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    dhcp4["control-socket"] =
        serde_json::json!({"socket-type": "unix", "socket-name": dir.path().join("s")});
    dhcp4["loggers"] = serde_json::json!([{
        "name": "kea-dhcp4", "severity": "INFO",
        "output_options": [{"output": "stderr"}]
    }]);
    let path = dir.path().join("dhcp4.json");
    std::fs::write(&path, serde_json::json!({"Dhcp4": dhcp4}).to_string()).expect("config");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ruru-dhcp4"))
        .arg("-c")
        .arg(&path)
        .args(["-p", "0"])
        .args(["-P", &super::server::free_udp_port().to_string()])
        .env("KEA_PIDFILE_DIR", dir.path())
        .env("KEA_LOCKFILE_DIR", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ruru-dhcp4");
    let code = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st.code();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().expect("output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (code, text)
}
