//! Consensus: a revision is adoptable when no participating member objects. Non-participation neither blocks nor
//! counts as support; reservations travel with the adopted text; observers and partners never count.

use crate::domain::{Consensus, Position, StateCode};

impl Position {
    /// The position's name.
    pub fn name(&self) -> &'static str {
        match self {
            Position::Support => "support",
            Position::NoObjection => "no_objection",
            Position::Reservation { .. } => "reservation",
            Position::NonParticipation => "non_participation",
            Position::Objection { .. } => "objection",
            Position::Pending => "pending",
        }
    }

    /// The text that goes with a reservation or an objection.
    pub fn text(&self) -> Option<&str> {
        match self {
            Position::Reservation { text } | Position::Objection { text } => Some(text),
            _ => None,
        }
    }

    /// Builds a position from its name and text; a reservation or objection needs a text.
    pub fn parse(name: &str, text: Option<String>) -> crate::Result<Self> {
        let text = text.filter(|t| !t.trim().is_empty());
        let need = |text: Option<String>| {
            text.ok_or_else(|| crate::Error::invalid("position_text_required", format!("a {name} needs its text")))
        };
        Ok(match name {
            "support" => Position::Support,
            "no_objection" => Position::NoObjection,
            "reservation" => Position::Reservation { text: need(text)? },
            "non_participation" => Position::NonParticipation,
            "objection" => Position::Objection { text: need(text)? },
            "pending" => Position::Pending,
            other => {
                return Err(crate::Error::invalid(
                    "invalid_position",
                    format!(
                        "`{other}` is not support, no_objection, reservation, non_participation, objection or pending"
                    ),
                ))
            }
        })
    }
}

/// Adds up the positions of `members`; positions of non-members (observers, partners) are ignored.
pub fn consensus(members: &[StateCode], positions: &[(StateCode, Position)]) -> Consensus {
    let mut out =
        Consensus { adoptable: true, blocked_by: vec![], opted_out: vec![], reservations: vec![], pending: vec![] };
    for member in members {
        match positions.iter().find(|(s, _)| s == member).map(|(_, p)| p) {
            Some(Position::Objection { .. }) => out.blocked_by.push(member.clone()),
            Some(Position::NonParticipation) => out.opted_out.push(member.clone()),
            Some(Position::Reservation { text }) => out.reservations.push((member.clone(), text.clone())),
            Some(Position::Pending) | None => out.pending.push(member.clone()),
            Some(Position::Support | Position::NoObjection) => {}
        }
    }
    out.adoptable = out.blocked_by.is_empty();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(code: &str) -> StateCode {
        StateCode::parse(code).unwrap()
    }

    fn six() -> Vec<StateCode> {
        ["AM", "BY", "KZ", "KG", "RU", "TJ"].map(s).to_vec()
    }

    #[test]
    fn six_supports_adopt() {
        let positions: Vec<_> = six().into_iter().map(|c| (c, Position::Support)).collect();
        let c = consensus(&six(), &positions);
        assert!(c.adoptable);
        assert!(c.blocked_by.is_empty() && c.pending.is_empty());
    }

    #[test]
    fn one_objection_blocks_and_is_named() {
        let mut positions: Vec<_> = six().into_iter().map(|c| (c, Position::Support)).collect();
        positions[0].1 = Position::Objection { text: "not ready".into() };
        let c = consensus(&six(), &positions);
        assert!(!c.adoptable);
        assert_eq!(c.blocked_by, vec![s("AM")]);
    }

    #[test]
    fn non_participation_neither_blocks_nor_supports_and_reservations_travel() {
        let positions = vec![
            (s("AM"), Position::NonParticipation),
            (s("BY"), Position::Reservation { text: "interpretative statement".into() }),
            (s("RU"), Position::Support),
        ];
        let c = consensus(&six(), &positions);
        assert!(c.adoptable);
        assert_eq!(c.opted_out, vec![s("AM")]);
        assert_eq!(c.reservations, vec![(s("BY"), "interpretative statement".into())]);
        assert_eq!(c.pending, vec![s("KZ"), s("KG"), s("TJ")]);
    }

    #[test]
    fn an_observer_objection_does_not_count() {
        let positions = vec![(s("RS"), Position::Objection { text: "x".into() })];
        assert!(consensus(&six(), &positions).adoptable);
    }

    #[test]
    fn a_reservation_or_an_objection_needs_its_text() {
        assert_eq!(Position::parse("objection", None).unwrap_err().code(), "position_text_required");
        assert_eq!(Position::parse("reservation", Some(" ".into())).unwrap_err().code(), "position_text_required");
        assert_eq!(Position::parse("abstain", None).unwrap_err().code(), "invalid_position");
        assert_eq!(Position::parse("objection", Some("no".into())).unwrap().text(), Some("no"));
    }

    fn any_position() -> impl Strategy<Value = Position> {
        prop_oneof![
            Just(Position::Support),
            Just(Position::NoObjection),
            "[a-z]{1,8}".prop_map(|text| Position::Reservation { text }),
            Just(Position::NonParticipation),
            "[a-z]{1,8}".prop_map(|text| Position::Objection { text }),
            Just(Position::Pending),
        ]
    }

    proptest! {
        #[test]
        fn adoptable_exactly_when_no_participating_member_objects(ps in proptest::collection::vec(proptest::option::of(any_position()), 6)) {
            let members = six();
            let positions: Vec<_> = members.iter().cloned().zip(ps.iter()).filter_map(|(m, p)| p.clone().map(|p| (m, p))).collect();
            let c = consensus(&members, &positions);
            let any_objection = positions.iter().any(|(_, p)| matches!(p, Position::Objection { .. }));
            prop_assert_eq!(c.adoptable, !any_objection);
            let counted = c.blocked_by.len() + c.opted_out.len() + c.reservations.len() + c.pending.len();
            let plain = positions.iter().filter(|(_, p)| matches!(p, Position::Support | Position::NoObjection)).count();
            prop_assert_eq!(counted + plain, members.len());
        }

        #[test]
        fn adding_a_non_participation_never_changes_adoptability(ps in proptest::collection::vec(any_position(), 5)) {
            let members = six();
            let mut positions: Vec<_> = members.iter().cloned().zip(ps).collect();
            let before = consensus(&members, &positions).adoptable;
            positions.push((members[5].clone(), Position::NonParticipation));
            prop_assert_eq!(consensus(&members, &positions).adoptable, before);
        }
    }
}
