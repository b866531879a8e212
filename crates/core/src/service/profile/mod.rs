//! Who's who: a state, a body and a person as their pages show them, and an organisation's chairmanship rotation
//! over the years. States, bodies, people, posts, mandates, memberships, meetings and delegations are public; the
//! documents a state sponsors are read through the register's query, with the viewer's visibility in it.

mod body;
mod person;
mod state;

use jiff::civil::Date;
use serde::Serialize;

pub use body::{BodyChairView, BodyProfile, ChairSeat};
pub use person::{Attendance, MandateView, PersonProfile};
pub use state::{PostHolding, StateChairmanship, StateDelegation, StateMembership, StateProfile};

use super::{CoChairView, Secretariat};
use crate::domain::*;
use crate::error::Result;
use crate::rules::rotation;
use crate::store::Filter;

/// One term of an organisation's chairmanship, with the chairing states named.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RotationTermView {
    pub term: i16,
    pub state: StateCode,
    pub state_name: Text,
    /// The states chairing together with `state`; empty when it chairs alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub co_chairs: Vec<CoChairView>,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    /// `derived` from the rotation order, or `set` by a recorded override.
    pub source: &'static str,
}

impl Secretariat {
    /// The organisation's chairmanship over the years its records reach, to the term after today's: each term
    /// with its chairing states and whether the rotation gave it or an override set it (`rules::rotation`).
    pub async fn rotation(&self, org: &Organisation, today: Date) -> Result<Vec<RotationTermView>> {
        let sessions = self.top_sessions(org).await?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.organisation = Some(org.code.clone());
        filter.limit = u32::MAX;
        let starts = self.store.list(Kind::Membership, &filter).await?.into_iter().filter_map(|s| match s.record {
            Record::Membership(m) => m.period.from,
            _ => None,
        });
        let earliest = sessions.iter().copied().chain(starts).min();
        let (first, last) = rotation::span(&org.chairmanship, &sessions, earliest, today);
        self.term_views(rotation::terms(&org.chairmanship, &sessions, first, last)).await
    }

    /// The next term after today's that `state` chairs, within two turns of the rotation; none when no such term
    /// is in sight.
    pub(crate) async fn next_term_of(
        &self,
        org: &Organisation,
        state: &StateCode,
        today: Date,
    ) -> Result<Option<RotationTermView>> {
        let sessions = self.top_sessions(org).await?;
        let Some(now) = org.chairmanship.term_on(today, &sessions) else { return Ok(None) };
        let turns = i16::try_from(org.chairmanship.rotation.len().saturating_mul(2)).unwrap_or(i16::MAX);
        let ahead =
            rotation::terms(&org.chairmanship, &sessions, now.term.saturating_add(1), now.term.saturating_add(turns));
        let next = ahead.into_iter().find(|t| t.term.states().contains(state));
        Ok(self.term_views(next.into_iter().collect()).await?.pop())
    }

    /// Terms with their chairing states named: one read for all the names.
    async fn term_views(&self, terms: Vec<rotation::RotationTerm>) -> Result<Vec<RotationTermView>> {
        let codes: Vec<StateCode> = terms.iter().flat_map(|t| t.term.states()).collect();
        let names = self.state_names(&codes).await?;
        let name = |s: &StateCode| names.get(s).cloned().unwrap_or_else(|| Text::one("en", s.as_str()));
        Ok(terms
            .into_iter()
            .map(|t| RotationTermView {
                term: t.term.term,
                state_name: name(&t.term.state),
                co_chairs: t
                    .term
                    .co_chairs
                    .iter()
                    .map(|s| CoChairView { state: s.clone(), state_name: name(s) })
                    .collect(),
                state: t.term.state,
                from: t.term.from,
                to: t.term.to,
                source: if t.set { "set" } else { "derived" },
            })
            .collect())
    }

    /// Every organisation kept here, in one read.
    pub(crate) async fn organisations(&self) -> Result<Vec<Organisation>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.limit = u32::MAX;
        Ok(self
            .store
            .list(Kind::Organisation, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Organisation(o) => Some(o),
                _ => None,
            })
            .collect())
    }
}
