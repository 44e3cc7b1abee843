//! What only `Dhcp6` has: preferred lifetimes, `interface-id` and
//! `rapid-commit` inherited per network, prefix delegation pools, and the
//! DHCPv6 subnet model.

use std::net::Ipv6Addr;

use ipnet::Ipv6Net;

use super::client_classes::class_lifetime;
use super::family::{wire_access, Family, Members, NetworkView, Options, SubnetView, WirePool};
use super::network::{global_level, resolved_subnet, GlobalLevel, SubnetParts, Triplet};
use super::{host, options};
use crate::config::client_class::ClassGuard;
use crate::config::error::ConfigError;
use crate::config::model::Lifetime;
use crate::config::model6::{PdPool, Pool6, Reservation6, Subnet6};
use crate::config::option_defs::OptionDefs;
use crate::config::wire::{self, NetworkParams};
use crate::expression::Universe;
use crate::options::Dhcp6;

type Result<T> = std::result::Result<T, ConfigError>;

/// The DHCPv6 family.
#[derive(Debug, Clone, Copy)]
pub struct V6;

/// What a DHCPv6 subnet inherits besides the common values.
#[derive(Debug, Clone)]
pub struct Extra6 {
    preferred: Triplet,
    interface_id: Option<String>,
    rapid_commit: bool,
}

impl Family for V6 {
    const UNIVERSE: Universe = Universe::V6;
    type WireClass = wire::ClientClass6;
    type ClassOwn = Option<Lifetime>;

    /// A class's preferred lifetime triplet, when it sets one.
    fn class_own(c: &wire::ClientClass6, path: &str) -> Result<Option<Lifetime>> {
        class_lifetime(
            (
                c.min_preferred_lifetime,
                c.preferred_lifetime,
                c.max_preferred_lifetime,
            ),
            path,
            "preferred-lifetime",
        )
    }

    wire_access! {
        root: "Dhcp6", addr: Ipv6Addr, space: Dhcp6, extra: Extra6, list: subnet6, pool: Pool6 "IA_NA",
        wire: wire::Dhcp6, network: wire::SharedNetwork6, subnet: wire::Subnet6 => Subnet6, reservations: host::parse_list6 => Reservation6
    }

    /// A network reached directly (`interface`) or via relays (`interface-id`).
    fn check_network(n: &wire::SharedNetwork6, path: &str) -> Result<()> {
        if let (Some(_), Some(_)) = (&n.interface, &n.interface_id) {
            return Err(ConfigError::invalid(
                path,
                format!("interface (defined for locally reachable subnets) and interface-id (defined for subnets reachable via relays) cannot be defined at the same time for shared network {}", n.name),
            ));
        }
        Ok(())
    }
    fn network_name_missing() -> String {
        "missing parameter 'name'".to_string()
    }
    fn network_name_twice(name: &str) -> String {
        format!("duplicate network '{name}' found in the configuration")
    }

    fn global_extra(d: &wire::Dhcp6) -> Result<Extra6> {
        Ok(Extra6 {
            preferred: Triplet {
                min: d.min_preferred_lifetime,
                default: d.preferred_lifetime,
                max: d.max_preferred_lifetime,
            },
            interface_id: None,
            rapid_commit: false,
        })
    }
    fn overlay_extra(e: &mut Extra6, p: &NetworkParams, _: &str) -> Result<()> {
        e.preferred = e.preferred.overlay(
            p.min_preferred_lifetime,
            p.preferred_lifetime,
            p.max_preferred_lifetime,
        );
        if let Some(i) = &p.interface_id {
            e.interface_id = Some(i.clone());
        }
        e.rapid_commit = p.rapid_commit.unwrap_or(e.rapid_commit);
        Ok(())
    }
    fn check_extra(e: &Extra6, path: &str) -> Result<()> {
        e.preferred.check(path, "preferred-lifetime")
    }

    fn build_subnet(s: SubnetParts<'_, V6>) -> Result<Subnet6> {
        let (w, path, prefix) = (s.pending.wire, s.pending.path.as_str(), s.prefix);
        if let (Some(iface), Some(iid)) = (&w.interface, &w.interface_id) {
            return Err(ConfigError::invalid(
                path,
                format!("interface ({iface}, defined for locally reachable subnets) and interface-id ({iid}, defined for subnets reachable via relays) cannot be defined at the same time for subnet {prefix}"),
            ));
        }
        let mut pd_pools: Vec<PdPool> = Vec::with_capacity(w.pd_pools.len());
        for (j, wp) in w.pd_pools.iter().enumerate() {
            let pool_path = format!("{path}.pd-pools[{j}]");
            let pool = parse_pd_pool(wp, &pool_path, &s.inherited.defs)?;
            if let Some(other) = pd_pools.iter().find(|o| {
                o.prefix.contains(&pool.prefix.network())
                    || pool.prefix.contains(&o.prefix.network())
            }) {
                return Err(ConfigError::invalid(
                    format!("{pool_path}.prefix"),
                    format!("a pool of type IA_PD, with the following prefix: {} overlaps with an existing pool in the subnet: {prefix} to which it is being added ({})", pool.prefix, other.prefix),
                ));
            }
            pd_pools.push(pool);
        }
        let e = &s.inherited.extra;
        Ok(resolved_subnet!(Subnet6 {
            s,
            pd_pools,
            interface_id: e.interface_id.as_ref().map(|t| t.as_bytes().to_vec()),
            preferred_lifetime: e.preferred.lifetime(),
            rapid_commit: e.rapid_commit,
        }))
    }
    /// One rapid-commit value for all the subnets of a network.
    fn check_members(m: Members<'_, V6>) -> Result<()> {
        let mut rapid = m.network.rapid_commit;
        for (j, s) in m.subnets.iter().enumerate() {
            match rapid {
                None => rapid = Some(s.rapid_commit),
                Some(r) if r != s.rapid_commit => {
                    return Err(ConfigError::invalid(
                        (m.path_of)(j),
                        format!(
                            "All subnets in a shared network must have the same rapid-commit value. Subnet {} has specified rapid-commit {}, but earlier subnet in the same shared-network or the shared-network itself used rapid-commit {r}",
                            s.prefix, s.rapid_commit
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

fn parse_pd_pool(wp: &wire::PdPool6, path: &str, defs: &OptionDefs<Dhcp6>) -> Result<PdPool> {
    let addr: Ipv6Addr = wp.prefix.trim().parse().map_err(|_| {
        ConfigError::invalid(
            format!("{path}.prefix"),
            format!("'{}' is not a valid IPv6 address", wp.prefix),
        )
    })?;
    if wp.prefix_len == 0 || wp.prefix_len > 128 {
        return Err(ConfigError::invalid(
            format!("{path}.prefix-len"),
            format!("invalid prefix length {} (1..128)", wp.prefix_len),
        ));
    }
    if wp.delegated_len > 128 || wp.delegated_len < wp.prefix_len {
        return Err(ConfigError::invalid(
            format!("{path}.delegated-len"),
            format!(
                "Delegated length ({}) must be longer than or equal to prefix length ({})",
                wp.delegated_len, wp.prefix_len
            ),
        ));
    }
    let prefix = Ipv6Net::new(addr, wp.prefix_len as u8)
        .map_err(|_| ConfigError::invalid(format!("{path}.prefix-len"), "invalid prefix length"))?
        .trunc();
    let excluded_prefix = match (&wp.excluded_prefix, wp.excluded_prefix_len) {
        (None, None) => None,
        (Some(text), Some(len)) => {
            let ex: Ipv6Addr = text.trim().parse().map_err(|_| {
                ConfigError::invalid(
                    format!("{path}.excluded-prefix"),
                    format!("'{text}' is not a valid IPv6 address"),
                )
            })?;
            if len <= wp.delegated_len || len > 128 {
                return Err(ConfigError::invalid(
                    format!("{path}.excluded-prefix-len"),
                    format!(
                        "length of the excluded prefix {text}/{len} must be greater than the length of the delegated prefix {}/{}",
                        wp.prefix, wp.delegated_len
                    ),
                ));
            }
            let ex = Ipv6Net::new(ex, len as u8).map_err(|_| {
                ConfigError::invalid(
                    format!("{path}.excluded-prefix-len"),
                    "invalid prefix length",
                )
            })?;
            if !prefix.contains(&ex.network()) {
                return Err(ConfigError::invalid(
                    format!("{path}.excluded-prefix"),
                    format!("excluded prefix {ex} must be within the pool prefix {prefix}"),
                ));
            }
            Some(ex)
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(ConfigError::invalid(
                path,
                "excluded-prefix and excluded-prefix-len must be specified together",
            ))
        }
    };
    Ok(PdPool {
        prefix,
        delegated_len: wp.delegated_len as u8,
        excluded_prefix,
        options: options::parse_list(&wp.option_data, &format!("{path}.option-data"), defs)?,
        classes: ClassGuard::default()
            .with(wp.client_class.as_ref(), wp.require_client_classes.as_ref()),
    })
}
