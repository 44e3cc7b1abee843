//! Real DHCP clients (BusyBox udhcpc, ISC dhclient, dhcpcd) on a private veth
//! link get a lease and options from the real binary on raw-style sockets.
//! Needs root (network namespaces); `.ci/run` installs the clients.

use std::path::Path;
use std::time::Duration;

use crate::support::netns::NetnsPair;
use crate::support::server::{Subject, TestServer};
use serde_json::json;

fn config() -> serde_json::Value {
    json!({
        "interfaces-config": {"interfaces": ["veth-s"], "dhcp-socket-type": "raw"},
        "valid-lifetime": 600,
        "renew-timer": 300,
        "rebind-timer": 500,
        "subnet4": [{
            "id": 7,
            "subnet": "192.0.2.0/24",
            "pools": [{"pool": "192.0.2.100 - 192.0.2.150"}],
            "option-data": [
                {"name": "routers", "data": "192.0.2.1"},
                {"name": "domain-name-servers", "data": "192.0.2.53"},
                {"name": "domain-name", "data": "test.example"}
            ]
        }]
    })
}

fn need(tool: &str) {
    assert!(
        Path::new(tool).exists(),
        "{tool} is missing: run .ci/run or apt-get install it"
    );
}

fn start(net: &NetnsPair) -> TestServer {
    TestServer::start_with(Subject::from_env(), config(), net.server_prefix(), Some(67))
}

fn leases(s: &TestServer) -> serde_json::Value {
    s.command_json("lease4-get-all", None)
}

#[test]
fn busybox_udhcpc_gets_a_lease_and_options() {
    need("/usr/sbin/udhcpc");
    let net = NetnsPair::new();
    let s = start(&net);
    let dir = tempfile::tempdir().expect("tmp");
    let out_file = dir.path().join("env.txt");
    let script = dir.path().join("script.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nenv >> {}\n", out_file.display()),
    )
    .expect("script");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .expect("chmod");
    let out = net
        .in_client(&[
            "timeout", "20", "udhcpc", "-i", "veth-c", "-f", "-q", "-n", "-t", "5", "-T", "1", "-s",
        ])
        .arg(&script)
        .output()
        .expect("run udhcpc");
    let env = std::fs::read_to_string(&out_file).unwrap_or_default();
    assert!(
        env.contains("ip=192.0.2.1") && env.contains("router=192.0.2.1"),
        "udhcpc did not get a lease: {}\n{env}\n{}",
        String::from_utf8_lossy(&out.stderr),
        s.logs()
    );
    assert!(env.contains("dns=192.0.2.53"), "{env}");
    assert!(env.contains("domain=test.example"), "{env}");
    assert!(env.contains("subnet=255.255.255.0"), "{env}");
    let all = leases(&s);
    assert_eq!(
        all["arguments"]["leases"].as_array().map(Vec::len),
        Some(1),
        "{all}"
    );
}

#[test]
fn isc_dhclient_gets_a_lease_and_options() {
    need("/usr/sbin/dhclient");
    let net = NetnsPair::new();
    let s = start(&net);
    let dir = tempfile::tempdir().expect("tmp");
    let lf = dir.path().join("dhclient.leases");
    let pf = dir.path().join("dhclient.pid");
    let cf = dir.path().join("dhclient.conf");
    std::fs::write(
        &cf,
        "timeout 15;\nretry 1;\nrequest subnet-mask, routers, domain-name-servers, domain-name;\n",
    )
    .expect("conf");
    let out = net
        .in_client(&[
            "timeout",
            "25",
            "dhclient",
            "-4",
            "-1",
            "-v",
            "-sf",
            "/bin/true",
            "-cf",
        ])
        .arg(&cf)
        .arg("-lf")
        .arg(&lf)
        .arg("-pf")
        .arg(&pf)
        .arg("veth-c")
        .output()
        .expect("run dhclient");
    // dhclient daemonises after binding; stop it.
    if let Ok(pid) = std::fs::read_to_string(&pf) {
        let _ = std::process::Command::new("kill").arg(pid.trim()).status();
    }
    let lease = std::fs::read_to_string(&lf).unwrap_or_default();
    assert!(
        lease.contains("fixed-address 192.0.2.1"),
        "dhclient got no lease: {}\n{lease}\n{}",
        String::from_utf8_lossy(&out.stderr),
        s.logs()
    );
    assert!(lease.contains("option routers 192.0.2.1;"), "{lease}");
    assert!(
        lease.contains("option domain-name \"test.example\";"),
        "{lease}"
    );
    let all = leases(&s);
    assert_eq!(
        all["arguments"]["leases"].as_array().map(Vec::len),
        Some(1),
        "{all}"
    );
}

#[test]
fn dhcpcd_gets_a_lease_and_configures_it() {
    need("/usr/sbin/dhcpcd");
    let net = NetnsPair::new();
    let s = start(&net);
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("dhcpcd.log");
    // -1 oneshot, -B foreground, -A no ARP probe, -L no IPv4LL, -c /bin/true: no
    // hook touches the host's files; a private tmpfs hides dhcpcd's lease store.
    let status = net
        .in_client(&[
            "unshare",
            "-m",
            "sh",
            "-c",
            "mount -t tmpfs tmpfs /var/lib/dhcpcd && exec timeout -k 2 25 dhcpcd -4 -1 -B -A -L -t 15 -c /bin/true -f /dev/null veth-c",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&log).expect("log"))
        .stderr(std::fs::File::create(dir.path().join("err.log")).expect("log"))
        .status()
        .expect("run dhcpcd");
    let text = std::fs::read_to_string(&log).unwrap_or_default()
        + &std::fs::read_to_string(dir.path().join("err.log")).unwrap_or_default();
    assert!(
        status.success() && text.contains("leased 192.0.2.1"),
        "dhcpcd got no lease ({status}): {text}\n{}",
        s.logs()
    );
    assert!(text.contains("default route via 192.0.2.1"), "{text}");
    let addr = net
        .in_client(&["ip", "-4", "addr", "show", "veth-c"])
        .output()
        .expect("ip addr");
    assert!(
        String::from_utf8_lossy(&addr.stdout).contains("inet 192.0.2.1"),
        "address not configured"
    );
    let all = leases(&s);
    assert_eq!(
        all["arguments"]["leases"].as_array().map(Vec::len),
        Some(1),
        "{all}"
    );
    std::thread::sleep(Duration::from_millis(10));
}
