//! `GET /organisations/{code}/bodies/{body}`: a body's page — its name, its place among the organisation's
//! bodies, its cadence in words and checked year by year, who chairs it now, its meetings and its documents.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::Code;
use secretariat_core::service::{BodyChairView, BodyProfile, BodyRef, ChairSeat};

use super::{body_href, person_href, state_href, Link};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::pages::meeting_row::{meeting_row, MeetingRow};
use crate::pages::{render, LangQuery, Layout};
use crate::AppState;

/// One year of the cadence check in words.
struct YearLine {
    year: i16,
    count: String,
    met: bool,
}

/// Who chairs, in words: the states and their representatives linked, and how it follows.
struct ChairLine {
    state: Option<Link>,
    person: Option<Link>,
    post: String,
}

#[derive(Template)]
#[template(path = "pages/body.html")]
struct BodyPage {
    layout: Layout,
    organisation: Link,
    name: String,
    /// Its abbreviation, when it has one.
    abbreviation: Option<String>,
    /// (label, bodies linked): parents, the body it prepares for, the bodies that prepare for it, those below.
    relations: Vec<(String, Vec<Link>)>,
    cadence: String,
    years: Vec<YearLine>,
    chairs: Vec<ChairLine>,
    /// How the chair follows ("derived from the chairmanship of Kazakhstan, term 2018"), or who chairs in words
    /// when no one can be named ("the head of the state hosting each meeting").
    chair_note: String,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    /// The organisation's calendar of this body's meetings, when the lists hold fewer than all: (href, label).
    all_meetings: Option<(String, String)>,
    register: (String, String),
    calendar_href: String,
}

fn links(lang: UiLang, org: &Code, bodies: &[BodyRef]) -> Vec<Link> {
    bodies.iter().map(|b| Link { href: body_href(org, &b.code), name: body_name(lang, b) }).collect()
}

/// A body named with its abbreviation: "Council of Foreign Ministers (CFM)".
pub fn body_name(lang: UiLang, b: &BodyRef) -> String {
    match &b.abbreviation {
        Some(a) => format!("{} ({})", lang.text(&b.name), lang.text(a)),
        None => lang.text(&b.name),
    }
}

fn seat(lang: UiLang, s: &ChairSeat) -> ChairLine {
    ChairLine {
        state: Some(Link { href: state_href(&s.state), name: lang.text(&s.state_name) }),
        person: s.person.as_ref().map(|p| Link { href: person_href(&p.key), name: lang.text(&p.name) }),
        post: s.person.as_ref().and_then(|p| p.post.as_ref()).map(|t| lang.text(t)).unwrap_or_default(),
    }
}

fn chair(lang: UiLang, c: &BodyChairView) -> (Vec<ChairLine>, String) {
    match c {
        BodyChairView::ChairingState { term, source, chairs } => {
            let note = match (term, chairs.first()) {
                (Some(term), Some(first)) => lang.t_args(
                    "body-chair-rotation",
                    &[
                        ("state", FluentValue::from(lang.text(&first.state_name))),
                        ("term", FluentValue::from(*term)),
                        ("source", FluentValue::from(super::rotation::source(lang, source))),
                    ],
                ),
                _ => lang.t("body-chair-no-term"),
            };
            (chairs.iter().map(|s| seat(lang, s)).collect(), note)
        }
        BodyChairView::States { chairs } => {
            (chairs.iter().map(|s| seat(lang, s)).collect(), lang.t("body-chair-states"))
        }
        BodyChairView::HostState => (Vec::new(), lang.t("body-chair-host")),
        BodyChairView::Office { title, holder, .. } => {
            let line = ChairLine {
                state: None,
                person: holder.as_ref().map(|p| Link { href: person_href(&p.key), name: lang.text(&p.name) }),
                post: lang.text(title),
            };
            (vec![line], lang.t("body-chair-office"))
        }
        BodyChairView::Election => (Vec::new(), lang.t("body-chair-election")),
    }
}

fn page(lang: UiLang, p: &BodyProfile, auth: &Auth) -> BodyPage {
    let org = &p.organisation.code;
    let this =
        BodyRef { code: p.body.code.clone(), name: p.body.name.clone(), abbreviation: p.body.abbreviation.clone() };
    let mut relations = Vec::new();
    let mut relate = |key: &str, bodies: Vec<Link>| {
        if !bodies.is_empty() {
            relations.push((lang.t(key), bodies));
        }
    };
    relate("body-parents", links(lang, org, &p.parents));
    relate("body-prepares-for", links(lang, org, p.prepares_for.as_slice()));
    relate("body-prepared-by", links(lang, org, &p.prepared_by));
    relate("body-below", links(lang, org, &p.below));
    let (chairs, chair_note) = chair(lang, &p.chair);
    let name = lang.text(&p.body.name);
    let path = body_href(org, &p.body.code);
    BodyPage {
        layout: Layout::new(lang, body_name(lang, &this), &path, auth).for_organisation(&p.organisation.languages),
        organisation: Link { href: format!("/organisations/{org}"), name: lang.text(&p.organisation.name) },
        abbreviation: p.body.abbreviation.as_ref().map(|a| lang.text(a)),
        relations,
        cadence: lang.t_args("body-meets", &[("count", FluentValue::from(p.body.regular_meetings_per_year))]),
        years: p
            .cadence
            .iter()
            .map(|y| YearLine {
                year: y.year,
                count: lang.t_args(
                    "body-year-count",
                    &[("count", FluentValue::from(y.held_or_planned)), ("required", FluentValue::from(y.required))],
                ),
                met: y.met(),
            })
            .collect(),
        chairs,
        chair_note,
        upcoming: p.upcoming.iter().map(|m| meeting_row(lang, m)).collect(),
        past: p.past.iter().map(|m| meeting_row(lang, m)).collect(),
        all_meetings: (usize::try_from(p.meetings).unwrap_or(usize::MAX) > p.upcoming.len() + p.past.len()).then(
            || {
                (
                    format!("/organisations/{org}/calendar?body={}", p.body.code),
                    lang.t_args("meetings-more", &[("count", FluentValue::from(p.meetings))]),
                )
            },
        ),
        register: (
            format!("/documents?organisation={org}&body={}", p.body.code),
            lang.t_args("body-documents-all", &[("count", FluentValue::from(p.documents_total))]),
        ),
        calendar_href: format!("{path}/calendar.ics?lang={}", lang.code()),
        name,
    }
}

/// `GET /organisations/{code}/bodies/{body}`: the body as the reader may see it; an organisation or body the
/// register does not know (or a path that names none) is the page for a missing page.
pub async fn get_body(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath((org, body)): ApiPath<(String, String)>,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let missing = || PageError { error: secretariat_core::Error::NotFound { what: "body" }, lang };
    let (org, body) = (Code::parse(&org).map_err(|_| missing())?, Code::parse(&body).map_err(|_| missing())?);
    let today = state.app.today();
    let profile = state.app.body_profile(&auth.viewer(), &org, &body, today).await.map_err(PageError::new(lang))?;
    Ok(render(&page(lang, &profile, &auth), lang, q.lang.is_some()))
}
