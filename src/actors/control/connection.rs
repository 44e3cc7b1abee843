//! One control connection: read one command, get it answered, write, close.
//!
//! CANCEL-SAFETY: `serve` may be dropped at any await (runtime shutdown). Once
//! the request was handed to the recipient, dropping does not cancel the
//! command (actix delivers the message regardless); only the reply is lost.

use std::time::Duration;

use actix::Recipient;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

use super::feed::{FeedStatus, JsonFeed};
use super::{ControlRequest, MAX_COMMAND_BYTES};
use crate::commands::protocol::{parse_json_text, Request, Response};

/// Kea's reply when a connection stays silent too long.
fn timeout_response(partial_bytes: usize) -> Response {
    let mut text = String::from("Connection over control channel timed out");
    if partial_bytes > 0 {
        text.push_str(&format!(
            ", discarded partial command of {partial_bytes} bytes"
        ));
    }
    Response::error(text)
}

/// What reading a connection produced.
enum Received {
    /// A complete command text (comments removed).
    Command(String),
    /// An answer decided without the recipient (timeout, bad bytes).
    Reply(Response),
    /// The client went away before sending a command: nothing to answer.
    Gone,
}

/// Reads until one whole command arrived.
async fn read_command(stream: &mut UnixStream, idle_timeout: Duration) -> Received {
    let mut feed = JsonFeed::new();
    let mut buf = vec![0u8; 8192];
    loop {
        let n = match tokio::time::timeout(idle_timeout, stream.read(&mut buf)).await {
            Err(_) => return Received::Reply(timeout_response(feed.received())),
            Ok(Err(e)) => {
                log::debug!("control connection read failed: {e}");
                return Received::Gone;
            }
            Ok(Ok(0)) => return Received::Gone,
            Ok(Ok(n)) => n,
        };
        match feed.feed(&buf[..n]) {
            FeedStatus::NeedMore if feed.received() > MAX_COMMAND_BYTES => {
                return Received::Reply(Response::error(format!(
                    "command exceeds the maximum size of {MAX_COMMAND_BYTES} bytes"
                )))
            }
            FeedStatus::NeedMore => {}
            FeedStatus::Failed(text) => return Received::Reply(Response::error(text)),
            FeedStatus::Complete(text) => return Received::Command(text),
        }
    }
}

/// Serves one connection to completion.
pub async fn serve(
    mut stream: UnixStream,
    handler: Recipient<ControlRequest>,
    idle_timeout: Duration,
) {
    let response = match read_command(&mut stream, idle_timeout).await {
        Received::Gone => return,
        Received::Command(text) => answer(&text, &handler).await,
        Received::Reply(early) => early,
    };
    let bytes = response.to_kea_string();
    if let Err(e) = stream.write_all(bytes.as_bytes()).await {
        log::debug!("control connection write failed: {e}");
        return;
    }
    let _ = stream.shutdown().await;
}

/// Parses a complete command text and asks the recipient for the answer.
async fn answer(text: &str, handler: &Recipient<ControlRequest>) -> Response {
    let request = match parse_json_text(text).and_then(Request::from_value) {
        Ok(request) => request,
        Err(response) => return response,
    };
    match handler.send(ControlRequest { request }).await {
        Ok(response) => response,
        Err(e) => Response::error(format!("Error during command processing: {e}")),
    }
}
