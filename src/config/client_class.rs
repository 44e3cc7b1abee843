//! Validated client classes and the class guards of subnets and pools: what
//! the classification step of either family runs on.

use std::net::Ipv4Addr;

use crate::config::model::Lifetime;
use crate::expression::{ClassSet, Expression};

/// One `client-classes` entry of a family whose options are `O` and whose
/// own settings are `E` ([`Boot4`] for DHCPv4, the preferred lifetime for
/// DHCPv6).
#[derive(Debug, Clone)]
pub struct ClientClass<O, E> {
    /// Class name.
    pub name: String,
    /// The `test`; `None`: assigned only by reservations.
    pub test: Option<Expression>,
    /// Evaluated only when a reachable `require-client-classes` names it.
    pub only_if_required: bool,
    /// Its test reads `KNOWN` / `UNKNOWN` (directly or through `member()` of
    /// a class that does): evaluated after the host lookup.
    pub depends_on_known: bool,
    /// Options given to members.
    pub options: Vec<O>,
    /// Valid lifetime triplet for members, when the class sets one.
    pub valid_lifetime: Option<Lifetime>,
    /// What only this family has.
    pub own: E,
}

impl<O: PartialEq, E: PartialEq> PartialEq for ClientClass<O, E> {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && self.test.as_ref().map(Expression::source) == o.test.as_ref().map(Expression::source)
            && self.only_if_required == o.only_if_required
            && self.depends_on_known == o.depends_on_known
            && self.options == o.options
            && self.valid_lifetime == o.valid_lifetime
            && self.own == o.own
    }
}

/// A DHCPv4 class's boot fields (each `None` when unset, `0.0.0.0` and ""
/// count as unset as in Kea).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Boot4 {
    /// siaddr (`next-server`).
    pub next_server: Option<Ipv4Addr>,
    /// sname (`server-hostname`).
    pub server_hostname: Option<String>,
    /// file (`boot-file-name`).
    pub boot_file_name: Option<String>,
}

/// Who may use a subnet or a pool, and the classes it asks to evaluate after
/// allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassGuard {
    /// Classes a client must hold (a pool's `client-class`; a subnet's and its
    /// shared network's). Empty: everyone.
    pub allowed: Vec<String>,
    /// `require-client-classes`, outer levels first, each name once.
    pub required: Vec<String>,
}

impl ClassGuard {
    /// True when a client holding `classes` may use it.
    pub fn admits(&self, classes: &ClassSet) -> bool {
        self.allowed.iter().all(|c| classes.contains(c))
    }

    /// This guard with a lower level's `client-class` and
    /// `require-client-classes` added.
    pub fn with(mut self, class: Option<&String>, required: Option<&Vec<String>>) -> Self {
        if let Some(c) = class.filter(|c| !c.is_empty()) {
            self.allowed.push(c.clone());
        }
        for r in required.into_iter().flatten() {
            if !self.required.contains(r) {
                self.required.push(r.clone());
            }
        }
        self
    }
}
