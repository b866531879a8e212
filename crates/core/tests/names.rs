//! One name per variant across the core: every `as_str` that stays is serde's name, and names parse back. Here
//! rather than beside `domain::names`, since it names enums of every shelf (accounts, rules), and the domain
//! imports neither.

use secretariat_core::account::AccountRole;
use secretariat_core::domain::{
    name_of, variant_named, DocumentStatus, EventKind, Kind, MeetingStatus, NotificationKind, Position, SearchKind,
    Visibility,
};
use secretariat_core::rules::diff::Granularity;

#[test]
fn every_as_str_is_the_serde_name_and_names_parse_back() {
    for v in [Visibility::Public, Visibility::Members, Visibility::Restricted, Visibility::Sponsors] {
        assert_eq!(v.as_str(), name_of(&v));
        assert_eq!(variant_named::<Visibility>(v.as_str()), Some(v));
    }
    for s in DocumentStatus::ALL {
        assert_eq!(s.as_str(), name_of(&s));
    }
    for k in Kind::ALL {
        assert_eq!(k.as_str(), name_of(&k));
    }
    for r in [AccountRole::Admin, AccountRole::Secretariat, AccountRole::Delegate, AccountRole::Press] {
        assert_eq!(r.as_str(), name_of(&r));
    }
    for g in [Granularity::Word, Granularity::Line] {
        assert_eq!(g.as_str(), name_of(&g));
    }
    for k in NotificationKind::ALL {
        assert_eq!(k.as_str(), name_of(&k));
    }
    for k in SearchKind::ALL {
        assert_eq!(k.as_str(), name_of(&k));
        assert_eq!(variant_named::<SearchKind>(k.as_str()), Some(k));
    }
    for k in EventKind::BUILT_IN {
        assert_eq!(k.as_str(), name_of(&k));
    }
    // A position carries its text: serde writes it as an object whose `position` is the name.
    let text = || "On article 3".to_owned();
    let positions = [
        Position::Support,
        Position::NoObjection,
        Position::Reservation { text: text() },
        Position::NonParticipation,
        Position::Objection { text: text() },
        Position::Pending,
    ];
    for p in positions {
        assert_eq!(serde_json::to_value(&p).unwrap()["position"], p.name());
    }
    assert_eq!(name_of(&MeetingStatus::Postponed), "postponed");
    assert_eq!(variant_named::<MeetingStatus>("later"), None);
}
