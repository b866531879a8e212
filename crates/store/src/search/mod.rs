//! Search: the rows whose entries hold a query's stems, among those the viewer may see, ranked and paged.
//!
//! **The rule of the ranking.** A row is found when one of its entries (one per language) holds one of the
//! query's stems as a whole word of its `stems`. Found rows are ranked in two groups: first those with an entry
//! that holds every stem, then the others; within each, newest first (`at_us`), then by kind, then by id, the
//! greatest first. At most [`SEARCH_CAP`] rows (the query's `cap`) are counted and paged through: when more are
//! found, `total` is the cap and `capped` says there are more. A query not `counted` (the API's, which shows no
//! count) reads only to one row past its page, enough to say whether another page follows. A row's score, shown beside it, is the number of
//! the stems its best entry holds; it orders nothing within a group. (Before, rows were ordered by that score over
//! all the rows found, which meant reading and sorting every one: 450 ms for a word a third of the index holds.)
//!
//! So every answer is the head of a list an index can give in order: newest first among the rows holding the
//! stems, down the index `search_entry_recent`, or, when few entries hold them, through the engine's full-text
//! index and sorted ([`rank::newest`] chooses). The count reads the full-text index's entries until it has seen
//! `cap + 1` rows. Visibility is a condition of every statement, through each kind's own table (`Shown`, as every
//! list applies it), so a row the viewer may not see is neither found, nor counted, nor quoted. Both engines run
//! the same statements but for the full-text prefilter — SQLite's FTS5 table `search_fts`, PostgreSQL's GIN index
//! of the stems as a tsvector — which keeps every entry holding the stems (single tokens of letters and digits in
//! both) and so narrows the work and never the answer: both engines find and rank alike.

mod index;
mod rank;

pub(crate) use index::{index_missing, refresh, Touched};

#[cfg(doc)]
use secretariat_core::domain::SEARCH_CAP;
use secretariat_core::domain::{
    variant_named, Lang, SearchEntry, SearchFound, SearchKind, SearchMatch, SearchQuery, Searchable,
};
use secretariat_core::rules::search::score;
use secretariat_core::{Error, Result};
use sqlx::Row;

use crate::counted::Db;
use crate::error::db;
use crate::Engine;
use rank::{Found, Holds};

/// A page of what the query finds, best first, and how many rows it finds (up to its cap; or, uncounted, up to
/// one past the page).
pub(crate) async fn search(c: &mut Db<'_>, engine: Engine, q: &SearchQuery) -> Result<SearchFound> {
    if q.stems.is_empty() {
        return Ok(SearchFound { matches: Vec::new(), total: 0, capped: false });
    }
    let cap = q.cap as usize;
    let start = q.offset as usize;
    let (ranked, total, capped) = if q.counted {
        let found = rank::count(c, engine, &q.viewer, &q.stems, cap + 1).await?;
        let total = found.min(cap);
        let end = (start + q.limit as usize).min(total);
        let ranked = if start < end { ranking(c, engine, q, end).await? } else { Vec::new() };
        (ranked, total, found > cap)
    } else {
        // One row past the page (or past the cap) says whether another page follows.
        let ranked = ranking(c, engine, q, (start + q.limit as usize).min(cap) + 1).await?;
        let found = ranked.len();
        (ranked, found.min(cap), found > cap)
    };
    let end = (start + q.limit as usize).min(total);
    let order: Vec<Found> = ranked.into_iter().take(end).skip(start).collect();
    let rows = rows(c, &order).await?;
    let matches = order
        .into_iter()
        .filter_map(|(kind, id)| {
            let row = rows.iter().find(|r| r.kind == kind && r.id == id)?;
            let best = row.entries.iter().map(|e| score(&q.stems, &e.terms)).max().unwrap_or_default();
            Some(SearchMatch { score: u32::try_from(best).unwrap_or_default(), row: row.clone() })
        })
        .collect();
    Ok(SearchFound { matches, total: total as u64, capped })
}

/// The first `end` rows of the ranking: rows holding every stem, then — if fewer hold them all — the first of the
/// others, which are the rows holding any stem less those.
async fn ranking(c: &mut Db<'_>, engine: Engine, q: &SearchQuery, end: usize) -> Result<Vec<Found>> {
    let every = rank::newest(c, engine, &q.viewer, &q.stems, Holds::All, end).await?;
    let fewer = end - every.len();
    if fewer == 0 || q.stems.len() < 2 {
        return Ok(every);
    }
    let any = rank::newest(c, engine, &q.viewer, &q.stems, Holds::Any, end).await?;
    let others: Vec<Found> = any.into_iter().filter(|r| !every.contains(r)).take(fewer).collect();
    Ok(every.into_iter().chain(others).collect())
}

/// The rows of a page with all their entries, in one read.
async fn rows(c: &mut Db<'_>, order: &[Found]) -> Result<Vec<Searchable>> {
    if order.is_empty() {
        return Ok(Vec::new());
    }
    // Ids are integers read from the database and kinds the names of an enum, written in as literals. Each kind
    // with its ids, so that the index on (kind, row_id) finds the entries: by the ids alone the whole table is read.
    let mut by_kind: Vec<(SearchKind, Vec<String>)> = Vec::new();
    for (kind, id) in order {
        match by_kind.iter_mut().find(|(k, _)| k == kind) {
            Some((_, ids)) => ids.push(id.to_string()),
            None => by_kind.push((*kind, vec![id.to_string()])),
        }
    }
    let wanted: Vec<String> = by_kind
        .iter()
        .map(|(kind, ids)| format!("(kind = '{}' AND row_id IN ({}))", kind.as_str(), ids.join(", ")))
        .collect();
    let sql = format!(
        "SELECT kind, row_id, key, number, title, on_day, at_us, language, body, stems FROM search_entry \
         WHERE {} ORDER BY id",
        wanted.join(" OR ")
    );
    let storage = |what: &str, e: String| Error::Storage(format!("stored search {what}: {e}"));
    let mut out: Vec<Searchable> = Vec::new();
    for r in sqlx::query(&sql).fetch_all(&mut *c).await.map_err(db)? {
        let kind: String = r.try_get(0).map_err(db)?;
        let Some(kind) = variant_named::<SearchKind>(&kind) else { continue };
        let id: i64 = r.try_get(1).map_err(db)?;
        if !order.iter().any(|(k, i)| *k == kind && *i == id) {
            continue;
        }
        let language: String = r.try_get(7).map_err(db)?;
        let entry = SearchEntry {
            language: Lang::parse(&language).map_err(|e| storage("language", e.to_string()))?,
            body: r.try_get(8).map_err(db)?,
            terms: r.try_get(9).map_err(db)?,
        };
        if let Some(row) = out.iter_mut().find(|s| s.kind == kind && s.id == id) {
            row.entries.push(entry);
            continue;
        }
        let title: String = r.try_get(4).map_err(db)?;
        let number: Option<i64> = r.try_get(3).map_err(db)?;
        let on: Option<String> = r.try_get(5).map_err(db)?;
        out.push(Searchable {
            kind,
            id,
            key: r.try_get(2).map_err(db)?,
            number: number.and_then(|n| u16::try_from(n).ok()),
            title: serde_json::from_str(&title).map_err(|e| storage("title", e.to_string()))?,
            on: on.map(|d| d.parse()).transpose().map_err(|e: jiff::Error| storage("day", e.to_string()))?,
            at_us: r.try_get(6).map_err(db)?,
            entries: vec![entry],
        });
    }
    Ok(out)
}
