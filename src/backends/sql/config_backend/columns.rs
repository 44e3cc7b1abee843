//! The parameter columns of Kea 2.2's CB tables and the Kea JSON key each
//! becomes (reference §2.4): one table per level and family, used both to
//! build the select lists and to render the rows, so a column is named once.
//! A NULL column leaves its key out (the object inherits it).

use serde_json::{Map, Number, Value};

use super::dialect::Read;
use super::error::CbReadError;
use super::text_row::Cells;

/// How a column's text becomes a Kea JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An integer.
    Int,
    /// A real number.
    Real,
    /// A boolean.
    Bool,
    /// A string, as stored.
    Str,
    /// An IPv4 address (`next_server`), as text.
    Address4,
    /// A JSON list of class names; an empty list leaves the key out, as
    /// Kea's `config-get` does.
    ClassList,
    /// A JSON list of relay addresses, rendered `{"ip-addresses": [...]}`.
    Relay,
    /// A JSON map (`user_context`).
    Context,
    /// `ddns_replace_client_name`: 0-3, rendered as Kea's mode name.
    ReplaceClientName,
    /// Binary `interface_id`, rendered as its text.
    InterfaceId,
}

/// One parameter column and its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The column (PostgreSQL's name; the dialect maps the few that differ).
    pub column: &'static str,
    /// The Kea JSON key.
    pub key: &'static str,
    /// How the value is read.
    pub kind: Kind,
}

const fn p(column: &'static str, key: &'static str, kind: Kind) -> Param {
    Param { column, key, kind }
}

/// Parameters of shared networks and subnets in both families.
pub const NETWORK_COMMON: &[Param] = &[
    p("client_class", "client-class", Kind::Str),
    p("interface", "interface", Kind::Str),
    p("relay", "relay", Kind::Relay),
    p(
        "require_client_classes",
        "require-client-classes",
        Kind::ClassList,
    ),
    p("valid_lifetime", "valid-lifetime", Kind::Int),
    p("min_valid_lifetime", "min-valid-lifetime", Kind::Int),
    p("max_valid_lifetime", "max-valid-lifetime", Kind::Int),
    p("renew_timer", "renew-timer", Kind::Int),
    p("rebind_timer", "rebind-timer", Kind::Int),
    p("calculate_tee_times", "calculate-tee-times", Kind::Bool),
    p("t1_percent", "t1-percent", Kind::Real),
    p("t2_percent", "t2-percent", Kind::Real),
    p("reservations_global", "reservations-global", Kind::Bool),
    p(
        "reservations_in_subnet",
        "reservations-in-subnet",
        Kind::Bool,
    ),
    p(
        "reservations_out_of_pool",
        "reservations-out-of-pool",
        Kind::Bool,
    ),
    p("ddns_send_updates", "ddns-send-updates", Kind::Bool),
    p(
        "ddns_override_no_update",
        "ddns-override-no-update",
        Kind::Bool,
    ),
    p(
        "ddns_override_client_update",
        "ddns-override-client-update",
        Kind::Bool,
    ),
    p(
        "ddns_replace_client_name",
        "ddns-replace-client-name",
        Kind::ReplaceClientName,
    ),
    p("ddns_generated_prefix", "ddns-generated-prefix", Kind::Str),
    p(
        "ddns_qualifying_suffix",
        "ddns-qualifying-suffix",
        Kind::Str,
    ),
    p("cache_threshold", "cache-threshold", Kind::Real),
    p("cache_max_age", "cache-max-age", Kind::Int),
    p("user_context", "user-context", Kind::Context),
];

/// Parameters only DHCPv4 shared networks and subnets have.
pub const NETWORK4: &[Param] = &[
    p("match_client_id", "match-client-id", Kind::Bool),
    p("authoritative", "authoritative", Kind::Bool),
    p("next_server", "next-server", Kind::Address4),
    p("server_hostname", "server-hostname", Kind::Str),
    p("boot_file_name", "boot-file-name", Kind::Str),
];

/// Parameters only DHCPv6 shared networks and subnets have.
pub const NETWORK6: &[Param] = &[
    p("preferred_lifetime", "preferred-lifetime", Kind::Int),
    p(
        "min_preferred_lifetime",
        "min-preferred-lifetime",
        Kind::Int,
    ),
    p(
        "max_preferred_lifetime",
        "max-preferred-lifetime",
        Kind::Int,
    ),
    p("rapid_commit", "rapid-commit", Kind::Bool),
    p("interface_id", "interface-id", Kind::InterfaceId),
];

/// The subnet's own columns besides id and prefix, both families.
pub const SUBNET: &[Param] = &[p("shared_network_name", "shared-network-name", Kind::Str)];

/// The DHCPv4 subnet's DHCPv4-over-DHCPv6 columns.
pub const SUBNET4: &[Param] = &[
    p("interface_4o6", "4o6-interface", Kind::Str),
    p("interface_id_4o6", "4o6-interface-id", Kind::Str),
    p("subnet_4o6", "4o6-subnet", Kind::Str),
];

/// The columns every pool and pd-pool has besides its range.
pub const POOL: &[Param] = &[
    p("client_class", "client-class", Kind::Str),
    p(
        "require_client_classes",
        "require-client-classes",
        Kind::ClassList,
    ),
    p("user_context", "user-context", Kind::Context),
];

/// Client class columns of both families besides name, test and
/// only-if-required.
pub const CLASS_COMMON: &[Param] = &[
    p("valid_lifetime", "valid-lifetime", Kind::Int),
    p("min_valid_lifetime", "min-valid-lifetime", Kind::Int),
    p("max_valid_lifetime", "max-valid-lifetime", Kind::Int),
    p("user_context", "user-context", Kind::Context),
];

/// Client class columns only DHCPv4 has.
pub const CLASS4: &[Param] = &[
    p("next_server", "next-server", Kind::Address4),
    p("server_hostname", "server-hostname", Kind::Str),
    p("boot_file_name", "boot-file-name", Kind::Str),
];

/// Client class columns only DHCPv6 has.
pub const CLASS6: &[Param] = &[
    p("preferred_lifetime", "preferred-lifetime", Kind::Int),
    p(
        "min_preferred_lifetime",
        "min-preferred-lifetime",
        Kind::Int,
    ),
    p(
        "max_preferred_lifetime",
        "max-preferred-lifetime",
        Kind::Int,
    ),
];

impl Param {
    /// How the query reads the column.
    pub fn read(&self) -> Read {
        match self.kind {
            Kind::Address4 => Read::Inet4,
            Kind::InterfaceId => Read::Bytes,
            _ => Read::Plain,
        }
    }
}

/// The select list items of `groups` (column, how it is read).
pub fn select_list(groups: &[&[Param]]) -> Vec<(&'static str, Read)> {
    groups
        .iter()
        .flat_map(|g| g.iter())
        .map(|p| (p.column, p.read()))
        .collect()
}

/// Adds the keys of `groups` that the row sets (non-NULL) to `map`.
pub fn render(
    cells: &Cells<'_>,
    groups: &[&[Param]],
    map: &mut Map<String, Value>,
) -> Result<(), CbReadError> {
    for param in groups.iter().flat_map(|g| g.iter()) {
        if let Some(value) = value_of(cells, param)? {
            map.insert(param.key.to_string(), value);
        }
    }
    Ok(())
}

/// The JSON value of one parameter column (`None`: NULL, or a key Kea leaves
/// out).
pub fn value_of(cells: &Cells<'_>, param: &Param) -> Result<Option<Value>, CbReadError> {
    let column = param.column;
    Ok(match param.kind {
        Kind::Int => cells.int(column)?.map(Value::from),
        Kind::Real => cells
            .real(column)?
            .map(|v| real(cells, column, v))
            .transpose()?,
        Kind::Bool => cells.bool(column)?.map(Value::Bool),
        Kind::Str | Kind::Address4 => cells.text(column).map(|t| Value::String(t.to_string())),
        Kind::ClassList => cells
            .string_list(column)?
            .filter(|l| !l.is_empty())
            .map(Value::from),
        Kind::Relay => cells.string_list(column)?.map(|addresses| {
            let mut relay = Map::new();
            relay.insert("ip-addresses".to_string(), Value::from(addresses));
            Value::Object(relay)
        }),
        Kind::Context => cells.json_map(column)?.map(Value::Object),
        Kind::ReplaceClientName => cells
            .int(column)?
            .map(|mode| {
                replace_client_name(mode).ok_or_else(|| {
                    cells.bad(
                        column,
                        format!("{mode} is not a ddns-replace-client-name mode (0-3)"),
                    )
                })
            })
            .transpose()?
            .map(|name| Value::String(name.to_string())),
        Kind::InterfaceId => cells
            .hex_bytes(column)?
            .map(|bytes| {
                String::from_utf8(bytes)
                    .map(Value::String)
                    .map_err(|_| cells.bad(column, "interface-id is not text"))
            })
            .transpose()?,
    })
}

/// A finite real as a JSON number.
pub fn real(cells: &Cells<'_>, column: &str, v: f64) -> Result<Value, CbReadError> {
    Number::from_f64(v)
        .map(Value::Number)
        .ok_or_else(|| cells.bad(column, format!("{v} is not a finite number")))
}

/// Kea's `D2ClientConfig::ReplaceClientNameMode` names by number.
fn replace_client_name(mode: i64) -> Option<&'static str> {
    Some(match mode {
        0 => "never",
        1 => "always",
        2 => "when-present",
        3 => "when-not-present",
        _ => return None,
    })
}
