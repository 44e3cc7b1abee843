//! CableLabs' DOCSIS 3 vendor spaces (enterprise 4491, `vendor-4491`) of
//! both families: the sub-options of DHCPv4 option 125 and DHCPv6 option 17
//! Kea 2.2 defines (`docsis3_option_defs.h`).

use super::def::{DataType, OptionDef};
use super::dhcp4::Dhcp4;
use super::dhcp6::Dhcp6;

use DataType::{Binary, Int32, Ipv4Address, Ipv6Address, Uint16, Uint8};

/// CableLabs' enterprise number.
pub const ENTERPRISE_ID: u32 = 4491;
/// The space as a configuration names it (`option-data.space`), both families.
pub const VENDOR_SPACE: &str = "vendor-4491";
/// Kea's internal name of the DHCPv4 space, which its lookups also accept.
pub const V4_SPACE: &str = "docsis3-v4";
/// Kea's internal name of the DHCPv6 space, which its lookups also accept.
pub const V6_SPACE: &str = "docsis3-v6";

/// Kea 2.2's `DOCSIS3_V4_OPTION_DEFINITIONS`.
pub static DOCSIS3_V4: &[OptionDef<Dhcp4>] = &[
    OptionDef::new("oro", 1, Uint8, true),
    OptionDef::new("tftp-servers", 2, Ipv4Address, true),
];

/// Kea 2.2's `DOCSIS3_V6_OPTION_DEFINITIONS` (`vendor-type` is Kea's
/// name for sub-option 10, the vendor name).
pub static DOCSIS3_V6: &[OptionDef<Dhcp6>] = &[
    OptionDef::new("oro", 1, Uint16, true),
    OptionDef::new("device-type", 2, DataType::String, false),
    OptionDef::new("vendor-type", 10, DataType::String, false),
    OptionDef::new("tftp-servers", 32, Ipv6Address, true),
    OptionDef::new("time-servers", 37, Ipv6Address, true),
    OptionDef::new("config-file", 33, DataType::String, false),
    OptionDef::new("syslog-servers", 34, Ipv6Address, true),
    OptionDef::new("device-id", 36, Binary, false),
    OptionDef::new("time-offset", 38, Int32, false),
    OptionDef::new("cmts-cm-mac", 1026, Binary, false),
];
