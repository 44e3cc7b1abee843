//! The DHCP protocol, pure: no sockets, actors or SQL. Storage is reached through
//! the traits in `crate::backends`.

pub mod alloc;
pub mod host;
pub mod host6;
pub mod lease;
pub mod lease6;
pub mod v4;
pub mod v6;
