//! DHCPv6 hosts for the `reservation-*` commands: identified by `duid` /
//! `hw-address` / `flex-id`, with `ip-addresses`, `prefixes` and
//! `option-data`.

use std::net::Ipv6Addr;

use serde_json::{json, Map, Value};

use super::family::{host_core, host_store_methods, HostCore, Hosts, ReservationFamily};
use super::host_option::FamilyHostOption;
use crate::backends::host6::{Host6, HostOption6};
use crate::backends::{HostAdd, HostStore};
use crate::commands::family::V6;
use crate::config::model::IdentifierType;
use crate::config::model6::{Dhcp6Config, Reservation6, Subnet6};

impl ReservationFamily for V6 {
    type Host = Host6;
    type Reservation = Reservation6;

    fn global_reservations(cfg: &Dhcp6Config) -> &[Reservation6] {
        &cfg.global_reservations
    }

    fn subnet_reservations(subnet: &Subnet6) -> &[Reservation6] {
        &subnet.reservations
    }

    fn config_host(r: &Reservation6, subnet_id: u32, host_id: u64) -> Host6 {
        let mut host = Host6::new(subnet_id, r.identifier_type, r.identifier.clone());
        host.host_id = host_id;
        host.ip_addresses = r.ip_addresses.clone();
        host.prefixes = r.prefixes.clone();
        host.hostname = r.hostname.clone();
        host.options = r
            .options
            .iter()
            .map(|o| HostOption6::from_configured(o, "dhcp6"))
            .collect();
        host
    }

    fn core(h: &Host6) -> HostCore<'_> {
        host_core!(h)
    }

    fn reserves(h: &Host6, a: Ipv6Addr) -> bool {
        h.reserves(a)
    }

    fn family_json(h: &Host6, m: &mut Map<String, Value>) {
        fn texts<T: ToString>(v: &[T]) -> Value {
            json!(v.iter().map(ToString::to_string).collect::<Vec<_>>())
        }
        m.insert("ip-addresses".into(), texts(&h.ip_addresses));
        m.insert("prefixes".into(), texts(&h.prefixes));
    }

    fn reserved_addresses(r: &Map<String, Value>) -> Result<Vec<Ipv6Addr>, String> {
        let Some(Value::Array(list)) = r.get("ip-addresses") else {
            return Ok(Vec::new());
        };
        list.iter()
            .filter_map(Value::as_str)
            .map(|t| t.trim().parse().map_err(|_| t.to_string()))
            .collect()
    }

    fn host_to_add(
        cfg: &Dhcp6Config,
        value: &Value,
        subnet_id: u32,
        subnet: Option<&Subnet6>,
    ) -> Result<Host6, String> {
        let (wire, parsed) =
            // The configuration's definitions (standard and `option-def`): a
            // stored host carries its options by code, one row each.
            crate::config::parse_reservation6(
                value,
                "reservation",
                subnet.map(|s| &s.prefix),
                &cfg.option_defs,
            )
            .map_err(|e| e.to_string())?;
        let mut host = Host6::new(subnet_id, parsed.identifier_type, parsed.identifier);
        host.options = wire
            .option_data
            .iter()
            .zip(&parsed.options)
            .map(|(w, o)| HostOption6::added(w, o))
            .collect();
        host.ip_addresses = parsed.ip_addresses;
        host.prefixes = parsed.prefixes;
        host.hostname = parsed.hostname;
        host.client_classes = wire.client_classes.clone().unwrap_or_default();
        host.user_context = super::user_context_text(wire.user_context.as_ref());
        Ok(host)
    }

    fn duplicate_address_text(h: &Host6) -> String {
        format!(
            "Database duplicate entry error: an address or prefix of this host is already reserved in subnet {}",
            h.subnet_id
        )
    }

    host_store_methods!(
        get6,
        get6_by_address,
        get6_by_identifier,
        get_all6,
        get_page6,
        get6_by_hostname,
        add6,
        del6_by_identifier,
        del6_by_address
    );
}
