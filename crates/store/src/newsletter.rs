//! Subscribers and newsletters as the pages read them, and the newsletter's mail outbox.

use async_trait::async_trait;
use jiff::Timestamp;
use secretariat_core::domain::{
    Email, Id, Key, Lang, Month, NewsletterIssue, NewsletterMail, NewsletterMailKind, Subscriber, SubscriberStatus,
};
use secretariat_core::store::NewsletterStore;
use secretariat_core::{Error, Result};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::db;
use crate::shelf::from_name;
use crate::SqlStore;

/// The columns a subscriber is read with.
pub(crate) const SUBSCRIBER: &str = "s.id, s.publisher, s.email, s.language, s.status, s.token, s.created_at_us";

/// The columns a newsletter issue is read with.
pub(crate) const ISSUE: &str = "i.id, i.publisher, i.month, i.sent_by, i.sent_at_us, i.recipients";

fn stored(e: impl std::fmt::Display) -> Error {
    Error::Storage(format!("stored newsletter: {e}"))
}

fn instant(us: i64) -> Result<Timestamp> {
    Timestamp::from_microsecond(us).map_err(stored)
}

fn text(r: &AnyRow, at: usize) -> Result<String> {
    r.try_get::<String, _>(at).map_err(db)
}

/// A subscriber from the columns of [`SUBSCRIBER`], starting at column `at`.
pub(crate) fn subscriber(r: &AnyRow, at: usize) -> Result<Subscriber> {
    Ok(Subscriber {
        id: r.try_get(at).map_err(db)?,
        publisher: Key::parse(&text(r, at + 1)?).map_err(stored)?,
        email: Email::parse(&text(r, at + 2)?).map_err(stored)?,
        language: Lang::parse(&text(r, at + 3)?).map_err(stored)?,
        status: from_name(&text(r, at + 4)?)?,
        token: text(r, at + 5)?,
        created_at: instant(r.try_get(at + 6).map_err(db)?)?,
    })
}

/// A newsletter issue from the columns of [`ISSUE`], starting at column `at`.
pub(crate) fn issue(r: &AnyRow, at: usize) -> Result<NewsletterIssue> {
    Ok(NewsletterIssue {
        id: r.try_get(at).map_err(db)?,
        publisher: Key::parse(&text(r, at + 1)?).map_err(stored)?,
        month: Month::parse(&text(r, at + 2)?).map_err(stored)?,
        sent_by: text(r, at + 3)?,
        sent_at: instant(r.try_get(at + 4).map_err(db)?)?,
        recipients: u32::try_from(r.try_get::<i64, _>(at + 5).map_err(db)?).unwrap_or(u32::MAX),
    })
}

#[async_trait]
impl NewsletterStore for SqlStore {
    async fn subscriber_by_token(&self, token: &str) -> Result<Option<Subscriber>> {
        let sql = format!("SELECT {SUBSCRIBER} FROM subscriber s WHERE s.token = $1");
        let row = sqlx::query(&sql).bind(token.to_owned()).fetch_optional(&self.pool).await.map_err(db)?;
        row.map(|r| subscriber(&r, 0)).transpose()
    }

    async fn confirmed_subscribers(&self, publisher: &Key) -> Result<u32> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM subscriber WHERE publisher = $1 AND status = 'confirmed'")
                .bind(publisher.to_string())
                .fetch_one(&self.pool)
                .await
                .map_err(db)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn newsletter_issues(&self, publisher: &Key) -> Result<Vec<NewsletterIssue>> {
        let sql = format!("SELECT {ISSUE} FROM newsletter_issue i WHERE i.publisher = $1 ORDER BY i.month DESC");
        let rows = sqlx::query(&sql).bind(publisher.to_string()).fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(|r| issue(r, 0)).collect()
    }

    async fn claim_newsletter_mail(&self, now_us: i64, lease_until_us: i64, limit: u32) -> Result<Vec<NewsletterMail>> {
        let claimed = crate::outbox::NEWSLETTER.claim(&self.pool, now_us, lease_until_us, limit).await?;
        let mut mails = Vec::new();
        for id in claimed {
            let sql = format!(
                "SELECT m.id, m.attempts, {SUBSCRIBER}, {ISSUE} FROM newsletter_mail m \
                 JOIN subscriber s ON s.id = m.subscriber_id LEFT JOIN newsletter_issue i ON i.id = m.issue_id \
                 WHERE m.id = $1"
            );
            let row = sqlx::query(&sql).bind(id).fetch_one(&self.pool).await.map_err(db)?;
            let subscriber = subscriber(&row, 2)?;
            let kind = match row.try_get::<Option<i64>, _>(9).map_err(db)? {
                Some(_) => NewsletterMailKind::Issue(issue(&row, 9)?),
                None => NewsletterMailKind::Confirmation,
            };
            let wanted = match kind {
                NewsletterMailKind::Confirmation => subscriber.status == SubscriberStatus::Pending,
                NewsletterMailKind::Issue(_) => subscriber.status == SubscriberStatus::Confirmed,
            };
            if !wanted {
                // Unsubscribed (or confirmed already) since it was queued: nothing to send any more.
                self.newsletter_mail_failed(id, None).await?;
                continue;
            }
            let attempts = u32::try_from(row.try_get::<i64, _>(1).map_err(db)?).unwrap_or(u32::MAX);
            mails.push(NewsletterMail { id, kind, subscriber, attempts });
        }
        Ok(mails)
    }

    async fn newsletter_mail_sent(&self, mail: Id, at_us: i64) -> Result<()> {
        crate::outbox::NEWSLETTER.sent(&self.pool, mail, at_us).await
    }

    async fn newsletter_mail_failed(&self, mail: Id, next_attempt_us: Option<i64>) -> Result<()> {
        crate::outbox::NEWSLETTER.failed(&self.pool, mail, next_attempt_us).await
    }
}
