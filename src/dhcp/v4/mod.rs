//! DHCPv4 (RFC 2131/2132) as Kea implements it.

pub mod option_defs;
