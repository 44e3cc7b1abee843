//! Allocation engine: reservations, lease reuse, requested addresses, pool iteration.
//!
//! [`AllocEngine4`] wraps a [`crate::backends::LeaseStore`] and owns the allocation
//! policy (dora's `IpManager<S>` split): the store guarantees uniqueness of an
//! address, the engine decides which address a client gets.

pub mod client;
pub mod engine;
pub mod engine6;
pub mod host_lookup;
pub mod hosts;
pub mod hosts6;
pub mod lease6_stats;
pub mod lease_stats;

#[cfg(test)]
mod engine_tests;

pub use client::Client4;
pub use engine::{AllocEngine4, AllocError, ClientHosts, Commit4, RequestLeases};
pub use engine6::{AllocEngine6, Client6, IaRequest};
pub use hosts::HostIndex4;
