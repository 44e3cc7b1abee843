//! Wire `Dhcp6` -> validated `model6::Dhcp6Config`. Maps shared with `Dhcp4`
//! go through the v4 validators (errors re-rooted under `Dhcp6`); the rest is
//! DHCPv6-specific: subnets with pools and PD pools, reservations by DUID with
//! addresses and prefixes, DHCPv6 options, server-id.

mod host;
mod network;
mod options;
mod services;
mod unsupported;

use std::path::PathBuf;

use super::{database, hosts_database, services as shared};
use crate::config::error::ConfigError;
use crate::config::model6::Dhcp6Config;
use crate::config::wire::v6::{self as wire, defaults};

pub use services::under_dhcp6;

/// One DHCPv6 host reservation map (what `reservation-add` carries, without
/// `subnet-id`), checked as a `reservations` entry of the subnet whose prefix
/// is `subnet` (global when `None`). Errors name `path[0]`.
pub fn reservation6(
    r: &wire::Reservation6,
    path: &str,
    subnet: Option<&ipnet::Ipv6Net>,
) -> Result<crate::config::model6::Reservation6, ConfigError> {
    let mut list = host::parse_list(std::slice::from_ref(r), path, subnet)?;
    Ok(list.remove(0))
}

/// Validates a parsed `Dhcp6` map into the model the DHCPv6 server runs on.
pub fn build(mut d: wire::Dhcp6) -> Result<Dhcp6Config, ConfigError> {
    unsupported::check(&d)?;
    let interfaces = services::interfaces(&d.interfaces_config)?;
    if d.lease_database.db_type == "memfile" && d.lease_database.name.is_none() {
        d.lease_database.name = Some(defaults::MEMFILE_LEASES6.to_string());
    }
    // memfile, postgresql or mysql, with the same parameters as Dhcp4's.
    let lease_database = database::lease_database(&mut d.lease_database).map_err(under_dhcp6)?;
    let hosts_databases = hosts_database::hosts_databases_of(
        "Dhcp6",
        d.hosts_database.as_ref(),
        d.hosts_databases.as_deref(),
    )?;
    let control_socket = d
        .control_socket
        .as_ref()
        .map(shared::control_socket)
        .transpose()
        .map_err(under_dhcp6)?;
    let loggers = shared::loggers(&d.loggers).map_err(under_dhcp6)?;
    let expired_leases =
        shared::expired_leases(&d.expired_leases_processing).map_err(under_dhcp6)?;
    shared::sanity_checks(&d.sanity_checks).map_err(under_dhcp6)?;
    let host_reservation_identifiers = services::host_identifiers(&d.host_reservation_identifiers)?;
    let server_id = services::server_id(&d.server_id)?;
    if d.data_directory.is_empty() {
        return Err(ConfigError::invalid(
            "Dhcp6.data-directory",
            "data-directory must not be empty",
        ));
    }

    let global_options = options::parse_list(&d.option_data, "Dhcp6.option-data")?;
    let global = network::Inherited6::global(&d, global_options.clone())?;
    let (subnets, plain_ids, shared_ids) = network::build_subnets(&d, &global)?;
    let global_reservations = host::parse_list(&d.reservations, "Dhcp6.reservations", None)?;

    // Effective config: what the user wrote, defaults and assigned ids filled in.
    for (s, id) in d.subnet6.iter_mut().zip(plain_ids) {
        s.id = id;
    }
    for (n, ids) in d.shared_networks.iter_mut().zip(shared_ids) {
        for (s, id) in n.subnet6.iter_mut().zip(ids) {
            s.id = id;
        }
    }
    let dhcp6 = serde_json::to_value(&d).map_err(|e| {
        ConfigError::invalid("Dhcp6", format!("cannot render the configuration: {e}"))
    })?;
    Ok(Dhcp6Config {
        interfaces,
        lease_database,
        hosts_databases,
        subnets,
        global_options,
        global_reservations,
        reservations_global: global.reservations_global(),
        host_reservation_identifiers,
        decline_probation_period: d.decline_probation_period,
        server_id,
        data_directory: PathBuf::from(&d.data_directory),
        control_socket,
        loggers,
        expired_leases,
        server_tag: d.server_tag.clone(),
        statistic_sample_count: d.statistic_default_sample_count,
        effective: serde_json::json!({ "Dhcp6": dhcp6 }),
    })
}
