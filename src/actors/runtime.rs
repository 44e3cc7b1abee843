//! Wiring: builds every actor of ruru-dhcp4 and connects their `Addr`s, in this
//! one place (no registry). Returns the process exit status. The helpers both
//! servers share (running the actix system, binding the control socket,
//! signals) are here too; `runtime6` wires ruru-dhcp6 with them.

use std::path::PathBuf;
use std::sync::Arc;

use actix::prelude::*;
use log::{error, info, warn};

use crate::actors::backend::{start_hosts_connections, start_lease_connection};
use crate::actors::control::Control;
use crate::actors::listener::v4::{interfaces, socket};
use crate::actors::listener::Dhcp4Listener;
use crate::actors::messages::ListenerHandle;
use crate::actors::supervisor::handlers::{ReloadConfig, ShutdownServer, StartedUnreached};
use crate::actors::supervisor::{Family, Family4, Supervisor, SupervisorParts};
use crate::backends::error::{ErrorClass, StoreError};
use crate::backends::host_backend::{HostBackend, HostBackendError};
use crate::backends::lease::Lease4;
use crate::backends::lease_backend::{BackendError, LeaseBackendOf};
use crate::backends::memfile::store::MemfileLease;
use crate::backends::server_duid::ServerDuidError;
use crate::config::model::{ControlSocket, Dhcp4Config, HostsDatabase, LeaseDatabase, SocketType};
use crate::dhcp::alloc::lease_stats;
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

/// The statistics recount's failure at startup, named by the lease backend.
pub(crate) fn recount_failed(kind: &'static str) -> impl FnOnce(BackendError) -> StartError {
    move |source| StartError::LeaseDatabase { kind, source }
}

/// The end of a start: a control socket that failed to bind stops the new
/// supervisor and is returned as the error; a lease database left unreached
/// (`why`) is reported to it; signals are wired; `{log}_STARTED` is logged
/// with the interfaces served.
pub(crate) fn finish_start(
    supervisor: &Addr<Supervisor>,
    control_err: Option<String>,
    unreached: Option<String>,
    log: &'static str,
    program: &str,
    port: u16,
    served: &[String],
) -> Result<(), String> {
    if let Some(e) = control_err {
        supervisor.do_send(ShutdownServer { exit_code: 1 });
        return Err(e);
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
    Ok(())
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
    for s in PACKET_STATS {
        stats.set(s, 0);
    }
    let (store, unreached) = open_lease_database::<Lease4>(&cfg.lease_database, "DHCP4").await?;
    if unreached.is_none() {
        lease_stats::recount(&*store, &cfg, &stats)
            .await
            .map_err(recount_failed(store.kind()))?;
    }
    let host_dbs = open_hosts(&cfg.hosts_databases).await?;
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

    // Bind the control socket before starting anything, so a failure stops startup.
    let mut control_err = None;
    let supervisor = Supervisor::create(|ctx| {
        let me = ctx.address();
        let listener = Dhcp4Listener::new(
            sock,
            server.clone(),
            ifaces.clone(),
            stats.clone(),
            (),
            me.clone().recipient(),
        )
        .start();
        let control = bind_control(cfg.control_socket.as_ref(), &me).unwrap_or_else(|e| {
            control_err = Some(e);
            None
        });
        Supervisor::new(SupervisorParts {
            family: Family::V4(Family4 {
                cfg: cfg.clone(),
                store: store.clone(),
                server: server.clone(),
                ports,
            }),
            config_path,
            stats: stats.clone(),
            listeners: vec![ListenerHandle::of(&listener)],
            backends: std::iter::once(start_lease_connection(
                &store,
                &cfg.lease_database,
                me.clone().recipient(),
            ))
            .chain(start_hosts_connections(
                &host_dbs,
                &cfg.hosts_databases,
                &me.clone().recipient(),
            ))
            .collect(),
            control,
        })
    });
    let served: Vec<String> = ifaces.iter().map(|i| i.name.to_string()).collect();
    finish_start(
        &supervisor,
        control_err,
        unreached,
        "DHCP4",
        "ruru-dhcp4",
        ports.server,
        &served,
    )
    .map_err(StartError::Control)?;
    Ok(supervisor)
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
