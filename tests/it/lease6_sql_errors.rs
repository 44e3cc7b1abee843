//! lease6 on PostgreSQL and MySQL fails the way lease4 does, classified for the
//! supervisor: a database that goes away (connections cut) or stops answering
//! (black hole, caught by the operation deadline) is "connection lost"; a bad
//! row or a refused statement only fails the operation at hand.

use std::net::Ipv6Addr;
use std::time::{Duration, Instant};

use crate::support::db::{TestDb, MYSQL_PORT, PG_PORT};
use crate::support::lease6_battery::lease6;
use crate::support::proxy::Proxy;
use ruru::backends::lease6::LeaseType;
use ruru::backends::sql::{MysqlLeaseStore, PgLeaseStore};
use ruru::backends::{ErrorClass, Lease6Store, StoreError};
use ruru::config::model::SqlKind;

/// A fresh ruru-made database of `kind`, a fault-injecting proxy in front of
/// it, and a way to open stores through the proxy (connect-timeout 1 s).
async fn through_proxy(kind: SqlKind) -> (TestDb, Proxy, Box<dyn Fn() -> Store>) {
    let db = TestDb::with_ruru_schema(kind).await;
    let proxy = Proxy::start(match kind {
        SqlKind::Postgresql => PG_PORT,
        SqlKind::Mysql => MYSQL_PORT,
    });
    let mut cfg = db.config();
    cfg.port = Some(proxy.port);
    cfg.connect_timeout = 1;
    let open: Box<dyn Fn() -> Store> = Box::new(move || match kind {
        SqlKind::Postgresql => Store::Pg(PgLeaseStore::with_checked_schema(&cfg)),
        SqlKind::Mysql => Store::My(MysqlLeaseStore::with_checked_schema(&cfg)),
    });
    (db, proxy, open)
}

/// Either SQL store, so one test body serves both.
enum Store {
    Pg(PgLeaseStore),
    My(MysqlLeaseStore),
}

impl Store {
    async fn get6(&self, a: Ipv6Addr) -> Result<bool, ruru::backends::sql::SqlError> {
        match self {
            Self::Pg(s) => s.get6(LeaseType::Na, a).await.map(|l| l.is_some()),
            Self::My(s) => s.get6(LeaseType::Na, a).await.map(|l| l.is_some()),
        }
    }
    async fn add6(
        &self,
        l: &ruru::backends::lease6::Lease6,
    ) -> Result<bool, ruru::backends::sql::SqlError> {
        match self {
            Self::Pg(s) => s.add6(l).await,
            Self::My(s) => s.add6(l).await,
        }
    }
}

async fn outages_are_connection_lost(kind: SqlKind) {
    let (_db, proxy, open) = through_proxy(kind).await;
    let store = open();
    let l = lease6(1, 1, 1);
    assert!(store.add6(&l).await.expect("add through the proxy"));
    assert!(store.get6(l.address).await.expect("get"));

    proxy.freeze();
    let started = Instant::now();
    let e = store.get6(l.address).await.expect_err("a silent database");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e.class(), ErrorClass::ConnectionLost, "{e}");
    assert!(e.to_string().starts_with(kind.name()), "{e}");

    proxy.cut();
    let fresh = open();
    let e = fresh
        .add6(&lease6(2, 2, 1))
        .await
        .expect_err("a gone database");
    assert_eq!(e.class(), ErrorClass::ConnectionLost, "{e}");
    assert!(e.to_string().starts_with(kind.name()), "{e}");

    proxy.heal();
    let healed = open();
    assert!(healed.get6(l.address).await.expect("back after heal"));
}

#[tokio::test]
async fn postgresql_lease6_outages_are_connection_lost() {
    outages_are_connection_lost(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_lease6_outages_are_connection_lost() {
    outages_are_connection_lost(SqlKind::Mysql).await;
}

/// A hand-made row whose address is not IPv6, and a statement the schema
/// refuses (a foreign key), are operation errors that name what is wrong.
async fn bad_rows_and_refused_statements_are_operation_errors(kind: SqlKind) {
    let db = TestDb::with_ruru_schema(kind).await;
    db.execute(
        "INSERT INTO lease6 (address, duid, valid_lifetime, subnet_id, pref_lifetime, \
         lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, state) \
         VALUES ('not-an-address', 'x', 3600, 1, 1800, 0, 1, 128, false, false, '', 0)",
    )
    .await;
    let cfg = db.config();
    let (all, refused) = match kind {
        SqlKind::Postgresql => {
            let s = PgLeaseStore::connect(&cfg).await.expect("connect");
            let mut bad = lease6(3, 1, 1);
            bad.hwaddr_source = 40_000; // beyond PostgreSQL's SMALLINT
            (s.get6_all(None).await.map(|_| ()), s.add6(&bad).await)
        }
        SqlKind::Mysql => {
            let s = MysqlLeaseStore::connect(&cfg).await.expect("connect");
            let mut bad = lease6(3, 1, 1);
            bad.hwaddr = vec![1, 2, 3, 4, 5, 6];
            bad.hwaddr_source = 3; // not in lease_hwaddr_source: foreign key
            (s.get6_all(None).await.map(|_| ()), s.add6(&bad).await)
        }
    };
    let e = all.expect_err("a row that is not a lease");
    assert_eq!(e.class(), ErrorClass::Operation, "{e}");
    assert!(e.to_string().contains("not-an-address"), "{e}");
    let e = refused.expect_err("a refused lease");
    assert_eq!(e.class(), ErrorClass::Operation, "{e}");
    assert!(
        e.to_string().contains("hwaddr_source") || e.to_string().contains("foreign key"),
        "{e}"
    );
}

#[tokio::test]
async fn postgresql_bad_lease6_rows_and_values_are_operation_errors() {
    bad_rows_and_refused_statements_are_operation_errors(SqlKind::Postgresql).await;
}

#[tokio::test]
async fn mysql_bad_lease6_rows_and_foreign_key_refusals_are_operation_errors() {
    bad_rows_and_refused_statements_are_operation_errors(SqlKind::Mysql).await;
}
