//! Rust values as a dialect's columns hold them, for the queries written once
//! for both dialects: timestamps (`TIMESTAMPTZ` / `TIMESTAMP`), the IAID
//! (bit-cast into PostgreSQL's signed INTEGER) and checked integer widths.
//! Generic, so one query text serves `i64` (PostgreSQL) and `u32` (MySQL).

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::backends::lease6::LeaseType;

use super::row::clamp_time;
use super::schema::{iaid_from_pg, iaid_to_pg};

/// A timestamp column's Rust type.
pub trait DbTime: Sized {
    /// The column value for epoch seconds `unix`, clamped to what Kea stores.
    fn at(unix: i64) -> Self;
    /// Epoch seconds of a stored value.
    fn unix(&self) -> i64;
}

impl DbTime for DateTime<Utc> {
    fn at(unix: i64) -> Self {
        DateTime::from_timestamp(clamp_time(unix), 0).unwrap_or(DateTime::UNIX_EPOCH)
    }
    fn unix(&self) -> i64 {
        self.timestamp()
    }
}

/// MySQL's TIMESTAMP, read and written in UTC (sessions run with
/// `time_zone = '+00:00'`); it starts at 1970-01-01 00:00:01.
impl DbTime for NaiveDateTime {
    fn at(unix: i64) -> Self {
        DateTime::from_timestamp(clamp_time(unix).max(1), 0)
            .unwrap_or(DateTime::UNIX_EPOCH)
            .naive_utc()
    }
    fn unix(&self) -> i64 {
        self.and_utc().timestamp()
    }
}

/// An `iaid` column's Rust type: Kea stores the unsigned IAID bit-cast in
/// PostgreSQL's signed INTEGER and as-is in MySQL's `INT UNSIGNED`.
pub trait DbIaid: Sized {
    /// The column value of `iaid`.
    fn of(iaid: u32) -> Self;
    /// The IAID a stored value holds.
    fn iaid(self) -> u32;
}

impl DbIaid for i32 {
    fn of(iaid: u32) -> Self {
        iaid_to_pg(iaid)
    }
    fn iaid(self) -> u32 {
        iaid_from_pg(self)
    }
}

impl DbIaid for u32 {
    fn of(iaid: u32) -> Self {
        iaid
    }
    fn iaid(self) -> u32 {
        self
    }
}

/// `v` in a column whose type holds every `u32` (`BIGINT`, `INT UNSIGNED`).
pub fn col<T: From<u32>>(v: u32) -> T {
    T::from(v)
}

/// `v` converted to `T` if it fits (a narrow column, or a stored value read back).
pub fn fit<T: TryFrom<U>, U>(v: U) -> Option<T> {
    T::try_from(v).ok()
}

/// `v` as an `i64` (every integer column's value fits).
pub fn wide<T: Into<i64>>(v: T) -> i64 {
    v.into()
}

/// Kea's `lease_type` code in the dialect's column type (`SMALLINT` / `TINYINT`).
pub fn lease_type_code<T: From<i8>>(t: LeaseType) -> T {
    T::from(t as i8)
}

/// Kea's PostgreSQL encoding of an absent identifier, hardware address or
/// context: stored empty, never NULL (Kea's reader refuses NULLs).
pub fn absent_as_empty<T: Default>(v: Option<T>) -> Option<T> {
    Some(v.unwrap_or_default())
}

/// Kea's MySQL encoding of an absent identifier, hardware address or context: NULL.
pub fn absent_as_null<T>(v: Option<T>) -> Option<T> {
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_timestamps_start_one_second_after_the_epoch() {
        assert_eq!(NaiveDateTime::at(0).unix(), 1);
        assert_eq!(DateTime::<Utc>::at(0).unix(), 0);
        assert_eq!(DateTime::<Utc>::at(1_700_000_000).unix(), 1_700_000_000);
    }

    #[test]
    fn iaid_round_trips_in_both_column_types() {
        for iaid in [0u32, 1, 0x8000_0000, u32::MAX] {
            assert_eq!(i32::of(iaid).iaid(), iaid);
            assert_eq!(u32::of(iaid).iaid(), iaid);
        }
    }

    #[test]
    fn fit_refuses_what_the_target_cannot_hold() {
        assert_eq!(fit::<u32, i64>(-1), None);
        assert_eq!(fit::<i16, u32>(70_000), None);
        assert_eq!(fit::<u32, i64>(7), Some(7));
    }
}
