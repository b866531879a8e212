//! Whether the application can serve: its store answers a read.

use serde::Serialize;

use super::Secretariat;
use crate::error::Result;

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
}
