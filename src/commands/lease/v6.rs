//! DHCPv6 leases for the lease commands (`LeaseFamily` for `V6` over any
//! `Lease6Store`), and the commands only DHCPv6 has: `lease6-get-by-duid`
//! and `lease6-bulk-apply`.

use std::net::Ipv6Addr;

use serde_json::{json, Map, Value};

use super::family::{LeaseCommandStore, LeaseFamily, Verb};
use super::query::{By, LeaseQuery};
use super::v4::by_argument;
use super::{lease_del, lease_update, leases_response, required, store_error};
use crate::backends::lease6::{ClientIa, Lease6, LeaseType};
use crate::backends::Lease6Store;
use crate::commands::args::{as_map, BadArgument};
use crate::commands::family::V6;
use crate::commands::lease_json::{lease6_to_json, parse_duid, parse_lease6, ParsedLease};
use crate::commands::protocol::{Response, SUCCESS};
use crate::config::model6::Dhcp6Config;
use crate::stats::Stats;

/// How a DHCPv6 lease is looked up.
pub enum Lookup6 {
    /// By type and address (a prefix's first address).
    Address(LeaseType, Ipv6Addr),
    /// By type, DUID, IAID and subnet.
    Duid(LeaseType, Vec<u8>, u32, u32),
}

impl LeaseFamily for V6 {
    type Lease = Lease6;
    type Lookup = Lookup6;

    const COMMANDS: &'static str = "lease6";

    fn to_json(lease: &Lease6) -> Value {
        lease6_to_json(lease)
    }

    fn parse(
        cfg: &Dhcp6Config,
        args: &Value,
        now: i64,
    ) -> Result<ParsedLease<Lease6>, BadArgument> {
        parse_lease6(cfg, args, now)
    }

    fn address(lease: &Lease6) -> Ipv6Addr {
        lease.address
    }

    fn added_text(l: &Lease6) -> String {
        if l.lease_type == LeaseType::Pd {
            format!(
                "Lease for prefix {}/{}, subnet-id {} added.",
                l.address, l.prefix_len, l.subnet_id
            )
        } else {
            format!(
                "Lease for address {}, subnet-id {} added.",
                l.address, l.subnet_id
            )
        }
    }

    fn lookup(query: LeaseQuery<Ipv6Addr>, verb: Verb) -> Result<Option<Lookup6>, BadArgument> {
        let refused = |kind: &str| BadArgument(format!("{verb:?} by {kind} is not allowed in v6."));
        // A `V4` lease type names no DHCPv6 lease: Kea looks and finds none.
        let t = query.lease_type;
        match query.by {
            By::Address(a) => Ok(a.zip(t).map(|(a, t)| Lookup6::Address(t, a))),
            By::Duid(text, iaid, subnet) => {
                let duid = parse_duid(&text)?;
                Ok(t.map(|t| Lookup6::Duid(t, duid, iaid, subnet)))
            }
            By::HwAddr(..) => Err(refused("hw-address")),
            // Kea's lease6-del has no case for a client-id and says so.
            By::ClientId(..) if verb == Verb::Delete => {
                Err(BadArgument::new("Unknown query type: 3"))
            }
            By::ClientId(..) => Err(refused("client-id")),
        }
    }
}

impl<S: Lease6Store> LeaseCommandStore<V6> for S {
    type Error = S::Error;

    async fn stored(&self, lease: &Lease6) -> Result<Option<Lease6>, S::Error> {
        self.get6(lease.lease_type, lease.address).await
    }

    async fn find(&self, lookup: &Lookup6) -> Result<Option<Lease6>, S::Error> {
        match lookup {
            Lookup6::Address(t, a) => self.get6(*t, *a).await,
            Lookup6::Duid(t, duid, iaid, subnet) => Ok(self
                .get6_by_client(
                    *t,
                    ClientIa {
                        duid,
                        iaid: *iaid,
                        subnet_id: *subnet,
                    },
                )
                .await?
                .into_iter()
                .next()),
        }
    }

    async fn all(&self, subnets: Option<&[u32]>) -> Result<Vec<Lease6>, S::Error> {
        self.get6_all(subnets).await
    }

    async fn add(&self, lease: &Lease6) -> Result<bool, S::Error> {
        self.add6(lease).await
    }

    async fn update(&self, lease: &Lease6) -> Result<bool, S::Error> {
        self.update6(lease).await
    }

    async fn delete(&self, lease: &Lease6) -> Result<bool, S::Error> {
        self.delete6(lease.lease_type, lease.address).await
    }

    async fn wipe(&self, subnet_id: u32) -> Result<u64, S::Error> {
        self.wipe6(Some(subnet_id)).await
    }
}

/// `lease6-get-by-duid`: every lease of a DUID.
pub async fn lease6_get_by_duid<S: Lease6Store>(store: &S, args: Option<&Value>) -> Response {
    let run = async {
        let duid = parse_duid(by_argument(args, "duid")?)?;
        let leases = store.get6_by_duid(&duid).await.map_err(store_error)?;
        Ok(leases_response::<V6>(&leases, false))
    };
    run.await.unwrap_or_else(|r: Response| r)
}

/// `lease6-bulk-apply`: deletes `deleted-leases` and adds or updates `leases`;
/// the ones that failed are listed in `failed-leases`.
pub async fn lease6_bulk_apply<S: Lease6Store>(
    store: &S,
    cfg: &Dhcp6Config,
    stats: &Stats,
    args: Option<&Value>,
) -> Response {
    let run = async {
        let map = as_map(required(args)?)?;
        let list = |name: &str| -> Result<Vec<Value>, BadArgument> {
            match map.get(name) {
                None => Ok(Vec::new()),
                Some(Value::Array(a)) => Ok(a.clone()),
                Some(_) => Err(BadArgument(format!("'{name}' parameter must be a list"))),
            }
        };
        let deleted = list("deleted-leases")?;
        let leases = list("leases")?;
        if deleted.is_empty() && leases.is_empty() {
            return Err(BadArgument::new(
                "neither 'deleted-leases' nor 'leases' parameter specified",
            )
            .into());
        }
        let mut failed: Vec<Value> = Vec::new();
        let fail = |v: &Value, result: i32, msg: String| {
            let mut m = Map::new();
            if let Some(a) = v.get("ip-address") {
                m.insert("ip-address".into(), a.clone());
            }
            m.insert(
                "type".into(),
                v.get("type").cloned().unwrap_or(json!("IA_NA")),
            );
            m.insert("result".into(), json!(result));
            m.insert("error-message".into(), json!(msg));
            Value::Object(m)
        };
        for v in &deleted {
            let r = lease_del::<V6, S>(store, stats, Some(v)).await;
            if r.result != SUCCESS {
                failed.push(fail(v, r.result, r.text.clone().unwrap_or_default()));
            }
        }
        for v in &leases {
            let mut with_force = v.clone();
            if let Some(m) = with_force.as_object_mut() {
                m.insert("force-create".into(), json!(true));
            }
            let r = lease_update::<V6, S>(store, cfg, stats, Some(&with_force)).await;
            if r.result != SUCCESS {
                failed.push(fail(v, r.result, r.text.clone().unwrap_or_default()));
            }
        }
        let total = deleted.len() + leases.len();
        let args = if failed.is_empty() {
            None
        } else {
            Some(json!({ "failed-leases": failed }))
        };
        Ok(Response::new(
            SUCCESS,
            format!("Bulk apply of {total} IPv6 leases completed."),
            args,
        ))
    };
    run.await.unwrap_or_else(|r: Response| r)
}
