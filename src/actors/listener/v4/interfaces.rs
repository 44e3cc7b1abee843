//! Which OS interfaces the DHCPv4 listener serves, from `interfaces-config`.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::Arc;

use nix::net::if_::InterfaceFlags;

use crate::config::model::InterfaceSpec;

/// An interface the listener serves.
#[derive(Debug, Clone)]
pub struct ServedInterface {
    /// OS name.
    pub name: Arc<str>,
    /// OS index.
    pub index: u32,
    /// Its IPv4 addresses; the configured one (`eth0/10.0.0.1`) first.
    pub addrs: Arc<[Ipv4Addr]>,
}

/// An interface problem found when resolving the configuration.
#[derive(Debug, thiserror::Error)]
pub enum InterfaceError {
    /// Listing the OS interfaces failed.
    #[error("cannot list network interfaces: {0}")]
    List(#[from] nix::Error),
    /// A named interface does not exist.
    #[error("interface {0} does not exist")]
    Missing(String),
    /// `eth0/addr` names an address the interface does not have.
    #[error("interface {0} has no address {1}")]
    MissingAddress(String, Ipv4Addr),
}

struct OsIface {
    index: u32,
    loopback: bool,
    up: bool,
    addrs: Vec<Ipv4Addr>,
}

fn os_interfaces() -> Result<HashMap<String, OsIface>, InterfaceError> {
    let mut map: HashMap<String, OsIface> = HashMap::new();
    for ia in nix::ifaddrs::getifaddrs()? {
        let entry = map
            .entry(ia.interface_name.clone())
            .or_insert_with(|| OsIface {
                index: nix::net::if_::if_nametoindex(ia.interface_name.as_str()).unwrap_or(0),
                loopback: ia.flags.contains(InterfaceFlags::IFF_LOOPBACK),
                up: ia.flags.contains(InterfaceFlags::IFF_UP),
                addrs: Vec::new(),
            });
        if let Some(sin) = ia.address.as_ref().and_then(|a| a.as_sockaddr_in()) {
            entry.addrs.push(sin.ip());
        }
    }
    Ok(map)
}

/// Resolves the configured interface list against the OS. `"*"` means every
/// up, non-loopback interface with an IPv4 address (Kea's rule); loopback is
/// served only when named.
pub fn resolve(specs: &[InterfaceSpec]) -> Result<Vec<ServedInterface>, InterfaceError> {
    let os = os_interfaces()?;
    let mut out: Vec<ServedInterface> = Vec::new();
    for spec in specs {
        match spec {
            InterfaceSpec::All => {
                for (name, i) in &os {
                    if i.up
                        && !i.loopback
                        && !i.addrs.is_empty()
                        && !out.iter().any(|o| &*o.name == name)
                    {
                        out.push(ServedInterface {
                            name: Arc::from(name.as_str()),
                            index: i.index,
                            addrs: Arc::from(i.addrs.clone()),
                        });
                    }
                }
            }
            InterfaceSpec::Named { name, address } => {
                let i = os
                    .get(name)
                    .ok_or_else(|| InterfaceError::Missing(name.clone()))?;
                let mut addrs = i.addrs.clone();
                if let Some(a) = address {
                    if !addrs.contains(a) {
                        return Err(InterfaceError::MissingAddress(name.clone(), *a));
                    }
                    addrs.retain(|x| x != a);
                    addrs.insert(0, *a);
                }
                out.retain(|o| &*o.name != name);
                out.push(ServedInterface {
                    name: Arc::from(name.as_str()),
                    index: i.index,
                    addrs: Arc::from(addrs),
                });
            }
        }
    }
    out.sort_by_key(|i| i.index);
    Ok(out)
}
