//! The bookkeeping the two mail outboxes (notifications, the newsletter) share: a row is claimed by one instance
//! with a compare-and-set under a lease, marked sent, or after a failure tried again later or given up.

use secretariat_core::Result;
use sqlx::AnyPool;
use sqlx::Row;

use crate::error::db;

/// An outbox table and the column that says where its rows stand (`pending`, `sent`, `failed`).
pub(crate) struct Outbox {
    table: &'static str,
    status: &'static str,
}

/// The notifications to be mailed.
pub(crate) const NOTIFICATIONS: Outbox = Outbox { table: "notification", status: "mail_status" };

/// The newsletter's mails.
pub(crate) const NEWSLETTER: Outbox = Outbox { table: "newsletter_mail", status: "status" };

impl Outbox {
    /// Claims up to `limit` rows due at `now_us` until `lease_until_us`: the ids this instance won.
    pub(crate) async fn claim(&self, pool: &AnyPool, now_us: i64, lease_until_us: i64, limit: u32) -> Result<Vec<i64>> {
        let Self { table, status } = self;
        let due = sqlx::query(&format!(
            "SELECT id FROM {table} WHERE {status} = 'pending' AND next_attempt_at_us <= $1 \
             AND (claimed_until_us IS NULL OR claimed_until_us <= $1) ORDER BY next_attempt_at_us, id LIMIT $2"
        ))
        .bind(now_us)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .map_err(db)?;
        let mut claimed = Vec::new();
        for row in due {
            let id: i64 = row.try_get(0).map_err(db)?;
            // Compare-and-set: of two instances that read the same row, one claims it and the other changes nothing.
            let won = sqlx::query(&format!(
                "UPDATE {table} SET claimed_until_us = $1 WHERE id = $2 AND {status} = 'pending' \
                 AND (claimed_until_us IS NULL OR claimed_until_us <= $3)"
            ))
            .bind(lease_until_us)
            .bind(id)
            .bind(now_us)
            .execute(pool)
            .await
            .map_err(db)?
            .rows_affected()
                == 1;
            if won {
                claimed.push(id);
            }
        }
        Ok(claimed)
    }

    /// Marks a claimed row sent.
    pub(crate) async fn sent(&self, pool: &AnyPool, id: i64, at_us: i64) -> Result<()> {
        let Self { table, status } = self;
        sqlx::query(&format!(
            "UPDATE {table} SET {status} = 'sent', sent_at_us = $1, claimed_until_us = NULL WHERE id = $2"
        ))
        .bind(at_us)
        .bind(id)
        .execute(pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Records a failed try: tried again from `next_attempt_us`, or, with `None`, given up.
    pub(crate) async fn failed(&self, pool: &AnyPool, id: i64, next_attempt_us: Option<i64>) -> Result<()> {
        let Self { table, status } = self;
        let query = match next_attempt_us {
            Some(_) => format!(
                "UPDATE {table} SET attempts = attempts + 1, next_attempt_at_us = $1, claimed_until_us = NULL \
                 WHERE id = $2"
            ),
            None => format!(
                "UPDATE {table} SET {status} = 'failed', attempts = attempts + 1, claimed_until_us = NULL WHERE id = $1"
            ),
        };
        let query = match next_attempt_us {
            Some(next) => sqlx::query(&query).bind(next),
            None => sqlx::query(&query),
        };
        query.bind(id).execute(pool).await.map_err(db)?;
        Ok(())
    }
}
