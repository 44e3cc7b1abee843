//! ruru-dhcp4: the DHCPv4 server. Takes kea-dhcp4's command-line flags.

use std::process::ExitCode;

use ruru::dhcp::v4::Ports;
use ruru::server_cli::{self, ServerCli};

fn main() -> ExitCode {
    let cli = ServerCli {
        name: "ruru-dhcp4",
        about: "DHCPv4 server (Kea-compatible)",
        log_prefix: "DHCP4",
        load: ruru::config::load_dhcp4_file,
        loggers: |c| &c.loggers,
    };
    server_cli::main(cli, |cfg, path, args| {
        let ports = Ports {
            server: args.port.unwrap_or(67),
            client: args.client_port.unwrap_or(68),
            client_forced: args.client_port.is_some(),
        };
        ruru::actors::runtime::run_dhcp4(cfg, Some(path), ports)
    })
}
