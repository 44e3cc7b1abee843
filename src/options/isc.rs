//! ISC's own DHCPv6 vendor space (enterprise 2495, Kea's `4o6` space): the
//! `4o6-*` options Kea's DHCPv4-over-DHCPv6 servers pass each other
//! (`ISC_V6_OPTION_DEFINITIONS` in Kea 2.2's `std_option_defs.h`).

use super::def::{DataType, OptionDef};
use super::dhcp6::Dhcp6;

use DataType::{Ipv6Address, Uint16};

/// ISC's enterprise number.
pub const ENTERPRISE_ID: u32 = 2495;
/// The space as a configuration names it (`option-data.space`).
pub const VENDOR_SPACE: &str = "vendor-2495";
/// Kea's internal name of the space, which its lookups also accept.
pub const SPACE: &str = "4o6";

/// Kea 2.2's `ISC_V6_OPTION_DEFINITIONS`.
pub static ISC_V6: &[OptionDef<Dhcp6>] = &[
    OptionDef::new("4o6-interface", 60000, DataType::String, false),
    OptionDef::new("4o6-source-address", 60001, Ipv6Address, false),
    OptionDef::new("4o6-source-port", 60002, Uint16, false),
];
