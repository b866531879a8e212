//! Transactions and the audit log (`tx.rs`): what a dropped or failed transaction leaves (nothing), one entry per
//! committed change, and concurrent writers.

use super::*;

/// A transaction dropped without commit leaves no record, no account, no agenda change and no audit entry; the
/// audit head is unchanged and the next write links to it.
async fn a_transaction_dropped_without_commit_leaves_nothing(store: SqlStore) {
    seed(&store).await;
    let before = snapshot(&store).await;
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let lavrov = find(&store, Kind::Person, "sergey-lavrov").await;
    {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        let id = tx.insert(&person("ghost", "Ghost")).await.unwrap();
        assert!(tx.get(Kind::Person, id).await.unwrap().is_some(), "the transaction sees its own write");
        tx.update(lavrov.id, lavrov.version, &person("sergey-lavrov", "Changed")).await.unwrap();
        let adopted = AgendaState {
            status: AgendaStatus::Adopted,
            adopted_at: Some(jiff::Timestamp::from_microsecond(1).unwrap()),
            adopted_by: Some("x".into()),
        };
        tx.set_agenda(almaty.id, &adopted, "adopted").await.unwrap();
        let account = tx.insert_account(&new_account("ghost-user", AccountRole::Press, None)).await.unwrap();
        tx.insert_token(account, "ghost", &token_hash("ghost-token"), i64::MAX).await.unwrap();
        assert_eq!(store.find(Kind::Person, "ghost", &Viewer::Secretariat).await.unwrap(), None, "not seen outside");
    }
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(store.find(Kind::Person, "ghost", &Viewer::Secretariat).await.unwrap(), None);
    assert_eq!(store.get(Kind::Person, lavrov.id, &Viewer::Secretariat).await.unwrap(), Some(lavrov));
    assert_eq!(store.agenda(almaty.id).await.unwrap().status, AgendaStatus::Provisional);
    assert_eq!(store.account_by_name("ghost-user").await.unwrap(), None);
    assert_eq!(store.account_by_token(&token_hash("ghost-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(), None);
    // An error in the middle and a drop: the same.
    {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        tx.insert(&person("ghost", "Ghost")).await.unwrap();
        assert!(tx.insert(&person("ghost", "Ghost")).await.is_err());
    }
    assert_eq!(snapshot(&store).await, before);
    // The next committed write follows the head as it was.
    let (seq, hash) = before.head.clone();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&person("real", "Real")).await.unwrap();
    tx.commit().await.unwrap();
    let entries = audit(&store).await;
    let last = entries.last().unwrap();
    assert_eq!((last.seq, last.prev_hash.as_str()), (seq + 1, hash.as_str()));
    assert_eq!(verify(&entries), Ok(u64::try_from(seq + 1).unwrap()));
    assert_eq!(last.occurred_at_us, None, "a write that records no act of its own keeps one instant");
    // An act recorded as having happened long before keeps that instant beside the instant it was written, and
    // the chain covers it.
    let happened: Timestamp = "2020-12-02T07:00:00.000001Z".parse().unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.occurred(happened);
    tx.insert(&person("past", "Past")).await.unwrap();
    tx.commit().await.unwrap();
    let entries = audit(&store).await;
    let last = entries.last().unwrap();
    assert_eq!((last.at_us, last.occurred_at_us), (now().as_microsecond(), Some(happened.as_microsecond())));
    assert_eq!(verify(&entries), Ok(u64::try_from(seq + 2).unwrap()));
}

/// An import whose last record is bad writes nothing at all: not one row in any table, not one audit entry.
async fn an_import_whose_last_record_is_bad_writes_nothing_at_all(store: SqlStore) {
    let app = app(&store);
    app.import(&Actor::system(), &extra_without_references()).await.unwrap();
    let before = snapshot(&store).await;
    assert!(before.rows("state") > 0);

    // The last agenda item names a meeting that does not exist.
    let mut bad = demo();
    bad.agenda_items.push(item("cfm-2099-01-nowhere", 1, Visibility::Public));
    let r = app.import(&Actor::system(), &bad).await;
    assert!(matches!(r, Err(Error::Invalid { code: "unknown_reference", .. })), "{r:?}");
    assert_eq!(snapshot(&store).await, before);

    // The last agenda item names a sitting the meeting does not have.
    let mut bad = demo();
    let mut last = bad.agenda_items.last().unwrap().clone();
    last.number = 13;
    last.sitting = Some(Key::parse("no-such-sitting").unwrap());
    bad.agenda_items.push(last);
    let r = app.import(&Actor::system(), &bad).await;
    assert!(matches!(r, Err(Error::Invalid { code: "unknown_reference", .. })), "{r:?}");
    assert_eq!(snapshot(&store).await, before);

    // The database itself refuses a late record (a second delegation of one state to one meeting).
    let mut bad = demo();
    let dup = bad.delegations[0].clone();
    bad.delegations.push(dup);
    let r = app.import(&Actor::system(), &bad).await;
    assert_eq!(conflict(r).0, "duplicate");
    assert_eq!(snapshot(&store).await, before);

    // The last adopted agenda names an unknown meeting.
    let mut bad = demo();
    bad.adopted_agendas.push(secretariat_core::scenario::AdoptedAgenda {
        meeting: Key::parse("cfm-2099-01-nowhere").unwrap(),
        adopted_at: now(),
    });
    assert!(app.import(&Actor::system(), &bad).await.is_err());
    assert_eq!(snapshot(&store).await, before);

    // And the good file still imports whole afterwards.
    app.import_demo().await.unwrap();
    assert_eq!(all(&store, Kind::AgendaItem).await.len(), demo().agenda_items.len());
    assert_eq!(verify(&audit(&store).await).map(|n| n > 104), Ok(true));
}

/// Only the parts of the extra organisation that refer to nothing of the demo: a state, its cities and a person.
fn extra_without_references() -> Scenario {
    let mut e = extra();
    e.organisations.clear();
    e.posts.clear();
    e.mandates.clear();
    e.memberships.clear();
    e.bodies.clear();
    e.seats.clear();
    e.meetings.clear();
    e.programme.clear();
    e.delegations.clear();
    e.agenda_items.clear();
    e.adopted_agendas.clear();
    e
}

/// Each committed change appends exactly one audit entry (who, when, what, before, after) and the chain verifies.
async fn every_committed_write_appends_one_audit_entry_per_change_and_the_chain_verifies(store: SqlStore) {
    assert_eq!(head(&store).await, (0, GENESIS.to_owned()));
    assert_eq!(audit(&store).await, vec![]);
    let app = app(&store);
    let file = standing_only(&demo());
    let report = app.import(&Actor::system(), &file).await.unwrap();
    let entries = audit(&store).await;
    assert_eq!(entries.len(), report.records);
    let mut expected = Vec::new();
    for kind in Kind::ALL {
        for stored in all(&store, kind).await {
            expected.push((kind.as_str().to_owned(), stored.id, stored.record.to_json()));
        }
    }
    for (i, (e, (entity, id, json))) in entries.iter().zip(&expected).enumerate() {
        assert_eq!(e.seq, i64::try_from(i).unwrap() + 1);
        assert_eq!((e.action.as_str(), e.actor.as_str(), e.at_us), ("created", "system", now().as_microsecond()));
        assert_eq!((&e.entity, e.entity_id), (entity, *id));
        assert_eq!((e.before.as_deref(), e.after.as_deref()), (None, Some(json.as_str())));
    }
    assert_eq!(expected.len(), Kind::ALL.iter().map(|k| records_of(&file, *k).len()).sum::<usize>());
    assert_eq!(verify(&entries), Ok(u64::try_from(entries.len()).unwrap()));
    let last = entries.last().unwrap();
    assert_eq!(head(&store).await, (last.seq, last.hash.clone()));

    // One transaction of five changes of five sorts: five entries, in order.
    let n = entries.len();
    let later: Timestamp = "2018-06-11T09:00:00Z".parse().unwrap();
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let lavrov = find(&store, Kind::Person, "sergey-lavrov").await;
    let items = {
        let mut f = everything(Viewer::Secretariat);
        f.meeting = Some(almaty.id);
        store.list(Kind::AgendaItem, &f).await.unwrap()
    };
    let twelfth = items.last().unwrap().clone();
    let adopted =
        AgendaState { status: AgendaStatus::Adopted, adopted_at: Some(later), adopted_by: Some("officer".into()) };
    let mut tx = store.begin(&officer(), later).await.unwrap();
    tx.update(lavrov.id, 1, &person("sergey-lavrov", "Sergei Lavrov")).await.unwrap();
    tx.delete(Kind::AgendaItem, twelfth.id, 1).await.unwrap();
    tx.set_agenda(almaty.id, &adopted, "adopted").await.unwrap();
    let account = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    let token = tx.insert_token(account, "cli", &token_hash("a-token"), i64::MAX).await.unwrap();
    tx.commit().await.unwrap();
    let entries = audit(&store).await;
    assert_eq!(entries.len(), n + 5);
    let new = &entries[n..];
    let what: Vec<(&str, &str, i64)> =
        new.iter().map(|e| (e.action.as_str(), e.entity.as_str(), e.entity_id)).collect();
    assert_eq!(
        what,
        [
            ("changed", "person", lavrov.id),
            ("deleted", "agenda_item", twelfth.id),
            ("adopted", "agenda", almaty.id),
            ("created", "account", account),
            ("created", "api_token", token),
        ]
    );
    assert!(new.iter().all(|e| e.actor == "officer" && e.at_us == later.as_microsecond()));
    assert_eq!(new[0].before.as_deref(), Some(lavrov.record.to_json().as_str()));
    assert_eq!(new[0].after.as_deref(), Some(person("sergey-lavrov", "Sergei Lavrov").to_json().as_str()));
    assert_eq!((new[1].before.as_deref(), new[1].after.as_deref()), (Some(twelfth.record.to_json().as_str()), None));
    assert_eq!(new[1].scope, format!("meeting:{}", almaty.id));
    assert_eq!(new[2].scope, format!("meeting:{}", almaty.id));
    assert!(new[3].after.as_deref().is_some_and(|a| !a.contains("argon2")), "no password hash in the log");
    assert_eq!(verify(&entries), Ok(u64::try_from(n + 5).unwrap()));
    let last = entries.last().unwrap();
    assert_eq!(head(&store).await, (last.seq, last.hash.clone()));

    // Entries by scope and from an instant on.
    let scope = format!("meeting:{}", almaty.id);
    let of_almaty = store.audit_entries(Some(&scope), None).await.unwrap();
    let expected: Vec<AuditEntry> = entries.iter().filter(|e| e.scope == scope).cloned().collect();
    assert_eq!(of_almaty, expected);
    assert_eq!(
        of_almaty.len(),
        1 + 4 + 6 + 12 + 2,
        "the meeting, its programme, delegations, items, a deletion, the adoption"
    );
    assert_eq!(store.audit_entries(None, Some(later.as_microsecond())).await.unwrap(), new.to_vec());
    assert_eq!(store.audit_entries(Some(&scope), Some(later.as_microsecond())).await.unwrap(), new[1..3].to_vec());
    assert_eq!(store.audit_entries(None, Some(later.as_microsecond() + 1)).await.unwrap(), vec![]);
    let person_scope = format!("person:{}", lavrov.id);
    assert_eq!(store.audit_entries(Some(&person_scope), None).await.unwrap().len(), 2);
}

/// Eight tasks, each writing five people in its own transaction, all at once: every one commits (SQLite's busy
/// timeout and PostgreSQL's row lock serialise them), each transaction's entries stay together, the chain verifies.
async fn concurrent_writers_all_commit_and_the_chain_stays_whole(store: SqlStore) {
    const TASKS: usize = 8;
    const EACH: usize = 5;
    let barrier = Arc::new(tokio::sync::Barrier::new(TASKS));
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let store = store.clone();
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            let actor = Actor {
                account: None,
                name: format!("writer-{t}"),
                role: Some(AccountRole::Secretariat),
                state: None,
                head_of_delegation: false,
                publisher: None,
            };
            barrier.wait().await;
            let mut tx = store.begin(&actor, now()).await?;
            for p in 0..EACH {
                tx.insert(&person(&format!("writer-{t}-person-{p}"), &format!("Person {p} of writer {t}"))).await?;
                tokio::task::yield_now().await;
            }
            tx.commit().await
        }));
    }
    for h in handles {
        h.await.unwrap().unwrap();
    }
    let people = all(&store, Kind::Person).await;
    assert_eq!(people.len(), TASKS * EACH);
    let entries = audit(&store).await;
    assert_eq!(entries.len(), TASKS * EACH);
    assert_eq!(verify(&entries), Ok(u64::try_from(TASKS * EACH).unwrap()));
    for chunk in entries.chunks(EACH) {
        let actor = &chunk[0].actor;
        assert!(chunk.iter().all(|e| &e.actor == actor), "one transaction's entries are not interleaved");
        let keys: Vec<String> = chunk
            .iter()
            .map(|e| serde_json::from_str::<serde_json::Value>(e.after.as_deref().unwrap()).unwrap()["key"].to_string())
            .collect();
        let expected: Vec<String> = (0..EACH).map(|p| format!("\"{actor}-person-{p}\"")).collect();
        assert_eq!(keys, expected);
    }
    let last = entries.last().unwrap();
    assert_eq!(head(&store).await, (i64::try_from(TASKS * EACH).unwrap(), last.hash.clone()));
}

/// Eight tasks each changing the same record at the same version: exactly one wins, the others get a stale
/// version naming the winner's, and the chain verifies.
async fn concurrent_updates_of_one_version_let_exactly_one_win(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&person("sergey-lavrov", "Sergey Lavrov")).await.unwrap();
    tx.commit().await.unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let mut handles = Vec::new();
    for t in 0..8 {
        let store = store.clone();
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut tx = store.begin(&officer(), now()).await?;
            tx.update(id, 1, &person("sergey-lavrov", &format!("Lavrov {t}"))).await?;
            tx.commit().await
        }));
    }
    let mut won = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => won += 1,
            other => assert_eq!(conflict(other), ("stale_version", Some(2))),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(store.get(Kind::Person, id, &Viewer::Secretariat).await.unwrap().unwrap().version, 2);
    let entries = audit(&store).await;
    assert_eq!(verify(&entries), Ok(2));
}

/// "Nothing was written" is judged on every table of the schema as the database reports it, the document half
/// and the throttle included, and sees a change in any one of them.
async fn nothing_was_written_is_judged_on_every_table_the_schema_holds(store: SqlStore) {
    let tables = snapshot::tables(&store).await;
    for table in [
        "state",
        "meeting",
        "agenda",
        "agenda_item",
        "account",
        "session",
        "api_token",
        "audit_head",
        "audit_log",
        "document",
        "document_revision",
        "document_text",
        "position",
        "silence_procedure",
        "silence_received",
        "referral",
        "plan_item",
        "statements_list",
        "proposal",
        "instruction",
        "delivery",
        "signature",
        "sign_in_throttle",
    ] {
        assert!(tables.iter().any(|t| t == table), "`{table}` is among the tables read: {tables:?}");
    }
    app(&store).import_demo().await.unwrap();
    let before = snapshot(&store).await;
    assert_eq!(before.tables.keys().cloned().collect::<Vec<_>>(), tables);
    // A counter outside any transaction and outside the audit log: only the table comparison can see it.
    use secretariat_core::rules::throttle::Counter;
    let counter = Counter { failures: 1, last_failure_us: 1, next_attempt_us: 1 };
    assert!(store.swap_throttle_counter("address:127.0.0.1", None, &counter, 0).await.unwrap());
    let after = snapshot(&store).await;
    assert_ne!(after, before);
    let changed: Vec<&String> = tables.iter().filter(|t| before.tables[*t] != after.tables[*t]).collect();
    assert_eq!(changed, ["sign_in_throttle"]);
    assert_eq!((&after.audit, &after.head), (&before.audit, &before.head));
    // A language version's text, changed in place: one row of `document_text` differs, its count does not.
    let doc = find(&store, Kind::Document, "cfm-2018-inf-statement").await;
    let text = store.document_detail(doc.id).await.unwrap().revisions[0].language_versions[0].clone();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.update_language_version(doc.id, text.id, text.version, "Changed", text.status).await.unwrap();
    tx.commit().await.unwrap();
    let later = snapshot(&store).await;
    assert_eq!(later.rows("document_text"), after.rows("document_text"));
    assert_ne!(later.tables["document_text"], after.tables["document_text"]);
}

/// The log read a page at a time, after any number, is the log read whole; and its verification, which reads it so,
/// counts every entry of the demo's import.
async fn the_audit_log_read_in_pages_is_the_log_read_whole(store: SqlStore) {
    app(&store).import_demo().await.unwrap();
    let whole = store.audit_entries(None, None).await.unwrap();
    assert!(whole.len() > 7, "the demo writes more entries than a page of 7");
    let mut paged = Vec::new();
    loop {
        let after = paged.last().map_or(0, |e: &AuditEntry| e.seq);
        let page = store.audit_page(after, 7).await.unwrap();
        assert!(page.len() <= 7);
        if page.is_empty() {
            break;
        }
        paged.extend(page);
    }
    assert_eq!(paged, whole);
    assert_eq!(store.audit_page(whole.last().unwrap().seq, 7).await.unwrap(), Vec::new(), "nothing after the last");
    assert_eq!(app(&store).verify_audit().await.unwrap(), Ok(whole.len() as u64));
}

checks!(
    a_transaction_dropped_without_commit_leaves_nothing,
    the_audit_log_read_in_pages_is_the_log_read_whole,
    an_import_whose_last_record_is_bad_writes_nothing_at_all,
    every_committed_write_appends_one_audit_entry_per_change_and_the_chain_verifies,
    concurrent_writers_all_commit_and_the_chain_stays_whole,
    concurrent_updates_of_one_version_let_exactly_one_win,
    nothing_was_written_is_judged_on_every_table_the_schema_holds,
);
