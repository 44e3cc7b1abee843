//! Kea's DHCPv6 lease file row (`CSVLeaseFile6`, file schema 4.0): columns, row
//! encoding and decoding with Kea's validation rules. Escaping and hex text are Kea's
//! CSV field encodings ([`super::journal::field`]).

use std::fmt::Write as _;
use std::net::Ipv6Addr;

use super::journal::field::{
    decode_formatted_hex, decode_separated_hex, escape_into, field, parse_bool, parse_str,
    push_hex_colon, unescape,
};
use super::journal::{CsvRow, RowError};
use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType, MissingDuid};

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

/// The header line ruru writes (Kea 2.2), without the line feed.
pub const HEADER6: &str = "address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source";

/// Files must at least have the columns up to `hostname` (Kea's minimum).
const MIN_VALID_COLUMNS: usize = 12;

/// Default values for columns an older file lacks (`state` defaults to 0; an empty
/// `hwtype` / `hwaddr_source` reads as Ethernet / unknown).
const DEFAULTS: [&str; 17] = [
    "", "", "", "", "", "", "", "", "", "", "", "", "", "0", "", "", "",
];

/// Appends the row for `lease` and a line feed to `out`; `deleted` writes Kea's
/// delete marker (valid and preferred lifetimes 0, expire = cltt).
pub fn encode_row6(lease: &Lease6, deleted: bool, out: &mut String) {
    let (valid, pref) = if deleted {
        (0, 0)
    } else {
        (lease.valid_lifetime, lease.preferred_lifetime)
    };
    // Kea: expire = cltt + valid_lft in 64 bits (infinite included).
    let expire = lease.cltt + i64::from(valid);
    let _ = write!(out, "{},", lease.address);
    push_hex_colon(&lease.duid, out);
    let _ = write!(
        out,
        ",{},{},{},{},{},{},{},{},{},",
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
    push_hex_colon(&lease.hwaddr, out);
    let _ = write!(out, ",{},", lease.state.as_u32());
    if let Some(ctx) = &lease.user_context {
        // serde_json's compact form never contains raw line breaks.
        escape_into(&serde_json::Value::Object(ctx.clone()).to_string(), out);
    }
    if lease.hwaddr.is_empty() {
        out.push_str(",,");
    } else {
        let _ = write!(out, ",{},{}", lease.hwtype, lease.hwaddr_source);
    }
    out.push('\n');
}

/// An empty column reads as `default`, any other as `T`.
fn parse_or<T: std::str::FromStr>(
    v: &[u8],
    default: T,
    column: &'static str,
) -> Result<T, RowError> {
    if v.is_empty() {
        Ok(default)
    } else {
        parse_str(v, column, "not a number")
    }
}

/// Decodes one row given as its 17 columns, applying Kea's `CSVLeaseFile6::next`
/// validation (a row with valid lifetime 0 is a delete marker and needs no DUID).
fn decode_row6(f: &[&[u8]]) -> Result<Lease6, RowError> {
    let address = parse_str::<Ipv6Addr>(f[0], "address", "not an IPv6 address")?;
    let valid_lifetime = parse_str::<u32>(f[2], "valid_lifetime", "not a uint32")?;
    let expire = parse_str::<i64>(f[3], "expire", "not a number")?;
    let lease_type = LeaseType::from_u32(parse_str(f[6], "lease_type", "not a number")?)
        .ok_or_else(|| field("lease_type", f[6], "unknown lease type"))?;
    let state = LeaseState::from_u32(parse_or(f[13], 0, "state")?)
        .ok_or_else(|| field("state", f[13], "unknown state"))?;
    let user_context = match unescape(f[14]) {
        v if v.is_empty() => None,
        v => match serde_json::from_slice::<serde_json::Value>(&v) {
            Ok(serde_json::Value::Object(map)) => Some(map),
            _ => return Err(field("user_context", &v, "is not a JSON map")),
        },
    };
    let lease = Lease6 {
        address,
        lease_type,
        prefix_len: parse_str(f[8], "prefix_len", "not a uint8")?,
        duid: decode_formatted_hex(f[1], "duid")?,
        iaid: parse_str(f[7], "iaid", "not a uint32")?,
        preferred_lifetime: parse_str(f[5], "pref_lifetime", "not a uint32")?,
        valid_lifetime,
        cltt: expire - i64::from(valid_lifetime),
        subnet_id: parse_str(f[4], "subnet_id", "not a uint32")?,
        fqdn_fwd: parse_bool(f[9], "fqdn_fwd")?,
        fqdn_rev: parse_bool(f[10], "fqdn_rev")?,
        hostname: String::from_utf8_lossy(&unescape(f[11])).into_owned(),
        hwaddr: decode_separated_hex(f[12], b':', "hwaddr")?,
        hwtype: parse_or(f[15], 1, "hwtype")?,
        hwaddr_source: parse_or(f[16], 0, "hwaddr_source")?,
        state,
        user_context,
    };
    if valid_lifetime != 0 {
        lease
            .check()
            .map_err(|MissingDuid(a)| RowError::NoDuid(a))?;
    }
    Ok(lease)
}

/// A lease6 row of `kea-leases6.csv`, keyed by (type, address).
impl CsvRow for Lease6 {
    type Key = (LeaseType, Ipv6Addr);
    const COLUMNS: &'static [&'static str] = &COLUMNS6;
    const HEADER: &'static str = HEADER6;
    const MIN_VALID_COLUMNS: usize = MIN_VALID_COLUMNS;
    const DEFAULTS: &'static [&'static str] = &DEFAULTS;
    const SCHEMA_VERSION: &'static str = "4.0";

    fn key(&self) -> (LeaseType, Ipv6Addr) {
        (self.lease_type, self.address)
    }
    fn check(&self) -> Result<(), RowError> {
        Lease6::check(self).map_err(|MissingDuid(a)| RowError::NoDuid(a))
    }
    fn encode(&self, deleted: bool, out: &mut String) {
        encode_row6(self, deleted, out);
    }
    fn decode(columns: &[&[u8]]) -> Result<Self, RowError> {
        decode_row6(columns)
    }
    fn is_deletion(&self) -> bool {
        self.valid_lifetime == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::memfile::journal::{decode_row, Schema, SchemaState};

    fn lease() -> Lease6 {
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

    fn decode(row: &str) -> Result<Lease6, RowError> {
        decode_row::<Lease6>(row.trim_end().as_bytes(), &Schema::current::<Lease6>())
    }

    #[test]
    fn the_header_is_the_columns() {
        assert_eq!(HEADER6, COLUMNS6.join(","));
    }

    #[test]
    fn rows_round_trip_with_kea_escaping() {
        let mut l = lease();
        let mut row = String::new();
        encode_row6(&l, false, &mut row);
        assert_eq!(
            row,
            "2001:db8::5,00:01:02:03,4000,1700004000,1,3000,0,7,128,0,1,a&#x2cb&#x26c,,0,,,\n"
        );
        assert_eq!(decode(&row), Ok(l.clone()));
        l.hwaddr = vec![2, 0, 0, 0, 0, 1];
        l.user_context = serde_json::from_str(r#"{"a":"x,&y"}"#).ok();
        l.valid_lifetime = crate::backends::lease::INFINITE_LIFETIME;
        row.clear();
        encode_row6(&l, false, &mut row);
        assert_eq!(decode(&row), Ok(l));
    }

    #[test]
    fn a_delete_marker_has_zero_lifetimes_and_expires_at_cltt() {
        let mut row = String::new();
        encode_row6(&lease(), true, &mut row);
        assert!(
            row.starts_with("2001:db8::5,00:01:02:03,0,1700000000,1,0,"),
            "{row}"
        );
        assert!(decode(&row).is_ok_and(|l| l.is_deletion()));
    }

    #[test]
    fn an_assigned_lease_without_duid_is_a_typed_row_error() {
        let mut l = lease();
        l.duid.clear();
        assert_eq!(CsvRow::check(&l), Err(RowError::NoDuid(l.address)));
        let mut row = String::new();
        encode_row6(&l, false, &mut row);
        assert_eq!(decode(&row), Err(RowError::NoDuid(l.address)));
    }

    #[test]
    fn kea_header_is_accepted_and_others_refused() {
        let s = Schema::from_header::<Lease6>(HEADER6.as_bytes()).expect("Kea's header");
        assert_eq!(s.state, SchemaState::Current);
        let h26 = format!("{HEADER6},pool_id");
        let s = Schema::from_header::<Lease6>(h26.as_bytes()).expect("Kea 2.6's header");
        assert_eq!(s.state, SchemaState::NeedsDowngrade);
        assert!(Schema::from_header::<Lease6>(b"address,hwaddr,client_id").is_err());
    }

    #[test]
    fn an_older_row_takes_the_defaults() {
        let h = "address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr";
        let s = Schema::from_header::<Lease6>(h.as_bytes()).expect("Kea 1.x header");
        assert_eq!(s.state, SchemaState::NeedsUpgrade);
        let mut row = String::new();
        encode_row6(&lease(), false, &mut row);
        let old: Vec<&str> = row.trim_end().split(',').take(13).collect();
        let back = decode_row::<Lease6>(old.join(",").as_bytes(), &s).expect("upgraded row");
        assert_eq!(back, lease());
    }
}
