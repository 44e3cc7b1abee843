//! DHCP option definitions: Kea's standard option tables for the `dhcp4` and
//! `dhcp6` option spaces (name, code, data type, array, record fields) and the
//! codecs between Kea's option-data text (`csv-format` values, hex) and
//! option bytes. The bottom layer: configuration validation, host stores and
//! the protocol code all read these tables.

pub mod dhcp4;
pub mod dhcp6;
