//! The newsletter's pages: a publisher's newsletter of a month (its publications, the archive of months, the form
//! to subscribe, and for its press office the form that sends it), and the page of a subscription, reached from
//! the links of its mails, where its address is confirmed or the subscription ended.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use secretariat_core::domain::{Key, Lang, Month, Subscriber};
use secretariat_core::service::NewsletterView;
use secretariat_core::Error;
use serde::Deserialize;

use super::form::{at, required, FormView, Refused, Submitted};
use super::publication::local_time;
use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// A publication as a newsletter lists it.
pub struct DigestItem {
    pub href: String,
    pub title: String,
    pub lead: String,
    pub when: String,
    pub category: String,
    pub language: String,
}

/// "June 2018", "июнь 2018 года".
pub fn month_name(lang: UiLang, month: Month) -> String {
    let first = month.first();
    lang.t_args(
        "publications-month",
        &[
            ("month", FluentValue::from(lang.named("month-name", &first.month().to_string()))),
            ("year", FluentValue::from(first.year())),
        ],
    )
}

/// The lines of a newsletter, their links under `base` ("" on the site, its public address in a mail).
pub fn digest_items(lang: UiLang, view: &NewsletterView, base: &str) -> Vec<DigestItem> {
    let publisher = Some(&view.publisher);
    view.items
        .iter()
        .map(|p| DigestItem {
            href: format!("{base}/publications/{}", p.key),
            title: p.title.clone(),
            lead: p.lead.clone(),
            when: p.published_at.map_or_else(String::new, |t| local_time(lang, publisher, &t)),
            category: view
                .publisher
                .category(&p.category)
                .map_or_else(|| p.category.to_string(), |c| lang.text(&c.name)),
            language: p.language.to_string(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "pages/newsletter.html")]
struct NewsletterPage {
    layout: Layout,
    publisher_key: String,
    heading: String,
    month: String,
    items: Vec<DigestItem>,
    /// (href, name, current) of each month of the archive.
    months: Vec<(String, String, bool)>,
    /// The subscription form, and (code, name) of the languages it offers.
    form: FormView,
    languages: Vec<(String, String)>,
    /// What was just done ("a confirmation was mailed", "sent"), said above the page.
    notice: Option<String>,
    /// For its press office: the sending form's state.
    press: Option<Press>,
}

/// What the press office sees of a month's newsletter.
struct Press {
    /// "Sent on … by … to N subscribers", once sent.
    sent: Option<String>,
    /// "It will go to N confirmed subscribers."
    recipients: String,
    /// The sending form, with a refusal when it was refused.
    form: FormView,
}

/// The newsletter page's query.
#[derive(Debug, Default, Deserialize)]
pub struct NewsletterQuery {
    pub lang: Option<String>,
    pub month: Option<String>,
    /// `subscribed` or `sent`, after a form that succeeded.
    pub done: Option<String>,
}

/// The newsletter page's forms as they are shown: fresh, or refused with what was typed, and what was just done.
#[derive(Default)]
struct Shown<'a> {
    subscribe: FormView,
    send: FormView,
    done: Option<&'a str>,
}

async fn newsletter_page(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    key: &Key,
    month: Option<Month>,
    shown: Shown<'_>,
) -> Result<NewsletterPage, PageError> {
    let Shown { subscribe: form, send: press_form, done } = shown;
    let month = match month {
        Some(m) => m,
        None => state.app.latest_newsletter_month(key).await.map_err(PageError::new(lang))?,
    };
    let language = Lang::parse(lang.code()).map_err(PageError::new(lang))?;
    let view = state.app.newsletter(&auth.viewer(), key, month, &language).await.map_err(PageError::new(lang))?;
    let publisher = lang.text(&view.publisher.name);
    let heading = lang.t_args(
        "newsletter-heading",
        &[("publisher", FluentValue::from(publisher)), ("month", FluentValue::from(month_name(lang, month)))],
    );
    let path = format!("/publishers/{key}/newsletter");
    let months = view.months.iter().map(|m| (format!("{path}?month={m}"), month_name(lang, *m), *m == month)).collect();
    let press = view.confirmed.map(|n| Press {
        sent: view.sent.as_ref().map(|s| {
            lang.t_args(
                "newsletter-sent",
                &[
                    ("at", FluentValue::from(local_time(lang, Some(&view.publisher), &s.sent_at))),
                    ("by", FluentValue::from(s.sent_by.clone())),
                    ("count", FluentValue::from(s.recipients)),
                ],
            )
        }),
        recipients: lang.t_args("newsletter-recipients", &[("count", FluentValue::from(n))]),
        form: press_form,
    });
    let notice = done.and_then(|d| match d {
        "subscribed" => Some(lang.t("newsletter-done-subscribed")),
        "sent" => Some(lang.t("newsletter-done-sent")),
        _ => None,
    });
    let mut form = form;
    if form.value("language").is_empty() {
        form.set("language", lang.code());
    }
    let mut layout = Layout::new(lang, heading.clone(), &format!("{path}?month={month}"), auth);
    layout.atom_feed = Some((crate::feeds::atom::PATH.to_owned(), lang.t("publications-feed")));
    Ok(NewsletterPage {
        layout,
        publisher_key: key.to_string(),
        heading,
        month: month.to_string(),
        items: digest_items(lang, &view, ""),
        months,
        form,
        languages: lang.all().map(|l| (l.code().to_owned(), lang.language_name(l.code()))).collect(),
        notice,
        press,
    })
}

fn month_of(raw: Option<&str>, lang: UiLang) -> Result<Option<Month>, PageError> {
    raw.map(Month::parse).transpose().map_err(PageError::new(lang))
}

/// `GET /publishers/{key}/newsletter?month=2018-06`: a month's newsletter (its latest month without `month`).
pub async fn get_newsletter(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(key): ApiPath<Key>,
    PageQuery(q): PageQuery<NewsletterQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let month = month_of(q.month.as_deref(), lang)?;
    let shown = Shown { done: q.done.as_deref(), ..Shown::default() };
    let page = newsletter_page(&state, &auth, lang, &key, month, shown).await?;
    Ok(render(&page, lang, q.lang.is_some()))
}

/// The refusals of the subscription form and the fields they concern.
const SUBSCRIBE_FIELDS: [(&str, &str); 3] =
    [("invalid_email", "email"), ("invalid_language", "language"), ("control_character", "email")];

/// `POST /publishers/{key}/newsletter/subscribers`: asks for the newsletter at an address (no account needed);
/// a confirmation is mailed to it. Refused, the page shows the form again as typed with the refusal at its field.
pub async fn create_subscriber(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(key): ApiPath<Key>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = UiLang::negotiate(None, &headers);
    let value = |name: &str| fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim());
    let email = value("email");
    let result = match email.is_empty() {
        true => Err(Error::invalid("invalid_email", "an e-mail address is required")),
        false => state.app.subscribe(&key, email, value("language")).await,
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/publishers/{key}/newsletter?done=subscribed")).into_response()),
        Err(e @ Error::NotFound { .. }) => Err(PageError { error: e, lang }),
        Err(e) => {
            let form = FormView::typed(&fields).refused(lang, &e, &SUBSCRIBE_FIELDS, None);
            let status = form.status;
            let shown = Shown { subscribe: form, ..Shown::default() };
            let page = newsletter_page(&state, &auth, lang, &key, None, shown).await?;
            let mut response = render(&page, lang, false);
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

fn sending(form: &Submitted) -> Result<Month, Refused> {
    Month::parse(required(form, "month")?).map_err(at("month"))
}

/// `POST /publishers/{key}/newsletter/issues`: its press office sends a month's newsletter to the confirmed
/// subscribers. Each month's is sent once; a second try says when and by whom it went.
pub async fn create_issue(State(state): State<AppState>, ApiPath(key): ApiPath<Key>, form: Submitted) -> PageResult {
    let lang = form.lang;
    let result = match form.checked().map_err(Refused::from).and_then(|()| sending(&form)) {
        Ok(month) => state.app.send_newsletter(&form.actor, &key, month).await.map(|_| month).map_err(Refused::from),
        Err(r) => Err(r),
    };
    match result {
        Ok(month) => Ok(Redirect::to(&format!("/publishers/{key}/newsletter?month={month}&done=sent")).into_response()),
        Err(Refused { error: e @ (Error::NotFound { .. } | Error::Unauthenticated), .. }) => {
            Err(PageError { error: e, lang })
        }
        Err(r) => {
            // The month is the form's hidden field: every refusal is said above its button.
            let press_form = form.view().refused(lang, &r.error, &[], None);
            let status = press_form.status;
            let month = Month::parse(form.get("month").unwrap_or_default()).ok();
            let shown = Shown { send: press_form, ..Shown::default() };
            let page = newsletter_page(&state, &form.auth, lang, &key, month, shown).await?;
            let mut response = render(&page, lang, false);
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

#[derive(Template)]
#[template(path = "pages/subscription.html")]
struct SubscriptionPage {
    layout: Layout,
    token: String,
    publisher_key: String,
    publisher: String,
    email: String,
    /// `pending`, `confirmed` or `unsubscribed`.
    status: String,
    said: String,
}

async fn subscription_page(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    s: Subscriber,
) -> Result<SubscriptionPage, PageError> {
    let publishers = state.app.publishers().await.map_err(PageError::new(lang))?;
    let publisher = publishers
        .iter()
        .find(|p| p.key == s.publisher)
        .map_or_else(|| s.publisher.to_string(), |p| lang.text(&p.name));
    let arg = [("publisher", FluentValue::from(publisher.clone()))];
    let status = secretariat_core::domain::name_of(&s.status);
    let said = lang.t_args(&crate::names::key_of(&s.status), &arg);
    let mut layout = Layout::new(lang, lang.t("subscription-title"), &format!("/subscriptions/{}", s.token), auth);
    layout.path = format!("/subscriptions/{}", s.token);
    Ok(SubscriptionPage {
        layout,
        token: s.token.clone(),
        publisher_key: s.publisher.to_string(),
        publisher,
        email: s.email.as_str().to_owned(),
        status,
        said,
    })
}

/// `GET /subscriptions/{token}`: where a subscription stands, with the button that confirms it or ends it. An
/// unknown token is a page that does not exist.
pub async fn get_subscription(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let s = state.app.subscription(&token).await.map_err(PageError::new(lang))?;
    Ok(render(&subscription_page(&state, &auth, lang, s).await?, lang, q.lang.is_some()))
}

/// `POST /subscriptions/{token}/confirmation`: confirms the address (the token is the proof of it: no account, no
/// CSRF token needed — whoever forges the post can only confirm what the mail's reader asked for).
pub async fn create_confirmation(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> PageResult {
    let lang = UiLang::negotiate(None, &headers);
    match state.app.confirm_subscription(&token).await {
        Ok(_) | Err(Error::Conflict { .. }) => Ok(Redirect::to(&format!("/subscriptions/{token}")).into_response()),
        Err(e) => Err(PageError { error: e, lang }),
    }
}

/// `POST /subscriptions/{token}/unsubscription`: ends the subscription, from the page's button or in one click
/// from the mail program (`List-Unsubscribe-Post`, RFC 8058), which sends no cookie and no CSRF token.
pub async fn create_unsubscription(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> PageResult {
    let lang = UiLang::negotiate(None, &headers);
    state.app.unsubscribe(&token).await.map_err(PageError::new(lang))?;
    Ok(Redirect::to(&format!("/subscriptions/{token}")).into_response())
}
