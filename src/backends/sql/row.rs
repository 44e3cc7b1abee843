//! A lease4 row in server-neutral Rust types, and the Kea rules that map it to and
//! from [`Lease4`]: the address as a 32-bit integer, `expire = cltt + valid` (or
//! `cltt` for an infinite lease, so the value stays below [`MAX_DB_TIME`]), the
//! user context as JSON text, absent identifiers as NULL or empty.

use std::net::Ipv4Addr;

use crate::backends::lease::{Lease4, LeaseState, INFINITE_LIFETIME};
use crate::backends::lease6::LeaseType;
use crate::config::model::SqlKind;

use super::error::SqlError;
use super::schema::MAX_DB_TIME;

/// One lease4 row, as both servers store it (modulo integer widths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease4Row {
    /// IPv4 address as an integer.
    pub address: u32,
    /// Hardware address; `None` when the lease has none.
    pub hwaddr: Option<Vec<u8>>,
    /// Client identifier; `None` when the lease has none.
    pub client_id: Option<Vec<u8>>,
    /// Seconds (`u32::MAX` = infinite).
    pub valid_lifetime: u32,
    /// Expiry, epoch seconds (0..=MAX_DB_TIME).
    pub expire: i64,
    /// Subnet id.
    pub subnet_id: u32,
    /// Forward DNS updated.
    pub fqdn_fwd: bool,
    /// Reverse DNS updated.
    pub fqdn_rev: bool,
    /// Hostname (empty when none; Kea stores the empty string).
    pub hostname: String,
    /// Kea's numeric state.
    pub state: u32,
    /// User context JSON text; `None` when the lease has none.
    pub user_context: Option<String>,
}

/// Seconds between cltt and expire as Kea stores them (both families): 0 for
/// infinite leases.
pub(super) fn stored_lifetime(valid_lifetime: u32) -> i64 {
    if valid_lifetime == INFINITE_LIFETIME {
        0
    } else {
        i64::from(valid_lifetime)
    }
}

/// A lease's user context as the JSON text a row stores (both families).
pub(super) fn user_context_text(
    context: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Option<String> {
    context.map(|m| serde_json::Value::Object(m.clone()).to_string())
}

/// A stored `user_context` as the lease's map (both families): NULL or empty
/// is none; text that is not a JSON map is the reason the row is bad.
pub(super) fn user_context_map(
    text: Option<&str>,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, String> {
    match text {
        None | Some("") => Ok(None),
        Some(text) => match serde_json::from_str(text) {
            Ok(serde_json::Value::Object(m)) => Ok(Some(m)),
            Ok(_) => Err("user_context is not a JSON map".into()),
            Err(e) => Err(format!("user_context is not JSON: {e}")),
        },
    }
}

impl Lease4Row {
    /// The row for `lease`; refuses an expiry beyond [`MAX_DB_TIME`] as Kea does
    /// ("Time value is too large").
    pub fn from_lease(backend: SqlKind, lease: &Lease4) -> Result<Self, SqlError> {
        let expire = lease.cltt + stored_lifetime(lease.valid_lifetime);
        if !(0..=MAX_DB_TIME).contains(&expire) {
            return Err(SqlError::BadLease {
                backend,
                address: lease.address,
                reason: format!("expiration time {expire} is outside 0..{MAX_DB_TIME} (year 2038)"),
            });
        }
        let user_context = user_context_text(lease.user_context.as_ref());
        Ok(Self {
            address: u32::from(lease.address),
            hwaddr: (!lease.hwaddr.is_empty()).then(|| lease.hwaddr.clone()),
            client_id: lease.client_id.clone(),
            valid_lifetime: lease.valid_lifetime,
            expire,
            subnet_id: lease.subnet_id,
            fqdn_fwd: lease.fqdn_fwd,
            fqdn_rev: lease.fqdn_rev,
            hostname: lease.hostname.clone(),
            state: lease.state.as_u32(),
            user_context,
        })
    }

    /// The lease this row holds.
    pub fn into_lease(self, backend: SqlKind) -> Result<Lease4, SqlError> {
        let bad = |reason: String| SqlError::BadRow {
            backend,
            address: i64::from(self.address),
            reason,
        };
        let state = LeaseState::from_u32(self.state)
            .ok_or_else(|| bad(format!("unknown state {}", self.state)))?;
        let user_context = user_context_map(self.user_context.as_deref()).map_err(bad)?;
        Ok(Lease4 {
            address: Ipv4Addr::from(self.address),
            hwaddr: self.hwaddr.unwrap_or_default(),
            client_id: self.client_id.filter(|c| !c.is_empty()),
            valid_lifetime: self.valid_lifetime,
            cltt: self.expire - stored_lifetime(self.valid_lifetime),
            subnet_id: self.subnet_id,
            fqdn_fwd: self.fqdn_fwd,
            fqdn_rev: self.fqdn_rev,
            hostname: self.hostname,
            state,
            user_context,
        })
    }
}

/// `lease4_stat` rows `(subnet_id, state, leases)` as the recount wants them:
/// empty counts left out, a subnet or state out of range refused (not skipped).
pub fn lease4_stat_counts(
    kind: SqlKind,
    rows: impl IntoIterator<Item = (i64, i64, Option<i64>)>,
) -> Result<Vec<(u32, u32, i64)>, SqlError> {
    rows.into_iter()
        .filter_map(|(subnet_id, state, n)| {
            stat_key(kind, "lease4_stat", subnet_id, 0, state, n)
                .map(|r| r.map(|(s, _, st, n)| (s, st, n)))
        })
        .collect()
}

/// `lease6_stat` rows `(subnet_id, lease_type, state, leases)` as the recount
/// wants them, with the same rules as [`lease4_stat_counts`].
pub fn lease6_stat_counts(
    kind: SqlKind,
    rows: impl IntoIterator<Item = (i64, i64, i64, Option<i64>)>,
) -> Result<Vec<(u32, LeaseType, u32, i64)>, SqlError> {
    rows.into_iter()
        .filter_map(|(subnet_id, lease_type, state, n)| {
            stat_key(kind, "lease6_stat", subnet_id, lease_type, state, n)
        })
        .collect()
}

/// One stat row's key checked: `None` for an empty count, an error for a
/// subnet, lease type or state out of range.
fn stat_key(
    kind: SqlKind,
    table: &'static str,
    subnet_id: i64,
    lease_type: i64,
    state: i64,
    n: Option<i64>,
) -> Option<Result<(u32, LeaseType, u32, i64), SqlError>> {
    let n = n.unwrap_or(0);
    if n <= 0 {
        return None;
    }
    let t = u32::try_from(lease_type).ok().and_then(LeaseType::from_u32);
    Some(match (u32::try_from(subnet_id), t, u32::try_from(state)) {
        (Ok(s), Some(t), Ok(st)) => Ok((s, t, st, n)),
        _ => Err(SqlError::BadStatRow {
            backend: kind,
            table,
            lease_type,
            subnet_id,
            state,
        }),
    })
}

/// `now` (epoch seconds) clamped into what a lease4 `expire` column can hold, for
/// comparisons: every stored expiry is within 0..=MAX_DB_TIME.
pub fn clamp_time(t: i64) -> i64 {
    t.clamp(0, MAX_DB_TIME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease() -> Lease4 {
        Lease4 {
            address: Ipv4Addr::new(192, 0, 2, 1),
            hwaddr: vec![1, 2, 3, 4, 5, 6],
            client_id: None,
            valid_lifetime: 3600,
            cltt: 1_700_000_000,
            subnet_id: 1,
            fqdn_fwd: false,
            fqdn_rev: true,
            hostname: "h".into(),
            state: LeaseState::Default,
            user_context: None,
        }
    }

    #[test]
    fn expire_is_cltt_plus_valid_and_round_trips() {
        let row =
            Lease4Row::from_lease(SqlKind::Postgresql, &lease()).expect("test input is valid");
        assert_eq!(row.expire, 1_700_003_600);
        assert_eq!(row.address, 0xc000_0201);
        assert_eq!(
            row.into_lease(SqlKind::Postgresql)
                .expect("test input is valid"),
            lease()
        );
    }

    #[test]
    fn infinite_leases_store_cltt_as_expire() {
        let mut l = lease();
        l.valid_lifetime = INFINITE_LIFETIME;
        let row = Lease4Row::from_lease(SqlKind::Mysql, &l).expect("test input is valid");
        assert_eq!(row.expire, l.cltt);
        assert_eq!(
            row.into_lease(SqlKind::Mysql).expect("test input is valid"),
            l
        );
    }

    #[test]
    fn expiry_after_2038_is_refused_like_kea() {
        let mut l = lease();
        l.cltt = MAX_DB_TIME;
        let e = Lease4Row::from_lease(SqlKind::Mysql, &l).unwrap_err();
        assert!(e.to_string().starts_with("mysql lease database"), "{e}");
    }

    #[test]
    fn empty_identifiers_read_back_as_absent() {
        let mut row =
            Lease4Row::from_lease(SqlKind::Postgresql, &lease()).expect("test input is valid");
        row.hwaddr = Some(Vec::new());
        row.client_id = Some(Vec::new());
        row.user_context = Some(String::new());
        let l = row
            .into_lease(SqlKind::Postgresql)
            .expect("test input is valid");
        assert!(l.hwaddr.is_empty());
        assert_eq!(l.client_id, None);
        assert_eq!(l.user_context, None);
    }

    #[test]
    fn stat_rows_drop_empty_counts_and_refuse_out_of_range_ids() {
        let ok = lease4_stat_counts(
            SqlKind::Postgresql,
            [(1, 0, Some(3)), (2, 1, Some(0)), (3, 0, None)],
        );
        assert_eq!(ok.unwrap(), vec![(1, 0, 3)]);
        let bad = lease4_stat_counts(SqlKind::Postgresql, [(-1, 0, Some(2))]);
        assert!(
            matches!(bad, Err(SqlError::BadStatRow { subnet_id: -1, .. })),
            "{bad:?}"
        );
        let six = lease6_stat_counts(SqlKind::Mysql, [(1, 2, 0, Some(4)), (1, 0, 1, Some(0))]);
        assert_eq!(six.unwrap(), vec![(1, LeaseType::Pd, 0, 4)]);
        let bad_type = lease6_stat_counts(SqlKind::Mysql, [(1, 7, 0, Some(1))]);
        assert!(
            matches!(bad_type, Err(SqlError::BadStatRow { lease_type: 7, .. })),
            "{bad_type:?}"
        );
    }
}
