//! Who is asking: a bearer API token, a browser session cookie, or nobody (the public).
//! Writes need an account; a write made with a session cookie also needs the session's CSRF token.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use secretariat_core::account::{Account, Actor, Session};
use secretariat_core::rules::visibility::Viewer;

use crate::error::ApiError;
use crate::AppState;

/// The cookie that carries a browser session's token.
pub const SESSION_COOKIE: &str = "secretariat_session";

/// The header by which scripts send the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The account behind a request, if any.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    pub account: Option<Account>,
    /// Set when the account came from a browser session rather than an API token.
    pub session: Option<Session>,
}

impl Auth {
    /// What this request may see.
    pub fn viewer(&self) -> Viewer {
        self.account.as_ref().map_or(Viewer::Public, Account::viewer)
    }

    /// The actor of a write: 401 without an account, 403 when a session write lacks its CSRF token.
    pub fn writer(&self, headers: &HeaderMap) -> Result<Actor, ApiError> {
        let account = self.account.as_ref().ok_or_else(|| ApiError::from(secretariat_core::Error::Unauthenticated))?;
        if let Some(session) = &self.session {
            let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !self.csrf_matches(sent) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf_mismatch",
                    "the form or request is stale; reload the page",
                ));
            }
            debug_assert_eq!(session.account, account.id);
        }
        Ok(account.actor())
    }

    /// Whether `sent` is this session's CSRF token (compared in constant time).
    pub fn csrf_matches(&self, sent: Option<&str>) -> bool {
        match (&self.session, sent) {
            (Some(s), Some(sent)) => {
                s.csrf.len() == sent.len()
                    && s.csrf.bytes().zip(sent.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
            }
            _ => false,
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).ok_or_else(|| {
                ApiError::new(StatusCode::UNAUTHORIZED, "invalid_token", "use `Authorization: Bearer <token>`")
            })?;
            let account = state.app.token_account(token.trim()).await?;
            return match account {
                Some(account) => Ok(Self { account: Some(account), session: None }),
                None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "invalid_token", "the API token is not known")),
            };
        }
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(cookie) = jar.get(SESSION_COOKIE) {
            if let Some((account, session)) = state.app.session(cookie.value()).await? {
                return Ok(Self { account: Some(account), session: Some(session) });
            }
        }
        Ok(Self::default())
    }
}

/// The client address a request came from: the TCP peer, as the server accepted it. Sign-in throttling counts
/// failures per address. Behind a reverse proxy every client shares the proxy's address, so a proxy in front of
/// Secretariat should itself limit sign-ins (README, "Sign-in throttling"); no forwarded header is trusted, since any
/// client could set one.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        // A router served without connect info (an embedding) has one shared, named bucket rather than none.
        Ok(Self(peer.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())))
    }
}
