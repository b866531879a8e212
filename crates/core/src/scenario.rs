//! The scenario file: a whole record (states, people, organisations, their bodies and meetings) as JSON.
//! The demo is such a file; `secretariat import` and `secretariat export` read and write it.
//! Each list holds records of one kind, referring to others by code or key, in the order they are imported.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::*;

/// The format's name and version, the first field of every file.
pub const FORMAT: &str = "secretariat-scenario/1";

/// A whole record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub agenda_items: Vec<AgendaItem>,
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
