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
mod tests;
