//! The drafted announcement of a meeting, for the press officer: the same draft as
//! `GET /api/v1/meetings/{id}/announcement`, in each working language that has a grammar.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::Lang;
use secretariat_core::rules::announcement::LANGUAGES;
use serde::Deserialize;

use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// The interface language, and the draft's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementQuery {
    pub lang: Option<String>,
    pub language: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/announcement.html")]
struct AnnouncementPage {
    layout: Layout,
    meeting_href: String,
    meeting: String,
    title: String,
    paragraphs: Vec<String>,
    /// The other drafts: (link, language name).
    others: Vec<(String, String)>,
    language: String,
    /// The meeting's key and the draft's language code, for "Start a publication from this draft", offered to
    /// whoever writes for a press office.
    start: Option<(String, String)>,
}

/// `GET /meetings/{id}/announcement`
pub async fn get_announcement(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    PageQuery(q): PageQuery<AnnouncementQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let id = crate::api::meetings::meeting_id(&state, &auth, &reference).await.map_err(PageError::new(lang))?;
    let view = state.app.meeting(&auth.viewer(), id).await.map_err(PageError::new(lang))?;
    let org = state.app.organisation(&view.organisation).await.map_err(PageError::new(lang))?;
    let drafted: Vec<&Lang> = org.languages.iter().filter(|l| LANGUAGES.contains(&l.as_str())).collect();
    // The draft in the language asked for, else in the reader's, else in the first the organisation works in.
    let language = match q.language.as_deref() {
        Some(raw) => Lang::parse(raw).map_err(PageError::new(lang))?,
        None => drafted
            .iter()
            .find(|l| l.as_str() == lang.code())
            .or(drafted.first())
            .map(|l| (*l).clone())
            .unwrap_or_else(|| org.languages[0].clone()),
    };
    let draft = state.app.announcement(&auth.viewer(), id, &language, None).await.map_err(PageError::new(lang))?;
    let name = |l: &Lang| lang.language_name(l.as_str());
    let others = drafted
        .iter()
        .filter(|l| **l != &language)
        .map(|l| (format!("/meetings/{id}/announcement?language={l}"), name(l)))
        .collect();
    let meeting = lang.t_args("meeting-of", &[("body", FluentValue::from(lang.text(&view.body.name)))]);
    let writes = !state.app.publishers_written_by(&auth.viewer()).await.map_err(PageError::new(lang))?.is_empty();
    let start = writes.then(|| (view.key.to_string(), language.to_string()));
    let heading = lang.t("announcement");
    let layout = Layout::new(lang, format!("{heading} — {meeting}"), &format!("/meetings/{id}/announcement"), &auth);
    let page = AnnouncementPage {
        layout: layout.for_organisation(&org.languages),
        meeting_href: format!("/meetings/{id}"),
        meeting: format!("{meeting}, {}", lang.date_range(&view.starts_on, &view.ends_on)),
        title: draft.title,
        paragraphs: draft.body.split("\n\n").map(str::to_owned).collect(),
        others,
        language: name(&language),
        start,
    };
    Ok(render(&page, lang, q.lang.is_some()))
}
