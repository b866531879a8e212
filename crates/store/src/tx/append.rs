//! Appending one entry to the audit chain, in the write transaction that makes the change it records.

use secretariat_core::rules::audit::{entry_hash, AuditEntry};
use secretariat_core::Result;

use super::SqlTx;
use crate::error::db;

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
}
