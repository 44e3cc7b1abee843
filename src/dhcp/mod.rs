//! The DHCP protocol, pure: no sockets, actors or SQL. Storage is reached through
//! the traits in `crate::backends`.

pub mod alloc;
pub mod classify;
pub mod v4;
pub mod v6;
pub mod vendor_options;

#[cfg(test)]
mod counting_store;
