//! A body's page: what it is and where it stands among the organisation's bodies, who chairs it now, its cadence
//! checked year by year, its meetings and how many documents the viewer may see of it.

use jiff::civil::Date;
use serde::Serialize;

use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::cadence::{span, years, YearCheck};
use crate::service::meeting::BodyRef;
use crate::service::{MeetingSummary, PersonRef, Secretariat, MEETINGS_AROUND};
use crate::store::Filter;

/// A state whose representative chairs a body, and that representative today when one is recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChairSeat {
    pub state: StateCode,
    pub state_name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonRef>,
}

/// Who chairs a body today, by its chair rule.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum BodyChairView {
    /// The representatives of the states chairing the organisation in the term of today (derived from the
    /// rotation, or set by an override), the presiding one first.
    ChairingState {
        term: Option<i16>,
        /// `derived` or `set`, as the term is.
        source: &'static str,
        chairs: Vec<ChairSeat>,
    },
    /// The representatives of the body's own chairing states, whatever the rotation.
    States { chairs: Vec<ChairSeat> },
    /// The representative of the state hosting each meeting.
    HostState,
    /// The holder of one post.
    Office { post: Key, title: Text, holder: Option<PersonRef> },
    /// Elected at each meeting.
    Election,
}

/// A body as its page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BodyProfile {
    pub organisation: Organisation,
    pub body: Body,
    /// The higher bodies its drafts go to, the usual one first.
    pub parents: Vec<BodyRef>,
    /// The body whose drafts it prepares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepares_for: Option<BodyRef>,
    /// The bodies that prepare its drafts, and those that refer their drafts to it.
    pub prepared_by: Vec<BodyRef>,
    pub below: Vec<BodyRef>,
    pub chair: BodyChairView,
    /// Each year from its first recorded meeting to its last, counted against its cadence.
    pub cadence: Vec<YearCheck>,
    /// How many meetings it holds, of every year and status.
    pub meetings: u32,
    /// Up to [`MEETINGS_AROUND`] of its meetings that have not ended by today, soonest first.
    pub upcoming: Vec<MeetingSummary>,
    /// Up to [`MEETINGS_AROUND`] of its meetings that have ended, the latest first.
    pub past: Vec<MeetingSummary>,
    /// How many of its documents the viewer may see in the register.
    pub documents_total: u64,
}

fn body_ref(b: &Body) -> BodyRef {
    BodyRef { code: b.code.clone(), name: b.name.clone(), abbreviation: b.abbreviation.clone() }
}

impl Secretariat {
    /// The body `code` of the organisation `org` as `viewer` may see it, today being `today`; `404 not_found` for
    /// an organisation or a body the register does not know.
    pub async fn body_profile(&self, viewer: &Viewer, org: &Code, code: &Code, today: Date) -> Result<BodyProfile> {
        let organisation = self.organisation(org).await?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.organisation = Some(org.clone());
        filter.limit = u32::MAX;
        let bodies: Vec<Body> = self
            .store
            .list(Kind::Body, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Body(b) => Some(b),
                _ => None,
            })
            .collect();
        let body = bodies.iter().find(|b| b.code == *code).cloned().ok_or(Error::NotFound { what: "body" })?;
        let find = |c: &Code| bodies.iter().find(|b| b.code == *c).map(body_ref);
        let parents = body.parents.iter().filter_map(find).collect();
        let prepares_for = body.prepares_for.as_ref().and_then(find);
        let prepared_by = bodies.iter().filter(|b| b.prepares_for.as_ref() == Some(code)).map(body_ref).collect();
        let below = bodies.iter().filter(|b| b.parents.contains(code)).map(body_ref).collect();

        let mut visible = Filter::new(viewer.clone());
        visible.organisation = Some(org.clone());
        visible.body = Some(code.clone());
        visible.limit = MEETINGS_AROUND;
        let (upcoming, past) = self.meetings_around(&visible, today).await?;
        let counts = self.store.meeting_counts(org, Some(code)).await?;
        let cadence = match span(&counts) {
            Some((first, last)) => years(body.regular_meetings_per_year, &counts, first, last),
            None => Vec::new(),
        };

        let chair = self.chair_today(&organisation, &body, today).await?;
        let query = RegisterQuery::new(
            viewer.clone(),
            RegisterFilters { organisation: Some(org.clone()), body: Some(code.clone()), ..RegisterFilters::default() },
        );
        let documents_total = self.register_count(&query).await?;
        Ok(BodyProfile {
            organisation,
            body,
            parents,
            prepares_for,
            prepared_by,
            below,
            chair,
            cadence,
            meetings: counts.iter().map(|c| c.meetings).sum(),
            upcoming,
            past,
            documents_total,
        })
    }

    /// Who chairs the body today by its chair rule: one read per chairing state (a body has one to three).
    async fn chair_today(&self, org: &Organisation, body: &Body, today: Date) -> Result<BodyChairView> {
        Ok(match body.chair_rule {
            ChairRule::ChairingState => {
                let sessions = self.top_sessions(org).await?;
                let term = org.chairmanship.term_on(today, &sessions);
                let states = term.as_ref().map(Term::states).unwrap_or_default();
                let set = term.as_ref().is_some_and(|t| org.chairmanship.overrides.iter().any(|o| o.term == t.term));
                BodyChairView::ChairingState {
                    term: term.map(|t| t.term),
                    source: if set { "set" } else { "derived" },
                    chairs: self.seats(&body.representative_role, &states, today).await?,
                }
            }
            ChairRule::States => BodyChairView::States {
                chairs: self.seats(&body.representative_role, &body.chair_states, today).await?,
            },
            ChairRule::HostState => BodyChairView::HostState,
            ChairRule::Office => match &body.chair_post {
                Some(post) => {
                    let title = match self.store.find(Kind::Post, post.as_str(), &Viewer::Secretariat).await? {
                        Some(crate::store::Stored { record: Record::Post(p), .. }) => p.title,
                        _ => Text::one("en", post.as_str()),
                    };
                    let holder = match self.post_holder(post, today).await? {
                        Some(key) => Some(self.person_on(&key, today).await?),
                        None => None,
                    };
                    BodyChairView::Office { post: post.clone(), title, holder }
                }
                None => BodyChairView::Election,
            },
            ChairRule::Election => BodyChairView::Election,
        })
    }

    /// Each state with its representative of `role` today, when one is recorded.
    async fn seats(&self, role: &Role, states: &[StateCode], today: Date) -> Result<Vec<ChairSeat>> {
        let names = self.state_names(states).await?;
        let mut seats = Vec::new();
        for state in states {
            let person = match self.holder(role, state, today).await? {
                Some(key) => Some(self.person_on(&key, today).await?),
                None => None,
            };
            let state_name = names.get(state).cloned().unwrap_or_else(|| Text::one("en", state.as_str()));
            seats.push(ChairSeat { state: state.clone(), state_name, person });
        }
        Ok(seats)
    }
}
