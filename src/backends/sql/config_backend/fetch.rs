//! One full fetch: every object the server sees, read in one read-only
//! REPEATABLE READ transaction so the audit cursor returned with them is
//! the one they were read at (a change committed during the fetch is either
//! in both or in neither, and the next poll finds it).

use std::collections::HashMap;

use diesel_async::{AnsiTransactionManager, TransactionManager};
use serde_json::Value;

use crate::config::config_backend::{AuditCursor, CbFamily, FetchedConfig};

use super::super::SqlError;
use super::dialect::CbDialect;
use super::error::CbReadError;
use super::option_defs::{self, Defs};
use super::options::{self, Scope};
use super::precedence::prefer_specific;
use super::query::Sql;
use super::target::Target;
use super::text_row::TextRow;
use super::{audit, client_classes, globals, pools, shared_networks, subnets};

/// The operation name SQL errors of a fetch carry.
const OPERATION: &str = "config backend fetch";

/// Runs `sql` on `c`.
pub async fn rows<D: CbDialect>(
    c: &mut D::Conn,
    operation: &'static str,
    sql: Sql,
) -> Result<Vec<TextRow>, CbReadError> {
    D::load(c, &sql)
        .await
        .map_err(|e| SqlError::query(D::KIND, operation, e).into())
}

/// Logs Kea's `…_GET_ALL_<what><family>` line before a read.
fn log_get<D: CbDialect>(t: &Target<'_>, what: &str, text: &str) {
    log::debug!("{}_GET_ALL_{what}{} {text}", D::LOG, t.digit());
}

/// Logs Kea's `…_GET_ALL_<what><family>_RESULT` line after a read.
fn log_result<D: CbDialect>(t: &Target<'_>, what: &str, n: usize) {
    log::debug!(
        "{}_GET_ALL_{what}{}_RESULT retrieving: {n} elements",
        D::LOG,
        t.digit()
    );
}

/// Reads, in one snapshot, everything the server of `t` sees and the
/// newest audit cursor it sees.
pub async fn fetch_all<D: CbDialect>(
    c: &mut D::Conn,
    t: &Target<'_>,
) -> Result<(FetchedConfig, AuditCursor), CbReadError> {
    D::begin_snapshot(c)
        .await
        .map_err(|e| SqlError::query(D::KIND, OPERATION, e))?;
    let read = read_all::<D>(c, t).await;
    let end = match read {
        Ok(_) => {
            <AnsiTransactionManager as TransactionManager<D::Conn>>::commit_transaction(c).await
        }
        Err(_) => {
            <AnsiTransactionManager as TransactionManager<D::Conn>>::rollback_transaction(c).await
        }
    };
    let fetched = read?;
    end.map_err(|e| SqlError::query(D::KIND, OPERATION, e))?;
    Ok(fetched)
}

/// The reads of [`fetch_all`], inside its transaction.
async fn read_all<D: CbDialect>(
    c: &mut D::Conn,
    t: &Target<'_>,
) -> Result<(FetchedConfig, AuditCursor), CbReadError> {
    let mut fetched = FetchedConfig::default();

    log_get::<D>(t, "GLOBAL_PARAMETERS", "retrieving all global parameters");
    let found = rows::<D>(c, OPERATION, globals::query::<D>(t)).await?;
    fetched.globals = globals::render(t, &found)?;
    log_result::<D>(t, "GLOBAL_PARAMETERS", fetched.globals.len());

    log_get::<D>(t, "OPTION_DEFS", "retrieving all option definitions");
    let found = rows::<D>(c, OPERATION, option_defs::query::<D>(t, Defs::Global)).await?;
    let defs = found
        .iter()
        .map(|r| option_defs::render(t, r).map(|d| (d.key, d.specific, d.def)))
        .collect::<Result<Vec<_>, _>>()?;
    fetched.option_defs = prefer_specific(defs);
    log_result::<D>(t, "OPTION_DEFS", fetched.option_defs.len());

    log_get::<D>(t, "OPTIONS", "retrieving all options");
    let found = rows::<D>(c, OPERATION, options::query::<D>(t, Scope::Global)).await?;
    let global = found
        .iter()
        .map(|r| options::render(t, r, Scope::Global).map(|o| (o.key, o.specific, o.data)))
        .collect::<Result<Vec<_>, _>>()?;
    fetched.options = prefer_specific(global);
    log_result::<D>(t, "OPTIONS", fetched.options.len());

    log_get::<D>(t, "SHARED_NETWORKS", "retrieving all shared networks");
    let network_options = owned_options::<D>(c, t, Scope::SharedNetwork).await?;
    let found = rows::<D>(c, OPERATION, shared_networks::query::<D>(t)).await?;
    fetched.shared_networks = found
        .iter()
        .map(|r| shared_networks::render(t, r, &network_options))
        .collect::<Result<_, _>>()?;
    log_result::<D>(t, "SHARED_NETWORKS", fetched.shared_networks.len());

    log_get::<D>(t, "SUBNETS", "retrieving all subnets");
    let children = subnet_children::<D>(c, t).await?;
    let found = rows::<D>(c, OPERATION, subnets::query::<D>(t)).await?;
    fetched.subnets = found
        .iter()
        .map(|r| subnets::render(t, r, &children))
        .collect::<Result<_, _>>()?;
    log_result::<D>(t, "SUBNETS", fetched.subnets.len());

    log_get::<D>(t, "CLIENT_CLASSES", "retrieving all client classes");
    let class_defs = class_option_defs::<D>(c, t).await?;
    let class_options = owned_options::<D>(c, t, Scope::ClientClass).await?;
    let found = rows::<D>(c, OPERATION, client_classes::query::<D>(t)).await?;
    fetched.client_classes = found
        .iter()
        .map(|r| client_classes::render(t, r, &class_defs, &class_options))
        .collect::<Result<_, _>>()?;
    log_result::<D>(t, "CLIENT_CLASSES", fetched.client_classes.len());

    let found = rows::<D>(c, OPERATION, audit::query::<D>(t, AuditCursor::default())).await?;
    let cursor = audit::newest(t, &found)?
        .map(|(cursor, _)| cursor)
        .unwrap_or_default();
    Ok((fetched, cursor))
}

/// The options of `scope` the server sees, grouped by owner.
async fn owned_options<D: CbDialect>(
    c: &mut D::Conn,
    t: &Target<'_>,
    scope: Scope,
) -> Result<HashMap<String, Vec<Value>>, CbReadError> {
    let found = rows::<D>(c, OPERATION, options::query::<D>(t, scope)).await?;
    options::by_owner(t, &found, scope)
}

/// The pools, pd-pools and options of the subnets the server sees.
async fn subnet_children<D: CbDialect>(
    c: &mut D::Conn,
    t: &Target<'_>,
) -> Result<subnets::Children, CbReadError> {
    let options = owned_options::<D>(c, t, Scope::Subnet).await?;
    let pool_options = owned_options::<D>(c, t, Scope::Pool).await?;
    let found = rows::<D>(c, OPERATION, pools::query::<D>(t)).await?;
    let pools = pools::render(t, &found, &pool_options)?;
    let pd_pools = match t.family {
        CbFamily::V4 => HashMap::new(),
        CbFamily::V6 => {
            let pd_options = owned_options::<D>(c, t, Scope::PdPool).await?;
            let found = rows::<D>(c, OPERATION, pools::pd_query::<D>(t)).await?;
            pools::render_pd(t, &found, &pd_options)?
        }
    };
    Ok(subnets::Children {
        pools,
        pd_pools,
        options,
    })
}

/// The class-scoped option definitions (DHCPv4; Kea's DHCPv6 classes show
/// none), grouped by class id.
async fn class_option_defs<D: CbDialect>(
    c: &mut D::Conn,
    t: &Target<'_>,
) -> Result<HashMap<String, Vec<Value>>, CbReadError> {
    let mut by_class: HashMap<String, Vec<Value>> = HashMap::new();
    if t.family == CbFamily::V6 {
        return Ok(by_class);
    }
    let found = rows::<D>(c, OPERATION, option_defs::query::<D>(t, Defs::OfClasses)).await?;
    for row in &found {
        let def = option_defs::render(t, row)?;
        if let Some(class) = def.class_id {
            by_class.entry(class).or_default().push(def.def);
        }
    }
    Ok(by_class)
}
