//! [`Memfile6Store`]: the [`Lease6Store`] over an in-memory map and Kea's
//! lease6 CSV journal. Every add/update appends the lease's row; a delete
//! appends it with lifetimes 0; the row is written before the map changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::net::Ipv6Addr;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use super::csv6::{check_header, check_lease, decode_row6, encode_row6, header6};
use super::error::Memfile6Error;
use crate::backends::lease::LeaseState;
use crate::backends::lease6::{Lease6, LeaseType};
use crate::backends::lease6_store::Lease6Store;
use crate::backends::memfile::LeaseFilePaths;

type Key = (LeaseType, Ipv6Addr);

/// Kea's memfile lease backend for DHCPv6.
#[derive(Debug)]
pub struct Memfile6Store {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    leases: BTreeMap<Key, Lease6>,
    /// The leases of each DUID: a client's lookup must not scan every lease.
    by_duid: HashMap<Vec<u8>, BTreeSet<Key>>,
    file: Option<(File, PathBuf)>,
}

/// What loading the lease file found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Load6Report {
    /// Rows read.
    pub rows: u64,
    /// Rows skipped as invalid.
    pub errors: u32,
    /// Leases in memory afterwards.
    pub leases: usize,
}

impl Memfile6Store {
    /// A memory-only store (persist=false).
    pub fn in_memory() -> Self {
        Self {
            inner: Mutex::new(Inner::new(BTreeMap::new(), None)),
        }
    }

    /// Opens `path` (`F`): loads `F.completed` (or `F.2` then `F.1`) and then
    /// `F`, like Kea (last row per lease wins, lifetime 0 deletes, bad rows
    /// skipped up to `max_row_errors` per file when > 0), then keeps `F` open
    /// for appending (a new file gets Kea's header).
    pub fn open(path: &Path, max_row_errors: u32) -> Result<(Self, Load6Report), Memfile6Error> {
        let paths = LeaseFilePaths::new(path);
        let mut leases = BTreeMap::new();
        let mut report = Load6Report::default();
        if paths.completed.exists() {
            load_into(&paths.completed, max_row_errors, &mut leases, &mut report)?;
        } else {
            load_into(&paths.previous, max_row_errors, &mut leases, &mut report)?;
            load_into(&paths.input, max_row_errors, &mut leases, &mut report)?;
        }
        let has_header = load_into(path, max_row_errors, &mut leases, &mut report)?;
        let file = open_append(path, !has_header)?;
        report.leases = leases.len();
        Ok((
            Self {
                inner: Mutex::new(Inner::new(leases, Some((file, path.to_path_buf())))),
            },
            report,
        ))
    }

    /// Runs one Lease File Cleanup with Kea's file scheme (so `kea-lfc` and
    /// Kea can take over the files): rotate `F` to `F.1` (unless a previous
    /// run was interrupted), compact `F.2` + `F.1` into `F.completed`, then
    /// make it the new `F.2`. Only the rotation holds the store lock.
    /// Returns the number of leases in the new `F.2`.
    pub fn run_lfc(&self) -> Result<usize, Memfile6Error> {
        let path = {
            let mut g = self.lock();
            let Some((_, path)) = &g.file else {
                return Ok(0); // memory only
            };
            let path = path.clone();
            let paths = LeaseFilePaths::new(&path);
            if !paths.completed.exists() && !paths.input.exists() {
                std::fs::rename(&path, &paths.input)
                    .map_err(|e| Memfile6Error::io("rename", &path, e))?;
                let fresh = open_append(&path, true)?;
                g.file = Some((fresh, path.clone()));
            }
            path
        };
        let paths = LeaseFilePaths::new(&path);
        let pid = paths.pid.clone();
        std::fs::write(&pid, format!("{}\n", std::process::id()))
            .map_err(|e| Memfile6Error::io("write", &pid, e))?;
        let result = compact(&paths);
        let _ = std::fs::remove_file(&pid);
        result
    }
    /// Number of leases held.
    pub fn len(&self) -> usize {
        self.lock().leases.len()
    }

    /// True when no lease is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Loads one file's rows into `leases`; false when the file is absent or empty.
fn load_into(
    path: &Path,
    max_row_errors: u32,
    leases: &mut BTreeMap<Key, Lease6>,
    report: &mut Load6Report,
) -> Result<bool, Memfile6Error> {
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Memfile6Error::io("open", path, e)),
    };
    let mut lines = BufReader::new(f).lines();
    let Some(header) = lines.next() else {
        return Ok(false);
    };
    let header = header.map_err(|e| Memfile6Error::io("read", path, e))?;
    let columns = check_header(&header).map_err(|reason| Memfile6Error::Header {
        path: path.to_path_buf(),
        reason,
    })?;
    let mut errors = 0u32;
    for line in lines {
        let line = line.map_err(|e| Memfile6Error::io("read", path, e))?;
        if line.is_empty() {
            continue;
        }
        report.rows += 1;
        match decode_row6(&line, columns) {
            Ok(l) if l.valid_lifetime == 0 => {
                leases.remove(&(l.lease_type, l.address));
            }
            Ok(l) => {
                leases.insert((l.lease_type, l.address), l);
            }
            Err(e) => {
                errors += 1;
                report.errors += 1;
                log::warn!(
                    "DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR discarding row {} of {}: {e}",
                    report.rows,
                    path.display()
                );
                if max_row_errors > 0 && errors > max_row_errors {
                    return Err(Memfile6Error::TooManyRowErrors {
                        path: path.to_path_buf(),
                        count: errors,
                    });
                }
            }
        }
    }
    Ok(true)
}

/// Opens `path` for appending, writing Kea's header first when asked.
fn open_append(path: &Path, header: bool) -> Result<File, Memfile6Error> {
    let mut file = OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| Memfile6Error::io("open", path, e))?;
    if header {
        writeln!(file, "{}", header6()).map_err(|e| Memfile6Error::io("write", path, e))?;
    }
    Ok(file)
}

/// LFC steps 2-3: `F.2` + `F.1` -> `F.output` -> `F.completed` -> `F.2`.
fn compact(paths: &LeaseFilePaths) -> Result<usize, Memfile6Error> {
    let mut written = 0;
    if !paths.completed.exists() {
        let mut leases = BTreeMap::new();
        let mut report = Load6Report::default();
        load_into(&paths.previous, 0, &mut leases, &mut report)?;
        load_into(&paths.input, 0, &mut leases, &mut report)?;
        let mut text = header6();
        text.push('\n');
        for l in leases.values() {
            encode_row6(l, false, &mut text);
        }
        written = leases.len();
        let out = &paths.output;
        let mut f = File::create(out).map_err(|e| Memfile6Error::io("create", out, e))?;
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_data())
            .map_err(|e| Memfile6Error::io("write", out, e))?;
        std::fs::rename(out, &paths.completed).map_err(|e| Memfile6Error::io("rename", out, e))?;
    }
    for p in [&paths.previous, &paths.input] {
        match std::fs::remove_file(p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Memfile6Error::io("remove", p, e)),
        }
    }
    std::fs::rename(&paths.completed, &paths.previous)
        .map_err(|e| Memfile6Error::io("rename", &paths.completed, e))?;
    log::info!(
        "DHCPSRV_MEMFILE_LFC_EXECUTE lease file cleanup of {} done",
        paths.current.display()
    );
    Ok(written)
}

impl Inner {
    /// The store's state over loaded `leases`, with the DUID index built.
    fn new(leases: BTreeMap<Key, Lease6>, file: Option<(File, PathBuf)>) -> Self {
        let mut by_duid: HashMap<Vec<u8>, BTreeSet<Key>> = HashMap::new();
        for (k, l) in &leases {
            by_duid.entry(l.duid.clone()).or_default().insert(*k);
        }
        Self {
            leases,
            by_duid,
            file,
        }
    }

    /// Stores `lease` (replacing the one at its key) and indexes it.
    fn put(&mut self, lease: Lease6) {
        let key = (lease.lease_type, lease.address);
        self.unindex(&key);
        self.by_duid
            .entry(lease.duid.clone())
            .or_default()
            .insert(key);
        self.leases.insert(key, lease);
    }

    /// Removes the lease at `key` and its index entry.
    fn take(&mut self, key: &Key) {
        self.unindex(key);
        self.leases.remove(key);
    }

    fn unindex(&mut self, key: &Key) {
        if let Some(old) = self.leases.get(key) {
            if let Some(set) = self.by_duid.get_mut(&old.duid) {
                set.remove(key);
                if set.is_empty() {
                    self.by_duid.remove(&old.duid);
                }
            }
        }
    }

    /// The leases of `duid`, in key order.
    fn of_duid<'a>(&'a self, duid: &[u8]) -> impl Iterator<Item = &'a Lease6> + 'a {
        self.by_duid
            .get(duid)
            .into_iter()
            .flatten()
            .filter_map(|k| self.leases.get(k))
    }

    fn append(&mut self, lease: &Lease6, deleted: bool) -> Result<(), Memfile6Error> {
        if let Some((file, path)) = &mut self.file {
            let mut row = String::with_capacity(160);
            encode_row6(lease, deleted, &mut row);
            file.write_all(row.as_bytes())
                .map_err(|e| Memfile6Error::io("append to", path, e))?;
        }
        Ok(())
    }
}

fn valid(lease: &Lease6) -> Result<(), Memfile6Error> {
    check_lease(lease).map_err(Memfile6Error::InvalidLease)
}

impl Lease6Store for Memfile6Store {
    type Error = Memfile6Error;

    async fn get6(&self, t: LeaseType, address: Ipv6Addr) -> Result<Option<Lease6>, Memfile6Error> {
        Ok(self.lock().leases.get(&(t, address)).cloned())
    }

    async fn get6_by_client(
        &self,
        t: LeaseType,
        duid: &[u8],
        iaid: u32,
        subnet_id: u32,
    ) -> Result<Vec<Lease6>, Memfile6Error> {
        Ok(self
            .lock()
            .of_duid(duid)
            .filter(|l| l.lease_type == t && l.iaid == iaid && l.subnet_id == subnet_id)
            .cloned()
            .collect())
    }

    async fn get6_by_duid(&self, duid: &[u8]) -> Result<Vec<Lease6>, Memfile6Error> {
        Ok(self.lock().of_duid(duid).cloned().collect())
    }

    async fn get6_all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease6>, Memfile6Error> {
        Ok(self
            .lock()
            .leases
            .values()
            .filter(|l| subnets.is_none_or(|s| s.contains(&l.subnet_id)))
            .cloned()
            .collect())
    }

    async fn add6(&self, lease: &Lease6) -> Result<bool, Memfile6Error> {
        valid(lease)?;
        let mut g = self.lock();
        let key = (lease.lease_type, lease.address);
        if g.leases.contains_key(&key) {
            return Ok(false);
        }
        g.append(lease, false)?;
        g.put(lease.clone());
        Ok(true)
    }

    async fn update6(&self, lease: &Lease6) -> Result<bool, Memfile6Error> {
        valid(lease)?;
        let mut g = self.lock();
        let key = (lease.lease_type, lease.address);
        if !g.leases.contains_key(&key) {
            return Ok(false);
        }
        g.append(lease, false)?;
        g.put(lease.clone());
        Ok(true)
    }

    async fn replace6(&self, old: &Lease6, new: &Lease6) -> Result<bool, Memfile6Error> {
        valid(new)?;
        let mut g = self.lock();
        let key = (old.lease_type, old.address);
        if g.leases.get(&key) != Some(old) || (new.lease_type, new.address) != key {
            return Ok(false);
        }
        g.append(new, false)?;
        g.put(new.clone());
        Ok(true)
    }

    async fn delete6(&self, t: LeaseType, address: Ipv6Addr) -> Result<bool, Memfile6Error> {
        let mut g = self.lock();
        let Some(lease) = g.leases.get(&(t, address)).cloned() else {
            return Ok(false);
        };
        g.append(&lease, true)?;
        g.take(&(t, address));
        Ok(true)
    }

    async fn expired6(&self, now: i64, limit: usize) -> Result<Vec<Lease6>, Memfile6Error> {
        let g = self.lock();
        let mut out: Vec<Lease6> = g
            .leases
            .values()
            .filter(|l| l.state != LeaseState::ExpiredReclaimed && l.is_expired(now))
            .cloned()
            .collect();
        out.sort_by_key(Lease6::expire);
        if limit > 0 {
            out.truncate(limit);
        }
        Ok(out)
    }

    async fn wipe6(&self, subnet_id: Option<u32>) -> Result<u64, Memfile6Error> {
        let mut g = self.lock();
        let doomed: Vec<Lease6> = g
            .leases
            .values()
            .filter(|l| subnet_id.is_none_or(|s| s == l.subnet_id))
            .cloned()
            .collect();
        for l in &doomed {
            g.append(l, true)?;
            g.take(&(l.lease_type, l.address));
        }
        Ok(doomed.len() as u64)
    }
}
