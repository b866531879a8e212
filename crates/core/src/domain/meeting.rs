//! Meetings and their parts: delegations, agenda items (programme events are in `programme`).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::kind::Recorded;
use super::values::{Code, Key, StateCode, Text};
use crate::error::{Error, Result};

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
    pub visibility: super::Visibility,
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

impl Recorded for Meeting {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        Meeting::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"key": format!("example-{n}"), "organisation": "CSTO", "body": "CFM", "kind": "informal",
            "city": "almaty", "starts_on": "2018-09-01", "ends_on": "2018-09-01", "mode": "online", "status": "planned"})
    }
}
impl Recorded for Delegation {
    /// At the meeting of the same series (a state has one delegation at a meeting).
    fn example(n: u32) -> Value {
        json!({"meeting": format!("example-{n}"), "state": "KZ", "head": "kairat-abdrakhmanov"})
    }
}
impl Recorded for AgendaItem {
    fn check(&self) -> Result<()> {
        if self.number == 0 {
            return Err(Error::invalid("invalid_agenda_number", "agenda items are numbered from 1"));
        }
        Ok(())
    }
    fn example(n: u32) -> Value {
        json!({"meeting": "cfm-2018-06-almaty", "number": 1, "title": {"en": format!("Item {n}")},
            "kind": "information", "visibility": "public"})
    }
}

/// How many meetings of a body, of a kind and status, start in a year: what a cadence is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingCount {
    pub body: Code,
    pub year: i16,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub meetings: u32,
}
