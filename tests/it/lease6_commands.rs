//! `lease6-*`, `statistic-*` and service commands of the real ruru-dhcp6 over
//! its control socket, with Kea 2.2's texts and result codes; leases made by
//! commands and by relayed clients are the same leases.

use crate::support::server6::{base_config6, TestServer6};
use ruru::dhcp::v6::ia::Ia;
use ruru::dhcp::v6::packet::{msg, opt, Message6};
use serde_json::json;

const DUID: &str = "00:03:00:01:02:00:00:00:00:01";

fn solicit(client: u8) -> Message6 {
    let mut m = Message6::new(msg::REQUEST, [0, 0, client]);
    m.push(opt::CLIENTID, vec![0, 3, 0, 1, 2, 0, 0, 0, 0, client]);
    m.options.push(Ia::new(opt::IA_NA, 1).encode());
    m.options.push(Ia::new(opt::IA_PD, 2).encode());
    m
}

#[test]
fn lease6_add_get_update_del_with_kea_texts() {
    let s = TestServer6::start(base_config6());
    let add = s.command(
        "lease6-add",
        Some(json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5, "hostname": "Host.Example"})),
    );
    assert_eq!(add["result"], 0, "{add}");
    assert_eq!(
        add["text"],
        "Lease for address 2001:db8:1::77, subnet-id 1 added."
    );
    let again = s.command(
        "lease6-add",
        Some(json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5})),
    );
    assert_eq!(
        (again["result"].clone(), again["text"].clone()),
        (json!(1), json!("IPv6 lease already exists."))
    );
    let pd = s.command(
        "lease6-add",
        Some(json!({"ip-address": "2001:db8:8000:100::", "type": "IA_PD", "prefix-len": 56, "duid": DUID, "iaid": 6, "subnet-id": 1})),
    );
    assert_eq!(
        pd["text"], "Lease for prefix 2001:db8:8000:100::/56, subnet-id 1 added.",
        "{pd}"
    );

    let got = s.command("lease6-get", Some(json!({"ip-address": "2001:db8:1::77"})));
    assert_eq!(got["text"], "IPv6 lease found.");
    let l = &got["arguments"];
    assert_eq!(l["duid"], DUID);
    assert_eq!(l["iaid"], 5);
    assert_eq!(l["type"], "IA_NA");
    assert_eq!(l["hostname"], "host.example");
    assert_eq!(
        (l["preferred-lft"].clone(), l["valid-lft"].clone()),
        (json!(3000), json!(4000))
    );
    let by_id = s.command(
        "lease6-get",
        Some(json!({"identifier-type": "duid", "identifier": DUID, "iaid": 6, "subnet-id": 1, "type": "IA_PD"})),
    );
    assert_eq!(by_id["arguments"]["prefix-len"], 56, "{by_id}");

    let upd = s.command(
        "lease6-update",
        Some(json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5, "valid-lft": 9000})),
    );
    assert_eq!(upd["text"], "IPv6 lease updated.");
    let by_duid = s.command("lease6-get-by-duid", Some(json!({"duid": DUID})));
    assert_eq!(by_duid["text"], "2 IPv6 lease(s) found.");

    let stat = s.command(
        "statistic-get",
        Some(json!({"name": "subnet[1].assigned-nas"})),
    );
    assert_eq!(
        stat["arguments"]["subnet[1].assigned-nas"][0][0], 1,
        "{stat}"
    );
    let stat = s.command(
        "statistic-get",
        Some(json!({"name": "subnet[1].assigned-pds"})),
    );
    assert_eq!(
        stat["arguments"]["subnet[1].assigned-pds"][0][0], 1,
        "{stat}"
    );

    let del = s.command("lease6-del", Some(json!({"ip-address": "2001:db8:1::77"})));
    assert_eq!(del["text"], "IPv6 lease deleted.");
    let del = s.command("lease6-del", Some(json!({"ip-address": "2001:db8:1::77"})));
    assert_eq!(
        (del["result"].clone(), del["text"].clone()),
        (json!(3), json!("IPv6 lease not found."))
    );
    let bad = s.command(
        "lease6-add",
        Some(json!({"ip-address": "2001:db8:1::78", "iaid": 1})),
    );
    assert_eq!(bad["result"], 1, "missing duid: {bad}");
    let bad = s.command(
        "lease6-add",
        Some(json!({"ip-address": "192.0.2.1", "duid": DUID, "iaid": 1})),
    );
    assert_eq!(bad["result"], 1, "IPv4 address: {bad}");
    let leases = std::fs::read_to_string(&s.lease_file).expect("lease file");
    assert!(
        !leases.contains("2001:db8:1::78"),
        "a refused add changes nothing"
    );
}

#[test]
fn client_leases_show_in_get_all_and_wipe_and_bulk_apply_work() {
    let s = TestServer6::start(base_config6());
    let adv = s.relay({
        let mut m = solicit(9);
        m.msg_type = msg::SOLICIT;
        m
    });
    let sid = adv
        .expect("ADVERTISE")
        .message
        .option(opt::SERVERID)
        .expect("sid")
        .to_vec();
    let mut req = solicit(9);
    req.push(opt::SERVERID, sid);
    s.relay(req).expect("REPLY");
    let all = s.command("lease6-get-all", None);
    assert_eq!(all["text"], "2 IPv6 lease(s) found.", "{all}");
    let received = s.command(
        "statistic-get",
        Some(json!({"name": "pkt6-request-received"})),
    );
    assert_eq!(
        received["arguments"]["pkt6-request-received"][0][0], 1,
        "{received}"
    );

    let bulk = s.command(
        "lease6-bulk-apply",
        Some(json!({
            "leases": [ {"ip-address": "2001:db8:1::aa", "duid": DUID, "iaid": 3} ],
            "deleted-leases": [ {"ip-address": "2001:db8:1::ab"} ]
        })),
    );
    assert_eq!(
        bulk["text"], "Bulk apply of 2 IPv6 leases completed.",
        "{bulk}"
    );
    assert_eq!(
        bulk["arguments"]["failed-leases"][0]["ip-address"], "2001:db8:1::ab",
        "{bulk}"
    );

    let wipe = s.command("lease6-wipe", Some(json!({"subnet-id": 1})));
    assert_eq!(
        wipe["text"], "Deleted 3 IPv6 lease(s) from subnet(s) 1",
        "{wipe}"
    );
    let all = s.command("lease6-get-all", None);
    assert_eq!(all["result"], 3);
    let list = s.command("list-commands", None);
    assert!(list["arguments"]
        .as_array()
        .expect("list")
        .contains(&json!("lease6-bulk-apply")));
}

#[test]
fn list_commands_is_the_tables_v6_rows_and_each_is_answered() {
    let s = TestServer6::start(base_config6());
    let list = s.command("list-commands", None);
    let listed: Vec<String> = serde_json::from_value(list["arguments"].clone()).expect("a list");
    assert_eq!(
        listed,
        ruru::commands::command_names(ruru::commands::ServerFamily::V6)
    );
    for name in listed.iter().filter(|n| *n != "shutdown") {
        let r = s.command(name, Some(json!({})));
        assert_ne!(r["result"], 2, "{name} is listed but not supported: {r}");
    }
    for name in ["lease4-get", "lease4-get-page", "lease4-add"] {
        let r = s.command(name, Some(json!({})));
        assert_eq!(r["result"], 2, "{name} is a DHCPv4 command: {r}");
    }
}

#[test]
fn dhcp_disable_pauses_service_and_enable_resumes_it() {
    let s = TestServer6::start(base_config6());
    let r = s.command("dhcp-disable", None);
    assert_eq!(r["result"], 0);
    let mut sol = solicit(4);
    sol.msg_type = msg::SOLICIT;
    assert!(s.relay(sol.clone()).is_none(), "no answer while disabled");
    let r = s.command("dhcp-enable", None);
    assert_eq!(r["result"], 0);
    assert!(s.relay(sol).is_some(), "answers again");
    let st = s.command("status-get", None);
    assert_eq!(st["result"], 0);
}

fn solicit_on(s: &TestServer6, link: &str, client: u8) -> Option<std::net::Ipv6Addr> {
    let mut m = solicit(client);
    m.msg_type = msg::SOLICIT;
    let mut p = crate::support::server6::relayed(m, 1);
    p.relays[0].link_address = link.parse().expect("link");
    s.send_raw(&p.encode());
    let r = s.receive()?;
    let ia = Ia::decode(opt::IA_NA, r.message.option(opt::IA_NA)?)?;
    ia.addresses.first().map(|a| a.address)
}

fn with_second_subnet() -> serde_json::Value {
    let mut cfg = base_config6();
    cfg["subnet6"]
        .as_array_mut()
        .expect("list")
        .push(json!({"id": 2, "subnet": "2001:db8:2::/64", "pools": [ {"pool": "2001:db8:2::10 - 2001:db8:2::20"} ]}));
    cfg
}

#[test]
fn config_set_swaps_the_configuration_and_keeps_the_leases() {
    let s = TestServer6::start(base_config6());
    assert_eq!(solicit_on(&s, "2001:db8:2::1", 1), None, "no subnet 2 yet");
    let add = s.command(
        "lease6-add",
        Some(json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5})),
    );
    assert_eq!(add["result"], 0);
    let mut new = with_second_subnet();
    // Keep the running lease database.
    new["lease-database"] =
        json!({"type": "memfile", "name": s.lease_file.to_string_lossy(), "lfc-interval": 0});
    new["data-directory"] = json!(s.dir.path().to_string_lossy());
    // Keep the control socket: as Kea, a configuration without one closes it.
    new["control-socket"] =
        s.command("config-get", None)["arguments"]["Dhcp6"]["control-socket"].clone();
    let r = s.command("config-set", Some(json!({ "Dhcp6": new.clone() })));
    assert_eq!(r["text"], "Configuration successful.", "{r}");
    assert_eq!(
        solicit_on(&s, "2001:db8:2::1", 1),
        Some("2001:db8:2::10".parse().expect("a"))
    );
    let got = s.command("lease6-get", Some(json!({"ip-address": "2001:db8:1::77"})));
    assert_eq!(got["result"], 0, "leases survive config-set");
    let cfg = s.command("config-get", None);
    assert_eq!(cfg["arguments"]["Dhcp6"]["subnet6"][1]["id"], 2);
    let stat = s.command(
        "statistic-get",
        Some(json!({"name": "subnet[2].total-nas"})),
    );
    assert_eq!(stat["arguments"]["subnet[2].total-nas"][0][0], 17, "{stat}");

    // A bad configuration changes nothing.
    let mut bad = new.clone();
    bad["subnet6"][1]["pools"][0]["pool"] = json!("2001:db9::1 - 2001:db9::2");
    let r = s.command("config-set", Some(json!({ "Dhcp6": bad })));
    assert_eq!(r["result"], 1, "{r}");
    assert!(
        r["text"]
            .as_str()
            .unwrap_or("")
            .starts_with("Dhcp6.subnet6[1].pools[0].pool: "),
        "{r}"
    );
    // Another lease database (as Kea): the running one is replaced, its
    // leases stay where they are.
    let mut other_db = new;
    other_db["lease-database"] = json!({"type": "memfile", "persist": false});
    let r = s.command("config-set", Some(json!({ "Dhcp6": other_db })));
    assert_eq!(r["result"], 0, "{r}");
    let got = s.command("lease6-get", Some(json!({"ip-address": "2001:db8:1::77"})));
    assert_eq!(
        got["result"], 3,
        "the new in-memory database is empty: {got}"
    );
    assert_eq!(
        solicit_on(&s, "2001:db8:2::1", 2).map(|a| a.segments()[2]),
        Some(2)
    );

    let out = s.dir.path().join("written.json");
    let r = s.command(
        "config-write",
        Some(json!({"filename": out.to_string_lossy()})),
    );
    assert_eq!(r["result"], 0, "{r}");
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(ruru::config::parse_dhcp6_text(&written, "written.json").is_ok());
}

#[test]
fn sighup_reloads_the_configuration_file() {
    let s = TestServer6::start(base_config6());
    assert_eq!(solicit_on(&s, "2001:db8:2::1", 1), None);
    let mut text: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.config_path()).expect("config"))
            .expect("json");
    text["Dhcp6"]["subnet6"] = with_second_subnet()["subnet6"].clone();
    std::fs::write(s.config_path(), text.to_string()).expect("rewrite");
    let status = std::process::Command::new("kill")
        .args(["-HUP", &s.pid().to_string()])
        .status()
        .expect("kill -HUP");
    assert!(status.success());
    // The reload is logged once applied (config-set's Kea ID); then the new
    // subnet is served.
    for _ in 0..100 {
        if s.log().contains("DHCP6_CONFIG_COMPLETE") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let got = solicit_on(&s, "2001:db8:2::1", 1);
    assert_eq!(
        got,
        Some("2001:db8:2::10".parse().expect("a")),
        "{}",
        s.log()
    );
}

#[test]
fn server_level_commands_are_the_shared_supervisors_down_to_shutdown() {
    let mut s = TestServer6::start(base_config6());
    let st = s.command("status-get", None);
    let lease_db = &st["arguments"]["backends"][0];
    assert_eq!(lease_db["name"], "lease-database", "{st}");
    assert_eq!(lease_db["type"], "memfile", "{st}");
    assert_eq!(lease_db["state"], "connected", "{st}");

    let r = s.command("dhcp-disable", Some(json!({"origin": "ha-partner"})));
    assert_eq!(r["text"], "DHCPv6 service disabled", "{r}");
    let st = s.command("status-get", None);
    assert_eq!(
        st["arguments"]["dhcp-state"]["disabled-by-ha-partner"], true,
        "{st}"
    );
    let r = s.command("dhcp-enable", Some(json!({"origin": "nobody"})));
    assert_eq!(r["result"], 1, "{r}");
    let r = s.command("dhcp-enable", Some(json!({"origin": "ha-partner"})));
    assert_eq!(r["result"], 0, "{r}");
    assert_eq!(
        s.command("status-get", None)["arguments"]["dhcp-state"]["globally-disabled"],
        false
    );

    let r = s.command("config-set", Some(json!({"Dhcp4": {}})));
    assert_eq!(r["text"], "Missing mandatory 'Dhcp6' parameter.", "{r}");
    let r = s.command("config-hash-get", None);
    assert_eq!(
        r["arguments"]["hash"].as_str().map(str::len),
        Some(64),
        "{r}"
    );

    let r = s.command("shutdown", Some(json!({"exit-value": 3})));
    assert_eq!(r["text"], "Shutting down.", "{r}");
    assert_eq!(s.wait_exit(std::time::Duration::from_secs(5)), Some(3));
    let log = s.log();
    assert!(log.contains("DHCP6_SHUTDOWN_REQUEST"), "{log}");
    assert!(log.contains("DHCP6_SHUTDOWN server shutdown"), "{log}");
}

/// The latest value of statistic `name`.
fn stat(s: &TestServer6, name: &str) -> serde_json::Value {
    let r = s.command("statistic-get", Some(json!({ "name": name })));
    r["arguments"][name][0][0].clone()
}

/// Sends `name` and asserts Kea's (result, text).
#[track_caller]
fn assert_answer6(
    s: &TestServer6,
    name: &str,
    args: Option<serde_json::Value>,
    answer: (i64, &str),
) {
    let r = s.command(name, args.clone());
    assert_eq!(
        (r["result"].as_i64(), r["text"].as_str()),
        (Some(answer.0), Some(answer.1)),
        "{name} {args:?}: {r}"
    );
}

// Checked against kea-dhcp6 2.2 with the lease_cmds hook.
#[test]
fn lease6_statistics_follow_adds_updates_deletes_and_wipes_like_kea() {
    let s = TestServer6::start(with_second_subnet());
    let add = |args: serde_json::Value| {
        let r = s.command("lease6-add", Some(args));
        assert_eq!(r["result"], 0, "{r}");
    };
    add(json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5}));
    add(json!({"ip-address": "2001:db8:1::78", "duid": DUID, "iaid": 6, "state": 1}));
    add(
        json!({"ip-address": "2001:db8:8000:100::", "type": "IA_PD", "prefix-len": 56,
               "duid": DUID, "iaid": 7, "subnet-id": 1}),
    );
    add(json!({"ip-address": "2001:db8:2::9", "duid": DUID, "iaid": 8, "state": 1}));
    assert_eq!(stat(&s, "subnet[1].assigned-nas"), 2);
    assert_eq!(stat(&s, "subnet[1].assigned-pds"), 1);
    assert_eq!(stat(&s, "subnet[1].declined-addresses"), 1);
    assert_eq!(stat(&s, "declined-addresses"), 2);

    // Kea's quirk: assigned -> expired-reclaimed in the same subnet keeps
    // the lease counted as assigned.
    let upd = |args: serde_json::Value| {
        assert_answer6(&s, "lease6-update", Some(args), (0, "IPv6 lease updated."))
    };
    upd(json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5, "state": 2}));
    assert_eq!(stat(&s, "subnet[1].assigned-nas"), 2);
    // declined -> assigned
    upd(json!({"ip-address": "2001:db8:1::78", "duid": DUID, "iaid": 6}));
    assert_eq!(stat(&s, "subnet[1].assigned-nas"), 2);
    assert_eq!(stat(&s, "subnet[1].declined-addresses"), 0);
    assert_eq!(stat(&s, "declined-addresses"), 1);

    assert_answer6(
        &s,
        "lease6-del",
        Some(json!({"ip-address": "2001:db8:1::78"})),
        (0, "IPv6 lease deleted."),
    );
    assert_eq!(stat(&s, "subnet[1].assigned-nas"), 1);

    // A wipe zeroes the subnet's counters and takes its declined leases
    // off the global count.
    assert_answer6(
        &s,
        "lease6-wipe",
        Some(json!({"subnet-id": 2})),
        (0, "Deleted 1 IPv6 lease(s) from subnet(s) 2"),
    );
    assert_eq!(stat(&s, "subnet[2].assigned-nas"), 0);
    assert_eq!(stat(&s, "subnet[2].declined-addresses"), 0);
    assert_eq!(stat(&s, "declined-addresses"), 0);
    assert_answer6(
        &s,
        "lease6-wipe",
        None,
        (0, "Deleted 2 IPv6 lease(s) from subnet(s) 1 2"),
    );
    assert_eq!(stat(&s, "subnet[1].assigned-nas"), 0);
    assert_eq!(stat(&s, "subnet[1].assigned-pds"), 0);
}

// Checked against kea-dhcp6 2.2 with the lease_cmds hook (which appends the
// element's position to a few of these texts; ruru's JSON has none).
#[test]
fn lease6_get_del_and_add_arguments_get_keas_texts() {
    let s = TestServer6::start(base_config6());
    let id =
        |t: &str| json!({"subnet-id": 1, "identifier-type": t, "identifier": "01:02:03:04:05:06"});
    let cases: Vec<(&str, serde_json::Value, (i64, &str))> = vec![
        ("lease6-get", id("hw-address"), (1, "Query by hw-address is not allowed in v6.")),
        ("lease6-get", id("client-id"), (1, "Query by client-id is not allowed in v6.")),
        ("lease6-del", id("hw-address"), (1, "Delete by hw-address is not allowed in v6.")),
        ("lease6-del", id("client-id"), (1, "Unknown query type: 3")),
        ("lease6-get", id("duid"), (3, "Lease not found.")),
        ("lease6-get", id("address"), (3, "Lease not found.")),
        (
            "lease6-get",
            id("color"),
            (1, "Incorrect identifier type: color, the only supported values are: address, hw-address, duid"),
        ),
        (
            "lease6-get",
            json!({"subnet-id": "1", "identifier-type": "duid", "identifier": DUID}),
            (1, "'subnet-id' parameter is not integer."),
        ),
        (
            "lease6-get",
            json!({"subnet-id": 1, "identifier-type": "duid", "identifier": DUID, "iaid": "x"}),
            (1, "intValue() called on non-integer Element"),
        ),
        (
            "lease6-get",
            json!({"ip-address": "2001:db8:1::1", "type": 5}),
            (1, "stringValue() called on non-string Element"),
        ),
        ("lease6-get", json!({"ip-address": "2001:db8:1::1", "type": "V4"}), (3, "Lease not found.")),
        (
            "lease6-get",
            json!({"ip-address": "2001:db8:1::1", "type": "IA_XX"}),
            (1, "Invalid lease type specified: IA_XX, only supported values are: IA_NA, IA_TA, IA_PD and V4"),
        ),
        ("lease6-get", json!({"ip-address": "192.0.2.1"}), (1, "Invalid IPv6 address specified: 192.0.2.1")),
        (
            "lease6-del",
            json!({"ip-address": "bogus"}),
            (1, "Failed to convert string to address 'bogus': Invalid argument"),
        ),
        (
            "lease6-get",
            json!({"ip-address": "2001:db8:1::1", "update-ddns": 1}),
            (1, "'update-ddns' is not a boolean"),
        ),
        (
            "lease6-add",
            json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5, "expire": -5}),
            (1, "expiration time must be positive for address 2001:db8:1::77"),
        ),
        (
            "lease6-add",
            json!({"ip-address": "2001:db8:1::77", "duid": DUID, "iaid": 5, "expire": 5}),
            (1, "expiration time must be greater than valid lifetime for address 2001:db8:1::77"),
        ),
        (
            "lease6-get-all",
            json!({"subnets": [1, "x"]}),
            (1, "listed subnet identifiers must be numbers"),
        ),
    ];
    for (name, args, answer) in cases {
        assert_answer6(&s, name, Some(args), answer);
    }
    // Without an `iaid`, Kea looks the DUID up with IAID 0.
    let add = s.command(
        "lease6-add",
        Some(json!({"ip-address": "2001:db8:1::70", "duid": DUID, "iaid": 0})),
    );
    assert_eq!(add["result"], 0, "{add}");
    let got = s.command(
        "lease6-get",
        Some(json!({"subnet-id": 1, "identifier-type": "duid", "identifier": DUID})),
    );
    assert_eq!(got["arguments"]["ip-address"], "2001:db8:1::70", "{got}");
    let all = s.command("lease6-get-all", None);
    assert_eq!(
        all["text"], "1 IPv6 lease(s) found.",
        "a refused command changes nothing: {all}"
    );
}
