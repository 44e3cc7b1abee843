//! The audit trail as Kea's poll reads it (`GET_AUDIT_ENTRIES4_TIME`):
//! `*_audit ⨝ *_audit_revision ⨝ *_server`, entries of revisions made for
//! the server's tag or for `all` (server id 1), strictly after a cursor
//! `(revision ts, revision id)`; entries about `*_server` rows are ignored,
//! as Kea ignores them. Only the newest cursor (and the entry count, for
//! the log) is read.
//!
//! Unlike Kea, the revision timestamp is compared at whole seconds on both
//! servers, the precision the cursor has: a sub-second PostgreSQL revision
//! is then seen once, not on every poll (reference §3.2, E5).

use crate::config::config_backend::AuditCursor;

use super::dialect::{CbDialect, Read};
use super::error::CbReadError;
use super::query::{Bind, Sql};
use super::target::Target;
use super::text_row::{Cells, TextRow};

/// The newest audit entry after `after` the server sees, with the number of
/// such entries.
pub fn query<D: CbDialect>(t: &Target<'_>, after: AuditCursor) -> Sql {
    let p = t.prefix();
    let ts = D::epoch("r.modification_ts");
    let mut sql = Sql::new::<D>();
    sql.push(&format!(
        "SELECT {} AS ts, {} AS id, {} AS entries \
         FROM {p}_audit AS a \
         INNER JOIN {p}_audit_revision AS r ON a.revision_id = r.id \
         INNER JOIN {p}_server AS s ON r.server_id = s.id \
         WHERE (s.tag = ",
        D::as_text(Read::Epoch, "r.modification_ts"),
        D::as_text(Read::Plain, "r.id"),
        D::as_text(Read::Plain, "COUNT(*) OVER ()"),
    ))
    .bind(Bind::Text(t.tag.to_string()))
    .push(&format!(
        " OR s.id = 1) AND a.object_type <> '{p}_server' AND ({ts} > "
    ))
    .bind(Bind::Int(after.ts))
    .push(&format!(" OR ({ts} = "))
    .bind(Bind::Int(after.ts))
    .push(" AND r.id > ")
    .bind(Bind::Int(after.id))
    .push(&format!(")) ORDER BY {ts} DESC, r.id DESC LIMIT 1"));
    sql
}

/// The newest cursor and the entry count of the query's rows (`None`:
/// nothing after the cursor).
pub fn newest(t: &Target<'_>, rows: &[TextRow]) -> Result<Option<(AuditCursor, i64)>, CbReadError> {
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let table = t.table("audit_revision");
    let cells = Cells::new(row, &table, "id")?;
    let ts = cells.required_int("ts")?;
    let entries = cells.int("entries")?.unwrap_or(1);
    Ok(Some((AuditCursor { ts, id: cells.id() }, entries)))
}
