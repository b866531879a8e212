//! Appending one entry to the audit chain, in the write transaction that makes the change it records.

use secretariat_core::rules::audit::{entry_hash, AuditEntry};
use secretariat_core::Result;

use super::SqlTx;
use crate::error::db;
use crate::search;

impl SqlTx {
    /// Appends the entry that follows the transaction's head, and makes it the head.
    pub(super) async fn append(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: i64,
        scope: String,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<()> {
        let mut entry = AuditEntry {
            seq: self.seq + 1,
            at_us: self.at_us,
            occurred_at_us: self.occurred_us,
            actor: self.actor.clone(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id,
            scope,
            before,
            after,
            prev_hash: self.hash.clone(),
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry);
        sqlx::query(
            "INSERT INTO audit_log (seq, at_us, actor, action, entity, entity_id, scope, before_json, after_json, \
             prev_hash, hash, occurred_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(entry.seq)
        .bind(entry.at_us)
        .bind(entry.actor.clone())
        .bind(entry.action.clone())
        .bind(entry.entity.clone())
        .bind(entry.entity_id)
        .bind(entry.scope.clone())
        .bind(entry.before.clone())
        .bind(entry.after.clone())
        .bind(entry.prev_hash.clone())
        .bind(entry.hash.clone())
        .bind(entry.occurred_at_us)
        .execute(&mut self.conn())
        .await
        .map_err(db)?;
        self.seq = entry.seq;
        self.hash = entry.hash;
        Ok(())
    }

    /// Ends the transaction: the search index follows every text it wrote, the head row names the chain's new
    /// end, and once committed the head this process keeps moves there, before the write's answer is sent, so
    /// that the next read on this instance is keyed by it.
    pub(super) async fn seal(mut self: Box<Self>) -> Result<()> {
        let touched = self.touched.take();
        search::refresh(&mut self.conn(), touched).await?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(self.seq)
            .bind(self.hash.clone())
            .execute(&mut self.conn())
            .await
            .map_err(db)?;
        self.tx.commit().await.map_err(db)?;
        self.kept.committed((self.seq, self.hash));
        Ok(())
    }
}
