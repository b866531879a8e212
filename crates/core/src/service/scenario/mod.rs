//! Import and export of a whole record as a scenario file, in one transaction. An import joins what the database
//! already holds: a record found equal is kept (organisations share states, cities, people, posts and mandates),
//! one that names the same thing differently is refused naming the record and the field, and nothing is written.

mod acts;
mod export;
mod merge;

use std::collections::{HashMap, HashSet};

use tracing::instrument;

use super::Secretariat;
use crate::account::Actor;
use crate::domain::{AgendaStatus, Id, Kind, Record};
use crate::error::{Error, Result};
use crate::scenario::*;
use crate::store::*;
use merge::Found;

/// What an import tells while it runs, for a progress bar: each part that has items as it starts (a kind's
/// section, the referrals, the adopted agendas, the outcomes) with their number, the items done, then the commit.
pub trait ImportProgress: Sync {
    /// A part of the import starts, with `total` items (never 0).
    fn start(&self, _part: &str, _total: usize) {}
    /// `n` more items of the current part are written or found already recorded.
    fn advance(&self, _n: usize) {}
    /// Everything is written; the transaction commits.
    fn committing(&self) {}
}

/// Tells `progress` that a part starts, if it has items.
fn start(progress: &dyn ImportProgress, part: &str, total: usize) {
    if total > 0 {
        progress.start(part, total);
    }
}

/// An import that tells nothing.
pub struct Quiet;

impl ImportProgress for Quiet {}

/// How many records an import wrote, and how many it found already recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub records: usize,
    pub adopted_agendas: usize,
    /// Records (and adopted agendas) of the file found equal in the database and kept as they were.
    pub already_recorded: usize,
}

async fn meeting_id(tx: &mut dyn Tx, key: &crate::domain::Key) -> Result<Id> {
    tx.find(Kind::Meeting, key.as_str())
        .await?
        .map(|m| m.id)
        .ok_or_else(|| Error::invalid("unknown_reference", format!("no meeting with key `{key}`")))
}

/// A store's refusal of a record, with the record named (`person edi-rama: …`).
fn naming(e: Error, record: &Record) -> Error {
    match e {
        Error::Conflict { code, message, current_version } => Error::Conflict {
            code,
            message: format!("{} {}: {message}", record.kind().as_str(), merge::name_of(record)),
            current_version,
        },
        other => other,
    }
}

impl Secretariat {
    /// Imports a scenario: all of it or, on the first error, nothing. Records already recorded exactly so are
    /// kept; a record recorded otherwise is refused (`scenario_conflict`).
    #[instrument(skip_all)]
    pub async fn import(&self, actor: &Actor, scenario: &Scenario) -> Result<ImportReport> {
        self.import_telling(actor, scenario, &Quiet).await
    }

    /// Imports a scenario as [`Secretariat::import`] does, telling `progress` how far it is.
    #[instrument(skip_all)]
    pub async fn import_telling(
        &self,
        actor: &Actor,
        scenario: &Scenario,
        progress: &dyn ImportProgress,
    ) -> Result<ImportReport> {
        if scenario.format != FORMAT {
            return Err(Error::invalid(
                "invalid_scenario_format",
                format!("the file is `{}`, not `{FORMAT}`", scenario.format),
            ));
        }
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat imports records"));
        }
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let mut report = ImportReport::default();
        let mut recorded = merge::Recorded::default();
        let mut documents = Vec::new();
        let mut takers = acts::Takers::default();
        for (kind, records) in scenario.sections() {
            if kind == Kind::Document {
                start(progress, kind.as_str(), scenario.documents.len());
                // The documents already recorded under the file's keys, read together; a key the file names again
                // is looked up again, to find the document written under it here.
                let keys: Vec<String> = scenario.documents.iter().map(|d| d.document.key.as_str().to_owned()).collect();
                let mut before: HashMap<String, Stored<Record>> = tx
                    .find_many(Kind::Document, &keys)
                    .await?
                    .into_iter()
                    .filter_map(|s| s.record.identity().map(|key| (key, s)))
                    .collect();
                let mut seen = HashSet::new();
                for d in &scenario.documents {
                    let key = d.document.key.as_str();
                    let stored =
                        if seen.insert(key) { before.remove(key) } else { tx.find(Kind::Document, key).await? };
                    match recorded.document(tx.as_mut(), d, stored).await? {
                        Found::Same => report.already_recorded += 1,
                        Found::New => {
                            documents.push((d, acts::import_document(tx.as_mut(), actor, &mut takers, d).await?));
                            report.records += 1;
                        }
                    }
                    progress.advance(1);
                }
            }
            start(progress, kind.as_str(), records.len());
            for record in records {
                record.check()?;
                match recorded.find(tx.as_mut(), &record).await? {
                    Found::Same => report.already_recorded += 1,
                    Found::New => {
                        super::relations::check_relations(tx.as_mut(), &record).await?;
                        tx.insert(&record).await.map_err(|e| naming(e, &record))?;
                        report.records += 1;
                    }
                }
                progress.advance(1);
            }
        }
        start(progress, "referral", documents.iter().map(|(d, _)| d.referrals.len()).sum());
        for (d, id) in documents {
            acts::import_referrals(tx.as_mut(), actor, d, id).await?;
            progress.advance(d.referrals.len());
        }
        start(progress, "adopted agenda", scenario.adopted_agendas.len());
        for adopted in &scenario.adopted_agendas {
            progress.advance(1);
            let meeting = meeting_id(tx.as_mut(), &adopted.meeting).await?;
            let state = AgendaState {
                status: AgendaStatus::Adopted,
                adopted_at: Some(adopted.adopted_at),
                adopted_by: Some(actor.name.clone()),
            };
            let current = tx.agenda(meeting).await?;
            match (current.status, current.adopted_at) {
                (AgendaStatus::Adopted, Some(at)) if at == adopted.adopted_at => report.already_recorded += 1,
                (AgendaStatus::Adopted, Some(at)) => {
                    let recorded = AdoptedAgenda { meeting: adopted.meeting.clone(), adopted_at: at };
                    return Err(merge::conflict("agenda of", adopted.meeting.as_str(), &recorded, adopted));
                }
                _ => {
                    tx.set_agenda(meeting, &state, "adopted").await?;
                    report.adopted_agendas += 1;
                }
            }
        }
        start(progress, "agenda outcome", scenario.agenda_outcomes.len());
        for outcome in &scenario.agenda_outcomes {
            progress.advance(1);
            match acts::import_outcome(tx.as_mut(), outcome).await? {
                Found::Same => report.already_recorded += 1,
                Found::New => report.records += 1,
            }
        }
        progress.committing();
        tx.commit().await?;
        if report.records > 0 {
            self.store.refresh_statistics().await?;
        }
        Ok(report)
    }

    /// Imports the embedded demo scenario (the CSTO in 2018).
    pub async fn import_demo(&self) -> Result<ImportReport> {
        let scenario: Scenario = serde_json::from_str(crate::scenario::DEMO)
            .map_err(|e| Error::invalid("invalid_scenario", format!("the demo scenario does not parse: {e}")))?;
        self.import(&Actor::system(), &scenario).await
    }
}
