//! The document's way through bodies, one line of words a step, and the names of the meetings and bodies it and its
//! referrals name.

use std::collections::HashMap;

use secretariat_core::domain::{Code, DocumentKind, Kind, Record};
use secretariat_core::service::{DocumentView, PathStep};
use secretariat_core::store::Filter;

use super::timestamp;
use crate::error::PageError;
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// The meetings and bodies the document's lines name, by name: a meeting by its city and days ("Almaty, 11 June
/// 2018"), a body by its full name; a key or code the viewer may not read stays as it is.
#[derive(Default)]
pub struct Places {
    meetings: HashMap<String, String>,
    bodies: HashMap<String, String>,
}

impl Places {
    /// One read of the meetings and one of the bodies that `d`'s outcome, path and referrals name.
    pub async fn of(
        state: &AppState,
        auth: &crate::auth::Auth,
        lang: UiLang,
        d: &DocumentView,
    ) -> Result<Self, PageError> {
        let viewer = auth.viewer();
        let keys: Vec<_> = d
            .outcome
            .iter()
            .filter_map(|o| o.meeting.clone())
            .chain(d.path.iter().filter_map(|p| p.meeting.clone()))
            .chain(d.referrals.iter().map(|r| r.meeting.clone()))
            .chain(d.agenda_items.iter().map(|(meeting, _)| meeting.clone()))
            .collect();
        let mut places = Self::default();
        if keys.is_empty() {
            return Ok(places);
        }
        for m in state.app.meetings_by_key(&viewer, &keys).await.map_err(PageError::new(lang))? {
            let place = format!("{}, {}", lang.text(&m.city), lang.date_range(&m.starts_on, &m.ends_on));
            places.meetings.insert(m.key.to_string(), place);
        }
        let mut filter = Filter::new(viewer);
        filter.organisation = Some(d.document.organisation.clone());
        filter.limit = u32::MAX;
        for b in state.app.list(Kind::Body, &filter).await.map_err(PageError::new(lang))?.0 {
            if let Record::Body(b) = b.record {
                places.bodies.insert(b.code.to_string(), lang.text(&b.name));
            }
        }
        Ok(places)
    }

    pub fn meeting(&self, key: &dyn ToString) -> String {
        let key = key.to_string();
        self.meetings.get(&key).cloned().unwrap_or(key)
    }

    pub fn body(&self, code: &dyn ToString) -> String {
        let code = code.to_string();
        self.bodies.get(&code).cloned().unwrap_or(code)
    }
}

/// The register page that keeps a document of `kind`, linked from its page: (href, name).
pub(super) fn register_of(lang: UiLang, organisation: &Code, kind: DocumentKind) -> Option<(String, String)> {
    let (tail, name) = match kind {
        DocumentKind::Plan | DocumentKind::Roadmap => ("plans", "plans-title"),
        DocumentKind::List => ("statements-lists", "statements-lists-title"),
        k if k.is_treaty() => ("legal-basis", "legal-title"),
        _ => return None,
    };
    Some((format!("/organisations/{organisation}/{tail}"), lang.t(name)))
}

/// The agenda items the document was on, as links to their meetings' agendas: (href, "Almaty, 11 June 2018:
/// item 3").
pub(super) fn on_agenda(lang: UiLang, places: &Places, d: &DocumentView) -> Vec<(String, String)> {
    d.agenda_items
        .iter()
        .map(|(meeting, number)| {
            let words = lang.t_args(
                "document-agenda-item",
                &[("meeting", FluentValue::from(places.meeting(meeting))), ("number", FluentValue::from(*number))],
            );
            (format!("/meetings/{meeting}#agenda-h"), words)
        })
        .collect()
}

/// One step of the document's way through bodies, in words: "Agreed by the … at its meeting (Almaty, 11 June 2018)".
pub(super) fn path_step(lang: UiLang, places: &Places, p: &PathStep) -> String {
    let arg = |v: Option<String>| FluentValue::from(v.unwrap_or_default());
    let args = [
        ("meeting", arg(p.meeting.as_ref().map(|m| places.meeting(m)))),
        ("body", FluentValue::from(places.body(&p.body))),
        ("to", arg(p.to.as_ref().map(|t| places.body(t)))),
        ("outcome", arg(p.outcome.map(|o| lang.name_of(&o)))),
    ];
    let key = match (p.step, &p.to, &p.meeting) {
        ("agreed", Some(_), _) => "path-agreed-sent-on",
        ("agreed", None, _) => "path-agreed",
        ("approved", _, _) => "path-approved",
        ("adopted", _, Some(_)) => "path-adopted",
        ("adopted", _, None) => "path-adopted-by-silence",
        ("referred", _, _) => "path-referred",
        _ => "path-decided",
    };
    format!("{}: {}", timestamp(lang, &p.at), lang.t_args(key, &args))
}
