//! Kea-format JSON configuration -> validated model. Every error names its JSON path.

pub mod jsonc;
pub mod model;
