//! What a document's page offers besides the document: the meetings it may be referred to, and its corrigenda and
//! addenda.

use super::*;
use crate::service::MeetingSummary;

impl Secretariat {
    /// The meetings `doc` may be referred to, as the viewer may see them: those of the higher bodies of its body,
    /// in its organisation; the meetings not over first (the soonest first), then the past ones (the latest first).
    pub async fn referral_meetings(&self, viewer: &Viewer, doc: &Document) -> Result<Vec<MeetingSummary>> {
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = Some(doc.organisation.clone());
        filter.limit = u32::MAX;
        let (bodies, _) = self.list(Kind::Body, &filter).await?;
        let parents = bodies.into_iter().find_map(|s| match s.record {
            Record::Body(b) if b.code == doc.body => Some(b.parents),
            _ => None,
        });
        let mut meetings = Vec::new();
        for parent in parents.unwrap_or_default() {
            let mut of_body = filter.clone();
            of_body.body = Some(parent);
            meetings.extend(self.meetings(&of_body).await?.0);
        }
        let today = self.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
        meetings.sort_by(|a, b| {
            crate::rules::actions::upcoming_first(today, (a.starts_on, a.ends_on), (b.starts_on, b.ends_on))
        });
        Ok(meetings)
    }

    /// The corrigenda and addenda of the document `key` that the viewer may see, in the order they were drafted.
    pub async fn amendments(&self, viewer: &Viewer, key: &Key) -> Result<Vec<DocumentView>> {
        let mut filter = Filter::new(viewer.clone());
        filter.owner = Some(key.clone());
        filter.limit = u32::MAX;
        let ids: Vec<Id> = self.store.list(Kind::Document, &filter).await?.into_iter().map(|s| s.id).collect();
        self.document_views(viewer, &ids).await
    }
}
