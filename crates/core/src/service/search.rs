//! The search use case: one box over documents (every language version), meetings, agenda items and publications.
//! The query is stemmed here (`rules::search`), the store finds and ranks what the viewer may see, and each result
//! gets its snippet from the original text of its best entry.

use jiff::civil::Date;

use super::Secretariat;
use crate::domain::{
    Id, Lang, SearchEntry, SearchKind, SearchMatch, SearchQuery, Text, Viewer, SEARCH_CAP, SEARCH_PAGE_MAX,
};
use crate::error::Result;
use crate::rules::search::{self, Piece};

/// One result, as the pages and the API show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: Id,
    /// The key of its page: the document's, the meeting's (an agenda item's meeting), the publication's.
    pub key: String,
    /// An agenda item's number.
    pub number: Option<u16>,
    pub title: Text,
    /// A meeting's (an agenda item's meeting's) first day.
    pub on: Option<Date>,
    /// The language of the text the snippet quotes.
    pub language: Lang,
    /// How many of the query's words it holds.
    pub score: u32,
    pub snippet: Vec<Piece>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResults {
    /// The stems searched for: none when the query held only stop words or punctuation (then nothing is found).
    pub stems: Vec<String>,
    pub hits: Vec<SearchHit>,
    /// How many results all pages hold: at most [`SEARCH_CAP`]; uncounted, only up to one past the page.
    pub total: u64,
    /// More than [`SEARCH_CAP`] results were found: only the first `total` are shown.
    pub capped: bool,
    /// The `after` of the next page, if there is one.
    pub next: Option<u32>,
}

impl Secretariat {
    /// What `text` finds among what `viewer` may see, best first: `limit` results (1 to 100) after the first
    /// `after`, of the first [`SEARCH_CAP`]. `counted` asks for `total`; without it the search reads no further
    /// than the page needs, and `capped` is known only on a page that ends at the cap. Snippets prefer the reader's language `lang` when several language versions match alike. A query
    /// over 200 characters or 12 words is refused (`query_too_long`, `query_too_many_words`).
    pub async fn search(
        &self,
        viewer: &Viewer,
        text: &str,
        lang: &str,
        after: u32,
        limit: u32,
        counted: bool,
    ) -> Result<SearchResults> {
        let stems = search::query(text)?;
        if stems.is_empty() {
            return Ok(SearchResults::default());
        }
        let limit = limit.clamp(1, SEARCH_PAGE_MAX);
        let query = SearchQuery {
            viewer: viewer.clone(),
            stems: stems.clone(),
            offset: after,
            limit,
            cap: SEARCH_CAP,
            counted,
        };
        let found = self.store.search(&query).await?;
        let shown = u64::from(after) + found.matches.len() as u64;
        let next = (shown < found.total).then(|| u32::try_from(shown).unwrap_or(u32::MAX));
        let hits = found.matches.into_iter().filter_map(|m| hit(m, &stems, lang)).collect();
        Ok(SearchResults { stems, hits, total: found.total, capped: found.capped, next })
    }
}

/// The entry a result quotes: the one holding the most of the query's words, in the reader's language when
/// several hold as many, else the first by language.
fn best<'a>(entries: &'a [SearchEntry], stems: &[String], lang: &str) -> Option<&'a SearchEntry> {
    entries.iter().min_by_key(|e| {
        (std::cmp::Reverse(search::score(stems, &e.terms)), e.language.as_str() != lang, e.language.clone())
    })
}

fn hit(m: SearchMatch, stems: &[String], lang: &str) -> Option<SearchHit> {
    let row = m.row;
    let entry = best(&row.entries, stems, lang)?;
    // The text of the language version where it holds a matched word; else the title where it does (and for
    // rows that have no text: meetings, agenda items); else the beginning of the text.
    let holds = |t: &str| search::words(t).iter().any(|w| w.stem.as_ref().is_some_and(|s| stems.contains(s)));
    let title = row.title.get(entry.language.as_str());
    let body = entry.body.trim();
    let quoted = if !body.is_empty() && (holds(body) || !holds(title)) { &entry.body } else { title };
    Some(SearchHit {
        snippet: search::snippet(quoted, stems),
        language: entry.language.clone(),
        kind: row.kind,
        id: row.id,
        key: row.key,
        number: row.number,
        title: row.title,
        on: row.on,
        score: m.score,
    })
}
