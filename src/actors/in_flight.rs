//! The listeners' bound on packets in processing (both families): a semaphore
//! sized to the lease store, resized when a reconfiguration changes the store,
//! and drained at shutdown.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::model::LeaseDatabase;

/// How many packets may be in processing at once; more are dropped and counted
/// (bounded in-flight work: a slow store cannot pile up unbounded memory).
pub const MAX_IN_FLIGHT: usize = 1024;

/// Packets in processing per pooled SQL connection. Beyond this a flood only
/// queues on the pool and its answers come too late for the clients, so the
/// excess is dropped at once (counted in `pkt4-receive-drop` /
/// `pkt6-receive-drop`) instead. New leases wait in group-commit batches (one
/// connection writes many), so a connection keeps more than one packet busy:
/// 8 measured best with the default pool (PostgreSQL, perfdhcp at 6,000/s:
/// 4,203 leases/s vs 3,215 at 4).
pub const IN_FLIGHT_PER_SQL_CONNECTION: usize = 8;

/// How long shutdown waits for in-flight packets.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);

/// The in-flight cap for a lease database: memfile answers in microseconds, an
/// SQL store is bounded by its pool.
pub fn in_flight_limit_for(db: &LeaseDatabase) -> usize {
    match db {
        LeaseDatabase::Memfile { .. } => MAX_IN_FLIGHT,
        LeaseDatabase::Sql(sql) => {
            (sql.pool_size as usize * IN_FLIGHT_PER_SQL_CONNECTION).clamp(1, MAX_IN_FLIGHT)
        }
    }
}

/// A semaphore with its number of permits.
#[derive(Debug, Clone)]
struct Sized {
    sem: Arc<Semaphore>,
    permits: usize,
}

impl Sized {
    fn new(permits: usize) -> Self {
        Self {
            sem: Arc::new(Semaphore::new(permits)),
            permits,
        }
    }

    /// No permit of it is held any more.
    fn idle(&self) -> bool {
        self.sem.available_permits() >= self.permits
    }
}

/// The packets in processing of one listener.
#[derive(Debug)]
pub struct InFlight {
    current: Sized,
    /// Semaphores replaced by a resize whose permits packets still hold: the
    /// shutdown drain waits for them too.
    retired: Vec<Sized>,
}

impl InFlight {
    /// Room for `limit` packets.
    pub fn new(limit: usize) -> Self {
        Self {
            current: Sized::new(limit),
            retired: Vec::new(),
        }
    }

    /// The cap on packets in processing.
    pub fn limit(&self) -> usize {
        self.current.permits
    }

    /// Packets that may still start under the current cap.
    pub fn available(&self) -> usize {
        self.current.sem.available_permits()
    }

    /// A permit for one more packet, or `None` when the cap is reached.
    pub fn try_acquire(&self) -> Option<OwnedSemaphorePermit> {
        self.current.sem.clone().try_acquire_owned().ok()
    }

    /// Changes the cap (a reconfiguration changed the lease store). Packets
    /// already in processing keep (and release) permits of the old semaphore;
    /// new ones count against the new cap.
    pub fn resize(&mut self, limit: usize) {
        if limit == self.current.permits {
            return;
        }
        let old = std::mem::replace(&mut self.current, Sized::new(limit));
        self.retired.retain(|s| !s.idle());
        if !old.idle() {
            self.retired.push(old);
        }
    }

    /// Waits until every packet in processing, under the current cap or one
    /// replaced by a resize, has finished; `false` when `timeout` passed
    /// first. CANCEL-SAFETY: it only waits.
    pub fn drain(&self, timeout: Duration) -> impl std::future::Future<Output = bool> {
        let all: Vec<Sized> = std::iter::once(self.current.clone())
            .chain(self.retired.iter().cloned())
            .collect();
        async move {
            let every = async {
                for s in &all {
                    let n = u32::try_from(s.permits).unwrap_or(u32::MAX);
                    // A closed semaphore holds no packets: nothing to wait for.
                    let _ = s.sem.acquire_many(n).await;
                }
            };
            tokio::time::timeout(timeout, every).await.is_ok()
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn drain_waits_for_a_packet_that_holds_a_permit_of_a_semaphore_replaced_by_a_resize() {
        let mut f = InFlight::new(MAX_IN_FLIGHT);
        let permit = f.try_acquire().expect("room");
        f.resize(16);
        assert_eq!(f.limit(), 16);
        assert!(
            !f.drain(DRAIN_TIMEOUT).await,
            "the old packet is still in processing: the drain times out"
        );
        drop(permit);
        assert!(f.drain(DRAIN_TIMEOUT).await, "nothing left in processing");
    }

    #[tokio::test(start_paused = true)]
    async fn a_resize_forgets_old_semaphores_whose_packets_finished() {
        let mut f = InFlight::new(8);
        let p = f.try_acquire().expect("room");
        f.resize(4);
        drop(p);
        f.resize(2);
        assert!(f.retired.is_empty());
        assert!(f.drain(DRAIN_TIMEOUT).await);
    }

    #[test]
    fn the_cap_follows_the_sql_pool_and_memfile_gets_the_maximum() {
        let mem = LeaseDatabase::Memfile {
            persist: false,
            name: std::path::PathBuf::new(),
            lfc_interval: 0,
            max_row_errors: 0,
        };
        assert_eq!(in_flight_limit_for(&mem), MAX_IN_FLIGHT);
        let f = InFlight::new(3);
        let held: Vec<_> = (0..3).filter_map(|_| f.try_acquire()).collect();
        assert_eq!(held.len(), 3);
        assert!(f.try_acquire().is_none(), "the cap is reached");
        assert_eq!(f.available(), 0);
    }
}
