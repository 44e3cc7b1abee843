//! [`Target`]: whose configuration a read is for (the family's tables and
//! the server tag objects must be associated with, besides `all`).

use crate::config::config_backend::CbFamily;

/// The family and server tag of one read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// `dhcp4_*` or `dhcp6_*` tables.
    pub family: CbFamily,
    /// The server's normalised tag; `all` when the server has none.
    pub tag: &'a str,
}

impl<'a> Target<'a> {
    /// A read for `server_tag` (already normalised; empty means only `all`,
    /// as Kea's `ServerSelector::ALL`).
    pub fn new(family: CbFamily, server_tag: &'a str) -> Self {
        let tag = if server_tag.is_empty() {
            "all"
        } else {
            server_tag
        };
        Self { family, tag }
    }

    /// The table prefix, `dhcp4` or `dhcp6`.
    pub fn prefix(&self) -> &'static str {
        self.family.prefix()
    }

    /// The family's table `name` (`subnet` → `dhcp4_subnet`).
    pub fn table(&self, name: &str) -> String {
        format!("{}_{name}", self.prefix())
    }

    /// The family digit in Kea's log message ids (`4`, `6`).
    pub fn digit(&self) -> char {
        match self.family {
            CbFamily::V4 => '4',
            CbFamily::V6 => '6',
        }
    }
}
