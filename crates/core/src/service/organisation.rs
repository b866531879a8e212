//! An organisation as people read it: members, who chairs now and next, bodies, meetings, cadence.

use jiff::civil::Date;
use serde::Serialize;

use super::{MeetingSummary, Secretariat};
use crate::domain::*;
use crate::error::Result;
use crate::rules::cadence::{shortfalls, Shortfall};
use crate::rules::chair::Term;
use crate::rules::visibility::Viewer;
use crate::store::{Filter, Kind, Record, Stored};

/// Who chairs on a day, and who comes next.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChairmanshipView {
    pub organisation: Code,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    pub state: StateCode,
    pub state_name: Text,
    pub term: i16,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    pub next: Option<Term>,
}

/// A member state with its tie to the organisation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub state: StateCode,
    pub name: Text,
    pub kind: MembershipKind,
    #[serde(flatten)]
    pub period: Period,
}

/// A body with the years its regular meetings fall short of its cadence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BodyView {
    #[serde(flatten)]
    pub body: Body,
    pub shortfalls: Vec<Shortfall>,
}

/// The organisation's home: members, chair, bodies, upcoming and past meetings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganisationView {
    pub organisation: Organisation,
    /// The kinds of membership in force: those the organisation configures, or the four built-in ones.
    pub membership_kinds: Vec<MembershipKindDefinition>,
    pub members: Vec<MemberView>,
    pub chair: Option<ChairmanshipView>,
    pub bodies: Vec<BodyView>,
    pub upcoming: Vec<MeetingSummary>,
    pub past: Vec<MeetingSummary>,
}

impl Secretariat {
    /// A state's names; a state the register does not know is named by its code. A state's name is public.
    pub async fn state_name(&self, code: &StateCode) -> Result<Text> {
        Ok(match self.store.find(Kind::State, code.as_str(), &Viewer::Secretariat).await? {
            Some(Stored { record: Record::State(s), .. }) => s.name,
            _ => Text::one("en", code.as_str()),
        })
    }

    /// Which state chairs the organisation on `on`, and which follows.
    pub async fn chairmanship(&self, code: &Code, on: Date) -> Result<Option<ChairmanshipView>> {
        let org = self.organisation(code).await?;
        let sessions = self.top_sessions(&org).await?;
        let Some(term) = org.chairmanship.term_on(on, &sessions) else { return Ok(None) };
        let next = org.chairmanship.term(term.term + 1, &sessions);
        let state_name = self.state_name(&term.state).await?;
        Ok(Some(ChairmanshipView {
            organisation: code.clone(),
            on,
            state: term.state,
            state_name,
            term: term.term,
            from: term.from,
            to: term.to,
            next,
        }))
    }

    /// The organisation's home as the viewer may see it, on `today`.
    pub async fn organisation_view(&self, viewer: &Viewer, code: &Code, today: Date) -> Result<OrganisationView> {
        let organisation = self.organisation(code).await?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.organisation = Some(code.clone());
        filter.limit = u32::MAX;

        let mut members = Vec::new();
        for s in self.store.list(Kind::Membership, &filter).await? {
            let Record::Membership(m) = s.record else { continue };
            let name = self.state_name(&m.state).await?;
            members.push(MemberView { state: m.state, name, kind: m.kind, period: m.period });
        }

        let mut visible = filter.clone();
        visible.viewer = viewer.clone();
        let (meetings, _) = self.meetings(&visible).await?;

        let this_year = today.year();
        let mut bodies = Vec::new();
        for s in self.store.list(Kind::Body, &filter).await? {
            let Record::Body(body) = s.record else { continue };
            let held: Vec<_> =
                meetings.iter().filter(|m| m.body == body.code).map(|m| (m.starts_on, m.kind, m.status)).collect();
            let first = held.iter().map(|(d, _, _)| d.year()).min().unwrap_or(this_year);
            let last = held.iter().map(|(d, _, _)| d.year()).max().unwrap_or(this_year);
            let shortfalls = if held.is_empty() {
                Vec::new()
            } else {
                shortfalls(body.regular_meetings_per_year, &held, first, last)
            };
            bodies.push(BodyView { body, shortfalls });
        }

        let (mut past, mut upcoming): (Vec<_>, Vec<_>) = meetings.into_iter().partition(|m| m.ends_on < today);
        past.sort_by_key(|m| std::cmp::Reverse(m.starts_on));
        upcoming.sort_by_key(|m| m.starts_on);
        Ok(OrganisationView {
            chair: self.chairmanship(code, today).await?,
            membership_kinds: organisation.membership_kinds_or_built_in(),
            organisation,
            members,
            bodies,
            upcoming,
            past,
        })
    }
}
