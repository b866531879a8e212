//! A meeting as people read it: body, venue in local time, chair (derived), programme, delegations, agenda.
//! The views are here; `lookup` finds what a meeting names on its day, `view` builds the whole.

use jiff::civil::{Date, Time};
use serde::Serialize;

use super::Secretariat;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::chair::{meeting_chair, MeetingChair};
use crate::rules::{programme, time};
use crate::store::{AgendaState, Filter, Stored};

/// A body, as a meeting shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BodyRef {
    pub code: Code,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<Text>,
}

/// Where a meeting is held, with the zone whose rules give its local time.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Venue {
    pub city_key: Key,
    /// The city's name on the meeting's day (Astana in 2018, Nur-Sultan in 2020).
    pub city: Text,
    pub state: StateCode,
    pub state_name: Text,
    pub time_zone: ZoneId,
    /// The zone's offset on the meeting's first day.
    pub utc_offset: String,
}

/// A person as named on a given day, with the post held then.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonRef {
    pub key: Key,
    pub name: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<Text>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub acting: bool,
}

/// Who chairs the meeting, and whether that was derived from the rules or set on the meeting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChairView {
    pub person: PersonRef,
    /// The state the chair represents; left out for an office of the organisation (a Secretary General).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<StateCode>,
    /// `derived` from the chairmanship and the body's chair rule, or `set` on the meeting.
    pub source: &'static str,
}

/// A programme event in the venue's time.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: Id,
    pub version: i64,
    pub key: Key,
    pub kind: EventKind,
    /// The name of a kind the organisation configured (built-in kinds are named by the interface).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_name: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<SittingFormat>,
    /// The event's own mode, or the meeting's.
    pub mode: MeetingMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = "partial-time")]
    pub at: Option<Time>,
    /// RFC 3339 with the venue's offset; midnight when the time is not known.
    pub starts_at: String,
    pub time_known: bool,
    pub admitted: Admission,
}

/// A delegation with its head as named and titled on the day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DelegationView {
    pub id: Id,
    pub version: i64,
    pub state: StateCode,
    pub state_name: Text,
    pub head: PersonRef,
    pub members: Vec<PersonRef>,
}

/// An agenda item with the format of its sitting.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemView {
    pub id: Id,
    pub version: i64,
    pub number: u16,
    pub title: Text,
    pub kind: ItemKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sitting: Option<Key>,
    pub format: Option<SittingFormat>,
    pub visibility: Visibility,
    /// The documents under the item that the viewer may see.
    pub documents: Vec<DocumentRef>,
    /// The recorded outcome, once decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<crate::domain::ItemOutcome>,
    /// For an item approved and submitted on: the higher body's meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_to: Option<Key>,
    /// When the outcome was decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub outcome_at: Option<jiff::Timestamp>,
}

/// A document as an agenda lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentRef {
    pub id: Id,
    pub key: Key,
    pub symbol: Option<String>,
    pub title: Text,
    pub status: crate::domain::DocumentStatus,
    /// The period a plan, roadmap or list covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

/// The agenda as the viewer may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgendaView {
    pub status: AgendaStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted_at: Option<String>,
    pub items: Vec<ItemView>,
    /// How many items the agenda has, those the viewer may not read included: the number is announced, the items
    /// it may not see are not.
    pub total: usize,
}

/// A meeting, whole.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingView {
    pub id: Id,
    pub version: i64,
    pub key: Key,
    pub organisation: Code,
    pub body: BodyRef,
    /// How many regular meetings a year the body holds (0: it meets as needed).
    pub regular_meetings_per_year: u8,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joint_with: Vec<BodyRef>,
    pub kind: MeetingKind,
    pub mode: MeetingMode,
    pub status: MeetingStatus,
    pub venue: Venue,
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    pub starts_at: String,
    pub chairing_state: Option<StateCode>,
    pub chair: Option<ChairView>,
    /// Who chairs together with `chair` (the co-chairs' representatives); empty when one chairs alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub co_chairs: Vec<ChairView>,
    pub programme: Vec<EventView>,
    pub delegations: Vec<DelegationView>,
    pub agenda: AgendaView,
}

/// A meeting in a list or a calendar.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingSummary {
    pub id: Id,
    pub key: Key,
    pub organisation: Code,
    pub body: Code,
    pub body_name: Text,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub city: Text,
    pub state: StateCode,
    pub time_zone: ZoneId,
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    pub starts_at: String,
}

pub(crate) fn as_meeting(s: Stored<Record>) -> Option<(Stored<Record>, Meeting)> {
    match &s.record {
        Record::Meeting(m) => {
            let m = m.clone();
            Some((s, m))
        }
        _ => None,
    }
}

macro_rules! unpack {
    ($stored:expr, $variant:ident) => {
        match $stored {
            Some(Stored { record: Record::$variant(r), .. }) => Some(r),
            _ => None,
        }
    };
}

mod change;
pub use change::{LastChange, MeetingPart};
mod around;
pub use around::MEETINGS_AROUND;
mod lookup;
mod view;

impl MeetingView {
    /// What `viewer` may do on it now: the forms a page offers (the use cases still decide each write).
    pub fn actions(&self, viewer: &Viewer) -> crate::rules::meeting_actions::MeetingActions {
        crate::rules::meeting_actions::meeting_actions(viewer, self.agenda.status, self.agenda.items.len())
    }
}
