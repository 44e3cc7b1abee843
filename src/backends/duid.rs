//! DUIDs (RFC 8415 §11): the server's own identifier, made from `server-id`
//! the way Kea makes it, and its text form in Kea's `kea-dhcp6-serverid` file.

use crate::config::model6::{ServerIdConfig, ServerIdType};

/// Seconds between 1970-01-01 and 2000-01-01 (DUID-LLT time base).
const DUID_TIME_EPOCH: i64 = 946_684_800;

/// Builds the server DUID from `server-id`. `hwaddr`/`htype` are a link-layer
/// address found on the host (used when `identifier` is empty), `now` is the
/// epoch time (used when `time` is 0), `random` fills an EN identifier.
pub fn make_server_duid(
    cfg: &ServerIdConfig,
    hwaddr: &[u8],
    htype: u16,
    now: i64,
    random: [u8; 6],
) -> Vec<u8> {
    let ll = if cfg.identifier.is_empty() {
        hwaddr.to_vec()
    } else {
        cfg.identifier.clone()
    };
    let htype = if cfg.htype != 0 {
        cfg.htype
    } else {
        htype.max(1)
    };
    let mut d = Vec::with_capacity(32);
    match cfg.duid_type {
        ServerIdType::Llt => {
            let time = if cfg.time != 0 {
                cfg.time
            } else {
                u32::try_from((now - DUID_TIME_EPOCH).max(0)).unwrap_or(u32::MAX)
            };
            d.extend(1u16.to_be_bytes());
            d.extend(htype.to_be_bytes());
            d.extend(time.to_be_bytes());
            d.extend(ll);
        }
        ServerIdType::En => {
            d.extend(2u16.to_be_bytes());
            d.extend(cfg.enterprise_id.to_be_bytes());
            if cfg.identifier.is_empty() {
                d.extend(random);
            } else {
                d.extend(&cfg.identifier);
            }
        }
        ServerIdType::Ll => {
            d.extend(3u16.to_be_bytes());
            d.extend(htype.to_be_bytes());
            d.extend(ll);
        }
    }
    d
}

/// Kea's text form of a DUID (`00:01:00:01:...`), as in the server-id file.
pub fn to_text(duid: &[u8]) -> String {
    duid.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Parses Kea's text form (colon-separated hex octets); `None` when malformed
/// or not 3..=130 bytes long.
pub fn from_text(text: &str) -> Option<Vec<u8>> {
    let bytes: Option<Vec<u8>> = text
        .trim()
        .split(':')
        .map(|p| {
            if p.is_empty() || p.len() > 2 {
                None
            } else {
                u8::from_str_radix(p, 16).ok()
            }
        })
        .collect();
    bytes.filter(|b| (3..=130).contains(&b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(duid_type: ServerIdType) -> ServerIdConfig {
        ServerIdConfig {
            duid_type,
            identifier: vec![],
            htype: 0,
            time: 0,
            enterprise_id: 2495,
            persist: true,
        }
    }

    #[test]
    fn llt_uses_the_hardware_address_and_seconds_since_2000() {
        let d = make_server_duid(
            &cfg(ServerIdType::Llt),
            &[1, 2, 3, 4, 5, 6],
            1,
            DUID_TIME_EPOCH + 10,
            [0; 6],
        );
        assert_eq!(d, vec![0, 1, 0, 1, 0, 0, 0, 10, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn en_and_ll_follow_rfc_8415() {
        let mut c = cfg(ServerIdType::En);
        c.identifier = vec![9, 9];
        assert_eq!(
            make_server_duid(&c, &[], 1, 0, [0; 6]),
            vec![0, 2, 0, 0, 9, 191, 9, 9]
        );
        let d = make_server_duid(&cfg(ServerIdType::Ll), &[0xaa, 0xbb], 1, 0, [0; 6]);
        assert_eq!(d, vec![0, 3, 0, 1, 0xaa, 0xbb]);
    }

    #[test]
    fn text_form_round_trips() {
        let d = vec![0, 1, 0, 1, 0x2a, 0xff];
        assert_eq!(to_text(&d), "00:01:00:01:2a:ff");
        assert_eq!(from_text("00:01:00:01:2a:ff\n"), Some(d));
        assert_eq!(from_text("zz"), None);
    }
}
