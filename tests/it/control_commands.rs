//! Every control command of the DHCPv4 server, sent through the UNIX control
//! socket of the real binary: what it answers to good and bad input, and what it
//! does to the running server. `DHCP_TEST_SUBJECT=kea` runs the same
//! specification against ISC Kea 2.2 (with its lease_cmds hook); assertions that
//! only hold for ruru say why next to a `Subject::Ruru` check.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::client::{mac, RelayClient};
use crate::support::server::{base_config, Subject, TestServer};
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

fn setup() -> (TestServer, RelayClient) {
    setup_with(base_config())
}

fn setup_with(cfg: Value) -> (TestServer, RelayClient) {
    let s = TestServer::start(cfg);
    let c = s.relay_client();
    (s, c)
}

fn result(r: &Value) -> i64 {
    r["result"]
        .as_i64()
        .unwrap_or_else(|| panic!("no result in {r}"))
}

fn text(r: &Value) -> &str {
    r["text"].as_str().unwrap_or("")
}

/// Asserts result and exact text.
#[track_caller]
fn assert_answer(r: &Value, expected_result: i64, expected_text: &str) {
    assert_eq!(
        (result(r), text(r)),
        (expected_result, expected_text),
        "whole answer: {r}"
    );
}

/// Asserts result and the start of the text (Kea appends the wire position of
/// an element, `(<wire>:0:37)`, to some errors; ruru does not track positions).
#[track_caller]
fn assert_answer_starts(r: &Value, expected_result: i64, prefix: &str) {
    assert_eq!(result(r), expected_result, "whole answer: {r}");
    assert!(
        text(r).starts_with(prefix),
        "text {:?} should start with {prefix:?}",
        text(r)
    );
}

fn cmd(s: &TestServer, name: &str, args: Value) -> Value {
    s.command_json(name, Some(args))
}

/// Polls `f` every 20 ms until it is true or `within` elapsed.
fn eventually(within: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A DORA for client `n` succeeds; returns the address.
#[track_caller]
fn serves(c: &mut RelayClient, n: u32) -> Ipv4Addr {
    c.dora(&mac(n)).yiaddr
}

/// A DISCOVER from client `n` gets no answer.
fn silent(c: &mut RelayClient, n: u32) -> bool {
    c.discover(&mac(n)).is_none()
}

/// The running `Dhcp4` map, as config-get shows it.
fn running_dhcp4(s: &TestServer) -> Value {
    let r = s.command_json("config-get", None);
    assert_eq!(result(&r), 0, "{r}");
    r["arguments"]["Dhcp4"].clone()
}

/// The running configuration with one subnet 198.51.100.0/24 (id 2, pool
/// .10-.20) in place of the original.
fn with_second_subnet(mut dhcp4: Value) -> Value {
    dhcp4["subnet4"] = json!([{
        "id": 2,
        "subnet": "198.51.100.0/24",
        "relay": {"ip-addresses": ["127.0.0.1"]},
        "pools": [{"pool": "198.51.100.10 - 198.51.100.20"}]
    }]);
    dhcp4
}

fn in_second_subnet(a: Ipv4Addr) -> bool {
    let o = a.octets();
    o[..3] == [198, 51, 100] && (10..=20).contains(&o[3])
}

fn in_first_subnet(a: Ipv4Addr) -> bool {
    let o = a.octets();
    o[..3] == [192, 0, 2] && (10..=200).contains(&o[3])
}

/// The newest value of a statistic (None when it does not exist).
fn stat(s: &TestServer, name: &str) -> Option<i64> {
    let r = cmd(s, "statistic-get", json!({ "name": name }));
    assert_eq!(result(&r), 0, "{r}");
    r["arguments"][name][0][0].as_i64()
}

/// Waits until `name` has the value `v` (packet counters are updated after
/// the reply is sent).
#[track_caller]
fn assert_stat_becomes(s: &TestServer, name: &str, v: i64) {
    let mut last = None;
    let ok = eventually(Duration::from_secs(3), || {
        last = stat(s, name);
        last == Some(v)
    });
    assert!(ok, "{name}: expected {v}, last seen {last:?}");
}

/// The command line of process `pid` contains `needle`.
fn cmdline_of(pid: i64) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
        .unwrap_or_default()
}

fn write_config(path: &Path, dhcp4: &Value) {
    std::fs::write(
        path,
        serde_json::to_vec_pretty(&json!({ "Dhcp4": dhcp4 })).expect("json"),
    )
    .expect("write config file");
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read file")).expect("JSON file")
}

const CONFIG_TEST_OK: &str = "Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.";

// ------------------------------------------------------- protocol, routing

#[test]
fn an_unknown_command_is_result_2_naming_it_and_the_server_keeps_serving() {
    let (s, mut c) = setup();
    assert_answer(
        &s.command_json("no-such-command", None),
        2,
        "'no-such-command' command not supported.",
    );
    assert_answer(
        &cmd(&s, "lease6-frobnicate", json!({"x": 1})),
        2,
        "'lease6-frobnicate' command not supported.",
    );
    serves(&mut c, 1);
}

#[test]
fn malformed_json_is_result_1_and_the_server_keeps_serving() {
    let (s, mut c) = setup();
    let r: Value = serde_json::from_str(&s.raw_command("not json at all")).expect("JSON reply");
    assert_answer(&r, 1, "invalid first character n");
    // Kea's and ruru's parsers word syntax errors differently; both give the
    // position in Kea's `<wire>:line:column` form (lines from 0).
    let r: Value = serde_json::from_str(&s.raw_command(r#"{"command": }"#)).expect("JSON reply");
    assert_eq!(result(&r), 1, "{r}");
    assert!(text(&r).ends_with("in <wire>:0:13"), "{r}");
    serves(&mut c, 1);
    assert_eq!(result(&s.command_json("version-get", None)), 0);
}

#[test]
fn a_command_that_is_not_a_map_or_has_no_string_command_is_rejected_with_keas_texts() {
    let (s, mut c) = setup();
    let ask = |t: &str| -> Value { serde_json::from_str(&s.raw_command(t)).expect("JSON reply") };
    assert_answer(
        &ask("[1, 2]"),
        1,
        "Error during command processing: Invalid command Element specified, expected map",
    );
    assert_answer(
        &ask(r#"{"command": 5}"#),
        1,
        "Error during command processing: 'command' element in command message is not a string",
    );
    assert_answer(
        &ask(r#"{"arguments": {}}"#),
        1,
        "Error during command processing: Invalid answer specified, does not contain mandatory 'command'",
    );
    serves(&mut c, 1);
}

#[test]
fn an_unsupported_top_level_key_refuses_the_command_without_running_it() {
    let (mut s, mut c) = setup();
    let r: Value =
        serde_json::from_str(&s.raw_command(r#"{"command": "shutdown", "zz": 1, "extra": true}"#))
            .expect("JSON reply");
    // The alphabetically first offending key is named.
    assert_answer(
        &r,
        1,
        "Error during command processing: Received command contains unsupported parameter 'extra'",
    );
    assert_eq!(
        s.wait_exit(Duration::from_millis(300)),
        None,
        "shutdown ran"
    );
    serves(&mut c, 1);
}

#[test]
fn service_and_remote_address_keys_are_accepted() {
    let (s, _c) = setup();
    let r: Value = serde_json::from_str(&s.raw_command(
        r#"{"command": "server-tag-get", "service": ["dhcp4"], "remote-address": "192.0.2.9"}"#,
    ))
    .expect("JSON reply");
    assert_eq!(result(&r), 0, "{r}");
}

#[test]
fn commands_without_parameters_ignore_any_arguments() {
    let (s, _c) = setup();
    for name in [
        "version-get",
        "status-get",
        "list-commands",
        "server-tag-get",
        "config-get",
    ] {
        assert_eq!(result(&cmd(&s, name, json!(5))), 0, "{name}");
        assert_eq!(result(&cmd(&s, name, json!(["x"]))), 0, "{name}");
    }
}

#[test]
fn server_commands_refuse_non_map_arguments_with_keas_texts_and_keep_serving() {
    let (mut s, mut c) = setup();
    let bad = json!([1]);
    assert_answer(
        &cmd(&s, "dhcp-disable", bad.clone()),
        1,
        "arguments for the 'dhcp-disable' command must be a map",
    );
    assert_answer(
        &cmd(&s, "dhcp-enable", bad.clone()),
        1,
        "arguments for the 'dhcp-enable' command must be a map",
    );
    assert_answer(
        &cmd(&s, "shutdown", bad.clone()),
        1,
        "Argument must be a map",
    );
    assert_answer(
        &cmd(&s, "config-write", bad.clone()),
        1,
        "Argument must be a map",
    );
    for name in [
        "leases-reclaim",
        "config-set",
        "config-test",
        "statistic-get",
        "statistic-reset",
        "statistic-remove",
    ] {
        assert_answer_starts(
            &cmd(&s, name, bad.clone()),
            1,
            "Error during command processing: get(string) called on a non-map Element",
        );
    }
    // The lease_cmds handlers word it each their own way.
    assert_answer(
        &cmd(&s, "lease4-get", bad.clone()),
        1,
        "Parameters missing or are not a map.",
    );
    assert_answer_starts(
        &cmd(&s, "lease4-add", bad.clone()),
        1,
        "get(string) called on a non-map Element",
    );
    assert_eq!(s.wait_exit(Duration::from_millis(100)), None);
    serves(&mut c, 1);
}

// ----------------------------------------------------------- list-commands

#[test]
fn list_commands_names_every_supported_command() {
    let (s, _c) = setup();
    let r = s.command_json("list-commands", None);
    assert_eq!(result(&r), 0, "{r}");
    let listed: Vec<String> = serde_json::from_value(r["arguments"].clone()).expect("a list");
    let set: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
    // Kea 2.2 has every command ruru implements but config-hash-get (Kea 2.4).
    let table = ruru::commands::command_names(ruru::commands::ServerFamily::V4);
    for c in &table {
        if s.subject == Subject::Kea && *c == "config-hash-get" {
            continue;
        }
        assert!(set.contains(c), "{c} is not listed: {listed:?}");
    }
    if s.subject == Subject::Ruru {
        // ruru lists exactly what it implements, sorted.
        assert_eq!(listed, table);
    }
}

#[test]
fn every_listed_command_is_recognised() {
    let (s, _c) = setup();
    let r = s.command_json("list-commands", None);
    let listed: Vec<String> = serde_json::from_value(r["arguments"].clone()).expect("a list");
    for name in listed.iter().filter(|n| *n != "shutdown") {
        // With an empty map: Kea 2.2 aborts on lease4-resend-ddns without arguments.
        let r = cmd(&s, name, json!({}));
        assert_ne!(result(&r), 2, "{name} is listed but not supported: {r}");
    }
}

#[test]
fn the_other_familys_lease_commands_are_not_supported() {
    let (s, _c) = setup();
    for name in ["lease6-get", "lease6-add", "lease6-bulk-apply"] {
        let r = cmd(&s, name, json!({}));
        assert_eq!(result(&r), 2, "{name}: {r}");
        assert_eq!(text(&r), format!("'{name}' command not supported."), "{r}");
    }
}

// ------------------------------------------------------- version and build

#[test]
fn version_get_gives_the_short_version_and_an_extended_one_starting_with_it() {
    let (s, _c) = setup();
    let r = s.command_json("version-get", None);
    assert_eq!(result(&r), 0, "{r}");
    let short = text(&r);
    assert!(!short.is_empty() && !short.contains('\n'), "{r}");
    let extended = r["arguments"]["extended"].as_str().expect("extended");
    assert_eq!(extended.lines().next(), Some(short), "{r}");
    if s.subject == Subject::Ruru {
        assert_eq!(short, ruru::VERSION);
    }
}

#[test]
fn build_report_is_a_text_that_mentions_the_version() {
    let (s, _c) = setup();
    let version = text(&s.command_json("version-get", None)).to_string();
    let r = s.command_json("build-report", None);
    assert_eq!(result(&r), 0, "{r}");
    assert!(text(&r).contains(&version), "{r}");
    assert!(r.get("arguments").is_none(), "{r}");
}

// --------------------------------------------------------------- status-get

#[test]
fn status_get_reports_pid_uptime_reload_and_ready_sockets() {
    let (s, _c) = setup();
    let r = s.command_json("status-get", None);
    assert_eq!(result(&r), 0, "{r}");
    let a = &r["arguments"];
    let pid = a["pid"].as_i64().expect("pid");
    let config = s.config_path.display().to_string();
    assert!(
        cmdline_of(pid).contains(&config),
        "pid {pid} is not this server: {}",
        cmdline_of(pid)
    );
    let uptime = a["uptime"].as_i64().expect("uptime");
    let reload = a["reload"].as_i64().expect("reload");
    assert!(
        (0..60).contains(&uptime) && (0..=uptime).contains(&reload),
        "{r}"
    );
    assert_eq!(a["multi-threading-enabled"], false, "{r}");
    assert_eq!(a["sockets"]["status"], "ready", "{r}");
    // Kea 2.2 reports thread pool and queue only with multi-threading on.
    assert!(a.get("thread-pool-size").is_none(), "{r}");
}

#[test]
fn status_get_reload_restarts_from_zero_after_a_reconfiguration() {
    let (s, _c) = setup();
    let uptime = |s: &TestServer| s.command_json("status-get", None)["arguments"].clone();
    assert!(
        eventually(Duration::from_secs(3), || uptime(&s)["uptime"].as_i64()
            >= Some(1)),
        "uptime never reached 1 s"
    );
    assert_eq!(result(&s.command_json("config-reload", None)), 0);
    let a = uptime(&s);
    assert!(a["uptime"].as_i64() >= Some(1), "{a}");
    assert_eq!(a["reload"], 0, "{a}");
}

#[test]
fn status_get_shows_the_dhcp_state_and_the_lease_backend() {
    let (s, _c) = setup();
    if s.subject == Subject::Kea {
        return; // `dhcp-state` is Kea 3.0's, `backends` ruru's own; Kea 2.2 has neither.
    }
    let state = |s: &TestServer| s.command_json("status-get", None)["arguments"].clone();
    let a = state(&s);
    assert_eq!(a["dhcp-state"]["globally-disabled"], false, "{a}");
    assert_eq!(a["backends"][0]["type"], "memfile", "{a}");
    assert_eq!(a["backends"][0]["state"], "connected", "{a}");
    assert_eq!(result(&s.command_json("dhcp-disable", None)), 0);
    let a = state(&s);
    assert_eq!(a["dhcp-state"]["globally-disabled"], true, "{a}");
    assert_eq!(a["dhcp-state"]["disabled-by-user"], true, "{a}");
    assert_eq!(a["dhcp-state"]["disabled-by-ha-partner"], false, "{a}");
    assert_eq!(result(&s.command_json("dhcp-enable", None)), 0);
    assert_eq!(state(&s)["dhcp-state"]["globally-disabled"], false);
}

// --------------------------------------------------------------- config-get

#[test]
fn config_get_returns_the_running_dhcp4_map_with_defaults_filled_in() {
    let (s, _c) = setup();
    let r = s.command_json("config-get", None);
    assert_eq!(result(&r), 0, "{r}");
    let args = r["arguments"].as_object().expect("map");
    assert_eq!(args.keys().collect::<Vec<_>>(), ["Dhcp4"], "{r}");
    let d = &r["arguments"]["Dhcp4"];
    // From the file.
    assert_eq!(d["valid-lifetime"], 4000);
    assert_eq!(d["subnet4"][0]["id"], 1);
    assert_eq!(d["subnet4"][0]["subnet"], "192.0.2.0/24");
    assert_eq!(
        d["subnet4"][0]["pools"][0]["pool"]
            .as_str()
            .map(|p| p.replace(' ', "")),
        Some("192.0.2.10-192.0.2.200".into())
    );
    assert_eq!(d["control-socket"]["socket-name"], json!(s.socket));
    // Defaults.
    assert_eq!(d["decline-probation-period"], 86400);
    assert_eq!(d["match-client-id"], true);
    assert_eq!(d["authoritative"], false);
    assert_eq!(d["server-tag"], "");
    assert_eq!(d["interfaces-config"]["re-detect"], true);
    assert_eq!(
        d["expired-leases-processing"]["reclaim-timer-wait-time"],
        10
    );
    assert_eq!(d["expired-leases-processing"]["hold-reclaimed-time"], 3600);
}

#[test]
fn config_get_shows_what_config_set_applied() {
    let (s, _c) = setup();
    let mut new = with_second_subnet(running_dhcp4(&s));
    new["valid-lifetime"] = json!(1234);
    assert_answer(
        &cmd(&s, "config-set", json!({ "Dhcp4": new })),
        0,
        "Configuration successful.",
    );
    let d = running_dhcp4(&s);
    assert_eq!(d["valid-lifetime"], 1234);
    assert_eq!(d["subnet4"].as_array().map(Vec::len), Some(1), "{d}");
    assert_eq!(d["subnet4"][0]["id"], 2);
    assert_eq!(d["subnet4"][0]["subnet"], "198.51.100.0/24");
}

#[test]
fn config_hash_get_changes_exactly_when_the_configuration_changes() {
    let (s, _c) = setup();
    if s.subject == Subject::Kea {
        return; // config-hash-get is Kea 2.4+; Kea 2.2 answers result 2.
    }
    let hash = |s: &TestServer| {
        let r = s.command_json("config-hash-get", None);
        assert_eq!(result(&r), 0, "{r}");
        r["arguments"]["hash"].as_str().expect("hash").to_string()
    };
    let h1 = hash(&s);
    assert_eq!(h1.len(), 64);
    assert!(
        h1.chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()),
        "{h1}"
    );
    assert_eq!(hash(&s), h1);
    let new = with_second_subnet(running_dhcp4(&s));
    assert_eq!(result(&cmd(&s, "config-set", json!({ "Dhcp4": new }))), 0);
    assert_ne!(hash(&s), h1);
}

// -------------------------------------------------------------- config-test

#[test]
fn config_test_accepts_a_sane_config_with_keas_text_and_applies_nothing() {
    let (s, mut c) = setup();
    let before = running_dhcp4(&s);
    let new = with_second_subnet(before.clone());
    assert_answer(
        &cmd(&s, "config-test", json!({ "Dhcp4": new })),
        0,
        CONFIG_TEST_OK,
    );
    assert_eq!(running_dhcp4(&s), before);
    assert!(in_first_subnet(serves(&mut c, 1)));
}

#[test]
fn config_test_refuses_a_bad_config_naming_the_problem_and_applies_nothing() {
    let (s, mut c) = setup();
    let before = running_dhcp4(&s);
    let mut bad = with_second_subnet(before.clone());
    bad["subnet4"][0]["subnet"] = json!("198.51.100.0/33");
    let r = cmd(&s, "config-test", json!({ "Dhcp4": bad }));
    assert_eq!(result(&r), 1, "{r}");
    assert!(
        text(&r).contains("Invalid prefix length specified for subnet: 33"),
        "{r}"
    );
    let mut unknown = before.clone();
    unknown["no-such-parameter"] = json!(1);
    let r = cmd(&s, "config-test", json!({ "Dhcp4": unknown }));
    assert_eq!(result(&r), 1, "{r}");
    assert!(text(&r).contains("no-such-parameter"), "{r}");
    assert_eq!(running_dhcp4(&s), before);
    assert!(in_first_subnet(serves(&mut c, 1)));
}

#[test]
fn config_test_and_config_set_check_their_arguments_like_kea() {
    let (s, mut c) = setup();
    for name in ["config-test", "config-set"] {
        assert_answer(
            &s.command_json(name, None),
            1,
            "Missing mandatory 'arguments' parameter.",
        );
        assert_answer(
            &cmd(&s, name, json!({})),
            1,
            "Missing mandatory 'Dhcp4' parameter.",
        );
        assert_answer(
            &cmd(&s, name, json!({"Dhcp6": {}})),
            1,
            "Missing mandatory 'Dhcp4' parameter.",
        );
        assert_answer(
            &cmd(&s, name, json!({"Dhcp4": 5})),
            1,
            "'Dhcp4' parameter expected to be a map.",
        );
        assert_answer(
            &cmd(&s, name, json!({"Dhcp4": {}, "Foo": {}})),
            1,
            "Unsupported 'Foo' parameter.",
        );
        assert_answer(
            &cmd(&s, name, json!({"Dhcp4": {}, "Zed": 1, "Abc": 2})),
            1,
            "Unsupported 'Abc' parameter (and 'Zed').",
        );
        assert_answer_starts(
            &cmd(&s, name, json!("Dhcp4")),
            1,
            "Error during command processing: get(string) called on a non-map Element",
        );
    }
    assert!(in_first_subnet(serves(&mut c, 1)));
}

// --------------------------------------------------------------- config-set

#[test]
fn config_set_serves_a_new_subnet_to_new_clients_without_restart_or_losing_the_socket() {
    let (s, mut c) = setup();
    assert!(in_first_subnet(serves(&mut c, 1)));
    let pid = s.command_json("status-get", None)["arguments"]["pid"].clone();
    let new = with_second_subnet(running_dhcp4(&s));
    assert_answer(
        &cmd(&s, "config-set", json!({ "Dhcp4": new })),
        0,
        "Configuration successful.",
    );
    let got = serves(&mut c, 2);
    assert!(in_second_subnet(got), "{got}");
    let after = s.command_json("status-get", None);
    assert_eq!(after["arguments"]["pid"], pid, "the server restarted");
    let lease = cmd(&s, "lease4-get", json!({"ip-address": got.to_string()}));
    assert_eq!(lease["arguments"]["subnet-id"], 2, "{lease}");
}

#[test]
fn config_set_with_a_bad_config_is_refused_and_the_old_config_keeps_serving() {
    let (s, mut c) = setup();
    let before = running_dhcp4(&s);
    let mut bad = with_second_subnet(before.clone());
    bad["subnet4"][0]["pools"][0]["pool"] = json!("10.0.0.1 - 10.0.0.9");
    let r = cmd(&s, "config-set", json!({ "Dhcp4": bad }));
    assert_eq!(result(&r), 1, "{r}");
    assert!(
        text(&r).contains("10.0.0.1"),
        "the problem is not named: {r}"
    );
    assert_eq!(running_dhcp4(&s), before);
    assert_eq!(result(&s.command_json("status-get", None)), 0);
    if s.subject == Subject::Ruru {
        // Kea 2.2 tears down its sockets and hooks while applying a configuration
        // and logs DHCP4_CONFIG_UNRECOVERABLE_ERROR when it fails half-way: it
        // stops serving. ruru validates first and changes nothing on failure.
        assert!(in_first_subnet(serves(&mut c, 1)));
    }
}

#[test]
fn config_set_with_an_extra_top_level_key_is_refused_with_keas_text() {
    let (s, mut c) = setup();
    let before = running_dhcp4(&s);
    let new = with_second_subnet(before.clone());
    assert_answer(
        &cmd(&s, "config-set", json!({"Dhcp4": new, "Dhcp6": {}})),
        1,
        "Unsupported 'Dhcp6' parameter.",
    );
    assert_eq!(running_dhcp4(&s), before);
    assert!(in_first_subnet(serves(&mut c, 1)));
}

#[test]
fn config_set_to_a_new_socket_name_moves_the_control_socket() {
    let (mut s, _c) = setup();
    let mut new = running_dhcp4(&s);
    let moved = s.dir.path().join("moved.sock");
    new["control-socket"]["socket-name"] = json!(moved);
    assert_eq!(result(&cmd(&s, "config-set", json!({ "Dhcp4": new }))), 0);
    s.socket = moved;
    assert!(
        eventually(Duration::from_secs(3), || s.socket.exists()),
        "no socket at the new path"
    );
    assert_eq!(result(&s.command_json("version-get", None)), 0);
}

// ------------------------------------------------------------ config-reload

#[test]
fn config_reload_applies_edits_to_the_config_file() {
    let (s, mut c) = setup();
    let file = read_json(&s.config_path);
    write_config(&s.config_path, &with_second_subnet(file["Dhcp4"].clone()));
    assert_answer(
        &s.command_json("config-reload", None),
        0,
        "Configuration successful.",
    );
    assert!(in_second_subnet(serves(&mut c, 1)));
    assert_eq!(running_dhcp4(&s)["subnet4"][0]["id"], 2);
}

#[test]
fn config_reload_of_a_broken_file_fails_and_the_old_config_keeps_serving() {
    let (s, mut c) = setup();
    let before = running_dhcp4(&s);
    std::fs::write(&s.config_path, "{ \"Dhcp4\": { \"subnet4\": [ ").expect("write");
    let r = s.command_json("config-reload", None);
    assert_answer_starts(
        &r,
        1,
        &format!(
            "Config reload failed: configuration error using file '{}': ",
            s.config_path.display()
        ),
    );
    assert_eq!(running_dhcp4(&s), before);
    assert!(in_first_subnet(serves(&mut c, 1)));
    // A file that parses but does not validate.
    let mut bad = with_second_subnet(before.clone());
    bad["subnet4"][0]["subnet"] = json!("198.51.100.0/33");
    write_config(&s.config_path, &bad);
    let r = s.command_json("config-reload", None);
    assert_answer_starts(&r, 1, "Config reload failed: ");
    assert!(text(&r).contains("33"), "{r}");
    assert_eq!(running_dhcp4(&s), before);
    if s.subject == Subject::Ruru {
        // Kea 2.2 stops serving after a configuration that fails validation
        // (DHCP4_CONFIG_UNRECOVERABLE_ERROR); ruru keeps the old one running.
        assert!(in_first_subnet(serves(&mut c, 2)));
    }
}

// ------------------------------------------------------------- config-write

#[test]
fn config_write_without_filename_writes_the_startup_file_which_loads_back() {
    let (mut s, mut c) = setup();
    let running = running_dhcp4(&s);
    std::fs::write(&s.config_path, "overwritten").expect("write");
    let r = s.command_json("config-write", None);
    let path = s.config_path.display().to_string();
    assert_answer(
        &r,
        0,
        &format!("Configuration written to {path} successful"),
    );
    assert_eq!(r["arguments"]["filename"], path.as_str());
    let bytes = std::fs::read(&s.config_path).expect("written file");
    assert_eq!(r["arguments"]["size"], bytes.len(), "{r}");
    let written: Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(written["Dhcp4"]["subnet4"], running["subnet4"]);
    // An empty filename means the startup file too.
    let r = cmd(&s, "config-write", json!({"filename": ""}));
    assert_eq!(r["arguments"]["filename"], path.as_str(), "{r}");
    // The written file starts the server.
    s.kill();
    s.spawn();
    assert!(in_first_subnet(serves(&mut c, 1)));
    assert_eq!(running_dhcp4(&s)["subnet4"], running["subnet4"]);
}

#[test]
fn config_write_with_filename_writes_there_and_config_test_accepts_it() {
    let (s, _c) = setup();
    let target = s.dir.path().join("copy.json");
    let r = cmd(&s, "config-write", json!({"filename": target}));
    assert_answer(
        &r,
        0,
        &format!("Configuration written to {} successful", target.display()),
    );
    let written = read_json(&target);
    assert_eq!(written["Dhcp4"], running_dhcp4(&s));
    assert_answer(&cmd(&s, "config-test", written), 0, CONFIG_TEST_OK);
}

#[test]
fn config_write_refuses_a_bad_filename_and_an_unwritable_path() {
    let (s, _c) = setup();
    assert_answer(
        &cmd(&s, "config-write", json!({"filename": 5})),
        1,
        "passed parameter 'filename' is not a string",
    );
    let nowhere = s.dir.path().join("no/such/dir/x.json");
    assert_answer(
        &cmd(&s, "config-write", json!({"filename": nowhere})),
        1,
        &format!(
            "Error during write-config:Unable to open file {} for writing",
            nowhere.display()
        ),
    );
}

// ---------------------------------------------------------------- shutdown

#[test]
fn shutdown_replies_then_exits_0_and_removes_the_socket() {
    let (mut s, _c) = setup();
    assert_answer(&s.command_json("shutdown", None), 0, "Shutting down.");
    assert_eq!(
        s.wait_exit(Duration::from_secs(10)),
        Some(0),
        "{}",
        s.logs()
    );
    assert!(!s.socket.exists(), "control socket file left behind");
}

#[test]
fn shutdown_exit_value_becomes_the_exit_status() {
    let (mut s, _c) = setup();
    assert_answer(
        &cmd(&s, "shutdown", json!({"exit-value": 7})),
        0,
        "Shutting down.",
    );
    assert_eq!(
        s.wait_exit(Duration::from_secs(10)),
        Some(7),
        "{}",
        s.logs()
    );
}

#[test]
fn shutdown_with_a_bad_exit_value_is_refused_and_the_server_keeps_running() {
    let (mut s, mut c) = setup();
    assert_answer(
        &cmd(&s, "shutdown", json!({"exit-value": "7"})),
        1,
        "parameter 'exit-value' is not an integer",
    );
    assert_eq!(s.wait_exit(Duration::from_millis(300)), None);
    serves(&mut c, 1);
}

#[test]
fn sigterm_exits_0_and_removes_the_socket() {
    let (mut s, _c) = setup();
    assert_eq!(s.terminate(), Some(0), "{}", s.logs());
    assert!(!s.socket.exists(), "control socket file left behind");
}

// ------------------------------------------------- dhcp-disable, dhcp-enable

#[test]
fn dhcp_disable_stops_service_until_dhcp_enable() {
    let (s, mut c) = setup();
    assert_answer(
        &s.command_json("dhcp-disable", None),
        0,
        "DHCPv4 service disabled",
    );
    assert!(silent(&mut c, 1), "answered while disabled");
    assert_answer(
        &s.command_json("dhcp-enable", None),
        0,
        "DHCP service successfully enabled",
    );
    serves(&mut c, 1);
}

#[test]
fn dhcp_disable_with_max_period_comes_back_by_itself() {
    let (s, mut c) = setup();
    assert_answer(
        &cmd(&s, "dhcp-disable", json!({"max-period": 2})),
        0,
        "DHCPv4 service disabled for 2 seconds",
    );
    let disabled_at = Instant::now();
    assert!(silent(&mut c, 1), "answered while disabled");
    // The DISCOVER above timed out after 1.5 s; service resumes at 2 s.
    let back = eventually(Duration::from_secs(5), || c.discover(&mac(1)).is_some());
    assert!(back, "service did not come back after max-period");
    assert!(disabled_at.elapsed() >= Duration::from_millis(1900));
    serves(&mut c, 2);
}

#[test]
fn disable_origins_are_lifted_separately() {
    let (s, mut c) = setup();
    assert_eq!(result(&s.command_json("dhcp-disable", None)), 0);
    assert_eq!(
        result(&cmd(&s, "dhcp-disable", json!({"origin": "ha-partner"}))),
        0
    );
    assert_eq!(
        result(&cmd(&s, "dhcp-enable", json!({"origin": "user"}))),
        0
    );
    // Service resumes only when no origin is left.
    assert!(
        silent(&mut c, 1),
        "the ha-partner disable was lifted by a user enable"
    );
    assert_eq!(
        result(&cmd(&s, "dhcp-enable", json!({"origin": "ha-partner"}))),
        0
    );
    serves(&mut c, 1);
}

#[test]
fn dhcp_disable_refuses_bad_max_period_and_origin_and_keeps_serving() {
    let (s, mut c) = setup();
    let disable = |a: Value| cmd(&s, "dhcp-disable", a);
    assert_answer(
        &disable(json!({"max-period": 0})),
        1,
        "'max-period' must be positive integer",
    );
    assert_answer(
        &disable(json!({"max-period": -5})),
        1,
        "'max-period' must be positive integer",
    );
    assert_answer(
        &disable(json!({"max-period": "5"})),
        1,
        "'max-period' argument must be a number",
    );
    assert_answer(
        &disable(json!({"max-period": 1.5})),
        1,
        "'max-period' argument must be a number",
    );
    assert_answer(
        &disable(json!({"origin": "nobody"})),
        1,
        "invalid value used for 'origin' parameter: nobody",
    );
    assert_answer(
        &disable(json!({"origin": 3})),
        1,
        "'origin' argument must be a string",
    );
    assert_answer(
        &disable(json!({"origin": ""})),
        1,
        "invalid value used for 'origin' parameter: (empty string)",
    );
    // Every problem is reported, run together as Kea does.
    assert_answer(
        &disable(json!({"max-period": 0, "origin": "x"})),
        1,
        "'max-period' must be positive integerinvalid value used for 'origin' parameter: x",
    );
    assert_answer(
        &cmd(&s, "dhcp-enable", json!({"origin": "nobody"})),
        1,
        "invalid value used for 'origin' parameter: nobody",
    );
    serves(&mut c, 1);
}

// ------------------------------------------------------------ leases-reclaim

#[test]
fn leases_reclaim_requires_a_boolean_remove() {
    let (s, _c) = setup();
    assert_answer(
        &s.command_json("leases-reclaim", None),
        1,
        "Missing mandatory 'remove' parameter.",
    );
    assert_answer(
        &cmd(&s, "leases-reclaim", json!({})),
        1,
        "Missing mandatory 'remove' parameter.",
    );
    assert_answer(
        &cmd(&s, "leases-reclaim", json!({"remove": "yes"})),
        1,
        "'remove' parameter expected to be a boolean.",
    );
}

fn add_expired_and_live_leases(s: &TestServer) {
    let expired = json!({
        "ip-address": "192.0.2.50", "hw-address": "02:00:00:00:00:50",
        "valid-lft": 100, "expire": 1000
    });
    let live = json!({"ip-address": "192.0.2.51", "hw-address": "02:00:00:00:00:51"});
    for l in [expired, live] {
        assert_eq!(result(&cmd(s, "lease4-add", l.clone())), 0, "{l}");
    }
}

#[test]
fn leases_reclaim_with_remove_deletes_expired_leases_only() {
    let (s, _c) = setup();
    add_expired_and_live_leases(&s);
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 2);
    assert_answer(
        &cmd(&s, "leases-reclaim", json!({"remove": true})),
        0,
        "Reclamation of expired leases is complete.",
    );
    assert_answer(
        &cmd(&s, "lease4-get", json!({"ip-address": "192.0.2.50"})),
        3,
        "Lease not found.",
    );
    assert_eq!(
        result(&cmd(&s, "lease4-get", json!({"ip-address": "192.0.2.51"}))),
        0
    );
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 1);
    assert_stat_becomes(&s, "reclaimed-leases", 1);
}

#[test]
fn leases_reclaim_without_remove_keeps_expired_leases_as_reclaimed() {
    let (s, _c) = setup();
    add_expired_and_live_leases(&s);
    assert_eq!(
        result(&cmd(&s, "leases-reclaim", json!({"remove": false}))),
        0
    );
    let r = cmd(&s, "lease4-get", json!({"ip-address": "192.0.2.50"}));
    assert_eq!(result(&r), 0, "{r}");
    assert_eq!(r["arguments"]["state"], 2, "not expired-reclaimed: {r}");
    let r = cmd(&s, "lease4-get", json!({"ip-address": "192.0.2.51"}));
    assert_eq!(r["arguments"]["state"], 0, "{r}");
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 1);
}

// ------------------------------------------------------------ server-tag-get

#[test]
fn server_tag_get_returns_the_configured_tag() {
    let (s, _c) = setup();
    let r = s.command_json("server-tag-get", None);
    assert_eq!(r, json!({"arguments": {"server-tag": ""}, "result": 0}));
    let mut cfg = base_config();
    cfg["server-tag"] = json!("blue");
    let (s, _c) = setup_with(cfg);
    let r = s.command_json("server-tag-get", None);
    assert_eq!(r, json!({"arguments": {"server-tag": "blue"}, "result": 0}));
}

// ---------------------------------------------------------------- statistics

#[test]
fn a_dora_is_counted_in_packet_and_address_statistics() {
    let (s, mut c) = setup();
    assert_stat_becomes(&s, "subnet[1].total-addresses", 191);
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 0);
    serves(&mut c, 1);
    assert_stat_becomes(&s, "pkt4-discover-received", 1);
    assert_stat_becomes(&s, "pkt4-offer-sent", 1);
    assert_stat_becomes(&s, "pkt4-request-received", 1);
    assert_stat_becomes(&s, "pkt4-ack-sent", 1);
    assert_stat_becomes(&s, "pkt4-received", 2);
    assert_stat_becomes(&s, "pkt4-sent", 2);
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 1);
    let all = s.command_json("statistic-get-all", None);
    assert_eq!(result(&all), 0, "{all}");
    assert_eq!(all["arguments"]["pkt4-ack-sent"][0][0], 1, "{all}");
    assert_eq!(all["arguments"]["subnet[1].total-addresses"][0][0], 191);
}

#[test]
fn statistic_samples_are_newest_first_with_keas_timestamps() {
    let (s, mut c) = setup();
    serves(&mut c, 1);
    serves(&mut c, 2);
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 2);
    let r = cmd(
        &s,
        "statistic-get",
        json!({"name": "subnet[1].assigned-addresses"}),
    );
    let samples = r["arguments"]["subnet[1].assigned-addresses"]
        .as_array()
        .expect("samples")
        .clone();
    let values: Vec<i64> = samples.iter().filter_map(|s| s[0].as_i64()).collect();
    assert_eq!(values[..3], [2, 1, 0], "{r}");
    let stamp = samples[0][1].as_str().expect("timestamp");
    assert!(
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S%.6f").is_ok(),
        "{stamp}"
    );
}

#[test]
fn statistic_get_of_an_unknown_name_is_an_empty_map() {
    let (s, _c) = setup();
    assert_eq!(
        cmd(&s, "statistic-get", json!({"name": "no-such-statistic"})),
        json!({"arguments": {}, "result": 0})
    );
}

#[test]
fn statistic_reset_zeroes_one_statistic_and_reset_all_every_one() {
    let (s, mut c) = setup();
    serves(&mut c, 1);
    assert_stat_becomes(&s, "pkt4-ack-sent", 1);
    assert_answer(
        &cmd(&s, "statistic-reset", json!({"name": "pkt4-ack-sent"})),
        0,
        "Statistic 'pkt4-ack-sent' reset.",
    );
    assert_eq!(stat(&s, "pkt4-ack-sent"), Some(0));
    assert_eq!(stat(&s, "pkt4-offer-sent"), Some(1));
    assert_answer(
        &s.command_json("statistic-reset-all", None),
        0,
        "All statistics reset to neutral values.",
    );
    assert_eq!(stat(&s, "pkt4-offer-sent"), Some(0));
    assert_eq!(stat(&s, "subnet[1].total-addresses"), Some(0));
}

#[test]
fn statistic_remove_drops_one_statistic_and_remove_all_every_one() {
    let (s, mut c) = setup();
    serves(&mut c, 1);
    assert_stat_becomes(&s, "pkt4-ack-sent", 1);
    assert_answer(
        &cmd(&s, "statistic-remove", json!({"name": "pkt4-ack-sent"})),
        0,
        "Statistic 'pkt4-ack-sent' removed.",
    );
    assert_eq!(stat(&s, "pkt4-ack-sent"), None);
    assert_eq!(stat(&s, "pkt4-offer-sent"), Some(1));
    assert_answer(
        &s.command_json("statistic-remove-all", None),
        0,
        "Warning: statistic-remove-all command is deprecated. All statistics removed.",
    );
    assert_eq!(
        s.command_json("statistic-get-all", None),
        json!({"arguments": {}, "result": 0})
    );
}

#[test]
fn statistic_commands_refuse_missing_wrong_or_unknown_names() {
    let (s, _c) = setup();
    for name in ["statistic-get", "statistic-reset", "statistic-remove"] {
        assert_answer(
            &s.command_json(name, None),
            1,
            "Missing mandatory 'name' parameter.",
        );
        assert_answer(
            &cmd(&s, name, json!({"name": 5})),
            1,
            "'name' parameter expected to be a string.",
        );
    }
    for name in ["statistic-reset", "statistic-remove"] {
        assert_answer(
            &cmd(&s, name, json!({"name": "nope"})),
            1,
            "No 'nope' statistic found",
        );
    }
}

#[test]
fn statistic_sample_count_set_all_limits_the_kept_samples() {
    let (s, mut c) = setup();
    assert_answer(
        &cmd(
            &s,
            "statistic-sample-count-set-all",
            json!({"max-samples": 0}),
        ),
        1,
        "'max-samples' parameter must not be zero",
    );
    assert_answer(
        &cmd(
            &s,
            "statistic-sample-count-set-all",
            json!({"max-samples": 2}),
        ),
        0,
        "All statistics count limit are set.",
    );
    for n in 1..=3 {
        serves(&mut c, n);
    }
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 3);
    let r = cmd(
        &s,
        "statistic-get",
        json!({"name": "subnet[1].assigned-addresses"}),
    );
    let samples = r["arguments"]["subnet[1].assigned-addresses"].clone();
    assert_eq!(samples.as_array().map(Vec::len), Some(2), "{r}");
    assert_answer(
        &cmd(
            &s,
            "statistic-sample-count-set",
            json!({"name": "pkt4-sent"}),
        ),
        1,
        "Missing mandatory 'max-samples' parameter.",
    );
    assert_answer(
        &cmd(
            &s,
            "statistic-sample-count-set",
            json!({"name": "nope", "max-samples": 1}),
        ),
        1,
        "No 'nope' statistic found",
    );
}

// ------------------------------------------------------------------ lease4-*

#[test]
fn lease4_add_then_get_by_address_identifier_hw_address_client_id_and_hostname() {
    let (s, _c) = setup();
    assert_answer(
        &cmd(
            &s,
            "lease4-add",
            json!({
                "ip-address": "192.0.2.77", "hw-address": "02:00:00:00:00:77",
                "client-id": "01:02:03", "hostname": "host77.example.org", "valid-lft": 600
            }),
        ),
        0,
        "Lease for address 192.0.2.77, subnet-id 1 added.",
    );
    let r = cmd(&s, "lease4-get", json!({"ip-address": "192.0.2.77"}));
    assert_eq!(result(&r), 0, "{r}");
    assert_eq!(text(&r), "IPv4 lease found.");
    let lease = r["arguments"].clone();
    assert_eq!(lease["hw-address"], "02:00:00:00:00:77");
    assert_eq!(lease["client-id"], "01:02:03");
    assert_eq!(lease["hostname"], "host77.example.org");
    assert_eq!(lease["subnet-id"], 1);
    assert_eq!(lease["valid-lft"], 600);
    assert_eq!(lease["state"], 0);
    let now = chrono::Utc::now().timestamp();
    assert!((now - 5..=now).contains(&lease["cltt"].as_i64().expect("cltt")));

    let by_id = cmd(
        &s,
        "lease4-get",
        json!({"identifier-type": "hw-address", "identifier": "02:00:00:00:00:77", "subnet-id": 1}),
    );
    assert_eq!(by_id["arguments"], lease, "{by_id}");
    let one_found = |r: Value| {
        assert_answer(&r, 0, "1 IPv4 lease(s) found.");
        assert_eq!(r["arguments"]["leases"], json!([lease.clone()]));
    };
    one_found(cmd(
        &s,
        "lease4-get-by-hw-address",
        json!({"hw-address": "02:00:00:00:00:77"}),
    ));
    one_found(cmd(
        &s,
        "lease4-get-by-client-id",
        json!({"client-id": "01:02:03"}),
    ));
    one_found(cmd(
        &s,
        "lease4-get-by-hostname",
        json!({"hostname": "HOST77.example.org"}),
    ));
    one_found(s.command_json("lease4-get-all", None));
    one_found(cmd(&s, "lease4-get-all", json!({"subnets": [1]})));
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 1);
}

#[test]
fn lease4_lookups_that_find_nothing_are_result_3() {
    let (s, _c) = setup();
    assert_answer(
        &cmd(&s, "lease4-get", json!({"ip-address": "192.0.2.99"})),
        3,
        "Lease not found.",
    );
    let none = json!({"arguments": {"leases": []}, "result": 3, "text": "0 IPv4 lease(s) found."});
    assert_eq!(s.command_json("lease4-get-all", None), none);
    assert_eq!(cmd(&s, "lease4-get-all", json!({"subnets": [7]})), none);
    assert_eq!(
        cmd(
            &s,
            "lease4-get-by-hw-address",
            json!({"hw-address": "02:00:00:00:00:11"})
        ),
        none
    );
    assert_eq!(
        cmd(&s, "lease4-get-by-client-id", json!({"client-id": "aa:bb"})),
        none
    );
    assert_eq!(
        cmd(&s, "lease4-get-by-hostname", json!({"hostname": "nobody"})),
        none
    );
}

#[test]
fn lease4_add_refuses_bad_arguments_with_keas_texts_and_adds_nothing() {
    let (s, _c) = setup();
    let add = |a: Value| cmd(&s, "lease4-add", a);
    assert_answer(
        &s.command_json("lease4-add", None),
        1,
        "no parameters specified for the command",
    );
    assert_answer_starts(
        &add(json!({"hw-address": "02:00:00:00:00:01"})),
        1,
        "missing parameter 'ip-address'",
    );
    assert_answer_starts(
        &add(json!({"ip-address": "192.0.2.52"})),
        1,
        "missing parameter 'hw-address'",
    );
    assert_answer(
        &add(json!({"ip-address": "192.0.2.52", "hw-address": "zz"})),
        1,
        "'z' is not a valid hexadecimal digit in decoded string 'zz'",
    );
    assert_answer(
        &add(json!({"ip-address": "10.9.9.9", "hw-address": "02:00:00:00:00:01"})),
        1,
        "subnet-id not specified and failed to find a subnet for address 10.9.9.9",
    );
    assert_eq!(result(&s.command_json("lease4-get-all", None)), 3);
    let good = json!({"ip-address": "192.0.2.52", "hw-address": "02:00:00:00:00:01"});
    assert_eq!(result(&add(good.clone())), 0);
    assert_answer(&add(good), 1, "IPv4 lease already exists.");
}

#[test]
fn lease4_get_and_del_refuse_bad_arguments_with_keas_texts() {
    let (s, _c) = setup();
    for name in ["lease4-get", "lease4-del"] {
        assert_answer(
            &cmd(&s, name, json!({"ip-address": "bogus"})),
            1,
            "Failed to convert string to address 'bogus': Invalid argument",
        );
        assert_answer(
            &cmd(&s, name, json!({})),
            1,
            "Mandatory 'subnet-id' parameter missing.",
        );
        assert_answer(
            &cmd(
                &s,
                name,
                json!({"identifier-type": "foo", "identifier": "01", "subnet-id": 1}),
            ),
            1,
            "Incorrect identifier type: foo, the only supported values are: address, hw-address, duid",
        );
    }
    assert_answer(
        &cmd(&s, "lease4-get-all", json!({"subnets": 1})),
        1,
        "'subnets' parameter must be a list",
    );
    assert_answer(
        &cmd(&s, "lease4-get-by-hw-address", json!({})),
        1,
        "'hw-address' parameter not specified",
    );
    assert_answer(
        &cmd(&s, "lease4-get-by-client-id", json!({})),
        1,
        "'client-id' parameter not specified",
    );
    assert_answer(
        &cmd(&s, "lease4-get-by-hostname", json!({"hostname": ""})),
        1,
        "'hostname' parameter is empty",
    );
}

#[test]
fn lease4_get_page_walks_every_lease_in_address_order() {
    let (s, _c) = setup();
    for n in [30, 10, 20] {
        let a = json!({"ip-address": format!("192.0.2.{n}"), "hw-address": format!("02:00:00:00:00:{n}")});
        assert_eq!(result(&cmd(&s, "lease4-add", a)), 0);
    }
    let page = |from: &str| cmd(&s, "lease4-get-page", json!({"from": from, "limit": 2}));
    let first = page("start");
    assert_answer(&first, 0, "2 IPv4 lease(s) found.");
    assert_eq!(first["arguments"]["count"], 2);
    let addrs = |r: &Value| -> Vec<String> {
        r["arguments"]["leases"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|l| l["ip-address"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(addrs(&first), ["192.0.2.10", "192.0.2.20"]);
    let second = page("192.0.2.20");
    assert_eq!(addrs(&second), ["192.0.2.30"]);
    assert_eq!(
        page("192.0.2.30"),
        json!({"arguments": {"count": 0, "leases": []}, "result": 3, "text": "0 IPv4 lease(s) found."})
    );
    let get_page = |a: Value| cmd(&s, "lease4-get-page", a);
    assert_answer(
        &get_page(json!({"from": "start", "limit": 0})),
        1,
        "page size of retrieved leases must not be 0",
    );
    assert_answer(
        &get_page(json!({"from": "start"})),
        1,
        "'limit' parameter not specified",
    );
    assert_answer(
        &get_page(json!({"limit": 1})),
        1,
        "'from' parameter not specified",
    );
    assert_answer(
        &get_page(json!({"from": "xx", "limit": 1})),
        1,
        "'from' parameter value is neither 'start' keyword nor a valid IPv4 address",
    );
}

#[test]
fn lease4_update_changes_an_existing_lease_and_creates_one_only_when_forced() {
    let (s, _c) = setup();
    let a = json!({"ip-address": "192.0.2.60", "hw-address": "02:00:00:00:00:60"});
    assert_eq!(result(&cmd(&s, "lease4-add", a)), 0);
    assert_answer(
        &cmd(
            &s,
            "lease4-update",
            json!({"ip-address": "192.0.2.60", "hw-address": "02:00:00:00:00:61", "hostname": "h61"}),
        ),
        0,
        "IPv4 lease updated.",
    );
    let r = cmd(&s, "lease4-get", json!({"ip-address": "192.0.2.60"}));
    assert_eq!(r["arguments"]["hw-address"], "02:00:00:00:00:61", "{r}");
    assert_eq!(r["arguments"]["hostname"], "h61", "{r}");
    let missing = json!({"ip-address": "192.0.2.61", "hw-address": "02:00:00:00:00:62"});
    assert_answer(
        &cmd(&s, "lease4-update", missing.clone()),
        1,
        "failed to update the lease with address 192.0.2.61 either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed",
    );
    let mut forced = missing;
    forced["force-create"] = json!(true);
    assert_answer(&cmd(&s, "lease4-update", forced), 0, "IPv4 lease added.");
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 2);
}

#[test]
fn lease4_del_removes_by_address_or_identifier() {
    let (s, _c) = setup();
    for n in [70, 71] {
        let a = json!({"ip-address": format!("192.0.2.{n}"), "hw-address": format!("02:00:00:00:00:{n}")});
        assert_eq!(result(&cmd(&s, "lease4-add", a)), 0);
    }
    assert_answer(
        &cmd(&s, "lease4-del", json!({"ip-address": "192.0.2.70"})),
        0,
        "IPv4 lease deleted.",
    );
    assert_answer(
        &cmd(&s, "lease4-del", json!({"ip-address": "192.0.2.70"})),
        3,
        "IPv4 lease not found.",
    );
    assert_answer(
        &cmd(
            &s,
            "lease4-del",
            json!({"identifier-type": "hw-address", "identifier": "02:00:00:00:00:71", "subnet-id": 1}),
        ),
        0,
        "IPv4 lease deleted.",
    );
    assert_eq!(result(&s.command_json("lease4-get-all", None)), 3);
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 0);
}

#[test]
fn lease4_wipe_deletes_a_subnets_leases_and_counts_them() {
    let (s, mut c) = setup();
    serves(&mut c, 1);
    serves(&mut c, 2);
    assert_answer(
        &cmd(&s, "lease4-wipe", json!({"subnet-id": 1})),
        0,
        "Deleted 2 IPv4 lease(s) from subnet(s) 1",
    );
    assert_answer(
        &cmd(&s, "lease4-wipe", json!({"subnet-id": 1})),
        3,
        "Deleted 0 IPv4 lease(s) from subnet(s) 1",
    );
    assert_answer(
        &s.command_json("lease4-wipe", None),
        3,
        "Deleted 0 IPv4 lease(s) from subnet(s) 1",
    );
    assert_answer_starts(
        &cmd(&s, "lease4-wipe", json!({"subnet-id": "x"})),
        1,
        "invalid type specified for parameter 'subnet-id'",
    );
    assert_stat_becomes(&s, "subnet[1].assigned-addresses", 0);
    // The wiped addresses are free again.
    serves(&mut c, 3);
}

#[test]
fn a_lease_added_by_command_is_not_given_to_another_client() {
    let (s, mut c) = setup();
    // Fill the second subnet's 11-address pool but one, by command.
    let new = with_second_subnet(running_dhcp4(&s));
    assert_eq!(result(&cmd(&s, "config-set", json!({ "Dhcp4": new }))), 0);
    for n in 10..=19 {
        let a = json!({"ip-address": format!("198.51.100.{n}"), "hw-address": format!("02:00:00:00:01:{n}")});
        assert_eq!(result(&cmd(&s, "lease4-add", a)), 0);
    }
    assert_eq!(serves(&mut c, 5), Ipv4Addr::new(198, 51, 100, 20));
}

#[test]
fn a_crashed_servers_socket_file_is_replaced_by_the_next_start_and_stays_private() {
    use std::os::unix::fs::PermissionsExt;
    // ruru's own guarantee (Kea 2.2 leaves the umask's mode): always ruru.
    let mut s = TestServer::start_subject(Subject::Ruru, base_config());
    s.kill();
    assert!(s.socket.exists(), "SIGKILL leaves the socket file behind");
    s.spawn();
    let r = s.command_json("version-get", None);
    assert_eq!(r["result"], 0, "{r}");
    let mode = std::fs::metadata(&s.socket)
        .expect("socket")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}
