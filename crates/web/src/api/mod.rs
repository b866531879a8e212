//! The JSON API under `/api/v1`: lists are `{"items": [...], "next": cursor|null}`; errors are
//! `{"error": {"code", "message"}}`.

pub mod akn;
pub mod documents;
pub mod history;
pub mod meetings;
pub mod openapi;
pub mod organisations;
pub mod popolo;
pub mod publications;
pub mod records;
pub mod search;
pub mod statements;
pub mod tokens;

use axum::http::StatusCode;
use jiff::civil::Date;
use serde::Serialize;

use crate::error::ApiError;

/// A page of a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor of the next page (`after=`), or null on the last page.
    pub next: Option<i64>,
}

/// Parses a day of a query string: a malformed one is a 400 `invalid_date`.
pub fn query_date(raw: Option<&str>) -> Result<Option<Date>, ApiError> {
    raw.map(|r| {
        secretariat_core::domain::parse_date(r)
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.code(), e.to_string()))
    })
    .transpose()
}

/// Parses a query parameter with a domain parser: a malformed one is a 400 with the parser's code.
pub fn query_value<T>(
    raw: Option<&str>,
    parse: impl Fn(&str) -> secretariat_core::Result<T>,
) -> Result<Option<T>, ApiError> {
    raw.map(|r| parse(r).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.code(), e.to_string()))).transpose()
}

/// `GET /healthz`: the process is up and its store answers.
pub async fn get_health(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match state.app.health().await {
        Ok(health) => {
            (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ok", "engine": health.engine }))).into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// A method the path does not take: a JSON 405.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this path does not take that method")
}

/// Any other path under `/api`: a JSON 404.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such path in the API")
}
