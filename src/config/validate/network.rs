//! Subnets and shared networks of either family: inheritance global ->
//! shared network -> subnet, Kea's per-level checks, pools, subnet ids, and
//! the cross-subnet checks.

use std::collections::HashSet;

use super::family::{Family, Ip, Members, Options, SubnetView};
use super::options;
use super::subnet_ids::{self, build_numbered, split_ids, PendingSubnet};
use std::sync::Arc;

use crate::config::client_class::ClassGuard;
use crate::config::error::ConfigError;
use crate::config::model::Lifetime;
use crate::config::option_defs::OptionDefs;
use crate::config::wire::{self, NetworkParams};

type Result<T> = std::result::Result<T, ConfigError>;

/// A min/default/max lifetime as resolved so far.
#[derive(Debug, Clone, Copy)]
pub struct Triplet {
    /// `min-…-lifetime`.
    pub min: Option<u32>,
    /// `…-lifetime`.
    pub default: u32,
    /// `max-…-lifetime`.
    pub max: Option<u32>,
}

impl Triplet {
    /// This triplet overlaid with a lower level's values (all inherited
    /// when the level sets none).
    pub fn overlay(self, min: Option<u32>, default: Option<u32>, max: Option<u32>) -> Self {
        Triplet {
            min: min.or(self.min),
            default: default.unwrap_or(self.default),
            max: max.or(self.max),
        }
    }

    /// Kea's triplet check: min <= default <= max (`name`: `valid-lifetime`).
    pub fn check(&self, path: &str, name: &str) -> Result<()> {
        let v = self.default;
        match (self.min, self.max) {
            (Some(min), Some(max)) if min > max => Err(ConfigError::invalid(
                path,
                format!("the value of min-{name} ({min}) is not less than max-{name} ({max})"),
            )),
            (Some(min), _) if min > v => Err(ConfigError::invalid(
                path,
                format!("the value of min-{name} ({min}) is not less than (default) {name} ({v})"),
            )),
            (_, Some(max)) if v > max => Err(ConfigError::invalid(
                path,
                format!("the value of (default) {name} ({v}) is not less than max-{name} ({max})"),
            )),
            _ => Ok(()),
        }
    }

    /// The model's lifetime (min and max default to the default).
    pub fn lifetime(&self) -> Lifetime {
        Lifetime {
            min: self.min.unwrap_or(self.default),
            default: self.default,
            max: self.max.unwrap_or(self.default),
        }
    }
}

/// The global values a network inherits, as the wire map has them.
#[derive(Debug, Clone)]
pub struct GlobalLevel<'a> {
    /// `valid-lifetime` triplet.
    pub valid: Triplet,
    /// `renew-timer`.
    pub renew: Option<u32>,
    /// `rebind-timer`.
    pub rebind: Option<u32>,
    /// `calculate-tee-times`.
    pub calculate_tee_times: bool,
    /// `t1-percent`.
    pub t1_percent: f64,
    /// `t2-percent`.
    pub t2_percent: f64,
    /// `reservation-mode`.
    pub reservation_mode: Option<&'a str>,
    /// `reservations-global`.
    pub reservations_global: bool,
    /// `reservations-in-subnet`.
    pub reservations_in_subnet: bool,
    /// `reservations-out-of-pool`.
    pub reservations_out_of_pool: bool,
}

/// The [`GlobalLevel`] of a `Dhcp4` or `Dhcp6` wire map (same key names).
macro_rules! global_level {
    ($d:expr) => {
        $crate::config::validate::network::GlobalLevel {
            valid: $crate::config::validate::network::Triplet {
                min: $d.min_valid_lifetime,
                default: $d.valid_lifetime,
                max: $d.max_valid_lifetime,
            },
            renew: $d.renew_timer,
            rebind: $d.rebind_timer,
            calculate_tee_times: $d.calculate_tee_times,
            t1_percent: $d.t1_percent,
            t2_percent: $d.t2_percent,
            reservation_mode: $d.reservation_mode.as_deref(),
            reservations_global: $d.reservations_global,
            reservations_in_subnet: $d.reservations_in_subnet,
            reservations_out_of_pool: $d.reservations_out_of_pool,
        }
    };
}
pub(super) use global_level;

/// A validated subnet `$name` (`Subnet4`, `Subnet6`) of its parts `$s` (a
/// [`SubnetParts`]): the fields both families have, its reservations
/// (validated here, after what the family checks first), then `$own` (the
/// family's).
macro_rules! resolved_subnet {
    ($name:ident { $s:ident, $($own:tt)* }) => {
        $name {
            reservations: Self::reservations(
                $s.pending.wire,
                &format!("{}.reservations", $s.pending.path),
                &$s.prefix,
                &$s.inherited.defs,
            )?,
            id: $s.id,
            prefix: $s.prefix,
            pools: $s.pools,
            options: $s.inherited.options.clone(),
            classes: $s.inherited.classes.clone(),
            relay_addresses: $s.inherited.relay.clone(),
            interface: $s.inherited.interface.clone(),
            shared_network: $s.pending.shared_network.clone(),
            valid_lifetime: $s.inherited.valid.lifetime(),
            renew_timer: $s.inherited.renew,
            rebind_timer: $s.inherited.rebind,
            calculate_tee_times: $s.inherited.calculate_tee_times,
            t1_percent: $s.inherited.t1_percent,
            t2_percent: $s.inherited.t2_percent,
            reservations_in_subnet: $s.inherited.reservations_in_subnet,
            reservations_out_of_pool: $s.inherited.reservations_out_of_pool,
            $($own)*
        }
    };
}
pub(super) use resolved_subnet;

/// Values a subnet inherits, resolved level by level.
#[derive(Debug, Clone)]
pub struct Inherited<F: Family> {
    /// `valid-lifetime` triplet.
    pub valid: Triplet,
    /// T1.
    pub renew: Option<u32>,
    /// T2.
    pub rebind: Option<u32>,
    /// Path of the level that set T1 or T2 last (where a wrong pair is).
    timers_at: String,
    /// `calculate-tee-times`.
    pub calculate_tee_times: bool,
    /// `t1-percent`.
    pub t1_percent: f64,
    /// `t2-percent`.
    pub t2_percent: f64,
    /// `reservations-global`.
    pub reservations_global: bool,
    /// `reservations-in-subnet`.
    pub reservations_in_subnet: bool,
    /// `reservations-out-of-pool`.
    pub reservations_out_of_pool: bool,
    /// `interface`.
    pub interface: Option<String>,
    /// `relay` addresses.
    pub relay: Vec<F::Addr>,
    /// Options, lower levels first (the global ones are not inherited: they
    /// come after the classes' in a reply).
    pub options: Options<F>,
    /// The class guards and required classes of the levels so far.
    pub classes: ClassGuard,
    /// The option definitions options are encoded with.
    pub defs: Arc<OptionDefs<F::Space>>,
    /// What only this family inherits.
    pub extra: F::Extra,
}

impl<F: Family> Inherited<F> {
    /// The global level. Kea checks the lifetime triplets here; timers and
    /// percents only in the networks that use them.
    pub fn global(d: &F::Wire, defs: Arc<OptionDefs<F::Space>>) -> Result<Self> {
        let g = F::global_level(d);
        let mut i = Self {
            valid: g.valid,
            renew: g.renew,
            rebind: g.rebind,
            timers_at: F::ROOT.to_string(),
            calculate_tee_times: g.calculate_tee_times,
            t1_percent: g.t1_percent,
            t2_percent: g.t2_percent,
            reservations_global: g.reservations_global,
            reservations_in_subnet: g.reservations_in_subnet,
            reservations_out_of_pool: g.reservations_out_of_pool,
            interface: None,
            relay: Vec::new(),
            options: Vec::new(),
            classes: ClassGuard::default(),
            defs,
            extra: F::global_extra(d)?,
        };
        let flags_set =
            g.reservations_global || !g.reservations_in_subnet || g.reservations_out_of_pool;
        i.apply_reservation_mode(F::ROOT, g.reservation_mode, flags_set)?;
        i.valid.check(F::ROOT, "valid-lifetime")?;
        F::check_extra(&i.extra, F::ROOT)?;
        Ok(i)
    }

    /// Global reservation flag, after `reservation-mode`.
    pub fn reservations_global(&self) -> bool {
        self.reservations_global
    }

    /// This level overlaid with what a lower one (shared network or subnet at
    /// `path`) sets, its own options merged over the inherited ones; checked.
    fn overlay(
        &self,
        p: &NetworkParams,
        option_data: &[wire::OptionData<F::Space>],
        path: &str,
    ) -> Result<Self> {
        let mut r = self.clone();
        r.valid = r
            .valid
            .overlay(p.min_valid_lifetime, p.valid_lifetime, p.max_valid_lifetime);
        r.renew = p.renew_timer.or(r.renew);
        r.rebind = p.rebind_timer.or(r.rebind);
        if p.renew_timer.is_some() || p.rebind_timer.is_some() {
            r.timers_at = path.to_string();
        }
        r.calculate_tee_times = p.calculate_tee_times.unwrap_or(r.calculate_tee_times);
        r.t1_percent = p.t1_percent.unwrap_or(r.t1_percent);
        r.t2_percent = p.t2_percent.unwrap_or(r.t2_percent);
        r.reservations_global = p.reservations_global.unwrap_or(r.reservations_global);
        r.reservations_in_subnet = p.reservations_in_subnet.unwrap_or(r.reservations_in_subnet);
        r.reservations_out_of_pool = p
            .reservations_out_of_pool
            .unwrap_or(r.reservations_out_of_pool);
        let flags_set = p.reservations_global.is_some()
            || p.reservations_in_subnet.is_some()
            || p.reservations_out_of_pool.is_some();
        r.apply_reservation_mode(path, p.reservation_mode.as_deref(), flags_set)?;
        F::overlay_extra(&mut r.extra, p, path)?;
        r.check(path)?;
        if let Some(i) = p.interface.as_ref().filter(|i| !i.is_empty()) {
            r.interface = Some(i.clone());
        }
        if let Some(relay) = &p.relay {
            r.relay = parse_relay::<F::Addr>(relay, path)?;
        }
        let own = options::parse_list(option_data, &format!("{path}.option-data"), &self.defs)?;
        r.options = options::merge(&own, &self.options);
        r.classes = r
            .classes
            .with(p.client_class.as_ref(), p.require_client_classes.as_ref());
        Ok(r)
    }

    /// Maps the deprecated `reservation-mode` onto the three flags.
    fn apply_reservation_mode(
        &mut self,
        path: &str,
        mode: Option<&str>,
        flags_set: bool,
    ) -> Result<()> {
        let Some(mode) = mode else { return Ok(()) };
        if flags_set {
            return Err(ConfigError::invalid(
                path,
                "invalid use of both 'reservation-mode' and one of 'reservations-global', 'reservations-in-subnet' or 'reservations-out-of-pool' parameters",
            ));
        }
        (
            self.reservations_global,
            self.reservations_in_subnet,
            self.reservations_out_of_pool,
        ) = match mode {
            "disabled" | "off" => (false, false, false),
            "out-of-pool" => (false, true, true),
            "global" => (true, false, false),
            "all" => (false, true, false),
            other => {
                return Err(ConfigError::invalid(
                    format!("{path}.reservation-mode"),
                    format!("invalid reservation-mode parameter: '{other}'"),
                ))
            }
        };
        Ok(())
    }

    /// Kea's per-network checks: lifetime triplets, T1 <= T2 (named where
    /// they were set), percents.
    fn check(&self, path: &str) -> Result<()> {
        F::check_extra(&self.extra, path)?;
        self.valid.check(path, "valid-lifetime")?;
        if let (Some(renew), Some(rebind)) = (self.renew, self.rebind) {
            if renew > rebind {
                return Err(ConfigError::invalid(
                    &self.timers_at,
                    format!("the value of renew-timer ({renew}) is greater than the value of rebind-timer ({rebind})"),
                ));
            }
        }
        if self.calculate_tee_times {
            for (name, p) in [
                ("t2-percent", self.t2_percent),
                ("t1-percent", self.t1_percent),
            ] {
                if p <= 0.0 || p >= 1.0 {
                    return Err(ConfigError::invalid(
                        path,
                        format!("{name}:  {p} is invalid, it must be greater than 0.0 and less than 1.0"),
                    ));
                }
            }
            if self.t1_percent >= self.t2_percent {
                return Err(ConfigError::invalid(
                    path,
                    format!(
                        "t1-percent:  {} is invalid, it must be less than t2-percent: {}",
                        self.t1_percent, self.t2_percent
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The subnets, the final ids of the global subnet list, and those of each
/// shared network's list.
pub type BuiltSubnets<S> = (Vec<S>, Vec<u32>, Vec<Vec<u32>>);

/// A subnet awaiting its id: where it is, what it inherits.
pub struct Pending<'a, F: Family> {
    /// The wire subnet.
    pub wire: &'a F::WireSubnet,
    /// Its JSON path.
    pub path: String,
    /// What it inherits from its shared network (or the globals).
    pub base: Inherited<F>,
    /// Its shared network's name.
    pub shared_network: Option<String>,
}

impl<F: Family> PendingSubnet for Pending<'_, F> {
    fn wire_id(&self) -> u32 {
        F::subnet(self.wire).id
    }
    fn path(&self) -> &str {
        &self.path
    }
}

fn network_sizes<F: Family>(d: &F::Wire) -> Vec<usize> {
    F::networks(d)
        .iter()
        .map(|n| F::network(n).subnets.len())
        .collect()
}

/// Builds every subnet (global list first, then those of shared networks),
/// assigning ids the way Kea 2.2 does: shared networks are parsed first, and
/// a subnet without id (or id 0) takes the next number of a counter that
/// starts at 1 and counts only such subnets. Returns the subnets and, per
/// wire subnet, its final id (global list, then each shared network's) for
/// `effective`.
pub fn build_subnets<F: Family>(
    d: &F::Wire,
    global: &Inherited<F>,
) -> Result<BuiltSubnets<F::Subnet>> {
    let mut names = HashSet::new();
    let mut shared: Vec<Pending<'_, F>> = Vec::new();
    for (i, wn) in F::networks(d).iter().enumerate() {
        let n = F::network(wn);
        let path = format!("{}.shared-networks[{i}]", F::ROOT);
        if n.name.is_empty() {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                F::network_name_missing(),
            ));
        }
        if !names.insert(n.name.to_string()) {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                F::network_name_twice(n.name),
            ));
        }
        F::check_network(wn, &path)?;
        let base = global.overlay(&n.params, n.options, &path)?;
        for (j, s) in n.subnets.iter().enumerate() {
            shared.push(Pending {
                wire: s,
                path: format!("{path}.{}[{j}]", F::SUBNETS),
                base: base.clone(),
                shared_network: Some(n.name.to_string()),
            });
        }
    }
    let plain: Vec<Pending<'_, F>> = F::subnets(d)
        .iter()
        .enumerate()
        .map(|(i, s)| Pending {
            wire: s,
            path: format!("{}.{}[{i}]", F::ROOT, F::SUBNETS),
            base: global.clone(),
            shared_network: None,
        })
        .collect();

    let subnets = build_numbered(
        &plain,
        &shared,
        <F::Addr as Ip>::NAME,
        build_one::<F>,
        F::prefix_of,
    )?;
    check_shared_networks::<F>(d, &subnets, plain.len())?;
    check_pools_across_subnets::<F>(d, &subnets)?;
    let ids: Vec<u32> = subnets.iter().map(F::id_of).collect();
    let (plain_ids, shared_ids) = split_ids(&ids, plain.len(), &network_sizes::<F>(d));
    Ok((subnets, plain_ids, shared_ids))
}

/// What a subnet is built from, in Kea's order: where it is and what it
/// inherits, its id and prefix, its address pools (validated first).
pub struct SubnetParts<'a, F: Family> {
    /// The pending entry.
    pub pending: &'a Pending<'a, F>,
    /// Its final id.
    pub id: u32,
    /// Its values, resolved level by level.
    pub inherited: &'a Inherited<F>,
    /// Its prefix.
    pub prefix: <F::Addr as Ip>::Net,
    /// Its address pools.
    pub pools: Vec<F::Pool>,
}

fn build_one<F: Family>(p: &Pending<'_, F>, id: u32) -> Result<F::Subnet> {
    let s = F::subnet(p.wire);
    let prefix = parse_prefix::<F::Addr>(s.subnet, &format!("{}.subnet", p.path))?;
    let r = p.base.overlay(&s.params, s.options, &p.path)?;
    let pools = parse_pools::<F>(p.wire, &prefix, &p.path, &p.base.defs)?;
    F::build_subnet(SubnetParts {
        pending: p,
        id,
        inherited: &r,
        prefix,
        pools,
    })
}

/// The address pools of the subnet `s` with `prefix` at `path`, each inside
/// the prefix and overlapping no other.
fn parse_pools<F: Family>(
    s: &F::WireSubnet,
    prefix: &<F::Addr as Ip>::Net,
    path: &str,
    defs: &OptionDefs<F::Space>,
) -> Result<Vec<F::Pool>> {
    let mut out: Vec<(F::Addr, F::Addr)> = Vec::new();
    let mut pools = Vec::new();
    for (j, w) in F::wire_pools(s).into_iter().enumerate() {
        let (text, option_data) = (w.range, w.options);
        let pool_path = format!("{path}.pools[{j}]");
        let (start, end) = parse_pool::<F::Addr>(text, &format!("{pool_path}.pool"))?;
        let kind = F::POOL_TYPE;
        if !<F::Addr as Ip>::contains(prefix, &start) || !<F::Addr as Ip>::contains(prefix, &end) {
            return Err(ConfigError::invalid(
                format!("{pool_path}.pool"),
                format!(
                    "a pool of type {kind}, with the following address range: {start}-{end} does not match the prefix of a subnet: {prefix} to which it is being added"
                ),
            ));
        }
        if let Some((a, b)) = out.iter().find(|(a, b)| *a <= end && start <= *b) {
            return Err(ConfigError::invalid(
                format!("{pool_path}.pool"),
                format!(
                    "a pool of type {kind}, with the following address range: {start}-{end} overlaps with an existing pool in the subnet: {prefix} to which it is being added ({a}-{b})"
                ),
            ));
        }
        let options = options::parse_list(option_data, &format!("{pool_path}.option-data"), defs)?;
        out.push((start, end));
        let classes = ClassGuard::default().with(w.client_class, w.require_client_classes);
        pools.push(F::pool(start, end, options, classes));
    }
    Ok(pools)
}

/// Kea's shared-network checks: the family's member checks, then no two
/// different interfaces.
fn check_shared_networks<F: Family>(
    d: &F::Wire,
    subnets: &[F::Subnet],
    first: usize,
) -> Result<()> {
    let mut k = first;
    for (i, wn) in F::networks(d).iter().enumerate() {
        let n = F::network(wn);
        let count = n.subnets.len();
        let path_of = |j: usize| format!("{}.shared-networks[{i}].{}[{j}]", F::ROOT, F::SUBNETS);
        F::check_members(Members {
            root: d,
            network: wn,
            subnets: &subnets[k..k + count],
            path_of: &path_of,
        })?;
        let views: Vec<SubnetView<'_, F>> = n.subnets.iter().map(F::subnet).collect();
        subnet_ids::check_one_interface(
            n.params.interface.as_deref(),
            views.iter().enumerate().map(|(j, v)| {
                (
                    path_of(j),
                    v.params.interface.as_deref(),
                    F::prefix_of(&subnets[k + j]),
                )
            }),
        )?;
        k += count;
    }
    Ok(())
}

/// Pools of different subnets must not overlap either (ruru allocates from
/// one address space).
fn check_pools_across_subnets<F: Family>(d: &F::Wire, subnets: &[F::Subnet]) -> Result<()> {
    let mut all: Vec<(F::Addr, F::Addr, usize, usize)> = Vec::new();
    for (si, s) in subnets.iter().enumerate() {
        for (pi, (start, end)) in F::pools_of(s).into_iter().enumerate() {
            all.push((start, end, si, pi));
        }
    }
    all.sort();
    for w in all.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.0 <= a.1 && a.2 != b.2 {
            let (later, earlier) = if (b.2, b.3) > (a.2, a.3) {
                (b, a)
            } else {
                (a, b)
            };
            return Err(ConfigError::invalid(
                format!("{}.pools[{}].pool", subnet_path::<F>(d, later.2), later.3),
                format!(
                    "pool {}-{} overlaps with pool {}-{} of subnet {} ({}.pools[{}])",
                    later.0,
                    later.1,
                    earlier.0,
                    earlier.1,
                    F::prefix_of(&subnets[earlier.2]),
                    subnet_path::<F>(d, earlier.2),
                    earlier.3
                ),
            ));
        }
    }
    Ok(())
}

/// JSON path of the `index`-th built subnet (global list first).
fn subnet_path<F: Family>(d: &F::Wire, index: usize) -> String {
    subnet_ids::subnet_path(
        F::ROOT,
        F::SUBNETS,
        F::subnets(d).len(),
        &network_sizes::<F>(d),
        index,
    )
}

/// An address of family `A` at `path`.
pub fn parse_addr<A: Ip>(text: &str, path: &str) -> Result<A> {
    text.trim().parse().map_err(|_| {
        ConfigError::invalid(path, format!("'{text}' is not a valid {} address", A::NAME))
    })
}

/// Relay addresses of a `relay` map.
fn parse_relay<A: Ip>(relay: &wire::Relay, path: &str) -> Result<Vec<A>> {
    let path = format!("{path}.relay");
    let texts: Vec<&String> = match (&relay.ip_address, &relay.ip_addresses) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::invalid(
                path,
                "specify either ip-address or ip-addresses, not both",
            ))
        }
        (Some(a), None) => vec![a],
        (None, Some(list)) => list.iter().collect(),
        (None, None) => return Err(ConfigError::invalid(path, "ip-addresses is required")),
    };
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| parse_addr(t, &format!("{path}.ip-addresses[{i}]")))
        .collect()
}

/// `"192.0.2.0/24"`, `"2001:db8:1::/64"`: a subnet prefix, host bits cleared.
fn parse_prefix<A: Ip>(text: &str, path: &str) -> Result<A::Net> {
    let Some((addr, len)) = text.split_once('/') else {
        return Err(ConfigError::invalid(
            path,
            format!("Invalid subnet syntax (prefix/len expected):{text}"),
        ));
    };
    let addr: A = addr.trim().parse().map_err(|_| {
        ConfigError::invalid(path, format!("'{text}' is not an {} prefix", A::NAME))
    })?;
    let len: u8 = len.trim().parse().map_err(|_| {
        ConfigError::invalid(path, format!("prefix length: '{len}' is not an integer"))
    })?;
    let net = A::net(addr, len).ok_or_else(|| {
        ConfigError::invalid(
            path,
            format!("Invalid prefix length specified for subnet: {len}"),
        )
    })?;
    Ok(A::trunc(net))
}

/// `"a - b"` or `"prefix/len"` -> first and last address.
pub fn parse_pool<A: Ip>(text: &str, path: &str) -> Result<(A, A)> {
    let failed = || ConfigError::invalid(path, format!("Failed to parse pool definition: {text}"));
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((addr, len)) = cleaned.split_once('/') {
        let addr: A = addr.parse().map_err(|_| failed())?;
        let len: u8 = len.parse().map_err(|_| failed())?;
        let net = A::net(addr, len).ok_or_else(failed)?;
        return Ok(A::bounds(&net));
    }
    if let Some((a, b)) = cleaned.split_once('-') {
        let start: A = a.parse().map_err(|_| failed())?;
        let end: A = b.parse().map_err(|_| failed())?;
        if start > end {
            return Err(ConfigError::invalid(
                path,
                format!("Failed to create pool defined by: {text} (the first address is greater than the last)"),
            ));
        }
        return Ok((start, end));
    }
    Err(ConfigError::invalid(
        path,
        format!(
            "invalid pool definition: {text}. There are two acceptable formats <min address-max address> or <prefix/len>"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::parse_pool;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn ipv4_pools_take_range_and_prefix_forms() {
        let a = |s: &str| s.parse::<Ipv4Addr>().expect("address");
        assert_eq!(
            parse_pool("10.0.0.10 - 10.0.0.20", "p").expect("range"),
            (a("10.0.0.10"), a("10.0.0.20"))
        );
        assert_eq!(
            parse_pool("10.0.0.64/26", "p").expect("prefix"),
            (a("10.0.0.64"), a("10.0.0.127"))
        );
        assert!(parse_pool::<Ipv4Addr>("10.0.0.20 - 10.0.0.10", "p").is_err());
        assert!(parse_pool::<Ipv4Addr>("10.0.0.1", "p").is_err());
        assert!(parse_pool::<Ipv4Addr>("10.0.0.0/33", "p").is_err());
    }

    #[test]
    fn ipv6_pools_take_range_and_prefix_forms() {
        let (a, b) = parse_pool::<Ipv6Addr>("2001:db8::/120", "p").expect("prefix");
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2001:db8::".into(), "2001:db8::ff".into())
        );
        let (a, b) = parse_pool::<Ipv6Addr>("2001:db8::10 - 2001:db8::20", "p").expect("range");
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2001:db8::10".into(), "2001:db8::20".into())
        );
        assert!(parse_pool::<Ipv6Addr>("2001:db8::20-2001:db8::10", "p").is_err());
        assert!(parse_pool::<Ipv6Addr>("nonsense", "p").is_err());
    }
}
