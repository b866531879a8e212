//! The press officer's desk and the public's feed: the publishers she writes for, her drafts and scheduled items,
//! who last changed one (for a form refused as stale), and the published items every reader may subscribe to.

use jiff::Timestamp;

use super::Secretariat;
use crate::domain::{Id, Kind, Publication, PublicationStatus, Publisher, Viewer};
use crate::error::{Error, Result};
use crate::rules::publication::may_write;
use crate::store::{Filter, Stored};

/// Who last changed a record, and when: the one type the meeting's parts use too.
pub use crate::service::meeting::LastChange;

/// The most publications a feed carries: the newest.
pub const FEED_LENGTH: usize = 50;

impl Secretariat {
    /// Every page of a list, in id order.
    async fn all_publications(&self, mut filter: Filter) -> Result<Vec<Stored<Publication>>> {
        let mut rows = Vec::new();
        loop {
            let (page, next) = self.publications(&filter).await?;
            rows.extend(page);
            match next {
                Some(after) => filter.after = Some(after),
                None => return Ok(rows),
            }
        }
    }

    /// The publishers whose publications the viewer may write: her own press office's, or every one for the
    /// Secretariat; none for anyone else.
    pub async fn publishers_written_by(&self, viewer: &Viewer) -> Result<Vec<Publisher>> {
        Ok(self.publishers().await?.into_iter().filter(|p| may_write(viewer, &p.key)).collect())
    }

    /// The drafts and scheduled items the viewer may write, the scheduled first by their instant, then the drafts.
    pub async fn unpublished(&self, viewer: &Viewer) -> Result<Vec<Stored<Publication>>> {
        let mut rows = Vec::new();
        for publisher in self.publishers_written_by(viewer).await? {
            let mut filter = Filter::new(viewer.clone());
            filter.owner = Some(publisher.key);
            rows.extend(self.all_publications(filter).await?.into_iter().filter(|p| !p.record.status.is_public()));
        }
        rows.sort_by_key(|p| (p.record.status != PublicationStatus::Scheduled, p.record.scheduled_at, p.id));
        Ok(rows)
    }

    /// Who last changed a publication the viewer may see, and when; a hidden one is not found.
    pub async fn publication_change(&self, viewer: &Viewer, id: Id) -> Result<Option<LastChange>> {
        self.store.get(Kind::Publication, id, viewer).await?.ok_or(Error::NotFound { what: "publication" })?;
        let scope = format!("publication:{id}");
        let entries = self.store.audit_entries(Some(scope.as_str()), None).await?;
        Ok(entries
            .into_iter()
            .rev()
            .find(|e| e.entity == "publication" && e.entity_id == id)
            .and_then(|e| Some(LastChange { by: e.actor, at: Timestamp::from_microsecond(e.at_us).ok()? })))
    }

    /// The feed's items: what the public may see and is published (not withdrawn), in a category and a language
    /// if asked, newest first, at most [`FEED_LENGTH`].
    pub async fn publication_feed(&self, mut filter: Filter) -> Result<Vec<Stored<Publication>>> {
        filter.viewer = Viewer::Public;
        filter.after = None;
        let mut rows: Vec<_> = self
            .all_publications(filter)
            .await?
            .into_iter()
            .filter(|p| p.record.status == PublicationStatus::Published)
            .collect();
        rows.sort_by(|a, b| b.record.published_at.cmp(&a.record.published_at).then(b.id.cmp(&a.id)));
        rows.truncate(FEED_LENGTH);
        Ok(rows)
    }
}
