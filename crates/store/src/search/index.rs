//! Keeping the search index: a write transaction notes each searchable row it touches ([`Touched`]) and, just
//! before it commits, rebuilds their entries ([`refresh`]) in the same transaction, so the index is never behind a
//! committed text. What is indexed of a row is the core's rule (`rules::search::index`); this module reads the row
//! and its texts and writes the entries. Rows the index lacks (those written before the index existed) are indexed
//! when the store starts ([`index_missing`]).

use std::collections::{BTreeMap, BTreeSet};

use secretariat_core::domain::{Id, Kind, Lang, Record, SearchEntry, SearchKind, Searchable, Viewer};
use secretariat_core::rules::search::index;
use secretariat_core::{Error, Result};
use sqlx::{AnyPool, Row};

use crate::counted::{Db, Statements};
use crate::error::db;
use crate::records;
use crate::shelf::{bind_all, json, Val, PARAMS_A_STATEMENT};

/// What a write touched that the index must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Touch {
    /// A searchable row, by its kind and id.
    Row(SearchKind, Id),
    /// A body: its name is in the titles of its meetings.
    Body(Id),
    /// A city: its name is in the titles of the meetings held there.
    City(Id),
}

/// The rows one transaction touched, each once.
#[derive(Debug, Default)]
pub(crate) struct Touched(BTreeSet<Touch>);

impl Touched {
    /// Notes a record written (inserted, changed or deleted), if the index shows it or a part of it.
    pub(crate) fn record(&mut self, kind: Kind, id: Id) {
        let touch = match kind {
            Kind::Document => Touch::Row(SearchKind::Document, id),
            Kind::Meeting => Touch::Row(SearchKind::Meeting, id),
            Kind::AgendaItem => Touch::Row(SearchKind::AgendaItem, id),
            Kind::Publication => Touch::Row(SearchKind::Publication, id),
            Kind::Body => Touch::Body(id),
            Kind::City => Touch::City(id),
            _ => return,
        };
        self.0.insert(touch);
    }

    /// Notes a document whose texts, symbol or revisions changed.
    pub(crate) fn document(&mut self, id: Id) {
        self.0.insert(Touch::Row(SearchKind::Document, id));
    }

    /// Takes what was noted, leaving nothing.
    pub(crate) fn take(&mut self) -> BTreeSet<Touch> {
        std::mem::take(&mut self.0)
    }
}

/// Ids an integer query returns.
async fn ids(c: &mut Db<'_>, sql: &str, bind: Id) -> Result<Vec<Id>> {
    sqlx::query_scalar(sql).bind(bind).fetch_all(&mut *c).await.map_err(db)
}

/// Rebuilds the entries of every row touched, and of the rows whose titles name what was touched: a meeting's
/// items (ordered by its first day), a body's or a city's meetings and their items.
pub(crate) async fn refresh(c: &mut Db<'_>, touched: BTreeSet<Touch>) -> Result<()> {
    let mut rows: BTreeSet<(SearchKind, Id)> = BTreeSet::new();
    let mut meetings: Vec<Id> = Vec::new();
    for t in touched {
        match t {
            Touch::Row(SearchKind::Meeting, id) => meetings.push(id),
            Touch::Row(kind, id) => {
                rows.insert((kind, id));
            }
            Touch::Body(id) => meetings.extend(ids(c, "SELECT id FROM meeting WHERE body_id = $1", id).await?),
            Touch::City(id) => meetings.extend(ids(c, "SELECT id FROM meeting WHERE city_id = $1", id).await?),
        }
    }
    for m in meetings {
        rows.insert((SearchKind::Meeting, m));
        for item in ids(c, "SELECT id FROM agenda_item WHERE meeting_id = $1", m).await? {
            rows.insert((SearchKind::AgendaItem, item));
        }
    }
    let (documents, others): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(k, _)| *k == SearchKind::Document);
    let documents: Vec<Id> = documents.into_iter().map(|(_, id)| id).collect();
    for chunk in documents.chunks(DOCUMENTS_A_BATCH) {
        reindex_documents(c, chunk).await?;
    }
    for (kind, id) in others {
        reindex(c, kind, id).await?;
    }
    Ok(())
}

/// The documents reindexed together, their ids bound (as `$n`) in each statement that reads them: a few
/// statements per batch.
const DOCUMENTS_A_BATCH: usize = 400;

/// The entries written in one statement, of 10 parameters each.
const ENTRIES_A_STATEMENT: usize = PARAMS_A_STATEMENT / 10;

/// Replaces the entries of documents by what they hold now (none for one that is gone), reading them and writing
/// their entries in a bounded number of statements: what a transaction that wrote many documents (an import) needs.
async fn reindex_documents(c: &mut Db<'_>, ids: &[Id]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let list = in_list(1, ids.len());
    let id_vals: Vec<Val> = ids.iter().map(|id| Val::Int(Some(*id))).collect();
    let mut vals = vec![Val::text(SearchKind::Document.as_str())];
    vals.extend(id_vals.iter().cloned());
    let delete = format!("DELETE FROM search_entry WHERE kind = $1 AND row_id IN {}", in_list(2, ids.len()));
    bind_all(sqlx::query(&delete), &vals).execute(&mut *c).await.map_err(db)?;
    let docs = records::get_many(c, Kind::Document, ids, &Viewer::Secretariat).await?;
    if docs.is_empty() {
        return Ok(());
    }
    let symbols = format!("SELECT id, symbol FROM document WHERE id IN {list}");
    let mut symbol: BTreeMap<Id, Option<String>> = BTreeMap::new();
    for r in bind_all(sqlx::query(&symbols), &id_vals).fetch_all(&mut *c).await.map_err(db)? {
        symbol.insert(r.try_get(0).map_err(db)?, r.try_get(1).map_err(db)?);
    }
    let current = format!(
        "SELECT r.document_id, t.language, t.body, r.created_at_us FROM document_revision r \
         JOIN document_text t ON t.revision_id = r.id WHERE r.document_id IN {list} AND r.number = \
         (SELECT MAX(r2.number) FROM document_revision r2 WHERE r2.document_id = r.document_id) \
         ORDER BY r.document_id, t.language"
    );
    let mut texts: BTreeMap<Id, (BTreeMap<Lang, String>, i64)> = BTreeMap::new();
    for r in bind_all(sqlx::query(&current), &id_vals).fetch_all(&mut *c).await.map_err(db)? {
        let lang: String = r.try_get(1).map_err(db)?;
        let lang = Lang::parse(&lang).map_err(|e| Error::Storage(format!("stored language: {e}")))?;
        let of = texts.entry(r.try_get(0).map_err(db)?).or_default();
        of.0.insert(lang, r.try_get::<String, _>(2).map_err(db)?);
        of.1 = r.try_get(3).map_err(db)?;
    }
    let untexted: Vec<Val> = docs.iter().filter(|d| !texts.contains_key(&d.id)).map(|d| Val::Int(Some(d.id))).collect();
    if !untexted.is_empty() {
        let latest = format!(
            "SELECT document_id, MAX(created_at_us) FROM document_revision WHERE document_id IN {} \
             GROUP BY document_id",
            in_list(1, untexted.len())
        );
        for r in bind_all(sqlx::query(&latest), &untexted).fetch_all(&mut *c).await.map_err(db)? {
            let at: Option<i64> = r.try_get(1).map_err(db)?;
            texts.insert(r.try_get(0).map_err(db)?, (BTreeMap::new(), at.unwrap_or_default()));
        }
    }
    let none = (BTreeMap::new(), 0);
    let mut rows = Vec::with_capacity(docs.len());
    for d in docs {
        let Record::Document(doc) = &d.record else { continue };
        let (current, at_us) = texts.get(&d.id).unwrap_or(&none);
        let symbol = symbol.get(&d.id).and_then(|s| s.as_deref());
        rows.push(index::document(d.id, doc, symbol, current, *at_us));
    }
    insert_entries(c, &rows).await
}

/// The placeholders of an `IN` list of `n` values from `$first` on: `($2, $3, $4)`.
fn in_list(first: usize, n: usize) -> String {
    let params: Vec<String> = (first..first + n).map(|i| format!("${i}")).collect();
    format!("({})", params.join(", "))
}

/// Writes the entries of rows whose old entries are gone, in multi-row `INSERT`s.
async fn insert_entries(c: &mut Db<'_>, rows: &[Searchable]) -> Result<()> {
    let entries: Vec<(&Searchable, &SearchEntry)> =
        rows.iter().flat_map(|r| r.entries.iter().map(move |e| (r, e))).collect();
    for chunk in entries.chunks(ENTRIES_A_STATEMENT) {
        let sql = format!(
            "INSERT INTO search_entry (kind, row_id, key, number, title, on_day, at_us, language, body, stems) \
             VALUES {}",
            c.values(chunk.len(), 10)
        );
        let mut vals = Vec::with_capacity(chunk.len() * 10);
        for (row, e) in chunk {
            vals.extend([
                Val::text(row.kind.as_str()),
                Val::Int(Some(row.id)),
                Val::text(row.key.clone()),
                Val::Int(row.number.map(i64::from)),
                Val::text(json(&row.title)),
                Val::Text(row.on.map(|d| d.to_string())),
                Val::Int(Some(row.at_us)),
                Val::text(e.language.as_str()),
                Val::text(e.body.clone()),
                Val::text(e.terms.clone()),
            ]);
        }
        bind_all(sqlx::query(&sql), &vals).execute(&mut *c).await.map_err(db)?;
    }
    Ok(())
}

/// Replaces a row's entries by what it holds now (none once it is gone).
async fn reindex(c: &mut Db<'_>, kind: SearchKind, id: Id) -> Result<()> {
    sqlx::query("DELETE FROM search_entry WHERE kind = $1 AND row_id = $2")
        .bind(kind.as_str())
        .bind(id)
        .execute(&mut *c)
        .await
        .map_err(db)?;
    let Some(row) = searchable(c, kind, id).await? else { return Ok(()) };
    insert_entries(c, std::slice::from_ref(&row)).await
}

async fn record(c: &mut Db<'_>, kind: Kind, id: Id) -> Result<Option<Record>> {
    Ok(records::get(c, kind, id, &Viewer::Secretariat).await?.map(|s| s.record))
}

async fn found(c: &mut Db<'_>, kind: Kind, key: &str) -> Result<Option<Record>> {
    Ok(records::find(c, kind, key, &Viewer::Secretariat).await?.map(|s| s.record))
}

/// A row as the index keeps it, read as the Secretariat (visibility is applied when searching), if it exists.
async fn searchable(c: &mut Db<'_>, kind: SearchKind, id: Id) -> Result<Option<Searchable>> {
    Ok(match kind {
        SearchKind::Document => {
            let Some(Record::Document(doc)) = record(c, Kind::Document, id).await? else { return Ok(None) };
            let symbol: Option<String> = sqlx::query_scalar("SELECT symbol FROM document WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *c)
                .await
                .map_err(db)?;
            let current = sqlx::query(
                "SELECT t.language, t.body, r.created_at_us FROM document_revision r \
                 JOIN document_text t ON t.revision_id = r.id WHERE r.document_id = $1 AND r.number = \
                 (SELECT MAX(r2.number) FROM document_revision r2 WHERE r2.document_id = $2) ORDER BY t.language",
            )
            .bind(id)
            .bind(id)
            .fetch_all(&mut *c)
            .await
            .map_err(db)?;
            let mut texts = BTreeMap::new();
            let mut at_us = 0;
            for r in &current {
                let lang: String = r.try_get(0).map_err(db)?;
                let lang = Lang::parse(&lang).map_err(|e| Error::Storage(format!("stored language: {e}")))?;
                texts.insert(lang, r.try_get::<String, _>(1).map_err(db)?);
                at_us = r.try_get(2).map_err(db)?;
            }
            if current.is_empty() {
                at_us = sqlx::query_scalar::<_, Option<i64>>(
                    "SELECT MAX(created_at_us) FROM document_revision WHERE document_id = $1",
                )
                .bind(id)
                .fetch_one(&mut *c)
                .await
                .map_err(db)?
                .unwrap_or_default();
            }
            Some(index::document(id, &doc, symbol.as_deref(), &texts, at_us))
        }
        SearchKind::Meeting => {
            let Some(Record::Meeting(m)) = record(c, Kind::Meeting, id).await? else { return Ok(None) };
            let body_key = |code: &str| format!("{}/{code}", m.organisation);
            let Some(Record::Body(body)) = found(c, Kind::Body, &body_key(m.body.as_str())).await? else {
                return Err(Error::Storage(format!("meeting {id} has no body")));
            };
            let mut joint = Vec::new();
            for code in &m.joint_with {
                if let Some(Record::Body(b)) = found(c, Kind::Body, &body_key(code.as_str())).await? {
                    joint.push(b);
                }
            }
            let city = match found(c, Kind::City, m.city.as_str()).await? {
                Some(Record::City(city)) => Some(city),
                _ => None,
            };
            Some(index::meeting(id, &m, &body, &joint, city.as_ref()))
        }
        SearchKind::AgendaItem => {
            let Some(Record::AgendaItem(item)) = record(c, Kind::AgendaItem, id).await? else { return Ok(None) };
            let Some(Record::Meeting(m)) = found(c, Kind::Meeting, item.meeting.as_str()).await? else {
                return Err(Error::Storage(format!("agenda item {id} has no meeting")));
            };
            Some(index::agenda_item(id, &item, m.starts_on))
        }
        SearchKind::Publication => {
            let Some(Record::Publication(p)) = record(c, Kind::Publication, id).await? else { return Ok(None) };
            Some(index::publication(id, &p))
        }
    })
}

/// The rows of each kind the index holds no entry of.
const MISSING: [(SearchKind, &str); 4] = [
    (SearchKind::AgendaItem, "agenda_item"),
    (SearchKind::Document, "document"),
    (SearchKind::Meeting, "meeting"),
    (SearchKind::Publication, "publication"),
];

async fn missing(c: &mut Db<'_>) -> Result<Vec<(SearchKind, Id)>> {
    let mut out = Vec::new();
    for (kind, table) in MISSING {
        // Table names from the list above, never input.
        let sql = format!(
            "SELECT t.id FROM {table} t WHERE NOT EXISTS \
             (SELECT 1 FROM search_entry e WHERE e.kind = $1 AND e.row_id = t.id) ORDER BY t.id"
        );
        let found: Vec<Id> = sqlx::query_scalar(&sql).bind(kind.as_str()).fetch_all(&mut *c).await.map_err(db)?;
        out.extend(found.into_iter().map(|id| (kind, id)));
    }
    Ok(out)
}

/// Indexes every searchable row that has no entry yet — all of them, the first time a database written before the
/// index existed is opened — in one transaction serialised with the writers (it takes the audit head's lock first,
/// as they do), so that no write can slip between the read of a row and its entries. Every row has at least one
/// entry (its title has a language), so a row indexed once is never indexed again here. Returns how many.
pub(crate) async fn index_missing(pool: &AnyPool, statements: &Statements) -> Result<usize> {
    let mut conn = pool.acquire().await.map_err(db)?;
    if missing(&mut Db::new(&mut conn, statements)).await?.is_empty() {
        return Ok(0);
    }
    drop(conn);
    let mut tx = pool.begin().await.map_err(db)?;
    let mut c = Db::new(&mut tx, statements);
    sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1").execute(&mut c).await.map_err(db)?;
    let rows = missing(&mut c).await?;
    for (kind, id) in &rows {
        reindex(&mut c, *kind, *id).await?;
    }
    tx.commit().await.map_err(db)?;
    Ok(rows.len())
}
