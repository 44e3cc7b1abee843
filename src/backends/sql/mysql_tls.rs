//! MySQL over TLS with ruru's own OpenSSL context: an in-process relay that does
//! the MySQL TLS upgrade itself, so `cipher-list` (which mysql_async and
//! native-tls cannot express) is applied exactly as for PostgreSQL.
//!
//! mysql_async talks plain MySQL to a private unix socket (a fresh 0700
//! directory, removed once the one connection is accepted); the relay opens the
//! TCP connection to the server, forwards the server greeting, turns the
//! client's handshake response into the protocol's `SSLRequest`, runs the TLS
//! handshake with [`TlsClient`], sends the handshake response inside TLS, and
//! shifts packet sequence numbers by one until authentication ends (the client
//! never saw the `SSLRequest`). After that it copies bytes both ways; when
//! the server side ends, the client side is shut down, so a lost server looks
//! to mysql_async like a lost direct connection. The hop costs 0.03-0.1 ms
//! per statement round trip (measured with `SELECT 1` on loopback).
//!
//! A server that does not offer TLS gets the bytes unchanged (clear text): Kea
//! connects in that case too and only logs `DHCPSRV_MYSQL_NO_TLS`, which the
//! caller does after checking `Ssl_cipher`.

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpStream, UnixListener, UnixStream};
use tokio::sync::oneshot;
use tokio_openssl::SslStream;

use super::tls::{explain_handshake_failure, is_tls_refusal, TlsClient};
use crate::config::model::SqlTls;

/// `CLIENT_SSL` capability flag.
const CLIENT_SSL: u32 = 0x0800;
/// `CLIENT_PROTOCOL_41` capability flag (ERR packets carry a SQLSTATE).
const CLIENT_PROTOCOL_41: u32 = 0x0200;
/// Length of the protocol's `SSLRequest` packet (the start of a handshake response).
const SSL_REQUEST_LEN: usize = 32;
/// MySQL's client error "SSL connection error" (CR_SSL_CONNECTION_ERROR).
const CR_SSL_CONNECTION_ERROR: u16 = 2026;
/// Largest packet accepted during the handshake (they are small).
const MAX_HANDSHAKE_PACKET: usize = 0xff_ffff - 1;

/// What the relay made of the connection to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelayOutcome {
    /// TLS established with this cipher and protocol version.
    Tls {
        /// OpenSSL's cipher name.
        cipher: String,
        /// "TLSv1.2", "TLSv1.3".
        version: String,
    },
    /// The server offers no TLS: the session is clear text.
    ClearText,
}

/// Why the relay could not connect the client to the server.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RelayError {
    /// The server cannot be reached (the connection is "lost").
    #[error("{0}")]
    Unreachable(String),
    /// The server or ruru refused the TLS session (certificate, cipher list).
    #[error("TLS handshake failed: {0}")]
    Tls(String),
    /// The server or the client spoke something unexpected.
    #[error("MySQL handshake: {0}")]
    Protocol(String),
}

/// A relay waiting for its one client: connect mysql_async to [`Relay::socket`].
#[derive(Debug)]
pub struct Relay {
    /// The unix socket mysql_async must connect to.
    pub socket: String,
    /// The relay's verdict on the server side, sent before the client learns it.
    pub outcome: oneshot::Receiver<Result<RelayOutcome, RelayError>>,
}

/// A private directory holding the relay socket; removed with its contents on drop.
#[derive(Debug)]
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn create() -> std::io::Result<Self> {
        use std::os::unix::fs::DirBuilderExt;
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let mut last = None;
        for _ in 0..8 {
            let dir = std::env::temp_dir().join(format!(
                "ruru-mysql-tls.{}.{nanos}.{}",
                std::process::id(),
                SEQ.fetch_add(1, Ordering::Relaxed)
            ));
            // mkdir never follows a planted symlink; an existing name is skipped.
            match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
                Ok(()) => return Ok(Self(dir)),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no free name")))
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Starts a relay to `host:port` that upgrades to TLS with `tls`; the handshake
/// (accepting the client included) must finish within `limit`.
pub fn start(
    host: &str,
    port: u16,
    settings: &SqlTls,
    tls: TlsClient,
    limit: Duration,
) -> std::io::Result<Relay> {
    let dir = PrivateDir::create()?;
    let path = dir.0.join("s");
    let listener = UnixListener::bind(&path)?;
    let socket = path.to_string_lossy().into_owned();
    let (tx, outcome) = oneshot::channel();
    let host = host.to_string();
    let settings = settings.clone();
    tokio::spawn(async move {
        let accepted = tokio::time::timeout(limit, listener.accept()).await;
        drop(listener);
        drop(dir);
        let Ok(Ok((client, _))) = accepted else {
            let _ = tx.send(Err(RelayError::Protocol(
                "the client never connected to the relay".into(),
            )));
            return;
        };
        run(client, &host, port, (&settings, &tls), limit, tx).await;
    });
    Ok(Relay { socket, outcome })
}

/// One MySQL packet: sequence number and payload.
struct Packet {
    seq: u8,
    payload: Vec<u8>,
}

async fn read_packet<R: AsyncRead + Unpin>(r: &mut R) -> std::io::Result<Packet> {
    let mut header = [0u8; 4];
    r.read_exact(&mut header).await?;
    let len = usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
    if len > MAX_HANDSHAKE_PACKET {
        return Err(std::io::Error::other(
            "multi-packet message during handshake",
        ));
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload).await?;
    Ok(Packet {
        seq: header[3],
        payload,
    })
}

async fn write_packet<W: AsyncWrite + Unpin>(
    w: &mut W,
    seq: u8,
    payload: &[u8],
) -> std::io::Result<()> {
    let len = payload.len();
    // Handshake packets are far below 2^24 bytes (read_packet enforces it).
    let header = [len as u8, (len >> 8) as u8, (len >> 16) as u8, seq];
    let mut buf = Vec::with_capacity(4 + len);
    buf.extend_from_slice(&header);
    buf.extend_from_slice(payload);
    w.write_all(&buf).await?;
    w.flush().await
}

/// The capability flags of a server greeting (protocol version 10), if it is one.
fn greeting_capabilities(payload: &[u8]) -> Option<u32> {
    if payload.first() != Some(&10) {
        return None;
    }
    // protocol(1) server-version(NUL-terminated) thread-id(4) scramble(8) filler(1)
    // capabilities-low(2) charset(1) status(2) capabilities-high(2)
    let version_end = 1 + payload[1..].iter().position(|&b| b == 0)?;
    let low = version_end + 1 + 4 + 8 + 1;
    let lo = u32::from(u16::from_le_bytes([
        *payload.get(low)?,
        *payload.get(low + 1)?,
    ]));
    let high = low + 2 + 1 + 2;
    let hi = match (payload.get(high), payload.get(high + 1)) {
        (Some(a), Some(b)) => u32::from(u16::from_le_bytes([*a, *b])),
        _ => 0,
    };
    Some(lo | hi << 16)
}

/// The client's handshake response with `CLIENT_SSL` set.
fn with_ssl_flag(response: &[u8]) -> Vec<u8> {
    let mut out = response.to_vec();
    let caps = u32::from_le_bytes([out[0], out[1], out[2], out[3]]) | CLIENT_SSL;
    out[..4].copy_from_slice(&caps.to_le_bytes());
    out
}

/// An ERR packet payload telling the client why the relay failed.
fn err_packet(client_caps: u32, message: &str) -> Vec<u8> {
    let mut p = vec![0xff];
    p.extend_from_slice(&CR_SSL_CONNECTION_ERROR.to_le_bytes());
    if client_caps & CLIENT_PROTOCOL_41 != 0 {
        p.extend_from_slice(b"#HY000");
    }
    p.extend_from_slice(message.as_bytes());
    p
}

async fn run(
    mut client: UnixStream,
    host: &str,
    port: u16,
    tls: (&SqlTls, &TlsClient),
    limit: Duration,
    tx: oneshot::Sender<Result<RelayOutcome, RelayError>>,
) {
    match tokio::time::timeout(limit, handshake(&mut client, host, port, tls)).await {
        Err(_) => {
            let _ = tx.send(Err(RelayError::Unreachable(format!(
                "no TLS session within {limit:?}"
            ))));
        }
        Ok(Err(e)) => {
            let _ = tx.send(Err(e));
        }
        Ok(Ok(Upstream::Plain(server))) => {
            let _ = tx.send(Ok(RelayOutcome::ClearText));
            pipe(client, server).await;
        }
        Ok(Ok(Upstream::Tls(server, outcome))) => {
            let _ = tx.send(Ok(outcome));
            pipe(client, *server).await;
        }
    }
}

/// The server side once the handshake is through.
enum Upstream {
    Plain(TcpStream),
    Tls(Box<SslStream<TcpStream>>, RelayOutcome),
}

/// An I/O failure during the handshake: the connection is gone.
fn io_lost(e: std::io::Error) -> RelayError {
    RelayError::Unreachable(format!("connection closed during the handshake: {e}"))
}

async fn handshake(
    client: &mut UnixStream,
    host: &str,
    port: u16,
    (settings, tls): (&SqlTls, &TlsClient),
) -> Result<Upstream, RelayError> {
    let mut server = TcpStream::connect((host, port))
        .await
        .map_err(|e| RelayError::Unreachable(format!("{host}:{port}: {e}")))?;
    let _ = server.set_nodelay(true);
    let keepalive = socket2::TcpKeepalive::new().with_time(Duration::from_secs(30));
    let _ = socket2::SockRef::from(&server).set_tcp_keepalive(&keepalive);

    let greeting = read_packet(&mut server)
        .await
        .map_err(|e| RelayError::Unreachable(format!("{host}:{port}: no greeting: {e}")))?;
    write_packet(client, greeting.seq, &greeting.payload)
        .await
        .map_err(io_lost)?;
    let Some(server_caps) = greeting_capabilities(&greeting.payload) else {
        // An ERR instead of a greeting (too many connections...): the client reads it.
        return Ok(Upstream::Plain(server));
    };
    if server_caps & CLIENT_SSL == 0 {
        return Ok(Upstream::Plain(server));
    }

    let response = read_packet(client).await.map_err(io_lost)?;
    if response.payload.len() < SSL_REQUEST_LEN {
        return Err(RelayError::Protocol("short handshake response".into()));
    }
    let response_ssl = with_ssl_flag(&response.payload);
    let client_caps = u32::from_le_bytes([
        response.payload[0],
        response.payload[1],
        response.payload[2],
        response.payload[3],
    ]);
    write_packet(&mut server, response.seq, &response_ssl[..SSL_REQUEST_LEN])
        .await
        .map_err(io_lost)?;

    let mut server = match tls_connect(tls, host, server).await {
        Ok(s) => s,
        Err(reason) => {
            let reason = explain_handshake_failure(settings, reason);
            let msg = format!("TLS handshake with {host}:{port} failed: {reason}");
            let err = err_packet(client_caps, &msg);
            let _ = write_packet(client, response.seq.wrapping_add(1), &err).await;
            return Err(if is_tls_refusal(&reason) {
                RelayError::Tls(reason)
            } else {
                RelayError::Unreachable(format!("TLS handshake interrupted: {reason}"))
            });
        }
    };
    let outcome = RelayOutcome::Tls {
        cipher: server
            .ssl()
            .current_cipher()
            .map(|c| c.name().to_string())
            .unwrap_or_default(),
        version: server.ssl().version_str().to_string(),
    };
    write_packet(&mut server, response.seq.wrapping_add(1), &response_ssl)
        .await
        .map_err(io_lost)?;

    // Authentication: the server's numbering is one ahead of the client's.
    loop {
        let p = read_packet(&mut server).await.map_err(io_lost)?;
        write_packet(client, p.seq.wrapping_sub(1), &p.payload)
            .await
            .map_err(io_lost)?;
        match p.payload.first() {
            // OK or ERR ends authentication.
            Some(0x00) | Some(0xff) => break,
            // caching_sha2_password "fast auth success": the OK follows unasked.
            Some(0x01) if p.payload.get(1) == Some(&0x03) => continue,
            _ => {
                let c = read_packet(client).await.map_err(io_lost)?;
                write_packet(&mut server, c.seq.wrapping_add(1), &c.payload)
                    .await
                    .map_err(io_lost)?;
            }
        }
    }
    Ok(Upstream::Tls(Box::new(server), outcome))
}

/// The TLS handshake on `tcp`; the error is OpenSSL's reason (with the
/// certificate verification result when that failed).
async fn tls_connect(
    tls: &TlsClient,
    host: &str,
    tcp: TcpStream,
) -> Result<SslStream<TcpStream>, String> {
    let ssl = tls
        .configure()
        .and_then(|c| c.into_ssl(host))
        .map_err(|e| e.to_string())?;
    let mut stream = SslStream::new(ssl, tcp).map_err(|e| e.to_string())?;
    if let Err(e) = Pin::new(&mut stream).connect().await {
        let verify = stream.ssl().verify_result();
        let mut reason = e.to_string();
        if verify != openssl::x509::X509VerifyResult::OK {
            reason = format!(
                "certificate verify failed: {}: {reason}",
                verify.error_string()
            );
        }
        return Err(reason);
    }
    Ok(stream)
}

/// Copies both ways until both sides are done; a side that ends has the
/// other side's writing shut down (so a lost server is an EOF to mysql_async).
async fn pipe<S: AsyncRead + AsyncWrite + Unpin>(mut client: UnixStream, mut server: S) {
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_capabilities_are_read_from_both_halves() {
        let mut g = vec![10];
        g.extend_from_slice(b"10.11.6-MariaDB\0");
        g.extend_from_slice(&[1, 0, 0, 0]); // thread id
        g.extend_from_slice(&[0; 8]); // scramble part 1
        g.push(0); // filler
        g.extend_from_slice(&0xfffeu16.to_le_bytes()); // caps low (with CLIENT_SSL)
        g.push(45); // charset
        g.extend_from_slice(&[2, 0]); // status
        g.extend_from_slice(&0x81ffu16.to_le_bytes()); // caps high
        let caps = greeting_capabilities(&g).unwrap();
        assert_eq!(caps, 0x81ff_fffe);
        assert_ne!(caps & CLIENT_SSL, 0);
        assert_eq!(greeting_capabilities(&[0xff, 0x10, 0x04]), None);
    }

    #[test]
    fn the_ssl_flag_is_set_in_the_response() {
        let r = [0x05, 0x02, 0, 0, 1, 2, 3];
        let s = with_ssl_flag(&r);
        assert_eq!(u32::from_le_bytes([s[0], s[1], s[2], s[3]]), 0x0a05);
        assert_eq!(&s[4..], &r[4..]);
    }
}
