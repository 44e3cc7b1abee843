//! Kea's memfile backend: in-memory index + CSV journal + lease file cleanup.
