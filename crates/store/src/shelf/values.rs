//! The values a shelf reads and writes: bound parameters, columns with unresolved references, and a row reader
//! that turns stored text back into the domain's types.

use jiff::civil::{Date, Time};
use secretariat_core::domain::Kind;
use secretariat_core::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::db;

/// A value bound to a query parameter, typed so that a NULL has the column's type on PostgreSQL.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Val {
    pub(crate) fn text(s: impl Into<String>) -> Self {
        Val::Text(Some(s.into()))
    }
}

/// Binds values in order to `$1, $2, …`.
pub(crate) fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    vals: &'q [Val],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in vals {
        q = match v {
            Val::Int(i) => q.bind(*i),
            Val::Text(t) => q.bind(t.clone()),
        };
    }
    q
}

/// How many parameters a multi-row `INSERT` binds at most: under both engines' limits (32,766 on SQLite, 65,535
/// on PostgreSQL), and enough rows a statement that the statements' own cost is small beside the rows'.
pub(crate) const PARAMS_A_STATEMENT: usize = 3000;

/// Inserts `rows` into `into` (`"position (revision_id, state_code, …)"`), `N` values a row, in as few multi-row
/// statements as [`PARAMS_A_STATEMENT`] allows.
pub(crate) async fn insert_rows<const N: usize>(
    c: &mut crate::counted::Db<'_>,
    into: &str,
    rows: Vec<[Val; N]>,
) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let vals: Vec<Val> = rows.by_ref().take(PARAMS_A_STATEMENT / N).flatten().collect();
        let sql = format!("INSERT INTO {into} VALUES {}", c.values(vals.len() / N, N));
        bind_all(sqlx::query(&sql), &vals).execute(&mut *c).await.map_err(db)?;
    }
    Ok(())
}

pub(crate) fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The stored name of a unit enum (`regular`, `in_person`).
use secretariat_core::domain::name_of as name;

pub(crate) fn from_name<T: DeserializeOwned>(raw: &str) -> Result<T> {
    secretariat_core::domain::variant_named(raw)
        .ok_or_else(|| Error::Storage(format!("stored name `{raw}` names no variant")))
}

/// A column a record writes: a value, or a reference by code or key that the shelf resolves to the row's id.
#[derive(Debug, Clone)]
pub(crate) enum Col {
    Val(Val),
    Ref(Kind, Option<String>),
}

impl Col {
    pub(crate) fn text(s: impl ToString) -> Self {
        Col::Val(Val::text(s.to_string()))
    }
    pub(crate) fn opt_text<T: ToString>(s: Option<&T>) -> Self {
        Col::Val(Val::Text(s.map(ToString::to_string)))
    }
    pub(crate) fn int(i: impl Into<i64>) -> Self {
        Col::Val(Val::Int(Some(i.into())))
    }
    pub(crate) fn json<T: Serialize>(v: &T) -> Self {
        Col::Val(Val::text(json(v)))
    }
    pub(crate) fn opt_json<T: Serialize>(v: Option<&T>) -> Self {
        Col::Val(Val::Text(v.map(json)))
    }
    pub(crate) fn name<T: Serialize>(v: &T) -> Self {
        Col::Val(Val::text(name(v)))
    }
    pub(crate) fn opt_name<T: Serialize>(v: Option<&T>) -> Self {
        Col::Val(Val::Text(v.map(name)))
    }
    pub(crate) fn day(d: Option<Date>) -> Self {
        Col::Val(Val::Text(d.map(|d| d.to_string())))
    }
    /// The id of the record of `kind` named `key`.
    pub(crate) fn to(kind: Kind, key: impl ToString) -> Self {
        Col::Ref(kind, Some(key.to_string()))
    }
    pub(crate) fn opt_to<T: ToString>(kind: Kind, key: Option<&T>) -> Self {
        Col::Ref(kind, key.map(ToString::to_string))
    }
}

/// A row as a shelf decodes it: column 0 is the id, 1 the version, the rest as the shelf's SELECT lists them.
pub(crate) struct Cols<'r>(pub(crate) &'r AnyRow);

fn stored<T>(r: std::result::Result<T, impl std::fmt::Display>) -> Result<T> {
    r.map_err(|e| Error::Storage(format!("stored value: {e}")))
}

impl Cols<'_> {
    pub(crate) fn int(&self, i: usize) -> Result<i64> {
        self.0.try_get::<i64, _>(i).map_err(db)
    }
    pub(crate) fn flag(&self, i: usize) -> Result<bool> {
        Ok(self.int(i)? != 0)
    }
    pub(crate) fn text(&self, i: usize) -> Result<String> {
        self.0.try_get::<String, _>(i).map_err(db)
    }
    pub(crate) fn opt(&self, i: usize) -> Result<Option<String>> {
        self.0.try_get::<Option<String>, _>(i).map_err(db)
    }
    /// A code or key, parsed by the domain's parser.
    pub(crate) fn parse<T, E: std::fmt::Display>(
        &self,
        i: usize,
        parse: fn(&str) -> std::result::Result<T, E>,
    ) -> Result<T> {
        stored(parse(&self.text(i)?))
    }
    pub(crate) fn opt_parse<T, E: std::fmt::Display>(
        &self,
        i: usize,
        parse: fn(&str) -> std::result::Result<T, E>,
    ) -> Result<Option<T>> {
        self.opt(i)?.map(|s| stored(parse(&s))).transpose()
    }
    pub(crate) fn json<T: DeserializeOwned>(&self, i: usize) -> Result<T> {
        from_json(&self.text(i)?)
    }
    pub(crate) fn opt_json<T: DeserializeOwned>(&self, i: usize) -> Result<Option<T>> {
        self.opt(i)?.map(|t| from_json(&t)).transpose()
    }
    pub(crate) fn name<T: DeserializeOwned>(&self, i: usize) -> Result<T> {
        from_name(&self.text(i)?)
    }
    pub(crate) fn opt_name<T: DeserializeOwned>(&self, i: usize) -> Result<Option<T>> {
        self.opt(i)?.map(|t| from_name(&t)).transpose()
    }
    pub(crate) fn day(&self, i: usize) -> Result<Option<Date>> {
        self.opt(i)?
            .map(|r| r.parse::<Date>().map_err(|e| Error::Storage(format!("stored day `{r}`: {e}"))))
            .transpose()
    }
    /// A day the schema requires.
    pub(crate) fn on(&self, i: usize) -> Result<Date> {
        Ok(self.day(i)?.unwrap_or_default())
    }
    pub(crate) fn time(&self, i: usize) -> Result<Option<Time>> {
        self.opt(i)?
            .map(|t| t.parse::<Time>().map_err(|e| Error::Storage(format!("stored time `{t}`: {e}"))))
            .transpose()
    }
}

fn from_json<T: DeserializeOwned>(raw: &str) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| Error::Storage(format!("stored JSON does not parse: {e}")))
}
