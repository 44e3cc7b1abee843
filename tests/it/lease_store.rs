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

mod count4_by_subnet {
    use crate::support::db::{mysql_store, pg_store, TestDb};
    use crate::support::lease_battery::lease;
    use ruru::backends::lease::LeaseState;
    use ruru::backends::memfile::MemfileStore;
    use ruru::backends::LeaseStore;

    /// Leases in three subnets and all three states.
    async fn fill<S: LeaseStore>(s: &S) {
        let mut declined = lease(3, 3, 1);
        declined.state = LeaseState::Declined;
        let mut reclaimed = lease(4, 4, 2);
        reclaimed.state = LeaseState::ExpiredReclaimed;
        for l in [
            lease(1, 1, 1),
            lease(2, 2, 1),
            declined,
            reclaimed,
            lease(5, 5, 2),
            lease(6, 6, 7),
        ] {
            assert!(s.add4(&l).await.unwrap(), "add {}", l.address);
        }
    }

    async fn counts<S: LeaseStore>(s: &S) -> Vec<(u32, u32, i64)> {
        let mut c = s.count4_by_subnet().await.unwrap();
        c.sort_unstable();
        c
    }

    /// Expired-reclaimed leases are not counted (as Kea's stat triggers).
    const EXPECTED: [(u32, u32, i64); 4] = [(1, 0, 2), (1, 1, 1), (2, 0, 1), (7, 0, 1)];

    #[tokio::test]
    async fn memfile_counts_per_subnet_and_state() {
        let s = MemfileStore::in_memory();
        fill(&s).await;
        assert_eq!(counts(&s).await, EXPECTED);
    }

    #[tokio::test]
    async fn postgresql_counts_per_subnet_and_state() {
        let (s, _db) = pg_store().await;
        fill(&s).await;
        assert_eq!(counts(&s).await, EXPECTED);
    }

    #[tokio::test]
    async fn mysql_counts_per_subnet_and_state() {
        let (s, _db) = mysql_store().await;
        fill(&s).await;
        assert_eq!(counts(&s).await, EXPECTED);
    }

    /// The SQL stores read `lease4_stat`, not the lease table: a count
    /// changed there by hand is what they report.
    async fn reads_the_stat_table<S: LeaseStore>(s: &S, db: &TestDb) {
        fill(s).await;
        db.execute("UPDATE lease4_stat SET leases = 42 WHERE subnet_id = 7 AND state = 0")
            .await;
        assert!(counts(s).await.contains(&(7, 0, 42)));
    }

    #[tokio::test]
    async fn postgresql_reads_lease4_stat() {
        let (s, db) = pg_store().await;
        reads_the_stat_table(&s, &db).await;
    }

    #[tokio::test]
    async fn mysql_reads_lease4_stat() {
        let (s, db) = mysql_store().await;
        reads_the_stat_table(&s, &db).await;
    }
}
