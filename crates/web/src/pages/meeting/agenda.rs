//! The printable agenda of a meeting: its heading, days and venue, and the numbered items with their documents, as
//! the reader may see them, laid out for paper by the print stylesheet.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;

use super::{page, ItemRow};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::pages::{render, LangQuery, Layout};
use crate::AppState;

#[derive(Template)]
#[template(path = "pages/agenda.html")]
struct AgendaPage {
    layout: Layout,
    meeting_href: String,
    organisation: String,
    heading: String,
    date: String,
    venue: String,
    agenda_heading: String,
    items: Vec<ItemRow>,
    agenda_note: Option<String>,
}

/// `GET /meetings/{key}/agenda`
pub async fn get_agenda(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let id = crate::api::meetings::meeting_id(&state, &auth, &reference).await.map_err(PageError::new(lang))?;
    let view = state.app.meeting(&auth.viewer(), id).await.map_err(PageError::new(lang))?;
    let org = state.app.organisation(&view.organisation).await.map_err(PageError::new(lang))?;
    let name = org.abbreviation.as_ref().map(|a| lang.text(a));
    let mut p = page(lang, &view, &auth, name);
    super::facts::fill(&state, &auth, lang, &view, &mut p.items).await?;
    let title = format!("{} — {}", p.agenda_heading, p.heading);
    let url = format!("{}/agenda", p.url);
    let p = AgendaPage {
        layout: Layout::new(lang, title, &url, &auth).for_organisation(&org.languages),
        meeting_href: p.url,
        organisation: p.organisation,
        heading: p.heading,
        date: p.date,
        venue: p.venue,
        agenda_heading: p.agenda_heading,
        items: p.items,
        agenda_note: p.agenda_note,
    };
    Ok(render(&p, lang, q.lang.is_some()))
}
