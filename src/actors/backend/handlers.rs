//! Message handlers of the backend connection actor.

use actix::prelude::*;

use super::super::messages::{Reconnect, ReconnectError, StopBackend};
use super::lifecycle::ConnectionLifecycle;
use super::BackendConn;

impl Handler<StopBackend> for BackendConn {
    type Result = ();
    fn handle(&mut self, _: StopBackend, ctx: &mut Self::Context) {
        ctx.stop();
    }
}

/// CANCEL-SAFETY: see `ConnectionLifecycle::reconnect`; a dropped request
/// leaves a usable (old or new) pool.
impl Handler<Reconnect> for BackendConn {
    type Result = ResponseFuture<Result<(), ReconnectError>>;
    fn handle(&mut self, _: Reconnect, _: &mut Self::Context) -> Self::Result {
        let store = self.store.clone();
        Box::pin(async move {
            store
                .reconnect()
                .await
                .map_err(|e| ReconnectError(e.to_string()))
        })
    }
}
