//! Kea's `lease4-*` commands (the lease_cmds hook, built in), generic over the
//! lease store. Texts, result codes and statistics follow Kea 2.2.
//!
//! Every handler validates all arguments before touching the store, so a bad
//! argument (result 1) changes nothing. A store error is result 1 with its text.
//!
//! CANCEL-SAFETY: these futures await the store; dropping one after a write was
//! issued may leave the write applied without the statistics update (the
//! statistics are adjusted only after the store confirms). Callers run them to
//! completion (the control socket does).

use std::net::Ipv4Addr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::args::{as_map, get_ranged, BadArgument, NOT_A_MAP};
use super::hex_text::{parse_client_id, parse_hwaddr};
use super::lease_json::{lease4_to_json, parse_address, parse_lease4};
use super::lease_stats;
use super::protocol::{Response, EMPTY, SUCCESS};
use crate::backends::lease::Lease4;
use crate::backends::lease_store::LeaseStore;
use crate::config::model::Dhcp4Config;
use crate::stats::Stats;

fn store_error<E: std::error::Error>(e: E) -> Response {
    Response::error(e.to_string())
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `{"leases": [...]}` with "N IPv4 lease(s) found.", result 3 when empty.
fn leases_response(leases: &[Lease4], with_count: bool) -> Response {
    let list: Vec<Value> = leases.iter().map(lease4_to_json).collect();
    let mut args = Map::new();
    if with_count {
        args.insert("count".into(), Value::from(list.len()));
    }
    args.insert("leases".into(), Value::Array(list));
    let result = if leases.is_empty() { EMPTY } else { SUCCESS };
    Response::new(
        result,
        format!("{} IPv4 lease(s) found.", leases.len()),
        Some(Value::Object(args)),
    )
}

/// How `lease4-get` / `lease4-del` name a lease (Kea's `getParameters`).
enum LeaseQuery {
    /// By address; `None` for identifier-type "address", which Kea accepts and
    /// then finds nothing.
    Address(Option<Ipv4Addr>),
    /// By hardware address within a subnet.
    HwAddr(Vec<u8>, u32),
    /// By client identifier within a subnet.
    ClientId(Vec<u8>, u32),
    /// By DUID: refused for DHCPv4.
    Duid,
}

fn lease_query(args: Option<&Value>) -> Result<LeaseQuery, BadArgument> {
    let Some(Value::Object(map)) = args else {
        return Err(BadArgument::new("Parameters missing or are not a map."));
    };
    if let Some(v) = map.get("update-ddns") {
        if !v.is_boolean() {
            return Err(BadArgument::new("'update-ddns' is not a boolean"));
        }
    }
    if let Some(t) = map.get("type") {
        let t = t
            .as_str()
            .ok_or_else(|| BadArgument::new("stringValue() called on non-string Element"))?;
        if !["IA_NA", "0", "IA_TA", "1", "IA_PD", "2", "V4", "3"].contains(&t) {
            return Err(BadArgument(format!(
                "Invalid lease type specified: {t}, only supported values are: IA_NA, IA_TA, IA_PD and V4"
            )));
        }
    }
    if let Some(addr) = map.get("ip-address") {
        let text = addr
            .as_str()
            .ok_or_else(|| BadArgument::new("'ip-address' is not a string."))?;
        return match parse_address(text)? {
            Ok(v4) => Ok(LeaseQuery::Address(Some(v4))),
            Err(_) => Err(BadArgument(format!(
                "Invalid IPv4 address specified: {text}"
            ))),
        };
    }
    let subnet_id = match map.get("subnet-id") {
        None => return Err(BadArgument::new("Mandatory 'subnet-id' parameter missing.")),
        // Kea converts the integer to its 32-bit SubnetID by truncation.
        Some(v) => v
            .as_i64()
            .ok_or_else(|| BadArgument::new("'subnet-id' parameter is not integer."))?
            as u32,
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
    match id_type {
        "address" => Ok(LeaseQuery::Address(None)),
        "hw-address" => Ok(LeaseQuery::HwAddr(parse_hwaddr(ident)?, subnet_id)),
        "client-id" => Ok(LeaseQuery::ClientId(parse_client_id(ident)?, subnet_id)),
        "duid" => Ok(LeaseQuery::Duid),
        other => Err(BadArgument(format!(
            "Incorrect identifier type: {other}, the only supported values are: address, hw-address, duid"
        ))),
    }
}

/// Finds the one lease a query names (`duid_error` is the v4 refusal text).
async fn find_one<S: LeaseStore>(
    store: &S,
    query: LeaseQuery,
    duid_error: &str,
) -> Result<Option<Lease4>, Response> {
    match query {
        LeaseQuery::Address(None) => Ok(None),
        LeaseQuery::Address(Some(a)) => store.get4(a).await.map_err(store_error),
        LeaseQuery::HwAddr(hw, subnet) => Ok(store
            .get4_by_hwaddr(&hw, Some(subnet))
            .await
            .map_err(store_error)?
            .into_iter()
            .next()),
        LeaseQuery::ClientId(id, subnet) => Ok(store
            .get4_by_client_id(&id, Some(subnet))
            .await
            .map_err(store_error)?
            .into_iter()
            .next()),
        LeaseQuery::Duid => Err(Response::error(duid_error)),
    }
}

/// `lease4-get`: one lease by address, or by hw-address / client-id in a subnet.
pub async fn lease4_get<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let query = lease_query(args)?;
        Ok(
            match find_one(store, query, "Query by duid is not allowed in v4.").await? {
                Some(lease) => {
                    Response::new(SUCCESS, "IPv4 lease found.", Some(lease4_to_json(&lease)))
                }
                None => Response::empty("Lease not found."),
            },
        )
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-get-all`: every lease, or those of the `subnets` listed.
pub async fn lease4_get_all<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let Some(args) = args else {
            let leases = store.get4_all(None).await.map_err(store_error)?;
            return Ok(leases_response(&leases, false));
        };
        let map = as_map(args)?;
        let subnets = map
            .get("subnets")
            .ok_or_else(|| BadArgument::new("'subnets' parameter not specified"))?
            .as_array()
            .ok_or_else(|| BadArgument::new("'subnets' parameter must be a list"))?;
        let mut ids = Vec::with_capacity(subnets.len());
        for id in subnets {
            let id = id
                .as_i64()
                .ok_or_else(|| BadArgument::new("listed subnet identifiers must be numbers"))?;
            ids.push(id as u32); // Kea truncates to its 32-bit SubnetID.
        }
        // Kea answers subnet by subnet, in the order listed.
        let mut leases = Vec::new();
        for id in ids {
            leases.extend(store.get4_all(Some(&[id])).await.map_err(store_error)?);
        }
        Ok(leases_response(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-get-page`: up to `limit` leases after address `from` (or "start").
pub async fn lease4_get_page<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let args = args.ok_or_else(|| {
            BadArgument::new("no parameters specified for the lease4-get-page command")
        })?;
        let map = as_map(args)?;
        let from = map
            .get("from")
            .ok_or_else(|| BadArgument::new("'from' parameter not specified"))?
            .as_str()
            .ok_or_else(|| BadArgument::new("'from' parameter must be a string"))?;
        let after = if from == "start" {
            Ipv4Addr::UNSPECIFIED
        } else {
            match parse_address(from) {
                Ok(Ok(a)) => a,
                Ok(Err(v6)) => {
                    return Err(BadArgument(format!(
                        "'from' parameter value {v6} is not an IPv4 address"
                    ))
                    .into())
                }
                Err(_) => return Err(BadArgument::new(
                    "'from' parameter value is neither 'start' keyword nor a valid IPv4 address",
                )
                .into()),
            }
        };
        let limit = map
            .get("limit")
            .ok_or_else(|| BadArgument::new("'limit' parameter not specified"))?
            .as_i64()
            .ok_or_else(|| BadArgument::new("'limit' parameter must be a number"))?;
        // Kea casts to size_t, so a negative limit is a huge one.
        let limit = u64::from_ne_bytes(limit.to_ne_bytes());
        if limit == 0 {
            return Err(BadArgument::new("page size of retrieved leases must not be 0").into());
        }
        if limit > u64::from(u32::MAX) {
            return Err(BadArgument(format!(
                "page size of retrieved leases must not be greater than {}",
                u32::MAX
            ))
            .into());
        }
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let leases = store.get4_page(after, limit).await.map_err(store_error)?;
        Ok(leases_response(&leases, true))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// Kea's checks for the single string argument of the `lease4-get-by-*` commands.
fn by_argument<'a>(args: Option<&'a Value>, name: &str) -> Result<&'a str, BadArgument> {
    let Some(Value::Object(map)) = args else {
        return Err(BadArgument::new(
            "Command arguments missing or a not a map.",
        ));
    };
    map.get(name)
        .ok_or_else(|| BadArgument(format!("'{name}' parameter not specified")))?
        .as_str()
        .ok_or_else(|| BadArgument(format!("'{name}' parameter must be a string")))
}

/// `lease4-get-by-hw-address`: every lease of a hardware address.
pub async fn lease4_get_by_hw_address<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let hw = parse_hwaddr(by_argument(args, "hw-address")?)?;
        let leases = store.get4_by_hwaddr(&hw, None).await.map_err(store_error)?;
        Ok(leases_response(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-get-by-client-id`: every lease of a client identifier.
pub async fn lease4_get_by_client_id<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let id = parse_client_id(by_argument(args, "client-id")?)?;
        let leases = store
            .get4_by_client_id(&id, None)
            .await
            .map_err(store_error)?;
        Ok(leases_response(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-get-by-hostname`: every lease with that hostname (case-insensitive,
/// stored hostnames are lower case). The store has no hostname index, so this
/// scans all leases.
pub async fn lease4_get_by_hostname<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let hostname = by_argument(args, "hostname")?;
        if hostname.is_empty() {
            return Err(BadArgument::new("'hostname' parameter is empty").into());
        }
        let wanted = hostname.to_ascii_lowercase();
        let leases: Vec<Lease4> = store
            .get4_all(None)
            .await
            .map_err(store_error)?
            .into_iter()
            .filter(|l| l.hostname == wanted)
            .collect();
        Ok(leases_response(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-add`: stores a new lease; result 1 when the address already has one.
pub async fn lease4_add<S: LeaseStore>(
    store: &S,
    cfg: &Dhcp4Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let args =
            args.ok_or_else(|| BadArgument::new("no parameters specified for the command"))?;
        let lease = parse_lease4(cfg, args, now())?.lease;
        if !store.add4(&lease).await.map_err(store_error)? {
            return Err(Response::error("IPv4 lease already exists."));
        }
        lease_stats::on_add(stats, &lease);
        Ok(Response::success(format!(
            "Lease for address {}, subnet-id {} added.",
            lease.address, lease.subnet_id
        )))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-update`: overwrites a lease; with `force-create` adds it when missing.
pub async fn lease4_update<S: LeaseStore>(
    store: &S,
    cfg: &Dhcp4Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let args = args
            .ok_or_else(|| BadArgument::new("no parameters specified for lease4-update command"))?;
        let parsed = parse_lease4(cfg, args, now())?;
        let lease = parsed.lease;
        let existing = store.get4(lease.address).await.map_err(store_error)?;
        match existing {
            None if parsed.force_create => {
                if !store.add4(&lease).await.map_err(store_error)? {
                    return Err(Response::error("lost race between calls to get and add"));
                }
                lease_stats::on_add(stats, &lease);
                Ok(Response::success("IPv4 lease added."))
            }
            existing => {
                if !store.update4(&lease).await.map_err(store_error)? {
                    return Err(Response::error(format!(
                        "failed to update the lease with address {} either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed",
                        lease.address
                    )));
                }
                if let Some(old) = existing {
                    lease_stats::on_update(stats, &old, &lease);
                }
                Ok(Response::success("IPv4 lease updated."))
            }
        }
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-del`: deletes one lease by address or identifier; result 3 when none.
pub async fn lease4_del<S: LeaseStore>(store: &S, stats: &Stats, args: Option<&Value>) -> Response {
    let run = async {
        let query = lease_query(args)?;
        let Some(lease) = find_one(store, query, "Delete by duid is not allowed in v4.").await?
        else {
            return Ok(Response::empty("IPv4 lease not found."));
        };
        if !store.delete4(lease.address).await.map_err(store_error)? {
            return Ok(Response::empty("IPv4 lease not found."));
        }
        lease_stats::on_delete(stats, &lease);
        Ok(Response::success("IPv4 lease deleted."))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-wipe`: deletes the leases of `subnet-id`, or of every configured
/// subnet when it is absent or 0; result 3 when nothing was deleted.
pub async fn lease4_wipe<S: LeaseStore>(
    store: &S,
    cfg: &Dhcp4Config,
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
        let mut deleted = 0u64;
        let mut ids = String::new();
        if subnet_id != 0 {
            deleted = store.wipe4(Some(subnet_id)).await.map_err(store_error)?;
            ids.push_str(&format!(" {subnet_id}"));
            lease_stats::on_wipe_subnet(stats, subnet_id);
        } else {
            let all: Vec<u32> = cfg.subnets.iter().map(|s| s.id).collect();
            for &id in &all {
                deleted += store.wipe4(Some(id)).await.map_err(store_error)?;
                ids.push_str(&format!(" {id}"));
            }
            lease_stats::on_wipe_all(stats, &all);
        }
        let result = if deleted > 0 { SUCCESS } else { EMPTY };
        Ok(Response::new(
            result,
            format!("Deleted {deleted} IPv4 lease(s) from subnet(s){ids}"),
            None,
        ))
    };
    run.await.unwrap_or_else(|r: Response| r)
}
