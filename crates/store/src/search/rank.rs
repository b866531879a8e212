//! The statements of the search: which rows hold the stems as a [`Holds`] says (among those the viewer may see),
//! how many up to a cap, and the first of them newest first. Each is written once for both engines: the truth of
//! whether an entry holds a stem is the same `LIKE` on its `stems` everywhere, and what differs by engine is only
//! the prefilter over its full-text index, which keeps every entry holding the stems and so narrows the work and
//! never the answer. Which way a page is read (down the recency index, or through the full-text index) is chosen
//! from what the first window of the walk finds; what it answers does not depend on it.

use secretariat_core::domain::{variant_named, SearchKind, Viewer};
use secretariat_core::{Error, Result};
use sqlx::Row;

use crate::counted::Db;
use crate::error::db;
use crate::shelf::{bind_all, Shown, Val};
use crate::Engine;

/// A searchable row: its kind and its id among that kind's.
pub(crate) type Found = (SearchKind, i64);

/// Which of the query's stems an entry must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    /// At least one.
    Any,
    /// Every one.
    All,
}

/// A statement's text and the values it binds to `$1, $2, …`.
#[derive(Default)]
struct Sql {
    binds: Vec<Val>,
}

impl Sql {
    fn bind(&mut self, v: Val) -> String {
        self.binds.push(v);
        format!("${}", self.binds.len())
    }
}

/// The joins that give each kind's row to [`visible`]'s conditions.
const JOINS: &str = "LEFT JOIN document dc ON e.kind = 'document' AND dc.id = e.row_id \
     LEFT JOIN agenda_item i ON e.kind = 'agenda_item' AND i.id = e.row_id \
     LEFT JOIN publication pb ON e.kind = 'publication' AND pb.id = e.row_id \
     LEFT JOIN publisher pr ON pr.id = pb.publisher_id";

/// Who may see each kind's rows, as a condition on [`JOINS`].
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

/// Whether entry `e` holds the stems as `holds` says: each stem a whole word of its `stems`.
fn holding(stems: &[String], holds: Holds, sql: &mut Sql) -> String {
    holding_as("e", stems, holds, sql)
}

fn holding_as(e: &str, stems: &[String], holds: Holds, sql: &mut Sql) -> String {
    let each: Vec<String> = stems
        .iter()
        .map(|s| format!("(' ' || {e}.stems || ' ') LIKE {}", sql.bind(Val::text(format!("% {s} %")))))
        .collect();
    let join = if holds == Holds::All { " AND " } else { " OR " };
    format!("({})", each.join(join))
}

/// [`visible`] for an entry `w` read without [`JOINS`]: each kind's row looked up only for the entries asked about.
fn visible_alone(viewer: &Viewer) -> String {
    let cond = |shown: Shown| shown.condition(viewer).unwrap_or_else(|| "1 = 1".into());
    format!(
        "((w.kind = 'document' AND EXISTS (SELECT 1 FROM document dc WHERE dc.id = w.row_id AND {})) \
         OR w.kind = 'meeting' \
         OR (w.kind = 'agenda_item' AND EXISTS (SELECT 1 FROM agenda_item i WHERE i.id = w.row_id AND {})) \
         OR (w.kind = 'publication' AND EXISTS (SELECT 1 FROM publication pb \
         LEFT JOIN publisher pr ON pr.id = pb.publisher_id WHERE pb.id = w.row_id AND {})))",
        cond(Shown::Document("dc")),
        cond(Shown::Level("i.visibility")),
        cond(Shown::Publication { status: "pb.status", publisher: "pr.key" }),
    )
}

/// The engine's full-text query for the stems. Stems are letters and digits only (`rules::search::stem`), so
/// quoting them is enough.
fn text_query(engine: Engine, stems: &[String], holds: Holds) -> String {
    let (quote, any, all) = match engine {
        Engine::Sqlite => ('"', " OR ", " AND "),
        Engine::Postgres => ('\'', " | ", " & "),
    };
    let q: Vec<String> = stems.iter().map(|s| format!("{quote}{s}{quote}")).collect();
    q.join(if holds == Holds::All { all } else { any })
}

/// The engine's prefilter: the entries its full-text index finds holding the stems, as the table the statement
/// reads the entries from and the condition that narrows it.
///
/// On SQLite the FTS5 table drives the join (`CROSS JOIN` keeps that order): given `e.id IN (SELECT rowid …)`
/// instead, the planner read every entry of the visible kinds through the index on `kind` and tested each, 24 ms
/// for a word found nowhere at 100,000 documents, where the FTS5 table answers in 1 ms.
fn prefilter(engine: Engine, stems: &[String], holds: Holds, sql: &mut Sql) -> (&'static str, String) {
    let p = sql.bind(Val::text(text_query(engine, stems, holds)));
    match engine {
        Engine::Sqlite => {
            ("search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid", format!("search_fts MATCH {p}"))
        }
        Engine::Postgres => {
            ("search_entry e", format!("array_to_tsvector(string_to_array(e.stems, ' ')) @@ CAST({p} AS tsquery)"))
        }
    }
}

fn kind_of(r: &sqlx::any::AnyRow) -> Result<SearchKind> {
    let kind: String = r.try_get(0).map_err(db)?;
    variant_named::<SearchKind>(&kind).ok_or_else(|| Error::Storage(format!("stored search kind `{kind}`")))
}

/// How many rows hold the stems, counting to `upto` at most: the entries the full-text index finds are read in
/// whatever order the engine likes, `LIMIT`ed, and their rows told apart here; only when the limit is reached
/// with fewer rows than `upto` (a row has an entry per language) is the statement run again with a larger one.
pub(crate) async fn count(
    c: &mut Db<'_>,
    engine: Engine,
    viewer: &Viewer,
    stems: &[String],
    upto: usize,
) -> Result<usize> {
    let mut limit = upto.max(16);
    loop {
        let mut sql = Sql::default();
        let (entries, pre) = prefilter(engine, stems, Holds::Any, &mut sql);
        let held = holding(stems, Holds::Any, &mut sql);
        let text = format!(
            "SELECT e.kind, e.row_id FROM {entries} {JOINS} WHERE {pre} AND {held} AND {} LIMIT {limit}",
            visible(viewer)
        );
        let read = bind_all(sqlx::query(&text), &sql.binds).fetch_all(&mut *c).await.map_err(db)?;
        let mut rows: Vec<Found> = Vec::with_capacity(read.len());
        for r in &read {
            rows.push((kind_of(r)?, r.try_get(1).map_err(db)?));
        }
        rows.sort_unstable();
        rows.dedup();
        if rows.len() >= upto || read.len() < limit {
            return Ok(rows.len().min(upto));
        }
        limit = limit.saturating_mul(4);
    }
}

/// The first `k` rows holding the stems as `holds` says, newest first (`at_us`), then by kind and by id, the
/// greatest first.
///
/// Two ways give them. Down the index `search_entry_recent`: entries newest first, each tested, until `k` rows are
/// found — about `k / d` entries for a word a share `d` of the entries hold, the fewer the more common the word.
/// Through the full-text index: every entry it finds is read and the rows sorted, about `d · N` of the `N` there
/// are, the fewer the rarer the word, each costing about twice an entry walked (measured on both engines). The
/// walk goes first, a window of `4k + 64` entries, which answers a common word at once and measures `d`; it goes
/// on, in windows of what is left of it (`(k − found) / d`, at most four times the last), while that costs less
/// than the other way, which takes over otherwise.
/// When the window found nothing, `d` is measured instead by counting the full-text index's entries up to where
/// the two ways cost alike (`√(k·N/2)`): few is the other way, more is the walk again.
pub(crate) async fn newest(
    c: &mut Db<'_>,
    engine: Engine,
    viewer: &Viewer,
    stems: &[String],
    holds: Holds,
    k: usize,
) -> Result<Vec<Found>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let size: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM search_entry").fetch_one(&mut *c).await.map_err(db)?;
    let size = size.max(1) as f64;
    let mut walk = Walk::default();
    let mut window = k.saturating_mul(4).saturating_add(64);
    loop {
        walk.step(c, viewer, stems, holds, window).await?;
        if walk.found.len() >= k || walk.done {
            walk.found.truncate(k);
            return Ok(walk.found);
        }
        let left = (k - walk.found.len()) as f64;
        let share = if walk.found.is_empty() {
            let meet = (k as f64 * size / 2.0).sqrt() as usize + 1;
            let n = entries_up_to(c, engine, stems, holds, meet).await?;
            if n < meet {
                return sorted(c, engine, viewer, stems, holds, k).await;
            }
            n as f64 / size
        } else {
            walk.found.len() as f64 / walk.read.max(1) as f64
        };
        if left / share > 2.0 * share * size {
            return sorted(c, engine, viewer, stems, holds, k).await;
        }
        // At most four times the last window: a share measured on few rows may be far too small.
        window = ((left / share * 1.25) as usize + 16).min(window.saturating_mul(4));
    }
}

/// How many entries the full-text index finds holding the stems, counting to `limit` at most.
async fn entries_up_to(c: &mut Db<'_>, engine: Engine, stems: &[String], holds: Holds, limit: usize) -> Result<usize> {
    let mut sql = Sql::default();
    let q = sql.bind(Val::text(text_query(engine, stems, holds)));
    let text = match engine {
        Engine::Sqlite => {
            format!("SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH {q} LIMIT {limit}) x")
        }
        Engine::Postgres => format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM search_entry e WHERE \
             array_to_tsvector(string_to_array(e.stems, ' ')) @@ CAST({q} AS tsquery) LIMIT {limit}) x"
        ),
    };
    let n: i64 =
        bind_all(sqlx::query(&text), &sql.binds).fetch_one(&mut *c).await.map_err(db)?.try_get(0).map_err(db)?;
    Ok(usize::try_from(n).unwrap_or_default())
}

/// [`newest`] through the full-text index: its entries' rows, sorted.
async fn sorted(
    c: &mut Db<'_>,
    engine: Engine,
    viewer: &Viewer,
    stems: &[String],
    holds: Holds,
    k: usize,
) -> Result<Vec<Found>> {
    let mut sql = Sql::default();
    let (entries, pre) = prefilter(engine, stems, holds, &mut sql);
    let held = holding(stems, holds, &mut sql);
    // The kinds' names differ in their first letter, so every collation orders them alike.
    let text = format!(
        "SELECT e.kind, e.row_id FROM {entries} {JOINS} WHERE {pre} AND {held} AND {} \
         GROUP BY e.kind, e.row_id ORDER BY MAX(e.at_us) DESC, e.kind, e.row_id DESC LIMIT {k}",
        visible(viewer)
    );
    let mut out = Vec::new();
    for r in bind_all(sqlx::query(&text), &sql.binds).fetch_all(&mut *c).await.map_err(db)? {
        out.push((kind_of(&r)?, r.try_get(1).map_err(db)?));
    }
    Ok(out)
}

/// [`newest`] down the index `search_entry_recent` (`at_us DESC, kind, row_id DESC, id`), a window of entries in
/// its order at a time, each after the last entry of the one before, each entry tested there (the stems, then —
/// for those holding them — whether the viewer may see its row). The window is a `LIMIT`ed subquery in the index's
/// order, so both engines read it down the index whatever they estimate of the test: PostgreSQL, taking
/// `LIKE '% stem %'` for rare, scanned the whole table and sorted it (163 ms). A row's entries are next to each
/// other in that order, so a row is the one before it or a new one.
#[derive(Default)]
struct Walk {
    /// The rows found, in order.
    found: Vec<Found>,
    /// How many entries were read.
    read: usize,
    /// The last entry read: `at_us`, kind, row id, id.
    after: Option<(i64, String, i64, i64)>,
    /// Every entry has been read.
    done: bool,
}

impl Walk {
    async fn step(
        &mut self,
        c: &mut Db<'_>,
        viewer: &Viewer,
        stems: &[String],
        holds: Holds,
        window: usize,
    ) -> Result<()> {
        let mut sql = Sql::default();
        let held = holding_as("w", stems, holds, &mut sql);
        let from = match &self.after {
            None => String::new(),
            Some((at, kind, row, id)) => {
                let (at, kind, row, id) = (
                    sql.bind(Val::Int(Some(*at))),
                    sql.bind(Val::text(kind.clone())),
                    sql.bind(Val::Int(Some(*row))),
                    sql.bind(Val::Int(Some(*id))),
                );
                // `e.at_us <= …` alone lets the engine start the window where the last one stopped.
                format!(
                    "WHERE e.at_us <= {at} AND (e.at_us < {at} OR (e.at_us = {at} AND (e.kind > {kind} OR \
                     (e.kind = {kind} AND (e.row_id < {row} OR (e.row_id = {row} AND e.id > {id}))))))"
                )
            }
        };
        let text = format!(
            "SELECT w.kind, w.row_id, w.at_us, w.id, CAST(CASE WHEN {held} AND {} THEN 1 ELSE 0 END AS BIGINT) \
             FROM (SELECT e.id, e.kind, e.row_id, e.at_us, e.stems FROM search_entry e {from} \
             ORDER BY e.at_us DESC, e.kind, e.row_id DESC, e.id LIMIT {window}) w \
             ORDER BY w.at_us DESC, w.kind, w.row_id DESC, w.id",
            visible_alone(viewer)
        );
        let read = bind_all(sqlx::query(&text), &sql.binds).fetch_all(&mut *c).await.map_err(db)?;
        for r in &read {
            let hit: i64 = r.try_get(4).map_err(db)?;
            let row = (kind_of(r)?, r.try_get(1).map_err(db)?);
            if hit == 1 && self.found.last() != Some(&row) {
                self.found.push(row);
            }
        }
        self.read += read.len();
        self.done = read.len() < window;
        if let Some(r) = read.last() {
            self.after = Some((
                r.try_get(2).map_err(db)?,
                r.try_get(0).map_err(db)?,
                r.try_get(1).map_err(db)?,
                r.try_get(3).map_err(db)?,
            ));
        }
        Ok(())
    }
}
