//! The control socket actor on real UNIX sockets in a temporary directory.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use ruru::actors::control::{Control, ControlError, ControlRequest, StopControl};
use ruru::commands::protocol::Response;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

/// Answers every command with "got <name>" and echoes its arguments.
struct FakeRouter {
    calls: Arc<AtomicUsize>,
}

impl Actor for FakeRouter {
    type Context = Context<Self>;
}

impl Handler<ControlRequest> for FakeRouter {
    type Result = MessageResult<ControlRequest>;

    fn handle(&mut self, msg: ControlRequest, _ctx: &mut Self::Context) -> Self::Result {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let req = msg.request;
        MessageResult(Response::new(
            0,
            format!("got {}", req.command),
            req.arguments,
        ))
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    calls: Arc<AtomicUsize>,
    control: Addr<Control>,
}

fn router(calls: &Arc<AtomicUsize>) -> Recipient<ControlRequest> {
    FakeRouter {
        calls: calls.clone(),
    }
    .start()
    .recipient()
}

fn start(timeout: Duration) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ctrl.sock");
    let calls = Arc::new(AtomicUsize::new(0));
    let control = Control::bind(&path, router(&calls))
        .expect("bind")
        .with_idle_timeout(timeout)
        .start();
    Fixture {
        _dir: dir,
        path,
        calls,
        control,
    }
}

/// Writes `bytes` (without closing the write side) and reads the reply to EOF.
async fn exchange(path: &Path, bytes: &[u8]) -> String {
    let mut s = UnixStream::connect(path).await.expect("connect");
    s.write_all(bytes).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    out
}

#[actix_rt::test]
async fn round_trip_in_keas_format() {
    let f = start(Duration::from_secs(10));
    let reply = exchange(
        &f.path,
        br#"{"command": "lease4-get", "arguments": {"ip-address": "192.0.2.1"}}"#,
    )
    .await;
    assert_eq!(
        reply,
        r#"{ "arguments": { "ip-address": "192.0.2.1" }, "result": 0, "text": "got lease4-get" }"#
    );
    assert_eq!(f.calls.load(Ordering::SeqCst), 1);
}

#[actix_rt::test]
async fn command_split_over_writes_with_comments() {
    let f = start(Duration::from_secs(10));
    let mut s = UnixStream::connect(&f.path).await.expect("connect");
    s.write_all(b"# leading\n{ \"command\": /* c */ \"status-get\",\n")
        .await
        .expect("write");
    s.write_all(b" // tail\n \"service\": [\"dhcp4\"] }")
        .await
        .expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    assert_eq!(out, r#"{ "result": 0, "text": "got status-get" }"#);
}

#[actix_rt::test]
async fn malformed_json_is_refused_without_bothering_the_router() {
    let f = start(Duration::from_secs(10));
    let reply: Value = serde_json::from_str(&exchange(&f.path, b"{bad}").await).expect("json");
    assert_eq!(reply["result"], 1);
    assert_eq!(reply["text"], "key must be a string in <wire>:0:2");
    let reply = exchange(&f.path, br#""str""#).await;
    assert_eq!(
        reply,
        r#"{ "result": 1, "text": "invalid first character \"" }"#
    );
    assert_eq!(f.calls.load(Ordering::SeqCst), 0);
}

#[actix_rt::test]
async fn unsupported_top_level_key_is_refused() {
    let f = start(Duration::from_secs(10));
    let reply = exchange(&f.path, br#"{"command": "x", "foo": 1}"#).await;
    assert_eq!(
        reply,
        r#"{ "result": 1, "text": "Error during command processing: Received command contains unsupported parameter 'foo'" }"#
    );
    assert_eq!(f.calls.load(Ordering::SeqCst), 0);
}

#[actix_rt::test]
async fn partial_command_times_out_with_keas_text() {
    let f = start(Duration::from_millis(50));
    let reply = exchange(&f.path, br#"{"command""#).await;
    assert_eq!(
        reply,
        r#"{ "result": 1, "text": "Connection over control channel timed out, discarded partial command of 10 bytes" }"#
    );
    let reply = exchange(&f.path, b"").await;
    assert_eq!(
        reply,
        r#"{ "result": 1, "text": "Connection over control channel timed out" }"#
    );
}

#[actix_rt::test]
async fn a_silent_connection_does_not_block_others() {
    let f = start(Duration::from_secs(10));
    let _silent = UnixStream::connect(&f.path).await.expect("connect");
    let reply = exchange(&f.path, br#"{"command": "list-commands"}"#).await;
    assert_eq!(reply, r#"{ "result": 0, "text": "got list-commands" }"#);
}

#[actix_rt::test]
async fn concurrent_connections_are_all_answered() {
    let f = start(Duration::from_secs(10));
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let path = f.path.clone();
            actix_rt::spawn(async move {
                let cmd = json!({"command": "x", "arguments": {"i": i}}).to_string();
                exchange(&path, cmd.as_bytes()).await
            })
        })
        .collect();
    for (i, t) in tasks.into_iter().enumerate() {
        let reply: Value = serde_json::from_str(&t.await.expect("task")).expect("json");
        assert_eq!(reply["arguments"]["i"], i);
    }
    assert_eq!(f.calls.load(Ordering::SeqCst), 20);
}

#[actix_rt::test]
async fn socket_file_is_private() {
    let f = start(Duration::from_secs(10));
    let mode = std::fs::metadata(&f.path)
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[actix_rt::test]
async fn stale_socket_is_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ctrl.sock");
    drop(std::os::unix::net::UnixListener::bind(&path).expect("bind stale"));
    assert!(path.exists());
    let calls = Arc::new(AtomicUsize::new(0));
    let _control = Control::bind(&path, router(&calls))
        .expect("replaces")
        .start();
    let reply = exchange(&path, br#"{"command": "a"}"#).await;
    assert_eq!(reply, r#"{ "result": 0, "text": "got a" }"#);
}

#[actix_rt::test]
async fn active_socket_is_not_stolen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ctrl.sock");
    let _owner = std::os::unix::net::UnixListener::bind(&path).expect("bind");
    let calls = Arc::new(AtomicUsize::new(0));
    match Control::bind(&path, router(&calls)) {
        Err(e @ ControlError::InUse(_)) => assert!(e.to_string().contains("in use")),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("stole a live socket"),
    }
    assert!(path.exists());
}

#[actix_rt::test]
async fn a_regular_file_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ctrl.sock");
    std::fs::write(&path, b"data").expect("write");
    let calls = Arc::new(AtomicUsize::new(0));
    assert!(matches!(
        Control::bind(&path, router(&calls)),
        Err(ControlError::NotASocket(_))
    ));
    assert_eq!(std::fs::read(&path).expect("read"), b"data");
}

#[actix_rt::test]
async fn socket_file_is_removed_on_stop() {
    let f = start(Duration::from_secs(10));
    assert!(f.path.exists());
    f.control.send(StopControl).await.expect("stop");
    // The actor finishes stopping on a later turn of the event loop.
    for _ in 0..100 {
        if !f.path.exists() {
            break;
        }
        actix_rt::task::yield_now().await;
    }
    assert!(!f.path.exists());
    assert!(UnixStream::connect(&f.path).await.is_err());
}
