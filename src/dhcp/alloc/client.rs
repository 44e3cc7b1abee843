//! Who the client is: hardware address, client identifier, and how leases are
//! matched to it (Kea's `Lease4::belongsToClient`).

use crate::backends::lease::{Lease4, LeaseState};
use crate::expression::ClassSet;

/// A client's identity as seen in one packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client4 {
    /// chaddr (significant bytes), without htype.
    pub hwaddr: Vec<u8>,
    /// Option 61, as sent (stored in the lease whatever `match-client-id` says).
    pub client_id: Option<Vec<u8>>,
    /// `match-client-id` of the selected subnet: identify by client-id first.
    pub match_client_id: bool,
    /// Option 82 sub-option 1 (circuit-id), for reservations.
    pub circuit_id: Option<Vec<u8>>,
    /// The classes the query holds (pool guards).
    pub classes: ClassSet,
}

impl Client4 {
    /// The client id used for matching (none when `match-client-id` is false).
    pub fn matching_client_id(&self) -> Option<&[u8]> {
        if self.match_client_id {
            self.client_id.as_deref()
        } else {
            None
        }
    }

    /// True when `lease` belongs to this client: same client-id, or (when either
    /// side has no client-id) same hardware address. Declined leases belong to nobody.
    pub fn owns(&self, lease: &Lease4) -> bool {
        if lease.state == LeaseState::Declined {
            return false;
        }
        let mine = self.matching_client_id();
        if let (Some(a), Some(b)) = (mine, lease.client_id.as_deref()) {
            if a == b {
                return true;
            }
        }
        if mine.is_none() || lease.client_id.is_none() {
            return !self.hwaddr.is_empty() && self.hwaddr == lease.hwaddr;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn lease(hw: &[u8], cid: Option<&[u8]>) -> Lease4 {
        Lease4 {
            address: Ipv4Addr::new(10, 0, 0, 5),
            hwaddr: hw.to_vec(),
            client_id: cid.map(<[u8]>::to_vec),
            valid_lifetime: 3600,
            cltt: 0,
            subnet_id: 1,
            fqdn_fwd: false,
            fqdn_rev: false,
            hostname: String::new(),
            state: LeaseState::Default,
            user_context: None,
        }
    }

    fn client(hw: &[u8], cid: Option<&[u8]>, m: bool) -> Client4 {
        Client4 {
            hwaddr: hw.to_vec(),
            client_id: cid.map(<[u8]>::to_vec),
            match_client_id: m,
            circuit_id: None,
            classes: ClassSet::new(),
        }
    }

    #[test]
    fn client_id_match_wins_over_different_hwaddr() {
        assert!(client(&[1], Some(&[9]), true).owns(&lease(&[2], Some(&[9]))));
    }

    #[test]
    fn different_client_ids_do_not_match_even_with_same_hwaddr() {
        assert!(!client(&[1], Some(&[8]), true).owns(&lease(&[1], Some(&[9]))));
    }

    #[test]
    fn without_match_client_id_hwaddr_decides() {
        assert!(client(&[1], Some(&[8]), false).owns(&lease(&[1], Some(&[9]))));
        assert!(!client(&[2], Some(&[9]), false).owns(&lease(&[1], Some(&[9]))));
    }

    #[test]
    fn declined_leases_belong_to_nobody() {
        let mut l = lease(&[1], None);
        l.state = LeaseState::Declined;
        assert!(!client(&[1], None, true).owns(&l));
    }
}
