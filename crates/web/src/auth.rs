//! Who is asking: a bearer API token, a browser session cookie, or nobody (the public).
//! Writes need an account; a write made with a session cookie also needs the session's CSRF token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use secretariat_core::account::{Account, Actor, Session};
use secretariat_core::rules::visibility::Viewer;

use crate::error::ApiError;
use crate::headers::SignedIn;
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
                Some(account) => {
                    signed_in(parts);
                    Ok(Self { account: Some(account), session: None })
                }
                None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "invalid_token", "the API token is not known")),
            };
        }
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(cookie) = jar.get(SESSION_COOKIE) {
            if let Some((account, session)) = state.app.session(cookie.value()).await? {
                signed_in(parts);
                return Ok(Self { account: Some(account), session: Some(session) });
            }
        }
        Ok(Self::default())
    }
}

/// Marks the answer as made for an account, so that no cache keeps it (see [`crate::headers`]).
fn signed_in(parts: &Parts) {
    if let Some(mark) = parts.extensions.get::<SignedIn>() {
        mark.mark();
    }
}

/// Sign-in attempts per user name: at most `MAX_FAILURES` failures in `WINDOW`, then 429 until the window passes.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const MAX_FAILURES: u32 = 5;
const WINDOW: Duration = Duration::from_secs(300);

impl SignInLimiter {
    /// Whether another attempt for `username` may be made now.
    pub fn allows(&self, username: &str) -> bool {
        let Ok(mut map) = self.failures.lock() else { return true };
        map.retain(|_, (_, since)| since.elapsed() < WINDOW);
        map.get(username).is_none_or(|(n, _)| *n < MAX_FAILURES)
    }

    /// Counts a failed attempt.
    pub fn failed(&self, username: &str) {
        if let Ok(mut map) = self.failures.lock() {
            let entry = map.entry(username.to_owned()).or_insert((0, Instant::now()));
            entry.0 += 1;
        }
    }

    /// Forgets the failures after a successful sign-in.
    pub fn succeeded(&self, username: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(username);
        }
    }
}
