//! The audited writes of accounts, and notifications written in the transaction of their event.

use secretariat_core::account::Account;
use secretariat_core::domain::{Id, NewNotification};
use secretariat_core::store::AccountTx;
use secretariat_core::{Error, Result};
use serde_json::json;

use super::SqlTx;
use crate::accounts::{decode, COLUMNS};
use crate::error::db;

/// What the audit log keeps of an account: everything but its password hash.
fn audited(a: &Account) -> String {
    json!({
        "username": a.username,
        "display_name": a.display_name,
        "role": a.role.as_str(),
        "state": a.state.as_ref().map(|s| s.as_str()),
        "head_of_delegation": a.head_of_delegation,
        "language": a.language.as_ref().map(|l| l.as_str()),
        "time_zone": a.time_zone.as_ref().map(|z| z.as_str()),
        "email": a.email.as_ref().map(|e| e.as_str()),
        "notifications": a.notifications,
        "disabled": a.disabled,
    })
    .to_string()
}

impl SqlTx {
    async fn account_by_id(&mut self, id: Id) -> Result<Account> {
        let sql = format!("SELECT {COLUMNS} FROM account a WHERE a.id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&mut self.conn()).await.map_err(db)?;
        row.as_ref().map(decode).transpose()?.ok_or(Error::NotFound { what: "account" })
    }

    async fn end_sessions(&mut self, account: Id, keep: Option<&str>) -> Result<()> {
        sqlx::query("DELETE FROM session WHERE account_id = $1 AND ($2 IS NULL OR token_hash <> $2)")
            .bind(account)
            .bind(keep.map(str::to_owned))
            .execute(&mut self.conn())
            .await
            .map_err(db)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl AccountTx for SqlTx {
    async fn account_named(&mut self, username: &str) -> Result<Option<Account>> {
        let sql = format!("SELECT {COLUMNS} FROM account a WHERE a.username = $1");
        let row = sqlx::query(&sql).bind(username.to_owned()).fetch_optional(&mut self.conn()).await.map_err(db)?;
        row.as_ref().map(decode).transpose()
    }

    async fn all_accounts(&mut self) -> Result<Vec<Account>> {
        let sql = format!("SELECT {COLUMNS} FROM account a ORDER BY a.id");
        let rows = sqlx::query(&sql).fetch_all(&mut self.conn()).await.map_err(db)?;
        rows.iter().map(decode).collect()
    }

    async fn update_account(&mut self, a: &Account, version: i64) -> Result<i64> {
        let before = self.account_by_id(a.id).await?;
        if before.version != version {
            return Err(Error::stale(before.version));
        }
        let disabled_at = match (before.disabled, a.disabled) {
            (false, true) => Some(self.at_us),
            (true, true) => Some(
                sqlx::query_scalar::<_, i64>("SELECT disabled_at_us FROM account WHERE id = $1")
                    .bind(a.id)
                    .fetch_one(&mut self.conn())
                    .await
                    .map_err(db)?,
            ),
            (_, false) => None,
        };
        let done = sqlx::query(
            "UPDATE account SET display_name = $1, role = $2, state_code = $3, head_of_delegation = $4, \
             language = $5, time_zone = $6, email = $7, notifications = $8, disabled_at_us = $9, \
             version = version + 1 WHERE id = $10 AND version = $11",
        )
        .bind(a.display_name.clone())
        .bind(a.role.as_str())
        .bind(a.state.as_ref().map(|s| s.as_str().to_owned()))
        .bind(i64::from(a.head_of_delegation))
        .bind(a.language.as_ref().map(|l| l.as_str().to_owned()))
        .bind(a.time_zone.as_ref().map(|z| z.as_str().to_owned()))
        .bind(a.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(serde_json::to_string(&a.notifications).map_err(|e| Error::Storage(e.to_string()))?)
        .bind(disabled_at)
        .bind(a.id)
        .bind(version)
        .execute(&mut self.conn())
        .await
        .map_err(db)?;
        if done.rows_affected() != 1 {
            return Err(Error::stale(before.version));
        }
        if a.disabled {
            self.end_sessions(a.id, None).await?;
        }
        let action = match (before.disabled, a.disabled) {
            (false, true) => "disabled",
            (true, false) => "enabled",
            _ => "changed",
        };
        let scope = format!("account:{}", a.id);
        self.append(action, "account", a.id, scope, Some(audited(&before)), Some(audited(a))).await?;
        Ok(version + 1)
    }

    async fn set_password(&mut self, account: Id, password_hash: &str, keep_session: Option<&str>) -> Result<()> {
        let done = sqlx::query("UPDATE account SET password_hash = $1, version = version + 1 WHERE id = $2")
            .bind(password_hash.to_owned())
            .bind(account)
            .execute(&mut self.conn())
            .await
            .map_err(db)?;
        if done.rows_affected() != 1 {
            return Err(Error::NotFound { what: "account" });
        }
        self.end_sessions(account, keep_session).await?;
        let scope = format!("account:{account}");
        self.append("password_changed", "account", account, scope, None, None).await
    }

    async fn insert_notification(&mut self, n: &NewNotification) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO notification (account_id, kind, document_id, event, at_us, deadline_us, by_state, \
             mail_status, next_attempt_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (account_id, event) DO NOTHING",
        )
        .bind(n.account)
        .bind(n.kind.as_str())
        .bind(n.document)
        .bind(n.event.clone())
        .bind(n.at.as_microsecond())
        .bind(n.deadline.map(|d| d.as_microsecond()))
        .bind(n.by_state.as_ref().map(|s| s.as_str().to_owned()))
        .bind(if n.mail { "pending" } else { "none" })
        .bind(self.at_us)
        .execute(&mut self.conn())
        .await
        .map_err(db)?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_calendar_link(&mut self, account: Id, token_hash: Option<&str>) -> Result<()> {
        let had = sqlx::query("DELETE FROM calendar_link WHERE account_id = $1")
            .bind(account)
            .execute(&mut self.conn())
            .await
            .map_err(db)?
            .rows_affected()
            > 0;
        if let Some(hash) = token_hash {
            sqlx::query("INSERT INTO calendar_link (account_id, token_hash, created_at_us) VALUES ($1, $2, $3)")
                .bind(account)
                .bind(hash.to_owned())
                .bind(self.at_us)
                .execute(&mut self.conn())
                .await
                .map_err(db)?;
        }
        let action = match (had, token_hash.is_some()) {
            (false, true) => "created",
            (true, true) => "replaced",
            (true, false) => "removed",
            // Nothing to remove: nothing changed, nothing to record.
            (false, false) => return Ok(()),
        };
        let scope = format!("account:{account}");
        self.append(action, "calendar_link", account, scope, None, None).await
    }
}
