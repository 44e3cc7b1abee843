//! A server under test: ruru-dhcp4 (default) or Kea's kea-dhcp4
//! (`DHCP_TEST_SUBJECT=kea`), started on loopback with ports from the OS, a
//! temp dir for its lease file and control socket, and killed on drop.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::UdpSocket;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::client::RelayClient;
use serde_json::{json, Value};

/// Which implementation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// ruru-dhcp4 from this build.
    Ruru,
    /// ISC Kea 2.2 (`/usr/sbin/kea-dhcp4`).
    Kea,
}

impl Subject {
    /// From `DHCP_TEST_SUBJECT` (ruru | kea); ruru when unset.
    pub fn from_env() -> Self {
        match std::env::var("DHCP_TEST_SUBJECT").as_deref() {
            Ok("kea") => Subject::Kea,
            _ => Subject::Ruru,
        }
    }
}

/// A UDP port nobody uses right now (bind to :0, read, release).
pub fn free_udp_port() -> u16 {
    let s = UdpSocket::bind("127.0.0.1:0").expect("bind an ephemeral UDP port");
    s.local_addr().expect("local addr").port()
}

/// Kea's lease_cmds hook library, needed when the subject is Kea.
pub fn kea_lease_cmds_hook() -> Option<PathBuf> {
    let candidates = [
        "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so",
        "/usr/lib/kea/hooks/libdhcp_lease_cmds.so",
    ];
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// A running server.
pub struct TestServer {
    /// Which implementation.
    pub subject: Subject,
    /// Its temp dir (config, lease file, socket, log).
    pub dir: tempfile::TempDir,
    /// Server port (-p).
    pub port: u16,
    /// Client port (-P): every reply goes there.
    pub client_port: u16,
    /// The test client's socket on `client_port`, bound before the server
    /// starts (so no other test can take the port in between).
    client_sock: Option<UdpSocket>,
    /// The config file.
    pub config_path: PathBuf,
    /// The control socket.
    pub socket: PathBuf,
    /// The lease file.
    pub lease_file: PathBuf,
    /// Command prefix (e.g. `ip netns exec NS`).
    pub prefix: Vec<String>,
    child: Option<Child>,
}

/// A minimal Dhcp4 map for loopback tests: one subnet 192.0.2.0/24 selected by
/// the relay address 127.0.0.1, pool .10-.200, UDP sockets on `lo`.
pub fn base_config() -> Value {
    json!({
        "interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},
        "valid-lifetime": 4000,
        "renew-timer": 1000,
        "rebind-timer": 2000,
        "subnet4": [{
            "id": 1,
            "subnet": "192.0.2.0/24",
            "relay": {"ip-addresses": ["127.0.0.1"]},
            "pools": [{"pool": "192.0.2.10 - 192.0.2.200"}],
            "option-data": [
                {"name": "routers", "data": "192.0.2.1"},
                {"name": "domain-name-servers", "data": "192.0.2.53, 192.0.2.54"},
                {"name": "domain-name", "data": "example.org"}
            ]
        }]
    })
}

impl TestServer {
    /// Starts the subject with `dhcp4` (a `Dhcp4` map); fills in lease file,
    /// control socket and loggers for the temp dir unless given.
    pub fn start(dhcp4: Value) -> TestServer {
        Self::start_subject(Subject::from_env(), dhcp4)
    }

    /// Starts a given subject.
    pub fn start_subject(subject: Subject, dhcp4: Value) -> TestServer {
        Self::start_with(subject, dhcp4, Vec::new(), None)
    }

    /// Starts a subject under a command prefix (e.g. in a network namespace);
    /// `port` None = a free port from the OS (loopback tests), Some(67) for
    /// real clients.
    pub fn start_with(
        subject: Subject,
        mut dhcp4: Value,
        prefix: Vec<String>,
        port: Option<u16>,
    ) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let lease_file = dir.path().join("leases4.csv");
        let socket = dir.path().join("ctrl.sock");
        let m = dhcp4.as_object_mut().expect("Dhcp4 must be a map");
        m.entry("lease-database").or_insert(json!({
            "type": "memfile", "persist": true, "name": lease_file, "lfc-interval": 0
        }));
        m.entry("control-socket")
            .or_insert(json!({"socket-type": "unix", "socket-name": socket}));
        m.entry("loggers").or_insert(json!([{
            "name": "kea-dhcp4", "severity": "DEBUG", "debuglevel": 99,
            "output_options": [{"output": dir.path().join("server.log")}]
        }]));
        if subject == Subject::Kea {
            let hook = kea_lease_cmds_hook()
                .expect("Kea's lease_cmds hook is missing: apt-get install kea-dhcp4-server");
            m.entry("hooks-libraries")
                .or_insert(json!([{"library": hook}]));
        }
        let config_path = dir.path().join("dhcp4.json");
        std::fs::write(
            &config_path,
            serde_json::to_vec_pretty(&json!({"Dhcp4": dhcp4})).expect("json"),
        )
        .expect("write config");
        // ruru binds `-p 0` itself and reports the port it got (no window in
        // which another test could take it); Kea cannot, so it is given one.
        let port = match (port, subject) {
            (Some(p), _) => p,
            (None, Subject::Ruru) => 0,
            (None, Subject::Kea) => free_udp_port(),
        };
        let client_sock = (port != 67)
            .then(|| UdpSocket::bind("127.0.0.1:0").expect("bind the test client's port"));
        let client_port = client_sock
            .as_ref()
            .map_or(68, |c| c.local_addr().expect("client addr").port());
        let mut s = TestServer {
            subject,
            dir,
            port,
            client_port,
            client_sock,
            config_path,
            socket,
            lease_file,
            prefix,
            child: None,
        };
        s.spawn();
        s
    }

    fn command(&self) -> Command {
        let program = match self.subject {
            Subject::Ruru => env!("CARGO_BIN_EXE_ruru-dhcp4").to_string(),
            Subject::Kea => {
                assert!(
                    Path::new("/usr/sbin/kea-dhcp4").exists(),
                    "kea-dhcp4 is missing: apt-get install kea-dhcp4-server"
                );
                "/usr/sbin/kea-dhcp4".to_string()
            }
        };
        let mut c = match self.prefix.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(program);
                c
            }
            None => Command::new(program),
        };
        c.env("KEA_PIDFILE_DIR", self.dir.path())
            .env("KEA_LOCKFILE_DIR", self.dir.path());
        c.arg("-c").arg(&self.config_path);
        if self.port != 67 {
            c.arg("-p")
                .arg(self.port.to_string())
                .arg("-P")
                .arg(self.client_port.to_string());
        }
        c.stdin(Stdio::null())
            .stdout(Stdio::from(
                std::fs::File::create(self.dir.path().join("stdout.log")).expect("stdout log"),
            ))
            .stderr(Stdio::from(
                std::fs::File::create(self.dir.path().join("stderr.log")).expect("stderr log"),
            ));
        c
    }

    /// (Re)starts the process and waits until its control socket answers.
    pub fn spawn(&mut self) {
        let child = self.command().spawn().expect("spawn the server");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Some(st) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("server exited at startup with {st}:\n{}", self.logs());
            }
            if self
                .try_command(&json!({"command": "version-get"}))
                .is_some()
            {
                if self.port == 0 {
                    self.port = self.started_port(deadline);
                }
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "server did not answer on its control socket in 15 s:\n{}",
            self.logs()
        );
    }

    /// The port ruru reports in `DHCP4_STARTED` (it was started with `-p 0`);
    /// waits for the line until `deadline`.
    fn started_port(&self, deadline: Instant) -> u16 {
        while Instant::now() < deadline {
            let logs = self.logs();
            let port = logs
                .lines()
                .filter(|l| l.contains("DHCP4_STARTED"))
                .find_map(|l| l.split("(port ").nth(1)?.split(',').next()?.parse().ok());
            if let Some(p) = port {
                return p;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("no port in DHCP4_STARTED:\n{}", self.logs());
    }

    /// A relay-agent client of this server on the test client's socket.
    pub fn relay_client(&self) -> RelayClient {
        RelayClient::on(self.client_socket(), self.port)
    }

    /// The test client's socket (a clone), for tests with their own client.
    pub fn client_socket(&self) -> UdpSocket {
        self.client_sock
            .as_ref()
            .expect("a loopback server (its client port is 68)")
            .try_clone()
            .expect("clone the client socket")
    }

    /// Everything the server logged.
    pub fn logs(&self) -> String {
        let mut out = String::new();
        for f in ["stderr.log", "stdout.log", "server.log"] {
            if let Ok(s) = std::fs::read_to_string(self.dir.path().join(f)) {
                out.push_str(&format!("--- {f}\n{s}"));
            }
        }
        out
    }

    fn try_command(&self, cmd: &Value) -> Option<Value> {
        let mut s = UnixStream::connect(&self.socket).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        s.write_all(cmd.to_string().as_bytes()).ok()?;
        let mut buf = String::new();
        s.read_to_string(&mut buf).ok()?;
        serde_json::from_str(&buf).ok()
    }

    /// Sends raw text to the control socket and returns the reply text.
    pub fn raw_command(&self, text: &str) -> String {
        let mut s = UnixStream::connect(&self.socket).expect("connect control socket");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        s.write_all(text.as_bytes()).expect("write command");
        s.shutdown(std::net::Shutdown::Write).ok();
        let mut buf = String::new();
        s.read_to_string(&mut buf).expect("read reply");
        buf
    }

    /// Sends `{"command": name, "arguments": args}` and returns the reply.
    pub fn command_json(&self, name: &str, args: Option<Value>) -> Value {
        let mut cmd = json!({"command": name});
        if let Some(a) = args {
            cmd["arguments"] = a;
        }
        self.try_command(&cmd)
            .unwrap_or_else(|| panic!("no reply to {name}:\n{}", self.logs()))
    }

    /// Waits up to `timeout` for the process to exit; returns its status code.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(st) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                self.child = None;
                return st.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Kills the process (SIGKILL: a crash).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(&mut self) -> Option<i32> {
        if let Some(c) = &self.child {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(c.id() as i32),
                nix::sys::signal::Signal::SIGTERM,
            );
        }
        self.wait_exit(Duration::from_secs(10))
    }

    /// The leases in the memfile CSV, last row per address wins (deleted removed).
    pub fn lease_rows(&self) -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(&self.lease_file).unwrap_or_default();
        let mut map = std::collections::BTreeMap::new();
        for line in text.lines().skip(1) {
            let cols: Vec<String> = line.split(',').map(str::to_string).collect();
            if cols.len() < 4 {
                continue;
            }
            if cols[3] == "0" {
                map.remove(&cols[0]);
            } else {
                map.insert(cols[0].clone(), cols);
            }
        }
        map.into_values().collect()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.kill();
    }
}
