//! The press's writes beyond its records: publishing a scheduled item at its instant, and the publisher of a
//! press account.

use jiff::Timestamp;
use secretariat_core::domain::{Id, Key, Kind, Viewer};
use secretariat_core::{Error, Result};

use super::SqlTx;
use crate::error::db;
use crate::{publications, records};

impl SqlTx {
    /// One conditional update (`WHERE status = 'scheduled' AND scheduled_at <= now`) and its audit entry, in this
    /// serialised transaction: however many instances run the task, the item is published once.
    pub(super) async fn publish(&mut self, publication: Id, now: Timestamp) -> Result<bool> {
        let Some(before) = records::get(&mut self.conn(), Kind::Publication, publication, &Viewer::Secretariat).await?
        else {
            return Ok(false);
        };
        if !publications::publish(&mut self.conn(), publication, now.as_microsecond()).await? {
            return Ok(false);
        }
        let after = records::get(&mut self.conn(), Kind::Publication, publication, &Viewer::Secretariat)
            .await?
            .ok_or(Error::NotFound { what: "publication" })?;
        let scope = format!("publication:{publication}");
        let (before, after) = (before.record.to_json(), after.record.to_json());
        self.append("published", "publication", publication, scope, Some(before), Some(after)).await?;
        Ok(true)
    }

    pub(super) async fn set_publisher(&mut self, username: &str, publisher: Option<&Key>) -> Result<()> {
        let done = sqlx::query("UPDATE account SET publisher = $1 WHERE username = $2 RETURNING id")
            .bind(publisher.map(|p| p.as_str().to_owned()))
            .bind(username.to_owned())
            .fetch_optional(&mut self.conn())
            .await
            .map_err(db)?;
        let Some(row) = done else { return Err(Error::NotFound { what: "account" }) };
        let id: i64 = sqlx::Row::try_get(&row, 0).map_err(db)?;
        let after = serde_json::json!({"username": username, "publisher": publisher.map(|p| p.as_str())});
        self.append("changed", "account", id, format!("account:{id}"), None, Some(after.to_string())).await
    }
}
