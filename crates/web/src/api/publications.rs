//! The press's publications: listed and read as the viewer may see them (a read by anyone but the publisher's own
//! press office is a hit), written by the press office and the Secretariat.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use secretariat_core::domain::{Key, Kind, Lang, Publication, Record};
use secretariat_core::store::{Filter, Stored};
use serde::Deserialize;

use super::{query_value, Page};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiChange, ApiJson, ApiPath, ApiQuery};
use crate::AppState;

/// Filters of the publication list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicationParams {
    /// A category's key.
    #[param(pattern = "^[a-z0-9][a-z0-9-]{0,79}$")]
    pub category: Option<String>,
    /// A language code.
    #[param(pattern = "^[a-z]{2}$")]
    pub language: Option<String>,
    /// Publications about this meeting: its id or key.
    pub meeting: Option<String>,
    /// Publications of this publisher (its key).
    #[param(pattern = "^[a-z0-9][a-z0-9-]{0,79}$")]
    pub publisher: Option<String>,
    pub after: Option<i64>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

impl PublicationParams {
    /// The store filter for a viewer; malformed values are 400s. `None` when the meeting is unknown to the viewer,
    /// so that nothing is listed.
    pub async fn filter(&self, state: &AppState, auth: &Auth) -> Result<Option<Filter>, ApiError> {
        let mut f = Filter::new(auth.viewer());
        f.category = query_value(self.category.as_deref(), Key::parse)?;
        f.language = query_value(self.language.as_deref(), Lang::parse)?;
        f.owner = query_value(self.publisher.as_deref(), Key::parse)?;
        // Checked before the meeting is looked up: a malformed filter is a 400 whether or not the meeting exists.
        f.limit = match self.limit {
            None => 100,
            Some(l @ 1..=500) => l,
            Some(_) => {
                return Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid_limit", "`limit` runs from 1 to 500"))
            }
        };
        if let Some(raw) = self.meeting.as_deref() {
            let found = match raw.parse::<i64>() {
                Ok(id) => state.app.get(&f.viewer, Kind::Meeting, id).await,
                Err(_) => state.app.find(&f.viewer, Kind::Meeting, raw).await,
            };
            match found {
                Ok(Stored { record: Record::Meeting(m), .. }) => f.about_meeting = Some(m.key),
                Ok(_) | Err(secretariat_core::Error::NotFound { .. }) => return Ok(None),
                Err(e) => return Err(e.into()),
            }
        }
        f.after = self.after;
        Ok(Some(f))
    }
}

/// Publications the viewer may see: the public sees the published and withdrawn ones; drafts and scheduled items
/// only their publisher's press office and the Secretariat.
#[utoipa::path(get, path = "/api/v1/publications", tag = "publications", params(PublicationParams),
    responses((status = 200, description = "`{items: [publication], next}`", body = Page<Stored<Publication>>),
        (status = 400, description = "malformed filter")))]
pub async fn list_publications(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<PublicationParams>,
) -> ApiResult<Json<Page<Stored<Publication>>>> {
    let Some(filter) = params.filter(&state, &auth).await? else {
        return Ok(Json(Page { items: Vec::new(), next: None }));
    };
    let (items, next) = state.app.publications(&filter).await?;
    Ok(Json(Page { items, next }))
}

/// One publication, by id or key. Reading a published item counts a hit, unless its own press office reads it.
#[utoipa::path(get, path = "/api/v1/publications/{id}", tag = "publications",
    params(("id" = String, Path, description = "the publication's id or key")),
    responses((status = 200, description = "the publication", body = Stored<Publication>),
        (status = 404, description = "no such publication, or not visible")))]
pub async fn get_publication(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Stored<Publication>>> {
    Ok(Json(state.app.read_publication(&auth.viewer(), &reference).await?.publication))
}

/// Writes a publication: a draft, scheduled (`scheduled_at` later than now) or published at once. `hits` and
/// `published_at` are the counter's and the lifecycle's, whatever the body says.
#[utoipa::path(post, path = "/api/v1/publications", tag = "publications", request_body = Publication,
    responses((status = 201, description = "the publication", body = Stored<Publication>),
        (status = 401, description = "no account"), (status = 403, description = "not its publisher's press office"),
        (status = 409, description = "the key exists"), (status = 422, description = "the publication does not parse")))]
pub async fn create_publication(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiJson(p): ApiJson<Publication>,
) -> ApiResult<(StatusCode, Json<Stored<Publication>>)> {
    let actor = auth.writer(&headers)?;
    Ok((StatusCode::CREATED, Json(state.app.create_publication(&actor, p).await?)))
}

/// Changes a publication with the `version` it was read at: its texts, links, and status as the lifecycle allows
/// (schedule, publish, withdraw).
#[utoipa::path(put, path = "/api/v1/publications/{id}", tag = "publications", request_body = Publication,
    params(("id" = i64, Path, description = "the publication's id")),
    responses((status = 200, description = "the publication", body = Stored<Publication>),
        (status = 404, description = "no such publication, or not visible"),
        (status = 409, description = "changed since `version`, or a move the lifecycle refuses")))]
pub async fn change_publication(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiChange { version, body }: ApiChange<Publication>,
) -> ApiResult<Json<Stored<Publication>>> {
    let actor = auth.writer(&headers)?;
    Ok(Json(state.app.change_publication(&actor, id, version, body).await?))
}
