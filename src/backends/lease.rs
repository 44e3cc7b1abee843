//! The DHCPv4 lease as Kea models it (memfile CSV, SQL rows and lease commands share it).

use std::net::Ipv4Addr;

/// Kea's lease state column: 0 assigned, 1 declined (probation), 2 expired-reclaimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LeaseState {
    /// Assigned to a client (Kea "default").
    #[default]
    Default = 0,
    /// Declined by a client; held for `decline-probation-period`.
    Declined = 1,
    /// Expired and reclaimed; kept until `hold-reclaimed-time` passes.
    ExpiredReclaimed = 2,
}

impl LeaseState {
    /// Parses Kea's numeric state, as stored in CSV and SQL.
    pub fn from_u32(v: u32) -> Option<Self> {
        match v {
            0 => Some(Self::Default),
            1 => Some(Self::Declined),
            2 => Some(Self::ExpiredReclaimed),
            _ => None,
        }
    }

    /// The numeric value Kea stores.
    pub fn as_u32(self) -> u32 {
        self as u32
    }
}

/// `valid_lifetime` value Kea uses for "infinite".
pub const INFINITE_LIFETIME: u32 = u32::MAX;

/// One DHCPv4 lease, keyed by address. Field meanings follow Kea's lease4 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease4 {
    /// The leased address (primary key).
    pub address: Ipv4Addr,
    /// Client hardware address without the htype byte; empty when unknown (declined).
    pub hwaddr: Vec<u8>,
    /// Client identifier (option 61) when the client sent one.
    pub client_id: Option<Vec<u8>>,
    /// Valid lifetime in seconds; `INFINITE_LIFETIME` for infinite.
    pub valid_lifetime: u32,
    /// Client last transaction time, epoch seconds.
    pub cltt: i64,
    /// Subnet the lease belongs to.
    pub subnet_id: u32,
    /// Forward DNS update was done (DDNS; stored for Kea compatibility).
    pub fqdn_fwd: bool,
    /// Reverse DNS update was done.
    pub fqdn_rev: bool,
    /// Client hostname (empty when none).
    pub hostname: String,
    /// Lease state.
    pub state: LeaseState,
    /// Kea's `user-context` JSON map, if any.
    pub user_context: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The lifetime rules both lease records follow (Kea's): expiry from `cltt` and
/// `valid_lifetime`, an infinite lifetime never expiring, a lease "active" while
/// not expired and not reclaimed (declined leases count: they block the address).
macro_rules! lease_lifetime {
    ($lease:ty) => {
        impl $lease {
            /// Expiration time in epoch seconds (`cltt + valid_lifetime`; infinite never expires).
            pub fn expire(&self) -> i64 {
                if self.valid_lifetime == $crate::backends::lease::INFINITE_LIFETIME {
                    i64::MAX
                } else {
                    self.cltt + i64::from(self.valid_lifetime)
                }
            }

            /// True when the lease's lifetime has run out at `now` (epoch seconds).
            pub fn is_expired(&self, now: i64) -> bool {
                self.expire() <= now
            }

            /// True when the lease is held by (assigned to) a client at `now`: not
            /// expired, not reclaimed. Declined leases count as held.
            pub fn is_active(&self, now: i64) -> bool {
                self.state != $crate::backends::lease::LeaseState::ExpiredReclaimed
                    && !self.is_expired(now)
            }
        }
    };
}
pub(crate) use lease_lifetime;

lease_lifetime!(Lease4);
