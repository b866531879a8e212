//! The search page `/search?q=`: one box over documents (every language version), meetings, agenda items and
//! publications, results best first with the matched words marked in a passage of the text, a page at a time.
//! What the reader may not see is neither shown nor counted: the store's query applies her visibility.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use secretariat_core::domain::{SearchKind, SEARCH_PAGE};
use secretariat_core::Error;

use super::form::{url_escape, FormView};
use super::{render, Layout};
use crate::api::search::{run, title, url};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::PageQuery;
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// The refusals of a query, at its one field.
const FIELDS: &[(&str, &str)] = &[("query_too_long", "q"), ("query_too_many_words", "q")];

/// One result in the reader's words.
struct Found {
    kind: String,
    href: String,
    title: String,
    /// The passage: pieces of text, each marked or not.
    snippet: Vec<(String, bool)>,
    /// The language of the passage, when it is not the page's.
    lang: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/search.html")]
struct SearchPage {
    layout: Layout,
    form: FormView,
    /// "3 results for …", "Nothing found for …", or what to search for.
    message: Option<String>,
    results: Vec<Found>,
    /// The number of the first result shown.
    start: u32,
    previous: Option<String>,
    next: Option<String>,
}

fn kind(lang: UiLang, k: SearchKind) -> String {
    lang.name_of(&k)
}

fn pick(fields: &[(String, String)], name: &str) -> Option<String> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn link(q: &str, after: u32) -> String {
    if after == 0 {
        format!("/search?q={}", url_escape(q))
    } else {
        format!("/search?q={}&after={after}", url_escape(q))
    }
}

/// `GET /search`: the box, and what its words find.
pub async fn search(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(fields): PageQuery<Vec<(String, String)>>,
) -> PageResult {
    let lang = UiLang::negotiate(pick(&fields, "lang").as_deref(), &headers);
    let q = pick(&fields, "q").unwrap_or_default();
    let typed = q.trim().to_owned();
    let after = pick(&fields, "after").and_then(|a| a.parse::<u32>().ok()).unwrap_or(0);
    let mut form = FormView::typed(&fields);
    let mut page = SearchPage {
        layout: Layout::new(lang, lang.t("search-title"), &link(&q, after), &auth),
        form: FormView::default(),
        message: None,
        results: Vec::new(),
        start: after.saturating_add(1),
        previous: None,
        next: None,
    };
    if !typed.is_empty() {
        let query = FluentValue::from(typed.clone());
        match run(&state, &auth, &typed, after, SEARCH_PAGE, lang, true).await {
            Ok(found) if found.stems.is_empty() => {
                page.message = Some(lang.t_args("search-only-common-words", &[("query", query)]));
            }
            Ok(found) => {
                page.message = Some(if found.total == 0 {
                    lang.t_args("search-none", &[("query", query)])
                } else if found.capped {
                    lang.t_args("search-count-capped", &[("count", FluentValue::from(found.total)), ("query", query)])
                } else {
                    lang.t_args("search-count", &[("count", FluentValue::from(found.total)), ("query", query)])
                });
                page.results = found
                    .hits
                    .iter()
                    .map(|h| Found {
                        kind: kind(lang, h.kind),
                        href: url(h),
                        title: title(lang, h),
                        snippet: h.snippet.iter().map(|p| (p.text.clone(), p.matched)).collect(),
                        lang: (h.language.as_str() != lang.code()).then(|| h.language.to_string()),
                    })
                    .collect();
                page.previous = (after > 0).then(|| link(&typed, after.saturating_sub(SEARCH_PAGE)));
                page.next = found.next.map(|n| link(&typed, n));
            }
            Err(e @ Error::Invalid { .. }) => form = form.refused(lang, &e, FIELDS, Some("q")),
            Err(e) => return Err(PageError { error: e, lang }),
        }
    }
    let status = form.status;
    page.form = form;
    let mut response = render(&page, lang, pick(&fields, "lang").is_some());
    if status != StatusCode::OK {
        *response.status_mut() = status;
    }
    Ok(response)
}
