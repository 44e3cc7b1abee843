//! Kea's DHCPv4 lease file row (`CSVLeaseFile4`, file schema 2.1): columns, Kea's
//! write rules, row encoding and decoding with Kea's validation rules. Escaping and
//! hex text are Kea's CSV field encodings ([`super::journal::field`]).

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::journal::field::{
    decode_formatted_hex, decode_separated_hex, escape_into, field, hex_colon, parse_bool,
    parse_str, push_hex_colon, unescape,
};
use super::journal::{CsvRow, RowError};
use crate::backends::lease::{Lease4, LeaseState};

/// The columns of a Kea 2.2 lease4 file, in order.
pub const COLUMNS4: [&str; 11] = [
    "address",
    "hwaddr",
    "client_id",
    "valid_lifetime",
    "expire",
    "subnet_id",
    "fqdn_fwd",
    "fqdn_rev",
    "hostname",
    "state",
    "user_context",
];

/// The header line ruru writes (Kea 2.2), without the line feed.
pub const HEADER4: &str =
    "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context";

/// Files must at least have the columns up to `hostname` (Kea's `setMinimumValidColumns`).
const MIN_VALID_COLUMNS: usize = 9;

/// Default values for columns an older file lacks (`state` defaults to 0).
const DEFAULTS: [&str; 11] = ["", "", "", "", "", "", "", "", "", "0", ""];

/// Longest hardware address Kea accepts (`HWAddr::MAX_HWADDR_LEN`).
pub const MAX_HWADDR_LEN: usize = 20;
/// Shortest client identifier Kea accepts (`ClientId::MIN_CLIENT_ID_LEN`).
pub const MIN_CLIENT_ID_LEN: usize = 2;
/// Longest client identifier Kea accepts (`DUID::MAX_DUID_LEN`).
pub const MAX_CLIENT_ID_LEN: usize = 128;

/// Checks Kea's write rules for a lease (`CSVLeaseFile4::append` plus the sizes the
/// `HWAddr`/`ClientId` constructors enforce), so no row is written that Kea would reject.
pub fn check_lease(lease: &Lease4) -> Result<(), RowError> {
    let cid = lease.client_id.as_deref().unwrap_or(&[]);
    if lease.hwaddr.is_empty() && cid.is_empty() && lease.state != LeaseState::Declined {
        return Err(RowError::NoIdentifier(lease.address));
    }
    if lease.hwaddr.len() > MAX_HWADDR_LEN {
        return Err(RowError::Field {
            column: "hwaddr",
            value: hex_colon(&lease.hwaddr),
            reason: "longer than 20 octets",
        });
    }
    if !cid.is_empty() && !(MIN_CLIENT_ID_LEN..=MAX_CLIENT_ID_LEN).contains(&cid.len()) {
        return Err(RowError::Field {
            column: "client_id",
            value: hex_colon(cid),
            reason: "client-id length must be 2..128 octets",
        });
    }
    Ok(())
}

/// Appends the row for `lease` (with `valid_lifetime` overridden when `valid` is given,
/// as for deletions) and a line feed to `out`. Call [`check_lease`] first.
pub fn encode_row4(lease: &Lease4, valid: Option<u32>, out: &mut String) {
    let valid = valid.unwrap_or(lease.valid_lifetime);
    // Kea: expire = cltt + valid_lft, computed in 64 bits.
    let expire = lease.cltt.wrapping_add(i64::from(valid));
    let _ = write!(out, "{},", lease.address);
    push_hex_colon(&lease.hwaddr, out);
    out.push(',');
    if let Some(cid) = &lease.client_id {
        push_hex_colon(cid, out);
    }
    let _ = write!(
        out,
        ",{},{},{},{},{},",
        valid,
        expire,
        lease.subnet_id,
        u8::from(lease.fqdn_fwd),
        u8::from(lease.fqdn_rev)
    );
    escape_into(&lease.hostname, out);
    let _ = write!(out, ",{},", lease.state.as_u32());
    if let Some(ctx) = &lease.user_context {
        // serde_json's compact form never contains raw line breaks.
        let text = serde_json::Value::Object(ctx.clone()).to_string();
        escape_into(&text, out);
    }
    out.push('\n');
}

/// Decodes one row given as its 11 columns, applying Kea's `CSVLeaseFile4::next`
/// validation.
fn decode_row4(cols: &[&[u8]]) -> Result<Lease4, RowError> {
    let address = parse_str::<Ipv4Addr>(cols[0], "address", "not an IPv4 address")?;
    let client_id = match cols[2] {
        b"" => None,
        text => {
            let cid = decode_formatted_hex(text, "client_id")?;
            if cid.len() < MIN_CLIENT_ID_LEN {
                return Err(field("client_id", text, "client-id is too short"));
            }
            if cid.len() > MAX_CLIENT_ID_LEN {
                return Err(field("client_id", text, "client-id is too long"));
            }
            Some(cid)
        }
    };
    let hwaddr = decode_separated_hex(cols[1], b':', "hwaddr")?;
    if hwaddr.len() > MAX_HWADDR_LEN {
        return Err(field("hwaddr", cols[1], "longer than 20 octets"));
    }
    let state_num = parse_str::<u32>(cols[9], "state", "not a number")?;
    let state =
        LeaseState::from_u32(state_num).ok_or_else(|| field("state", cols[9], "unknown state"))?;
    if hwaddr.is_empty() && client_id.is_none() && state != LeaseState::Declined {
        return Err(RowError::NoIdentifier(address));
    }
    let user_context = match unescape(cols[10]) {
        v if v.is_empty() => None,
        v => match serde_json::from_slice::<serde_json::Value>(&v) {
            Ok(serde_json::Value::Object(map)) => Some(map),
            _ => return Err(field("user_context", &v, "is not a JSON map")),
        },
    };
    let valid_lifetime = parse_str::<u32>(cols[3], "valid_lifetime", "not a uint32")?;
    let expire = parse_str::<u64>(cols[4], "expire", "not a uint64")?;
    // Kea: cltt = (time_t)(expire - valid) in 64-bit arithmetic.
    let cltt = expire.wrapping_sub(u64::from(valid_lifetime)) as i64;
    let subnet_id = parse_str::<u32>(cols[5], "subnet_id", "not a uint32")?;
    let fqdn_fwd = parse_bool(cols[6], "fqdn_fwd")?;
    let fqdn_rev = parse_bool(cols[7], "fqdn_rev")?;
    let hostname = String::from_utf8_lossy(&unescape(cols[8])).into_owned();
    Ok(Lease4 {
        address,
        hwaddr,
        client_id,
        valid_lifetime,
        cltt,
        subnet_id,
        fqdn_fwd,
        fqdn_rev,
        hostname,
        state,
        user_context,
    })
}

/// A lease4 row of `kea-leases4.csv`, keyed by address.
impl CsvRow for Lease4 {
    type Key = Ipv4Addr;
    const COLUMNS: &'static [&'static str] = &COLUMNS4;
    const HEADER: &'static str = HEADER4;
    const MIN_VALID_COLUMNS: usize = MIN_VALID_COLUMNS;
    const DEFAULTS: &'static [&'static str] = &DEFAULTS;
    const SCHEMA_VERSION: &'static str = "2.1";

    fn key(&self) -> Ipv4Addr {
        self.address
    }
    fn check(&self) -> Result<(), RowError> {
        check_lease(self)
    }
    fn encode(&self, deleted: bool, out: &mut String) {
        encode_row4(self, deleted.then_some(0), out);
    }
    fn decode(columns: &[&[u8]]) -> Result<Self, RowError> {
        decode_row4(columns)
    }
    fn is_deletion(&self) -> bool {
        self.valid_lifetime == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::memfile::journal::{decode_row, Schema, SchemaState};

    fn lease() -> Lease4 {
        Lease4 {
            address: Ipv4Addr::new(192, 0, 2, 1),
            hwaddr: vec![0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f],
            client_id: Some(vec![1, 2, 3]),
            valid_lifetime: 3600,
            cltt: 1_700_000_000,
            subnet_id: 7,
            fqdn_fwd: true,
            fqdn_rev: false,
            hostname: "a,b&c".into(),
            state: LeaseState::Default,
            user_context: None,
        }
    }

    #[test]
    fn encodes_a_row_exactly_as_kea() {
        let mut s = String::new();
        encode_row4(&lease(), None, &mut s);
        assert_eq!(
            s,
            "192.0.2.1,0a:1b:2c:3d:4e:5f,01:02:03,3600,1700003600,7,1,0,a&#x2cb&#x26c,0,\n"
        );
    }

    #[test]
    fn decodes_what_it_encodes() {
        let mut l = lease();
        l.user_context = serde_json::from_str(r#"{"a":[1,2],"b":"x,&y"}"#).ok();
        let mut s = String::new();
        encode_row4(&l, None, &mut s);
        let back = decode_row::<Lease4>(s.trim_end().as_bytes(), &Schema::current::<Lease4>())
            .expect("test input is valid");
        assert_eq!(back, l);
    }

    #[test]
    fn the_header_is_the_columns() {
        assert_eq!(HEADER4, COLUMNS4.join(","));
    }

    #[test]
    fn header_schema_states() {
        assert_eq!(
            Schema::from_header::<Lease4>(HEADER4.as_bytes())
                .expect("test input is valid")
                .state,
            SchemaState::Current
        );
        let h26 = format!("{HEADER4},pool_id");
        assert_eq!(
            Schema::from_header::<Lease4>(h26.as_bytes())
                .expect("test input is valid")
                .state,
            SchemaState::NeedsDowngrade
        );
        let h10 = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state";
        assert_eq!(
            Schema::from_header::<Lease4>(h10.as_bytes())
                .expect("test input is valid")
                .state,
            SchemaState::NeedsUpgrade
        );
        assert!(Schema::from_header::<Lease4>(b"address,hwaddr").is_err());
        assert!(Schema::from_header::<Lease4>(b"address,duid,valid_lifetime").is_err());
    }
}
