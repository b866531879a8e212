//! A document's history, step by step, read from its audit entries.

use super::*;
use crate::rules::history::{act_at, event_of, referred_to};

impl Secretariat {
    /// What happened to a document the viewer may see, oldest first by when each act happened (an act keyed in
    /// later, with the instant it happened, takes its place in time); who did it as the viewer may learn it.
    pub async fn document_history(&self, viewer: &Viewer, id: Id) -> Result<Vec<HistoryEntry>> {
        self.store.get(Kind::Document, id, viewer).await?.ok_or(Error::NotFound { what: "document" })?;
        let entries = self.store.audit_entries(Some(&format!("document:{id}")), None).await?;
        let mut history = Vec::new();
        for entry in &entries {
            let Some(mut event) = event_of(entry) else { continue };
            if let (DocumentEvent::Referred { meeting }, Some(to)) = (&mut event, referred_to(entry)) {
                *meeting = match self.store.get(Kind::Meeting, to, viewer).await? {
                    Some(Stored { record: Record::Meeting(m), .. }) => Some(m.key),
                    _ => None,
                };
            }
            history.push(HistoryEntry { at: act_at(entry), by: entry.actor.clone(), event });
        }
        // A draft was made before anything else happened to it (an import gives no instant of its own for it).
        let first = history.iter().filter(|h| h.event != DocumentEvent::Drafted).map(|h| h.at).min();
        for h in history.iter_mut().filter(|h| h.event == DocumentEvent::Drafted) {
            h.at = first.map_or(h.at, |f| f.min(h.at));
        }
        // Stable: acts of one instant keep the order they were written in.
        history.sort_by_key(|h| h.at);
        self.actors_as_seen(viewer, &mut history, |h| &mut h.by).await?;
        Ok(history)
    }
}
