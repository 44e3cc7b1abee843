//! A lease6 row in server-neutral Rust types, and Kea's rules mapping it to and
//! from [`Lease6`]: the address as its canonical text (Kea 2.2's `VARCHAR(39)`
//! primary key), `expire = cltt + valid` (or `cltt` for an infinite lease), the
//! user context as JSON text, an absent hardware address as NULL or empty.

use std::net::Ipv6Addr;

use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType};
use crate::config::model::SqlKind;

use super::error::SqlError;
use super::row::{stored_lifetime, user_context_map, user_context_text};
use super::schema::MAX_DB_TIME;

/// Hardware type read for a row whose `hwtype` is NULL (Ethernet, as memfile).
const DEFAULT_HWTYPE: u16 = 1;

/// One lease6 row, as both servers store it (modulo integer widths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease6Row {
    /// IPv6 address (or prefix) as canonical text.
    pub address: String,
    /// Client DUID (`00` for a declined lease).
    pub duid: Vec<u8>,
    /// Seconds (`u32::MAX` = infinite).
    pub valid_lifetime: u32,
    /// Expiry, epoch seconds (0..=MAX_DB_TIME).
    pub expire: i64,
    /// Subnet id.
    pub subnet_id: u32,
    /// Preferred lifetime, seconds.
    pub pref_lifetime: u32,
    /// 0 IA_NA, 1 IA_TA, 2 IA_PD.
    pub lease_type: u8,
    /// Identity association id.
    pub iaid: u32,
    /// Prefix length (128 for addresses).
    pub prefix_len: u8,
    /// Forward DNS updated.
    pub fqdn_fwd: bool,
    /// Reverse DNS updated.
    pub fqdn_rev: bool,
    /// Hostname (empty when none; Kea stores the empty string).
    pub hostname: String,
    /// Hardware address; `None` when the lease has none.
    pub hwaddr: Option<Vec<u8>>,
    /// Hardware type.
    pub hwtype: u16,
    /// Where the hardware address came from.
    pub hwaddr_source: u32,
    /// Kea's numeric state.
    pub state: u32,
    /// User context JSON text; `None` when the lease has none.
    pub user_context: Option<String>,
}

/// The text a lease6 row's `address` column holds for `address`.
pub fn address_text(address: Ipv6Addr) -> String {
    address.to_string()
}

impl Lease6Row {
    /// The row for `lease`; refuses an assigned lease without DUID (Kea's rule)
    /// and an expiry beyond [`MAX_DB_TIME`] ("Time value is too large").
    pub fn from_lease(backend: SqlKind, lease: &Lease6) -> Result<Self, SqlError> {
        let bad = |reason: String| SqlError::BadLease6 {
            backend,
            address: lease.address,
            reason,
        };
        lease.check().map_err(|e| bad(e.to_string()))?;
        let expire = lease.cltt + stored_lifetime(lease.valid_lifetime);
        if !(0..=MAX_DB_TIME).contains(&expire) {
            return Err(bad(format!(
                "expiration time {expire} is outside 0..{MAX_DB_TIME} (year 2038)"
            )));
        }
        let user_context = user_context_text(lease.user_context.as_ref());
        Ok(Self {
            address: address_text(lease.address),
            duid: lease.duid.clone(),
            valid_lifetime: lease.valid_lifetime,
            expire,
            subnet_id: lease.subnet_id,
            pref_lifetime: lease.preferred_lifetime,
            lease_type: lease.lease_type as u8,
            iaid: lease.iaid,
            prefix_len: lease.prefix_len,
            fqdn_fwd: lease.fqdn_fwd,
            fqdn_rev: lease.fqdn_rev,
            hostname: lease.hostname.clone(),
            hwaddr: (!lease.hwaddr.is_empty()).then(|| lease.hwaddr.clone()),
            hwtype: lease.hwtype,
            hwaddr_source: lease.hwaddr_source,
            state: lease.state.as_u32(),
            user_context,
        })
    }

    /// The lease this row holds.
    pub fn into_lease(self, backend: SqlKind) -> Result<Lease6, SqlError> {
        let bad = |reason: String| SqlError::BadRow6 {
            backend,
            address: self.address.clone(),
            reason,
        };
        let address: Ipv6Addr = self
            .address
            .trim()
            .parse()
            .map_err(|_| bad("not an IPv6 address".into()))?;
        let lease_type = LeaseType::from_u32(u32::from(self.lease_type))
            .ok_or_else(|| bad(format!("unknown lease_type {}", self.lease_type)))?;
        let state = LeaseState::from_u32(self.state)
            .ok_or_else(|| bad(format!("unknown state {}", self.state)))?;
        let user_context = user_context_map(self.user_context.as_deref()).map_err(bad)?;
        Ok(Lease6 {
            address,
            lease_type,
            prefix_len: self.prefix_len,
            duid: self.duid,
            iaid: self.iaid,
            preferred_lifetime: self.pref_lifetime,
            valid_lifetime: self.valid_lifetime,
            cltt: self.expire - stored_lifetime(self.valid_lifetime),
            subnet_id: self.subnet_id,
            fqdn_fwd: self.fqdn_fwd,
            fqdn_rev: self.fqdn_rev,
            hostname: self.hostname,
            hwaddr: self.hwaddr.unwrap_or_default(),
            hwtype: self.hwtype,
            hwaddr_source: self.hwaddr_source,
            state,
            user_context,
        })
    }
}

/// `hwtype` for a row whose column may be NULL (written by hand or by Kea
/// without a hardware address).
pub fn hwtype_or_default(v: Option<u16>) -> u16 {
    v.unwrap_or(DEFAULT_HWTYPE)
}

/// Leases sorted by (type, address): SQL orders address text, not numbers.
pub fn sorted(mut leases: Vec<Lease6>) -> Vec<Lease6> {
    leases.sort_by_key(|l| (l.lease_type, l.address));
    leases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease() -> Lease6 {
        Lease6 {
            address: "2001:db8::5".parse().expect("test address"),
            lease_type: LeaseType::Pd,
            prefix_len: 56,
            duid: vec![0, 1, 2, 3],
            iaid: u32::MAX,
            preferred_lifetime: 3000,
            valid_lifetime: 4000,
            cltt: 1_700_000_000,
            subnet_id: 1,
            fqdn_fwd: false,
            fqdn_rev: true,
            hostname: "h".into(),
            hwaddr: vec![],
            hwtype: 1,
            hwaddr_source: 0,
            state: LeaseState::Default,
            user_context: None,
        }
    }

    #[test]
    fn a_row_round_trips_and_stores_kea_text_and_expiry() {
        let row = Lease6Row::from_lease(SqlKind::Postgresql, &lease()).expect("valid");
        assert_eq!(row.address, "2001:db8::5");
        assert_eq!(row.expire, 1_700_004_000);
        assert_eq!(row.lease_type, 2);
        assert_eq!(row.hwaddr, None);
        assert_eq!(row.into_lease(SqlKind::Postgresql).expect("valid"), lease());
    }

    #[test]
    fn an_infinite_lease_stores_cltt_as_expire() {
        let mut l = lease();
        l.valid_lifetime = crate::backends::lease::INFINITE_LIFETIME;
        let row = Lease6Row::from_lease(SqlKind::Mysql, &l).expect("valid");
        assert_eq!(row.expire, l.cltt);
        assert_eq!(row.into_lease(SqlKind::Mysql).expect("valid"), l);
    }

    #[test]
    fn an_assigned_lease_without_duid_is_refused() {
        let mut l = lease();
        l.duid.clear();
        let e = Lease6Row::from_lease(SqlKind::Mysql, &l).unwrap_err();
        assert!(e.to_string().contains("no DUID"), "{e}");
    }

    #[test]
    fn a_row_with_a_bad_address_or_type_is_an_error_naming_it() {
        let mut row = Lease6Row::from_lease(SqlKind::Postgresql, &lease()).expect("valid");
        row.lease_type = 7;
        let e = row.clone().into_lease(SqlKind::Postgresql).unwrap_err();
        assert!(e.to_string().contains("lease_type 7"), "{e}");
        row.address = "192.0.2.1".into();
        let e = row.into_lease(SqlKind::Postgresql).unwrap_err();
        assert!(e.to_string().contains("192.0.2.1"), "{e}");
    }
}
