//! The council's standing record, in the words of DESIGN.md §2. These are also the parts of a scenario file.

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

use super::values::{Code, Key, Lang, Period, Role, StateCode, Text, ZoneId};
use crate::error::{Error, Result};

/// A name that holds from a day on (a person's surname change, a city renamed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Named {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    pub name: Text,
}

/// The name in force on `day`: the latest one that started on or before it.
pub fn name_on(names: &[Named], day: Date) -> Option<&Text> {
    names
        .iter()
        .filter(|n| n.from.is_none_or(|f| f <= day))
        .max_by_key(|n| n.from)
        .map(|n| &n.name)
        .or_else(|| names.iter().min_by_key(|n| n.from).map(|n| &n.name))
}

/// The latest name, for lists that are not tied to a date.
pub fn current_name(names: &[Named]) -> Option<&Text> {
    names.iter().max_by_key(|n| n.from).map(|n| &n.name)
}

fn check_names(names: &[Named]) -> Result<()> {
    if names.is_empty() {
        return Err(Error::invalid("invalid_names", "at least one name is needed"));
    }
    let mut starts: Vec<_> = names.iter().map(|n| n.from).collect();
    starts.sort();
    starts.dedup();
    if starts.len() != names.len() {
        return Err(Error::invalid("invalid_names", "two names start on the same day"));
    }
    Ok(())
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
    pub chairmanship: crate::rules::chair::Chairmanship,
    /// How the organisation numbers its documents.
    #[serde(default)]
    pub register: super::document::Register,
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
        self.register.check()
    }
}

/// A state's tie to an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MembershipKind {
    Member,
    Observer,
    Partner,
    Suspended,
}

/// A state's tie to an organisation over a period.
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

/// What kind of meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    Regular,
    Extraordinary,
    Informal,
}

/// How delegations take part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingMode {
    InPerson,
    Online,
    Hybrid,
}

/// Where a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    Convened,
    Held,
    Postponed,
    Cancelled,
}

/// A meeting of one body, or a joint meeting of several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub key: Key,
    pub organisation: Code,
    pub body: Code,
    /// Other bodies of a joint meeting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint_with: Vec<Code>,
    pub kind: MeetingKind,
    pub city: Key,
    /// First and last day, in the venue's time.
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    pub mode: MeetingMode,
    pub status: MeetingStatus,
    /// A chair set for this meeting alone, overriding the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<Key>,
}

impl Meeting {
    /// Checks what a parsed meeting cannot say by its types.
    pub fn check(&self) -> Result<()> {
        if self.ends_on < self.starts_on {
            return Err(Error::invalid("invalid_period", "the meeting ends before it starts"));
        }
        if self.joint_with.contains(&self.body) {
            return Err(Error::invalid("invalid_joint_meeting", "a body cannot meet jointly with itself"));
        }
        Ok(())
    }
}

/// What a programme event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Sitting,
    WorkingDinner,
    JointPhoto,
    SigningCeremony,
    PressConference,
    Consultations,
}

/// The format of a sitting: who is admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Heads of delegation and the Secretary General.
    Restricted,
    /// Full delegations.
    Expanded,
}

/// A timed part of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeEvent {
    pub meeting: Key,
    pub key: Key,
    pub kind: EventKind,
    /// Only sittings have a format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// The day, in the venue's time.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// The start time in the venue's time, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = "partial-time")]
    pub at: Option<Time>,
}

impl ProgrammeEvent {
    /// A sitting needs a format; nothing else has one.
    pub fn check(&self) -> Result<()> {
        match (self.kind, self.format) {
            (EventKind::Sitting, None) => {
                Err(Error::invalid("invalid_format", "a sitting needs a format: restricted or expanded"))
            }
            (EventKind::Sitting, Some(_)) | (_, None) => Ok(()),
            (_, Some(_)) => Err(Error::invalid("invalid_format", "only a sitting has a format")),
        }
    }

    /// Who is admitted, as a message key of the interface.
    pub fn admitted(&self) -> &'static str {
        match (self.kind, self.format) {
            (EventKind::Sitting, Some(Format::Restricted)) | (EventKind::WorkingDinner, _) => "heads_of_delegation",
            _ => "full_delegations",
        }
    }
}

/// A state's team at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub meeting: Key,
    pub state: StateCode,
    /// The head of delegation: not always the minister.
    pub head: Key,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Key>,
}

/// What an agenda item asks of the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Decision,
    Discussion,
    Information,
    Appointment,
}

/// An item on a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub meeting: Key,
    pub number: u16,
    pub title: Text,
    pub kind: ItemKind,
    /// The sitting the item is taken in, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sitting: Option<Key>,
    pub visibility: crate::rules::visibility::Visibility,
    /// The documents taken under the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Key>,
}

/// Whether an agenda is still provisional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgendaStatus {
    Provisional,
    Adopted,
}
