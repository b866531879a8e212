//! An organisation's plans and roadmaps with their items, in a number of reads that does not grow with them; the
//! Secretariat's use cases on plan items (add one at the next number, change one, add a progress report); and the
//! Secretariat's entries in the legal basis register (a state's signature and ratification, a treaty's entry into
//! force).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;
use tracing::instrument;

use super::Secretariat;
use crate::account::Actor;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::store::{Filter, Stored};

/// Whether a viewer keeps the plans and the legal basis register: adds and changes plan items, records progress,
/// signatures, ratifications and entry into force. The Secretariat alone.
pub fn keeps_plans(viewer: &Viewer) -> bool {
    matches!(viewer, Viewer::Secretariat)
}

/// A plan or roadmap with its items, as a viewer may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    pub id: Id,
    pub version: i64,
    pub document: Document,
    pub status: DocumentStatus,
    /// The register symbol; none while provisional.
    pub symbol: Option<String>,
    /// Its items by number, each with its id and version.
    pub items: Vec<Stored<PlanItem>>,
}

/// An organisation's plans and roadmaps, with what the viewer may do on them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlansView {
    pub organisation: Organisation,
    pub plans: Vec<PlanView>,
    /// The meetings the organisation's consultations became, and every meeting of the organisation for the
    /// Secretariat's forms, by key.
    pub meetings: Vec<Meeting>,
    /// Whether the viewer may add and change items and record progress.
    pub may_keep: bool,
}

/// A plan item as typed, before it is numbered: `number` none goes last.
#[derive(Debug, Clone)]
pub struct PlanItemInput {
    pub number: Option<u16>,
    pub title: Text,
    pub kind: PlanItemKind,
    pub period: Period,
    pub responsible: Vec<Sponsor>,
    pub status: PlanItemStatus,
    pub meeting: Option<Key>,
}

/// The number after the highest one taken.
pub fn next_number(taken: &[u16]) -> u16 {
    taken.iter().max().map_or(1, |n| n.saturating_add(1))
}

impl Secretariat {
    /// The organisation's plans and roadmaps the viewer may see, each with its items, in a number of reads that
    /// does not grow with plans or items.
    #[instrument(skip_all, fields(organisation = %code))]
    pub async fn plans(&self, viewer: &Viewer, code: &Code) -> Result<PlansView> {
        let organisation = self.organisation(code).await?;
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = Some(code.clone());
        filter.limit = u32::MAX;
        let documents: Vec<(Id, i64, Document)> = self
            .store
            .list(Kind::Document, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Document(d) if matches!(d.kind, DocumentKind::Plan | DocumentKind::Roadmap) => {
                    Some((s.id, s.version, d))
                }
                _ => None,
            })
            .collect();
        let ids: Vec<Id> = documents.iter().map(|(id, _, _)| *id).collect();
        let mut states: BTreeMap<Id, _> = self.store.document_states(&ids).await?.into_iter().collect();
        // Every item of the organisation's plans in one read; the store shows those of plans the viewer sees.
        let mut items: BTreeMap<Key, Vec<Stored<PlanItem>>> = BTreeMap::new();
        for s in self.store.list(Kind::PlanItem, &filter).await? {
            if let Record::PlanItem(item) = s.record {
                items.entry(item.plan.clone()).or_default().push(Stored { id: s.id, version: s.version, record: item });
            }
        }
        let meetings: Vec<Meeting> = self
            .store
            .list(Kind::Meeting, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Meeting(m) => Some(m),
                _ => None,
            })
            .collect();
        let plans = documents
            .into_iter()
            .filter_map(|(id, version, document)| {
                let state = states.remove(&id)?;
                let mut items = items.remove(&document.key).unwrap_or_default();
                items.sort_by_key(|i| (i.record.number, i.id));
                Some(PlanView { id, version, status: state.status, symbol: state.symbol, items, document })
            })
            .collect();
        Ok(PlansView { organisation, plans, meetings, may_keep: keeps_plans(viewer) })
    }

    /// The plan the actor may see, by id: a document of kind plan or roadmap.
    async fn visible_plan(&self, actor: &Actor, plan: Id) -> Result<Document> {
        match self.store.get(Kind::Document, plan, &actor.viewer()).await? {
            Some(Stored { record: Record::Document(d), .. })
                if matches!(d.kind, DocumentKind::Plan | DocumentKind::Roadmap) =>
            {
                Ok(d)
            }
            Some(_) => Err(Error::invalid("not_a_plan", "the document is not a plan or roadmap")),
            None => Err(Error::NotFound { what: "document" }),
        }
    }

    /// The numbers the plan's items hold, but `except`'s.
    async fn numbers_taken(&self, plan: &Key, except: Option<Id>) -> Result<Vec<u16>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.owner = Some(plan.clone());
        filter.limit = u32::MAX;
        Ok(self
            .store
            .list(Kind::PlanItem, &filter)
            .await?
            .into_iter()
            .filter(|s| Some(s.id) != except)
            .filter_map(|s| match s.record {
                Record::PlanItem(i) => Some(i.number),
                _ => None,
            })
            .collect())
    }

    /// The Secretariat adds an item to a plan: at the number given, if free, else after the last.
    #[instrument(skip_all, fields(document.id = plan))]
    pub async fn add_plan_item(&self, actor: &Actor, plan: Id, input: PlanItemInput) -> Result<Stored<Record>> {
        let document = self.visible_plan(actor, plan).await?;
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat keeps the plans"));
        }
        let taken = self.numbers_taken(&document.key, None).await?;
        let number = match input.number {
            Some(n) if taken.contains(&n) => {
                return Err(Error::invalid("plan_item_number_taken", format!("the plan already has an item {n}")))
            }
            Some(n) => n,
            None => next_number(&taken),
        };
        let item = PlanItem {
            plan: document.key,
            number,
            title: input.title,
            kind: input.kind,
            period: input.period,
            responsible: input.responsible,
            status: input.status,
            meeting: input.meeting,
            progress: Vec::new(),
        };
        self.create(actor, Record::PlanItem(item)).await
    }

    /// The plan item the actor may see, by id.
    async fn visible_item(&self, actor: &Actor, id: Id) -> Result<PlanItem> {
        match self.store.get(Kind::PlanItem, id, &actor.viewer()).await? {
            Some(Stored { record: Record::PlanItem(i), .. }) => Ok(i),
            _ => Err(Error::NotFound { what: "plan item" }),
        }
    }

    /// The Secretariat changes a plan item (its number, title, period, responsible, status, meeting), if unchanged
    /// since `version`; its plan and progress reports stay.
    #[instrument(skip_all, fields(plan_item.id = id))]
    pub async fn change_plan_item(
        &self,
        actor: &Actor,
        id: Id,
        version: i64,
        input: PlanItemInput,
    ) -> Result<Stored<Record>> {
        let old = self.visible_item(actor, id).await?;
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat keeps the plans"));
        }
        let number = input.number.unwrap_or(old.number);
        if number != old.number && self.numbers_taken(&old.plan, Some(id)).await?.contains(&number) {
            return Err(Error::invalid("plan_item_number_taken", format!("the plan already has an item {number}")));
        }
        let item = PlanItem {
            number,
            title: input.title,
            kind: input.kind,
            period: input.period,
            responsible: input.responsible,
            status: input.status,
            meeting: input.meeting,
            ..old
        };
        self.change(actor, id, version, Record::PlanItem(item)).await
    }

    /// The Secretariat adds a progress report to a plan item, if unchanged since `version`; the reports stay in
    /// the order of their days.
    #[instrument(skip_all, fields(plan_item.id = id))]
    pub async fn add_progress(&self, actor: &Actor, id: Id, version: i64, report: Progress) -> Result<Stored<Record>> {
        let mut item = self.visible_item(actor, id).await?;
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat keeps the plans"));
        }
        item.progress.push(report);
        item.progress.sort_by_key(|p| p.on);
        self.change(actor, id, version, Record::PlanItem(item)).await
    }

    /// The treaty the actor may see, by id, with its record's version.
    async fn visible_treaty(&self, actor: &Actor, id: Id) -> Result<(i64, Document)> {
        match self.store.get(Kind::Document, id, &actor.viewer()).await? {
            Some(Stored { version, record: Record::Document(d), .. }) => Ok((version, d)),
            _ => Err(Error::NotFound { what: "document" }),
        }
    }

    /// The Secretariat records a state's signature and ratification of a treaty. `version` is the version of the
    /// state's signature as the form read it; none when it read none, so a signature recorded meanwhile is a
    /// conflict, never overwritten.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn record_signature(
        &self,
        actor: &Actor,
        id: Id,
        state: StateCode,
        signed_on: Option<Date>,
        ratified_on: Option<Date>,
        version: Option<i64>,
    ) -> Result<Stored<Record>> {
        let (_, treaty) = self.visible_treaty(actor, id).await?;
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat keeps the legal basis register"));
        }
        let signature = Signature { document: treaty.key.clone(), state: state.clone(), signed_on, ratified_on };
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.owner = Some(treaty.key);
        filter.state = Some(state);
        let stored = self.store.list(Kind::Signature, &filter).await?.into_iter().next();
        match (stored, version) {
            (None, None) => self.create(actor, Record::Signature(signature)).await,
            (Some(s), Some(v)) => self.change(actor, s.id, v, Record::Signature(signature)).await,
            (Some(_), None) | (None, Some(_)) => Err(Error::conflict(
                "stale_version",
                "the state's signature was recorded or removed meanwhile; read it again",
            )),
        }
    }

    /// The Secretariat records the day a treaty entered into force (none: not in force), if its record is
    /// unchanged since `version`. A document that is not an agreement or protocol is refused.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn record_entry_into_force(
        &self,
        actor: &Actor,
        id: Id,
        version: i64,
        on: Option<Date>,
    ) -> Result<super::DocumentView> {
        let (_, treaty) = self.visible_treaty(actor, id).await?;
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat keeps the legal basis register"));
        }
        self.change_document(actor, id, version, Document { in_force_on: on, ..treaty }).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_item_goes_after_the_highest_number_taken() {
        assert_eq!(next_number(&[]), 1);
        assert_eq!(next_number(&[1, 2, 3]), 4);
        assert_eq!(next_number(&[5, 2]), 6, "after the highest, not after the count");
    }

    #[test]
    fn only_the_secretariat_keeps_the_plans() {
        assert!(keeps_plans(&Viewer::Secretariat));
        assert!(!keeps_plans(&Viewer::Public));
        let ru = StateCode::parse("RU").unwrap();
        assert!(!keeps_plans(&Viewer::Delegate { state: ru, head: true }));
        assert!(!keeps_plans(&Viewer::Press { publisher: None }));
    }
}
