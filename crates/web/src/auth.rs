//! Who is asking: a bearer API token, a browser session cookie, or nobody (the public).
//! Writes need an account; a write made with a session cookie also needs the session's CSRF token.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use secretariat_core::account::{Account, Actor, Session};
use secretariat_core::domain::Viewer;
use subtle::ConstantTimeEq;

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
            (Some(s), Some(sent)) => bool::from(s.csrf.as_bytes().ct_eq(sent.as_bytes())),
            _ => false,
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Already resolved for this request by the conditional GET layer: one lookup a request.
        if let Some(auth) = parts.extensions.get::<Self>() {
            return Ok(auth.clone());
        }
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

/// The client address a request came from: the TCP peer, or, when the peer is one of the configured trusted
/// proxies, the address that proxy appended to `X-Forwarded-For`. Sign-in throttling counts failures per address.
/// Without trusted proxies no forwarded header is believed, since any client could write one.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let client = peer.map(|peer| client_ip(peer, forwarded, &state.trusted_proxies));
        // A router served without connect info (an embedding) has one shared, named bucket rather than none.
        Ok(Self(client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())))
    }
}

/// The client behind `peer`: walking `X-Forwarded-For` from the right (the entry the nearest proxy wrote), the
/// first address that is not a trusted proxy, as long as every hop so far was one.
pub fn client_ip<'a>(peer: IpAddr, forwarded: impl Iterator<Item = &'a str>, trusted: &[IpAddr]) -> IpAddr {
    let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        if !trusted.contains(&client) {
            break;
        }
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => client = ip,
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forwarded_header_counts_only_when_a_trusted_proxy_sent_it() {
        let proxy = [ip("10.0.0.1")];
        assert_eq!(client_ip(ip("203.0.113.9"), ["198.51.100.7"].into_iter(), &proxy), ip("203.0.113.9"));
        assert_eq!(client_ip(ip("10.0.0.1"), ["198.51.100.7"].into_iter(), &proxy), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("10.0.0.1"), ["198.51.100.7"].into_iter(), &[]), ip("10.0.0.1"));
    }

    #[test]
    fn a_client_cannot_choose_its_address_by_writing_the_header_itself() {
        let proxy = [ip("10.0.0.1")];
        // The client wrote "1.2.3.4"; the proxy appended the address it saw.
        assert_eq!(client_ip(ip("10.0.0.1"), ["1.2.3.4, 198.51.100.7"].into_iter(), &proxy), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("10.0.0.1"), ["1.2.3.4", "198.51.100.7"].into_iter(), &proxy), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("10.0.0.1"), ["garbage"].into_iter(), &proxy), ip("10.0.0.1"));
    }
}
