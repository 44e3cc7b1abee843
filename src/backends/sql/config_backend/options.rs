//! `option-data` from `dhcp4_options` / `dhcp6_options`: the query for one
//! scope (global, shared network, subnet, pool, pd-pool, client class; host
//! options are the hosts backend's) restricted to objects the server sees,
//! and a row rendered as Kea's `config-get` shows an option: `code`, `name`
//! (when a standard definition names it), `space`, `csv-format`, `data`
//! (`formatted_value` as is, else the `value` blob as hex) and
//! `always-send` (`persistent`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::config::config_backend::CbFamily;
use crate::options::{Dhcp4, Dhcp6, OptionSpace};

use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::query::Sql;
use super::target::Target;
use super::text_row::{Cells, TextRow};

/// Which objects' options (Kea's `dhcp_option_scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Global options (scope 0), visible through `*_options_server`.
    Global,
    /// Subnet options (scope 1), owned by `*_subnet_id`.
    Subnet,
    /// Client class options (scope 2), owned by `dhcp_client_class`.
    ClientClass,
    /// Shared network options (scope 4), owned by `shared_network_name`.
    SharedNetwork,
    /// Pool options (scope 5), owned by `pool_id`.
    Pool,
    /// Prefix delegation pool options (scope 6, DHCPv6), owned by `pd_pool_id`.
    PdPool,
}

impl Scope {
    /// The `scope_id`.
    fn id(self) -> u8 {
        match self {
            Self::Global => 0,
            Self::Subnet => 1,
            Self::ClientClass => 2,
            Self::SharedNetwork => 4,
            Self::Pool => 5,
            Self::PdPool => 6,
        }
    }

    /// The column naming the option's owner (none for global options).
    pub fn owner_column(self, family: CbFamily) -> Option<&'static str> {
        match self {
            Self::Global => None,
            Self::Subnet => Some(match family {
                CbFamily::V4 => "dhcp4_subnet_id",
                CbFamily::V6 => "dhcp6_subnet_id",
            }),
            Self::ClientClass => Some("dhcp_client_class"),
            Self::SharedNetwork => Some("shared_network_name"),
            Self::Pool => Some("pool_id"),
            Self::PdPool => Some("pd_pool_id"),
        }
    }
}

/// One option row, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredOption {
    /// The owner column's text (subnet id, network or class name, pool id).
    pub owner: Option<String>,
    /// Associated with the server's own tag, not only `all` (global options).
    pub specific: bool,
    /// `(code, space)`: what makes two options "the same option".
    pub key: (u32, String),
    /// The `option-data` entry.
    pub data: Value,
}

/// The options of `scope` whose owner the server sees, by option id.
pub fn query<D: CbDialect>(t: &Target<'_>, scope: Scope) -> Sql {
    let p = t.prefix();
    let mut columns = vec![
        ("option_id", Read::Plain),
        ("code", Read::Plain),
        ("value", Read::Bytes),
        ("formatted_value", Read::Plain),
        ("space", Read::Plain),
        ("persistent", Read::Plain),
    ];
    if let Some(owner) = scope.owner_column(t.family) {
        columns.push((owner, Read::Plain));
    }
    let mut sql = Sql::new::<D>();
    sql.push("SELECT ").columns::<D>("o", &columns);
    if scope == Scope::Global {
        sql.push(", ")
            .specific(p, "options_server", "option_id", "o.option_id", t.tag);
    }
    sql.push(&format!(
        " FROM {p}_options AS o WHERE o.scope_id = {} AND ",
        scope.id()
    ));
    let owned_by =
        |sql: &mut Sql, column: &str, select: &str, assoc: &str, fk: &str, owner: &str| {
            sql.push(&format!("o.{column} IN (SELECT {select} WHERE "))
                .visible(p, assoc, fk, owner, t.tag)
                .push(")");
        };
    match scope {
        Scope::Global => {
            sql.visible(p, "options_server", "option_id", "o.option_id", t.tag);
        }
        Scope::Subnet => {
            sql.visible(
                p,
                "subnet_server",
                "subnet_id",
                &format!("o.{p}_subnet_id"),
                t.tag,
            );
        }
        Scope::SharedNetwork => owned_by(
            &mut sql,
            "shared_network_name",
            &format!("n.name FROM {p}_shared_network AS n"),
            "shared_network_server",
            "shared_network_id",
            "n.id",
        ),
        Scope::Pool => owned_by(
            &mut sql,
            "pool_id",
            &format!("pl.id FROM {p}_pool AS pl"),
            "subnet_server",
            "subnet_id",
            "pl.subnet_id",
        ),
        Scope::PdPool => owned_by(
            &mut sql,
            "pd_pool_id",
            "pd.id FROM dhcp6_pd_pool AS pd",
            "subnet_server",
            "subnet_id",
            "pd.subnet_id",
        ),
        Scope::ClientClass => owned_by(
            &mut sql,
            "dhcp_client_class",
            &format!("c.name FROM {p}_client_class AS c"),
            "client_class_server",
            "class_id",
            "c.id",
        ),
    }
    sql.push(" ORDER BY o.option_id");
    sql
}

/// Renders an option row of `scope` as an `option-data` entry.
pub fn render(t: &Target<'_>, row: &TextRow, scope: Scope) -> Result<StoredOption, CbReadError> {
    let table = t.table("options");
    let cells = Cells::new(row, &table, "option_id")?;
    let code = cells.required_int("code")?;
    let code = u32::try_from(code)
        .map_err(|_| cells.bad("code", format!("{code} is not an option code")))?;
    let space = cells.text("space").unwrap_or(t.prefix()).to_string();
    let formatted = cells.text("formatted_value").filter(|f| !f.is_empty());
    let (csv_format, data) = match formatted {
        Some(text) => (true, text.to_string()),
        None => (
            false,
            cells
                .hex_bytes("value")?
                .map(|bytes| hex_upper(&bytes))
                .unwrap_or_default(),
        ),
    };
    let always_send = cells.bool("persistent")?.unwrap_or(false);
    let mut map = Map::new();
    map.insert("code".into(), Value::from(code));
    if let Some(name) = standard_name(t.family, &space, code) {
        map.insert("name".into(), Value::from(name));
    }
    map.insert("space".into(), Value::from(space.clone()));
    map.insert("csv-format".into(), Value::Bool(csv_format));
    map.insert("data".into(), Value::String(data));
    map.insert("always-send".into(), Value::Bool(always_send));
    let owner = scope
        .owner_column(t.family)
        .and_then(|c| cells.text(c))
        .map(str::to_string);
    let specific = cells.bool("own_tag")?.unwrap_or(false);
    Ok(StoredOption {
        owner,
        specific,
        key: (code, space),
        data: Value::Object(map),
    })
}

/// The rendered options of `rows`, grouped by owner, each list in option id
/// order.
pub fn by_owner(
    t: &Target<'_>,
    rows: &[TextRow],
    scope: Scope,
) -> Result<HashMap<String, Vec<Value>>, CbReadError> {
    let mut owned: HashMap<String, Vec<Value>> = HashMap::new();
    for row in rows {
        let option = render(t, row, scope)?;
        if let Some(owner) = option.owner {
            owned.entry(owner).or_default().push(option.data);
        }
    }
    Ok(owned)
}

/// The name of the standard option `code` of `space` in the family, which
/// `config-get` shows next to the code.
fn standard_name(family: CbFamily, space: &str, code: u32) -> Option<&'static str> {
    fn find<S: OptionSpace>(space: &str, code: u32) -> Option<&'static str> {
        S::standard_in(space)
            .iter()
            .find(|d| Into::<u32>::into(d.code) == code)
            .map(|d| d.name)
    }
    match family {
        CbFamily::V4 => find::<Dhcp4>(space, code),
        CbFamily::V6 => find::<Dhcp6>(space, code),
    }
}

/// Upper-case hex, as Kea prints binary option data.
fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
