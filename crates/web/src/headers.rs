//! Headers that keep what a signed-in viewer was shown out of shared and browser caches, and tell caches which
//! request headers a public answer depends on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The `Strict-Transport-Security` sent when cookies are `Secure`, i.e. when Secretariat is reached over HTTPS.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The content security policy of every answer: nothing from elsewhere, no inline script or style, no framing.
pub const CSP: &str =
    "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

/// What a cache must not keep: an answer made for an account.
const PRIVATE: HeaderValue = HeaderValue::from_static("private, no-store");

/// The request headers that can change an answer: the session cookie and the API token name its viewer.
const VARY_ON: [&str; 2] = ["Cookie", "Authorization"];

/// Set by [`crate::auth::Auth`] when the request's token or session cookie resolved to an account. The request
/// carries it in and the layer reads it once the answer is made, since only the extractor knows who asked.
#[derive(Debug, Clone, Default)]
pub struct SignedIn(Arc<AtomicBool>);

impl SignedIn {
    /// Records that the answer is made for an account.
    pub fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    fn is_marked(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The layer: `Cache-Control: private, no-store` on an answer for an account or one that sets a cookie;
/// `Vary: Cookie, Authorization` on every other answer a cache could keep, except those their handler declared
/// `public` (the static files, the same for everyone).
pub async fn cache_policy(mut request: Request, next: Next) -> Response {
    let signed_in = SignedIn::default();
    request.extensions_mut().insert(signed_in.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A cookie being set is someone's own too (the sign-in form's token, a language chosen), unless the handler
    // already said how to cache it.
    let sets_cookie = headers.contains_key(header::SET_COOKIE) && !headers.contains_key(header::CACHE_CONTROL);
    if signed_in.is_marked() || sets_cookie {
        headers.insert(header::CACHE_CONTROL, PRIVATE);
    }
    let public = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim().eq_ignore_ascii_case("public")));
    if !public {
        add_vary(headers, &VARY_ON);
    }
    response
}

/// Adds names to the `Vary` header, keeping those a handler set (`HX-Request`, `Accept-Language`) once each.
fn add_vary(headers: &mut HeaderMap, names: &[&str]) {
    let mut all: Vec<String> = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    if all.iter().any(|n| n == "*") {
        return;
    }
    for name in names {
        if !all.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            all.push((*name).to_owned());
        }
    }
    if let Ok(value) = HeaderValue::from_str(&all.join(", ")) {
        headers.insert(header::VARY, value);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn vary_keeps_a_handlers_names_once_and_adds_cookie_and_authorization() {
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("HX-Request, Cookie, Accept-Language"));
        add_vary(&mut headers, &VARY_ON);
        assert_eq!(headers.get(header::VARY).unwrap(), "HX-Request, Cookie, Accept-Language, Authorization");
        let mut empty = HeaderMap::new();
        add_vary(&mut empty, &VARY_ON);
        assert_eq!(empty.get(header::VARY).unwrap(), "Cookie, Authorization");
    }
}
