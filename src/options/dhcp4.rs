//! Standard DHCPv4 option definitions (names, codes, data types) as Kea 2.2
//! knows them, and the encoder that turns an `option-data` `data` text into the
//! option payload the way Kea does (CSV fields typed per definition, or hex).
//!
//! Pure functions: no configuration paths here; callers add the JSON path.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Kea's option data types (`option_data_types.h`), the ones DHCPv4 uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    /// No payload (or encapsulated sub-options).
    Empty,
    /// Opaque bytes, written in hex.
    Binary,
    /// One byte, 0 or 1; `true`/`false` in text.
    Boolean,
    /// Signed 8-bit integer.
    Int8,
    /// Signed 16-bit integer, network order.
    Int16,
    /// Signed 32-bit integer, network order.
    Int32,
    /// Unsigned 8-bit integer.
    Uint8,
    /// Unsigned 16-bit integer, network order.
    Uint16,
    /// Unsigned 32-bit integer, network order.
    Uint32,
    /// Four bytes.
    Ipv4Address,
    /// Sixteen bytes.
    Ipv6Address,
    /// PSID (RFC 7597): `psid/len` -> length byte + left-aligned 16-bit PSID.
    Psid,
    /// Text bytes, not terminated.
    String,
    /// Domain name in DNS wire format (RFC 1035 3.1), uncompressed.
    Fqdn,
    /// A record of the fields in `OptionDef::record`.
    Record,
    /// RFC 3442 classless routes, `prefix/len - router` per item (ruru
    /// extension: Kea 2.2 has no definition for option 121; this is Kea 2.6's
    /// text format).
    ClasslessRoutes,
}

impl DataType {
    /// Payload size of a fixed-size type.
    pub fn fixed_size(self) -> Option<usize> {
        Some(match self {
            Self::Boolean | Self::Int8 | Self::Uint8 => 1,
            Self::Int16 | Self::Uint16 => 2,
            Self::Int32 | Self::Uint32 | Self::Ipv4Address => 4,
            Self::Ipv6Address => 16,
            Self::Psid => 3,
            _ => return None,
        })
    }
}

/// One standard option definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDef {
    /// Kea's option name (`domain-name-servers`).
    pub name: &'static str,
    /// Option code in the `dhcp4` space.
    pub code: u8,
    /// Payload type.
    pub data_type: DataType,
    /// Payload is a list of `data_type` (or of the last record field).
    pub array: bool,
    /// Field types when `data_type` is `Record`.
    pub record: &'static [DataType],
    /// Option space of encapsulated sub-options, if any.
    pub encapsulate: Option<&'static str>,
}

const fn def(
    name: &'static str,
    code: u8,
    data_type: DataType,
    array: bool,
    record: &'static [DataType],
    encapsulate: Option<&'static str>,
) -> OptionDef {
    OptionDef {
        name,
        code,
        data_type,
        array,
        record,
        encapsulate,
    }
}

/// Kea 2.2's standard DHCPv4 definitions (`std_option_defs.h`, including the
/// last-resort `vendor-encapsulated-options`), plus `classless-static-route`.
pub static STANDARD_V4: &[OptionDef] = &[
    def("subnet-mask", 1, DataType::Ipv4Address, false, &[], None),
    def("time-offset", 2, DataType::Int32, false, &[], None),
    def("routers", 3, DataType::Ipv4Address, true, &[], None),
    def("time-servers", 4, DataType::Ipv4Address, true, &[], None),
    def("name-servers", 5, DataType::Ipv4Address, true, &[], None),
    def(
        "domain-name-servers",
        6,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def("log-servers", 7, DataType::Ipv4Address, true, &[], None),
    def("cookie-servers", 8, DataType::Ipv4Address, true, &[], None),
    def("lpr-servers", 9, DataType::Ipv4Address, true, &[], None),
    def(
        "impress-servers",
        10,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def(
        "resource-location-servers",
        11,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def("host-name", 12, DataType::String, false, &[], None),
    def("boot-size", 13, DataType::Uint16, false, &[], None),
    def("merit-dump", 14, DataType::String, false, &[], None),
    def("domain-name", 15, DataType::String, false, &[], None),
    def("swap-server", 16, DataType::Ipv4Address, false, &[], None),
    def("root-path", 17, DataType::String, false, &[], None),
    def("extensions-path", 18, DataType::String, false, &[], None),
    def("ip-forwarding", 19, DataType::Boolean, false, &[], None),
    def(
        "non-local-source-routing",
        20,
        DataType::Boolean,
        false,
        &[],
        None,
    ),
    def("policy-filter", 21, DataType::Ipv4Address, true, &[], None),
    def(
        "max-dgram-reassembly",
        22,
        DataType::Uint16,
        false,
        &[],
        None,
    ),
    def("default-ip-ttl", 23, DataType::Uint8, false, &[], None),
    def(
        "path-mtu-aging-timeout",
        24,
        DataType::Uint32,
        false,
        &[],
        None,
    ),
    def(
        "path-mtu-plateau-table",
        25,
        DataType::Uint16,
        true,
        &[],
        None,
    ),
    def("interface-mtu", 26, DataType::Uint16, false, &[], None),
    def("all-subnets-local", 27, DataType::Boolean, false, &[], None),
    def(
        "broadcast-address",
        28,
        DataType::Ipv4Address,
        false,
        &[],
        None,
    ),
    def(
        "perform-mask-discovery",
        29,
        DataType::Boolean,
        false,
        &[],
        None,
    ),
    def("mask-supplier", 30, DataType::Boolean, false, &[], None),
    def("router-discovery", 31, DataType::Boolean, false, &[], None),
    def(
        "router-solicitation-address",
        32,
        DataType::Ipv4Address,
        false,
        &[],
        None,
    ),
    def("static-routes", 33, DataType::Ipv4Address, true, &[], None),
    def(
        "trailer-encapsulation",
        34,
        DataType::Boolean,
        false,
        &[],
        None,
    ),
    def("arp-cache-timeout", 35, DataType::Uint32, false, &[], None),
    def(
        "ieee802-3-encapsulation",
        36,
        DataType::Boolean,
        false,
        &[],
        None,
    ),
    def("default-tcp-ttl", 37, DataType::Uint8, false, &[], None),
    def(
        "tcp-keepalive-interval",
        38,
        DataType::Uint32,
        false,
        &[],
        None,
    ),
    def(
        "tcp-keepalive-garbage",
        39,
        DataType::Boolean,
        false,
        &[],
        None,
    ),
    def("nis-domain", 40, DataType::String, false, &[], None),
    def("nis-servers", 41, DataType::Ipv4Address, true, &[], None),
    def("ntp-servers", 42, DataType::Ipv4Address, true, &[], None),
    def(
        "netbios-name-servers",
        44,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def(
        "netbios-dd-server",
        45,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def("netbios-node-type", 46, DataType::Uint8, false, &[], None),
    def("netbios-scope", 47, DataType::String, false, &[], None),
    def("font-servers", 48, DataType::Ipv4Address, true, &[], None),
    def(
        "x-display-manager",
        49,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def(
        "dhcp-requested-address",
        50,
        DataType::Ipv4Address,
        false,
        &[],
        None,
    ),
    def("dhcp-lease-time", 51, DataType::Uint32, false, &[], None),
    def(
        "dhcp-option-overload",
        52,
        DataType::Uint8,
        false,
        &[],
        None,
    ),
    def("dhcp-message-type", 53, DataType::Uint8, false, &[], None),
    def(
        "dhcp-server-identifier",
        54,
        DataType::Ipv4Address,
        false,
        &[],
        None,
    ),
    def(
        "dhcp-parameter-request-list",
        55,
        DataType::Uint8,
        true,
        &[],
        None,
    ),
    def("dhcp-message", 56, DataType::String, false, &[], None),
    def(
        "dhcp-max-message-size",
        57,
        DataType::Uint16,
        false,
        &[],
        None,
    ),
    def("dhcp-renewal-time", 58, DataType::Uint32, false, &[], None),
    def(
        "dhcp-rebinding-time",
        59,
        DataType::Uint32,
        false,
        &[],
        None,
    ),
    def(
        "vendor-class-identifier",
        60,
        DataType::String,
        false,
        &[],
        None,
    ),
    def(
        "dhcp-client-identifier",
        61,
        DataType::Binary,
        false,
        &[],
        None,
    ),
    def("nwip-domain-name", 62, DataType::String, false, &[], None),
    def("nwip-suboptions", 63, DataType::Binary, false, &[], None),
    def(
        "nisplus-domain-name",
        64,
        DataType::String,
        false,
        &[],
        None,
    ),
    def(
        "nisplus-servers",
        65,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def("tftp-server-name", 66, DataType::String, false, &[], None),
    def("boot-file-name", 67, DataType::String, false, &[], None),
    def(
        "mobile-ip-home-agent",
        68,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def("smtp-server", 69, DataType::Ipv4Address, true, &[], None),
    def("pop-server", 70, DataType::Ipv4Address, true, &[], None),
    def("nntp-server", 71, DataType::Ipv4Address, true, &[], None),
    def("www-server", 72, DataType::Ipv4Address, true, &[], None),
    def("finger-server", 73, DataType::Ipv4Address, true, &[], None),
    def("irc-server", 74, DataType::Ipv4Address, true, &[], None),
    def(
        "streettalk-server",
        75,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def(
        "streettalk-directory-assistance-server",
        76,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def("user-class", 77, DataType::Binary, false, &[], None),
    def(
        "slp-directory-agent",
        78,
        DataType::Record,
        true,
        &[DataType::Boolean, DataType::Ipv4Address],
        None,
    ),
    def(
        "slp-service-scope",
        79,
        DataType::Record,
        false,
        &[DataType::Boolean, DataType::String],
        None,
    ),
    def(
        "fqdn",
        81,
        DataType::Record,
        false,
        &[
            DataType::Uint8,
            DataType::Uint8,
            DataType::Uint8,
            DataType::Fqdn,
        ],
        None,
    ),
    def(
        "dhcp-agent-options",
        82,
        DataType::Empty,
        false,
        &[],
        Some("dhcp-agent-options-space"),
    ),
    def("nds-servers", 85, DataType::Ipv4Address, true, &[], None),
    def("nds-tree-name", 86, DataType::String, false, &[], None),
    def("nds-context", 87, DataType::String, false, &[], None),
    def("bcms-controller-names", 88, DataType::Fqdn, true, &[], None),
    def(
        "bcms-controller-address",
        89,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def("authenticate", 90, DataType::Binary, false, &[], None),
    def(
        "client-last-transaction-time",
        91,
        DataType::Uint32,
        false,
        &[],
        None,
    ),
    def("associated-ip", 92, DataType::Ipv4Address, true, &[], None),
    def("client-system", 93, DataType::Uint16, true, &[], None),
    def(
        "client-ndi",
        94,
        DataType::Record,
        false,
        &[DataType::Uint8, DataType::Uint8, DataType::Uint8],
        None,
    ),
    def(
        "uuid-guid",
        97,
        DataType::Record,
        false,
        &[DataType::Uint8, DataType::Binary],
        None,
    ),
    def("uap-servers", 98, DataType::String, false, &[], None),
    def("geoconf-civic", 99, DataType::Binary, false, &[], None),
    def("pcode", 100, DataType::String, false, &[], None),
    def("tcode", 101, DataType::String, false, &[], None),
    def("v6-only-preferred", 108, DataType::Uint32, false, &[], None),
    def(
        "netinfo-server-address",
        112,
        DataType::Ipv4Address,
        true,
        &[],
        None,
    ),
    def(
        "netinfo-server-tag",
        113,
        DataType::String,
        false,
        &[],
        None,
    ),
    def("v4-captive-portal", 114, DataType::String, false, &[], None),
    def("auto-config", 116, DataType::Uint8, false, &[], None),
    def(
        "name-service-search",
        117,
        DataType::Uint16,
        true,
        &[],
        None,
    ),
    def(
        "subnet-selection",
        118,
        DataType::Ipv4Address,
        false,
        &[],
        None,
    ),
    def("domain-search", 119, DataType::Fqdn, true, &[], None),
    def(
        "vivco-suboptions",
        124,
        DataType::Record,
        false,
        &[DataType::Uint32, DataType::Binary],
        None,
    ),
    def("vivso-suboptions", 125, DataType::Uint32, false, &[], None),
    def("pana-agent", 136, DataType::Ipv4Address, true, &[], None),
    def("v4-lost", 137, DataType::Fqdn, false, &[], None),
    def("capwap-ac-v4", 138, DataType::Ipv4Address, true, &[], None),
    def("sip-ua-cs-domains", 141, DataType::Fqdn, true, &[], None),
    def(
        "rdnss-selection",
        146,
        DataType::Record,
        true,
        &[
            DataType::Uint8,
            DataType::Ipv4Address,
            DataType::Ipv4Address,
            DataType::Fqdn,
        ],
        None,
    ),
    def(
        "v4-portparams",
        159,
        DataType::Record,
        false,
        &[DataType::Uint8, DataType::Psid],
        None,
    ),
    def(
        "option-6rd",
        212,
        DataType::Record,
        true,
        &[
            DataType::Uint8,
            DataType::Uint8,
            DataType::Ipv6Address,
            DataType::Ipv4Address,
        ],
        None,
    ),
    def("v4-access-domain", 213, DataType::Fqdn, false, &[], None),
    def(
        "vendor-encapsulated-options",
        43,
        DataType::Empty,
        false,
        &[],
        Some("vendor-encapsulated-options-space"),
    ),
    def(
        "classless-static-route",
        121,
        DataType::ClasslessRoutes,
        false,
        &[],
        None,
    ),
];

/// The standard definition named `name`.
pub fn by_name(name: &str) -> Option<&'static OptionDef> {
    STANDARD_V4.iter().find(|d| d.name == name)
}

/// The standard definition with `code`.
pub fn by_code(code: u8) -> Option<&'static OptionDef> {
    STANDARD_V4.iter().find(|d| d.code == code)
}

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
        code: u8,
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
    /// Payload over 255 bytes (one DHCPv4 option).
    #[error("option payload is {0} bytes long, more than the 255 a DHCPv4 option can carry")]
    TooLong(usize),
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
pub fn encode_csv(def: &OptionDef, data: &str) -> Result<Vec<u8>, EncodeError> {
    let values: Vec<String> = split_csv(data)
        .into_iter()
        .map(|v| v.trim().to_string())
        .collect();
    let mut buf = Vec::new();
    match (def.data_type, def.array) {
        (DataType::Record, _) => {
            if values.len() < def.record.len() {
                return Err(EncodeError::TooFewFields { code: def.code });
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
    check_size(buf)
}

/// Encodes `data` with `csv-format: false`: Kea's quoted text (`'abc'`) or
/// formatted hex (`0a:0b`, `0a 0b`, `0a0b`, `0x0a0b`), checked against `def`
/// when there is one.
pub fn encode_hex(def: Option<&OptionDef>, data: &str) -> Result<Vec<u8>, EncodeError> {
    let bytes = decode_text_or_hex(data)?;
    if let Some(def) = def {
        check_hex_length(def, &bytes)?;
    }
    check_size(bytes)
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

fn check_hex_length(def: &OptionDef, bytes: &[u8]) -> Result<(), EncodeError> {
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

fn check_size(buf: Vec<u8>) -> Result<Vec<u8>, EncodeError> {
    if buf.len() > 255 {
        return Err(EncodeError::TooLong(buf.len()));
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

/// Writes one field `value` of type `t` (Kea's `writeToBuffer`); shared with
/// the DHCPv6 option encoder.
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

    fn csv(name: &str, data: &str) -> Result<Vec<u8>, EncodeError> {
        encode_csv(by_name(name).expect("standard option"), data)
    }

    #[test]
    fn table_has_the_rfc_2132_options_kea_names() {
        for (name, code) in [
            ("subnet-mask", 1),
            ("routers", 3),
            ("domain-name-servers", 6),
            ("host-name", 12),
            ("domain-name", 15),
            ("broadcast-address", 28),
            ("static-routes", 33),
            ("ntp-servers", 42),
            ("vendor-encapsulated-options", 43),
            ("netbios-name-servers", 44),
            ("dhcp-lease-time", 51),
            ("dhcp-renewal-time", 58),
            ("dhcp-rebinding-time", 59),
            ("tftp-server-name", 66),
            ("boot-file-name", 67),
            ("v4-captive-portal", 114),
            ("domain-search", 119),
            ("classless-static-route", 121),
        ] {
            assert_eq!(by_name(name).map(|d| d.code), Some(code), "{name}");
            assert_eq!(by_code(code).map(|d| d.name), Some(name));
        }
    }

    #[test]
    fn names_and_codes_are_unique() {
        for (i, a) in STANDARD_V4.iter().enumerate() {
            for b in &STANDARD_V4[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.code, b.code);
            }
        }
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
                encode_hex(None, text).expect("test input is valid"),
                vec![0x0a, 0x0b],
                "{text}"
            );
        }
        assert_eq!(
            encode_hex(None, "abc").expect("test input is valid"),
            vec![0x0a, 0xbc]
        );
        assert_eq!(
            encode_hex(None, "'abc'").expect("test input is valid"),
            b"abc".to_vec()
        );
        assert!(encode_hex(None, "0a::0b").is_err());
        assert!(encode_hex(None, "zz").is_err());
    }

    #[test]
    fn hex_length_is_checked_against_the_definition() {
        let mask = by_name("subnet-mask");
        assert_eq!(
            encode_hex(mask, "ffffff00").expect("test input is valid"),
            vec![255, 255, 255, 0]
        );
        assert!(encode_hex(mask, "ffff").is_err());
        assert!(encode_hex(by_name("routers"), "0a000001 0a").is_err());
    }

    #[test]
    fn payloads_over_255_bytes_are_refused() {
        let many = vec!["10.0.0.1"; 64].join(",");
        assert!(matches!(
            csv("routers", &many),
            Err(EncodeError::TooLong(256))
        ));
    }
}
