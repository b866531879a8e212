//! The document's revisions and the word difference between any two of them (`?from=0&to=1&language=ru` on the
//! document's page, the use case the API's `/diff` calls), and what a stale edit of a language version shows: who
//! changed it meanwhile, when, and the stored text beside the one the writer typed.

use std::collections::HashMap;

use fluent_bundle::FluentValue;
use secretariat_core::domain::{DocumentEvent, HistoryEntry, Id, Lang, StateCode, Viewer};
use secretariat_core::rules::diff::Granularity;
use secretariat_core::service::DocumentView;
use secretariat_core::Error;

use super::lines::Places;
use super::timestamp;
use crate::i18n::UiLang;
use crate::pages::form::FormView;
use crate::AppState;

/// Two revisions and a language to compare, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compare {
    pub from: u32,
    pub to: u32,
    pub language: Lang,
}

/// A revision in the history.
pub struct HistoryRow {
    pub number: String,
    pub symbol: String,
    pub when: String,
    pub by: String,
}

/// A difference as shown: each part `equal`, `delete` or `insert`.
pub struct DiffView {
    pub heading: String,
    pub parts: Vec<DiffPart>,
    /// Compared line by line, the texts being too long for words.
    pub by_line: bool,
}

/// A part of a difference: unchanged, deleted or inserted.
pub struct DiffPart {
    pub op: &'static str,
    pub text: String,
}

impl DiffPart {
    pub fn inserted(&self) -> bool {
        self.op == "insert"
    }
    pub fn deleted(&self) -> bool {
        self.op == "delete"
    }
}

/// A stale edit: who wrote the stored text and when, and the text itself.
pub struct Conflict {
    pub language: String,
    pub said: String,
    pub stored: String,
}

/// Who made a write, in the reader's language: the core tells the public the actor's role in fixed English words
/// (`account::public_actor`), which are said here in her language with the state's name; a user name, which only
/// the signed-in are shown, stays as it is.
pub fn actor_in_words(lang: UiLang, by: &str, names: &HashMap<String, String>) -> String {
    match by {
        // `system` writes what the Secretariat imported or what fell due (a silence procedure at its deadline).
        "the Secretariat" | "system" => lang.t("actor-secretariat"),
        "the press service" => lang.t("actor-press-service"),
        _ => match by.strip_prefix("the delegation of ") {
            Some(code) => {
                let state = names.get(code).cloned().unwrap_or_else(|| code.to_owned());
                lang.t_args("actor-delegation", &[("state", FluentValue::from(state))])
            }
            None => by.to_owned(),
        },
    }
}

/// The history of revisions, oldest first.
pub fn history(lang: UiLang, d: &DocumentView, names: &HashMap<String, String>) -> Vec<HistoryRow> {
    d.revisions
        .iter()
        .map(|r| HistoryRow {
            number: r.number.to_string(),
            symbol: r.symbol.clone().unwrap_or_else(|| lang.t("document-provisional")),
            when: timestamp(lang, &r.created_at),
            by: actor_in_words(lang, &r.created_by, names),
        })
        .collect()
}

/// The difference asked for, if any: a revision or language the document does not have is said, not an error page.
pub async fn diff(
    state: &AppState,
    viewer: &Viewer,
    lang: UiLang,
    id: Id,
    compare: Option<&Compare>,
) -> Result<Option<DiffView>, Error> {
    let Some(c) = compare else { return Ok(None) };
    let heading = lang.t_args(
        "history-diff-heading",
        &[
            ("from", c.from.to_string().into()),
            ("to", c.to.to_string().into()),
            ("language", lang.language_name(c.language.as_str()).into()),
        ],
    );
    match state.app.diff(viewer, id, c.from, c.to, &c.language).await {
        Ok(d) => Ok(Some(DiffView {
            heading,
            parts: d.parts.into_iter().map(|p| DiffPart { op: p.op, text: p.text }).collect(),
            by_line: d.granularity == Granularity::Line,
        })),
        Err(Error::NotFound { .. }) => Ok(Some(DiffView {
            heading,
            parts: vec![DiffPart { op: "none", text: lang.t("history-diff-missing") }],
            by_line: false,
        })),
        Err(e) => Err(e),
    }
}

/// What a stale edit of `language` shows.
pub async fn conflict(
    state: &AppState,
    viewer: &Viewer,
    lang: UiLang,
    d: &DocumentView,
    language: &str,
) -> Result<Option<Conflict>, Error> {
    let Some(version) = d.revisions.last().and_then(|r| r.versions.iter().find(|v| v.language.as_str() == language))
    else {
        return Ok(None);
    };
    let said = match state.app.language_version_written(viewer, d.id, version.id).await? {
        Some((by, at)) => {
            lang.t_args("text-changed-meanwhile", &[("by", by.into()), ("at", timestamp(lang, &at).into())])
        }
        None => lang.t("error-stale_version"),
    };
    Ok(Some(Conflict { language: language.to_owned(), said, stored: version.text.clone() }))
}

/// The form that asks for a difference: as asked, else the last two revisions in the original language.
pub fn compare_form(forms: &super::Forms, d: &DocumentView) -> FormView {
    match &forms.compare {
        Some(c) => FormView::with(&[
            ("from", &c.from.to_string()),
            ("to", &c.to.to_string()),
            ("language", c.language.as_str()),
        ]),
        None => {
            let last = d.revisions.last().map_or(0, |r| r.number);
            FormView::with(&[
                ("from", &last.saturating_sub(1).to_string()),
                ("to", &last.to_string()),
                ("language", d.document.original_language.as_str()),
            ])
        }
    }
}

/// The edit form of each language version of the current revision, by language.
pub fn text_forms(forms: &super::Forms, d: &DocumentView) -> Vec<(String, FormView)> {
    d.revisions
        .last()
        .map(|r| {
            r.versions
                .iter()
                .map(|v| {
                    let status = secretariat_core::domain::name_of(&v.status);
                    (v.language.to_string(), forms.text_form(v.language.as_str(), &v.text, &status))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A step of the document's history, in words.
pub struct EventRow {
    /// The instant, RFC 3339, for `<time datetime>`.
    pub iso: String,
    pub when: String,
    pub by: String,
    pub what: String,
}

/// The document's history in the reader's words: states and meetings by their names, who acted as the reader may
/// learn it.
pub fn events(
    lang: UiLang,
    history: &[HistoryEntry],
    names: &HashMap<String, String>,
    places: &Places,
) -> Vec<EventRow> {
    let state =
        |code: &StateCode| FluentValue::from(names.get(code.as_str()).cloned().unwrap_or_else(|| code.to_string()));
    let what = |event: &DocumentEvent| match event {
        DocumentEvent::Drafted => lang.t("event-drafted"),
        DocumentEvent::Changed => lang.t("event-changed"),
        DocumentEvent::Status { status } => lang.t_args("event-status", &[("status", lang.name_of(status).into())]),
        DocumentEvent::Entered { status } => lang.t_args("event-entered", &[("status", lang.name_of(status).into())]),
        DocumentEvent::Revised { number: 0 } => lang.t("event-revised-original"),
        DocumentEvent::Revised { number } => lang.t_args("event-revised", &[("number", (*number).into())]),
        DocumentEvent::LanguageVersion { language, added } => lang.t_args(
            if *added { "event-language-added" } else { "event-language-changed" },
            &[("language", lang.language_name(language.as_str()).into())],
        ),
        DocumentEvent::PositionRecorded { state: s, position } => {
            lang.t_args("event-position", &[("state", state(s)), ("position", lang.name_of(position).into())])
        }
        DocumentEvent::SilenceOpened => lang.t("event-silence-opened"),
        DocumentEvent::SilenceBroken { state: s, amendment } => lang.t_args(
            if *amendment { "event-silence-amendment" } else { "event-silence-objection" },
            &[("state", state(s))],
        ),
        DocumentEvent::SilenceEnded { status } => {
            lang.t_args("event-silence-ended", &[("status", lang.name_of(status).into())])
        }
        DocumentEvent::Referred { meeting: Some(m) } => {
            lang.t_args("event-referred", &[("meeting", places.meeting(m).into())])
        }
        DocumentEvent::Referred { meeting: None } => lang.t("event-referred-unnamed"),
        DocumentEvent::ReferralDecided { outcome } => {
            lang.t_args("event-referral-decided", &[("outcome", lang.name_of(outcome).into())])
        }
        DocumentEvent::InForce { on } => lang.t_args("event-in-force", &[("day", lang.date(on).into())]),
        DocumentEvent::Signature { state: s, signed_on, ratified_on } => match (signed_on, ratified_on) {
            (Some(day), Some(_)) => {
                lang.t_args("event-ratified", &[("state", state(s)), ("day", lang.date(day).into())])
            }
            (Some(_), None) => lang.t_args("event-signed", &[("state", state(s))]),
            (None, _) => lang.t_args("event-signature-cleared", &[("state", state(s))]),
        },
    };
    history
        .iter()
        .map(|h| EventRow {
            iso: h.at.to_string(),
            // A signature is dated by its day alone.
            when: match h.event {
                DocumentEvent::Signature { .. } => lang.date(&h.at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                _ => timestamp(lang, &h.at),
            },
            by: actor_in_words(lang, &h.by, names),
            what: what(&h.event),
        })
        .collect()
}

/// The states a history names, to be read with the page's other names.
pub fn states_named(history: &[HistoryEntry]) -> impl Iterator<Item = StateCode> + '_ {
    history.iter().filter_map(|h| match &h.event {
        DocumentEvent::PositionRecorded { state, .. }
        | DocumentEvent::SilenceBroken { state, .. }
        | DocumentEvent::Signature { state, .. } => Some(state.clone()),
        _ => None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_public_reads_who_wrote_in_its_own_language_with_the_states_name_and_a_user_name_stays_as_it_is() {
        let names: HashMap<String, String> = [("KZ".to_owned(), "Казахстан".to_owned())].into();
        let ru = UiLang::of("ru").unwrap();
        assert_eq!(actor_in_words(ru, "the Secretariat", &names), "Секретариат");
        assert_eq!(actor_in_words(ru, "the press service", &names), "пресс-служба");
        assert_eq!(actor_in_words(ru, "the delegation of KZ", &names), "делегация: Казахстан");
        assert_eq!(actor_in_words(ru, "the delegation of AM", &names), "делегация: AM", "a code with no name");
        assert_eq!(actor_in_words(UiLang::english(), "the delegation of KZ", &names), "the delegation of Казахстан");
        assert_eq!(actor_in_words(ru, "officer", &names), "officer");
    }

    #[test]
    fn what_the_system_wrote_for_the_secretariat_reads_as_the_secretariat_s_to_the_signed_in_too() {
        let names = HashMap::new();
        assert_eq!(actor_in_words(UiLang::of("ru").unwrap(), "system", &names), "Секретариат");
        assert_eq!(actor_in_words(UiLang::english(), "system", &names), "the Secretariat");
    }
}
