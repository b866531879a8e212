//! An organisation on a day: its chairmanship, and its memberships with their history.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jiff::civil::Date;
use secretariat_core::domain::Code;
use secretariat_core::service::{ChairmanshipView, OrganisationOnDay};
use serde::Deserialize;

use super::query_date;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::AppState;

/// The day asked about.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParam {
    /// The day (YYYY-MM-DD); today when left out.
    #[param(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub on: Option<String>,
}

/// The organisation's code (an unknown one is a 404 like any) and the day asked about (today without `on`).
fn code_and_day(state: &AppState, code: &str, on: Option<&str>) -> Result<(Code, Date), ApiError> {
    let code = Code::parse(code).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()))?;
    Ok((code, query_date(on)?.unwrap_or_else(|| state.app.today())))
}

/// Which state chairs the organisation on a day, over which term, and who follows.
#[utoipa::path(get, path = "/api/v1/organisations/{code}/chairmanship", tag = "organisations",
    params(("code" = String, Path, description = "the organisation's code, e.g. CSTO", pattern = "^[A-Z0-9_-]{1,32}$"), OnParam),
    responses((status = 200, description = "`{state, term, from, to, next, …}`", body = ChairmanshipView), (status = 400, description = "malformed day"),
        (status = 404, description = "no such organisation, or no chair on that day")))]
pub async fn get_chairmanship(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    ApiQuery(OnParam { on }): ApiQuery<OnParam>,
) -> ApiResult<Json<ChairmanshipView>> {
    let (code, on) = code_and_day(&state, &code, on.as_deref())?;
    state
        .app
        .chairmanship(&code, on)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "no state chairs on that day"))
}

/// The organisation as of a day: the memberships in force then, each with its period; who chaired, and whether
/// the rotation gave it; and every state's memberships over time.
#[utoipa::path(get, path = "/api/v1/organisations/{code}/overview", tag = "organisations",
    params(("code" = String, Path, description = "the organisation's code, e.g. CSTO", pattern = "^[A-Z0-9_-]{1,32}$"), OnParam),
    responses((status = 200, description = "`{organisation, on, members, chair, timeline}`", body = OrganisationOnDay),
        (status = 400, description = "malformed day (`invalid_date`)"), (status = 404, description = "no such organisation")))]
pub async fn get_overview(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    ApiQuery(OnParam { on }): ApiQuery<OnParam>,
) -> ApiResult<Json<OrganisationOnDay>> {
    let (code, on) = code_and_day(&state, &code, on.as_deref())?;
    Ok(Json(state.app.organisation_on(&code, on).await?))
}
