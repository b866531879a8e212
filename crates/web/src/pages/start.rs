//! The start page `/`: what needs the reader now, each line linked to its page. A delegate sees the drafts awaiting
//! her state's position, the silence procedures open with their deadlines, her state's drafts and the next
//! meetings; the Secretariat what waits for it; the public the next meetings, the latest adopted documents and the
//! organisations. One use case gathers it (`Secretariat::start`); this page only writes it out.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::Viewer;
use secretariat_core::rules::actions::{drafting, Drafting};

use super::meeting_row::{meeting_row, MeetingRow};
use super::register::{line, Line, Names};
use super::venue::day_and_time;
use super::zone::{in_reader_zone, reader_zone};
use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::PageQuery;
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// One list of the start page: its id (the anchor of its heading), heading, lines and what it says when empty.
pub struct Section {
    pub id: &'static str,
    pub heading: String,
    pub lines: Vec<Line>,
    pub empty: String,
}

#[derive(Template)]
#[template(path = "pages/start.html")]
struct StartPage {
    layout: Layout,
    /// The reader's own lists, before the ones everybody has.
    sections: Vec<Section>,
    agendas: Vec<MeetingRow>,
    show_agendas: bool,
    meetings: Vec<MeetingRow>,
    adopted: Section,
    organisations: Vec<(String, String)>,
    may_draft: bool,
    /// What the signed-in reader was told of, newest first (the mails' subjects, each to its document): `None`
    /// for the public.
    notices: Option<Vec<Notice>>,
}

/// One notification on the start page.
struct Notice {
    href: String,
    text: String,
    when: String,
}

/// `GET /`: the start page.
pub async fn get_start(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let viewer = auth.viewer();
    let view = state.app.start(&viewer).await.map_err(PageError::new(lang))?;
    let names = Names::load(&state, &auth, lang).await.map_err(PageError::new(lang))?;
    let section =
        |(id, heading, empty): (&'static str, &str, &str), rows: &[secretariat_core::domain::RegisterRow]| Section {
            id,
            heading: lang.t(heading),
            lines: rows.iter().map(|r| line(lang, &names, r)).collect(),
            empty: lang.t(empty),
        };
    let sections = match &viewer {
        Viewer::Delegate { .. } => vec![
            section(("awaiting", "start-awaiting", "start-awaiting-none"), &view.awaiting_position),
            section(("silence", "start-silence", "start-silence-none"), &view.open_silence),
            section(("own-drafts", "start-own-drafts", "start-own-drafts-none"), &view.own_drafts),
        ],
        Viewer::Secretariat => vec![
            section(("to-circulate", "start-to-circulate", "start-to-circulate-none"), &view.to_circulate),
            section(("due", "start-due", "start-due-none"), &view.open_silence),
        ],
        Viewer::Public | Viewer::Press { .. } => Vec::new(),
    };
    let notices = match &auth.account {
        Some(account) => Some(
            state
                .app
                .notifications_of(account)
                .await
                .map_err(PageError::new(lang))?
                .iter()
                .map(|n| Notice {
                    href: format!("/documents/{}", n.key),
                    // The mail's subject says what happened and to which document, in her language.
                    text: lang.t_args(
                        &crate::names::mail_subject_key(&n.kind),
                        &[("title", FluentValue::from(lang.text(&n.title)))],
                    ),
                    when: match reader_zone(&auth) {
                        Some(zone) => in_reader_zone(lang, n.at, zone),
                        None => format!("{} UTC", day_and_time(lang, n.at, &jiff::tz::TimeZone::UTC)),
                    },
                })
                .collect(),
        ),
        None => None,
    };
    let page = StartPage {
        layout: Layout::new(lang, lang.t("start-title"), "/", &auth),
        sections,
        agendas: view.agendas_to_adopt.iter().map(|m| meeting_row(lang, m)).collect(),
        show_agendas: viewer == Viewer::Secretariat,
        meetings: view.next_meetings.iter().map(|m| meeting_row(lang, m)).collect(),
        adopted: section(("adopted", "start-adopted", "start-adopted-none"), &view.adopted),
        organisations: view
            .organisations
            .iter()
            .map(|(code, name)| (format!("/organisations/{code}"), lang.text(name)))
            .collect(),
        may_draft: drafting(&viewer) != Drafting::Nobody,
        notices,
    };
    Ok(render(&page, lang, q.lang.is_some()))
}
