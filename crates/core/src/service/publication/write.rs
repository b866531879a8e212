//! Writing publications: the press office of their publisher and the Secretariat; the lifecycle decides the
//! status and instants, the views the hits.

use tracing::instrument;

use super::{publication, Secretariat};
use crate::account::{AccountRole, Actor};
use crate::domain::{Id, Key, Kind, Publication, Publisher, Record, Visibility};
use crate::error::{Error, Result};
use crate::rules::publication::{may_write, next, Stage};
use crate::store::{Stored, Tx};

/// The publisher a publication names, if it is recorded.
async fn publisher_of(tx: &mut dyn Tx, key: &Key) -> Result<Publisher> {
    match tx.find(Kind::Publisher, key.as_str()).await? {
        Some(Stored { record: Record::Publisher(p), .. }) => Ok(p),
        _ => Err(Error::invalid("unknown_reference", format!("no publisher `{key}`"))),
    }
}

/// Checks what a publication names: a category of its publisher, meetings, public documents, and the original it
/// translates (of the same publisher, in another language). Also run on a scenario's publications.
pub(in crate::service) async fn check_publication(tx: &mut dyn Tx, p: &Publication) -> Result<()> {
    let publisher = publisher_of(tx, &p.publisher).await?;
    if publisher.category(&p.category).is_none() {
        return Err(Error::invalid(
            "unknown_category",
            format!("publisher `{}` has no category `{}`", p.publisher, p.category),
        ));
    }
    for key in &p.meetings {
        if tx.find(Kind::Meeting, key.as_str()).await?.is_none() {
            return Err(Error::invalid("unknown_reference", format!("no meeting with key `{key}`")));
        }
    }
    for key in &p.documents {
        // What the public reads may name only what the public may see.
        match tx.find(Kind::Document, key.as_str()).await? {
            Some(Stored { record: Record::Document(d), .. }) if d.visibility == Visibility::Public => {}
            _ => return Err(Error::invalid("unknown_reference", format!("no public document with key `{key}`"))),
        }
    }
    if let Some(original) = &p.translation_of {
        match tx.find(Kind::Publication, original.as_str()).await? {
            Some(Stored { record: Record::Publication(o), .. })
                if o.publisher == p.publisher && o.language != p.language && o.translation_of.is_none() => {}
            _ => {
                return Err(Error::invalid(
                    "invalid_translation",
                    format!("`{original}` is not an original of the same publisher in another language"),
                ))
            }
        }
    }
    Ok(())
}

/// The record with the lifecycle's stage.
fn staged(mut p: Publication, stage: Stage, hits: u64) -> Publication {
    p.status = stage.status;
    p.scheduled_at = stage.scheduled_at;
    p.published_at = stage.published_at;
    p.hits = hits;
    p
}

impl Secretariat {
    /// Writes a new publication as its publisher's press office (or the Secretariat): a draft, scheduled, or
    /// published at once. Its hits start at zero and its `published_at` is the lifecycle's.
    #[instrument(skip_all, fields(publication = %p.key))]
    pub async fn create_publication(&self, actor: &Actor, p: Publication) -> Result<Stored<Publication>> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        if !may_write(&actor.viewer(), &p.publisher) {
            return Err(Error::forbidden(
                "only the publisher's press office and the Secretariat write its publications",
            ));
        }
        check_publication(tx.as_mut(), &p).await?;
        let stage = next(None, p.status, p.scheduled_at, now)?;
        let record = Record::Publication(staged(p, stage, 0));
        record.check()?;
        let id = tx.insert(&record).await?;
        let stored = tx.get(Kind::Publication, id).await?.ok_or(Error::NotFound { what: "publication" })?;
        tx.commit().await?;
        publication(stored)
    }

    /// Changes a publication, if nobody changed it since `version`: its texts, links and status as the lifecycle
    /// allows (withdrawn keeps its URL and its published instant). One the actor may not see is not found.
    #[instrument(skip_all, fields(publication.id = id))]
    pub async fn change_publication(
        &self,
        actor: &Actor,
        id: Id,
        version: i64,
        p: Publication,
    ) -> Result<Stored<Publication>> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let before = tx.get_visible(Kind::Publication, id, &actor.viewer()).await?;
        let before = publication(before.ok_or(Error::NotFound { what: "publication" })?)?;
        if !may_write(&actor.viewer(), &before.record.publisher) {
            return Err(Error::forbidden(
                "only the publisher's press office and the Secretariat write its publications",
            ));
        }
        if before.version != version {
            return Err(Error::stale(before.version));
        }
        if p.publisher != before.record.publisher {
            return Err(Error::invalid("key_immutable", "a publication keeps its publisher"));
        }
        check_publication(tx.as_mut(), &p).await?;
        let stage = next(Some(Stage::of(&before.record)), p.status, p.scheduled_at, now)?;
        let record = Record::Publication(staged(p, stage, before.record.hits));
        record.check()?;
        tx.update(id, version, &record).await?;
        let stored = tx.get(Kind::Publication, id).await?.ok_or(Error::NotFound { what: "publication" })?;
        tx.commit().await?;
        publication(stored)
    }

    /// Publishes every scheduled publication whose instant has come. Safe from any number of instances at once:
    /// each is published by one conditional update with its audit entry, so exactly once.
    pub async fn publish_due_publications(&self) -> Result<usize> {
        let now = self.clock.now();
        let due = self.store.due_publications(now.as_microsecond()).await?;
        if due.is_empty() {
            return Ok(0);
        }
        let mut tx = self.store.begin(&Actor::system(), now).await?;
        let mut published = 0;
        for id in due {
            if tx.publish_scheduled(id, now).await? {
                published += 1;
                tracing::info!(publication.id = id, "scheduled publication published");
            }
        }
        tx.commit().await?;
        Ok(published)
    }

    /// Whether an account of `role` may write for the publisher `key`: a press account, of a recorded publisher.
    pub async fn check_publisher_of(&self, role: AccountRole, key: &Key) -> Result<()> {
        if role != AccountRole::Press {
            return Err(Error::invalid("invalid_account", "only a press account belongs to a publisher"));
        }
        match self.store.find(Kind::Publisher, key.as_str(), &crate::domain::Viewer::Public).await? {
            Some(_) => Ok(()),
            None => Err(Error::invalid("unknown_reference", format!("no publisher `{key}`"))),
        }
    }

    /// Makes a press account write for a publisher (administrators, and the command line as the system).
    pub async fn set_publisher(&self, actor: &Actor, username: &str, publisher: Option<Key>) -> Result<()> {
        if !matches!(actor.role, None | Some(AccountRole::Admin)) {
            return Err(Error::forbidden("only an administrator gives an account its publisher"));
        }
        let account = self.store.account_by_name(username).await?.ok_or(Error::NotFound { what: "account" })?;
        if let Some(key) = &publisher {
            self.check_publisher_of(account.role, key).await?;
        }
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        tx.set_account_publisher(username, publisher.as_ref()).await?;
        tx.commit().await
    }
}
