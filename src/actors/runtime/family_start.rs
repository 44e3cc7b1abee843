//! What starting one family takes beyond what reconfiguring it does
//! ([`Reconfigurable`]): its program name and packet statistics, the server
//! identity it starts with, its socket and its listener. `runtime::start` is
//! written once over this trait.

use std::io;
use std::sync::Arc;

use actix::prelude::*;
use log::info;
use tokio::net::UdpSocket;

use crate::actors::listener::v6::interfaces::duid_hwaddr;
use crate::actors::listener::{v4, v6, Dhcp4Listener, Dhcp6Listener};
use crate::actors::messages::{ListenerHandle, Liveness};
use crate::actors::supervisor::reconfigure::Reconfigurable;
use crate::actors::supervisor::{Family4, Family6};
use crate::backends::duid::to_text;
use crate::backends::server_duid;
use crate::config::model::Dhcp4Config;
use crate::config::model6::Dhcp6Config;
use crate::dhcp::v4::Ports;
use crate::stats::Stats;

use super::StartError;

/// Ports of the DHCPv6 server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports6 {
    /// Server port (547).
    pub server: u16,
    /// Every reply goes to this port when set (`-P`, for tests).
    pub forced_client: Option<u16>,
}

/// What a family's listener is started with, beside its socket.
pub(crate) struct ListenerParts<F: FamilyStart> {
    /// The interfaces served.
    pub ifaces: Vec<F::Interface>,
    /// Statistics.
    pub stats: Arc<Stats>,
    /// The ports given on the command line.
    pub ports: F::Ports,
    /// Where a backend found lost while serving is reported (the supervisor).
    pub liveness: Recipient<Liveness>,
}

/// A family as `runtime::start` starts it.
pub(crate) trait FamilyStart: Reconfigurable {
    /// The ports given on the command line.
    type Ports: Copy + 'static;
    /// The program's name in `*_STARTED` (`ruru-dhcp4`, `ruru-dhcp6`).
    const PROGRAM: &'static str;
    /// The packet statistics Kea reports from startup (at 0).
    const PACKET_STATS: &'static [&'static str];
    /// The port the server listens on (0: one the system picks).
    fn server_port(ports: Self::Ports) -> u16;
    /// `ports` with the server port the socket was bound to.
    fn with_server_port(ports: Self::Ports, port: u16) -> Self::Ports;
    /// `statistic-default-sample-count`.
    fn sample_count(cfg: &Self::Config) -> usize;
    /// A served interface's name (logged at start).
    fn interface_name(i: &Self::Interface) -> &str;
    /// The identity the server starts with (DHCPv6: the server DUID, read
    /// from or written to the data directory).
    fn start_identity(
        cfg: &Self::Config,
        ifaces: &[Self::Interface],
        ports: Self::Ports,
    ) -> Result<Self::Identity, StartError>;
    /// Opens the family's UDP socket on `ifaces`.
    fn open_socket(ports: Self::Ports, ifaces: &[Self::Interface]) -> io::Result<UdpSocket>;
    /// Starts the listener of this family's server logic on `sock`.
    fn start_listener(&self, sock: UdpSocket, parts: ListenerParts<Self>) -> ListenerHandle;
}

/// The parts of [`FamilyStart`] written alike for both families (the ports'
/// `server`, the configuration's `statistic_sample_count`, the interface's
/// `name`): `$ports` is the family's ports type, `$program` its program,
/// `$stats` its packet statistics.
macro_rules! start_accessors {
    ($ports:ident, $program:literal, $stats:expr) => {
        type Ports = $ports;
        const PROGRAM: &'static str = $program;
        const PACKET_STATS: &'static [&'static str] = $stats;
        fn server_port(ports: $ports) -> u16 {
            ports.server
        }
        fn with_server_port(ports: $ports, server: u16) -> $ports {
            $ports { server, ..ports }
        }
        fn sample_count(cfg: &Self::Config) -> usize {
            usize::try_from(cfg.statistic_sample_count).unwrap_or(usize::MAX)
        }
        fn interface_name(i: &Self::Interface) -> &str {
            &i.name
        }
    };
}

impl FamilyStart for Family4 {
    start_accessors!(Ports, "ruru-dhcp4", crate::dhcp::v4::server::PACKET_STATS);

    /// DHCPv4 is known by its ports.
    fn start_identity(
        _: &Dhcp4Config,
        _: &[Self::Interface],
        p: Ports,
    ) -> Result<Ports, StartError> {
        Ok(p)
    }
    fn open_socket(ports: Ports, _: &[Self::Interface]) -> io::Result<UdpSocket> {
        v4::socket::open(ports.server)
    }
    fn start_listener(&self, sock: UdpSocket, l: ListenerParts<Self>) -> ListenerHandle {
        let server = self.server.clone();
        let listener = Dhcp4Listener::new(sock, server, l.ifaces, l.stats, (), l.liveness);
        ListenerHandle::of(&listener.start())
    }
}

impl FamilyStart for Family6 {
    start_accessors!(Ports6, "ruru-dhcp6", crate::dhcp::v6::server::PACKET_STATS);

    /// Kea's `DHCP6_SERVERID` names the DUID once it is known.
    fn start_identity(
        cfg: &Dhcp6Config,
        ifaces: &[Self::Interface],
        _: Ports6,
    ) -> Result<Vec<u8>, StartError> {
        let now = chrono::Utc::now().timestamp();
        let hwaddr = duid_hwaddr(ifaces);
        let duid = server_duid::load_or_create(&cfg.server_id, &cfg.data_directory, &hwaddr, now)?;
        info!("DHCP6_SERVERID server DUID is {}", to_text(&duid));
        Ok(duid)
    }
    fn open_socket(ports: Ports6, ifaces: &[Self::Interface]) -> io::Result<UdpSocket> {
        let indexes: Vec<u32> = ifaces.iter().map(|i| i.index).collect();
        v6::socket::open(ports.server, &indexes)
    }
    /// Replies go to `-P`'s port when it is given.
    fn start_listener(&self, sock: UdpSocket, l: ListenerParts<Self>) -> ListenerHandle {
        let (server, forced) = (self.server.clone(), l.ports.forced_client);
        let listener = Dhcp6Listener::new(sock, server, l.ifaces, l.stats, forced, l.liveness);
        ListenerHandle::of6(&listener.start())
    }
}
