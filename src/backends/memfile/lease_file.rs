//! Kea's DHCPv4 lease file row format (`CSVLeaseFile4`, file schema 2.1): header,
//! escaping, row encoding and row decoding with Kea's validation rules.
//!
//! Rows are plain comma-separated values without quoting. `hostname` and
//! `user_context` escape `,` and `&` as `&#x2c` / `&#x26` (Kea's `CSVRow::escapeCharacters`).
//! ruru additionally escapes CR and LF (`&#x0d` / `&#x0a`): Kea would write them raw and
//! corrupt its own file; Kea's reader decodes any `&#xHH`, so the files stay compatible.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

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

/// Why one row (or the header) could not be read or a lease could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    /// The header does not name Kea's lease4 columns.
    #[error("invalid header: {0}")]
    Header(String),
    /// The row has a column count the file's schema does not allow.
    #[error("invalid number of columns: {found} ({reason})")]
    ColumnCount {
        /// Columns found in the row.
        found: usize,
        /// Which rule was broken.
        reason: &'static str,
    },
    /// One field does not parse.
    #[error("invalid value '{value}' in column {column}: {reason}")]
    Field {
        /// Column name.
        column: &'static str,
        /// The raw text (lossy UTF-8).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Kea's rule: a lease needs a hardware address or a client id unless declined.
    #[error("Lease4: {0}, has neither hardware address or client id")]
    NoIdentifier(Ipv4Addr),
}

/// How a file's header relates to the current schema (Kea's `InputSchemaState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaState {
    /// Exactly Kea 2.2's columns.
    Current,
    /// An older file with fewer columns (missing ones take defaults).
    NeedsUpgrade,
    /// A newer file with extra columns (e.g. Kea 2.6's `pool_id`), which are ignored.
    NeedsDowngrade,
}

/// The schema of one input file as learnt from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schema {
    /// Number of columns in the header.
    pub header_columns: usize,
    /// Relation to the current schema.
    pub state: SchemaState,
}

impl Schema {
    /// The schema of files ruru writes.
    pub const CURRENT: Schema = Schema {
        header_columns: COLUMNS4.len(),
        state: SchemaState::Current,
    };

    /// Validates a header line as Kea's `VersionedCSVFile::validateHeader` does.
    pub fn from_header(line: &[u8]) -> Result<Schema, RowError> {
        let names: Vec<&[u8]> = line.split(|b| *b == b',').collect();
        let mut valid = 0;
        for (name, expected) in names.iter().zip(COLUMNS4.iter()) {
            if *name != expected.as_bytes() {
                return Err(RowError::Header(format!(
                    "header contains an invalid column: '{}'",
                    String::from_utf8_lossy(name)
                )));
            }
            valid += 1;
        }
        if valid < MIN_VALID_COLUMNS {
            return Err(RowError::Header(format!(
                "header has only {valid} valid column(s), it must have at least {MIN_VALID_COLUMNS}"
            )));
        }
        let state = if valid < COLUMNS4.len() {
            SchemaState::NeedsUpgrade
        } else if names.len() > COLUMNS4.len() {
            SchemaState::NeedsDowngrade
        } else {
            SchemaState::Current
        };
        Ok(Schema {
            header_columns: names.len(),
            state,
        })
    }
}

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

/// Decodes one data row (without its line terminator) under `schema`, applying Kea's
/// `CSVLeaseFile4::next` validation.
pub fn decode_row4(line: &[u8], schema: &Schema) -> Result<Lease4, RowError> {
    let mut cols: Vec<&[u8]> = line.split(|b| *b == b',').collect();
    let n = cols.len();
    match schema.state {
        SchemaState::Current if n != COLUMNS4.len() => {
            return Err(RowError::ColumnCount {
                found: n,
                reason: "must match current schema",
            })
        }
        SchemaState::NeedsUpgrade if n < schema.header_columns => {
            return Err(RowError::ColumnCount {
                found: n,
                reason: "too few columns to upgrade",
            })
        }
        SchemaState::NeedsUpgrade if n > COLUMNS4.len() => {
            return Err(RowError::ColumnCount {
                found: n,
                reason: "too many columns to upgrade",
            })
        }
        SchemaState::NeedsDowngrade if n < COLUMNS4.len() => {
            return Err(RowError::ColumnCount {
                found: n,
                reason: "too few columns to downgrade",
            })
        }
        SchemaState::NeedsDowngrade if n > schema.header_columns => {
            return Err(RowError::ColumnCount {
                found: n,
                reason: "too many columns to downgrade",
            })
        }
        _ => {}
    }
    for d in DEFAULTS.iter().skip(n) {
        cols.push(d.as_bytes());
    }
    cols.truncate(COLUMNS4.len());

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

/// Kea's escaping (`,` and `&`, plus CR/LF, see the module doc) appended to `out`.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            ',' | '&' | '\n' | '\r' => {
                let _ = write!(out, "&#x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// Kea's `CSVRow::unescapeCharacters`: every `&#x` followed by two hex digits becomes
/// that byte; a tag without two hex digits is kept literally.
pub fn unescape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(b"&#x") && i + 5 <= s.len() {
            if let (Some(h), Some(l)) = (hex_val(s[i + 3]), hex_val(s[i + 4])) {
                out.push(h << 4 | l);
                i += 5;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// Lower-case hex octets joined by `:` (`HWAddr::toText(false)`, `DUID::toText`).
pub fn hex_colon(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    push_hex_colon(bytes, &mut s);
    s
}

fn push_hex_colon(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn field(column: &'static str, value: &[u8], reason: &'static str) -> RowError {
    RowError::Field {
        column,
        value: String::from_utf8_lossy(value).into_owned(),
        reason,
    }
}

fn parse_str<T: std::str::FromStr>(
    v: &[u8],
    column: &'static str,
    reason: &'static str,
) -> Result<T, RowError> {
    std::str::from_utf8(v)
        .ok()
        .and_then(|s| s.parse::<T>().ok())
        .ok_or_else(|| field(column, v, reason))
}

/// `boost::lexical_cast<bool>`: only `0` and `1`.
fn parse_bool(v: &[u8], column: &'static str) -> Result<bool, RowError> {
    match v {
        b"0" => Ok(false),
        b"1" => Ok(true),
        _ => Err(field(column, v, "not a boolean (0 or 1)")),
    }
}

/// Kea's `decodeSeparatedHexString`: octets of 1–2 hex digits; no empty octet between
/// separators; an empty string is zero octets.
fn decode_separated_hex(v: &[u8], sep: u8, column: &'static str) -> Result<Vec<u8>, RowError> {
    if v.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(v.len() / 3 + 1);
    for part in v.split(|b| *b == sep) {
        let value = match part {
            [a] => hex_val(*a),
            [a, b] => hex_val(*a).zip(hex_val(*b)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        out.push(value.ok_or_else(|| field(column, v, "invalid hexadecimal octet"))?);
    }
    Ok(out)
}

/// Kea's `decodeFormattedHexString` (client ids): `:`- or space-separated octets, or a
/// plain hex string (optionally `0x`-prefixed, odd length padded with a leading 0).
fn decode_formatted_hex(v: &[u8], column: &'static str) -> Result<Vec<u8>, RowError> {
    if v.contains(&b':') {
        return decode_separated_hex(v, b':', column);
    }
    if v.contains(&b' ') {
        return decode_separated_hex(v, b' ', column);
    }
    let digits = if v.len() > 2 && v.starts_with(b"0x") {
        &v[2..]
    } else {
        v
    };
    let mut padded = Vec::with_capacity(digits.len() + 1);
    if !v.len().is_multiple_of(2) {
        padded.push(b'0');
    }
    padded.extend_from_slice(digits);
    padded
        .chunks(2)
        .map(|c| match c {
            [a, b] => hex_val(*a).zip(hex_val(*b)).map(|(h, l)| h << 4 | l),
            _ => None,
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| field(column, v, "not a valid string of hexadecimal digits"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let back =
            decode_row4(s.trim_end().as_bytes(), &Schema::CURRENT).expect("test input is valid");
        assert_eq!(back, l);
    }

    #[test]
    fn unescape_keeps_a_tag_without_hex_digits() {
        assert_eq!(unescape(b"a&#xzz&#x2"), b"a&#xzz&#x2".to_vec());
        assert_eq!(unescape(b"&#x2C"), b",".to_vec());
    }

    #[test]
    fn client_ids_accept_kea_formatted_hex() {
        assert_eq!(
            decode_formatted_hex(b"0x010203", "c").expect("test input is valid"),
            vec![1, 2, 3]
        );
        assert_eq!(
            decode_formatted_hex(b"10203", "c").expect("test input is valid"),
            vec![1, 2, 3]
        );
        assert_eq!(
            decode_formatted_hex(b"1 2 3", "c").expect("test input is valid"),
            vec![1, 2, 3]
        );
        assert!(decode_separated_hex(b"01::02", b':', "h").is_err());
    }

    #[test]
    fn header_schema_states() {
        assert_eq!(
            Schema::from_header(HEADER4.as_bytes())
                .expect("test input is valid")
                .state,
            SchemaState::Current
        );
        let h26 = format!("{HEADER4},pool_id");
        assert_eq!(
            Schema::from_header(h26.as_bytes())
                .expect("test input is valid")
                .state,
            SchemaState::NeedsDowngrade
        );
        let h10 = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state";
        assert_eq!(
            Schema::from_header(h10.as_bytes())
                .expect("test input is valid")
                .state,
            SchemaState::NeedsUpgrade
        );
        assert!(Schema::from_header(b"address,hwaddr").is_err());
        assert!(Schema::from_header(b"address,duid,valid_lifetime").is_err());
    }
}
