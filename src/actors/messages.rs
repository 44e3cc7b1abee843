//! Every message exchanged between ruru's actors, in one place.

use std::sync::Arc;

use actix::Message;

use crate::backends::host_backend::HostBackend;
use crate::backends::lease6_backend::Lease6Backend;
use crate::backends::lease_backend::LeaseBackend;
use crate::dhcp::v4::Dhcp4Server;
use crate::dhcp::v6::Dhcp6Server;

use super::supervisor::on_fail::RecoveryParams;

use super::listener::v4::interfaces::ServedInterface;
use super::listener::v6::interfaces::ServedInterface6;

/// The DHCPv4 server logic the listener runs (one per configuration generation).
pub type Server4 = Dhcp4Server<LeaseBackend, HostBackend>;

/// The DHCPv6 lease store: memfile, PostgreSQL or MySQL.
pub type Store6 = Lease6Backend;

/// The DHCPv6 server logic the listener runs (with the configured hosts
/// databases).
pub type Server6 = Dhcp6Server<Store6, HostBackend>;

/// What a listener of one family serves: its server logic and interfaces
/// (the parameter of [`SetServerOf`] and of the listener actor).
pub trait ServedFamily: Unpin + 'static {
    /// The server logic (one per configuration generation).
    type Server: Send + Sync + 'static;
    /// One served interface.
    type Interface: Send + Unpin + 'static;
}

/// The DHCPv4 service.
#[derive(Debug)]
pub struct Dhcp4Service;

/// The DHCPv6 service.
#[derive(Debug)]
pub struct Dhcp6Service;

impl ServedFamily for Dhcp4Service {
    type Server = Server4;
    type Interface = ServedInterface;
}

impl ServedFamily for Dhcp6Service {
    type Server = Server6;
    type Interface = ServedInterface6;
}

/// Supervisor -> listener: stop serving; drop (and count) every packet.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Pause;

/// Supervisor -> listener: serve again.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Resume;

/// Supervisor -> listener: stop receiving, let in-flight packets finish (bounded),
/// then stop. Resolves when drained.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct Shutdown;

/// Supervisor -> listener of family `F`: run this configuration from now on.
pub struct SetServerOf<F: ServedFamily> {
    /// The new server logic.
    pub server: Arc<F::Server>,
    /// The interfaces to serve (DHCPv6 joins ff02::1:2 on new ones).
    pub interfaces: Vec<F::Interface>,
}

impl<F: ServedFamily> Message for SetServerOf<F> {
    type Result = ();
}

/// Supervisor -> DHCPv4 listener: run this configuration from now on.
pub type SetServer = SetServerOf<Dhcp4Service>;

/// Supervisor -> DHCPv6 listener: run this configuration from now on.
pub type SetServer6 = SetServerOf<Dhcp6Service>;

/// Which backend a liveness report is about. Each one has its own connection,
/// recovery parameters and retry timer (as Kea: lease, each host database,
/// each config database).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BackendId {
    /// The lease database.
    Lease,
    /// `hosts-databases[i]` (or `hosts-database` as index 0).
    Hosts(usize),
    /// `config-control.config-databases[i]`.
    Config(usize),
}

impl std::fmt::Display for BackendId {
    /// The configuration element the backend comes from, as `status-get` names it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Lease => f.write_str("lease-database"),
            Self::Hosts(i) => write!(f, "hosts-databases[{i}]"),
            Self::Config(i) => write!(f, "config-databases[{i}]"),
        }
    }
}

/// Backend / listener -> supervisor: a backend's health changed.
#[derive(Debug, Clone, Message)]
#[rtype(result = "()")]
pub enum Liveness {
    /// The backend answers.
    Up(BackendId),
    /// The backend is unreachable or unusable (the error text says why).
    Lost(BackendId, String),
    /// Like `Lost`, from an operation that started at the given instant (actor
    /// clock): a report from work that began before the backend's last
    /// recovery is stale (it failed on the old connections) and is ignored.
    LostSince(BackendId, String, tokio::time::Instant),
}

/// Supervisor -> backend connection: stop timers and release the store.
#[derive(Debug, Message)]
#[rtype(result = "()")]
pub struct StopBackend;

/// Why a reconnect attempt failed (the backend's own error text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ReconnectError(pub String);

/// Supervisor -> backend connection: drop the connection pool and build a new
/// one, bounded by the backend's `connect-timeout`; answers `Ok` once the new
/// connection answers. memfile answers `Ok` at once.
#[derive(Debug, Message)]
#[rtype(result = "Result<(), ReconnectError>")]
pub struct Reconnect;

/// How the supervisor reaches a backend connection (the real `BackendConn`, or
/// a fake in actor tests): one recipient per message it sends.
#[derive(Clone)]
pub struct BackendHandle {
    /// Rebuild the connection.
    pub reconnect: actix::Recipient<Reconnect>,
    /// Stop timers and release the store.
    pub stop: actix::Recipient<StopBackend>,
}

impl BackendHandle {
    /// The handle of an actor that handles both messages.
    pub fn of<A>(addr: &actix::Addr<A>) -> Self
    where
        A: actix::Actor<Context = actix::Context<A>>
            + actix::Handler<Reconnect>
            + actix::Handler<StopBackend>,
    {
        Self {
            reconnect: addr.clone().recipient(),
            stop: addr.clone().recipient(),
        }
    }
}

/// How the supervisor hands a listener a new configuration: the message
/// depends on the family the listener serves.
#[derive(Clone)]
pub enum ServerSwap {
    /// A DHCPv4 listener.
    V4(actix::Recipient<SetServer>),
    /// A DHCPv6 listener.
    V6(actix::Recipient<SetServer6>),
}

/// How the supervisor reaches a listener (DHCPv4, DHCPv6, or a fake in actor
/// tests): one recipient per message it sends.
#[derive(Clone)]
pub struct ListenerHandle {
    /// Pause service.
    pub pause: actix::Recipient<Pause>,
    /// Resume service.
    pub resume: actix::Recipient<Resume>,
    /// Drain and stop.
    pub shutdown: actix::Recipient<Shutdown>,
    /// Swap the server logic.
    pub set_server: ServerSwap,
}

impl ListenerHandle {
    /// The handle of a DHCPv4 listener (an actor that handles all four messages).
    pub fn of<A>(addr: &actix::Addr<A>) -> Self
    where
        A: actix::Actor<Context = actix::Context<A>>
            + actix::Handler<Pause>
            + actix::Handler<Resume>
            + actix::Handler<Shutdown>
            + actix::Handler<SetServer>,
    {
        Self {
            pause: addr.clone().recipient(),
            resume: addr.clone().recipient(),
            shutdown: addr.clone().recipient(),
            set_server: ServerSwap::V4(addr.clone().recipient()),
        }
    }

    /// The handle of a DHCPv6 listener (`SetServer6` instead of `SetServer`).
    pub fn of6<A>(addr: &actix::Addr<A>) -> Self
    where
        A: actix::Actor<Context = actix::Context<A>>
            + actix::Handler<Pause>
            + actix::Handler<Resume>
            + actix::Handler<Shutdown>
            + actix::Handler<SetServer6>,
    {
        Self {
            pause: addr.clone().recipient(),
            resume: addr.clone().recipient(),
            shutdown: addr.clone().recipient(),
            set_server: ServerSwap::V6(addr.clone().recipient()),
        }
    }
}

/// A backend connection as it registers with the supervisor.
#[derive(Clone)]
pub struct BackendRegistration {
    /// Which backend.
    pub id: BackendId,
    /// Kea's type name (`memfile`, `postgresql`, `mysql`); picks the
    /// `PGSQL`/`MYSQL` part of the log IDs.
    pub kind: String,
    /// `on-fail` and its parameters; `None` = never lost (memfile).
    pub recovery: Option<RecoveryParams>,
    /// How to reach it.
    pub handle: BackendHandle,
}
