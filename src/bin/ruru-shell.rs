//! `ruru-shell`: sends one command to a ruru (or Kea) control socket and prints
//! the reply.
//!
//! ```text
//! ruru-shell --socket /run/ruru/ctrl.sock lease4-get --args '{"ip-address": "192.0.2.1"}'
//! ruru-shell --socket /run/ruru/ctrl.sock '{"command": "list-commands"}'
//! ```
//! Exit status: 0 when the result is 0 (success) or 3 (empty), 1 for any other
//! result, 2 when the socket cannot be reached or the reply is not a response.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Parser;
use ruru::commands::protocol::{Request, Response, EMPTY, SUCCESS};
use serde_json::Value;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "ruru-shell",
    version,
    about = "Send one command to a ruru/Kea control socket"
)]
struct Cli {
    /// Path of the UNIX control socket.
    #[arg(long, short = 's')]
    socket: PathBuf,
    /// A command name (e.g. `status-get`) or a whole JSON command (`{"command": ...}`).
    command: String,
    /// The command's arguments as JSON (only with a command name).
    #[arg(long, short = 'a')]
    args: Option<String>,
    /// Seconds to wait for the reply.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

/// Failures of the exchange itself (exit status 2), as opposed to a command's
/// error result (exit status 1).
#[derive(Debug)]
struct Unreachable(anyhow::Error);

/// The command text to send.
fn command_text(cli: &Cli) -> Result<String> {
    let trimmed = cli.command.trim_start();
    if trimmed.starts_with('{') {
        if cli.args.is_some() {
            bail!("--args cannot be combined with a whole JSON command");
        }
        return Ok(cli.command.clone());
    }
    let arguments = match &cli.args {
        Some(text) => Some(
            serde_json::from_str::<Value>(&ruru::config::jsonc::strip_comments(text))
                .context("--args is not valid JSON")?,
        ),
        None => None,
    };
    Ok(Request::new(cli.command.clone(), arguments).to_json_string())
}

/// Sends `text` and reads the reply to EOF.
fn exchange(cli: &Cli, text: &str) -> Result<String, Unreachable> {
    let wrap = |e: std::io::Error, what: &str| {
        Unreachable(
            anyhow::Error::new(e)
                .context(format!("{what} control socket {}", cli.socket.display())),
        )
    };
    let mut stream = UnixStream::connect(&cli.socket).map_err(|e| wrap(e, "cannot connect to"))?;
    let timeout = Some(Duration::from_secs(cli.timeout.max(1)));
    stream
        .set_read_timeout(timeout)
        .and_then(|()| stream.set_write_timeout(timeout))
        .map_err(|e| wrap(e, "cannot configure"))?;
    stream
        .write_all(text.as_bytes())
        .map_err(|e| wrap(e, "cannot write to"))?;
    let mut reply = String::new();
    stream
        .read_to_string(&mut reply)
        .map_err(|e| wrap(e, "cannot read the reply from"))?;
    Ok(reply)
}

fn run(cli: &Cli) -> Result<ExitCode, Unreachable> {
    let text = command_text(cli).map_err(Unreachable)?;
    let reply = exchange(cli, &text)?;
    let value: Value = serde_json::from_str(&reply)
        .with_context(|| format!("the reply is not JSON: {reply:?}"))
        .map_err(Unreachable)?;
    let pretty = serde_json::to_string_pretty(&value).unwrap_or(reply);
    println!("{pretty}");
    // The Control Agent wraps replies in a list; accept that form too.
    let first = value.as_array().and_then(|a| a.first()).unwrap_or(&value);
    let response = Response::from_value(first)
        .context("the reply has no integer 'result'")
        .map_err(Unreachable)?;
    Ok(if response.result == SUCCESS || response.result == EMPTY {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(Unreachable(e)) => {
            eprintln!("ruru-shell: {e:#}");
            ExitCode::from(2)
        }
    }
}
