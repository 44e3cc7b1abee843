//! `BackendConn`: one actor per backend connection. It owns the store, runs the
//! backend's housekeeping timers (memfile: lease file cleanup every
//! `lfc-interval`) and reports liveness to the supervisor. memfile is always
//! "up"; the SQL backends will probe and reconnect here.

mod handlers;

use std::sync::Arc;
use std::time::Duration;

use actix::prelude::*;
use log::{error, info};

use crate::backends::lease_backend::LeaseBackend;

use super::messages::{BackendId, Liveness};

/// The lease backend connection actor.
pub struct BackendConn {
    id: BackendId,
    store: Arc<LeaseBackend>,
    lfc_interval: u32,
    liveness: Recipient<Liveness>,
    lfc_running: bool,
}

impl BackendConn {
    /// A connection actor for `store`; `lfc_interval` seconds between lease file
    /// cleanups (0 = never).
    pub fn new(
        id: BackendId,
        store: Arc<LeaseBackend>,
        lfc_interval: u32,
        liveness: Recipient<Liveness>,
    ) -> Self {
        Self {
            id,
            store,
            lfc_interval,
            liveness,
            lfc_running: false,
        }
    }

    fn run_lfc(&mut self, ctx: &mut Context<Self>) {
        if self.lfc_running {
            return;
        }
        self.lfc_running = true;
        let store = self.store.clone();
        info!("DHCPSRV_MEMFILE_LFC_EXECUTE executing Lease File Cleanup");
        ctx.spawn(
            async move { store.lease_file_cleanup().await }
                .into_actor(self)
                .map(|res, act, _| {
                    act.lfc_running = false;
                    if let Err(e) = res {
                        error!("DHCPSRV_MEMFILE_LFC_SPAWN_FAIL lease file cleanup failed: {e}");
                    }
                }),
        );
    }
}

impl Actor for BackendConn {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.liveness.do_send(Liveness::Up(self.id.clone()));
        if self.lfc_interval > 0 && matches!(*self.store, LeaseBackend::Memfile(_)) {
            info!(
                "DHCPSRV_MEMFILE_LFC_SETUP setting up the Lease File Cleanup interval to {} sec",
                self.lfc_interval
            );
            ctx.run_interval(
                Duration::from_secs(u64::from(self.lfc_interval)),
                |act, ctx| act.run_lfc(ctx),
            );
        }
    }
}
