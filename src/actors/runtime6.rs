//! Wiring of ruru-dhcp6: lease store (memfile, PostgreSQL or MySQL), server DUID, the
//! `Dhcp6Listener`, the control socket (shared `Control` actor with the
//! `Control6Router`), the lease reclamation timer and signal handling.
//!
//! Not yet under the Supervisor: the supervisor, its control commands and
//! config-set are typed on the DHCPv4 configuration and store; the listener
//! already obeys the supervisor's Pause / Resume / Shutdown messages.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use log::{error, info};

use crate::actors::control::Control;
use crate::actors::control6::{Control6Router, ReloadConfig6};
use crate::actors::listener::interfaces::InterfaceError;
use crate::actors::listener6::interfaces::{self, duid_hwaddr};
use crate::actors::listener6::{socket, Dhcp6Listener, Server6};
use crate::actors::messages::Shutdown;
use crate::backends::lease6_backend::{Backend6Error, Lease6Backend};
use crate::backends::server_duid::{self, ServerDuidError};
use crate::backends::Lease6Store;
use crate::config::model::LeaseDatabase;
use crate::config::model6::Dhcp6Config;
use crate::dhcp::lease::LeaseState;
use crate::dhcp::lease6::LeaseType;
use crate::dhcp::v6::duid::to_text;
use crate::dhcp::v6::Dhcp6Server;
use crate::stats::{subnet_stat, Stats};

/// DHCPv6 packet statistics Kea reports from startup (at 0).
pub const PACKET6_STATS: &[&str] = &[
    "pkt6-received",
    "pkt6-solicit-received",
    "pkt6-advertise-received",
    "pkt6-request-received",
    "pkt6-reply-received",
    "pkt6-renew-received",
    "pkt6-rebind-received",
    "pkt6-release-received",
    "pkt6-decline-received",
    "pkt6-infrequest-received",
    "pkt6-unknown-received",
    "pkt6-sent",
    "pkt6-advertise-sent",
    "pkt6-reply-sent",
    "pkt6-parse-failed",
    "pkt6-receive-drop",
];

/// Ports of the DHCPv6 server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports6 {
    /// Server port (547).
    pub server: u16,
    /// Every reply goes to this port when set (`-P`, for tests).
    pub forced_client: Option<u16>,
}

/// Why ruru-dhcp6 could not start.
#[derive(Debug, thiserror::Error)]
pub enum Start6Error {
    /// The lease database could not be opened (the message names the backend).
    #[error("lease database: {0}")]
    LeaseDatabase(#[from] Backend6Error),
    /// Interfaces could not be resolved.
    #[error("{0}")]
    Interfaces(#[from] InterfaceError),
    /// The server DUID file could not be written.
    #[error("{0}")]
    ServerDuid(#[from] ServerDuidError),
    /// The control socket could not be opened.
    #[error("control socket: {0}")]
    Control(String),
    /// The DHCPv6 socket could not be opened.
    #[error("unable to open DHCPv6 socket on port {port}: {source}")]
    Socket {
        /// The port.
        port: u16,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// Runs ruru-dhcp6 with `cfg` until a signal stops it; returns the exit status.
pub fn run_dhcp6(cfg: Dhcp6Config, config_path: Option<PathBuf>, ports: Ports6) -> i32 {
    let system = actix_rt::System::new();
    if let Err(e) = system.block_on(start(cfg, config_path, ports)) {
        error!("DHCP6_INIT_FAIL failed to initialize Kea server: {e}");
        return 1;
    }
    match system.run_with_code() {
        Ok(code) => code,
        Err(e) => {
            error!("DHCP6_SHUTDOWN runtime error: {e}");
            1
        }
    }
}

/// Sets Kea's per-subnet totals and recounts assigned leases from the store.
async fn init_stats(cfg: &Dhcp6Config, store: &Lease6Backend, stats: &Stats, now: i64) {
    for s in PACKET6_STATS {
        stats.set(s, 0);
    }
    let clamp = |v: u128| i64::try_from(v).unwrap_or(i64::MAX);
    for s in &cfg.subnets {
        stats.set(&subnet_stat(s.id, "total-nas"), clamp(s.total_nas()));
        stats.set(&subnet_stat(s.id, "total-pds"), clamp(s.total_pds()));
        for name in ["assigned-nas", "assigned-pds", "declined-addresses"] {
            stats.set(&subnet_stat(s.id, name), 0);
        }
    }
    stats.set("declined-addresses", 0);
    for l in store.get6_all(None).await.unwrap_or_default() {
        if !l.is_active(now) {
            continue;
        }
        let name = if l.lease_type == LeaseType::Pd {
            "assigned-pds"
        } else {
            "assigned-nas"
        };
        stats.add(&subnet_stat(l.subnet_id, name), 1);
        if l.state == LeaseState::Declined {
            stats.add(&subnet_stat(l.subnet_id, "declined-addresses"), 1);
            stats.add("declined-addresses", 1);
        }
    }
}

/// Builds and starts everything. Must run inside an actix `System`.
pub async fn start(
    cfg: Dhcp6Config,
    config_path: Option<PathBuf>,
    ports: Ports6,
) -> Result<Addr<Dhcp6Listener>, Start6Error> {
    let now = chrono::Utc::now().timestamp();
    let cfg = Arc::new(cfg);
    let stats = Arc::new(Stats::new(cfg.statistic_sample_count as usize));
    let store = Arc::new(Lease6Backend::open(&cfg.lease_database).await?);
    init_stats(&cfg, &store, &stats, now).await;
    let ifaces = interfaces::resolve(&cfg.interfaces.interfaces)?;
    let duid = server_duid::load_or_create(
        &cfg.server_id,
        &cfg.data_directory,
        &duid_hwaddr(&ifaces),
        now,
    )?;
    info!("DHCP6_SERVERID server DUID is {}", to_text(&duid));
    let indexes: Vec<u32> = ifaces.iter().map(|i| i.index).collect();
    let sock = socket::open(ports.server, &indexes).map_err(|source| Start6Error::Socket {
        port: ports.server,
        source,
    })?;
    let server: Arc<Server6> = Arc::new(Dhcp6Server::new(
        cfg.clone(),
        store.clone(),
        stats.clone(),
        duid,
    ));
    info!(
        "DHCP6_STARTED ruru-dhcp6 version {} started (port {}, {} interface(s): {})",
        crate::VERSION,
        ports.server,
        ifaces.len(),
        ifaces
            .iter()
            .map(|i| &*i.name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let listener = Dhcp6Listener::new(
        sock,
        server.clone(),
        ifaces,
        stats.clone(),
        ports.forced_client,
    )
    .start();
    let router = Control6Router::new(
        cfg.clone(),
        server.clone(),
        stats,
        listener.clone(),
        config_path,
    )
    .start();
    if let Some(cs) = &cfg.control_socket {
        match Control::bind(&cs.socket_name, router.clone().recipient()) {
            Ok(c) => {
                c.start();
            }
            Err(e) => {
                listener.do_send(Shutdown);
                return Err(Start6Error::Control(e.to_string()));
            }
        }
    }
    start_reclamation(&cfg, server);
    if let LeaseDatabase::Memfile {
        persist: true,
        lfc_interval,
        ..
    } = &cfg.lease_database
    {
        start_lfc(store, *lfc_interval);
    }
    install_signal_handlers(listener.clone(), router);
    Ok(listener)
}

/// Runs the lease file cleanup every `interval` seconds (0 = never) on a
/// blocking thread; packet processing continues meanwhile.
fn start_lfc(store: Arc<Lease6Backend>, interval: u32) {
    if interval == 0 {
        return;
    }
    actix::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(u64::from(interval)));
        tick.tick().await;
        loop {
            tick.tick().await;
            let s = store.clone();
            match tokio::task::spawn_blocking(move || s.run_lfc()).await {
                Ok(Ok(n)) => {
                    info!("DHCPSRV_MEMFILE_LFC_EXECUTE lease file cleanup kept {n} lease(s)")
                }
                Ok(Err(e)) => error!("DHCPSRV_MEMFILE_LFC_FAIL lease file cleanup failed: {e}"),
                Err(e) => error!("DHCPSRV_MEMFILE_LFC_FAIL lease file cleanup task failed: {e}"),
            }
        }
    });
}

/// Reclaims expired leases every `reclaim-timer-wait-time` seconds.
fn start_reclamation(cfg: &Dhcp6Config, server: Arc<Server6>) {
    let every = cfg.expired_leases.reclaim_timer_wait_time;
    let limit = cfg.expired_leases.max_reclaim_leases as usize;
    if every == 0 {
        return;
    }
    actix::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(u64::from(every)));
        tick.tick().await;
        loop {
            tick.tick().await;
            let now = chrono::Utc::now().timestamp();
            match server.engine().reclaim_expired(now, limit).await {
                Ok(0) => {}
                Ok(n) => {
                    info!("ALLOC_ENGINE_V6_LEASES_RECLAMATION_COMPLETE reclaimed {n} lease(s)")
                }
                Err(e) => error!("ALLOC_ENGINE_V6_LEASES_RECLAMATION_FAILED {e}"),
            }
        }
    });
}

fn install_signal_handlers(listener: Addr<Dhcp6Listener>, router: Addr<Control6Router>) {
    use tokio::signal::unix::{signal, SignalKind};
    actix::spawn(async move {
        let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::hangup()),
        ) else {
            error!("DHCP6_SIGNAL_SETUP_FAIL cannot install signal handlers");
            return;
        };
        loop {
            tokio::select! {
                _ = term.recv() => break,
                _ = int.recv() => break,
                _ = hup.recv() => router.do_send(ReloadConfig6),
            }
        }
        info!("DHCP6_SHUTDOWN server shutdown");
        let _ = listener.send(Shutdown).await;
        System::current().stop_with_code(0);
    });
}
