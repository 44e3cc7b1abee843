//! Wiring of ruru-dhcp6, like `runtime` for ruru-dhcp4 and with its shared
//! helpers: lease store, hosts databases, server DUID, the `Dhcp6Listener`, the
//! lease database's and each hosts database's `BackendConn`, the control
//! socket and the `Supervisor` (the same
//! one as DHCPv4, serving `Family::V6`): commands, reclamation timers, database
//! recovery, dhcp-disable/enable, shutdown and signals all go through it.

use std::path::PathBuf;
use std::sync::Arc;

use actix::prelude::*;
use log::info;

use crate::actors::listener::v6::interfaces::{self, duid_hwaddr};
use crate::actors::listener::v6::socket;
use crate::actors::listener::Dhcp6Listener;
use crate::actors::messages::ListenerHandle;
use crate::actors::messages::Server6;
use crate::actors::runtime::{
    create_supervisor, finish_start, open_databases, run_system, StartError, Wiring,
};
use crate::actors::supervisor::reconfigure::Reconfigurable;
use crate::actors::supervisor::{Family, Family6, Supervisor};
use crate::backends::duid::to_text;
use crate::backends::lease6::Lease6;
use crate::backends::server_duid;
use crate::config::model6::Dhcp6Config;
use crate::dhcp::v6::Dhcp6Server;
use crate::stats::Stats;

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

/// Runs ruru-dhcp6 with `cfg` until shutdown; returns the exit status.
pub fn run_dhcp6(cfg: Dhcp6Config, config_path: Option<PathBuf>, ports: Ports6) -> i32 {
    run_system("DHCP6", || start(cfg, config_path, ports))
}

/// Builds and starts every actor. Must run inside an actix `System`.
pub async fn start(
    cfg: Dhcp6Config,
    config_path: Option<PathBuf>,
    ports: Ports6,
) -> Result<Addr<Supervisor>, StartError> {
    let now = chrono::Utc::now().timestamp();
    let cfg = Arc::new(cfg);
    let stats = Arc::new(Stats::new(cfg.statistic_sample_count as usize));
    let c = cfg.clone();
    let (store, unreached, host_dbs) = open_databases::<Lease6, _, _>(
        (&cfg.lease_database, &cfg.hosts_databases),
        &stats,
        (PACKET6_STATS, "DHCP6"),
        |store, stats| Family6::count(store, c, stats),
    )
    .await?;
    let ifaces = interfaces::resolve(&cfg.interfaces.interfaces)?;
    let duid = server_duid::load_or_create(
        &cfg.server_id,
        &cfg.data_directory,
        &duid_hwaddr(&ifaces),
        now,
    )?;
    info!("DHCP6_SERVERID server DUID is {}", to_text(&duid));
    let indexes: Vec<u32> = ifaces.iter().map(|i| i.index).collect();
    let sock = socket::open(ports.server, &indexes).map_err(|source| StartError::Socket {
        service: "DHCPv6",
        port: ports.server,
        source,
    })?;
    let server: Arc<Server6> = Arc::new(Dhcp6Server::with_hosts(
        cfg.clone(),
        store.clone(),
        host_dbs.clone(),
        stats.clone(),
        duid,
    ));
    let served: Vec<String> = ifaces.iter().map(|i| i.name.to_string()).collect();

    let supervisor = create_supervisor(
        Wiring {
            family: Family::V6(Family6 {
                cfg: cfg.clone(),
                server: server.clone(),
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
            let listener = Dhcp6Listener::new(
                sock,
                server.clone(),
                ifaces,
                stats.clone(),
                ports.forced_client,
                me.clone().recipient(),
            );
            ListenerHandle::of6(&listener.start())
        },
    );
    finish_start(
        supervisor,
        unreached,
        "DHCP6",
        "ruru-dhcp6",
        ports.server,
        &served,
    )
}
