//! HTML pages. Each handler reads the record through the use cases, prepares plain strings in the reader's
//! language, and renders one typed template. Pages work without JavaScript; htmx only swaps fragments.

pub mod account;
pub mod admin;
pub mod announcement;
pub mod assets;
pub mod calendar_link;
pub mod day;
pub mod document;
pub mod form;
pub mod meeting;
pub mod meeting_row;
pub mod newsletter;
pub mod organisation;
pub mod periods;
pub mod plans;
pub mod press;
pub mod publication;
pub mod register;
pub mod search;
pub mod session;
pub mod start;
pub mod statements;
pub mod venue;
pub mod who;
pub mod zone;

use askama::Template;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use secretariat_core::Error;

use crate::auth::Auth;
use crate::error::{status_of, PageError};
use crate::i18n::UiLang;

/// What the layout needs: language, labels, who is signed in.
#[derive(Debug, Clone)]
pub struct Layout {
    pub lang: UiLang,
    pub title: String,
    /// The current path and query without `lang`, for the language switch.
    pub path: String,
    pub account: Option<String>,
    /// Whether the reader administers accounts (the header links to the administration).
    pub admin: bool,
    pub csrf: Option<String>,
    /// Where the calendar link goes (the first organisation's calendar).
    pub home: String,
    /// The languages the switch offers, when the page belongs to an organisation: its working languages that
    /// have an interface locale. Every interface language otherwise.
    pub offered: Option<Vec<String>>,
    /// A calendar feed of the page (`<link rel="alternate" type="text/calendar">`): its path and title.
    pub calendar_feed: Option<(String, String)>,
    /// An Atom feed of the page (`<link rel="alternate" type="application/atom+xml">`): its path and title.
    pub atom_feed: Option<(String, String)>,
}

impl Layout {
    /// The layout for a request.
    pub fn new(lang: UiLang, title: String, path: &str, auth: &Auth) -> Self {
        Self {
            lang,
            title,
            path: path.to_owned(),
            account: auth.account.as_ref().map(|a| a.display_name.clone()),
            admin: auth.account.as_ref().is_some_and(|a| a.role == secretariat_core::account::AccountRole::Admin),
            csrf: auth.session.as_ref().map(|s| s.csrf.clone()),
            home: "/".into(),
            offered: None,
            calendar_feed: None,
            atom_feed: None,
        }
    }

    /// The layout of a page of an organisation: the switch offers its working languages that the interface
    /// speaks (content in the others is still shown, in the reader's language where it has one, else as written).
    pub fn for_organisation(mut self, working: &[secretariat_core::domain::Lang]) -> Self {
        self.offered = Some(working.iter().map(|l| l.as_str().to_owned()).collect());
        self
    }

    /// A message of the interface.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with text arguments, for templates.
    pub fn t_args<T: ToString>(&self, key: &str, args: &[(&'static str, T)]) -> String {
        let args: Vec<_> = args.iter().map(|(k, v)| (*k, crate::i18n::FluentValue::from(v.to_string()))).collect();
        self.lang.t_args(key, &args)
    }

    /// The sign-in link, which returns to this page.
    pub fn sign_in_href(&self) -> String {
        match self.path.as_str() {
            "/" | "/sign-in" => "/sign-in".to_owned(),
            path => format!("/sign-in?next={}", form::url_escape(path)),
        }
    }

    /// The language code, for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The links of the language switch: (code, own name, href, current). The reader's language is always
    /// among them.
    pub fn languages(&self) -> Vec<(&'static str, &'static str, String, bool)> {
        let sep = if self.path.contains('?') { '&' } else { '?' };
        let offered =
            |l: &UiLang| *l == self.lang || self.offered.as_ref().is_none_or(|o| o.iter().any(|code| code == l.code()));
        self.lang
            .all()
            .filter(offered)
            .map(|l| (l.code(), l.own_name(), format!("{}{sep}lang={}", self.path, l.code()), l == self.lang))
            .collect()
    }

    /// "Signed in as …"
    pub fn signed_in_as(&self) -> String {
        self.lang.t_args(
            "signed-in-as",
            &[("name", crate::i18n::FluentValue::from(self.account.clone().unwrap_or_default()))],
        )
    }
}

/// The cookie that remembers the reader's language (a `?lang=` choice, her account's language).
pub fn lang_cookie(lang: UiLang) -> HeaderValue {
    let cookie = Cookie::build(("lang", lang.code()))
        .path("/")
        .max_age(time::Duration::days(365))
        .same_site(SameSite::Lax)
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static("lang=en"))
}

/// Renders a template into a response; a `?lang=` choice is remembered in a cookie.
pub fn render<T: Template>(template: &T, lang: UiLang, remember_lang: bool) -> Response {
    match template.render() {
        Ok(html) => {
            let mut response = Html(html).into_response();
            let headers = response.headers_mut();
            headers.insert(header::VARY, HeaderValue::from_static("HX-Request, Cookie, Accept-Language"));
            headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
            if remember_lang {
                headers.insert(header::SET_COOKIE, lang_cookie(lang));
            }
            response
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// Whether htmx asked for a fragment.
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some_and(|v| v == "true")
}

/// The part of a page htmx asked for by its target's id (`HX-Target`), when it asked for a part: a boosted link or
/// form wants the whole page. One URL serves both (hence `Vary: HX-Request`).
pub fn fragment(headers: &HeaderMap) -> Option<&str> {
    let boosted = headers.get("hx-boosted").is_some_and(|v| v == "true");
    if !is_htmx(headers) || boosted {
        return None;
    }
    headers.get("hx-target").and_then(|v| v.to_str().ok())
}

/// The answer that tells htmx to stop refreshing a part (status 286), swapping nothing.
pub fn stop_polling() -> Response {
    let status = StatusCode::from_u16(286).unwrap_or(StatusCode::NO_CONTENT);
    (status, [(header::CACHE_CONTROL, "no-store")]).into_response()
}

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    layout: Layout,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = status_of(&self.error);
        let key = match &self.error {
            Error::NotFound { .. } => "error-not_found",
            Error::Forbidden { .. } => "error-forbidden",
            Error::Unauthenticated => "error-unauthenticated",
            Error::Throttled { .. } => "sign-in-throttled",
            Error::Storage(cause) => {
                tracing::error!(error.cause = %cause, "page failed in storage");
                "error-internal"
            }
            Error::Invalid { .. } | Error::Conflict { .. } => "error-invalid",
        };
        let layout = Layout::new(self.lang, self.lang.t("error-title"), "/", &Auth::default());
        let page = ErrorPage { message: self.lang.t(key), layout };
        let mut response = render(&page, self.lang, false);
        *response.status_mut() = status;
        response
    }
}

/// The `lang` query parameter every page accepts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

/// Any path that is not a page: a 404 page.
pub async fn not_found(headers: HeaderMap) -> PageError {
    PageError { error: Error::NotFound { what: "page" }, lang: UiLang::negotiate(None, &headers) }
}
