//! Visibility and the viewer, the words: who may see a record, and who is looking. Whether a viewer may see one is a rule (`rules::visibility`).

use serde::{Deserialize, Serialize};

use super::{Key, StateCode};

/// Who may see a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone, without an account.
    Public,
    /// Every delegation and the Secretariat.
    Members,
    /// Heads of delegation and the Secretariat.
    Restricted,
    /// The sponsors and the Secretariat, before circulation.
    Sponsors,
}

impl Visibility {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Members => "members",
            Self::Restricted => "restricted",
            Self::Sponsors => "sponsors",
        }
    }

    /// Parses a stored name.
    pub fn from_name(raw: &str) -> Option<Self> {
        super::variant_named(raw)
    }
}

/// Who is looking: the public, the Secretariat's staff, a press officer, or a delegate of one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    Public,
    /// Secretariat officers and administrators see everything.
    Secretariat,
    /// A press officer of a publisher (none: a press account not yet given one, which sees what the public sees).
    Press {
        publisher: Option<Key>,
    },
    Delegate {
        state: StateCode,
        head: bool,
    },
}
