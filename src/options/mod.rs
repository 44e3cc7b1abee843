//! DHCP option definitions: Kea's standard option tables for the `dhcp4` and
//! `dhcp6` option spaces and the other standard spaces of each family
//! (softwire containers, DOCSIS 3 `vendor-4491`, ISC `vendor-2495`), each
//! entry a name, code, data type, array flag, record fields and encapsulated
//! space; and the codecs between Kea's option-data text (`csv-format` values,
//! hex) and option bytes, written once for any [`OptionSpace`]. The bottom layer:
//! configuration validation, host stores and the protocol code all read these
//! tables.

pub mod def;
pub mod dhcp4;
pub mod dhcp6;
pub mod docsis;
pub mod encode;
pub mod isc;
pub mod s46;

pub use def::{DataType, OptionDef, OptionSpace, SpaceDefs};
pub use dhcp4::Dhcp4;
pub use dhcp6::Dhcp6;
pub use encode::EncodeError;
