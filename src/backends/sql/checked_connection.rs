//! Pooled connections checked at most once a second instead of before every
//! statement: bb8's `test_on_check_out` sent a `SELECT 1` ahead of each of
//! the ~6 statements a lease needs, doubling the round trips and the
//! database's CPU per lease. A connection that answered a check within
//! [`RECHECK_AFTER`] is handed out unchecked; one that died in that window
//! fails its statement as "connection lost", which starts recovery (an
//! immediate first attempt rebuilds the pool), and the next check drops it.

use std::ops::{Deref, DerefMut};
use std::time::Duration;

use bb8::ManageConnection;
use tokio::time::Instant;

/// How long a successful check vouches for a connection.
pub const RECHECK_AFTER: Duration = Duration::from_secs(1);

/// A pooled connection and when it last passed a check.
pub struct Checked<C> {
    conn: C,
    checked_at: Instant,
}

impl<C> Deref for Checked<C> {
    type Target = C;
    fn deref(&self) -> &C {
        &self.conn
    }
}

impl<C> DerefMut for Checked<C> {
    fn deref_mut(&mut self) -> &mut C {
        &mut self.conn
    }
}

/// Wraps a bb8 manager so that checkouts check a connection only when its
/// last check is older than [`RECHECK_AFTER`].
#[derive(Debug)]
pub struct CheckedManager<M>(pub M);

impl<M> ManageConnection for CheckedManager<M>
where
    M: ManageConnection,
{
    type Connection = Checked<M::Connection>;
    type Error = M::Error;

    async fn connect(&self) -> Result<Self::Connection, Self::Error> {
        let conn = self.0.connect().await?;
        Ok(Checked {
            conn,
            checked_at: Instant::now(),
        })
    }

    async fn is_valid(&self, conn: &mut Self::Connection) -> Result<(), Self::Error> {
        if conn.checked_at.elapsed() < RECHECK_AFTER {
            return Ok(());
        }
        self.0.is_valid(&mut conn.conn).await?;
        conn.checked_at = Instant::now();
        Ok(())
    }

    fn has_broken(&self, conn: &mut Self::Connection) -> bool {
        self.0.has_broken(&mut conn.conn)
    }
}
