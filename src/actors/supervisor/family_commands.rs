//! The lease and reservation commands both families have (`leases-reclaim`,
//! `lease4-get` and `lease6-get`, `reservation-*`, …), routed once over [`Reconfigurable`];
//! each family's own commands stay in `family4` / `family6`.

use serde_json::Value;

use crate::backends::lease_backend::LeaseBackendOf;
use crate::commands::lease::{lease_command, LeaseCommandStore, LeaseOp};
use crate::commands::protocol::Response;
use crate::commands::{reservation, Command};

use super::commands::{parse_remove, ready, Reply};
use super::reconfigure::Reconfigurable;
use super::Supervisor;

impl Supervisor {
    /// Routes a lease command both families have or a reservation command
    /// to family `f`'s store and hosts databases; any other command is not
    /// this family's (Kea's "not supported").
    pub(super) fn route_shared<R>(&mut self, f: &R, command: Command, args: Option<Value>) -> Reply
    where
        R: Reconfigurable,
        LeaseBackendOf<R::Lease>: LeaseCommandStore<R::Commands>,
    {
        if command == Command::LeasesReclaim {
            let remove = match parse_remove(args.as_ref()) {
                Ok(r) => r,
                Err(r) => return ready(r),
            };
            let reclaim = f.reclaim(self.stats.clone(), 0, remove);
            return self.lease_cmd(async move {
                match reclaim.await {
                    Ok(_) => Response::success("Reclamation of expired leases is complete."),
                    Err(e) => Response::error(format!("Reclamation of expired leases failed: {e}")),
                }
            });
        }
        let cfg = f.cfg().clone();
        if let Some(op) = LeaseOp::of(command) {
            let (store, stats) = (f.store().clone(), self.stats.clone());
            return self.lease_cmd(async move {
                lease_command::<R::Commands, _>(op, &*store, &cfg, &stats, args.as_ref()).await
            });
        }
        match command {
            Command::ReservationAdd
            | Command::ReservationDel
            | Command::ReservationGet
            | Command::ReservationGetAll
            | Command::ReservationGetByHostname
            | Command::ReservationGetById
            | Command::ReservationGetPage => {
                let dbs = f.host_dbs().to_vec();
                self.lease_cmd(async move {
                    reservation::reservation_command::<R::Commands, _>(
                        command,
                        &cfg,
                        &dbs,
                        args.as_ref(),
                    )
                    .await
                })
            }
            other => ready(Response::unsupported(other.name())),
        }
    }
}
