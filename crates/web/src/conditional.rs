//! Conditional GET: an `ETag` on every page and API answer, and `304 Not Modified` when the client already holds
//! the answer it would get.
//!
//! The tag is not a hash of the body, which would need the body made first: it is a key of everything the answer
//! depends on, computed before the handler runs — the record's state (the audit head, which every write moves on,
//! on any instance and from the command line alike), who asks (the account and its session, and the request's
//! `Cookie` and `Authorization` headers whole), the interface language, the day of the clock, the path with its
//! query, the headers that choose a representation (`Accept`, `HX-Request`), and the running process. Equal keys
//! mean equal answers, so a match is answered at the cost of one read of the head. A client can only send back a
//! tag made for its own key: one viewer never gets a 304 for another's page.
//!
//! The head is read *before* the handler reads anything, so an answer is never labelled newer than what it shows;
//! at worst a write between the two makes the next request miss.

use std::sync::OnceLock;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::auth::Auth;
use crate::i18n::UiLang;
use crate::AppState;

/// Told apart from the tags of another run of the binary, whose templates or code may differ.
fn process_epoch() -> &'static str {
    static EPOCH: OnceLock<String> = OnceLock::new();
    EPOCH.get_or_init(|| {
        let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        format!("{}/{}/{}", env!("CARGO_PKG_VERSION"), std::process::id(), started.as_nanos())
    })
}

/// Whether the answer to this request may carry a key tag: reads of the record, not the static files (tagged by
/// their own caching) or the health check (which reads no record). A publication's page is never answered from the reader's copy: each view of it is a hit to count, and the count
/// it shows changes with no entry in the audit chain.
fn keyed(method: &Method, path: &str) -> bool {
    (method == Method::GET || method == Method::HEAD)
        && !path.starts_with("/static/")
        && !path.starts_with("/publications/")
        // The start page lists the reader's notifications, and a deadline's reminder is written with no audit entry.
        && path != "/"
        && path != "/healthz"
}

/// The strong tag of a request's answer, from what the answer depends on.
fn tag(
    head: &(i64, String),
    auth: &Auth,
    lang: UiLang,
    day: jiff::civil::Date,
    uri: &str,
    headers: &HeaderMap,
) -> String {
    let mut key = Sha256::new();
    let mut part = |bytes: &[u8]| {
        // Length-prefixed, so that no two different lists of parts hash alike.
        key.update((bytes.len() as u64).to_be_bytes());
        key.update(bytes);
    };
    part(process_epoch().as_bytes());
    part(&head.0.to_be_bytes());
    part(head.1.as_bytes());
    match &auth.account {
        Some(a) => {
            part(format!("{}:{}:{:?}:{:?}:{}", a.id, a.username, a.role, a.state, a.head_of_delegation).as_bytes())
        }
        None => part(b"public"),
    }
    part(auth.session.as_ref().map_or("", |s| s.csrf.as_str()).as_bytes());
    part(lang.code().as_bytes());
    part(day.to_string().as_bytes());
    part(uri.as_bytes());
    for name in [header::COOKIE, header::AUTHORIZATION, header::ACCEPT] {
        let values: Vec<&[u8]> = headers.get_all(&name).iter().map(HeaderValue::as_bytes).collect();
        part(&values.join(&b'\n'));
    }
    part(&[u8::from(headers.contains_key("hx-request"))]);
    format!("\"{}\"", hex::encode(&key.finalize()[..16]))
}

/// Whether `If-None-Match` names the tag (or `*`), by the weak comparison RFC 9110 asks of GET.
fn matches(headers: &HeaderMap, tag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |candidate| {
            let candidate = candidate.trim();
            candidate == "*" || candidate.trim_start_matches("W/") == tag
        },
    )
}

/// The layer: resolves who asks once (the `Auth` extractor reuses it), answers 304 when the client's tag is the
/// key of this request, and otherwise tags a successful answer that sets no cookie.
pub async fn conditional_get(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !keyed(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // A credential that does not resolve is the handler's to refuse, with its own answer.
    let Ok(auth) = Auth::from_request_parts(&mut parts, &state).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let head = match state.app.record_head().await {
        Ok(head) => head,
        Err(e) => {
            tracing::warn!(error.cause = %e, "the record's head could not be read; answering without a tag");
            return next.run(Request::from_parts(parts, body)).await;
        }
    };
    // A `?lang=` in the query is part of the path's key below; the headers give the language otherwise.
    let lang = UiLang::negotiate(None, &parts.headers);
    let etag = tag(&head, &auth, lang, state.app.today(), &parts.uri.to_string(), &parts.headers);
    if matches(&parts.headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return response;
    }
    parts.extensions.insert(auth);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    let ok = response.status() == StatusCode::OK;
    let headers = response.headers_mut();
    // A cookie set is a change of the client's state that a 304 would not repeat: such answers are never tagged.
    if ok && !headers.contains_key(header::SET_COOKIE) && !headers.contains_key(header::ETAG) {
        if let Ok(value) = HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, value);
        }
    }
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn asking(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(header::IF_NONE_MATCH, HeaderValue::from_static(v));
        }
        headers
    }

    #[test]
    fn a_publication_s_page_is_never_answered_from_the_reader_s_copy_for_each_view_is_a_hit() {
        assert!(!keyed(&Method::GET, "/publications/origin-comment-2018-06-09"));
        assert!(keyed(&Method::GET, "/publications"));
        assert!(!keyed(&Method::GET, "/"), "the start page tells of notifications the audit head does not follow");
        assert!(keyed(&Method::GET, "/meetings/cfm-2018-06-almaty"));
        assert!(!keyed(&Method::POST, "/meetings/cfm-2018-06-almaty"));
    }

    #[test]
    fn if_none_match_names_the_tag_in_a_list_weakly_or_by_a_star() {
        let tag = "\"abc\"";
        assert!(matches(&asking(&["\"abc\""]), tag));
        assert!(matches(&asking(&["\"x\", W/\"abc\""]), tag));
        assert!(matches(&asking(&["\"x\"", "\"abc\""]), tag));
        assert!(matches(&asking(&["*"]), tag));
        assert!(!matches(&asking(&["\"abcd\""]), tag));
        assert!(!matches(&asking(&["abc"]), tag), "an unquoted tag is not the tag");
        assert!(!matches(&HeaderMap::new(), tag));
    }

    #[test]
    fn the_tag_changes_with_each_thing_the_answer_depends_on() {
        let day = jiff::civil::date(2018, 6, 1);
        let head = (7, "h".to_owned());
        let en = UiLang::english();
        let base = tag(&head, &Auth::default(), en, day, "/meetings/x", &HeaderMap::new());
        assert_eq!(base, tag(&head, &Auth::default(), en, day, "/meetings/x", &HeaderMap::new()));
        assert_ne!(base, tag(&(8, "h".into()), &Auth::default(), en, day, "/meetings/x", &HeaderMap::new()));
        assert_ne!(base, tag(&head, &Auth::default(), en, day.tomorrow().unwrap(), "/meetings/x", &HeaderMap::new()));
        assert_ne!(base, tag(&head, &Auth::default(), en, day, "/meetings/y", &HeaderMap::new()));
        let mut cookie = HeaderMap::new();
        cookie.insert(header::COOKIE, HeaderValue::from_static("lang=en"));
        assert_ne!(base, tag(&head, &Auth::default(), en, day, "/meetings/x", &cookie));
        let mut fragment = HeaderMap::new();
        fragment.insert("hx-request", HeaderValue::from_static("true"));
        assert_ne!(base, tag(&head, &Auth::default(), en, day, "/meetings/x", &fragment));
        let ru = UiLang::of("ru").unwrap();
        assert_ne!(base, tag(&head, &Auth::default(), ru, day, "/meetings/x", &HeaderMap::new()));
    }
}
