//! DHCPv6 (RFC 8415) as Kea implements it.

pub mod option_defs;
