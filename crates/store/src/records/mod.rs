//! The small generic core under the shelves: get, find, list and the writes' columns, the same for every kind.
//! Each kind's shelf ([`Mapping`]) lives in the module of its aggregate (`geography.rs`, `people.rs`, …) and says
//! its SELECT, key, filters, visibility, how a row decodes and which columns a record writes. Visibility is a
//! condition of the query, never a later filter.

mod values;

use std::borrow::Cow;
use std::marker::PhantomData;

use secretariat_core::domain::RecordKind;
use secretariat_core::rules::visibility::{Viewer, Visibility};
use secretariat_core::store::{Filter, Id, Kind, Record, Stored};
use secretariat_core::{Error, Result};
use sqlx::{AnyConnection, Row};

use crate::error::db;
pub(crate) use crate::meetings::agenda;
pub(crate) use values::{bind_all, from_name, json, Col, Cols, Val};

/// A filter of a list, as a shelf maps it to a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Organisation,
    Body,
    /// The record a child belongs to, by key.
    Owner,
    Meeting,
    State,
    Person,
    Post,
    Role,
    /// The column is on or after the filter's `from`.
    From,
    /// The column is on or before the filter's `to`.
    To,
}

/// Who may see a kind's rows, as a condition of the query.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shown {
    /// Everyone.
    Always,
    /// Those whose levels include the row's visibility in this column.
    Level(&'static str),
    /// As a document (this alias): by level, and a sponsors-only draft to the delegates of its sponsors.
    Document(&'static str),
    /// The members only, until published otherwise.
    Members,
}

impl Shown {
    /// The condition for a viewer; levels are a closed set of names, written in as literals.
    pub(crate) fn condition(self, viewer: &Viewer) -> Option<String> {
        let levels: Vec<String> = viewer.levels().iter().map(|l| format!("'{}'", l.as_str())).collect();
        let levels = levels.join(", ");
        match self {
            Shown::Always => None,
            Shown::Level(column) => Some(format!("{column} IN ({levels})")),
            // The sponsors are a JSON list of codes, so the quoted code matches exactly. State codes are parsed
            // (two capital letters), never raw input.
            Shown::Document(a) => Some(match viewer.sponsor_state() {
                Some(state) => format!(
                    "({a}.visibility IN ({levels}) OR ({a}.visibility = 'sponsors' AND {a}.sponsors LIKE '%\"{state}\"%'))"
                ),
                None => format!("{a}.visibility IN ({levels})"),
            }),
            Shown::Members if !viewer.levels().contains(&Visibility::Members) => Some("1 = 0".into()),
            Shown::Members => None,
        }
    }
}

/// One kind's shelf: its table as the generic core reads and writes it.
pub(crate) trait Mapping: Send + Sync + 'static {
    type Record: RecordKind;
    /// The alias of the kind's own table in `SELECT`.
    const ALIAS: &'static str;
    /// `SELECT id, version, … FROM table alias JOIN …`: the kind's codes and keys joined back in.
    const SELECT: &'static str;
    /// The columns of the natural key, `/`-separated in a reference (`ORG/BODY`); none if it has none.
    const KEY: &'static [&'static str] = &[];
    /// The filters the kind honours, each on its column.
    const FILTERS: &'static [(Field, &'static str)] = &[];
    const SHOWN: Shown = Shown::Always;

    /// The SELECT as a viewer reads it, when it differs from [`Self::SELECT`].
    fn select(_viewer: &Viewer) -> Cow<'static, str> {
        Cow::Borrowed(Self::SELECT)
    }
    fn decode(row: &Cols<'_>) -> Result<Self::Record>;
    /// The columns the record writes; references are resolved to ids by the core.
    fn columns(r: &Self::Record) -> Vec<(&'static str, Col)>;
    /// Records named inside text or JSON columns, which must exist (foreign keys do not guard them).
    fn references(_r: &Self::Record) -> Vec<(Kind, String)> {
        Vec::new()
    }
    /// Counting queries of other records that name this one inside text or JSON columns.
    fn used_by(_r: &Self::Record) -> Vec<(&'static str, Vec<Val>)> {
        Vec::new()
    }
    /// The record whose audit scope this one's entries join (a meeting's parts belong to the meeting).
    fn owner(_r: &Self::Record) -> Option<(Kind, String)> {
        None
    }
}

/// A shelf as the core holds it, whatever its record type.
pub(crate) trait Table: Send + Sync {
    fn kind(&self) -> Kind;
    fn alias(&self) -> &'static str;
    fn select(&self, viewer: &Viewer) -> Cow<'static, str>;
    fn key(&self) -> &'static [&'static str];
    fn filters(&self) -> &'static [(Field, &'static str)];
    fn shown(&self) -> Shown;
    fn decode(&self, row: &Cols<'_>) -> Result<Record>;
    fn columns(&self, record: &Record) -> Result<Vec<(&'static str, Col)>>;
    fn references(&self, record: &Record) -> Result<Vec<(Kind, String)>>;
    fn used_by(&self, record: &Record) -> Result<Vec<(&'static str, Vec<Val>)>>;
    fn owner(&self, record: &Record) -> Result<Option<(Kind, String)>>;
}

/// The [`Table`] of a [`Mapping`].
pub(crate) struct Shelf<M>(PhantomData<fn() -> M>);

impl<M> Shelf<M> {
    pub(crate) const NEW: Self = Shelf(PhantomData);
}

impl<M: Mapping> Shelf<M> {
    fn own(record: &Record) -> Result<&M::Record> {
        M::Record::of(record).ok_or_else(|| {
            Error::Storage(format!("a {} on the shelf of {}", record.kind().as_str(), M::Record::KIND.as_str()))
        })
    }
}

impl<M: Mapping> Table for Shelf<M> {
    fn kind(&self) -> Kind {
        M::Record::KIND
    }
    fn alias(&self) -> &'static str {
        M::ALIAS
    }
    fn select(&self, viewer: &Viewer) -> Cow<'static, str> {
        M::select(viewer)
    }
    fn key(&self) -> &'static [&'static str] {
        M::KEY
    }
    fn filters(&self) -> &'static [(Field, &'static str)] {
        M::FILTERS
    }
    fn shown(&self) -> Shown {
        M::SHOWN
    }
    fn decode(&self, row: &Cols<'_>) -> Result<Record> {
        M::decode(row).map(RecordKind::into_record)
    }
    fn columns(&self, record: &Record) -> Result<Vec<(&'static str, Col)>> {
        Ok(M::columns(Self::own(record)?))
    }
    fn references(&self, record: &Record) -> Result<Vec<(Kind, String)>> {
        Ok(M::references(Self::own(record)?))
    }
    fn used_by(&self, record: &Record) -> Result<Vec<(&'static str, Vec<Val>)>> {
        Ok(M::used_by(Self::own(record)?))
    }
    fn owner(&self, record: &Record) -> Result<Option<(Kind, String)>> {
        Ok(M::owner(Self::own(record)?))
    }
}

/// Every aggregate's shelves.
const AGGREGATES: &[&[&dyn Table]] = &[
    crate::geography::SHELVES,
    crate::people::SHELVES,
    crate::organisations::SHELVES,
    crate::meetings::SHELVES,
    crate::documents::SHELVES,
    crate::plans::SHELVES,
];

/// The table a kind is stored in.
pub(crate) fn table(kind: Kind) -> &'static str {
    kind.as_str()
}

/// The shelf of a kind.
pub(crate) fn shelf(kind: Kind) -> Result<&'static dyn Table> {
    AGGREGATES
        .iter()
        .flat_map(|shelves| shelves.iter())
        .find(|t| t.kind() == kind)
        .copied()
        .ok_or_else(|| Error::Storage(format!("no shelf for {}", kind.as_str())))
}

fn param(binds: &mut Vec<Val>, v: Val) -> String {
    binds.push(v);
    format!("${}", binds.len())
}

/// The value of a filter, with the comparison it needs.
fn filter_value(field: Field, f: &Filter) -> Option<(&'static str, Val)> {
    let text = |s: &str| Some(("=", Val::text(s)));
    match field {
        Field::Organisation => f.organisation.as_ref().and_then(|v| text(v.as_str())),
        Field::Body => f.body.as_ref().and_then(|v| text(v.as_str())),
        Field::Owner => f.owner.as_ref().and_then(|v| text(v.as_str())),
        Field::Meeting => f.meeting.map(|m| ("=", Val::Int(Some(m)))),
        Field::State => f.state.as_ref().and_then(|v| text(v.as_str())),
        Field::Person => f.person.as_ref().and_then(|v| text(v.as_str())),
        Field::Post => f.post.as_ref().and_then(|v| text(v.as_str())),
        Field::Role => f.role.as_ref().and_then(|v| text(v.as_str())),
        Field::From => f.from.map(|d| (">=", Val::text(d.to_string()))),
        Field::To => f.to.map(|d| ("<=", Val::text(d.to_string()))),
    }
}

/// The conditions that find a row by its natural key; none when the kind has no key or the key has no such shape.
fn key_conditions(t: &dyn Table, key: &str, binds: &mut Vec<Val>) -> Option<Vec<String>> {
    let parts: Vec<&str> = match t.key().len() {
        0 => return None,
        1 => vec![key],
        _ => key.splitn(t.key().len(), '/').collect(),
    };
    if parts.len() != t.key().len() {
        return None;
    }
    Some(
        t.key()
            .iter()
            .zip(parts)
            .map(|(column, part)| format!("{column} = {}", param(binds, Val::text(part))))
            .collect(),
    )
}

async fn query(
    conn: &mut AnyConnection,
    t: &dyn Table,
    viewer: &Viewer,
    mut conds: Vec<String>,
    binds: Vec<Val>,
    limit: Option<u32>,
) -> Result<Vec<Stored<Record>>> {
    conds.extend(t.shown().condition(viewer));
    let mut sql = t.select(viewer).into_owned();
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(&format!(" ORDER BY {}.id", t.alias()));
    if let Some(limit) = limit.filter(|l| *l < u32::MAX) {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    let rows = bind_all(sqlx::query(&sql), &binds).fetch_all(conn).await.map_err(db)?;
    rows.iter()
        .map(|r| {
            let row = Cols(r);
            Ok(Stored { id: row.int(0)?, version: row.int(1)?, record: t.decode(&row)? })
        })
        .collect()
}

/// Records of a kind that match the filter, in id order.
pub(crate) async fn list(conn: &mut AnyConnection, kind: Kind, f: &Filter) -> Result<Vec<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut binds = Vec::new();
    let mut conds = Vec::new();
    for (field, column) in t.filters() {
        if let Some((op, v)) = filter_value(*field, f) {
            conds.push(format!("{column} {op} {}", param(&mut binds, v)));
        }
    }
    if let Some(after) = f.after {
        conds.push(format!("{}.id > {}", t.alias(), param(&mut binds, Val::Int(Some(after)))));
    }
    query(conn, t, &f.viewer, conds, binds, Some(f.limit)).await
}

/// One record by id, if the viewer may see it.
pub(crate) async fn get(
    conn: &mut AnyConnection,
    kind: Kind,
    id: Id,
    viewer: &Viewer,
) -> Result<Option<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut binds = Vec::new();
    let conds = vec![format!("{}.id = {}", t.alias(), param(&mut binds, Val::Int(Some(id))))];
    Ok(query(conn, t, viewer, conds, binds, Some(1)).await?.pop())
}

/// One record by its natural key (`ORG/BODY` for a body), if the viewer may see it.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    kind: Kind,
    key: &str,
    viewer: &Viewer,
) -> Result<Option<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut binds = Vec::new();
    let Some(conds) = key_conditions(t, key, &mut binds) else { return Ok(None) };
    Ok(query(conn, t, viewer, conds, binds, Some(1)).await?.pop())
}

/// The id of the record of `kind` named `key`; an unknown reference is the caller's error.
pub(crate) async fn resolve(conn: &mut AnyConnection, kind: Kind, key: &str) -> Result<Id> {
    let t = shelf(kind)?;
    let unknown = || Error::invalid("unknown_reference", format!("no {} `{key}`", kind.as_str().replace('_', " ")));
    let mut binds = Vec::new();
    let conds = key_conditions(t, key, &mut binds).ok_or_else(unknown)?;
    let select = t.select(&Viewer::Secretariat);
    let from = select.find(" FROM ").map(|at| &select[at..]).unwrap_or_default();
    let sql = format!("SELECT {}.id{from} WHERE {}", t.alias(), conds.join(" AND "));
    bind_all(sqlx::query(&sql), &binds)
        .fetch_optional(conn)
        .await
        .map_err(db)?
        .map(|row| row.try_get::<i64, _>(0).map_err(db))
        .transpose()?
        .ok_or_else(unknown)
}

/// The columns a record writes, its references resolved to ids.
pub(crate) async fn columns(conn: &mut AnyConnection, record: &Record) -> Result<Vec<(&'static str, Val)>> {
    let t = shelf(record.kind())?;
    for (kind, key) in t.references(record)? {
        resolve(conn, kind, &key).await?;
    }
    let mut out = Vec::new();
    for (column, col) in t.columns(record)? {
        out.push((
            column,
            match col {
                Col::Val(v) => v,
                Col::Ref(_, None) => Val::Int(None),
                Col::Ref(kind, Some(key)) => Val::Int(Some(resolve(conn, kind, &key).await?)),
            },
        ));
    }
    Ok(out)
}

/// Whether other records name this one (row `_id`) by its code or key inside text or JSON columns.
pub(crate) async fn named_elsewhere(conn: &mut AnyConnection, record: &Record, _id: Id) -> Result<bool> {
    for (sql, vals) in shelf(record.kind())?.used_by(record)? {
        let n: i64 =
            bind_all(sqlx::query(sql), &vals).fetch_one(&mut *conn).await.map_err(db)?.try_get(0).map_err(db)?;
        if n > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What an audit entry of this record belongs to: its owner's scope, or its own.
pub(crate) async fn scope(conn: &mut AnyConnection, record: &Record, id: Id) -> Result<String> {
    Ok(match shelf(record.kind())?.owner(record)? {
        Some((kind, key)) => format!("{}:{}", kind.as_str(), resolve(conn, kind, &key).await?),
        None => format!("{}:{id}", record.kind().as_str()),
    })
}

/// A `LIKE` pattern that matches a quoted code or key inside a JSON list.
pub(crate) fn quoted(s: &str) -> Val {
    Val::text(format!("%\"{s}\"%"))
}

#[cfg(test)]
mod tests;
