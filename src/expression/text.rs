//! Kea's text forms, shared by `.text` and the conversion functions: the
//! `type=061, len=007:` option header, colon-separated hex, data type names
//! and IPv6 addresses the way glibc's `inet_ntop` writes them.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::Universe;
use crate::options::DataType;

/// `type=NNN, len=NNN` (v4: 3 digits, v6: 5), indented, with the class's
/// name in parentheses after the code when it has one (`IA_NA`).
pub fn header(
    universe: Universe,
    code: u16,
    len: usize,
    name: Option<&str>,
    indent: usize,
) -> String {
    let width = match universe {
        Universe::V4 => 3,
        Universe::V6 => 5,
    };
    let name = name.map(|n| format!("({n})")).unwrap_or_default();
    format!(
        "{:indent$}type={code:0width$}{name}, len={len:0width$}",
        "",
        indent = indent
    )
}

/// Bytes as lowercase two-digit hex joined by `sep`.
pub fn hex_join(bytes: &[u8], sep: &str) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// Kea's `encodeHex`: uppercase, no separator (binary fields of records).
pub fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Kea's data type names (`OptionDataTypeUtil::getDataTypeName`).
pub fn type_name(t: DataType) -> &'static str {
    match t {
        DataType::Empty => "empty",
        DataType::Binary => "binary",
        DataType::Boolean => "boolean",
        DataType::Int8 => "int8",
        DataType::Int16 => "int16",
        DataType::Int32 => "int32",
        DataType::Uint8 => "uint8",
        DataType::Uint16 => "uint16",
        DataType::Uint32 => "uint32",
        DataType::Ipv4Address => "ipv4-address",
        DataType::Ipv6Address => "ipv6-address",
        DataType::Psid => "psid",
        DataType::Ipv6Prefix => "ipv6-prefix",
        DataType::Tuple => "tuple",
        DataType::String => "string",
        DataType::Fqdn => "fqdn",
        DataType::Record => "record",
        DataType::ClasslessRoutes => "binary",
    }
}

/// An IPv4 address from exactly 4 bytes.
pub fn ipv4(bytes: &[u8]) -> Option<Ipv4Addr> {
    let b: [u8; 4] = bytes.try_into().ok()?;
    Some(Ipv4Addr::from(b))
}

/// An IPv6 address from exactly 16 bytes.
pub fn ipv6(bytes: &[u8]) -> Option<Ipv6Addr> {
    let b: [u8; 16] = bytes.try_into().ok()?;
    Some(Ipv6Addr::from(b))
}

/// `inet_ntop(AF_INET6)` as glibc writes it: Rust's form, except that an
/// address whose first 96 bits are zero (and is not `::` or `::1`-like with
/// a longer zero run) keeps the deprecated `::a.b.c.d` form.
pub fn ipv6_text(a: Ipv6Addr) -> String {
    let s = a.segments();
    if s[..6].iter().all(|w| *w == 0) && s[6] != 0 {
        let o = a.octets();
        return format!("::{}.{}.{}.{}", o[12], o[13], o[14], o[15]);
    }
    a.to_string()
}

/// An integer field as Kea prints it (`BE` bytes of the type's size).
pub fn int_text(t: DataType, bytes: &[u8]) -> Option<String> {
    Some(match t {
        DataType::Uint8 => bytes.first()?.to_string(),
        DataType::Int8 => (*bytes.first()? as i8).to_string(),
        DataType::Uint16 => u16::from_be_bytes(bytes.get(..2)?.try_into().ok()?).to_string(),
        DataType::Int16 => i16::from_be_bytes(bytes.get(..2)?.try_into().ok()?).to_string(),
        DataType::Uint32 => u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?).to_string(),
        DataType::Int32 => i32::from_be_bytes(bytes.get(..4)?.try_into().ok()?).to_string(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_pad_codes_by_family() {
        assert_eq!(header(Universe::V4, 61, 7, None, 0), "type=061, len=007");
        assert_eq!(
            header(Universe::V6, 3, 12, Some("IA_NA"), 2),
            "  type=00003(IA_NA), len=00012"
        );
    }

    #[test]
    fn ipv6_text_matches_inet_ntop() {
        assert_eq!(
            ipv6_text("2001:db8::1".parse().expect("addr")),
            "2001:db8::1"
        );
        assert_eq!(ipv6_text("::1".parse().expect("addr")), "::1");
        assert_eq!(ipv6_text("::".parse().expect("addr")), "::");
        assert_eq!(ipv6_text("::102:304".parse().expect("addr")), "::1.2.3.4");
        assert_eq!(
            ipv6_text("::ffff:10.0.0.1".parse().expect("addr")),
            "::ffff:10.0.0.1"
        );
    }

    #[test]
    fn integers_and_hex() {
        assert_eq!(
            int_text(DataType::Int16, &[0xff, 0xfe]).as_deref(),
            Some("-2")
        );
        assert_eq!(int_text(DataType::Uint8, &[]), None);
        assert_eq!(hex_join(&[1, 0xaa], ":"), "01:aa");
        assert_eq!(hex_upper(&[0x0a, 0xbc]), "0ABC");
        assert_eq!(type_name(DataType::Tuple), "tuple");
        assert_eq!(type_name(DataType::Ipv6Prefix), "ipv6-prefix");
    }
}
