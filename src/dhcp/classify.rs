//! Client classification as Kea 2.2 runs it, for both families: `ALL` and
//! `VENDOR_CLASS_*`, then the classes whose test needs nothing but the packet
//! (before subnet selection), then reservations' classes, `KNOWN` / `UNKNOWN`
//! and the classes that depend on them (after the host lookup), then the
//! required classes (after allocation). The packet keeps its classes in
//! assignment order: where classes set a value, the first one wins.

use log::{debug, error};

use crate::config::client_class::ClientClass;
use crate::expression::{ClassSet, PacketView};

/// The class a packet is dropped by, silently.
pub const DROP: &str = "DROP";

/// Evaluates `class` on `packet` and adds it when its test is true; a test
/// that fails at runtime leaves the class out (Kea's `EVAL_RESULT` error).
fn evaluate<O, E>(class: &ClientClass<O, E>, packet: &dyn PacketView, set: &mut ClassSet) {
    let Some(test) = &class.test else { return };
    match test.evaluate(packet, set) {
        Ok(true) => {
            debug!("EVAL_RESULT Expression {} evaluated to true", class.name);
            set.insert(&class.name);
        }
        Ok(false) => debug!("EVAL_RESULT Expression {} evaluated to false", class.name),
        Err(e) => error!("EVAL_RESULT Expression {} evaluated to {e}", class.name),
    }
}

/// The classes of a packet before subnet selection: `ALL`, then
/// `VENDOR_CLASS_<vendor>` when the client names a vendor class, then every
/// class in configuration order whose test needs neither `KNOWN` / `UNKNOWN`
/// nor a `require-client-classes` list.
pub fn early<O, E>(
    classes: &[ClientClass<O, E>],
    packet: &dyn PacketView,
    vendor: Option<&str>,
) -> ClassSet {
    let mut set = ClassSet::new();
    set.insert("ALL");
    if let Some(v) = vendor {
        set.insert(&format!("VENDOR_CLASS_{v}"));
    }
    pass_one(classes, packet, &mut set);
    set
}

fn pass_one<O, E>(classes: &[ClientClass<O, E>], packet: &dyn PacketView, set: &mut ClassSet) {
    for c in classes
        .iter()
        .filter(|c| !c.only_if_required && !c.depends_on_known)
    {
        evaluate(c, packet, set);
    }
}

/// After the host lookup: the reservation's classes when they apply now
/// (`reserved`; the classes evaluated before are then evaluated again after
/// them, as Kea does), then `KNOWN` or `UNKNOWN`, then the classes that
/// depend on them.
pub fn after_host_lookup<O, E>(
    classes: &[ClientClass<O, E>],
    packet: &dyn PacketView,
    set: &mut ClassSet,
    reserved: &[String],
    known: bool,
) {
    if !reserved.is_empty() {
        let tested = |n: &str| classes.iter().any(|c| c.name == n && c.test.is_some());
        set.remove_if(tested);
        for r in reserved {
            set.insert(r);
        }
        pass_one(classes, packet, set);
    }
    set.insert(if known { "KNOWN" } else { "UNKNOWN" });
    for c in classes
        .iter()
        .filter(|c| !c.only_if_required && c.depends_on_known)
    {
        evaluate(c, packet, set);
    }
}

/// The classes named by `require-client-classes` lists (shared network,
/// subnet, pool: outer first), evaluated in that order after allocation.
pub fn required<'a, O, E>(
    classes: &[ClientClass<O, E>],
    packet: &dyn PacketView,
    set: &mut ClassSet,
    names: impl IntoIterator<Item = &'a String>,
    family: &str,
) {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if seen.contains(&name.as_str()) {
            continue;
        }
        seen.push(name);
        match classes.iter().find(|c| c.name == *name) {
            None => debug!("{family}_CLASS_UNDEFINED required class {name} has no definition"),
            Some(c) if c.test.is_none() => {
                debug!("{family}_CLASS_UNTESTABLE required class {name} has no test expression")
            }
            Some(c) => evaluate(c, packet, set),
        }
    }
}

/// The configured classes `set` holds, in packet order (looked up once per
/// reply; built-in names without a definition are left out).
pub fn held<'a, O, E>(
    classes: &'a [ClientClass<O, E>],
    set: &ClassSet,
) -> Vec<&'a ClientClass<O, E>> {
    if classes.is_empty() {
        return Vec::new();
    }
    set.iter()
        .filter_map(|n| classes.iter().find(|c| c.name == n))
        .collect()
}

/// The value the first of the `held` classes that sets one gives, as `get`
/// reads it.
pub fn first<'a, O, E, T>(
    held: &[&'a ClientClass<O, E>],
    get: impl Fn(&'a ClientClass<O, E>) -> Option<T>,
) -> Option<T> {
    held.iter().copied().find_map(get)
}

/// The options of the `held` classes, in packet order: one source each,
/// after the subnet's and before the global ones.
pub fn option_sources<'a, O, E>(held: &[&'a ClientClass<O, E>]) -> Vec<&'a [O]> {
    held.iter()
        .map(|c| c.options.as_slice())
        .filter(|o| !o.is_empty())
        .collect()
}

/// Kea's built-in class names and prefixes (`isClientClassBuiltIn`): held
/// without a definition, never reported as unconfigured.
fn built_in(name: &str) -> bool {
    matches!(name, "ALL" | "KNOWN" | "UNKNOWN" | "BOOTP" | DROP)
        || ["VENDOR_CLASS_", "HA_", "AFTER_", "EXTERNAL_"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// Kea's `DHCP4_CLASS_ASSIGNED` / `DHCP6_CLASS_ASSIGNED` line, then a
/// `*_CLASS_UNCONFIGURED` line for each held class that is neither built in
/// nor configured (a reservation naming a class the configuration lacks);
/// `label` (the packet's, costly to format) is only made when logged.
pub fn log_assigned<O, E>(
    family: &str,
    label: impl FnOnce() -> String,
    classes: &[ClientClass<O, E>],
    set: &ClassSet,
) {
    if !log::log_enabled!(log::Level::Debug) {
        return;
    }
    let label = label();
    let names: Vec<&str> = set.iter().collect();
    debug!(
        "{family}_CLASS_ASSIGNED {label}: client packet has been assigned to the following class(es): {}",
        names.join(", ")
    );
    for name in names
        .iter()
        .filter(|n| !built_in(n) && !classes.iter().any(|c| c.name == **n))
    {
        debug!("{family}_CLASS_UNCONFIGURED {label}: client packet belongs to an unconfigured class: {name}");
    }
}

#[cfg(test)]
mod tests {
    use super::built_in;

    #[test]
    fn keas_built_in_names_and_prefixes_are_never_unconfigured() {
        for n in [
            "ALL",
            "KNOWN",
            "UNKNOWN",
            "BOOTP",
            "DROP",
            "VENDOR_CLASS_docsis3.0",
            "HA_server1",
            "AFTER_x",
        ] {
            assert!(built_in(n), "{n}");
        }
        for n in ["gold", "all", "VENDOR_CLASS"] {
            assert!(!built_in(n), "{n}");
        }
    }
}
