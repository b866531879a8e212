//! Signing in and out of the web pages: a server-side session in an `HttpOnly`, `SameSite=Lax` cookie.
//! The sign-in form carries a double-submit token (there is no session yet); every later form carries the
//! session's CSRF token.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::{render, Layout};
use crate::auth::{Auth, ClientAddress, SESSION_COOKIE};
use crate::error::{PageError, PageResult};
use crate::extract::{PageForm, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;

const PRE_CSRF_COOKIE: &str = "secretariat_signin";

#[derive(Template)]
#[template(path = "pages/sign_in.html")]
struct SignInPage {
    layout: Layout,
    csrf: String,
    username: String,
    error: Option<String>,
    /// The page to return to once signed in.
    next: String,
}

fn cookie(name: &'static str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((name, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(max_age))
        .secure(secure)
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// What the sign-in form shows again: the name typed, the refusal, the page to return to.
struct Typed {
    username: String,
    error: Option<String>,
    next: String,
}

fn sign_in_page(state: &AppState, lang: UiLang, auth: &Auth, typed: Typed, status: StatusCode) -> Response {
    let csrf = secretariat_core::account::new_token();
    let page = SignInPage {
        layout: Layout::new(lang, lang.t("sign-in"), "/sign-in", auth),
        csrf: csrf.clone(),
        username: typed.username,
        error: typed.error,
        next: typed.next,
    };
    let mut response = render(&page, lang, false);
    *response.status_mut() = status;
    response.headers_mut().append(header::SET_COOKIE, cookie(PRE_CSRF_COOKIE, &csrf, 3600, state.secure_cookies));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The query of the sign-in page.
#[derive(Debug, Default, Deserialize)]
pub struct SignInQuery {
    pub lang: Option<String>,
    /// The page to return to (a path of this site).
    pub next: Option<String>,
}

/// The page to go to once signed in: `next` when it is a path of this site, else the start page.
fn next_of(raw: Option<&str>) -> String {
    raw.and_then(super::form::safe_return).unwrap_or("/").to_owned()
}

/// `GET /sign-in?next=/documents/…`
pub async fn get_sign_in(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(q): PageQuery<SignInQuery>,
) -> Response {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    // Without `next`, the page whose sign-in link was followed (a "not found" page keeps no path of its own).
    let referred = super::form::came_from(&headers, "/");
    let next = q.next.unwrap_or_else(|| if referred.starts_with("/sign-in") { "/".to_owned() } else { referred });
    let typed = Typed { username: String::new(), error: None, next: next_of(Some(&next)) };
    sign_in_page(&state, lang, &auth, typed, StatusCode::OK)
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    pub username: String,
    pub password: String,
    pub csrf: String,
    #[serde(default)]
    pub next: Option<String>,
}

/// `POST /sign-in`: opens a session and returns to the page the reader came from (the start page otherwise); wrong credentials show the form again (401), and
/// too many from this address show it with a message and `Retry-After` (429).
pub async fn create_session(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<SignInForm>,
) -> PageResult {
    let lang = UiLang::negotiate(None, &headers);
    let jar = CookieJar::from_headers(&headers);
    let pre = jar.get(PRE_CSRF_COOKIE).map(|c| c.value().to_owned());
    if pre.as_deref() != Some(form.csrf.as_str()) {
        return Err(PageError { error: secretariat_core::Error::forbidden("stale sign-in form"), lang });
    }
    let anonymous = Auth::default();
    match state.app.sign_in(&form.username, &form.password, &client.0).await {
        Ok((token, _, account)) => {
            let mut response = Redirect::to(&next_of(form.next.as_deref())).into_response();
            // The language she chose on her account follows her to every browser she signs in from.
            if let Some(lang) = account.language.as_ref().and_then(|l| UiLang::of(l.as_str())) {
                response.headers_mut().append(header::SET_COOKIE, super::lang_cookie(lang));
            }
            let max_age = secretariat_core::service::SESSION_HOURS * 3600;
            response
                .headers_mut()
                .append(header::SET_COOKIE, cookie(SESSION_COOKIE, &token, max_age, state.secure_cookies));
            response.headers_mut().append(header::SET_COOKIE, cookie(PRE_CSRF_COOKIE, "", 0, state.secure_cookies));
            Ok(response)
        }
        Err(secretariat_core::Error::Unauthenticated) => {
            let typed = Typed {
                username: form.username,
                error: Some(lang.t("sign-in-failed")),
                next: next_of(form.next.as_deref()),
            };
            Ok(sign_in_page(&state, lang, &anonymous, typed, StatusCode::UNAUTHORIZED))
        }
        Err(secretariat_core::Error::Throttled { retry_after_s }) => {
            let typed = Typed {
                username: form.username,
                error: Some(lang.t("sign-in-throttled")),
                next: next_of(form.next.as_deref()),
            };
            let status = StatusCode::TOO_MANY_REQUESTS;
            let mut response = sign_in_page(&state, lang, &anonymous, typed, status);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
            Ok(response)
        }
        Err(e) => Err(PageError { error: e, lang }),
    }
}

/// The sign-out form.
#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    pub csrf: String,
}

/// `POST /sign-out`
pub async fn delete_session(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageForm(form): PageForm<SignOutForm>,
) -> PageResult {
    let lang = UiLang::negotiate(None, &headers);
    if !auth.csrf_matches(Some(&form.csrf)) {
        return Err(PageError { error: secretariat_core::Error::forbidden("stale form"), lang });
    }
    if let Some(c) = CookieJar::from_headers(&headers).get(SESSION_COOKIE) {
        state.app.sign_out(c.value()).await.map_err(PageError::new(lang))?;
    }
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, "", 0, state.secure_cookies));
    Ok(response)
}
