//! The softwire (RFC 7598, MAP-E / MAP-T / lightweight 4over6) option spaces
//! of the DHCPv6 family: what the `s46-cont-mape`, `s46-cont-mapt` and
//! `s46-cont-lw` containers (dhcp6 94, 95, 96) carry, and the sub-options of
//! their rules and bindings (Kea 2.2's `std_option_defs.h`).

use super::def::{DataType, OptionDef};
use super::dhcp6::Dhcp6;

use DataType::{Ipv4Address, Ipv6Address, Ipv6Prefix, Psid, Uint8};

/// Space of `s46-cont-mape` (dhcp6 94).
pub const MAPE_SPACE: &str = "s46-cont-mape-options";
/// Space of `s46-cont-mapt` (dhcp6 95).
pub const MAPT_SPACE: &str = "s46-cont-mapt-options";
/// Space of `s46-cont-lw` (dhcp6 96).
pub const LW_SPACE: &str = "s46-cont-lw-options";
/// Space of an `s46-rule`'s sub-options.
pub const RULE_SPACE: &str = "s46-rule-options";
/// Space of an `s46-v4v6bind`'s sub-options.
pub const V4V6BIND_SPACE: &str = "s46-v4v6bind-options";

/// An S46 rule: flags, ea-len, prefix4-len, ipv4-prefix, ipv6-prefix.
const RULE_FIELDS: &[DataType] = &[Uint8, Uint8, Uint8, Ipv4Address, Ipv6Prefix];
/// A port-parameters option: offset, then the PSID (`psid/len`).
const PORTPARAMS_FIELDS: &[DataType] = &[Uint8, Psid];

/// Kea 2.2's `MAPE_V6_OPTION_DEFINITIONS` (`s46-cont-mape-options`).
pub static MAPE: &[OptionDef<Dhcp6>] = &[
    OptionDef::new("s46-br", 90, Ipv6Address, false),
    OptionDef::record("s46-rule", 89, RULE_FIELDS, false).encapsulates(RULE_SPACE),
];

/// Kea 2.2's `MAPT_V6_OPTION_DEFINITIONS` (`s46-cont-mapt-options`).
pub static MAPT: &[OptionDef<Dhcp6>] = &[
    OptionDef::record("s46-rule", 89, RULE_FIELDS, false).encapsulates(RULE_SPACE),
    OptionDef::new("s46-dmr", 91, Ipv6Prefix, false),
];

/// Kea 2.2's `LW_V6_OPTION_DEFINITIONS` (`s46-cont-lw-options`).
pub static LW: &[OptionDef<Dhcp6>] = &[
    OptionDef::new("s46-br", 90, Ipv6Address, false),
    OptionDef::record("s46-v4v6bind", 92, &[Ipv4Address, Ipv6Prefix], false)
        .encapsulates(V4V6BIND_SPACE),
];

/// Kea 2.2's `V4V6_RULE_OPTION_DEFINITIONS` (`s46-rule-options`).
pub static RULE: &[OptionDef<Dhcp6>] = &[OptionDef::record(
    "s46-portparams",
    93,
    PORTPARAMS_FIELDS,
    false,
)];

/// Kea 2.2's `V4V6_BIND_OPTION_DEFINITIONS` (`s46-v4v6bind-options`).
pub static V4V6BIND: &[OptionDef<Dhcp6>] = &[OptionDef::record(
    "s46-portparams",
    93,
    PORTPARAMS_FIELDS,
    false,
)];
