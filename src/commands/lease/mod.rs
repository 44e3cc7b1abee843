//! Kea's `lease4-*` / `lease6-*` commands (the lease_cmds hook, built in).
//! What Kea does the same way for both families is written once here over
//! `LeaseFamily` (`V4`, `V6`): `-get`, `-get-all`, `-add`, `-update`, `-del`,
//! `-wipe`, with their statistics (`stats`). `v4` / `v6` hold the family's
//! own commands (`lease4-get-page`, `lease4-get-by-*`; `lease6-get-by-duid`,
//! `lease6-bulk-apply`). Texts, result codes and statistics follow Kea 2.2.
//!
//! Every handler validates all arguments before touching the store, so a bad
//! argument (result 1) changes nothing. A store error is result 1 with its text.
//!
//! CANCEL-SAFETY: these futures await the store; dropping one after a write was
//! issued may leave the write applied without the statistics update (the
//! statistics are adjusted only after the store confirms). Callers run them to
//! completion (the control socket does).

mod family;
mod query;
pub mod stats;
mod v4;
mod v6;

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use self::query::lease_query;
use super::args::{as_map, get_ranged, BadArgument, NOT_A_MAP};
use super::protocol::{Response, EMPTY, SUCCESS};
use super::Command;
use crate::stats::Stats;

pub use self::family::{LeaseCommandStore, LeaseFamily, Verb};
pub use self::query::{By, LeaseQuery};
pub use self::v4::{
    lease4_get_by_client_id, lease4_get_by_hostname, lease4_get_by_hw_address, lease4_get_page,
};
pub use self::v6::{lease6_bulk_apply, lease6_get_by_duid};

/// A store error as a result-1 response with its text.
fn store_error<E: std::error::Error>(e: E) -> Response {
    Response::error(e.to_string())
}

/// The wall clock in epoch seconds: the `cltt` of a lease given without one.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `{"leases": [...]}` (with `count` when asked) and "N IPv4 lease(s)
/// found.", result 3 when empty.
fn leases_response<F: LeaseFamily>(leases: &[F::Lease], with_count: bool) -> Response {
    let list: Vec<Value> = leases.iter().map(F::to_json).collect();
    let mut args = Map::new();
    if with_count {
        args.insert("count".into(), Value::from(list.len()));
    }
    args.insert("leases".into(), Value::Array(list));
    let result = if leases.is_empty() { EMPTY } else { SUCCESS };
    Response::new(
        result,
        format!("{} {} lease(s) found.", leases.len(), F::IP),
        Some(Value::Object(args)),
    )
}

/// The one lease `args` name (Kea's `getParameters` and lookup).
async fn find_one<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    args: Option<&Value>,
    verb: Verb,
) -> Result<Option<F::Lease>, Response> {
    let Some(lookup) = F::lookup(lease_query::<F>(args)?, verb)? else {
        return Ok(None);
    };
    store.find(&lookup).await.map_err(store_error)
}

/// The arguments of a command that needs some.
fn required(args: Option<&Value>) -> Result<&Value, BadArgument> {
    args.ok_or_else(|| BadArgument::new("no parameters specified for the command"))
}

/// Adds `lease` and counts it; `false` (nothing counted) when its key is
/// taken.
async fn add_counted<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    stats: &Stats,
    lease: &F::Lease,
) -> Result<bool, Response> {
    let added = store.add(lease).await.map_err(store_error)?;
    if added {
        stats::on_add(stats, lease);
    }
    Ok(added)
}

/// A lease command both families have, by what it does (`lease4-get` and
/// `lease6-get` are [`LeaseOp::Get`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseOp {
    /// `-get`.
    Get,
    /// `-get-all`.
    GetAll,
    /// `-add`.
    Add,
    /// `-update`.
    Update,
    /// `-del`.
    Del,
    /// `-wipe`.
    Wipe,
}

impl LeaseOp {
    /// The operation `command` runs, if it is one both families have.
    pub fn of(command: Command) -> Option<Self> {
        use Command as C;
        Some(match command {
            C::Lease4Get | C::Lease6Get => Self::Get,
            C::Lease4GetAll | C::Lease6GetAll => Self::GetAll,
            C::Lease4Add | C::Lease6Add => Self::Add,
            C::Lease4Update | C::Lease6Update => Self::Update,
            C::Lease4Del | C::Lease6Del => Self::Del,
            C::Lease4Wipe | C::Lease6Wipe => Self::Wipe,
            _ => return None,
        })
    }
}

/// Runs `op` on family `F`'s `store` with the command's `args`.
pub async fn lease_command<F: LeaseFamily, S: LeaseCommandStore<F>>(
    op: LeaseOp,
    store: &S,
    cfg: &F::Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    match op {
        LeaseOp::Get => lease_get::<F, S>(store, args).await,
        LeaseOp::GetAll => lease_get_all::<F, S>(store, args).await,
        LeaseOp::Add => lease_add::<F, S>(store, cfg, stats, args).await,
        LeaseOp::Update => lease_update::<F, S>(store, cfg, stats, args).await,
        LeaseOp::Del => lease_del::<F, S>(store, stats, args).await,
        LeaseOp::Wipe => lease_wipe::<F, S>(store, cfg, stats, args).await,
    }
}

/// `lease4-get` / `lease6-get`: one lease by address, or by an identifier in
/// a subnet.
pub async fn lease_get<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    args: Option<&Value>,
) -> Response {
    match find_one::<F, S>(store, args, Verb::Query).await {
        Ok(Some(lease)) => Response::new(
            SUCCESS,
            format!("{} lease found.", F::IP),
            Some(F::to_json(&lease)),
        ),
        Ok(None) => Response::empty("Lease not found."),
        Err(r) => r,
    }
}

/// `lease4-get-all` / `lease6-get-all`: every lease, or those of the
/// `subnets` listed, subnet by subnet in the order listed.
pub async fn lease_get_all<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let Some(args) = args else {
            let leases = store.all(None).await.map_err(store_error)?;
            return Ok(leases_response::<F>(&leases, false));
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
        let mut leases = Vec::new();
        for id in ids {
            leases.extend(store.all(Some(&[id])).await.map_err(store_error)?);
        }
        Ok(leases_response::<F>(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-add` / `lease6-add`: stores a new lease; result 1 when it exists.
pub async fn lease_add<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    cfg: &F::Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let lease = F::parse(cfg, required(args)?, now())?.lease;
        if !add_counted::<F, S>(store, stats, &lease).await? {
            return Err(Response::error(format!("{} lease already exists.", F::IP)));
        }
        Ok(Response::success(F::added_text(&lease)))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-update` / `lease6-update`: overwrites a lease; with
/// `force-create` adds it when missing (Kea's `addOrUpdate4`/`6`).
pub async fn lease_update<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    cfg: &F::Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let ip = F::IP;
    let run = async {
        let args = args.ok_or_else(|| {
            BadArgument(format!(
                "no parameters specified for {}-update command",
                F::COMMANDS
            ))
        })?;
        let parsed = F::parse(cfg, args, now())?;
        let lease = parsed.lease;
        let existing = store.stored(&lease).await.map_err(store_error)?;
        match existing {
            None if parsed.force_create => {
                if !add_counted::<F, S>(store, stats, &lease).await? {
                    return Err(Response::error("lost race between calls to get and add"));
                }
                Ok(Response::success(format!("{ip} lease added.")))
            }
            existing => {
                if !store.update(&lease).await.map_err(store_error)? {
                    return Err(Response::error(format!(
                        "failed to update the lease with address {} either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed",
                        F::address(&lease)
                    )));
                }
                if let Some(old) = existing {
                    stats::on_update(stats, &old, &lease);
                }
                Ok(Response::success(format!("{ip} lease updated.")))
            }
        }
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-del` / `lease6-del`: deletes one lease by address or identifier;
/// result 3 when there is none.
pub async fn lease_del<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let not_found = || Response::empty(format!("{} lease not found.", F::IP));
    let lease = match find_one::<F, S>(store, args, Verb::Delete).await {
        Ok(Some(lease)) => lease,
        Ok(None) => return not_found(),
        Err(r) => return r,
    };
    match store.delete(&lease).await {
        Ok(true) => {
            stats::on_delete(stats, &lease);
            Response::success(format!("{} lease deleted.", F::IP))
        }
        Ok(false) => not_found(),
        Err(e) => store_error(e),
    }
}

/// `lease4-wipe` / `lease6-wipe`: deletes the leases of `subnet-id`, or of
/// every configured subnet when it is absent or 0; result 3 when nothing was
/// deleted.
pub async fn lease_wipe<F: LeaseFamily, S: LeaseCommandStore<F>>(
    store: &S,
    cfg: &F::Config,
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
            deleted = store.wipe(subnet_id).await.map_err(store_error)?;
            ids.push_str(&format!(" {subnet_id}"));
            stats::on_wipe_subnet::<F::Lease>(stats, subnet_id);
        } else {
            let all = F::subnet_ids(cfg);
            for &id in &all {
                deleted += store.wipe(id).await.map_err(store_error)?;
                ids.push_str(&format!(" {id}"));
            }
            stats::on_wipe_all::<F::Lease>(stats, &all);
        }
        let result = if deleted > 0 { SUCCESS } else { EMPTY };
        Ok(Response::new(
            result,
            format!("Deleted {deleted} {} lease(s) from subnet(s){ids}", F::IP),
            None,
        ))
    };
    run.await.unwrap_or_else(|r: Response| r)
}
