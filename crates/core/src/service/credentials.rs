//! Who a credential names, kept in memory for a moment: a signed-in reader's request then reads nothing from the
//! database when her page is kept too.
//!
//! What is kept is the account (and the session) that a token's or a session cookie's hash found, with the record's
//! head and the instant it was found. It is given again only while the head has not moved and for at most
//! [`KEPT_FOR`]: a change of the account, a revoked token or a disabled account is an entry of the audit chain, so it
//! counts at once on this instance and within the head's poll on another. Signing out writes no entry: it forgets
//! the session here at once; on another instance the session may answer for up to [`KEPT_FOR`] longer — the bound
//! by which any instance may lag behind another's writes.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use quick_cache::sync::Cache;

use crate::account::{Account, Session};

/// How long a credential's account is given without being read again.
pub const KEPT_FOR: SignedDuration = SignedDuration::from_secs(1);

/// How many credentials are kept at most (the least used go first).
const CAPACITY: usize = 10_000;

#[derive(Debug)]
struct Found {
    account: Account,
    session: Option<Session>,
    head: (i64, String),
    at: Timestamp,
}

/// The credentials found lately, by their hash.
#[derive(Debug)]
pub(super) struct Credentials {
    found: Cache<String, Arc<Found>>,
}

impl Default for Credentials {
    fn default() -> Self {
        Self { found: Cache::new(CAPACITY) }
    }
}

impl Credentials {
    /// The account (and session) found for `hash` while the head was `head`, if still to be trusted at `now`.
    pub(super) fn get(&self, hash: &str, head: &(i64, String), now: Timestamp) -> Option<(Account, Option<Session>)> {
        let found = self.found.get(hash)?;
        let fresh = found.at <= now && now < found.at + KEPT_FOR;
        let unexpired = found.session.as_ref().is_none_or(|s| s.expires_us > now.as_microsecond());
        (fresh && unexpired && &found.head == head).then(|| (found.account.clone(), found.session.clone()))
    }

    /// Keeps what `hash` was found to name, at `now` under `head`.
    pub(super) fn keep(
        &self,
        hash: String,
        account: &Account,
        session: Option<&Session>,
        head: (i64, String),
        at: Timestamp,
    ) {
        let found = Found { account: account.clone(), session: session.cloned(), head, at };
        self.found.insert(hash, Arc::new(found));
    }

    /// Forgets `hash` (a session ended here).
    pub(super) fn forget(&self, hash: &str) {
        self.found.remove(hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountRole;

    fn account() -> Account {
        Account {
            id: 1,
            username: "officer".into(),
            display_name: "Officer".into(),
            role: AccountRole::Secretariat,
            state: None,
            head_of_delegation: false,
            language: None,
            password_hash: String::new(),
            publisher: None,
            time_zone: None,
            email: None,
            notifications: Vec::new(),
            disabled: false,
            version: 1,
        }
    }

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + second).unwrap()
    }

    #[test]
    fn a_credential_is_given_again_only_under_the_same_head_and_within_a_second() {
        let kept = Credentials::default();
        let head = (7, "abc".to_owned());
        kept.keep("h".into(), &account(), None, head.clone(), at(0));
        assert!(kept.get("h", &head, at(0)).is_some());
        assert!(kept.get("h", &head, at(0) + SignedDuration::from_millis(999)).is_some());
        assert!(kept.get("h", &head, at(1)).is_none(), "a second later it is read again");
        assert!(kept.get("h", &(8, "def".to_owned()), at(0)).is_none(), "a write moved the head");
        assert!(kept.get("h", &head, at(-1)).is_none(), "a clock set back trusts nothing kept");
        assert!(kept.get("other", &head, at(0)).is_none());
    }

    #[test]
    fn an_expired_or_forgotten_session_is_never_given() {
        let kept = Credentials::default();
        let head = (7, "abc".to_owned());
        let session = Session {
            token_hash: "s".into(),
            account: 1,
            csrf: "c".into(),
            expires_us: at(0).as_microsecond() + 500_000,
        };
        kept.keep("s".into(), &account(), Some(&session), head.clone(), at(0));
        assert!(kept.get("s", &head, at(0)).is_some());
        assert!(kept.get("s", &head, at(0) + SignedDuration::from_millis(600)).is_none(), "the session expired");
        kept.forget("s");
        assert!(kept.get("s", &head, at(0)).is_none(), "signed out");
    }
}
