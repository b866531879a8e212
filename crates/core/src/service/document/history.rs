//! A document's history, step by step, read from its audit entries.

use std::collections::HashMap;

use super::*;
use crate::rules::history::{act_at, event_of, in_order, referred_to};

impl Secretariat {
    /// What happened to a document the viewer may see, oldest first by when each act happened (an act keyed in
    /// later, with the instant it happened, takes its place in time); who did it as the viewer may learn it.
    pub async fn document_history(&self, viewer: &Viewer, id: Id) -> Result<Vec<HistoryEntry>> {
        self.store.get(Kind::Document, id, viewer).await?.ok_or(Error::NotFound { what: "document" })?;
        let entries = self.store.audit_entries(Some(&format!("document:{id}")), None).await?;
        // The meetings it was referred to, those the viewer may see, in one read.
        let referred: Vec<Id> = entries.iter().filter_map(referred_to).collect();
        let meetings: HashMap<Id, Key> = self
            .store
            .get_many(Kind::Meeting, &referred, viewer)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Meeting(m) => Some((s.id, m.key)),
                _ => None,
            })
            .collect();
        let mut history = Vec::new();
        for entry in &entries {
            let Some(mut event) = event_of(entry) else { continue };
            if let (DocumentEvent::Referred { meeting }, Some(to)) = (&mut event, referred_to(entry)) {
                *meeting = meetings.get(&to).cloned();
            }
            history.push(HistoryEntry { at: act_at(entry), by: entry.actor.clone(), event });
        }
        let mut history = in_order(history);
        self.actors_as_seen(viewer, &mut history, |h| &mut h.by).await?;
        Ok(history)
    }
}
