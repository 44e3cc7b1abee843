//! The DHCPv6 lease as Kea models it (lease6 CSV rows, lease6 table, lease6-*
//! commands): an address (IA_NA) or a delegated prefix (IA_PD) bound to a
//! client's DUID and IAID.

use std::net::Ipv6Addr;

use crate::backends::lease::LeaseState;

/// Kea's `lease_type` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeaseType {
    /// Non-temporary address (IA_NA), 0.
    Na = 0,
    /// Temporary address (IA_TA), 1.
    Ta = 1,
    /// Delegated prefix (IA_PD), 2.
    Pd = 2,
}

impl LeaseType {
    /// Parses Kea's numeric lease type.
    pub fn from_u32(v: u32) -> Option<Self> {
        match v {
            0 => Some(Self::Na),
            1 => Some(Self::Ta),
            2 => Some(Self::Pd),
            _ => None,
        }
    }

    /// The number Kea stores.
    pub fn as_u32(self) -> u32 {
        self as u32
    }

    /// Kea's command name (`IA_NA`, `IA_TA`, `IA_PD`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Na => "IA_NA",
            Self::Ta => "IA_TA",
            Self::Pd => "IA_PD",
        }
    }

    /// Parses Kea's command name.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "IA_NA" => Some(Self::Na),
            "IA_TA" => Some(Self::Ta),
            "IA_PD" => Some(Self::Pd),
            _ => None,
        }
    }
}

/// The DUID Kea gives a declined lease (one zero byte).
pub const DECLINED_DUID: [u8; 1] = [0];

/// Kea's rule for storing a DHCPv6 lease: an assigned lease needs a DUID (only a
/// declined one may have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Lease6: {0}, has no DUID")]
pub struct MissingDuid(pub Ipv6Addr);

/// A client's identity association in one subnet (DUID, IAID, subnet id):
/// the key under which a client's DHCPv6 leases of a type are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIa<'a> {
    /// The client's DUID.
    pub duid: &'a [u8],
    /// The IA's identifier.
    pub iaid: u32,
    /// The subnet the IA is bound in.
    pub subnet_id: u32,
}

impl ClientIa<'_> {
    /// Whether `lease` belongs to this IA (any lease type).
    pub fn holds(&self, lease: &Lease6) -> bool {
        lease.duid == self.duid && lease.iaid == self.iaid && lease.subnet_id == self.subnet_id
    }
}

/// One DHCPv6 lease, keyed by (type, address). Fields follow Kea's lease6 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease6 {
    /// Address, or the delegated prefix's first address for IA_PD.
    pub address: Ipv6Addr,
    /// IA_NA / IA_TA / IA_PD.
    pub lease_type: LeaseType,
    /// Prefix length: 128 for addresses, the delegated length for prefixes.
    pub prefix_len: u8,
    /// Client DUID (`00` when declined).
    pub duid: Vec<u8>,
    /// Identity association id the lease belongs to.
    pub iaid: u32,
    /// Preferred lifetime (s).
    pub preferred_lifetime: u32,
    /// Valid lifetime (s); `INFINITE_LIFETIME` for infinite.
    pub valid_lifetime: u32,
    /// Client last transaction time, epoch seconds.
    pub cltt: i64,
    /// Subnet the lease belongs to.
    pub subnet_id: u32,
    /// Forward DNS update done.
    pub fqdn_fwd: bool,
    /// Reverse DNS update done.
    pub fqdn_rev: bool,
    /// Client hostname (empty when none).
    pub hostname: String,
    /// Client hardware address, when known.
    pub hwaddr: Vec<u8>,
    /// Hardware type of `hwaddr` (Kea's hwtype column; 1 = Ethernet).
    pub hwtype: u16,
    /// Where `hwaddr` came from (Kea's hwaddr_source bitmask).
    pub hwaddr_source: u32,
    /// Lease state.
    pub state: LeaseState,
    /// Kea's `user-context` JSON map, if any.
    pub user_context: Option<serde_json::Map<String, serde_json::Value>>,
}

crate::backends::lease::lease_lifetime!(Lease6);

impl Lease6 {
    /// Kea's write rule (memfile and SQL alike): an assigned lease needs a DUID.
    pub fn check(&self) -> Result<(), MissingDuid> {
        if self.duid.is_empty() && self.state != LeaseState::Declined {
            return Err(MissingDuid(self.address));
        }
        Ok(())
    }

    /// True when this lease is bound to `duid`/`iaid` (and usable by it).
    pub fn belongs_to(&self, duid: &[u8], iaid: u32) -> bool {
        self.state != LeaseState::Declined && self.duid == duid && self.iaid == iaid
    }
}
