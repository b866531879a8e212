//! Search over documents (every language version), meetings, agenda items and publications, as the viewer may see
//! them: `GET /api/v1/search?q=`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use secretariat_core::domain::{Lang, SearchKind, SEARCH_PAGE, SEARCH_PAGE_MAX};
use secretariat_core::rules::search::marked;
use secretariat_core::service::{SearchHit, SearchResults};
use serde::{Deserialize, Serialize};

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::i18n::UiLang;
use crate::AppState;

/// What to search for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words to search for, in any language (at most 200 characters); stop words and punctuation are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// The `next` cursor of the previous page.
    #[param(minimum = 0)]
    pub after: Option<u32>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The language of the titles (`en`, `ru`); else `Accept-Language`.
    #[param(pattern = "^[a-z]{2}$")]
    pub lang: Option<String>,
}

/// One result.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchItem {
    /// `document`, `meeting`, `agenda_item` or `publication`.
    pub kind: SearchKind,
    /// The row's id among those of its kind.
    pub id: i64,
    /// Its title in the language asked for (or the nearest it has).
    pub title: String,
    /// A passage of the matched text, plain text, each matched word between `[[` and `]]`.
    pub snippet: String,
    /// The page that shows it.
    pub url: String,
}

/// A page of results: a list's page, and whether the search found more than it pages through.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    pub items: Vec<SearchItem>,
    /// The cursor of the next page (`after=`), or null on the last page.
    pub next: Option<i64>,
    /// Present, and true, on the page that ends at the 1,000th result (or any after) when more were found: the
    /// pages hold only the first 1,000 (best first), and `next` is null there. The API counts no further than a
    /// page needs, so earlier pages do not know it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[schema(required = false)]
    pub total_capped: bool,
}

/// The page that shows a result: an agenda item's is its meeting's agenda.
pub fn url(hit: &SearchHit) -> String {
    match hit.kind {
        SearchKind::Document => format!("/documents/{}", hit.key),
        SearchKind::Meeting => format!("/meetings/{}", hit.key),
        SearchKind::AgendaItem => format!("/meetings/{}#agenda-h", hit.key),
        SearchKind::Publication => format!("/publications/{}", hit.key),
    }
}

/// A result's title in words: a meeting's with its first day, an agenda item's with its number.
pub fn title(lang: UiLang, hit: &SearchHit) -> String {
    let title = lang.text(&hit.title);
    match (hit.kind, hit.on, hit.number) {
        (SearchKind::Meeting, Some(on), _) => format!("{title} — {}", lang.date(&on)),
        (SearchKind::AgendaItem, _, Some(n)) => format!("{n}. {title}"),
        _ => title,
    }
}

/// Runs a search as the parameters ask; a refused query is a 400 with its code (`query_too_long`, …).
pub async fn run(
    state: &AppState,
    auth: &Auth,
    q: &str,
    after: u32,
    limit: u32,
    lang: UiLang,
    counted: bool,
) -> Result<SearchResults, secretariat_core::Error> {
    state.app.search(&auth.viewer(), q, lang.code(), after, limit, counted).await
}

/// What the viewer may see that holds the words of `q`, best first: those holding every word, then the others,
/// newest first in each; at most the first 1,000 (`total_capped` says when more were found).
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, description = "`{items: [result], next}`", body = SearchPage),
        (status = 400, description = "a query too long or of too many words, or a malformed limit, cursor or language")))]
pub async fn search(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchPage>> {
    let asked = super::query_value(p.lang.as_deref(), Lang::parse)?;
    let lang = UiLang::negotiate(asked.as_ref().map(Lang::as_str), &headers);
    let limit = match p.limit {
        None => SEARCH_PAGE,
        Some(l @ 1..=SEARCH_PAGE_MAX) => l,
        Some(_) => {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid_limit", "`limit` runs from 1 to 100"));
        }
    };
    // The cursor is an int32 in the schema: one beyond it is no cursor this API gave.
    let after = match p.after.unwrap_or(0) {
        a if i32::try_from(a).is_ok() => a,
        _ => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_cursor",
                "`after` is not a cursor of this search",
            ))
        }
    };
    let found = run(&state, &auth, p.q.as_deref().unwrap_or_default(), after, limit, lang, false).await.map_err(
        |e| match e {
            secretariat_core::Error::Invalid { code, message } => ApiError::new(StatusCode::BAD_REQUEST, code, message),
            other => other.into(),
        },
    )?;
    let items = found
        .hits
        .iter()
        .map(|h| SearchItem { kind: h.kind, id: h.id, title: title(lang, h), snippet: marked(&h.snippet), url: url(h) })
        .collect();
    Ok(Json(SearchPage { items, next: found.next.map(i64::from), total_capped: found.capped }))
}
