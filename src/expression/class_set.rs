//! The classes a packet holds, in the order they were assigned (Kea keeps
//! insertion order: the first class that sets a value wins).

use std::sync::Arc;

/// An insertion-ordered set of class names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassSet {
    names: Vec<Arc<str>>,
}

impl ClassSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name` at the end unless it is already held; true when added.
    pub fn insert(&mut self, name: &str) -> bool {
        if self.contains(name) {
            return false;
        }
        self.names.push(Arc::from(name));
        true
    }

    /// True when the packet holds `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|n| &**n == name)
    }

    /// Drops every class for which `drop` is true, keeping the order.
    pub fn remove_if(&mut self, mut drop: impl FnMut(&str) -> bool) {
        self.names.retain(|n| !drop(n));
    }

    /// The names in assignment order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|n| &**n)
    }

    /// How many classes are held.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no class is held.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
