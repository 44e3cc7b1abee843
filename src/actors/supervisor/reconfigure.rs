//! Applying a new configuration to the family served, written once for
//! DHCPv4 and DHCPv6: resolve its interfaces (Kea's rule), reopen the
//! databases that changed, bind its control socket, hand new server logic to
//! the listeners, swap the connection actors and recount the statistics
//! before answering. What differs per family is behind [`Reconfigurable`].

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix::prelude::*;

use crate::actors::backend::ConnStore;
use crate::actors::listener::v4::interfaces::InterfaceError;
use crate::actors::messages::ListenerHandle;
use crate::backends::host_backend::HostBackend;
use crate::backends::lease_backend::{BackendError, LeaseBackendOf};
use crate::backends::memfile::store::MemfileLease;
use crate::commands::lease::LeaseFamily;
use crate::commands::reservation::ReservationFamily;
use crate::config::config_backend::{CbFamily, ConfigControl};
use crate::config::model::{ControlSocket, HostsDatabase, LeaseDatabase};
use crate::config::ConfigError;
use crate::dhcp::alloc::AllocError;
use crate::stats::Stats;

use super::commands::{ready, Reply};
use super::family::Family;
use super::reopen::{hosts_replaced, interfaces_or_refuse};
use super::Supervisor;

/// A family's lease store and hosts databases.
pub(crate) type Stores<L> = (Arc<LeaseBackendOf<L>>, Vec<Arc<HostBackend>>);

/// A statistics recount on its way (either family's store).
pub(crate) type Recount = Pin<Box<dyn Future<Output = Result<(), BackendError>>>>;

/// A reclamation of expired leases on its way: how many were reclaimed.
pub(crate) type Reclaim = Pin<Box<dyn Future<Output = Result<usize, AllocError<BackendError>>>>>;

/// What reconfiguring one family needs to know of it: its configuration's
/// databases, interfaces and control socket, how its server logic is rebuilt
/// and handed to the listeners, and how its statistics are recounted.
pub(crate) trait Reconfigurable: Clone + Sized + 'static {
    /// The family's configuration (`Dhcp4Config`, `Dhcp6Config`).
    type Config: 'static;
    /// The lease its store keeps.
    type Lease: MemfileLease;
    /// One interface its listener serves.
    type Interface: Clone + 'static;
    /// Its lease and reservation commands (`commands::family::V4`, `V6`).
    type Commands: LeaseFamily<Config = Self::Config> + ReservationFamily<Config = Self::Config>;
    /// Kea's log ID prefix (`DHCP4`, `DHCP6`).
    const LOG: &'static str;
    /// Kea's name of the service (`DHCPv4`, `DHCPv6`).
    const SERVICE: &'static str;

    /// The running configuration.
    fn cfg(&self) -> &Arc<Self::Config>;
    /// The lease store the running server logic uses.
    fn store(&self) -> &Arc<LeaseBackendOf<Self::Lease>>;
    /// The hosts databases the running server logic uses.
    fn host_dbs(&self) -> &[Arc<HostBackend>];
    /// A configuration's lease database and hosts databases.
    fn databases(cfg: &Self::Config) -> (&LeaseDatabase, &[HostsDatabase]);
    /// A configuration's control socket.
    fn control_socket(cfg: &Self::Config) -> Option<&ControlSocket>;
    /// Which tables (`dhcp4_*`, `dhcp6_*`) its config database is read from.
    const CB_FAMILY: CbFamily;
    /// A configuration's `config-control`, when it has one.
    fn config_control(cfg: &Self::Config) -> Option<&ConfigControl>;
    /// A configuration's `server-tag` as written.
    fn server_tag(cfg: &Self::Config) -> &str;
    /// A configuration's own Kea JSON (`{"Dhcp4": ...}`, defaults filled in).
    fn effective(cfg: &Self::Config) -> &serde_json::Value;
    /// Parses and checks a configuration of the family (`{"Dhcp4": ...}`).
    fn parse_config(v: &serde_json::Value) -> Result<Self::Config, ConfigError>;
    /// A configuration's interfaces resolved on this host, and whether every
    /// one must be (`service-sockets-require-all`).
    fn interfaces(cfg: &Self::Config) -> (Result<Vec<Self::Interface>, InterfaceError>, bool);
    /// What identifies the server across configurations: DHCPv4's ports
    /// from the command line, DHCPv6's server DUID.
    type Identity;
    /// The family running `cfg` on these stores as the server `identity`.
    fn new(
        cfg: Arc<Self::Config>,
        stores: Stores<Self::Lease>,
        stats: Arc<Stats>,
        identity: Self::Identity,
    ) -> Self;
    /// The running server's identity (kept by every reconfiguration).
    fn identity(&self) -> Self::Identity;
    /// The family running `cfg` on these stores (new server logic, the same
    /// identity).
    fn rebuild(
        &self,
        cfg: Arc<Self::Config>,
        store: Arc<LeaseBackendOf<Self::Lease>>,
        hosts: Vec<Arc<HostBackend>>,
        stats: Arc<Stats>,
    ) -> Self {
        Self::new(cfg, (store, hosts), stats, self.identity())
    }
    /// Hands this family's server logic and `interfaces` to the listeners of
    /// its kind.
    fn send_server(&self, listeners: &[ListenerHandle], interfaces: &[Self::Interface]);
    /// Recounts the lease statistics of `cfg` from `store` (at startup,
    /// before the family is built, and after every reconfiguration).
    fn count(
        store: Arc<LeaseBackendOf<Self::Lease>>,
        cfg: Arc<Self::Config>,
        stats: Arc<Stats>,
    ) -> Recount;
    /// Recounts the lease statistics from the running store.
    fn recount(&self, stats: Arc<Stats>) -> Recount {
        Self::count(self.store().clone(), self.cfg().clone(), stats)
    }
    /// Reclaims up to `limit` (0: every) lease expired by now; `remove`
    /// deletes them rather than keeping them expired-reclaimed (DHCPv4:
    /// Kea 2.2's DHCPv6 keeps them only with `hold-reclaimed-time`; ruru's
    /// DHCPv6 always deletes).
    fn reclaim(&self, stats: Arc<Stats>, limit: usize, remove: bool) -> Reclaim;
    /// Into the supervisor's [`Family`].
    fn into_family(self) -> Family;
}

/// The parts of [`Reconfigurable`] written alike for both families (the
/// configurations' fields and the server logic's accessors have the same
/// names; the types differ), emitted inside each family's impl: `$variant`
/// is the family's [`Family`], [`crate::actors::messages::ServerSwap`] and
/// `commands::family` variant, `$set` the listener message that carries its
/// server logic, then its configuration, lease and interface types and its
/// log prefix and service name.
macro_rules! family_accessors {
    ($variant:ident $set:ident: $config:ty, $lease:ty, $iface:ty, $log:literal $service:literal) => {
        type Config = $config;
        type Lease = $lease;
        type Interface = $iface;
        type Commands = $variant;
        const LOG: &'static str = $log;
        const SERVICE: &'static str = $service;
        fn cfg(&self) -> &Arc<Self::Config> {
            &self.cfg
        }
        fn host_dbs(&self) -> &[Arc<$crate::backends::host_backend::HostBackend>] {
            self.server.engine().host_dbs()
        }
        fn databases(
            cfg: &Self::Config,
        ) -> (
            &$crate::config::model::LeaseDatabase,
            &[$crate::config::model::HostsDatabase],
        ) {
            (&cfg.lease_database, &cfg.hosts_databases)
        }
        fn control_socket(cfg: &Self::Config) -> Option<&$crate::config::model::ControlSocket> {
            cfg.control_socket.as_ref()
        }
        fn config_control(
            cfg: &Self::Config,
        ) -> Option<&$crate::config::config_backend::ConfigControl> {
            cfg.config_control.as_ref()
        }
        fn server_tag(cfg: &Self::Config) -> &str {
            &cfg.server_tag
        }
        fn effective(cfg: &Self::Config) -> &serde_json::Value {
            &cfg.effective
        }
        fn interfaces(
            cfg: &Self::Config,
        ) -> (
            Result<Vec<Self::Interface>, $crate::actors::listener::v4::interfaces::InterfaceError>,
            bool,
        ) {
            let i = &cfg.interfaces;
            (interfaces::resolve(&i.interfaces), i.require_all)
        }
        fn send_server(
            &self,
            listeners: &[$crate::actors::messages::ListenerHandle],
            interfaces: &[Self::Interface],
        ) {
            for l in listeners {
                if let $crate::actors::messages::ServerSwap::$variant(r) = &l.set_server {
                    r.do_send($crate::actors::messages::$set {
                        server: self.server.clone(),
                        interfaces: interfaces.to_vec(),
                    });
                }
            }
        }
        fn into_family(self) -> Family {
            Family::$variant(self)
        }
    };
}
pub(super) use family_accessors;

impl Supervisor {
    /// Applies a validated configuration. A changed lease or hosts database
    /// is opened asynchronously (the actor keeps answering); when it cannot
    /// be opened the answer is result 1, `{LOG}_CONFIG_UNRECOVERABLE_ERROR` is
    /// logged and the service is disabled (origin: config failure) until a
    /// later good configuration: the process stays up and keeps answering
    /// commands but serves no clients, as Kea documents. Otherwise the new
    /// server logic, control socket and statistics are committed.
    pub(super) fn apply_family_config<F: Reconfigurable>(
        &mut self,
        f: F,
        new: F::Config,
        ctx: &mut Context<Self>,
    ) -> Reply
    where
        Arc<LeaseBackendOf<F::Lease>>: Into<ConnStore>,
    {
        let (resolved, require_all) = F::interfaces(&new);
        let ifaces = match interfaces_or_refuse(resolved, require_all, F::LOG) {
            Ok(i) => i,
            Err(r) => return ready(r),
        };
        let changed = self.changed_databases(F::databases(f.cfg()), F::databases(&new));
        let running = (f.store().clone(), f.host_dbs().to_vec());
        self.reopen_then(
            changed,
            running,
            |db| async move { LeaseBackendOf::<F::Lease>::open_async(&db).await },
            move |act, (store, hosts), ctx| {
                act.commit_family_config(f, new, store, hosts, ifaces, ctx)
            },
            ctx,
        )
    }

    /// Commits a configuration whose lease store and hosts databases are open.
    fn commit_family_config<F: Reconfigurable>(
        &mut self,
        f: F,
        new: F::Config,
        store: Arc<LeaseBackendOf<F::Lease>>,
        hosts: Vec<Arc<HostBackend>>,
        ifaces: Vec<F::Interface>,
        ctx: &mut Context<Self>,
    ) -> Reply
    where
        Arc<LeaseBackendOf<F::Lease>>: Into<ConnStore>,
    {
        let new_control = match self.bind_new_control(F::control_socket(&new), ctx) {
            Ok(c) => c,
            Err(r) => return ready(r),
        };
        let new = Arc::new(new);
        let hosts_changed = hosts_replaced(f.host_dbs(), &hosts);
        let next = f.rebuild(
            new.clone(),
            store.clone(),
            hosts.clone(),
            self.stats.clone(),
        );
        next.send_server(&self.listeners, &ifaces);
        self.install_control(new_control);
        let recount = next.recount(self.stats.clone());
        self.family = next.into_family();
        self.after_commit(ctx);
        let (lease_db, hosts_dbs) = F::databases(&new);
        self.replace_connections(
            (!Arc::ptr_eq(f.store(), &store)).then_some((&store, lease_db)),
            hosts_changed.then_some((&hosts[..], hosts_dbs)),
            ctx,
        );
        self.recount_then_answer(recount, F::LOG, F::SERVICE)
    }
}
