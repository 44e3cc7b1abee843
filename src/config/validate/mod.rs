//! Wire model -> validated model, for `Dhcp4` (`model::Dhcp4Config`) and
//! `Dhcp6` (`model6::Dhcp6Config`): resolves inheritance, encodes options,
//! checks everything Kea checks (plus cross-subnet pool overlaps), and renders
//! the effective configuration for `config-get`. One code for both families
//! (`family::Family`); `dhcp4` and `dhcp6` hold what only one has.

mod client_classes;
mod config_control;
mod database;
mod dhcp4;
mod dhcp6;
mod family;
mod host;
mod hosts_database;
#[macro_use]
mod network;
mod option_defs;
mod options;
mod services;
mod sql_tls;
mod subnet_ids;
mod unsupported;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use self::dhcp4::V4;
use self::dhcp6::V6;
use self::family::{Family, Options};
use self::network::{build_subnets, Inherited};
use crate::config::error::ConfigError;
use crate::config::model::{
    ControlSocket, Dhcp4Config, ExpiredLeasesProcessing, HostsDatabase, IdentifierType,
    LeaseDatabase, Logger, Reservation4,
};
use crate::config::model6::{Dhcp6Config, MacSource, Reservation6};
use crate::config::option_defs::OptionDefs;
use crate::config::wire::{self, defaults};

/// What every server map configures the same way.
struct Services {
    lease_database: LeaseDatabase,
    hosts_databases: Vec<HostsDatabase>,
    control_socket: Option<ControlSocket>,
    loggers: Vec<Logger>,
    expired_leases: ExpiredLeasesProcessing,
    host_reservation_identifiers: Vec<IdentifierType>,
}

/// The [`Services`] of a `Dhcp4` or `Dhcp6` wire map `$d` (same key names)
/// of family `$f`; `$memfile`: the family's default lease file.
macro_rules! services {
    ($f:ty, $d:expr, $memfile:expr, $identifiers:expr) => {{
        const ROOT: &str = <$f as Family>::ROOT;
        let lease_database = database::lease_database(
            &mut $d.lease_database,
            &format!("{ROOT}.lease-database"),
            $memfile,
        )?;
        let hosts_databases = hosts_database::hosts_databases_of(
            ROOT,
            $d.hosts_database.as_ref(),
            $d.hosts_databases.as_deref(),
        )?;
        let control_socket = $d
            .control_socket
            .as_ref()
            .map(|c| services::control_socket(ROOT, c))
            .transpose()?;
        let loggers = services::loggers(ROOT, &$d.loggers)?;
        let expired_leases = services::expired_leases(ROOT, &$d.expired_leases_processing)?;
        services::sanity_checks(ROOT, &$d.sanity_checks)?;
        Services {
            lease_database,
            hosts_databases,
            control_socket,
            loggers,
            expired_leases,
            host_reservation_identifiers: services::host_identifiers(
                ROOT,
                $identifiers,
                &$d.host_reservation_identifiers,
            )?,
        }
    }};
}

/// The global options, inherited values and subnets of family `F`.
struct Networks<F: Family> {
    defs: Arc<OptionDefs<F::Space>>,
    global_options: Options<F>,
    global: Inherited<F>,
    subnets: Vec<F::Subnet>,
}

/// Builds the networks of `d`, writing the assigned subnet ids back.
fn networks<F: Family>(
    d: &mut F::Wire,
    defs: OptionDefs<F::Space>,
) -> Result<Networks<F>, ConfigError> {
    let defs = Arc::new(defs);
    let global_options = options::parse_list(
        F::option_data(d),
        &format!("{}.option-data", F::ROOT),
        &defs,
    )?;
    let global = Inherited::<F>::global(d, defs.clone())?;
    let (subnets, plain_ids, shared_ids) = build_subnets(d, &global)?;
    F::set_ids(d, plain_ids, shared_ids);
    Ok(Networks {
        defs,
        global_options,
        global,
        subnets,
    })
}

/// `{"<root>": d}`: the effective configuration (what the user wrote, with
/// defaults and assigned ids filled in).
fn effective<F: Family>(d: &impl Serialize) -> Result<serde_json::Value, ConfigError> {
    let map = serde_json::to_value(d).map_err(|e| {
        ConfigError::invalid(F::ROOT, format!("cannot render the configuration: {e}"))
    })?;
    Ok(serde_json::json!({ F::ROOT: map }))
}

/// Validates a parsed `Dhcp4` map into the model the server runs on.
pub fn build4(mut d: wire::Dhcp4) -> Result<Dhcp4Config, ConfigError> {
    unsupported::check4(&d)?;
    let interfaces = services::interfaces4(&d.interfaces_config)?;
    let s = services!(
        V4,
        d,
        defaults::MEMFILE_LEASES4,
        &[
            IdentifierType::HwAddress,
            IdentifierType::Duid,
            IdentifierType::CircuitId,
            IdentifierType::ClientId,
            IdentifierType::FlexId,
        ]
    );
    let defs = option_defs::parse_list(&d.option_def, "Dhcp4.option-def")?;
    let n = networks::<V4>(&mut d, defs)?;
    let global_reservations =
        host::parse_list4(&d.reservations, "Dhcp4.reservations", None, &n.defs)?;
    Ok(Dhcp4Config {
        interfaces,
        lease_database: s.lease_database,
        hosts_databases: s.hosts_databases,
        subnets: n.subnets,
        global_options: n.global_options,
        client_classes: client_classes::parse_list::<V4>(&d, &n.defs)?,
        option_defs: (*n.defs).clone(),
        global_reservations,
        reservations_global: n.global.reservations_global(),
        host_reservation_identifiers: s.host_reservation_identifiers,
        echo_client_id: d.echo_client_id,
        decline_probation_period: d.decline_probation_period,
        control_socket: s.control_socket,
        loggers: s.loggers,
        expired_leases: s.expired_leases,
        server_tag: d.server_tag.clone(),
        config_control: config_control::config_control("Dhcp4", d.config_control.as_ref())?,
        statistic_sample_count: d.statistic_default_sample_count,
        effective: effective::<V4>(&d)?,
    })
}

/// Validates a parsed `Dhcp6` map into the model the DHCPv6 server runs on.
pub fn build6(mut d: wire::Dhcp6) -> Result<Dhcp6Config, ConfigError> {
    unsupported::check6(&d)?;
    let interfaces = services::interfaces6(&d.interfaces_config)?;
    let s = services!(
        V6,
        d,
        defaults::MEMFILE_LEASES6,
        &[
            IdentifierType::HwAddress,
            IdentifierType::Duid,
            IdentifierType::FlexId,
        ]
    );
    let server_id = services::server_id(&d.server_id)?;
    if d.data_directory.is_empty() {
        return Err(ConfigError::invalid(
            "Dhcp6.data-directory",
            "data-directory must not be empty",
        ));
    }
    let defs = option_defs::parse_list(&d.option_def, "Dhcp6.option-def")?;
    let n = networks::<V6>(&mut d, defs)?;
    let global_reservations =
        host::parse_list6(&d.reservations, "Dhcp6.reservations", None, &n.defs)?;
    Ok(Dhcp6Config {
        interfaces,
        lease_database: s.lease_database,
        hosts_databases: s.hosts_databases,
        subnets: n.subnets,
        global_options: n.global_options,
        client_classes: client_classes::parse_list::<V6>(&d, &n.defs)?,
        option_defs: (*n.defs).clone(),
        global_reservations,
        reservations_global: n.global.reservations_global(),
        host_reservation_identifiers: s.host_reservation_identifiers,
        decline_probation_period: d.decline_probation_period,
        server_id,
        data_directory: PathBuf::from(&d.data_directory),
        relay_supplied_options: relay_supplied_options(&d)?,
        mac_sources: mac_sources(&d)?,
        control_socket: s.control_socket,
        loggers: s.loggers,
        expired_leases: s.expired_leases,
        server_tag: d.server_tag.clone(),
        config_control: config_control::config_control("Dhcp6", d.config_control.as_ref())?,
        statistic_sample_count: d.statistic_default_sample_count,
        effective: effective::<V6>(&d)?,
    })
}

/// `mac-sources` (Kea's names and aliases). Without it ruru reads the DUID
/// only. `raw` (the sender's link-layer address), `remote-id`,
/// `subscriber-id`, `docsis-cmts` and `docsis-modem` are accepted and yield
/// nothing: ruru does not carry out those methods (its listener has no
/// link-layer header; the relay-option methods are Kea's vendor-specific
/// heuristics). `any` is ruru's three methods in Kea's order.
fn mac_sources(d: &wire::Dhcp6) -> Result<Vec<MacSource>, ConfigError> {
    let Some(list) = &d.mac_sources else {
        return Ok(vec![MacSource::Duid]);
    };
    let mut out = Vec::new();
    for (i, name) in list.iter().enumerate() {
        let methods: &[MacSource] = match name.as_str() {
            "any" => &[
                MacSource::Duid,
                MacSource::Ipv6LinkLocal,
                MacSource::ClientLinkAddrOption,
            ],
            "duid" => &[MacSource::Duid],
            "ipv6-link-local" => &[MacSource::Ipv6LinkLocal],
            "client-link-addr-option" | "rfc6939" => &[MacSource::ClientLinkAddrOption],
            "raw" | "remote-id" | "rfc4649" | "subscriber-id" | "rfc4580" | "docsis-cmts"
            | "docsis-modem" => &[],
            other => {
                return Err(ConfigError::invalid(
                    format!("Dhcp6.mac-sources[{i}]"),
                    format!("unknown hardware address source '{other}'"),
                ))
            }
        };
        for m in methods {
            if !out.contains(m) {
                out.push(*m);
            }
        }
    }
    Ok(out)
}

/// `relay-supplied-options`: option codes or standard names of the `dhcp6`
/// space, added to Kea's always-allowed 65 (`erp-local-domain-name`).
fn relay_supplied_options(d: &wire::Dhcp6) -> Result<Vec<u16>, ConfigError> {
    use crate::options::OptionSpace;
    let mut out = vec![65];
    for (i, t) in d.relay_supplied_options.iter().flatten().enumerate() {
        let t = t.trim();
        let code = match t.parse::<u16>() {
            Ok(0) => None,
            Ok(c) => Some(c),
            Err(_) => crate::options::Dhcp6::by_name(t).map(|def| def.code),
        };
        let Some(code) = code else {
            return Err(ConfigError::invalid(
                format!("Dhcp6.relay-supplied-options[{i}]"),
                format!("Failed to find option definition for option '{t}'"),
            ));
        };
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// One DHCPv4 reservation checked as the config file's would be (used by
/// `reservation-add`); errors name `path[0]`.
pub fn reservation4(
    r: &wire::Reservation4,
    path: &str,
    subnet: Option<&ipnet::Ipv4Net>,
    defs: &OptionDefs<crate::options::Dhcp4>,
) -> Result<Reservation4, ConfigError> {
    let mut list = host::parse_list4(std::slice::from_ref(r), path, subnet, defs)?;
    list.pop()
        .ok_or_else(|| ConfigError::invalid(path, "no reservation"))
}

/// One DHCPv6 reservation checked as the config file's would be (used by
/// `reservation-add`); errors name `path[0]`.
pub fn reservation6(
    r: &wire::Reservation6,
    path: &str,
    subnet: Option<&ipnet::Ipv6Net>,
    defs: &OptionDefs<crate::options::Dhcp6>,
) -> Result<Reservation6, ConfigError> {
    let mut list = host::parse_list6(std::slice::from_ref(r), path, subnet, defs)?;
    list.pop()
        .ok_or_else(|| ConfigError::invalid(path, "no reservation"))
}

#[cfg(test)]
mod tests;
