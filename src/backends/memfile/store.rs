//! [`MemfileStore`]: the [`LeaseStore`] over an in-memory index and Kea's CSV journal.
//!
//! Every add/update appends the lease's row to `F`; a delete appends the lease with
//! `valid_lifetime` 0. The row is written (disk first, like Kea) before the index changes,
//! and a write future resolves `Ok` only after its row is in the file (see
//! [`super::writer`] for the fsync policy). All state sits behind one `std::sync::Mutex`
//! held for an index update plus at most one `write(2)`; rows are encoded outside it.
//! Methods never await, so the futures complete on their first poll.

use std::net::Ipv4Addr;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use super::config::MemfileConfig;
use super::error::MemfileError;
use super::index::LeaseIndex;
use super::lease_file::{check_lease, encode_row4};
use super::loader::{load_all, LoadReport};
use super::paths::LeaseFilePaths;
use super::writer::AppendFile;
use crate::backends::lease::{Lease4, LeaseState};
use crate::backends::lease_store::LeaseStore;

/// Rows encoded per write when many leases are deleted at once (wipe, flush).
const BATCH: usize = 4096;

/// Kea's memfile lease backend for DHCPv4.
#[derive(Debug)]
pub struct MemfileStore {
    pub(super) cfg: MemfileConfig,
    pub(super) paths: LeaseFilePaths,
    pub(super) inner: Mutex<Inner>,
    /// Set while an LFC runs (shared with its blocking task).
    pub(super) lfc_running: Arc<AtomicBool>,
}

/// The state behind the lock.
#[derive(Debug)]
pub(super) struct Inner {
    pub(super) index: LeaseIndex,
    /// `F` open for appending; `None` when persist=false.
    pub(super) file: Option<AppendFile>,
}

impl MemfileStore {
    /// Opens the backend: with persist=true, loads `F.completed` (or `F.2`, `F.1`) and
    /// `F`, then keeps `F` open for appending. Fails while `F.pid` names a running
    /// process, on an unreadable file or header, or after too many bad rows.
    pub fn open(cfg: &MemfileConfig) -> Result<(Self, LoadReport), MemfileError> {
        let paths = LeaseFilePaths::new(&cfg.path);
        if !cfg.persist {
            log::warn!("DHCPSRV_MEMFILE_NO_STORAGE running in non-persistent mode, leases will be lost after restart");
            return Ok((
                Self::build(cfg, paths, LeaseIndex::default(), None),
                LoadReport::default(),
            ));
        }
        let (map, report, tail) = load_all(&paths, cfg.max_row_errors)?;
        let file = AppendFile::open(&paths.current, tail.complete_len)?;
        if report.needs_conversion {
            log::warn!("DHCPSRV_MEMFILE_CONVERTING_LEASE_FILES running LFC now to convert lease files to the current schema: 2.1");
        }
        log::info!(
            "loaded {} lease(s) from {} row(s) ({} bad, {} truncated)",
            report.leases,
            report.rows,
            report.errors,
            report.truncated
        );
        let index = LeaseIndex::from_leases(map.into_values());
        Ok((Self::build(cfg, paths, index, Some(file)), report))
    }

    /// A memory-only store (persist=false): nothing is read or written.
    pub fn in_memory() -> Self {
        let cfg = MemfileConfig {
            persist: false,
            path: Default::default(),
            lfc_interval: 0,
            max_row_errors: 0,
        };
        let paths = LeaseFilePaths::new(&cfg.path);
        Self::build(&cfg, paths, LeaseIndex::default(), None)
    }

    fn build(
        cfg: &MemfileConfig,
        paths: LeaseFilePaths,
        index: LeaseIndex,
        file: Option<AppendFile>,
    ) -> Self {
        MemfileStore {
            cfg: cfg.clone(),
            paths,
            inner: Mutex::new(Inner { index, file }),
            lfc_running: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The configuration the store was opened with.
    pub fn config(&self) -> &MemfileConfig {
        &self.cfg
    }

    /// The lease file and its LFC companions.
    pub fn paths(&self) -> &LeaseFilePaths {
        &self.paths
    }

    /// Number of leases in memory.
    pub fn len(&self) -> usize {
        self.lock().index.len()
    }

    /// True when there are no leases.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Flushes `F` to stable storage (fdatasync); call at shutdown.
    pub fn sync(&self) -> Result<(), MemfileError> {
        match &self.lock().file {
            Some(f) => f.sync(),
            None => Ok(()),
        }
    }

    /// Locks the state. A panic while holding the lock cannot leave the index half
    /// updated in a way later calls would trip on (each update is insert/remove of one
    /// lease), so a poisoned lock is taken over rather than failing every call.
    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn encode(lease: &Lease4, valid: Option<u32>) -> String {
        let mut s = String::with_capacity(160);
        encode_row4(lease, valid, &mut s);
        s
    }

    /// Writes deletion rows for those of `addrs` whose lease satisfies `pred` (checked
    /// under the lock) and removes them, in batches.
    fn delete_many(
        &self,
        addrs: &[Ipv4Addr],
        pred: impl Fn(&Lease4) -> bool,
    ) -> Result<u64, MemfileError> {
        let mut deleted = 0u64;
        for chunk in addrs.chunks(BATCH) {
            let mut g = self.lock();
            let inner = &mut *g;
            let doomed: Vec<Ipv4Addr> = chunk
                .iter()
                .copied()
                .filter(|a| inner.index.get(a).is_some_and(&pred))
                .collect();
            if let Some(file) = &mut inner.file {
                let mut buf = String::with_capacity(doomed.len() * 128);
                for a in &doomed {
                    if let Some(l) = inner.index.get(a) {
                        encode_row4(l, Some(0), &mut buf);
                    }
                }
                file.append(buf.as_bytes())?;
            }
            for a in &doomed {
                if inner.index.remove(a).is_some() {
                    deleted += 1;
                }
            }
        }
        Ok(deleted)
    }
}

impl Inner {
    fn write(&mut self, row: &str) -> Result<(), MemfileError> {
        match &mut self.file {
            Some(f) => f.append(row.as_bytes()),
            None => Ok(()),
        }
    }
}

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
        check_lease(lease)?;
        let row = Self::encode(lease, None);
        let copy = lease.clone();
        let mut g = self.lock();
        if g.index.get(&lease.address).is_some() {
            return Ok(false);
        }
        g.write(&row)?;
        g.index.insert(copy);
        Ok(true)
    }

    async fn update4(&self, lease: &Lease4) -> Result<bool, MemfileError> {
        log::debug!(
            "DHCPSRV_MEMFILE_UPDATE_ADDR4 updating IPv4 lease for address {}",
            lease.address
        );
        check_lease(lease)?;
        let row = Self::encode(lease, None);
        let copy = lease.clone();
        let mut g = self.lock();
        if g.index.get(&lease.address).is_none() {
            return Ok(false);
        }
        g.write(&row)?;
        g.index.insert(copy);
        Ok(true)
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
        check_lease(new)?;
        let row = Self::encode(new, None);
        let copy = new.clone();
        let mut g = self.lock();
        if g.index.get(&old.address) != Some(old) {
            return Ok(false);
        }
        g.write(&row)?;
        g.index.insert(copy);
        Ok(true)
    }

    async fn delete4(&self, address: Ipv4Addr) -> Result<bool, MemfileError> {
        log::debug!("DHCPSRV_MEMFILE_DELETE_ADDR deleting lease for address {address}");
        let mut g = self.lock();
        let Some(stored) = g.index.get(&address) else {
            return Ok(false);
        };
        if g.file.is_some() {
            let row = Self::encode(stored, Some(0));
            g.write(&row)?;
        }
        g.index.remove(&address);
        Ok(true)
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
