//! Search: the rows whose entries hold a query's stems, among those the viewer may see, ranked and paged.
//!
//! One query, written once for both engines, decides what is found and in which order: an entry's score is the
//! number of the query's stems its `stems` hold as whole words (`' ' || stems || ' ' LIKE '% stem %'`), a row's
//! score its best entry's; rows are ordered by score, then newest first (`at_us`), then kind and id. Visibility is
//! a condition of the same query, through each kind's own table (`Shown`, as every list applies it), so a row the
//! viewer may not see is neither found, nor counted, nor quoted. What each engine adds is only a prefilter over its
//! full-text index — SQLite's FTS5 table `search_fts`, PostgreSQL's GIN index of the stems as a tsvector — which
//! keeps every entry holding any of the stems (the stems are single tokens of letters and digits in both), so it
//! narrows the work and never the answer: both engines find and rank alike.

mod index;

pub(crate) use index::{index_missing, refresh, Touched};

use secretariat_core::domain::{
    variant_named, Lang, SearchEntry, SearchFound, SearchKind, SearchMatch, SearchQuery, Searchable, Viewer,
};
use secretariat_core::{Error, Result};
use sqlx::Row;

use crate::counted::Db;
use crate::error::db;
use crate::shelf::{bind_all, Shown, Val};
use crate::Engine;

/// Who may see each kind's rows, as a condition on the joins of [`matching`].
fn visible(viewer: &Viewer) -> String {
    let cond = |shown: Shown| shown.condition(viewer).unwrap_or_else(|| "1 = 1".into());
    format!(
        "((e.kind = 'document' AND {}) OR e.kind = 'meeting' OR (e.kind = 'agenda_item' AND {}) \
         OR (e.kind = 'publication' AND {}))",
        cond(Shown::Document("dc")),
        cond(Shown::Level("i.visibility")),
        cond(Shown::Publication { status: "pb.status", publisher: "pr.key" }),
    )
}

/// The engine's prefilter: the entries its full-text index finds holding any of the stems, as the table the query
/// reads the entries from and the condition that narrows it. Stems are letters and digits only
/// (`rules::search::stem`), so quoting them is enough.
///
/// On SQLite the FTS5 table drives the join (`CROSS JOIN` keeps that order): given `e.id IN (SELECT rowid …)`
/// instead, the planner read every entry of the visible kinds through the index on `kind` and tested each, 24 ms
/// for a word found nowhere at 100,000 documents, where the FTS5 table answers in 1 ms.
fn prefilter(engine: Engine, stems: &[String], bind: &mut impl FnMut(Val) -> String) -> (&'static str, String) {
    match engine {
        Engine::Sqlite => {
            let q: Vec<String> = stems.iter().map(|s| format!("\"{s}\"")).collect();
            let p = bind(Val::text(q.join(" OR ")));
            ("search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid", format!("search_fts MATCH {p}"))
        }
        Engine::Postgres => {
            let q: Vec<String> = stems.iter().map(|s| format!("'{s}'")).collect();
            let p = bind(Val::text(q.join(" | ")));
            ("search_entry e", format!("array_to_tsvector(string_to_array(e.stems, ' ')) @@ CAST({p} AS tsquery)"))
        }
    }
}

/// The rows that match, one per row: `kind, row_id, score, at_us`; and the values it binds.
fn matching(engine: Engine, q: &SearchQuery) -> (String, Vec<Val>) {
    let mut binds: Vec<Val> = Vec::new();
    let mut bind = |v: Val| {
        binds.push(v);
        format!("${}", binds.len())
    };
    let score: Vec<String> = q
        .stems
        .iter()
        .map(|s| {
            format!("CASE WHEN (' ' || e.stems || ' ') LIKE {} THEN 1 ELSE 0 END", bind(Val::text(format!("% {s} %"))))
        })
        .collect();
    let (entries, pre) = prefilter(engine, &q.stems, &mut bind);
    let sql = format!(
        "SELECT s.kind, s.row_id, MAX(s.score) AS score, MAX(s.at_us) AS at_us FROM (\
         SELECT e.kind, e.row_id, e.at_us, CAST({} AS BIGINT) AS score FROM {entries} \
         LEFT JOIN document dc ON e.kind = 'document' AND dc.id = e.row_id \
         LEFT JOIN agenda_item i ON e.kind = 'agenda_item' AND i.id = e.row_id \
         LEFT JOIN publication pb ON e.kind = 'publication' AND pb.id = e.row_id \
         LEFT JOIN publisher pr ON pr.id = pb.publisher_id \
         WHERE {pre} AND {}) s WHERE s.score > 0 GROUP BY s.kind, s.row_id",
        score.join(" + "),
        visible(&q.viewer),
    );
    (sql, binds)
}

/// A page of what the query finds, best first, and how many rows it finds.
pub(crate) async fn search(c: &mut Db<'_>, engine: Engine, q: &SearchQuery) -> Result<SearchFound> {
    if q.stems.is_empty() {
        return Ok(SearchFound { matches: Vec::new(), total: 0 });
    }
    let (matching, binds) = matching(engine, q);
    // The page and the number of rows found in one pass over the matches (`COUNT(*) OVER ()` is taken before the
    // limit): the matches of a common word are most of the index, and reading them twice doubled the time.
    // The kinds' names differ in their first letter, so every collation orders them alike.
    let page = format!(
        "SELECT m.kind, m.row_id, m.score, COUNT(*) OVER () AS total FROM ({matching}) m \
         ORDER BY m.score DESC, m.at_us DESC, m.kind, m.row_id DESC LIMIT {} OFFSET {}",
        q.limit, q.offset
    );
    let mut order: Vec<(SearchKind, i64, u32)> = Vec::new();
    let mut total: i64 = 0;
    for r in bind_all(sqlx::query(&page), &binds).fetch_all(&mut *c).await.map_err(db)? {
        let kind: String = r.try_get(0).map_err(db)?;
        let kind =
            variant_named::<SearchKind>(&kind).ok_or_else(|| Error::Storage(format!("stored search kind `{kind}`")))?;
        let score: i64 = r.try_get(2).map_err(db)?;
        total = r.try_get(3).map_err(db)?;
        order.push((kind, r.try_get(1).map_err(db)?, u32::try_from(score).unwrap_or_default()));
    }
    // A page past the last has no row to carry the count: only then is it counted on its own.
    if order.is_empty() && q.offset > 0 {
        total = bind_all(sqlx::query(&format!("SELECT COUNT(*) FROM ({matching}) m")), &binds)
            .fetch_one(&mut *c)
            .await
            .map_err(db)?
            .try_get(0)
            .map_err(db)?;
    }
    let rows = rows(c, &order).await?;
    let matches = order
        .into_iter()
        .filter_map(|(kind, id, score)| {
            rows.iter().find(|r| r.kind == kind && r.id == id).map(|row| SearchMatch { score, row: row.clone() })
        })
        .collect();
    Ok(SearchFound { matches, total: u64::try_from(total).unwrap_or_default() })
}

/// The rows of a page with all their entries, in one read.
async fn rows(c: &mut Db<'_>, order: &[(SearchKind, i64, u32)]) -> Result<Vec<Searchable>> {
    if order.is_empty() {
        return Ok(Vec::new());
    }
    // Ids are integers read from the database and kinds the names of an enum, written in as literals. Each kind
    // with its ids, so that the index on (kind, row_id) finds the entries: by the ids alone the whole table is read.
    let mut by_kind: Vec<(SearchKind, Vec<String>)> = Vec::new();
    for (kind, id, _) in order {
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
        if !order.iter().any(|(k, i, _)| *k == kind && *i == id) {
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
