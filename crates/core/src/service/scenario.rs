//! Import and export of a whole record as a scenario file, in one transaction.

use jiff::Timestamp;
use tracing::instrument;

use super::Secretariat;
use crate::account::Actor;
use crate::domain::{AgendaStatus, Procedure};
use crate::error::{Error, Result};
use crate::rules::visibility::Viewer;
use crate::scenario::*;
use crate::store::*;

/// How many records an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub records: usize,
    pub adopted_agendas: usize,
}

fn us(t: Timestamp) -> i64 {
    t.as_microsecond()
}

fn at(us: i64) -> Result<Timestamp> {
    Timestamp::from_microsecond(us).map_err(|e| Error::Storage(e.to_string()))
}

async fn meeting_id(tx: &mut dyn Tx, key: &crate::domain::Key) -> Result<Id> {
    tx.find(Kind::Meeting, key.as_str())
        .await?
        .map(|m| m.id)
        .ok_or_else(|| Error::invalid("unknown_reference", format!("no meeting with key `{key}`")))
}

/// Writes one scenario document: its record, revisions, positions and state (referrals come after the agenda).
async fn import_document(tx: &mut dyn Tx, actor: &Actor, d: &ScenarioDocument) -> Result<Id> {
    let record = Record::Document(d.document.clone());
    record.check()?;
    let id = tx.insert(&record).await?;
    let mut revision_ids = Vec::new();
    for (number, revision) in d.revisions.iter().enumerate() {
        let row = RevisionRow {
            id: 0,
            number: u32::try_from(number).map_err(|_| Error::invalid("invalid_scenario", "too many revisions"))?,
            created_at_us: us(revision.created_at),
            created_by: actor.name.clone(),
            texts: revision
                .texts
                .iter()
                .map(|t| TextRow {
                    id: 0,
                    version: 1,
                    language: t.language.clone(),
                    status: t.status,
                    text: t.text.clone(),
                })
                .collect(),
        };
        revision_ids.push(tx.insert_revision(id, &row).await?);
    }
    for p in &d.positions {
        let revision =
            usize::try_from(p.revision).ok().and_then(|r| revision_ids.get(r)).copied().ok_or_else(|| {
                Error::invalid(
                    "invalid_scenario",
                    format!("document `{}` has no revision {}", d.document.key, p.revision),
                )
            })?;
        let row = PositionRow {
            revision: p.revision,
            state: p.state.clone(),
            position: crate::rules::consensus::Position::parse(&p.position, p.text.clone())?,
            recorded_by: actor.name.clone(),
            on_behalf: true,
            at_us: us(p.at),
        };
        tx.set_position(id, revision, &row).await?;
    }
    let series = d.symbol.as_deref().and_then(crate::rules::symbols::series_of);
    let state = DocumentState {
        status: d.status,
        symbol: d.symbol.clone(),
        series,
        outcome: d.outcome.clone(),
        circulated_at: None,
        agreed_at: None,
    };
    tx.set_document_state(id, &state, "imported").await?;
    Ok(id)
}

impl Secretariat {
    /// Imports a scenario: all of it or, on the first error, nothing.
    #[instrument(skip_all)]
    pub async fn import(&self, actor: &Actor, scenario: &Scenario) -> Result<ImportReport> {
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
        let mut documents = Vec::new();
        for (kind, records) in scenario.sections() {
            if kind == Kind::Document {
                for d in &scenario.documents {
                    documents.push(import_document(tx.as_mut(), actor, d).await?);
                    report.records += 1;
                }
            }
            for record in records {
                record.check()?;
                super::relations::check_relations(tx.as_mut(), &record).await?;
                tx.insert(&record).await?;
                report.records += 1;
            }
        }
        for (d, id) in scenario.documents.iter().zip(&documents) {
            for r in &d.referrals {
                let meeting = meeting_id(tx.as_mut(), &r.meeting).await?;
                let item =
                    tx.document_detail(*id).await?.items.iter().find(|(_, m, _)| *m == meeting).map(|(i, _, _)| *i);
                let row = ReferralRow {
                    id: 0,
                    document: *id,
                    meeting,
                    agenda_item: item,
                    referred_at_us: us(r.referred_at),
                    referred_by: actor.name.clone(),
                    outcome: None,
                    decided_at_us: None,
                    decided_by: None,
                };
                let referral = tx.insert_referral(&row).await?;
                if let (Some(outcome), Some(decided)) = (r.outcome, r.decided_at) {
                    let by = r.decided_by.unwrap_or(Procedure::Meeting);
                    tx.set_referral_outcome(referral, outcome, us(decided), by).await?;
                }
            }
        }
        for adopted in &scenario.adopted_agendas {
            let meeting = meeting_id(tx.as_mut(), &adopted.meeting).await?;
            let state = AgendaState {
                status: AgendaStatus::Adopted,
                adopted_at: Some(adopted.adopted_at),
                adopted_by: Some(actor.name.clone()),
            };
            tx.set_agenda(meeting, &state, "adopted").await?;
            report.adopted_agendas += 1;
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Exports everything as a scenario, in the order it was recorded.
    pub async fn export(&self) -> Result<Scenario> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.limit = u32::MAX;
        let mut s = Scenario { format: FORMAT.into(), ..Scenario::default() };
        let mut meeting_keys = std::collections::HashMap::new();
        for kind in Kind::ALL {
            for stored in self.store.list(kind, &filter).await? {
                if let Record::Meeting(r) = &stored.record {
                    let agenda = self.store.agenda(stored.id).await?;
                    if let (AgendaStatus::Adopted, Some(adopted_at)) = (agenda.status, agenda.adopted_at) {
                        s.adopted_agendas.push(AdoptedAgenda { meeting: r.key.clone(), adopted_at });
                    }
                    meeting_keys.insert(stored.id, r.key.clone());
                }
                // A document's section holds the document with its texts, positions and referrals.
                match s.push(stored.record) {
                    None => {}
                    Some(Record::Document(document)) => {
                        let detail = self.store.document_detail(stored.id).await?;
                        let mut revisions = Vec::new();
                        for rev in &detail.revisions {
                            revisions.push(ScenarioRevision {
                                created_at: at(rev.created_at_us)?,
                                texts: rev
                                    .texts
                                    .iter()
                                    .map(|t| ScenarioText {
                                        language: t.language.clone(),
                                        status: t.status,
                                        text: t.text.clone(),
                                    })
                                    .collect(),
                            });
                        }
                        let mut positions = Vec::new();
                        for p in &detail.positions {
                            positions.push(ScenarioPosition {
                                revision: p.revision,
                                state: p.state.clone(),
                                position: p.position.name().to_owned(),
                                text: p.position.text().map(str::to_owned),
                                at: at(p.at_us)?,
                            });
                        }
                        let mut referrals = Vec::new();
                        for r in &detail.referrals {
                            let meeting = meeting_keys
                                .get(&r.meeting)
                                .cloned()
                                .ok_or_else(|| Error::Storage(format!("referral to unknown meeting {}", r.meeting)))?;
                            referrals.push(ScenarioReferral {
                                meeting,
                                referred_at: at(r.referred_at_us)?,
                                outcome: r.outcome,
                                decided_at: r.decided_at_us.map(at).transpose()?,
                                decided_by: r.decided_by.filter(|p| *p != Procedure::Meeting),
                            });
                        }
                        s.documents.push(ScenarioDocument {
                            document,
                            status: detail.state.status,
                            symbol: detail.state.symbol,
                            outcome: detail.state.outcome,
                            revisions,
                            positions,
                            referrals,
                        });
                    }
                    Some(other) => {
                        return Err(Error::Storage(format!("no scenario section for a {}", other.kind().as_str())))
                    }
                }
            }
        }
        let position = |key: &crate::domain::Key| s.meetings.iter().position(|m| m.key == *key);
        let mut items = std::mem::take(&mut s.agenda_items);
        items.sort_by_key(|i| (position(&i.meeting), i.number));
        s.agenda_items = items;
        Ok(s)
    }

    /// Imports the embedded demo scenario (the CSTO in 2018).
    pub async fn import_demo(&self) -> Result<ImportReport> {
        let scenario: Scenario = serde_json::from_str(crate::scenario::DEMO)
            .map_err(|e| Error::invalid("invalid_scenario", format!("the demo scenario does not parse: {e}")))?;
        self.import(&Actor::system(), &scenario).await
    }
}
