//! Visibility: whether a viewer may see a record. The same rule gives the store its query filter (DESIGN §5).

use crate::domain::{StateCode, Viewer, Visibility};

/// Whether everyone who may see a record of visibility `outer` (an agenda item) may also see one of `inner`
/// (a document under it). A sponsors-only draft is under no agenda item.
pub fn covers(outer: Visibility, inner: Visibility) -> bool {
    inner != Visibility::Sponsors && outer != Visibility::Sponsors && inner <= outer
}

/// The state a key may belong to: a key that begins with a state's code and a hyphen (`ru-inf-statement`) names a
/// draft of that state, once the state is in the record. A delegate's drafts have such keys and no one else's draft may, so that no delegation can
/// learn of another's draft by trying to create a document with its key.
pub fn key_state(key: &str) -> Option<StateCode> {
    match key.as_bytes() {
        [a, b, b'-', ..] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
            StateCode::parse(&String::from_utf8_lossy(&[*a, *b]).to_ascii_uppercase()).ok()
        }
        _ => None,
    }
}

impl Viewer {
    /// The visibility levels this viewer sees whatever the record's sponsors; the store filters on them.
    pub fn levels(&self) -> Vec<Visibility> {
        use Visibility::*;
        match self {
            Viewer::Public | Viewer::Press { .. } => vec![Public],
            Viewer::Delegate { head: false, .. } => vec![Public, Members],
            Viewer::Delegate { head: true, .. } => vec![Public, Members, Restricted],
            Viewer::Secretariat => vec![Public, Members, Restricted, Sponsors],
        }
    }

    /// The state whose sponsored drafts this viewer sees before circulation.
    pub fn sponsor_state(&self) -> Option<&StateCode> {
        match self {
            Viewer::Delegate { state, .. } => Some(state),
            _ => None,
        }
    }

    /// Whether this viewer may see a record of `visibility` sponsored by `sponsors`.
    pub fn may_see(&self, visibility: Visibility, sponsors: &[StateCode]) -> bool {
        self.levels().contains(&visibility)
            || (visibility == Visibility::Sponsors && self.sponsor_state().is_some_and(|s| sponsors.contains(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn delegate(state: &str, head: bool) -> Viewer {
        Viewer::Delegate { state: StateCode::parse(state).unwrap(), head }
    }

    #[test]
    fn the_public_sees_only_public_records() {
        assert!(Viewer::Public.may_see(Visibility::Public, &[]));
        assert!(!Viewer::Public.may_see(Visibility::Members, &[]));
        assert!(!Viewer::Public.may_see(Visibility::Restricted, &[]));
    }

    #[test]
    fn a_head_of_delegation_sees_restricted_records_and_a_delegate_does_not() {
        assert!(delegate("KZ", true).may_see(Visibility::Restricted, &[]));
        assert!(!delegate("KZ", false).may_see(Visibility::Restricted, &[]));
        assert!(delegate("KZ", false).may_see(Visibility::Members, &[]));
    }

    #[test]
    fn a_sponsors_draft_is_seen_by_its_sponsors_and_the_secretariat_only() {
        let ru = [StateCode::parse("RU").unwrap()];
        assert!(delegate("RU", false).may_see(Visibility::Sponsors, &ru));
        assert!(!delegate("KZ", true).may_see(Visibility::Sponsors, &ru));
        assert!(Viewer::Secretariat.may_see(Visibility::Sponsors, &ru));
        assert!(!Viewer::Press { publisher: None }.may_see(Visibility::Sponsors, &ru));
    }

    #[test]
    fn a_public_item_carries_only_public_documents() {
        assert!(covers(Visibility::Public, Visibility::Public));
        assert!(!covers(Visibility::Public, Visibility::Members));
        assert!(covers(Visibility::Restricted, Visibility::Members));
        assert!(!covers(Visibility::Restricted, Visibility::Sponsors));
    }

    #[test]
    fn a_key_that_begins_with_a_state_code_belongs_to_that_state() {
        assert_eq!(key_state("ru-inf-statement"), Some(StateCode::parse("RU").unwrap()));
        assert_eq!(key_state("kz-"), Some(StateCode::parse("KZ").unwrap()));
        assert_eq!(key_state("cfm-2018-inf-statement"), None);
        assert_eq!(key_state("ru"), None);
        assert_eq!(key_state("RU-x"), None);
        assert_eq!(key_state("r1-x"), None);
        assert_eq!(key_state("ж-x"), None);
    }

    fn any_viewer() -> impl Strategy<Value = Viewer> {
        prop_oneof![
            Just(Viewer::Public),
            Just(Viewer::Press { publisher: None }),
            Just(Viewer::Secretariat),
            any::<bool>().prop_map(|head| delegate("KZ", head)),
            any::<bool>().prop_map(|head| delegate("RU", head)),
        ]
    }

    fn any_visibility() -> impl Strategy<Value = Visibility> {
        prop_oneof![
            Just(Visibility::Public),
            Just(Visibility::Members),
            Just(Visibility::Restricted),
            Just(Visibility::Sponsors)
        ]
    }

    proptest! {
        #[test]
        fn the_secretariat_sees_everything_and_everyone_sees_public(v in any_visibility(), who in any_viewer()) {
            prop_assert!(Viewer::Secretariat.may_see(v, &[]));
            prop_assert!(who.may_see(Visibility::Public, &[]));
        }

        #[test]
        fn whoever_sees_an_item_sees_the_documents_it_covers(outer in any_visibility(), inner in any_visibility(), who in any_viewer()) {
            if covers(outer, inner) && who.may_see(outer, &[]) {
                prop_assert!(who.may_see(inner, &[]));
            }
        }

        #[test]
        fn a_key_has_an_owner_exactly_when_it_begins_with_two_small_letters_and_a_hyphen(key in "\\PC{0,12}") {
            let expected = key.len() >= 3
                && key.as_bytes()[..2].iter().all(u8::is_ascii_lowercase)
                && key.as_bytes()[2] == b'-';
            prop_assert_eq!(key_state(&key).is_some(), expected);
        }

        #[test]
        fn the_query_levels_agree_with_the_rule_when_there_are_no_sponsors(v in any_visibility(), who in any_viewer()) {
            prop_assert_eq!(who.levels().contains(&v), who.may_see(v, &[]));
        }
    }
}
