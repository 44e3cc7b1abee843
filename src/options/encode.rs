//! The codecs between Kea's option-data text and option bytes, for any
//! option space: CSV values typed per definition (Kea's `optionFactory` and
//! `writeToBuffer`), Kea's quoted text or formatted hex, DNS names.
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
        name: &'static str,
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

/// Encodes `data` with `csv-format: true` per `def`, as Kea's
/// `OptionDefinition::optionFactory` does (a single-value type uses the first
/// value only, like Kea).
pub fn encode_csv<S: OptionSpace>(def: &OptionDef<S>, data: &str) -> Result<Vec<u8>, EncodeError> {
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
                write_value(value, *field, &mut buf)?;
            }
            if def.array {
                if let Some(last) = def.record.last() {
                    for value in &values[def.record.len()..] {
                        write_value(value, *last, &mut buf)?;
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
                write_value(value, t, &mut buf)?;
            }
        }
        (t, false) => {
            let value = values.first().ok_or(EncodeError::NoValue)?;
            write_value(value, t, &mut buf)?;
        }
    }
    check_size::<S>(buf)
}

/// Encodes `data` with `csv-format: false`: Kea's quoted text (`'abc'`) or
/// formatted hex (`0a:0b`, `0a 0b`, `0a0b`, `0x0a0b`), checked against `def`
/// when there is one.
pub fn encode_hex<S: OptionSpace>(
    def: Option<&OptionDef<S>>,
    data: &str,
) -> Result<Vec<u8>, EncodeError> {
    let bytes = decode_text_or_hex(data)?;
    if let Some(def) = def {
        check_hex_length(def, &bytes)?;
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

fn check_hex_length<S: OptionSpace>(def: &OptionDef<S>, bytes: &[u8]) -> Result<(), EncodeError> {
    let bad = |expected: String| EncodeError::BadLength {
        name: def.name,
        expected,
        got: bytes.len(),
    };
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

/// Writes one field `value` of type `t` (Kea's `writeToBuffer`).
pub fn write_value(value: &str, t: DataType, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
    match t {
        DataType::Binary => {
            buf.extend(decode_plain_hex(value).ok_or_else(|| bad(value, "binary (hex digits)"))?)
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

    #[test]
    fn payloads_over_255_bytes_are_refused() {
        let many = vec!["10.0.0.1"; 64].join(",");
        assert!(matches!(
            csv("routers", &many),
            Err(EncodeError::TooLong { len: 256, .. })
        ));
    }
}
