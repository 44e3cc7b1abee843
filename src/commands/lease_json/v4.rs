//! DHCPv4 leases as Kea's lease_cmds show and take them: `hw-address` and
//! `client-id` besides the fields both families share.

use std::net::IpAddr;

use serde_json::{Map, Value};

use super::{lease_subnet, lease_tail, lifetime, parse_ip, ParsedLease};
use crate::backends::lease::Lease4;
use crate::commands::args::{as_map, get_string, BadArgument};
use crate::commands::family::V4;
use crate::commands::hex_text::{parse_client_id, parse_hwaddr, to_colon_hex};
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

/// Decodes lease arguments against the current configuration (subnet chosen
/// from the address when `subnet-id` is 0 or absent). `now` is used as `cltt`
/// when neither `expire` nor `cltt` is given.
pub fn parse_lease4(
    cfg: &Dhcp4Config,
    args: &Value,
    now: i64,
) -> Result<ParsedLease<Lease4>, BadArgument> {
    let map = as_map(args)?;

    let addr_text = get_string(map, "ip-address")?;
    let address = match parse_ip(addr_text)
        .map_err(|e| BadArgument(format!("Failed to convert '{addr_text}' to address: {e}")))?
    {
        IpAddr::V4(v4) => v4,
        IpAddr::V6(v6) => return Err(BadArgument(format!("Non-IPv4 address specified: {v6}"))),
    };

    // Extension over Kea 2.2: a declined lease needs no hardware address.
    let declined = map.get("state").and_then(Value::as_i64) == Some(1);
    let hwaddr = if declined && !map.contains_key("hw-address") {
        Vec::new()
    } else {
        parse_hwaddr(get_string(map, "hw-address")?)?
    };

    let subnet = lease_subnet::<V4>(cfg, map, address, true)?;

    let client_id = if map.contains_key("client-id") {
        Some(parse_client_id(get_string(map, "client-id")?)?)
    } else {
        None
    };

    let valid_lifetime = lifetime(map, "valid-lft", subnet.valid_lifetime.default)?;
    let tail = lease_tail(map, address, valid_lifetime, now)?;

    Ok(ParsedLease {
        lease: Lease4 {
            address,
            hwaddr,
            client_id,
            valid_lifetime,
            cltt: tail.cltt,
            subnet_id: subnet.id,
            fqdn_fwd: tail.fqdn_fwd,
            fqdn_rev: tail.fqdn_rev,
            hostname: tail.hostname,
            state: tail.state,
            user_context: tail.user_context,
        },
        force_create: tail.force_create,
    })
}
