//! How `lease4-get` / `lease6-get` / `lease4-del` / `lease6-del` name a
//! lease: Kea's `LeaseCmdsImpl::getParameters`, one parser for both families
//! (each family then refuses the identifiers it has no index for).

use serde_json::Value;

use super::super::args::BadArgument;
use super::super::family::Family;
use super::super::hex_text::{parse_client_id, parse_hwaddr};
use super::super::lease_json::parse_ip;
use crate::backends::lease6::LeaseType;

/// What names the lease.
pub enum By<A> {
    /// Its address; `None` for identifier-type `address`, which Kea accepts
    /// and then finds nothing for.
    Address(Option<A>),
    /// A hardware address within a subnet.
    HwAddr(Vec<u8>, u32),
    /// A client identifier within a subnet.
    ClientId(Vec<u8>, u32),
    /// A DUID (as given, the DHCPv6 family parses it), IAID and subnet.
    Duid(String, u32, u32),
}

/// A lease query: how the lease is named, and the lease `type` given (IA_NA
/// by default; `None` for `V4`, which names no DHCPv6 lease).
pub struct LeaseQuery<A> {
    /// What names the lease.
    pub by: By<A>,
    /// The lease type (DHCPv6 lookups only; DHCPv4 only checks it).
    pub lease_type: Option<LeaseType>,
}

/// The query `args` make, with Kea's texts for what is wrong.
pub fn lease_query<F: Family>(args: Option<&Value>) -> Result<LeaseQuery<F::Addr>, BadArgument> {
    let Some(Value::Object(map)) = args else {
        return Err(BadArgument::new("Parameters missing or are not a map."));
    };
    if let Some(v) = map.get("update-ddns") {
        if !v.is_boolean() {
            return Err(BadArgument::new("'update-ddns' is not a boolean"));
        }
    }
    let lease_type = match map.get("type") {
        None => Some(LeaseType::Na),
        Some(t) => match t
            .as_str()
            .ok_or_else(|| BadArgument::new("stringValue() called on non-string Element"))?
        {
            "IA_NA" | "0" => Some(LeaseType::Na),
            "IA_TA" | "1" => Some(LeaseType::Ta),
            "IA_PD" | "2" => Some(LeaseType::Pd),
            "V4" | "3" => None,
            t => return Err(BadArgument(format!(
                "Invalid lease type specified: {t}, only supported values are: IA_NA, IA_TA, IA_PD and V4"
            ))),
        },
    };
    let query = |by| Ok(LeaseQuery { by, lease_type });
    if let Some(addr) = map.get("ip-address") {
        let text = addr
            .as_str()
            .ok_or_else(|| BadArgument::new("'ip-address' is not a string."))?;
        let a = F::from_ip(parse_ip(text)?)
            .ok_or_else(|| BadArgument(format!("Invalid {} address specified: {text}", F::IP)))?;
        return query(By::Address(Some(a)));
    }
    let subnet_id = match map.get("subnet-id") {
        None => return Err(BadArgument::new("Mandatory 'subnet-id' parameter missing.")),
        // Kea converts the integer to its 32-bit SubnetID by truncation.
        Some(v) => v
            .as_i64()
            .ok_or_else(|| BadArgument::new("'subnet-id' parameter is not integer."))?
            as u32,
    };
    let iaid = match map.get("iaid") {
        None => 0,
        // Kea truncates to the 32-bit IAID too.
        Some(v) => v
            .as_i64()
            .ok_or_else(|| BadArgument::new("intValue() called on non-integer Element"))?
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
        "address" => query(By::Address(None)),
        "hw-address" => query(By::HwAddr(parse_hwaddr(ident)?, subnet_id)),
        "client-id" => query(By::ClientId(parse_client_id(ident)?, subnet_id)),
        "duid" => query(By::Duid(ident.to_string(), iaid, subnet_id)),
        other => Err(BadArgument(format!(
            "Incorrect identifier type: {other}, the only supported values are: address, hw-address, duid"
        ))),
    }
}
