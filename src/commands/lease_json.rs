//! `Lease4` ⇄ Kea's lease JSON: the map `lease4-get` returns and the arguments
//! `lease4-add` / `lease4-update` take (Kea's `Lease4Parser`, same checks, same
//! order, same texts).

use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{Map, Value};

use super::args::{as_map, get_bool, get_integer, get_ranged, get_string, BadArgument};
use super::hex_text::{parse_client_id, parse_hwaddr, to_colon_hex};
use super::kea_json::to_kea_string;
use crate::backends::lease::{Lease4, LeaseState};
use crate::config::model::Dhcp4Config;

/// A lease's JSON map as Kea's `Lease4::toElement` builds it (`client-id` and
/// `user-context` only when present).
pub fn lease4_to_json(lease: &Lease4) -> Value {
    let mut map = Map::new();
    map.insert("ip-address".into(), Value::from(lease.address.to_string()));
    map.insert("subnet-id".into(), Value::from(lease.subnet_id));
    map.insert(
        "hw-address".into(),
        Value::from(to_colon_hex(&lease.hwaddr)),
    );
    if let Some(client_id) = &lease.client_id {
        map.insert("client-id".into(), Value::from(to_colon_hex(client_id)));
    }
    map.insert("cltt".into(), Value::from(lease.cltt));
    map.insert("valid-lft".into(), Value::from(lease.valid_lifetime));
    map.insert("fqdn-fwd".into(), Value::from(lease.fqdn_fwd));
    map.insert("fqdn-rev".into(), Value::from(lease.fqdn_rev));
    map.insert("hostname".into(), Value::from(lease.hostname.clone()));
    map.insert("state".into(), Value::from(lease.state.as_u32()));
    if let Some(ctx) = &lease.user_context {
        map.insert("user-context".into(), Value::Object(ctx.clone()));
    }
    Value::Object(map)
}

/// A lease decoded from `lease4-add` / `lease4-update` arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedLease4 {
    /// The lease to store.
    pub lease: Lease4,
    /// `force-create` (only `lease4-update` uses it).
    pub force_create: bool,
}

/// Parses an IPv4 address argument with Kea's texts; `Ok(Err(v6))` when the
/// text is a valid IPv6 address (callers word that error themselves).
pub fn parse_address(text: &str) -> Result<Result<Ipv4Addr, Ipv6Addr>, BadArgument> {
    if let Ok(v4) = text.parse::<Ipv4Addr>() {
        return Ok(Ok(v4));
    }
    if let Ok(v6) = text.parse::<Ipv6Addr>() {
        return Ok(Err(v6));
    }
    Err(BadArgument(format!(
        "Failed to convert string to address '{text}': Invalid argument"
    )))
}

/// Decodes lease arguments against the current configuration (subnet chosen
/// from the address when `subnet-id` is 0 or absent). `now` is used as `cltt`
/// when neither `expire` nor `cltt` is given.
pub fn parse_lease4(
    cfg: &Dhcp4Config,
    args: &Value,
    now: i64,
) -> Result<ParsedLease4, BadArgument> {
    let map = as_map(args)?;

    let addr_text = get_string(map, "ip-address")?;
    let address = match parse_address(addr_text)
        .map_err(|e| BadArgument(format!("Failed to convert '{addr_text}' to address: {e}")))?
    {
        Ok(v4) => v4,
        Err(v6) => return Err(BadArgument(format!("Non-IPv4 address specified: {v6}"))),
    };

    // Extension over Kea 2.2: a declined lease needs no hardware address.
    let declined = map.get("state").and_then(Value::as_i64) == Some(1);
    let hwaddr = if declined && !map.contains_key("hw-address") {
        Vec::new()
    } else {
        parse_hwaddr(get_string(map, "hw-address")?)?
    };

    let requested_id: u32 = if map.contains_key("subnet-id") {
        get_ranged(map, "subnet-id")?
    } else {
        0
    };
    let subnet = if requested_id != 0 {
        let subnet = cfg.subnet(requested_id).ok_or_else(|| {
            BadArgument(format!(
                "Invalid subnet-id: No IPv4 subnet with subnet-id={requested_id} currently configured."
            ))
        })?;
        if !subnet.prefix.contains(&address) {
            return Err(BadArgument(format!(
                "The address {address} does not belong to subnet {}, subnet-id={requested_id}",
                subnet.prefix
            )));
        }
        subnet
    } else {
        cfg.subnet_containing(address).ok_or_else(|| {
            BadArgument(format!(
                "subnet-id not specified and failed to find a subnet for address {address}"
            ))
        })?
    };

    let client_id = if map.contains_key("client-id") {
        Some(parse_client_id(get_string(map, "client-id")?)?)
    } else {
        None
    };

    let valid_lifetime: u32 = if map.contains_key("valid-lft") {
        get_ranged(map, "valid-lft")?
    } else {
        subnet.valid_lifetime.default
    };

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

    Ok(ParsedLease4 {
        lease: Lease4 {
            address,
            hwaddr,
            client_id,
            valid_lifetime,
            cltt,
            subnet_id: subnet.id,
            fqdn_fwd,
            fqdn_rev,
            hostname,
            state,
            user_context,
        },
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
