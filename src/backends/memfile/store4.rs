//! The DHCPv4 [`LeaseStore`] of [`MemfileStore`]: Kea's lease4 lookups over the
//! [`super::index4::Lease4Index`], writes through the generic store (journal first).

use std::net::Ipv4Addr;

use super::error::MemfileError;
use super::MemfileStore;
use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::lease_store::LeaseStore;

impl LeaseStore for MemfileStore {
    type Error = MemfileError;

    async fn get4(&self, address: Ipv4Addr) -> Result<Option<Lease4>, MemfileError> {
        log::trace!("DHCPSRV_MEMFILE_GET_ADDR4 obtaining IPv4 lease for address {address}");
        Ok(self.lock().index.get(&address).cloned())
    }

    async fn get4_by_hwaddr(
        &self,
        hwaddr: &[u8],
        subnet_id: Option<u32>,
    ) -> Result<Vec<Lease4>, MemfileError> {
        Ok(self.lock().index.by_hwaddr(hwaddr, subnet_id))
    }

    async fn get4_by_client_id(
        &self,
        client_id: &[u8],
        subnet_id: Option<u32>,
    ) -> Result<Vec<Lease4>, MemfileError> {
        Ok(self.lock().index.by_client_id(client_id, subnet_id))
    }

    async fn get4_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease4>, MemfileError> {
        Ok(self.lock().index.all(subnets))
    }

    async fn get4_page(&self, after: Ipv4Addr, limit: usize) -> Result<Vec<Lease4>, MemfileError> {
        Ok(self.lock().index.page(after, limit))
    }

    async fn add4(&self, lease: &Lease4) -> Result<bool, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_ADD_ADDR4 adding IPv4 lease with address {}",
            lease.address
        );
        self.put_if(lease, |stored| stored.is_none())
    }

    async fn update4(&self, lease: &Lease4) -> Result<bool, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_UPDATE_ADDR4 updating IPv4 lease for address {}",
            lease.address
        );
        self.put_if(lease, |stored| stored.is_some())
    }

    async fn replace4(&self, old: &Lease4, new: &Lease4) -> Result<bool, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_UPDATE_ADDR4 updating IPv4 lease for address {}",
            new.address
        );
        if old.address != new.address {
            return Err(MemfileError::AddressMismatch {
                old: old.address,
                new: new.address,
            });
        }
        self.put_if(new, |stored| stored == Some(old))
    }

    async fn delete4(&self, address: Ipv4Addr) -> Result<bool, MemfileError> {
        log::debug!("DHCPSRV_MEMFILE_DELETE_ADDR deleting lease for address {address}");
        self.delete(&address)
    }

    async fn expired4(&self, now: i64, limit: usize) -> Result<Vec<Lease4>, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_GET_EXPIRED4 obtaining maximum {limit} of expired IPv4 leases"
        );
        Ok(self.lock().index.expired(now, limit))
    }

    async fn flush_reclaimed4(&self, before: i64) -> Result<u64, MemfileError> {
        let addrs: Vec<Ipv4Addr> = self
            .lock()
            .index
            .reclaimed_before(before)
            .iter()
            .map(|l| l.address)
            .collect();
        if addrs.is_empty() {
            return Ok(0);
        }
        log::debug!(
            "DHCPSRV_MEMFILE_DELETE_EXPIRED_RECLAIMED_START starting deletion of {} expired-reclaimed leases",
            addrs.len()
        );
        // A lease may have been renewed since: the predicate is checked again under
        // the lock that deletes it.
        let deleted = self.delete_many(&addrs, |l| {
            l.state == LeaseState::ExpiredReclaimed && l.expire() < before
        })?;
        Ok(deleted)
    }

    async fn wipe4(&self, subnet_id: Option<u32>) -> Result<u64, MemfileError> {
        let subnet_text = subnet_id.map_or_else(|| "all".to_string(), |s| s.to_string());
        log::info!(
            "DHCPSRV_MEMFILE_WIPE_LEASES4 removing all IPv4 leases from subnet {subnet_text}"
        );
        let addrs = {
            let g = self.lock();
            match subnet_id {
                Some(s) => g.index.addresses_in(&[s]),
                None => g.index.addresses(),
            }
        };
        let n = self.delete_many(&addrs, |l| subnet_id.is_none_or(|s| l.subnet_id == s))?;
        log::info!(
            "DHCPSRV_MEMFILE_WIPE_LEASES4_FINISHED removing all IPv4 leases from subnet {subnet_text} finished, removed {n} leases"
        );
        Ok(n)
    }
}
