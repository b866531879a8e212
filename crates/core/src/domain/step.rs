//! A document's steps through bodies: agreed at a preparatory body's meeting, approved and submitted to a higher
//! body's. Recorded by an agenda item's outcome; the document's path is read from them (`service::document`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Code, Key};

/// A step of a document on its way through bodies, recorded by an agenda item's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Agreed at a meeting of `body` (a preparatory body), and sent on to the body it prepares for.
    Agreed {
        #[schema(value_type = String, format = DateTime)]
        at: Timestamp,
        meeting: Key,
        body: Code,
        /// The body it goes on to; none when agreed at a meeting of its own body.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent_to: Option<Code>,
    },
    /// Approved at a meeting of `body` and submitted to a higher body's meeting.
    Approved {
        #[schema(value_type = String, format = DateTime)]
        at: Timestamp,
        meeting: Key,
        body: Code,
        submitted_to: Code,
    },
}
