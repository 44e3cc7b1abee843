//! `ruru-admin lease-dump -6`: every lease6 row as Kea's lease6 memfile CSV
//! (what `kea-admin lease-dump -6` writes), read through the [`Lease6Store`]
//! so the row rules are the stores' own.

use std::io::Write;

use crate::backends::lease6_store::Lease6Store;
use crate::backends::memfile::lease6_csv::{encode_row6, HEADER6};
use crate::config::model::{SqlDatabase, SqlKind};

use super::admin::AdminError;
use super::{MysqlLeaseStore, PgLeaseStore};

/// Writes Kea's lease6 header and one row per lease to `out` (ordered by type,
/// then address); returns the number of rows. The schema version is checked
/// first, as for every ruru connection.
pub async fn dump_lease6(db: &SqlDatabase, out: &mut impl Write) -> Result<u64, AdminError> {
    let leases = match db.kind {
        SqlKind::Postgresql => PgLeaseStore::connect(db).await?.get6_all(None).await?,
        SqlKind::Mysql => MysqlLeaseStore::connect(db).await?.get6_all(None).await?,
    };
    let mut text = HEADER6.to_owned();
    text.push('\n');
    for l in &leases {
        encode_row6(l, false, &mut text);
    }
    out.write_all(text.as_bytes())?;
    Ok(leases.len() as u64)
}
