//! Opening what a new configuration changed (`config-set`, `config-reload`):
//! the lease database and the hosts databases, shared by both families. An
//! unchanged database keeps its open store; the connection actors follow,
//! and every reconfiguration ends with the statistics recount.

use std::fmt::Display;
use std::future::Future;
use std::sync::Arc;

use actix::prelude::*;
use log::{error, info};

use crate::actors::backend::{start_hosts_connections, start_lease_connection, ConnStore};
use crate::actors::listener::v4::interfaces::InterfaceError;
use crate::actors::messages::{BackendId, StopBackend};
use crate::backends::host_backend::HostBackend;
use crate::backends::lease_backend::LeaseBackendOf;
use crate::backends::memfile::store::MemfileLease;
use crate::commands::protocol::Response;
use crate::config::model::{HostsDatabase, LeaseDatabase};

use super::commands::{ready, Reply};
use super::service_state::DisableOrigin;
use super::Supervisor;

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

/// The databases a new configuration names that differ from the running
/// ones (all of them after a failed configuration): `None` keeps what runs.
pub(super) type Changed = (Option<LeaseDatabase>, Option<Vec<HostsDatabase>>);

/// What a reconfiguration commits: the lease store and hosts databases,
/// some reopened, some kept.
pub(super) type Opened<S> = (Arc<S>, Vec<Arc<HostBackend>>);

impl Supervisor {
    /// Which of `new`'s lease and hosts databases differ from `running`'s;
    /// after a failed configuration every one counts as changed (its open
    /// failed, so it must be opened again).
    pub(super) fn changed_databases(
        &self,
        running: (&LeaseDatabase, &[HostsDatabase]),
        new: (&LeaseDatabase, &[HostsDatabase]),
    ) -> Changed {
        let config_failed = self.service.has(&DisableOrigin::ConfigFailed);
        let lease = (config_failed || new.0 != running.0).then(|| new.0.clone());
        let hosts = (config_failed || new.1 != running.1).then(|| new.1.to_vec());
        (lease, hosts)
    }

    /// Opens what `changed` names (asynchronously: the actor keeps answering),
    /// keeping `running` for the rest, then `commit`s. A database that cannot
    /// be opened answers result 1 and disables the service (config failure),
    /// as Kea documents; nothing runs differently until then.
    pub(super) fn reopen_then<S, E, Fut, C>(
        &mut self,
        changed: Changed,
        running: Opened<S>,
        open_lease: impl FnOnce(LeaseDatabase) -> Fut + 'static,
        commit: C,
        ctx: &mut Context<Self>,
    ) -> Reply
    where
        S: 'static,
        E: Display + 'static,
        Fut: Future<Output = Result<S, E>> + 'static,
        C: FnOnce(&mut Self, Opened<S>, &mut Context<Self>) -> Reply + 'static,
    {
        let (lease_db, hosts_dbs) = changed;
        if lease_db.is_none() && hosts_dbs.is_none() {
            return commit(self, running, ctx);
        }
        let (old_store, old_hosts) = running;
        Box::pin(
            open_changed(lease_db, old_store, open_lease, hosts_dbs, old_hosts)
                .into_actor(self)
                .then(move |opened, act, ctx| match opened {
                    Ok(opened) => commit(act, opened, ctx),
                    Err((what, e)) => ready(act.config_failed(&what, &e, ctx)),
                }),
        )
    }

    /// After a commit, the connection actors follow the stores: a new lease
    /// store gets its own (the old one stops), new hosts databases each get
    /// theirs (the old ones stop). Unchanged stores keep their actors.
    pub(super) fn replace_connections<L: MemfileLease>(
        &mut self,
        lease: Option<(&Arc<LeaseBackendOf<L>>, &LeaseDatabase)>,
        hosts: Option<(&[Arc<HostBackend>], &[HostsDatabase])>,
        ctx: &mut Context<Self>,
    ) where
        Arc<LeaseBackendOf<L>>: Into<ConnStore>,
    {
        let me = ctx.address().recipient();
        if let Some((store, db)) = lease {
            let reg = start_lease_connection(store, db, me.clone());
            if let Some(old) = self.backends.iter().find(|b| b.reg.id == BackendId::Lease) {
                old.reg.handle.stop.do_send(StopBackend);
            }
            self.register_backend(reg);
        }
        if let Some((stores, dbs)) = hosts {
            self.backends.retain(|b| {
                let hosts = matches!(b.reg.id, BackendId::Hosts(_));
                if hosts {
                    b.reg.handle.stop.do_send(StopBackend);
                }
                !hosts
            });
            for reg in start_hosts_connections(stores, dbs, &me) {
                self.register_backend(reg);
            }
        }
    }

    /// The end of every reconfiguration: the lease statistics are recounted
    /// (`recount`), and only then is a `StatsUncounted` disable lifted and
    /// `{log}_CONFIG_COMPLETE` logged.
    pub(super) fn recount_then_answer<E: Display>(
        &mut self,
        recount: impl Future<Output = Result<(), E>> + 'static,
        log: &'static str,
        service: &'static str,
    ) -> Reply {
        Box::pin(recount.into_actor(self).map(move |r, act, _| match r {
            Ok(()) => {
                act.lease_stats_counted();
                info!("{log}_CONFIG_COMPLETE {service} server has completed configuration");
                Response::success("Configuration successful.")
            }
            Err(e) => Response::error(format!(
                "configuration applied but statistics recount failed: {e}"
            )),
        }))
    }
}

/// True when the hosts databases `new` are not the very stores `old` runs.
pub(super) fn hosts_replaced(old: &[Arc<HostBackend>], new: &[Arc<HostBackend>]) -> bool {
    old.len() != new.len() || old.iter().zip(new).any(|(a, b)| !Arc::ptr_eq(a, b))
}

/// The interfaces a new configuration serves: an interface that cannot be
/// resolved refuses the configuration (result 1) only when
/// `service-sockets-require-all` says so; otherwise it is logged (Kea's
/// `{log}_OPEN_SOCKETS_FAILED`) and left out.
pub(super) fn interfaces_or_refuse<T>(
    resolved: Result<Vec<T>, InterfaceError>,
    require_all: bool,
    log: &str,
) -> Result<Vec<T>, Response> {
    match resolved {
        Ok(i) => Ok(i),
        Err(e) if require_all => Err(Response::error(e.to_string())),
        Err(e) => {
            error!("{log}_OPEN_SOCKETS_FAILED {e}");
            Ok(Vec::new())
        }
    }
}
