//! A DHCPv6 server under test: ruru-dhcp6 from this build, started on loopback
//! with OS-chosen ports, a temp dir for its lease file and DUID file, replies
//! forced to the test client's port (-P); killed on drop. Plus a RELAY-FORW
//! client speaking to it over [::1].

#![allow(dead_code)]

use std::net::{Ipv6Addr, SocketAddrV6, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use ruru::dhcp::v6::packet::{msg, opt, Message6, Opt6, Packet6, RelayLevel};
use serde_json::{json, Value};

/// A UDP port on ::1 nobody uses right now.
pub fn free_udp6_port() -> u16 {
    let s = UdpSocket::bind("[::1]:0").expect("bind an ephemeral UDP port");
    s.local_addr().expect("local addr").port()
}

/// A minimal Dhcp6 map for loopback tests: subnet 2001:db8:1::/64 (selected by
/// a relay link-address inside it), pool ::10-::ff, PD pool /48 -> /56, on `lo`.
pub fn base_config6() -> Value {
    json!({
        "interfaces-config": { "interfaces": [ "lo" ] },
        "preferred-lifetime": 3000,
        "valid-lifetime": 4000,
        "option-data": [ { "name": "dns-servers", "data": "2001:db8::53" } ],
        "subnet6": [{
            "id": 1,
            "subnet": "2001:db8:1::/64",
            "pools": [ { "pool": "2001:db8:1::10 - 2001:db8:1::ff" } ],
            "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 48, "delegated-len": 56 } ]
        }]
    })
}

/// Which DHCPv6 implementation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject6 {
    /// ruru-dhcp6 from this build.
    Ruru,
    /// ISC Kea 2.2 (`kea-dhcp6`).
    Kea,
}

/// A running DHCPv6 server and a client socket its replies go to.
pub struct TestServer6 {
    /// Temp dir: config, lease file, DUID file.
    pub dir: tempfile::TempDir,
    /// Server port.
    pub port: u16,
    /// The lease file.
    pub lease_file: PathBuf,
    /// The client (relay) socket on [::1].
    pub client: UdpSocket,
    child: Child,
}

impl TestServer6 {
    /// Starts ruru-dhcp6 with `dhcp6` (lease database and data directory are
    /// set to the temp dir unless given).
    pub fn start(dhcp6: Value) -> Self {
        Self::start_subject(Subject6::Ruru, dhcp6)
    }

    /// Starts `subject` with `dhcp6` (Kea needs a unicast address on `lo`:
    /// give `"lo/::1"` in `interfaces`).
    pub fn start_subject(subject: Subject6, mut dhcp6: Value) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let lease_file = dir.path().join("kea-leases6.csv");
        let map = dhcp6.as_object_mut().expect("a map");
        map.entry("lease-database").or_insert(json!({
            "type": "memfile", "name": lease_file.to_string_lossy(), "lfc-interval": 0
        }));
        map.entry("data-directory")
            .or_insert(json!(dir.path().to_string_lossy()));
        if subject == Subject6::Ruru {
            map.entry("control-socket").or_insert(json!({
                "socket-type": "unix",
                "socket-name": dir.path().join("ctrl6.sock").to_string_lossy()
            }));
        }
        let config_path = dir.path().join("kea-dhcp6.conf");
        std::fs::write(&config_path, json!({ "Dhcp6": dhcp6 }).to_string()).expect("config");
        let client = UdpSocket::bind("[::1]:0").expect("client socket");
        client
            .set_read_timeout(Some(Duration::from_millis(1500)))
            .expect("timeout");
        let client_port = client.local_addr().expect("addr").port();
        // ruru binds `-p 0` itself and reports the port (no window in which
        // another test could take it); Kea is given a free one.
        let port = match subject {
            Subject6::Ruru => 0,
            Subject6::Kea => free_udp6_port(),
        };
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log");
        let mut cmd = match subject {
            Subject6::Ruru => Command::new(env!("CARGO_BIN_EXE_ruru-dhcp6")),
            Subject6::Kea => {
                let mut c = Command::new("kea-dhcp6");
                c.env("KEA_PIDFILE_DIR", dir.path())
                    .env("KEA_LOCKFILE_DIR", dir.path());
                c
            }
        };
        let child = cmd
            .arg("-c")
            .arg(&config_path)
            .args([
                "-p",
                &port.to_string(),
                "-P",
                &client_port.to_string(),
                "-d",
            ])
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start the DHCPv6 server (kea-dhcp6: apt-get install kea-dhcp6-server)");
        let mut me = Self {
            dir,
            port,
            lease_file,
            client,
            child,
        };
        me.wait_ready();
        me
    }

    /// Waits for `DHCP6_STARTED`; learns the port from it when the server
    /// picked one (`-p 0`).
    fn wait_ready(&mut self) {
        for _ in 0..100 {
            let log = self.log();
            if let Some(line) = log.lines().find(|l| l.contains("DHCP6_STARTED")) {
                if self.port == 0 {
                    let port = line
                        .split("(port ")
                        .nth(1)
                        .and_then(|r| r.split(',').next());
                    self.port = port
                        .and_then(|p| p.parse().ok())
                        .unwrap_or_else(|| panic!("no port in DHCP6_STARTED:\n{log}"));
                }
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("ruru-dhcp6 did not start:\n{}", self.log());
    }

    /// Waits up to `limit` for the server to exit; its exit code, `None`
    /// when it is still running (or was killed by a signal).
    pub fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let until = std::time::Instant::now() + limit;
        while std::time::Instant::now() < until {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The server's process id (for signals).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The configuration file the server was started with.
    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("kea-dhcp6.conf")
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Sends a control command over the UNIX socket; returns Kea's JSON answer.
    pub fn command(&self, name: &str, args: Option<Value>) -> Value {
        use std::io::{Read, Write};
        let mut cmd = json!({ "command": name });
        if let Some(a) = args {
            cmd["arguments"] = a;
        }
        let mut s = std::os::unix::net::UnixStream::connect(self.dir.path().join("ctrl6.sock"))
            .expect("connect to the control socket");
        s.write_all(cmd.to_string().as_bytes())
            .expect("send command");
        s.shutdown(std::net::Shutdown::Write)
            .expect("shutdown write");
        let mut text = String::new();
        s.read_to_string(&mut text).expect("read answer");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad answer {text}: {e}"))
    }

    /// Sends raw bytes to the server.
    pub fn send_raw(&self, bytes: &[u8]) {
        self.client
            .send_to(
                bytes,
                SocketAddrV6::new(Ipv6Addr::LOCALHOST, self.port, 0, 0),
            )
            .expect("send");
    }

    /// Sends `m` wrapped in one RELAY-FORW (link-address 2001:db8:1::1) and
    /// returns the unwrapped reply, if any came.
    pub fn relay(&self, m: Message6) -> Option<Packet6> {
        self.send_raw(&relayed(m, 1).encode());
        self.receive()
    }

    /// The next datagram from the server, decoded, or `None` after the timeout.
    pub fn receive(&self) -> Option<Packet6> {
        let mut buf = [0u8; 4096];
        let (n, _) = self.client.recv_from(&mut buf).ok()?;
        Some(Packet6::decode(&buf[..n]).expect("the server sent a well-formed packet"))
    }
}

impl Drop for TestServer6 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `m` inside `depth` RELAY-FORW levels; the innermost relay's link-address is
/// 2001:db8:1::1 and each level carries an Interface-Id.
pub fn relayed(m: Message6, depth: usize) -> Packet6 {
    let relays = (0..depth)
        .map(|i| RelayLevel {
            msg_type: msg::RELAY_FORW,
            hop_count: (depth - 1 - i) as u8,
            link_address: if i + 1 == depth {
                "2001:db8:1::1".parse().expect("a")
            } else {
                Ipv6Addr::UNSPECIFIED
            },
            peer_address: "fe80::1234".parse().expect("a"),
            options: vec![Opt6::new(
                opt::INTERFACE_ID,
                format!("port-{i}").into_bytes(),
            )],
        })
        .collect();
    Packet6 { relays, message: m }
}
