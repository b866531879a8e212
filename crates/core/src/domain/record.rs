//! The council's standing record, in the words of DESIGN.md §2. These are also the parts of a scenario file.

use serde::{Deserialize, Serialize};

use super::kind::Recorded;
use super::named::{check_names, Named};
use super::values::{Code, Key, Lang, MembershipKind, Period, Role, StateCode, Text, ZoneId};
use crate::error::{Error, Result};

/// The kind table: one line per kind of record, in the order a scenario is imported (what is referred to comes
/// first). Each line reads `Kind, "table", scenario_section: SectionType, skip_if, api "path" [own];`: the table
/// is also the audit entity and the kind's snake_case name; `skip_if` says when the scenario leaves the section
/// out; `api` serves the kind at `/api/v1/{path}`, `own` when the kind's reads have routes of their own. Each crate
/// expands the table with a macro of its own (`$then`): the core's types (`domain/kind.rs`), the scenario's
/// sections (`scenario.rs`), the web's collections (`api/records.rs`).
#[macro_export]
macro_rules! record_kinds {
    ($then:path) => {
        $then! {
            State, "state", states: State, "crate::scenario::never", api "states";
            City, "city", cities: City, "crate::scenario::never", api "cities";
            Person, "person", people: Person, "crate::scenario::never", api "people";
            Organisation, "organisation", organisations: Organisation, "crate::scenario::never", api "organisations";
            Post, "post", posts: Post, "crate::scenario::never", api "posts";
            Mandate, "mandate", mandates: Mandate, "crate::scenario::never", api "mandates";
            Membership, "membership", memberships: Membership, "crate::scenario::never", api "memberships";
            Body, "body", bodies: Body, "crate::scenario::never", api "bodies";
            Seat, "seat", seats: Seat, "Vec::is_empty", api "seats";
            Meeting, "meeting", meetings: Meeting, "crate::scenario::never", api "meetings" own;
            ProgrammeEvent, "programme_event", programme: ProgrammeEvent, "crate::scenario::never",
                api "programme-events";
            Delegation, "delegation", delegations: Delegation, "crate::scenario::never", api "delegations";
            Document, "document", documents: ScenarioDocument, "Vec::is_empty";
            AgendaItem, "agenda_item", agenda_items: AgendaItem, "crate::scenario::never", api "agenda-items";
            PlanItem, "plan_item", plan_items: PlanItem, "Vec::is_empty", api "plan-items";
            StatementsList, "statements_list", statements_lists: StatementsList, "Vec::is_empty",
                api "statements-lists";
            Proposal, "proposal", proposals: Proposal, "Vec::is_empty", api "proposals";
            Instruction, "instruction", instructions: Instruction, "Vec::is_empty", api "instructions";
            Delivery, "delivery", deliveries: Delivery, "Vec::is_empty", api "deliveries";
            Signature, "signature", signatures: Signature, "Vec::is_empty", api "signatures";
        }
    };
}
/// A country, by its ISO code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub code: StateCode,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_name: Option<Text>,
}

/// A city where meetings are held, with the IANA zone whose rules give its local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct City {
    pub key: Key,
    pub state: StateCode,
    pub time_zone: ZoneId,
    pub names: Vec<Named>,
}

impl City {
    /// Checks what a parsed city cannot say by its types.
    pub fn check(&self) -> Result<()> {
        check_names(&self.names)
    }
}

/// A person, whose name may change over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub key: Key,
    pub names: Vec<Named>,
}

impl Person {
    /// Checks what a parsed person cannot say by its types.
    pub fn check(&self) -> Result<()> {
        check_names(&self.names)
    }
}

/// An office ("Minister of Foreign Affairs of Kazakhstan", "Secretary General"), national or of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Post {
    pub key: Key,
    pub title: Text,
    /// What the post does in bodies: a body names the role that represents a state in it.
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<StateCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Code>,
}

/// A person holds a post over a period, possibly as acting holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Mandate {
    pub person: Key,
    pub post: Key,
    #[serde(flatten)]
    pub period: Period,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub acting: bool,
}

/// An intergovernmental organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub code: Code,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<Text>,
    /// Working languages, the first shown by default.
    pub languages: Vec<Lang>,
    /// The language of authentic texts.
    pub authentic_language: Lang,
    pub chairmanship: super::Chairmanship,
    /// How the organisation numbers its documents.
    #[serde(default)]
    pub register: super::document::Register,
    /// Its kinds of membership; none means the four built-in ones (member, observer, partner, suspended).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub membership_kinds: Vec<super::MembershipKindDefinition>,
}

impl Organisation {
    /// Checks what a parsed organisation cannot say by its types.
    pub fn check(&self) -> Result<()> {
        if self.languages.is_empty() {
            return Err(Error::invalid("invalid_languages", "an organisation needs at least one working language"));
        }
        if !self.languages.contains(&self.authentic_language) {
            return Err(Error::invalid(
                "invalid_languages",
                "the language of authentic texts must be a working language",
            ));
        }
        self.chairmanship.check()?;
        self.check_membership_kinds()?;
        self.register.check()
    }
}

/// A state's tie to an organisation over a period, of one of the organisation's kinds of membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub organisation: Code,
    pub state: StateCode,
    pub kind: MembershipKind,
    #[serde(flatten)]
    pub period: Period,
}

/// Who chairs a body's meeting by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChairRule {
    /// The representative in the body of the state chairing the organisation (CFM: its foreign minister).
    ChairingState,
    /// The representative of the state on whose territory the meeting is held (CSC: the host head of state).
    HostState,
}

/// How a body takes decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRule {
    Consensus,
}

/// An organ of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub organisation: Code,
    pub code: Code,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<Text>,
    /// The body its drafts are referred to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Code>,
    /// The role of the post that represents a state in the body.
    pub representative_role: Role,
    pub chair_rule: ChairRule,
    pub decision_rule: DecisionRule,
    /// Regular meetings a year; 0 when the body meets only as needed.
    pub regular_meetings_per_year: u8,
}

/// A state's seat in a body over a period, of one of the organisation's kinds of membership: a body with any seat
/// is composed of its seats, not of the organisation's memberships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Seat {
    pub organisation: Code,
    pub body: Code,
    pub state: StateCode,
    pub kind: MembershipKind,
    #[serde(flatten)]
    pub period: Period,
}

impl Recorded for State {
    fn identity(&self) -> Option<String> {
        Some(self.code.to_string())
    }
}
impl Recorded for City {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        City::check(self)
    }
}
impl Recorded for Person {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        Person::check(self)
    }
}
impl Recorded for Post {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
}
impl Recorded for Mandate {
    fn check(&self) -> Result<()> {
        Period::new(self.period.from, self.period.to).map(|_| ())
    }
}
impl Recorded for Organisation {
    fn identity(&self) -> Option<String> {
        Some(self.code.to_string())
    }
    fn check(&self) -> Result<()> {
        Organisation::check(self)
    }
}
impl Recorded for Membership {
    fn check(&self) -> Result<()> {
        Period::new(self.period.from, self.period.to).map(|_| ())
    }
}
impl Recorded for Seat {
    fn check(&self) -> Result<()> {
        Period::new(self.period.from, self.period.to).map(|_| ())
    }
}
impl Recorded for Body {
    fn identity(&self) -> Option<String> {
        Some(format!("{}/{}", self.organisation, self.code))
    }
}
