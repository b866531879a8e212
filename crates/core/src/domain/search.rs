//! Search: what one box searches (documents in all their language versions, meetings, agenda items,
//! publications), a query as the store runs it, and what it finds. Visibility is a condition of the store's query,
//! so a row the viewer may not see is never found, counted or quoted.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::values::{Lang, Text};
use super::{Id, Viewer};

/// How many results a page of the search shows.
pub const SEARCH_PAGE: u32 = 20;

/// The most results one page may ask for.
pub const SEARCH_PAGE_MAX: u32 = 100;

/// The most results a search counts and pages through; beyond them it says only that there are more, as the
/// search engines of the web do.
pub const SEARCH_CAP: u32 = 1000;

/// What a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// An agenda item of a meeting.
    AgendaItem,
    Document,
    Meeting,
    Publication,
}

impl SearchKind {
    /// Every kind, in the order of their names (the order ties are broken by).
    pub const ALL: [SearchKind; 4] = [Self::AgendaItem, Self::Document, Self::Meeting, Self::Publication];

    /// The kind's name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AgendaItem => "agenda_item",
            Self::Document => "document",
            Self::Meeting => "meeting",
            Self::Publication => "publication",
        }
    }
}

/// A search as the store runs it: the stems looked for (from `rules::search::query`), for a viewer, a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub viewer: Viewer,
    /// Distinct stems; none finds nothing.
    pub stems: Vec<String>,
    /// Results already shown (the `after` cursor).
    pub offset: u32,
    pub limit: u32,
    /// The most results counted and paged through ([`SEARCH_CAP`]): those after it are not found.
    pub cap: u32,
    /// Whether `total` must be how many rows match (up to the cap); else it need only say whether a row follows
    /// the page, and the store reads no further than one row past it.
    pub counted: bool,
}

/// One language of a searchable row as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry {
    pub language: Lang,
    /// The original text searched beside the title, whence the snippet (a document's language version; empty
    /// for a meeting or an agenda item).
    pub body: String,
    /// The stems of the title and the text (`rules::search::terms`).
    pub terms: String,
}

/// A searchable row as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searchable {
    pub kind: SearchKind,
    pub id: Id,
    /// The key its page is found by: the document's, the meeting's (an agenda item's meeting), the publication's.
    pub key: String,
    /// An agenda item's number.
    pub number: Option<u16>,
    /// The title shown, in every language it has (a meeting's: its body and city).
    pub title: Text,
    /// A meeting's first day (an agenda item's meeting's).
    pub on: Option<Date>,
    /// What ties are broken by, newest first: when a document was tabled or last revised, a meeting or item's
    /// first day, a publication's publication (microseconds UTC).
    pub at_us: i64,
    pub entries: Vec<SearchEntry>,
}

/// A row the store found: its score (the query's stems its best entry holds) and the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchMatch {
    pub score: u32,
    pub row: Searchable,
}

/// A page of matches, best first, and how many rows match in all (only what the viewer may see is counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFound {
    pub matches: Vec<SearchMatch>,
    /// How many rows match, at most the query's `cap`; when the query is not `counted`, only as many as were
    /// read: the page's last, and one more if there is one.
    pub total: u64,
    /// More rows match than the cap: `total` is the cap, and only that many can be paged through.
    pub capped: bool,
}
