//! A state's position on a revision, and what the members' positions add up to. How they add up is a rule
//! (`rules::consensus`).

use serde::{Deserialize, Serialize};

use super::StateCode;

/// A state's stance on one revision of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "position", rename_all = "snake_case")]
pub enum Position {
    Support,
    NoObjection,
    /// Accepts the text, with a statement published with the adopted document.
    Reservation {
        text: String,
    },
    /// Opts out: does not block, does not support.
    NonParticipation,
    /// Blocks adoption.
    Objection {
        text: String,
    },
    Pending,
}

/// What the positions of the members add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Consensus {
    pub adoptable: bool,
    /// Members that object.
    #[schema(value_type = Vec<String>)]
    pub blocked_by: Vec<StateCode>,
    /// Members that do not participate.
    #[schema(value_type = Vec<String>)]
    pub opted_out: Vec<StateCode>,
    /// Reservations that travel with the adopted text.
    #[schema(value_type = Vec<(String, String)>)]
    pub reservations: Vec<(StateCode, String)>,
    /// Members that have not yet said.
    #[schema(value_type = Vec<String>)]
    pub pending: Vec<StateCode>,
}
