//! `/account`: what a signed-in account sets for herself — language, time zone, e-mail address and which
//! notifications she wants, her password, and her API tokens (made with a name and a lifetime, shown once,
//! listed, revoked); her calendar link is made and removed by `calendar_link.rs`. Every form calls the same use case as the API and answers `303` back here; refused, it shows
//! the page again as typed with the refusal at its field.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use secretariat_core::account::{Account, ApiToken};
use secretariat_core::domain::{Email, Id, Lang, NotificationKind, ZoneId};
use secretariat_core::service::AccountSettings;
use secretariat_core::Error;

use super::form::{done, sign_in_to, FormView, Submitted};
use super::{lang_cookie, render, LangQuery, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;

/// The error codes of the settings form and the fields they concern.
const SETTINGS_FIELDS: &[(&str, &str)] = &[
    ("invalid_language", "language"),
    ("invalid_time_zone", "time_zone"),
    ("invalid_email", "email"),
    ("invalid_notification_kind", "notifications"),
];

/// The error codes of the password form.
const PASSWORD_FIELDS: &[(&str, &str)] = &[("wrong_password", "current"), ("weak_password", "new")];

/// The error codes of the token form.
const TOKEN_FIELDS: &[(&str, &str)] = &[("invalid_token_name", "name"), ("invalid_token_term", "days")];

/// The forms of the page, each fresh or as refused.
#[derive(Default)]
pub struct Forms {
    pub settings: Option<FormView>,
    pub password: FormView,
    pub token: FormView,
    /// A token just made: shown this once.
    pub made: Option<String>,
    /// The address of a calendar link just made: shown this once.
    pub calendar_link: Option<String>,
}

/// One API token as the list shows it.
pub struct TokenRow {
    pub id: Id,
    pub name: String,
    pub made: String,
    pub expires: String,
    /// "Revoked on …", once revoked.
    pub revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    settings: FormView,
    password: FormView,
    token: FormView,
    made: Option<String>,
    tokens: Vec<TokenRow>,
    /// When her calendar link was made, if she has one.
    calendar_made: Option<String>,
    calendar_link: Option<String>,
    languages: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, String)>,
}

fn instant(lang: UiLang, raw: &str) -> String {
    raw.parse::<jiff::Timestamp>().map_or_else(
        |_| raw.to_owned(),
        |t| format!("{} UTC", super::document::silence::day_and_time(lang, t, &jiff::tz::TimeZone::UTC)),
    )
}

fn token_row(lang: UiLang, t: &ApiToken) -> TokenRow {
    TokenRow {
        id: t.id,
        name: t.name.clone(),
        made: instant(lang, &t.created_at),
        expires: instant(lang, &t.expires_at),
        revoked: t.revoked_at.as_deref().map(|r| lang.t_args("token-revoked-at", &[("at", instant(lang, r).into())])),
    }
}

/// The settings form as stored.
fn stored_settings(account: &Account) -> FormView {
    let mut values = vec![
        ("language", account.language.as_ref().map_or("", |l| l.as_str())),
        ("time_zone", account.time_zone.as_ref().map_or("", |z| z.as_str())),
        ("email", account.email.as_ref().map_or("", |e| e.as_str())),
    ];
    let version = account.version.to_string();
    values.push(("version", &version));
    let kinds: Vec<&str> = account.notifications.iter().map(|k| k.as_str()).collect();
    values.extend(kinds.iter().map(|k| ("notifications", *k)));
    FormView::with(&values)
}

/// The page, with its forms fresh or as refused.
pub(super) async fn show(state: &AppState, auth: &Auth, lang: UiLang, forms: Forms) -> PageResult {
    let Some(account) = auth.account.as_ref() else { return Ok(sign_in_to("/account")) };
    let actor = account.actor();
    let current = state.app.own_account(&actor).await.map_err(PageError::new(lang))?;
    let tokens = state.app.tokens(&actor, Some(&account.username)).await.map_err(PageError::new(lang))?;
    let calendar_made = state.app.calendar_link_made(&actor).await.map_err(PageError::new(lang))?;
    let status = [forms.settings.as_ref().map(|f| f.status), Some(forms.password.status), Some(forms.token.status)]
        .into_iter()
        .flatten()
        .find(|s| *s != StatusCode::OK)
        .unwrap_or_default();
    let page = AccountPage {
        layout: Layout::new(lang, lang.t("account-title"), "/account", auth),
        username: account.username.clone(),
        settings: forms.settings.unwrap_or_else(|| stored_settings(&current)),
        password: forms.password,
        token: forms.token,
        made: forms.made,
        tokens: tokens.iter().rev().map(|t| token_row(lang, t)).collect(),
        calendar_made: calendar_made.map(|t| instant(lang, &t.to_string())),
        calendar_link: forms.calendar_link,
        languages: lang.all().map(|l| (l.code(), l.own_name())).collect(),
        kinds: NotificationKind::ALL.iter().map(|k| (k.as_str(), lang.name_of(k))).collect(),
    };
    let mut response = render(&page, lang, false);
    *response.status_mut() = status;
    // A token or link shown once must not be kept by any cache.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /account`: a signed-out visitor is sent to sign in and comes back.
pub async fn get_account(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    show(&state, &auth, lang, Forms::default()).await
}

fn settings_of(form: &Submitted) -> Result<AccountSettings, Error> {
    form.checked()?;
    let version = match form.get("version") {
        Some(v) => Some(v.parse::<i64>().map_err(|_| Error::invalid("invalid_form", "the form's version"))?),
        None => None,
    };
    Ok(AccountSettings {
        language: form.get("language").map(Lang::parse).transpose()?,
        time_zone: form.get("time_zone").map(ZoneId::parse).transpose()?,
        email: form.get("email").map(Email::parse).transpose()?,
        notifications: form.all("notifications").into_iter().map(NotificationKind::parse).collect::<Result<_, _>>()?,
        version,
    })
}

/// `POST /account`: saves her language, time zone, address and the notifications she wants; the language is
/// also remembered by this browser at once.
pub async fn update_account(State(state): State<AppState>, form: Submitted) -> PageResult {
    let saved = match settings_of(&form) {
        Ok(settings) => state.app.update_settings(&form.actor, settings).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(account) => {
            let mut response = done("/account");
            if let Some(lang) = account.language.as_ref().and_then(|l| UiLang::of(l.as_str())) {
                response.headers_mut().append(header::SET_COOKIE, lang_cookie(lang));
            }
            Ok(response)
        }
        Err(e) => {
            let mut view = form.rejected(&e, SETTINGS_FIELDS);
            if e.code() == "stale_version" {
                view.summary = Some(form.lang.t("account-changed-meanwhile"));
            }
            show(&state, &form.auth, form.lang, Forms { settings: Some(view), ..Forms::default() }).await
        }
    }
}

/// `POST /account/password`: a new password, given the current one. Her other sessions end.
pub async fn change_password(State(state): State<AppState>, form: Submitted) -> PageResult {
    let keep = form.auth.session.as_ref().map(|s| s.token_hash.clone());
    let current = form.fields.iter().find(|(k, _)| k == "current").map_or("", |(_, v)| v.as_str());
    let new = form.fields.iter().find(|(k, _)| k == "new").map_or("", |(_, v)| v.as_str());
    match state.app.change_password(&form.actor, current, new, keep.as_deref()).await {
        Ok(()) => Ok(done("/account#password")),
        Err(e) => {
            // A password is never shown again, refused or not.
            let mut view = form.rejected(&e, PASSWORD_FIELDS);
            view = view.without(&["current", "new"]);
            show(&state, &form.auth, form.lang, Forms { password: view, ..Forms::default() }).await
        }
    }
}

/// `POST /account/tokens`: makes an API token for her own account, shown on the page this once (so this form
/// answers the page itself, never kept by a cache, rather than a redirect that would have to carry the token).
pub async fn create_token(State(state): State<AppState>, form: Submitted) -> PageResult {
    let made = async {
        form.checked()?;
        let days = match form.get("days") {
            Some(d) => Some(d.parse::<u32>().map_err(|_| Error::invalid("invalid_token_term", "a number of days"))?),
            None => None,
        };
        let account = form.auth.account.as_ref().ok_or(Error::Unauthenticated)?;
        let name = form.get("name").unwrap_or_default();
        state.app.issue_token(&form.actor, &account.username, name, days).await
    };
    match made.await {
        Ok((_, token)) => show(&state, &form.auth, form.lang, Forms { made: Some(token), ..Forms::default() }).await,
        Err(e) => {
            let view = form.rejected(&e, TOKEN_FIELDS);
            show(&state, &form.auth, form.lang, Forms { token: view, ..Forms::default() }).await
        }
    }
}

/// `POST /account/tokens/{id}/revocation`: revokes one of her tokens; another's is not found.
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Id>,
    form: Submitted,
) -> Result<Response, PageError> {
    state.app.revoke_token(&form.actor, id).await.map_err(PageError::new(form.lang))?;
    Ok(done("/account#tokens").into_response())
}
