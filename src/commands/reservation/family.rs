//! What the `reservation-*` commands need of one family: its host record, the
//! configuration file's reservations, how `reservation-add` reads a host, and
//! the hosts database methods of that family (`HostStore`'s `get4…`/`get6…`).

use std::future::Future;

use serde_json::{Map, Value};

use super::host_option::OptionParts;
use crate::backends::{HostAdd, HostStore};
use crate::commands::family::Family;
use crate::config::model::IdentifierType;

/// The fields of a host the handlers read, whatever its family.
pub struct HostCore<'a> {
    /// The database's id (the file's reservations are numbered from 1).
    pub host_id: u64,
    /// The subnet it belongs to (0: global).
    pub subnet_id: u32,
    /// The kind of identifier.
    pub identifier_type: IdentifierType,
    /// The identifier's bytes.
    pub identifier: &'a [u8],
    /// The reserved hostname.
    pub hostname: Option<&'a str>,
    /// The reserved client classes.
    pub client_classes: &'a [String],
    /// Kea's `user-context`, as JSON text.
    pub user_context: Option<&'a str>,
    /// The host's options.
    pub options: Vec<OptionParts<'a>>,
}

/// The `HostCore` of a host (`Host4`, `Host6`: different types, the same
/// field names).
macro_rules! host_core {
    ($host:expr) => {
        HostCore {
            host_id: $host.host_id,
            subnet_id: $host.subnet_id,
            identifier_type: $host.identifier_type,
            identifier: &$host.identifier,
            hostname: $host.hostname.as_deref(),
            client_classes: &$host.client_classes,
            user_context: $host.user_context.as_deref(),
            options: $host.options.iter().map(FamilyHostOption::parts).collect(),
        }
    };
}
pub(super) use host_core;

/// One family's hosts as the `reservation-*` commands use them.
pub trait ReservationFamily: Family {
    /// A host as the hosts database stores it.
    type Host: Send + Sync;
    /// A reservation of the configuration file.
    type Reservation;

    /// The configuration file's global reservations.
    fn global_reservations(cfg: &Self::Config) -> &[Self::Reservation];
    /// The configuration file's reservations of `subnet`.
    fn subnet_reservations(subnet: &Self::Subnet) -> &[Self::Reservation];
    /// A configuration file reservation as a host (options as raw payloads).
    fn config_host(r: &Self::Reservation, subnet_id: u32, host_id: u64) -> Self::Host;

    /// The family-independent fields of `host`.
    fn core(host: &Self::Host) -> HostCore<'_>;
    /// True when `host` reserves `a` (an address, or a prefix starting there).
    fn reserves(host: &Self::Host, a: Self::Addr) -> bool;
    /// The family's fields of Kea's `Host::toElement4`/`toElement6`
    /// (addresses, prefixes, boot fields), into `map`.
    fn family_json(host: &Self::Host, map: &mut Map<String, Value>);

    /// The addresses a `reservation-add` map reserves, or the text that is
    /// not an address of the family.
    fn reserved_addresses(r: &Map<String, Value>) -> Result<Vec<Self::Addr>, String>;
    /// The host a `reservation-add` map (without `subnet-id`) describes,
    /// checked like a configuration file reservation of `subnet` (options
    /// resolved with `cfg`'s definitions, `option-def` included); the error
    /// is the configuration parser's text.
    fn host_to_add(
        cfg: &Self::Config,
        r: &Value,
        subnet_id: u32,
        subnet: Option<&Self::Subnet>,
    ) -> Result<Self::Host, String>;
    /// Kea's text when a database already reserves an address of `host`.
    fn duplicate_address_text(host: &Self::Host) -> String;

    /// The host of `subnet_id` identified by (`kind`, `identifier`).
    fn get<H: HostStore>(
        db: &H,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<Option<Self::Host>, H::Error>> + Send;
    /// The hosts of `subnet_id` reserving `address`.
    fn get_by_address<H: HostStore>(
        db: &H,
        subnet_id: u32,
        address: Self::Addr,
    ) -> impl Future<Output = Hosts<Self, H>> + Send;
    /// Every host identified by (`kind`, `identifier`), in any subnet.
    fn get_by_identifier<H: HostStore>(
        db: &H,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Hosts<Self, H>> + Send;
    /// Every host of `subnet_id`.
    fn get_all<H: HostStore>(db: &H, subnet_id: u32)
        -> impl Future<Output = Hosts<Self, H>> + Send;
    /// Up to `limit` hosts of `subnet_id` after host id `after`.
    fn get_page<H: HostStore>(
        db: &H,
        subnet_id: u32,
        after: u64,
        limit: usize,
    ) -> impl Future<Output = Hosts<Self, H>> + Send;
    /// Hosts named `hostname` (any case), optionally only in `subnet_id`.
    fn get_by_hostname<H: HostStore>(
        db: &H,
        hostname: &str,
        subnet_id: Option<u32>,
    ) -> impl Future<Output = Hosts<Self, H>> + Send;
    /// Stores `host`.
    fn add<H: HostStore>(
        db: &H,
        host: &Self::Host,
    ) -> impl Future<Output = Result<HostAdd, H::Error>> + Send;
    /// Deletes the host of `subnet_id` identified by (`kind`, `identifier`).
    fn del_by_identifier<H: HostStore>(
        db: &H,
        subnet_id: u32,
        kind: IdentifierType,
        identifier: &[u8],
    ) -> impl Future<Output = Result<bool, H::Error>> + Send;
    /// Deletes the hosts of `subnet_id` reserving `address`.
    fn del_by_address<H: HostStore>(
        db: &H,
        subnet_id: u32,
        address: Self::Addr,
    ) -> impl Future<Output = Result<bool, H::Error>> + Send;
}

/// A hosts database's answer for a list of hosts of family `F`.
pub type Hosts<F, H> = Result<Vec<<F as ReservationFamily>::Host>, <H as HostStore>::Error>;

/// The `ReservationFamily` database methods of a family, forwarded to the
/// `HostStore` methods of that family (their names are all that differs).
macro_rules! host_store_methods {
    ($get:ident, $get_by_address:ident, $get_by_identifier:ident, $get_all:ident,
     $get_page:ident, $get_by_hostname:ident, $add:ident, $del_by_identifier:ident,
     $del_by_address:ident) => {
        async fn get<H: HostStore>(
            db: &H,
            subnet_id: u32,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<Option<Self::Host>, H::Error> {
            db.$get(subnet_id, kind, identifier).await
        }
        async fn get_by_address<H: HostStore>(
            db: &H,
            subnet_id: u32,
            a: Self::Addr,
        ) -> Hosts<Self, H> {
            db.$get_by_address(subnet_id, a).await
        }
        async fn get_by_identifier<H: HostStore>(
            db: &H,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Hosts<Self, H> {
            db.$get_by_identifier(kind, identifier).await
        }
        async fn get_all<H: HostStore>(db: &H, subnet_id: u32) -> Hosts<Self, H> {
            db.$get_all(subnet_id).await
        }
        async fn get_page<H: HostStore>(
            db: &H,
            subnet_id: u32,
            after: u64,
            limit: usize,
        ) -> Hosts<Self, H> {
            db.$get_page(subnet_id, after, limit).await
        }
        async fn get_by_hostname<H: HostStore>(
            db: &H,
            name: &str,
            subnet_id: Option<u32>,
        ) -> Hosts<Self, H> {
            db.$get_by_hostname(name, subnet_id).await
        }
        async fn add<H: HostStore>(db: &H, host: &Self::Host) -> Result<HostAdd, H::Error> {
            db.$add(host).await
        }
        async fn del_by_identifier<H: HostStore>(
            db: &H,
            subnet_id: u32,
            kind: IdentifierType,
            identifier: &[u8],
        ) -> Result<bool, H::Error> {
            db.$del_by_identifier(subnet_id, kind, identifier).await
        }
        async fn del_by_address<H: HostStore>(
            db: &H,
            subnet_id: u32,
            a: Self::Addr,
        ) -> Result<bool, H::Error> {
            db.$del_by_address(subnet_id, a).await
        }
    };
}
pub(super) use host_store_methods;
