//! ISC dhclient -6 on a private veth link gets an address (IA_NA) and a
//! delegated prefix (-P, IA_PD) with options from the real ruru-dhcp6 binary
//! over multicast (ff02::1:2), and the leases land in Kea's lease6 CSV.
//! Needs root (network namespaces); `.ci/run` installs the clients.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::netns::NetnsPair;
use serde_json::json;

fn need(tool: &str) {
    assert!(
        Path::new(tool).exists(),
        "{tool} is missing: run .ci/run or apt-get install it"
    );
}

/// Waits until both veth ends have a usable (non-tentative) link-local address.
fn wait_link_local(net: &NetnsPair) {
    for _ in 0..100 {
        let ready = [(&net.server, "veth-s"), (&net.client, "veth-c")]
            .iter()
            .all(|(ns, dev)| {
                let out = Command::new("ip")
                    .args(["-n", ns, "-6", "addr", "show", "dev", dev, "scope", "link"])
                    .output()
                    .expect("ip");
                let text = String::from_utf8_lossy(&out.stdout).to_string();
                text.contains("fe80::") && !text.contains("tentative")
            });
        if ready {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no IPv6 link-local address on the veth link");
}

struct Server6 {
    child: Child,
    dir: tempfile::TempDir,
}

impl Server6 {
    fn start(net: &NetnsPair) -> Self {
        let dir = tempfile::tempdir().expect("tmp");
        let cfg = json!({ "Dhcp6": {
            "interfaces-config": { "interfaces": [ "veth-s" ] },
            "data-directory": dir.path().to_string_lossy(),
            "lease-database": { "type": "memfile", "name": dir.path().join("kea-leases6.csv").to_string_lossy(), "lfc-interval": 0 },
            "preferred-lifetime": 3000,
            "valid-lifetime": 4000,
            "option-data": [
                { "name": "dns-servers", "data": "2001:db8:1::53" },
                { "name": "domain-search", "data": "test.example" }
            ],
            "subnet6": [{
                "id": 6,
                "subnet": "2001:db8:1::/64",
                "interface": "veth-s",
                "pools": [ { "pool": "2001:db8:1::100 - 2001:db8:1::1ff" } ],
                "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 48, "delegated-len": 56 } ]
            }]
        }});
        let path = dir.path().join("kea-dhcp6.conf");
        std::fs::write(&path, cfg.to_string()).expect("config");
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log");
        let child = Command::new("ip")
            .args(["netns", "exec", &net.server])
            .arg(env!("CARGO_BIN_EXE_ruru-dhcp6"))
            .arg("-c")
            .arg(&path)
            .arg("-d")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start ruru-dhcp6");
        let me = Self { child, dir };
        for _ in 0..100 {
            if me.log().contains("DHCP6_STARTED") {
                return me;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("ruru-dhcp6 did not start:\n{}", me.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    fn leases(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("kea-leases6.csv")).unwrap_or_default()
    }
}

impl Drop for Server6 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `dhclient -6 -1` (plus `extra`) in the client namespace; returns its
/// lease file text.
fn dhclient6(net: &NetnsPair, extra: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let lf: PathBuf = dir.path().join("dhclient6.leases");
    let pf = dir.path().join("dhclient6.pid");
    let cf = dir.path().join("dhclient6.conf");
    std::fs::write(
        &cf,
        "timeout 15;\nrequest dhcp6.name-servers, dhcp6.domain-search;\n",
    )
    .expect("conf");
    let out = net
        .in_client(&[
            "timeout",
            "25",
            "dhclient",
            "-6",
            "-1",
            "-v",
            "-sf",
            "/bin/true",
        ])
        .args(extra)
        .arg("-cf")
        .arg(&cf)
        .arg("-lf")
        .arg(&lf)
        .arg("-pf")
        .arg(&pf)
        .arg("veth-c")
        .output()
        .expect("run dhclient");
    // Stop the daemon it leaves behind.
    if let Ok(pid) = std::fs::read_to_string(&pf) {
        let _ = Command::new("kill").arg(pid.trim()).status();
    }
    (
        std::fs::read_to_string(&lf).unwrap_or_default(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn isc_dhclient6_gets_an_address_and_options_stored_as_a_lease() {
    need("/usr/sbin/dhclient");
    let net = NetnsPair::new();
    wait_link_local(&net);
    let s = Server6::start(&net);
    let (lease, out) = dhclient6(&net, &[]);
    assert!(
        lease.contains("iaaddr 2001:db8:1::1"),
        "dhclient -6 got no address:\n{lease}\n{out}\n{}",
        s.log()
    );
    assert!(
        lease.contains("option dhcp6.name-servers 2001:db8:1::53;"),
        "{lease}"
    );
    assert!(
        lease.contains("option dhcp6.domain-search \"test.example.\";"),
        "{lease}"
    );
    assert!(
        lease.contains("preferred-life 3000;") && lease.contains("max-life 4000;"),
        "{lease}"
    );
    let csv = s.leases();
    assert!(
        csv.lines().any(|l| l.starts_with("2001:db8:1::1")
            && l.contains(",4000,")
            && l.contains(",6,3000,0,")),
        "{csv}"
    );
}

#[test]
fn isc_dhclient6_with_prefix_delegation_gets_a_56() {
    need("/usr/sbin/dhclient");
    let net = NetnsPair::new();
    wait_link_local(&net);
    let s = Server6::start(&net);
    let (lease, out) = dhclient6(&net, &["-P"]);
    assert!(
        lease.contains("iaprefix 2001:db8:80"),
        "dhclient -6 -P got no prefix:\n{lease}\n{out}\n{}",
        s.log()
    );
    assert!(lease.contains("/56 {"), "{lease}");
    let csv = s.leases();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("2001:db8:80") && l.contains(",6,3000,2,")),
        "{csv}"
    );
}

#[test]
fn dhcpcd_gets_an_address_and_a_prefix_over_dhcpv6() {
    need("/usr/sbin/dhcpcd");
    let net = NetnsPair::new();
    wait_link_local(&net);
    let s = Server6::start(&net);
    let dir = tempfile::tempdir().expect("tmp");
    let conf = dir.path().join("dhcpcd.conf");
    // No router advertisements on this link: start DHCPv6 by configuration.
    std::fs::write(
        &conf,
        "ipv6only\nnoipv6rs\nia_na 1\nia_pd 2\noption dhcp6_name_servers\n",
    )
    .expect("conf");
    let log = dir.path().join("dhcpcd.log");
    let status = net
        .in_client(&[
            "unshare",
            "-m",
            "sh",
            "-c",
            &format!(
                "mount -t tmpfs tmpfs /var/lib/dhcpcd && exec timeout -k 2 25 dhcpcd -6 -1 -B -t 15 -c /bin/true -f {} veth-c",
                conf.display()
            ),
        ])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).expect("log"))
        .stderr(std::fs::File::create(dir.path().join("err.log")).expect("log"))
        .status()
        .expect("run dhcpcd");
    let text = std::fs::read_to_string(&log).unwrap_or_default()
        + &std::fs::read_to_string(dir.path().join("err.log")).unwrap_or_default();
    let csv = s.leases();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("2001:db8:1::1") && l.contains(",6,3000,0,")),
        "dhcpcd got no address ({status}): {text}\n{csv}\n{}",
        s.log()
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("2001:db8:80") && l.contains(",6,3000,2,")),
        "dhcpcd got no prefix: {text}\n{csv}"
    );
    assert!(text.contains("2001:db8:1::1"), "{text}");
}
