//! A meeting as people read it: body, venue in local time, chair (derived), programme, delegations, agenda.

use jiff::civil::{Date, Time};
use serde::Serialize;

use super::Secretariat;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::chair::{meeting_chair_state, Chairmanship};
use crate::rules::time;
use crate::rules::visibility::{Viewer, Visibility};
use crate::store::{AgendaState, Filter, Id, Kind, Record, Stored};

/// A body, as a meeting shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BodyRef {
    pub code: Code,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<Text>,
}

/// Where a meeting is held, with the zone whose rules give its local time.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Venue {
    pub city_key: Key,
    /// The city's name on the meeting's day (Astana in 2018, Nur-Sultan in 2020).
    pub city: Text,
    pub state: StateCode,
    pub state_name: Text,
    pub time_zone: ZoneId,
    /// The zone's offset on the meeting's first day.
    pub utc_offset: String,
}

/// A person as named on a given day, with the post held then.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonRef {
    pub key: Key,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<Text>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub acting: bool,
}

/// Who chairs the meeting, and whether that was derived from the rules or set on the meeting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChairView {
    pub person: PersonRef,
    pub state: StateCode,
    /// `derived` from the chairmanship and the body's chair rule, or `set` on the meeting.
    pub source: &'static str,
}

/// A programme event in the venue's time.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: Id,
    pub version: i64,
    pub key: Key,
    pub kind: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = "partial-time")]
    pub at: Option<Time>,
    /// RFC 3339 with the venue's offset; midnight when the time is not known.
    pub starts_at: String,
    pub time_known: bool,
    pub admitted: &'static str,
}

/// A delegation with its head as named and titled on the day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DelegationView {
    pub id: Id,
    pub version: i64,
    pub state: StateCode,
    pub state_name: Text,
    pub head: PersonRef,
    pub members: Vec<PersonRef>,
}

/// An agenda item with the format of its sitting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemView {
    pub id: Id,
    pub version: i64,
    pub number: u16,
    pub title: Text,
    pub kind: ItemKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sitting: Option<Key>,
    pub format: Option<Format>,
    pub visibility: Visibility,
    /// The documents under the item that the viewer may see.
    pub documents: Vec<DocumentRef>,
    /// The recorded outcome, once decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<crate::domain::ItemOutcome>,
}

/// A document as an agenda lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentRef {
    pub id: Id,
    pub key: Key,
    pub symbol: Option<String>,
    pub title: Text,
    pub status: crate::rules::lifecycle::DocumentStatus,
}

/// The agenda as the viewer may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaView {
    pub status: AgendaStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted_at: Option<String>,
    pub items: Vec<ItemView>,
}

/// A meeting, whole.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingView {
    pub id: Id,
    pub version: i64,
    pub key: Key,
    pub organisation: Code,
    pub body: BodyRef,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joint_with: Vec<BodyRef>,
    pub kind: MeetingKind,
    pub mode: MeetingMode,
    pub status: MeetingStatus,
    pub venue: Venue,
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    pub starts_at: String,
    pub chairing_state: Option<StateCode>,
    pub chair: Option<ChairView>,
    pub programme: Vec<EventView>,
    pub delegations: Vec<DelegationView>,
    pub agenda: AgendaView,
}

/// A meeting in a list or a calendar.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingSummary {
    pub id: Id,
    pub key: Key,
    pub organisation: Code,
    pub body: Code,
    pub body_name: Text,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub city: Text,
    pub state: StateCode,
    pub time_zone: ZoneId,
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    pub starts_at: String,
}

fn as_meeting(s: Stored<Record>) -> Option<(Stored<Record>, Meeting)> {
    match &s.record {
        Record::Meeting(m) => {
            let m = m.clone();
            Some((s, m))
        }
        _ => None,
    }
}

macro_rules! unpack {
    ($stored:expr, $variant:ident) => {
        match $stored {
            Some(Stored { record: Record::$variant(r), .. }) => Some(r),
            _ => None,
        }
    };
}

impl Secretariat {
    async fn body(&self, org: &Code, code: &Code) -> Result<Body> {
        unpack!(self.store.find(Kind::Body, &format!("{org}/{code}"), &Viewer::Secretariat).await?, Body)
            .ok_or(Error::NotFound { what: "body" })
    }

    async fn city(&self, key: &Key) -> Result<City> {
        unpack!(self.store.find(Kind::City, key.as_str(), &Viewer::Secretariat).await?, City)
            .ok_or(Error::NotFound { what: "city" })
    }

    /// A person as named on `day`, with the post they held then.
    pub async fn person_on(&self, key: &Key, day: Date) -> Result<PersonRef> {
        let person = unpack!(self.store.find(Kind::Person, key.as_str(), &Viewer::Secretariat).await?, Person)
            .ok_or(Error::NotFound { what: "person" })?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.person = Some(key.clone());
        let mut post = None;
        let mut acting = false;
        for m in self.store.list(Kind::Mandate, &filter).await? {
            if let Record::Mandate(m) = m.record {
                if m.period.contains(day) {
                    post = unpack!(self.store.find(Kind::Post, m.post.as_str(), &Viewer::Secretariat).await?, Post)
                        .map(|p| p.title);
                    acting = m.acting;
                    break;
                }
            }
        }
        Ok(PersonRef {
            key: key.clone(),
            name: name_on(&person.names, day).cloned().unwrap_or_else(|| Text::one("en", key.as_str())),
            post,
            acting,
        })
    }

    /// The holder on `day` of the post of `role` for `state`: a full holder before an acting one.
    pub async fn holder(&self, role: &Role, state: &StateCode, day: Date) -> Result<Option<Key>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.role = Some(role.clone());
        filter.state = Some(state.clone());
        let posts = self.store.list(Kind::Post, &filter).await?;
        let mut best: Option<(bool, Key)> = None;
        for post in posts {
            let Record::Post(post) = post.record else { continue };
            let mut mf = Filter::new(Viewer::Secretariat);
            mf.post = Some(post.key.clone());
            let mandates = self.store.list(Kind::Mandate, &mf).await?;
            for m in mandates {
                let Record::Mandate(m) = m.record else { continue };
                if m.post == post.key
                    && m.period.contains(day)
                    && best.as_ref().is_none_or(|(acting, _)| *acting && !m.acting)
                {
                    best = Some((m.acting, m.person.clone()));
                }
            }
        }
        Ok(best.map(|(_, k)| k))
    }

    /// The last days of the top body's regular sessions, which hand the chairmanship over.
    pub async fn top_sessions(&self, org: &Organisation) -> Result<Vec<Date>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.organisation = Some(org.code.clone());
        filter.body = Some(org.chairmanship.top_body.clone());
        filter.limit = u32::MAX;
        Ok(self
            .store
            .list(Kind::Meeting, &filter)
            .await?
            .into_iter()
            .filter_map(as_meeting)
            .filter(|(_, m)| m.kind == MeetingKind::Regular && m.status != MeetingStatus::Cancelled)
            .map(|(_, m)| m.ends_on)
            .collect())
    }

    /// The organisation's chairmanship rule.
    pub async fn organisation(&self, code: &Code) -> Result<Organisation> {
        unpack!(self.store.find(Kind::Organisation, code.as_str(), &Viewer::Secretariat).await?, Organisation)
            .ok_or(Error::NotFound { what: "organisation" })
    }

    async fn chair_of(
        &self,
        meeting: &Meeting,
        body: &Body,
        city: &City,
        chairmanship: &Chairmanship,
        sessions: &[Date],
    ) -> Result<(Option<StateCode>, Option<ChairView>)> {
        let day = meeting.starts_on;
        let chairing = chairmanship.term_on(day, sessions).map(|t| t.state);
        if let Some(person) = &meeting.chair {
            let person = self.person_on(person, day).await?;
            let state = chairing.clone().unwrap_or_else(|| city.state.clone());
            return Ok((chairing, Some(ChairView { person, state, source: "set" })));
        }
        let Some(chair_state) = chairing.as_ref() else { return Ok((None, None)) };
        let state = meeting_chair_state(body.chair_rule, chair_state, &city.state);
        let chair = match self.holder(&body.representative_role, &state, day).await? {
            Some(key) => Some(ChairView { person: self.person_on(&key, day).await?, state, source: "derived" }),
            None => None,
        };
        Ok((chairing, chair))
    }

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
        let mut joint_with = Vec::new();
        for code in &m.joint_with {
            let b = self.body(&m.organisation, code).await?;
            joint_with.push(BodyRef { code: b.code, name: b.name, abbreviation: b.abbreviation });
        }
        let city = self.city(&m.city).await?;
        let sessions = self.top_sessions(&org).await?;
        let (chairing_state, chair) = self.chair_of(&m, &body, &city, &org.chairmanship, &sessions).await?;

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
                    admitted: e.admitted(),
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

        let mut delegations = Vec::new();
        for s in self.store.list(Kind::Delegation, &filter).await? {
            let Record::Delegation(d) = s.record else { continue };
            let mut members = Vec::new();
            for member in &d.members {
                members.push(self.person_on(member, m.starts_on).await?);
            }
            delegations.push(DelegationView {
                id: s.id,
                version: s.version,
                state_name: state_name(&d.state),
                head: self.person_on(&d.head, m.starts_on).await?,
                state: d.state,
                members,
            });
        }

        let agenda_state: AgendaState = self.store.agenda(id).await?;
        let outcomes = self.store.item_outcomes(id).await?;
        let mut items = Vec::new();
        for s in self.store.list(Kind::AgendaItem, &filter).await? {
            let Record::AgendaItem(i) = s.record else { continue };
            let mut documents = Vec::new();
            for key in &i.documents {
                // The store's query decides whether this viewer may see the document.
                if let Some(Stored { id: doc, record: Record::Document(d), .. }) =
                    self.store.find(Kind::Document, key.as_str(), viewer).await?
                {
                    let state = self.store.document_state(doc).await?;
                    documents.push(DocumentRef {
                        id: doc,
                        key: d.key,
                        symbol: state.symbol,
                        title: d.title,
                        status: state.status,
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
                documents,
            });
        }
        items.sort_by_key(|i| i.number);

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
            body: BodyRef { code: body.code, name: body.name, abbreviation: body.abbreviation },
            joint_with,
            kind: m.kind,
            mode: m.mode,
            status: m.status,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            chairing_state,
            chair,
            programme,
            delegations,
            agenda: AgendaView {
                status: agenda_state.status,
                adopted_at: agenda_state
                    .adopted_at_us
                    .and_then(|us| jiff::Timestamp::from_microsecond(us).ok())
                    .map(|t| t.to_string()),
                items,
            },
        })
    }

    /// Meetings in a span of days, optionally of one organisation or body, as the viewer may see them.
    pub async fn meetings(&self, filter: &Filter) -> Result<(Vec<MeetingSummary>, Option<Id>)> {
        let (rows, next) = self.list(Kind::Meeting, filter).await?;
        let mut out = Vec::new();
        for (stored, m) in rows.into_iter().filter_map(as_meeting) {
            let body = self.body(&m.organisation, &m.body).await?;
            let city = self.city(&m.city).await?;
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
        Ok((out, next))
    }
}
