//! The reading side of Kea 2.2's configuration backend
//! (`ruru::backends::sql::config_backend`), on databases made by Kea 2.2's
//! `kea-admin db-init` and seeded with plain SQL as the reference's §5.2
//! recipe (an audit revision first, whole-second timestamps). One battery,
//! run on PostgreSQL (`pg::`) and on MariaDB (`mysql::`):
//!
//! - a full fetch returns the typed globals, the subnet with its pool and
//!   options, the global option and option defs in Kea JSON (v4 and v6);
//! - tag visibility: `all` and own-tag objects only, own-tag globals and
//!   options win, an empty tag sees only `all`;
//! - shared networks and their member subnets, client classes in order;
//! - the audit poll: nothing new, a new revision, another server's revision;
//! - a bad row is an error naming its table, id and column.

use ruru::backends::sql::config_backend::{CbReadError, ConfigDb};
use ruru::config::config_backend::{AuditCursor, CbFamily, FetchedConfig};
use ruru::config::model::SqlKind;
use serde_json::{json, Value};

use crate::support::db::TestDb;

// ---- SQL the way Kea's CB writes it, per dialect ----

/// The revision timestamp and `modification_ts` of a write: whole seconds.
fn now(kind: SqlKind) -> &'static str {
    match kind {
        SqlKind::Postgresql => "date_trunc('second', now())",
        SqlKind::Mysql => "NOW()",
    }
}

/// A boolean literal.
fn b(kind: SqlKind, v: bool) -> &'static str {
    match (kind, v) {
        (SqlKind::Postgresql, true) => "true",
        (SqlKind::Postgresql, false) => "false",
        (SqlKind::Mysql, true) => "1",
        (SqlKind::Mysql, false) => "0",
    }
}

/// The id the last INSERT into the table of sequence `seq` made.
fn last_id(kind: SqlKind, seq: &str) -> String {
    match kind {
        SqlKind::Postgresql => format!("currval('{seq}')"),
        SqlKind::Mysql => "LAST_INSERT_ID()".to_string(),
    }
}

/// An IPv4 address column value.
fn ip4(kind: SqlKind, a: &str) -> String {
    match kind {
        SqlKind::Postgresql => format!("'{a}'"),
        SqlKind::Mysql => format!("INET_ATON('{a}')"),
    }
}

/// A binary column value from hex.
fn bytes(kind: SqlKind, hex: &str) -> String {
    match kind {
        SqlKind::Postgresql => format!("decode('{hex}', 'hex')"),
        SqlKind::Mysql => format!("UNHEX('{hex}')"),
    }
}

/// `sql` in one transaction opened by an audit revision of family `v` (4 or
/// 6) for server tag `tag`.
fn revision(kind: SqlKind, v: u8, tag: &str, sql: &str) -> String {
    match kind {
        SqlKind::Postgresql => format!(
            "BEGIN; SELECT createAuditRevisionDHCP{v}(date_trunc('second', now()), '{tag}', 'test', false); {sql} COMMIT;"
        ),
        SqlKind::Mysql => format!(
            "START TRANSACTION; CALL createAuditRevisionDHCP{v}(NOW(), '{tag}', 'test', 0); {sql} COMMIT;"
        ),
    }
}

/// A DHCPv4 server row for `tag`.
fn server4(kind: SqlKind, tag: &str) -> String {
    format!(
        "INSERT INTO dhcp4_server (tag, description, modification_ts) VALUES ('{tag}', 'test server', {});",
        now(kind)
    )
}

/// A DHCPv4 global parameter associated with server `server_id`.
fn global4(kind: SqlKind, name: &str, value: &str, ptype: u8, server_id: &str) -> String {
    let t = now(kind);
    format!(
        "INSERT INTO dhcp4_global_parameter (name, value, parameter_type, modification_ts) VALUES ('{name}', '{value}', {ptype}, {t});
         INSERT INTO dhcp4_global_parameter_server (parameter_id, server_id, modification_ts)
           VALUES ({}, {server_id}, {t});",
        last_id(kind, "dhcp4_global_parameter_id_seq")
    )
}

/// A DHCPv4 subnet associated with `server_id` (`None`: unassigned).
fn subnet4(kind: SqlKind, id: u32, prefix: &str, server_id: Option<&str>) -> String {
    let t = now(kind);
    let mut sql = format!(
        "INSERT INTO dhcp4_subnet (subnet_id, subnet_prefix, modification_ts) VALUES ({id}, '{prefix}', {t});"
    );
    if let Some(s) = server_id {
        sql.push_str(&format!(
            "INSERT INTO dhcp4_subnet_server (subnet_id, server_id, modification_ts) VALUES ({id}, {s}, {t});"
        ));
    }
    sql
}

/// A global DHCPv4 option (formatted value) associated with `server_id`.
fn global_option4(kind: SqlKind, code: u8, data: &str, server_id: &str) -> String {
    let t = now(kind);
    format!(
        "INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, scope_id, modification_ts)
           VALUES ({code}, NULL, '{data}', 'dhcp4', {}, 0, {t});
         INSERT INTO dhcp4_options_server (option_id, server_id, modification_ts) VALUES ({}, {server_id}, {t});",
        b(kind, false),
        last_id(kind, "dhcp4_options_option_id_seq")
    )
}

/// A global DHCPv4 option definition associated with `server_id`.
#[allow(clippy::too_many_arguments)]
fn option_def4(
    kind: SqlKind,
    code: u8,
    name: &str,
    ty: u8,
    array: bool,
    encapsulate: &str,
    records: &str,
    server_id: &str,
) -> String {
    let t = now(kind);
    let records = if records.is_empty() {
        "NULL".to_string()
    } else {
        format!("'{records}'")
    };
    format!(
        "INSERT INTO dhcp4_option_def (code, name, space, type, modification_ts, is_array, encapsulate, record_types)
           VALUES ({code}, '{name}', 'dhcp4', {ty}, {t}, {}, '{encapsulate}', {records});
         INSERT INTO dhcp4_option_def_server (option_def_id, server_id, modification_ts) VALUES ({}, {server_id}, {t});",
        b(kind, array),
        last_id(kind, "dhcp4_option_def_id_seq")
    )
}

/// The reference's §5.2 seed, plus typed globals of every kind.
fn seed4(kind: SqlKind) -> String {
    let t = now(kind);
    let sql = [
        server4(kind, "server1"),
        global4(kind, "valid-lifetime", "7200", 0, "1"),
        global4(kind, "boot-file-name", "/pxe/ruru.efi", 4, "1"),
        global4(kind, "t1-percent", "0.4", 1, "1"),
        global4(kind, "calculate-tee-times", "1", 2, "1"),
        global4(kind, "ddns-send-updates", "false", 2, "1"),
        format!(
            "INSERT INTO dhcp4_subnet (subnet_id, subnet_prefix, valid_lifetime, renew_timer, rebind_timer, modification_ts)
               VALUES (100, '192.0.2.0/24', 3600, 900, 1800, {t});
             INSERT INTO dhcp4_subnet_server (subnet_id, server_id, modification_ts) VALUES (100, 1, {t});
             INSERT INTO dhcp4_pool (start_address, end_address, subnet_id, modification_ts) VALUES ({}, {}, 100, {t});
             INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, dhcp4_subnet_id, scope_id, modification_ts)
               VALUES (3, NULL, '192.0.2.1', 'dhcp4', {}, 100, 1, {t});",
            ip4(kind, "192.0.2.10"),
            ip4(kind, "192.0.2.100"),
            b(kind, false)
        ),
        global_option4(kind, 6, "192.0.2.53, 192.0.2.54", "1"),
    ]
    .concat();
    revision(kind, 4, "all", &sql)
}

/// A database with Kea's schema, `sql` run on it.
async fn db_with(kind: SqlKind, sql: &[String]) -> TestDb {
    let db = TestDb::with_kea_schema(kind).await;
    for s in sql {
        db.execute(s).await;
    }
    db
}

async fn open(db: &TestDb) -> ConfigDb {
    ConfigDb::open(&db.config())
        .await
        .expect("open the config database")
}

async fn fetch(cb: &ConfigDb, family: CbFamily, tag: &str) -> (FetchedConfig, AuditCursor) {
    cb.fetch(family, tag).await.expect("fetch")
}

fn ids(subnets: &[Value]) -> Vec<i64> {
    subnets.iter().map(|s| s["id"].as_i64().unwrap()).collect()
}

fn option(code: u32, name: &str, space: &str, csv: bool, data: &str, always: bool) -> Value {
    json!({"code": code, "name": name, "space": space, "csv-format": csv, "data": data, "always-send": always})
}

// ---- the battery ----

async fn full_fetch_returns_seeded_globals_subnet_pool_and_options_in_kea_json(kind: SqlKind) {
    let db = db_with(kind, &[seed4(kind)]).await;
    let cb = open(&db).await;
    let (got, cursor) = fetch(&cb, CbFamily::V4, "server1").await;

    let globals = Value::Object(got.globals.clone());
    assert_eq!(
        globals,
        json!({"valid-lifetime": 7200, "boot-file-name": "/pxe/ruru.efi", "t1-percent": 0.4,
               "calculate-tee-times": true, "ddns-send-updates": false})
    );
    assert_eq!(
        got.subnets,
        vec![json!({
            "id": 100, "subnet": "192.0.2.0/24",
            "valid-lifetime": 3600, "renew-timer": 900, "rebind-timer": 1800,
            "pools": [{"pool": "192.0.2.10 - 192.0.2.100", "option-data": []}],
            "option-data": [option(3, "routers", "dhcp4", true, "192.0.2.1", false)]
        })]
    );
    assert_eq!(
        got.options,
        vec![option(
            6,
            "domain-name-servers",
            "dhcp4",
            true,
            "192.0.2.53, 192.0.2.54",
            false
        )]
    );
    assert!(
        got.option_defs.is_empty()
            && got.shared_networks.is_empty()
            && got.client_classes.is_empty()
    );

    let now = chrono::Utc::now().timestamp();
    assert_eq!(cursor.id, 1, "the seed is revision 1");
    assert!(
        (now - 120..=now + 5).contains(&cursor.ts),
        "cursor {cursor:?} vs now {now}"
    );
}

async fn v6_fetch_returns_subnet_with_pool_pd_pool_and_options(kind: SqlKind) {
    let t = now(kind);
    let sql = format!(
        "INSERT INTO dhcp6_subnet (subnet_id, subnet_prefix, preferred_lifetime, rapid_commit, interface_id, modification_ts)
           VALUES (600, '2001:db8:1::/64', 3000, {yes}, {iface}, {t});
         INSERT INTO dhcp6_subnet_server (subnet_id, server_id, modification_ts) VALUES (600, 1, {t});
         INSERT INTO dhcp6_pool (start_address, end_address, subnet_id, modification_ts)
           VALUES ('2001:db8:1::10', '2001:db8:1::ff', 600, {t});
         INSERT INTO dhcp6_pd_pool (prefix, prefix_length, delegated_prefix_length, subnet_id, excluded_prefix, excluded_prefix_length, modification_ts)
           VALUES ('2001:db8:8::', 48, 56, 600, '2001:db8:8:0:80::', 72, {t});
         INSERT INTO dhcp6_options (code, value, formatted_value, space, persistent, pd_pool_id, scope_id, modification_ts)
           VALUES (7, {pref}, NULL, 'dhcp6', {yes}, {pd}, 6, {t});
         INSERT INTO dhcp6_options (code, value, formatted_value, space, persistent, dhcp6_subnet_id, scope_id, modification_ts)
           VALUES (23, NULL, '2001:db8::53', 'dhcp6', {no}, 600, 1, {t});",
        yes = b(kind, true),
        no = b(kind, false),
        iface = bytes(kind, "65746830"),
        pref = bytes(kind, "0a"),
        pd = last_id(kind, "dhcp6_pd_pool_id_seq"),
    );
    let db = db_with(kind, &[revision(kind, 6, "all", &sql)]).await;
    let cb = open(&db).await;
    let (got, cursor) = fetch(&cb, CbFamily::V6, "").await;
    assert_eq!(
        got.subnets,
        vec![json!({
            "id": 600, "subnet": "2001:db8:1::/64",
            "preferred-lifetime": 3000, "rapid-commit": true, "interface-id": "eth0",
            "pools": [{"pool": "2001:db8:1::10 - 2001:db8:1::ff", "option-data": []}],
            "pd-pools": [{
                "prefix": "2001:db8:8::", "prefix-len": 48, "delegated-len": 56,
                "excluded-prefix": "2001:db8:8:0:80::", "excluded-prefix-len": 72,
                "option-data": [option(7, "preference", "dhcp6", false, "0A", true)]
            }],
            "option-data": [option(23, "dns-servers", "dhcp6", true, "2001:db8::53", false)]
        })]
    );
    assert_eq!(cursor.id, 1);
    // The v4 tables are empty: a v4 fetch of the same database finds nothing.
    let (v4, v4_cursor) = fetch(&cb, CbFamily::V4, "").await;
    assert!(v4.is_empty());
    assert_eq!(v4_cursor, AuditCursor::default());
}

/// Servers `server1` and `server2`; subnets 1 (all), 2 (server1), 3
/// (server2), 4 (unassigned); `boot-file-name` for all then for server1,
/// `valid-lifetime` for server2 only; option 6 for all then for server1;
/// option defs 222 (all) and 223 (server2).
fn tagged_seed(kind: SqlKind) -> Vec<String> {
    let servers = [server4(kind, "server1"), server4(kind, "server2")].concat();
    let id = |tag: &str| format!("(SELECT id FROM dhcp4_server WHERE tag = '{tag}')");
    let objects = [
        subnet4(kind, 1, "10.1.0.0/16", Some("1")),
        subnet4(kind, 2, "10.2.0.0/16", Some(&id("server1"))),
        subnet4(kind, 3, "10.3.0.0/16", Some(&id("server2"))),
        subnet4(kind, 4, "10.4.0.0/16", None),
        global4(kind, "boot-file-name", "/pxe/all.efi", 4, "1"),
        global4(
            kind,
            "boot-file-name",
            "/pxe/server1.efi",
            4,
            &id("server1"),
        ),
        global4(kind, "valid-lifetime", "999", 0, &id("server2")),
        global_option4(kind, 6, "192.0.2.53", "1"),
        global_option4(kind, 6, "192.0.2.111", &id("server1")),
        option_def4(kind, 222, "all-def", 6, false, "", "", "1"),
        option_def4(kind, 223, "server2-def", 6, false, "", "", &id("server2")),
    ]
    .concat();
    vec![
        revision(kind, 4, "all", &servers),
        revision(kind, 4, "all", &objects),
    ]
}

fn def_codes(defs: &[Value]) -> Vec<i64> {
    defs.iter().map(|d| d["code"].as_i64().unwrap()).collect()
}

async fn server1_sees_all_and_its_own_objects_not_server2_or_unassigned_ones(kind: SqlKind) {
    let db = db_with(kind, &tagged_seed(kind)).await;
    let cb = open(&db).await;
    let (got, _) = fetch(&cb, CbFamily::V4, "server1").await;
    assert_eq!(ids(&got.subnets), vec![1, 2]);
    assert_eq!(def_codes(&got.option_defs), vec![222]);
    assert!(
        !got.globals.contains_key("valid-lifetime"),
        "server2's global: {:?}",
        got.globals
    );

    let (got, _) = fetch(&cb, CbFamily::V4, "server2").await;
    assert_eq!(ids(&got.subnets), vec![1, 3]);
    assert_eq!(def_codes(&got.option_defs), vec![222, 223]);
    assert_eq!(got.globals["valid-lifetime"], json!(999));
}

async fn server1_global_and_option_beat_the_all_ones(kind: SqlKind) {
    let db = db_with(kind, &tagged_seed(kind)).await;
    let cb = open(&db).await;
    let (got, _) = fetch(&cb, CbFamily::V4, "server1").await;
    assert_eq!(
        Value::Object(got.globals),
        json!({"boot-file-name": "/pxe/server1.efi"})
    );
    assert_eq!(
        got.options,
        vec![option(
            6,
            "domain-name-servers",
            "dhcp4",
            true,
            "192.0.2.111",
            false
        )]
    );
    let (got, _) = fetch(&cb, CbFamily::V4, "server2").await;
    assert_eq!(got.globals["boot-file-name"], json!("/pxe/all.efi"));
    assert_eq!(got.options[0]["data"], json!("192.0.2.53"));
}

async fn empty_tag_sees_only_all_objects(kind: SqlKind) {
    let db = db_with(kind, &tagged_seed(kind)).await;
    let cb = open(&db).await;
    let (got, cursor) = fetch(&cb, CbFamily::V4, "").await;
    assert_eq!(ids(&got.subnets), vec![1]);
    assert_eq!(
        Value::Object(got.globals),
        json!({"boot-file-name": "/pxe/all.efi"})
    );
    assert_eq!(got.options.len(), 1);
    assert_eq!(got.options[0]["data"], json!("192.0.2.53"));
    assert_eq!(def_codes(&got.option_defs), vec![222]);
    assert_eq!(cursor.id, 2, "two revisions, both for all");
    // A tag nobody has is the same as `all` alone.
    let (other, _) = fetch(&cb, CbFamily::V4, "nosuchserver").await;
    assert_eq!(ids(&other.subnets), vec![1]);
}

async fn shared_network_and_its_member_subnet_carry_their_columns(kind: SqlKind) {
    let t = now(kind);
    let sql = format!(
        "INSERT INTO dhcp4_shared_network (name, valid_lifetime, relay, require_client_classes, authoritative,
                                           ddns_replace_client_name, t1_percent, next_server, user_context, modification_ts)
           VALUES ('net1', 5000, '[\"192.0.2.254\"]', '[\"gold\"]', {yes}, 2, 0.5, {ns}, '{{\"site\": \"a\"}}', {t});
         INSERT INTO dhcp4_shared_network_server (shared_network_id, server_id, modification_ts)
           VALUES ({net}, 1, {t});
         INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, shared_network_name, scope_id, modification_ts)
           VALUES (15, NULL, 'example.org', 'dhcp4', {no}, 'net1', 4, {t});
         INSERT INTO dhcp4_subnet (subnet_id, subnet_prefix, shared_network_name, require_client_classes, modification_ts)
           VALUES (10, '192.0.2.0/24', 'net1', '[]', {t});
         INSERT INTO dhcp4_subnet_server (subnet_id, server_id, modification_ts) VALUES (10, 1, {t});",
        yes = b(kind, true),
        no = b(kind, false),
        ns = ip4(kind, "192.0.2.2"),
        net = last_id(kind, "dhcp4_shared_network_id_seq"),
    );
    let db = db_with(kind, &[revision(kind, 4, "all", &sql)]).await;
    let cb = open(&db).await;
    let (got, _) = fetch(&cb, CbFamily::V4, "").await;
    assert_eq!(
        got.shared_networks,
        vec![json!({
            "name": "net1", "valid-lifetime": 5000,
            "relay": {"ip-addresses": ["192.0.2.254"]}, "require-client-classes": ["gold"],
            "authoritative": true, "ddns-replace-client-name": "when-present", "t1-percent": 0.5,
            "next-server": "192.0.2.2", "user-context": {"site": "a"},
            "option-data": [option(15, "domain-name", "dhcp4", true, "example.org", false)]
        })]
    );
    // An empty required-classes list is left out, as in Kea's config-get.
    assert_eq!(
        got.subnets,
        vec![
            json!({"id": 10, "subnet": "192.0.2.0/24", "shared-network-name": "net1",
                    "pools": [], "option-data": []})
        ]
    );
}

async fn option_defs_carry_kea_type_names_and_record_types(kind: SqlKind) {
    let sql = [
        option_def4(kind, 222, "foo", 17, false, "", "[6, 10, 14]", "1"),
        option_def4(kind, 223, "bar", 8, true, "bar-space", "", "1"),
    ]
    .concat();
    let db = db_with(kind, &[revision(kind, 4, "all", &sql)]).await;
    let cb = open(&db).await;
    let (got, _) = fetch(&cb, CbFamily::V4, "").await;
    assert_eq!(
        got.option_defs,
        vec![
            json!({"name": "foo", "code": 222, "space": "dhcp4", "type": "record", "array": false,
                   "record-types": "uint8, ipv4-address, string", "encapsulate": ""}),
            json!({"name": "bar", "code": 223, "space": "dhcp4", "type": "uint32", "array": true,
                   "record-types": "", "encapsulate": "bar-space"}),
        ]
    );
}

async fn client_classes_come_in_class_order_with_their_options_and_option_defs(kind: SqlKind) {
    let t = now(kind);
    let class = |name: &str, extra_cols: &str, extra_vals: &str| {
        format!(
            "INSERT INTO dhcp4_client_class (name, only_if_required, depend_on_known_directly, modification_ts{extra_cols})
               VALUES ('{name}', {no}, {no}, {t}{extra_vals});
             INSERT INTO dhcp4_client_class_server (class_id, server_id, modification_ts)
               VALUES ((SELECT id FROM dhcp4_client_class WHERE name = '{name}'), 1, {t});",
            no = b(kind, false)
        )
    };
    let sql = [
        class(
            "alpha",
            ", test, next_server, server_hostname, boot_file_name, valid_lifetime, user_context",
            &format!(
                ", 'option[60].hex == ''PXE''', {}, 'boot', '/pxe/a.efi', 600, '{{\"rack\": 4}}'",
                ip4(kind, "192.0.2.5")
            ),
        ),
        class("beta", "", ""),
        class("gamma", ", follow_class_name", ", 'alpha'"),
        format!(
            "UPDATE dhcp4_client_class SET only_if_required = {} WHERE name = 'beta';
             INSERT INTO dhcp4_option_def (code, name, space, type, modification_ts, is_array, encapsulate, class_id)
               VALUES (224, 'vendor-thing', 'dhcp4', 14, {t}, {no}, '', (SELECT id FROM dhcp4_client_class WHERE name = 'alpha'));
             INSERT INTO dhcp4_options (code, value, formatted_value, space, persistent, dhcp_client_class, scope_id, modification_ts)
               VALUES (66, NULL, 'tftp.example.org', 'dhcp4', {no}, 'alpha', 2, {t});",
            b(kind, true),
            no = b(kind, false)
        ),
    ]
    .concat();
    let db = db_with(kind, &[revision(kind, 4, "all", &sql)]).await;
    let cb = open(&db).await;
    let (got, _) = fetch(&cb, CbFamily::V4, "").await;
    assert_eq!(
        got.client_classes,
        vec![
            json!({
                "name": "alpha", "test": "option[60].hex == 'PXE'",
                "option-def": [{"name": "vendor-thing", "code": 224, "space": "dhcp4", "type": "string",
                                "array": false, "record-types": "", "encapsulate": ""}],
                "option-data": [option(66, "tftp-server-name", "dhcp4", true, "tftp.example.org", false)],
                "next-server": "192.0.2.5", "server-hostname": "boot", "boot-file-name": "/pxe/a.efi",
                "valid-lifetime": 600, "user-context": {"rack": 4}
            }),
            json!({"name": "gamma", "option-def": [], "option-data": []}),
            json!({"name": "beta", "only-if-required": true, "option-def": [], "option-data": []}),
        ]
    );
    assert!(
        got.option_defs.is_empty(),
        "a class's option-def is not global: {:?}",
        got.option_defs
    );
}

async fn audit_after_is_none_until_an_update_in_a_new_revision(kind: SqlKind) {
    let db = db_with(kind, &[seed4(kind)]).await;
    let cb = open(&db).await;
    let (_, cursor) = fetch(&cb, CbFamily::V4, "server1").await;
    assert_eq!(
        cb.audit_after(CbFamily::V4, "server1", cursor)
            .await
            .unwrap(),
        None
    );

    db.execute(&revision(
        kind,
        4,
        "all",
        &format!(
            "UPDATE dhcp4_subnet SET valid_lifetime = 5400, modification_ts = {} WHERE subnet_id = 100;",
            now(kind)
        ),
    ))
    .await;
    let newer = cb
        .audit_after(CbFamily::V4, "server1", cursor)
        .await
        .unwrap()
        .expect("the update's revision");
    assert!(newer > cursor, "{newer:?} after {cursor:?}");
    assert_eq!(newer.id, 2);
    assert_eq!(
        cb.audit_after(CbFamily::V4, "server1", newer)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        cb.audit_after(CbFamily::V4, "", AuditCursor::default())
            .await
            .unwrap(),
        Some(newer),
        "from the start, the newest revision"
    );

    let (got, refetched) = fetch(&cb, CbFamily::V4, "server1").await;
    assert_eq!(got.subnets[0]["valid-lifetime"], json!(5400));
    assert_eq!(refetched, newer);
}

async fn audit_after_ignores_another_servers_revisions_and_server_rows(kind: SqlKind) {
    let mut sql = vec![seed4(kind)];
    sql.push(revision(kind, 4, "all", &server4(kind, "server2")));
    let db = db_with(kind, &sql).await;
    let cb = open(&db).await;
    let (_, cursor) = fetch(&cb, CbFamily::V4, "server1").await;
    assert_eq!(
        cursor.id, 1,
        "the server2 row's revision only audits dhcp4_server"
    );

    db.execute(&revision(
        kind,
        4,
        "server2",
        &format!(
            "UPDATE dhcp4_subnet SET renew_timer = 1000, modification_ts = {} WHERE subnet_id = 100;",
            now(kind)
        ),
    ))
    .await;
    assert_eq!(
        cb.audit_after(CbFamily::V4, "server1", cursor)
            .await
            .unwrap(),
        None
    );
    let theirs = cb
        .audit_after(CbFamily::V4, "server2", cursor)
        .await
        .unwrap();
    assert_eq!(theirs.map(|c| c.id), Some(3));
}

fn assert_bad_row(
    result: Result<(FetchedConfig, AuditCursor), CbReadError>,
    table: &str,
    column: &str,
) -> i64 {
    match result {
        Err(CbReadError::BadRow {
            table: t,
            id,
            column: c,
            reason,
        }) => {
            assert_eq!((t.as_str(), c.as_str()), (table, column), "{reason}");
            id
        }
        other => panic!("expected a bad {table}.{column} row, got {other:?}"),
    }
}

async fn an_unknown_option_def_type_is_a_bad_row_naming_table_id_and_column(kind: SqlKind) {
    let sql = [
        option_def4(kind, 222, "fine", 8, false, "", "", "1"),
        option_def4(kind, 223, "broken", 99, false, "", "", "1"),
    ]
    .concat();
    let db = db_with(kind, &[revision(kind, 4, "all", &sql)]).await;
    let cb = open(&db).await;
    let id = assert_bad_row(cb.fetch(CbFamily::V4, "").await, "dhcp4_option_def", "type");
    assert_eq!(id, 2);
}

async fn a_global_that_does_not_parse_as_its_type_is_a_bad_row(kind: SqlKind) {
    let sql = [
        global4(kind, "valid-lifetime", "7200", 0, "1"),
        global4(kind, "renew-timer", "abc", 0, "1"),
    ]
    .concat();
    let db = db_with(kind, &[revision(kind, 4, "all", &sql)]).await;
    let cb = open(&db).await;
    let id = assert_bad_row(
        cb.fetch(CbFamily::V4, "").await,
        "dhcp4_global_parameter",
        "value",
    );
    assert_eq!(id, 2);
}

async fn bad_record_types_json_is_a_bad_row(kind: SqlKind) {
    let sql = option_def4(kind, 222, "foo", 17, false, "", "[6, \"x\"]", "1");
    let db = db_with(kind, &[revision(kind, 4, "all", &sql)]).await;
    let cb = open(&db).await;
    assert_bad_row(
        cb.fetch(CbFamily::V4, "").await,
        "dhcp4_option_def",
        "record_types",
    );
}

async fn probe_answers_on_a_live_database(kind: SqlKind) {
    let db = db_with(kind, &[]).await;
    let cb = open(&db).await;
    cb.probe().await.expect("probe");
    let (got, cursor) = fetch(&cb, CbFamily::V4, "server1").await;
    assert!(got.is_empty());
    assert_eq!(cursor, AuditCursor::default());
}

/// Each case as a test per dialect: `pg::<case>` and `mysql::<case>`.
macro_rules! battery {
    ($($case:ident),* $(,)?) => {
        mod pg {
            use ruru::config::model::SqlKind;
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(SqlKind::Postgresql).await
                }
            )*
        }
        mod mysql {
            use ruru::config::model::SqlKind;
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(SqlKind::Mysql).await
                }
            )*
        }
    };
}

battery!(
    full_fetch_returns_seeded_globals_subnet_pool_and_options_in_kea_json,
    v6_fetch_returns_subnet_with_pool_pd_pool_and_options,
    server1_sees_all_and_its_own_objects_not_server2_or_unassigned_ones,
    server1_global_and_option_beat_the_all_ones,
    empty_tag_sees_only_all_objects,
    shared_network_and_its_member_subnet_carry_their_columns,
    option_defs_carry_kea_type_names_and_record_types,
    client_classes_come_in_class_order_with_their_options_and_option_defs,
    audit_after_is_none_until_an_update_in_a_new_revision,
    audit_after_ignores_another_servers_revisions_and_server_rows,
    an_unknown_option_def_type_is_a_bad_row_naming_table_id_and_column,
    a_global_that_does_not_parse_as_its_type_is_a_bad_row,
    bad_record_types_json_is_a_bad_row,
    probe_answers_on_a_live_database,
);
