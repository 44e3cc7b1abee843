//! Kea's CSV field encodings, the same in lease4 and lease6 files: escaping of `,` and
//! `&` (`CSVRow::escapeCharacters`), hex octet strings, numbers and booleans as
//! `boost::lexical_cast` reads them.
//!
//! ruru additionally escapes CR and LF (`&#x0d` / `&#x0a`): Kea would write them raw and
//! corrupt its own file; Kea's reader decodes any `&#xHH`, so the files stay compatible.

use std::fmt::Write as _;

use super::row::RowError;

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

/// Appends [`hex_colon`] of `bytes` to `out`.
pub fn push_hex_colon(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
}

/// The value of one hex digit.
pub fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A [`RowError::Field`] for `value` in `column`.
pub fn field(column: &'static str, value: &[u8], reason: &'static str) -> RowError {
    RowError::Field {
        column,
        value: String::from_utf8_lossy(value).into_owned(),
        reason,
    }
}

/// Parses a column as `T` (its `FromStr`), or a [`RowError::Field`] with `reason`.
pub fn parse_str<T: std::str::FromStr>(
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
pub fn parse_bool(v: &[u8], column: &'static str) -> Result<bool, RowError> {
    match v {
        b"0" => Ok(false),
        b"1" => Ok(true),
        _ => Err(field(column, v, "not a boolean (0 or 1)")),
    }
}

/// Kea's `decodeSeparatedHexString`: octets of 1–2 hex digits; no empty octet between
/// separators; an empty string is zero octets.
pub fn decode_separated_hex(v: &[u8], sep: u8, column: &'static str) -> Result<Vec<u8>, RowError> {
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
pub fn decode_formatted_hex(v: &[u8], column: &'static str) -> Result<Vec<u8>, RowError> {
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
}
