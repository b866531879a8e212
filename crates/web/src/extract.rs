//! Extractors whose rejections are API errors with stable codes, instead of axum's plain-text ones.

use axum::extract::{FromRequest, FromRequestParts};

use crate::error::ApiError;

/// A JSON body; a malformed one is a 400 `malformed_json`, an oversized one a 413.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

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
    type Rejection = crate::pages::PageError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(e) => Err(crate::pages::PageError {
                error: secretariat_core::Error::invalid("invalid_query", e.body_text()),
                lang: crate::i18n::UiLang::negotiate(None, &parts.headers),
            }),
        }
    }
}

/// A submitted form; an incomplete one is an error page in the reader's language.
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = crate::pages::PageError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = crate::i18n::UiLang::negotiate(None, req.headers());
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(e) => Err(crate::pages::PageError {
                error: secretariat_core::Error::invalid("invalid_form", e.body_text()),
                lang,
            }),
        }
    }
}
