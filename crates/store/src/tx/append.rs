//! Appending entries to the audit chain, in the write transaction that makes the changes they record.
//!
//! Each entry is hashed and given its seq as it is appended, in order, but kept in the transaction and written
//! in multi-row `INSERT`s: when [`BATCH`] entries wait, and at [`SqlTx::seal`] before the head row moves. Nothing
//! reads `audit_log` inside a write transaction (the log is read from the pool, after commit), so an entry not yet
//! written is never missed; a transaction that fails or is dropped writes none of them, as before.

use secretariat_core::rules::audit::{entry_hash, AuditEntry};
use secretariat_core::Result;

use super::SqlTx;
use crate::error::db;
use crate::search;
use crate::shelf::{insert_rows, Val, PARAMS_A_STATEMENT};

const COLUMNS: usize = 12;

/// The entries written in one statement: 250 of 12 parameters each.
const BATCH: usize = PARAMS_A_STATEMENT / COLUMNS;

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
        self.seq = entry.seq;
        self.hash.clone_from(&entry.hash);
        self.unwritten.push(entry);
        if self.unwritten.len() >= BATCH {
            self.write_entries().await?;
        }
        Ok(())
    }

    /// Writes the entries appended and not yet written, in order, [`BATCH`] a statement.
    async fn write_entries(&mut self) -> Result<()> {
        let entries = std::mem::take(&mut self.unwritten);
        let mut c = self.conn();
        let rows = entries.into_iter().map(|e| {
            [
                Val::Int(Some(e.seq)),
                Val::Int(Some(e.at_us)),
                Val::text(e.actor),
                Val::text(e.action),
                Val::text(e.entity),
                Val::Int(Some(e.entity_id)),
                Val::text(e.scope),
                Val::Text(e.before),
                Val::Text(e.after),
                Val::text(e.prev_hash),
                Val::text(e.hash),
                Val::Int(e.occurred_at_us),
            ]
        });
        let rows: Vec<_> = rows.collect();
        let into =
            "audit_log (seq, at_us, actor, action, entity, entity_id, scope, before_json, after_json, prev_hash, \
                    hash, occurred_at_us)";
        insert_rows(&mut c, into, rows).await?;
        Ok(())
    }

    /// Ends the transaction: the search index follows every text it wrote, the entries still kept are written,
    /// the head row names the chain's new end, and once committed the head this process keeps moves there, before
    /// the write's answer is sent, so that the next read on this instance is keyed by it.
    pub(super) async fn seal(mut self: Box<Self>) -> Result<()> {
        let touched = self.touched.take();
        search::refresh(&mut self.conn(), touched).await?;
        self.write_entries().await?;
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
