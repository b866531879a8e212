//! The newsletter's mails: the confirmation of a new subscription (plain text), and a month's newsletter
//! (plain text and HTML, its items escaped like every page), each with the link that ends the subscription.

use std::collections::BTreeMap;

use askama::Template;
use secretariat_core::domain::{Month, NewsletterMailKind, Subscriber, Viewer};
use secretariat_core::service::{NewsletterView, Secretariat};

use super::{Letter, Mail};
use crate::i18n::{FluentValue, UiLang};
use crate::pages::newsletter::{digest_items, month_name, DigestItem};

/// The language a subscriber reads her mail in: hers if the site speaks it, else English.
fn reader(s: &Subscriber) -> UiLang {
    UiLang::of(s.language.as_str()).unwrap_or_else(UiLang::english)
}

fn subscription_url(public_url: &str, s: &Subscriber) -> String {
    format!("{public_url}/subscriptions/{}", s.token)
}

#[derive(Template)]
#[template(path = "mail/confirmation.txt", escape = "none")]
struct ConfirmationMail {
    intro: String,
    confirm: String,
    url: String,
    ignore: String,
}

/// The mail that asks the holder of an address to confirm her subscription.
pub fn write_confirmation(s: &Subscriber, publisher: &str, public_url: &str) -> Result<Letter, String> {
    let lang = reader(s);
    let arg = [("publisher", FluentValue::from(publisher.to_owned()))];
    let body = ConfirmationMail {
        intro: lang.t_args("newsletter-mail-confirm-intro", &arg),
        confirm: lang.t("newsletter-mail-confirm-do"),
        url: subscription_url(public_url, s),
        ignore: lang.t("newsletter-mail-confirm-ignore"),
    };
    let subject = lang.t_args("newsletter-mail-confirm-subject", &arg);
    Ok(Letter::text(s.email.as_str(), subject, body.render().map_err(|e| e.to_string())?))
}

#[derive(Template)]
#[template(path = "mail/newsletter.txt", escape = "none")]
struct NewsletterText<'a> {
    heading: &'a str,
    items: &'a [DigestItem],
    read: &'a str,
    why: &'a str,
    unsubscribe: &'a str,
}

#[derive(Template)]
#[template(path = "mail/newsletter.html")]
struct NewsletterHtml<'a> {
    lang: &'a str,
    heading: &'a str,
    items: &'a [DigestItem],
    read: &'a str,
    page: &'a str,
    why: &'a str,
    unsubscribe_text: &'a str,
    unsubscribe: &'a str,
}

/// A month's newsletter for one subscriber, in her language: multipart text and HTML, with `List-Unsubscribe`.
pub fn write_newsletter(s: &Subscriber, view: &NewsletterView, public_url: &str) -> Result<Letter, String> {
    let lang = reader(s);
    let publisher = lang.text(&view.publisher.name);
    let heading = lang.t_args(
        "newsletter-heading",
        &[("publisher", FluentValue::from(publisher)), ("month", FluentValue::from(month_name(lang, view.month)))],
    );
    let items = digest_items(lang, view, public_url);
    let page = format!("{public_url}/publishers/{}/newsletter?month={}", view.publisher.key, view.month);
    let unsubscribe = format!("{}/unsubscription", subscription_url(public_url, s));
    let read = lang.t("newsletter-mail-read");
    let why = lang.t_args("newsletter-mail-why", &[("address", FluentValue::from(s.email.as_str().to_owned()))]);
    let unsubscribe_text = lang.t("newsletter-mail-unsubscribe");
    let text = NewsletterText { heading: &heading, items: &items, read: &read, why: &why, unsubscribe: &unsubscribe };
    let html = NewsletterHtml {
        lang: lang.code(),
        heading: &heading,
        items: &items,
        read: &read,
        page: &page,
        why: &why,
        unsubscribe_text: &unsubscribe_text,
        unsubscribe: &unsubscribe,
    };
    Ok(Letter {
        to: s.email.as_str().to_owned(),
        subject: heading.clone(),
        text: text.render().map_err(|e| e.to_string())?,
        html: Some(html.render().map_err(|e| e.to_string())?),
        unsubscribe: Some(unsubscribe),
        message_id: None,
    })
}

/// Mails the newsletter's due mails, once each: claimed here, sent, marked; a failure is tried again later.
/// Returns how many were sent. A month's newsletter is read once per language for all its subscribers.
pub async fn send_due_newsletters(app: &Secretariat, mail: &Mail) -> secretariat_core::Result<usize> {
    let host = mail.public_url.split("://").nth(1).unwrap_or("secretariat").trim_end_matches('/');
    let mut views: BTreeMap<(String, Month, String), NewsletterView> = BTreeMap::new();
    let mut sent = 0;
    for due in app.claim_newsletter_mail(20).await? {
        let s = &due.subscriber;
        let letter = match &due.kind {
            NewsletterMailKind::Confirmation => {
                let view = app.publishers().await?.into_iter().find(|p| p.key == s.publisher);
                let name = view.map_or_else(|| s.publisher.to_string(), |p| reader(s).text(&p.name));
                write_confirmation(s, &name, &mail.public_url)
            }
            NewsletterMailKind::Issue(issue) => {
                let at = (issue.publisher.to_string(), issue.month, s.language.to_string());
                if !views.contains_key(&at) {
                    let view = app.newsletter(&Viewer::Public, &issue.publisher, issue.month, &s.language).await?;
                    views.insert(at.clone(), view);
                }
                write_newsletter(s, &views[&at], &mail.public_url)
            }
        };
        let result = match letter {
            Ok(mut letter) => {
                letter.message_id = Some(format!("<newsletter-{}@{host}>", due.id));
                mail.mailer.send(&letter).await
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                app.newsletter_mail_sent(&due).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(newsletter_mail.id = due.id, error.cause = %e, "a newsletter mail could not be sent; will try again");
                app.newsletter_mail_failed(&due).await?;
            }
        }
    }
    Ok(sent)
}
