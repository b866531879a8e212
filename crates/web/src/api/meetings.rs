//! Meetings as read: the whole meeting, lists by days and body; the agenda's adoption and change log.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use secretariat_core::domain::{At, Id, Kind, Lang, StateCode};
use secretariat_core::rules::announcement::Announcement;
use secretariat_core::service::{AgendaChange, ItemNumber, MeetingSummary, MeetingView};
use secretariat_core::store::AgendaState;
use serde::Deserialize;

use super::records::ListParams;
use super::Page;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery};
use crate::AppState;

/// Filters of the meeting list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingParams {
    /// Meetings that end on or after this day (YYYY-MM-DD).
    #[param(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub from: Option<String>,
    /// Meetings that start on or before this day (YYYY-MM-DD).
    #[param(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub to: Option<String>,
    /// A body's code (`CFM`).
    #[param(pattern = "^[A-Z0-9_-]{1,32}$")]
    pub body: Option<String>,
    /// An organisation's code (`CSTO`).
    #[param(pattern = "^[A-Z0-9_-]{1,32}$")]
    pub organisation: Option<String>,
    /// The `next` cursor of the previous page.
    pub after: Option<i64>,
    /// Page size, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// Resolves a meeting's id, or its key, to the id.
/// A key the viewer may not see is `NotFound`, like a missing one; any other error is the store's.
pub async fn meeting_id(state: &AppState, auth: &Auth, reference: &str) -> secretariat_core::Result<Id> {
    Ok(match reference.parse::<i64>() {
        Ok(id) => id,
        Err(_) => state.app.find(&auth.viewer(), Kind::Meeting, reference).await?.id,
    })
}

/// Meetings in a span of days.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "meetings", params(MeetingParams),
    responses((status = 200, description = "`{items: [meeting summary], next}`", body = Page<MeetingSummary>), (status = 400, description = "malformed date or code")))]
pub async fn list_meetings(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<MeetingParams>,
) -> ApiResult<Json<Page<MeetingSummary>>> {
    let params = ListParams {
        from: p.from,
        to: p.to,
        body: p.body,
        organisation: p.organisation,
        after: p.after,
        limit: p.limit,
        ..ListParams::default()
    };
    let (items, next) = state.app.meetings(&params.filter(&auth)?).await?;
    Ok(Json(Page { items, next }))
}

/// A whole meeting: body, venue and local time, chair, programme, delegations, agenda (as the viewer may see it).
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "the meeting's id or key")),
    responses((status = 200, description = "the meeting", body = MeetingView), (status = 404, description = "no such meeting")))]
pub async fn get_meeting(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<MeetingView>> {
    let id = meeting_id(&state, &auth, &reference).await?;
    Ok(Json(state.app.meeting(&auth.viewer(), id).await?))
}

/// When an agenda was adopted, if not now.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptionInput {
    /// An instant or a day at the meeting (the Secretariat only); now when left out.
    #[serde(default)]
    pub at: Option<At>,
}

/// Adopts the meeting's provisional agenda; later changes go to its change log. The body is optional.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda/adoption", tag = "meetings", request_body(content = Option<AdoptionInput>),
    params(("id" = String, Path, description = "the meeting's id or key")),
    responses((status = 200, description = "the adopted agenda", body = AgendaState), (status = 401, description = "no account"),
        (status = 403, description = "not the Secretariat"), (status = 409, description = "already adopted, or empty")))]
pub async fn adopt_agenda(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    ApiJsonOrEmpty(input): ApiJsonOrEmpty<AdoptionInput>,
) -> ApiResult<Json<AgendaState>> {
    let actor = auth.writer(&headers)?;
    let id = meeting_id(&state, &auth, &reference).await?;
    Ok(Json(state.app.adopt_agenda(&actor, id, input.and_then(|i| i.at)).await?))
}

/// A whole new numbering of an agenda.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberingInput {
    /// Every item of the agenda once, with the version it was read at and its new number (1…n, no gaps).
    pub items: Vec<ItemNumber>,
}

/// Numbers the meeting's agenda anew in one write; an item changed since it was read is a 409 and nothing is
/// written. A change to an adopted agenda goes to its change log.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda/numbering", tag = "meetings", request_body = NumberingInput,
    params(("id" = String, Path, description = "the meeting's id or key")),
    responses((status = 200, description = "the agenda's state", body = AgendaState), (status = 401, description = "no account"),
        (status = 403, description = "not the Secretariat"), (status = 409, description = "an item changed meanwhile"),
        (status = 422, description = "an item left out or named twice, or numbers with a gap or a repeat")))]
pub async fn renumber_agenda(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    ApiJson(input): ApiJson<NumberingInput>,
) -> ApiResult<Json<AgendaState>> {
    let actor = auth.writer(&headers)?;
    let id = meeting_id(&state, &auth, &reference).await?;
    Ok(Json(state.app.renumber_agenda(&actor, id, &input.items).await?))
}

/// The changes made to an adopted agenda: who, when, the item before and after.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/agenda/changes", tag = "meetings",
    params(("id" = String, Path, description = "the meeting's id or key")),
    responses((status = 200, description = "`{items: [change], next: null}`", body = Page<AgendaChange>), (status = 404, description = "no such meeting")))]
pub async fn list_agenda_changes(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Page<AgendaChange>>> {
    let id = meeting_id(&state, &auth, &reference).await?;
    Ok(Json(Page { items: state.app.agenda_changes(&auth.viewer(), id).await?, next: None }))
}

/// Which announcement to draft.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementParams {
    /// A working language of the organisation that has a grammar for announcements (`en`, `ru`).
    #[param(pattern = "^[a-z]{2}$", example = "ru")]
    pub language: String,
    /// A member state whose ministry publishes, on its delegation's participation (`RU`); left out, the
    /// organisation's press service.
    #[param(pattern = "^[A-Z]{2}$")]
    pub publisher: Option<String>,
}

/// The meeting's drafted announcement, in the register of a foreign ministry's comment, written from what the
/// caller may see of its record: `{language, title, body}`, the body plain text with paragraphs separated by a
/// blank line.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/announcement", tag = "meetings",
    params(("id" = String, Path, description = "the meeting's id or key"), AnnouncementParams),
    responses((status = 200, description = "the draft", body = Announcement), (status = 400, description = "no `language`"),
        (status = 404, description = "no such meeting"),
        (status = 422, description = "`not_a_working_language`, `no_grammar`, `invalid_language`, `invalid_state_code`, `meeting_cancelled`")))]
pub async fn get_announcement(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(p): ApiQuery<AnnouncementParams>,
) -> ApiResult<Json<Announcement>> {
    let id = meeting_id(&state, &auth, &reference).await?;
    let language = Lang::parse(&p.language)?;
    let publisher = p.publisher.as_deref().map(StateCode::parse).transpose()?;
    Ok(Json(state.app.announcement(&auth.viewer(), id, &language, publisher.as_ref()).await?))
}
