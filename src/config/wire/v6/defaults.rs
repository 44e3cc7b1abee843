//! Kea 2.2's DHCPv6 default values (`simple_parser6.cc`) that differ from the
//! DHCPv4 ones in `config::wire::defaults`.

use crate::config::wire::Database;

/// `data-directory`: Kea's `<localstatedir>/lib/kea`.
pub fn data_directory() -> String {
    "/var/lib/kea".to_string()
}
/// `preferred-lifetime`: 3600 s.
pub fn preferred_lifetime() -> u32 {
    3600
}
/// `t2-percent`: 0.8 (v6).
pub fn t2_percent() -> f64 {
    0.8
}
/// `host-reservation-identifiers` for DHCPv6.
pub fn host_reservation_identifiers() -> Vec<String> {
    vec!["hw-address".to_string(), "duid".to_string()]
}
/// Option space of top-level DHCPv6 options.
pub fn dhcp6_space() -> String {
    "dhcp6".to_string()
}
/// `server-id.type`: LLT.
pub fn server_id_type() -> String {
    "LLT".to_string()
}
/// `server-id.enterprise-id`: ISC's 2495.
pub fn enterprise_id() -> u32 {
    2495
}
/// Default memfile lease file for DHCPv6.
pub const MEMFILE_LEASES6: &str = "/var/lib/kea/kea-leases6.csv";
/// `lease-database` when the map is absent: memfile.
pub fn lease_database() -> Database {
    Database::default_lease_database()
}
