//! The audited writes of subscriptions and newsletters. The audit entry names the publisher and the status, never
//! the address.

use jiff::Timestamp;
use secretariat_core::domain::{name_of, Email, Id, Key, Lang, NewsletterIssue, Subscriber, SubscriberStatus};
use secretariat_core::store::NewsletterTx;
use secretariat_core::Result;
use serde_json::json;

use super::SqlTx;
use crate::error::db;
use crate::newsletter::{issue, subscriber, ISSUE, SUBSCRIBER};

#[async_trait::async_trait]
impl NewsletterTx for SqlTx {
    async fn subscriber_by_email(&mut self, publisher: &Key, email: &Email) -> Result<Option<Subscriber>> {
        let sql = format!("SELECT {SUBSCRIBER} FROM subscriber s WHERE s.publisher = $1 AND s.email = $2");
        let row = sqlx::query(&sql)
            .bind(publisher.to_string())
            .bind(email.as_str().to_owned())
            .fetch_optional(&mut self.conn())
            .await
            .map_err(db)?;
        row.map(|r| subscriber(&r, 0)).transpose()
    }

    async fn subscriber_with_token(&mut self, token: &str) -> Result<Option<Subscriber>> {
        let sql = format!("SELECT {SUBSCRIBER} FROM subscriber s WHERE s.token = $1");
        let row = sqlx::query(&sql).bind(token.to_owned()).fetch_optional(&mut self.conn()).await.map_err(db)?;
        row.map(|r| subscriber(&r, 0)).transpose()
    }

    async fn insert_subscriber(&mut self, s: &Subscriber) -> Result<Id> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO subscriber (publisher, email, language, status, token, created_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(s.publisher.to_string())
        .bind(s.email.as_str().to_owned())
        .bind(s.language.to_string())
        .bind(name_of(&s.status))
        .bind(s.token.clone())
        .bind(s.created_at.as_microsecond())
        .fetch_one(&mut self.conn())
        .await
        .map_err(db)?;
        let after = json!({ "status": s.status, "language": s.language.as_str() });
        self.append("created", "subscriber", id, format!("publisher:{}", s.publisher), None, Some(after.to_string()))
            .await?;
        Ok(id)
    }

    async fn set_subscriber(&mut self, id: Id, status: SubscriberStatus, language: &Lang) -> Result<()> {
        let at_us = self.at_us;
        let publisher: String = sqlx::query_scalar(
            "UPDATE subscriber SET status = $1, language = $2, \
             confirmed_at_us = CASE WHEN $1 = 'confirmed' THEN $3 ELSE confirmed_at_us END, \
             unsubscribed_at_us = CASE WHEN $1 = 'unsubscribed' THEN $3 ELSE NULL END \
             WHERE id = $4 RETURNING publisher",
        )
        .bind(name_of(&status))
        .bind(language.to_string())
        .bind(at_us)
        .bind(id)
        .fetch_one(&mut self.conn())
        .await
        .map_err(db)?;
        let after = json!({ "status": status, "language": language.as_str() });
        self.append("updated", "subscriber", id, format!("publisher:{publisher}"), None, Some(after.to_string())).await
    }

    async fn queue_confirmation(&mut self, subscriber: Id, unless_mailed_since: Timestamp) -> Result<()> {
        let at_us = self.at_us;
        sqlx::query(
            "INSERT INTO newsletter_mail (subscriber_id, issue_id, status, next_attempt_at_us) \
             SELECT $1, NULL, 'pending', $2 WHERE NOT EXISTS (SELECT 1 FROM newsletter_mail \
             WHERE subscriber_id = $1 AND issue_id IS NULL AND (status = 'pending' OR sent_at_us >= $3))",
        )
        .bind(subscriber)
        .bind(at_us)
        .bind(unless_mailed_since.as_microsecond())
        .execute(&mut self.conn())
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn newsletter_issue(&mut self, publisher: &Key, month: &str) -> Result<Option<NewsletterIssue>> {
        let sql = format!("SELECT {ISSUE} FROM newsletter_issue i WHERE i.publisher = $1 AND i.month = $2");
        let row = sqlx::query(&sql)
            .bind(publisher.to_string())
            .bind(month.to_owned())
            .fetch_optional(&mut self.conn())
            .await
            .map_err(db)?;
        row.map(|r| issue(&r, 0)).transpose()
    }

    async fn insert_newsletter_issue(&mut self, i: &NewsletterIssue) -> Result<NewsletterIssue> {
        let publisher = i.publisher.to_string();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO newsletter_issue (publisher, month, sent_by, sent_at_us, recipients) \
             VALUES ($1, $2, $3, $4, 0) RETURNING id",
        )
        .bind(publisher.clone())
        .bind(i.month.to_string())
        .bind(i.sent_by.clone())
        .bind(i.sent_at.as_microsecond())
        .fetch_one(&mut self.conn())
        .await
        .map_err(db)?;
        let queued = sqlx::query(
            "INSERT INTO newsletter_mail (subscriber_id, issue_id, status, next_attempt_at_us) \
             SELECT id, $1, 'pending', $2 FROM subscriber WHERE publisher = $3 AND status = 'confirmed'",
        )
        .bind(id)
        .bind(i.sent_at.as_microsecond())
        .bind(publisher.clone())
        .execute(&mut self.conn())
        .await
        .map_err(db)?
        .rows_affected();
        let recipients = u32::try_from(queued).unwrap_or(u32::MAX);
        sqlx::query("UPDATE newsletter_issue SET recipients = $1 WHERE id = $2")
            .bind(i64::from(recipients))
            .bind(id)
            .execute(&mut self.conn())
            .await
            .map_err(db)?;
        let after = json!({ "publisher": publisher, "month": i.month.to_string(), "recipients": recipients });
        self.append("created", "newsletter_issue", id, format!("publisher:{publisher}"), None, Some(after.to_string()))
            .await?;
        Ok(NewsletterIssue { id, recipients, ..i.clone() })
    }
}
