//! Kea 2.2 `Dhcp6` keywords ruru does not implement yet: accepted only when
//! their value asks for nothing ruru lacks, otherwise named in the error.
//! The per-network knobs (DDNS, hostname sanitizing, cache) use the v4 checks.

use crate::config::error::ConfigError;
use crate::config::validate::unsupported::{check_network, default_only};
use crate::config::wire::{v6 as wire, NetworkParams};

type Result<T = ()> = std::result::Result<T, ConfigError>;

/// Checks the whole `Dhcp6` map.
pub fn check(d: &wire::Dhcp6) -> Result {
    const P: &str = "Dhcp6";
    for (key, empty) in [
        ("client-classes", d.client_classes.is_empty()),
        ("option-def", d.option_def.is_empty()),
        ("hooks-libraries", d.hooks_libraries.is_empty()),
        ("config-control", d.config_control.is_none()),
        ("cache-threshold", d.cache_threshold.is_none()),
        ("cache-max-age", d.cache_max_age.is_none()),
        (
            "relay-supplied-options",
            d.relay_supplied_options.as_ref().is_none_or(Vec::is_empty),
        ),
        (
            "mac-sources",
            d.mac_sources.as_ref().is_none_or(Vec::is_empty),
        ),
    ] {
        if !empty {
            return Err(ConfigError::not_supported(P, key));
        }
    }
    default_only(P, "dhcp4o6-port", Some(&d.dhcp4o6_port), &0)?;
    default_only(
        "Dhcp6.dhcp-queue-control",
        "enable-queue",
        Some(&d.dhcp_queue_control.enable_queue),
        &false,
    )?;
    if let Some(ddns) = &d.dhcp_ddns {
        if !ddns.is_object() {
            return Err(ConfigError::invalid("Dhcp6.dhcp-ddns", "must be a map"));
        }
        let enabled = ddns
            .get("enable-updates")
            .and_then(serde_json::Value::as_bool);
        default_only(
            "Dhcp6.dhcp-ddns",
            "enable-updates",
            enabled.as_ref(),
            &false,
        )?;
    }
    for (key, value, default) in [
        ("store-extended-info", d.store_extended_info, false),
        (
            "early-global-reservations-lookup",
            d.early_global_reservations_lookup,
            false,
        ),
        ("ip-reservations-unique", d.ip_reservations_unique, true),
        (
            "reservations-lookup-first",
            d.reservations_lookup_first,
            false,
        ),
    ] {
        default_only(P, key, Some(&value), &default)?;
    }
    default_only(
        P,
        "statistic-default-sample-age",
        Some(&d.statistic_default_sample_age),
        &0,
    )?;
    default_only(
        "Dhcp6.interfaces-config",
        "service-sockets-max-retries",
        d.interfaces_config.service_sockets_max_retries.as_ref(),
        &0,
    )?;
    check_network(P, &global_params(d))?;
    for (i, s) in d.subnet6.iter().enumerate() {
        check_subnet(&format!("Dhcp6.subnet6[{i}]"), s)?;
    }
    for (i, n) in d.shared_networks.iter().enumerate() {
        let path = format!("Dhcp6.shared-networks[{i}]");
        check_level(
            &path,
            &n.params().ddns,
            &n.client_class,
            &n.require_client_classes,
        )?;
        for (j, s) in n.subnet6.iter().enumerate() {
            check_subnet(&format!("{path}.subnet6[{j}]"), s)?;
        }
    }
    Ok(())
}

fn check_subnet(path: &str, s: &wire::Subnet6) -> Result {
    check_level(
        path,
        &s.params().ddns,
        &s.client_class,
        &s.require_client_classes,
    )
}

/// A subnet's or shared network's DDNS / cache knobs and client classes.
fn check_level(
    path: &str,
    params: &NetworkParams,
    client_class: &Option<String>,
    require_client_classes: &Option<Vec<String>>,
) -> Result {
    check_network(path, params)?;
    if client_class.as_ref().is_some_and(|c| !c.is_empty()) {
        return Err(ConfigError::not_supported(path, "client-class"));
    }
    if require_client_classes
        .as_ref()
        .is_some_and(|c| !c.is_empty())
    {
        return Err(ConfigError::not_supported(path, "require-client-classes"));
    }
    Ok(())
}

fn global_params(d: &wire::Dhcp6) -> NetworkParams {
    NetworkParams {
        hostname_char_set: Some(d.hostname_char_set.clone()),
        hostname_char_replacement: Some(d.hostname_char_replacement.clone()),
        ddns_send_updates: Some(d.ddns_send_updates),
        ddns_override_no_update: Some(d.ddns_override_no_update),
        ddns_override_client_update: Some(d.ddns_override_client_update),
        ddns_replace_client_name: Some(d.ddns_replace_client_name.clone()),
        ddns_generated_prefix: Some(d.ddns_generated_prefix.clone()),
        ddns_qualifying_suffix: Some(d.ddns_qualifying_suffix.clone()),
        ddns_update_on_renew: Some(d.ddns_update_on_renew),
        ddns_use_conflict_resolution: Some(d.ddns_use_conflict_resolution),
        ..NetworkParams::default()
    }
}
