//! The two dialects of [`SqlLeaseStore`]: PostgreSQL (Kea schema 13.0) and
//! MySQL/MariaDB (14.0). Only the column types, the encoding of absent
//! values, the group-commit INSERT and the shape of `get4_matching` differ;
//! the queries are emitted once per dialect from `v4` and `v6`.

use diesel::mysql::Mysql;
use diesel::pg::Pg;

use super::store::{LeaseDialect, SqlLeaseStore};
use super::v4::lease4_queries;
use super::v6::lease6_queries;

/// Leases in PostgreSQL.
pub type PgLeaseStore = SqlLeaseStore<Pg>;
/// Leases in MySQL/MariaDB.
pub type MysqlLeaseStore = SqlLeaseStore<Mysql>;

impl LeaseDialect for Pg {
    type Row4 = pg4::Row;
    type Row6 = pg6::Row;
}

impl LeaseDialect for Mysql {
    type Row4 = mysql4::Row;
    type Row6 = mysql6::Row;
}

/// PostgreSQL's DHCPv4 queries: Kea stores absent values empty, never NULL.
mod pg4 {
    super::lease4_queries! {
        dialect: diesel::pg::Pg, schema: pg,
        uint: i64 => BigInt, time: chrono::DateTime<chrono::Utc> => Timestamptz, bytes: Bytea,
        absent: crate::backends::sql::column_value::absent_as_empty,
        insert: unnest, matching: union_all,
    }
}

/// PostgreSQL's DHCPv6 queries.
mod pg6 {
    super::lease6_queries! {
        dialect: diesel::pg::Pg, schema: pg,
        uint: i64 => BigInt, time: chrono::DateTime<chrono::Utc> => Timestamptz, bytes: Bytea,
        lease_type: i16 => SmallInt, stat_lease_type: i16, iaid: i32 => Integer, prefix_len: i16 => SmallInt,
        hwtype: i16 => SmallInt, hwaddr_source: i16 => SmallInt,
        absent: crate::backends::sql::column_value::absent_as_empty,
        insert: unnest,
    }
}

/// MySQL's DHCPv4 queries: sessions run with `time_zone = '+00:00'`
/// (diesel-async's setup), so TIMESTAMP values are UTC whatever the server's
/// zone; MySQL stores TIMESTAMP as UTC anyway, so Kea (which writes local
/// time in the server's zone) reads the same instants. Absent values are NULL.
mod mysql4 {
    super::lease4_queries! {
        dialect: diesel::mysql::Mysql, schema: mysql,
        uint: u32 => Unsigned<Integer>, time: chrono::NaiveDateTime => Timestamp, bytes: Varbinary,
        absent: crate::backends::sql::column_value::absent_as_null,
        insert: multi_row, matching: or,
    }
}

/// MySQL's DHCPv6 queries.
mod mysql6 {
    super::lease6_queries! {
        dialect: diesel::mysql::Mysql, schema: mysql,
        uint: u32 => Unsigned<Integer>, time: chrono::NaiveDateTime => Timestamp, bytes: Varbinary,
        lease_type: i8 => TinyInt, stat_lease_type: u32, iaid: u32 => Unsigned<Integer>,
        prefix_len: u8 => Unsigned<TinyInt>, hwtype: u16 => Unsigned<SmallInt>,
        hwaddr_source: u32 => Unsigned<Integer>,
        absent: crate::backends::sql::column_value::absent_as_null,
        insert: multi_row,
    }
}
