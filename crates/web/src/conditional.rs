//! Conditional GET and the rendered-view cache: an `ETag` on every page and API answer, `304 Not Modified` when
//! the client already holds the answer it would get, and the answer kept in memory under its tag
//! ([`crate::cache`]) so that the next request of the same tag runs no handler.
//!
//! The tag is not a hash of the body, which would need the body made first: it is a key of everything the answer
//! depends on, computed before the handler runs — the record's state (the audit head, which every write moves on,
//! on any instance and from the command line alike), who asks (the account and its session, and the request's
//! `Cookie` and `Authorization` headers whole), the interface language, the clock (to the day, or to the minute
//! for the answers that count time down), the path with its query, the headers that choose a representation
//! (`Accept`, and htmx's `HX-Request`, `HX-Boosted`, `HX-Target`), and the running process. Equal keys mean equal
//! answers, so a match is answered from the head this process keeps in memory, with no read of the database for
//! the public. A client can only send back a tag made for its own key: one viewer never gets a 304, or a kept
//! page, made for another.
//!
//! The head is taken *before* the handler reads anything, so an answer is never labelled newer than what it shows;
//! at worst a write between the two makes the next request miss. Answers that depend on what does not move the
//! head are not keyed at all ([`keying`]; the list is in the decisions log, `docs/ARCHITECTURE.md`).

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

/// How finely an answer depends on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// On the day only: what is upcoming, who chairs, who is a member on the day.
    Day,
    /// On the minute: a countdown ("45 minutes left"), or an answer stamped with the instant it was made.
    Minute,
}

/// Whether the answer to this request may carry a key tag (and so be kept), and on which instant of the clock it
/// is keyed. Not keyed: writes; the static files (tagged by their own caching) and the health check (which reads
/// no record); and the answers that show what changes with no entry in the audit chain — a publication's page
/// and its API twin, each read of which is a hit to count, and the API's list of publications, which shows the
/// hits counted. The start page of an account is not keyed either ([`conditional_get`]). Keyed on the minute: a
/// document's page and its forms (the silence procedure's time left, and whether it is still open), and the
/// iCalendar and Atom feeds (stamped with the instant they are made). Every other read is keyed on the day.
fn keying(method: &Method, path: &str) -> Option<Clock> {
    let read = method == Method::GET || method == Method::HEAD;
    let hits = path.starts_with("/publications/") || path.starts_with("/api/v1/publications");
    if !read || hits || path.starts_with("/static/") || path == "/healthz" {
        None
    } else if path.starts_with("/documents/") || path.ends_with(".ics") || path.starts_with("/feeds/") {
        Some(Clock::Minute)
    } else {
        Some(Clock::Day)
    }
}

/// The instant of the clock an answer is keyed on: the UTC day, or the minute.
fn instant(clock: Clock, now: jiff::Timestamp) -> String {
    match clock {
        Clock::Day => now.to_zoned(jiff::tz::TimeZone::UTC).date().to_string(),
        Clock::Minute => format!("minute {}", now.as_second().div_euclid(60)),
    }
}

/// The strong tag of a request's answer, from what the answer depends on.
fn tag(head: &(i64, String), auth: &Auth, lang: UiLang, clock: &str, uri: &str, headers: &HeaderMap) -> String {
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
    part(clock.as_bytes());
    part(uri.as_bytes());
    // htmx's headers choose between the whole page and the part of it that `HX-Target` names.
    for name in ["cookie", "authorization", "accept", "hx-request", "hx-boosted", "hx-target"] {
        let values: Vec<&[u8]> = headers.get_all(name).iter().map(HeaderValue::as_bytes).collect();
        part(&values.join(&b'\n'));
    }
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
/// key of this request, or the kept answer of that key; otherwise runs the handler, and tags and keeps a
/// successful answer that sets no cookie.
pub async fn conditional_get(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(clock) = keying(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    // A credential that does not resolve is the handler's to refuse, with its own answer.
    let Ok(auth) = Auth::from_request_parts(&mut parts, &state).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    // An account's start page shows her notifications, among them the reminders of near deadlines, which the
    // background task writes with no entry in the audit chain: that page is never keyed.
    if parts.uri.path() == "/" && auth.account.is_some() {
        parts.extensions.insert(auth);
        return next.run(Request::from_parts(parts, body)).await;
    }
    let head = match state.app.record_head().await {
        Ok(head) => head,
        Err(e) => {
            tracing::warn!(error.cause = %e, "the record's head could not be read; answering without a tag");
            return next.run(Request::from_parts(parts, body)).await;
        }
    };
    // A `?lang=` in the query is part of the path's key below; the headers give the language otherwise.
    let lang = UiLang::negotiate(None, &parts.headers);
    let at = instant(clock, state.app.now());
    let etag = tag(&head, &auth, lang, &at, &parts.uri.to_string(), &parts.headers);
    if matches(&parts.headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return response;
    }
    let get = parts.method == Method::GET;
    if get {
        if let Some(kept) = state.cache.get(&etag) {
            return kept;
        }
    }
    parts.extensions.insert(auth);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    let ok = response.status() == StatusCode::OK;
    let headers = response.headers_mut();
    // A cookie set is a change of the client's state that a 304 or a kept answer would not repeat: such answers
    // are never tagged. A handler's own tag is its own.
    if !ok || headers.contains_key(header::SET_COOKIE) || headers.contains_key(header::ETAG) {
        return response;
    }
    let Ok(value) = HeaderValue::from_str(&etag) else { return response };
    headers.insert(header::ETAG, value);
    if get {
        state.cache.keep(&etag, response).await
    } else {
        response
    }
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
    fn what_moves_without_the_audit_chain_is_never_keyed() {
        assert_eq!(keying(&Method::GET, "/publications/origin-comment-2018-06-09"), None, "a hit each view");
        assert_eq!(keying(&Method::GET, "/api/v1/publications/origin-comment-2018-06-09"), None, "a hit each read");
        assert_eq!(keying(&Method::GET, "/api/v1/publications?limit=5"), None, "the hits counted");
        assert_eq!(keying(&Method::GET, "/publications"), Some(Clock::Day));
        assert_eq!(keying(&Method::GET, "/meetings/cfm-2018-06-almaty"), Some(Clock::Day));
        assert_eq!(keying(&Method::HEAD, "/api/v1/meetings/cfm-2018-06-almaty"), Some(Clock::Day));
        assert_eq!(keying(&Method::POST, "/meetings/cfm-2018-06-almaty"), None);
        assert_eq!(keying(&Method::GET, "/static/site.css"), None);
        assert_eq!(keying(&Method::GET, "/healthz"), None);
    }

    #[test]
    fn a_countdown_or_an_answer_stamped_with_the_instant_is_keyed_on_the_minute() {
        assert_eq!(keying(&Method::GET, "/documents/12"), Some(Clock::Minute), "the time left");
        assert_eq!(keying(&Method::GET, "/organisations/CSTO/calendar.ics"), Some(Clock::Minute));
        assert_eq!(keying(&Method::GET, "/feeds/publications.atom"), Some(Clock::Minute));
        assert_eq!(keying(&Method::GET, "/documents"), Some(Clock::Day), "the register");
        let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
        let minute = |t| instant(Clock::Minute, at(t));
        assert_eq!(minute("2018-06-18T12:00:00Z"), minute("2018-06-18T12:00:59Z"));
        assert_ne!(minute("2018-06-18T12:00:59Z"), minute("2018-06-18T12:01:00Z"));
        assert_eq!(instant(Clock::Day, at("2018-06-18T00:00:00Z")), instant(Clock::Day, at("2018-06-18T23:59:59Z")));
        assert_ne!(instant(Clock::Day, at("2018-06-18T23:59:59Z")), instant(Clock::Day, at("2018-06-19T00:00:00Z")));
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
        let day = "2018-06-01";
        let head = (7, "h".to_owned());
        let en = UiLang::english();
        let base = tag(&head, &Auth::default(), en, day, "/meetings/x", &HeaderMap::new());
        assert_eq!(base, tag(&head, &Auth::default(), en, day, "/meetings/x", &HeaderMap::new()));
        assert_ne!(base, tag(&(8, "h".into()), &Auth::default(), en, day, "/meetings/x", &HeaderMap::new()));
        assert_ne!(base, tag(&head, &Auth::default(), en, "2018-06-02", "/meetings/x", &HeaderMap::new()));
        assert_ne!(base, tag(&head, &Auth::default(), en, day, "/meetings/y", &HeaderMap::new()));
        let mut cookie = HeaderMap::new();
        cookie.insert(header::COOKIE, HeaderValue::from_static("lang=en"));
        assert_ne!(base, tag(&head, &Auth::default(), en, day, "/meetings/x", &cookie));
        let mut fragment = HeaderMap::new();
        fragment.insert("hx-request", HeaderValue::from_static("true"));
        assert_ne!(base, tag(&head, &Auth::default(), en, day, "/meetings/x", &fragment));
        let mut part = fragment.clone();
        part.insert("hx-target", HeaderValue::from_static("agenda"));
        assert_ne!(
            tag(&head, &Auth::default(), en, day, "/meetings/x", &fragment),
            tag(&head, &Auth::default(), en, day, "/meetings/x", &part),
            "another part of the page"
        );
        let mut boosted = fragment.clone();
        boosted.insert("hx-boosted", HeaderValue::from_static("true"));
        assert_ne!(base, tag(&head, &Auth::default(), en, day, "/meetings/x", &boosted));
        assert_ne!(
            tag(&head, &Auth::default(), en, day, "/meetings/x", &fragment),
            tag(&head, &Auth::default(), en, day, "/meetings/x", &boosted),
            "a boosted link wants the whole page"
        );
        let ru = UiLang::of("ru").unwrap();
        assert_ne!(base, tag(&head, &Auth::default(), ru, day, "/meetings/x", &HeaderMap::new()));
    }
}
