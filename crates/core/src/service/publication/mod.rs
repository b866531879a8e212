//! Publications of the press: read as the viewer may see them (a view that counts is a hit), written by their
//! publisher's press office and the Secretariat, published by the background task at their scheduled instant.

mod desk;
mod write;

pub use desk::FEED_LENGTH;

pub(super) use write::check_publication;

use jiff::civil::Date;
use serde::Serialize;
use tracing::instrument;

use super::Secretariat;
use crate::domain::{Id, Key, Kind, Lang, Publication, Publisher, Record, Text, Viewer};
use crate::error::{Error, Result};
use crate::rules::publication::counts_hit;
use crate::store::{Filter, Stored};

/// Another language of the same publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TranslationRef {
    pub id: Id,
    pub key: Key,
    pub language: Lang,
}

/// A meeting or document a publication is about, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RelatedRef {
    pub id: Id,
    pub key: Key,
    /// The meeting's body, or the document's title.
    pub name: Text,
    /// The meeting's first day.
    #[schema(value_type = Option<String>, format = Date)]
    pub on: Option<Date>,
}

/// A publication as read: the record, and its other languages that the viewer may see.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PublicationView {
    #[serde(flatten)]
    pub publication: Stored<Publication>,
    pub translations: Vec<TranslationRef>,
    /// The publisher, for its name, zone and category names.
    #[serde(skip)]
    pub publisher: Publisher,
    #[serde(skip)]
    pub related_meetings: Vec<RelatedRef>,
    #[serde(skip)]
    pub related_documents: Vec<RelatedRef>,
}

/// A stored record as a publication.
pub(super) fn publication(stored: Stored<Record>) -> Result<Stored<Publication>> {
    match stored.record {
        Record::Publication(p) => Ok(Stored { id: stored.id, version: stored.version, record: p }),
        _ => Err(Error::NotFound { what: "publication" }),
    }
}

impl Secretariat {
    /// A page of the publications the viewer may see, and the cursor of the next page.
    pub async fn publications(&self, filter: &Filter) -> Result<(Vec<Stored<Publication>>, Option<Id>)> {
        let (rows, next) = self.list(Kind::Publication, filter).await?;
        Ok((rows.into_iter().map(publication).collect::<Result<_>>()?, next))
    }

    /// Every publisher (publishers are public).
    pub async fn publishers(&self) -> Result<Vec<Publisher>> {
        let rows = self.store.list(Kind::Publisher, &Filter::new(Viewer::Public)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Publisher(p) => Some(p),
                _ => None,
            })
            .collect())
    }

    /// One publication by id or key, if the viewer may see it. A view of a published item by anyone but its own
    /// press office is a hit, counted by one atomic update.
    #[instrument(skip_all, fields(publication = reference))]
    pub async fn read_publication(&self, viewer: &Viewer, reference: &str) -> Result<PublicationView> {
        let found = match reference.parse::<Id>() {
            Ok(id) => self.store.get(Kind::Publication, id, viewer).await?,
            Err(_) => self.store.find(Kind::Publication, reference, viewer).await?,
        };
        let mut stored = publication(found.ok_or(Error::NotFound { what: "publication" })?)?;
        let p = &stored.record;
        if counts_hit(viewer, &p.publisher, p.status) {
            self.store.count_hit(stored.id).await?;
            stored.record.hits += 1;
        }
        let p = &stored.record;
        let publisher = match self.store.find(Kind::Publisher, p.publisher.as_str(), viewer).await? {
            Some(Stored { record: Record::Publisher(publisher), .. }) => publisher,
            _ => return Err(Error::Storage(format!("publication {} has no publisher", p.key))),
        };
        let translations = self.translations(viewer, p).await?;
        let related_meetings = self.related_meetings(viewer, &p.meetings).await?;
        let related_documents = self.related_documents(viewer, &p.documents).await?;
        Ok(PublicationView { publication: stored, translations, publisher, related_meetings, related_documents })
    }

    /// The publications about a meeting or a document (by key) that the viewer may see, newest first.
    pub async fn publications_about(&self, viewer: &Viewer, kind: Kind, key: &Key) -> Result<Vec<Stored<Publication>>> {
        let mut filter = Filter::new(viewer.clone());
        match kind {
            Kind::Meeting => filter.about_meeting = Some(key.clone()),
            Kind::Document => filter.about_document = Some(key.clone()),
            _ => return Ok(Vec::new()),
        }
        let mut rows = self.publications(&filter).await?.0;
        rows.sort_by_key(|r| std::cmp::Reverse(r.record.published_at));
        Ok(rows)
    }

    async fn translations(&self, viewer: &Viewer, p: &Publication) -> Result<Vec<TranslationRef>> {
        let original = p.translation_of.as_ref().unwrap_or(&p.key);
        let mut filter = Filter::new(viewer.clone());
        filter.owner = Some(p.publisher.clone());
        let (siblings, _) = self.publications(&filter).await?;
        Ok(siblings
            .into_iter()
            .filter(|s| s.record.key != p.key)
            .filter(|s| &s.record.key == original || s.record.translation_of.as_ref() == Some(original))
            .map(|s| TranslationRef { id: s.id, key: s.record.key, language: s.record.language })
            .collect())
    }

    async fn related_meetings(&self, viewer: &Viewer, keys: &[Key]) -> Result<Vec<RelatedRef>> {
        let mut out = Vec::new();
        for key in keys {
            let Some(Stored { id, record: Record::Meeting(m), .. }) =
                self.store.find(Kind::Meeting, key.as_str(), viewer).await?
            else {
                continue;
            };
            let body = self.store.find(Kind::Body, &format!("{}/{}", m.organisation, m.body), viewer).await?;
            let Some(Stored { record: Record::Body(body), .. }) = body else { continue };
            out.push(RelatedRef { id, key: m.key, name: body.name, on: Some(m.starts_on) });
        }
        Ok(out)
    }

    async fn related_documents(&self, viewer: &Viewer, keys: &[Key]) -> Result<Vec<RelatedRef>> {
        let mut out = Vec::new();
        for key in keys {
            if let Some(Stored { id, record: Record::Document(d), .. }) =
                self.store.find(Kind::Document, key.as_str(), viewer).await?
            {
                out.push(RelatedRef { id, key: d.key, name: d.title, on: None });
            }
        }
        Ok(out)
    }
}
