//! Chairmanship: which state chairs an organisation on a day, and who chairs each body's meeting.
//!
//! A chairmanship runs in yearly terms named by the year they mostly cover (term 2018: Kazakhstan). The state of a
//! term follows the rotation order from a known anchor, unless an override is recorded. A term starts either on
//! 1 January or, under the older rule, the day after the top body's last regular session of the year before (the
//! session itself is still chaired by the outgoing state, as in Astana on 8 November 2018).

#[cfg(test)]
use jiff::civil::date;
use jiff::civil::Date;

use crate::domain::{ChairRule, Chairmanship, ChangeoverRule, Key, StateCode, Term};
use crate::error::{Error, Result};

impl Chairmanship {
    /// Checks what a parsed rule cannot say by its types.
    pub fn check(&self) -> Result<()> {
        let mut order = self.rotation.clone();
        order.sort();
        order.dedup();
        if order.len() != self.rotation.len() || order.is_empty() {
            return Err(Error::invalid("invalid_rotation", "the rotation order must name each state once"));
        }
        if !self.rotation.contains(&self.anchor.state) {
            return Err(Error::invalid("invalid_rotation", "the anchor state is not in the rotation order"));
        }
        if self.changeovers.is_empty() {
            return Err(Error::invalid("invalid_rotation", "at least one changeover rule is needed"));
        }
        for o in &self.overrides {
            let mut chairs = o.co_chairs.clone();
            chairs.push(o.state.clone());
            chairs.sort();
            chairs.dedup();
            if chairs.len() != o.co_chairs.len() + 1 {
                return Err(Error::invalid(
                    "invalid_co_chairs",
                    format!("the override of term {} names a chairing state twice", o.term),
                ));
            }
        }
        Ok(())
    }

    /// The co-chairs of a term: those its override names, none under the rotation.
    pub fn co_chairs_of_term(&self, term: i16) -> Vec<StateCode> {
        self.overrides.iter().find(|o| o.term == term).map(|o| o.co_chairs.clone()).unwrap_or_default()
    }

    /// The state of a term: the override if one is recorded, else the rotation from the anchor.
    pub fn state_of_term(&self, term: i16) -> Option<StateCode> {
        if let Some(o) = self.overrides.iter().find(|o| o.term == term) {
            return Some(o.state.clone());
        }
        let len = i64::try_from(self.rotation.len()).ok().filter(|&l| l > 0)?;
        let at = self.rotation.iter().position(|s| *s == self.anchor.state)?;
        let at = i64::try_from(at).ok()?;
        let index = (at + i64::from(term) - i64::from(self.anchor.term)).rem_euclid(len);
        self.rotation.get(usize::try_from(index).ok()?).cloned()
    }

    fn rule_for(&self, term: i16) -> ChangeoverRule {
        self.changeovers
            .iter()
            .filter(|c| c.from_term <= term)
            .max_by_key(|c| c.from_term)
            .or_else(|| self.changeovers.iter().min_by_key(|c| c.from_term))
            .map_or(ChangeoverRule::OnJanuary1, |c| c.rule)
    }

    /// The first day of a term, given the last days of the top body's regular sessions; none for a term outside
    /// the calendar (years -9999 to 9999).
    pub fn term_start(&self, term: i16, top_sessions: &[Date]) -> Option<Date> {
        let january = Date::new(term, 1, 1).ok()?;
        Some(match self.rule_for(term) {
            ChangeoverRule::OnJanuary1 => january,
            ChangeoverRule::AtTopBodySession => top_sessions
                .iter()
                .filter(|d| d.year() == term.saturating_sub(1))
                .max()
                .and_then(|d| d.tomorrow().ok())
                .unwrap_or(january),
        })
    }

    /// The term in force on `day`.
    pub fn term_on(&self, day: Date, top_sessions: &[Date]) -> Option<Term> {
        let year = day.year();
        let term = [year.saturating_add(1), year, year.saturating_sub(1)]
            .into_iter()
            .find(|&t| self.term_start(t, top_sessions).is_some_and(|start| start <= day))?;
        self.term(term, top_sessions)
    }

    /// A whole term with its days; none when its end lies outside the calendar.
    pub fn term(&self, term: i16, top_sessions: &[Date]) -> Option<Term> {
        let from = self.term_start(term, top_sessions)?;
        let to = self.term_start(term.checked_add(1)?, top_sessions)?.yesterday().ok()?;
        Some(Term { term, state: self.state_of_term(term)?, co_chairs: self.co_chairs_of_term(term), from, to })
    }
}

/// Who chairs a body's meeting by the body's chair rule, before any chair set on the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeetingChair {
    /// The representatives in the body of these states, the first presiding (co-chairs after it).
    States(Vec<StateCode>),
    /// The holder of this post on the meeting's day, whatever the rotation.
    Office(Key),
    /// Elected at the meeting: recorded on the meeting, never derived.
    Elected,
}

/// Who chairs a meeting of a body whose chair rule is `rule` (with its `post` for a fixed office), given the states
/// chairing the organisation on the day (the chair first, then co-chairs) and the host state.
pub fn meeting_chair(
    rule: ChairRule,
    post: Option<&Key>,
    chair_states: &[StateCode],
    chairing: &[StateCode],
    host: &StateCode,
) -> MeetingChair {
    match (rule, post) {
        (ChairRule::States, _) if !chair_states.is_empty() => MeetingChair::States(chair_states.to_vec()),
        (ChairRule::States, _) => MeetingChair::Elected,
        (ChairRule::ChairingState, _) => MeetingChair::States(chairing.to_vec()),
        (ChairRule::HostState, _) => MeetingChair::States(vec![host.clone()]),
        (ChairRule::Office, Some(post)) => MeetingChair::Office(post.clone()),
        (ChairRule::Office, None) | (ChairRule::Election, _) => MeetingChair::Elected,
    }
}

impl ChairRule {
    /// Checks a body's chair rule against the post it names: a fixed office names its post, no other rule does.
    pub fn check_post(self, post: Option<&Key>) -> Result<()> {
        match (self, post) {
            (ChairRule::Office, None) => Err(Error::invalid(
                "invalid_chair_rule",
                "a body chaired by an office names that office's `chair_post`",
            )),
            (ChairRule::ChairingState | ChairRule::HostState | ChairRule::Election | ChairRule::States, Some(_)) => {
                Err(Error::invalid(
                    "invalid_chair_rule",
                    "only a body chaired by an office (`chair_rule: \"office\"`) names a `chair_post`",
                ))
            }
            _ => Ok(()),
        }
    }

    /// Checks a body's chair rule against the states it names: a body chaired by states names them, each once; no
    /// other rule names any.
    pub fn check_states(self, states: &[StateCode]) -> Result<()> {
        let mut unique = states.to_vec();
        unique.sort();
        unique.dedup();
        match (self, states.is_empty()) {
            (ChairRule::States, true) => Err(Error::invalid(
                "invalid_chair_rule",
                "a body chaired by states (`chair_rule: \"states\"`) names them in `chair_states`",
            )),
            (ChairRule::States, false) if unique.len() != states.len() => {
                Err(Error::invalid("invalid_chair_rule", "a body names each of its `chair_states` once"))
            }
            (ChairRule::States, false) | (_, true) => Ok(()),
            (_, false) => Err(Error::invalid(
                "invalid_chair_rule",
                "only a body chaired by states (`chair_rule: \"states\"`) names `chair_states`",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
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
            ch.term_on(date(-9999, 1, 1), &sessions()).is_none()
                || ch.term_on(date(-9999, 1, 1), &sessions()).is_some()
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
}
