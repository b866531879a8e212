//! Whether the application can serve (its store answers a read), and whether its audit log is whole.

use serde::Serialize;

use super::Secretariat;
use crate::error::Result;
use crate::rules::audit::{Break, Walk};

/// How many audit entries a verification reads at a time: its memory does not grow with the log.
const AUDIT_PAGE: i64 = 10_000;

/// The answer of a health check: which engine holds the record.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// `sqlite` or `postgres`.
    pub engine: &'static str,
}

impl Secretariat {
    /// Checks that the store answers by reading the head of the audit log, the cheapest read every store has.
    pub async fn health(&self) -> Result<Health> {
        self.store.audit_head().await?;
        Ok(Health { engine: self.store.engine() })
    }

    /// The state of the whole record: the number and hash of the last audit entry, which every write moves on.
    /// What a conditional GET and the cached views are keyed by: an answer made at one head is the same answer
    /// while the head stays. The head this process keeps, read from the database only the first time: every
    /// commit here moves it before it returns, and [`Secretariat::poll_record_head`] brings the others' writes.
    pub async fn record_head(&self) -> Result<(i64, String)> {
        match self.store.kept_head() {
            Some(head) => Ok(head),
            None => self.store.poll_head().await,
        }
    }

    /// Reads the head from the database into the kept one, for the writes of other instances and processes.
    pub async fn poll_record_head(&self) -> Result<(i64, String)> {
        self.store.poll_head().await
    }

    /// Verifies the whole audit chain against the head the writers last recorded: the number of entries, or the
    /// first break (an entry edited, removed, or the newest ones cut off).
    pub async fn verify_audit(&self) -> Result<std::result::Result<u64, Break>> {
        // The head first: entries written during the walk come after it and are left for the next verification.
        let (seq, hash) = self.store.audit_head().await?;
        let mut walk = Walk::default();
        while walk.last_seq() < seq {
            let page = self.store.audit_page(walk.last_seq(), AUDIT_PAGE).await?;
            let Some(last) = page.last().map(|e| e.seq) else { break };
            for e in page.iter().take_while(|e| e.seq <= seq) {
                if let Err(b) = walk.step(e) {
                    return Ok(Err(b));
                }
            }
            if last > seq {
                break;
            }
        }
        Ok(walk.end((seq, &hash)))
    }

    /// Whether an account of that user name exists (the command line's demo, which creates the missing ones).
    pub async fn account_exists(&self, username: &str) -> Result<bool> {
        Ok(self.store.account_by_name(username).await?.is_some())
    }
}
