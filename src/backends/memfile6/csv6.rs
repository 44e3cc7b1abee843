//! Kea's DHCPv6 lease file row format (`CSVLeaseFile6`, schema 4.0): header,
//! row encoding and decoding. Escaping and hex text are shared with v4.

use std::net::Ipv6Addr;

use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType};
use crate::backends::memfile::lease_file::{escape_into, hex_colon, unescape};

/// The columns of a Kea 2.2 lease6 file, in order.
pub const COLUMNS6: [&str; 17] = [
    "address",
    "duid",
    "valid_lifetime",
    "expire",
    "subnet_id",
    "pref_lifetime",
    "lease_type",
    "iaid",
    "prefix_len",
    "fqdn_fwd",
    "fqdn_rev",
    "hostname",
    "hwaddr",
    "state",
    "user_context",
    "hwtype",
    "hwaddr_source",
];

/// Files must at least have the columns up to `hostname` (Kea's minimum).
const MIN_VALID_COLUMNS: usize = 12;

/// The header line ruru writes, without the line feed.
pub fn header6() -> String {
    COLUMNS6.join(",")
}

/// Checks a header line; returns its column count.
pub fn check_header(line: &str) -> Result<usize, String> {
    let names: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
    let mut valid = 0;
    for (name, expected) in names.iter().zip(COLUMNS6.iter()) {
        if name != expected {
            return Err(format!("header contains an invalid column: '{name}'"));
        }
        valid += 1;
    }
    if valid < MIN_VALID_COLUMNS {
        return Err(format!(
            "header has only {valid} valid column(s), it must have at least {MIN_VALID_COLUMNS}"
        ));
    }
    Ok(names.len())
}

/// Kea's write rule: an assigned lease needs a DUID.
pub fn check_lease(lease: &Lease6) -> Result<(), String> {
    if lease.duid.is_empty() && lease.state != LeaseState::Declined {
        return Err(format!("Lease6: {}, has no DUID", lease.address));
    }
    Ok(())
}

/// One row (with line feed) for `lease`; `valid` overrides the valid and
/// preferred lifetimes (0 = the delete marker Kea writes).
pub fn encode_row6(lease: &Lease6, deleted: bool, out: &mut String) {
    use std::fmt::Write as _;
    let (valid, pref) = if deleted {
        (0, 0)
    } else {
        (lease.valid_lifetime, lease.preferred_lifetime)
    };
    let expire = if deleted { lease.cltt } else { lease.expire() };
    let expire = if lease.valid_lifetime == u32::MAX && !deleted {
        lease.cltt + i64::from(u32::MAX)
    } else {
        expire
    };
    let _ = write!(
        out,
        "{},{},{},{},{},{},{},{},{},{},{},",
        lease.address,
        hex_colon(&lease.duid),
        valid,
        expire,
        lease.subnet_id,
        pref,
        lease.lease_type.as_u32(),
        lease.iaid,
        lease.prefix_len,
        u8::from(lease.fqdn_fwd),
        u8::from(lease.fqdn_rev)
    );
    escape_into(&lease.hostname, out);
    out.push(',');
    out.push_str(&hex_colon(&lease.hwaddr));
    let _ = write!(out, ",{},", lease.state.as_u32());
    if let Some(ctx) = &lease.user_context {
        escape_into(&serde_json::Value::Object(ctx.clone()).to_string(), out);
    }
    if lease.hwaddr.is_empty() {
        out.push_str(",,");
    } else {
        let _ = write!(out, ",{},{}", lease.hwtype, lease.hwaddr_source);
    }
    out.push('\n');
}

fn field<T: std::str::FromStr>(v: &str, column: &str) -> Result<T, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("invalid value '{v}' in column {column}"))
}

fn hex(v: &str, column: &str) -> Result<Vec<u8>, String> {
    if v.is_empty() {
        return Ok(Vec::new());
    }
    v.split(':')
        .map(|p| {
            u8::from_str_radix(p, 16).map_err(|_| format!("invalid value '{v}' in column {column}"))
        })
        .collect()
}

/// Decodes one row (without line feed) of a file with `columns` columns.
pub fn decode_row6(line: &str, columns: usize) -> Result<Lease6, String> {
    let mut f: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
    if f.len() != columns {
        return Err(format!(
            "invalid number of columns: {} (header has {columns})",
            f.len()
        ));
    }
    while f.len() < COLUMNS6.len() {
        f.push("");
    }
    let address: Ipv6Addr = field(f[0], "address")?;
    let valid: u32 = field(f[2], "valid_lifetime")?;
    let expire: i64 = field(f[3], "expire")?;
    let lease_type = LeaseType::from_u32(field(f[6], "lease_type")?)
        .ok_or_else(|| format!("invalid lease type '{}'", f[6]))?;
    let state = if f[13].is_empty() {
        LeaseState::Default
    } else {
        LeaseState::from_u32(field(f[13], "state")?)
            .ok_or_else(|| format!("invalid state '{}'", f[13]))?
    };
    let user_context = if f[14].is_empty() {
        None
    } else {
        let text = String::from_utf8_lossy(&unescape(f[14].as_bytes())).to_string();
        match serde_json::from_str(&text) {
            Ok(serde_json::Value::Object(m)) => Some(m),
            _ => return Err(format!("invalid user context '{text}'")),
        }
    };
    let lease = Lease6 {
        address,
        lease_type,
        prefix_len: field(f[8], "prefix_len")?,
        duid: hex(f[1], "duid")?,
        iaid: field(f[7], "iaid")?,
        preferred_lifetime: field(f[5], "pref_lifetime")?,
        valid_lifetime: valid,
        cltt: expire - i64::from(valid),
        subnet_id: field(f[4], "subnet_id")?,
        fqdn_fwd: f[9].trim() == "1",
        fqdn_rev: f[10].trim() == "1",
        hostname: String::from_utf8_lossy(&unescape(f[11].as_bytes())).to_string(),
        hwaddr: hex(f[12], "hwaddr")?,
        hwtype: if f[15].is_empty() {
            1
        } else {
            field(f[15], "hwtype")?
        },
        hwaddr_source: if f[16].is_empty() {
            0
        } else {
            field(f[16], "hwaddr_source")?
        },
        state,
        user_context,
    };
    if valid != 0 {
        check_lease(&lease)?;
    }
    Ok(lease)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn lease() -> Lease6 {
        Lease6 {
            address: "2001:db8::5".parse().expect("a"),
            lease_type: LeaseType::Na,
            prefix_len: 128,
            duid: vec![0, 1, 2, 3],
            iaid: 7,
            preferred_lifetime: 3000,
            valid_lifetime: 4000,
            cltt: 1_700_000_000,
            subnet_id: 1,
            fqdn_fwd: false,
            fqdn_rev: true,
            hostname: "a,b&c".into(),
            hwaddr: vec![],
            hwtype: 1,
            hwaddr_source: 0,
            state: LeaseState::Default,
            user_context: None,
        }
    }

    #[test]
    fn rows_round_trip_with_kea_escaping() {
        let l = lease();
        let mut row = String::new();
        encode_row6(&l, false, &mut row);
        assert_eq!(
            row,
            "2001:db8::5,00:01:02:03,4000,1700004000,1,3000,0,7,128,0,1,a&#x2cb&#x26c,,0,,,\n"
        );
        assert_eq!(decode_row6(row.trim_end(), 17), Ok(l));
    }

    #[test]
    fn kea_header_is_accepted_and_others_refused() {
        assert_eq!(check_header(&header6()), Ok(17));
        assert!(check_header("address,hwaddr,client_id").is_err());
    }
}
