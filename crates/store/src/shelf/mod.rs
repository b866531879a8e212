//! The words a shelf is written in: what a kind's SELECT is filtered by ([`Field`]), who sees it ([`Shown`]), how its
//! record maps to its table ([`Mapping`]), and the columns and values it reads and writes. Each aggregate's module
//! (`geography.rs`, `people.rs`, …) writes its shelves in these words; `records` runs the queries over them.

mod values;

use std::borrow::Cow;
use std::marker::PhantomData;

use secretariat_core::domain::{Kind, Record, RecordKind, Viewer, Visibility};
use secretariat_core::{Error, Result};

pub(crate) use values::{bind_all, from_name, insert_rows, json, Col, Cols, Val, PARAMS_A_STATEMENT};

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
    /// The column is before the filter's `before`.
    Before,
    /// The column is on or after the filter's `since`.
    Since,
    /// A publication's category, by key.
    Category,
    Language,
    /// A JSON list of meeting keys names the filter's meeting.
    AboutMeeting,
    /// A JSON list of document keys names the filter's document.
    AboutDocument,
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
    /// As a publication: by everyone once published or withdrawn; before, by its publisher's press office (the
    /// publisher's key in this column) and the Secretariat.
    Publication { status: &'static str, publisher: &'static str },
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
            // The rule is `rules::publication::visible`; the publisher's key is a parsed `Key` (small letters,
            // digits and hyphens), never raw input.
            Shown::Publication { status, publisher } => match viewer {
                Viewer::Secretariat => None,
                Viewer::Press { publisher: Some(own) } => {
                    Some(format!("({status} IN ('published', 'withdrawn') OR {publisher} = '{own}')"))
                }
                _ => Some(format!("{status} IN ('published', 'withdrawn')")),
            },
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
    /// The column a chronological order sorts by; a kind without one lists in id order whatever is asked.
    const DAY: Option<&'static str> = None;
    /// Columns written when the record is inserted and never by a change (a counter kept by its own updates).
    const INSERT_ONLY: &'static [&'static str] = &[];

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
    fn day(&self) -> Option<&'static str>;
    fn shown(&self) -> Shown;
    fn insert_only(&self) -> &'static [&'static str];
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
    fn day(&self) -> Option<&'static str> {
        M::DAY
    }
    fn shown(&self) -> Shown {
        M::SHOWN
    }
    fn insert_only(&self) -> &'static [&'static str] {
        M::INSERT_ONLY
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

/// A `LIKE` pattern that matches a quoted code or key inside a JSON list.
pub(crate) fn quoted(s: &str) -> Val {
    Val::text(format!("%\"{s}\"%"))
}
