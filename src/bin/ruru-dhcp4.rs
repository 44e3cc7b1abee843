//! ruru-dhcp4: the DHCPv4 server. Takes kea-dhcp4's command-line flags.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use ruru::dhcp::v4::Ports;

/// Command line, as kea-dhcp4's.
#[derive(Debug, Parser)]
#[command(
    name = "ruru-dhcp4",
    disable_version_flag = true,
    about = "DHCPv4 server (Kea-compatible)"
)]
struct Args {
    /// Configuration file (Kea JSON with a `Dhcp4` map).
    #[arg(short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
    /// Check the configuration file and exit (0 = valid, 1 = invalid).
    #[arg(short = 't', value_name = "FILE")]
    test: Option<PathBuf>,
    /// Server port (default 67; for testing).
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
            "{}\nruru-dhcp4 (Kea 2.2 compatible)\nlease backends: memfile, postgresql, mysql",
            ruru::VERSION
        );
        return ExitCode::SUCCESS;
    }
    if let Some(path) = args.test {
        ruru::logging::init("ruru-dhcp4", &[], args.debug);
        return match ruru::config::load_dhcp4_file(&path) {
            Ok(_) => {
                println!("Configuration file {} seems sane.", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "DHCP4_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
                    path.display()
                );
                ExitCode::from(1)
            }
        };
    }
    let Some(path) = args.config else {
        eprintln!("ruru-dhcp4: configuration file not specified (use -c FILE)");
        return ExitCode::from(1);
    };
    let cfg = match ruru::config::load_dhcp4_file(&path) {
        Ok(c) => c,
        Err(e) => {
            ruru::logging::init("ruru-dhcp4", &[], args.debug);
            log::error!(
                "DHCP4_CONFIG_LOAD_FAIL configuration error using file: {}, reason: {e}",
                path.display()
            );
            log::error!("DHCP4_INIT_FAIL failed to initialize Kea server: configuration error");
            return ExitCode::from(1);
        }
    };
    ruru::logging::init("ruru-dhcp4", &cfg.loggers, args.debug);
    let ports = Ports {
        server: args.port.unwrap_or(67),
        client: args.client_port.unwrap_or(68),
        client_forced: args.client_port.is_some(),
    };
    let code = ruru::actors::runtime::run_dhcp4(cfg, Some(path), ports);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
