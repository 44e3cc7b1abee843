//! DHCPv6 (RFC 8415) as Kea implements it.

pub mod ia;
pub mod mac_sources;
pub mod packet;
pub mod packet_view;
pub mod server;
pub mod subnet_select;

#[cfg(test)]
mod server_tests;

pub use packet::{DecodeError, Message6, Opt6, Packet6, RelayLevel};
pub use server::{Dhcp6Server, Drop6Reason, Outcome6};
pub use subnet_select::Meta6;
