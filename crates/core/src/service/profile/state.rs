//! A state's page: its ties to each organisation, the terms it chairs, its people in their posts, its delegations
//! at meetings, and the documents it sponsors that the viewer may see.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use super::RotationTermView;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::service::{MeetingSummary, PersonRef, Secretariat};
use crate::store::{Filter, Stored};

/// How many of the documents a state sponsors its page lists; the register holds them all.
pub const STATE_DOCUMENTS: u32 = 20;

/// A state's tie to an organisation over a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StateMembership {
    pub organisation: Code,
    pub organisation_name: Text,
    pub kind: MembershipKind,
    /// The kind's name as the organisation configures it; none for a built-in kind the interface names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_name: Option<Text>,
    #[serde(flatten)]
    pub period: Period,
}

/// The terms a state chairs an organisation, over the years the organisation's rotation is drawn.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StateChairmanship {
    pub organisation: Code,
    pub organisation_name: Text,
    pub terms: Vec<RotationTermView>,
}

/// A person holding one of the state's posts over a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostHolding {
    pub post: Key,
    pub title: Text,
    /// The person as named today.
    pub person: PersonRef,
    #[serde(flatten)]
    pub period: Period,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub acting: bool,
}

/// The state's delegation at a meeting, its people as named on the meeting's first day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StateDelegation {
    pub meeting: MeetingSummary,
    pub head: PersonRef,
    pub members: Vec<PersonRef>,
}

/// A state as its page shows it to a viewer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StateProfile {
    pub state: State,
    pub memberships: Vec<StateMembership>,
    /// Per organisation whose rotation names the state, the terms it chairs over the years the organisation's
    /// rotation is drawn, and its next term after today; none when it chairs none of them.
    pub chairmanships: Vec<StateChairmanship>,
    /// The holders of its posts, post by post, the latest mandate first.
    pub people: Vec<PostHolding>,
    /// Its delegations, the latest meeting first.
    pub delegations: Vec<StateDelegation>,
    /// The latest documents it sponsors that the viewer may see (at most [`STATE_DOCUMENTS`]).
    pub documents: Vec<RegisterRow>,
    /// How many documents it sponsors that the viewer may see.
    pub documents_total: u64,
}

fn unpack<T>(rows: Vec<Stored<Record>>, f: impl Fn(Record) -> Option<T>) -> Vec<T> {
    rows.into_iter().filter_map(|s| f(s.record)).collect()
}

impl Secretariat {
    /// The state of `code` as `viewer` may see it, today being `today`; `404 not_found` for a state the register
    /// does not know.
    pub async fn state_profile(&self, viewer: &Viewer, code: &StateCode, today: Date) -> Result<StateProfile> {
        let state = match self.store.find(Kind::State, code.as_str(), &Viewer::Secretariat).await? {
            Some(Stored { record: Record::State(s), .. }) => s,
            _ => return Err(Error::NotFound { what: "state" }),
        };
        let organisations = self.organisations().await?;
        let org_name = |c: &Code| {
            organisations.iter().find(|o| o.code == *c).map_or_else(|| Text::one("en", c.as_str()), |o| o.name.clone())
        };

        let mut all = Filter::new(Viewer::Secretariat);
        all.limit = u32::MAX;
        let mut of_state = all.clone();
        of_state.state = Some(code.clone());
        let ties = unpack(self.store.list(Kind::Membership, &of_state).await?, |r| match r {
            Record::Membership(m) => Some(m),
            _ => None,
        });
        let mut memberships: Vec<StateMembership> = ties
            .into_iter()
            .map(|m| {
                let configured = organisations
                    .iter()
                    .find(|o| o.code == m.organisation)
                    .and_then(|o| o.membership_kinds.iter().find(|k| k.kind == m.kind))
                    .and_then(|k| k.name.clone());
                StateMembership {
                    organisation_name: org_name(&m.organisation),
                    organisation: m.organisation,
                    kind: m.kind,
                    kind_name: configured,
                    period: m.period,
                }
            })
            .collect();
        memberships.sort_by(|a, b| (&a.organisation, a.period.from).cmp(&(&b.organisation, b.period.from)));

        let mut chairmanships = Vec::new();
        for org in &organisations {
            let named = org.chairmanship.rotation.contains(code)
                || org.chairmanship.overrides.iter().any(|o| o.state == *code || o.co_chairs.contains(code));
            if !named {
                continue;
            }
            let mut terms = self.rotation(org, today).await?;
            terms.retain(|t| t.state == *code || t.co_chairs.iter().any(|c| c.state == *code));
            // The next term it chairs, when the years drawn end before it.
            if !terms.iter().any(|t| t.from > today) {
                terms.extend(self.next_term_of(org, code, today).await?);
            }
            if !terms.is_empty() {
                chairmanships.push(StateChairmanship {
                    organisation: org.code.clone(),
                    organisation_name: org.name.clone(),
                    terms,
                });
            }
        }

        let people = self.holdings(code, today).await?;
        let delegations = self.delegations_of(viewer, code).await?;

        let mut query = RegisterQuery::new(
            viewer.clone(),
            RegisterFilters { sponsor: Some(Sponsor::State(code.clone())), ..RegisterFilters::default() },
        );
        query.limit = STATE_DOCUMENTS;
        let page = self.register(&query).await?;
        Ok(StateProfile {
            state,
            memberships,
            chairmanships,
            people,
            delegations,
            documents: page.rows,
            documents_total: page.total,
        })
    }

    /// Who held the state's posts: its posts, their mandates and their holders in three reads.
    async fn holdings(&self, code: &StateCode, today: Date) -> Result<Vec<PostHolding>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.limit = u32::MAX;
        filter.state = Some(code.clone());
        let posts: Vec<Post> = unpack(self.store.list(Kind::Post, &filter).await?, |r| match r {
            Record::Post(p) => Some(p),
            _ => None,
        });
        if posts.is_empty() {
            return Ok(Vec::new());
        }
        // The mandates of every post in one read: the store filters mandates by one post, not by many.
        filter.state = None;
        let mandates: Vec<Mandate> = unpack(self.store.list(Kind::Mandate, &filter).await?, |r| match r {
            Record::Mandate(m) if posts.iter().any(|p| p.key == m.post) => Some(m),
            _ => None,
        });
        let keys: Vec<Key> = mandates.iter().map(|m| m.person.clone()).collect();
        let holders: HashMap<Key, PersonRef> = self.people_on(&keys, today).await?;
        let mut out = Vec::new();
        for post in &posts {
            let mut held: Vec<&Mandate> = mandates.iter().filter(|m| m.post == post.key).collect();
            // The latest first; a mandate with no recorded start after the dated ones.
            held.sort_by_key(|m| std::cmp::Reverse((m.period.from.is_some(), m.period.from)));
            for m in held {
                let Some(person) = holders.get(&m.person) else { continue };
                out.push(PostHolding {
                    post: post.key.clone(),
                    title: post.title.clone(),
                    person: PersonRef { post: None, acting: false, ..person.clone() },
                    period: m.period,
                    acting: m.acting,
                });
            }
        }
        Ok(out)
    }

    /// The state's delegations, the latest meeting first: the delegations, their meetings and their people, each
    /// in one read.
    async fn delegations_of(&self, viewer: &Viewer, code: &StateCode) -> Result<Vec<StateDelegation>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.limit = u32::MAX;
        filter.state = Some(code.clone());
        let listed: Vec<Delegation> = unpack(self.store.list(Kind::Delegation, &filter).await?, |r| match r {
            Record::Delegation(d) => Some(d),
            _ => None,
        });
        let keys: Vec<Key> = listed.iter().map(|d| d.meeting.clone()).collect();
        let meetings: HashMap<Key, MeetingSummary> =
            self.meetings_by_key(viewer, &keys).await?.into_iter().map(|m| (m.key.clone(), m)).collect();
        let wanted: Vec<(Key, Date)> = listed
            .iter()
            .filter_map(|d| meetings.get(&d.meeting).map(|m| (d, m.starts_on)))
            .flat_map(|(d, day)| std::iter::once(&d.head).chain(&d.members).map(move |k| (k.clone(), day)))
            .collect();
        let people = self.people_on_days(&wanted).await?;
        let mut out: Vec<StateDelegation> = listed
            .into_iter()
            .filter_map(|d| {
                let meeting = meetings.get(&d.meeting)?.clone();
                let day = meeting.starts_on;
                let person = |k: &Key| people.get(&(k.clone(), day)).cloned();
                Some(StateDelegation {
                    head: person(&d.head)?,
                    members: d.members.iter().filter_map(person).collect(),
                    meeting,
                })
            })
            .collect();
        out.sort_by_key(|d| std::cmp::Reverse((d.meeting.starts_on, d.meeting.id)));
        Ok(out)
    }
}
