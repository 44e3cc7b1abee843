//! The one table of control-channel commands: each command's name and the
//! server family that answers it. It feeds `list-commands` and the
//! supervisor's dispatch, which matches on [`Command`] without a catch-all:
//! a command added here without a handler does not compile, and a name not
//! here is answered "not supported" before any handler is looked at.

/// The server a command is sent to: `ruru-dhcp4` or `ruru-dhcp6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerFamily {
    /// `ruru-dhcp4` (`Dhcp4`).
    V4,
    /// `ruru-dhcp6` (`Dhcp6`).
    V6,
}

/// Which servers answer a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnsweredBy {
    /// Both families.
    Both,
    /// `ruru-dhcp4` only.
    V4,
    /// `ruru-dhcp6` only.
    V6,
}

impl AnsweredBy {
    /// Whether a server of `family` answers.
    pub fn includes(self, family: ServerFamily) -> bool {
        matches!(
            (self, family),
            (Self::Both, _) | (Self::V4, ServerFamily::V4) | (Self::V6, ServerFamily::V6)
        )
    }
}

/// Declares [`Command`] with one variant per `Variant = "name", family;` row.
macro_rules! command_table {
    ($( $variant:ident = $name:literal, $by:ident; )+) => {
        /// A command ruru answers (one row of the table).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Command {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )+
        }

        impl Command {
            /// Every command, in table order.
            pub const ALL: &'static [Command] = &[$(Command::$variant,)+];

            /// The name the command is sent by.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)+
                }
            }

            /// Which servers answer it.
            pub fn answered_by(self) -> AnsweredBy {
                match self {
                    $(Command::$variant => AnsweredBy::$by,)+
                }
            }
        }
    };
}

command_table! {
    BuildReport = "build-report", Both;
    ConfigBackendPull = "config-backend-pull", Both;
    ConfigGet = "config-get", Both;
    ConfigHashGet = "config-hash-get", Both;
    ConfigReload = "config-reload", Both;
    ConfigSet = "config-set", Both;
    ConfigTest = "config-test", Both;
    ConfigWrite = "config-write", Both;
    DhcpDisable = "dhcp-disable", Both;
    DhcpEnable = "dhcp-enable", Both;
    Lease4Add = "lease4-add", V4;
    Lease4Del = "lease4-del", V4;
    Lease4Get = "lease4-get", V4;
    Lease4GetAll = "lease4-get-all", V4;
    Lease4GetByClientId = "lease4-get-by-client-id", V4;
    Lease4GetByHostname = "lease4-get-by-hostname", V4;
    Lease4GetByHwAddress = "lease4-get-by-hw-address", V4;
    Lease4GetPage = "lease4-get-page", V4;
    Lease4Update = "lease4-update", V4;
    Lease4Wipe = "lease4-wipe", V4;
    Lease6Add = "lease6-add", V6;
    Lease6BulkApply = "lease6-bulk-apply", V6;
    Lease6Del = "lease6-del", V6;
    Lease6Get = "lease6-get", V6;
    Lease6GetAll = "lease6-get-all", V6;
    Lease6GetByDuid = "lease6-get-by-duid", V6;
    Lease6Update = "lease6-update", V6;
    Lease6Wipe = "lease6-wipe", V6;
    LeasesReclaim = "leases-reclaim", Both;
    ListCommands = "list-commands", Both;
    ReservationAdd = "reservation-add", Both;
    ReservationDel = "reservation-del", Both;
    ReservationGet = "reservation-get", Both;
    ReservationGetAll = "reservation-get-all", Both;
    ReservationGetByHostname = "reservation-get-by-hostname", Both;
    ReservationGetById = "reservation-get-by-id", Both;
    ReservationGetPage = "reservation-get-page", Both;
    ServerTagGet = "server-tag-get", Both;
    Shutdown = "shutdown", Both;
    StatisticGet = "statistic-get", Both;
    StatisticGetAll = "statistic-get-all", Both;
    StatisticRemove = "statistic-remove", Both;
    StatisticRemoveAll = "statistic-remove-all", Both;
    StatisticReset = "statistic-reset", Both;
    StatisticResetAll = "statistic-reset-all", Both;
    StatisticSampleCountSet = "statistic-sample-count-set", Both;
    StatisticSampleCountSetAll = "statistic-sample-count-set-all", Both;
    StatusGet = "status-get", Both;
    VersionGet = "version-get", Both;
}

impl Command {
    /// The command `name` names, if a server of `family` answers it.
    pub fn parse(name: &str, family: ServerFamily) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.name() == name && c.answered_by().includes(family))
    }
}

/// Every command a server of `family` answers, sorted as `list-commands`
/// returns them.
pub fn command_names(family: ServerFamily) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Command::ALL
        .iter()
        .filter(|c| c.answered_by().includes(family))
        .map(|c| c.name())
        .collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_each_parses_back_to_its_command() {
        let mut names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
        for &c in Command::ALL {
            for family in [ServerFamily::V4, ServerFamily::V6] {
                let parsed = Command::parse(c.name(), family);
                assert_eq!(parsed.is_some(), c.answered_by().includes(family), "{c:?}");
            }
        }
    }

    #[test]
    fn each_family_lists_only_its_own_lease_commands() {
        let v4 = command_names(ServerFamily::V4);
        let v6 = command_names(ServerFamily::V6);
        assert!(v4.contains(&"lease4-get") && !v4.contains(&"lease6-get"));
        assert!(v6.contains(&"lease6-get") && !v6.contains(&"lease4-get"));
        assert!(v4.iter().all(|n| !n.starts_with("lease6-")));
        assert!(v6.iter().all(|n| !n.starts_with("lease4-")));
        assert_eq!(Command::parse("lease6-get", ServerFamily::V4), None);
        assert_eq!(Command::parse("no-such-command", ServerFamily::V6), None);
    }
}
