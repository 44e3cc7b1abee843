//! Kea's `reservation-*` commands (the host_cmds hook, built in), over the
//! configuration file's reservations and the hosts databases, in Kea's order
//! (configuration first, then each database). Texts and result codes follow
//! Kea's host_cmds; writes go to the hosts databases only, as in Kea.
//!
//! Every handler validates its arguments before touching a store, so a bad
//! argument (result 1) changes nothing.

use std::net::Ipv4Addr;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::protocol::{Response, EMPTY, SUCCESS};
use crate::backends::host::{Host4, HostOption};
use crate::backends::{HostAdd, HostStore};
use crate::config::model::{Dhcp4Config, IdentifierType, Reservation4, Subnet4};
use crate::dhcp::alloc::hosts::GLOBAL_SUBNET_ID;
use crate::options::encode::decode_text_or_hex;
use crate::options::{Dhcp4, OptionSpace};

/// Kea's `SUBNET_ID_MAX`.
pub(super) const SUBNET_ID_MAX: i64 = 4_294_967_294;

/// Kea's text for arguments that are absent or not a map.
pub(super) const NOT_A_MAP: &str = "Parameters missing or are not a map.";

pub(super) type Bad = Response;

pub(super) fn args_map(args: Option<&Value>) -> Result<&Map<String, Value>, Bad> {
    match args {
        Some(Value::Object(m)) => Ok(m),
        _ => Err(Response::error(NOT_A_MAP)),
    }
}

/// `SimpleParser::getInteger` with a range, in Kea's words.
pub(super) fn ranged(m: &Map<String, Value>, name: &str, min: i64, max: i64) -> Result<i64, Bad> {
    let v = m
        .get(name)
        .ok_or_else(|| Response::error(format!("missing parameter '{name}'")))?;
    let n = v
        .as_i64()
        .ok_or_else(|| Response::error(format!("invalid type specified for parameter '{name}'")))?;
    if n < min || n > max {
        return Err(Response::error(format!(
            "The '{name}' value ({n}) is not within expected range: ({min} - {max})"
        )));
    }
    Ok(n)
}

pub(super) fn subnet_id(m: &Map<String, Value>) -> Result<u32, Bad> {
    ranged(m, "subnet-id", 0, SUBNET_ID_MAX).map(|n| n as u32)
}

/// Kea's `validateHostForSubnet4`: a non-zero subnet id must be configured,
/// and a reserved address must lie in it.
fn subnet_for(
    cfg: &Dhcp4Config,
    id: u32,
    address: Option<Ipv4Addr>,
) -> Result<Option<&Subnet4>, Bad> {
    if id == GLOBAL_SUBNET_ID {
        return Ok(None);
    }
    let s = cfg.subnet(id).ok_or_else(|| {
        Response::error(format!("IPv4 subnet with ID of '{id}' is not configured"))
    })?;
    if let Some(a) = address.filter(|a| !s.prefix.contains(a)) {
        return Err(Response::error(format!(
            "specified reservation '{a}' is not matching the IPv4 subnet prefix '{}'",
            s.prefix
        )));
    }
    Ok(Some(s))
}

/// The identifier text as Kea prints it: hw-address and duid as lower-case
/// colon hex, the others as upper-case hex.
pub(super) fn identifier_text(t: IdentifierType, v: &[u8]) -> String {
    match t {
        IdentifierType::HwAddress | IdentifierType::Duid => v
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
        _ => v.iter().map(|b| format!("{b:02X}")).collect(),
    }
}

fn option_json(o: &HostOption) -> Value {
    let name = Dhcp4::by_code(o.code).map_or_else(String::new, |d| d.name.to_string());
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

/// Kea's `Host::toElement4` plus `subnet-id`.
pub fn host_json(h: &Host4) -> Value {
    let mut m = Map::new();
    m.insert(
        "boot-file-name".into(),
        json!(h.boot_file_name.clone().unwrap_or_default()),
    );
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
        "ip-address".into(),
        json!(h.ip_address.unwrap_or(Ipv4Addr::UNSPECIFIED).to_string()),
    );
    m.insert(
        "next-server".into(),
        json!(h.next_server.unwrap_or(Ipv4Addr::UNSPECIFIED).to_string()),
    );
    m.insert(
        "option-data".into(),
        Value::Array(h.options.iter().map(option_json).collect()),
    );
    m.insert(
        "server-hostname".into(),
        json!(h.server_hostname.clone().unwrap_or_default()),
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
fn config_host(r: &Reservation4, subnet_id: u32, host_id: u64) -> Host4 {
    Host4 {
        host_id,
        subnet_id,
        identifier_type: r.identifier_type,
        identifier: r.identifier.clone(),
        ip_address: r.ip_address,
        hostname: r.hostname.clone(),
        client_classes: Vec::new(),
        next_server: r.next_server,
        server_hostname: r.server_hostname.clone(),
        boot_file_name: r.boot_file_name.clone(),
        user_context: None,
        options: r
            .options
            .iter()
            .map(|o| HostOption {
                code: o.code,
                space: "dhcp4".into(),
                formatted_value: None,
                value: o.data.clone(),
                always_send: o.always_send,
            })
            .collect(),
    }
}

/// The configuration file's reservations of `subnet_id`, numbered from 1.
fn config_hosts(cfg: &Dhcp4Config, subnet_id: u32) -> Vec<Host4> {
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

fn hosts_response(hosts: &[Host4], extra: Option<(&str, Value)>) -> Response {
    let mut args = Map::new();
    args.insert(
        "hosts".into(),
        Value::Array(hosts.iter().map(host_json).collect()),
    );
    if let Some((k, v)) = extra {
        args.insert(k.into(), v);
    }
    Response::new(
        if hosts.is_empty() { EMPTY } else { SUCCESS },
        format!("{} IPv4 host(s) found.", hosts.len()),
        Some(Value::Object(args)),
    )
}

pub(super) fn db_error<E: std::error::Error>(e: E) -> Response {
    Response::error(e.to_string())
}

/// Which host `reservation-get` / `reservation-del` mean (Kea's `getParameters`).
enum Target {
    /// (subnet-id, ip-address).
    Address(u32, Ipv4Addr),
    /// (subnet-id, identifier-type, identifier).
    Identifier(u32, IdentifierType, Vec<u8>),
}

pub(super) fn parse_identifier(ident: &str) -> Result<Vec<u8>, Bad> {
    let bytes = decode_text_or_hex(ident)
        .map_err(|_| Response::error("Unable to parse 'identifier' value."))?;
    if bytes.is_empty() {
        return Err(Response::error("Unable to query for empty 'identifier'."));
    }
    Ok(bytes)
}

pub(super) fn parse_identifier_type(t: &str) -> Result<IdentifierType, Bad> {
    IdentifierType::from_name(t)
        .ok_or_else(|| Response::error("Value of 'identifier-type' was not recognized."))
}

fn target(args: Option<&Value>) -> Result<Target, Bad> {
    let m = args_map(args)?;
    let sid = subnet_id(m)?;
    if let Some(a) = m.get("ip-address") {
        let text = a
            .as_str()
            .ok_or_else(|| Response::error("'ip-address' is not a string."))?;
        let addr = text.parse::<Ipv4Addr>().map_err(|_| {
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
    cfg: &Dhcp4Config,
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
    let found = config_hosts(cfg, sid).into_iter().find(|h| match &t {
        Target::Address(_, a) => h.ip_address == Some(*a),
        Target::Identifier(_, k, v) => h.identifier_type == *k && h.identifier == *v,
    });
    let mut found = found;
    for db in dbs {
        if found.is_some() {
            break;
        }
        let r = match &t {
            Target::Address(s, a) => db
                .get4_by_address(*s, *a)
                .await
                .map(|v| v.into_iter().next()),
            Target::Identifier(s, k, v) => db.get4(*s, *k, v).await,
        };
        match r {
            Ok(h) => found = h,
            Err(e) => return db_error(e),
        }
    }
    match found {
        Some(h) => Response::new(SUCCESS, "Host found.", Some(host_json(&h))),
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
            Target::Address(s, a) => db.del4_by_address(*s, *a).await,
            Target::Identifier(s, k, v) => db.del4_by_identifier(*s, *k, v).await,
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
    cfg: &Dhcp4Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let sid = match args_map(args).and_then(subnet_id) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = subnet_for(cfg, sid, None) {
        return r;
    }
    let mut hosts = config_hosts(cfg, sid);
    for db in dbs {
        match db.get_all4(sid).await {
            Ok(mut h) => hosts.append(&mut h),
            Err(e) => return db_error(e),
        }
    }
    hosts_response(&hosts, None)
}

/// `reservation-get-page`: one page of a subnet's hosts from source
/// `source-index` (0: configuration, i: hosts database i) after host id
/// `from`; an exhausted source moves on to the next (Kea's `getPage4`).
pub async fn reservation_get_page<H: HostStore>(
    cfg: &Dhcp4Config,
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
        subnet_for(cfg, sid, None)?;
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
            match dbs[source - 1].get_page4(sid, from, limit).await {
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

/// `reservation-get-by-hostname`: hosts with that hostname (any case),
/// optionally in one subnet.
pub async fn reservation_get_by_hostname<H: HostStore>(
    cfg: &Dhcp4Config,
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
            subnet_for(cfg, s, None)?;
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
    let ids: Vec<u32> = match sid {
        Some(s) => vec![s],
        None => std::iter::once(GLOBAL_SUBNET_ID)
            .chain(cfg.subnets.iter().map(|s| s.id))
            .collect(),
    };
    let mut hosts: Vec<Host4> = ids
        .into_iter()
        .flat_map(|s| config_hosts(cfg, s))
        .filter(|h| {
            h.hostname
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        })
        .collect();
    for db in dbs {
        match db.get4_by_hostname(&name, sid).await {
            Ok(mut h) => hosts.append(&mut h),
            Err(e) => return db_error(e),
        }
    }
    hosts_response(&hosts, None)
}

/// `reservation-get-by-id`: the hosts with an identifier, in every subnet.
pub async fn reservation_get_by_id<H: HostStore>(
    cfg: &Dhcp4Config,
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
    let mut hosts: Vec<Host4> = std::iter::once(GLOBAL_SUBNET_ID)
        .chain(cfg.subnets.iter().map(|s| s.id))
        .flat_map(|s| config_hosts(cfg, s))
        .filter(|h| h.identifier_type == kind && h.identifier == ident)
        .collect();
    for db in dbs {
        match db.get4_by_identifier(kind, &ident).await {
            Ok(mut h) => hosts.append(&mut h),
            Err(e) => return db_error(e),
        }
    }
    hosts_response(&hosts, None)
}

/// The host `reservation-add` carries, checked like a configuration file
/// reservation; returns it and whether it was made global for lack of a
/// subnet id.
fn host_to_add(cfg: &Dhcp4Config, args: Option<&Value>) -> Result<(Host4, bool), Bad> {
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
    let address = match r.get("ip-address").and_then(Value::as_str) {
        Some(t) => Some(
            t.parse::<Ipv4Addr>()
                .map_err(|_| Response::error(format!("'{t}' is not a valid IPv4 address")))?,
        ),
        None => None,
    };
    let (sid, global) = match sid_value {
        Some(v) => {
            let mut one = Map::new();
            one.insert("subnet-id".into(), v);
            (subnet_id(&one)?, false)
        }
        None => match address {
            Some(a) => {
                let hint = match cfg.subnet_containing(a) {
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
    let subnet = subnet_for(cfg, sid, address)?;
    let value = Value::Object(r);
    let (wire, parsed) =
        crate::config::parse_reservation4(&value, "reservation", subnet.map(|s| &s.prefix))
            .map_err(|e| Response::error(e.to_string().replace("reservation[0]", "reservation")))?;
    let options = wire
        .option_data
        .iter()
        .zip(&parsed.options)
        .map(|(w, enc)| {
            let csv = w.csv_format.unwrap_or(true) && Dhcp4::by_code(enc.code).is_some();
            HostOption {
                code: enc.code,
                space: w.space.clone(),
                formatted_value: csv.then(|| w.data.clone()),
                value: if csv { Vec::new() } else { enc.data.clone() },
                always_send: w.always_send,
            }
        })
        .collect();
    let host = Host4 {
        host_id: 0,
        subnet_id: sid,
        identifier_type: parsed.identifier_type,
        identifier: parsed.identifier,
        ip_address: parsed.ip_address,
        hostname: parsed.hostname,
        client_classes: wire.client_classes.clone().unwrap_or_default(),
        next_server: parsed.next_server,
        server_hostname: parsed.server_hostname,
        boot_file_name: parsed.boot_file_name,
        user_context: wire
            .user_context
            .as_ref()
            .map(|c| Value::Object(c.clone()).to_string()),
        options,
    };
    Ok((host, global))
}

/// `reservation-add`: stores a host in every hosts database (Kea's
/// `HostMgr::add`); refused without one.
pub async fn reservation_add<H: HostStore>(
    cfg: &Dhcp4Config,
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
        match db.add4(&host).await {
            Ok(HostAdd::Added(_)) => {}
            Ok(HostAdd::DuplicateIdentifier) => {
                return Response::error("Database duplicate entry error")
            }
            Ok(HostAdd::DuplicateAddress) => {
                return Response::error(format!(
                "Database duplicate entry error: the address {} is already reserved in subnet {}",
                host.ip_address.unwrap_or(Ipv4Addr::UNSPECIFIED),
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
