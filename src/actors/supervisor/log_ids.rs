//! Kea's log message IDs for the backend-level reconnect messages, which name
//! the database type and the kind of backend (lease, host, config backend), so
//! that alerting written for Kea matches ruru's logs.

use crate::actors::messages::BackendId;

/// Which backend-level reconnect message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReconnectMsg {
    /// One attempt failed (ERROR).
    AttemptFailed,
    /// The next attempt is scheduled (INFO).
    AttemptSchedule,
    /// Every attempt failed (ERROR).
    Failed,
}

/// Kea's ID, e.g. `DHCPSRV_PGSQL_LEASE_DB_RECONNECT_ATTEMPT_FAILED`,
/// `DHCPSRV_MYSQL_HOST_DB_RECONNECT_FAILED`, `PGSQL_CB_RECONNECT_ATTEMPT_SCHEDULE4`.
/// `kind` is the backend type name (`postgresql`, `mysql`); any other is used
/// upper-cased. `ip_version` (4, 6) ends the config backend's IDs.
pub fn reconnect_id(backend: &BackendId, kind: &str, msg: ReconnectMsg, ip_version: u8) -> String {
    let db = match kind {
        "postgresql" => "PGSQL".to_owned(),
        "mysql" => "MYSQL".to_owned(),
        other => other.to_ascii_uppercase(),
    };
    let what = match msg {
        ReconnectMsg::AttemptFailed => "RECONNECT_ATTEMPT_FAILED",
        ReconnectMsg::AttemptSchedule => "RECONNECT_ATTEMPT_SCHEDULE",
        ReconnectMsg::Failed => "RECONNECT_FAILED",
    };
    match backend {
        BackendId::Lease => format!("DHCPSRV_{db}_LEASE_DB_{what}"),
        BackendId::Hosts(_) => format!("DHCPSRV_{db}_HOST_DB_{what}"),
        BackendId::Config(_) => format!("{db}_CB_{what}{ip_version}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_keas() {
        assert_eq!(
            reconnect_id(
                &BackendId::Lease,
                "postgresql",
                ReconnectMsg::AttemptFailed,
                4
            ),
            "DHCPSRV_PGSQL_LEASE_DB_RECONNECT_ATTEMPT_FAILED"
        );
        assert_eq!(
            reconnect_id(&BackendId::Lease, "mysql", ReconnectMsg::AttemptSchedule, 6),
            "DHCPSRV_MYSQL_LEASE_DB_RECONNECT_ATTEMPT_SCHEDULE"
        );
        assert_eq!(
            reconnect_id(&BackendId::Hosts(1), "mysql", ReconnectMsg::Failed, 4),
            "DHCPSRV_MYSQL_HOST_DB_RECONNECT_FAILED"
        );
        assert_eq!(
            reconnect_id(
                &BackendId::Config(0),
                "postgresql",
                ReconnectMsg::AttemptFailed,
                4
            ),
            "PGSQL_CB_RECONNECT_ATTEMPT_FAILED4"
        );
        assert_eq!(
            reconnect_id(&BackendId::Config(0), "mysql", ReconnectMsg::Failed, 6),
            "MYSQL_CB_RECONNECT_FAILED6"
        );
    }
}
