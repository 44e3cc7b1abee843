//! [`CbDialect`]: what the config backend reader needs from a SQL dialect
//! beyond [`SqlDialect`]: its connection type, how a column is read as text
//! (every query casts every column to text, so one row type and one reader
//! serve both servers), placeholders, the few column names that differ, and
//! how a read snapshot is opened. Implemented for PostgreSQL and MySQL.

use std::future::Future;

use bb8::PooledConnection;
use diesel::backend::Backend;
use diesel::mysql::Mysql;
use diesel::pg::Pg;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, HasSqlType, Text};
use diesel::QueryResult;
use diesel_async::{
    AnsiTransactionManager, AsyncConnection, AsyncMysqlConnection, AsyncPgConnection, RunQueryDsl,
    SimpleAsyncConnection,
};

use super::super::connect::{MysqlManager, PgManager};
use super::super::dialect::SqlDialect;
use super::query::{Bind, Sql};
use super::text_row::TextRow;

/// How a column is turned into text by the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Its own text form (numbers, booleans, strings, JSON).
    Plain,
    /// An IPv4 address (PostgreSQL `inet`, MySQL `INT UNSIGNED`).
    Inet4,
    /// An IPv6 address (PostgreSQL `inet`, MySQL `VARCHAR`).
    Inet6,
    /// Binary data, as hex.
    Bytes,
    /// A timestamp, as whole seconds since the Unix epoch (UTC).
    Epoch,
}

/// A SQL dialect the config backend is read from.
pub trait CbDialect: SqlDialect {
    /// The connection the pool hands out.
    type Conn: AsyncConnection<TransactionManager = AnsiTransactionManager> + Send + 'static;
    /// Kea's log prefix of the dialect's CB hook (`PGSQL_CB`, `MYSQL_CB`).
    const LOG: &'static str;

    /// The connection inside a pooled one.
    fn conn<'p>(pooled: &'p mut PooledConnection<'static, Self::Manager>) -> &'p mut Self::Conn;

    /// Runs `sql` and returns its rows.
    fn load<'c>(
        c: &'c mut Self::Conn,
        sql: &Sql,
    ) -> impl Future<Output = QueryResult<Vec<TextRow>>> + Send + 'c;

    /// Opens a read-only REPEATABLE READ transaction (one snapshot for every
    /// statement of a fetch), tracked by diesel's transaction manager so a
    /// cancelled fetch leaves a connection the pool discards.
    fn begin_snapshot(c: &mut Self::Conn) -> impl Future<Output = QueryResult<()>> + Send + '_;

    /// The `n`-th placeholder (from 1).
    fn placeholder(n: usize) -> String;

    /// The dialect's name of `column` (the 4o6 columns differ).
    fn column(column: &str) -> &str;

    /// `expr` cast to text as `read` says.
    fn as_text(read: Read, expr: &str) -> String;

    /// `expr` (a timestamp) as whole epoch seconds, a number.
    fn epoch(expr: &str) -> String;
}

/// `sql` as a boxed diesel query with its values bound.
fn boxed<DB>(sql: &Sql) -> BoxedSqlQuery<'static, DB, SqlQuery>
where
    DB: Backend + HasSqlType<Text> + HasSqlType<BigInt>,
    String: ToSql<Text, DB>,
    i64: ToSql<BigInt, DB>,
{
    let mut query = diesel::sql_query(sql.text.clone()).into_boxed::<DB>();
    for value in &sql.binds {
        query = match value {
            Bind::Text(s) => query.bind::<Text, _>(s.clone()),
            Bind::Int(i) => query.bind::<BigInt, _>(*i),
        };
    }
    query
}

impl CbDialect for Pg {
    type Conn = AsyncPgConnection;
    const LOG: &'static str = "PGSQL_CB";

    fn conn<'p>(pooled: &'p mut PooledConnection<'static, PgManager>) -> &'p mut AsyncPgConnection {
        pooled
    }

    fn load<'c>(
        c: &'c mut AsyncPgConnection,
        sql: &Sql,
    ) -> impl Future<Output = QueryResult<Vec<TextRow>>> + Send + 'c {
        boxed::<Pg>(sql).load::<TextRow>(c)
    }

    fn begin_snapshot(
        c: &mut AsyncPgConnection,
    ) -> impl Future<Output = QueryResult<()>> + Send + '_ {
        AnsiTransactionManager::begin_transaction_sql(
            c,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        )
    }

    fn placeholder(n: usize) -> String {
        format!("${n}")
    }

    fn column(column: &str) -> &str {
        column
    }

    fn as_text(read: Read, expr: &str) -> String {
        match read {
            Read::Plain => format!("CAST({expr} AS TEXT)"),
            Read::Inet4 | Read::Inet6 => format!("host({expr})"),
            Read::Bytes => format!("encode({expr}, 'hex')"),
            Read::Epoch => format!("CAST(CAST({} AS BIGINT) AS TEXT)", Self::epoch(expr)),
        }
    }

    fn epoch(expr: &str) -> String {
        format!("FLOOR(EXTRACT(EPOCH FROM {expr}))")
    }
}

impl CbDialect for Mysql {
    type Conn = AsyncMysqlConnection;
    const LOG: &'static str = "MYSQL_CB";

    fn conn<'p>(
        pooled: &'p mut PooledConnection<'static, MysqlManager>,
    ) -> &'p mut AsyncMysqlConnection {
        pooled
    }

    fn load<'c>(
        c: &'c mut AsyncMysqlConnection,
        sql: &Sql,
    ) -> impl Future<Output = QueryResult<Vec<TextRow>>> + Send + 'c {
        boxed::<Mysql>(sql).load::<TextRow>(c)
    }

    async fn begin_snapshot(c: &mut AsyncMysqlConnection) -> QueryResult<()> {
        // Applies to the next transaction only; InnoDB's default anyway.
        c.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .await?;
        AnsiTransactionManager::begin_transaction_sql(
            c,
            "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
        )
        .await
    }

    fn placeholder(_n: usize) -> String {
        "?".to_string()
    }

    fn column(column: &str) -> &str {
        match column {
            "interface_4o6" => "`4o6_interface`",
            "interface_id_4o6" => "`4o6_interface_id`",
            "subnet_4o6" => "`4o6_subnet`",
            other => other,
        }
    }

    fn as_text(read: Read, expr: &str) -> String {
        match read {
            Read::Plain | Read::Inet6 => format!("CAST({expr} AS CHAR)"),
            Read::Inet4 => format!("INET_NTOA({expr})"),
            Read::Bytes => format!("HEX({expr})"),
            Read::Epoch => format!("CAST({} AS CHAR)", Self::epoch(expr)),
        }
    }

    fn epoch(expr: &str) -> String {
        format!("FLOOR(UNIX_TIMESTAMP({expr}))")
    }
}
