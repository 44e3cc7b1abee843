//! What the lease commands need of one family: its lease (as JSON, from the
//! arguments, in Kea's texts), the lookups its store can make, and the lease
//! store methods of that family (`LeaseStore`'s `*4` / `Lease6Store`'s `*6`).

use std::future::Future;

use serde_json::Value;

use super::query::LeaseQuery;
use super::stats::CountedLease;
use crate::commands::args::BadArgument;
use crate::commands::family::Family;
use crate::commands::lease_json::ParsedLease;

/// Whether a lease is looked up to be shown or to be deleted (Kea words the
/// refusals differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// `lease*-get`.
    Query,
    /// `lease*-del`.
    Delete,
}

/// One family's leases as the shared lease commands use them.
pub trait LeaseFamily: Family {
    /// The family's lease.
    type Lease: CountedLease + Send + Sync;
    /// A lookup of one lease the family's store can make.
    type Lookup: Send + Sync;

    /// The family's command names start with it: `lease4` / `lease6`.
    const COMMANDS: &'static str;

    /// Kea's JSON form of `lease`.
    fn to_json(lease: &Self::Lease) -> Value;
    /// The lease `lease*-add` / `lease*-update` arguments describe.
    fn parse(
        cfg: &Self::Config,
        args: &Value,
        now: i64,
    ) -> Result<ParsedLease<Self::Lease>, BadArgument>;
    /// The lease's address (a delegated prefix's first address).
    fn address(lease: &Self::Lease) -> Self::Addr;
    /// Kea's `lease*-add` success text.
    fn added_text(lease: &Self::Lease) -> String;
    /// The lookup `query` asks for: `Ok(None)` when it can name no lease, an
    /// error with Kea's text when the family cannot look leases up that way.
    fn lookup(
        query: LeaseQuery<Self::Addr>,
        verb: Verb,
    ) -> Result<Option<Self::Lookup>, BadArgument>;
}

/// A lease store as the shared lease commands of family `F` use it.
pub trait LeaseCommandStore<F: LeaseFamily>: Send + Sync {
    /// The store's error.
    type Error: std::error::Error;

    /// The stored lease with the key (address, and type) of `lease`.
    fn stored(&self, lease: &F::Lease) -> impl Future<Output = Found<F, Self::Error>> + Send;
    /// The first lease `lookup` finds.
    fn find(&self, lookup: &F::Lookup) -> impl Future<Output = Found<F, Self::Error>> + Send;
    /// Every lease, or those of `subnets`.
    fn all(&self, subnets: Option<&[u32]>) -> impl Future<Output = Listed<F, Self::Error>> + Send;
    /// Adds `lease`; `false` when its key is taken.
    fn add(&self, lease: &F::Lease) -> impl Future<Output = Result<bool, Self::Error>> + Send;
    /// Overwrites the lease with the key of `lease`; `false` when there is none.
    fn update(&self, lease: &F::Lease) -> impl Future<Output = Result<bool, Self::Error>> + Send;
    /// Deletes the lease with the key of `lease`; `false` when there is none.
    fn delete(&self, lease: &F::Lease) -> impl Future<Output = Result<bool, Self::Error>> + Send;
    /// Deletes the leases of `subnet_id`; how many there were.
    fn wipe(&self, subnet_id: u32) -> impl Future<Output = Result<u64, Self::Error>> + Send;
}

/// A store's answer for at most one lease of family `F`.
pub type Found<F, E> = Result<Option<<F as LeaseFamily>::Lease>, E>;
/// A store's answer for a list of leases of family `F`.
pub type Listed<F, E> = Result<Vec<<F as LeaseFamily>::Lease>, E>;
