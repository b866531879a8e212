//! What a viewer may do on a meeting now: the forms its page offers. As for documents (`actions`), the use cases
//! still decide every write; this rule only says which would be accepted, so that a page never offers a form the
//! core would refuse for who she is or where the agenda stands.

use crate::domain::{AgendaStatus, Viewer};

/// The actions a viewer may take on a meeting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MeetingActions {
    /// Change the meeting, its programme, its delegations and its agenda items (add, edit, remove, renumber).
    pub edit: bool,
    /// Adopt the provisional agenda.
    pub adopt_agenda: bool,
    /// Record an agenda item's outcome.
    pub record_outcomes: bool,
}

/// The actions `viewer` may take on a meeting whose agenda is `agenda` with `items` items: the Secretariat keeps the
/// record; an agenda is adopted once, and only when it has items.
pub fn meeting_actions(viewer: &Viewer, agenda: AgendaStatus, items: usize) -> MeetingActions {
    let keeper = matches!(viewer, Viewer::Secretariat);
    MeetingActions {
        edit: keeper,
        adopt_agenda: keeper && agenda == AgendaStatus::Provisional && items > 0,
        record_outcomes: keeper && items > 0,
    }
}

/// Whether `viewer` may create meetings (the organisation page and calendar then offer "New meeting").
pub fn may_create_meetings(viewer: &Viewer) -> bool {
    matches!(viewer, Viewer::Secretariat)
}

/// Whether the public is told how many items an agenda has beyond those it may read: when some are not public. The
/// number is announced (the press says "the agenda consists of 12 items"); their titles are not.
pub fn hidden_items(total: usize, shown: usize) -> Option<usize> {
    total.checked_sub(shown).filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StateCode;
    use proptest::prelude::*;

    fn viewers() -> Vec<Viewer> {
        let ru = StateCode::parse("RU").unwrap();
        vec![
            Viewer::Public,
            Viewer::Press { publisher: None },
            Viewer::Delegate { state: ru.clone(), head: false },
            Viewer::Delegate { state: ru, head: true },
            Viewer::Secretariat,
        ]
    }

    #[test]
    fn only_the_secretariat_is_offered_the_meeting_s_forms() {
        for v in viewers() {
            let a = meeting_actions(&v, AgendaStatus::Provisional, 3);
            let keeper = v == Viewer::Secretariat;
            assert_eq!(a, MeetingActions { edit: keeper, adopt_agenda: keeper, record_outcomes: keeper }, "{v:?}");
            assert_eq!(may_create_meetings(&v), keeper);
        }
    }

    #[test]
    fn an_agenda_is_offered_for_adoption_once_and_only_with_items() {
        let s = Viewer::Secretariat;
        assert!(!meeting_actions(&s, AgendaStatus::Adopted, 3).adopt_agenda);
        assert!(!meeting_actions(&s, AgendaStatus::Provisional, 0).adopt_agenda);
        assert!(!meeting_actions(&s, AgendaStatus::Provisional, 0).record_outcomes);
        assert!(meeting_actions(&s, AgendaStatus::Adopted, 3).edit);
        assert!(meeting_actions(&s, AgendaStatus::Adopted, 3).record_outcomes);
    }

    #[test]
    fn the_public_is_told_how_many_items_it_may_not_read_only_when_there_are_some() {
        assert_eq!(hidden_items(12, 9), Some(3));
        assert_eq!(hidden_items(9, 9), None);
        assert_eq!(hidden_items(0, 0), None);
    }

    proptest! {
        #[test]
        fn what_is_offered_is_never_more_than_editing_allows(items in 0usize..20, adopted in any::<bool>()) {
            let status = if adopted { AgendaStatus::Adopted } else { AgendaStatus::Provisional };
            for v in viewers() {
                let a = meeting_actions(&v, status, items);
                prop_assert!(a.edit || (!a.adopt_agenda && !a.record_outcomes));
            }
        }
    }
}
