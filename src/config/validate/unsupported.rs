//! Kea 2.2 keywords ruru does not implement yet. A key is accepted only when its
//! value asks for nothing ruru lacks (absent, Kea's default, an empty list or a
//! disabled feature); otherwise the error names it: never silently ignored.

use serde_json::Value;

use crate::config::error::ConfigError;
use crate::config::wire::{self, defaults};

type Result<T = ()> = std::result::Result<T, ConfigError>;

/// Refuses a set value that differs from Kea's default.
pub(super) fn default_only<T: PartialEq>(
    path: &str,
    key: &str,
    value: Option<&T>,
    default: &T,
) -> Result {
    match value {
        Some(v) if v != default => Err(ConfigError::not_supported(path, key)),
        _ => Ok(()),
    }
}

fn empty_classes(path: &str, key: &str, value: Option<&Vec<String>>) -> Result {
    default_only(path, key, value.map(|v| v.is_empty()).as_ref(), &true)
}

fn empty_class(path: &str, key: &str, value: Option<&String>) -> Result {
    default_only(path, key, value.map(|v| v.is_empty()).as_ref(), &true)
}

/// Checks the whole `Dhcp4` map.
pub fn check(d: &wire::Dhcp4) -> Result {
    const P: &str = "Dhcp4";
    if !d.client_classes.is_empty() {
        return Err(ConfigError::not_supported(P, "client-classes"));
    }
    if !d.option_def.is_empty() {
        return Err(ConfigError::not_supported(P, "option-def"));
    }
    if !d.hooks_libraries.is_empty() {
        return Err(ConfigError::not_supported(P, "hooks-libraries"));
    }
    if d.config_control.is_some() {
        return Err(ConfigError::not_supported(P, "config-control"));
    }
    default_only(P, "dhcp4o6-port", Some(&d.dhcp4o6_port), &0)?;
    default_only(
        "Dhcp4.dhcp-queue-control",
        "enable-queue",
        Some(&d.dhcp_queue_control.enable_queue),
        &false,
    )?;
    if let Some(ddns) = &d.dhcp_ddns {
        let enabled = ddns.get("enable-updates").and_then(Value::as_bool);
        if !ddns.is_object() {
            return Err(ConfigError::invalid("Dhcp4.dhcp-ddns", "must be a map"));
        }
        default_only(
            "Dhcp4.dhcp-ddns",
            "enable-updates",
            enabled.as_ref(),
            &false,
        )?;
    }
    if d.cache_threshold.is_some() {
        return Err(ConfigError::not_supported(P, "cache-threshold"));
    }
    if d.cache_max_age.is_some() {
        return Err(ConfigError::not_supported(P, "cache-max-age"));
    }
    default_only(
        P,
        "hostname-char-set",
        Some(&d.hostname_char_set),
        &defaults::hostname_char_set(),
    )?;
    default_only(
        P,
        "hostname-char-replacement",
        Some(&d.hostname_char_replacement),
        &String::new(),
    )?;
    check_ddns(P, &ddns_of_global(d))?;
    default_only(
        P,
        "store-extended-info",
        Some(&d.store_extended_info),
        &false,
    )?;
    default_only(
        P,
        "statistic-default-sample-age",
        Some(&d.statistic_default_sample_age),
        &0,
    )?;
    default_only(
        P,
        "early-global-reservations-lookup",
        Some(&d.early_global_reservations_lookup),
        &false,
    )?;
    default_only(
        P,
        "ip-reservations-unique",
        Some(&d.ip_reservations_unique),
        &true,
    )?;
    default_only(
        P,
        "reservations-lookup-first",
        Some(&d.reservations_lookup_first),
        &false,
    )?;
    if let Some(c) = &d.compatibility {
        default_only(
            "Dhcp4.compatibility",
            "lenient-option-parsing",
            c.lenient_option_parsing.as_ref(),
            &false,
        )?;
    }
    default_only(
        "Dhcp4.interfaces-config",
        "service-sockets-max-retries",
        d.interfaces_config.service_sockets_max_retries.as_ref(),
        &0,
    )?;
    for (i, s) in d.subnet4.iter().enumerate() {
        check_subnet(&format!("Dhcp4.subnet4[{i}]"), s)?;
    }
    for (i, n) in d.shared_networks.iter().enumerate() {
        let path = format!("Dhcp4.shared-networks[{i}]");
        check_network(&path, &n.params())?;
        empty_class(&path, "client-class", n.client_class.as_ref())?;
        empty_classes(
            &path,
            "require-client-classes",
            n.require_client_classes.as_ref(),
        )?;
        for (j, s) in n.subnet4.iter().enumerate() {
            check_subnet(&format!("{path}.subnet4[{j}]"), s)?;
        }
    }
    for (i, r) in d.reservations.iter().enumerate() {
        check_reservation(&format!("Dhcp4.reservations[{i}]"), r)?;
    }
    Ok(())
}

fn check_subnet(path: &str, s: &wire::Subnet4) -> Result {
    check_network(path, &s.params())?;
    empty_class(path, "client-class", s.client_class.as_ref())?;
    empty_classes(
        path,
        "require-client-classes",
        s.require_client_classes.as_ref(),
    )?;
    empty_class(path, "4o6-interface", s.dhcp4o6_interface.as_ref())?;
    empty_class(path, "4o6-interface-id", s.dhcp4o6_interface_id.as_ref())?;
    empty_class(path, "4o6-subnet", s.dhcp4o6_subnet.as_ref())?;
    for (j, p) in s.pools.iter().enumerate() {
        let pool_path = format!("{path}.pools[{j}]");
        empty_class(&pool_path, "client-class", p.client_class.as_ref())?;
        empty_classes(
            &pool_path,
            "require-client-classes",
            p.require_client_classes.as_ref(),
        )?;
    }
    for (j, r) in s.reservations.iter().enumerate() {
        check_reservation(&format!("{path}.reservations[{j}]"), r)?;
    }
    Ok(())
}

fn check_reservation(path: &str, r: &wire::Reservation4) -> Result {
    empty_classes(path, "client-classes", r.client_classes.as_ref())
}

/// The DDNS and hostname knobs of one level, as set there.
struct Ddns<'a> {
    send_updates: Option<&'a bool>,
    override_no_update: Option<&'a bool>,
    override_client_update: Option<&'a bool>,
    replace_client_name: Option<&'a String>,
    generated_prefix: Option<&'a String>,
    qualifying_suffix: Option<&'a String>,
    update_on_renew: Option<&'a bool>,
    use_conflict_resolution: Option<&'a bool>,
}

fn ddns_of_global(d: &wire::Dhcp4) -> Ddns<'_> {
    Ddns {
        send_updates: Some(&d.ddns_send_updates),
        override_no_update: Some(&d.ddns_override_no_update),
        override_client_update: Some(&d.ddns_override_client_update),
        replace_client_name: Some(&d.ddns_replace_client_name),
        generated_prefix: Some(&d.ddns_generated_prefix),
        qualifying_suffix: Some(&d.ddns_qualifying_suffix),
        update_on_renew: Some(&d.ddns_update_on_renew),
        use_conflict_resolution: Some(&d.ddns_use_conflict_resolution),
    }
}

fn check_ddns(path: &str, d: &Ddns<'_>) -> Result {
    default_only(path, "ddns-send-updates", d.send_updates, &true)?;
    default_only(
        path,
        "ddns-override-no-update",
        d.override_no_update,
        &false,
    )?;
    default_only(
        path,
        "ddns-override-client-update",
        d.override_client_update,
        &false,
    )?;
    default_only(
        path,
        "ddns-replace-client-name",
        d.replace_client_name,
        &defaults::ddns_replace_client_name(),
    )?;
    default_only(
        path,
        "ddns-generated-prefix",
        d.generated_prefix,
        &defaults::ddns_generated_prefix(),
    )?;
    default_only(
        path,
        "ddns-qualifying-suffix",
        d.qualifying_suffix,
        &String::new(),
    )?;
    default_only(path, "ddns-update-on-renew", d.update_on_renew, &false)?;
    default_only(
        path,
        "ddns-use-conflict-resolution",
        d.use_conflict_resolution,
        &true,
    )
}

pub(super) fn check_network(path: &str, p: &wire::NetworkParams) -> Result {
    if p.cache_threshold.is_some() {
        return Err(ConfigError::not_supported(path, "cache-threshold"));
    }
    if p.cache_max_age.is_some() {
        return Err(ConfigError::not_supported(path, "cache-max-age"));
    }
    default_only(
        path,
        "hostname-char-set",
        p.hostname_char_set.as_ref(),
        &defaults::hostname_char_set(),
    )?;
    default_only(
        path,
        "hostname-char-replacement",
        p.hostname_char_replacement.as_ref(),
        &String::new(),
    )?;
    default_only(
        path,
        "store-extended-info",
        p.store_extended_info.as_ref(),
        &false,
    )?;
    check_ddns(
        path,
        &Ddns {
            send_updates: p.ddns_send_updates.as_ref(),
            override_no_update: p.ddns_override_no_update.as_ref(),
            override_client_update: p.ddns_override_client_update.as_ref(),
            replace_client_name: p.ddns_replace_client_name.as_ref(),
            generated_prefix: p.ddns_generated_prefix.as_ref(),
            qualifying_suffix: p.ddns_qualifying_suffix.as_ref(),
            update_on_renew: p.ddns_update_on_renew.as_ref(),
            use_conflict_resolution: p.ddns_use_conflict_resolution.as_ref(),
        },
    )
}
