//! Shared test support: the generic lease backend battery.

pub mod lease_battery;
