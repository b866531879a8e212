//! What a viewer may do on a document now: the forms a page offers. The use cases still decide every write; these
//! rules only say which of them would be accepted, so that a page never offers a form the core would refuse for who
//! she is or where the document stands.

use crate::domain::{Id, StateCode, Viewer};
use crate::rules::lifecycle::DocumentStatus;

/// Where a document stands, as far as its actions depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub status: DocumentStatus,
    /// Its sponsoring states.
    pub sponsors: Vec<StateCode>,
    /// The states that take positions on it.
    pub takers: Vec<StateCode>,
    /// The silence procedure open on it, if any.
    pub open_silence: Option<Id>,
}

/// The actions a viewer may take on a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentActions {
    /// The states she may record a position for: her own, if it takes positions; any that does, for the
    /// Secretariat (on a state's behalf).
    pub position_for: Vec<StateCode>,
    /// The open silence procedure she may break, and the states she may break it for.
    pub object: Option<(Id, Vec<StateCode>)>,
    /// Circulate a draft (numbering it).
    pub circulate: bool,
    /// Open a silence procedure.
    pub open_silence: bool,
    /// Record that the states agree.
    pub agree: bool,
    /// Issue a revision.
    pub revise: bool,
    /// Withdraw it.
    pub withdraw: bool,
}

impl DocumentActions {
    /// Whether any form is offered at all.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }
}

/// The actions `viewer` may take on a document standing as `d`.
pub fn document_actions(viewer: &Viewer, d: &Standing) -> DocumentActions {
    let keeper = matches!(viewer, Viewer::Secretariat);
    let own = match viewer {
        Viewer::Delegate { state, .. } => Some(state),
        _ => None,
    };
    let speaks_for: Vec<StateCode> = match own {
        Some(state) => d.takers.iter().filter(|t| *t == state).cloned().collect(),
        None if keeper => d.takers.clone(),
        None => Vec::new(),
    };
    let sponsor = own.is_some_and(|s| d.sponsors.contains(s));
    let author = keeper || sponsor;
    let positions_open = d.status.open_for_positions();
    DocumentActions {
        position_for: if positions_open { speaks_for.clone() } else { Vec::new() },
        object: match d.open_silence {
            Some(id) if !speaks_for.is_empty() => Some((id, speaks_for)),
            _ => None,
        },
        circulate: keeper && d.status == DocumentStatus::Draft,
        // Silence on a draft circulates it provisionally.
        open_silence: keeper
            && d.open_silence.is_none()
            && (d.status == DocumentStatus::Draft || d.status.pending_decision()),
        agree: keeper && d.open_silence.is_none() && d.status == DocumentStatus::UnderAgreement,
        revise: author && d.status.editable(),
        withdraw: author && !d.status.settled() && d.status != DocumentStatus::Withdrawn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> StateCode {
        StateCode::parse(s).unwrap()
    }

    fn standing(status: DocumentStatus, open_silence: Option<Id>) -> Standing {
        Standing {
            status,
            sponsors: vec![code("RU")],
            takers: vec![code("AM"), code("BY"), code("KZ"), code("KG"), code("RU"), code("TJ")],
            open_silence,
        }
    }

    fn delegate(state: &str) -> Viewer {
        Viewer::Delegate { state: code(state), head: false }
    }

    #[test]
    fn a_delegate_records_a_position_for_her_own_state_only_once_the_draft_is_circulated() {
        let draft = document_actions(&delegate("KZ"), &standing(DocumentStatus::Draft, None));
        assert!(draft.position_for.is_empty());
        let circulated = document_actions(&delegate("KZ"), &standing(DocumentStatus::Circulated, None));
        assert_eq!(circulated.position_for, vec![code("KZ")]);
    }

    #[test]
    fn the_secretariat_records_positions_on_behalf_of_every_state_that_takes_them() {
        let a = document_actions(&Viewer::Secretariat, &standing(DocumentStatus::UnderAgreement, None));
        assert_eq!(a.position_for.len(), 6);
        assert!(a.open_silence && a.agree && a.revise);
        assert!(!a.circulate, "an agreed-upon text is circulated already");
    }

    #[test]
    fn only_the_secretariat_circulates_a_draft_and_its_sponsor_may_revise_it() {
        let s = standing(DocumentStatus::Draft, None);
        assert!(document_actions(&Viewer::Secretariat, &s).circulate);
        assert!(document_actions(&Viewer::Secretariat, &s).open_silence, "silence circulates a draft provisionally");
        let sponsor = document_actions(&delegate("RU"), &s);
        assert!(!sponsor.circulate && sponsor.revise && sponsor.withdraw);
        assert!(!document_actions(&delegate("AM"), &s).revise);
    }

    #[test]
    fn under_silence_a_taking_state_may_object_and_no_second_procedure_opens() {
        let s = standing(DocumentStatus::UnderAgreement, Some(7));
        assert_eq!(document_actions(&delegate("BY"), &s).object, Some((7, vec![code("BY")])));
        assert!(!document_actions(&Viewer::Secretariat, &s).open_silence);
        let outsider = document_actions(&delegate("UZ"), &s);
        assert_eq!(outsider.object, None);
        assert!(outsider.position_for.is_empty());
    }

    #[test]
    fn a_decided_document_offers_no_position_silence_or_revision() {
        for status in [DocumentStatus::Adopted, DocumentStatus::Referred, DocumentStatus::Withdrawn] {
            let a = document_actions(&Viewer::Secretariat, &standing(status, None));
            assert!(a.position_for.is_empty() && !a.open_silence && !a.revise && !a.withdraw, "{status:?}");
        }
    }

    fn viewers() -> impl Strategy<Value = Viewer> {
        prop_oneof![
            Just(Viewer::Public),
            Just(Viewer::Press { publisher: None }),
            Just(Viewer::Secretariat),
            prop::sample::select(vec!["AM", "BY", "KZ", "RU", "UZ"]).prop_map(delegate),
        ]
    }

    proptest! {
        #[test]
        fn the_public_and_the_press_are_offered_nothing_and_a_delegate_speaks_only_for_her_state(
            viewer in viewers(),
            status in prop::sample::select(DocumentStatus::ALL.to_vec()),
            silence in prop::option::of(1i64..5),
        ) {
            let a = document_actions(&viewer, &standing(status, silence));
            match &viewer {
                Viewer::Public | Viewer::Press { .. } => prop_assert!(!a.any()),
                Viewer::Delegate { state, .. } => {
                    prop_assert!(a.position_for.iter().all(|s| s == state));
                    prop_assert!(!a.circulate && !a.open_silence && !a.agree);
                }
                Viewer::Secretariat => {}
            }
            if !status.open_for_positions() {
                prop_assert!(a.position_for.is_empty());
            }
        }
    }
}
