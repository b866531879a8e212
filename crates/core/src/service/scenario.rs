//! Import and export of a whole record as a scenario file, in one transaction.

use tracing::instrument;

use super::Secretariat;
use crate::account::Actor;
use crate::domain::AgendaStatus;
use crate::error::{Error, Result};
use crate::rules::visibility::Viewer;
use crate::scenario::{AdoptedAgenda, Scenario, FORMAT};
use crate::store::{AgendaState, Filter, Kind, Record};

/// How many records of each kind an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub records: usize,
    pub adopted_agendas: usize,
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
        let records = scenario
            .states
            .iter()
            .cloned()
            .map(Record::State)
            .chain(scenario.cities.iter().cloned().map(Record::City))
            .chain(scenario.people.iter().cloned().map(Record::Person))
            .chain(scenario.organisations.iter().cloned().map(Record::Organisation))
            .chain(scenario.posts.iter().cloned().map(Record::Post))
            .chain(scenario.mandates.iter().cloned().map(Record::Mandate))
            .chain(scenario.memberships.iter().cloned().map(Record::Membership))
            .chain(scenario.bodies.iter().cloned().map(Record::Body))
            .chain(scenario.meetings.iter().cloned().map(Record::Meeting))
            .chain(scenario.programme.iter().cloned().map(Record::ProgrammeEvent))
            .chain(scenario.delegations.iter().cloned().map(Record::Delegation))
            .chain(scenario.agenda_items.iter().cloned().map(Record::AgendaItem));
        for record in records {
            record.check()?;
            super::record::check_relations(tx.as_mut(), &record).await?;
            tx.insert(&record).await?;
            report.records += 1;
        }
        for adopted in &scenario.adopted_agendas {
            let meeting = tx.find(Kind::Meeting, adopted.meeting.as_str()).await?.ok_or_else(|| {
                Error::invalid("unknown_reference", format!("no meeting with key `{}`", adopted.meeting))
            })?;
            let state = AgendaState {
                status: AgendaStatus::Adopted,
                adopted_at_us: Some(adopted.adopted_at.as_microsecond()),
                adopted_by: Some(actor.name.clone()),
            };
            tx.set_agenda(meeting.id, &state, "adopted").await?;
            report.adopted_agendas += 1;
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Exports everything as a scenario, in the order it was recorded.
    pub async fn export(&self) -> Result<Scenario> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.limit = u32::MAX;
        let mut s = Scenario {
            format: FORMAT.into(),
            notes: Vec::new(),
            states: vec![],
            cities: vec![],
            people: vec![],
            organisations: vec![],
            posts: vec![],
            mandates: vec![],
            memberships: vec![],
            bodies: vec![],
            meetings: vec![],
            programme: vec![],
            delegations: vec![],
            agenda_items: vec![],
            adopted_agendas: vec![],
        };
        for kind in Kind::ALL {
            for stored in self.store.list(kind, &filter).await? {
                match stored.record {
                    Record::State(r) => s.states.push(r),
                    Record::City(r) => s.cities.push(r),
                    Record::Person(r) => s.people.push(r),
                    Record::Post(r) => s.posts.push(r),
                    Record::Mandate(r) => s.mandates.push(r),
                    Record::Organisation(r) => s.organisations.push(r),
                    Record::Membership(r) => s.memberships.push(r),
                    Record::Body(r) => s.bodies.push(r),
                    Record::Meeting(r) => {
                        let agenda = self.store.agenda(stored.id).await?;
                        if let (AgendaStatus::Adopted, Some(us)) = (agenda.status, agenda.adopted_at_us) {
                            s.adopted_agendas.push(AdoptedAgenda {
                                meeting: r.key.clone(),
                                adopted_at: jiff::Timestamp::from_microsecond(us)
                                    .map_err(|e| Error::Storage(e.to_string()))?,
                            });
                        }
                        s.meetings.push(r);
                    }
                    Record::ProgrammeEvent(r) => s.programme.push(r),
                    Record::Delegation(r) => s.delegations.push(r),
                    Record::AgendaItem(r) => s.agenda_items.push(r),
                }
            }
        }
        s.agenda_items.sort_by(|a, b| {
            (s.meetings.iter().position(|m| m.key == a.meeting), a.number)
                .cmp(&(s.meetings.iter().position(|m| m.key == b.meeting), b.number))
        });
        Ok(s)
    }

    /// Imports the embedded demo scenario (the CSTO in 2018).
    pub async fn import_demo(&self) -> Result<ImportReport> {
        let scenario: Scenario = serde_json::from_str(crate::scenario::DEMO)
            .map_err(|e| Error::invalid("invalid_scenario", format!("the demo scenario does not parse: {e}")))?;
        self.import(&Actor::system(), &scenario).await
    }
}
