//! The `dhcp6` option space: Kea 2.2's standard DHCPv6 option definitions
//! (`std_option_defs.h`), 16-bit codes, 65535-byte payloads.

use super::def::{DataType, OptionDef, OptionSpace};

use DataType::{Binary, Empty, Fqdn, Ipv6Address, Uint16, Uint32, Uint8};

/// The `dhcp6` option space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dhcp6;

impl OptionSpace for Dhcp6 {
    type Code = u16;
    const NAME: &'static str = "dhcp6";
    const PROTOCOL: &'static str = "DHCPv6";
    const MAX_PAYLOAD: usize = 65535;

    fn standard() -> &'static [OptionDef<Self>] {
        STANDARD_V6
    }

    fn code(code: u32) -> Result<u16, String> {
        match code {
            0 => Err("invalid option code '0': reserved value".to_string()),
            c => u16::try_from(c)
                .map_err(|_| format!("invalid option code '{c}', it must not exceed '65535'")),
        }
    }
}

/// Kea 2.2's standard DHCPv6 definitions (`std_option_defs.h`), the ones with
/// types ruru encodes (no tuple or ipv6-prefix fields, no vendor containers).
pub static STANDARD_V6: &[OptionDef<Dhcp6>] = &[
    OptionDef::new("clientid", 1, Binary, false),
    OptionDef::new("serverid", 2, Binary, false),
    OptionDef::record("ia-na", 3, &[Uint32, Uint32, Uint32], false),
    OptionDef::new("ia-ta", 4, Uint32, false),
    OptionDef::record("iaaddr", 5, &[Ipv6Address, Uint32, Uint32], false),
    OptionDef::new("oro", 6, Uint16, true),
    OptionDef::new("preference", 7, Uint8, false),
    OptionDef::new("elapsed-time", 8, Uint16, false),
    OptionDef::new("relay-msg", 9, Binary, false),
    OptionDef::new("unicast", 12, Ipv6Address, false),
    OptionDef::record("status-code", 13, &[Uint16, DataType::String], false),
    OptionDef::new("rapid-commit", 14, Empty, false),
    OptionDef::new("user-class", 15, Binary, false),
    OptionDef::record("vendor-class", 16, &[Uint32, Binary], false),
    OptionDef::new("interface-id", 18, Binary, false),
    OptionDef::new("reconf-msg", 19, Uint8, false),
    OptionDef::new("reconf-accept", 20, Empty, false),
    OptionDef::new("sip-server-dns", 21, Fqdn, true),
    OptionDef::new("sip-server-addr", 22, Ipv6Address, true),
    OptionDef::new("dns-servers", 23, Ipv6Address, true),
    OptionDef::new("domain-search", 24, Fqdn, true),
    OptionDef::record("ia-pd", 25, &[Uint32, Uint32, Uint32], false),
    OptionDef::new("nis-servers", 27, Ipv6Address, true),
    OptionDef::new("nisp-servers", 28, Ipv6Address, true),
    OptionDef::new("nis-domain-name", 29, Fqdn, true),
    OptionDef::new("nisp-domain-name", 30, Fqdn, true),
    OptionDef::new("sntp-servers", 31, Ipv6Address, true),
    OptionDef::new("information-refresh-time", 32, Uint32, false),
    OptionDef::new("bcmcs-server-dns", 33, Fqdn, true),
    OptionDef::new("bcmcs-server-addr", 34, Ipv6Address, true),
    OptionDef::record("geoconf-civic", 36, &[Uint8, Uint16, Binary], false),
    OptionDef::record("remote-id", 37, &[Uint32, Binary], false),
    OptionDef::new("subscriber-id", 38, Binary, false),
    OptionDef::record("client-fqdn", 39, &[Uint8, Fqdn], false),
    OptionDef::new("pana-agent", 40, Ipv6Address, true),
    OptionDef::new("new-posix-timezone", 41, DataType::String, false),
    OptionDef::new("new-tzdb-timezone", 42, DataType::String, false),
    OptionDef::new("ero", 43, Uint16, true),
    OptionDef::new("clt-time", 46, Uint32, false),
    OptionDef::new("lq-client-link", 48, Ipv6Address, true),
    OptionDef::new("v6-lost", 51, Fqdn, false),
    OptionDef::new("capwap-ac-v6", 52, Ipv6Address, true),
    OptionDef::new("relay-id", 53, Binary, false),
    OptionDef::new("v6-access-domain", 57, Fqdn, false),
    OptionDef::new("sip-ua-cs-list", 58, Fqdn, true),
    OptionDef::new("bootfile-url", 59, DataType::String, false),
    OptionDef::new("client-arch-type", 61, Uint16, true),
    OptionDef::record("nii", 62, &[Uint8, Uint8, Uint8], false),
    OptionDef::new("aftr-name", 64, Fqdn, false),
    OptionDef::new("erp-local-domain-name", 65, Fqdn, false),
    OptionDef::new("client-linklayer-addr", 79, Binary, false),
    OptionDef::new("link-address", 80, Ipv6Address, false),
    OptionDef::new("solmax-rt", 82, Uint32, false),
    OptionDef::new("inf-max-rt", 83, Uint32, false),
    OptionDef::new("dhcpv4-o-dhcpv6-server", 88, Ipv6Address, true),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::encode::{encode_csv, encode_hex};

    #[test]
    fn dns_servers_are_a_list_of_ipv6_addresses() {
        let def = Dhcp6::by_name("dns-servers").expect("standard");
        let out = encode_csv(def, "2001:db8::1, 2001:db8::2").expect("valid");
        assert_eq!(out.len(), 32);
        assert_eq!(out[15], 1);
    }

    #[test]
    fn domain_search_is_a_list_of_dns_names() {
        let def = Dhcp6::by_code(24).expect("standard");
        let out = encode_csv(def, "example.org, b.c").expect("valid");
        assert_eq!(out, b"\x07example\x03org\x00\x01b\x01c\x00".to_vec());
    }

    #[test]
    fn hex_of_wrong_fixed_length_is_refused() {
        let def = Dhcp6::by_name("preference").expect("standard");
        assert!(encode_hex(Some(def), "01:02").is_err());
        assert_eq!(encode_hex(Some(def), "ff").expect("one byte"), vec![255]);
    }
}
