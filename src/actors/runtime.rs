//! Wiring: builds every actor of ruru-dhcp4 and connects their `Addr`s, in this
//! one place (no registry). Returns the process exit status. The helpers both
//! servers share (running the actix system, binding the control socket,
//! signals) are here too; `runtime6` wires ruru-dhcp6 with them.

use std::path::PathBuf;
use std::sync::Arc;

use actix::prelude::*;
use log::{error, info, warn};

use crate::actors::backend::{start_hosts_connections, start_lease_connection, ConnStore};
use crate::actors::control::Control;
use crate::actors::listener::v4::{interfaces, socket};
use crate::actors::listener::Dhcp4Listener;
use crate::actors::messages::ListenerHandle;
use crate::actors::supervisor::handlers::{ReloadConfig, ShutdownServer, StartedUnreached};
use crate::actors::supervisor::reconfigure::Reconfigurable;
use crate::actors::supervisor::{Family, Family4, Supervisor, SupervisorParts};
use crate::backends::error::{ErrorClass, StoreError};
use crate::backends::host_backend::{HostBackend, HostBackendError};
use crate::backends::lease::Lease4;
use crate::backends::lease_backend::{BackendError, LeaseBackendOf};
use crate::backends::memfile::store::MemfileLease;
use crate::backends::server_duid::ServerDuidError;
use crate::config::model::{ControlSocket, Dhcp4Config, HostsDatabase, LeaseDatabase, SocketType};
use crate::dhcp::v4::server::PACKET_STATS;
use crate::dhcp::v4::{Dhcp4Server, Ports};
use crate::stats::Stats;

/// Why a server (either family) could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The lease database could not be opened.
    #[error("lease database ({kind}): {source}")]
    LeaseDatabase {
        /// Backend type name.
        kind: &'static str,
        /// The cause.
        #[source]
        source: BackendError,
    },
    /// A hosts database could not be opened.
    #[error("hosts database {index} ({kind}): {source}")]
    HostsDatabase {
        /// Position in `hosts-database` + `hosts-databases`.
        index: usize,
        /// Backend type name.
        kind: &'static str,
        /// The cause.
        #[source]
        source: HostBackendError,
    },
    /// Interfaces could not be resolved.
    #[error("{0}")]
    Interfaces(#[from] interfaces::InterfaceError),
    /// The DHCPv6 server DUID file could not be written.
    #[error("{0}")]
    ServerDuid(#[from] ServerDuidError),
    /// The DHCP socket could not be opened.
    #[error("unable to open {service} socket on port {port}: {source}")]
    Socket {
        /// `DHCPv4` or `DHCPv6`.
        service: &'static str,
        /// The port.
        port: u16,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The control socket could not be opened.
    #[error("control socket: {0}")]
    Control(String),
}

/// Runs ruru-dhcp4 with `cfg` until shutdown; returns the exit status.
pub fn run_dhcp4(cfg: Dhcp4Config, config_path: Option<PathBuf>, ports: Ports) -> i32 {
    run_system("DHCP4", || start(cfg, config_path, ports))
}

/// Starts a server (`start` builds its actors inside a new actix `System`),
/// then runs until shutdown; returns the exit status. `log` is Kea's log ID
/// prefix (`DHCP4`, `DHCP6`).
pub fn run_system<F, Fut, T, E>(log: &str, start: F) -> i32
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    E: std::fmt::Display,
{
    let system = actix_rt::System::new();
    if let Err(e) = system.block_on(start()) {
        error!("{log}_INIT_FAIL failed to initialize Kea server: {e}");
        return 1;
    }
    match system.run_with_code() {
        Ok(code) => code,
        Err(e) => {
            error!("{log}_SHUTDOWN runtime error: {e}");
            1
        }
    }
}

/// Binds the configured control socket for the supervisor `me` (called while
/// the supervisor is being created); the error text says why it could not.
pub fn bind_control(
    socket: Option<&ControlSocket>,
    me: &Addr<Supervisor>,
) -> Result<Option<Addr<Control>>, String> {
    match socket {
        Some(cs) => match Control::bind(&cs.socket_name, me.clone().recipient()) {
            Ok(c) => Ok(Some(c.start())),
            Err(e) => Err(e.to_string()),
        },
        None => Ok(None),
    }
}

/// Opens the lease database as startup leaves it: opened, or, when it
/// could not be reached and `retry-on-startup` is set (Kea 2.6's), a store
/// that enters the reconnect cycle, with why (a database that refused us or
/// has the wrong schema still fails startup). `log` is Kea's log ID prefix.
pub(crate) async fn open_lease_database<L: MemfileLease>(
    db: &LeaseDatabase,
    log: &str,
) -> Result<(Arc<LeaseBackendOf<L>>, Option<String>), StartError> {
    let failed = |source| StartError::LeaseDatabase {
        kind: db_kind(db),
        source,
    };
    match (LeaseBackendOf::<L>::open_async(db).await, db) {
        (Ok(store), _) => Ok((Arc::new(store), None)),
        (Err(e), LeaseDatabase::Sql(sql))
            if sql.retry_on_startup && e.class() == ErrorClass::ConnectionLost =>
        {
            warn!("{log}_DB_RECONNECT_LOST_CONNECTION lease database unreachable at startup, retry-on-startup is set: {e}");
            Ok((
                Arc::new(LeaseBackendOf::unreached(sql)),
                Some(e.to_string()),
            ))
        }
        (Err(e), _) => Err(failed(e)),
    }
}

/// Opens every hosts database of `dbs`, in order (checking Kea 2.2's schema).
pub async fn open_hosts(dbs: &[HostsDatabase]) -> Result<Vec<Arc<HostBackend>>, StartError> {
    let mut host_dbs = Vec::with_capacity(dbs.len());
    for (index, db) in dbs.iter().enumerate() {
        let opened = HostBackend::open(db)
            .await
            .map_err(|source| StartError::HostsDatabase {
                index,
                kind: db.db.kind.name(),
                source,
            })?;
        host_dbs.push(Arc::new(opened));
    }
    Ok(host_dbs)
}

/// What every start opens first, in Kea's order: the statistics (the
/// family's `packet_stats` at 0), the lease database of `dbs` (its
/// statistics counted by `recount` at once when it was reached) and the
/// hosts databases. Returns the store, why it was left unreached (if so) and
/// the hosts databases. `log` is Kea's log ID prefix.
pub(crate) async fn open_databases<L, R, Fut>(
    dbs: (&LeaseDatabase, &[HostsDatabase]),
    stats: &Arc<Stats>,
    (packet_stats, log): (&[&str], &str),
    recount: R,
) -> Result<OpenedDatabases<L>, StartError>
where
    L: MemfileLease,
    R: FnOnce(Arc<LeaseBackendOf<L>>, Arc<Stats>) -> Fut,
    Fut: std::future::Future<Output = Result<(), BackendError>>,
{
    for s in packet_stats {
        stats.set(s, 0);
    }
    let (store, unreached) = open_lease_database::<L>(dbs.0, log).await?;
    if unreached.is_none() {
        let kind = store.kind();
        recount(store.clone(), stats.clone())
            .await
            .map_err(|source| StartError::LeaseDatabase { kind, source })?;
    }
    Ok((store, unreached, open_hosts(dbs.1).await?))
}

/// A start's opened databases: the lease store, why it was left unreached
/// (`retry-on-startup`), the hosts databases.
pub(crate) type OpenedDatabases<L> = (
    Arc<LeaseBackendOf<L>>,
    Option<String>,
    Vec<Arc<HostBackend>>,
);

/// What a server's supervisor is built from, beside its listener.
pub(crate) struct Wiring<'a, L: MemfileLease> {
    /// The family served.
    pub family: Family,
    /// The `-c` file.
    pub config_path: Option<PathBuf>,
    /// Statistics.
    pub stats: Arc<Stats>,
    /// The lease store and its configuration.
    pub store: &'a Arc<LeaseBackendOf<L>>,
    /// The lease database's configuration.
    pub lease_db: &'a LeaseDatabase,
    /// The hosts databases, opened.
    pub host_dbs: &'a [Arc<HostBackend>],
    /// The hosts databases' configuration, in the same order.
    pub hosts_cfg: &'a [HostsDatabase],
    /// The control socket to bind.
    pub control_socket: Option<&'a ControlSocket>,
}

/// Creates the supervisor over its listener (`listener` starts it, given the
/// supervisor's address), the lease and hosts databases' connection actors
/// and the control socket, bound before anything serves. Returns it, or why
/// the control socket could not be bound.
pub(crate) fn create_supervisor<L, F>(
    w: Wiring<'_, L>,
    listener: F,
) -> (Addr<Supervisor>, Option<String>)
where
    L: MemfileLease,
    Arc<LeaseBackendOf<L>>: Into<ConnStore>,
    F: FnOnce(&Addr<Supervisor>) -> ListenerHandle,
{
    let mut control_err = None;
    let supervisor = Supervisor::create(|ctx| {
        let me = ctx.address();
        let listener = listener(&me);
        let control = bind_control(w.control_socket, &me).unwrap_or_else(|e| {
            control_err = Some(e);
            None
        });
        let liveness = me.recipient();
        let lease = start_lease_connection(w.store, w.lease_db, liveness.clone());
        let hosts = start_hosts_connections(w.host_dbs, w.hosts_cfg, &liveness);
        Supervisor::new(SupervisorParts {
            family: w.family,
            config_path: w.config_path,
            stats: w.stats,
            listeners: vec![listener],
            backends: std::iter::once(lease).chain(hosts).collect(),
            control,
        })
    });
    (supervisor, control_err)
}

/// The end of a start: a control socket that failed to bind stops the new
/// supervisor and fails the start; a lease database left unreached (`why`)
/// is reported to it; signals are wired; `{log}_STARTED` is logged with the
/// interfaces served.
pub(crate) fn finish_start(
    (supervisor, control_err): (Addr<Supervisor>, Option<String>),
    unreached: Option<String>,
    log: &'static str,
    program: &str,
    port: u16,
    served: &[String],
) -> Result<Addr<Supervisor>, StartError> {
    if let Some(e) = control_err {
        supervisor.do_send(ShutdownServer { exit_code: 1 });
        return Err(StartError::Control(e));
    }
    if let Some(why) = unreached {
        supervisor.do_send(StartedUnreached { why });
    }
    install_signal_handlers(supervisor.clone(), log);
    info!(
        "{log}_STARTED {program} version {} started (port {port}, {} interface(s): {})",
        crate::VERSION,
        served.len(),
        served.join(", ")
    );
    Ok(supervisor)
}

fn db_kind(db: &LeaseDatabase) -> &'static str {
    match db {
        LeaseDatabase::Memfile { .. } => "memfile",
        LeaseDatabase::Sql(sql) => sql.kind.name(),
    }
}

/// Builds and starts every actor. Must run inside an actix `System`.
pub async fn start(
    cfg: Dhcp4Config,
    config_path: Option<PathBuf>,
    ports: Ports,
) -> Result<Addr<Supervisor>, StartError> {
    let cfg = Arc::new(cfg);
    let stats = Arc::new(Stats::new(cfg.statistic_sample_count as usize));
    let c = cfg.clone();
    let (store, unreached, host_dbs) = open_databases::<Lease4, _, _>(
        (&cfg.lease_database, &cfg.hosts_databases),
        &stats,
        (PACKET_STATS, "DHCP4"),
        |store, stats| Family4::count(store, c, stats),
    )
    .await?;
    let ifaces = interfaces::resolve(&cfg.interfaces.interfaces)?;
    let sock = socket::open(ports.server).map_err(|source| StartError::Socket {
        service: "DHCPv4",
        port: ports.server,
        source,
    })?;
    let direct = cfg.interfaces.socket_type == SocketType::Raw;
    let server = Arc::new(Dhcp4Server::with_hosts(
        cfg.clone(),
        store.clone(),
        host_dbs.clone(),
        stats.clone(),
        ports,
        direct,
    ));

    let supervisor = create_supervisor(
        Wiring {
            family: Family::V4(Family4 {
                cfg: cfg.clone(),
                store: store.clone(),
                server: server.clone(),
                ports,
            }),
            config_path,
            stats: stats.clone(),
            store: &store,
            lease_db: &cfg.lease_database,
            host_dbs: &host_dbs,
            hosts_cfg: &cfg.hosts_databases,
            control_socket: cfg.control_socket.as_ref(),
        },
        |me| {
            let listener = Dhcp4Listener::new(
                sock,
                server.clone(),
                ifaces.clone(),
                stats.clone(),
                (),
                me.clone().recipient(),
            );
            ListenerHandle::of(&listener.start())
        },
    );
    let served: Vec<String> = ifaces.iter().map(|i| i.name.to_string()).collect();
    finish_start(
        supervisor,
        unreached,
        "DHCP4",
        "ruru-dhcp4",
        ports.server,
        &served,
    )
}

/// SIGTERM / SIGINT: shutdown (exit 0); SIGHUP: reload the `-c` file; all
/// through the supervisor. `log` is Kea's log ID prefix. The handlers are
/// registered before this returns (so before `*_STARTED` is logged): a signal
/// sent to a started server never meets the default action (SIGHUP kills).
pub fn install_signal_handlers(sup: Addr<Supervisor>, log: &'static str) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::hangup()),
    ) else {
        error!("{log}_SIGNAL_SETUP_FAIL cannot install signal handlers");
        return;
    };
    actix::spawn(async move {
        loop {
            tokio::select! {
                _ = term.recv() => { sup.do_send(ShutdownServer { exit_code: 0 }); }
                _ = int.recv() => { sup.do_send(ShutdownServer { exit_code: 0 }); }
                _ = hup.recv() => { sup.do_send(ReloadConfig); }
            }
        }
    });
}
