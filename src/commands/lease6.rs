//! Kea's `lease6-*` commands (the lease_cmds hook, built in), generic over the
//! v6 lease store. Every handler validates its arguments before touching the
//! store (a bad argument changes nothing); statistics follow the store's
//! confirmation (`assigned-nas` / `assigned-pds` / `declined-addresses`).

use std::net::Ipv6Addr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use super::args::{as_map, get_ranged, BadArgument, NOT_A_MAP};
use super::lease6_json::{lease6_to_json, parse_duid, parse_lease6, parse_lease_type};
use super::protocol::{Response, EMPTY, SUCCESS};
use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType};
use crate::backends::Lease6Store;
use crate::config::model6::Dhcp6Config;
use crate::stats::{subnet_stat, Stats};

fn store_error<E: std::error::Error>(e: E) -> Response {
    Response::error(e.to_string())
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Adjusts the v6 lease statistics for `lease` appearing (+1) or going (-1).
pub fn count(stats: &Stats, lease: &Lease6, delta: i64) {
    if lease.state == LeaseState::ExpiredReclaimed {
        return;
    }
    let name = if lease.lease_type == LeaseType::Pd {
        "assigned-pds"
    } else {
        "assigned-nas"
    };
    stats.add(&subnet_stat(lease.subnet_id, name), delta);
    if lease.state == LeaseState::Declined {
        stats.add(&subnet_stat(lease.subnet_id, "declined-addresses"), delta);
        stats.add("declined-addresses", delta);
    }
}

fn leases_response(leases: &[Lease6]) -> Response {
    let list: Vec<Value> = leases.iter().map(lease6_to_json).collect();
    let result = if leases.is_empty() { EMPTY } else { SUCCESS };
    Response::new(
        result,
        format!("{} IPv6 lease(s) found.", leases.len()),
        Some(json!({ "leases": list })),
    )
}

/// How `lease6-get` / `lease6-del` name a lease.
enum Query6 {
    /// By (type, address).
    Address(LeaseType, Ipv6Addr),
    /// By DUID and IAID in a subnet.
    Duid(LeaseType, Vec<u8>, u32, u32),
}

fn query6(args: Option<&Value>) -> Result<Query6, BadArgument> {
    let Some(Value::Object(map)) = args else {
        return Err(BadArgument::new("Parameters missing or are not a map."));
    };
    let t = match map.get("type") {
        Some(v) => parse_lease_type(v)?,
        None => LeaseType::Na,
    };
    if let Some(addr) = map.get("ip-address") {
        let text = addr
            .as_str()
            .ok_or_else(|| BadArgument::new("'ip-address' is not a string."))?;
        let a: Ipv6Addr = text
            .parse()
            .map_err(|_| BadArgument(format!("Invalid IPv6 address specified: {text}")))?;
        return Ok(Query6::Address(t, a));
    }
    let subnet_id: u32 = match map.get("subnet-id") {
        None => return Err(BadArgument::new("Mandatory 'subnet-id' parameter missing.")),
        Some(_) => get_ranged(map, "subnet-id")?,
    };
    let Some(id_type) = map.get("identifier-type").and_then(Value::as_str) else {
        return Err(BadArgument::new(
            "No 'ip-address' provided and 'identifier-type' is either missing or not a string.",
        ));
    };
    let Some(ident) = map.get("identifier").and_then(Value::as_str) else {
        return Err(BadArgument::new(
            "No 'ip-address' provided and 'identifier' is either missing or not a string.",
        ));
    };
    if id_type != "duid" {
        return Err(BadArgument(format!(
            "Incorrect identifier type: {id_type}, the only supported values are: address, hw-address, duid"
        )));
    }
    let iaid: u32 = if map.contains_key("iaid") {
        get_ranged(map, "iaid")?
    } else {
        return Err(BadArgument::new("Parameter 'iaid' missing."));
    };
    Ok(Query6::Duid(t, parse_duid(ident)?, iaid, subnet_id))
}

async fn find_one<S: Lease6Store>(store: &S, q: Query6) -> Result<Option<Lease6>, Response> {
    match q {
        Query6::Address(t, a) => store.get6(t, a).await.map_err(store_error),
        Query6::Duid(t, duid, iaid, subnet) => Ok(store
            .get6_by_client(t, &duid, iaid, subnet)
            .await
            .map_err(store_error)?
            .into_iter()
            .next()),
    }
}

/// `lease6-get`: one lease by address (and type) or by DUID + IAID + subnet.
pub async fn lease6_get<S: Lease6Store>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let q = query6(args)?;
        Ok(match find_one(store, q).await? {
            Some(l) => Response::new(SUCCESS, "IPv6 lease found.", Some(lease6_to_json(&l))),
            None => Response::empty("Lease not found."),
        })
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease6-get-all`: every lease, or those of the listed `subnets`.
pub async fn lease6_get_all<S: Lease6Store>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let Some(args) = args else {
            let leases = store.get6_all(None).await.map_err(store_error)?;
            return Ok(leases_response(&leases));
        };
        let map = as_map(args)?;
        let subnets = map
            .get("subnets")
            .ok_or_else(|| BadArgument::new("'subnets' parameter not specified"))?
            .as_array()
            .ok_or_else(|| BadArgument::new("'subnets' parameter must be a list"))?;
        let mut leases = Vec::new();
        for id in subnets {
            let id = id
                .as_i64()
                .ok_or_else(|| BadArgument::new("listed subnet identifiers must be numbers"))?;
            leases.extend(
                store
                    .get6_all(Some(&[id as u32]))
                    .await
                    .map_err(store_error)?,
            );
        }
        Ok(leases_response(&leases))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease6-get-by-duid`: every lease of a DUID.
pub async fn lease6_get_by_duid<S: Lease6Store>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let Some(Value::Object(map)) = args else {
            return Err(BadArgument::new("Command arguments missing or a not a map.").into());
        };
        let text = map
            .get("duid")
            .ok_or_else(|| BadArgument::new("'duid' parameter not specified"))?
            .as_str()
            .ok_or_else(|| BadArgument::new("'duid' parameter must be a string"))?;
        let leases = store
            .get6_by_duid(&parse_duid(text)?)
            .await
            .map_err(store_error)?;
        Ok(leases_response(&leases))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

fn added_text(l: &Lease6) -> String {
    if l.lease_type == LeaseType::Pd {
        format!(
            "Lease for prefix {}/{}, subnet-id {} added.",
            l.address, l.prefix_len, l.subnet_id
        )
    } else {
        format!(
            "Lease for address {}, subnet-id {} added.",
            l.address, l.subnet_id
        )
    }
}

/// `lease6-add`: stores a new lease; result 1 when it exists already.
pub async fn lease6_add<S: Lease6Store>(
    store: &S,
    cfg: &Dhcp6Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let args =
            args.ok_or_else(|| BadArgument::new("no parameters specified for the command"))?;
        let (lease, _) = parse_lease6(cfg, args, now())?;
        if !store.add6(&lease).await.map_err(store_error)? {
            return Err(Response::error("IPv6 lease already exists."));
        }
        count(stats, &lease, 1);
        Ok(Response::success(added_text(&lease)))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease6-update`: overwrites a lease; with `force-create` adds it when missing.
pub async fn lease6_update<S: Lease6Store>(
    store: &S,
    cfg: &Dhcp6Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let args = args
            .ok_or_else(|| BadArgument::new("no parameters specified for lease6-update command"))?;
        let (lease, force_create) = parse_lease6(cfg, args, now())?;
        let existing = store
            .get6(lease.lease_type, lease.address)
            .await
            .map_err(store_error)?;
        match existing {
            None if force_create => {
                if !store.add6(&lease).await.map_err(store_error)? {
                    return Err(Response::error("lost race between calls to get and add"));
                }
                count(stats, &lease, 1);
                Ok(Response::success("IPv6 lease added."))
            }
            None => Err(Response::error(format!(
                "failed to update the lease with address {} either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed",
                lease.address
            ))),
            Some(old) => {
                if !store.update6(&lease).await.map_err(store_error)? {
                    return Err(Response::error("the lease changed meanwhile, a retry might succeed"));
                }
                count(stats, &old, -1);
                count(stats, &lease, 1);
                Ok(Response::success("IPv6 lease updated."))
            }
        }
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease6-del`: deletes one lease; result 3 when there is none.
pub async fn lease6_del<S: Lease6Store>(
    store: &S,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let q = query6(args)?;
        let Some(lease) = find_one(store, q).await? else {
            return Ok(Response::empty("IPv6 lease not found."));
        };
        if !store
            .delete6(lease.lease_type, lease.address)
            .await
            .map_err(store_error)?
        {
            return Ok(Response::empty("IPv6 lease not found."));
        }
        count(stats, &lease, -1);
        Ok(Response::success("IPv6 lease deleted."))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease6-wipe`: deletes the leases of `subnet-id`, or of every configured
/// subnet; result 3 when nothing was deleted.
pub async fn lease6_wipe<S: Lease6Store>(
    store: &S,
    cfg: &Dhcp6Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let subnet_id: u32 = match args {
            None => 0,
            Some(Value::Object(map)) if map.contains_key("subnet-id") => {
                get_ranged(map, "subnet-id")?
            }
            Some(Value::Object(_)) => 0,
            Some(_) => return Err(BadArgument::new(NOT_A_MAP).into()),
        };
        let ids: Vec<u32> = if subnet_id != 0 {
            vec![subnet_id]
        } else {
            cfg.subnets.iter().map(|s| s.id).collect()
        };
        let mut deleted = 0u64;
        let mut text = String::new();
        for id in ids {
            let gone = store.get6_all(Some(&[id])).await.map_err(store_error)?;
            deleted += store.wipe6(Some(id)).await.map_err(store_error)?;
            for l in &gone {
                count(stats, l, -1);
            }
            text.push_str(&format!(" {id}"));
        }
        let result = if deleted > 0 { SUCCESS } else { EMPTY };
        Ok(Response::new(
            result,
            format!("Deleted {deleted} IPv6 lease(s) from subnet(s){text}"),
            None,
        ))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease6-bulk-apply`: deletes `deleted-leases` and adds or updates `leases`;
/// the ones that failed are listed in `failed-leases`.
pub async fn lease6_bulk_apply<S: Lease6Store>(
    store: &S,
    cfg: &Dhcp6Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let args =
            args.ok_or_else(|| BadArgument::new("no parameters specified for the command"))?;
        let map = as_map(args)?;
        let list = |name: &str| -> Result<Vec<Value>, BadArgument> {
            match map.get(name) {
                None => Ok(Vec::new()),
                Some(Value::Array(a)) => Ok(a.clone()),
                Some(_) => Err(BadArgument(format!("'{name}' parameter must be a list"))),
            }
        };
        let deleted = list("deleted-leases")?;
        let leases = list("leases")?;
        if deleted.is_empty() && leases.is_empty() {
            return Err(BadArgument::new(
                "neither 'deleted-leases' nor 'leases' parameter specified",
            )
            .into());
        }
        let mut failed: Vec<Value> = Vec::new();
        let fail = |v: &Value, result: i32, msg: String| {
            let mut m = Map::new();
            if let Some(a) = v.get("ip-address") {
                m.insert("ip-address".into(), a.clone());
            }
            m.insert(
                "type".into(),
                v.get("type").cloned().unwrap_or(json!("IA_NA")),
            );
            m.insert("result".into(), json!(result));
            m.insert("error-message".into(), json!(msg));
            Value::Object(m)
        };
        for v in &deleted {
            let r = lease6_del(store, stats, Some(v)).await;
            if r.result != SUCCESS {
                failed.push(fail(v, r.result, r.text.clone().unwrap_or_default()));
            }
        }
        for v in &leases {
            let mut with_force = v.clone();
            if let Some(m) = with_force.as_object_mut() {
                m.insert("force-create".into(), json!(true));
            }
            let r = lease6_update(store, cfg, stats, Some(&with_force)).await;
            if r.result != SUCCESS {
                failed.push(fail(v, r.result, r.text.clone().unwrap_or_default()));
            }
        }
        let total = deleted.len() + leases.len();
        let args = if failed.is_empty() {
            None
        } else {
            Some(json!({ "failed-leases": failed }))
        };
        Ok(Response::new(
            SUCCESS,
            format!("Bulk apply of {total} IPv6 leases completed."),
            args,
        ))
    };
    run.await.unwrap_or_else(|r: Response| r)
}
