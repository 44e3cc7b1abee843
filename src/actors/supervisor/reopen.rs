//! Opening what a new configuration changed (`config-set`, `config-reload`):
//! the lease database and the hosts databases, shared by both families. An
//! unchanged database keeps its open store.

use std::fmt::Display;
use std::future::Future;
use std::sync::Arc;

use crate::backends::host_backend::HostBackend;
use crate::config::model::{HostsDatabase, LeaseDatabase};

/// What failed to open: which database (`"lease database"`, `"hosts database
/// 1"`) and why.
pub(super) type OpenFailure = (String, String);

/// Opens `lease_db` with `open_lease` when it changed (else keeps
/// `old_store`) and each of `hosts_dbs` when they changed (else keeps
/// `old_hosts`). The first failure stops and is returned.
///
/// CANCEL-SAFETY: dropping the future drops whatever was opened so far; the
/// running configuration is untouched (the caller commits only on success).
pub(super) async fn open_changed<S, E, Fut>(
    lease_db: Option<LeaseDatabase>,
    old_store: Arc<S>,
    open_lease: impl FnOnce(LeaseDatabase) -> Fut,
    hosts_dbs: Option<Vec<HostsDatabase>>,
    old_hosts: Vec<Arc<HostBackend>>,
) -> Result<(Arc<S>, Vec<Arc<HostBackend>>), OpenFailure>
where
    Fut: Future<Output = Result<S, E>>,
    E: Display,
{
    let store = match lease_db {
        Some(db) => Arc::new(
            open_lease(db)
                .await
                .map_err(|e| ("lease database".to_string(), e.to_string()))?,
        ),
        None => old_store,
    };
    let hosts = match hosts_dbs {
        Some(list) => {
            let mut opened = Vec::with_capacity(list.len());
            for (i, db) in list.iter().enumerate() {
                let h = HostBackend::open(db)
                    .await
                    .map_err(|e| (format!("hosts database {i}"), e.to_string()))?;
                opened.push(Arc::new(h));
            }
            opened
        }
        None => old_hosts,
    };
    Ok((store, hosts))
}
