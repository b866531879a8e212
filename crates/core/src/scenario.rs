//! The scenario file: a whole record (states, people, organisations, their bodies and meetings) as JSON.
//! The demo is such a file; `secretariat import` and `secretariat export` read and write it.
//! Each list holds records of one kind, referring to others by code or key, in the order they are imported.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::*;

/// The format's name and version, the first field of every file.
pub const FORMAT: &str = "secretariat-scenario/1";

/// A whole record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format: String,
    /// Where the facts come from; kept with the file, not imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default)]
    pub states: Vec<State>,
    #[serde(default)]
    pub cities: Vec<City>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub posts: Vec<Post>,
    #[serde(default)]
    pub mandates: Vec<Mandate>,
    #[serde(default)]
    pub memberships: Vec<Membership>,
    #[serde(default)]
    pub bodies: Vec<Body>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub programme: Vec<ProgrammeEvent>,
    #[serde(default)]
    pub delegations: Vec<Delegation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<ScenarioDocument>,
    #[serde(default)]
    pub agenda_items: Vec<AgendaItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan_items: Vec<PlanItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements_lists: Vec<StatementsList>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<Proposal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instructions: Vec<Instruction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliveries: Vec<Delivery>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<Signature>,
    /// Adopted agendas; an agenda not listed is provisional.
    #[serde(default)]
    pub adopted_agendas: Vec<AdoptedAgenda>,
}

/// An agenda that was adopted, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdoptedAgenda {
    pub meeting: Key,
    pub adopted_at: Timestamp,
}

/// The demo scenario: the CSTO in 2018, built from the sourced facts in `shared/`.
pub const DEMO: &str = include_str!("../../../data/csto-2018.scenario.json");

/// A document in a scenario: the record, where it stands, its texts, positions and referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDocument {
    pub document: Document,
    pub status: crate::rules::lifecycle::DocumentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Revisions in order: the original (0), then Rev.1, Rev.2, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<ScenarioRevision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<ScenarioPosition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<ScenarioReferral>,
}

/// One revision's language versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRevision {
    pub created_at: Timestamp,
    pub texts: Vec<ScenarioText>,
}

/// A language version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioText {
    pub language: Lang,
    pub status: VersionStatus,
    pub text: String,
}

/// A state's position on a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioPosition {
    pub revision: u32,
    pub state: StateCode,
    /// `support`, `no_objection`, `reservation`, `non_participation`, `objection` or `pending`.
    pub position: String,
    /// The text of a reservation or an objection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub at: Timestamp,
}

/// A referral to a meeting of another body, and that body's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioReferral {
    pub meeting: Key,
    pub referred_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ItemOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
}
