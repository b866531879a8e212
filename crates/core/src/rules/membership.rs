//! Who is part of a body on a day: its composition, who takes a position and who counts in consensus. Always for
//! the day of the act — the meeting's day for what happens at a meeting, the day the act happened otherwise — and
//! never for today, so that moving the clock changes no decided outcome nor who could take part in it.

use jiff::civil::Date;

use crate::domain::{Code, Membership, MembershipKind, MembershipKindDefinition, Period, Seat, StateCode};

/// What a body's composition is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The body's own seats.
    Body,
    /// The organisation's memberships.
    Organisation,
}

/// A state's tie that makes it part of a body over a period: a seat in the body or a membership of its organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    pub state: StateCode,
    pub kind: MembershipKind,
    pub period: Period,
}

/// A body's ties over time: its own seats when it has any, otherwise its organisation's memberships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composition {
    pub source: Source,
    pub ties: Vec<Tie>,
}

/// Why a state may not take a position on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It has no tie on the day: its last tie before the day ended on `left_on`, or its first begins on
    /// `joins_on` after the day, or it has none at all.
    NotOnTheDay { left_on: Option<Date>, joins_on: Option<Date> },
    /// On the day, it is of a kind whose states take no position.
    TakesNoPosition { kind: MembershipKindDefinition },
}

impl Refusal {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotOnTheDay { .. } => "not_a_member_on_the_day",
            Refusal::TakesNoPosition { .. } => "takes_no_position",
        }
    }

    /// The reason in English, naming the state, the whole it belongs to ("the Permanent Council") and the day:
    /// "Georgia left the organisation on 2 April 1999", "Serbia is an observer on 5 June 2018: …".
    pub fn message(&self, state: &str, whole: &str, day: Date) -> String {
        let on = english_day(day);
        match self {
            Refusal::NotOnTheDay { left_on: Some(left), .. } => {
                format!("{state} left {whole} on {}; the day of the act is {on}", english_day(*left))
            }
            Refusal::NotOnTheDay { left_on: None, joins_on: Some(joins) } => {
                format!("{state} joins {whole} only on {}; the day of the act is {on}", english_day(*joins))
            }
            Refusal::NotOnTheDay { left_on: None, joins_on: None } => {
                format!("{state} is not part of {whole} on {on}")
            }
            Refusal::TakesNoPosition { kind } => {
                let name = kind.english_name();
                let a = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                format!("{state} is {a} {name} on {on}: {a} {name} takes no position")
            }
        }
    }
}

/// A day written out in English: `2 April 1999`.
pub fn english_day(day: Date) -> String {
    day.strftime("%-d %B %Y").to_string()
}

/// A body's composition over time: the seats of `body` among `seats` when there is any, else `memberships`.
pub fn composition(memberships: &[Membership], seats: &[Seat], body: &Code) -> Composition {
    let own: Vec<Tie> = seats
        .iter()
        .filter(|s| s.body == *body)
        .map(|s| Tie { state: s.state.clone(), kind: s.kind.clone(), period: s.period })
        .collect();
    if own.is_empty() {
        let ties = memberships
            .iter()
            .map(|m| Tie { state: m.state.clone(), kind: m.kind.clone(), period: m.period })
            .collect();
        Composition { source: Source::Organisation, ties }
    } else {
        Composition { source: Source::Body, ties: own }
    }
}

/// The day membership is judged on: the latest day of the meetings whose agenda carries the document, else the
/// day the act was recorded to have happened, else `today` (an act not yet dated, or a view of an undecided text).
pub fn day_of_judgement(meeting_days: &[Date], recorded: Option<Date>, today: Date) -> Date {
    meeting_days.iter().max().copied().or(recorded).unwrap_or(today)
}

/// A state's tie on a day; of two that overlap, the one that began last.
pub fn tie_on<'a>(ties: &'a [Tie], state: &StateCode, day: Date) -> Option<&'a Tie> {
    ties.iter().filter(|t| t.state == *state && t.period.contains(day)).max_by_key(|t| t.period.from)
}

/// The states part of the body on a day, each once, in the order of their first tie.
pub fn states_on(ties: &[Tie], day: Date) -> Vec<StateCode> {
    let mut out: Vec<StateCode> = Vec::new();
    for t in ties {
        if t.period.contains(day) && !out.contains(&t.state) {
            out.push(t.state.clone());
        }
    }
    out
}

/// What a kind code says, among the organisation's kinds; a code it no longer knows takes no part.
pub fn definition(kinds: &[MembershipKindDefinition], kind: &MembershipKind) -> MembershipKindDefinition {
    kinds.iter().find(|k| k.kind == *kind).cloned().unwrap_or_else(|| MembershipKindDefinition {
        kind: kind.clone(),
        takes_positions: false,
        counts_in_consensus: false,
        name: None,
    })
}

/// The states that count in consensus on a day: part of the body, of a kind that counts.
pub fn counting(ties: &[Tie], kinds: &[MembershipKindDefinition], day: Date) -> Vec<StateCode> {
    states_on(ties, day)
        .into_iter()
        .filter(|s| tie_on(ties, s, day).is_some_and(|t| definition(kinds, &t.kind).counts_in_consensus))
        .collect()
}

/// Whether `state` may take a position on a day, and its kind then; else the real reason why not.
pub fn may_take_position(
    ties: &[Tie],
    kinds: &[MembershipKindDefinition],
    state: &StateCode,
    day: Date,
) -> Result<MembershipKindDefinition, Refusal> {
    let Some(tie) = tie_on(ties, state, day) else {
        let own = || ties.iter().filter(|t| t.state == *state);
        let left_on = own().filter_map(|t| t.period.to).filter(|to| *to < day).max();
        let joins_on = own().filter_map(|t| t.period.from).filter(|from| *from > day).min();
        return Err(Refusal::NotOnTheDay { left_on, joins_on });
    };
    let kind = definition(kinds, &tie.kind);
    if kind.takes_positions {
        Ok(kind)
    } else {
        Err(Refusal::TakesNoPosition { kind })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Position, Text};
    use crate::rules::consensus::consensus;
    use proptest::prelude::*;

    fn s(code: &str) -> StateCode {
        StateCode::parse(code).unwrap()
    }
    fn k(code: &str) -> MembershipKind {
        MembershipKind::parse(code).unwrap()
    }
    fn d(raw: &str) -> Date {
        raw.parse().unwrap()
    }
    fn tie(state: &str, kind: &str, from: Option<&str>, to: Option<&str>) -> Tie {
        Tie { state: s(state), kind: k(kind), period: Period { from: from.map(d), to: to.map(d) } }
    }
    fn built_in() -> Vec<MembershipKindDefinition> {
        MembershipKindDefinition::built_in()
    }
    fn membership(state: &str, kind: &str) -> Membership {
        Membership {
            organisation: Code::parse("CSTO").unwrap(),
            state: s(state),
            kind: k(kind),
            period: Period::default(),
        }
    }
    fn seat(body: &str, state: &str) -> Seat {
        Seat {
            organisation: Code::parse("CSTO").unwrap(),
            body: Code::parse(body).unwrap(),
            state: s(state),
            kind: k("member"),
            period: Period::default(),
        }
    }

    #[test]
    fn a_body_with_seats_is_composed_of_them_and_one_without_of_the_memberships() {
        let memberships = [membership("RU", "member"), membership("KZ", "member")];
        let seats = [seat("PC", "RU")];
        let pc = composition(&memberships, &seats, &Code::parse("PC").unwrap());
        assert_eq!(pc.source, Source::Body);
        assert_eq!(pc.ties, vec![tie("RU", "member", None, None)]);
        let cfm = composition(&memberships, &seats, &Code::parse("CFM").unwrap());
        assert_eq!(cfm.source, Source::Organisation);
        assert_eq!(cfm.ties.len(), 2);
    }

    #[test]
    fn an_observer_on_the_day_takes_no_position_though_a_member_later() {
        let ties = [
            tie("RS", "observer", Some("2013-04-01"), Some("2020-12-31")),
            tie("RS", "member", Some("2021-01-01"), None),
        ];
        let refusal = may_take_position(&ties, &built_in(), &s("RS"), d("2018-06-05")).unwrap_err();
        assert_eq!(refusal.code(), "takes_no_position");
        assert_eq!(
            refusal.message("Serbia", "the organisation", d("2018-06-05")),
            "Serbia is an observer on 5 June 2018: an observer takes no position"
        );
        assert!(may_take_position(&ties, &built_in(), &s("RS"), d("2021-01-01")).is_ok());
        assert!(counting(&ties, &built_in(), d("2018-06-05")).is_empty());
        assert_eq!(counting(&ties, &built_in(), d("2022-01-01")), vec![s("RS")]);
    }

    #[test]
    fn a_state_that_left_is_refused_with_the_day_it_left() {
        let ties = [tie("GE", "member", Some("1994-04-20"), Some("1999-04-02"))];
        let refusal = may_take_position(&ties, &built_in(), &s("GE"), d("2018-06-05")).unwrap_err();
        assert_eq!(refusal, Refusal::NotOnTheDay { left_on: Some(d("1999-04-02")), joins_on: None });
        assert_eq!(refusal.code(), "not_a_member_on_the_day");
        assert!(refusal
            .message("Georgia", "the organisation", d("2018-06-05"))
            .starts_with("Georgia left the organisation on 2 April 1999"));
        let early = may_take_position(&ties, &built_in(), &s("GE"), d("1993-01-01")).unwrap_err();
        assert_eq!(early, Refusal::NotOnTheDay { left_on: None, joins_on: Some(d("1994-04-20")) });
        let never = may_take_position(&ties, &built_in(), &s("RS"), d("2018-06-05")).unwrap_err();
        assert_eq!(never.message("Serbia", "the CFM", d("2018-06-05")), "Serbia is not part of the CFM on 5 June 2018");
    }

    #[test]
    fn a_configured_kind_beyond_the_four_takes_positions_and_counts_as_it_says() {
        let kinds = vec![
            MembershipKindDefinition {
                kind: k("participating"),
                takes_positions: true,
                counts_in_consensus: true,
                name: Some(Text::one("en", "participating State")),
            },
            MembershipKindDefinition {
                kind: k("partner_for_cooperation"),
                takes_positions: true,
                counts_in_consensus: false,
                name: None,
            },
        ];
        let ties = [
            tie("AT", "participating", None, None),
            tie("JP", "partner_for_cooperation", None, None),
            tie("KZ", "member", None, None),
        ];
        let day = d("2018-06-05");
        assert!(may_take_position(&ties, &kinds, &s("AT"), day).is_ok());
        assert!(may_take_position(&ties, &kinds, &s("JP"), day).is_ok());
        // `member` is not a kind of this organisation: it takes no part.
        assert_eq!(may_take_position(&ties, &kinds, &s("KZ"), day).unwrap_err().code(), "takes_no_position");
        assert_eq!(counting(&ties, &kinds, day), vec![s("AT")]);
    }

    #[test]
    fn of_two_ties_on_one_day_the_later_one_holds() {
        let ties = [
            tie("BY", "observer", Some("2010-01-01"), Some("2018-06-05")),
            tie("BY", "member", Some("2018-06-05"), None),
        ];
        assert_eq!(tie_on(&ties, &s("BY"), d("2018-06-05")).unwrap().kind, k("member"));
        assert_eq!(states_on(&ties, d("2018-06-05")), vec![s("BY")]);
    }

    #[test]
    fn the_day_of_judgement_is_the_meeting_then_the_recorded_day_then_today() {
        let today = d("2026-12-02");
        assert_eq!(
            day_of_judgement(&[d("2018-06-11"), d("2018-11-08")], Some(d("2019-01-01")), today),
            d("2018-11-08")
        );
        assert_eq!(day_of_judgement(&[], Some(d("2019-01-01")), today), d("2019-01-01"));
        assert_eq!(day_of_judgement(&[], None, today), today);
    }

    fn any_day() -> impl Strategy<Value = Date> {
        (1990i16..2040, 1i8..=12, 1i8..=28).prop_map(|(y, m, dd)| Date::new(y, m, dd).unwrap())
    }

    fn any_tie() -> impl Strategy<Value = Tie> {
        let states = prop_oneof![Just("AM"), Just("BY"), Just("KZ"), Just("RS"), Just("GE")];
        let kinds =
            prop_oneof![Just("member"), Just("observer"), Just("partner"), Just("suspended"), Just("associate")];
        (states, kinds, proptest::option::of(any_day()), proptest::option::of(any_day())).prop_map(|(st, kd, a, b)| {
            let (from, to) = match (a, b) {
                (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
                other => other,
            };
            Tie { state: s(st), kind: k(kd), period: Period { from, to } }
        })
    }

    fn any_position() -> impl Strategy<Value = Position> {
        prop_oneof![
            Just(Position::Support),
            Just(Position::NonParticipation),
            "[a-z]{1,8}".prop_map(|text| Position::Objection { text }),
            Just(Position::Pending),
        ]
    }

    proptest! {
        #[test]
        fn who_counts_may_take_a_position_and_is_part_of_the_body(ties in proptest::collection::vec(any_tie(), 0..8), day in any_day()) {
            let kinds = built_in();
            let part = states_on(&ties, day);
            for state in counting(&ties, &kinds, day) {
                prop_assert!(part.contains(&state));
                prop_assert!(may_take_position(&ties, &kinds, &state, day).is_ok());
            }
            for state in ["AM", "BY", "KZ", "RS", "GE"].map(s) {
                match may_take_position(&ties, &kinds, &state, day) {
                    Ok(kind) => prop_assert!(part.contains(&state) && kind.takes_positions),
                    Err(Refusal::TakesNoPosition { kind }) => prop_assert!(part.contains(&state) && !kind.takes_positions),
                    Err(Refusal::NotOnTheDay { left_on, joins_on }) => {
                        prop_assert!(!part.contains(&state));
                        prop_assert!(left_on.is_none_or(|l| l < day) && joins_on.is_none_or(|j| j > day));
                    }
                }
            }
        }

        #[test]
        fn moving_today_never_changes_a_decided_outcome_or_who_could_take_part(
            ties in proptest::collection::vec(any_tie(), 0..8),
            positions in proptest::collection::vec(any_position(), 5),
            meeting in proptest::option::of(any_day()),
            recorded in any_day(),
            today in any_day(),
            later in any_day(),
        ) {
            let kinds = built_in();
            let states = ["AM", "BY", "KZ", "RS", "GE"].map(s);
            let positions: Vec<_> = states.iter().cloned().zip(positions).collect();
            let meetings: Vec<Date> = meeting.into_iter().collect();
            // A decided act has its day: its meeting's, or the day it was recorded to have happened.
            let judged = |today: Date| {
                let day = day_of_judgement(&meetings, Some(recorded), today);
                let takers: Vec<bool> = states.iter().map(|st| may_take_position(&ties, &kinds, st, day).is_ok()).collect();
                (consensus(&counting(&ties, &kinds, day), &positions), takers)
            };
            prop_assert_eq!(judged(today), judged(later));
        }
    }
}
