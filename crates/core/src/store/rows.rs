//! What the store keeps beyond the records themselves: a meeting's agenda as a whole, and a document's workflow —
//! its state, revisions with their language versions, positions, silence procedures, referrals and outcomes.

use jiff::Timestamp;
use serde::Serialize;

use crate::domain::*;
use crate::rules::silence::Received;

/// A meeting's agenda as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AgendaState {
    pub status: AgendaStatus,
    /// When it was adopted (RFC 3339).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub adopted_at: Option<Timestamp>,
    pub adopted_by: Option<String>,
}

/// Where a document stands; kept by the use cases, never by a plain change of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DocumentState {
    pub status: DocumentStatus,
    /// The register symbol, once numbered.
    pub symbol: Option<String>,
    /// The numbering series (`CSTO/CFM/2018/STM`) and number, once numbered.
    pub series: Option<(String, u32)>,
    pub outcome: Option<Outcome>,
    /// Its steps through bodies: agreed at a preparatory body's meeting, approved and submitted to a higher body.
    pub steps: Vec<crate::domain::Step>,
    /// When it was circulated, if known: later acts on it cannot precede it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub circulated_at: Option<Timestamp>,
    /// When agreement was recorded, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub agreed_at: Option<Timestamp>,
}

/// A language version of one revision: its text and status, and the version it was last written at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageVersion {
    pub id: Id,
    pub version: i64,
    pub language: Lang,
    pub status: VersionStatus,
    pub text: String,
}

/// A revision with its language versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub id: Id,
    pub number: u32,
    pub created_at: Timestamp,
    pub created_by: String,
    pub language_versions: Vec<LanguageVersion>,
}

/// A state's position on one revision, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedPosition {
    pub revision: u32,
    pub state: StateCode,
    pub position: Position,
    pub recorded_by: String,
    /// Recorded by the Secretariat on the state's behalf.
    pub on_behalf: bool,
    pub at: Timestamp,
}

/// A silence procedure with what it received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SilenceProcedure {
    pub id: Id,
    pub document: Id,
    pub revision: u32,
    pub opened_at: Timestamp,
    pub deadline: Timestamp,
    pub opened_by: String,
    pub status: SilenceStatus,
    pub closed_at: Option<Timestamp>,
    pub received: Vec<Received>,
}

/// A referral to a meeting of another body, tracked until that body decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referral {
    pub id: Id,
    pub document: Id,
    pub meeting: Id,
    pub agenda_item: Option<Id>,
    pub referred_at: Timestamp,
    pub referred_by: String,
    pub outcome: Option<ItemOutcome>,
    pub decided_at: Option<Timestamp>,
    /// How the receiving body decided: at a meeting (the referral's), or by its written procedure.
    pub decided_by: Option<Procedure>,
}

/// An agenda item's outcome, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedItemOutcome {
    pub outcome: ItemOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deferred_to: Option<Key>,
    /// The higher body's meeting a document approved here is submitted to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_to: Option<Key>,
    pub at: Timestamp,
}

/// Everything about a document beyond its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentDetail {
    pub state: DocumentState,
    pub revisions: Vec<Revision>,
    pub positions: Vec<RecordedPosition>,
    pub silences: Vec<SilenceProcedure>,
    pub referrals: Vec<Referral>,
    /// Agenda items that carry the document: (item id, meeting id, number).
    pub items: Vec<(Id, Id, u16)>,
}
