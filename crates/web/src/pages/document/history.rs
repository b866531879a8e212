//! The document's revisions and the word difference between any two of them (`?from=0&to=1&language=ru` on the
//! document's page, the use case the API's `/diff` calls), and what a stale edit of a language version shows: who
//! changed it meanwhile, when, and the stored text beside the one the writer typed.

use secretariat_core::domain::{Id, Lang, Viewer};
use secretariat_core::rules::diff::Granularity;
use secretariat_core::service::DocumentView;
use secretariat_core::Error;

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

/// The history of revisions, oldest first.
pub fn history(lang: UiLang, d: &DocumentView) -> Vec<HistoryRow> {
    d.revisions
        .iter()
        .map(|r| HistoryRow {
            number: r.number.to_string(),
            symbol: r.symbol.clone().unwrap_or_else(|| lang.t("document-provisional")),
            when: timestamp(lang, &r.created_at),
            by: r.created_by.clone(),
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
