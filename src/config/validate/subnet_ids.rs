//! Kea 2.2's subnet numbering, shared by `Dhcp4` and `Dhcp6`: the subnets of
//! shared networks are parsed first, then the global list; a subnet without
//! id (or id 0) takes the next number of a counter that starts at 1 and counts
//! only such subnets; ids and prefixes are unique across all of them. Also
//! the shared-network check both families make: one interface per network.

use std::collections::HashSet;
use std::fmt::Display;
use std::hash::Hash;

use crate::config::error::ConfigError;

type Result<T> = std::result::Result<T, ConfigError>;

/// A wire subnet awaiting its id.
pub trait PendingSubnet {
    /// The id written in the configuration (0 = none).
    fn wire_id(&self) -> u32;
    /// Its JSON path (`Dhcp6.shared-networks[0].subnet6[1]`).
    fn path(&self) -> &str;
}

/// Builds every subnet with `build(pending, id)` in Kea's order, checking
/// that ids and prefixes (`prefix_of`) are unique (`family`: "IPv4" or
/// "IPv6", as in Kea's message). Returns them global list first, then each
/// shared network's, in configuration order.
pub fn build_numbered<P, S, K>(
    plain: &[P],
    shared: &[P],
    family: &str,
    mut build: impl FnMut(&P, u32) -> Result<S>,
    prefix_of: impl Fn(&S) -> K,
) -> Result<Vec<S>>
where
    P: PendingSubnet,
    K: Eq + Hash + Display,
{
    let mut next_auto = 1u32;
    let mut used_ids = HashSet::new();
    let mut prefixes = HashSet::new();
    let mut built: Vec<(usize, S)> = Vec::with_capacity(plain.len() + shared.len());
    let kea_order = shared.iter().enumerate().map(|(k, p)| (plain.len() + k, p));
    for (slot, p) in kea_order.chain(plain.iter().enumerate()) {
        let id = if p.wire_id() == 0 {
            next_auto += 1;
            next_auto - 1
        } else {
            p.wire_id()
        };
        let subnet = build(p, id)?;
        if !used_ids.insert(id) {
            return Err(ConfigError::invalid(
                format!("{}.id", p.path()),
                format!("ID of the new {family} subnet '{id}' is already in use"),
            ));
        }
        let prefix = prefix_of(&subnet);
        if prefixes.contains(&prefix) {
            return Err(ConfigError::invalid(
                format!("{}.subnet", p.path()),
                format!("subnet with the prefix of '{prefix}' already exists"),
            ));
        }
        prefixes.insert(prefix);
        built.push((slot, subnet));
    }
    built.sort_by_key(|(slot, _)| *slot);
    Ok(built.into_iter().map(|(_, s)| s).collect())
}

/// The final ids split back per list: the global one (`globals` subnets),
/// then each shared network's (`sizes`), for the effective configuration.
pub fn split_ids(ids: &[u32], globals: usize, sizes: &[usize]) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut shared = Vec::with_capacity(sizes.len());
    let mut k = globals;
    for &n in sizes {
        shared.push(ids[k..k + n].to_vec());
        k += n;
    }
    (ids[..globals].to_vec(), shared)
}

/// JSON path of the `index`-th built subnet (global list first): `root` is
/// `Dhcp4`/`Dhcp6`, `list` `subnet4`/`subnet6`.
pub fn subnet_path(
    root: &str,
    list: &str,
    globals: usize,
    sizes: &[usize],
    index: usize,
) -> String {
    if index < globals {
        return format!("{root}.{list}[{index}]");
    }
    let mut k = index - globals;
    for (i, &n) in sizes.iter().enumerate() {
        if k < n {
            return format!("{root}.shared-networks[{i}].{list}[{k}]");
        }
        k -= n;
    }
    root.to_string()
}

/// Kea's check that the subnets of one shared network name no interface other
/// than the network's (or the first subnet's): `subnets` gives each subnet's
/// path, own `interface` and prefix.
pub fn check_one_interface<'a, K: Display>(
    network_interface: Option<&'a str>,
    subnets: impl IntoIterator<Item = (String, Option<&'a str>, K)>,
) -> Result<()> {
    let mut iface = network_interface.filter(|i| !i.is_empty());
    for (path, own, prefix) in subnets {
        let Some(own) = own.filter(|i| !i.is_empty()) else {
            continue;
        };
        match iface {
            None => iface = Some(own),
            Some(prev) if prev != own => {
                return Err(ConfigError::invalid(
                    format!("{path}.interface"),
                    format!(
                        "Subnet {prefix} has specified interface {own}, but earlier subnet in the same shared-network or the shared-network itself used {prev}"
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}
