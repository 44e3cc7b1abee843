//! Leases ⇄ Kea's lease JSON: the map `lease4-get` / `lease6-get` return
//! (`Lease4::toElement`, `Lease6::toElement`) and the arguments `lease*-add` /
//! `lease*-update` take (Kea's `Lease4Parser`, `Lease6Parser`: same checks,
//! same order, same texts). What both families share is here; `v4` / `v6`
//! hold the family's own fields.

pub mod v4;
pub mod v6;

use std::fmt::Display;
use std::net::IpAddr;

use serde_json::{Map, Value};

use super::args::{get_bool, get_integer, get_ranged, get_string, BadArgument};
use super::family::Family;
use super::kea_json::to_kea_string;
use crate::backends::lease::LeaseState;

pub use v4::{lease4_to_json, parse_lease4};
pub use v6::{lease6_to_json, parse_duid, parse_lease6, parse_lease_type};

/// A lease decoded from `lease*-add` / `lease*-update` arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedLease<L> {
    /// The lease to store.
    pub lease: L,
    /// `force-create` (only `lease*-update` uses it).
    pub force_create: bool,
}

/// An address of either family, or Kea's text for one that is neither.
pub fn parse_ip(text: &str) -> Result<IpAddr, BadArgument> {
    text.parse().map_err(|_| {
        BadArgument(format!(
            "Failed to convert string to address '{text}': Invalid argument"
        ))
    })
}

/// The lease's subnet: `subnet-id` when given and not 0 (it must be
/// configured and, when `in_range` is asked, hold `address`), else the subnet
/// holding `address`.
fn lease_subnet<'c, F: Family>(
    cfg: &'c F::Config,
    map: &Map<String, Value>,
    address: F::Addr,
    in_range: bool,
) -> Result<&'c F::Subnet, BadArgument> {
    let requested: u32 = if map.contains_key("subnet-id") {
        get_ranged(map, "subnet-id")?
    } else {
        0
    };
    if requested == 0 {
        return F::subnet_containing(cfg, address).ok_or_else(|| {
            BadArgument(format!(
                "subnet-id not specified and failed to find a subnet for address {address}"
            ))
        });
    }
    let subnet = F::subnet(cfg, requested).ok_or_else(|| {
        BadArgument(format!(
            "Invalid subnet-id: No {} subnet with subnet-id={requested} currently configured.",
            F::IP
        ))
    })?;
    if in_range && !F::in_prefix(subnet, &address) {
        return Err(BadArgument(format!(
            "The address {address} does not belong to subnet {}, subnet-id={requested}",
            F::prefix_text(subnet)
        )));
    }
    Ok(subnet)
}

/// A lifetime parameter, or `default` when absent.
fn lifetime(map: &Map<String, Value>, name: &str, default: u32) -> Result<u32, BadArgument> {
    if map.contains_key(name) {
        get_ranged(map, name)
    } else {
        Ok(default)
    }
}

/// The fields both families' lease arguments end with, after the lifetimes.
struct LeaseTail {
    cltt: i64,
    fqdn_fwd: bool,
    fqdn_rev: bool,
    hostname: String,
    state: LeaseState,
    user_context: Option<Map<String, Value>>,
    force_create: bool,
}

/// Reads `expire` (or `cltt`, else `now`), the DNS flags, `hostname`,
/// `state`, `user-context` / `comment` and `force-create`, in Kea's order.
fn lease_tail(
    map: &Map<String, Value>,
    address: impl Display,
    valid_lifetime: u32,
    now: i64,
) -> Result<LeaseTail, BadArgument> {
    let cltt = if map.contains_key("expire") {
        let expire = get_integer(map, "expire")?;
        if expire <= 0 {
            return Err(BadArgument(format!(
                "expiration time must be positive for address {address}"
            )));
        }
        if expire < i64::from(valid_lifetime) {
            return Err(BadArgument(format!(
                "expiration time must be greater than valid lifetime for address {address}"
            )));
        }
        expire - i64::from(valid_lifetime)
    } else if map.contains_key("cltt") {
        // Extension over Kea 2.2 (which always uses "now" here).
        get_integer(map, "cltt")?
    } else {
        now
    };

    let fqdn_fwd = map.contains_key("fqdn-fwd") && get_bool(map, "fqdn-fwd")?;
    let fqdn_rev = map.contains_key("fqdn-rev") && get_bool(map, "fqdn-rev")?;
    let hostname = if map.contains_key("hostname") {
        get_string(map, "hostname")?.to_ascii_lowercase()
    } else {
        String::new()
    };
    if hostname.is_empty() && (fqdn_fwd || fqdn_rev) {
        return Err(BadArgument::new(
            "No hostname specified and either forward or reverse fqdn was set to true.",
        ));
    }

    let state_num: u8 = if map.contains_key("state") {
        get_ranged(map, "state")?
    } else {
        0
    };
    let state = LeaseState::from_u32(u32::from(state_num)).ok_or_else(|| {
        BadArgument(format!(
            "Invalid state value: {state_num}, supported values are: 0 (default), 1 (declined) and 2 (expired-reclaimed)"
        ))
    })?;

    let user_context = parse_user_context(map)?;
    let force_create = map.contains_key("force-create") && get_bool(map, "force-create")?;
    Ok(LeaseTail {
        cltt,
        fqdn_fwd,
        fqdn_rev,
        hostname,
        state,
        user_context,
        force_create,
    })
}

/// `user-context` (must be a map) with a top-level `comment` folded into it.
pub fn parse_user_context(
    map: &Map<String, Value>,
) -> Result<Option<Map<String, Value>>, BadArgument> {
    let mut ctx = match map.get("user-context") {
        None => None,
        Some(Value::Object(m)) => Some(m.clone()),
        Some(other) => {
            return Err(BadArgument(format!(
                "Invalid user context '{}' is not a JSON map.",
                to_kea_string(other)
            )))
        }
    };
    if let Some(comment) = map.get("comment") {
        if let Some(existing) = &ctx {
            if existing.contains_key("comment") {
                return Err(BadArgument(format!(
                    "Duplicated comment entry '{}' in user context '{}'",
                    to_kea_string(comment),
                    to_kea_string(&Value::Object(existing.clone()))
                )));
            }
        }
        ctx.get_or_insert_with(Map::new)
            .insert("comment".into(), comment.clone());
    }
    Ok(ctx)
}
