//! The `dhcp6` option space: Kea 2.2's standard DHCPv6 option definitions
//! (`std_option_defs.h`), 16-bit codes, 65535-byte payloads, 2-byte tuple
//! lengths; and the list of every standard space of the DHCPv6 family.

use super::def::{DataType, OptionDef, OptionSpace, SpaceDefs};
use super::{docsis, isc, s46};

use DataType::{Binary, Empty, Fqdn, Ipv6Address, Ipv6Prefix, Tuple, Uint16, Uint32, Uint8};

/// The `dhcp6` option space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dhcp6;

impl OptionSpace for Dhcp6 {
    type Code = u16;
    const NAME: &'static str = "dhcp6";
    const PROTOCOL: &'static str = "DHCPv6";
    const MAX_PAYLOAD: usize = 65535;
    const TUPLE_LEN_BYTES: usize = 2;

    fn standard() -> &'static [OptionDef<'static, Self>] {
        STANDARD_V6
    }

    fn standard_spaces() -> &'static [SpaceDefs<Self>] {
        SPACES_V6
    }

    fn code(code: u32) -> Result<u16, String> {
        match code {
            0 => Err("invalid option code '0': reserved value".to_string()),
            c => u16::try_from(c)
                .map_err(|_| format!("invalid option code '{c}', it must not exceed '65535'")),
        }
    }
}

/// Kea 2.2's standard DHCPv6 definitions (`STANDARD_V6_OPTION_DEFINITIONS`),
/// all of them, in Kea's order and with Kea's names, types, array flags,
/// record fields and encapsulated spaces.
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
    OptionDef::new("auth", 11, Binary, false),
    OptionDef::new("unicast", 12, Ipv6Address, false),
    OptionDef::record("status-code", 13, &[Uint16, DataType::String], false),
    OptionDef::new("rapid-commit", 14, Empty, false),
    OptionDef::new("user-class", 15, Binary, false),
    OptionDef::record("vendor-class", 16, &[Uint32, Binary], false),
    OptionDef::new("vendor-opts", 17, Uint32, false),
    OptionDef::new("interface-id", 18, Binary, false),
    OptionDef::new("reconf-msg", 19, Uint8, false),
    OptionDef::new("reconf-accept", 20, Empty, false),
    OptionDef::new("sip-server-dns", 21, Fqdn, true),
    OptionDef::new("sip-server-addr", 22, Ipv6Address, true),
    OptionDef::new("dns-servers", 23, Ipv6Address, true),
    OptionDef::new("domain-search", 24, Fqdn, true),
    OptionDef::record("ia-pd", 25, &[Uint32, Uint32, Uint32], false),
    OptionDef::record("iaprefix", 26, &[Uint32, Uint32, Uint8, Ipv6Address], false),
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
    OptionDef::record("lq-query", 44, &[Uint8, Ipv6Address], false).encapsulates("dhcp6"),
    OptionDef::encapsulating("client-data", 45, "dhcp6"),
    OptionDef::new("clt-time", 46, Uint32, false),
    OptionDef::record("lq-relay-data", 47, &[Ipv6Address, Binary], false),
    OptionDef::new("lq-client-link", 48, Ipv6Address, true),
    OptionDef::new("v6-lost", 51, Fqdn, false),
    OptionDef::new("capwap-ac-v6", 52, Ipv6Address, true),
    OptionDef::new("relay-id", 53, Binary, false),
    OptionDef::new("v6-access-domain", 57, Fqdn, false),
    OptionDef::new("sip-ua-cs-list", 58, Fqdn, true),
    OptionDef::new("bootfile-url", 59, DataType::String, false),
    OptionDef::new("bootfile-param", 60, Tuple, true),
    OptionDef::new("client-arch-type", 61, Uint16, true),
    OptionDef::record("nii", 62, &[Uint8, Uint8, Uint8], false),
    OptionDef::new("aftr-name", 64, Fqdn, false),
    OptionDef::new("erp-local-domain-name", 65, Fqdn, false),
    OptionDef::encapsulating("rsoo", 66, "rsoo-opts"),
    OptionDef::new("pd-exclude", 67, Ipv6Prefix, false),
    OptionDef::record("rdnss-selection", 74, &[Ipv6Address, Uint8, Fqdn], true),
    OptionDef::new("client-linklayer-addr", 79, Binary, false),
    OptionDef::new("link-address", 80, Ipv6Address, false),
    OptionDef::new("solmax-rt", 82, Uint32, false),
    OptionDef::new("inf-max-rt", 83, Uint32, false),
    OptionDef::new("dhcpv4-message", 87, Binary, false),
    OptionDef::new("dhcp4o6-server-addr", 88, Ipv6Address, true),
    OptionDef::new("v6-captive-portal", 103, DataType::String, false),
    OptionDef::new("relay-source-port", 135, Uint16, false),
    OptionDef::new("ipv6-address-andsf", 143, Ipv6Address, true),
    OptionDef::encapsulating("s46-cont-mape", 94, "s46-cont-mape-options"),
    OptionDef::encapsulating("s46-cont-mapt", 95, "s46-cont-mapt-options"),
    OptionDef::encapsulating("s46-cont-lw", 96, "s46-cont-lw-options"),
];

/// The DHCPv6 family's standard spaces (Kea's `LibDHCP` table for v6): the
/// softwire containers' spaces, CableLabs' DOCSIS 3 (`vendor-4491`, Kea's
/// `docsis3-v6`) and ISC's DHCPv4-over-DHCPv6 options (`vendor-2495`, Kea's
/// `4o6`).
pub static SPACES_V6: &[SpaceDefs<Dhcp6>] = &[
    (Dhcp6::NAME, STANDARD_V6),
    (s46::MAPE_SPACE, s46::MAPE),
    (s46::MAPT_SPACE, s46::MAPT),
    (s46::LW_SPACE, s46::LW),
    (s46::RULE_SPACE, s46::RULE),
    (s46::V4V6BIND_SPACE, s46::V4V6BIND),
    (docsis::VENDOR_SPACE, docsis::DOCSIS3_V6),
    (docsis::V6_SPACE, docsis::DOCSIS3_V6),
    (isc::VENDOR_SPACE, isc::ISC_V6),
    (isc::SPACE, isc::ISC_V6),
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
    fn names_and_codes_are_unique_in_every_space() {
        for (space, defs) in SPACES_V6 {
            for (i, a) in defs.iter().enumerate() {
                for b in &defs[i + 1..] {
                    assert_ne!(a.name, b.name, "{space}");
                    assert_ne!(a.code, b.code, "{space}: {} {}", a.name, b.name);
                }
            }
        }
    }

    #[test]
    fn table_has_all_of_kea_2_2() {
        assert_eq!(STANDARD_V6.len(), 72);
        let count = |space| Dhcp6::standard_in(space).len();
        assert_eq!(count("s46-cont-mape-options"), 2);
        assert_eq!(count("s46-cont-mapt-options"), 2);
        assert_eq!(count("s46-cont-lw-options"), 2);
        assert_eq!(count("s46-rule-options"), 1);
        assert_eq!(count("s46-v4v6bind-options"), 1);
        assert_eq!(count("vendor-4491"), 10);
        assert_eq!(count("docsis3-v6"), 10);
        assert_eq!(count("vendor-2495"), 3);
        assert_eq!(count("4o6"), 3);
        assert!(Dhcp6::standard_in("dhcp4").is_empty());
        assert!(Dhcp6::standard_in("rsoo-opts").is_empty());
    }

    #[test]
    fn entries_match_kea() {
        use DataType::{Int32, Ipv4Address, Psid, String as Str};
        type Row = (
            &'static str,
            &'static str,
            u16,
            DataType,
            bool,
            Option<&'static str>,
        );
        let rows: &[Row] = &[
            ("dhcp6", "auth", 11, Binary, false, None),
            ("dhcp6", "vendor-opts", 17, Uint32, false, None),
            ("dhcp6", "iaprefix", 26, DataType::Record, false, None),
            (
                "dhcp6",
                "lq-query",
                44,
                DataType::Record,
                false,
                Some("dhcp6"),
            ),
            ("dhcp6", "client-data", 45, Empty, false, Some("dhcp6")),
            ("dhcp6", "lq-relay-data", 47, DataType::Record, false, None),
            ("dhcp6", "bootfile-param", 60, Tuple, true, None),
            ("dhcp6", "rsoo", 66, Empty, false, Some("rsoo-opts")),
            ("dhcp6", "pd-exclude", 67, Ipv6Prefix, false, None),
            ("dhcp6", "rdnss-selection", 74, DataType::Record, true, None),
            ("dhcp6", "dhcpv4-message", 87, Binary, false, None),
            ("dhcp6", "dhcp4o6-server-addr", 88, Ipv6Address, true, None),
            (
                "dhcp6",
                "s46-cont-mape",
                94,
                Empty,
                false,
                Some("s46-cont-mape-options"),
            ),
            (
                "dhcp6",
                "s46-cont-mapt",
                95,
                Empty,
                false,
                Some("s46-cont-mapt-options"),
            ),
            (
                "dhcp6",
                "s46-cont-lw",
                96,
                Empty,
                false,
                Some("s46-cont-lw-options"),
            ),
            ("dhcp6", "v6-captive-portal", 103, Str, false, None),
            ("dhcp6", "relay-source-port", 135, Uint16, false, None),
            ("dhcp6", "ipv6-address-andsf", 143, Ipv6Address, true, None),
            ("dhcp6", "ia-na", 3, DataType::Record, false, None),
            (
                "s46-cont-mape-options",
                "s46-br",
                90,
                Ipv6Address,
                false,
                None,
            ),
            (
                "s46-cont-mape-options",
                "s46-rule",
                89,
                DataType::Record,
                false,
                Some("s46-rule-options"),
            ),
            (
                "s46-cont-mapt-options",
                "s46-dmr",
                91,
                Ipv6Prefix,
                false,
                None,
            ),
            (
                "s46-cont-lw-options",
                "s46-v4v6bind",
                92,
                DataType::Record,
                false,
                Some("s46-v4v6bind-options"),
            ),
            (
                "s46-rule-options",
                "s46-portparams",
                93,
                DataType::Record,
                false,
                None,
            ),
            (
                "s46-v4v6bind-options",
                "s46-portparams",
                93,
                DataType::Record,
                false,
                None,
            ),
            ("vendor-4491", "oro", 1, Uint16, true, None),
            ("vendor-4491", "vendor-type", 10, Str, false, None),
            ("vendor-4491", "config-file", 33, Str, false, None),
            ("vendor-4491", "device-id", 36, Binary, false, None),
            ("vendor-4491", "time-offset", 38, Int32, false, None),
            ("vendor-4491", "cmts-cm-mac", 1026, Binary, false, None),
            ("vendor-2495", "4o6-source-port", 60002, Uint16, false, None),
        ];
        for (space, name, code, t, array, enc) in rows {
            let def = Dhcp6::by_name_in(space, name).expect("in Kea's table");
            assert_eq!(
                (def.code, def.data_type, def.array, def.encapsulate),
                (*code, *t, *array, *enc),
                "{space}.{name}"
            );
            assert_eq!(Dhcp6::by_code_in(space, *code).map(|d| d.name), Some(*name));
        }
        let rule = Dhcp6::by_name_in("s46-cont-mapt-options", "s46-rule").expect("standard");
        assert_eq!(rule.record, &[Uint8, Uint8, Uint8, Ipv4Address, Ipv6Prefix]);
        let bind = Dhcp6::by_name_in("s46-cont-lw-options", "s46-v4v6bind").expect("standard");
        assert_eq!(bind.record, &[Ipv4Address, Ipv6Prefix]);
        let ports = Dhcp6::by_name_in("s46-rule-options", "s46-portparams").expect("standard");
        assert_eq!(ports.record, &[Uint8, Psid]);
        let iaprefix = Dhcp6::by_code(26).expect("standard");
        assert_eq!(iaprefix.record, &[Uint32, Uint32, Uint8, Ipv6Address]);
        assert!(Dhcp6::by_name("dhcpv4-o-dhcpv6-server").is_none());
    }

    #[test]
    fn encapsulated_spaces_are_standard_spaces() {
        for (space, defs) in SPACES_V6 {
            for def in defs.iter() {
                if let Some(inner) = def.encapsulate {
                    assert!(
                        inner == "rsoo-opts" || !Dhcp6::standard_in(inner).is_empty(),
                        "{space}.{} encapsulates {inner}",
                        def.name
                    );
                }
            }
        }
    }

    #[test]
    fn hex_of_wrong_fixed_length_is_refused() {
        let def = Dhcp6::by_name("preference").expect("standard");
        assert!(encode_hex(Some(def), "01:02").is_err());
        assert_eq!(encode_hex(Some(def), "ff").expect("one byte"), vec![255]);
    }
}
