//! Message handlers of the backend connection actor.

use actix::prelude::*;

use super::super::messages::StopBackend;
use super::BackendConn;

impl Handler<StopBackend> for BackendConn {
    type Result = ();
    fn handle(&mut self, _: StopBackend, ctx: &mut Self::Context) {
        ctx.stop();
    }
}
