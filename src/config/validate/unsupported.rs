//! Kea 2.2 keywords ruru does not implement yet, in `Dhcp4` and `Dhcp6`. A key
//! is accepted only when its value asks for nothing ruru lacks (absent, Kea's
//! default, an empty list or a disabled feature); otherwise the error names
//! it: never silently ignored.

use serde_json::Value;

use crate::config::error::ConfigError;
use crate::config::wire::{self, defaults, NetworkParams};

type Result<T = ()> = std::result::Result<T, ConfigError>;

/// Refuses a set value that differs from Kea's default.
fn default_only<T: PartialEq>(path: &str, key: &str, value: Option<&T>, default: &T) -> Result {
    match value {
        Some(v) if v != default => Err(ConfigError::not_supported(path, key)),
        _ => Ok(()),
    }
}

/// Each `field: "key" = default` of `params` may only hold Kea's default.
macro_rules! defaults_only {
    ($path:expr, $params:expr, $($field:ident: $key:literal = $default:expr,)+) => {
        $(default_only($path, $key, $params.$field.as_ref(), &$default)?;)+
    };
}

fn empty_class(path: &str, key: &str, value: Option<&String>) -> Result {
    default_only(path, key, value.map(|v| v.is_empty()).as_ref(), &true)
}

/// The top-level keys both maps share that ruru may refuse.
struct Globals<'a> {
    hooks_libraries: &'a [Value],
    dhcp4o6_port: u16,
    enable_queue: bool,
    dhcp_ddns: Option<&'a Value>,
    statistic_default_sample_age: u32,
    early_global_reservations_lookup: bool,
    ip_reservations_unique: bool,
    reservations_lookup_first: bool,
    service_sockets_max_retries: Option<u32>,
    /// The per-network knobs, as set globally.
    params: NetworkParams,
}

/// The [`Globals`] of a `Dhcp4` or `Dhcp6` wire map (same key names).
macro_rules! globals {
    ($d:expr) => {
        Globals {
            hooks_libraries: &$d.hooks_libraries,
            dhcp4o6_port: $d.dhcp4o6_port,
            enable_queue: $d.dhcp_queue_control.enable_queue,
            dhcp_ddns: $d.dhcp_ddns.as_ref(),
            statistic_default_sample_age: $d.statistic_default_sample_age,
            early_global_reservations_lookup: $d.early_global_reservations_lookup,
            ip_reservations_unique: $d.ip_reservations_unique,
            reservations_lookup_first: $d.reservations_lookup_first,
            service_sockets_max_retries: $d.interfaces_config.service_sockets_max_retries,
            params: NetworkParams {
                cache_threshold: $d.cache_threshold,
                cache_max_age: $d.cache_max_age,
                hostname_char_set: Some($d.hostname_char_set.clone()),
                hostname_char_replacement: Some($d.hostname_char_replacement.clone()),
                store_extended_info: Some($d.store_extended_info),
                ddns_send_updates: Some($d.ddns_send_updates),
                ddns_override_no_update: Some($d.ddns_override_no_update),
                ddns_override_client_update: Some($d.ddns_override_client_update),
                ddns_replace_client_name: Some($d.ddns_replace_client_name.clone()),
                ddns_generated_prefix: Some($d.ddns_generated_prefix.clone()),
                ddns_qualifying_suffix: Some($d.ddns_qualifying_suffix.clone()),
                ddns_update_on_renew: Some($d.ddns_update_on_renew),
                ddns_use_conflict_resolution: Some($d.ddns_use_conflict_resolution),
                ..NetworkParams::default()
            },
        }
    };
}

/// Checks the shared top-level keys of the map at `root`.
fn check_globals(root: &str, g: &Globals<'_>) -> Result {
    super::config_control::hooks_libraries(root, g.hooks_libraries)?;
    default_only(root, "dhcp4o6-port", Some(&g.dhcp4o6_port), &0)?;
    default_only(
        &format!("{root}.dhcp-queue-control"),
        "enable-queue",
        Some(&g.enable_queue),
        &false,
    )?;
    if let Some(ddns) = g.dhcp_ddns {
        let path = format!("{root}.dhcp-ddns");
        if !ddns.is_object() {
            return Err(ConfigError::invalid(path, "must be a map"));
        }
        let enabled = ddns.get("enable-updates").and_then(Value::as_bool);
        default_only(&path, "enable-updates", enabled.as_ref(), &false)?;
    }
    check_network(root, &g.params)?;
    for (key, value, default) in [
        (
            "early-global-reservations-lookup",
            g.early_global_reservations_lookup,
            false,
        ),
        ("ip-reservations-unique", g.ip_reservations_unique, true),
        (
            "reservations-lookup-first",
            g.reservations_lookup_first,
            false,
        ),
    ] {
        default_only(root, key, Some(&value), &default)?;
    }
    default_only(
        root,
        "statistic-default-sample-age",
        Some(&g.statistic_default_sample_age),
        &0,
    )?;
    default_only(
        &format!("{root}.interfaces-config"),
        "service-sockets-max-retries",
        g.service_sockets_max_retries.as_ref(),
        &0,
    )
}

/// Checks the whole `Dhcp4` map.
pub fn check4(d: &wire::Dhcp4) -> Result {
    const P: &str = "Dhcp4";
    check_globals(P, &globals!(d))?;
    if let Some(c) = &d.compatibility {
        default_only(
            "Dhcp4.compatibility",
            "lenient-option-parsing",
            c.lenient_option_parsing.as_ref(),
            &false,
        )?;
    }
    for (i, s) in d.subnet4.iter().enumerate() {
        check_subnet4(&format!("Dhcp4.subnet4[{i}]"), s)?;
    }
    for (i, n) in d.shared_networks.iter().enumerate() {
        let path = format!("Dhcp4.shared-networks[{i}]");
        check_network(&path, &n.params())?;
        for (j, s) in n.subnet4.iter().enumerate() {
            check_subnet4(&format!("{path}.subnet4[{j}]"), s)?;
        }
    }
    Ok(())
}

fn check_subnet4(path: &str, s: &wire::Subnet4) -> Result {
    check_network(path, &s.params())?;
    empty_class(path, "4o6-interface", s.dhcp4o6_interface.as_ref())?;
    empty_class(path, "4o6-interface-id", s.dhcp4o6_interface_id.as_ref())?;
    empty_class(path, "4o6-subnet", s.dhcp4o6_subnet.as_ref())?;
    Ok(())
}

/// Checks the whole `Dhcp6` map.
pub fn check6(d: &wire::Dhcp6) -> Result {
    const P: &str = "Dhcp6";
    check_globals(P, &globals!(d))?;
    for (i, s) in d.subnet6.iter().enumerate() {
        check_subnet6(&format!("Dhcp6.subnet6[{i}]"), s)?;
    }
    for (i, n) in d.shared_networks.iter().enumerate() {
        let path = format!("Dhcp6.shared-networks[{i}]");
        check_network(&path, &n.params())?;
        for (j, s) in n.subnet6.iter().enumerate() {
            check_subnet6(&format!("{path}.subnet6[{j}]"), s)?;
        }
    }
    Ok(())
}

fn check_subnet6(path: &str, s: &wire::Subnet6) -> Result {
    check_network(path, &s.params())
}

/// The per-network knobs of a level (global, shared network, subnet) at
/// `path`: lease cache, hostname sanitizing, DDNS, extended info.
fn check_network(path: &str, p: &NetworkParams) -> Result {
    if p.cache_threshold.is_some() {
        return Err(ConfigError::not_supported(path, "cache-threshold"));
    }
    if p.cache_max_age.is_some() {
        return Err(ConfigError::not_supported(path, "cache-max-age"));
    }
    defaults_only!(path, p,
        hostname_char_set: "hostname-char-set" = defaults::hostname_char_set(),
        hostname_char_replacement: "hostname-char-replacement" = String::new(),
        store_extended_info: "store-extended-info" = false,
        ddns_send_updates: "ddns-send-updates" = true,
        ddns_override_no_update: "ddns-override-no-update" = false,
        ddns_override_client_update: "ddns-override-client-update" = false,
        ddns_replace_client_name: "ddns-replace-client-name" = defaults::ddns_replace_client_name(),
        ddns_generated_prefix: "ddns-generated-prefix" = defaults::ddns_generated_prefix(),
        ddns_qualifying_suffix: "ddns-qualifying-suffix" = String::new(),
        ddns_update_on_renew: "ddns-update-on-renew" = false,
        ddns_use_conflict_resolution: "ddns-use-conflict-resolution" = true,
    );
    Ok(())
}
