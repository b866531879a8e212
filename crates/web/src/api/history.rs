//! A document's past: its history step by step, and the difference between two of its revisions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secretariat_core::domain::{HistoryEntry, Lang};
use secretariat_core::rules::diff::Part;
use serde::Deserialize;

use super::documents::document_id;
use super::Page;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::AppState;

/// What happened to a document, step by step (from its audit entries): when each act happened, who did it (the
/// public reads the role, not the user name) and what it was.
#[utoipa::path(get, path = "/api/v1/documents/{id}/history", tag = "documents",
    params(("id" = String, Path, description = "the document's id or key")),
    responses((status = 200, description = "`{items: [step], next: null}`, oldest first", body = Page<HistoryEntry>),
        (status = 404, description = "no such document")))]
pub async fn get_history(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Page<HistoryEntry>>> {
    let id = document_id(&state, &auth, &reference).await?;
    Ok(Json(Page { items: state.app.document_history(&auth.viewer(), id).await?, next: None }))
}

/// The revisions and language to compare.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    pub from: u32,
    pub to: u32,
    #[param(pattern = "^[a-z]{2}$")]
    pub language: String,
}

/// The header that says how finely a diff was computed: `word`, or `line` for texts too long to compare by word.
pub const DIFF_GRANULARITY: &str = "diff-granularity";

/// The word-level difference of one language between two revisions (line by line past 20,000 words a side).
#[utoipa::path(get, path = "/api/v1/documents/{id}/diff", tag = "documents",
    params(("id" = String, Path, description = "the document's id or key"), DiffParams),
    responses((status = 200, description = "`[{op, text}]`", body = Vec<Part>,
            headers(("Diff-Granularity" = String, description = "`word`, or `line` for texts too long to compare by word"))),
        (status = 404, description = "no such revision or language")))]
pub async fn get_diff(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(p): ApiQuery<DiffParams>,
) -> ApiResult<([(&'static str, &'static str); 1], Json<Vec<Part>>)> {
    let id = document_id(&state, &auth, &reference).await?;
    let language =
        Lang::parse(&p.language).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.code(), e.to_string()))?;
    let diff = state.app.diff(&auth.viewer(), id, p.from, p.to, &language).await?;
    Ok(([(DIFF_GRANULARITY, diff.granularity.as_str())], Json(diff.parts)))
}
