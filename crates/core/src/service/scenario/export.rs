//! Export: the whole record as a scenario, and one document in the scenario's shape (which the import also uses
//! to compare a document of the file with the one already recorded).

use std::collections::HashMap;

use super::super::Secretariat;
use crate::domain::{AgendaStatus, Document, Id, Key, Kind, Procedure, Record, Viewer};
use crate::error::{Error, Result};
use crate::scenario::*;
use crate::store::*;

/// A recorded document in the scenario's shape; `meetings` gives the key of each meeting by id.
pub(super) fn scenario_document(
    document: Document,
    detail: DocumentDetail,
    meetings: &HashMap<Id, Key>,
) -> Result<ScenarioDocument> {
    let meeting = |id: Id| {
        meetings.get(&id).cloned().ok_or_else(|| Error::Storage(format!("a document names unknown meeting {id}")))
    };
    let mut revisions = Vec::new();
    for rev in &detail.revisions {
        revisions.push(ScenarioRevision {
            created_at: rev.created_at,
            texts: rev
                .language_versions
                .iter()
                .map(|t| ScenarioLanguageVersion {
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
            at: p.at,
        });
    }
    let mut referrals = Vec::new();
    for r in &detail.referrals {
        referrals.push(ScenarioReferral {
            meeting: meeting(r.meeting)?,
            referred_at: r.referred_at,
            outcome: r.outcome,
            decided_at: r.decided_at,
            decided_by: r.decided_by.filter(|p| *p != Procedure::Meeting),
        });
    }
    let mut silences = Vec::new();
    for s in &detail.silences {
        silences.push(ScenarioSilence {
            revision: s.revision,
            opened_at: s.opened_at,
            deadline: s.deadline,
            status: s.status,
            closed_at: s.closed_at,
            received: s
                .received
                .iter()
                .map(|r| ScenarioReceived { state: r.state.clone(), kind: r.kind, text: r.text.clone(), at: r.at })
                .collect(),
        });
    }
    Ok(ScenarioDocument {
        document,
        status: detail.state.status,
        symbol: detail.state.symbol,
        outcome: detail.state.outcome,
        circulated_at: detail.state.circulated_at,
        agreed_at: detail.state.agreed_at,
        steps: detail.state.steps,
        revisions,
        positions,
        referrals,
        silences,
    })
}

impl Secretariat {
    /// Exports everything as a scenario, in the order it was recorded.
    pub async fn export(&self) -> Result<Scenario> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.limit = u32::MAX;
        let mut s = Scenario { format: FORMAT.into(), ..Scenario::default() };
        let mut meeting_keys = HashMap::new();
        for kind in Kind::ALL {
            for stored in self.store.list(kind, &filter).await? {
                if let Record::Meeting(r) = &stored.record {
                    let agenda = self.store.agenda(stored.id).await?;
                    if let (AgendaStatus::Adopted, Some(adopted_at)) = (agenda.status, agenda.adopted_at) {
                        s.adopted_agendas.push(AdoptedAgenda { meeting: r.key.clone(), adopted_at });
                    }
                    meeting_keys.insert(stored.id, r.key.clone());
                }
                if let Record::AgendaItem(item) = &stored.record {
                    if let Some(row) = self.store.item_outcome(stored.id).await? {
                        s.agenda_outcomes.push(AgendaOutcome {
                            meeting: item.meeting.clone(),
                            number: item.number,
                            outcome: row.outcome,
                            deferred_to: row.deferred_to,
                            submitted_to: row.submitted_to,
                            at: row.at,
                        });
                    }
                }
                // A document's section holds the document with its texts, positions, referrals and silences.
                match s.push(stored.record) {
                    None => {}
                    Some(Record::Document(document)) => {
                        let detail = self.store.document_detail(stored.id).await?;
                        s.documents.push(scenario_document(document, detail, &meeting_keys)?);
                    }
                    Some(other) => {
                        return Err(Error::Storage(format!("no scenario section for a {}", other.kind().as_str())))
                    }
                }
            }
        }
        let position = |key: &Key| s.meetings.iter().position(|m| m.key == *key);
        let mut items = std::mem::take(&mut s.agenda_items);
        items.sort_by_key(|i| (position(&i.meeting), i.number));
        let mut outcomes = std::mem::take(&mut s.agenda_outcomes);
        outcomes.sort_by_key(|o| (position(&o.meeting), o.number));
        s.agenda_items = items;
        s.agenda_outcomes = outcomes;
        Ok(s)
    }
}
