//! Subnets and shared networks: inheritance global -> shared network -> subnet,
//! pools, subnet ids, and the cross-subnet checks.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::subnet_ids::{self, build_numbered, split_ids, PendingSubnet};
use super::{boot_fields, host, options, parse_ipv4};
use crate::config::error::ConfigError;
use crate::config::model::{Lifetime, OptionData, Pool4, Subnet4};
use crate::config::wire::{self, NetworkParams};

type Result<T> = std::result::Result<T, ConfigError>;

/// Values a subnet inherits, resolved level by level.
#[derive(Debug, Clone)]
pub struct Inherited {
    valid: u32,
    min_valid: Option<u32>,
    max_valid: Option<u32>,
    renew: Option<u32>,
    rebind: Option<u32>,
    calculate_tee_times: bool,
    t1_percent: f64,
    t2_percent: f64,
    authoritative: bool,
    match_client_id: bool,
    next_server: Ipv4Addr,
    server_hostname: String,
    boot_file_name: String,
    reservations_global: bool,
    reservations_in_subnet: bool,
    reservations_out_of_pool: bool,
    interface: Option<String>,
    relay: Vec<Ipv4Addr>,
    options: Vec<OptionData>,
}

impl Inherited {
    /// The global level.
    pub fn global(d: &wire::Dhcp4, options: Vec<OptionData>) -> Result<Self> {
        let (next_server, server_hostname, boot_file_name) = boot_fields(
            "Dhcp4",
            Some(&d.next_server),
            Some(&d.server_hostname),
            Some(&d.boot_file_name),
        )?;
        let mut g = Self {
            valid: d.valid_lifetime,
            min_valid: d.min_valid_lifetime,
            max_valid: d.max_valid_lifetime,
            renew: d.renew_timer,
            rebind: d.rebind_timer,
            calculate_tee_times: d.calculate_tee_times,
            t1_percent: d.t1_percent,
            t2_percent: d.t2_percent,
            authoritative: d.authoritative,
            match_client_id: d.match_client_id,
            next_server: next_server.unwrap_or(Ipv4Addr::UNSPECIFIED),
            server_hostname: server_hostname.unwrap_or_default(),
            boot_file_name: boot_file_name.unwrap_or_default(),
            reservations_global: d.reservations_global,
            reservations_in_subnet: d.reservations_in_subnet,
            reservations_out_of_pool: d.reservations_out_of_pool,
            interface: None,
            relay: Vec::new(),
            options,
        };
        let flags_set = [
            ("reservations-global", d.reservations_global, false),
            ("reservations-in-subnet", d.reservations_in_subnet, true),
            (
                "reservations-out-of-pool",
                d.reservations_out_of_pool,
                false,
            ),
        ]
        .iter()
        .any(|(_, v, default)| v != default);
        g.apply_reservation_mode("Dhcp4", d.reservation_mode.as_deref(), flags_set)?;
        g.check("Dhcp4")?;
        Ok(g)
    }

    /// This level overlaid with the parameters set at a lower one.
    fn overlay(&self, p: &NetworkParams, path: &str) -> Result<Self> {
        let mut n = self.clone();
        macro_rules! take {
            ($field:ident, $src:ident) => {
                if let Some(v) = p.$src.clone() {
                    n.$field = v;
                }
            };
        }
        take!(valid, valid_lifetime);
        take!(calculate_tee_times, calculate_tee_times);
        take!(t1_percent, t1_percent);
        take!(t2_percent, t2_percent);
        take!(authoritative, authoritative);
        take!(match_client_id, match_client_id);
        take!(server_hostname, server_hostname);
        take!(boot_file_name, boot_file_name);
        take!(reservations_global, reservations_global);
        take!(reservations_in_subnet, reservations_in_subnet);
        take!(reservations_out_of_pool, reservations_out_of_pool);
        n.min_valid = p.min_valid_lifetime.or(n.min_valid);
        n.max_valid = p.max_valid_lifetime.or(n.max_valid);
        n.renew = p.renew_timer.or(n.renew);
        n.rebind = p.rebind_timer.or(n.rebind);
        let (next_server, _, _) = boot_fields(
            path,
            p.next_server.as_deref(),
            p.server_hostname.as_deref(),
            p.boot_file_name.as_deref(),
        )?;
        if let Some(a) = next_server {
            n.next_server = a;
        }
        let flags_set = p.reservations_global.is_some()
            || p.reservations_in_subnet.is_some()
            || p.reservations_out_of_pool.is_some();
        n.apply_reservation_mode(path, p.reservation_mode.as_deref(), flags_set)?;
        Ok(n)
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
        let (global, in_subnet, out_of_pool) = match mode {
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
        self.reservations_global = global;
        self.reservations_in_subnet = in_subnet;
        self.reservations_out_of_pool = out_of_pool;
        Ok(())
    }

    /// Kea's per-network checks: lifetime triplet, T1 <= T2, percents.
    fn check(&self, path: &str) -> Result<()> {
        let (v, name) = (self.valid, "valid-lifetime");
        match (self.min_valid, self.max_valid) {
            (Some(min), Some(max)) if min > max => {
                return Err(ConfigError::invalid(
                    path,
                    format!("the value of min-{name} ({min}) is not less than max-{name} ({max})"),
                ))
            }
            (Some(min), _) if min > v => {
                return Err(ConfigError::invalid(
                    path,
                    format!(
                        "the value of min-{name} ({min}) is not less than (default) {name} ({v})"
                    ),
                ))
            }
            (_, Some(max)) if v > max => {
                return Err(ConfigError::invalid(
                    path,
                    format!(
                        "the value of (default) {name} ({v}) is not less than max-{name} ({max})"
                    ),
                ))
            }
            _ => {}
        }
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

    /// Global reservation flag, after `reservation-mode`.
    pub fn reservations_global(&self) -> bool {
        self.reservations_global
    }
}

/// Relay addresses of a `relay` map.
fn parse_relay(relay: &wire::Relay, path: &str) -> Result<Vec<Ipv4Addr>> {
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
        .map(|(i, t)| parse_ipv4(t, &format!("{path}.ip-addresses[{i}]")))
        .collect()
}

/// A level's interface, relay and options over the inherited ones.
fn overlay_network(
    base: &Inherited,
    params: &NetworkParams,
    interface: &Option<String>,
    relay: &Option<wire::Relay>,
    option_data: &[wire::OptionData],
    path: &str,
) -> Result<Inherited> {
    let mut n = base.overlay(params, path)?;
    if let Some(i) = interface.as_ref().filter(|i| !i.is_empty()) {
        n.interface = Some(i.clone());
    }
    if let Some(r) = relay {
        n.relay = parse_relay(r, path)?;
    }
    let own = options::parse_list(option_data, &format!("{path}.option-data"))?;
    n.options = options::merge(&own, &base.options);
    Ok(n)
}

/// The subnets, the final ids of the global `subnet4` entries, and those of
/// each shared network's `subnet4` entries.
pub type BuiltSubnets = (Vec<Subnet4>, Vec<u32>, Vec<Vec<u32>>);

/// A subnet awaiting its id: where it is, what it inherits.
struct Pending<'a> {
    wire: &'a wire::Subnet4,
    path: String,
    base: Inherited,
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

fn network_sizes(d: &wire::Dhcp4) -> Vec<usize> {
    d.shared_networks.iter().map(|n| n.subnet4.len()).collect()
}

/// Builds every subnet (global `subnet4` first, then those of shared networks),
/// assigning ids the way Kea 2.2 does: shared networks are parsed first, and a
/// subnet without id (or id 0) takes the next number of a counter that starts
/// at 1 and counts only such subnets. Returns the subnets and, per wire subnet,
/// its final id (global list, then each shared network's) for `effective`.
pub fn build_subnets(d: &wire::Dhcp4, global: &Inherited) -> Result<BuiltSubnets> {
    let mut names = HashSet::new();
    let mut shared: Vec<Pending<'_>> = Vec::new();
    for (i, n) in d.shared_networks.iter().enumerate() {
        let path = format!("Dhcp4.shared-networks[{i}]");
        if n.name.is_empty() {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                "shared-network is missing mandatory 'name' parameter",
            ));
        }
        if !names.insert(n.name.clone()) {
            return Err(ConfigError::invalid(
                format!("{path}.name"),
                format!("A shared-network with name {} defined twice.", n.name),
            ));
        }
        let base = overlay_network(
            global,
            &n.params(),
            &n.interface,
            &n.relay,
            &n.option_data,
            &path,
        )?;
        for (j, s) in n.subnet4.iter().enumerate() {
            shared.push(Pending {
                wire: s,
                path: format!("{path}.subnet4[{j}]"),
                base: base.clone(),
                shared_network: Some(n.name.clone()),
            });
        }
    }
    let plain: Vec<Pending<'_>> = d
        .subnet4
        .iter()
        .enumerate()
        .map(|(i, s)| Pending {
            wire: s,
            path: format!("Dhcp4.subnet4[{i}]"),
            base: global.clone(),
            shared_network: None,
        })
        .collect();

    let subnets = build_numbered(&plain, &shared, "IPv4", build_one, |s| s.prefix)?;
    check_shared_networks(d, &subnets, plain.len())?;
    check_pools_across_subnets(&subnets, d)?;
    let ids: Vec<u32> = subnets.iter().map(|s| s.id).collect();
    let (plain_ids, shared_ids) = split_ids(&ids, plain.len(), &network_sizes(d));
    Ok((subnets, plain_ids, shared_ids))
}

fn build_one(p: &Pending<'_>, id: u32) -> Result<Subnet4> {
    let s = p.wire;
    let path = &p.path;
    let prefix = parse_prefix(&s.subnet, &format!("{path}.subnet"))?;
    let r = overlay_network(
        &p.base,
        &s.params(),
        &s.interface,
        &s.relay,
        &s.option_data,
        path,
    )?;
    r.check(path)?;
    let mut pools: Vec<Pool4> = Vec::with_capacity(s.pools.len());
    for (j, wp) in s.pools.iter().enumerate() {
        let pool_path = format!("{path}.pools[{j}]");
        let (start, end) = parse_pool(&wp.pool, &format!("{pool_path}.pool"))?;
        if !prefix.contains(&start) || !prefix.contains(&end) {
            return Err(ConfigError::invalid(
                format!("{pool_path}.pool"),
                format!(
                    "a pool of type V4, with the following address range: {start}-{end} does not match the prefix of a subnet: {prefix} to which it is being added"
                ),
            ));
        }
        if let Some(other) = pools.iter().find(|o| o.start <= end && start <= o.end) {
            return Err(ConfigError::invalid(
                format!("{pool_path}.pool"),
                format!(
                    "a pool of type V4, with the following address range: {start}-{end} overlaps with an existing pool in the subnet: {prefix} to which it is being added ({}-{})",
                    other.start, other.end
                ),
            ));
        }
        pools.push(Pool4 {
            start,
            end,
            options: options::parse_list(&wp.option_data, &format!("{pool_path}.option-data"))?,
        });
    }
    let reservations = host::parse_list(
        &s.reservations,
        &format!("{path}.reservations"),
        Some(&prefix),
    )?;
    let (server_hostname, boot_file_name) = (r.server_hostname.clone(), r.boot_file_name.clone());
    Ok(Subnet4 {
        id,
        prefix,
        pools,
        options: r.options.clone(),
        relay_addresses: r.relay.clone(),
        interface: r.interface.clone(),
        shared_network: p.shared_network.clone(),
        reservations,
        valid_lifetime: Lifetime {
            min: r.min_valid.unwrap_or(r.valid),
            default: r.valid,
            max: r.max_valid.unwrap_or(r.valid),
        },
        renew_timer: r.renew,
        rebind_timer: r.rebind,
        calculate_tee_times: r.calculate_tee_times,
        t1_percent: r.t1_percent,
        t2_percent: r.t2_percent,
        authoritative: r.authoritative,
        match_client_id: r.match_client_id,
        next_server: r.next_server,
        server_hostname,
        boot_file_name,
        reservations_in_subnet: r.reservations_in_subnet,
        reservations_out_of_pool: r.reservations_out_of_pool,
    })
}

/// Kea's shared-network sanity checks: same `authoritative` as the network,
/// no two different interfaces.
fn check_shared_networks(d: &wire::Dhcp4, subnets: &[Subnet4], first: usize) -> Result<()> {
    let mut k = first;
    for (i, n) in d.shared_networks.iter().enumerate() {
        let net_auth = n.authoritative.unwrap_or(d.authoritative);
        for (j, s) in subnets[k..k + n.subnet4.len()].iter().enumerate() {
            let path = format!("Dhcp4.shared-networks[{i}].subnet4[{j}]");
            if s.authoritative != net_auth {
                return Err(ConfigError::invalid(
                    path,
                    format!(
                        "Subnet {} has different authoritative setting {} than the shared-network itself: {net_auth}",
                        s.prefix, s.authoritative
                    ),
                ));
            }
        }
        subnet_ids::check_one_interface(
            n.interface.as_deref(),
            n.subnet4.iter().enumerate().map(|(j, ws)| {
                (
                    format!("Dhcp4.shared-networks[{i}].subnet4[{j}]"),
                    ws.interface.as_deref(),
                    subnets[k + j].prefix,
                )
            }),
        )?;
        k += n.subnet4.len();
    }
    Ok(())
}

/// Pools of different subnets must not overlap either (ruru allocates from one
/// address space).
fn check_pools_across_subnets(subnets: &[Subnet4], d: &wire::Dhcp4) -> Result<()> {
    let mut all: Vec<(Ipv4Addr, Ipv4Addr, usize, usize)> = Vec::new();
    for (si, s) in subnets.iter().enumerate() {
        for (pi, p) in s.pools.iter().enumerate() {
            all.push((p.start, p.end, si, pi));
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
                format!("{}.pools[{}].pool", subnet_path(d, later.2), later.3),
                format!(
                    "pool {}-{} overlaps with pool {}-{} of subnet {} ({}.pools[{}])",
                    later.0,
                    later.1,
                    earlier.0,
                    earlier.1,
                    subnets[earlier.2].prefix,
                    subnet_path(d, earlier.2),
                    earlier.3
                ),
            ));
        }
    }
    Ok(())
}

/// JSON path of the `index`-th built subnet (global list first).
fn subnet_path(d: &wire::Dhcp4, index: usize) -> String {
    subnet_ids::subnet_path(
        "Dhcp4",
        "subnet4",
        d.subnet4.len(),
        &network_sizes(d),
        index,
    )
}

/// `"192.0.2.0/24"`.
fn parse_prefix(text: &str, path: &str) -> Result<Ipv4Net> {
    let Some((addr, len)) = text.split_once('/') else {
        return Err(ConfigError::invalid(
            path,
            format!("Invalid subnet syntax (prefix/len expected):{text}"),
        ));
    };
    let addr: Ipv4Addr = addr
        .trim()
        .parse()
        .map_err(|_| ConfigError::invalid(path, format!("'{text}' is not an IPv4 prefix")))?;
    let len: u8 = len.trim().parse().map_err(|_| {
        ConfigError::invalid(path, format!("prefix length: '{len}' is not an integer"))
    })?;
    let net = Ipv4Net::new(addr, len).map_err(|_| {
        ConfigError::invalid(
            path,
            format!("Invalid prefix length specified for subnet: {len}"),
        )
    })?;
    Ok(net.trunc())
}

/// `"a - b"` or `"prefix/len"` -> first and last address.
pub fn parse_pool(text: &str, path: &str) -> Result<(Ipv4Addr, Ipv4Addr)> {
    let invalid = || {
        ConfigError::invalid(
            path,
            format!(
                "invalid pool definition: {text}. There are two acceptable formats <min address-max address> or <prefix/len>"
            ),
        )
    };
    let failed = || ConfigError::invalid(path, format!("Failed to parse pool definition: {text}"));
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((addr, len)) = cleaned.split_once('/') {
        let addr: Ipv4Addr = addr.parse().map_err(|_| failed())?;
        let len: u8 = len.parse().map_err(|_| failed())?;
        let net = Ipv4Net::new(addr, len).map_err(|_| failed())?;
        return Ok((net.network(), net.broadcast()));
    }
    if let Some((a, b)) = cleaned.split_once('-') {
        let start: Ipv4Addr = a.parse().map_err(|_| failed())?;
        let end: Ipv4Addr = b.parse().map_err(|_| failed())?;
        if start > end {
            return Err(ConfigError::invalid(
                path,
                format!("Failed to create pool defined by: {text} (the first address is greater than the last)"),
            ));
        }
        return Ok((start, end));
    }
    Err(invalid())
}

#[cfg(test)]
mod tests {
    use super::parse_pool;
    use std::net::Ipv4Addr;

    #[test]
    fn pools_take_range_and_prefix_forms() {
        let a = |s: &str| s.parse::<Ipv4Addr>().expect("address");
        assert_eq!(
            parse_pool("10.0.0.10 - 10.0.0.20", "p").expect("range"),
            (a("10.0.0.10"), a("10.0.0.20"))
        );
        assert_eq!(
            parse_pool("10.0.0.64/26", "p").expect("prefix"),
            (a("10.0.0.64"), a("10.0.0.127"))
        );
        assert!(parse_pool("10.0.0.20 - 10.0.0.10", "p").is_err());
        assert!(parse_pool("10.0.0.1", "p").is_err());
        assert!(parse_pool("10.0.0.0/33", "p").is_err());
    }
}
