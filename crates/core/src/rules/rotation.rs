//! The chairmanship rotation over the years: which terms a picture of it shows, and each term with whether the
//! rotation gave it (derived) or a recorded override set it.

use jiff::civil::Date;

use crate::domain::{Chairmanship, StateCode, Term};

/// The most terms a picture of the rotation draws: the latest ones, when the records reach further back.
pub const MAX_TERMS: i16 = 30;

/// A term of the rotation, and whether an override set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationTerm {
    pub term: Term,
    /// Set by a recorded override, rather than derived from the rotation order.
    pub set: bool,
}

/// The terms a picture of the rotation shows: from the term in force on the earliest day the organisation's
/// records name (its first meeting, its first dated membership), or the rotation's anchor if earlier, to the term
/// after the one in force today; at most [`MAX_TERMS`], the latest kept.
pub fn span(chairmanship: &Chairmanship, sessions: &[Date], earliest: Option<Date>, today: Date) -> (i16, i16) {
    let term_on = |day: Date| chairmanship.term_on(day, sessions).map_or(day.year(), |t| t.term);
    let now = term_on(today);
    let first = earliest.map_or(chairmanship.anchor.term, term_on).min(chairmanship.anchor.term).min(now);
    let last = now.saturating_add(1).max(chairmanship.anchor.term);
    (first.max(last.saturating_sub(MAX_TERMS - 1)), last)
}

/// The terms `first..=last` in order, each with whether an override set it; a term outside the calendar is left
/// out.
pub fn terms(chairmanship: &Chairmanship, sessions: &[Date], first: i16, last: i16) -> Vec<RotationTerm> {
    (first..=last)
        .filter_map(|t| chairmanship.term(t, sessions))
        .map(|term| RotationTerm { set: chairmanship.overrides.iter().any(|o| o.term == term.term), term })
        .collect()
}

/// The terms of `all` that `state` chairs, alone or as a co-chair.
pub fn chaired_by<'a>(all: &'a [RotationTerm], state: &StateCode) -> Vec<&'a RotationTerm> {
    all.iter().filter(|t| t.term.states().contains(state)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Anchor, Changeover, ChangeoverRule, Code, Override};
    use jiff::civil::date;
    use proptest::prelude::*;

    fn s(code: &str) -> StateCode {
        StateCode::parse(code).unwrap()
    }

    fn csto() -> Chairmanship {
        Chairmanship {
            rotation: ["AM", "BY", "KZ", "KG", "RU", "TJ"].into_iter().map(s).collect(),
            anchor: Anchor { term: 2018, state: s("KZ") },
            top_body: Code::parse("CSC").unwrap(),
            changeovers: vec![
                Changeover { from_term: 2003, rule: ChangeoverRule::AtTopBodySession },
                Changeover { from_term: 2024, rule: ChangeoverRule::OnJanuary1 },
            ],
            overrides: vec![],
        }
    }

    fn sessions() -> Vec<Date> {
        vec![date(2017, 11, 30), date(2018, 11, 8)]
    }

    #[test]
    fn the_span_runs_from_the_earliest_record_to_the_term_after_today() {
        let (first, last) = span(&csto(), &sessions(), Some(date(2017, 11, 30)), date(2018, 6, 1));
        assert_eq!((first, last), (2017, 2019));
        // No record at all: from the anchor.
        assert_eq!(span(&csto(), &sessions(), None, date(2018, 6, 1)), (2018, 2019));
        // Records from long ago: the latest terms only.
        let (first, last) = span(&csto(), &sessions(), Some(date(1950, 1, 1)), date(2026, 3, 1));
        assert_eq!((first, last), (2027 - MAX_TERMS + 1, 2027));
    }

    #[test]
    fn the_rotation_lists_the_terms_in_order_and_says_which_an_override_set() {
        let mut ch = csto();
        ch.overrides.push(Override { term: 2019, state: s("TJ"), co_chairs: vec![] });
        let all = terms(&ch, &sessions(), 2017, 2020);
        let states: Vec<(i16, &str, bool)> = all.iter().map(|t| (t.term.term, t.term.state.as_str(), t.set)).collect();
        assert_eq!(states, [(2017, "BY", false), (2018, "KZ", false), (2019, "TJ", true), (2020, "RU", false)]);
        assert_eq!(all[1].term.from, date(2017, 12, 1));
        assert_eq!(all[1].term.to, date(2018, 11, 8));
        assert_eq!(chaired_by(&all, &s("KZ")).len(), 1);
        assert!(chaired_by(&all, &s("KG")).is_empty(), "Tajikistan's override took Kyrgyzstan's term");
    }

    #[test]
    fn a_co_chair_chairs_its_term_too() {
        let mut ch = csto();
        ch.overrides.push(Override { term: 2020, state: s("RU"), co_chairs: vec![s("AM")] });
        let all = terms(&ch, &sessions(), 2020, 2020);
        assert_eq!(chaired_by(&all, &s("AM")).len(), 1);
        assert_eq!(chaired_by(&all, &s("RU")).len(), 1);
    }

    proptest! {
        #[test]
        fn the_terms_follow_one_another_day_after_day(first in 1990i16..2100, n in 0i16..40) {
            let all = terms(&csto(), &sessions(), first, first + n);
            prop_assert_eq!(all.len(), usize::try_from(n + 1).unwrap());
            for w in all.windows(2) {
                prop_assert_eq!(w[0].term.to.tomorrow().unwrap(), w[1].term.from);
                prop_assert_eq!(w[0].term.term + 1, w[1].term.term);
            }
        }

        #[test]
        fn the_span_holds_today_s_term_and_never_more_than_the_cap(
            year in 1990i16..2100, back in 0i16..80
        ) {
            let today = date(year, 6, 1);
            let (first, last) = span(&csto(), &sessions(), Some(date(year - back, 1, 1)), today);
            let now = csto().term_on(today, &sessions()).unwrap().term;
            prop_assert!(first <= now && now < last);
            prop_assert!(last - first < MAX_TERMS);
        }
    }
}
