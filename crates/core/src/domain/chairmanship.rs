//! Chairmanship, the words of it: a rotation from an anchor, changeover rules, recorded overrides, and the terms
//! they give. Which state chairs on a day is a rule (`rules::chair`).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Code, StateCode};

/// When one chairmanship term hands over to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeoverRule {
    /// The day after the top body's last regular session of the preceding year (1 January if none is recorded).
    AtTopBodySession,
    /// On 1 January.
    #[serde(rename = "on_january_1")]
    OnJanuary1,
}

/// A changeover rule in force from a term on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Changeover {
    pub from_term: i16,
    pub rule: ChangeoverRule,
}

/// A term whose chair was decided otherwise than by rotation, possibly shared with co-chairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub term: i16,
    /// The state that chairs (the first named, where several co-chair).
    pub state: StateCode,
    /// The states that chair together with `state` over the term.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_chairs: Vec<StateCode>,
}

/// A known term: the anchor of the rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub term: i16,
    pub state: StateCode,
}

/// How an organisation's chairmanship passes from state to state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Chairmanship {
    /// The order of rotation (CSTO: Russian alphabetical order of the member states' names).
    pub rotation: Vec<StateCode>,
    pub anchor: Anchor,
    /// The body whose regular session hands the chairmanship over.
    pub top_body: Code,
    pub changeovers: Vec<Changeover>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// The state chairing over one term, and its co-chairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Term {
    pub term: i16,
    pub state: StateCode,
    /// The states chairing together with `state` (empty when it chairs alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_chairs: Vec<StateCode>,
    /// First day of the term.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// Last day of the term.
    #[schema(value_type = String, format = Date)]
    pub to: Date,
}

impl Term {
    /// Every state chairing over the term: `state` first, then its co-chairs.
    pub fn states(&self) -> Vec<StateCode> {
        std::iter::once(self.state.clone()).chain(self.co_chairs.iter().cloned()).collect()
    }
}
