//! DHCPv4 leases for the lease commands (`LeaseFamily` for `V4` over any
//! `LeaseStore`), and the commands only DHCPv4 has: `lease4-get-page` and
//! `lease4-get-by-hw-address` / `-client-id` / `-hostname`.

use std::net::{IpAddr, Ipv4Addr};

use serde_json::Value;

use super::family::{LeaseCommandStore, LeaseFamily, Verb};
use super::query::{By, LeaseQuery};
use super::{leases_response, store_error};
use crate::backends::lease::Lease4;
use crate::backends::lease_store::LeaseStore;
use crate::commands::args::{as_map, BadArgument};
use crate::commands::family::V4;
use crate::commands::hex_text::{parse_client_id, parse_hwaddr};
use crate::commands::lease_json::{lease4_to_json, parse_ip, parse_lease4, ParsedLease};
use crate::commands::protocol::Response;
use crate::config::model::Dhcp4Config;

/// How a DHCPv4 lease is looked up.
pub enum Lookup4 {
    /// By address.
    Address(Ipv4Addr),
    /// By hardware address within a subnet.
    HwAddr(Vec<u8>, u32),
    /// By client identifier within a subnet.
    ClientId(Vec<u8>, u32),
}

impl LeaseFamily for V4 {
    type Lease = Lease4;
    type Lookup = Lookup4;

    const COMMANDS: &'static str = "lease4";

    fn to_json(lease: &Lease4) -> Value {
        lease4_to_json(lease)
    }

    fn parse(
        cfg: &Dhcp4Config,
        args: &Value,
        now: i64,
    ) -> Result<ParsedLease<Lease4>, BadArgument> {
        parse_lease4(cfg, args, now)
    }

    fn address(lease: &Lease4) -> Ipv4Addr {
        lease.address
    }

    fn added_text(lease: &Lease4) -> String {
        format!(
            "Lease for address {}, subnet-id {} added.",
            lease.address, lease.subnet_id
        )
    }

    fn lookup(query: LeaseQuery<Ipv4Addr>, verb: Verb) -> Result<Option<Lookup4>, BadArgument> {
        Ok(match query.by {
            By::Address(a) => a.map(Lookup4::Address),
            By::HwAddr(hw, subnet) => Some(Lookup4::HwAddr(hw, subnet)),
            By::ClientId(id, subnet) => Some(Lookup4::ClientId(id, subnet)),
            By::Duid(..) => {
                return Err(BadArgument(format!(
                    "{verb:?} by duid is not allowed in v4."
                )))
            }
        })
    }
}

impl<S: LeaseStore> LeaseCommandStore<V4> for S {
    type Error = S::Error;

    async fn stored(&self, lease: &Lease4) -> Result<Option<Lease4>, S::Error> {
        self.get4(lease.address).await
    }

    async fn find(&self, lookup: &Lookup4) -> Result<Option<Lease4>, S::Error> {
        let first = |v: Vec<Lease4>| v.into_iter().next();
        match lookup {
            Lookup4::Address(a) => self.get4(*a).await,
            Lookup4::HwAddr(hw, s) => self.get4_by_hwaddr(hw, Some(*s)).await.map(first),
            Lookup4::ClientId(id, s) => self.get4_by_client_id(id, Some(*s)).await.map(first),
        }
    }

    async fn all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease4>, S::Error> {
        self.get4_all(subnets).await
    }

    async fn add(&self, lease: &Lease4) -> Result<bool, S::Error> {
        self.add4(lease).await
    }

    async fn update(&self, lease: &Lease4) -> Result<bool, S::Error> {
        self.update4(lease).await
    }

    async fn delete(&self, lease: &Lease4) -> Result<bool, S::Error> {
        self.delete4(lease.address).await
    }

    async fn wipe(&self, subnet_id: u32) -> Result<u64, S::Error> {
        self.wipe4(Some(subnet_id)).await
    }
}

/// The address of a `lease4-get-page` `from`: `start`, or an IPv4 address.
fn page_start(from: &str) -> Result<Ipv4Addr, BadArgument> {
    if from == "start" {
        return Ok(Ipv4Addr::UNSPECIFIED);
    }
    match parse_ip(from) {
        Ok(IpAddr::V4(a)) => Ok(a),
        Ok(IpAddr::V6(v6)) => Err(BadArgument(format!(
            "'from' parameter value {v6} is not an IPv4 address"
        ))),
        Err(_) => Err(BadArgument::new(
            "'from' parameter value is neither 'start' keyword nor a valid IPv4 address",
        )),
    }
}

/// `lease4-get-page`: up to `limit` leases after address `from` (or "start").
pub async fn lease4_get_page<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let args = args.ok_or_else(|| {
            BadArgument::new("no parameters specified for the lease4-get-page command")
        })?;
        let map = as_map(args)?;
        let from = map
            .get("from")
            .ok_or_else(|| BadArgument::new("'from' parameter not specified"))?
            .as_str()
            .ok_or_else(|| BadArgument::new("'from' parameter must be a string"))?;
        let after = page_start(from)?;
        let limit = map
            .get("limit")
            .ok_or_else(|| BadArgument::new("'limit' parameter not specified"))?
            .as_i64()
            .ok_or_else(|| BadArgument::new("'limit' parameter must be a number"))?;
        // Kea casts to size_t, so a negative limit is a huge one.
        let limit = u64::from_ne_bytes(limit.to_ne_bytes());
        if limit == 0 {
            return Err(BadArgument::new("page size of retrieved leases must not be 0").into());
        }
        if limit > u64::from(u32::MAX) {
            return Err(BadArgument(format!(
                "page size of retrieved leases must not be greater than {}",
                u32::MAX
            ))
            .into());
        }
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let leases = store.get4_page(after, limit).await.map_err(store_error)?;
        Ok(leases_response::<V4>(&leases, true))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// Kea's checks for the single string argument of the `lease*-get-by-*`
/// commands.
pub(super) fn by_argument<'a>(args: Option<&'a Value>, name: &str) -> Result<&'a str, BadArgument> {
    let Some(Value::Object(map)) = args else {
        return Err(BadArgument::new(
            "Command arguments missing or a not a map.",
        ));
    };
    map.get(name)
        .ok_or_else(|| BadArgument(format!("'{name}' parameter not specified")))?
        .as_str()
        .ok_or_else(|| BadArgument(format!("'{name}' parameter must be a string")))
}

/// `lease4-get-by-hw-address`: every lease of a hardware address.
pub async fn lease4_get_by_hw_address<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let hw = parse_hwaddr(by_argument(args, "hw-address")?)?;
        let leases = store.get4_by_hwaddr(&hw, None).await.map_err(store_error)?;
        Ok(leases_response::<V4>(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-get-by-client-id`: every lease of a client identifier.
pub async fn lease4_get_by_client_id<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let id = parse_client_id(by_argument(args, "client-id")?)?;
        let leases = store
            .get4_by_client_id(&id, None)
            .await
            .map_err(store_error)?;
        Ok(leases_response::<V4>(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease4-get-by-hostname`: every lease with that hostname (case-insensitive,
/// stored hostnames are lower case). The store has no hostname index, so this
/// scans all leases.
pub async fn lease4_get_by_hostname<S: LeaseStore>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let hostname = by_argument(args, "hostname")?;
        if hostname.is_empty() {
            return Err(BadArgument::new("'hostname' parameter is empty").into());
        }
        let wanted = hostname.to_ascii_lowercase();
        let leases: Vec<Lease4> = store
            .get4_all(None)
            .await
            .map_err(store_error)?
            .into_iter()
            .filter(|l| l.hostname == wanted)
            .collect();
        Ok(leases_response::<V4>(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}
