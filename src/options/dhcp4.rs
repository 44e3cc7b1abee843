//! The `dhcp4` option space: Kea 2.2's standard DHCPv4 option definitions
//! (`std_option_defs.h`), 8-bit codes, 255-byte payloads, 1-byte tuple
//! lengths; and the list of every standard space of the DHCPv4 family.

use super::def::{DataType, OptionDef, OptionSpace, SpaceDefs};
use super::docsis;

use DataType::{
    Binary, Boolean, ClasslessRoutes, Fqdn, Int32, Ipv4Address, Ipv6Address, Psid, Uint16, Uint32,
    Uint8,
};

/// The `dhcp4` option space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dhcp4;

impl OptionSpace for Dhcp4 {
    type Code = u8;
    const NAME: &'static str = "dhcp4";
    const PROTOCOL: &'static str = "DHCPv4";
    const MAX_PAYLOAD: usize = 255;
    const TUPLE_LEN_BYTES: usize = 1;

    fn standard() -> &'static [OptionDef<'static, Self>] {
        STANDARD_V4
    }

    fn standard_spaces() -> &'static [SpaceDefs<Self>] {
        SPACES_V4
    }

    fn code(code: u32) -> Result<u8, String> {
        match code {
            0 => Err("invalid option code '0': reserved for PAD".to_string()),
            255 => Err("invalid option code '255': reserved for END".to_string()),
            c => u8::try_from(c).map_err(|_| {
                format!("invalid option code '{c}', it must not be greater than '255'")
            }),
        }
    }
}

/// Kea 2.2's standard DHCPv4 definitions (`STANDARD_V4_OPTION_DEFINITIONS`,
/// all of them, and the last-resort `vendor-encapsulated-options`), plus
/// `classless-static-route` (a ruru extension, see [`DataType::ClasslessRoutes`]).
pub static STANDARD_V4: &[OptionDef<Dhcp4>] = &[
    OptionDef::new("subnet-mask", 1, Ipv4Address, false),
    OptionDef::new("time-offset", 2, Int32, false),
    OptionDef::new("routers", 3, Ipv4Address, true),
    OptionDef::new("time-servers", 4, Ipv4Address, true),
    OptionDef::new("name-servers", 5, Ipv4Address, true),
    OptionDef::new("domain-name-servers", 6, Ipv4Address, true),
    OptionDef::new("log-servers", 7, Ipv4Address, true),
    OptionDef::new("cookie-servers", 8, Ipv4Address, true),
    OptionDef::new("lpr-servers", 9, Ipv4Address, true),
    OptionDef::new("impress-servers", 10, Ipv4Address, true),
    OptionDef::new("resource-location-servers", 11, Ipv4Address, true),
    OptionDef::new("host-name", 12, DataType::String, false),
    OptionDef::new("boot-size", 13, Uint16, false),
    OptionDef::new("merit-dump", 14, DataType::String, false),
    OptionDef::new("domain-name", 15, DataType::String, false),
    OptionDef::new("swap-server", 16, Ipv4Address, false),
    OptionDef::new("root-path", 17, DataType::String, false),
    OptionDef::new("extensions-path", 18, DataType::String, false),
    OptionDef::new("ip-forwarding", 19, Boolean, false),
    OptionDef::new("non-local-source-routing", 20, Boolean, false),
    OptionDef::new("policy-filter", 21, Ipv4Address, true),
    OptionDef::new("max-dgram-reassembly", 22, Uint16, false),
    OptionDef::new("default-ip-ttl", 23, Uint8, false),
    OptionDef::new("path-mtu-aging-timeout", 24, Uint32, false),
    OptionDef::new("path-mtu-plateau-table", 25, Uint16, true),
    OptionDef::new("interface-mtu", 26, Uint16, false),
    OptionDef::new("all-subnets-local", 27, Boolean, false),
    OptionDef::new("broadcast-address", 28, Ipv4Address, false),
    OptionDef::new("perform-mask-discovery", 29, Boolean, false),
    OptionDef::new("mask-supplier", 30, Boolean, false),
    OptionDef::new("router-discovery", 31, Boolean, false),
    OptionDef::new("router-solicitation-address", 32, Ipv4Address, false),
    OptionDef::new("static-routes", 33, Ipv4Address, true),
    OptionDef::new("trailer-encapsulation", 34, Boolean, false),
    OptionDef::new("arp-cache-timeout", 35, Uint32, false),
    OptionDef::new("ieee802-3-encapsulation", 36, Boolean, false),
    OptionDef::new("default-tcp-ttl", 37, Uint8, false),
    OptionDef::new("tcp-keepalive-interval", 38, Uint32, false),
    OptionDef::new("tcp-keepalive-garbage", 39, Boolean, false),
    OptionDef::new("nis-domain", 40, DataType::String, false),
    OptionDef::new("nis-servers", 41, Ipv4Address, true),
    OptionDef::new("ntp-servers", 42, Ipv4Address, true),
    OptionDef::new("netbios-name-servers", 44, Ipv4Address, true),
    OptionDef::new("netbios-dd-server", 45, Ipv4Address, true),
    OptionDef::new("netbios-node-type", 46, Uint8, false),
    OptionDef::new("netbios-scope", 47, DataType::String, false),
    OptionDef::new("font-servers", 48, Ipv4Address, true),
    OptionDef::new("x-display-manager", 49, Ipv4Address, true),
    OptionDef::new("dhcp-requested-address", 50, Ipv4Address, false),
    OptionDef::new("dhcp-lease-time", 51, Uint32, false),
    OptionDef::new("dhcp-option-overload", 52, Uint8, false),
    OptionDef::new("dhcp-message-type", 53, Uint8, false),
    OptionDef::new("dhcp-server-identifier", 54, Ipv4Address, false),
    OptionDef::new("dhcp-parameter-request-list", 55, Uint8, true),
    OptionDef::new("dhcp-message", 56, DataType::String, false),
    OptionDef::new("dhcp-max-message-size", 57, Uint16, false),
    OptionDef::new("dhcp-renewal-time", 58, Uint32, false),
    OptionDef::new("dhcp-rebinding-time", 59, Uint32, false),
    OptionDef::new("vendor-class-identifier", 60, DataType::String, false),
    OptionDef::new("dhcp-client-identifier", 61, Binary, false),
    OptionDef::new("nwip-domain-name", 62, DataType::String, false),
    OptionDef::new("nwip-suboptions", 63, Binary, false),
    OptionDef::new("nisplus-domain-name", 64, DataType::String, false),
    OptionDef::new("nisplus-servers", 65, Ipv4Address, true),
    OptionDef::new("tftp-server-name", 66, DataType::String, false),
    OptionDef::new("boot-file-name", 67, DataType::String, false),
    OptionDef::new("mobile-ip-home-agent", 68, Ipv4Address, true),
    OptionDef::new("smtp-server", 69, Ipv4Address, true),
    OptionDef::new("pop-server", 70, Ipv4Address, true),
    OptionDef::new("nntp-server", 71, Ipv4Address, true),
    OptionDef::new("www-server", 72, Ipv4Address, true),
    OptionDef::new("finger-server", 73, Ipv4Address, true),
    OptionDef::new("irc-server", 74, Ipv4Address, true),
    OptionDef::new("streettalk-server", 75, Ipv4Address, true),
    OptionDef::new(
        "streettalk-directory-assistance-server",
        76,
        Ipv4Address,
        true,
    ),
    OptionDef::new("user-class", 77, Binary, false),
    OptionDef::record("slp-directory-agent", 78, &[Boolean, Ipv4Address], true),
    OptionDef::record("slp-service-scope", 79, &[Boolean, DataType::String], false),
    OptionDef::record("fqdn", 81, &[Uint8, Uint8, Uint8, Fqdn], false),
    OptionDef::encapsulating("dhcp-agent-options", 82, "dhcp-agent-options-space"),
    OptionDef::new("nds-servers", 85, Ipv4Address, true),
    OptionDef::new("nds-tree-name", 86, DataType::String, false),
    OptionDef::new("nds-context", 87, DataType::String, false),
    OptionDef::new("bcms-controller-names", 88, Fqdn, true),
    OptionDef::new("bcms-controller-address", 89, Ipv4Address, true),
    OptionDef::new("authenticate", 90, Binary, false),
    OptionDef::new("client-last-transaction-time", 91, Uint32, false),
    OptionDef::new("associated-ip", 92, Ipv4Address, true),
    OptionDef::new("client-system", 93, Uint16, true),
    OptionDef::record("client-ndi", 94, &[Uint8, Uint8, Uint8], false),
    OptionDef::record("uuid-guid", 97, &[Uint8, Binary], false),
    OptionDef::new("uap-servers", 98, DataType::String, false),
    OptionDef::new("geoconf-civic", 99, Binary, false),
    OptionDef::new("pcode", 100, DataType::String, false),
    OptionDef::new("tcode", 101, DataType::String, false),
    OptionDef::new("v6-only-preferred", 108, Uint32, false),
    OptionDef::new("netinfo-server-address", 112, Ipv4Address, true),
    OptionDef::new("netinfo-server-tag", 113, DataType::String, false),
    OptionDef::new("v4-captive-portal", 114, DataType::String, false),
    OptionDef::new("auto-config", 116, Uint8, false),
    OptionDef::new("name-service-search", 117, Uint16, true),
    OptionDef::new("subnet-selection", 118, Ipv4Address, false),
    OptionDef::new("domain-search", 119, Fqdn, true),
    OptionDef::record("vivco-suboptions", 124, &[Uint32, Binary], false),
    OptionDef::new("vivso-suboptions", 125, Uint32, false),
    OptionDef::new("pana-agent", 136, Ipv4Address, true),
    OptionDef::new("v4-lost", 137, Fqdn, false),
    OptionDef::new("capwap-ac-v4", 138, Ipv4Address, true),
    OptionDef::new("sip-ua-cs-domains", 141, Fqdn, true),
    OptionDef::record(
        "rdnss-selection",
        146,
        &[Uint8, Ipv4Address, Ipv4Address, Fqdn],
        true,
    ),
    OptionDef::record("v4-portparams", 159, &[Uint8, Psid], false),
    OptionDef::record(
        "option-6rd",
        212,
        &[Uint8, Uint8, Ipv6Address, Ipv4Address],
        true,
    ),
    OptionDef::new("v4-access-domain", 213, Fqdn, false),
    OptionDef::encapsulating(
        "vendor-encapsulated-options",
        43,
        "vendor-encapsulated-options-space",
    ),
    OptionDef::new("classless-static-route", 121, ClasslessRoutes, false),
];

/// Kea's name of the space holding the last-resort definitions (applied to
/// option 43 when nothing else defines it).
pub const LAST_RESORT_SPACE: &str = "last-resort-v4";

/// Kea 2.2's `LAST_RESORT_V4_OPTION_DEFINITIONS` (also in [`STANDARD_V4`]).
pub static LAST_RESORT_V4: &[OptionDef<Dhcp4>] = &[OptionDef::encapsulating(
    "vendor-encapsulated-options",
    43,
    "vendor-encapsulated-options-space",
)];

/// The DHCPv4 family's standard spaces (Kea's `LibDHCP` table for v4):
/// `dhcp4`, CableLabs' DOCSIS 3 (`vendor-4491`, Kea's `docsis3-v4`) and
/// Kea's `last-resort-v4`.
pub static SPACES_V4: &[SpaceDefs<Dhcp4>] = &[
    (Dhcp4::NAME, STANDARD_V4),
    (docsis::VENDOR_SPACE, docsis::DOCSIS3_V4),
    (docsis::V4_SPACE, docsis::DOCSIS3_V4),
    (LAST_RESORT_SPACE, LAST_RESORT_V4),
];

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(Dhcp4::by_name(name).map(|d| d.code), Some(code), "{name}");
            assert_eq!(Dhcp4::by_code(code).map(|d| d.name), Some(name));
        }
    }

    #[test]
    fn names_and_codes_are_unique_in_every_space() {
        for (space, defs) in SPACES_V4 {
            for (i, a) in defs.iter().enumerate() {
                for b in &defs[i + 1..] {
                    assert_ne!(a.name, b.name, "{space}");
                    assert_ne!(a.code, b.code, "{space}");
                }
            }
        }
    }

    #[test]
    fn table_has_all_of_kea_2_2() {
        // 113 standard, the last-resort 43, and ruru's 121.
        assert_eq!(STANDARD_V4.len(), 115);
        assert_eq!(Dhcp4::standard_in("dhcp4").len(), 115);
        assert_eq!(Dhcp4::standard_in("vendor-4491").len(), 2);
        assert_eq!(Dhcp4::standard_in("docsis3-v4").len(), 2);
        assert_eq!(Dhcp4::standard_in("last-resort-v4").len(), 1);
        assert!(Dhcp4::standard_in("s46-rule-options").is_empty());
        assert!(Dhcp4::standard_in("dhcp-agent-options-space").is_empty());
        for (space, name, code, t, array) in [
            ("vendor-4491", "oro", 1, Uint8, true),
            ("vendor-4491", "tftp-servers", 2, Ipv4Address, true),
            ("dhcp4", "v4-portparams", 159, DataType::Record, false),
            ("dhcp4", "v4-access-domain", 213, Fqdn, false),
            ("dhcp4", "vivso-suboptions", 125, Uint32, false),
            (
                "dhcp4",
                "vendor-encapsulated-options",
                43,
                DataType::Empty,
                false,
            ),
            (
                "last-resort-v4",
                "vendor-encapsulated-options",
                43,
                DataType::Empty,
                false,
            ),
        ] {
            let def = Dhcp4::by_name_in(space, name).expect("in Kea's table");
            assert_eq!(
                (def.code, def.data_type, def.array),
                (code, t, array),
                "{name}"
            );
            assert_eq!(Dhcp4::by_code_in(space, code).map(|d| d.name), Some(name));
        }
        assert_eq!(
            Dhcp4::by_code(43).and_then(|d| d.encapsulate),
            Some("vendor-encapsulated-options-space")
        );
        assert_eq!(
            Dhcp4::by_code(82).and_then(|d| d.encapsulate),
            Some("dhcp-agent-options-space")
        );
        assert_eq!(
            Dhcp4::by_name("v4-portparams").map(|d| d.record),
            Some(&[Uint8, Psid][..])
        );
    }
}
