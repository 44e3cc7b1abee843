//! `retry-on-startup` (Kea 2.6): a store opened while its database was
//! unreachable serves nothing until a reconnect has reached the server and
//! checked the schema version, exactly what a normal start checks first.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the store's schema has been checked (open) or not yet (closed).
#[derive(Debug)]
pub struct SchemaGate {
    checked: AtomicBool,
}

impl SchemaGate {
    /// The schema was checked before the store was made.
    pub fn open() -> Self {
        Self {
            checked: AtomicBool::new(true),
        }
    }

    /// The database was not reachable at startup: nothing is served until
    /// [`Self::mark_checked`].
    pub fn closed() -> Self {
        Self {
            checked: AtomicBool::new(false),
        }
    }

    /// True once the schema has been checked.
    pub fn is_open(&self) -> bool {
        self.checked.load(Ordering::Acquire)
    }

    /// A reconnect reached the server and found the right schema.
    pub fn mark_checked(&self) {
        self.checked.store(true, Ordering::Release);
    }
}
