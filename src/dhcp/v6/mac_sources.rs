//! Where a DHCPv6 client's hardware address is learnt from (Kea's
//! `mac-sources`), tried in the configured order until one yields.

use std::net::Ipv6Addr;

use crate::config::model6::MacSource;

use super::packet::Packet6;

/// RFC 6939 Client Link-Layer Address option (in a relay's options).
const CLIENT_LINKLAYER_ADDR: u16 = 79;

/// The client's hardware address by the first of `sources` that yields one.
pub fn hwaddr(p: &Packet6, source: Ipv6Addr, sources: &[MacSource]) -> Vec<u8> {
    sources
        .iter()
        .find_map(|s| {
            match s {
                MacSource::Duid => Some(from_duid(p.message.option(1).unwrap_or(&[]))),
                MacSource::ClientLinkAddrOption => from_relay_option(p),
                MacSource::Ipv6LinkLocal => {
                    let peer = p.relays.last().map_or(source, |r| r.peer_address);
                    from_link_local(peer)
                }
            }
            .filter(|m| !m.is_empty())
        })
        .unwrap_or_default()
}

/// The link-layer address of a DUID-LLT or DUID-LL.
pub fn from_duid(duid: &[u8]) -> Vec<u8> {
    match duid {
        [0, 1, 0, 1, _, _, _, _, rest @ ..] | [0, 3, 0, 1, rest @ ..] if !rest.is_empty() => {
            rest.to_vec()
        }
        _ => Vec::new(),
    }
}

/// RFC 6939: the option 79 of the relay closest to the client (type, then
/// the address).
fn from_relay_option(p: &Packet6) -> Option<Vec<u8>> {
    let o = p.relays.last()?.option(CLIENT_LINKLAYER_ADDR)?;
    o.get(2..).filter(|m| !m.is_empty()).map(<[u8]>::to_vec)
}

/// The MAC of an EUI-64 link-local address (`fe80::xxxx:xxff:fexx:xxxx`,
/// universal/local bit flipped back).
fn from_link_local(a: Ipv6Addr) -> Option<Vec<u8>> {
    let o = a.octets();
    if o[0] != 0xfe || o[1] & 0xc0 != 0x80 || o[11] != 0xff || o[12] != 0xfe {
        return None;
    }
    Some(vec![o[8] ^ 0x02, o[9], o[10], o[13], o[14], o[15]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eui64_link_local_address_gives_its_mac() {
        let a: Ipv6Addr = "fe80::a8bb:ccff:fedd:eeff".parse().expect("address");
        assert_eq!(
            from_link_local(a),
            Some(vec![0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff])
        );
        assert_eq!(from_link_local("fe80::1".parse().expect("address")), None);
    }

    #[test]
    fn duid_ll_and_llt_carry_a_mac_other_duids_do_not() {
        assert_eq!(from_duid(&[0, 3, 0, 1, 1, 2]), vec![1, 2]);
        assert_eq!(from_duid(&[0, 1, 0, 1, 9, 9, 9, 9, 1, 2]), vec![1, 2]);
        assert!(from_duid(&[0, 2, 0, 0, 0, 9, 1]).is_empty());
    }
}
