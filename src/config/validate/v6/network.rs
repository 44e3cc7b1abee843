//! `shared-networks` and `subnet6` entries: inheritance global -> shared
//! network -> subnet, pools, PD pools, relay / interface-id, ids and prefixes
//! unique, Kea's per-network and shared-network checks.

use std::collections::HashSet;
use std::net::Ipv6Addr;

use ipnet::Ipv6Net;

use super::{host, options};
use crate::config::error::ConfigError;
use crate::config::model::Lifetime;
use crate::config::model6::{OptionData6, PdPool, Pool6, Subnet6};
use crate::config::validate::subnet_ids::{self, build_numbered, split_ids, PendingSubnet};
use crate::config::wire::v6 as wire;

type Result<T> = std::result::Result<T, ConfigError>;

/// Values a subnet inherits, resolved level by level.
#[derive(Debug, Clone)]
pub struct Inherited6 {
    interface: Option<String>,
    interface_id: Option<String>,
    relay: Vec<Ipv6Addr>,
    rapid_commit: bool,
    preferred: Triplet,
    valid: Triplet,
    renew: Option<u32>,
    rebind: Option<u32>,
    calculate_tee_times: bool,
    t1_percent: f64,
    t2_percent: f64,
    reservations_global: bool,
    reservations_in_subnet: bool,
    reservations_out_of_pool: bool,
    options: Vec<OptionData6>,
}

#[derive(Debug, Clone, Copy)]
struct Triplet {
    min: Option<u32>,
    default: u32,
    max: Option<u32>,
}

impl Triplet {
    fn overlay(self, min: Option<u32>, default: Option<u32>, max: Option<u32>) -> Self {
        match (min, default, max) {
            (None, None, None) => self,
            _ => Triplet {
                min: min.or(self.min),
                default: default.unwrap_or(self.default),
                max: max.or(self.max),
            },
        }
    }

    fn check(&self, path: &str, name: &str) -> Result<()> {
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

    fn lifetime(&self) -> Lifetime {
        Lifetime {
            min: self.min.unwrap_or(self.default),
            default: self.default,
            max: self.max.unwrap_or(self.default),
        }
    }
}

/// Maps the deprecated `reservation-mode` onto (global, in-subnet, out-of-pool).
fn reservation_mode(path: &str, mode: &str) -> Result<(bool, bool, bool)> {
    Ok(match mode {
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
    })
}

impl Inherited6 {
    /// The global level of `Dhcp6`.
    pub fn global(d: &wire::Dhcp6, options: Vec<OptionData6>) -> Result<Self> {
        let mut g = Self {
            interface: None,
            interface_id: None,
            relay: Vec::new(),
            rapid_commit: false,
            preferred: Triplet {
                min: d.min_preferred_lifetime,
                default: d.preferred_lifetime,
                max: d.max_preferred_lifetime,
            },
            valid: Triplet {
                min: d.min_valid_lifetime,
                default: d.valid_lifetime,
                max: d.max_valid_lifetime,
            },
            renew: d.renew_timer,
            rebind: d.rebind_timer,
            calculate_tee_times: d.calculate_tee_times,
            t1_percent: d.t1_percent,
            t2_percent: d.t2_percent,
            reservations_global: d.reservations_global,
            reservations_in_subnet: d.reservations_in_subnet,
            reservations_out_of_pool: d.reservations_out_of_pool,
            options,
        };
        if let Some(mode) = &d.reservation_mode {
            (
                g.reservations_global,
                g.reservations_in_subnet,
                g.reservations_out_of_pool,
            ) = reservation_mode("Dhcp6", mode)?;
        }
        // Kea checks the lifetime triplets globally; timers and percents
        // only once a subnet uses them.
        g.preferred.check("Dhcp6", "preferred-lifetime")?;
        g.valid.check("Dhcp6", "valid-lifetime")?;
        Ok(g)
    }

    /// Global reservation flag, after `reservation-mode`.
    pub fn reservations_global(&self) -> bool {
        self.reservations_global
    }

    /// This level overlaid with what a lower one (shared network or subnet)
    /// sets, its own options merged over the inherited ones; checked.
    fn overlay(
        &self,
        p: &wire::Params6,
        option_data: &[wire::OptionData6],
        path: &str,
    ) -> Result<Self> {
        let mut r = self.clone();
        r.preferred = r.preferred.overlay(
            p.min_preferred_lifetime,
            p.preferred_lifetime,
            p.max_preferred_lifetime,
        );
        r.valid = r
            .valid
            .overlay(p.min_valid_lifetime, p.valid_lifetime, p.max_valid_lifetime);
        r.renew = p.renew_timer.or(r.renew);
        r.rebind = p.rebind_timer.or(r.rebind);
        r.calculate_tee_times = p.calculate_tee_times.unwrap_or(r.calculate_tee_times);
        r.t1_percent = p.t1_percent.unwrap_or(r.t1_percent);
        r.t2_percent = p.t2_percent.unwrap_or(r.t2_percent);
        let flags_set = p.reservations_global.is_some()
            || p.reservations_in_subnet.is_some()
            || p.reservations_out_of_pool.is_some();
        if let Some(mode) = &p.reservation_mode {
            if flags_set {
                return Err(ConfigError::invalid(
                    path,
                    "invalid use of both 'reservation-mode' and one of 'reservations-global', 'reservations-in-subnet' or 'reservations-out-of-pool' parameters",
                ));
            }
            (
                r.reservations_global,
                r.reservations_in_subnet,
                r.reservations_out_of_pool,
            ) = reservation_mode(path, mode)?;
        }
        r.reservations_global = p.reservations_global.unwrap_or(r.reservations_global);
        r.reservations_in_subnet = p.reservations_in_subnet.unwrap_or(r.reservations_in_subnet);
        r.reservations_out_of_pool = p
            .reservations_out_of_pool
            .unwrap_or(r.reservations_out_of_pool);
        r.check(path)?;
        if let Some(i) = p.interface.as_ref().filter(|i| !i.is_empty()) {
            r.interface = Some(i.clone());
        }
        if let Some(i) = &p.interface_id {
            r.interface_id = Some(i.clone());
        }
        if let Some(relay) = &p.relay {
            r.relay = parse_relay(relay, path)?;
        }
        r.rapid_commit = p.rapid_commit.unwrap_or(r.rapid_commit);
        let own = options::parse_list(option_data, &format!("{path}.option-data"))?;
        r.options = options::merge(&own, &self.options);
        Ok(r)
    }

    /// Kea's per-network checks: lifetime triplets, T1 <= T2, percents.
    fn check(&self, path: &str) -> Result<()> {
        self.preferred.check(path, "preferred-lifetime")?;
        self.valid.check(path, "valid-lifetime")?;
        if let (Some(renew), Some(rebind)) = (self.renew, self.rebind) {
            if renew > rebind {
                return Err(ConfigError::invalid(
                    path,
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

/// The subnets, the final ids of the global `subnet6` entries, and those of
/// each shared network's `subnet6` entries.
pub type BuiltSubnets6 = (Vec<Subnet6>, Vec<u32>, Vec<Vec<u32>>);

/// A subnet awaiting its id: where it is, what it inherits.
struct Pending<'a> {
    wire: &'a wire::Subnet6,
    path: String,
    base: Inherited6,
    shared_network: Option<String>,
}

impl PendingSubnet for Pending<'_> {
    fn wire_id(&self) -> u32 {
        self.wire.id
    }
    fn path(&self) -> &str {
        &self.path
    }
}

fn network_sizes(d: &wire::Dhcp6) -> Vec<usize> {
    d.shared_networks.iter().map(|n| n.subnet6.len()).collect()
}

/// Builds every subnet (global `subnet6` first, then those of shared
/// networks), assigning ids like Kea 2.2: shared networks are parsed first,
/// and a subnet without id (or id 0) takes the next number of a counter that
/// starts at 1 and counts only such subnets. Returns the subnets and, per wire
/// subnet, its final id (global list, then each shared network's).
pub fn build_subnets(d: &wire::Dhcp6, global: &Inherited6) -> Result<BuiltSubnets6> {
    let mut names = HashSet::new();
    let mut shared: Vec<Pending<'_>> = Vec::new();
    for (i, n) in d.shared_networks.iter().enumerate() {
        let path = format!("Dhcp6.shared-networks[{i}]");
        if n.name.is_empty() {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                "missing parameter 'name'",
            ));
        }
        if !names.insert(n.name.clone()) {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                format!("duplicate network '{}' found in the configuration", n.name),
            ));
        }
        if let (Some(_), Some(_)) = (&n.interface, &n.interface_id) {
            return Err(ConfigError::invalid(
                &path,
                format!("interface (defined for locally reachable subnets) and interface-id (defined for subnets reachable via relays) cannot be defined at the same time for shared network {}", n.name),
            ));
        }
        let base = global.overlay(&n.params(), &n.option_data, &path)?;
        for (j, s) in n.subnet6.iter().enumerate() {
            shared.push(Pending {
                wire: s,
                path: format!("{path}.subnet6[{j}]"),
                base: base.clone(),
                shared_network: Some(n.name.clone()),
            });
        }
    }
    let plain: Vec<Pending<'_>> = d
        .subnet6
        .iter()
        .enumerate()
        .map(|(i, s)| Pending {
            wire: s,
            path: format!("Dhcp6.subnet6[{i}]"),
            base: global.clone(),
            shared_network: None,
        })
        .collect();

    let subnets = build_numbered(&plain, &shared, "IPv6", build_one, |s| s.prefix)?;
    check_shared_networks(d, &subnets, plain.len())?;
    check_pools_across_subnets(d, &subnets)?;
    let ids: Vec<u32> = subnets.iter().map(|s| s.id).collect();
    let (plain_ids, shared_ids) = split_ids(&ids, plain.len(), &network_sizes(d));
    Ok((subnets, plain_ids, shared_ids))
}

/// Kea's shared-network checks: one rapid-commit value and one interface for
/// all the subnets of a network.
fn check_shared_networks(d: &wire::Dhcp6, subnets: &[Subnet6], first: usize) -> Result<()> {
    let mut k = first;
    for (i, n) in d.shared_networks.iter().enumerate() {
        let mut rapid = n.rapid_commit;
        for (j, s) in subnets[k..k + n.subnet6.len()].iter().enumerate() {
            let path = format!("Dhcp6.shared-networks[{i}].subnet6[{j}]");
            match rapid {
                None => rapid = Some(s.rapid_commit),
                Some(r) if r != s.rapid_commit => {
                    return Err(ConfigError::invalid(
                        path,
                        format!(
                            "All subnets in a shared network must have the same rapid-commit value. Subnet {} has specified rapid-commit {}, but earlier subnet in the same shared-network or the shared-network itself used rapid-commit {r}",
                            s.prefix, s.rapid_commit
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        subnet_ids::check_one_interface(
            n.interface.as_deref(),
            n.subnet6.iter().enumerate().map(|(j, ws)| {
                (
                    format!("Dhcp6.shared-networks[{i}].subnet6[{j}]"),
                    ws.interface.as_deref(),
                    subnets[k + j].prefix,
                )
            }),
        )?;
        k += n.subnet6.len();
    }
    Ok(())
}

fn build_one(p: &Pending<'_>, id: u32) -> Result<Subnet6> {
    let s = p.wire;
    let path = p.path.as_str();
    let prefix = parse_subnet(&s.subnet, &format!("{path}.subnet"))?;
    if let (Some(iface), Some(iid)) = (&s.interface, &s.interface_id) {
        return Err(ConfigError::invalid(
            path,
            format!("interface ({iface}, defined for locally reachable subnets) and interface-id ({iid}, defined for subnets reachable via relays) cannot be defined at the same time for subnet {prefix}"),
        ));
    }
    let r = p.base.overlay(&s.params(), &s.option_data, path)?;

    let mut pools: Vec<Pool6> = Vec::with_capacity(s.pools.len());
    for (j, wp) in s.pools.iter().enumerate() {
        let pool_path = format!("{path}.pools[{j}]");
        if wp.client_class.is_some()
            || wp
                .require_client_classes
                .as_ref()
                .is_some_and(|c| !c.is_empty())
        {
            return Err(ConfigError::not_supported(&pool_path, "client-class"));
        }
        let (start, end) = parse_pool(&wp.pool, &format!("{pool_path}.pool"))?;
        if !prefix.contains(&start) || !prefix.contains(&end) {
            return Err(ConfigError::invalid(
                format!("{pool_path}.pool"),
                format!("a pool of type IA_NA, with the following address range: {start}-{end} does not match the prefix of a subnet: {prefix} to which it is being added"),
            ));
        }
        if let Some(other) = pools.iter().find(|o| o.start <= end && start <= o.end) {
            return Err(ConfigError::invalid(
                format!("{pool_path}.pool"),
                format!("a pool of type IA_NA, with the following address range: {start}-{end} overlaps with an existing pool in the subnet: {prefix} to which it is being added ({}-{})", other.start, other.end),
            ));
        }
        pools.push(Pool6 {
            start,
            end,
            options: options::parse_list(&wp.option_data, &format!("{pool_path}.option-data"))?,
        });
    }
    let mut pd_pools: Vec<PdPool> = Vec::with_capacity(s.pd_pools.len());
    for (j, wp) in s.pd_pools.iter().enumerate() {
        let pool_path = format!("{path}.pd-pools[{j}]");
        let pool = parse_pd_pool(wp, &pool_path)?;
        if let Some(other) = pd_pools.iter().find(|o| {
            o.prefix.contains(&pool.prefix.network()) || pool.prefix.contains(&o.prefix.network())
        }) {
            return Err(ConfigError::invalid(
                format!("{pool_path}.prefix"),
                format!("a pool of type IA_PD, with the following prefix: {} overlaps with an existing pool in the subnet: {prefix} to which it is being added ({})", pool.prefix, other.prefix),
            ));
        }
        pd_pools.push(pool);
    }
    let reservations = host::parse_list(
        &s.reservations,
        &format!("{path}.reservations"),
        Some(&prefix),
    )?;
    Ok(Subnet6 {
        id,
        prefix,
        pools,
        pd_pools,
        options: r.options.clone(),
        relay_addresses: r.relay.clone(),
        interface: r.interface.clone(),
        interface_id: r.interface_id.as_ref().map(|t| t.as_bytes().to_vec()),
        shared_network: p.shared_network.clone(),
        reservations,
        preferred_lifetime: r.preferred.lifetime(),
        valid_lifetime: r.valid.lifetime(),
        renew_timer: r.renew,
        rebind_timer: r.rebind,
        calculate_tee_times: r.calculate_tee_times,
        t1_percent: r.t1_percent,
        t2_percent: r.t2_percent,
        rapid_commit: r.rapid_commit,
        reservations_in_subnet: r.reservations_in_subnet,
        reservations_out_of_pool: r.reservations_out_of_pool,
    })
}

fn parse_pd_pool(wp: &wire::PdPool6, path: &str) -> Result<PdPool> {
    if wp.client_class.is_some()
        || wp
            .require_client_classes
            .as_ref()
            .is_some_and(|c| !c.is_empty())
    {
        return Err(ConfigError::not_supported(path, "client-class"));
    }
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
        options: options::parse_list(&wp.option_data, &format!("{path}.option-data"))?,
    })
}

/// ruru's extra check (like v4): pools of different subnets do not overlap.
fn check_pools_across_subnets(d: &wire::Dhcp6, subnets: &[Subnet6]) -> Result<()> {
    for (i, a) in subnets.iter().enumerate() {
        for b in &subnets[..i] {
            for (j, p) in a.pools.iter().enumerate() {
                if let Some(q) = b
                    .pools
                    .iter()
                    .find(|q| q.start <= p.end && p.start <= q.end)
                {
                    return Err(ConfigError::invalid(
                        format!("{}.pools[{j}].pool", subnet_path(d, i)),
                        format!(
                            "pool {}-{} overlaps with pool {}-{} of subnet {}",
                            p.start, p.end, q.start, q.end, b.id
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// JSON path of the `index`-th built subnet (global list first).
fn subnet_path(d: &wire::Dhcp6, index: usize) -> String {
    subnet_ids::subnet_path(
        "Dhcp6",
        "subnet6",
        d.subnet6.len(),
        &network_sizes(d),
        index,
    )
}

fn parse_relay(relay: &crate::config::wire::Relay, path: &str) -> Result<Vec<Ipv6Addr>> {
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
        .map(|(i, t)| {
            t.trim().parse().map_err(|_| {
                ConfigError::invalid(
                    format!("{path}.ip-addresses[{i}]"),
                    format!("'{t}' is not a valid IPv6 address"),
                )
            })
        })
        .collect()
}

/// `"2001:db8:1::/64"`.
fn parse_subnet(text: &str, path: &str) -> Result<Ipv6Net> {
    let Some((addr, len)) = text.split_once('/') else {
        return Err(ConfigError::invalid(
            path,
            format!("Invalid subnet syntax (prefix/len expected):{text}"),
        ));
    };
    let addr: Ipv6Addr = addr
        .trim()
        .parse()
        .map_err(|_| ConfigError::invalid(path, format!("'{text}' is not an IPv6 prefix")))?;
    let len: u8 = len.trim().parse().map_err(|_| {
        ConfigError::invalid(path, format!("prefix length: '{len}' is not an integer"))
    })?;
    let net = Ipv6Net::new(addr, len).map_err(|_| {
        ConfigError::invalid(
            path,
            format!("Invalid prefix length specified for subnet: {len}"),
        )
    })?;
    Ok(net.trunc())
}

/// `"a - b"` or `"prefix/len"` -> first and last address.
pub fn parse_pool(text: &str, path: &str) -> Result<(Ipv6Addr, Ipv6Addr)> {
    let failed = || ConfigError::invalid(path, format!("Failed to parse pool definition: {text}"));
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((addr, len)) = cleaned.split_once('/') {
        let addr: Ipv6Addr = addr.parse().map_err(|_| failed())?;
        let len: u8 = len.parse().map_err(|_| failed())?;
        let net = Ipv6Net::new(addr, len).map_err(|_| failed())?;
        return Ok((net.network(), net.broadcast()));
    }
    if let Some((a, b)) = cleaned.split_once('-') {
        let start: Ipv6Addr = a.parse().map_err(|_| failed())?;
        let end: Ipv6Addr = b.parse().map_err(|_| failed())?;
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
        format!("invalid pool definition: {text}. There are two acceptable formats <min address-max address> or <prefix/len>"),
    ))
}

#[cfg(test)]
mod tests {
    use super::parse_pool;

    #[test]
    fn pools_take_range_and_prefix_forms() {
        let (a, b) = parse_pool("2001:db8::/120", "p").expect("prefix");
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2001:db8::".into(), "2001:db8::ff".into())
        );
        let (a, b) = parse_pool("2001:db8::10 - 2001:db8::20", "p").expect("range");
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2001:db8::10".into(), "2001:db8::20".into())
        );
        assert!(parse_pool("2001:db8::20-2001:db8::10", "p").is_err());
        assert!(parse_pool("nonsense", "p").is_err());
    }
}
