//! Kea's `reservation-*` commands in ruru-dhcp6 (the host_cmds hook, built
//! in): DHCPv6 hosts by `duid` / `hw-address` / `flex-id` with
//! `ip-addresses`, `prefixes`, `hostname` and `option-data`, over the
//! configuration file's reservations and the hosts databases in Kea's order
//! (configuration first, then each database). Argument parsing, texts and
//! result codes are DHCPv4's (`reservation`), with Kea's IPv6 wording.
//!
//! Every handler validates its arguments before touching a store, so a bad
//! argument (result 1) changes nothing.

use std::net::Ipv6Addr;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::protocol::{Response, EMPTY, SUCCESS};
use super::reservation::{
    args_map, db_error, identifier_text, parse_identifier, parse_identifier_type, ranged,
    subnet_id, Bad,
};
use crate::backends::host6::{Host6, HostOption6};
use crate::backends::{HostAdd, HostStore};
use crate::config::model::IdentifierType;
use crate::config::model6::{Dhcp6Config, Reservation6, Subnet6};
use crate::dhcp::alloc::hosts::GLOBAL_SUBNET_ID;
use crate::options::{Dhcp6, OptionSpace};

/// Kea's `validateHostForSubnet6`: a non-zero subnet id must be configured,
/// and reserved addresses must lie in it.
fn subnet_for<'a>(
    cfg: &'a Dhcp6Config,
    id: u32,
    addresses: &[Ipv6Addr],
) -> Result<Option<&'a Subnet6>, Bad> {
    if id == GLOBAL_SUBNET_ID {
        return Ok(None);
    }
    let s = cfg.subnet(id).ok_or_else(|| {
        Response::error(format!("IPv6 subnet with ID of '{id}' is not configured"))
    })?;
    if let Some(a) = addresses.iter().find(|a| !s.prefix.contains(*a)) {
        return Err(Response::error(format!(
            "specified reservation '{a}' is not matching the IPv6 subnet prefix '{}'",
            s.prefix
        )));
    }
    Ok(Some(s))
}

fn option_json(o: &HostOption6) -> Value {
    let name = Dhcp6::by_code(o.code).map_or_else(String::new, |d| d.name.to_string());
    let (csv, data) = match &o.formatted_value {
        Some(text) => (true, text.clone()),
        None => (false, o.value.iter().map(|b| format!("{b:02X}")).collect()),
    };
    json!({
        "always-send": o.always_send,
        "code": o.code,
        "csv-format": csv,
        "data": data,
        "name": name,
        "space": o.space,
    })
}

/// Kea's `Host::toElement6` plus `subnet-id`.
pub fn host6_json(h: &Host6) -> Value {
    let mut m = Map::new();
    m.insert("client-classes".into(), json!(h.client_classes));
    m.insert(
        "hostname".into(),
        json!(h.hostname.clone().unwrap_or_default()),
    );
    m.insert(
        h.identifier_type.name().into(),
        json!(identifier_text(h.identifier_type, &h.identifier)),
    );
    m.insert(
        "ip-addresses".into(),
        json!(h
            .ip_addresses
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()),
    );
    m.insert(
        "option-data".into(),
        Value::Array(h.options.iter().map(option_json).collect()),
    );
    m.insert(
        "prefixes".into(),
        json!(h
            .prefixes
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()),
    );
    if let Some(ctx) = h
        .user_context
        .as_deref()
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
    {
        m.insert("user-context".into(), ctx);
    }
    m.insert("subnet-id".into(), json!(h.subnet_id));
    Value::Object(m)
}

/// A configuration-file reservation as a host (options as raw payloads).
fn config_host(r: &Reservation6, subnet_id: u32, host_id: u64) -> Host6 {
    Host6 {
        host_id,
        subnet_id,
        identifier_type: r.identifier_type,
        identifier: r.identifier.clone(),
        ip_addresses: r.ip_addresses.clone(),
        prefixes: r.prefixes.clone(),
        hostname: r.hostname.clone(),
        client_classes: Vec::new(),
        user_context: None,
        options: r
            .options
            .iter()
            .map(|o| HostOption6 {
                code: o.code,
                space: "dhcp6".into(),
                formatted_value: None,
                value: o.data.clone(),
                always_send: o.always_send,
            })
            .collect(),
    }
}

/// The configuration file's reservations of `subnet_id`, numbered from 1.
fn config_hosts(cfg: &Dhcp6Config, subnet_id: u32) -> Vec<Host6> {
    let list = if subnet_id == GLOBAL_SUBNET_ID {
        Some(&cfg.global_reservations)
    } else {
        cfg.subnet(subnet_id).map(|s| &s.reservations)
    };
    list.into_iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| config_host(r, subnet_id, i as u64 + 1))
        .collect()
}

/// The configuration file's reservations of every scope.
fn all_config_hosts(cfg: &Dhcp6Config) -> impl Iterator<Item = Host6> + '_ {
    std::iter::once(GLOBAL_SUBNET_ID)
        .chain(cfg.subnets.iter().map(|s| s.id))
        .flat_map(|s| config_hosts(cfg, s))
}

fn hosts_response(hosts: &[Host6], extra: Option<(&str, Value)>) -> Response {
    let mut args = Map::new();
    args.insert(
        "hosts".into(),
        Value::Array(hosts.iter().map(host6_json).collect()),
    );
    if let Some((k, v)) = extra {
        args.insert(k.into(), v);
    }
    Response::new(
        if hosts.is_empty() { EMPTY } else { SUCCESS },
        format!("{} IPv6 host(s) found.", hosts.len()),
        Some(Value::Object(args)),
    )
}

/// Which host `reservation-get` / `reservation-del` mean (Kea's `getParameters`).
enum Target {
    /// (subnet-id, ip-address or prefix).
    Address(u32, Ipv6Addr),
    /// (subnet-id, identifier-type, identifier).
    Identifier(u32, IdentifierType, Vec<u8>),
}

fn target(args: Option<&Value>) -> Result<Target, Bad> {
    let m = args_map(args)?;
    let sid = subnet_id(m)?;
    if let Some(a) = m.get("ip-address") {
        let text = a
            .as_str()
            .ok_or_else(|| Response::error("'ip-address' is not a string."))?;
        let addr = text.parse::<Ipv6Addr>().map_err(|_| {
            Response::error(format!(
                "Failed to convert string to address '{text}': Invalid argument"
            ))
        })?;
        return Ok(Target::Address(sid, addr));
    }
    let t = m
        .get("identifier-type")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Response::error(
                "No 'ip-address' provided and 'identifier-type' is either missing or not a string.",
            )
        })?;
    let ident = m.get("identifier").and_then(Value::as_str).ok_or_else(|| {
        Response::error(
            "No 'ip-address' provided and 'identifier' is either missing or not a string.",
        )
    })?;
    let bytes = parse_identifier(ident)?;
    Ok(Target::Identifier(sid, parse_identifier_type(t)?, bytes))
}

/// `reservation-get`: the configuration's reservation, else the first
/// database's (result 3 "Host not found." when none).
pub async fn reservation_get<H: HostStore>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let t = match target(args) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let sid = match &t {
        Target::Address(s, _) | Target::Identifier(s, _, _) => *s,
    };
    let mut found = config_hosts(cfg, sid).into_iter().find(|h| match &t {
        Target::Address(_, a) => h.reserves(*a),
        Target::Identifier(_, k, v) => h.identifier_type == *k && h.identifier == *v,
    });
    for db in dbs {
        if found.is_some() {
            break;
        }
        let r = match &t {
            Target::Address(s, a) => db
                .get6_by_address(*s, *a)
                .await
                .map(|v| v.into_iter().next()),
            Target::Identifier(s, k, v) => db.get6(*s, *k, v).await,
        };
        match r {
            Ok(h) => found = h,
            Err(e) => return db_error(e),
        }
    }
    match found {
        Some(h) => Response::new(SUCCESS, "Host found.", Some(host6_json(&h))),
        None => Response::new(EMPTY, "Host not found.", None),
    }
}

/// `reservation-del`: deletes from the hosts databases (Kea never edits the
/// configuration file's reservations).
pub async fn reservation_del<H: HostStore>(dbs: &[Arc<H>], args: Option<&Value>) -> Response {
    let t = match target(args) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if dbs.is_empty() {
        return Response::error("Host database not available, cannot delete host.");
    }
    let mut deleted = false;
    for db in dbs {
        let r = match &t {
            Target::Address(s, a) => db.del6_by_address(*s, *a).await,
            Target::Identifier(s, k, v) => db.del6_by_identifier(*s, *k, v).await,
        };
        match r {
            Ok(d) => deleted |= d,
            Err(e) => return db_error(e),
        }
    }
    if deleted {
        Response::success("Host deleted.")
    } else {
        Response::new(EMPTY, "Host not deleted (not found).", None)
    }
}

/// `reservation-get-all`: every host of a subnet, configuration first.
pub async fn reservation_get_all<H: HostStore>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let sid = match args_map(args).and_then(subnet_id) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = subnet_for(cfg, sid, &[]) {
        return r;
    }
    let mut hosts = config_hosts(cfg, sid);
    for db in dbs {
        match db.get_all6(sid).await {
            Ok(mut h) => hosts.append(&mut h),
            Err(e) => return db_error(e),
        }
    }
    hosts_response(&hosts, None)
}

/// `reservation-get-page`: one page of a subnet's hosts from source
/// `source-index` (0: configuration, i: hosts database i) after host id
/// `from`; an exhausted source moves on to the next (Kea's `getPage6`).
pub async fn reservation_get_page<H: HostStore>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let parsed = (|| {
        let m = args_map(args)?;
        let limit = ranged(m, "limit", 0, i64::from(u32::MAX))? as usize;
        let sid = subnet_id(m)?;
        let mut source = 0usize;
        if m.contains_key("source-index") {
            source = ranged(m, "source-index", 0, 10)? as usize;
        }
        let mut from = 0u64;
        if m.contains_key("from") {
            from = ranged(m, "from", 0, i64::MAX)? as u64;
        }
        if limit == 0 {
            return Err(Response::error("page size must be greater than 0"));
        }
        subnet_for(cfg, sid, &[])?;
        Ok((limit, sid, source, from))
    })();
    let (limit, sid, mut source, mut from) = match parsed {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut page = Vec::new();
    while source <= dbs.len() {
        page = if source == 0 {
            config_hosts(cfg, sid)
                .into_iter()
                .filter(|h| h.host_id > from)
                .take(limit)
                .collect()
        } else {
            match dbs[source - 1].get_page6(sid, from, limit).await {
                Ok(p) => p,
                Err(e) => return db_error(e),
            }
        };
        if !page.is_empty() {
            break;
        }
        source += 1;
        from = 0;
    }
    let count = page.len();
    let mut resp = hosts_response(&page, Some(("count", json!(count))));
    if let (Some(last), Some(Value::Object(m))) = (page.last(), resp.arguments.as_mut()) {
        m.insert(
            "next".into(),
            json!({"from": last.host_id, "source-index": source}),
        );
    }
    resp
}

/// `reservation-get-by-hostname`: DHCPv6 hosts with that hostname (any
/// case), optionally in one subnet.
pub async fn reservation_get_by_hostname<H: HostStore>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let parsed = (|| {
        let m = args_map(args)?;
        let name = m
            .get("hostname")
            .ok_or_else(|| Response::error("missing parameter 'hostname'"))?
            .as_str()
            .ok_or_else(|| Response::error("invalid type specified for parameter 'hostname'"))?;
        let sid = if m.contains_key("subnet-id") {
            let s = subnet_id(m)?;
            subnet_for(cfg, s, &[])?;
            Some(s)
        } else {
            None
        };
        if name.is_empty() {
            return Err(Response::error("Empty hostname"));
        }
        Ok((name.to_lowercase(), sid))
    })();
    let (name, sid) = match parsed {
        Ok(p) => p,
        Err(r) => return r,
    };
    let named = |h: &Host6| {
        h.hostname
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(&name))
    };
    let mut hosts: Vec<Host6> = match sid {
        Some(s) => config_hosts(cfg, s).into_iter().filter(named).collect(),
        None => all_config_hosts(cfg).filter(named).collect(),
    };
    for db in dbs {
        match db.get6_by_hostname(&name, sid).await {
            Ok(mut h) => hosts.append(&mut h),
            Err(e) => return db_error(e),
        }
    }
    hosts_response(&hosts, None)
}

/// `reservation-get-by-id`: the DHCPv6 hosts with an identifier, in every
/// subnet.
pub async fn reservation_get_by_id<H: HostStore>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let parsed = (|| {
        let m = args_map(args)?;
        let t = m
            .get("identifier-type")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Response::error("'identifier-type' is either missing or not a string.")
            })?;
        let ident = m
            .get("identifier")
            .and_then(Value::as_str)
            .ok_or_else(|| Response::error("'identifier' is either missing or not a string."))?;
        if m.contains_key("subnet-id") {
            return Err(Response::error(
                "'subnet-id' is forbidden in reservation-get-by-id",
            ));
        }
        let bytes = parse_identifier(ident)?;
        Ok((parse_identifier_type(t)?, bytes))
    })();
    let (kind, ident) = match parsed {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut hosts: Vec<Host6> = all_config_hosts(cfg)
        .filter(|h| h.identifier_type == kind && h.identifier == ident)
        .collect();
    for db in dbs {
        match db.get6_by_identifier(kind, &ident).await {
            Ok(mut h) => hosts.append(&mut h),
            Err(e) => return db_error(e),
        }
    }
    hosts_response(&hosts, None)
}

/// The host `reservation-add` carries, checked like a configuration file
/// reservation; returns it and whether it was made global for lack of a
/// subnet id.
fn host_to_add(cfg: &Dhcp6Config, args: Option<&Value>) -> Result<(Host6, bool), Bad> {
    let Some(Value::Object(m)) = args else {
        return Err(Response::error("no parameters specified for the command"));
    };
    let Some(reservation) = m.get("reservation") else {
        return Err(Response::error("reservation must be specified"));
    };
    let Value::Object(r) = reservation else {
        return Err(Response::error("reservation must be a map"));
    };
    let mut r = r.clone();
    let sid_value = r.remove("subnet-id");
    let mut addresses = Vec::new();
    if let Some(Value::Array(list)) = r.get("ip-addresses") {
        for t in list.iter().filter_map(Value::as_str) {
            addresses.push(
                t.trim()
                    .parse::<Ipv6Addr>()
                    .map_err(|_| Response::error(format!("'{t}' is not a valid IPv6 address")))?,
            );
        }
    }
    let (sid, global) = match sid_value {
        Some(v) => {
            let mut one = Map::new();
            one.insert("subnet-id".into(), v);
            (subnet_id(&one)?, false)
        }
        None => match addresses.first() {
            Some(a) => {
                let hint = match cfg.subnet_containing(*a) {
                    Some(s) => format!("belongs to subnet '{}' id {}.", s.prefix, s.id),
                    None => "belongs to no configured subnet.".to_string(),
                };
                return Err(Response::error(format!(
                    "Mandatory 'subnet-id' parameter missing. The address '{a}' {hint}"
                )));
            }
            None => (GLOBAL_SUBNET_ID, true),
        },
    };
    let subnet = subnet_for(cfg, sid, &addresses)?;
    let value = Value::Object(r);
    let (wire, parsed) =
        crate::config::parse_reservation6(&value, "reservation", subnet.map(|s| &s.prefix))
            .map_err(|e| Response::error(e.to_string().replace("reservation[0]", "reservation")))?;
    let options = wire
        .option_data
        .iter()
        .zip(&parsed.options)
        .map(|(w, enc)| {
            let csv = w.csv_format.unwrap_or(true) && Dhcp6::by_code(enc.code).is_some();
            HostOption6 {
                code: enc.code,
                space: w.space.clone(),
                formatted_value: csv.then(|| w.data.clone()),
                value: if csv { Vec::new() } else { enc.data.clone() },
                always_send: w.always_send,
            }
        })
        .collect();
    let host = Host6 {
        host_id: 0,
        subnet_id: sid,
        identifier_type: parsed.identifier_type,
        identifier: parsed.identifier,
        ip_addresses: parsed.ip_addresses,
        prefixes: parsed.prefixes,
        hostname: parsed.hostname,
        client_classes: wire.client_classes.clone().unwrap_or_default(),
        user_context: wire
            .user_context
            .as_ref()
            .map(|c| Value::Object(c.clone()).to_string()),
        options,
    };
    Ok((host, global))
}

/// `reservation-add`: stores a DHCPv6 host in every hosts database (Kea's
/// `HostMgr::add`); refused without one.
pub async fn reservation_add<H: HostStore>(
    cfg: &Dhcp6Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let (host, global) = match host_to_add(cfg, args) {
        Ok(h) => h,
        Err(r) => return r,
    };
    if dbs.is_empty() {
        return Response::error("Host database not available, cannot add host.");
    }
    for db in dbs {
        match db.add6(&host).await {
            Ok(HostAdd::Added(_)) => {}
            Ok(HostAdd::DuplicateIdentifier) => {
                return Response::error("Database duplicate entry error")
            }
            Ok(HostAdd::DuplicateAddress) => {
                return Response::error(format!(
                    "Database duplicate entry error: an address or prefix of this host is already reserved in subnet {}",
                    host.subnet_id
                ))
            }
            Err(e) => return db_error(e),
        }
    }
    let mut text = String::from("Host added.");
    if global {
        text.push_str(" subnet-id not specified, assumed global (subnet-id 0).");
    }
    Response::success(text)
}
