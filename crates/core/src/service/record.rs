//! Creating, changing and deleting records of the standing record, and reading them back.

use tracing::instrument;

use super::Secretariat;
use crate::account::Actor;
use crate::domain::{Id, Kind, Record, Viewer};
use crate::error::{Error, Result};
use crate::store::{Filter, Stored, Tx};

fn require_keeper(actor: &Actor) -> Result<()> {
    if actor.keeps_the_record() {
        Ok(())
    } else {
        Err(Error::forbidden("only the Secretariat may change the record"))
    }
}

/// A record the actor may not see answers, to her, exactly as one that does not exist: before any role check.
async fn require_visible(tx: &mut dyn Tx, actor: &Actor, kind: Kind, id: Id) -> Result<()> {
    match tx.get_visible(kind, id, &actor.viewer()).await? {
        Some(_) => Ok(()),
        None => Err(Error::NotFound { what: kind.as_str() }),
    }
}

impl Secretariat {
    /// Creates a record.
    #[instrument(skip_all, fields(kind = record.kind().as_str()))]
    pub async fn create(&self, actor: &Actor, record: Record) -> Result<Stored<Record>> {
        require_keeper(actor)?;
        record.check()?;
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let id = match &record {
            Record::AgendaItem(item) => super::agenda::insert_item(tx.as_mut(), item).await?,
            _ => {
                super::relations::check_relations(tx.as_mut(), &record).await?;
                tx.insert(&record).await?
            }
        };
        let stored = tx.get(record.kind(), id).await?.ok_or(Error::NotFound { what: "record" })?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Replaces a record, if nobody changed it since `version`.
    #[instrument(skip_all, fields(kind = record.kind().as_str(), id))]
    pub async fn change(&self, actor: &Actor, id: Id, version: i64, record: Record) -> Result<Stored<Record>> {
        let kind = record.kind();
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        require_visible(tx.as_mut(), actor, kind, id).await?;
        require_keeper(actor)?;
        record.check()?;

        match &record {
            Record::AgendaItem(item) => super::agenda::change_item(tx.as_mut(), id, version, item).await?,
            _ => {
                super::relations::check_relations(tx.as_mut(), &record).await?;
                tx.update(id, version, &record).await?;
            }
        }
        let stored = tx.get(kind, id).await?.ok_or(Error::NotFound { what: kind.as_str() })?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Deletes a record, if nobody changed it since `version`.
    #[instrument(skip_all, fields(kind = kind.as_str(), id))]
    pub async fn delete(&self, actor: &Actor, kind: Kind, id: Id, version: i64) -> Result<()> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        require_visible(tx.as_mut(), actor, kind, id).await?;
        require_keeper(actor)?;
        match kind {
            Kind::AgendaItem => super::agenda::delete_item(tx.as_mut(), id, version).await?,
            _ => tx.delete(kind, id, version).await?,
        }
        tx.commit().await
    }

    /// One record, if the viewer may see it.
    pub async fn get(&self, viewer: &Viewer, kind: Kind, id: Id) -> Result<Stored<Record>> {
        self.store.get(kind, id, viewer).await?.ok_or(Error::NotFound { what: kind.as_str() })
    }

    /// Records of one kind by id, those the viewer may see, in one read (a page's forms for each of its parts).
    pub async fn get_many(&self, viewer: &Viewer, kind: Kind, ids: &[Id]) -> Result<Vec<Stored<Record>>> {
        self.store.get_many(kind, ids, viewer).await
    }

    /// One record by its code or key, if the viewer may see it.
    pub async fn find(&self, viewer: &Viewer, kind: Kind, key: &str) -> Result<Stored<Record>> {
        self.store.find(kind, key, viewer).await?.ok_or(Error::NotFound { what: kind.as_str() })
    }

    /// A page of records, and the cursor of the next page.
    pub async fn list(&self, kind: Kind, filter: &Filter) -> Result<(Vec<Stored<Record>>, Option<Id>)> {
        let mut probe = filter.clone();
        probe.limit = filter.limit.saturating_add(1);
        let mut rows = self.store.list(kind, &probe).await?;
        let limit = usize::try_from(filter.limit).unwrap_or(usize::MAX);
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| r.id)
        } else {
            None
        };
        Ok((rows, next))
    }
}
