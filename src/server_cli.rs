//! The command line ruru-dhcp4 and ruru-dhcp6 share (kea-dhcp4/6's flags) and
//! what happens before the runtime starts: `-v`/`-V`, the `-t` check, loading
//! the `-c` file and logging its failure with Kea's message IDs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser};

use crate::config::model::Logger;
use crate::config::ConfigError;

/// Command line, as kea-dhcp4's and kea-dhcp6's.
#[derive(Debug, Parser)]
#[command(disable_version_flag = true)]
pub struct Args {
    /// Configuration file (Kea JSON with a `Dhcp4` / `Dhcp6` map).
    #[arg(short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check the configuration file and exit (0 = valid, 1 = invalid).
    #[arg(short = 't', value_name = "FILE")]
    pub test: Option<PathBuf>,
    /// Server port (default 67 for DHCPv4, 547 for DHCPv6; for testing).
    #[arg(short = 'p', value_name = "PORT")]
    pub port: Option<u16>,
    /// Client port: every reply goes to this port (for testing).
    #[arg(short = 'P', value_name = "PORT")]
    pub client_port: Option<u16>,
    /// Verbose (debug) logging.
    #[arg(short = 'd')]
    pub debug: bool,
    /// Print the version and exit.
    #[arg(short = 'v')]
    pub version: bool,
    /// Print the extended version and exit.
    #[arg(short = 'V')]
    pub extended_version: bool,
}

/// What differs between the two servers before their runtime starts.
pub struct ServerCli<C> {
    /// Program name (`ruru-dhcp4`).
    pub name: &'static str,
    /// `--help` summary.
    pub about: &'static str,
    /// Kea's log ID prefix (`DHCP4`).
    pub log_prefix: &'static str,
    /// Loads and validates a configuration file.
    pub load: fn(&Path) -> Result<C, ConfigError>,
    /// The loaded configuration's loggers.
    pub loggers: fn(&C) -> &[Logger],
}

/// Runs a server binary: parses the flags, answers `-v`/`-V`/`-t`, loads the
/// `-c` file (exit 1 with Kea's IDs on error) and hands the configuration to
/// `run`, whose result is the exit status.
pub fn main<C>(cli: ServerCli<C>, run: impl FnOnce(C, PathBuf, &Args) -> i32) -> ExitCode {
    let matches = Args::command()
        .name(cli.name)
        .about(cli.about)
        .get_matches();
    let args = match Args::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    if args.version {
        println!("{}", crate::VERSION);
        return ExitCode::SUCCESS;
    }
    if args.extended_version {
        println!(
            "{}\n{} (Kea 2.2 compatible)\nlease backends: memfile, postgresql, mysql",
            crate::VERSION,
            cli.name
        );
        return ExitCode::SUCCESS;
    }
    let load_failed = |path: &Path, e: &ConfigError| {
        format!(
            "{}_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
            cli.log_prefix,
            path.display()
        )
    };
    if let Some(path) = &args.test {
        crate::logging::init(cli.name, &[], args.debug);
        return match (cli.load)(path) {
            Ok(_) => {
                println!("Configuration file {} seems sane.", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}", load_failed(path, &e));
                ExitCode::from(1)
            }
        };
    }
    let Some(path) = args.config.clone() else {
        eprintln!(
            "{}: configuration file not specified (use -c FILE)",
            cli.name
        );
        return ExitCode::from(1);
    };
    let cfg = match (cli.load)(&path) {
        Ok(c) => c,
        Err(e) => {
            crate::logging::init(cli.name, &[], args.debug);
            log::error!("{}", load_failed(&path, &e));
            log::error!(
                "{}_INIT_FAIL failed to initialize Kea server: configuration error",
                cli.log_prefix
            );
            return ExitCode::from(1);
        }
    };
    crate::logging::init(cli.name, (cli.loggers)(&cfg), args.debug);
    let code = run(cfg, path, &args);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
