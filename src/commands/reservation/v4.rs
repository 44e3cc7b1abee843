//! DHCPv4 hosts for the `reservation-*` commands: identified by
//! `hw-address` / `client-id` / `duid` / `circuit-id` / `flex-id`, with one
//! `ip-address`, the boot fields and `option-data`.

use std::net::Ipv4Addr;

use serde_json::{json, Map, Value};

use super::family::{host_core, host_store_methods, HostCore, Hosts, ReservationFamily};
use super::host_option::FamilyHostOption;
use crate::backends::host::{Host4, HostOption};
use crate::backends::{HostAdd, HostStore};
use crate::commands::family::V4;
use crate::config::model::{Dhcp4Config, IdentifierType, Reservation4, Subnet4};

impl ReservationFamily for V4 {
    type Host = Host4;
    type Reservation = Reservation4;

    fn global_reservations(cfg: &Dhcp4Config) -> &[Reservation4] {
        &cfg.global_reservations
    }

    fn subnet_reservations(subnet: &Subnet4) -> &[Reservation4] {
        &subnet.reservations
    }

    fn config_host(r: &Reservation4, subnet_id: u32, host_id: u64) -> Host4 {
        Host4 {
            host_id,
            subnet_id,
            identifier_type: r.identifier_type,
            identifier: r.identifier.clone(),
            ip_address: r.ip_address,
            hostname: r.hostname.clone(),
            client_classes: Vec::new(),
            next_server: r.next_server,
            server_hostname: r.server_hostname.clone(),
            boot_file_name: r.boot_file_name.clone(),
            user_context: None,
            options: r
                .options
                .iter()
                .map(|o| HostOption::from_configured(o, "dhcp4"))
                .collect(),
        }
    }

    fn core(h: &Host4) -> HostCore<'_> {
        host_core!(h)
    }

    fn reserves(h: &Host4, a: Ipv4Addr) -> bool {
        h.ip_address == Some(a)
    }

    fn family_json(h: &Host4, m: &mut Map<String, Value>) {
        let text = |v: &Option<String>| json!(v.clone().unwrap_or_default());
        let address = |a: Option<Ipv4Addr>| json!(a.unwrap_or(Ipv4Addr::UNSPECIFIED).to_string());
        m.insert("boot-file-name".into(), text(&h.boot_file_name));
        m.insert("ip-address".into(), address(h.ip_address));
        m.insert("next-server".into(), address(h.next_server));
        m.insert("server-hostname".into(), text(&h.server_hostname));
    }

    fn reserved_addresses(r: &Map<String, Value>) -> Result<Vec<Ipv4Addr>, String> {
        match r.get("ip-address").and_then(Value::as_str) {
            Some(t) => t.parse().map(|a| vec![a]).map_err(|_| t.to_string()),
            None => Ok(Vec::new()),
        }
    }

    fn host_to_add(
        cfg: &Dhcp4Config,
        value: &Value,
        subnet_id: u32,
        subnet: Option<&Subnet4>,
    ) -> Result<Host4, String> {
        let (wire, parsed) =
            // The configuration's definitions (standard and `option-def`): a
            // stored host carries its options by code, one row each.
            crate::config::parse_reservation4(
                value,
                "reservation",
                subnet.map(|s| &s.prefix),
                &cfg.option_defs,
            )
            .map_err(|e| e.to_string())?;
        let options = wire
            .option_data
            .iter()
            .zip(&parsed.options)
            .map(|(w, o)| HostOption::added(w, o))
            .collect();
        Ok(Host4 {
            host_id: 0,
            subnet_id,
            identifier_type: parsed.identifier_type,
            identifier: parsed.identifier,
            ip_address: parsed.ip_address,
            hostname: parsed.hostname,
            client_classes: wire.client_classes.clone().unwrap_or_default(),
            next_server: parsed.next_server,
            server_hostname: parsed.server_hostname,
            boot_file_name: parsed.boot_file_name,
            user_context: super::user_context_text(wire.user_context.as_ref()),
            options,
        })
    }

    fn duplicate_address_text(h: &Host4) -> String {
        format!(
            "Database duplicate entry error: the address {} is already reserved in subnet {}",
            h.ip_address.unwrap_or(Ipv4Addr::UNSPECIFIED),
            h.subnet_id
        )
    }

    host_store_methods!(
        get4,
        get4_by_address,
        get4_by_identifier,
        get_all4,
        get_page4,
        get4_by_hostname,
        add4,
        del4_by_identifier,
        del4_by_address
    );
}
