//! Accounts, sessions, API tokens and sign-in throttle counters (`accounts.rs`).

use super::*;

/// An account reads back by name exactly; a second account of the same name is a duplicate.
async fn an_account_reads_back_by_name_and_a_second_of_the_same_name_is_a_duplicate(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let new = new_account("delegate-ru", AccountRole::Delegate, Some("RU"));
    let id = tx.insert_account(&new).await.unwrap();
    let press = tx.insert_account(&new_account("press", AccountRole::Press, None)).await.unwrap();
    assert_ne!(id, press);
    tx.commit().await.unwrap();
    let account = store.account_by_name("delegate-ru").await.unwrap().unwrap();
    assert_eq!(
        account,
        Account {
            id,
            username: new.username.clone(),
            display_name: new.display_name.clone(),
            role: AccountRole::Delegate,
            state: Some(StateCode::parse("RU").unwrap()),
            head_of_delegation: true,
            language: None,
            time_zone: None,
            email: None,
            notifications: NotificationKind::ALL.to_vec(),
            disabled: false,
            password_hash: new.password_hash.clone(),
            publisher: None,
            version: 1,
        }
    );
    assert_eq!(account.viewer(), delegate("RU", true));
    let p = store.account_by_name("press").await.unwrap().unwrap();
    assert_eq!((p.id, p.role, p.state, p.head_of_delegation), (press, AccountRole::Press, None, false));
    assert_eq!(store.account_by_name("nobody").await.unwrap(), None);
    assert_eq!(store.account_by_name("DELEGATE-RU").await.unwrap(), None, "names are exact");
    let before = snapshot(&store).await;
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    assert_eq!(conflict(tx.insert_account(&new).await).0, "duplicate");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// A session is found by its token hash until it expires, never after, and not once deleted.
async fn a_session_is_found_until_it_expires_or_is_deleted(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let id = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    tx.commit().await.unwrap();
    let account = store.account_by_name("officer").await.unwrap().unwrap();
    // Sessions are created at the real time (the store sweeps those already expired by the wall clock).
    let real_now = Timestamp::now();
    let expires_us = real_now.as_microsecond() + 3_600_000_000;
    let session =
        Session { token_hash: token_hash("session-token"), account: id, csrf: "csrf-token".into(), expires_us };
    store.create_session(&session, real_now).await.unwrap();
    let other = Session { token_hash: token_hash("other-token"), account: id, csrf: "other-csrf".into(), expires_us };
    store.create_session(&other, real_now).await.unwrap();

    assert_eq!(store.session(&session.token_hash, real_now).await.unwrap(), Some((account.clone(), session.clone())));
    let just_before = Timestamp::from_microsecond(expires_us - 1).unwrap();
    assert_eq!(
        store.session(&session.token_hash, just_before).await.unwrap(),
        Some((account.clone(), session.clone()))
    );
    let at_expiry = Timestamp::from_microsecond(expires_us).unwrap();
    assert_eq!(store.session(&session.token_hash, at_expiry).await.unwrap(), None, "expired at its instant");
    let later = Timestamp::from_microsecond(expires_us + 86_400_000_000).unwrap();
    assert_eq!(store.session(&session.token_hash, later).await.unwrap(), None);
    assert_eq!(store.session(&token_hash("unknown"), real_now).await.unwrap(), None);
    assert_eq!(store.session("session-token", real_now).await.unwrap(), None, "found by hash, not by token");

    store.delete_session(&session.token_hash).await.unwrap();
    assert_eq!(store.session(&session.token_hash, real_now).await.unwrap(), None);
    store.delete_session(&session.token_hash).await.unwrap();
    assert_eq!(
        store.session(&other.token_hash, real_now).await.unwrap(),
        Some((account.clone(), other)),
        "others live"
    );

    // A session that has already expired is never returned.
    let stale = Session {
        token_hash: token_hash("stale-token"),
        account: id,
        csrf: "stale".into(),
        expires_us: real_now.as_microsecond() - 1,
    };
    store.create_session(&stale, real_now).await.unwrap();
    assert_eq!(store.session(&stale.token_hash, real_now).await.unwrap(), None);
    assert_eq!(store.session(&stale.token_hash, Timestamp::now()).await.unwrap(), None);
}

/// An API token's hash finds its account; an unknown token finds nothing; a hash is stored once.
async fn an_api_token_finds_its_account_by_hash(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let kz = tx.insert_account(&new_account("delegate-kz", AccountRole::Delegate, Some("KZ"))).await.unwrap();
    let officer = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    tx.insert_token(kz, "cli", &token_hash("kz-token"), i64::MAX).await.unwrap();
    tx.insert_token(kz, "second", &token_hash("kz-token-2"), i64::MAX).await.unwrap();
    tx.insert_token(officer, "cli", &token_hash("officer-token"), i64::MAX).await.unwrap();
    assert_eq!(
        store.account_by_token(&token_hash("kz-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        None,
        "not before commit"
    );
    tx.commit().await.unwrap();
    let account = store.account_by_name("delegate-kz").await.unwrap().unwrap();
    assert_eq!(
        store.account_by_token(&token_hash("kz-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        Some(account.clone())
    );
    assert_eq!(
        store.account_by_token(&token_hash("kz-token-2"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        Some(account)
    );
    assert_eq!(
        store.account_by_token(&token_hash("officer-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap().map(|a| a.id),
        Some(officer)
    );
    assert_eq!(store.account_by_token(&token_hash("unknown"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(), None);
    assert_eq!(
        store.account_by_token("kz-token", jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        None,
        "found by hash, not by token"
    );
    let before = snapshot(&store).await;
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    assert_eq!(conflict(tx.insert_token(officer, "again", &token_hash("kz-token"), i64::MAX).await).0, "duplicate");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// The store ends sessions by the caller's clock (`session(…, now)`), so creating a session must not end another
/// that is still live by that clock (the clock is injected: DESIGN §4, "Time").
async fn a_new_session_never_ends_one_that_is_live_by_the_callers_clock(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let id = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    tx.commit().await.unwrap();
    let account = store.account_by_name("officer").await.unwrap().unwrap();
    // As `Secretariat::sign_in` does under a test clock: twelve hours from the clock's now.
    let expires_us = now().as_microsecond() + 12 * 3_600_000_000;
    let first = Session { token_hash: token_hash("first"), account: id, csrf: "a".into(), expires_us };
    store.create_session(&first, now()).await.unwrap();
    let an_hour_later = Timestamp::from_microsecond(now().as_microsecond() + 3_600_000_000).unwrap();
    assert_eq!(store.session(&first.token_hash, an_hour_later).await.unwrap(), Some((account.clone(), first.clone())));
    let second = Session { token_hash: token_hash("second"), account: id, csrf: "b".into(), expires_us };
    store.create_session(&second, an_hour_later).await.unwrap();
    assert_eq!(
        store.session(&first.token_hash, an_hour_later).await.unwrap(),
        Some((account.clone(), first)),
        "the first session is still live an hour after the clock's now, whatever the wall clock says"
    );
    assert_eq!(store.session(&second.token_hash, an_hour_later).await.unwrap(), Some((account, second)));
}

/// A sign-in throttle counter is replaced only while it is still the one read, so that concurrent attempts cannot
/// both count from the same value; a new counter sweeps away the long-quiet ones.
async fn a_throttle_counter_is_replaced_only_while_it_is_the_one_read(store: SqlStore) {
    use secretariat_core::rules::throttle::Counter;
    let c = |failures, at| Counter { failures, last_failure_us: at, next_attempt_us: at };
    let key = "account:127.0.0.1:officer";
    assert_eq!(store.throttle_counter(key).await.unwrap(), None);
    assert!(store.swap_throttle_counter(key, None, &c(1, 100), 0).await.unwrap());
    assert!(!store.swap_throttle_counter(key, None, &c(1, 101), 0).await.unwrap(), "a second first counter loses");
    assert!(store.swap_throttle_counter(key, Some(&c(1, 100)), &c(2, 200), 0).await.unwrap());
    assert!(!store.swap_throttle_counter(key, Some(&c(1, 100)), &c(2, 201), 0).await.unwrap(), "a stale read loses");
    assert_eq!(store.throttle_counter(key).await.unwrap(), Some(c(2, 200)));
    assert!(store.swap_throttle_counter("address:10.0.0.1", None, &c(1, 5_000), 1_000).await.unwrap());
    assert_eq!(store.throttle_counter(key).await.unwrap(), None, "quiet since before 1,000 µs: swept");
    store.delete_throttle_counter("address:10.0.0.1").await.unwrap();
    assert_eq!(store.throttle_counter("address:10.0.0.1").await.unwrap(), None);
}

/// A token finds its account only until it expires or is revoked; revoking writes an audit entry and keeps the row.
async fn an_expired_or_revoked_token_finds_no_account_and_stays_listed(store: SqlStore) {
    let at = now();
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    let kz = tx.insert_account(&new_account("delegate-kz", AccountRole::Delegate, Some("KZ"))).await.unwrap();
    let expires = at.as_microsecond() + 1_000_000;
    let short = tx.insert_token(kz, "short", &token_hash("short-token"), expires).await.unwrap();
    let revoked = tx.insert_token(kz, "revoked", &token_hash("revoked-token"), i64::MAX).await.unwrap();
    tx.commit().await.unwrap();
    let found = |token: &'static str, when: Timestamp| {
        let store = store.clone();
        async move { store.account_by_token(&token_hash(token), when).await.unwrap().map(|a| a.id) }
    };
    assert_eq!(found("short-token", at).await, Some(kz));
    assert_eq!(found("short-token", Timestamp::from_microsecond(expires).unwrap()).await, None, "expired");
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    tx.revoke_token(revoked).await.unwrap();
    assert_eq!(tx.revoke_token(999_999).await.unwrap_err().code(), "not_found");
    drop(tx);
    assert_eq!(found("revoked-token", at).await, Some(kz), "a rolled-back revocation revokes nothing");
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    tx.revoke_token(revoked).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(found("revoked-token", at).await, None);
    let listed = store.tokens(Some(kz)).await.unwrap();
    assert_eq!(
        listed.iter().map(|t| (t.id, t.revoked_at.is_some())).collect::<Vec<_>>(),
        [(short, false), (revoked, true)]
    );
    assert_eq!(store.tokens(Some(kz + 1000)).await.unwrap(), []);
    assert_eq!(
        audit(&store).await.last().map(|e| (e.action.clone(), e.entity.clone())),
        Some(("revoked".into(), "api_token".into()))
    );
}

/// Tokens list in id order, of one account or of everyone, with their account, name and instants (RFC 3339);
/// a token for an account that does not exist is refused as `in_use` (a reference to nothing) and writes nothing.
async fn tokens_list_in_id_order_of_one_account_or_of_all(store: SqlStore) {
    let at = now();
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    let kz = tx.insert_account(&new_account("delegate-kz", AccountRole::Delegate, Some("KZ"))).await.unwrap();
    let ru = tx.insert_account(&new_account("delegate-ru", AccountRole::Delegate, Some("RU"))).await.unwrap();
    let expires = at.as_microsecond() + 86_400_000_000;
    let a = tx.insert_token(kz, "first", &token_hash("a"), expires).await.unwrap();
    let b = tx.insert_token(ru, "second", &token_hash("b"), expires).await.unwrap();
    let c = tx.insert_token(kz, "third", &token_hash("c"), expires).await.unwrap();
    tx.commit().await.unwrap();
    let shape = |tokens: Vec<secretariat_core::account::ApiToken>| {
        tokens.into_iter().map(|t| (t.id, t.account, t.username, t.name, t.revoked_at)).collect::<Vec<_>>()
    };
    let row = |id, account, user: &str, name: &str| (id, account, user.to_owned(), name.to_owned(), None);
    assert_eq!(
        shape(store.tokens(None).await.unwrap()),
        [row(a, kz, "delegate-kz", "first"), row(b, ru, "delegate-ru", "second"), row(c, kz, "delegate-kz", "third")]
    );
    assert_eq!(
        shape(store.tokens(Some(kz)).await.unwrap()),
        [row(a, kz, "delegate-kz", "first"), row(c, kz, "delegate-kz", "third")]
    );
    let first = store.tokens(Some(kz)).await.unwrap().remove(0);
    let instant = |s: &str| s.parse::<Timestamp>().unwrap().as_microsecond();
    assert_eq!((instant(&first.created_at), instant(&first.expires_at)), (at.as_microsecond(), expires));
    let before = snapshot(&store).await;
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    assert_eq!(conflict(tx.insert_token(ru + 1000, "orphan", &token_hash("d"), expires).await).0, "in_use");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// Eight sign-in attempts counting from the same counter at once: exactly one replaces it, so no failure is lost
/// to a race and none is counted twice.
async fn concurrent_swaps_of_one_throttle_counter_let_exactly_one_win(store: SqlStore) {
    use secretariat_core::rules::throttle::Counter;
    let key = "account:127.0.0.1:officer";
    let read = Counter { failures: 3, last_failure_us: 100, next_attempt_us: 200 };
    assert!(store.swap_throttle_counter(key, None, &read, 0).await.unwrap());
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let mut handles = Vec::new();
    for t in 0..8 {
        let (store, barrier, read) = (store.clone(), barrier.clone(), read);
        handles.push(tokio::spawn(async move {
            let new = Counter { failures: 4, last_failure_us: 300 + t, next_attempt_us: 400 };
            barrier.wait().await;
            store.swap_throttle_counter(key, Some(&read), &new, 0).await.map(|won| won.then_some(new))
        }));
    }
    let mut winners = Vec::new();
    for h in handles {
        winners.extend(h.await.unwrap().unwrap());
    }
    assert_eq!(winners.len(), 1, "exactly one swap won: {winners:?}");
    assert_eq!(store.throttle_counter(key).await.unwrap(), winners.pop());
}

checks!(
    an_account_reads_back_by_name_and_a_second_of_the_same_name_is_a_duplicate,
    a_session_is_found_until_it_expires_or_is_deleted,
    an_api_token_finds_its_account_by_hash,
    a_new_session_never_ends_one_that_is_live_by_the_callers_clock,
    a_throttle_counter_is_replaced_only_while_it_is_the_one_read,
    an_expired_or_revoked_token_finds_no_account_and_stays_listed,
    tokens_list_in_id_order_of_one_account_or_of_all,
    concurrent_swaps_of_one_throttle_counter_let_exactly_one_win,
);
