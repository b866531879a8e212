//! A document's lifecycle: `draft → circulated → under_agreement → agreed → adopted | returned | not_adopted |
//! withdrawn`, then `referred` to a higher body.

use crate::domain::DocumentStatus;
use crate::error::{Error, Result};

impl DocumentStatus {
    /// Every status.
    pub const ALL: [DocumentStatus; 9] = [
        Self::Draft,
        Self::Circulated,
        Self::UnderAgreement,
        Self::Agreed,
        Self::Adopted,
        Self::Returned,
        Self::NotAdopted,
        Self::Withdrawn,
        Self::Referred,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Circulated => "circulated",
            Self::UnderAgreement => "under_agreement",
            Self::Agreed => "agreed",
            Self::Adopted => "adopted",
            Self::Returned => "returned",
            Self::NotAdopted => "not_adopted",
            Self::Withdrawn => "withdrawn",
            Self::Referred => "referred",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| Error::invalid("invalid_status", format!("`{raw}` is not a document status")))
    }

    /// Whether the text may still be edited.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Circulated | Self::UnderAgreement)
    }

    /// Whether states take positions on it.
    pub fn open_for_positions(self) -> bool {
        matches!(self, Self::Circulated | Self::UnderAgreement | Self::Agreed)
    }

    /// Whether a decision on it stands for good: adopted, referred on, or withdrawn. Only the Secretariat corrects
    /// the record of such a document (a returned or rejected text is revised by its sponsors instead).
    pub fn settled(self) -> bool {
        matches!(self, Self::Adopted | Self::Referred | Self::Withdrawn)
    }

    /// Whether a decision on it is still to come.
    pub fn pending_decision(self) -> bool {
        matches!(self, Self::Circulated | Self::UnderAgreement | Self::Agreed)
    }
}

/// Whether a document may go from `from` to `to`.
pub fn allowed(from: DocumentStatus, to: DocumentStatus) -> bool {
    use DocumentStatus::*;
    matches!(
        (from, to),
        (Draft, Circulated | Withdrawn)
            | (Circulated, UnderAgreement | Agreed | Adopted | Returned | NotAdopted | Withdrawn)
            | (UnderAgreement, Agreed | Adopted | Returned | NotAdopted | Withdrawn)
            | (Agreed, UnderAgreement | Adopted | Returned | NotAdopted | Withdrawn)
            | (Adopted, Referred)
            | (Returned | NotAdopted, Draft)
    )
}

/// Checks a transition, with a message that names both ends.
pub fn check(from: DocumentStatus, to: DocumentStatus) -> Result<()> {
    if allowed(from, to) {
        Ok(())
    } else {
        Err(Error::conflict(
            "invalid_transition",
            format!("a document cannot go from {} to {}", from.as_str(), to.as_str()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use DocumentStatus::*;

    #[test]
    fn a_draft_goes_the_whole_way_to_the_heads_of_state() {
        for (a, b) in [
            (Draft, Circulated),
            (Circulated, UnderAgreement),
            (UnderAgreement, Agreed),
            (Agreed, Adopted),
            (Adopted, Referred),
        ] {
            assert!(check(a, b).is_ok(), "{a:?} → {b:?}");
        }
    }

    #[test]
    fn an_adopted_text_cannot_go_back_to_draft_or_be_withdrawn() {
        assert_eq!(check(Adopted, Draft).unwrap_err().code(), "invalid_transition");
        assert!(check(Adopted, Withdrawn).is_err());
        assert!(check(Withdrawn, Circulated).is_err());
    }

    #[test]
    fn a_returned_text_is_revised_as_a_draft() {
        assert!(check(Returned, Draft).is_ok());
    }

    proptest! {
        #[test]
        fn no_status_goes_to_itself_and_withdrawn_and_referred_are_final(i in 0usize..9, j in 0usize..9) {
            let (a, b) = (DocumentStatus::ALL[i], DocumentStatus::ALL[j]);
            prop_assert!(!allowed(a, a));
            if matches!(a, Withdrawn | Referred) { prop_assert!(!allowed(a, b)); }
            if allowed(a, b) && b == Adopted { prop_assert!(a.pending_decision()); }
        }
    }
}
