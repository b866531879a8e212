//! The drafted announcement of a meeting: the facts of its record that the viewer may see, gathered for the
//! announcement rule (`rules::announcement`), which writes them in a working language.

use tracing::instrument;

use super::meeting::PersonRef;
use super::{MeetingView, Secretariat};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::announcement::{
    self, Announcement, BodyFacts, DocumentFacts, EventFacts, Facts, Name, NextMeeting, Onward, PersonFacts, Publisher,
    SponsorFacts,
};
use crate::store::{Filter, Stored};

impl Secretariat {
    /// The meeting's drafted announcement in `lang`, from what `viewer` may see of its record: by the
    /// organisation's press service, or by the ministry of `publisher` (a member state) on its delegation's
    /// participation.
    #[instrument(skip_all, fields(meeting.id = id, language = %lang))]
    pub async fn announcement(
        &self,
        viewer: &Viewer,
        id: Id,
        lang: &Lang,
        publisher: Option<&StateCode>,
    ) -> Result<Announcement> {
        let view = self.meeting(viewer, id).await?;
        let org = self.organisation(&view.organisation).await?;
        if !org.languages.contains(lang) {
            let worked: Vec<&str> = org.languages.iter().map(Lang::as_str).collect();
            return Err(Error::invalid(
                "not_a_working_language",
                format!("`{lang}` is not a working language of {} (they are: {})", org.code, worked.join(", ")),
            ));
        }
        if view.status == MeetingStatus::Cancelled {
            return Err(Error::invalid("meeting_cancelled", "a cancelled meeting is not announced"));
        }
        let facts = self.facts(viewer, &view, &org, publisher).await?;
        announcement::draft(&facts, lang)
    }

    async fn facts(
        &self,
        viewer: &Viewer,
        view: &MeetingView,
        org: &Organisation,
        publisher: Option<&StateCode>,
    ) -> Result<Facts> {
        let body = self.body(&view.organisation, &view.body.code).await?;
        let city = self.city(&view.venue.city_key).await?;
        let day = view.starts_on;
        let mut chairs = Vec::new();
        for c in view.chair.iter().map(|c| &c.person).chain(view.co_chairs.iter().map(|c| &c.person)) {
            chairs.push(self.person_facts(c, day).await?);
        }
        let publisher = match publisher {
            None => Publisher::PressService,
            Some(state) => {
                let name = self.state_name(state).await?;
                let head = match view.delegations.iter().find(|d| &d.state == state) {
                    Some(d) => Some(self.person_facts(&d.head, day).await?),
                    None => None,
                };
                Publisher::State { name, head }
            }
        };
        let before = view
            .programme
            .iter()
            .filter(|e| e.on < view.starts_on)
            .map(|e| EventFacts {
                on: e.on,
                kind: e.kind.clone(),
                title: e.title.clone().or_else(|| e.kind_name.clone()),
                admitted: e.admitted,
            })
            .collect();
        let mut formats = Vec::new();
        for f in [SittingFormat::Restricted, SittingFormat::Expanded] {
            let during = |e: &&super::EventView| e.on >= view.starts_on && e.on <= view.ends_on;
            if view.programme.iter().filter(during).any(|e| e.format == Some(f)) {
                formats.push(f);
            }
        }
        let mut facts = Facts {
            publisher,
            organisation: BodyFacts { name: org.name.clone(), abbreviation: org.abbreviation.clone() },
            body: BodyFacts { name: body.name.clone(), abbreviation: body.abbreviation.clone() },
            kind: view.kind,
            mode: view.mode,
            city: named_on(&city.names, day).map(|n| Name { text: n.name.clone(), forms: n.forms.clone() }),
            starts_on: view.starts_on,
            ends_on: view.ends_on,
            chairs,
            regular_meetings_per_year: body.regular_meetings_per_year,
            before,
            formats,
            // A count over part of the agenda would be false, and a count of what she may not see would tell her
            // of it: only a viewer who sees every item is told how many there are.
            agenda_size: matches!(viewer, Viewer::Secretariat).then_some(view.agenda.items.len()),
            discussed: Vec::new(),
            information: Vec::new(),
            decisions: Vec::new(),
            adopting: Vec::new(),
            statements_lists: Vec::new(),
            onward: Vec::new(),
        };
        self.items(viewer, view, &mut facts).await?;
        Ok(facts)
    }

    /// What the agenda items discuss, hear, decide and adopt, and what goes on to a higher body.
    async fn items(&self, viewer: &Viewer, view: &MeetingView, facts: &mut Facts) -> Result<()> {
        let mut lists = Filter::new(viewer.clone());
        lists.organisation = Some(view.organisation.clone());
        lists.limit = u32::MAX;
        let list_documents: Vec<Key> = self
            .store
            .list(Kind::StatementsList, &lists)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::StatementsList(l) => l.document,
                _ => None,
            })
            .collect();
        let own = |code: &Code| *code == view.body.code || view.joint_with.iter().any(|b| b.code == *code);
        // A comment is for the public: an item or a document the public may not see is never named in it, even in
        // the Secretariat's draft (its count above includes them).
        for item in view.agenda.items.iter().filter(|i| i.visibility == Visibility::Public) {
            match item.kind {
                ItemKind::Discussion => facts.discussed.push(item.title.clone()),
                ItemKind::Information => facts.information.push(item.title.clone()),
                ItemKind::Decision | ItemKind::Appointment => {
                    let mut decided_here = false;
                    for r in &item.documents {
                        if matches!(
                            r.status,
                            DocumentStatus::Withdrawn | DocumentStatus::Returned | DocumentStatus::NotAdopted
                        ) {
                            continue;
                        }
                        let Some(Stored { record: Record::Document(d), .. }) =
                            self.store.find(Kind::Document, r.key.as_str(), viewer).await?
                        else {
                            continue;
                        };
                        if d.visibility != Visibility::Public {
                            continue;
                        }
                        let doc = self.document_facts(&d, &view.organisation).await?;
                        decided_here = true;
                        if own(&d.body) && list_documents.contains(&d.key) {
                            facts.statements_lists.push(doc);
                        } else if own(&d.body) {
                            facts.adopting.push(doc);
                        } else {
                            self.onward(view, item.submitted_to.as_ref(), &d.body, doc, facts).await?;
                        }
                    }
                    if !decided_here {
                        facts.decisions.push(item.title.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// Files a document of another body under the meeting that it goes on to: the one the item's outcome names,
    /// else that body's first meeting after this one.
    async fn onward(
        &self,
        view: &MeetingView,
        submitted_to: Option<&Key>,
        to: &Code,
        doc: DocumentFacts,
        facts: &mut Facts,
    ) -> Result<()> {
        let target = self.body(&view.organisation, to).await?;
        let higher = BodyFacts { name: target.name.clone(), abbreviation: target.abbreviation.clone() };
        if let Some(o) = facts.onward.iter_mut().find(|o| o.body == higher) {
            o.documents.push(doc);
            return Ok(());
        }
        let mut next = Filter::new(Viewer::Public);
        next.organisation = Some(view.organisation.clone());
        next.body = Some(to.clone());
        next.from = view.ends_on.tomorrow().ok();
        next.limit = u32::MAX;
        let mut meetings: Vec<Meeting> = self
            .store
            .list(Kind::Meeting, &next)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Meeting(m) if m.starts_on > view.ends_on && m.status != MeetingStatus::Cancelled => Some(m),
                _ => None,
            })
            .collect();
        meetings.sort_by_key(|m| m.starts_on);
        let chosen = match submitted_to {
            Some(key) => meetings.iter().find(|m| &m.key == key),
            None => meetings.first(),
        };
        let meeting = match chosen {
            Some(m) => {
                let city = self.city(&m.city).await?;
                let city =
                    named_on(&city.names, m.starts_on).map(|n| Name { text: n.name.clone(), forms: n.forms.clone() });
                Some(NextMeeting { starts_on: m.starts_on, city })
            }
            None => None,
        };
        facts.onward.push(Onward { body: higher, meeting, documents: vec![doc] });
        Ok(())
    }

    async fn document_facts(&self, d: &Document, org: &Code) -> Result<DocumentFacts> {
        let mut sponsors = Vec::new();
        for s in &d.sponsors {
            sponsors.push(match s {
                Sponsor::State(code) => SponsorFacts::State(self.state_name(code).await?),
                Sponsor::Secretariat => SponsorFacts::Secretariat,
                Sponsor::Body(code) => {
                    let b = self.body(org, code).await?;
                    SponsorFacts::Body(BodyFacts { name: b.name, abbreviation: b.abbreviation })
                }
            });
        }
        Ok(DocumentFacts { title: d.title.clone(), kind: d.kind, sponsors, period: d.period })
    }

    /// A person with the forms of her name on the day and of the title of the post she held then.
    async fn person_facts(&self, p: &PersonRef, day: jiff::civil::Date) -> Result<PersonFacts> {
        let person = match self.store.find(Kind::Person, p.key.as_str(), &Viewer::Secretariat).await? {
            Some(Stored { record: Record::Person(person), .. }) => person,
            _ => return Err(Error::NotFound { what: "person" }),
        };
        let name = named_on(&person.names, day)
            .map(|n| Name { text: n.name.clone(), forms: n.forms.clone() })
            .unwrap_or_else(|| Name { text: p.name.clone(), forms: None });
        let mut mandates = Filter::new(Viewer::Secretariat);
        mandates.person = Some(p.key.clone());
        let mut post = None;
        for m in self.store.list(Kind::Mandate, &mandates).await? {
            if let Record::Mandate(m) = m.record {
                if m.period.contains(day) {
                    if let Some(Stored { record: Record::Post(held), .. }) =
                        self.store.find(Kind::Post, m.post.as_str(), &Viewer::Secretariat).await?
                    {
                        post = Some(Name { text: held.title, forms: held.title_forms });
                    }
                    break;
                }
            }
        }
        Ok(PersonFacts { name, post, acting: p.acting })
    }
}
