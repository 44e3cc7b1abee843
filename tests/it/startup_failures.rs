//! Every way a start can fail ends the same: exit status 1, one error line
//! (`DHCP4_INIT_FAIL` / `DHCP6_INIT_FAIL` with why) and nothing after it —
//! no panic while the half-built server is torn down.

use std::net::UdpSocket;
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

/// Runs `program` on `{root: cfg}` with `args`; asserts a clean failure and
/// returns its error line.
fn fails_cleanly(program: &str, root: &str, cfg: Value, args: &[&str], dir: &Path) -> String {
    let path = dir.join("config.json");
    std::fs::write(&path, json!({ root: cfg }).to_string()).expect("write config");
    let out = Command::new(program)
        .arg("-c")
        .arg(&path)
        .args(args)
        .env("KEA_PIDFILE_DIR", dir)
        .env("KEA_LOCKFILE_DIR", dir)
        .output()
        .expect("run the server");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "exit status:\n{log}");
    assert!(!log.contains("panicked"), "a panic on the way out:\n{log}");
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.contains(" ERROR ")).collect();
    assert_eq!(errors.len(), 1, "one error line:\n{log}");
    let last = lines.last().copied().unwrap_or_default();
    assert!(
        last.contains("_INIT_FAIL"),
        "nothing after the error line:\n{log}"
    );
    last.to_string()
}

fn v4(extra: Value) -> Value {
    let mut cfg = json!({
        "interfaces-config": {"interfaces": []},
        "lease-database": {"type": "memfile", "persist": false},
        "subnet4": []
    });
    if let (Some(m), Some(e)) = (cfg.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    cfg
}

const DHCP4: &str = env!("CARGO_BIN_EXE_ruru-dhcp4");
const DHCP6: &str = env!("CARGO_BIN_EXE_ruru-dhcp6");

#[test]
fn a_control_socket_another_process_listens_on_fails_the_start_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sock = dir.path().join("ctl.sock");
    let _other = UnixListener::bind(&sock).expect("the other process's socket");
    let control = json!({"control-socket": {"socket-type": "unix", "socket-name": sock}});
    let line = fails_cleanly(
        DHCP4,
        "Dhcp4",
        v4(control.clone()),
        &["-p", "0"],
        dir.path(),
    );
    assert!(line.contains("is in use by another process"), "{line}");
    let mut cfg6 = json!({
        "interfaces-config": {"interfaces": []},
        "lease-database": {"type": "memfile", "persist": false},
        "data-directory": dir.path(),
        "subnet6": []
    });
    cfg6["control-socket"] = control["control-socket"].clone();
    let line = fails_cleanly(DHCP6, "Dhcp6", cfg6, &["-p", "0"], dir.path());
    assert!(
        line.contains("DHCP6_INIT_FAIL") && line.contains("in use"),
        "{line}"
    );
}

#[test]
fn a_dhcp_port_in_use_fails_the_start_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = UdpSocket::bind("0.0.0.0:0").expect("take a port");
    let port = taken.local_addr().expect("addr").port().to_string();
    let line = fails_cleanly(DHCP4, "Dhcp4", v4(json!({})), &["-p", &port], dir.path());
    assert!(line.contains("unable to open DHCPv4 socket"), "{line}");
}

#[test]
fn a_bad_lease_file_fails_the_start_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("leases4.csv");
    std::fs::write(&file, "not,a,kea,lease,file\n").expect("write lease file");
    let db = json!({"lease-database": {"type": "memfile", "name": file, "lfc-interval": 0}});
    let line = fails_cleanly(DHCP4, "Dhcp4", v4(db), &["-p", "0"], dir.path());
    assert!(line.contains("lease database"), "{line}");
}

#[test]
fn an_unreachable_lease_database_fails_the_start_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A TCP port nobody listens on: bound, never listened to.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let db = json!({"lease-database": {
        "type": "postgresql", "name": "ruru", "host": "127.0.0.1", "port": port,
        "user": "postgres", "connect-timeout": 2
    }});
    let line = fails_cleanly(DHCP4, "Dhcp4", v4(db), &["-p", "0"], dir.path());
    assert!(line.contains("lease database"), "{line}");
}
