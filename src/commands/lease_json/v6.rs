//! DHCPv6 leases as Kea's lease_cmds show and take them: `type`,
//! `prefix-len`, `duid`, `iaid`, `preferred-lft` and an optional `hw-address`
//! besides the fields both families share.

use std::net::Ipv6Addr;

use serde_json::{Map, Value};

use super::{lease_subnet, lease_tail, lifetime, ParsedLease};
use crate::backends::lease6::{Lease6, LeaseType};
use crate::commands::args::{as_map, get_ranged, get_string, BadArgument};
use crate::commands::family::V6;
use crate::commands::hex_text::{parse_hwaddr, to_colon_hex};
use crate::config::model6::Dhcp6Config;

/// Kea's JSON form of a v6 lease.
pub fn lease6_to_json(l: &Lease6) -> Value {
    let mut m = Map::new();
    m.insert("ip-address".into(), Value::from(l.address.to_string()));
    m.insert("type".into(), Value::from(l.lease_type.name()));
    if l.lease_type == LeaseType::Pd {
        m.insert("prefix-len".into(), Value::from(l.prefix_len));
    }
    m.insert("iaid".into(), Value::from(l.iaid));
    m.insert("duid".into(), Value::from(to_colon_hex(&l.duid)));
    m.insert("subnet-id".into(), Value::from(l.subnet_id));
    m.insert("cltt".into(), Value::from(l.cltt));
    m.insert("preferred-lft".into(), Value::from(l.preferred_lifetime));
    m.insert("valid-lft".into(), Value::from(l.valid_lifetime));
    m.insert("fqdn-fwd".into(), Value::from(l.fqdn_fwd));
    m.insert("fqdn-rev".into(), Value::from(l.fqdn_rev));
    m.insert("hostname".into(), Value::from(l.hostname.clone()));
    if !l.hwaddr.is_empty() {
        m.insert("hw-address".into(), Value::from(to_colon_hex(&l.hwaddr)));
    }
    m.insert("state".into(), Value::from(l.state.as_u32()));
    if let Some(ctx) = &l.user_context {
        m.insert("user-context".into(), Value::Object(ctx.clone()));
    }
    Value::Object(m)
}

/// Kea's lease type argument (`IA_NA`, `IA_PD`, or their numbers).
pub fn parse_lease_type(v: &Value) -> Result<LeaseType, BadArgument> {
    let t = v
        .as_str()
        .ok_or_else(|| BadArgument::new("'type' is not a string."))?;
    match t {
        "IA_NA" | "0" => Ok(LeaseType::Na),
        "IA_TA" | "1" => Ok(LeaseType::Ta),
        "IA_PD" | "2" => Ok(LeaseType::Pd),
        other => Err(BadArgument(format!(
            "Invalid lease type specified: {other}, only supported values are: IA_NA, IA_TA and IA_PD"
        ))),
    }
}

/// A DUID in Kea's text (`01:02:03`, at least 3 bytes).
pub fn parse_duid(text: &str) -> Result<Vec<u8>, BadArgument> {
    let d = parse_hwaddr(text).map_err(|_| BadArgument(format!("invalid DUID '{text}'")))?;
    if d.len() < 3 || d.len() > 130 {
        return Err(BadArgument(format!(
            "DUID must be between 3 and 130 bytes long, '{text}' is {}",
            d.len()
        )));
    }
    Ok(d)
}

/// A lease from `lease6-add` / `lease6-update` arguments, and `force-create`.
pub fn parse_lease6(
    cfg: &Dhcp6Config,
    args: &Value,
    now: i64,
) -> Result<ParsedLease<Lease6>, BadArgument> {
    let map = as_map(args)?;
    let text = get_string(map, "ip-address")?;
    let address: Ipv6Addr = text.parse().map_err(|_| {
        BadArgument(format!(
            "Failed to convert '{text}' to address: not an IPv6 address"
        ))
    })?;
    let lease_type = match map.get("type") {
        Some(v) => parse_lease_type(v)?,
        None => LeaseType::Na,
    };
    let prefix_len: u8 = if lease_type == LeaseType::Pd {
        if !map.contains_key("prefix-len") {
            return Err(BadArgument::new(
                "Prefix length not specified for IA_PD lease.",
            ));
        }
        get_ranged(map, "prefix-len")?
    } else {
        128
    };
    // Extension over Kea 2.2: a declined lease needs no DUID.
    let declined = map.get("state").and_then(Value::as_i64) == Some(1);
    let duid = if declined && !map.contains_key("duid") {
        vec![0]
    } else {
        parse_duid(get_string(map, "duid")?)?
    };
    let iaid: u32 = get_ranged(map, "iaid")?;
    let subnet = lease_subnet::<V6>(cfg, map, address, lease_type == LeaseType::Na)?;
    let hwaddr = if map.contains_key("hw-address") {
        parse_hwaddr(get_string(map, "hw-address")?)?
    } else {
        Vec::new()
    };
    let valid = lifetime(map, "valid-lft", subnet.valid_lifetime.default)?;
    let preferred = lifetime(map, "preferred-lft", subnet.preferred_lifetime.default)?;
    let tail = lease_tail(map, address, valid, now)?;
    Ok(ParsedLease {
        lease: Lease6 {
            address,
            lease_type,
            prefix_len,
            duid,
            iaid,
            preferred_lifetime: preferred,
            valid_lifetime: valid,
            cltt: tail.cltt,
            subnet_id: subnet.id,
            fqdn_fwd: tail.fqdn_fwd,
            fqdn_rev: tail.fqdn_rev,
            hostname: tail.hostname,
            hwtype: 1,
            hwaddr_source: 0,
            hwaddr,
            state: tail.state,
            user_context: tail.user_context,
        },
        force_create: tail.force_create,
    })
}
