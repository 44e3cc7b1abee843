//! Which OS interfaces the DHCPv6 listener serves, from `interfaces-config`:
//! `"*"` is every up, multicast-capable, non-loopback interface; a named one
//! must exist (loopback only when named).

use std::collections::BTreeMap;
use std::net::Ipv6Addr;
use std::sync::Arc;

use nix::net::if_::InterfaceFlags;

use crate::actors::listener::v4::interfaces::InterfaceError;
use crate::config::model6::InterfaceSpec6;

/// An interface the DHCPv6 listener serves.
#[derive(Debug, Clone)]
pub struct ServedInterface6 {
    /// OS name.
    pub name: Arc<str>,
    /// OS index.
    pub index: u32,
    /// Link-layer address (for the server DUID), empty when none.
    pub hwaddr: Vec<u8>,
    /// Its IPv6 addresses.
    pub addrs: Vec<Ipv6Addr>,
}

#[derive(Default)]
struct OsIface {
    index: u32,
    loopback: bool,
    up: bool,
    multicast: bool,
    hwaddr: Vec<u8>,
    addrs: Vec<Ipv6Addr>,
}

fn os_interfaces() -> Result<BTreeMap<String, OsIface>, InterfaceError> {
    let mut map: BTreeMap<String, OsIface> = BTreeMap::new();
    for ia in nix::ifaddrs::getifaddrs()? {
        let e = map
            .entry(ia.interface_name.clone())
            .or_insert_with(|| OsIface {
                index: nix::net::if_::if_nametoindex(ia.interface_name.as_str()).unwrap_or(0),
                loopback: ia.flags.contains(InterfaceFlags::IFF_LOOPBACK),
                up: ia.flags.contains(InterfaceFlags::IFF_UP),
                multicast: ia.flags.contains(InterfaceFlags::IFF_MULTICAST),
                ..OsIface::default()
            });
        if let Some(a) = ia.address.as_ref() {
            if let Some(sin6) = a.as_sockaddr_in6() {
                e.addrs.push(sin6.ip());
            } else if let Some(ll) = a.as_link_addr() {
                if let Some(mac) = ll.addr() {
                    if mac.iter().any(|b| *b != 0) {
                        e.hwaddr = mac.to_vec();
                    }
                }
            }
        }
    }
    Ok(map)
}

/// Resolves the configured interface list against the OS.
pub fn resolve(specs: &[InterfaceSpec6]) -> Result<Vec<ServedInterface6>, InterfaceError> {
    let os = os_interfaces()?;
    let mut out: Vec<ServedInterface6> = Vec::new();
    let served = |name: &str, i: &OsIface| ServedInterface6 {
        name: Arc::from(name),
        index: i.index,
        hwaddr: i.hwaddr.clone(),
        addrs: i.addrs.clone(),
    };
    for spec in specs {
        match spec {
            InterfaceSpec6::All => {
                for (name, i) in &os {
                    if i.up && i.multicast && !i.loopback && !out.iter().any(|o| &*o.name == name) {
                        out.push(served(name, i));
                    }
                }
            }
            InterfaceSpec6::Named { name, .. } => {
                let i = os
                    .get(name)
                    .ok_or_else(|| InterfaceError::Missing(name.clone()))?;
                out.retain(|o| &*o.name != name);
                out.push(served(name, i));
            }
        }
    }
    out.sort_by_key(|i| i.index);
    Ok(out)
}

/// A link-layer address for the server DUID: the first served interface that
/// has one, else any interface of the host.
pub fn duid_hwaddr(served: &[ServedInterface6]) -> Vec<u8> {
    if let Some(i) = served.iter().find(|i| !i.hwaddr.is_empty()) {
        return i.hwaddr.clone();
    }
    os_interfaces()
        .ok()
        .and_then(|m| {
            m.into_values()
                .find(|i| !i.loopback && !i.hwaddr.is_empty())
        })
        .map(|i| i.hwaddr)
        .unwrap_or_else(|| vec![0, 0, 0, 0, 0, 1])
}
