//! The configuration backend at run time, once for both families: the full
//! fetch that every configuration with `config-control` takes (at startup,
//! `config-set`, `config-reload`, SIGHUP), the poll of the audit trail every
//! `config-fetch-wait-time` seconds and `config-backend-pull`.
//!
//! Where ruru differs from Kea 2.2 (its operators' complaints): a fetch is
//! merged with the configuration file and checked whole before anything
//! changes (Kea applies a failing poll halfway); deleting a database global
//! restores the file's value rather than wiping every file global; polling
//! never gives up after failures or spent reconnect tries, it resumes by
//! itself when the database answers again.

use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use log::{debug, error, info, warn};
use serde_json::Value;

use crate::backends::sql::config_backend::{CbReadError, ConfigDb};
use crate::commands::protocol::Response;
use crate::config::config_backend::{normalized_tag, AuditCursor, CbFamily, ConfigControl};
use crate::config::config_backend_merge::merge_fetched;
use crate::config::model::SqlDatabase;
use crate::config::ConfigError;

use super::commands::{ready, Reply};
use super::family::{Family, NewConfig};
use super::reconfigure::Reconfigurable;
use super::Supervisor;

/// Why a configuration could not be completed from its config database.
#[derive(Debug, thiserror::Error)]
pub enum CbError {
    /// The database could not be opened or read.
    #[error("during update from config backend database: {0}")]
    Read(#[from] CbReadError),
    /// What it holds does not merge with the file or is not a valid
    /// configuration.
    #[error("during update from config backend database: {0}")]
    Merge(#[from] ConfigError),
}

/// A configuration's link to its config database: the open database, the
/// file's own configuration it is merged into and how far its audit trail
/// has been read.
#[derive(Clone)]
pub struct CbSource {
    /// The first `config-databases` entry, open.
    pub db: Arc<ConfigDb>,
    /// The configuration as given (file or `config-set`), before merging.
    pub file: Arc<Value>,
    /// The server tag the fetches select with (normalised).
    pub tag: String,
    /// Newest audit revision applied.
    pub cursor: AuditCursor,
    /// Seconds between polls; 0 = none.
    pub wait: u32,
}

/// The configuration databases of `cc` that ruru reads: the first (Kea 2.2
/// supports one; it reads "the first that has it").
fn first_database<'a>(cc: Option<&'a ConfigControl>, log: &str) -> Option<&'a SqlDatabase> {
    let cc = cc?;
    if cc.databases.len() > 1 {
        warn!(
            "{log}_CB_SECOND_DATABASE_IGNORED only the first of {} config-databases is read",
            cc.databases.len()
        );
    }
    cc.databases.first()
}

/// Reads everything the config database holds for `cfg`'s server tag and
/// merges it into `file` (`cfg`'s own configuration): the configuration to
/// run and its [`CbSource`]; `None` when `cfg` has no config database. An
/// open database (`db`) is reused, otherwise the first one is opened.
pub(crate) async fn fetch_merged<F: Reconfigurable>(
    cfg: &F::Config,
    file: Arc<Value>,
    db: Option<Arc<ConfigDb>>,
) -> Result<Option<(F::Config, CbSource)>, CbError> {
    let cc = F::config_control(cfg);
    let Some(params) = first_database(cc, F::LOG) else {
        return Ok(None);
    };
    let db = match db {
        Some(db) => db,
        None => {
            info!(
                "DCTL_OPEN_CONFIG_DB Opening configuration database: host={} name={} type={}",
                params.host,
                params.name,
                params.kind.name()
            );
            Arc::new(ConfigDb::open(params).await?)
        }
    };
    let tag = normalized_tag(F::server_tag(cfg));
    info!("DCTL_CONFIG_FETCH Fetching configuration data from config backends.");
    let (fetched, cursor) = db.fetch(F::CB_FAMILY, &tag).await?;
    let merged = merge_fetched(&file, &fetched, F::CB_FAMILY)?;
    let new = F::parse_config(&merged)?;
    info!(
        "DHCPSRV_CFGMGR_CONFIG{}_MERGED Configuration backend data has been merged.",
        match F::CB_FAMILY {
            CbFamily::V4 => 4,
            CbFamily::V6 => 6,
        }
    );
    let wait = cc.map_or(0, |c| c.fetch_wait_time);
    Ok(Some((
        new,
        CbSource {
            db,
            file,
            tag,
            cursor,
            wait,
        },
    )))
}

/// What one poll found: nothing new, or the configuration the newer audit
/// entries make.
enum Polled<C> {
    Unchanged,
    Changed(C, CbSource),
}

/// One poll of `src`: the audit trail after its cursor, and when anything is
/// newer the whole configuration fetched again and merged with the file's.
async fn poll<F: Reconfigurable>(src: CbSource) -> Result<Polled<F::Config>, CbError> {
    let Some(newest) = src
        .db
        .audit_after(F::CB_FAMILY, &src.tag, src.cursor)
        .await?
    else {
        debug!(
            "{}_CB_FETCH_UPDATES no configuration change in the database",
            F::LOG
        );
        return Ok(Polled::Unchanged);
    };
    debug!(
        "{}_CB_FETCH_UPDATES audit entries up to revision {} at {}",
        F::LOG,
        newest.id,
        newest.ts
    );
    // The configuration as given, before merging: what the fetch completes.
    let base = F::parse_config(&src.file)?;
    match fetch_merged::<F>(&base, src.file.clone(), Some(src.db.clone())).await? {
        Some((cfg, source)) => Ok(Polled::Changed(cfg, source)),
        None => Ok(Polled::Unchanged),
    }
}

impl NewConfig {
    /// The configuration's own Kea JSON.
    fn effective(&self) -> &Value {
        match self {
            Self::V4(c) => &c.effective,
            Self::V6(c) => &c.effective,
        }
    }
}

impl Supervisor {
    /// Completes `new` from its config database (when it has one) and
    /// applies it; a database that cannot be read or whose contents do not
    /// make a valid configuration answers 1 and stops the service until a
    /// later good configuration, as Kea documents.
    pub(super) fn apply_with_config_backend(&mut self, new: NewConfig) -> Reply {
        let file = Arc::new(new.effective().clone());
        let fetch: std::pin::Pin<Box<dyn std::future::Future<Output = _>>> = match new {
            NewConfig::V4(c) => Box::pin(async move {
                fetch_merged::<super::Family4>(&c, file, None)
                    .await
                    .map(|r| (r.map(|(c, s)| (NewConfig::V4(c), s)), NewConfig::V4(c)))
            }),
            NewConfig::V6(c) => Box::pin(async move {
                fetch_merged::<super::Family6>(&c, file, None)
                    .await
                    .map(|r| (r.map(|(c, s)| (NewConfig::V6(c), s)), NewConfig::V6(c)))
            }),
        };
        Box::pin(fetch.into_actor(self).then(|r, act, ctx| match r {
            Ok((Some((merged, source)), _)) => {
                act.cb = Some(source);
                act.apply_config_now(merged, ctx)
            }
            Ok((None, plain)) => {
                act.cb = None;
                act.apply_config_now(plain, ctx)
            }
            Err(e) => ready(act.cb_failed(&e, ctx)),
        }))
    }

    /// A reconfiguration whose config database failed it.
    fn cb_failed(&mut self, e: &CbError, ctx: &mut Context<Self>) -> Response {
        error!("{}_CONFIG_LOAD_FAIL configuration error: {e}", self.log());
        // Logs *_CONFIG_UNRECOVERABLE_ERROR and disables the service; the
        // answer names the config database's failure rather than an open.
        self.config_failed("config database", &e.to_string(), ctx);
        Response::error(e.to_string())
    }

    /// (Re)arms the poll of the config database after `wait` seconds.
    pub(super) fn arm_cb_poll(&mut self, ctx: &mut Context<Self>) {
        if let Some(h) = self.cb_timer.take() {
            ctx.cancel_future(h);
        }
        let Some(wait) = self.cb.as_ref().map(|s| s.wait).filter(|w| *w > 0) else {
            return;
        };
        let h = ctx.run_later(Duration::from_secs(u64::from(wait)), |act, ctx| {
            act.cb_timer = None;
            let poll = act.poll_once(ctx);
            ctx.spawn(poll.map(|_, act: &mut Supervisor, ctx| act.arm_cb_poll(ctx)));
        });
        self.cb_timer = Some(h);
    }

    /// One poll, applied through the serialised reconfiguration path;
    /// answers as `config-backend-pull` does.
    pub(super) fn poll_once(&mut self, _ctx: &mut Context<Self>) -> Reply {
        let Some(src) = self.cb.clone() else {
            return ready(Response::new(3, "No config backend.", None));
        };
        let turn = self.reconfiguring.clone().lock_owned();
        let family = self.family.clone();
        Box::pin(turn.into_actor(self).then(move |held, act, _ctx| {
            let polled: std::pin::Pin<Box<dyn std::future::Future<Output = _>>> = match family {
                Family::V4(_) => {
                    Box::pin(async move {
                        poll::<super::Family4>(src).await.map(|p| match p {
                            Polled::Unchanged => None,
                            Polled::Changed(c, s) => Some((NewConfig::V4(c), s)),
                        })
                    })
                }
                Family::V6(_) => {
                    Box::pin(async move {
                        poll::<super::Family6>(src).await.map(|p| match p {
                            Polled::Unchanged => None,
                            Polled::Changed(c, s) => Some((NewConfig::V6(c), s)),
                        })
                    })
                }
            };
            polled.into_actor(act).then(move |r, act, ctx| {
                let reply: Reply = match r {
                    Ok(None) => {
                        act.cb_poll_failures = 0;
                        ready(Response::success("On demand configuration update successful."))
                    }
                    Ok(Some((new, source))) => {
                        act.cb_poll_failures = 0;
                        act.cb = Some(source);
                        Box::pin(act.apply_config_now(new, ctx).map(|resp, _, _| {
                            if resp.result == 0 {
                                Response::success("On demand configuration update successful.")
                            } else {
                                Response::error(format!(
                                    "On demand configuration update failed: {}",
                                    resp.text.unwrap_or_default()
                                ))
                            }
                        }))
                    }
                    Err(e) => {
                        act.cb_poll_failures += 1;
                        error!(
                            "{}_CB_PERIODIC_FETCH_UPDATES_FAIL error on periodic attempt to fetch configuration updates: {e} (failure {} in a row; the configuration in force is kept and polling goes on)",
                            act.log(),
                            act.cb_poll_failures
                        );
                        ready(Response::error(format!(
                            "On demand configuration update failed: {e}"
                        )))
                    }
                };
                reply.map(move |resp, _, _| {
                    drop(held);
                    resp
                })
            })
        }))
    }
}
