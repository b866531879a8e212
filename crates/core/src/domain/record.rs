//! The council's standing record, in the words of DESIGN.md §2. These are also the parts of a scenario file.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

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
            Publisher, "publisher", publishers: Publisher, "Vec::is_empty", api "publishers";
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
            Publication, "publication", publications: Publication, "Vec::is_empty";
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
    /// The title's forms in the cases of languages that decline it ("Министра иностранных дел …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_forms: Option<super::Forms>,
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
    /// The languages of authentic texts, each a working language (`authentic_language`, one, is read too).
    #[serde(alias = "authentic_language", deserialize_with = "one_or_many")]
    #[schema(value_type = Vec<Lang>)]
    pub authentic_languages: Vec<Lang>,
    /// Kinds of programme event of its own, beyond the built-in ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_kinds: Vec<super::ConfiguredEventKind>,
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
        let authentic = &self.authentic_languages;
        let twice = authentic.iter().enumerate().any(|(i, l)| authentic[..i].contains(l));
        if authentic.is_empty() || twice || !authentic.iter().all(|l| self.languages.contains(l)) {
            return Err(Error::invalid(
                "invalid_languages",
                "the languages of authentic texts must be one or more working languages, each once",
            ));
        }
        super::check_event_kinds(&self.event_kinds)?;
        self.chairmanship.check()?;
        self.check_membership_kinds()?;
        self.register.check()
    }
}

impl Organisation {
    /// Whether texts in `lang` may be authentic.
    pub fn is_authentic(&self, lang: &Lang) -> bool {
        self.authentic_languages.contains(lang)
    }
}

/// One value or a list of them (`"authentic_language": "ru"`, `"parent": "CSC"` in older files).
fn one_or_many<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        One(T),
        Many(Vec<T>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(lang) => vec![lang],
        OneOrMany::Many(langs) => langs,
    })
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
    /// The holder of one post whatever the rotation (the body's `chair_post`: a Secretary General, a permanent
    /// chair).
    Office,
    /// Elected by the body: the chair is recorded on each meeting, never derived.
    Election,
    /// The representatives of the body's `chair_states`, whatever the rotation: one state, or co-chairs (the OSCE
    /// Minsk Group: France, the Russian Federation and the United States), the first presiding.
    States,
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
    /// The higher bodies its drafts may be referred to, the usual one first. `parent` (one code) is read as a
    /// list of one.
    #[serde(default, alias = "parent", deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<String>)]
    pub parents: Vec<Code>,
    /// The body whose drafts this one prepares (national coordinators for the foreign ministers): its agreement at
    /// its meeting is recorded on each document and sends the document on to that body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepares_for: Option<Code>,
    /// The role of the post that represents a state in the body.
    pub representative_role: Role,
    pub chair_rule: ChairRule,
    /// The post whose holder chairs the body, when `chair_rule` is `office`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_post: Option<Key>,
    /// The states whose representatives chair the body, when `chair_rule` is `states`: co-chairs when several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chair_states: Vec<StateCode>,
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
    fn example(n: u32) -> Value {
        // Codes from WA to ZZ: the demo's states are none of them.
        let code: String = [b'W' + (n / 26 % 4) as u8, b'A' + (n % 26) as u8].iter().map(|&b| b as char).collect();
        json!({"code": code, "name": {"en": format!("State {n}")}})
    }
}
impl Recorded for City {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        City::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"key": format!("example-{n}"), "state": "KZ", "time_zone": "Asia/Almaty",
            "names": [{"name": {"en": format!("City {n}")}}]})
    }
}
impl Recorded for Person {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        Person::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"key": format!("example-{n}"), "names": [{"name": {"en": format!("Person {n}")}}]})
    }
}
impl Recorded for Post {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn example(n: u32) -> Value {
        json!({"key": format!("example-{n}"), "title": {"en": format!("Post {n}")}, "role": "foreign_minister",
            "state": "KZ"})
    }
}
impl Recorded for Mandate {
    fn check(&self) -> Result<()> {
        Period::new(self.period.from, self.period.to).map(|_| ())
    }
    fn example(n: u32) -> Value {
        let year = 2100 + n;
        json!({"person": "sergey-lavrov", "post": "foreign-minister-ru", "from": format!("{year}-01-01"),
            "to": format!("{year}-12-31")})
    }
}
impl Recorded for Organisation {
    fn identity(&self) -> Option<String> {
        Some(self.code.to_string())
    }
    fn check(&self) -> Result<()> {
        Organisation::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"code": format!("EX{n}"), "name": {"en": format!("Organisation {n}")}, "languages": ["ru", "en"],
            "authentic_language": "ru",
            "chairmanship": {"rotation": ["AM", "BY", "KZ"], "anchor": {"term": 2018, "state": "KZ"}, "top_body": "CSC",
                "changeovers": [{"from_term": 2000, "rule": "on_january_1"}]}})
    }
}
impl Recorded for Membership {
    fn check(&self) -> Result<()> {
        Period::new(self.period.from, self.period.to).map(|_| ())
    }
    fn example(n: u32) -> Value {
        let year = 2100 + n;
        json!({"organisation": "CSTO", "state": "KZ", "kind": "observer", "from": format!("{year}-01-01"),
            "to": format!("{year}-12-31")})
    }
}
impl Body {
    /// Checks what a parsed body cannot say by its types: its ties to other bodies and its chair rule.
    pub fn check(&self) -> Result<()> {
        let mut parents = self.parents.clone();
        parents.sort();
        parents.dedup();
        if parents.len() != self.parents.len() || self.parents.contains(&self.code) {
            return Err(Error::invalid("invalid_parents", "a body names each higher body once, and never itself"));
        }
        if self.prepares_for.as_ref() == Some(&self.code) {
            return Err(Error::invalid("invalid_prepares_for", "a body cannot prepare its own drafts"));
        }
        self.chair_rule.check_post(self.chair_post.as_ref())?;
        self.chair_rule.check_states(&self.chair_states)
    }
}

impl Recorded for Seat {
    fn check(&self) -> Result<()> {
        Period::new(self.period.from, self.period.to).map(|_| ())
    }
    /// In the body of the same series, so that no other body's composition changes.
    fn example(n: u32) -> Value {
        json!({"organisation": "CSTO", "body": format!("EX{n}"), "state": "KZ", "kind": "member",
            "from": "2018-01-01"})
    }
}
impl Recorded for Body {
    fn identity(&self) -> Option<String> {
        Some(format!("{}/{}", self.organisation, self.code))
    }
    fn check(&self) -> Result<()> {
        Body::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"organisation": "CSTO", "code": format!("EX{n}"), "name": {"en": format!("Body {n}")},
            "representative_role": "foreign_minister", "chair_rule": "chairing_state", "decision_rule": "consensus",
            "regular_meetings_per_year": 1})
    }
}

#[cfg(test)]
mod tests;
