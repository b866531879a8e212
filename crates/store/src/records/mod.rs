//! The small generic core under the shelves: get, find, list and the writes' columns, the same for every kind.
//! Each kind's shelf (`shelf::Mapping`) lives in the module of its aggregate (`geography.rs`, `people.rs`, …) and says
//! its SELECT, key, filters, visibility, how a row decodes and which columns a record writes. Visibility is a
//! condition of the query, never a later filter.

use secretariat_core::domain::{Id, Kind, Record, Viewer};
use secretariat_core::store::{Filter, Order, Stored};
use secretariat_core::{Error, Result};
use sqlx::Row;

use crate::counted::Db;
use crate::error::db;
pub(crate) use crate::meetings::agenda;
pub(crate) use crate::shelf::{bind_all, json, Col, Cols, Field, Table, Val};

/// Every aggregate's shelves.
const AGGREGATES: &[&[&dyn Table]] = &[
    crate::geography::SHELVES,
    crate::people::SHELVES,
    crate::organisations::SHELVES,
    crate::meetings::SHELVES,
    crate::documents::SHELVES,
    crate::plans::SHELVES,
    crate::publications::SHELVES,
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
        Field::Before => f.before.map(|d| ("<", Val::text(d.to_string()))),
        Field::Since => f.since.map(|d| (">=", Val::text(d.to_string()))),
        Field::Category => f.category.as_ref().and_then(|v| text(v.as_str())),
        Field::Language => f.language.as_ref().and_then(|v| text(v.as_str())),
        Field::AboutMeeting => f.about_meeting.as_ref().map(|k| ("LIKE", crate::shelf::quoted(k.as_str()))),
        Field::AboutDocument => f.about_document.as_ref().map(|k| ("LIKE", crate::shelf::quoted(k.as_str()))),
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
    conn: &mut Db<'_>,
    t: &dyn Table,
    viewer: &Viewer,
    conds: Vec<String>,
    binds: Vec<Val>,
    limit: Option<u32>,
) -> Result<Vec<Stored<Record>>> {
    query_in(conn, t, viewer, conds, binds, limit, Order::Recorded).await
}

/// The rows of a kind that meet the conditions and the viewer may see, in `order` (ties by id, in its direction).
async fn query_in(
    conn: &mut Db<'_>,
    t: &dyn Table,
    viewer: &Viewer,
    mut conds: Vec<String>,
    binds: Vec<Val>,
    limit: Option<u32>,
    order: Order,
) -> Result<Vec<Stored<Record>>> {
    conds.extend(t.shown().condition(viewer));
    let mut sql = t.select(viewer).into_owned();
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    let a = t.alias();
    sql.push_str(&match (order, t.day()) {
        (Order::Chronological, Some(day)) => format!(" ORDER BY {day}, {a}.id"),
        (Order::ReverseChronological, Some(day)) => format!(" ORDER BY {day} DESC, {a}.id DESC"),
        _ => format!(" ORDER BY {a}.id"),
    });
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

/// Records of a kind that match the filter, in the filter's order.
pub(crate) async fn list(conn: &mut Db<'_>, kind: Kind, f: &Filter) -> Result<Vec<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut binds = Vec::new();
    let mut conds = Vec::new();
    for (field, column) in t.filters() {
        if let Some((op, v)) = filter_value(*field, f) {
            conds.push(format!("{column} {op} {}", param(&mut binds, v)));
        }
    }
    if !f.meetings.is_empty() {
        if let Some((_, column)) = t.filters().iter().find(|(field, _)| *field == Field::Meeting) {
            let list: Vec<String> = f.meetings.iter().map(|m| param(&mut binds, Val::Int(Some(*m)))).collect();
            conds.push(format!("{column} IN ({})", list.join(", ")));
        }
    }
    if !f.persons.is_empty() {
        if let Some((_, column)) = t.filters().iter().find(|(field, _)| *field == Field::Person) {
            let list: Vec<String> = f.persons.iter().map(|p| param(&mut binds, Val::text(p.as_str()))).collect();
            conds.push(format!("{column} IN ({})", list.join(", ")));
        }
    }
    if let Some(after) = f.after {
        conds.push(format!("{}.id > {}", t.alias(), param(&mut binds, Val::Int(Some(after)))));
    }
    query_in(conn, t, &f.viewer, conds, binds, Some(f.limit), f.order).await
}

/// One record by id, if the viewer may see it.
pub(crate) async fn get(conn: &mut Db<'_>, kind: Kind, id: Id, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut binds = Vec::new();
    let conds = vec![format!("{}.id = {}", t.alias(), param(&mut binds, Val::Int(Some(id))))];
    Ok(query(conn, t, viewer, conds, binds, Some(1)).await?.pop())
}

/// One record by its natural key (`ORG/BODY` for a body), if the viewer may see it.
pub(crate) async fn find(conn: &mut Db<'_>, kind: Kind, key: &str, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut binds = Vec::new();
    let Some(conds) = key_conditions(t, key, &mut binds) else { return Ok(None) };
    Ok(query(conn, t, viewer, conds, binds, Some(1)).await?.pop())
}

/// How many ids or keys one statement asks for: well under either engine's limit of bound parameters.
const BATCH: usize = 400;

/// Records of a kind by id, if the viewer may see them, in id order; a statement per [`BATCH`] ids.
pub(crate) async fn get_many(
    conn: &mut Db<'_>,
    kind: Kind,
    ids: &[Id],
    viewer: &Viewer,
) -> Result<Vec<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for chunk in ids.chunks(BATCH) {
        let mut binds = Vec::new();
        let list: Vec<String> = chunk.iter().map(|id| param(&mut binds, Val::Int(Some(*id)))).collect();
        let conds = vec![format!("{}.id IN ({})", t.alias(), list.join(", "))];
        out.extend(query(conn, t, viewer, conds, binds, None).await?);
    }
    Ok(out)
}

/// Records of a kind by natural key, if the viewer may see them, in id order; a statement per [`BATCH`] keys.
pub(crate) async fn find_many(
    conn: &mut Db<'_>,
    kind: Kind,
    keys: &[String],
    viewer: &Viewer,
) -> Result<Vec<Stored<Record>>> {
    let t = shelf(kind)?;
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    let mut out = Vec::new();
    for chunk in keys.chunks(BATCH) {
        // A key of one column is one `IN` list, with `Db::values`' placeholders (anonymous on SQLite, where
        // binding 200 numbered ones took 8 ms of a page's 30 at 100,000 documents).
        if let [column] = t.key() {
            let conds = vec![format!("{column} IN {}", conn.values(1, chunk.len()))];
            let binds = chunk.iter().map(|k| Val::text(k.as_str())).collect();
            out.extend(query(conn, t, viewer, conds, binds, None).await?);
            continue;
        }
        let mut binds = Vec::new();
        let alternatives: Vec<String> = chunk
            .iter()
            .filter_map(|key| key_conditions(t, key, &mut binds))
            .map(|conds| format!("({})", conds.join(" AND ")))
            .collect();
        if alternatives.is_empty() {
            continue;
        }
        let conds = vec![format!("({})", alternatives.join(" OR "))];
        out.extend(query(conn, t, viewer, conds, binds, None).await?);
    }
    out.sort_by_key(|s| s.id);
    Ok(out)
}

/// The id of the record of `kind` named `key`; an unknown reference is the caller's error.
pub(crate) async fn resolve(conn: &mut Db<'_>, kind: Kind, key: &str) -> Result<Id> {
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

/// The columns a change of a record writes: all but those written only when it is inserted.
pub(crate) async fn changed_columns(conn: &mut Db<'_>, record: &Record) -> Result<Vec<(&'static str, Val)>> {
    let insert_only = shelf(record.kind())?.insert_only();
    let mut cols = columns(conn, record).await?;
    cols.retain(|(name, _)| !insert_only.contains(name));
    Ok(cols)
}

/// The columns a record writes, its references resolved to ids.
pub(crate) async fn columns(conn: &mut Db<'_>, record: &Record) -> Result<Vec<(&'static str, Val)>> {
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
pub(crate) async fn named_elsewhere(conn: &mut Db<'_>, record: &Record, _id: Id) -> Result<bool> {
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
pub(crate) async fn scope(conn: &mut Db<'_>, record: &Record, id: Id) -> Result<String> {
    Ok(match shelf(record.kind())?.owner(record)? {
        Some((kind, key)) => format!("{}:{}", kind.as_str(), resolve(conn, kind, &key).await?),
        None => format!("{}:{id}", record.kind().as_str()),
    })
}

#[cfg(test)]
mod tests;
