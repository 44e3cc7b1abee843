//! Why DHCP service is disabled: each reason (origin) is tracked separately and
//! service runs only when none remains (Kea's `NetworkState`). A user
//! `dhcp-enable` cannot lift a database outage, and recovery cannot lift a user
//! `dhcp-disable`.

use std::collections::BTreeSet;

use crate::actors::messages::BackendId;

/// A reason for the service being disabled.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DisableOrigin {
    /// `dhcp-disable` with origin "user".
    User,
    /// `dhcp-disable` with origin "ha-partner".
    HaPartner,
    /// A lost database connection.
    DbConnection(BackendId),
    /// The last reconfiguration failed: nothing valid to serve with.
    ConfigFailed,
    /// `retry-on-startup`: the lease database was reached but its statistics
    /// are not counted yet; serving before the count would count new leases
    /// twice. Reported as `disabled-by-db-connection`.
    StatsUncounted,
}

/// The set of active disable origins.
#[derive(Debug, Default, Clone)]
pub struct ServiceState {
    origins: BTreeSet<DisableOrigin>,
}

impl ServiceState {
    /// Adds `o`; returns true when this changed the service from enabled to disabled.
    pub fn disable(&mut self, o: DisableOrigin) -> bool {
        let was = self.enabled();
        self.origins.insert(o);
        was && !self.enabled()
    }

    /// Removes `o`; returns true when this changed the service from disabled to enabled.
    pub fn enable(&mut self, o: &DisableOrigin) -> bool {
        let was = self.enabled();
        self.origins.remove(o);
        !was && self.enabled()
    }

    /// True when no origin disables the service.
    pub fn enabled(&self) -> bool {
        self.origins.is_empty()
    }

    /// True when `o` is one of the active origins.
    pub fn has(&self, o: &DisableOrigin) -> bool {
        self.origins.contains(o)
    }

    /// Kea 3.0's `dhcp-state` map for `status-get`.
    pub fn to_json(&self) -> serde_json::Value {
        let db = self.origins.iter().any(|o| {
            matches!(
                o,
                DisableOrigin::DbConnection(_) | DisableOrigin::StatsUncounted
            )
        });
        serde_json::json!({
            "globally-disabled": !self.enabled(),
            "disabled-by-user": self.has(&DisableOrigin::User),
            "disabled-by-ha-partner": self.has(&DisableOrigin::HaPartner),
            "disabled-by-db-connection": db,
            "disabled-by-config-failure": self.has(&DisableOrigin::ConfigFailed),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_enable_does_not_lift_a_database_outage() {
        let mut s = ServiceState::default();
        assert!(s.disable(DisableOrigin::DbConnection(BackendId::Lease)));
        assert!(!s.disable(DisableOrigin::User));
        assert!(!s.enable(&DisableOrigin::User));
        assert!(!s.enabled());
        assert!(s.enable(&DisableOrigin::DbConnection(BackendId::Lease)));
        assert!(s.enabled());
    }

    #[test]
    fn recovery_does_not_lift_a_user_disable() {
        let mut s = ServiceState::default();
        s.disable(DisableOrigin::User);
        s.disable(DisableOrigin::DbConnection(BackendId::Lease));
        s.enable(&DisableOrigin::DbConnection(BackendId::Lease));
        assert!(!s.enabled());
        assert_eq!(s.to_json()["disabled-by-user"], true);
        assert_eq!(s.to_json()["disabled-by-db-connection"], false);
    }
}
