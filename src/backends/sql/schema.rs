//! diesel table definitions for Kea 2.2's lease tables, one module per server
//! because the column types differ (PostgreSQL has no unsigned integers).
//!
//! Shared conventions (Kea's): an IPv4 address is its 32-bit integer value; `expire`
//! is `cltt + valid_lifetime` (or `cltt` for infinite leases) and never beyond
//! [`MAX_DB_TIME`]; PostgreSQL stores the unsigned 32-bit `iaid` in a signed
//! INTEGER, bit-cast ([`iaid_to_pg`] / [`iaid_from_pg`]).

/// Latest timestamp Kea stores (2038-01-19 03:14:07 UTC), `DatabaseConnection::MAX_DB_TIME`.
pub const MAX_DB_TIME: i64 = 2_147_483_647;

/// An unsigned IAID as PostgreSQL's signed INTEGER (bit-cast, as Kea does).
pub fn iaid_to_pg(iaid: u32) -> i32 {
    i32::from_ne_bytes(iaid.to_ne_bytes())
}

/// PostgreSQL's signed INTEGER back to the unsigned IAID.
pub fn iaid_from_pg(iaid: i32) -> u32 {
    u32::from_ne_bytes(iaid.to_ne_bytes())
}

/// PostgreSQL (schema 13.0).
pub mod pg {
    diesel::table! {
        /// DHCPv4 leases.
        lease4 (address) {
            /// IPv4 address as an integer.
            address -> BigInt,
            /// Hardware address without htype.
            hwaddr -> Nullable<Bytea>,
            /// Client identifier.
            client_id -> Nullable<Bytea>,
            /// Seconds.
            valid_lifetime -> Nullable<BigInt>,
            /// cltt + valid_lifetime.
            expire -> Nullable<Timestamptz>,
            /// Subnet id.
            subnet_id -> Nullable<BigInt>,
            /// Forward DNS updated.
            fqdn_fwd -> Nullable<Bool>,
            /// Reverse DNS updated.
            fqdn_rev -> Nullable<Bool>,
            /// Client hostname.
            hostname -> Nullable<Varchar>,
            /// 0 default, 1 declined, 2 expired-reclaimed.
            state -> Nullable<BigInt>,
            /// JSON text.
            user_context -> Nullable<Text>,
        }
    }

    diesel::table! {
        /// DHCPv6 leases (no ruru code path yet; layout kept for the next step).
        lease6 (address) {
            /// IPv6 address text.
            address -> Varchar,
            /// Client DUID.
            duid -> Nullable<Bytea>,
            /// Seconds.
            valid_lifetime -> Nullable<BigInt>,
            /// cltt + valid_lifetime.
            expire -> Nullable<Timestamptz>,
            /// Subnet id.
            subnet_id -> Nullable<BigInt>,
            /// Seconds.
            pref_lifetime -> Nullable<BigInt>,
            /// 0 IA_NA, 1 IA_TA, 2 IA_PD.
            lease_type -> Nullable<SmallInt>,
            /// IAID, bit-cast to signed.
            iaid -> Nullable<Integer>,
            /// Prefix length (128 for addresses).
            prefix_len -> Nullable<SmallInt>,
            /// Forward DNS updated.
            fqdn_fwd -> Nullable<Bool>,
            /// Reverse DNS updated.
            fqdn_rev -> Nullable<Bool>,
            /// Client hostname.
            hostname -> Nullable<Varchar>,
            /// Lease state.
            state -> Nullable<BigInt>,
            /// Hardware address.
            hwaddr -> Nullable<Bytea>,
            /// Hardware type.
            hwtype -> Nullable<SmallInt>,
            /// Where the hardware address came from.
            hwaddr_source -> Nullable<SmallInt>,
            /// JSON text.
            user_context -> Nullable<Text>,
        }
    }

    diesel::table! {
        /// Kea's schema version row.
        schema_version (version) {
            /// Major.
            version -> Integer,
            /// Minor.
            minor -> Nullable<Integer>,
        }
    }

    diesel::table! {
        /// Lease counts per subnet and state, kept by triggers.
        lease4_stat (subnet_id, state) {
            /// Subnet id.
            subnet_id -> BigInt,
            /// Lease state.
            state -> BigInt,
            /// Count.
            leases -> Nullable<BigInt>,
        }
    }

    diesel::table! {
        /// Lease counts per subnet, lease type and state, kept by triggers.
        lease6_stat (subnet_id, lease_type, state) {
            /// Subnet id.
            subnet_id -> BigInt,
            /// Lease type (0 NA, 1 TA, 2 PD).
            lease_type -> SmallInt,
            /// Lease state.
            state -> BigInt,
            /// Count.
            leases -> Nullable<BigInt>,
        }
    }
}

/// MySQL / MariaDB (schema 14.0).
pub mod mysql {
    diesel::table! {
        /// DHCPv4 leases.
        lease4 (address) {
            /// IPv4 address as an integer.
            address -> Unsigned<Integer>,
            /// Hardware address without htype.
            hwaddr -> Nullable<Varbinary>,
            /// Client identifier.
            client_id -> Nullable<Varbinary>,
            /// Seconds.
            valid_lifetime -> Nullable<Unsigned<Integer>>,
            /// cltt + valid_lifetime (UTC: ruru's sessions use time_zone +00:00).
            expire -> Nullable<Timestamp>,
            /// Subnet id.
            subnet_id -> Nullable<Unsigned<Integer>>,
            /// Forward DNS updated.
            fqdn_fwd -> Nullable<Bool>,
            /// Reverse DNS updated.
            fqdn_rev -> Nullable<Bool>,
            /// Client hostname.
            hostname -> Nullable<Varchar>,
            /// 0 default, 1 declined, 2 expired-reclaimed.
            state -> Nullable<Unsigned<Integer>>,
            /// JSON text.
            user_context -> Nullable<Text>,
        }
    }

    diesel::table! {
        /// DHCPv6 leases (no ruru code path yet; layout kept for the next step).
        lease6 (address) {
            /// IPv6 address text.
            address -> Varchar,
            /// Client DUID.
            duid -> Nullable<Varbinary>,
            /// Seconds.
            valid_lifetime -> Nullable<Unsigned<Integer>>,
            /// cltt + valid_lifetime.
            expire -> Nullable<Timestamp>,
            /// Subnet id.
            subnet_id -> Nullable<Unsigned<Integer>>,
            /// Seconds.
            pref_lifetime -> Nullable<Unsigned<Integer>>,
            /// 0 IA_NA, 1 IA_TA, 2 IA_PD.
            lease_type -> Nullable<TinyInt>,
            /// IAID.
            iaid -> Nullable<Unsigned<Integer>>,
            /// Prefix length (128 for addresses).
            prefix_len -> Nullable<Unsigned<TinyInt>>,
            /// Forward DNS updated.
            fqdn_fwd -> Nullable<Bool>,
            /// Reverse DNS updated.
            fqdn_rev -> Nullable<Bool>,
            /// Client hostname.
            hostname -> Nullable<Varchar>,
            /// Hardware address.
            hwaddr -> Nullable<Varbinary>,
            /// Hardware type.
            hwtype -> Nullable<Unsigned<SmallInt>>,
            /// Where the hardware address came from.
            hwaddr_source -> Nullable<Unsigned<Integer>>,
            /// Lease state.
            state -> Nullable<Unsigned<Integer>>,
            /// JSON text.
            user_context -> Nullable<Text>,
        }
    }

    diesel::table! {
        /// Kea's schema version row.
        schema_version (version) {
            /// Major.
            version -> Integer,
            /// Minor.
            minor -> Nullable<Integer>,
        }
    }

    diesel::table! {
        /// Lease counts per subnet and state, kept by triggers.
        lease4_stat (subnet_id, state) {
            /// Subnet id.
            subnet_id -> Unsigned<Integer>,
            /// Lease state.
            state -> Unsigned<Integer>,
            /// Count.
            leases -> Nullable<BigInt>,
        }
    }

    diesel::table! {
        /// Lease counts per subnet, lease type and state, kept by triggers.
        lease6_stat (subnet_id, lease_type, state) {
            /// Subnet id.
            subnet_id -> Unsigned<Integer>,
            /// Lease type (0 NA, 1 TA, 2 PD).
            lease_type -> Unsigned<Integer>,
            /// Lease state.
            state -> Unsigned<Integer>,
            /// Count.
            leases -> Nullable<BigInt>,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iaid_bit_cast_round_trips() {
        for iaid in [0u32, 1, 0x7fff_ffff, 0x8000_0000, u32::MAX] {
            assert_eq!(iaid_from_pg(iaid_to_pg(iaid)), iaid);
        }
        assert_eq!(iaid_to_pg(u32::MAX), -1);
    }
}
