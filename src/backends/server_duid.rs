//! The server DUID file Kea keeps in its data directory
//! (`<data-directory>/kea-dhcp6-serverid`, the DUID in `00:01:…` text), so the
//! DHCPv6 server keeps its identity across restarts.

use std::path::{Path, PathBuf};

use crate::backends::duid::{from_text, make_server_duid, to_text};
use crate::config::model6::{ServerIdConfig, ServerIdType};

/// Kea's file name for the server DUID.
pub const SERVER_ID_FILE: &str = "kea-dhcp6-serverid";

/// The server DUID file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the server DUID file {}: {error}", path.display())]
pub struct ServerDuidError {
    /// The file.
    pub path: PathBuf,
    /// The OS error.
    pub error: std::io::Error,
}

fn type_code(t: ServerIdType) -> u16 {
    match t {
        ServerIdType::Llt => 1,
        ServerIdType::En => 2,
        ServerIdType::Ll => 3,
    }
}

/// The server DUID: the stored one when `persist` and it agrees with the
/// configured type (and no explicit identifier is configured), otherwise a new
/// one made from `cfg` (and stored when `persist`), like Kea's `DUIDFactory`.
pub fn load_or_create(
    cfg: &ServerIdConfig,
    data_dir: &Path,
    hwaddr: &[u8],
    now: i64,
) -> Result<Vec<u8>, ServerDuidError> {
    let path = data_dir.join(SERVER_ID_FILE);
    if cfg.persist && cfg.identifier.is_empty() {
        if let Some(stored) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| from_text(&t))
        {
            if u16::from_be_bytes([stored[0], stored[1]]) == type_code(cfg.duid_type) {
                return Ok(stored);
            }
        }
    }
    let mut random = [0u8; 6];
    let seed = (now as u64) ^ u64::from(std::process::id()) << 20;
    for (i, b) in random.iter_mut().enumerate() {
        *b = (seed >> (i * 8)) as u8;
    }
    let duid = make_server_duid(cfg, hwaddr, 1, now, random);
    if cfg.persist {
        std::fs::write(&path, format!("{}\n", to_text(&duid))).map_err(|error| {
            ServerDuidError {
                path: path.clone(),
                error,
            }
        })?;
    }
    Ok(duid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(persist: bool) -> ServerIdConfig {
        ServerIdConfig {
            duid_type: ServerIdType::Llt,
            identifier: vec![],
            htype: 0,
            time: 0,
            enterprise_id: 2495,
            persist,
        }
    }

    #[test]
    fn a_persisted_duid_is_reused_after_a_restart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = load_or_create(&cfg(true), dir.path(), &[1, 2, 3, 4, 5, 6], 1_000_000_000)
            .expect("create");
        let text = std::fs::read_to_string(dir.path().join(SERVER_ID_FILE)).expect("stored");
        assert_eq!(text.trim(), to_text(&first));
        let again = load_or_create(&cfg(true), dir.path(), &[9, 9, 9, 9, 9, 9], 1_100_000_000)
            .expect("load");
        assert_eq!(again, first);
    }

    #[test]
    fn persist_false_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        load_or_create(&cfg(false), dir.path(), &[1, 2, 3, 4, 5, 6], 0).expect("create");
        assert!(!dir.path().join(SERVER_ID_FILE).exists());
    }
}
