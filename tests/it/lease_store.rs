//! The lease backend battery instantiated for memfile, persisted (in a temp dir) and
//! memory-only, and for PostgreSQL and MySQL (a fresh database each test, created
//! by ruru's migrations; see `crate::support::db`).

use crate::support::db::{mysql_store, pg_store};
use crate::support::lease_battery::lease_store_battery;
use ruru::backends::memfile::{MemfileConfig, MemfileStore};

/// A persisted memfile store in a fresh temp dir (kept alive by the returned guard).
async fn memfile_persisted() -> (MemfileStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = MemfileConfig {
        persist: true,
        path: dir.path().join("kea-leases4.csv"),
        lfc_interval: 0,
        max_row_errors: 0,
    };
    let (store, _report) = MemfileStore::open(&cfg).expect("open memfile");
    (store, dir)
}

/// A memory-only memfile store (persist=false).
async fn in_memory_store() -> (MemfileStore, ()) {
    (MemfileStore::in_memory(), ())
}

lease_store_battery!(memfile, memfile_persisted);
lease_store_battery!(memfile_in_memory, in_memory_store);
lease_store_battery!(postgresql, pg_store);
lease_store_battery!(mysql, mysql_store);
