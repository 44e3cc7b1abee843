//! The codecs between Kea's option-data text and option bytes, for any
//! option space: CSV values typed per definition (Kea's `optionFactory` and
//! `writeToBuffer`), Kea's quoted text or formatted hex, DNS names. Tuples
//! take the family's length width ([`OptionSpace::TUPLE_LEN_BYTES`]).
//!
//! Pure functions: no configuration paths here; callers add the JSON path.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::def::{DataType, OptionDef, OptionSpace};

/// Why an option value could not be encoded (Kea's wording where it has one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// No value for a type that needs one.
    #[error("no option value specified")]
    NoValue,
    /// Fewer CSV values than record fields.
    #[error("number of data fields for the option type '{code}' is greater than number of values provided")]
    TooFewFields {
        /// Option code.
        code: u16,
    },
    /// A field text that does not fit its type.
    #[error("unable to convert '{value}' to {expected}")]
    BadValue {
        /// The text.
        value: String,
        /// The type wanted.
        expected: &'static str,
    },
    /// Not a Kea hex string.
    #[error("option data is not a valid string of hexadecimal digits: {0}")]
    BadHex(String),
    /// Hex payload of the wrong length for the definition.
    #[error("option '{name}' needs {expected} but {got} bytes were given")]
    BadLength {
        /// Option name.
        name: String,
        /// Expected length, in words.
        expected: String,
        /// Bytes given.
        got: usize,
    },
    /// Payload over what one option of the space carries.
    #[error(
        "option payload is {len} bytes long, more than the {max} a {protocol} option can carry"
    )]
    TooLong {
        /// Payload length.
        len: usize,
        /// The space's limit (255, 65535).
        max: usize,
        /// `DHCPv4`, `DHCPv6`.
        protocol: &'static str,
    },
}

/// Kea's CSV split (`util::str::tokens` with escapes): commas separate values,
/// `\,` keeps a comma, empty values are dropped.
pub fn split_csv(data: &str) -> Vec<String> {
    let mut result = Vec::new();
    let mut token = String::new();
    let mut in_token = false;
    let mut escaped = false;
    for c in data.chars() {
        if c == ',' {
            if !in_token {
                continue;
            }
            if escaped {
                escaped = false;
                token.push(c);
            } else {
                if !token.is_empty() {
                    result.push(std::mem::take(&mut token));
                }
                in_token = false;
            }
        } else if c == '\\' {
            in_token = true;
            if escaped {
                escaped = false;
                token.push(c);
            } else {
                escaped = true;
            }
        } else {
            in_token = true;
            if escaped {
                escaped = false;
                token.push('\\');
            }
            token.push(c);
        }
    }
    if escaped {
        token.push('\\');
    }
    if !token.is_empty() {
        result.push(token);
    }
    result
}

/// Appends one sub-option TLV: 16-bit code and length when `wide`
/// (DHCPv6), 8-bit otherwise (DHCPv4); a payload too long for it is cut.
pub fn write_tlv(wide: bool, code: u16, payload: &[u8], out: &mut Vec<u8>) {
    if wide {
        let len = payload.len().min(usize::from(u16::MAX));
        out.extend(code.to_be_bytes());
        out.extend((len as u16).to_be_bytes());
        out.extend(&payload[..len]);
    } else {
        let len = payload.len().min(255);
        out.push(code as u8);
        out.push(len as u8);
        out.extend(&payload[..len]);
    }
}

/// Encodes `data` with `csv-format: true` per `def`, as Kea's
/// `OptionDefinition::optionFactory` does (a single-value type uses the first
/// value only, like Kea).
pub fn encode_csv<S: OptionSpace>(
    def: &OptionDef<'_, S>,
    data: &str,
) -> Result<Vec<u8>, EncodeError> {
    let values: Vec<String> = split_csv(data)
        .into_iter()
        .map(|v| v.trim().to_string())
        .collect();
    let mut buf = Vec::new();
    match (def.data_type, def.array) {
        (DataType::Record, _) => {
            if values.len() < def.record.len() {
                return Err(EncodeError::TooFewFields {
                    code: def.code.into(),
                });
            }
            for (value, field) in values.iter().zip(def.record) {
                write_value::<S>(value, *field, &mut buf)?;
            }
            if def.array {
                if let Some(last) = def.record.last() {
                    for value in &values[def.record.len()..] {
                        write_value::<S>(value, *last, &mut buf)?;
                    }
                }
            }
        }
        (DataType::ClasslessRoutes, _) => {
            for value in &values {
                write_classless_route(value, &mut buf)?;
            }
        }
        (DataType::Empty, _) => {
            if let Some(v) = values.first() {
                return Err(EncodeError::BadValue {
                    value: v.clone(),
                    expected: "an empty option (no data allowed)",
                });
            }
        }
        (t, true) => {
            for value in &values {
                write_value::<S>(value, t, &mut buf)?;
            }
        }
        (t, false) => {
            let value = values.first().ok_or(EncodeError::NoValue)?;
            write_value::<S>(value, t, &mut buf)?;
        }
    }
    // Kea then builds the option from these bytes, which its option class
    // may still refuse (e.g. a `pd-exclude` of length 0).
    check_hex_length(def, &buf)?;
    check_size::<S>(buf)
}

/// Encodes `data` with `csv-format: false`: Kea's quoted text (`'abc'`) or
/// formatted hex (`0a:0b`, `0a 0b`, `0a0b`, `0x0a0b`), checked against `def`
/// when there is one.
pub fn encode_hex<S: OptionSpace>(
    def: Option<&OptionDef<'_, S>>,
    data: &str,
) -> Result<Vec<u8>, EncodeError> {
    let mut bytes = decode_text_or_hex(data)?;
    if let Some(def) = def {
        check_hex_length(def, &bytes)?;
        if is_pd_exclude(def) {
            mask_pd_exclude(&mut bytes);
        }
    }
    check_size::<S>(bytes)
}

/// Kea's `quotedStringToBinary` then `decodeFormattedHexString`: `'text'` gives
/// the text's bytes; otherwise hex octets separated by `:` or spaces (one or two
/// digits each), or a plain run of digits with optional `0x` (odd length gets a
/// leading zero). Used for option data and host identifiers.
pub fn decode_text_or_hex(text: &str) -> Result<Vec<u8>, EncodeError> {
    let trimmed = text.trim();
    if trimmed.len() > 1 && trimmed.starts_with('\'') && trimmed.ends_with('\'') {
        let inner = trimmed[1..trimmed.len() - 1].trim();
        if !inner.is_empty() {
            return Ok(inner.as_bytes().to_vec());
        }
    }
    decode_formatted_hex(text).ok_or_else(|| EncodeError::BadHex(text.to_string()))
}

fn decode_formatted_hex(text: &str) -> Option<Vec<u8>> {
    let sep = if text.contains(':') {
        Some(':')
    } else if text.contains(' ') {
        Some(' ')
    } else {
        None
    };
    match sep {
        Some(sep) => {
            let parts: Vec<&str> = text.split(sep).collect();
            let mut out = Vec::with_capacity(parts.len());
            for part in &parts {
                if part.is_empty() {
                    if parts.len() > 1 {
                        return None;
                    }
                    continue;
                }
                if part.len() > 2 || !part.chars().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(part, 16).ok()?);
            }
            Some(out)
        }
        None => {
            let digits = match text.strip_prefix("0x") {
                Some(rest) if text.len() > 2 => rest,
                _ => text,
            };
            let padded = if !text.len().is_multiple_of(2) {
                format!("0{digits}")
            } else {
                digits.to_string()
            };
            decode_plain_hex(&padded)
        }
    }
}

/// Strict hex (even number of digits, no separators), Kea's binary fields.
fn decode_plain_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// Checks that `bytes` fit `def` the way Kea's option classes read them:
/// fixed-size values (one, or a whole number of them), a non-empty string;
/// tuples, IPv6 prefixes and records holding either are walked field by field
/// like Kea's `OptionCustom` (bytes past the fields are allowed only when the
/// definition encapsulates a space: they are its sub-options; Kea would drop
/// them otherwise, ruru refuses them); `pd-exclude` (dhcp6 67) as Kea's
/// `Option6PDExclude` reads it (a non-zero length, then at least one byte).
/// Other records are not checked.
pub fn check_hex_length<S: OptionSpace>(
    def: &OptionDef<'_, S>,
    bytes: &[u8],
) -> Result<(), EncodeError> {
    let bad = |expected: String| EncodeError::BadLength {
        name: def.name.to_string(),
        expected,
        got: bytes.len(),
    };
    if is_pd_exclude(def) {
        return match bytes {
            [len, _, ..] if *len != 0 => Ok(()),
            _ => Err(bad(
                "a non-zero excluded prefix length, then at least 1 byte of subnet ID".to_string(),
            )),
        };
    }
    if walks_fields(def) {
        return match walk_fields(def, bytes) {
            Some(used) if used == bytes.len() || def.encapsulate.is_some() => Ok(()),
            _ => Err(bad(layout_text(def))),
        };
    }
    match (def.data_type.fixed_size(), def.array) {
        (Some(size), false) if bytes.len() != size => Err(bad(format!("{size} bytes"))),
        (Some(size), true) if !bytes.len().is_multiple_of(size) => {
            Err(bad(format!("a multiple of {size} bytes")))
        }
        (None, _) if def.data_type == DataType::String && bytes.is_empty() => {
            Err(bad("at least 1 byte".to_string()))
        }
        _ => Ok(()),
    }
}

/// Kea's `pd-exclude` (dhcp6 67), read by its own class (`Option6PDExclude`)
/// rather than by the definition's type.
fn is_pd_exclude<S: OptionSpace>(def: &OptionDef<'_, S>) -> bool {
    S::NAME == "dhcp6" && Into::<u32>::into(def.code) == 67 && def.name == "pd-exclude"
}

/// Zeroes the bits past the excluded prefix length in the last byte, as
/// `Option6PDExclude` does when it reads hex data.
fn mask_pd_exclude(bytes: &mut [u8]) {
    let bits = bytes.first().map_or(0, |len| len % 8);
    if let (true, Some(last)) = (bits > 0, bytes.last_mut()) {
        *last = (*last >> (8 - bits)) << (8 - bits);
    }
}

/// Whether `def`'s hex data is checked by walking its fields: a tuple or an
/// IPv6 prefix, or a record with one of them.
fn walks_fields<S: OptionSpace>(def: &OptionDef<'_, S>) -> bool {
    let variable = |t: &DataType| matches!(t, DataType::Tuple | DataType::Ipv6Prefix);
    match def.data_type {
        DataType::Record => def.record.iter().any(variable),
        t => variable(&t),
    }
}

/// What [`walk_fields`] wants, for the error message.
fn layout_text<S: OptionSpace>(def: &OptionDef<'_, S>) -> String {
    let width = S::TUPLE_LEN_BYTES;
    match (def.data_type, def.array) {
        (DataType::Tuple, false) => {
            format!("one tuple (a {width}-byte length, then that many bytes)")
        }
        (DataType::Tuple, true) => {
            format!("whole tuples (each a {width}-byte length, then that many bytes)")
        }
        (DataType::Ipv6Prefix, false) => {
            "an IPv6 prefix (a length of at most 128, then ceil(length/8) bytes)".to_string()
        }
        (DataType::Ipv6Prefix, true) => {
            "whole IPv6 prefixes (each a length of at most 128, then ceil(length/8) bytes)"
                .to_string()
        }
        _ => format!("all {} fields of its record", def.record.len()),
    }
}

/// Bytes used by `def`'s fields at the start of `data` (Kea's
/// `OptionCustom::createBuffers`); `None` when a field does not fit.
fn walk_fields<S: OptionSpace>(def: &OptionDef<'_, S>, data: &[u8]) -> Option<usize> {
    let single = [def.data_type];
    let fields: &[DataType] = if def.data_type == DataType::Record {
        def.record
    } else {
        &single
    };
    let mut off = 0;
    let repeated = fields.len().saturating_sub(usize::from(def.array));
    for (i, t) in fields.iter().take(repeated).enumerate() {
        let last = !def.array && i + 1 == fields.len();
        off += field_len::<S>(*t, data.get(off..)?, last)?;
    }
    if def.array {
        let t = *fields.last()?;
        while off < data.len() {
            off += field_len::<S>(t, data.get(off..)?, false)?;
        }
    }
    Some(off)
}

/// Length of one field of type `t` at the start of `data` (Kea's
/// `OptionCustom::bufferLength`); a string or binary `last` field takes the
/// rest. `None` when the field does not fit.
fn field_len<S: OptionSpace>(t: DataType, data: &[u8], last: bool) -> Option<usize> {
    let len = match t {
        DataType::Tuple => {
            let width = S::TUPLE_LEN_BYTES;
            let size = data
                .get(..width)?
                .iter()
                .fold(0usize, |n, b| n << 8 | usize::from(*b));
            width + size
        }
        DataType::Ipv6Prefix => {
            let bits = *data.first()?;
            if bits > 128 {
                return None;
            }
            1 + usize::from(bits.div_ceil(8))
        }
        DataType::Fqdn => fqdn_len(data)?,
        DataType::Binary | DataType::String if last => data.len(),
        t => t.fixed_size()?,
    };
    (len <= data.len() && len > 0).then_some(len)
}

/// Length of the uncompressed DNS name at the start of `data` (labels up to
/// 63 bytes, 255 in all, ending with the root label).
fn fqdn_len(data: &[u8]) -> Option<usize> {
    let mut off = 0;
    loop {
        let label = usize::from(*data.get(off)?);
        if label > 63 {
            return None;
        }
        off += 1 + label;
        if off > 255 {
            return None;
        }
        if label == 0 {
            return Some(off);
        }
    }
}

fn check_size<S: OptionSpace>(buf: Vec<u8>) -> Result<Vec<u8>, EncodeError> {
    if buf.len() > S::MAX_PAYLOAD {
        return Err(EncodeError::TooLong {
            len: buf.len(),
            max: S::MAX_PAYLOAD,
            protocol: S::PROTOCOL,
        });
    }
    Ok(buf)
}

fn bad(value: &str, expected: &'static str) -> EncodeError {
    EncodeError::BadValue {
        value: value.to_string(),
        expected,
    }
}

/// Kea's integer reading: decimal, else hexadecimal (with or without `0x`).
fn parse_int(value: &str) -> Option<i64> {
    if let Ok(v) = value.parse::<i64>() {
        return Some(v);
    }
    let hex = value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
        .unwrap_or(value);
    i64::from_str_radix(hex, 16).ok()
}

fn int_in(value: &str, min: i64, max: i64, expected: &'static str) -> Result<i64, EncodeError> {
    match parse_int(value) {
        Some(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(bad(value, expected)),
    }
}

/// Writes one field `value` of type `t` for an option of the family `S`
/// (Kea's `writeToBuffer`; the family sets a tuple's length width).
pub fn write_value<S: OptionSpace>(
    value: &str,
    t: DataType,
    buf: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    match t {
        DataType::Binary => {
            // Kea reads a csv binary field as hex digits, blanks between
            // groups allowed (`0102 0a0B`), no `:` and no `0x`.
            let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            buf.extend(decode_plain_hex(&digits).ok_or_else(|| bad(value, "binary (hex digits)"))?)
        }
        DataType::Boolean => {
            let b = if value.eq_ignore_ascii_case("true") {
                1
            } else if value.eq_ignore_ascii_case("false") {
                0
            } else {
                match value.parse::<i64>() {
                    Ok(v @ (0 | 1)) => v as u8,
                    _ => return Err(bad(value, "boolean")),
                }
            };
            buf.push(b);
        }
        DataType::Int8 => buf.push(int_in(value, -128, 127, "int8")? as i8 as u8),
        DataType::Int16 => {
            buf.extend((int_in(value, -32768, 32767, "int16")? as i16).to_be_bytes())
        }
        DataType::Int32 => buf.extend(
            (int_in(value, i32::MIN.into(), i32::MAX.into(), "int32")? as i32).to_be_bytes(),
        ),
        DataType::Uint8 => buf.push(int_in(value, 0, 255, "uint8")? as u8),
        DataType::Uint16 => buf.extend((int_in(value, 0, 65535, "uint16")? as u16).to_be_bytes()),
        DataType::Uint32 => {
            buf.extend((int_in(value, 0, u32::MAX.into(), "uint32")? as u32).to_be_bytes())
        }
        DataType::Ipv4Address => buf.extend(
            value
                .parse::<Ipv4Addr>()
                .map_err(|_| bad(value, "an IPv4 address"))?
                .octets(),
        ),
        DataType::Ipv6Address => buf.extend(
            value
                .parse::<Ipv6Addr>()
                .map_err(|_| bad(value, "an IPv6 address"))?
                .octets(),
        ),
        DataType::Psid => write_psid(value, buf)?,
        DataType::Ipv6Prefix => write_ipv6_prefix(value, buf)?,
        DataType::Tuple => write_tuple(value, S::TUPLE_LEN_BYTES, buf)?,
        DataType::String => buf.extend(value.as_bytes()),
        DataType::Fqdn => buf.extend(encode_fqdn(value)?),
        DataType::ClasslessRoutes => write_classless_route(value, buf)?,
        DataType::Empty | DataType::Record => return Err(bad(value, "a data field")),
    }
    Ok(())
}

fn write_psid(value: &str, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
    let text: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let (psid, len) = text
        .split_once('/')
        .ok_or_else(|| bad(value, "a PSID (psid/length)"))?;
    let psid = int_in(psid, 0, 65535, "a PSID (psid/length)")? as u32;
    let len = int_in(len, 0, 16, "a PSID length (0..16)")? as u32;
    if len == 0 && psid != 0 || len > 0 && len < 16 && psid >= 1 << len {
        return Err(bad(value, "a PSID that fits its length"));
    }
    buf.push(len as u8);
    let aligned = if len == 0 { 0 } else { psid << (16 - len) };
    buf.extend((aligned as u16).to_be_bytes());
    Ok(())
}

/// `2001:db8::/48` -> length byte, then the ⌈len/8⌉ bytes holding the prefix,
/// bits past the length zeroed (Kea's `writePrefix`); blanks are ignored.
fn write_ipv6_prefix(value: &str, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
    const EXPECTED: &str = "an IPv6 prefix (prefix/length)";
    let text: String = value.chars().filter(|c| *c != ' ' && *c != '\t').collect();
    let (addr, len) = text.split_once('/').ok_or_else(|| bad(value, EXPECTED))?;
    let addr: Ipv6Addr = addr.parse().map_err(|_| bad(value, EXPECTED))?;
    let len = int_in(len, 0, 128, "an IPv6 prefix length (0..128)")? as u8;
    let octets = addr.octets();
    let used = usize::from(len.div_ceil(8));
    buf.push(len);
    buf.extend(&octets[..used]);
    let spare = (8 - len % 8) % 8;
    if let (true, Some(last)) = (spare > 0, buf.last_mut()) {
        *last = (*last >> spare) << spare;
    }
    Ok(())
}

/// A tuple: the text's length in `width` bytes (1 in DHCPv4, 2 in DHCPv6),
/// then the text (Kea's `writeTuple`).
fn write_tuple(value: &str, width: usize, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
    let len = value.len();
    match width {
        1 => buf.push(u8::try_from(len).map_err(|_| bad(value, "a tuple of at most 255 bytes"))?),
        _ => buf.extend(
            u16::try_from(len)
                .map_err(|_| bad(value, "a tuple of at most 65535 bytes"))?
                .to_be_bytes(),
        ),
    }
    buf.extend(value.as_bytes());
    Ok(())
}

/// `"10.0.0.0/8 - 10.1.1.1"` -> RFC 3442 descriptor (width, significant
/// destination octets, router).
fn write_classless_route(value: &str, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
    const EXPECTED: &str = "a classless route (prefix/len - router)";
    let (dest, router) = value.split_once('-').ok_or_else(|| bad(value, EXPECTED))?;
    let net: ipnet::Ipv4Net = dest.trim().parse().map_err(|_| bad(value, EXPECTED))?;
    let router: Ipv4Addr = router.trim().parse().map_err(|_| bad(value, EXPECTED))?;
    let width = net.prefix_len();
    buf.push(width);
    let significant = usize::from(width.div_ceil(8));
    buf.extend(&net.network().octets()[..significant]);
    buf.extend(router.octets());
    Ok(())
}

/// A domain name in DNS wire format, uncompressed (`example.org` ->
/// `7example3org0`). A trailing dot is optional; `.` is the root.
pub fn encode_fqdn(name: &str) -> Result<Vec<u8>, EncodeError> {
    const EXPECTED: &str = "a domain name";
    let name = name.trim();
    let body = name.strip_suffix('.').unwrap_or(name);
    let mut out = Vec::with_capacity(body.len() + 2);
    if !body.is_empty() {
        for label in body.split('.') {
            if label.is_empty() || label.len() > 63 {
                return Err(bad(name, EXPECTED));
            }
            out.push(label.len() as u8);
            out.extend(label.as_bytes());
        }
    } else if name.is_empty() {
        return Err(bad(name, EXPECTED));
    }
    out.push(0);
    if out.len() > 255 {
        return Err(bad(name, EXPECTED));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::dhcp4::Dhcp4;
    use crate::options::dhcp6::Dhcp6;

    fn csv(name: &str, data: &str) -> Result<Vec<u8>, EncodeError> {
        encode_csv(Dhcp4::by_name(name).expect("standard option"), data)
    }

    #[test]
    fn ipv4_lists_encode_as_consecutive_addresses() {
        assert_eq!(
            csv("domain-name-servers", "192.0.2.1, 192.0.2.2").expect("test input is valid"),
            vec![192, 0, 2, 1, 192, 0, 2, 2]
        );
        assert!(csv("routers", "192.0.2.300").is_err());
    }

    #[test]
    fn single_value_types_use_the_first_value_like_kea() {
        assert_eq!(
            csv("domain-name", "example.org").expect("test input is valid"),
            b"example.org"
        );
        assert_eq!(
            csv("domain-name", "a, b").expect("test input is valid"),
            b"a"
        );
        assert_eq!(
            csv("domain-name", "a\\, b").expect("test input is valid"),
            b"a, b"
        );
        assert_eq!(csv("domain-name", ""), Err(EncodeError::NoValue));
    }

    #[test]
    fn integers_are_range_checked_and_accept_hex() {
        assert_eq!(
            csv("dhcp-lease-time", "3600").expect("test input is valid"),
            vec![0, 0, 0x0e, 0x10]
        );
        assert_eq!(
            csv("default-ip-ttl", "0x40").expect("test input is valid"),
            vec![0x40]
        );
        assert!(csv("default-ip-ttl", "256").is_err());
        assert!(csv("interface-mtu", "-1").is_err());
        assert_eq!(
            csv("time-offset", "-1").expect("test input is valid"),
            vec![0xff; 4]
        );
    }

    #[test]
    fn booleans_take_words_or_digits() {
        assert_eq!(
            csv("ip-forwarding", "True").expect("test input is valid"),
            vec![1]
        );
        assert_eq!(
            csv("ip-forwarding", "0").expect("test input is valid"),
            vec![0]
        );
        assert!(csv("ip-forwarding", "2").is_err());
    }

    #[test]
    fn domain_search_is_a_list_of_wire_format_names() {
        assert_eq!(
            csv("domain-search", "example.org, a.b.").expect("test input is valid"),
            b"\x07example\x03org\x00\x01a\x01b\x00".to_vec()
        );
        assert!(csv("domain-search", "bad..name").is_err());
    }

    #[test]
    fn records_fill_fields_in_order() {
        // client-ndi: three uint8.
        assert_eq!(
            csv("client-ndi", "1, 2, 3").expect("test input is valid"),
            vec![1, 2, 3]
        );
        assert!(matches!(
            csv("client-ndi", "1, 2"),
            Err(EncodeError::TooFewFields { code: 94 })
        ));
        // vivco-suboptions: uint32 enterprise then binary.
        assert_eq!(
            csv("vivco-suboptions", "4491, 0a0b").expect("test input is valid"),
            vec![0, 0, 0x11, 0x8b, 0x0a, 0x0b]
        );
    }

    #[test]
    fn classless_routes_follow_rfc_3442() {
        assert_eq!(
            csv(
                "classless-static-route",
                "10.0.0.0/8 - 10.1.1.1, 0.0.0.0/0 - 10.0.0.1"
            )
            .expect("test input is valid"),
            vec![8, 10, 10, 1, 1, 1, 0, 10, 0, 0, 1]
        );
    }

    #[test]
    fn hex_accepts_kea_formats_and_quoted_text() {
        for text in ["0A 0B", "0a:0b", "0a0b", "0x0a0b", "a:b"] {
            assert_eq!(
                encode_hex::<Dhcp4>(None, text).expect("test input is valid"),
                vec![0x0a, 0x0b],
                "{text}"
            );
        }
        assert_eq!(
            encode_hex::<Dhcp4>(None, "abc").expect("test input is valid"),
            vec![0x0a, 0xbc]
        );
        assert_eq!(
            encode_hex::<Dhcp4>(None, "'abc'").expect("test input is valid"),
            b"abc".to_vec()
        );
        assert!(encode_hex::<Dhcp4>(None, "0a::0b").is_err());
        assert!(encode_hex::<Dhcp4>(None, "zz").is_err());
    }

    #[test]
    fn hex_length_is_checked_against_the_definition() {
        let mask = Dhcp4::by_name("subnet-mask");
        assert_eq!(
            encode_hex(mask, "ffffff00").expect("test input is valid"),
            vec![255, 255, 255, 0]
        );
        assert!(encode_hex(mask, "ffff").is_err());
        assert!(encode_hex(Dhcp4::by_name("routers"), "0a000001 0a").is_err());
    }

    fn v6(space: &str, name: &str) -> &'static OptionDef<'static, Dhcp6> {
        Dhcp6::by_name_in(space, name).expect("standard option")
    }

    fn hex(text: &str) -> Vec<u8> {
        decode_text_or_hex(text).expect("test hex is valid")
    }

    const TUPLE4: OptionDef<'static, Dhcp4> = OptionDef::new("t", 200, DataType::Tuple, false);
    const TUPLE6: OptionDef<'static, Dhcp6> = OptionDef::new("t", 200, DataType::Tuple, false);
    const PREFIX6: OptionDef<'static, Dhcp6> =
        OptionDef::new("p", 200, DataType::Ipv6Prefix, false);

    #[test]
    fn tuples_take_the_family_length_width() {
        assert_eq!(encode_csv(&TUPLE4, "abc"), Ok(hex("03616263")));
        assert_eq!(encode_csv(&TUPLE6, "abc"), Ok(hex("0003616263")));
        let long = "x".repeat(256);
        assert!(matches!(
            encode_csv(&TUPLE4, &long),
            Err(EncodeError::BadValue { .. })
        ));
        assert_eq!(encode_csv(&TUPLE6, &long).map(|b| b.len()), Ok(258));
    }

    #[test]
    fn bootfile_param_is_a_list_of_tuples() {
        let def = Dhcp6::by_name("bootfile-param").expect("standard option");
        assert_eq!(
            encode_csv(def, "url1,url2"),
            Ok(hex("000475726c31000475726c32"))
        );
        // Kea's `\,` keeps a comma inside one tuple.
        assert_eq!(
            encode_csv(def, "root=/dev/sda\\,ro"),
            Ok([&[0, 16][..], b"root=/dev/sda,ro"].concat())
        );
        assert_eq!(
            encode_hex(Some(def), "000475726c31000475726c32"),
            Ok(hex("000475726c31000475726c32"))
        );
        // A truncated second tuple, and a 1-byte length, are refused.
        assert!(matches!(
            encode_hex(Some(def), "000475726c31000575726c32"),
            Err(EncodeError::BadLength { .. })
        ));
        assert!(encode_hex(Some(def), "0475726c31").is_err());
    }

    #[test]
    fn single_tuples_in_hex_are_walked() {
        assert_eq!(encode_hex(Some(&TUPLE4), "03616263"), Ok(hex("03616263")));
        assert!(encode_hex(Some(&TUPLE4), "036162").is_err());
        assert!(encode_hex(Some(&TUPLE4), "0361626364").is_err());
        assert!(encode_hex(Some(&TUPLE6), "03616263").is_err());
        assert_eq!(encode_hex(Some(&TUPLE6), "0000"), Ok(vec![0, 0]));
    }

    #[test]
    fn ipv6_prefixes_keep_only_the_prefix_bytes() {
        assert_eq!(
            encode_csv(&PREFIX6, "2001:db8::/48"),
            Ok(hex("3020010db80000"))
        );
        assert_eq!(
            encode_csv(&PREFIX6, " 2001:db8:: / 32 "),
            Ok(hex("2020010db8"))
        );
        assert_eq!(encode_csv(&PREFIX6, "::/0"), Ok(vec![0]));
        // Bits past the length are zeroed.
        assert_eq!(
            encode_csv(&PREFIX6, "2001:dbff::/28"),
            Ok(hex("1c2001dbf0"))
        );
        assert_eq!(
            encode_csv(&PREFIX6, "2001:db8::1/128").map(|b| b.len()),
            Ok(17)
        );
        for bad in [
            "2001:db8::/129",
            "2001:db8::",
            "192.0.2.0/24",
            "2001:db8::/x",
            "/48",
        ] {
            assert!(
                matches!(encode_csv(&PREFIX6, bad), Err(EncodeError::BadValue { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn ipv6_prefixes_in_hex_are_checked() {
        let dmr = v6("s46-cont-mapt-options", "s46-dmr");
        assert_eq!(
            encode_hex(Some(dmr), "3020010db80000"),
            Ok(hex("3020010db80000"))
        );
        assert_eq!(encode_hex(Some(dmr), "00"), Ok(vec![0]));
        for bad in ["3020010db800", "3020010db8000000", "81", ""] {
            assert!(encode_hex(Some(dmr), bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pd_exclude_is_read_as_kea_reads_it() {
        let def = Dhcp6::by_name("pd-exclude").expect("standard option");
        assert_eq!(
            encode_csv(def, "2001:db8:0:1::/64"),
            Ok(hex("4020010db800000001"))
        );
        // Option6PDExclude: a non-zero length, then at least one byte.
        assert!(matches!(
            encode_csv(def, "::/0"),
            Err(EncodeError::BadLength { .. })
        ));
        assert!(encode_hex(Some(def), "00 01").is_err());
        assert!(encode_hex(Some(def), "40").is_err());
        assert_eq!(encode_hex(Some(def), "41 ff"), Ok(vec![0x41, 0x80]));
        assert_eq!(
            encode_hex(Some(def), "40 12 34"),
            Ok(vec![0x40, 0x12, 0x34])
        );
    }

    #[test]
    fn psid_is_length_then_left_aligned_value() {
        let def = Dhcp4::by_name("v4-portparams").expect("standard option");
        assert_eq!(encode_csv(def, "0, 1/8"), Ok(hex("00080100")));
        let ports = v6("s46-rule-options", "s46-portparams");
        assert_eq!(encode_csv(ports, "6, 0x34/6"), Ok(hex("0606d000")));
        assert!(encode_csv(ports, "0, 256/8").is_err());
        assert!(encode_csv(ports, "0, 1/17").is_err());
        assert!(encode_csv(ports, "0, 18").is_err());
    }

    #[test]
    fn s46_records_end_with_an_ipv6_prefix() {
        // flags, ea-len, prefix4-len, ipv4-prefix, ipv6-prefix (RFC 7598 order).
        let rule = v6("s46-cont-mape-options", "s46-rule");
        let wire = hex("000018c00002004020010db800000000");
        assert_eq!(
            encode_csv(rule, "0, 0, 24, 192.0.2.0, 2001:db8::/64"),
            Ok(wire.clone())
        );
        assert_eq!(
            encode_hex(Some(rule), "000018c00002004020010db800000000"),
            Ok(wire)
        );
        // Bytes after the fields are s46-rule-options sub-options.
        assert!(encode_hex(Some(rule), "000018c00002004020010db800000000005d0003000801").is_ok());
        assert!(encode_hex(Some(rule), "000018c00002004020010db8").is_err());
        assert!(matches!(
            encode_csv(rule, "0, 0, 24, 192.0.2.0"),
            Err(EncodeError::TooFewFields { code: 89 })
        ));
        assert!(encode_csv(rule, "0, 0, 24, 192.0.2.0, 2001:db8::").is_err());
        let bind = v6("s46-cont-lw-options", "s46-v4v6bind");
        assert_eq!(
            encode_csv(bind, "192.0.2.1, 2001:db8:1::/48"),
            Ok(hex("c00002013020010db80001"))
        );
    }

    #[test]
    fn records_with_a_tuple_are_walked_in_hex() {
        const REC: OptionDef<'static, Dhcp4> = OptionDef::record(
            "r",
            201,
            &[DataType::Fqdn, DataType::Tuple, DataType::Uint8],
            false,
        );
        assert_eq!(
            encode_csv(&REC, "a.b, xy, 7"),
            Ok(hex("016101620002787907"))
        );
        assert!(encode_hex(Some(&REC), "016101620002787907").is_ok());
        assert!(encode_hex(Some(&REC), "0161016200027879").is_err());
        assert!(encode_hex(Some(&REC), "01610162000278790708").is_err());
        assert!(encode_hex(Some(&REC), "ff6101620002787907").is_err());
    }

    #[test]
    fn payloads_over_255_bytes_are_refused() {
        let many = vec!["10.0.0.1"; 64].join(",");
        assert!(matches!(
            csv("routers", &many),
            Err(EncodeError::TooLong { len: 256, .. })
        ));
    }
}
