//! Queries written once, with `$n` placeholders and values bound at run time, that run on
//! either backend: [`Query`] holds the SQL and its arguments; [`Tx`] (a transaction or
//! savepoint) and [`Store`] (the pool, for reads) run it. This is the only place that matches
//! on the backend for a query; everything above is ordinary async code compiled once.

use crate::db::Backend;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, SqlSafeStr, SqlStr};
use zhifa_core::ids::{BodyId, CaseId, OfficerId, UserId};

/// A value bound to a query. Each variant keeps its SQL type even when it is NULL (PostgreSQL
/// types its parameters).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// BIGINT / INTEGER
    I64(Option<i64>),
    /// INTEGER (PostgreSQL INT4)
    I32(Option<i32>),
    /// BOOLEAN
    Bool(Option<bool>),
    /// TEXT
    Text(Option<String>),
    /// TIMESTAMPTZ (UTC)
    Time(Option<DateTime<Utc>>),
    /// DATE
    Date(Option<NaiveDate>),
    /// BYTEA / BLOB
    Bytes(Option<Vec<u8>>),
}

/// A value that can be bound; `Option<T>` binds a NULL of `T`'s type.
pub trait IntoArg {
    /// The bound value.
    fn into_arg(self) -> Arg;
    /// A NULL of this type.
    fn null() -> Arg;
}

macro_rules! into_arg {
    ($t:ty, $v:ident, $conv:expr, $variant:ident) => {
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                let $v = self;
                Arg::$variant(Some($conv))
            }
            fn null() -> Arg {
                Arg::$variant(None)
            }
        }
    };
}
into_arg!(i64, v, v, I64);
into_arg!(&i64, v, *v, I64);
into_arg!(i32, v, v, I32);
into_arg!(bool, v, v, Bool);
into_arg!(String, v, v, Text);
into_arg!(&String, v, v.clone(), Text);
into_arg!(&str, v, v.to_string(), Text);
into_arg!(DateTime<Utc>, v, v, Time);
into_arg!(NaiveDate, v, v, Date);
into_arg!(Vec<u8>, v, v, Bytes);
into_arg!(&[u8], v, v.to_vec(), Bytes);
into_arg!(&Vec<u8>, v, v.clone(), Bytes);
into_arg!(&i32, v, *v, I32);
into_arg!(&bool, v, *v, Bool);
into_arg!(&DateTime<Utc>, v, *v, Time);
into_arg!(&NaiveDate, v, *v, Date);

/// The row identifiers are stored as their integers.
macro_rules! id_arg {
    ($($t:ty),* $(,)?) => { $(
        into_arg!($t, v, v.get(), I64);
        into_arg!(&$t, v, v.get(), I64);
    )* };
}
id_arg!(BodyId, CaseId, OfficerId, UserId);

/// The coded enums of the domain are stored as their codes.
macro_rules! code_arg {
    ($($t:ty),* $(,)?) => { $(
        into_arg!($t, v, v.code().to_string(), Text);
        into_arg!(&$t, v, v.code().to_string(), Text);
    )* };
}
code_arg!(
    zhifa_core::access::Role,
    zhifa_core::registry::BodyKind,
    zhifa_core::registry::CertificateStatus,
    zhifa_core::registry::ReviewerKind,
    zhifa_core::registry::PowerCategory,
    zhifa_core::registry::ProcedureKind,
    zhifa_core::registry::ChangeKind,
    zhifa_core::case::CaseKind,
    zhifa_core::case::CaseSource,
    zhifa_core::case::Stage,
    zhifa_core::case::StepKind,
    zhifa_core::doc::DocKind,
    zhifa_core::doc::TemplateStatus,
    zhifa_core::evidence::EvidenceKind,
    zhifa_core::lists::ListKind,
    zhifa_core::evidence::EvidenceStatus,
    zhifa_core::evidence::DeletionStatus,
    zhifa_core::publicity::PublicationStatus,
    zhifa_core::publicity::Category,
    zhifa_core::annual::ReportStatus,
);

impl<T: IntoArg + Clone> IntoArg for &Option<T> {
    fn into_arg(self) -> Arg {
        self.clone().into_arg()
    }
    fn null() -> Arg {
        T::null()
    }
}

impl<T: IntoArg> IntoArg for Option<T> {
    fn into_arg(self) -> Arg {
        match self {
            Some(v) => v.into_arg(),
            None => T::null(),
        }
    }
    fn null() -> Arg {
        T::null()
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
    fn null() -> Arg {
        Arg::Text(None)
    }
}

/// SQL with its arguments.
#[derive(Debug, Clone)]
pub struct Query {
    sql: SqlStr,
    args: Vec<Arg>,
}

/// A query of fixed text.
pub fn query(sql: &'static str) -> Query {
    Query { sql: sql.into_sql_str(), args: Vec::new() }
}

/// A query whose text was put together at run time from fixed fragments (never from input:
/// input is always bound).
pub fn query_built(sql: String) -> Query {
    Query { sql: sqlx::AssertSqlSafe(sql).into_sql_str(), args: Vec::new() }
}

impl Query {
    /// Binds the next `$n`.
    pub fn bind(mut self, v: impl IntoArg) -> Self {
        self.args.push(v.into_arg());
        self
    }
    /// Binds the next `$n` in place.
    pub fn push(&mut self, v: impl IntoArg) {
        self.args.push(v.into_arg());
    }
    fn sqlite(self) -> Result<(SqlStr, SqliteArguments)> {
        Ok((self.sql, arguments(self.args)?))
    }
    fn postgres(self) -> Result<(SqlStr, PgArguments)> {
        Ok((self.sql, arguments(self.args)?))
    }
}

/// The bound values as the arguments of one backend.
fn arguments<A>(args: Vec<Arg>) -> Result<A>
where
    A: Arguments,
    Option<i64>: for<'q> sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<i32>: for<'q> sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<bool>: for<'q> sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<String>: for<'q> sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<DateTime<Utc>>: for<'q> sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<NaiveDate>: for<'q> sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    Option<Vec<u8>>: for<'q> sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
{
    let mut a = A::default();
    for arg in args {
        match arg {
            Arg::I64(v) => a.add(v),
            Arg::I32(v) => a.add(v),
            Arg::Bool(v) => a.add(v),
            Arg::Text(v) => a.add(v),
            Arg::Time(v) => a.add(v),
            Arg::Date(v) => a.add(v),
            Arg::Bytes(v) => a.add(v),
        }
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    }
    Ok(a)
}

/// A row type that reads from both backends (every `#[derive(sqlx::FromRow)]` struct, and
/// tuples of plain values).
pub trait Row: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}

/// Runs one query on the connection or pool `$on` of either backend: `$make` (`query_as_with`
/// or `query_with`) builds it from the SQL and the arguments bound for that backend, `$run`
/// (`fetch_one`, `execute` …) runs it on the executor `$e`, and `$then` (if any) reads its result. The only per-backend expansion of
/// the crate, and it wraps exactly one query.
macro_rules! run {
    ($on:expr, $kind:ident, $q:expr, $make:ident, $run:ident $(. $then:ident)?, $x:ident => $e:expr) => {
        match $on {
            $kind::Sqlite($x) => {
                let (sql, args) = $q.sqlite()?;
                sqlx::$make(sql, args).$run($e).await? $(.$then())?
            }
            $kind::Postgres($x) => {
                let (sql, args) = $q.postgres()?;
                sqlx::$make(sql, args).$run($e).await? $(.$then())?
            }
        }
    };
}

/// The transaction of one backend.
#[derive(Debug)]
enum Conn<'a> {
    Sqlite(sqlx::Transaction<'a, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'a, sqlx::Postgres>),
}

/// An open transaction, or a savepoint inside one, on either backend: every command runs on
/// one. Dropped without [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub struct Tx<'a> {
    conn: Conn<'a>,
}

/// Which backend a connection talks to (for the few statements that differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SQLite
    Sqlite,
    /// PostgreSQL
    Postgres,
}

impl Tx<'static> {
    /// Begins a transaction for reads that must see one state.
    pub async fn begin(store: &Store) -> Result<Self> {
        Ok(Tx {
            conn: match &store.backend {
                Backend::Sqlite(p) => Conn::Sqlite(p.begin().await?),
                Backend::Postgres(p) => Conn::Postgres(p.begin().await?),
            },
        })
    }
    /// Begins a write transaction: `BEGIN IMMEDIATE` on SQLite, so that concurrent writers
    /// queue on the lock instead of failing when a read transaction upgrades.
    pub async fn begin_write(store: &Store) -> Result<Self> {
        Ok(Tx {
            conn: match &store.backend {
                Backend::Sqlite(p) => Conn::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
                Backend::Postgres(p) => Conn::Postgres(p.begin().await?),
            },
        })
    }
}

/// One connection taken from the pool, for transactions that must all see the same session
/// (migrations).
pub struct Pinned(PinnedConn);

enum PinnedConn {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

impl Pinned {
    /// Takes a connection from the pool.
    pub async fn acquire(store: &Store) -> Result<Self> {
        Ok(Pinned(match &store.backend {
            Backend::Sqlite(p) => PinnedConn::Sqlite(p.acquire().await?),
            Backend::Postgres(p) => PinnedConn::Postgres(p.acquire().await?),
        }))
    }
    /// Begins a transaction on this connection.
    pub async fn begin(&mut self) -> Result<Tx<'_>> {
        Ok(Tx {
            conn: match &mut self.0 {
                PinnedConn::Sqlite(c) => Conn::Sqlite(sqlx::Connection::begin(&mut **c).await?),
                PinnedConn::Postgres(c) => Conn::Postgres(sqlx::Connection::begin(&mut **c).await?),
            },
        })
    }
}

impl Tx<'_> {
    /// A savepoint inside this transaction.
    pub async fn savepoint(&mut self) -> Result<Tx<'_>> {
        Ok(Tx {
            conn: match &mut self.conn {
                Conn::Sqlite(t) => Conn::Sqlite(sqlx::Acquire::begin(&mut **t).await?),
                Conn::Postgres(t) => Conn::Postgres(sqlx::Acquire::begin(&mut **t).await?),
            },
        })
    }
    /// Commits (releases a savepoint).
    pub async fn commit(self) -> Result<()> {
        match self.conn {
            Conn::Sqlite(t) => t.commit().await?,
            Conn::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
    /// Rolls back (to the savepoint).
    pub async fn rollback(self) -> Result<()> {
        match self.conn {
            Conn::Sqlite(t) => t.rollback().await?,
            Conn::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// The backend.
    pub fn kind(&self) -> Kind {
        match self.conn {
            Conn::Sqlite(_) => Kind::Sqlite,
            Conn::Postgres(_) => Kind::Postgres,
        }
    }
    /// The one row the query returns (an error if none).
    pub async fn fetch_one<T: Row>(&mut self, q: Query) -> Result<T> {
        Ok(run!(&mut self.conn, Conn, q, query_as_with, fetch_one, c => &mut **c))
    }
    /// The row the query returns, if any.
    pub async fn fetch_optional<T: Row>(&mut self, q: Query) -> Result<Option<T>> {
        Ok(run!(&mut self.conn, Conn, q, query_as_with, fetch_optional, c => &mut **c))
    }
    /// Every row the query returns.
    pub async fn fetch_all<T: Row>(&mut self, q: Query) -> Result<Vec<T>> {
        Ok(run!(&mut self.conn, Conn, q, query_as_with, fetch_all, c => &mut **c))
    }
    /// Runs a statement; the number of rows it changed.
    pub async fn execute(&mut self, q: Query) -> Result<u64> {
        Ok(run!(&mut self.conn, Conn, q, query_with, execute.rows_affected, c => &mut **c))
    }
    /// The single value of the one row the query returns.
    pub async fn scalar<T>(&mut self, q: Query) -> Result<T>
    where
        (T,): Row,
    {
        Ok(self.fetch_one::<(T,)>(q).await?.0)
    }
    /// The single value of the row the query returns, if any.
    pub async fn scalar_optional<T>(&mut self, q: Query) -> Result<Option<T>>
    where
        (T,): Row,
    {
        Ok(self.fetch_optional::<(T,)>(q).await?.map(|r| r.0))
    }
    /// The single value of every row the query returns.
    pub async fn scalar_all<T>(&mut self, q: Query) -> Result<Vec<T>>
    where
        (T,): Row,
    {
        Ok(self.fetch_all::<(T,)>(q).await?.into_iter().map(|r| r.0).collect())
    }
    /// Runs SQL of several statements without arguments (migrations).
    pub async fn execute_script(&mut self, sql: String) -> Result<()> {
        match &mut self.conn {
            Conn::Sqlite(c) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut **c).await?;
            }
            Conn::Postgres(c) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut **c).await?;
            }
        }
        Ok(())
    }
}

/// Reads outside a transaction, on the pool.
impl Store {
    /// The one row the query returns (an error if none).
    pub(crate) async fn fetch_one<T: Row>(&self, q: Query) -> Result<T> {
        Ok(run!(&self.backend, Backend, q, query_as_with, fetch_one, p => p))
    }
    /// The row the query returns, if any.
    pub(crate) async fn fetch_optional<T: Row>(&self, q: Query) -> Result<Option<T>> {
        Ok(run!(&self.backend, Backend, q, query_as_with, fetch_optional, p => p))
    }
    /// Every row the query returns.
    pub(crate) async fn fetch_all<T: Row>(&self, q: Query) -> Result<Vec<T>> {
        Ok(run!(&self.backend, Backend, q, query_as_with, fetch_all, p => p))
    }
    /// The single value of the one row the query returns.
    pub(crate) async fn scalar<T>(&self, q: Query) -> Result<T>
    where
        (T,): Row,
    {
        Ok(self.fetch_one::<(T,)>(q).await?.0)
    }
    /// The single value of the row the query returns, if any.
    pub(crate) async fn scalar_optional<T>(&self, q: Query) -> Result<Option<T>>
    where
        (T,): Row,
    {
        Ok(self.fetch_optional::<(T,)>(q).await?.map(|r| r.0))
    }
    /// The single value of every row the query returns.
    pub(crate) async fn scalar_all<T>(&self, q: Query) -> Result<Vec<T>>
    where
        (T,): Row,
    {
        Ok(self.fetch_all::<(T,)>(q).await?.into_iter().map(|r| r.0).collect())
    }
    /// Runs a statement outside a transaction; the number of rows it changed.
    pub(crate) async fn execute_pool(&self, q: Query) -> Result<u64> {
        Ok(run!(&self.backend, Backend, q, query_with, execute.rows_affected, p => p))
    }
}
