//! The announcement of a meeting: a draft press comment, written from the meeting's record in each working language
//! that has a grammar here (one file per language). The facts come gathered and already filtered for the viewer;
//! the rule only writes them, and writes nothing the facts do not hold: a fact left out is a sentence left out.

mod en;
mod ru;
pub mod words;

#[cfg(test)]
mod tests;

use jiff::civil::Date;
use serde::Serialize;

use crate::domain::{
    Admission, DocumentKind, EventKind, Forms, Lang, MeetingKind, MeetingMode, Period, SittingFormat, Text,
};
use crate::error::{Error, Result};

/// The languages that have a grammar for announcements.
pub const LANGUAGES: [&str; 2] = ["en", "ru"];

/// A drafted announcement: its language, title and body (plain text, paragraphs separated by a blank line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Announcement {
    #[schema(value_type = String)]
    pub language: Lang,
    pub title: String,
    pub body: String,
}

/// A name or title with its forms in the cases of languages that decline it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    pub text: Text,
    pub forms: Option<Forms>,
}

/// A person in a sentence: the name on the day and the post then held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    pub name: Name,
    pub post: Option<Name>,
    pub acting: bool,
}

/// Who publishes the comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publisher {
    /// The organisation's own press service.
    PressService,
    /// A member state's ministry, on its delegation's participation (its head, when recorded).
    State { name: Text, head: Option<PersonFacts> },
}

/// A body as a sentence names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFacts {
    pub name: Text,
    pub abbreviation: Option<Text>,
}

/// Who drafted a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SponsorFacts {
    State(Text),
    Secretariat,
    Body(BodyFacts),
}

/// A document before the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub title: Text,
    pub kind: DocumentKind,
    pub sponsors: Vec<SponsorFacts>,
    /// The span a plan, roadmap or list covers.
    pub period: Option<Period>,
}

/// A programme event before the meeting's first day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts {
    pub on: Date,
    pub kind: EventKind,
    /// The event's own title, else the name of a kind the organisation configured.
    pub title: Option<Text>,
    pub admitted: Admission,
}

/// The meeting of a higher body that documents go on to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextMeeting {
    pub starts_on: Date,
    pub city: Option<Name>,
}

/// Documents of the meeting to go on to a higher body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onward {
    pub body: BodyFacts,
    pub meeting: Option<NextMeeting>,
    pub documents: Vec<DocumentFacts>,
}

/// Everything the announcement may say: the meeting's record as its viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub publisher: Publisher,
    pub organisation: BodyFacts,
    pub body: BodyFacts,
    pub kind: MeetingKind,
    pub mode: MeetingMode,
    pub city: Option<Name>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// The chair, then co-chairs.
    pub chairs: Vec<PersonFacts>,
    /// The body's regular meetings a year, said only of a regular meeting; 0 says nothing.
    pub regular_meetings_per_year: u8,
    pub before: Vec<EventFacts>,
    /// The formats of the meeting's sittings, each once, restricted first.
    pub formats: Vec<SittingFormat>,
    /// The number of agenda items, given only to a viewer who sees the whole agenda.
    pub agenda_size: Option<usize>,
    pub discussed: Vec<Text>,
    pub information: Vec<Text>,
    /// Decision items without a document of their own.
    pub decisions: Vec<Text>,
    pub adopting: Vec<DocumentFacts>,
    /// Statements lists to be endorsed.
    pub statements_lists: Vec<DocumentFacts>,
    pub onward: Vec<Onward>,
}

/// Drafts the announcement in `lang`; a language without a grammar here is refused (`no_grammar`).
pub fn draft(facts: &Facts, lang: &Lang) -> Result<Announcement> {
    let (title, paragraphs) = match lang.as_str() {
        "en" => en::write(facts),
        "ru" => ru::write(facts),
        other => {
            return Err(Error::invalid(
                "no_grammar",
                format!("announcements cannot be written in `{other}`: only in {}", LANGUAGES.join(", ")),
            ))
        }
    };
    let body = paragraphs.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n");
    Ok(Announcement { language: lang.clone(), title, body })
}
