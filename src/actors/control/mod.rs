//! The UNIX control socket actor speaking Kea's JSON command protocol.
//!
//! `Control` owns the listening socket. Each accepted connection runs on its own
//! task (`connection::serve`): it reads one command, forwards it as a
//! `ControlRequest` to the recipient given at construction, writes the reply
//! and closes, exactly like Kea's `CommandMgr`. At most `max_connections`
//! connections are served at once; further clients wait in the listen backlog.
//!
//! The socket file is created with mode 0600, a stale file (nobody listening)
//! is replaced, a live one is never taken over, and the file is removed when the
//! actor stops or is dropped.

mod connection;
mod feed;
mod handlers;

use std::io;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::{UnixListener as StdUnixListener, UnixStream as StdUnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use tokio::net::UnixListener;
use tokio::sync::Semaphore;

use crate::commands::protocol::{Request, Response};

pub use feed::{FeedStatus, JsonFeed};

/// Kea's idle timeout for a connection that has not sent a whole command.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// Default bound on connections served concurrently.
pub const DEFAULT_MAX_CONNECTIONS: usize = 64;
/// Largest command accepted (a `config-set` with a big configuration fits).
pub const MAX_COMMAND_BYTES: usize = 64 * 1024 * 1024;

/// One decoded command, sent to the server's command router; the answer is
/// written back to the client as is.
#[derive(Debug, Clone, PartialEq, Message)]
#[rtype(result = "Response")]
pub struct ControlRequest {
    /// The command received.
    pub request: Request,
}

/// Stops the control socket: no new connections; the socket file is removed.
/// Connections already accepted finish on their own tasks.
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "()")]
pub struct StopControl;

/// Why the control socket could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    /// Another process is listening on the socket path.
    #[error("control socket {0} is in use by another process")]
    InUse(PathBuf),
    /// Something that is not a socket exists at the path.
    #[error("control socket path {0} exists and is not a socket")]
    NotASocket(PathBuf),
    /// Binding, permission setting or cleanup failed.
    #[error("control socket {path}: {source}")]
    Io {
        /// The socket path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// Removes the socket file when dropped (the actor's stop or drop).
#[derive(Debug)]
struct SocketFile {
    path: PathBuf,
}

impl Drop for SocketFile {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            if e.kind() != io::ErrorKind::NotFound {
                log::warn!(
                    "could not remove control socket {}: {e}",
                    self.path.display()
                );
            }
        }
    }
}

/// The control socket actor.
pub struct Control {
    listener: Option<StdUnixListener>,
    socket_file: Option<SocketFile>,
    handler: Recipient<ControlRequest>,
    idle_timeout: Duration,
    slots: Arc<Semaphore>,
}

/// A control socket bound (mode 0600) and not served yet: binding comes
/// before anything is started, so a socket in use fails a start cleanly.
#[derive(Debug)]
pub struct BoundControl {
    listener: StdUnixListener,
    socket_file: SocketFile,
}

impl BoundControl {
    /// Binds the socket at `path` (mode 0600), replacing a stale socket file
    /// and refusing one another process listens on. Needs no runtime.
    pub fn bind(path: &Path) -> Result<Self, ControlError> {
        let io_err = |source| ControlError::Io {
            path: path.to_path_buf(),
            source,
        };
        match std::fs::symlink_metadata(path) {
            Ok(meta) if !meta.file_type().is_socket() => {
                return Err(ControlError::NotASocket(path.to_path_buf()))
            }
            Ok(_) => match StdUnixStream::connect(path) {
                Ok(_) => return Err(ControlError::InUse(path.to_path_buf())),
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                    std::fs::remove_file(path).map_err(io_err)?;
                }
                Err(e) => return Err(io_err(e)),
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(e)),
        }
        let listener = StdUnixListener::bind(path).map_err(io_err)?;
        let socket_file = SocketFile {
            path: path.to_path_buf(),
        };
        // Between bind and chmod the file has the umask's mode; the parent
        // directory's permissions are what guards that instant.
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io_err)?;
        listener.set_nonblocking(true).map_err(io_err)?;
        Ok(Self {
            listener,
            socket_file,
        })
    }
}

impl Control {
    /// Binds the socket at `path` (see [`BoundControl::bind`]) and serves it
    /// with `handler` once started (`.start()`).
    pub fn bind(path: &Path, handler: Recipient<ControlRequest>) -> Result<Self, ControlError> {
        Ok(Self::serve(BoundControl::bind(path)?, handler))
    }

    /// The actor serving `bound` with `handler`; serving starts with `.start()`.
    pub fn serve(bound: BoundControl, handler: Recipient<ControlRequest>) -> Self {
        Self {
            listener: Some(bound.listener),
            socket_file: Some(bound.socket_file),
            handler,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            slots: Arc::new(Semaphore::new(DEFAULT_MAX_CONNECTIONS)),
        }
    }

    /// Changes the idle timeout (Kea: 10 s; tests use less).
    pub fn with_idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Changes how many connections are served at once (at least 1).
    pub fn with_max_connections(mut self, n: usize) -> Self {
        self.slots = Arc::new(Semaphore::new(n.max(1)));
        self
    }

    /// The accept loop: waits for a free slot, accepts, serves on a new task.
    async fn accept_loop(
        listener: UnixListener,
        handler: Recipient<ControlRequest>,
        idle_timeout: Duration,
        slots: Arc<Semaphore>,
    ) {
        loop {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                return;
            };
            match listener.accept().await {
                Ok((stream, _)) => {
                    let handler = handler.clone();
                    actix_rt::spawn(async move {
                        connection::serve(stream, handler, idle_timeout).await;
                        drop(permit);
                    });
                }
                Err(e) => {
                    // EMFILE and friends: back off briefly instead of spinning.
                    log::warn!("control socket accept failed: {e}");
                    drop(permit);
                    actix_rt::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
}

impl Actor for Control {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        let Some(std_listener) = self.listener.take() else {
            return;
        };
        match UnixListener::from_std(std_listener) {
            Ok(listener) => {
                let fut = Self::accept_loop(
                    listener,
                    self.handler.clone(),
                    self.idle_timeout,
                    self.slots.clone(),
                );
                ctx.spawn(fut.into_actor(self));
            }
            Err(e) => {
                log::error!("control socket cannot be registered with the runtime: {e}");
                ctx.stop();
            }
        }
    }

    fn stopped(&mut self, _ctx: &mut Self::Context) {
        // The accept loop future is dropped with the context; the file goes now.
        self.socket_file.take();
    }
}
