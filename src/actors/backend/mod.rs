//! `BackendConn`: one actor per backend connection. It owns the store, runs the
//! backend's housekeeping timers (memfile: lease file cleanup every
//! `lfc-interval`) and reports liveness to the supervisor. memfile is always
//! "up"; the SQL backends plug their pool rebuild (`Reconnect`) and idle probe
//! in through [`lifecycle::ConnectionLifecycle`].

mod handlers;
pub mod lifecycle;

use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use log::{error, info};

use crate::backends::error::{ErrorClass, StoreError};
use crate::backends::host_backend::HostBackend;
use crate::backends::lease_backend::{LeaseBackend, LeaseBackendOf};
use crate::backends::memfile::store::MemfileLease;
use crate::config::model::{HostsDatabase, LeaseDatabase};

use super::messages::Store6;

use super::messages::{BackendHandle, BackendId, BackendRegistration, Liveness};
use super::supervisor::on_fail::RecoveryParams;
use lifecycle::ConnectionLifecycle;

/// The recovery parameters (`on-fail`, `max-reconnect-tries`,
/// `reconnect-wait-time`) of a lease database; `None` for memfile, which is
/// never lost. The SQL backends return their configured values here.
pub fn lease_recovery_params(db: &LeaseDatabase) -> Option<RecoveryParams> {
    match db {
        LeaseDatabase::Memfile { .. } => None,
        LeaseDatabase::Sql(sql) => Some(RecoveryParams {
            on_fail: sql.on_fail,
            max_reconnect_tries: sql.max_reconnect_tries,
            reconnect_wait_time_ms: sql.reconnect_wait_time,
        }),
    }
}

/// How the lease backend connection `conn` (over `store`, configured by
/// `db`) registers with the supervisor; the same for both families.
pub fn lease_registration<L: MemfileLease>(
    store: &LeaseBackendOf<L>,
    db: &LeaseDatabase,
    conn: &Addr<BackendConn>,
) -> BackendRegistration {
    BackendRegistration {
        id: BackendId::Lease,
        kind: store.kind().to_owned(),
        recovery: lease_recovery_params(db),
        handle: BackendHandle::of(conn),
    }
}

/// Seconds between lease file cleanups of a persisted memfile (0 = never,
/// and for SQL).
pub fn lfc_interval_of(db: &LeaseDatabase) -> u32 {
    match db {
        LeaseDatabase::Memfile {
            lfc_interval,
            persist: true,
            ..
        } => *lfc_interval,
        LeaseDatabase::Memfile { .. } | LeaseDatabase::Sql(_) => 0,
    }
}

/// Starts the lease database's connection actor (its LFC timer from `db`)
/// and returns how it registers with the supervisor.
pub fn start_lease_connection<L: MemfileLease>(
    store: &Arc<LeaseBackendOf<L>>,
    db: &LeaseDatabase,
    liveness: Recipient<Liveness>,
) -> BackendRegistration
where
    Arc<LeaseBackendOf<L>>: Into<ConnStore>,
{
    let conn = BackendConn::lease(store.clone().into(), lfc_interval_of(db), liveness).start();
    lease_registration(store, db, &conn)
}

/// Starts one connection actor per hosts database (`stores` and their
/// configuration `dbs`, in order) and returns how each registers with the
/// supervisor: its own `on-fail`, timer and retry count.
pub fn start_hosts_connections(
    stores: &[Arc<HostBackend>],
    dbs: &[HostsDatabase],
    liveness: &Recipient<Liveness>,
) -> Vec<BackendRegistration> {
    stores
        .iter()
        .zip(dbs)
        .enumerate()
        .map(|(index, (store, db))| {
            let conn = BackendConn::hosts(index, store.clone(), liveness.clone()).start();
            BackendRegistration {
                id: BackendId::Hosts(index),
                kind: store.kind().to_owned(),
                recovery: lease_recovery_params(&LeaseDatabase::Sql(db.db.clone())),
                handle: BackendHandle::of(&conn),
            }
        })
        .collect()
}

/// The store a connection actor owns: the lease database or one hosts database.
#[derive(Debug, Clone)]
pub enum ConnStore {
    /// The lease database.
    Lease(Arc<LeaseBackend>),
    /// A hosts database.
    Hosts(Arc<HostBackend>),
    /// The DHCPv6 lease database.
    Lease6(Arc<Store6>),
}

impl From<Arc<LeaseBackend>> for ConnStore {
    fn from(store: Arc<LeaseBackend>) -> Self {
        Self::Lease(store)
    }
}

impl From<Arc<Store6>> for ConnStore {
    fn from(store: Arc<Store6>) -> Self {
        Self::Lease6(store)
    }
}

/// A backend connection actor (the lease database, or one hosts database).
pub struct BackendConn {
    id: BackendId,
    store: ConnStore,
    lfc_interval: u32,
    liveness: Recipient<Liveness>,
    lfc_running: bool,
    probing: bool,
}

impl BackendConn {
    /// A connection actor for the DHCPv4 lease database `store`;
    /// `lfc_interval` seconds between lease file cleanups (0 = never).
    pub fn new(
        id: BackendId,
        store: Arc<LeaseBackend>,
        lfc_interval: u32,
        liveness: Recipient<Liveness>,
    ) -> Self {
        Self {
            id,
            ..Self::lease(ConnStore::Lease(store), lfc_interval, liveness)
        }
    }

    /// A connection actor for a lease database (either family);
    /// `lfc_interval` seconds between lease file cleanups (0 = never).
    pub fn lease(store: ConnStore, lfc_interval: u32, liveness: Recipient<Liveness>) -> Self {
        Self {
            id: BackendId::Lease,
            store,
            lfc_interval,
            liveness,
            lfc_running: false,
            probing: false,
        }
    }

    /// A connection actor for hosts database `index`.
    pub fn hosts(index: usize, store: Arc<HostBackend>, liveness: Recipient<Liveness>) -> Self {
        Self {
            id: BackendId::Hosts(index),
            ..Self::lease(ConnStore::Hosts(store), 0, liveness)
        }
    }

    /// A connection actor for the DHCPv6 lease database; `lfc_interval`
    /// seconds between lease file cleanups (0 = never).
    pub fn lease6(store: Arc<Store6>, lfc_interval: u32, liveness: Recipient<Liveness>) -> Self {
        Self::lease(ConnStore::Lease6(store), lfc_interval, liveness)
    }

    /// The backend this actor connects to.
    pub fn id(&self) -> &BackendId {
        &self.id
    }

    /// One idle liveness probe (skipped while one is in flight); a
    /// connection-lost error is reported to the supervisor.
    fn probe(&mut self, ctx: &mut Context<Self>) {
        if self.probing {
            return;
        }
        self.probing = true;
        let store = self.store.clone();
        let started = tokio::time::Instant::now();
        ctx.spawn(
            async move { store.probe().await }
                .into_actor(self)
                .map(move |res, act, _| {
                    act.probing = false;
                    if let Err(e) = res {
                        if e.class() == ErrorClass::ConnectionLost {
                            act.liveness.do_send(Liveness::LostSince(
                                act.id.clone(),
                                e.to_string(),
                                started,
                            ));
                        }
                    }
                }),
        );
    }

    fn run_lfc(&mut self, ctx: &mut Context<Self>) {
        if self.lfc_running {
            return;
        }
        let cleanup = match &self.store {
            ConnStore::Lease(store) => {
                let store = store.clone();
                Box::pin(async move { store.lease_file_cleanup().await.map_err(|e| e.to_string()) })
                    as std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>
            }
            ConnStore::Lease6(store) => {
                let store = store.clone();
                Box::pin(async move { store.lease_file_cleanup().await.map_err(|e| e.to_string()) })
            }
            ConnStore::Hosts(_) => return,
        };
        self.lfc_running = true;
        info!("DHCPSRV_MEMFILE_LFC_EXECUTE executing Lease File Cleanup");
        ctx.spawn(cleanup.into_actor(self).map(|res, act, _| {
            act.lfc_running = false;
            if let Err(e) = res {
                error!("DHCPSRV_MEMFILE_LFC_SPAWN_FAIL lease file cleanup failed: {e}");
            }
        }));
    }
}

impl Actor for BackendConn {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.liveness.do_send(Liveness::Up(self.id.clone()));
        let memfile = match &self.store {
            ConnStore::Lease(l) => matches!(**l, LeaseBackend::Memfile(_)),
            ConnStore::Lease6(_) => true,
            ConnStore::Hosts(_) => false,
        };
        if self.lfc_interval > 0 && memfile {
            info!(
                "DHCPSRV_MEMFILE_LFC_SETUP setting up the Lease File Cleanup interval to {} sec",
                self.lfc_interval
            );
            ctx.run_interval(
                Duration::from_secs(u64::from(self.lfc_interval)),
                |act, ctx| act.run_lfc(ctx),
            );
        }
        if let Some(every) = self.store.probe_interval() {
            ctx.run_interval(every, |act, ctx| act.probe(ctx));
        }
    }
}
