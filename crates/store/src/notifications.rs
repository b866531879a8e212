//! Accounts as administrators list them, notifications as their accounts read them, and the mail outbox.

use async_trait::async_trait;
use jiff::Timestamp;
use secretariat_core::account::Account;
use secretariat_core::domain::{Id, Key, Notification, NotificationKind, Outgoing, StateCode, Viewer};
use secretariat_core::store::AccountStore;
use secretariat_core::{Error, Result};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::accounts::{decode, COLUMNS};
use crate::error::db;
use crate::shelf::Shown;
use crate::SqlStore;

/// The columns a notification is read with, after its account's: the document's key and title joined in.
const NOTIFICATION: &str = "n.id, n.kind, n.document_id, d.key, d.title, n.at_us, n.deadline_us, n.by_state";

fn stored(e: impl std::fmt::Display) -> Error {
    Error::Storage(format!("stored notification: {e}"))
}

fn instant(us: i64) -> Result<Timestamp> {
    Timestamp::from_microsecond(us).map_err(stored)
}

/// A notification from the columns of [`NOTIFICATION`], starting at column `at`.
fn notification(r: &AnyRow, at: usize) -> Result<Notification> {
    Ok(Notification {
        id: r.try_get(at).map_err(db)?,
        kind: NotificationKind::parse(&r.try_get::<String, _>(at + 1).map_err(db)?).map_err(stored)?,
        document: r.try_get(at + 2).map_err(db)?,
        key: Key::parse(&r.try_get::<String, _>(at + 3).map_err(db)?).map_err(stored)?,
        title: serde_json::from_str(&r.try_get::<String, _>(at + 4).map_err(db)?).map_err(stored)?,
        at: instant(r.try_get(at + 5).map_err(db)?)?,
        deadline: r.try_get::<Option<i64>, _>(at + 6).map_err(db)?.map(instant).transpose()?,
        by_state: r.try_get::<Option<String>, _>(at + 7).map_err(db)?.map(|s| StateCode::parse(&s)).transpose()?,
    })
}

#[async_trait]
impl AccountStore for SqlStore {
    async fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!("SELECT {COLUMNS} FROM account a ORDER BY a.username");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(decode).collect()
    }

    async fn notifications(&self, account: Id, viewer: &Viewer, limit: u32) -> Result<Vec<Notification>> {
        // What she may no longer see is not there for her, like everything else (the same condition as reads).
        let shown = Shown::Document("d").condition(viewer).unwrap_or_else(|| "1 = 1".into());
        let sql = format!(
            "SELECT {NOTIFICATION} FROM notification n JOIN document d ON d.id = n.document_id \
             WHERE n.account_id = $1 AND {shown} ORDER BY n.at_us DESC, n.id DESC LIMIT $2"
        );
        let rows = sqlx::query(&sql).bind(account).bind(i64::from(limit)).fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(|r| notification(r, 0)).collect()
    }

    async fn claim_mail(&self, now_us: i64, lease_until_us: i64, limit: u32) -> Result<Vec<Outgoing>> {
        let claimed = crate::outbox::NOTIFICATIONS.claim(&self.pool, now_us, lease_until_us, limit).await?;
        let mut outgoing = Vec::new();
        for id in claimed {
            let sql = format!(
                "SELECT {COLUMNS}, {NOTIFICATION}, n.attempts FROM notification n \
                 JOIN account a ON a.id = n.account_id JOIN document d ON d.id = n.document_id WHERE n.id = $1"
            );
            let row = sqlx::query(&sql).bind(id).fetch_one(&self.pool).await.map_err(db)?;
            let account = decode(&row)?;
            let notification = notification(&row, crate::accounts::AFTER_COLUMNS)?;
            let attempts = u32::try_from(row.try_get::<i64, _>(crate::accounts::AFTER_COLUMNS + 8).map_err(db)?)
                .unwrap_or(u32::MAX);
            match (account.email, account.disabled) {
                (Some(to), false) => outgoing.push(Outgoing {
                    notification,
                    to,
                    language: account.language,
                    time_zone: account.time_zone,
                    attempts,
                }),
                // The address was removed or the account disabled since: nothing to send any more.
                _ => self.mail_failed(id, None).await?,
            }
        }
        Ok(outgoing)
    }

    async fn mail_sent(&self, notification: Id, at_us: i64) -> Result<()> {
        crate::outbox::NOTIFICATIONS.sent(&self.pool, notification, at_us).await
    }

    async fn mail_failed(&self, notification: Id, next_attempt_us: Option<i64>) -> Result<()> {
        crate::outbox::NOTIFICATIONS.failed(&self.pool, notification, next_attempt_us).await
    }

    async fn calendar_link(&self, account: Id) -> Result<Option<i64>> {
        sqlx::query_scalar("SELECT created_at_us FROM calendar_link WHERE account_id = $1")
            .bind(account)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)
    }

    async fn account_by_calendar_link(&self, token_hash: &str) -> Result<Option<Account>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM account a JOIN calendar_link c ON c.account_id = a.id \
             WHERE c.token_hash = $1 AND a.disabled_at_us IS NULL"
        );
        let row = sqlx::query(&sql).bind(token_hash.to_owned()).fetch_optional(&self.pool).await.map_err(db)?;
        row.as_ref().map(decode).transpose()
    }
}
