//! Wiring: builds every actor of a server and connects their `Addr`s, in
//! this one place (no registry), written once for ruru-dhcp4 and ruru-dhcp6:
//! what differs per family is behind [`FamilyStart`]. Also the helpers of
//! every start: running the actix system, opening the databases, binding the
//! control socket, signals.

mod family_start;

use std::path::PathBuf;
use std::sync::Arc;

use actix::prelude::*;
use log::{error, info, warn};

use crate::actors::backend::{start_hosts_connections, start_lease_connection, ConnStore};
use crate::actors::control::{BoundControl, Control, ControlError};
use crate::actors::listener::v4::interfaces;
use crate::actors::supervisor::config_backend::{fetch_merged, CbError};
use crate::actors::supervisor::handlers::{ReloadConfig, ShutdownServer, StartedUnreached};
use crate::actors::supervisor::{Family4, Family6, Supervisor, SupervisorParts};
use crate::backends::error::{ErrorClass, StoreError};
use crate::backends::host_backend::{HostBackend, HostBackendError};
use crate::backends::lease_backend::{BackendError, LeaseBackendOf};
use crate::backends::memfile::store::MemfileLease;
use crate::backends::server_duid::ServerDuidError;
use crate::config::model::{Dhcp4Config, HostsDatabase, LeaseDatabase};
use crate::config::model6::Dhcp6Config;
use crate::dhcp::v4::Ports;
use crate::stats::Stats;

pub use family_start::Ports6;
use family_start::{FamilyStart, ListenerParts};

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
    Control(#[from] ControlError),
    /// The config database could not be read, or what it holds does not
    /// make a valid configuration with the file (always fatal at startup).
    #[error("configuration error: {0}")]
    ConfigBackend(#[from] CbError),
}

/// Runs ruru-dhcp4 with `cfg` until shutdown; returns the exit status.
pub fn run_dhcp4(cfg: Dhcp4Config, config_path: Option<PathBuf>, ports: Ports) -> i32 {
    run_system("DHCP4", || start::<Family4>(cfg, config_path, ports))
}

/// Runs ruru-dhcp6 with `cfg` until shutdown; returns the exit status.
pub fn run_dhcp6(cfg: Dhcp6Config, config_path: Option<PathBuf>, ports: Ports6) -> i32 {
    run_system("DHCP6", || start::<Family6>(cfg, config_path, ports))
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

/// Builds and starts every actor of family `F`, in Kea's order: the
/// statistics (packet counters at 0), the lease database (its statistics
/// counted at once when reached), the hosts databases, the interfaces, the
/// server identity, the socket; then the supervisor over the listener, the
/// databases' connection actors and the control socket, bound before anything
/// serves. Must run inside an actix `System`.
pub(crate) async fn start<F: FamilyStart>(
    cfg: F::Config,
    config_path: Option<PathBuf>,
    ports: F::Ports,
) -> Result<Addr<Supervisor>, StartError>
where
    Arc<LeaseBackendOf<F::Lease>>: Into<ConnStore>,
{
    // The config database completes the file before anything opens (Kea:
    // an unreachable config database fails the start whatever `on-fail`).
    let file = Arc::new(F::effective(&cfg).clone());
    let (cfg, config_backend) = match fetch_merged::<F>(&cfg, file, None).await? {
        Some((merged, source)) => (merged, Some(source)),
        None => (cfg, None),
    };
    let cfg = Arc::new(cfg);
    let stats = Arc::new(Stats::new(F::sample_count(&cfg)));
    for s in F::PACKET_STATS {
        stats.set(s, 0);
    }
    let (lease_db, hosts_cfg) = F::databases(&cfg);
    let (store, unreached) = open_lease_database::<F::Lease>(lease_db, F::LOG).await?;
    if unreached.is_none() {
        F::count(store.clone(), cfg.clone(), stats.clone())
            .await
            .map_err(|source| StartError::LeaseDatabase {
                kind: store.kind(),
                source,
            })?;
    }
    let host_dbs = open_hosts(hosts_cfg).await?;
    let ifaces = F::interfaces(&cfg).0?;
    let asked = F::server_port(ports);
    let sock = F::open_socket(ports, &ifaces).map_err(|source| StartError::Socket {
        service: F::SERVICE,
        port: asked,
        source,
    })?;
    // `-p 0`: the port the system picked, served and reported in `*_STARTED`.
    let port = sock.local_addr().map_or(asked, |a| a.port());
    let ports = F::with_server_port(ports, port);
    let identity = F::start_identity(&cfg, &ifaces, ports)?;
    let family = F::new(
        cfg.clone(),
        (store.clone(), host_dbs.clone()),
        stats.clone(),
        identity,
    );
    let served: Vec<String> = ifaces
        .iter()
        .map(|i| F::interface_name(i).to_string())
        .collect();

    // Bound before any actor exists: a socket in use fails the start with
    // nothing to tear down.
    let control = F::control_socket(&cfg)
        .map(|cs| BoundControl::bind(&cs.socket_name))
        .transpose()?;
    let supervisor = Supervisor::create(|ctx| {
        let me = ctx.address();
        let listener = family.start_listener(
            sock,
            ListenerParts {
                ifaces,
                stats: stats.clone(),
                ports,
                liveness: me.clone().recipient(),
            },
        );
        let control = control.map(|c| Control::serve(c, me.clone().recipient()).start());
        let liveness = me.recipient();
        let lease = start_lease_connection(&store, lease_db, liveness.clone());
        let hosts = start_hosts_connections(&host_dbs, hosts_cfg, &liveness);
        Supervisor::new(SupervisorParts {
            family: family.into_family(),
            config_path,
            stats,
            listeners: vec![listener],
            backends: std::iter::once(lease).chain(hosts).collect(),
            control,
            config_backend,
        })
    });
    if let Some(why) = unreached {
        supervisor.do_send(StartedUnreached { why });
    }
    install_signal_handlers(supervisor.clone(), F::LOG);
    info!(
        "{}_STARTED {} version {} started (port {port}, {} interface(s): {})",
        F::LOG,
        F::PROGRAM,
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
