//! Message handlers of the `Control` actor.

use actix::prelude::*;

use super::{Control, StopControl};

impl Handler<StopControl> for Control {
    type Result = ();

    fn handle(&mut self, _msg: StopControl, ctx: &mut Self::Context) {
        ctx.stop();
    }
}
