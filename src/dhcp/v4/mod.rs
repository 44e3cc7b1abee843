//! DHCPv4 (RFC 2131/2132) as Kea implements it.

pub mod destination;
pub mod meta;
pub mod packet;
pub mod packet_view;
pub mod reply_options;
pub mod server;
pub mod subnet_select;

#[cfg(test)]
mod server_tests;

pub use meta::{PacketMeta, Ports};
pub use packet::{MessageType, Packet4};
pub use server::{Dhcp4Server, DropReason, Outcome};
