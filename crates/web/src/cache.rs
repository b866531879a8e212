//! The rendered-view cache: a successful read that the conditional layer tags is kept in memory under its tag, and
//! a later request of the same tag is answered from memory without running its handler.
//!
//! The tag is the key of everything the answer depends on (`crate::conditional`): the record's head, who asks,
//! the language, the clock to the day or minute, the path and the representation headers. Equal tags therefore mean
//! equal answers, and a kept answer can only be given to a request that would have been given the same one: a
//! viewer never gets another's page, and a write (which moves the head) is never answered with the page before it.
//!
//! Bounded by the bytes of what it keeps (`quick_cache`, weighed by body and headers); a size of 0 keeps nothing.
//! Only answers whose body says its exact length up front are kept, and none larger than an eighth of the cache.

use std::sync::Arc;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use quick_cache::sync::Cache;
use quick_cache::Weighter;

/// The cache's size when the settings name none: 64 MiB.
pub const DEFAULT_BYTES: u64 = 64 * 1024 * 1024;

/// About what one kept page weighs, to size the cache's table.
const TYPICAL_ENTRY: u64 = 8 * 1024;

/// One kept answer: its headers as the handler and the conditional layer made them (the outer layers add theirs
/// again on the way out) and its body. The status is always 200.
#[derive(Debug)]
struct Kept {
    headers: HeaderMap,
    body: Bytes,
}

impl Kept {
    fn weight(&self, tag: &str) -> u64 {
        let headers: usize = self.headers.iter().map(|(n, v)| n.as_str().len() + v.len() + 32).sum();
        (tag.len() + headers + self.body.len() + 64) as u64
    }
}

#[derive(Debug, Clone)]
struct ByBytes;

impl Weighter<String, Arc<Kept>> for ByBytes {
    fn weight(&self, tag: &String, kept: &Arc<Kept>) -> u64 {
        kept.weight(tag)
    }
}

/// The cache, shared by every request of the process.
#[derive(Debug)]
pub struct ViewCache {
    entries: Option<Cache<String, Arc<Kept>, ByBytes>>,
    largest: u64,
}

impl ViewCache {
    /// A cache of at most `bytes`; 0: no cache at all, every request runs its handler.
    pub fn new(bytes: u64) -> Self {
        let entries = (bytes > 0)
            .then(|| Cache::with_weighter(usize::try_from(bytes / TYPICAL_ENTRY).unwrap_or(1).max(1), bytes, ByBytes));
        Self { entries, largest: bytes / 8 }
    }

    /// Whether answers are kept at all.
    pub fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    /// The bytes kept now (what the bound is checked against).
    pub fn weight(&self) -> u64 {
        self.entries.as_ref().map_or(0, Cache::weight)
    }

    /// The answer kept under `tag`, as a fresh response.
    pub fn get(&self, tag: &str) -> Option<Response> {
        let kept = self.entries.as_ref()?.get(tag)?;
        let mut response = Response::new(Body::from(kept.body.clone()));
        *response.headers_mut() = kept.headers.clone();
        Some(response)
    }

    /// Keeps a 200 answer under `tag` when its body is small enough and says its length; gives the answer back
    /// either way, whole.
    pub async fn keep(&self, tag: &str, response: Response) -> Response {
        let Some(entries) = &self.entries else { return response };
        let exact = response.body().size_hint().exact();
        if response.status() != StatusCode::OK || exact.is_none_or(|n| n > self.largest) {
            return response;
        }
        let (parts, body) = response.into_parts();
        let body = match axum::body::to_bytes(body, usize::try_from(self.largest).unwrap_or(usize::MAX)).await {
            Ok(bytes) => bytes,
            Err(e) => {
                // A body made in memory that failed all the same: the answer cannot be given whole.
                tracing::error!(error.cause = %e, "an answer's body failed while it was being kept");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        entries.insert(tag.to_owned(), Arc::new(Kept { headers: parts.headers.clone(), body: body.clone() }));
        Response::from_parts(parts, Body::from(body))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use axum::http::{header, HeaderValue};

    use super::*;

    fn page(text: &str) -> Response {
        let mut response = Response::new(Body::from(text.to_owned()));
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        response
    }

    async fn text(response: Response) -> String {
        String::from_utf8(axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_kept_answer_is_given_again_with_its_headers_and_body() {
        let cache = ViewCache::new(DEFAULT_BYTES);
        assert!(cache.get("\"a\"").is_none());
        assert_eq!(text(cache.keep("\"a\"", page("<p>Almaty</p>")).await).await, "<p>Almaty</p>");
        let again = cache.get("\"a\"").unwrap();
        assert_eq!(again.status(), StatusCode::OK);
        assert_eq!(again.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(text(again).await, "<p>Almaty</p>");
        assert!(cache.get("\"b\"").is_none(), "another tag is another answer");
    }

    #[tokio::test]
    async fn a_cache_of_size_zero_keeps_nothing_and_passes_answers_through() {
        let cache = ViewCache::new(0);
        assert!(!cache.is_on());
        assert_eq!(text(cache.keep("\"a\"", page("<p>x</p>")).await).await, "<p>x</p>");
        assert!(cache.get("\"a\"").is_none());
    }

    #[tokio::test]
    async fn what_is_kept_stays_within_the_size_and_the_newest_answers_are_there() {
        let size = 256 * 1024;
        let cache = ViewCache::new(size);
        let body = "x".repeat(6000);
        for i in 0..200 {
            cache.keep(&format!("\"{i}\""), page(&body)).await;
            assert!(cache.weight() <= size, "{} bytes kept in a cache of {size}", cache.weight());
        }
        assert!(cache.weight() > size / 2, "the cache is used: {} bytes", cache.weight());
        assert!(cache.get("\"199\"").is_some());
        assert!((0..200).filter(|i| cache.get(&format!("\"{i}\"")).is_none()).count() > 100, "the oldest went");
    }

    #[tokio::test]
    async fn an_error_a_large_answer_or_one_of_unknown_length_is_not_kept() {
        let cache = ViewCache::new(64 * 1024);
        let mut missing = page("<p>no such meeting</p>");
        *missing.status_mut() = StatusCode::NOT_FOUND;
        assert_eq!(cache.keep("\"404\"", missing).await.status(), StatusCode::NOT_FOUND);
        assert!(cache.get("\"404\"").is_none());
        let large = "x".repeat(9 * 1024);
        assert_eq!(text(cache.keep("\"large\"", page(&large)).await).await, large, "given whole");
        assert!(cache.get("\"large\"").is_none(), "over an eighth of the cache");
        let streamed = Response::new(Body::new(Unsized(Some(Bytes::from("ab")))));
        assert_eq!(text(cache.keep("\"stream\"", streamed).await).await, "ab");
        assert!(cache.get("\"stream\"").is_none(), "a stream does not say its length");
    }

    /// A body that does not tell its length, as a stream does not.
    struct Unsized(Option<Bytes>);

    impl HttpBody for Unsized {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Ready(self.0.take().map(|b| Ok(http_body::Frame::data(b))))
        }
    }
}
