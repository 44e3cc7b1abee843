//! Hex text for hardware addresses and client identifiers, decoded and printed
//! the way Kea does (`01:02:0a`, `1:2:a`, `01020a`, `0x01020a`, `01 02 0a`).

use super::args::BadArgument;

/// Kea's `MAX_HWADDR_LEN`.
const MAX_HWADDR_LEN: usize = 20;
/// Kea's `DUID::MAX_DUID_LEN` (client identifiers share it).
const MAX_DUID_LEN: usize = 128;
/// Kea's `ClientId::MIN_CLIENT_ID_LEN`.
const MIN_CLIENT_ID_LEN: usize = 2;

/// Lower-case colon-separated hex (`01:02:0a`); empty for no bytes.
pub fn to_colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Octets separated by `sep`, one or two hex digits each (Kea's
/// `decodeSeparatedHexString`); the empty string is no bytes.
fn decode_separated(text: &str, sep: char) -> Result<Vec<u8>, BadArgument> {
    let tokens: Vec<&str> = text.split(sep).collect();
    let mut out = Vec::with_capacity(tokens.len());
    for token in &tokens {
        if tokens.len() > 1 && token.is_empty() {
            return Err(BadArgument(format!(
                "two consecutive separators ('{sep}') specified in a decoded string '{text}'"
            )));
        }
        if token.len() > 2 {
            return Err(BadArgument(format!(
                "invalid format of the decoded string '{text}'"
            )));
        }
        if let Some(bad) = token.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(BadArgument(format!(
                "'{bad}' is not a valid hexadecimal digit in decoded string '{text}'"
            )));
        }
        if !token.is_empty() {
            let byte = u8::from_str_radix(token, 16).map_err(|_| {
                BadArgument(format!("invalid format of the decoded string '{text}'"))
            })?;
            out.push(byte);
        }
    }
    Ok(out)
}

/// A hardware address as Kea's `HWAddr::fromText` reads it (colons only).
pub fn parse_hwaddr(text: &str) -> Result<Vec<u8>, BadArgument> {
    let bytes = decode_separated(text, ':')?;
    if bytes.len() > MAX_HWADDR_LEN {
        return Err(BadArgument::new(
            "address vector size exceeds MAX_HWADDR_LEN",
        ));
    }
    Ok(bytes)
}

/// A client identifier as Kea's `ClientId::fromText` reads it (colons, spaces,
/// or a plain hex string with optional `0x`), with its length checks.
pub fn parse_client_id(text: &str) -> Result<Vec<u8>, BadArgument> {
    let bytes = if text.contains(':') {
        decode_separated(text, ':')?
    } else if text.contains(' ') {
        decode_separated(text, ' ')?
    } else {
        decode_plain_hex(text)?
    };
    if bytes.len() > MAX_DUID_LEN {
        return Err(BadArgument(format!(
            "DUID size is {} bytes, exceeds maximum of {MAX_DUID_LEN}",
            bytes.len()
        )));
    }
    if bytes.is_empty() {
        return Err(BadArgument::new("Empty DUIDs are not allowed"));
    }
    if bytes.len() < MIN_CLIENT_ID_LEN {
        return Err(BadArgument(format!(
            "client-id is too short ({}), at least {MIN_CLIENT_ID_LEN} is required",
            bytes.len()
        )));
    }
    Ok(bytes)
}

fn decode_plain_hex(text: &str) -> Result<Vec<u8>, BadArgument> {
    let mut digits = String::new();
    if !text.len().is_multiple_of(2) {
        digits.push('0');
    }
    match text.strip_prefix("0x") {
        Some(rest) if text.len() > 2 => digits.push_str(rest),
        _ => digits.push_str(text),
    }
    let invalid = || {
        BadArgument(format!(
            "'{text}' is not a valid string of hexadecimal digits"
        ))
    };
    if !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid());
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| invalid()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hwaddr_forms_and_errors_match_kea() {
        assert_eq!(parse_hwaddr("1:2:a").expect("ok"), vec![1, 2, 10]);
        assert_eq!(parse_hwaddr("").expect("ok"), Vec::<u8>::new());
        assert_eq!(
            parse_hwaddr("zz").expect_err("bad").0,
            "'z' is not a valid hexadecimal digit in decoded string 'zz'"
        );
        assert_eq!(
            parse_hwaddr("1a1b1c").expect_err("bad").0,
            "invalid format of the decoded string '1a1b1c'"
        );
        assert_eq!(
            parse_hwaddr("01::02").expect_err("bad").0,
            "two consecutive separators (':') specified in a decoded string '01::02'"
        );
        assert_eq!(to_colon_hex(&[1, 0xab]), "01:ab");
    }

    #[test]
    fn client_id_forms_and_errors_match_kea() {
        assert_eq!(parse_client_id("01aabb").expect("ok"), vec![1, 0xaa, 0xbb]);
        assert_eq!(parse_client_id("0x1aabb").expect("ok"), vec![1, 0xaa, 0xbb]);
        assert_eq!(parse_client_id("01 aa").expect("ok"), vec![1, 0xaa]);
        assert_eq!(
            parse_client_id("xyz").expect_err("bad").0,
            "'xyz' is not a valid string of hexadecimal digits"
        );
        assert_eq!(
            parse_client_id("").expect_err("bad").0,
            "Empty DUIDs are not allowed"
        );
        assert_eq!(
            parse_client_id("01").expect_err("bad").0,
            "client-id is too short (1), at least 2 is required"
        );
    }
}
