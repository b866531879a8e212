//! What happened to a document, step by step, as its audit entries record it: the document's own history.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

use super::document::{DocumentStatus, ItemOutcome, SilenceStatus};
use super::position::Position;
use super::values::{Key, Lang, StateCode};

/// One step in a document's history: when it happened, who did it (as the viewer may learn it) and what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// When the act happened: the instant the Secretariat recorded for it, else when it was entered.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub by: String,
    #[serde(flatten)]
    pub event: DocumentEvent,
}

/// What happened to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum DocumentEvent {
    /// The draft was made.
    Drafted,
    /// Its title, sponsors or other particulars changed.
    Changed,
    /// It came to stand as `status` (circulated, agreed, adopted, withdrawn…).
    Status { status: DocumentStatus },
    /// It was entered in the record, standing as `status`, by an import that did not say when it came to.
    Entered { status: DocumentStatus },
    /// A revised text was issued: revision `number`.
    Revised { number: u32 },
    /// A language version was added to the current revision, or changed.
    LanguageVersion { language: Lang, added: bool },
    /// A state's position on the current revision was recorded.
    PositionRecorded { state: StateCode, position: Position },
    /// A silence procedure was opened.
    SilenceOpened,
    /// A state objected, or proposed an amendment, under silence.
    SilenceBroken { state: StateCode, amendment: bool },
    /// A silence procedure ended: adopted at its deadline, or broken.
    SilenceEnded { status: SilenceStatus },
    /// It was referred to a higher body's meeting (the meeting's key, when the viewer may see it).
    Referred {
        #[serde(skip_serializing_if = "Option::is_none")]
        meeting: Option<Key>,
    },
    /// Its entry into force was recorded: in force from `on`.
    InForce {
        #[schema(value_type = String, format = Date)]
        on: Date,
    },
    /// The higher body decided on it.
    ReferralDecided { outcome: ItemOutcome },
    /// A state's signature or ratification of it was recorded.
    Signature {
        state: StateCode,
        #[schema(value_type = Option<String>, format = Date)]
        signed_on: Option<Date>,
        #[schema(value_type = Option<String>, format = Date)]
        ratified_on: Option<Date>,
    },
}
