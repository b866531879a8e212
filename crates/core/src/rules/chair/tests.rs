//! Tests of `chair.rs`, in a file of their own to keep it short.
use super::*;
use crate::domain::{Anchor, Changeover, Code, Override};

fn code(s: &str) -> StateCode {
    StateCode::parse(s).unwrap()
}

/// The CSTO's rule as recorded in the demo: Russian alphabetical order, at the CSC session until 2023.
pub(crate) fn csto() -> Chairmanship {
    Chairmanship {
        rotation: ["AM", "BY", "KZ", "KG", "RU", "TJ"].map(code).to_vec(),
        anchor: Anchor { term: 2018, state: code("KZ") },
        top_body: Code::parse("CSC").unwrap(),
        changeovers: vec![
            Changeover { from_term: 2003, rule: ChangeoverRule::AtTopBodySession },
            Changeover { from_term: 2024, rule: ChangeoverRule::OnJanuary1 },
        ],
        overrides: vec![],
    }
}

fn sessions() -> Vec<Date> {
    vec![date(2017, 11, 30), date(2018, 11, 8), date(2019, 11, 28), date(2023, 11, 23)]
}

#[test]
fn the_rotation_reproduces_the_real_sequence_from_2015_to_2026() {
    let real = ["TJ", "AM", "BY", "KZ", "KG", "RU", "TJ", "AM", "BY", "KZ", "KG", "RU"];
    let ch = csto();
    for (year, want) in (2015..=2026).zip(real) {
        let term = ch.term_on(date(year, 6, 1), &sessions()).unwrap();
        assert_eq!(term.state.as_str(), want, "mid-{year}");
    }
}

#[test]
fn kazakhstan_chairs_on_the_day_of_the_almaty_meeting() {
    let term = csto().term_on(date(2018, 6, 11), &sessions()).unwrap();
    assert_eq!(term.state.as_str(), "KZ");
    assert_eq!(term.from, date(2017, 12, 1));
    assert_eq!(term.to, date(2018, 11, 8));
}

#[test]
fn the_chair_passes_the_day_after_the_top_body_session() {
    let ch = csto();
    assert_eq!(ch.term_on(date(2018, 11, 8), &sessions()).unwrap().state.as_str(), "KZ");
    assert_eq!(ch.term_on(date(2018, 11, 9), &sessions()).unwrap().state.as_str(), "KG");
}

#[test]
fn from_2024_the_chair_passes_on_the_first_of_january() {
    let ch = csto();
    assert_eq!(ch.term_on(date(2023, 12, 31), &sessions()).unwrap().state.as_str(), "BY");
    assert_eq!(ch.term_on(date(2024, 1, 1), &sessions()).unwrap().state.as_str(), "KZ");
}

#[test]
fn without_a_recorded_session_the_term_starts_on_the_first_of_january() {
    assert_eq!(csto().term_start(2021, &sessions()), Some(date(2021, 1, 1)));
}

#[test]
fn the_last_days_of_the_calendar_have_no_term_rather_than_a_failure() {
    let ch = csto();
    assert!(ch.term_on(date(9999, 12, 31), &sessions()).is_none());
    assert!(ch.term_on(date(9998, 6, 1), &sessions()).is_some());
    assert!(
        ch.term_on(date(-9999, 1, 1), &sessions()).is_none() || ch.term_on(date(-9999, 1, 1), &sessions()).is_some()
    );
}

#[test]
fn an_override_replaces_one_term_and_the_rotation_goes_on() {
    let mut ch = csto();
    ch.overrides.push(Override { term: 2019, state: code("RU"), co_chairs: vec![] });
    assert_eq!(ch.state_of_term(2019).unwrap().as_str(), "RU");
    assert_eq!(ch.state_of_term(2020).unwrap().as_str(), "RU");
    assert_eq!(ch.state_of_term(2021).unwrap().as_str(), "TJ");
}

#[test]
fn a_rotation_that_names_a_state_twice_is_refused() {
    let mut ch = csto();
    ch.rotation.push(code("AM"));
    assert_eq!(ch.check().unwrap_err().code(), "invalid_rotation");
}

#[test]
fn a_host_state_rule_gives_the_host_and_a_chairing_state_rule_the_chair() {
    let kz = [code("KZ")];
    assert_eq!(
        meeting_chair(ChairRule::HostState, None, &[], &kz, &code("RU")),
        MeetingChair::States(vec![code("RU")])
    );
    assert_eq!(
        meeting_chair(ChairRule::ChairingState, None, &[], &kz, &code("RU")),
        MeetingChair::States(vec![code("KZ")])
    );
}

#[test]
fn an_override_with_co_chairs_gives_a_term_chaired_by_all_of_them_and_the_rotation_goes_on_alone() {
    let mut ch = csto();
    ch.overrides.push(Override { term: 2019, state: code("RU"), co_chairs: vec![code("AM"), code("TJ")] });
    ch.check().unwrap();
    let term = ch.term_on(date(2019, 6, 1), &sessions()).unwrap();
    assert_eq!(term.state.as_str(), "RU");
    assert_eq!(term.states(), vec![code("RU"), code("AM"), code("TJ")]);
    assert!(ch.term(2020, &sessions()).unwrap().co_chairs.is_empty(), "the next term has its own chair alone");
}

#[test]
fn a_chairing_state_rule_gives_every_co_chair_the_presiding_one_first() {
    let chairs = [code("FR"), code("US")];
    assert_eq!(
        meeting_chair(ChairRule::ChairingState, None, &[], &chairs, &code("KZ")),
        MeetingChair::States(chairs.to_vec())
    );
    assert_eq!(
        meeting_chair(ChairRule::HostState, None, &[], &chairs, &code("KZ")),
        MeetingChair::States(vec![code("KZ")])
    );
}

#[test]
fn a_co_chair_named_twice_or_as_the_chair_itself_is_refused() {
    for co_chairs in [vec![code("AM"), code("AM")], vec![code("RU")]] {
        let mut ch = csto();
        ch.overrides.push(Override { term: 2019, state: code("RU"), co_chairs });
        assert_eq!(ch.check().unwrap_err().code(), "invalid_co_chairs");
    }
}

#[test]
fn a_body_chaired_by_an_office_is_chaired_by_its_post_whatever_the_rotation() {
    let post = Key::parse("secretary-general-osce").unwrap();
    let got = meeting_chair(ChairRule::Office, Some(&post), &[], &[code("FR")], &code("AT"));
    assert_eq!(got, MeetingChair::Office(post.clone()));
    assert!(ChairRule::Office.check_post(Some(&post)).is_ok());
    assert_eq!(ChairRule::Office.check_post(None).unwrap_err().code(), "invalid_chair_rule");
    assert_eq!(ChairRule::HostState.check_post(Some(&post)).unwrap_err().code(), "invalid_chair_rule");
}

#[test]
fn a_body_chaired_by_states_is_co_chaired_by_them_whatever_the_rotation_and_names_them_once() {
    let trio = [code("FR"), code("RU"), code("US")];
    let got = meeting_chair(ChairRule::States, None, &trio, &[code("AL")], &code("AT"));
    assert_eq!(got, MeetingChair::States(trio.to_vec()));
    assert!(ChairRule::States.check_states(&trio).is_ok());
    assert_eq!(ChairRule::States.check_states(&[]).unwrap_err().code(), "invalid_chair_rule");
    assert_eq!(ChairRule::States.check_states(&[code("FR"), code("FR")]).unwrap_err().code(), "invalid_chair_rule");
    assert_eq!(ChairRule::ChairingState.check_states(&trio).unwrap_err().code(), "invalid_chair_rule");
    assert!(ChairRule::Election.check_states(&[]).is_ok());
}

#[test]
fn an_elected_chair_is_never_derived() {
    assert_eq!(meeting_chair(ChairRule::Election, None, &[], &[code("KZ")], &code("RU")), MeetingChair::Elected);
    assert!(ChairRule::Election.check_post(None).is_ok());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_rule() -> impl Strategy<Value = ChairRule> {
        prop_oneof![
            Just(ChairRule::ChairingState),
            Just(ChairRule::HostState),
            Just(ChairRule::Office),
            Just(ChairRule::Election)
        ]
    }

    proptest! {
        #[test]
        fn a_meeting_chair_is_one_of_the_chairing_states_the_host_the_office_or_elected(
            rule in any_rule(),
            chairs in proptest::sample::subsequence(vec!["AM", "BY", "KZ", "KG", "RU", "TJ"], 1..4),
            host in proptest::sample::select(vec!["AM", "BY", "KZ", "KG", "RU", "TJ"]),
        ) {
            let chairs: Vec<StateCode> = chairs.into_iter().map(code).collect();
            let post = Key::parse("secretary-general-csto").unwrap();
            let post = (rule == ChairRule::Office).then_some(post);
            prop_assert!(rule.check_post(post.as_ref()).is_ok());
            match meeting_chair(rule, post.as_ref(), &[], &chairs, &code(host)) {
                MeetingChair::States(states) if rule == ChairRule::ChairingState => prop_assert_eq!(states, chairs),
                MeetingChair::States(states) => prop_assert_eq!(states, vec![code(host)]),
                MeetingChair::Office(p) => prop_assert_eq!(Some(p), post),
                MeetingChair::Elected => prop_assert_eq!(rule, ChairRule::Election),
            }
        }

        #[test]
        fn co_chairs_of_an_override_chair_exactly_their_term(
            term in 2000i16..2090,
            co in proptest::sample::subsequence(vec!["AM", "BY", "KZ", "KG", "TJ"], 0..4),
        ) {
            let mut ch = csto();
            let co: Vec<StateCode> = co.into_iter().map(code).collect();
            ch.overrides.push(Override { term, state: code("RU"), co_chairs: co.clone() });
            prop_assert!(ch.check().is_ok());
            let t = ch.term(term, &sessions()).unwrap();
            prop_assert_eq!(t.states()[1..].to_vec(), co);
            prop_assert!(ch.term(term + 1, &sessions()).unwrap().co_chairs.is_empty());
            prop_assert!(ch.term(term - 1, &sessions()).unwrap().co_chairs.is_empty());
        }

        #[test]
        fn every_day_has_exactly_one_term_and_terms_do_not_overlap(days in 0i32..20_000) {
            let day = date(2000, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
            let ch = csto();
            let term = ch.term_on(day, &sessions()).unwrap();
            prop_assert!(term.from <= day && day <= term.to);
            let next = ch.term(term.term + 1, &sessions()).unwrap();
            prop_assert_eq!(next.from, term.to.tomorrow().unwrap());
        }

        #[test]
        fn consecutive_terms_follow_the_rotation(term in 1990i16..2100) {
            let ch = csto();
            let a = ch.rotation.iter().position(|s| *s == ch.state_of_term(term).unwrap()).unwrap();
            let b = ch.rotation.iter().position(|s| *s == ch.state_of_term(term + 1).unwrap()).unwrap();
            prop_assert_eq!((a + 1) % ch.rotation.len(), b);
        }
    }
}
