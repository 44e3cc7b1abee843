//! DHCP option definitions: Kea's standard option tables for the `dhcp4` and
//! `dhcp6` option spaces (name, code, data type, array, record fields) and the
//! codecs between Kea's option-data text (`csv-format` values, hex) and
//! option bytes, written once for any [`OptionSpace`]. The bottom layer:
//! configuration validation, host stores and the protocol code all read these
//! tables.

pub mod def;
pub mod dhcp4;
pub mod dhcp6;
pub mod encode;

pub use def::{DataType, OptionDef, OptionSpace};
pub use dhcp4::Dhcp4;
pub use dhcp6::Dhcp6;
pub use encode::EncodeError;
