//! The DHCPv6 [`Lease6Store`] of [`Memfile6Store`]: Kea's lease6 lookups over the
//! [`super::index6::Lease6Index`], writes through the generic store (journal first).

use std::net::Ipv6Addr;

use super::error::MemfileError;
use super::journal::CsvRow;
use super::store::LeaseIndex;
use super::Memfile6Store;
use crate::backends::lease6::{ClientIa, Lease6, LeaseType};
use crate::backends::lease6_store::Lease6Store;

impl Lease6Store for Memfile6Store {
    type Error = MemfileError;

    async fn get6(&self, t: LeaseType, address: Ipv6Addr) -> Result<Option<Lease6>, MemfileError> {
        Ok(self.lock().index.get(&(t, address)).cloned())
    }

    async fn get6_by_client(
        &self,
        t: LeaseType,
        ia: ClientIa<'_>,
    ) -> Result<Vec<Lease6>, MemfileError> {
        Ok(self
            .lock()
            .index
            .of_duid(ia.duid)
            .filter(|l| l.lease_type == t && ia.holds(l))
            .cloned()
            .collect())
    }

    async fn get6_by_duid(&self, duid: &[u8]) -> Result<Vec<Lease6>, MemfileError> {
        Ok(self.lock().index.of_duid(duid).cloned().collect())
    }

    async fn get6_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease6>, MemfileError> {
        Ok(self
            .lock()
            .index
            .iter()
            .filter(|l| subnets.is_none_or(|s| s.contains(&l.subnet_id)))
            .cloned()
            .collect())
    }

    async fn add6(&self, lease: &Lease6) -> Result<bool, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_ADD_ADDR6 adding IPv6 lease with address {}",
            lease.address
        );
        self.put_if(lease, |stored| stored.is_none())
    }

    async fn update6(&self, lease: &Lease6) -> Result<bool, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_UPDATE_ADDR6 updating IPv6 lease for address {}",
            lease.address
        );
        self.put_if(lease, |stored| stored.is_some())
    }

    async fn replace6(&self, old: &Lease6, new: &Lease6) -> Result<bool, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_UPDATE_ADDR6 updating IPv6 lease for address {}",
            new.address
        );
        if (new.lease_type, new.address) != (old.lease_type, old.address) {
            // Kea's checks come first: a lease it would not store is an error.
            CsvRow::check(new)?;
            return Ok(false);
        }
        self.put_if(new, |stored| stored == Some(old))
    }

    async fn delete6(&self, t: LeaseType, address: Ipv6Addr) -> Result<bool, MemfileError> {
        log::debug!("DHCPSRV_MEMFILE_DELETE_ADDR deleting lease for address {address}");
        self.delete(&(t, address))
    }

    async fn expired6(&self, now: i64, limit: usize) -> Result<Vec<Lease6>, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_GET_EXPIRED6 obtaining maximum {limit} of expired IPv6 leases"
        );
        Ok(self.lock().index.expired(now, limit))
    }

    async fn wipe6(&self, subnet_id: Option<u32>) -> Result<u64, MemfileError> {
        let subnet_text = subnet_id.map_or_else(|| "all".to_string(), |s| s.to_string());
        log::info!(
            "DHCPSRV_MEMFILE_WIPE_LEASES6 removing all IPv6 leases from subnet {subnet_text}"
        );
        let keys = self.lock().index.keys_in(subnet_id);
        let n = self.delete_many(&keys, |l| subnet_id.is_none_or(|s| l.subnet_id == s))?;
        log::info!(
            "DHCPSRV_MEMFILE_WIPE_LEASES6_FINISHED removing all IPv6 leases from subnet {subnet_text} finished, removed {n} leases"
        );
        Ok(n)
    }
}
