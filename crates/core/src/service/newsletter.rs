//! The newsletter: anyone subscribes an address to a publisher's newsletter and confirms it from the mail sent to
//! it (double opt-in); the press office sends a month's newsletter to the confirmed addresses; every mail carries
//! the link that ends the subscription. The mails go through an outbox, like notifications: queued in the
//! transaction that wants them, claimed by one instance, marked sent, tried again after a failure, never sent twice.

use jiff::{SignedDuration, Timestamp};
use tracing::instrument;

use super::Secretariat;
use crate::account::{new_token, Actor};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::newsletter::{check_sendable, confirmation_quiet_since, digest, months};
use crate::rules::notify::retry_after;
use crate::rules::publication::may_write;
use crate::store::{Filter, Stored};

/// How long an instance holds a newsletter mail it claimed before another may try it.
const MAIL_LEASE: SignedDuration = SignedDuration::from_mins(5);

/// A month's newsletter as its page shows it.
#[derive(Debug, Clone)]
pub struct NewsletterView {
    pub publisher: Publisher,
    pub month: Month,
    /// What it holds, in the language asked for where translated, oldest first.
    pub items: Vec<Publication>,
    /// Every month with a publication, newest first.
    pub months: Vec<Month>,
    /// The newsletter of that month, once sent.
    pub sent: Option<NewsletterIssue>,
    /// For its press office: how many addresses it would go to now.
    pub confirmed: Option<u32>,
}

/// Who writes a subscription's changes in the audit log: the holder of the address, not an account.
fn subscriber_actor() -> Actor {
    Actor { name: "subscriber".into(), ..Actor::system() }
}

impl Secretariat {
    async fn publisher(&self, key: &Key) -> Result<Publisher> {
        match self.store.find(Kind::Publisher, key.as_str(), &Viewer::Public).await? {
            Some(Stored { record: Record::Publisher(p), .. }) => Ok(p),
            _ => Err(Error::NotFound { what: "publisher" }),
        }
    }

    /// Every public publication of a publisher.
    async fn published_by(&self, publisher: &Key) -> Result<Vec<Publication>> {
        let mut filter = Filter::new(Viewer::Public);
        filter.owner = Some(publisher.clone());
        filter.limit = 500;
        let mut all = Vec::new();
        loop {
            let (rows, next) = self.publications(&filter).await?;
            all.extend(rows.into_iter().map(|s| s.record));
            match next {
                Some(after) => filter.after = Some(after),
                None => return Ok(all),
            }
        }
    }

    /// A month's newsletter of a publisher, in `language` where its publications were translated into it; the
    /// number of confirmed addresses for its press office.
    pub async fn newsletter(
        &self,
        viewer: &Viewer,
        publisher: &Key,
        month: Month,
        language: &Lang,
    ) -> Result<NewsletterView> {
        let publisher = self.publisher(publisher).await?;
        let zone = publisher.time_zone.zone();
        let all = self.published_by(&publisher.key).await?;
        let items = digest(month, &zone, language, &all).into_iter().cloned().collect();
        let sent = self.store.newsletter_issues(&publisher.key).await?.into_iter().find(|i| i.month == month);
        let confirmed = match may_write(viewer, &publisher.key) {
            true => Some(self.store.confirmed_subscribers(&publisher.key).await?),
            false => None,
        };
        Ok(NewsletterView { months: months(&zone, &all), publisher, month, items, sent, confirmed })
    }

    /// The month a publisher's newsletter page opens on: its latest month with a publication, else this month.
    pub async fn latest_newsletter_month(&self, publisher: &Key) -> Result<Month> {
        let publisher = self.publisher(publisher).await?;
        let zone = publisher.time_zone.zone();
        let all = self.published_by(&publisher.key).await?;
        Ok(months(&zone, &all).first().copied().unwrap_or_else(|| Month::of(self.clock.now().to_zoned(zone).date())))
    }

    /// Asks for an address to get a publisher's newsletter in a language: a confirmation is mailed to it, and
    /// nothing else until it is confirmed. Says the same whatever the address's standing, so that nobody learns
    /// from it who subscribed; an address already confirmed only gets its language changed.
    #[instrument(skip_all, fields(publisher = %publisher))]
    pub async fn subscribe(&self, publisher: &Key, email: &str, language: &str) -> Result<()> {
        let email = Email::parse(email)?;
        let language = Lang::parse(language)?;
        let publisher = self.publisher(publisher).await?;
        let now = self.clock.now();
        let mut tx = self.store.begin(&subscriber_actor(), now).await?;
        match tx.subscriber_by_email(&publisher.key, &email).await? {
            None => {
                let new = Subscriber {
                    id: 0,
                    publisher: publisher.key.clone(),
                    email,
                    language,
                    status: SubscriberStatus::Pending,
                    token: new_token(),
                    created_at: now,
                };
                let id = tx.insert_subscriber(&new).await?;
                tx.queue_confirmation(id, confirmation_quiet_since(now)).await?;
            }
            Some(s) if s.status == SubscriberStatus::Confirmed => {
                if s.language != language {
                    tx.set_subscriber(s.id, SubscriberStatus::Confirmed, &language).await?;
                }
            }
            Some(s) => {
                tx.set_subscriber(s.id, SubscriberStatus::Pending, &language).await?;
                tx.queue_confirmation(s.id, confirmation_quiet_since(now)).await?;
            }
        }
        tx.commit().await
    }

    /// The subscription whose links carry `token`.
    pub async fn subscription(&self, token: &str) -> Result<Subscriber> {
        self.store.subscriber_by_token(token).await?.ok_or(Error::NotFound { what: "subscription" })
    }

    /// Confirms the address of a subscription: from now on the newsletter is mailed to it. Confirming twice is
    /// no error; an ended subscription is subscribed again only by asking again.
    pub async fn confirm_subscription(&self, token: &str) -> Result<Subscriber> {
        self.set_subscription(token, SubscriberStatus::Confirmed).await
    }

    /// Ends a subscription: nothing more is mailed to the address, not even what was already queued.
    pub async fn unsubscribe(&self, token: &str) -> Result<Subscriber> {
        self.set_subscription(token, SubscriberStatus::Unsubscribed).await
    }

    async fn set_subscription(&self, token: &str, to: SubscriberStatus) -> Result<Subscriber> {
        let mut tx = self.store.begin(&subscriber_actor(), self.clock.now()).await?;
        let mut s = tx.subscriber_with_token(token).await?.ok_or(Error::NotFound { what: "subscription" })?;
        if to == SubscriberStatus::Confirmed && s.status == SubscriberStatus::Unsubscribed {
            return Err(Error::conflict("subscription_ended", "this subscription was ended: subscribe again"));
        }
        if s.status != to {
            tx.set_subscriber(s.id, to, &s.language).await?;
            s.status = to;
        }
        tx.commit().await?;
        Ok(s)
    }

    /// Sends a month's newsletter of a publisher to its confirmed subscribers (its press office, or the
    /// Secretariat): queued now, mailed by the background task. Each month's newsletter is sent once.
    #[instrument(skip_all, fields(publisher = %publisher, month = %month))]
    pub async fn send_newsletter(&self, actor: &Actor, publisher: &Key, month: Month) -> Result<NewsletterIssue> {
        if !may_write(&actor.viewer(), publisher) {
            return Err(Error::forbidden("only the publisher's press office and the Secretariat send its newsletter"));
        }
        let publisher = self.publisher(publisher).await?;
        let now = self.clock.now();
        let zone = publisher.time_zone.zone();
        let all = self.published_by(&publisher.key).await?;
        // The language does not change how many there are.
        check_sendable(month, &zone, now, digest(month, &zone, &Lang::parse("en")?, &all).len())?;
        let mut tx = self.store.begin(actor, now).await?;
        if let Some(sent) = tx.newsletter_issue(&publisher.key, &month.to_string()).await? {
            return Err(Error::conflict(
                "newsletter_already_sent",
                format!("the newsletter of {month} was sent by {} at {}", sent.sent_by, sent.sent_at),
            ));
        }
        let issue = NewsletterIssue {
            id: 0,
            publisher: publisher.key.clone(),
            month,
            sent_by: actor.name.clone(),
            sent_at: now,
            recipients: 0,
        };
        let issue = tx.insert_newsletter_issue(&issue).await?;
        tx.commit().await?;
        Ok(issue)
    }

    /// Claims newsletter mails due now, for this instance alone until its lease runs out.
    pub async fn claim_newsletter_mail(&self, limit: u32) -> Result<Vec<NewsletterMail>> {
        let now = self.clock.now();
        let lease = now.checked_add(MAIL_LEASE).unwrap_or(Timestamp::MAX);
        self.store.claim_newsletter_mail(now.as_microsecond(), lease.as_microsecond(), limit).await
    }

    /// Records that a claimed newsletter mail was sent.
    pub async fn newsletter_mail_sent(&self, mail: &NewsletterMail) -> Result<()> {
        self.store.newsletter_mail_sent(mail.id, self.clock.now().as_microsecond()).await
    }

    /// Records a failed send: tried again later, or given up after the last try.
    pub async fn newsletter_mail_failed(&self, mail: &NewsletterMail) -> Result<()> {
        let next = retry_after(mail.attempts + 1)
            .map(|wait| self.clock.now().checked_add(wait).unwrap_or(Timestamp::MAX).as_microsecond());
        self.store.newsletter_mail_failed(mail.id, next).await
    }
}
