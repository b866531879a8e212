//! What the newsletter needs of storage: subscribers, the newsletters sent, and its mail outbox.

use async_trait::async_trait;
use jiff::Timestamp;

use crate::domain::{Email, Id, Key, Lang, NewsletterIssue, NewsletterMail, Subscriber, SubscriberStatus};
use crate::error::Result;

/// Reads of subscribers and newsletters, and the outbox's bookkeeping (no audit entry: sending a mail changes
/// nothing of the record).
#[async_trait]
pub trait NewsletterStore: Send + Sync {
    /// The subscription whose links carry this token.
    async fn subscriber_by_token(&self, token: &str) -> Result<Option<Subscriber>>;

    /// How many addresses have confirmed their subscription to a publisher's newsletter.
    async fn confirmed_subscribers(&self, publisher: &Key) -> Result<u32>;

    /// The newsletters a publisher sent, newest month first.
    async fn newsletter_issues(&self, publisher: &Key) -> Result<Vec<NewsletterIssue>>;

    /// Claims up to `limit` newsletter mails due at `now_us` for this instance until `lease_until_us`; a mail
    /// whose subscription ended meanwhile is given up instead.
    async fn claim_newsletter_mail(&self, now_us: i64, lease_until_us: i64, limit: u32) -> Result<Vec<NewsletterMail>>;

    /// Marks a claimed mail sent.
    async fn newsletter_mail_sent(&self, mail: Id, at_us: i64) -> Result<()>;

    /// Records a failed try: tried again from `next_attempt_us`, or, with `None`, given up.
    async fn newsletter_mail_failed(&self, mail: Id, next_attempt_us: Option<i64>) -> Result<()>;
}

/// The writes of subscriptions and newsletters, inside an audited transaction (the audit entry never holds the
/// address: the log is kept for ever, a subscription is not).
#[async_trait]
pub trait NewsletterTx: Send {
    /// A publisher's subscription of an address.
    async fn subscriber_by_email(&mut self, publisher: &Key, email: &Email) -> Result<Option<Subscriber>>;

    /// The subscription whose links carry this token.
    async fn subscriber_with_token(&mut self, token: &str) -> Result<Option<Subscriber>>;

    /// Writes a new subscription (its `id` is ignored); its id.
    async fn insert_subscriber(&mut self, subscriber: &Subscriber) -> Result<Id>;

    /// Changes a subscription's status and language.
    async fn set_subscriber(&mut self, id: Id, status: SubscriberStatus, language: &Lang) -> Result<()>;

    /// Queues the mail that confirms a subscription, unless one is already waiting or one was mailed at or after
    /// `unless_mailed_since`.
    async fn queue_confirmation(&mut self, subscriber: Id, unless_mailed_since: Timestamp) -> Result<()>;

    /// The newsletter a publisher sent of a month, if any.
    async fn newsletter_issue(&mut self, publisher: &Key, month: &str) -> Result<Option<NewsletterIssue>>;

    /// Writes a newsletter sent and queues it for every confirmed subscriber of its publisher; the issue with its
    /// id and how many it was queued for.
    async fn insert_newsletter_issue(&mut self, issue: &NewsletterIssue) -> Result<NewsletterIssue>;
}
