//! Notifications by e-mail: a background task in every instance claims the notifications due to be mailed (the
//! outbox rows written with their event), writes each in its reader's language and zone, and sends it through a
//! [`Mailer`] — SMTP with lettre in production, a loopback SMTP server in the tests. A claim holds a row for one
//! instance only; a failed send is tried again later, then given up.

use std::sync::Arc;

use askama::Template;
use jiff::tz::TimeZone;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secretariat_core::domain::Outgoing;
use secretariat_core::service::Secretariat;

use crate::i18n::{FluentValue, UiLang};
use crate::pages::document::silence::day_and_time;
use crate::pages::zone::in_reader_zone;

mod newsletter;

pub use newsletter::{send_due_newsletters, write_confirmation, write_newsletter};

/// One message to one address: plain text, and HTML beside it when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// The link that ends the subscription the message is sent under: its `List-Unsubscribe` header, with
    /// one-click unsubscription (RFC 8058).
    pub unsubscribe: Option<String>,
    /// A message id of its own, the same on every try (`<newsletter-12@secretariat.example.org>`), so that a
    /// server that saw it once can tell.
    pub message_id: Option<String>,
}

impl Letter {
    /// A plain-text message.
    pub fn text(to: &str, subject: String, text: String) -> Self {
        Self { to: to.to_owned(), subject, text, html: None, unsubscribe: None, message_id: None }
    }
}

/// How mail is sent: one message to one address.
pub trait Mailer: Send + Sync {
    /// Sends a message; an error says why it was not accepted.
    fn send<'a>(
        &'a self,
        letter: &'a Letter,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>>;
}

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain, then upgraded by STARTTLS, which the server must offer (port 587).
    StartTls,
    /// No TLS at all: only for a server on this machine or in tests.
    None,
}

/// The SMTP server and the sender of the notifications.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub credentials: Option<(String, String)>,
    /// `Secretariat <secretariat@example.org>`.
    pub from: String,
}

/// Mail over SMTP.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    /// A mailer for these settings; a bad sender address or host is an error now, not at the first send.
    pub fn new(s: &SmtpSettings) -> Result<Self, String> {
        let from: Mailbox = s.from.parse().map_err(|e| format!("mail_from `{}`: {e}", s.from))?;
        let builder = match s.security {
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host),
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host),
            SmtpSecurity::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host)),
        }
        .map_err(|e| format!("smtp_host `{}`: {e}", s.host))?;
        let mut builder = builder.port(s.port).timeout(Some(std::time::Duration::from_secs(30)));
        if let Some((user, password)) = &s.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self { transport: builder.build(), from })
    }
}

impl Mailer for Smtp {
    fn send<'a>(
        &'a self,
        letter: &'a Letter,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>> {
        let message = letter.to.parse::<Mailbox>().map_err(|e| e.to_string()).and_then(|to| {
            let mut builder = Message::builder().from(self.from.clone()).to(to).subject(&letter.subject);
            if let Some(id) = &letter.message_id {
                builder = builder.message_id(Some(id.clone()));
            }
            if let Some(url) = &letter.unsubscribe {
                let header =
                    |name: &'static str, value: String| HeaderValue::new(HeaderName::new_from_ascii_str(name), value);
                builder = builder
                    .raw_header(header("List-Unsubscribe", format!("<{url}>")))
                    .raw_header(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()));
            }
            match &letter.html {
                Some(html) => builder.multipart(MultiPart::alternative_plain_html(letter.text.clone(), html.clone())),
                None => builder.header(ContentType::TEXT_PLAIN).body(letter.text.clone()),
            }
            .map_err(|e| e.to_string())
        });
        Box::pin(async move { self.transport.send(message?).await.map(|_| ()).map_err(|e| e.to_string()) })
    }
}

/// What the mail task needs: the mailer, and the public address of the site for the links.
#[derive(Clone)]
pub struct Mail {
    pub mailer: Arc<dyn Mailer>,
    /// `https://secretariat.example.org`, without a trailing slash.
    pub public_url: String,
    /// How often the outbox is read.
    pub every: std::time::Duration,
}

#[derive(Template)]
#[template(path = "mail/notification.txt", escape = "none")]
struct NotificationMail {
    title: String,
    what: String,
    deadline: Option<String>,
    broken_by: Option<String>,
    read: String,
    why: String,
}

/// The subject and body of a notification, in its reader's language, its instants in her zone.
pub fn write(mail: &Outgoing, public_url: &str) -> Result<(String, String), String> {
    let lang = mail.language.as_ref().and_then(|l| UiLang::of(l.as_str())).unwrap_or_else(UiLang::english);
    let n = &mail.notification;
    let title = lang.text(&n.title);
    let arg = |k: &'static str, v: String| vec![(k, FluentValue::from(v))];
    let at = |t: jiff::Timestamp| match &mail.time_zone {
        Some(zone) => in_reader_zone(lang, t, zone),
        None => format!("{} UTC", day_and_time(lang, t, &TimeZone::UTC)),
    };
    let page = format!("{public_url}/documents/{}", n.key);
    let body = NotificationMail {
        title: title.clone(),
        what: lang.name_of(&n.kind),
        deadline: n.deadline.map(|d| lang.t_args("mail-deadline", &arg("at", at(d)))),
        broken_by: n.by_state.as_ref().map(|s| lang.t_args("mail-broken-by", &arg("state", s.to_string()))),
        read: lang.t_args("mail-read", &arg("url", page)),
        why: lang.t_args("mail-why", &arg("url", format!("{public_url}/account"))),
    };
    let subject = lang.t_args(&crate::names::mail_subject_key(&n.kind), &arg("title", title));
    Ok((subject, body.render().map_err(|e| e.to_string())?))
}

/// Mails what is due, once: claimed here, sent, marked; a failure is tried again later. Returns how many were sent.
pub async fn send_due(app: &Secretariat, mail: &Mail) -> secretariat_core::Result<usize> {
    let mut sent = 0;
    for outgoing in app.claim_mail(20).await? {
        let id = outgoing.notification.id;
        let result = match write(&outgoing, &mail.public_url) {
            Ok((subject, body)) => mail.mailer.send(&Letter::text(outgoing.to.as_str(), subject, body)).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                app.mail_sent(&outgoing).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(notification.id = id, error.cause = %e, "a notification could not be mailed; will try again");
                app.mail_failed(&outgoing).await?;
            }
        }
    }
    Ok(sent)
}

/// Reads the outboxes (notifications, the newsletter) now and then, in every instance.
pub async fn run(app: Secretariat, mail: Mail) {
    let mut tick = tokio::time::interval(mail.every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = send_due(&app, &mail).await {
            tracing::error!(error.cause = %e, "mailing notifications failed; will try again");
        }
        if let Err(e) = send_due_newsletters(&app, &mail).await {
            tracing::error!(error.cause = %e, "mailing the newsletter failed; will try again");
        }
    }
}
