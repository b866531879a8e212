//! Who is told of what happens to a document, and when a mail that failed is tried again.

use jiff::SignedDuration;

use crate::account::{Account, AccountRole};
use crate::domain::{Id, NotificationKind, StateCode, Visibility};

/// Whether an account is told of this kind of event at all: delegations of everything that asks something of
/// them (a draft to consider, a silence to object under, a deadline); the Secretariat of how a procedure ended.
pub fn concerns(kind: NotificationKind, role: AccountRole) -> bool {
    match kind {
        NotificationKind::DraftCirculated | NotificationKind::SilenceOpened | NotificationKind::DeadlineNear => {
            role == AccountRole::Delegate
        }
        NotificationKind::SilenceBroken | NotificationKind::SilenceConcluded => {
            matches!(role, AccountRole::Delegate | AccountRole::Secretariat)
        }
    }
}

/// The accounts told of an event of `kind` on a document of this visibility and these sponsoring states: every
/// account that is not disabled, is concerned, chose the kind and may see the document — never the one who acted.
pub fn recipients<'a>(
    kind: NotificationKind,
    accounts: &'a [Account],
    visibility: Visibility,
    sponsors: &[StateCode],
    actor: Option<Id>,
) -> Vec<&'a Account> {
    accounts
        .iter()
        .filter(|a| !a.disabled && Some(a.id) != actor)
        .filter(|a| concerns(kind, a.role) && a.notifications.contains(&kind))
        .filter(|a| a.viewer().may_see(visibility, sponsors))
        .collect()
}

/// How many times a mail is tried before it is given up.
pub const MAIL_TRIES: u32 = 8;

/// When a mail that failed `attempts` times (this one included) is tried again: after 1 minute, then 2, 4 …
/// (at most 2 hours apart); after [`MAIL_TRIES`] failures, never.
pub fn retry_after(attempts: u32) -> Option<SignedDuration> {
    if attempts >= MAIL_TRIES {
        return None;
    }
    let minutes = 1i64 << attempts.saturating_sub(1).min(7);
    Some(SignedDuration::from_mins(minutes.min(120)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn account(id: Id, role: AccountRole, state: Option<&str>, head: bool) -> Account {
        Account {
            id,
            username: format!("u{id}"),
            display_name: format!("u{id}"),
            role,
            state: state.map(|s| StateCode::parse(s).unwrap()),
            head_of_delegation: head,
            language: None,
            publisher: None,
            time_zone: None,
            email: None,
            notifications: NotificationKind::ALL.to_vec(),
            disabled: false,
            password_hash: String::new(),
            version: 1,
        }
    }

    fn ids(accounts: Vec<&Account>) -> Vec<Id> {
        accounts.into_iter().map(|a| a.id).collect()
    }

    #[test]
    fn a_circulated_draft_goes_to_the_delegations_that_see_it_and_not_to_the_secretariat() {
        let all = [
            account(1, AccountRole::Secretariat, None, false),
            account(2, AccountRole::Delegate, Some("KZ"), false),
            account(3, AccountRole::Delegate, Some("RU"), true),
            account(4, AccountRole::Press, None, false),
            account(5, AccountRole::Admin, None, false),
        ];
        let kind = NotificationKind::DraftCirculated;
        assert_eq!(ids(recipients(kind, &all, Visibility::Members, &[], Some(1))), [2, 3]);
        // Restricted texts reach heads of delegation only.
        assert_eq!(ids(recipients(kind, &all, Visibility::Restricted, &[], Some(1))), [3]);
        let kz = [StateCode::parse("KZ").unwrap()];
        assert_eq!(ids(recipients(kind, &all, Visibility::Sponsors, &kz, None)), [2]);
    }

    #[test]
    fn the_end_of_a_procedure_is_told_to_the_secretariat_too_but_never_to_who_ended_it() {
        let all =
            [account(1, AccountRole::Secretariat, None, false), account(2, AccountRole::Delegate, Some("KZ"), false)];
        assert_eq!(ids(recipients(NotificationKind::SilenceBroken, &all, Visibility::Public, &[], Some(2))), [1]);
        assert_eq!(ids(recipients(NotificationKind::SilenceConcluded, &all, Visibility::Public, &[], None)), [1, 2]);
    }

    #[test]
    fn an_account_that_chose_otherwise_or_was_disabled_is_told_nothing() {
        let mut chose = account(1, AccountRole::Delegate, Some("KZ"), false);
        chose.notifications = vec![NotificationKind::DeadlineNear];
        let mut disabled = account(2, AccountRole::Delegate, Some("KZ"), false);
        disabled.disabled = true;
        let all = [chose, disabled];
        assert!(recipients(NotificationKind::SilenceOpened, &all, Visibility::Public, &[], None).is_empty());
        assert_eq!(ids(recipients(NotificationKind::DeadlineNear, &all, Visibility::Public, &[], None)), [1]);
    }

    #[test]
    fn a_failed_mail_is_tried_again_later_each_time_and_then_given_up() {
        assert_eq!(retry_after(1), Some(SignedDuration::from_mins(1)));
        assert_eq!(retry_after(2), Some(SignedDuration::from_mins(2)));
        assert_eq!(retry_after(7), Some(SignedDuration::from_mins(64)));
        assert_eq!(retry_after(MAIL_TRIES), None);
    }

    fn role() -> impl Strategy<Value = AccountRole> {
        prop_oneof![
            Just(AccountRole::Admin),
            Just(AccountRole::Secretariat),
            Just(AccountRole::Delegate),
            Just(AccountRole::Press)
        ]
    }

    fn visibility() -> impl Strategy<Value = Visibility> {
        prop_oneof![
            Just(Visibility::Public),
            Just(Visibility::Members),
            Just(Visibility::Restricted),
            Just(Visibility::Sponsors)
        ]
    }

    proptest! {
        #[test]
        fn nobody_is_told_of_a_document_she_may_not_see(
            people in proptest::collection::vec((role(), prop_oneof![Just("KZ"), Just("RU")], any::<bool>()), 0..8),
            v in visibility(),
            sponsor in prop_oneof![Just("KZ"), Just("AM")],
            k in 0..5usize,
        ) {
            let all: Vec<Account> = people
                .iter()
                .enumerate()
                .map(|(i, (r, s, h))| account(i as Id, *r, (*r == AccountRole::Delegate).then_some(*s), *h))
                .collect();
            let sponsors = [StateCode::parse(sponsor).unwrap()];
            for a in recipients(NotificationKind::ALL[k], &all, v, &sponsors, None) {
                prop_assert!(a.viewer().may_see(v, &sponsors));
            }
        }
    }
}
