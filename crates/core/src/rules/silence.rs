//! Silence procedure: a text is deemed adopted at an exact deadline unless an objection or an amendment arrives
//! before it (EU Council RoP Art. 12(2); OSCE MC.DOC/1/06 Annex 1(A)).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::StateCode;

/// What breaks silence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    Objection,
    Amendment,
}

/// An objection or amendment received, with who sent it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Received {
    pub state: StateCode,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub kind: BreakKind,
    pub text: String,
}

/// Where a silence procedure stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SilenceState {
    Open,
    /// The deadline passed unbroken: deemed adopted at the deadline.
    Adopted {
        #[schema(value_type = String, format = DateTime)]
        at: Timestamp,
    },
    /// Broken by the first objection or amendment received before the deadline.
    Broken {
        by: StateCode,
        #[schema(value_type = String, format = DateTime)]
        at: Timestamp,
        kind: BreakKind,
        text: String,
    },
}

/// The state of a procedure with `deadline` at `now`, given what was received (in any order).
/// Anything received at or after the deadline is too late and does not break it.
pub fn silence_state(deadline: Timestamp, received: &[Received], now: Timestamp) -> SilenceState {
    if let Some(first) = received.iter().filter(|r| r.at < deadline && r.at <= now).min_by_key(|r| r.at) {
        return SilenceState::Broken {
            by: first.state.clone(),
            at: first.at,
            kind: first.kind,
            text: first.text.clone(),
        };
    }
    if now >= deadline {
        SilenceState::Adopted { at: deadline }
    } else {
        SilenceState::Open
    }
}

/// Checks a deadline when a procedure opens: it must lie in the future, and not absurdly far.
pub fn check_deadline(deadline: Timestamp, now: Timestamp) -> crate::Result<()> {
    if deadline <= now {
        return Err(crate::Error::invalid("deadline_in_past", "the deadline must lie in the future"));
    }
    let limit = now.as_second().saturating_add(366 * 24 * 3600);
    if deadline.as_second() > limit {
        return Err(crate::Error::invalid("deadline_too_far", "a silence procedure runs for at most a year"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_second(1_528_000_000 + s).unwrap()
    }

    fn objection(state: &str, at: i64) -> Received {
        Received { state: StateCode::parse(state).unwrap(), at: t(at), kind: BreakKind::Objection, text: "no".into() }
    }

    #[test]
    fn before_the_deadline_an_unbroken_procedure_is_open() {
        assert_eq!(silence_state(t(100), &[], t(99)), SilenceState::Open);
    }

    #[test]
    fn at_the_deadline_an_unbroken_procedure_is_adopted_at_the_deadline() {
        assert_eq!(silence_state(t(100), &[], t(100)), SilenceState::Adopted { at: t(100) });
        assert_eq!(silence_state(t(100), &[], t(5000)), SilenceState::Adopted { at: t(100) });
    }

    #[test]
    fn the_first_objection_before_the_deadline_breaks_it() {
        let received = [objection("AM", 60), objection("BY", 40)];
        match silence_state(t(100), &received, t(200)) {
            SilenceState::Broken { by, at, .. } => {
                assert_eq!(by.as_str(), "BY");
                assert_eq!(at, t(40));
            }
            other => panic!("expected broken, got {other:?}"),
        }
    }

    #[test]
    fn an_objection_at_or_after_the_deadline_is_too_late() {
        assert_eq!(silence_state(t(100), &[objection("AM", 100)], t(101)), SilenceState::Adopted { at: t(100) });
    }

    #[test]
    fn a_deadline_in_the_past_is_refused() {
        assert_eq!(check_deadline(t(0), t(10)).unwrap_err().code(), "deadline_in_past");
        assert!(check_deadline(t(20), t(10)).is_ok());
    }

    proptest! {
        #[test]
        fn any_objection_before_the_deadline_breaks_and_none_adopts_exactly_at_the_deadline(
            deadline in 1i64..10_000,
            ats in proptest::collection::vec(0i64..20_000, 0..5),
            now in 0i64..30_000,
        ) {
            let received: Vec<_> = ats.iter().map(|&a| objection("KZ", a)).collect();
            let state = silence_state(t(deadline), &received, t(now));
            let breaking = ats.iter().any(|&a| a < deadline && a <= now);
            match state {
                SilenceState::Broken { .. } => prop_assert!(breaking),
                SilenceState::Adopted { at } => { prop_assert!(!breaking && now >= deadline); prop_assert_eq!(at, t(deadline)); }
                SilenceState::Open => prop_assert!(!breaking && now < deadline),
            }
        }

        #[test]
        fn once_decided_the_outcome_never_changes_as_time_goes_on(
            deadline in 1i64..10_000,
            ats in proptest::collection::vec(0i64..20_000, 0..5),
            now in 0i64..30_000,
            later in 0i64..30_000,
        ) {
            let received: Vec<_> = ats.iter().map(|&a| objection("KZ", a)).collect();
            let first = silence_state(t(deadline), &received, t(now));
            let second = silence_state(t(deadline), &received, t(now + later));
            if first != SilenceState::Open {
                prop_assert_eq!(first, second);
            }
        }
    }
}
