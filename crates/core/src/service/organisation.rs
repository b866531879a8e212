//! An organisation as people read it: its members and who chairs on a day, the history of its memberships,
//! bodies, meetings, cadence.

use jiff::civil::Date;
use std::collections::HashMap;

use serde::Serialize;

use super::{MeetingSummary, Secretariat, MEETINGS_AROUND};
use crate::domain::*;
use crate::error::Result;
use crate::rules::cadence::{shortfalls, span, Shortfall};
use crate::store::{Filter, Stored};

/// Who chairs on a day, and who comes next.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChairmanshipView {
    pub organisation: Code,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    pub state: StateCode,
    pub state_name: Text,
    /// The states chairing together with `state` over the term, with their names; empty when it chairs alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub co_chairs: Vec<CoChairView>,
    pub term: i16,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    pub next: Option<Term>,
}

/// A state chairing together with another.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoChairView {
    pub state: StateCode,
    pub state_name: Text,
}

/// A state with its tie to the organisation (of any kind) and that tie's period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub state: StateCode,
    pub name: Text,
    pub kind: MembershipKind,
    #[serde(flatten)]
    pub period: Period,
}

/// A body with the years its regular meetings fall short of its cadence, and its next meeting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BodyView {
    #[serde(flatten)]
    pub body: Body,
    pub shortfalls: Vec<Shortfall>,
    pub next: Option<MeetingSummary>,
}

/// One period of a state's tie, in a state's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MembershipPeriod {
    pub kind: MembershipKind,
    #[serde(flatten)]
    pub period: Period,
}

/// A state's ties to the organisation over time, earliest first: a state that was an observer and then a member
/// is one history of two periods.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MembershipHistory {
    pub state: StateCode,
    pub name: Text,
    pub periods: Vec<MembershipPeriod>,
}

/// Who chaired on the day asked about, and whether the rotation gave it (`derived`) or an override did (`set`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChairOnDay {
    #[serde(flatten)]
    pub chairmanship: ChairmanshipView,
    /// `derived` from the rotation order, or `set` by a recorded override.
    pub source: &'static str,
    /// The term before, for a reader walking back through the terms.
    pub previous: Option<Term>,
}

/// The organisation as of a day: the states tied to it that day with their periods, who chaired, and the whole
/// history of its memberships.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganisationOnDay {
    pub organisation: Code,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// The memberships in force on the day (of every kind: member, observer, partner, suspended), by kind and
    /// state.
    pub members: Vec<MemberView>,
    pub chair: Option<ChairOnDay>,
    /// Every state that was ever tied to the organisation, by its first period.
    pub timeline: Vec<MembershipHistory>,
}

/// The organisation's home: the organisation on a day, bodies, the meetings around the day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganisationView {
    pub organisation: Organisation,
    /// The kinds of membership in force: those the organisation configures, or the four built-in ones.
    pub membership_kinds: Vec<MembershipKindDefinition>,
    pub day: OrganisationOnDay,
    pub bodies: Vec<BodyView>,
    /// How many meetings the organisation holds, of every body, year and status.
    pub meetings: u32,
    /// Up to [`MEETINGS_AROUND`] meetings that end on or after the day, soonest first.
    pub upcoming: Vec<MeetingSummary>,
    /// Up to [`MEETINGS_AROUND`] meetings that ended before the day, latest first.
    pub past: Vec<MeetingSummary>,
    /// The chairmanship over the years the records reach, to the term after today's.
    pub rotation: Vec<super::RotationTermView>,
}

impl Secretariat {
    /// A state's names; a state the register does not know is named by its code. A state's name is public.
    pub async fn state_name(&self, code: &StateCode) -> Result<Text> {
        Ok(match self.store.find(Kind::State, code.as_str(), &Viewer::Secretariat).await? {
            Some(Stored { record: Record::State(s), .. }) => s.name,
            _ => Text::one("en", code.as_str()),
        })
    }

    /// States' names by code, in one read; a state the register does not know is named by its code.
    pub async fn state_names(&self, codes: &[StateCode]) -> Result<HashMap<StateCode, Text>> {
        let keys: Vec<String> = codes.iter().map(|c| c.as_str().to_owned()).collect();
        let mut names: HashMap<StateCode, Text> =
            codes.iter().map(|c| (c.clone(), Text::one("en", c.as_str()))).collect();
        for s in self.store.find_many(Kind::State, &keys, &Viewer::Secretariat).await? {
            if let Record::State(s) = s.record {
                names.insert(s.code, s.name);
            }
        }
        Ok(names)
    }

    /// Which state chairs the organisation on `on`, and which follows.
    pub async fn chairmanship(&self, code: &Code, on: Date) -> Result<Option<ChairmanshipView>> {
        let org = self.organisation(code).await?;
        let sessions = self.top_sessions(&org).await?;
        self.chairmanship_in(&org, &sessions, on).await
    }

    /// [`Self::chairmanship`] of an organisation already read, with its top body's sessions.
    async fn chairmanship_in(
        &self,
        org: &Organisation,
        sessions: &[Date],
        on: Date,
    ) -> Result<Option<ChairmanshipView>> {
        let code = &org.code;
        let Some(term) = org.chairmanship.term_on(on, sessions) else { return Ok(None) };
        let next = org.chairmanship.term(term.term + 1, sessions);
        let state_name = self.state_name(&term.state).await?;
        let mut co_chairs = Vec::new();
        for state in term.co_chairs {
            co_chairs.push(CoChairView { state_name: self.state_name(&state).await?, state });
        }
        Ok(Some(ChairmanshipView {
            organisation: code.clone(),
            on,
            state: term.state,
            state_name,
            co_chairs,
            term: term.term,
            from: term.from,
            to: term.to,
            next,
        }))
    }

    /// The organisation as of `on`: who was tied to it that day and how, who chaired, and every state's history.
    /// Memberships and the chairmanship are public.
    pub async fn organisation_on(&self, code: &Code, on: Date) -> Result<OrganisationOnDay> {
        let org = self.organisation(code).await?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.organisation = Some(code.clone());
        filter.limit = u32::MAX;
        let mut ties = Vec::new();
        for s in self.store.list(Kind::Membership, &filter).await? {
            let Record::Membership(m) = s.record else { continue };
            ties.push(m);
        }
        let codes: Vec<StateCode> = ties.iter().map(|m| m.state.clone()).collect();
        let names = self.state_names(&codes).await?;
        let name_of = |state: &StateCode| names.get(state).cloned().unwrap_or_else(|| Text::one("en", state.as_str()));
        let kinds = org.membership_kinds_or_built_in();
        let members = in_force(&ties, on, &kinds)
            .into_iter()
            .map(|m| MemberView {
                state: m.state.clone(),
                name: name_of(&m.state),
                kind: m.kind.clone(),
                period: m.period,
            })
            .collect();
        let timeline = histories(&ties, &kinds)
            .into_iter()
            .map(|(state, periods)| MembershipHistory { name: name_of(&state), state, periods })
            .collect();
        let sessions = self.top_sessions(&org).await?;
        let chair = match self.chairmanship_in(&org, &sessions, on).await? {
            Some(chairmanship) => {
                let term = chairmanship.term;
                let set = org.chairmanship.overrides.iter().any(|o| o.term == term);
                let previous = term.checked_sub(1).and_then(|t| org.chairmanship.term(t, &sessions));
                Some(ChairOnDay { chairmanship, source: if set { "set" } else { "derived" }, previous })
            }
            None => None,
        };
        Ok(OrganisationOnDay { organisation: code.clone(), on, members, chair, timeline })
    }

    /// The organisation's home as the viewer may see it: the organisation on `on`, and its meetings around `on`
    /// — the [`MEETINGS_AROUND`] that end soonest from it and the as many that ended latest before it — with how
    /// many meetings it holds in all; each body's next meeting from `today` and the years its regular meetings
    /// fall short of its cadence. The reads do not grow with the number of meetings.
    pub async fn organisation_view(
        &self,
        viewer: &Viewer,
        code: &Code,
        today: Date,
        on: Date,
    ) -> Result<OrganisationView> {
        let organisation = self.organisation(code).await?;
        let day = self.organisation_on(code, on).await?;
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = Some(code.clone());
        filter.limit = MEETINGS_AROUND;
        let (upcoming, past) = self.meetings_around(&filter, on).await?;
        let counts = self.store.meeting_counts(code, None).await?;
        let next = self.next_by_body(code, today).await?;

        filter.viewer = Viewer::Secretariat;
        filter.limit = u32::MAX;
        let mut bodies = Vec::new();
        for s in self.store.list(Kind::Body, &filter).await? {
            let Record::Body(body) = s.record else { continue };
            let held: Vec<MeetingCount> = counts.iter().filter(|c| c.body == body.code).cloned().collect();
            let shortfalls = match span(&held) {
                Some((first, last)) => shortfalls(body.regular_meetings_per_year, &held, first, last),
                None => Vec::new(),
            };
            let next = next.iter().find(|m| m.body == body.code).cloned();
            bodies.push(BodyView { body, shortfalls, next });
        }
        let rotation = self.rotation(&organisation, today).await?;
        Ok(OrganisationView {
            rotation,
            membership_kinds: organisation.membership_kinds_or_built_in(),
            organisation,
            day,
            bodies,
            meetings: counts.iter().map(|c| c.meetings).sum(),
            upcoming,
            past,
        })
    }
}

/// The order of kinds on the page and in the answer: members first.
fn kind_rank(kinds: &[MembershipKindDefinition], kind: &MembershipKind) -> usize {
    kinds.iter().position(|k| k.kind == *kind).unwrap_or(kinds.len())
}

/// The ties in force on `day`, by kind and then by state.
fn in_force(ties: &[Membership], day: Date, kinds: &[MembershipKindDefinition]) -> Vec<Membership> {
    let mut found: Vec<Membership> = ties.iter().filter(|m| m.period.contains(day)).cloned().collect();
    found.sort_by(|a, b| (kind_rank(kinds, &a.kind), &a.state).cmp(&(kind_rank(kinds, &b.kind), &b.state)));
    found
}

/// Each state's periods, earliest first (a period with no known start comes first); the states ordered by their
/// first period, then by code.
fn histories(ties: &[Membership], kinds: &[MembershipKindDefinition]) -> Vec<(StateCode, Vec<MembershipPeriod>)> {
    let mut by_state: std::collections::BTreeMap<StateCode, Vec<MembershipPeriod>> = Default::default();
    for m in ties {
        by_state.entry(m.state.clone()).or_default().push(MembershipPeriod { kind: m.kind.clone(), period: m.period });
    }
    let mut states: Vec<(StateCode, Vec<MembershipPeriod>)> = by_state.into_iter().collect();
    for (_, periods) in &mut states {
        periods.sort_by_key(|p| (p.period.from, p.period.to.is_none(), p.period.to, kind_rank(kinds, &p.kind)));
    }
    states.sort_by(|(a, pa), (b, pb)| {
        let first = |p: &[MembershipPeriod]| p.first().and_then(|p| p.period.from);
        (first(pa), a).cmp(&(first(pb), b))
    });
    states
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn k(code: &str) -> MembershipKind {
        MembershipKind::parse(code).unwrap()
    }

    fn tie(state: &str, kind: MembershipKind, from: Option<Date>, to: Option<Date>) -> Membership {
        Membership {
            organisation: Code::parse("CSTO").unwrap(),
            state: StateCode::parse(state).unwrap(),
            kind,
            period: Period::new(from, to).unwrap(),
        }
    }

    fn uzbekistan() -> Vec<Membership> {
        vec![
            tie("UZ", k("suspended"), Some(date(2012, 6, 29)), Some(date(2012, 12, 20))),
            tie("KZ", k("member"), None, None),
            tie("UZ", k("member"), Some(date(2006, 8, 16)), Some(date(2012, 6, 28))),
            tie("RS", k("observer"), Some(date(2013, 4, 11)), None),
        ]
    }

    #[test]
    fn a_state_that_changed_its_tie_is_one_history_of_periods_in_order() {
        let h = histories(&uzbekistan(), &MembershipKindDefinition::built_in());
        let codes: Vec<&str> = h.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(codes, ["KZ", "UZ", "RS"], "undated first, then by the first period's start");
        let uz: Vec<MembershipKind> = h[1].1.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(uz, [k("member"), k("suspended")]);
        assert_eq!(h[1].1[0].period.from, Some(date(2006, 8, 16)));
    }

    #[test]
    fn the_ties_in_force_on_a_day_are_those_whose_period_holds_it_members_first() {
        let on = |d| {
            in_force(&uzbekistan(), d, &MembershipKindDefinition::built_in())
                .into_iter()
                .map(|m| (m.state.to_string(), m.kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(on(date(2010, 1, 1)), [("KZ".into(), k("member")), ("UZ".into(), k("member"))]);
        assert_eq!(on(date(2012, 6, 29)), [("KZ".into(), k("member")), ("UZ".into(), k("suspended"))]);
        assert_eq!(on(date(2018, 6, 11)), [("KZ".into(), k("member")), ("RS".into(), k("observer"))]);
    }

    fn any_tie() -> impl Strategy<Value = Membership> {
        let kinds = prop_oneof![Just(k("member")), Just(k("observer")), Just(k("partner")), Just(k("suspended"))];
        (prop::sample::select(vec!["AM", "BY", "KZ", "UZ"]), kinds, 1990i16..2030, 0i32..4000).prop_map(
            |(state, kind, year, days)| {
                let from = date(year, 1, 1);
                let to = from.checked_add(jiff::Span::new().days(days)).ok();
                tie(state, kind, Some(from), to)
            },
        )
    }

    proptest! {
        #[test]
        fn every_tie_appears_once_in_its_state_s_history_and_the_periods_run_in_order(
            ties in prop::collection::vec(any_tie(), 0..12)
        ) {
            let h = histories(&ties, &MembershipKindDefinition::built_in());
            prop_assert_eq!(h.iter().map(|(_, p)| p.len()).sum::<usize>(), ties.len());
            let mut seen: Vec<&StateCode> = h.iter().map(|(s, _)| s).collect();
            seen.dedup();
            prop_assert_eq!(seen.len(), h.len(), "a state appears once");
            for (_, periods) in &h {
                prop_assert!(periods.windows(2).all(|w| w[0].period.from <= w[1].period.from));
            }
        }

        #[test]
        fn a_tie_is_in_force_on_a_day_exactly_when_its_period_holds_the_day(
            ties in prop::collection::vec(any_tie(), 0..12), year in 1990i16..2040
        ) {
            let day = date(year, 7, 1);
            let found = in_force(&ties, day, &MembershipKindDefinition::built_in());
            prop_assert_eq!(found.len(), ties.iter().filter(|m| m.period.contains(day)).count());
        }
    }
}
