//! Kea's `reservation-*` commands (the host_cmds hook, built in), written once
//! for both families (`V4`: ruru-dhcp4, `V6`: ruru-dhcp6) over the
//! configuration file's reservations and the hosts databases, in Kea's order
//! (configuration first, then each database). Texts and result codes follow
//! Kea's host_cmds; writes go to the hosts databases only, as in Kea.
//!
//! Every handler validates its arguments before touching a store, so a bad
//! argument (result 1) changes nothing.
//!
//! - `family`: what a family provides (`ReservationFamily`);
//!   `v4` / `v6`: the two families.
//! - `params`: the arguments; `host_json`: the hosts answered.

mod family;
mod host_json;
mod host_option;
mod params;
mod v4;
mod v6;

use std::future::Future;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use self::params::{
    args_map, identifier_texts, parse_identifier, ranged, subnet_id, target, Bad, Target,
};
use super::family::Family;
use super::protocol::{Response, EMPTY, SUCCESS};
use super::table::Command;
use crate::backends::{HostAdd, HostStore};
use crate::dhcp::alloc::hosts::GLOBAL_SUBNET_ID;

pub use self::family::{HostCore, ReservationFamily};
pub use self::host_json::host_json;

/// Kea's `validateHostForSubnet4`/`6`: a non-zero subnet id must be
/// configured, and reserved addresses must lie in it.
fn subnet_for<'c, F: Family>(
    cfg: &'c F::Config,
    id: u32,
    addresses: &[F::Addr],
) -> Result<Option<&'c F::Subnet>, Bad> {
    if id == GLOBAL_SUBNET_ID {
        return Ok(None);
    }
    let s = F::subnet(cfg, id).ok_or_else(|| {
        Response::error(format!(
            "{} subnet with ID of '{id}' is not configured",
            F::IP
        ))
    })?;
    if let Some(a) = addresses.iter().find(|a| !F::in_prefix(s, a)) {
        return Err(Response::error(format!(
            "specified reservation '{a}' is not matching the {} subnet prefix '{}'",
            F::IP,
            F::prefix_text(s)
        )));
    }
    Ok(Some(s))
}

/// The configuration file's reservations of `subnet_id`, numbered from 1.
fn config_hosts<F: ReservationFamily>(cfg: &F::Config, subnet_id: u32) -> Vec<F::Host> {
    let list = if subnet_id == GLOBAL_SUBNET_ID {
        F::global_reservations(cfg)
    } else {
        F::subnet(cfg, subnet_id).map_or(&[][..], F::subnet_reservations)
    };
    list.iter()
        .enumerate()
        .map(|(i, r)| F::config_host(r, subnet_id, i as u64 + 1))
        .collect()
}

/// The configuration file's reservations of every scope (global first).
fn all_config_hosts<F: ReservationFamily>(cfg: &F::Config) -> impl Iterator<Item = F::Host> + '_ {
    std::iter::once(GLOBAL_SUBNET_ID)
        .chain(F::subnet_ids(cfg))
        .flat_map(|s| config_hosts::<F>(cfg, s))
}

/// `{"hosts": [...]}` (plus `extra`) with "N IPv4 host(s) found.", result 3
/// when empty.
fn hosts_response<F: ReservationFamily>(
    hosts: &[F::Host],
    extra: Option<(&str, Value)>,
) -> Response {
    let mut args = Map::new();
    args.insert(
        "hosts".into(),
        Value::Array(hosts.iter().map(host_json::<F>).collect()),
    );
    if let Some((k, v)) = extra {
        args.insert(k.into(), v);
    }
    Response::new(
        if hosts.is_empty() { EMPTY } else { SUCCESS },
        format!("{} {} host(s) found.", hosts.len(), F::IP),
        Some(Value::Object(args)),
    )
}

/// Runs `command`, one of the table's `reservation-*` rows, for family `F`
/// against the configuration `cfg` and the hosts databases `dbs`; any other
/// command is answered "not supported".
pub async fn reservation_command<F: ReservationFamily, H: HostStore>(
    command: Command,
    cfg: &F::Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    match command {
        Command::ReservationAdd => reservation_add::<F, H>(cfg, dbs, args).await,
        Command::ReservationGet => reservation_get::<F, H>(cfg, dbs, args).await,
        Command::ReservationDel => reservation_del::<F, H>(dbs, args).await,
        Command::ReservationGetAll => reservation_get_all::<F, H>(cfg, dbs, args).await,
        Command::ReservationGetPage => reservation_get_page::<F, H>(cfg, dbs, args).await,
        Command::ReservationGetByHostname => {
            reservation_get_by_hostname::<F, H>(cfg, dbs, args).await
        }
        Command::ReservationGetById => reservation_get_by_id::<F, H>(cfg, dbs, args).await,
        other => Response::unsupported(other.name()),
    }
}

/// `hosts` (the configuration's) followed by each database's answer to
/// `query`, as a `hosts` response; a database error is the answer.
async fn with_db_hosts<'d, F, H, Q>(
    mut hosts: Vec<F::Host>,
    dbs: &'d [Arc<H>],
    query: impl Fn(&'d H) -> Q,
) -> Response
where
    F: ReservationFamily,
    H: HostStore,
    Q: Future<Output = Result<Vec<F::Host>, H::Error>>,
{
    for db in dbs {
        match query(db).await {
            Ok(mut h) => hosts.append(&mut h),
            Err(e) => return db_error(e),
        }
    }
    hosts_response::<F>(&hosts, None)
}

/// A hosts database error as a result-1 response with its text.
fn db_error<E: std::error::Error>(e: E) -> Response {
    Response::error(e.to_string())
}

/// `reservation-get`: the configuration's reservation, else the first
/// database's (result 3 "Host not found." when none).
pub async fn reservation_get<F: ReservationFamily, H: HostStore>(
    cfg: &F::Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let t = match target::<F>(args) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut found = config_hosts::<F>(cfg, t.subnet_id())
        .into_iter()
        .find(|h| match &t {
            Target::Address(_, a) => F::reserves(h, *a),
            Target::Identifier(_, k, v) => {
                let core = F::core(h);
                core.identifier_type == *k && core.identifier == v.as_slice()
            }
        });
    for db in dbs {
        if found.is_some() {
            break;
        }
        let r = match &t {
            Target::Address(s, a) => F::get_by_address(&**db, *s, *a)
                .await
                .map(|v| v.into_iter().next()),
            Target::Identifier(s, k, v) => F::get(&**db, *s, *k, v).await,
        };
        match r {
            Ok(h) => found = h,
            Err(e) => return db_error(e),
        }
    }
    match found {
        Some(h) => Response::new(SUCCESS, "Host found.", Some(host_json::<F>(&h))),
        None => Response::new(EMPTY, "Host not found.", None),
    }
}

/// `reservation-del`: deletes from the hosts databases (Kea never edits the
/// configuration file's reservations).
pub async fn reservation_del<F: ReservationFamily, H: HostStore>(
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let t = match target::<F>(args) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if dbs.is_empty() {
        return Response::error("Host database not available, cannot delete host.");
    }
    let mut deleted = false;
    for db in dbs {
        let r = match &t {
            Target::Address(s, a) => F::del_by_address(&**db, *s, *a).await,
            Target::Identifier(s, k, v) => F::del_by_identifier(&**db, *s, *k, v).await,
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
pub async fn reservation_get_all<F: ReservationFamily, H: HostStore>(
    cfg: &F::Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let sid = match args_map(args).and_then(subnet_id) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = subnet_for::<F>(cfg, sid, &[]) {
        return r;
    }
    let hosts = config_hosts::<F>(cfg, sid);
    with_db_hosts::<F, _, _>(hosts, dbs, |db| F::get_all(db, sid)).await
}

/// `reservation-get-page`: one page of a subnet's hosts from source
/// `source-index` (0: configuration, i: hosts database i) after host id
/// `from`; an exhausted source moves on to the next (Kea's `getPage4`/`6`).
pub async fn reservation_get_page<F: ReservationFamily, H: HostStore>(
    cfg: &F::Config,
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
        subnet_for::<F>(cfg, sid, &[])?;
        Ok((limit, sid, source, from))
    })();
    let (limit, sid, mut source, mut from) = match parsed {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut page = Vec::new();
    while source <= dbs.len() {
        page = if source == 0 {
            config_hosts::<F>(cfg, sid)
                .into_iter()
                .filter(|h| F::core(h).host_id > from)
                .take(limit)
                .collect()
        } else {
            match F::get_page(&*dbs[source - 1], sid, from, limit).await {
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
    let mut resp = hosts_response::<F>(&page, Some(("count", json!(count))));
    if let (Some(last), Some(Value::Object(m))) = (page.last(), resp.arguments.as_mut()) {
        m.insert(
            "next".into(),
            json!({"from": F::core(last).host_id, "source-index": source}),
        );
    }
    resp
}

/// `reservation-get-by-hostname`: hosts with that hostname (any case),
/// optionally in one subnet.
pub async fn reservation_get_by_hostname<F: ReservationFamily, H: HostStore>(
    cfg: &F::Config,
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
            subnet_for::<F>(cfg, s, &[])?;
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
    let named = |h: &F::Host| {
        F::core(h)
            .hostname
            .is_some_and(|n| n.eq_ignore_ascii_case(&name))
    };
    let hosts: Vec<F::Host> = match sid {
        Some(s) => config_hosts::<F>(cfg, s)
            .into_iter()
            .filter(named)
            .collect(),
        None => all_config_hosts::<F>(cfg).filter(named).collect(),
    };
    with_db_hosts::<F, _, _>(hosts, dbs, |db| F::get_by_hostname(db, &name, sid)).await
}

/// `reservation-get-by-id`: the hosts with an identifier, in every subnet.
pub async fn reservation_get_by_id<F: ReservationFamily, H: HostStore>(
    cfg: &F::Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let parsed = (|| {
        let m = args_map(args)?;
        let (t, ident) = identifier_texts(m, "")?;
        if m.contains_key("subnet-id") {
            return Err(Response::error(
                "'subnet-id' is forbidden in reservation-get-by-id",
            ));
        }
        parse_identifier(t, ident)
    })();
    let (kind, ident) = match parsed {
        Ok(p) => p,
        Err(r) => return r,
    };
    let hosts: Vec<F::Host> = all_config_hosts::<F>(cfg)
        .filter(|h| {
            let core = F::core(h);
            core.identifier_type == kind && core.identifier == ident.as_slice()
        })
        .collect();
    with_db_hosts::<F, _, _>(hosts, dbs, |db| F::get_by_identifier(db, kind, &ident)).await
}

/// The host `reservation-add` carries, checked like a configuration file
/// reservation; returns it and whether it was made global for lack of a
/// subnet id.
fn host_to_add<F: ReservationFamily>(
    cfg: &F::Config,
    args: Option<&Value>,
) -> Result<(F::Host, bool), Bad> {
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
    let addresses = F::reserved_addresses(&r)
        .map_err(|t| Response::error(format!("'{t}' is not a valid {} address", F::IP)))?;
    let (sid, global) = match sid_value {
        Some(v) => {
            let mut one = Map::new();
            one.insert("subnet-id".into(), v);
            (subnet_id(&one)?, false)
        }
        None => match addresses.first() {
            Some(a) => {
                let hint = match F::subnet_containing(cfg, *a) {
                    Some(s) => {
                        format!("belongs to subnet '{}' id {}.", F::prefix_text(s), F::id(s))
                    }
                    None => "belongs to no configured subnet.".to_string(),
                };
                return Err(Response::error(format!(
                    "Mandatory 'subnet-id' parameter missing. The address '{a}' {hint}"
                )));
            }
            None => (GLOBAL_SUBNET_ID, true),
        },
    };
    let subnet = subnet_for::<F>(cfg, sid, &addresses)?;
    let host = F::host_to_add(cfg, &Value::Object(r), sid, subnet)
        .map_err(|e| Response::error(e.replace("reservation[0]", "reservation")))?;
    Ok((host, global))
}

/// A `reservation-add` `user-context` map as the JSON text a host stores.
fn user_context_text(ctx: Option<&Map<String, Value>>) -> Option<String> {
    ctx.map(|c| Value::Object(c.clone()).to_string())
}

/// `reservation-add`: stores a host in every hosts database (Kea's
/// `HostMgr::add`); refused without one.
pub async fn reservation_add<F: ReservationFamily, H: HostStore>(
    cfg: &F::Config,
    dbs: &[Arc<H>],
    args: Option<&Value>,
) -> Response {
    let (host, global) = match host_to_add::<F>(cfg, args) {
        Ok(h) => h,
        Err(r) => return r,
    };
    if dbs.is_empty() {
        return Response::error("Host database not available, cannot add host.");
    }
    for db in dbs {
        match F::add(&**db, &host).await {
            Ok(HostAdd::Added(_)) => {}
            Ok(HostAdd::DuplicateIdentifier) => {
                return Response::error("Database duplicate entry error")
            }
            Ok(HostAdd::DuplicateAddress) => {
                return Response::error(F::duplicate_address_text(&host))
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
