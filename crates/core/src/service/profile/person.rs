//! A person's page: the name in force today and the earlier ones, the posts held with their periods, and the
//! meetings attended in a delegation, with the meetings the person chaired.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::chair::{meeting_chair, MeetingChair};
use crate::service::{MeetingSummary, Secretariat};
use crate::store::{Filter, Stored};

/// A post a person held over a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MandateView {
    pub post: Key,
    pub title: Text,
    /// The state whose post it is, named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<StateCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_name: Option<Text>,
    /// The organisation whose post it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Code>,
    #[serde(flatten)]
    pub period: Period,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub acting: bool,
}

/// A meeting a person attended in a state's delegation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Attendance {
    pub meeting: MeetingSummary,
    pub state: StateCode,
    pub state_name: Text,
    /// Head of the delegation, rather than a member of it.
    pub head: bool,
    /// Whether the person chaired the meeting: `derived` from the chairmanship and the body's chair rule, or `set`
    /// on the meeting; none otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chair: Option<&'static str>,
}

/// A person as the page shows them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonProfile {
    pub key: Key,
    /// The name in force today.
    pub name: Text,
    /// Every name the person bore, each from its day.
    pub names: Vec<Named>,
    /// The posts held, the latest first.
    pub mandates: Vec<MandateView>,
    /// The meetings attended, the latest first.
    pub attended: Vec<Attendance>,
}

/// What a person held on a day: (role, state, post) of each post in force.
type Held<'a> = Vec<(&'a Role, Option<&'a StateCode>, &'a Key)>;

impl Secretariat {
    /// The person of `key` as `viewer` may see them, today being `today`; `404 not_found` for a person the
    /// register does not know.
    pub async fn person_profile(&self, viewer: &Viewer, key: &Key, today: Date) -> Result<PersonProfile> {
        let person = match self.store.find(Kind::Person, key.as_str(), &Viewer::Secretariat).await? {
            Some(Stored { record: Record::Person(p), .. }) => p,
            _ => return Err(Error::NotFound { what: "person" }),
        };
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.limit = u32::MAX;
        let mut own = filter.clone();
        own.person = Some(key.clone());
        let mandates: Vec<Mandate> = self
            .store
            .list(Kind::Mandate, &own)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Mandate(m) => Some(m),
                _ => None,
            })
            .collect();
        let post_keys: Vec<String> = mandates.iter().map(|m| m.post.as_str().to_owned()).collect();
        let posts: HashMap<Key, Post> = self
            .store
            .find_many(Kind::Post, &post_keys, &Viewer::Secretariat)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Post(p) => Some((p.key.clone(), p)),
                _ => None,
            })
            .collect();

        // A delegation names its people in a list the store does not filter by: all delegations in one read.
        let delegations: Vec<Delegation> = self
            .store
            .list(Kind::Delegation, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Delegation(d) if d.head == *key || d.members.contains(key) => Some(d),
                _ => None,
            })
            .collect();
        let meeting_keys: Vec<String> = delegations.iter().map(|d| d.meeting.as_str().to_owned()).collect();
        let rows: Vec<(Stored<Record>, Meeting)> = self
            .store
            .find_many(Kind::Meeting, &meeting_keys, viewer)
            .await?
            .into_iter()
            .filter_map(|s| match &s.record {
                Record::Meeting(m) => {
                    let m = m.clone();
                    Some((s, m))
                }
                _ => None,
            })
            .collect();
        let meetings: Vec<Meeting> = rows.iter().map(|(_, m)| m.clone()).collect();
        let summaries: HashMap<Key, MeetingSummary> =
            self.summaries(rows).await?.into_iter().map(|s| (s.key.clone(), s)).collect();

        let mut codes: Vec<StateCode> = delegations.iter().map(|d| d.state.clone()).collect();
        codes.extend(posts.values().filter_map(|p| p.state.clone()));
        let names = self.state_names(&codes).await?;
        let name = |s: &StateCode| names.get(s).cloned().unwrap_or_else(|| Text::one("en", s.as_str()));

        let chairs = self.chaired(key, &meetings, &delegations, &mandates, &posts).await?;
        let mut attended: Vec<Attendance> = delegations
            .iter()
            .filter_map(|d| {
                let meeting = summaries.get(&d.meeting)?.clone();
                Some(Attendance {
                    chair: chairs.get(&d.meeting).copied(),
                    state_name: name(&d.state),
                    state: d.state.clone(),
                    head: d.head == *key,
                    meeting,
                })
            })
            .collect();
        attended.sort_by_key(|a| std::cmp::Reverse((a.meeting.starts_on, a.meeting.id)));

        let mut mandates: Vec<MandateView> = mandates
            .iter()
            .filter_map(|m| {
                let post = posts.get(&m.post)?;
                Some(MandateView {
                    post: post.key.clone(),
                    title: post.title.clone(),
                    state_name: post.state.as_ref().map(name),
                    state: post.state.clone(),
                    organisation: post.organisation.clone(),
                    period: m.period,
                    acting: m.acting,
                })
            })
            .collect();
        mandates.sort_by_key(|m| std::cmp::Reverse((m.period.to.is_none(), m.period.to, m.period.from)));
        let name = name_on(&person.names, today).cloned().unwrap_or_else(|| Text::one("en", key.as_str()));
        Ok(PersonProfile { key: person.key, name, names: person.names, mandates, attended })
    }

    /// The meetings among `meetings` that the person chaired, by key, with how that is known: the chair set on the
    /// meeting, else the body's chair rule as the meeting page applies it (`rules::chair::meeting_chair`) to the
    /// state of the person's delegation and the posts the person held on the meeting's first day.
    async fn chaired(
        &self,
        person: &Key,
        meetings: &[Meeting],
        delegations: &[Delegation],
        mandates: &[Mandate],
        posts: &HashMap<Key, Post>,
    ) -> Result<HashMap<Key, &'static str>> {
        let body_keys: Vec<String> = meetings.iter().map(|m| format!("{}/{}", m.organisation, m.body)).collect();
        let bodies: HashMap<(Code, Code), Body> = self
            .store
            .find_many(Kind::Body, &body_keys, &Viewer::Secretariat)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Body(b) => Some(((b.organisation.clone(), b.code.clone()), b)),
                _ => None,
            })
            .collect();
        let city_keys: Vec<String> = meetings.iter().map(|m| m.city.as_str().to_owned()).collect();
        let hosts: HashMap<Key, StateCode> = self
            .store
            .find_many(Kind::City, &city_keys, &Viewer::Secretariat)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::City(c) => Some((c.key, c.state)),
                _ => None,
            })
            .collect();
        // Each organisation's rule and the sessions that hand its chairmanship over: two reads per organisation.
        let mut rules: HashMap<Code, (Chairmanship, Vec<Date>)> = HashMap::new();
        for m in meetings {
            if !rules.contains_key(&m.organisation) {
                let org = self.organisation(&m.organisation).await?;
                let sessions = self.top_sessions(&org).await?;
                rules.insert(m.organisation.clone(), (org.chairmanship, sessions));
            }
        }
        let mut out = HashMap::new();
        for m in meetings {
            let chaired = match &m.chair {
                Some(chair) => (chair == person).then_some("set"),
                None => {
                    let day = m.starts_on;
                    let held: Held<'_> = mandates
                        .iter()
                        .filter(|x| x.period.contains(day))
                        .filter_map(|x| posts.get(&x.post))
                        .map(|p| (&p.role, p.state.as_ref(), &p.key))
                        .collect();
                    let body = bodies.get(&(m.organisation.clone(), m.body.clone()));
                    let delegation = delegations.iter().find(|d| d.meeting == m.key).map(|d| &d.state);
                    let chairing = rules
                        .get(&m.organisation)
                        .and_then(|(ch, sessions)| ch.term_on(day, sessions))
                        .map(|t| t.states())
                        .unwrap_or_default();
                    match (body, delegation, hosts.get(&m.city)) {
                        (Some(body), Some(state), Some(host)) => {
                            let rule = meeting_chair(
                                body.chair_rule,
                                body.chair_post.as_ref(),
                                &body.chair_states,
                                &chairing,
                                host,
                            );
                            let represents = |s: &StateCode| {
                                held.iter().any(|(role, st, _)| **role == body.representative_role && *st == Some(s))
                            };
                            let chairs = match rule {
                                MeetingChair::States(states) => states.contains(state) && represents(state),
                                MeetingChair::Office(post) => held.iter().any(|(_, _, p)| **p == post),
                                MeetingChair::Elected => false,
                            };
                            chairs.then_some("derived")
                        }
                        _ => None,
                    }
                }
            };
            if let Some(how) = chaired {
                out.insert(m.key.clone(), how);
            }
        }
        Ok(out)
    }
}
