//! A client's reservations from the hosts databases with one round trip per
//! database per query: a database is asked once, for every identifier of the
//! client in every subnet the query may use, the first time one of its answers
//! is needed; Kea's order (`HostMgr`: identifier by identifier, then database
//! by database) is applied to those answers.

use std::future::Future;
use std::sync::Arc;

use log::error;

use crate::backends::host::Host4;
use crate::backends::host6::Host6;
use crate::backends::HostStore;
use crate::config::model::{IdentifierType, Reservation4};
use crate::config::model6::Reservation6;

use super::hosts::host_db_failed;
use super::AllocError;

/// A client identifier as reservations are keyed: its type and its bytes.
pub type Identifier<'a> = (IdentifierType, &'a [u8]);

/// What the lookup needs from one family's stored hosts.
pub trait HostFamily {
    /// A host as the hosts database returns it.
    type Host: Send + Sync;
    /// A host as the engine uses it.
    type Reservation;

    /// One round trip to `db`: its hosts in any of `subnet_ids` identified by
    /// any of `ids`.
    fn fetch<'a, H: HostStore>(
        db: &'a H,
        subnet_ids: &'a [u32],
        ids: &'a [Identifier<'a>],
    ) -> impl Future<Output = Result<Vec<Self::Host>, H::Error>> + Send + 'a;

    /// The subnet and identifier `host` is reserved under.
    fn key(host: &Self::Host) -> (u32, Identifier<'_>);

    /// `host` as a reservation, or why it cannot be used (it is then skipped).
    fn reservation(host: &Self::Host) -> Result<Self::Reservation, String>;

    /// The database's id of `host`, for the log.
    fn host_id(host: &Self::Host) -> u64;
}

/// Implements [`HostFamily`] for `$family`, whose stored hosts are `$host`,
/// fetched with the store's lookup of all of a client's identifiers at once,
/// `HostStore::$get_any`.
macro_rules! host_family {
    ($(#[$doc:meta])* $family:ident, $host:ty, $reservation:ty, $get_any:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $family;

        impl HostFamily for $family {
            type Host = $host;
            type Reservation = $reservation;

            fn fetch<'a, H: HostStore>(
                db: &'a H,
                subnet_ids: &'a [u32],
                ids: &'a [Identifier<'a>],
            ) -> impl Future<Output = Result<Vec<$host>, H::Error>> + Send + 'a {
                db.$get_any(subnet_ids, ids)
            }

            fn key(host: &$host) -> (u32, Identifier<'_>) {
                (host.subnet_id, (host.identifier_type, &host.identifier))
            }

            fn reservation(host: &$host) -> Result<$reservation, String> {
                host.to_reservation()
                    .map_err(|(code, e)| format!("option {code}: {e}"))
            }

            fn host_id(host: &$host) -> u64 {
                host.host_id
            }
        }
    };
}

host_family!(
    /// DHCPv4 hosts (`dhcp4_subnet_id`) for [`DbHosts`].
    Hosts4,
    Host4,
    Reservation4,
    get4_any
);
host_family!(
    /// DHCPv6 hosts (`dhcp6_subnet_id`) for [`DbHosts`].
    Hosts6,
    Host6,
    Reservation6,
    get6_any
);

/// The hosts databases as one query sees them: each asked at most once.
pub struct DbHosts<'a, F: HostFamily, H> {
    dbs: &'a [Arc<H>],
    subnet_ids: &'a [u32],
    ids: &'a [Identifier<'a>],
    /// Each database's answer, once it was needed.
    answers: Vec<Option<Vec<F::Host>>>,
}

impl<'a, F: HostFamily, H: HostStore> DbHosts<'a, F, H> {
    /// The view of `dbs` for a query that may ask for the client's host in
    /// any of `subnet_ids` (0 = global) by any of `ids`.
    pub fn new(dbs: &'a [Arc<H>], subnet_ids: &'a [u32], ids: &'a [Identifier<'a>]) -> Self {
        Self {
            dbs,
            subnet_ids,
            ids,
            answers: dbs.iter().map(|_| None).collect(),
        }
    }

    /// The host of `subnet_id` identified by `id` from the first database
    /// that has a usable one (Kea's `HostMgr::get4`/`get6` for one
    /// identifier). A lost database fails the query; an operation error is
    /// logged and that database has no answer for this query.
    pub async fn get<E: std::error::Error + 'static>(
        &mut self,
        subnet_id: u32,
        id: Identifier<'_>,
    ) -> Result<Option<F::Reservation>, AllocError<E>> {
        for (index, db) in self.dbs.iter().enumerate() {
            if self.answers[index].is_none() {
                let hosts = match F::fetch(&**db, self.subnet_ids, self.ids).await {
                    Ok(hosts) => hosts,
                    Err(e) => {
                        host_db_failed(index, &e)?;
                        Vec::new()
                    }
                };
                self.answers[index] = Some(hosts);
            }
            let answer = self.answers[index].as_deref().unwrap_or_default();
            if let Some(h) = answer.iter().find(|h| F::key(h) == (subnet_id, id)) {
                match F::reservation(h) {
                    Ok(r) => return Ok(Some(r)),
                    Err(e) => error!(
                        "hosts database {index}: host {} of subnet {subnet_id} is ignored: {e}",
                        F::host_id(h)
                    ),
                }
            }
        }
        Ok(None)
    }
}
