//! Every statement the store runs goes through a [`Db`], which counts it on the store's [`Statements`] before
//! running it. The count is what tests read to prove that a view is read in a number of queries that does not
//! grow with its items; it costs one relaxed atomic increment a statement.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures_core::future::BoxFuture;
use futures_core::stream::BoxStream;
use sqlx::any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::{Any, AnyConnection, Describe, Either, Execute, Executor};

/// How many statements a store has run, shared by its clones.
#[derive(Debug, Clone, Default)]
pub struct Statements(Arc<AtomicU64>);

impl Statements {
    /// The number of statements run so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// A connection (or a transaction's) that counts each statement run through it.
pub(crate) struct Db<'c> {
    conn: &'c mut AnyConnection,
    statements: &'c Statements,
}

impl<'c> Db<'c> {
    pub(crate) fn new(conn: &'c mut AnyConnection, statements: &'c Statements) -> Self {
        Self { conn, statements }
    }
}

impl Db<'_> {
    /// The placeholders of a multi-row `VALUES` of `rows` rows of `cols` parameters, bound in order. On SQLite
    /// they are anonymous (`(?, ?), (?, ?)`): SQLite finds a named parameter (`$n`) by a linear search of the
    /// statement's names, and sqlx asks the name of each, so binding `$1`…`$n` costs the square of `n` (with 400
    /// parameters a statement, 17 % of the CPU of an import went to `sqlite3_bind_parameter_name`). PostgreSQL
    /// numbers them (`($1, $2), ($3, $4)`).
    pub(crate) fn values(&self, rows: usize, cols: usize) -> String {
        let sqlite = self.conn.backend_name() == "SQLite";
        (0..rows)
            .map(|r| {
                let row: Vec<String> =
                    (1..=cols).map(|c| if sqlite { "?".to_owned() } else { format!("${}", r * cols + c) }).collect();
                format!("({})", row.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Debug for Db<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db").field("statements", &self.statements.get()).finish_non_exhaustive()
    }
}

impl<'c, 'x> Executor<'c> for &'c mut Db<'x> {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(self, query: E) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        self.statements.bump();
        (&mut *self.conn).fetch_many(query)
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        self.statements.bump();
        (&mut *self.conn).fetch_optional(query)
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        (&mut *self.conn).prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        (&mut *self.conn).describe(sql)
    }
}
