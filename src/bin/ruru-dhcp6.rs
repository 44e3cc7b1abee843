//! ruru-dhcp6: the DHCPv6 server. Takes kea-dhcp6's command-line flags (the
//! same as ruru-dhcp4's).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use ruru::actors::runtime6::{run_dhcp6, Ports6};

/// Command line, as kea-dhcp6's.
#[derive(Debug, Parser)]
#[command(
    name = "ruru-dhcp6",
    disable_version_flag = true,
    about = "DHCPv6 server (Kea-compatible)"
)]
struct Args {
    /// Configuration file (Kea JSON with a `Dhcp6` map).
    #[arg(short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
    /// Check the configuration file and exit (0 = valid, 1 = invalid).
    #[arg(short = 't', value_name = "FILE")]
    test: Option<PathBuf>,
    /// Server port (default 547; for testing).
    #[arg(short = 'p', value_name = "PORT")]
    port: Option<u16>,
    /// Client port: every reply goes to this port (for testing).
    #[arg(short = 'P', value_name = "PORT")]
    client_port: Option<u16>,
    /// Verbose (debug) logging.
    #[arg(short = 'd')]
    debug: bool,
    /// Print the version and exit.
    #[arg(short = 'v')]
    version: bool,
    /// Print the extended version and exit.
    #[arg(short = 'V')]
    extended_version: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.version {
        println!("{}", ruru::VERSION);
        return ExitCode::SUCCESS;
    }
    if args.extended_version {
        println!(
            "{}\nruru-dhcp6 (Kea 2.2 compatible)\nlease backends: memfile, postgresql, mysql",
            ruru::VERSION
        );
        return ExitCode::SUCCESS;
    }
    if let Some(path) = args.test {
        ruru::logging::init("ruru-dhcp6", &[], args.debug);
        return match ruru::config::load_dhcp6_file(&path) {
            Ok(_) => {
                println!("Configuration file {} seems sane.", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "DHCP6_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
                    path.display()
                );
                ExitCode::from(1)
            }
        };
    }
    let Some(path) = args.config else {
        eprintln!("ruru-dhcp6: configuration file not specified (use -c FILE)");
        return ExitCode::from(1);
    };
    let cfg = match ruru::config::load_dhcp6_file(&path) {
        Ok(c) => c,
        Err(e) => {
            ruru::logging::init("ruru-dhcp6", &[], args.debug);
            log::error!(
                "DHCP6_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
                path.display()
            );
            log::error!("DHCP6_INIT_FAIL failed to initialize Kea server: configuration error");
            return ExitCode::from(1);
        }
    };
    ruru::logging::init("ruru-dhcp6", &cfg.loggers, args.debug);
    let ports = Ports6 {
        server: args.port.unwrap_or(547),
        forced_client: args.client_port,
    };
    let code = run_dhcp6(cfg, Some(path), ports);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
