//! A private two-host test network: namespaces `<tag>s` (server, veth-s
//! 192.0.2.1/24) and `<tag>c` (client, veth-c, no address), joined by a veth
//! pair. Everything stays inside these namespaces; dropped on drop.

#![allow(dead_code)]

use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

static SEQ: AtomicU32 = AtomicU32::new(0);

/// A server/client namespace pair.
pub struct NetnsPair {
    /// Server namespace name.
    pub server: String,
    /// Client namespace name.
    pub client: String,
}

fn ip(args: &[&str]) -> Output {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("run ip (apt-get install iproute2)");
    assert!(
        out.status.success(),
        "ip {args:?} failed (network tests need root): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl NetnsPair {
    /// Creates the namespaces and the veth link, addresses the server side.
    pub fn new() -> Self {
        let tag = format!(
            "ru{}x{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::SeqCst)
        );
        let p = NetnsPair {
            server: format!("{tag}s"),
            client: format!("{tag}c"),
        };
        ip(&["netns", "add", &p.server]);
        ip(&["netns", "add", &p.client]);
        ip(&[
            "link", "add", "veth-s", "netns", &p.server, "type", "veth", "peer", "name", "veth-c",
            "netns", &p.client,
        ]);
        ip(&[
            "-n",
            &p.server,
            "addr",
            "add",
            "192.0.2.1/24",
            "dev",
            "veth-s",
        ]);
        for (ns, dev) in [(&p.server, "veth-s"), (&p.client, "veth-c")] {
            ip(&["-n", ns, "link", "set", "lo", "up"]);
            ip(&["-n", ns, "link", "set", dev, "up"]);
        }
        p
    }

    /// Runs `cmd` in the client namespace.
    pub fn in_client(&self, cmd: &[&str]) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.client]).args(cmd);
        c
    }

    /// The `ip netns exec <server>` prefix for starting the server.
    pub fn server_prefix(&self) -> Vec<String> {
        vec![
            "ip".into(),
            "netns".into(),
            "exec".into(),
            self.server.clone(),
        ]
    }
}

impl Drop for NetnsPair {
    fn drop(&mut self) {
        // Clients may leave helper processes behind (dhcpcd's privsep, dhclient).
        for ns in [&self.server, &self.client] {
            if let Ok(out) = Command::new("ip").args(["netns", "pids", ns]).output() {
                for pid in String::from_utf8_lossy(&out.stdout).split_whitespace() {
                    let _ = Command::new("kill").args(["-9", pid]).status();
                }
            }
        }
        let _ = Command::new("ip")
            .args(["netns", "del", &self.server])
            .output();
        let _ = Command::new("ip")
            .args(["netns", "del", &self.client])
            .output();
    }
}
