//! A fault-injecting TCP proxy for database outage tests. It listens on
//! 127.0.0.1 (a port from the OS) and forwards every connection to an
//! upstream port; the test breaks the path on demand:
//!
//! - [`Proxy::cut`]: closes every connection and closes new ones at once
//!   (with RST: the client sees the server gone, like a stopped database);
//! - [`Proxy::reset`]: RSTs the current connections, keeps accepting;
//! - [`Proxy::freeze`]: black hole: connections stay open, nothing is
//!   forwarded either way, new connections are accepted but not answered
//!   (like a database stopped with SIGSTOP or a silent partition); data
//!   sent meanwhile is held and forwarded on heal;
//! - [`Proxy::freeze_after_answers`]: each new connection is forwarded
//!   until the server has answered `n` times (reads from the server), then
//!   that connection is held frozen: a server that completed the handshake
//!   and then stopped answering;
//! - [`Proxy::heal`]: back to forwarding.
//!
//! It runs on a thread of its own (a current-thread tokio runtime), so it
//! works from sync and async tests alike, and stops (closing everything) on
//! drop.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the proxy does with traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Forwarding.
    Open,
    /// Every connection closed, new ones closed at once.
    Cut,
    /// Nothing forwarded, connections kept.
    Frozen,
}

#[derive(Debug, Clone, Copy)]
struct State {
    mode: Mode,
    /// Bumped by `reset`: connections of an older generation are reset.
    generation: u64,
    stop: bool,
    /// New connections freeze after this many server answers.
    freeze_after: Option<usize>,
}

/// The running proxy.
pub struct Proxy {
    /// The port to give the server under test.
    pub port: u16,
    ctl: watch::Sender<State>,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    /// A proxy on 127.0.0.1:0 forwarding to 127.0.0.1:`upstream`.
    pub fn start(upstream: u16) -> Proxy {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind proxy port");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("proxy addr").port();
        let (ctl, rx) = watch::channel(State {
            mode: Mode::Open,
            generation: 0,
            stop: false,
            freeze_after: None,
        });
        let upstream: SocketAddr = ([127, 0, 0, 1], upstream).into();
        let thread = std::thread::Builder::new()
            .name(format!("proxy-{port}"))
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("proxy runtime");
                rt.block_on(async move {
                    let listener = TcpListener::from_std(listener).expect("tokio listener");
                    accept_loop(listener, upstream, rx).await;
                });
                // Dropping the runtime cancels every connection task: all closed.
            })
            .expect("proxy thread");
        Proxy {
            port,
            ctl,
            thread: Some(thread),
        }
    }

    fn set_mode(&self, mode: Mode) {
        self.ctl.send_modify(|s| s.mode = mode);
    }

    /// Closes all connections and every new one.
    pub fn cut(&self) {
        self.set_mode(Mode::Cut);
    }

    /// Resets (RST) all current connections; new ones are forwarded.
    pub fn reset(&self) {
        self.ctl.send_modify(|s| {
            s.generation += 1;
            s.mode = Mode::Open;
        });
    }

    /// Black hole: nothing is forwarded, connections stay open.
    pub fn freeze(&self) {
        self.set_mode(Mode::Frozen);
    }

    /// New connections are forwarded until the server has answered `n`
    /// times, then held frozen (until the proxy stops).
    pub fn freeze_after_answers(&self, n: usize) {
        self.ctl.send_modify(|s| s.freeze_after = Some(n));
    }

    /// Forwarding again.
    pub fn heal(&self) {
        self.set_mode(Mode::Open);
    }

    /// The current mode.
    pub fn mode(&self) -> Mode {
        self.ctl.borrow().mode
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.ctl.send_modify(|s| {
            s.stop = true;
            s.mode = Mode::Cut;
        });
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Closes `s` with an RST instead of a FIN.
fn abort(s: &TcpStream) {
    let _ = socket2::SockRef::from(s).set_linger(Some(Duration::ZERO));
}

async fn accept_loop(listener: TcpListener, upstream: SocketAddr, mut ctl: watch::Receiver<State>) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((client, _)) = accepted else { continue };
                let _ = client.set_nodelay(true);
                if ctl.borrow().mode == Mode::Cut {
                    abort(&client);
                    drop(client);
                    continue;
                }
                tokio::spawn(serve(client, upstream, ctl.clone()));
            }
            changed = ctl.changed() => {
                if changed.is_err() || ctl.borrow().stop {
                    return;
                }
            }
        }
    }
}

/// Why a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Eof,
    Cut,
    Reset,
}

/// Waits while frozen; `Some(end)` when the connection must end.
async fn gate(ctl: &mut watch::Receiver<State>, generation: u64) -> Option<End> {
    loop {
        let s = *ctl.borrow_and_update();
        if s.stop {
            return Some(End::Cut);
        }
        if s.generation != generation {
            return Some(End::Reset);
        }
        match s.mode {
            Mode::Open => return None,
            Mode::Cut => return Some(End::Cut),
            Mode::Frozen => {
                if ctl.changed().await.is_err() {
                    return Some(End::Cut);
                }
            }
        }
    }
}

async fn serve(client: TcpStream, upstream: SocketAddr, mut ctl: watch::Receiver<State>) {
    let generation = ctl.borrow().generation;
    // A frozen database accepts (the kernel does) but never answers.
    if let Some(end) = gate(&mut ctl, generation).await {
        if end != End::Eof {
            abort(&client);
        }
        return;
    }
    let Ok(server) = TcpStream::connect(upstream).await else {
        abort(&client);
        return;
    };
    let _ = server.set_nodelay(true);
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let answers = ctl.borrow().freeze_after;
    let end = tokio::select! {
        e = pump(&mut cr, &mut sw, ctl.clone(), generation, None) => e,
        e = pump(&mut sr, &mut cw, ctl.clone(), generation, answers) => e,
    };
    if end != End::Eof {
        abort(cw.as_ref());
        abort(sw.as_ref());
    }
}

/// Copies `r` to `w` while the proxy is open; holds the data while frozen.
/// With `answers`, stops forwarding after that many reads and holds the
/// connection until the proxy stops, cuts or resets.
async fn pump(
    r: &mut OwnedReadHalf,
    w: &mut OwnedWriteHalf,
    mut ctl: watch::Receiver<State>,
    generation: u64,
    mut answers: Option<usize>,
) -> End {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        if answers == Some(0) {
            loop {
                let s = *ctl.borrow_and_update();
                if s.stop || s.mode == Mode::Cut {
                    return End::Cut;
                }
                if s.generation != generation {
                    return End::Reset;
                }
                if ctl.changed().await.is_err() {
                    return End::Cut;
                }
            }
        }
        if let Some(end) = gate(&mut ctl, generation).await {
            return end;
        }
        let n = tokio::select! {
            read = r.read(&mut buf) => match read {
                Ok(0) | Err(_) => return End::Eof,
                Ok(n) => n,
            },
            changed = ctl.changed() => {
                if changed.is_err() {
                    return End::Cut;
                }
                continue;
            }
        };
        if let Some(end) = gate(&mut ctl, generation).await {
            return end;
        }
        if w.write_all(&buf[..n]).await.is_err() {
            return End::Eof;
        }
        answers = answers.map(|a| a.saturating_sub(1));
    }
}
