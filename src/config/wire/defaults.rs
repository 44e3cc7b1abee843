//! Kea 2.2's default values (`simple_parser4.cc`, `simple_parser6.cc`), one
//! named function per key so serde fills them in and `config-get` shows them
//! like Kea does. A `6` suffix marks the DHCPv6 value where the two differ.

use serde_json::Value;

/// `valid-lifetime`: 7200 s.
pub fn valid_lifetime() -> u32 {
    7200
}
/// `decline-probation-period`: 24 h.
pub fn decline_probation_period() -> u32 {
    86400
}
/// Flags whose Kea default is true.
pub fn yes() -> bool {
    true
}
/// `next-server`: the unspecified address.
pub fn next_server() -> String {
    "0.0.0.0".to_string()
}
/// `t1-percent`: 0.5.
pub fn t1_percent() -> f64 {
    0.5
}
/// `t2-percent`: 0.875 (v4).
pub fn t2_percent() -> f64 {
    0.875
}
/// `host-reservation-identifiers` for DHCPv4.
pub fn host_reservation_identifiers() -> Vec<String> {
    ["hw-address", "duid", "circuit-id", "client-id"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}
/// `ddns-replace-client-name`: never.
pub fn ddns_replace_client_name() -> String {
    "never".to_string()
}
/// `ddns-generated-prefix`: myhost.
pub fn ddns_generated_prefix() -> String {
    "myhost".to_string()
}
/// `hostname-char-set`.
pub fn hostname_char_set() -> String {
    "[^A-Za-z0-9.-]".to_string()
}
/// `statistic-default-sample-count`: 20.
pub fn statistic_default_sample_count() -> u32 {
    20
}
/// `parked-packet-limit`: 256.
pub fn parked_packet_limit() -> u32 {
    256
}
/// `dhcp4o6-port`: 0 (disabled).
pub fn dhcp4o6_port() -> u16 {
    0
}
/// `sanity-checks.lease-checks`: warn.
pub fn lease_checks() -> String {
    "warn".to_string()
}
/// `multi-threading.packet-queue-size`: 64.
pub fn packet_queue_size() -> u32 {
    64
}
/// `dhcp-queue-control.queue-type`: kea-ring4.
pub fn queue_type() -> Value {
    Value::String("kea-ring4".to_string())
}
/// `dhcp-queue-control.capacity`: 64.
pub fn queue_capacity() -> Value {
    Value::from(64)
}
/// `expired-leases-processing.reclaim-timer-wait-time`: 10 s.
pub fn reclaim_timer_wait_time() -> u32 {
    10
}
/// `expired-leases-processing.flush-reclaimed-timer-wait-time`: 25 s.
pub fn flush_reclaimed_timer_wait_time() -> u32 {
    25
}
/// `expired-leases-processing.hold-reclaimed-time`: 3600 s.
pub fn hold_reclaimed_time() -> u32 {
    3600
}
/// `expired-leases-processing.max-reclaim-leases`: 100.
pub fn max_reclaim_leases() -> u32 {
    100
}
/// `expired-leases-processing.max-reclaim-time`: 250 ms.
pub fn max_reclaim_time() -> u32 {
    250
}
/// `expired-leases-processing.unwarned-reclaim-cycles`: 5.
pub fn unwarned_reclaim_cycles() -> u32 {
    5
}
/// `lease-database.type` when the map is absent.
pub fn memfile() -> String {
    "memfile".to_string()
}
/// Default memfile lease file (Kea's `<localstatedir>/lib/kea/kea-leases4.csv`).
pub const MEMFILE_LEASES4: &str = "/var/lib/kea/kea-leases4.csv";
/// Default memfile `lfc-interval`: 3600 s.
pub const LFC_INTERVAL: u32 = 3600;
/// `data-directory`: Kea's `<localstatedir>/lib/kea`.
pub fn data_directory() -> String {
    "/var/lib/kea".to_string()
}
/// `preferred-lifetime`: 3600 s.
pub fn preferred_lifetime() -> u32 {
    3600
}
/// `t2-percent`: 0.8 (v6).
pub fn t2_percent6() -> f64 {
    0.8
}
/// `host-reservation-identifiers` for DHCPv6.
pub fn host_reservation_identifiers6() -> Vec<String> {
    vec!["hw-address".to_string(), "duid".to_string()]
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
