//! The web's error policy: every core error and every rejected input becomes a 4xx with a stable code, JSON for
//! `/api` and a page otherwise. Storage failures are logged once here and shown only as `internal`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use secretariat_core::Error;
use serde::Serialize;

use crate::i18n::UiLang;

/// The HTTP status of a core error.
pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Conflict { .. } => StatusCode::CONFLICT,
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Forbidden { .. } => StatusCode::FORBIDDEN,
        Error::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// An error of the JSON API: `{"error": {"code": …, "message": …}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub current_version: Option<i64>,
    /// Seconds to wait before trying again, sent as `Retry-After`.
    pub retry_after_s: Option<u64>,
}

impl ApiError {
    /// An error with its own status and code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), current_version: None, retry_after_s: None }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let status = status_of(&e);
        let message = if let Error::Storage(cause) = &e {
            tracing::error!(error.cause = %cause, "request failed in storage");
            "the server could not complete the request".to_owned()
        } else {
            e.to_string()
        };
        let current_version = match &e {
            Error::Conflict { current_version, .. } => *current_version,
            _ => None,
        };
        let retry_after_s = match &e {
            Error::Throttled { retry_after_s } => Some(*retry_after_s),
            _ => None,
        };
        Self { status, code: e.code(), message, current_version, retry_after_s }
    }
}

fn rejection(status: StatusCode, body: String, default_code: &'static str) -> ApiError {
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::BAD_REQUEST => default_code,
        _ => "invalid_body",
    };
    ApiError::new(status, code, body)
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        rejection(r.status(), r.body_text(), "malformed_json")
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", r.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_path", r.body_text())
    }
}

/// The body of every API error, as sent (and as the OpenAPI document shows it).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable snake_case code a client can branch on, and a message for people.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// On a 409 `stale_version`: the version stored now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                current_version: self.current_version,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after_s {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
    }
}

/// The result of an API handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// An error shown as a page in the reader's language (the page itself is drawn by `pages`).
#[derive(Debug)]
pub struct PageError {
    pub error: Error,
    pub lang: UiLang,
}

impl PageError {
    /// Wraps a core error for a reader of `lang`.
    pub fn new(lang: UiLang) -> impl FnOnce(Error) -> Self {
        move |error| Self { error, lang }
    }
}

/// The result of a page handler.
pub type PageResult = Result<Response, PageError>;
