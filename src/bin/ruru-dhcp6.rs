//! ruru-dhcp6: the DHCPv6 server. Takes kea-dhcp6's command-line flags (the
//! same as ruru-dhcp4's).

use std::process::ExitCode;

use ruru::actors::runtime::{run_dhcp6, Ports6};
use ruru::server_cli::{self, ServerCli};

fn main() -> ExitCode {
    let cli = ServerCli {
        name: "ruru-dhcp6",
        about: "DHCPv6 server (Kea-compatible)",
        log_prefix: "DHCP6",
        load: ruru::config::load_dhcp6_file,
        loggers: |c| &c.loggers,
    };
    server_cli::main(cli, |cfg, path, args| {
        let ports = Ports6 {
            server: args.port.unwrap_or(547),
            forced_client: args.client_port,
        };
        run_dhcp6(cfg, Some(path), ports)
    })
}
