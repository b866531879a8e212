//! A whole meeting as a viewer may see it, and meetings in a list or a calendar.

use std::collections::HashMap;

use super::*;

impl Secretariat {
    /// A meeting as the viewer may see it: restricted agenda items are left out by the store's query.
    pub async fn meeting(&self, viewer: &Viewer, id: Id) -> Result<MeetingView> {
        let (stored, m) = self
            .store
            .get(Kind::Meeting, id, viewer)
            .await?
            .and_then(as_meeting)
            .ok_or(Error::NotFound { what: "meeting" })?;
        let org = self.organisation(&m.organisation).await?;
        let body = self.body(&m.organisation, &m.body).await?;
        let joint_keys: Vec<String> = m.joint_with.iter().map(|c| format!("{}/{c}", m.organisation)).collect();
        let mut joint: HashMap<Code, Body> = HashMap::new();
        for s in self.store.find_many(Kind::Body, &joint_keys, &Viewer::Secretariat).await? {
            if let Record::Body(b) = s.record {
                joint.insert(b.code.clone(), b);
            }
        }
        let mut joint_with = Vec::new();
        for code in &m.joint_with {
            let b = joint.remove(code).ok_or(Error::NotFound { what: "body" })?;
            joint_with.push(BodyRef { code: b.code, name: b.name, abbreviation: b.abbreviation });
        }
        let city = self.city(&m.city).await?;
        let sessions = self.top_sessions(&org).await?;
        let (chairing_state, mut chairs) = self.chair_of(&m, &body, &city, &org.chairmanship, &sessions).await?;
        let co_chairs = chairs.split_off(chairs.len().min(1));
        let chair = chairs.pop();

        let mut filter = Filter::new(viewer.clone());
        filter.meeting = Some(id);
        filter.limit = u32::MAX;
        let programme: Vec<EventView> = self
            .store
            .list(Kind::ProgrammeEvent, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::ProgrammeEvent(e) => Some(EventView {
                    id: s.id,
                    version: s.version,
                    starts_at: time::rfc3339(&time::local(&city.time_zone, e.on, e.at)),
                    time_known: e.at.is_some(),
                    admitted: programme::admitted(&e, &org.event_kinds),
                    mode: programme::mode(&e, m.mode),
                    kind_name: programme::configured_kind(&e.kind, &org.event_kinds)
                        .ok()
                        .flatten()
                        .map(|k| k.names.clone()),
                    key: e.key,
                    kind: e.kind,
                    format: e.format,
                    title: e.title,
                    on: e.on,
                    at: e.at,
                }),
                _ => None,
            })
            .collect();

        // One read of the states, rather than one per delegation.
        let mut all = Filter::new(Viewer::Secretariat);
        all.limit = u32::MAX;
        let states: std::collections::HashMap<StateCode, Text> = self
            .store
            .list(Kind::State, &all)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::State(s) => Some((s.code, s.name)),
                _ => None,
            })
            .collect();
        let state_name = |code: &StateCode| states.get(code).cloned().unwrap_or_else(|| Text::one("en", code.as_str()));

        let listed: Vec<(Stored<Record>, Delegation)> = self
            .store
            .list(Kind::Delegation, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match &s.record {
                Record::Delegation(d) => Some((d.clone(), s)),
                _ => None,
            })
            .map(|(d, s)| (s, d))
            .collect();
        // Everyone of every delegation in one lookup, rather than one per person.
        let everyone: Vec<Key> =
            listed.iter().flat_map(|(_, d)| std::iter::once(&d.head).chain(&d.members)).cloned().collect();
        let people = self.people_on(&everyone, m.starts_on).await?;
        let person = |key: &Key| people.get(key).cloned().ok_or(Error::NotFound { what: "person" });
        let mut delegations = Vec::new();
        for (s, d) in listed {
            delegations.push(DelegationView {
                id: s.id,
                version: s.version,
                state_name: state_name(&d.state),
                head: person(&d.head)?,
                members: d.members.iter().map(person).collect::<Result<_>>()?,
                state: d.state,
            });
        }

        let agenda_state: AgendaState = self.store.agenda(id).await?;
        let outcomes = self.store.item_outcomes(id).await?;
        let listed = self.store.list(Kind::AgendaItem, &filter).await?;
        let keys: Vec<String> = listed
            .iter()
            .filter_map(|s| match &s.record {
                Record::AgendaItem(i) => Some(i.documents.iter().map(|k| k.as_str().to_owned())),
                _ => None,
            })
            .flatten()
            .collect();
        // The store's query decides which documents this viewer may see: one read for all the items' documents.
        let seen: HashMap<Key, (Id, Document)> = self
            .store
            .find_many(Kind::Document, &keys, viewer)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Document(d) => Some((d.key.clone(), (s.id, d))),
                _ => None,
            })
            .collect();
        let ids: Vec<Id> = seen.values().map(|(id, _)| *id).collect();
        let states: HashMap<Id, crate::store::DocumentState> =
            self.store.document_states(&ids).await?.into_iter().collect();
        let mut items = Vec::new();
        for s in listed {
            let Record::AgendaItem(i) = s.record else { continue };
            let mut documents = Vec::new();
            for key in &i.documents {
                if let (Some((doc, d)), Some(state)) = (seen.get(key), seen.get(key).and_then(|(id, _)| states.get(id)))
                {
                    documents.push(DocumentRef {
                        id: *doc,
                        key: d.key.clone(),
                        symbol: state.symbol.clone(),
                        title: d.title.clone(),
                        status: state.status,
                        period: d.period,
                    });
                }
            }
            items.push(ItemView {
                id: s.id,
                version: s.version,
                format: i.sitting.as_ref().and_then(|k| programme.iter().find(|e| e.key == *k)).and_then(|e| e.format),
                number: i.number,
                title: i.title,
                kind: i.kind,
                sitting: i.sitting,
                visibility: i.visibility,
                outcome: outcomes.iter().find(|(item, _)| *item == s.id).map(|(_, o)| o.outcome),
                submitted_to: outcomes.iter().find(|(item, _)| *item == s.id).and_then(|(_, o)| o.submitted_to.clone()),
                outcome_at: outcomes.iter().find(|(item, _)| *item == s.id).map(|(_, o)| o.at),
                documents,
            });
        }
        items.sort_by_key(|i| i.number);
        let mut every = Filter::new(Viewer::Secretariat);
        every.meeting = Some(id);
        every.limit = u32::MAX;
        let total = self.store.list(Kind::AgendaItem, &every).await?.len();

        Ok(MeetingView {
            id: stored.id,
            version: stored.version,
            starts_at: time::rfc3339(&time::local(&city.time_zone, m.starts_on, None)),
            venue: Venue {
                city: name_on(&city.names, m.starts_on).cloned().unwrap_or_else(|| Text::one("en", city.key.as_str())),
                state_name: state_name(&city.state),
                utc_offset: time::offset_on(&city.time_zone, m.starts_on),
                city_key: city.key,
                state: city.state,
                time_zone: city.time_zone,
            },
            key: m.key,
            organisation: m.organisation,
            regular_meetings_per_year: body.regular_meetings_per_year,
            body: BodyRef { code: body.code, name: body.name, abbreviation: body.abbreviation },
            joint_with,
            kind: m.kind,
            mode: m.mode,
            status: m.status,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            chairing_state,
            chair,
            co_chairs,
            programme,
            delegations,
            agenda: AgendaView {
                status: agenda_state.status,
                adopted_at: agenda_state.adopted_at.map(|t| t.to_string()),
                items,
                total,
            },
        })
    }

    /// Meetings in a span of days, optionally of one organisation or body, as the viewer may see them.
    pub async fn meetings(&self, filter: &Filter) -> Result<(Vec<MeetingSummary>, Option<Id>)> {
        let (rows, next) = self.list(Kind::Meeting, filter).await?;
        let rows: Vec<(Stored<Record>, Meeting)> = rows.into_iter().filter_map(as_meeting).collect();
        Ok((self.summaries(rows).await?, next))
    }

    /// Meetings by key, those the viewer may see, as a list shows them: three reads for any number.
    pub async fn meetings_by_key(&self, viewer: &Viewer, keys: &[Key]) -> Result<Vec<MeetingSummary>> {
        let keys: Vec<String> = keys.iter().map(|k| k.as_str().to_owned()).collect();
        let rows = self.store.find_many(Kind::Meeting, &keys, viewer).await?.into_iter().filter_map(as_meeting);
        self.summaries(rows.collect()).await
    }

    /// The bodies and cities of meetings, by (organisation, body) and by key: two reads for any number of meetings
    /// (bodies and cities are public).
    pub(crate) async fn places_of<'m>(
        &self,
        meetings: impl Iterator<Item = &'m Meeting> + Clone,
    ) -> Result<(HashMap<(Code, Code), Body>, HashMap<Key, City>)> {
        let body_keys: Vec<String> = meetings.clone().map(|m| format!("{}/{}", m.organisation, m.body)).collect();
        let mut bodies: HashMap<(Code, Code), Body> = HashMap::new();
        for s in self.store.find_many(Kind::Body, &body_keys, &Viewer::Secretariat).await? {
            if let Record::Body(b) = s.record {
                bodies.insert((b.organisation.clone(), b.code.clone()), b);
            }
        }
        let city_keys: Vec<String> = meetings.map(|m| m.city.as_str().to_owned()).collect();
        let mut cities: HashMap<Key, City> = HashMap::new();
        for s in self.store.find_many(Kind::City, &city_keys, &Viewer::Secretariat).await? {
            if let Record::City(c) = s.record {
                cities.insert(c.key.clone(), c);
            }
        }
        Ok((bodies, cities))
    }

    /// Stored meetings as a list shows them, with their bodies' and cities' names.
    pub(crate) async fn summaries(&self, rows: Vec<(Stored<Record>, Meeting)>) -> Result<Vec<MeetingSummary>> {
        let (bodies, cities) = self.places_of(rows.iter().map(|(_, m)| m)).await?;
        let mut out = Vec::new();
        for (stored, m) in rows {
            let body = bodies
                .get(&(m.organisation.clone(), m.body.clone()))
                .cloned()
                .ok_or(Error::NotFound { what: "body" })?;
            let city = cities.get(&m.city).cloned().ok_or(Error::NotFound { what: "city" })?;
            out.push(MeetingSummary {
                id: stored.id,
                starts_at: time::rfc3339(&time::local(&city.time_zone, m.starts_on, None)),
                city: name_on(&city.names, m.starts_on).cloned().unwrap_or_else(|| Text::one("en", city.key.as_str())),
                state: city.state,
                time_zone: city.time_zone,
                key: m.key,
                organisation: m.organisation,
                body: m.body,
                body_name: body.abbreviation.unwrap_or(body.name),
                kind: m.kind,
                status: m.status,
                starts_on: m.starts_on,
                ends_on: m.ends_on,
            });
        }
        Ok(out)
    }
}
