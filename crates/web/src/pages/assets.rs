//! Static files, embedded in the binary so that a fresh machine needs nothing beside it.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::extract::ApiPath;

const STYLE: &str = include_str!("../../static/style.css");
const HTMX: &str = include_str!("../../static/htmx.min.js");
const FORMS: &str = include_str!("../../static/forms.js");

/// `GET /static/{file}`
pub async fn get_asset(ApiPath(file): ApiPath<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "forms.js" => (FORMS, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=86400")], body).into_response()
}
