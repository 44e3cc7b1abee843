//! Specification of the `reservation-*` commands (Kea's host_cmds, built in)
//! on the real binary: argument errors are result 1 with Kea's texts and change
//! nothing; without a hosts database, writes are refused the way Kea refuses
//! them while reads see the configuration file's reservations; with one,
//! `reservation-get-page` walks the configuration (source 0) then the
//! database (source 1).
//!
//! Kea 2.2's Debian packages do not ship the host_cmds hook, so the texts come
//! from Kea's host_cmds source rather than from a running Kea.

use crate::support::db::{TestDb, HOST, PG_PORT};
use crate::support::server::{base_config, TestServer};
use ruru::config::model::SqlKind;
use serde_json::{json, Value};

/// The base config with two file reservations in subnet 1 and one global.
fn config() -> Value {
    let mut c = base_config();
    c["subnet4"][0]["reservations"] = json!([
        {"hw-address": "02:00:00:00:00:01", "ip-address": "192.0.2.201", "hostname": "one"},
        {"client-id": "01:02:03", "ip-address": "192.0.2.202",
         "option-data": [{"name": "domain-name", "data": "two.example.org"}]}
    ]);
    c["reservations"] = json!([{"hw-address": "02:00:00:00:00:09", "hostname": "global"}]);
    c
}

fn run(s: &TestServer, name: &str, args: Option<Value>) -> (i64, String, Value) {
    let r = s.command_json(name, args);
    (
        r["result"].as_i64().unwrap_or(-1),
        r["text"].as_str().unwrap_or("").to_string(),
        r["arguments"].clone(),
    )
}

fn error(s: &TestServer, name: &str, args: Option<Value>) -> String {
    let (result, text, _) = run(s, name, args.clone());
    assert_eq!(result, 1, "{name} {args:?}: {text}");
    text
}

#[test]
fn reservation_commands_are_listed() {
    let s = TestServer::start(config());
    let (_, _, list) = run(&s, "list-commands", None);
    for c in [
        "reservation-add",
        "reservation-del",
        "reservation-get",
        "reservation-get-all",
        "reservation-get-by-hostname",
        "reservation-get-by-id",
        "reservation-get-page",
    ] {
        assert!(list.as_array().unwrap().contains(&json!(c)), "{c} missing");
    }
}

#[test]
fn writes_without_a_hosts_database_are_refused() {
    let s = TestServer::start(config());
    let add = json!({"reservation": {"subnet-id": 1, "hw-address": "02:00:00:00:00:05"}});
    assert_eq!(
        error(&s, "reservation-add", Some(add)),
        "Host database not available, cannot add host."
    );
    assert_eq!(
        error(
            &s,
            "reservation-del",
            Some(json!({"subnet-id": 1, "ip-address": "192.0.2.201"}))
        ),
        "Host database not available, cannot delete host."
    );
    // The file's reservation is still there.
    let (result, _, _) = run(
        &s,
        "reservation-get",
        Some(json!({"subnet-id": 1, "ip-address": "192.0.2.201"})),
    );
    assert_eq!(result, 0);
}

#[test]
fn reads_see_the_configuration_files_reservations() {
    let s = TestServer::start(config());
    let (result, text, host) = run(
        &s,
        "reservation-get",
        Some(
            json!({"subnet-id": 1, "identifier-type": "hw-address", "identifier": "02:00:00:00:00:01"}),
        ),
    );
    assert_eq!((result, text.as_str()), (0, "Host found."));
    assert_eq!(host["ip-address"], "192.0.2.201");
    assert_eq!(host["hostname"], "one");
    assert_eq!(host["hw-address"], "02:00:00:00:00:01");
    assert_eq!(host["subnet-id"], 1);

    let (result, text, host) = run(
        &s,
        "reservation-get",
        Some(json!({"subnet-id": 1, "identifier-type": "client-id", "identifier": "01:02:03"})),
    );
    assert_eq!((result, text.as_str()), (0, "Host found."), "{host}");
    assert_eq!(host["client-id"], "010203");
    assert_eq!(host["option-data"][0]["code"], 15);

    let (result, text, _) = run(
        &s,
        "reservation-get",
        Some(json!({"subnet-id": 1, "ip-address": "192.0.2.99"})),
    );
    assert_eq!((result, text.as_str()), (3, "Host not found."));

    let (result, text, all) = run(&s, "reservation-get-all", Some(json!({"subnet-id": 1})));
    assert_eq!((result, text.as_str()), (0, "2 IPv4 host(s) found."));
    assert_eq!(all["hosts"].as_array().map(Vec::len), Some(2));

    let (result, text, _) = run(&s, "reservation-get-all", Some(json!({"subnet-id": 0})));
    assert_eq!((result, text.as_str()), (0, "1 IPv4 host(s) found."));

    let (result, _, found) = run(
        &s,
        "reservation-get-by-hostname",
        Some(json!({"hostname": "ONE"})),
    );
    assert_eq!(result, 0);
    assert_eq!(found["hosts"][0]["ip-address"], "192.0.2.201");

    let (result, _, found) = run(
        &s,
        "reservation-get-by-id",
        Some(json!({"identifier-type": "hw-address", "identifier": "02:00:00:00:00:09"})),
    );
    assert_eq!(result, 0);
    assert_eq!(found["hosts"][0]["subnet-id"], 0);
}

#[test]
fn bad_arguments_get_keas_texts_and_result_1() {
    let s = TestServer::start(config());
    assert_eq!(
        error(&s, "reservation-get", None),
        "Parameters missing or are not a map."
    );
    assert_eq!(
        error(
            &s,
            "reservation-get",
            Some(json!({"ip-address": "192.0.2.1"}))
        ),
        "missing parameter 'subnet-id'"
    );
    assert_eq!(
        error(
            &s,
            "reservation-get",
            Some(json!({"subnet-id": "1", "ip-address": "192.0.2.1"}))
        ),
        "invalid type specified for parameter 'subnet-id'"
    );
    assert_eq!(
        error(
            &s,
            "reservation-get",
            Some(json!({"subnet-id": -1, "ip-address": "192.0.2.1"}))
        ),
        "The 'subnet-id' value (-1) is not within expected range: (0 - 4294967294)"
    );
    assert_eq!(
        error(
            &s,
            "reservation-get",
            Some(json!({"subnet-id": 1, "ip-address": 7}))
        ),
        "'ip-address' is not a string."
    );
    assert_eq!(
        error(&s, "reservation-get", Some(json!({"subnet-id": 1}))),
        "No 'ip-address' provided and 'identifier-type' is either missing or not a string."
    );
    assert_eq!(
        error(
            &s,
            "reservation-get",
            Some(json!({"subnet-id": 1, "identifier-type": "hw-address"}))
        ),
        "No 'ip-address' provided and 'identifier' is either missing or not a string."
    );
    assert_eq!(
        error(
            &s,
            "reservation-get",
            Some(json!({"subnet-id": 1, "identifier-type": "hw-address", "identifier": "zz"}))
        ),
        "Unable to parse 'identifier' value."
    );
    assert_eq!(
        error(
            &s,
            "reservation-get",
            Some(json!({"subnet-id": 1, "identifier-type": "serial", "identifier": "01"}))
        ),
        "Value of 'identifier-type' was not recognized."
    );
    assert_eq!(
        error(&s, "reservation-add", None),
        "no parameters specified for the command"
    );
    assert_eq!(
        error(&s, "reservation-add", Some(json!({}))),
        "reservation must be specified"
    );
    assert_eq!(
        error(
            &s,
            "reservation-add",
            Some(json!({"reservation": {"hw-address": "02:00:00:00:00:05", "ip-address": "192.0.2.50"}}))
        ),
        "Mandatory 'subnet-id' parameter missing. The address '192.0.2.50' belongs to subnet '192.0.2.0/24' id 1."
    );
    assert_eq!(
        error(
            &s,
            "reservation-add",
            Some(json!({"reservation": {"subnet-id": 7, "hw-address": "02:00:00:00:00:05"}}))
        ),
        "IPv4 subnet with ID of '7' is not configured"
    );
    assert_eq!(
        error(
            &s,
            "reservation-add",
            Some(
                json!({"reservation": {"subnet-id": 1, "hw-address": "02:00:00:00:00:05", "ip-address": "10.0.0.1"}})
            )
        ),
        "specified reservation '10.0.0.1' is not matching the IPv4 subnet prefix '192.0.2.0/24'"
    );
    assert_eq!(
        error(&s, "reservation-get-all", Some(json!({"subnet-id": 7}))),
        "IPv4 subnet with ID of '7' is not configured"
    );
    assert_eq!(
        error(&s, "reservation-get-page", Some(json!({"subnet-id": 1}))),
        "missing parameter 'limit'"
    );
    assert_eq!(
        error(
            &s,
            "reservation-get-by-hostname",
            Some(json!({"hostname": ""}))
        ),
        "Empty hostname"
    );
    assert_eq!(
        error(
            &s,
            "reservation-get-by-id",
            Some(json!({"subnet-id": 1, "identifier-type": "hw-address", "identifier": "01"}))
        ),
        "'subnet-id' is forbidden in reservation-get-by-id"
    );
}

#[tokio::test]
async fn pages_walk_the_configuration_then_the_hosts_database() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let mut cfg = config();
    cfg["hosts-database"] = json!({
        "type": "postgresql", "name": db.name, "host": HOST, "port": PG_PORT, "user": "postgres"
    });
    let s = TestServer::start(cfg);
    for m in 3..=5 {
        let (result, text, _) = run(
            &s,
            "reservation-add",
            Some(
                json!({"reservation": {"subnet-id": 1, "hw-address": format!("02:00:00:00:00:0{m}")}}),
            ),
        );
        assert_eq!(result, 0, "{text}");
    }
    let mut seen = Vec::new();
    let mut args = json!({"subnet-id": 1, "limit": 2});
    loop {
        let (result, _, page) = run(&s, "reservation-get-page", Some(args.clone()));
        if result == 3 {
            assert_eq!(page["count"], 0);
            break;
        }
        assert_eq!(result, 0, "{page}");
        for h in page["hosts"].as_array().unwrap() {
            seen.push((
                page["next"]["source-index"].as_i64().unwrap(),
                h["hw-address"]
                    .as_str()
                    .or(h["client-id"].as_str())
                    .unwrap()
                    .to_string(),
            ));
        }
        args["from"] = page["next"]["from"].clone();
        args["source-index"] = page["next"]["source-index"].clone();
    }
    let expected: Vec<(i64, String)> = vec![
        (0, "02:00:00:00:00:01".into()),
        (0, "010203".into()),
        (1, "02:00:00:00:00:03".into()),
        (1, "02:00:00:00:00:04".into()),
        (1, "02:00:00:00:00:05".into()),
    ];
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn reservation_add_resolves_options_with_the_configurations_option_defs() {
    let db = TestDb::with_ruru_schema(SqlKind::Postgresql).await;
    let mut cfg = config();
    cfg["option-def"] = json!([{"name": "site-id", "code": 224, "type": "uint16"}]);
    cfg["hosts-database"] = json!({
        "type": "postgresql", "name": db.name, "host": HOST, "port": PG_PORT, "user": "postgres"
    });
    let s = TestServer::start(cfg);
    let (result, text, _) = run(
        &s,
        "reservation-add",
        Some(json!({"reservation": {
            "subnet-id": 1, "hw-address": "02:00:00:00:00:07", "ip-address": "192.0.2.207",
            "option-data": [{"name": "site-id", "data": "513"}]
        }})),
    );
    assert_eq!(result, 0, "{text}");
    let (result, text, host) = run(
        &s,
        "reservation-get",
        Some(
            json!({"subnet-id": 1, "identifier-type": "hw-address", "identifier": "02:00:00:00:00:07"}),
        ),
    );
    assert_eq!(result, 0, "{text}");
    // Packed with the definition (uint16 513), kept as binary: a server
    // reading the row needs no definition to send it.
    let opts = host["option-data"].as_array().cloned().unwrap_or_default();
    assert!(
        opts.iter()
            .any(|o| o["code"] == 224 && o["data"] == "0201" && o["csv-format"] == false),
        "{host}"
    );
    // A name no definition knows is still refused, naming it.
    let text = error(
        &s,
        "reservation-add",
        Some(json!({"reservation": {
            "subnet-id": 1, "hw-address": "02:00:00:00:00:08",
            "option-data": [{"name": "no-such-option", "data": "1"}]
        }})),
    );
    assert!(text.contains("no-such-option"), "{text}");
}

/// ruru-dhcp6 with two file reservations in subnet 1 (one by DUID with an
/// address and a prefix, one by hw-address) and one global.
fn config6() -> Value {
    let mut c = crate::support::server6::base_config6();
    c["subnet6"][0]["reservations"] = json!([
        {"duid": "00:03:00:01:02:00:00:00:00:01", "ip-addresses": ["2001:db8:1::201"],
         "prefixes": ["2001:db8:9000::/56"], "hostname": "one"},
        {"hw-address": "02:00:00:00:00:02", "ip-addresses": ["2001:db8:1::202"],
         "option-data": [{"name": "dns-servers", "data": "2001:db8::2"}]}
    ]);
    c["reservations"] = json!([{"duid": "00:03:00:01:02:00:00:00:00:09", "hostname": "global"}]);
    c
}

fn run6(
    s: &crate::support::server6::TestServer6,
    name: &str,
    args: Option<Value>,
) -> (i64, String, Value) {
    let r = s.command(name, args);
    (
        r["result"].as_i64().unwrap_or(-1),
        r["text"].as_str().unwrap_or("").to_string(),
        r["arguments"].clone(),
    )
}

#[test]
fn dhcp6_lists_its_reservation_commands_and_refuses_writes_without_a_hosts_database() {
    let s = crate::support::server6::TestServer6::start(config6());
    let (_, _, list) = run6(&s, "list-commands", None);
    for c in [
        "reservation-add",
        "reservation-del",
        "reservation-get",
        "reservation-get-all",
        "reservation-get-by-hostname",
        "reservation-get-by-id",
        "reservation-get-page",
    ] {
        assert!(list.as_array().unwrap().contains(&json!(c)), "{c} missing");
    }
    let add = json!({"reservation": {"subnet-id": 1, "duid": "01:02:03:04",
                                     "ip-addresses": ["2001:db8:1::5"]}});
    let (result, text, _) = run6(&s, "reservation-add", Some(add));
    assert_eq!(result, 1);
    assert_eq!(text, "Host database not available, cannot add host.");
    let (result, text, _) = run6(
        &s,
        "reservation-del",
        Some(json!({"subnet-id": 1, "ip-address": "2001:db8:1::201"})),
    );
    assert_eq!(result, 1);
    assert_eq!(text, "Host database not available, cannot delete host.");
}

#[test]
fn dhcp6_reads_see_the_file_reservations_with_addresses_and_prefixes() {
    let s = crate::support::server6::TestServer6::start(config6());
    let (result, text, h) = run6(
        &s,
        "reservation-get",
        Some(json!({"subnet-id": 1, "identifier-type": "duid",
                    "identifier": "00:03:00:01:02:00:00:00:00:01"})),
    );
    assert_eq!((result, text.as_str()), (0, "Host found."));
    assert_eq!(h["ip-addresses"], json!(["2001:db8:1::201"]));
    assert_eq!(h["prefixes"], json!(["2001:db8:9000::/56"]));
    assert_eq!(h["hostname"], "one");
    assert_eq!(h["subnet-id"], 1);
    // By a reserved prefix's first address.
    let (result, _, h) = run6(
        &s,
        "reservation-get",
        Some(json!({"subnet-id": 1, "ip-address": "2001:db8:9000::"})),
    );
    assert_eq!(result, 0);
    assert_eq!(h["duid"], "00:03:00:01:02:00:00:00:00:01");
    let (result, text, all) = run6(&s, "reservation-get-all", Some(json!({"subnet-id": 1})));
    assert_eq!((result, text.as_str()), (0, "2 IPv6 host(s) found."));
    assert_eq!(all["hosts"][1]["hw-address"], "02:00:00:00:00:02");
    assert_eq!(all["hosts"][1]["option-data"][0]["code"], 23);
    let (result, text, named) = run6(
        &s,
        "reservation-get-by-hostname",
        Some(json!({"hostname": "ONE"})),
    );
    assert_eq!((result, text.as_str()), (0, "1 IPv6 host(s) found."));
    assert_eq!(
        named["hosts"][0]["ip-addresses"],
        json!(["2001:db8:1::201"])
    );
    let (result, text, _) = run6(&s, "reservation-get-all", Some(json!({"subnet-id": 0})));
    assert_eq!((result, text.as_str()), (0, "1 IPv6 host(s) found."));
    let (result, text, _) = run6(&s, "reservation-get-all", Some(json!({"subnet-id": 5})));
    assert_eq!(result, 1);
    assert_eq!(text, "IPv6 subnet with ID of '5' is not configured");
    let (result, text, _) = run6(
        &s,
        "reservation-get",
        Some(json!({"subnet-id": 1, "ip-address": "2001:db8:1::99"})),
    );
    assert_eq!((result, text.as_str()), (3, "Host not found."));
    let (result, text, _) = run6(
        &s,
        "reservation-get",
        Some(json!({"subnet-id": 1, "ip-address": "192.0.2.1x"})),
    );
    assert_eq!(result, 1);
    assert_eq!(
        text,
        "Failed to convert string to address '192.0.2.1x': Invalid argument"
    );
}
