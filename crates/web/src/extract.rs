//! Extractors whose rejections are API errors with stable codes, instead of axum's plain-text ones.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// A JSON body parsed into the handler's input type `T`: malformed JSON is a 400 `malformed_json`, an oversized
/// body a 413, a control character in any text or key a 422 `control_character`, a field `T` does not name, at any
/// depth, a 422 `unknown_field`, and a body that is otherwise not a `T` (wrong type, missing field) a 422
/// `invalid_body`; both name the field's path.
pub struct ApiJson<T>(pub T);

/// A change: the whole input `T` plus the `version` it is based on (and the `id` a client echoes back, ignored).
/// Without an integer `version` it is a 422 `version_required`; otherwise as [`ApiJson`].
pub struct ApiChange<T> {
    pub version: i64,
    pub body: T,
}

/// Takes the `version` a change is based on out of a JSON body: 422 `version_required` without it.
fn take_version(body: &mut Value) -> Result<i64, ApiError> {
    body.as_object_mut().and_then(|o| o.remove("version")).and_then(|v| v.as_i64()).ok_or_else(|| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "version_required", "send the `version` the change is based on")
    })
}

/// The body as a JSON value whose texts are all free of control characters. The value is read first so that one
/// check covers every string at every depth, whatever type reads it next: PostgreSQL refuses a NUL in `text`
/// (it would be a 500) where SQLite stores it, and the engines must answer alike.
async fn checked_value<S: Send + Sync>(req: Request, state: &S) -> Result<Value, ApiError> {
    let axum::Json(value) = axum::Json::<Value>::from_request(req, state).await.map_err(ApiError::from)?;
    if let Some(path) = control_character(&value, "") {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "control_character",
            format!(
                "{}: texts may not hold control characters other than tab, line feed and carriage return",
                or_root(&path)
            ),
        ));
    }
    Ok(value)
}

fn or_root(path: &str) -> &str {
    if path.is_empty() {
        "."
    } else {
        path
    }
}

fn refused(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The path of the first string or key holding a refused control character.
fn control_character(value: &Value, at: &str) -> Option<String> {
    match value {
        Value::String(s) if refused(s) => Some(at.to_owned()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| control_character(v, &format!("{at}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let here = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            if refused(k) {
                Some(here.escape_default().to_string())
            } else {
                control_character(v, &here)
            }
        }),
        _ => None,
    }
}

/// Reads a `T` from a checked value; the error names the path of the offending field (`names[0].name.xx`). A field
/// the type does not name is `unknown_field` (every input type denies unknown fields, so none is ever dropped);
/// any other mismatch is `invalid_body`.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        // serde names this case only in its message: `unknown field `x`, expected …`.
        let code = if inner.starts_with("unknown field") { "unknown_field" } else { "invalid_body" };
        let message = if path == "." { inner } else { format!("{path}: {inner}") };
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    })
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        from_value(checked_value(req, state).await?).map(Self)
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiChange<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut value = checked_value(req, state).await?;
        let version = take_version(&mut value)?;
        // The `id` a client echoes back is ignored, but must still be an id: the schema says so.
        if let Some(id) = value.as_object_mut().and_then(|o| o.remove("id")) {
            if id.as_i64().is_none() {
                return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "id: not a record id"));
            }
        }
        Ok(Self { version, body: from_value(value)? })
    }
}

/// An optional JSON body: none at all (no content type, no length) is `None`; any other body is read as by
/// [`ApiJson`].
pub struct ApiJsonOrEmpty<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJsonOrEmpty<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers();
        let empty = headers.get(axum::http::header::CONTENT_TYPE).is_none()
            && headers.get(axum::http::header::CONTENT_LENGTH).is_none_or(|l| l.as_bytes() == b"0");
        if empty {
            return Ok(Self(None));
        }
        from_value(checked_value(req, state).await?).map(|v| Self(Some(v)))
    }
}

/// Query parameters; unparsable ones are a 400 `invalid_query`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters; unparsable ones are a 400 `invalid_path`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query parameters of a page; unparsable ones are an error page in the reader's language.
pub struct PageQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for PageQuery<T> {
    type Rejection = crate::error::PageError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(e) => Err(crate::error::PageError {
                error: secretariat_core::Error::invalid("invalid_query", e.body_text()),
                lang: crate::i18n::UiLang::negotiate(None, &parts.headers),
            }),
        }
    }
}

/// A submitted form; an incomplete one is an error page in the reader's language.
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = crate::error::PageError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = crate::i18n::UiLang::negotiate(None, req.headers());
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(e) => Err(crate::error::PageError {
                error: secretariat_core::Error::invalid("invalid_form", e.body_text()),
                lang,
            }),
        }
    }
}
