//! Logging: env_logger configured from Kea's `loggers` (severity, output) and
//! the `-d` flag. Lines carry Kea's message IDs at the start of the text.

use std::fs::OpenOptions;
use std::io::Write;

use crate::config::model::{Logger, Severity};

/// Initialises the process logger once. `RUST_LOG` still overrides when set.
pub fn init(program: &'static str, loggers: &[Logger], debug: bool) {
    let main = loggers
        .iter()
        .find(|l| !l.name.contains('.'))
        .or(loggers.first());
    let level = if debug {
        log::LevelFilter::Debug
    } else {
        match main.map(|l| l.severity) {
            Some(Severity::Debug) => log::LevelFilter::Debug,
            Some(Severity::Info) | None => log::LevelFilter::Info,
            Some(Severity::Warn) => log::LevelFilter::Warn,
            Some(Severity::Error) | Some(Severity::Fatal) => log::LevelFilter::Error,
            Some(Severity::None) => log::LevelFilter::Off,
        }
    };
    let mut b = env_logger::Builder::new();
    b.filter_level(level);
    if let Ok(spec) = std::env::var("RUST_LOG") {
        b.parse_filters(&spec);
    }
    let pid = std::process::id();
    b.format(move |f, r| {
        writeln!(
            f,
            "{} {:<5} [{program}/{pid}] {}",
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S%.3f"),
            r.level(),
            r.args()
        )
    });
    let output = main.and_then(|l| l.outputs.first()).map(String::as_str);
    match output {
        Some("stdout") => {
            b.target(env_logger::Target::Stdout);
        }
        Some("stderr") | None => {
            b.target(env_logger::Target::Stderr);
        }
        Some(o) if o.starts_with("syslog") => {
            // No syslog writer: stderr goes to the journal under systemd.
            b.target(env_logger::Target::Stderr);
        }
        Some(path) => match OpenOptions::new().create(true).append(true).open(path) {
            Ok(f) => {
                b.target(env_logger::Target::Pipe(Box::new(f)));
            }
            Err(e) => {
                eprintln!("cannot open log file {path}: {e}; logging to stderr");
            }
        },
    }
    let _ = b.try_init();
}
