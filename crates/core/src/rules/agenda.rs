//! Agenda: items are numbered 1…n without gaps; once adopted, every change is logged with who and when.

use crate::domain::{AgendaStatus, Id, ItemOutcome, Key};
use crate::error::{Error, Result};

/// Checks the meetings an outcome names: a deferred item names the meeting it goes to, an approved one the higher
/// body's meeting its documents are submitted to, and no other outcome names a meeting.
pub fn check_outcome_targets(
    outcome: ItemOutcome,
    deferred_to: Option<&Key>,
    submitted_to: Option<&Key>,
) -> Result<()> {
    match (outcome, deferred_to, submitted_to) {
        (ItemOutcome::Deferred, None, _) => {
            Err(Error::invalid("deferred_to_required", "name the meeting the item is deferred to"))
        }
        (ItemOutcome::Approved, _, None) => Err(Error::invalid(
            "submitted_to_required",
            "name the higher body's meeting the documents are submitted to",
        )),
        (ItemOutcome::Deferred, Some(_), None) | (ItemOutcome::Approved, None, Some(_)) | (_, None, None) => Ok(()),
        (ItemOutcome::Deferred, Some(_), Some(_)) | (_, _, Some(_)) => {
            Err(Error::invalid("invalid_outcome", "only an approved item is submitted to a meeting"))
        }
        (_, Some(_), _) => Err(Error::invalid("invalid_outcome", "only a deferred item names a meeting")),
    }
}

/// Checks that item numbers run 1, 2, … n without gap or repeat (in any order).
pub fn check_numbering(numbers: &[u16]) -> Result<()> {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    for (expected, n) in (1u16..).zip(&sorted) {
        if *n != expected {
            return Err(Error::invalid(
                "invalid_agenda_numbering",
                format!(
                    "agenda items must be numbered 1 to {} without gaps; item {expected} is missing or repeated",
                    numbers.len()
                ),
            ));
        }
    }
    Ok(())
}

/// Where a new item goes: the number asked for (moving later items down), or after the last item.
pub fn insertion_number(existing: usize, asked: Option<u16>) -> Result<u16> {
    let last = u16::try_from(existing)
        .map_err(|_| Error::invalid("agenda_too_long", "an agenda holds at most 65,535 items"))?;
    match asked {
        None => Ok(last + 1),
        Some(n) if n >= 1 && n <= last + 1 => Ok(n),
        Some(n) => {
            Err(Error::invalid("invalid_agenda_number", format!("item number {n} is outside 1 to {}", last + 1)))
        }
    }
}

/// The numbers after moving the item numbered `from` to `to`: (old, new) pairs for every item that changes.
pub fn renumber_for_move(count: u16, from: u16, to: u16) -> Result<Vec<(u16, u16)>> {
    if !(1..=count).contains(&from) || !(1..=count).contains(&to) {
        return Err(Error::invalid("invalid_agenda_number", format!("item numbers run from 1 to {count}")));
    }
    let mut moves = Vec::new();
    if from < to {
        moves.push((from, to));
        moves.extend((from + 1..=to).map(|n| (n, n - 1)));
    } else if to < from {
        moves.push((from, to));
        moves.extend((to..from).map(|n| (n, n + 1)));
    }
    Ok(moves)
}

/// A whole new numbering of an agenda: `asked` gives every item of `current` (by id) its new number, and the numbers
/// run 1…n without gap or repeat. The answer is the items whose number changes, with their new numbers.
pub fn renumbering(current: &[(Id, u16)], asked: &[(Id, u16)]) -> Result<Vec<(Id, u16)>> {
    for (id, _) in current {
        if asked.iter().filter(|(a, _)| a == id).count() != 1 {
            return Err(Error::invalid("incomplete_numbering", "give every item of the agenda one number"));
        }
    }
    if let Some((id, _)) = asked.iter().find(|(a, _)| !current.iter().any(|(c, _)| c == a)) {
        return Err(Error::invalid("unknown_agenda_item", format!("item {id} is not on this agenda")));
    }
    let numbers: Vec<u16> = asked.iter().map(|(_, n)| *n).collect();
    check_numbering(&numbers)?;
    Ok(asked.iter().filter(|(id, n)| current.iter().any(|(c, old)| c == id && old != n)).copied().collect())
}

/// Whether a change to the agenda goes into its change log: only once it is adopted.
pub fn change_is_logged(status: AgendaStatus) -> bool {
    status == AgendaStatus::Adopted
}

/// Checks that an agenda may be adopted: provisional, not empty, numbered without gaps.
pub fn check_adoptable(status: AgendaStatus, numbers: &[u16]) -> Result<()> {
    if status == AgendaStatus::Adopted {
        return Err(Error::conflict("agenda_already_adopted", "the agenda is already adopted"));
    }
    if numbers.is_empty() {
        return Err(Error::conflict("agenda_empty", "an agenda without items cannot be adopted"));
    }
    check_numbering(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_a_deferred_item_names_the_meeting_it_goes_to_and_only_an_approved_one_where_it_is_submitted() {
        let to = Key::parse("pc-1296").unwrap();
        let code = |r: Result<()>| r.err().map(|e| e.code().to_owned());
        assert_eq!(code(check_outcome_targets(ItemOutcome::Deferred, Some(&to), None)), None);
        assert_eq!(code(check_outcome_targets(ItemOutcome::Approved, None, Some(&to))), None);
        assert_eq!(code(check_outcome_targets(ItemOutcome::Adopted, None, None)), None);
        assert_eq!(
            code(check_outcome_targets(ItemOutcome::Deferred, None, None)).as_deref(),
            Some("deferred_to_required")
        );
        assert_eq!(
            code(check_outcome_targets(ItemOutcome::Approved, None, None)).as_deref(),
            Some("submitted_to_required")
        );
        assert_eq!(
            code(check_outcome_targets(ItemOutcome::Adopted, Some(&to), None)).as_deref(),
            Some("invalid_outcome")
        );
        assert_eq!(
            code(check_outcome_targets(ItemOutcome::Adopted, None, Some(&to))).as_deref(),
            Some("invalid_outcome")
        );
        assert_eq!(
            code(check_outcome_targets(ItemOutcome::Approved, Some(&to), Some(&to))).as_deref(),
            Some("invalid_outcome")
        );
    }

    #[test]
    fn twelve_items_numbered_one_to_twelve_are_in_order() {
        let numbers: Vec<u16> = (1..=12).rev().collect();
        assert!(check_numbering(&numbers).is_ok());
    }

    #[test]
    fn a_gap_or_a_repeat_is_refused() {
        assert_eq!(check_numbering(&[1, 2, 4]).unwrap_err().code(), "invalid_agenda_numbering");
        assert!(check_numbering(&[1, 1, 2]).is_err());
    }

    #[test]
    fn a_new_item_goes_last_unless_a_number_is_asked() {
        assert_eq!(insertion_number(12, None).unwrap(), 13);
        assert_eq!(insertion_number(12, Some(3)).unwrap(), 3);
        assert!(insertion_number(12, Some(14)).is_err());
        assert!(insertion_number(12, Some(0)).is_err());
    }

    #[test]
    fn an_adopted_agenda_cannot_be_adopted_again_and_an_empty_one_not_at_all() {
        assert_eq!(check_adoptable(AgendaStatus::Adopted, &[1]).unwrap_err().code(), "agenda_already_adopted");
        assert_eq!(check_adoptable(AgendaStatus::Provisional, &[]).unwrap_err().code(), "agenda_empty");
        assert!(check_adoptable(AgendaStatus::Provisional, &[1, 2]).is_ok());
    }

    #[test]
    fn only_changes_to_an_adopted_agenda_are_logged() {
        assert!(change_is_logged(AgendaStatus::Adopted));
        assert!(!change_is_logged(AgendaStatus::Provisional));
    }

    #[test]
    fn a_new_numbering_names_every_item_once_and_runs_without_gaps() {
        let current = [(10, 1), (11, 2), (12, 3)];
        assert_eq!(renumbering(&current, &[(10, 3), (11, 1), (12, 2)]).unwrap(), vec![(10, 3), (11, 1), (12, 2)]);
        assert_eq!(renumbering(&current, &[(10, 1), (11, 3), (12, 2)]).unwrap(), vec![(11, 3), (12, 2)]);
        assert!(renumbering(&current, &current).unwrap().is_empty());
        let code = |asked: &[(Id, u16)]| renumbering(&current, asked).unwrap_err().code();
        assert_eq!(code(&[(10, 1), (11, 2)]), "incomplete_numbering");
        assert_eq!(code(&[(10, 1), (11, 2), (12, 3), (12, 3)]), "incomplete_numbering");
        assert_eq!(code(&[(10, 1), (11, 2), (12, 3), (13, 4)]), "unknown_agenda_item");
        assert_eq!(code(&[(10, 1), (11, 1), (12, 3)]), "invalid_agenda_numbering");
        assert_eq!(code(&[(10, 1), (11, 2), (12, 4)]), "invalid_agenda_numbering");
    }

    proptest! {
        #[test]
        fn any_order_of_the_items_is_a_numbering_that_gives_each_its_asked_number(
            order in Just((1..=12u16).collect::<Vec<_>>()).prop_shuffle()
        ) {
            let current: Vec<(Id, u16)> = (1..=12u16).map(|n| (i64::from(n) + 100, n)).collect();
            let asked: Vec<(Id, u16)> = current.iter().zip(&order).map(|((id, _), n)| (*id, *n)).collect();
            let changes = renumbering(&current, &asked).unwrap();
            for (id, n) in &asked {
                let old = current.iter().find(|(c, _)| c == id).map(|(_, o)| *o).unwrap();
                let new = changes.iter().find(|(c, _)| c == id).map_or(old, |(_, m)| *m);
                prop_assert_eq!(new, *n);
            }
        }

        #[test]
        fn moving_an_item_keeps_the_numbering_whole(count in 1u16..30, from in 1u16..30, to in 1u16..30) {
            prop_assume!(from <= count && to <= count);
            let moves = renumber_for_move(count, from, to).unwrap();
            let numbers: Vec<u16> = (1..=count)
                .map(|n| moves.iter().find(|(old, _)| *old == n).map_or(n, |(_, new)| *new))
                .collect();
            prop_assert!(check_numbering(&numbers).is_ok());
            prop_assert_eq!(numbers[usize::from(from - 1)], to);
        }
    }
}
