//! The agenda: numbered items, adoption, and the change log of an adopted agenda.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::Secretariat;
use crate::account::Actor;
use crate::domain::{AgendaItem, AgendaStatus, At, Id, Kind, Record, Viewer};
use crate::error::{Error, Result};
use crate::rules::agenda as rule;
use crate::store::{AgendaState, Filter, Stored, Tx};

async fn items_of(tx: &mut dyn Tx, meeting: Id) -> Result<Vec<(Stored<Record>, AgendaItem)>> {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.meeting = Some(meeting);
    filter.limit = u32::MAX;
    Ok(tx
        .list(Kind::AgendaItem, &filter)
        .await?
        .into_iter()
        .filter_map(|s| match &s.record {
            Record::AgendaItem(i) => {
                let item = i.clone();
                Some((s, item))
            }
            _ => None,
        })
        .collect())
}

async fn meeting_id(tx: &mut dyn Tx, item: &AgendaItem) -> Result<Id> {
    tx.find(Kind::Meeting, item.meeting.as_str())
        .await?
        .map(|m| m.id)
        .ok_or_else(|| Error::invalid("unknown_reference", format!("no meeting with key `{}`", item.meeting)))
}

async fn renumber(
    tx: &mut dyn Tx,
    items: &[(Stored<Record>, AgendaItem)],
    skip: Id,
    moves: &[(u16, u16)],
) -> Result<()> {
    for (stored, item) in items.iter().filter(|(s, _)| s.id != skip) {
        if let Some((_, new)) = moves.iter().find(|(old, _)| *old == item.number) {
            let moved = AgendaItem { number: *new, ..item.clone() };
            tx.update(stored.id, stored.version, &Record::AgendaItem(moved)).await?;
        }
    }
    Ok(())
}

/// Inserts an item at its number, moving the items from that number on one place down.
pub(super) async fn insert_item(tx: &mut dyn Tx, item: &AgendaItem) -> Result<Id> {
    let meeting = meeting_id(tx, item).await?;
    super::relations::check_relations(tx, &Record::AgendaItem(item.clone())).await?;
    let items = items_of(tx, meeting).await?;
    let number = rule::insertion_number(items.len(), Some(item.number))?;
    let moves: Vec<(u16, u16)> =
        items.iter().filter(|(_, i)| i.number >= number).map(|(_, i)| (i.number, i.number + 1)).collect();
    renumber(tx, &items, 0, &moves).await?;
    tx.insert(&Record::AgendaItem(item.clone())).await
}

/// Changes an item; a new number moves it, and the items between shift to keep 1…n.
pub(super) async fn change_item(tx: &mut dyn Tx, id: Id, version: i64, item: &AgendaItem) -> Result<()> {
    let old = match tx.get(Kind::AgendaItem, id).await? {
        Some(Stored { record: Record::AgendaItem(old), .. }) => old,
        _ => return Err(Error::NotFound { what: "agenda_item" }),
    };
    if old.meeting != item.meeting {
        return Err(Error::invalid("invalid_agenda_item", "an agenda item cannot move to another meeting"));
    }
    super::relations::check_relations(tx, &Record::AgendaItem(item.clone())).await?;
    tx.update(id, version, &Record::AgendaItem(item.clone())).await?;
    if old.number != item.number {
        let meeting = meeting_id(tx, item).await?;
        let items = items_of(tx, meeting).await?;
        let count = u16::try_from(items.len()).map_err(|_| Error::invalid("agenda_too_long", "too many items"))?;
        let moves = rule::renumber_for_move(count, old.number, item.number)?;
        renumber(tx, &items, id, &moves).await?;
    }
    Ok(())
}

/// Deletes an item; the items after it move up one place.
pub(super) async fn delete_item(tx: &mut dyn Tx, id: Id, version: i64) -> Result<()> {
    let old = match tx.get(Kind::AgendaItem, id).await? {
        Some(Stored { record: Record::AgendaItem(old), .. }) => old,
        _ => return Err(Error::NotFound { what: "agenda_item" }),
    };
    tx.delete(Kind::AgendaItem, id, version).await?;
    let meeting = meeting_id(tx, &old).await?;
    let items = items_of(tx, meeting).await?;
    let moves: Vec<(u16, u16)> =
        items.iter().filter(|(_, i)| i.number > old.number).map(|(_, i)| (i.number, i.number - 1)).collect();
    renumber(tx, &items, id, &moves).await
}

/// One change to an adopted agenda: who, when, and the item before and after.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaChange {
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub before: Option<AgendaItem>,
    pub after: Option<AgendaItem>,
}

/// One item's new number, with the version of the item it was read at.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemNumber {
    pub id: Id,
    pub version: i64,
    pub number: u16,
}

impl Secretariat {
    /// Numbers a meeting's agenda anew in one write: every item gets the number asked, 1…n without gaps; an item
    /// changed since it was read is a conflict and nothing is written.
    #[instrument(skip_all, fields(meeting.id = meeting))]
    pub async fn renumber_agenda(&self, actor: &Actor, meeting: Id, numbers: &[ItemNumber]) -> Result<AgendaState> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        if tx.get_visible(Kind::Meeting, meeting, &actor.viewer()).await?.is_none() {
            return Err(Error::NotFound { what: "meeting" });
        }
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat numbers an agenda"));
        }
        let items = items_of(tx.as_mut(), meeting).await?;
        let current: Vec<(Id, u16)> = items.iter().map(|(s, i)| (s.id, i.number)).collect();
        let asked: Vec<(Id, u16)> = numbers.iter().map(|n| (n.id, n.number)).collect();
        let changes = rule::renumbering(&current, &asked)?;
        let changed_since = |s: &Stored<Record>| numbers.iter().any(|n| n.id == s.id && n.version != s.version);
        if let Some((stale, _)) = items.iter().find(|(s, _)| changed_since(s)) {
            return Err(Error::stale(stale.version));
        }
        for (stored, item) in &items {
            if let Some((_, number)) = changes.iter().find(|(id, _)| *id == stored.id) {
                let moved = AgendaItem { number: *number, ..item.clone() };
                tx.update(stored.id, stored.version, &Record::AgendaItem(moved)).await?;
            }
        }
        let state = tx.agenda(meeting).await?;
        tx.commit().await?;
        Ok(state)
    }

    /// Adopts a meeting's provisional agenda; later changes to it are logged.
    #[instrument(skip_all, fields(meeting.id = meeting))]
    pub async fn adopt_agenda(&self, actor: &Actor, meeting: Id, at: Option<At>) -> Result<AgendaState> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let Some(Stored { record: Record::Meeting(m), .. }) =
            tx.get_visible(Kind::Meeting, meeting, &actor.viewer()).await?
        else {
            return Err(Error::NotFound { what: "meeting" });
        };
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat records the adoption of an agenda"));
        }
        let venue = super::acts::at_meeting(tx.as_mut(), &m).await?;
        let act = super::acts::record_act(tx.as_mut(), actor, at, now, Some(&venue), &[])?;
        let state = tx.agenda(meeting).await?;
        let numbers: Vec<u16> = items_of(tx.as_mut(), meeting).await?.iter().map(|(_, i)| i.number).collect();
        rule::check_adoptable(state.status, &numbers)?;
        let adopted = AgendaState {
            status: AgendaStatus::Adopted,
            adopted_at: Some(act.at),
            adopted_by: Some(actor.name.clone()),
        };
        tx.set_agenda(meeting, &adopted, "adopted").await?;
        tx.commit().await?;
        Ok(adopted)
    }

    /// The changes made to a meeting's agenda since its adoption, of the items the viewer may see.
    pub async fn agenda_changes(&self, viewer: &Viewer, meeting: Id) -> Result<Vec<AgendaChange>> {
        self.store.get(Kind::Meeting, meeting, viewer).await?.ok_or(Error::NotFound { what: "meeting" })?;
        let state = self.store.agenda(meeting).await?;
        if state.adopted_at.is_none() || !rule::change_is_logged(state.status) {
            return Ok(Vec::new());
        }
        let parse = |raw: &Option<String>| raw.as_deref().and_then(|r| serde_json::from_str::<AgendaItem>(r).ok());
        // Changes after the adoption, in the order of the log: by sequence, not by clock, since instances' clocks
        // may differ and several writes may share an instant.
        let entries = self.store.audit_entries(Some(&format!("meeting:{meeting}")), None).await?;
        let adopted_at =
            entries.iter().rev().find(|e| e.entity == "agenda" && e.action == "adopted").map_or(0, |e| e.seq);
        let changes = entries
            .into_iter()
            .filter(|e| e.seq > adopted_at && e.entity == Kind::AgendaItem.as_str())
            .map(|e| AgendaChange {
                at: Timestamp::from_microsecond(e.at_us).unwrap_or(Timestamp::UNIX_EPOCH),
                before: parse(&e.before),
                after: parse(&e.after),
                actor: e.actor,
                action: e.action,
            })
            // Audit entries are immutable snapshots, so this one list is filtered by the visibility rule itself.
            .filter(|c| [&c.before, &c.after].into_iter().flatten().all(|i| viewer.may_see(i.visibility, &[])))
            .collect();
        self.agenda_changes_as_seen(viewer, changes).await
    }
}
