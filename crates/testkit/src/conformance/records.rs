//! Records of the standing record: reads by id, key and list, updates and their versions, conflicts (stale,
//! missing, duplicate, in use) and keys that never change (`records.rs`).

use super::*;

/// Each record reads back exactly, at version 1, by id, by natural key, and in id order in lists, from the store
/// and from inside a transaction.
async fn every_record_reads_back_by_id_by_key_and_in_lists_as_it_was_written(store: SqlStore) {
    seed(&store).await;
    let file = merged(demo(), extra());
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for kind in Kind::ALL {
        let listed = all(&store, kind).await;
        let records: Vec<Record> = listed.iter().map(|s| s.record.clone()).collect();
        assert_eq!(records, records_of(&file, kind), "{kind:?} in id order");
        assert!(listed.windows(2).all(|w| w[0].id < w[1].id), "{kind:?} ids ascend");
        assert_eq!(tx.list(kind, &everything(Viewer::Secretariat)).await.unwrap(), listed, "{kind:?} in the tx");
        for stored in &listed {
            assert_eq!(stored.version, 1);
            assert_eq!(stored.record.kind(), kind);
            let got = store.get(kind, stored.id, &Viewer::Secretariat).await.unwrap();
            assert_eq!(got.as_ref(), Some(stored), "{kind:?} {} by id", stored.id);
            assert_eq!(tx.get(kind, stored.id).await.unwrap().as_ref(), Some(stored));
            // The store finds every record by its identity, the key other records name it by.
            match stored.record.identity() {
                Some(key) => {
                    assert_eq!(store.find(kind, &key, &Viewer::Secretariat).await.unwrap().as_ref(), Some(stored));
                    assert_eq!(tx.find(kind, &key).await.unwrap().as_ref(), Some(stored));
                }
                None => assert_eq!(store.find(kind, "anything", &Viewer::Secretariat).await.unwrap(), None),
            }
        }
    }
    drop(tx);
    let missing = all(&store, Kind::Person).await.iter().map(|s| s.id).max().unwrap() + 1000;
    assert_eq!(store.get(Kind::Person, missing, &Viewer::Secretariat).await.unwrap(), None);
    assert_eq!(store.find(Kind::Person, "nobody-at-all", &Viewer::Secretariat).await.unwrap(), None);
    assert_eq!(store.find(Kind::Body, "CFM", &Viewer::Secretariat).await.unwrap(), None, "a body's key is ORG/BODY");
    // The same code in two organisations is two bodies.
    let csto = find(&store, Kind::Body, "CSTO/CFM").await;
    let sco = find(&store, Kind::Body, "SCO/CFM").await;
    assert_ne!(csto.id, sco.id);
}

/// Records found by many keys inside a transaction are those its finds one by one give, in id order, with a record
/// written earlier in the same transaction among them and unknown keys left out.
async fn records_found_by_many_keys_in_a_transaction_are_those_found_one_by_one_in_id_order(store: SqlStore) {
    seed(&store).await;
    let documents = all(&store, Kind::Document).await;
    assert!(documents.len() > 1, "the demo has documents");
    let Record::Document(mut copy) = documents[0].record.clone() else { panic!("not a document") };
    copy.key = Key::parse("conformance-found-together").unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&Record::Document(copy)).await.unwrap();
    let mut keys: Vec<String> = documents.iter().rev().filter_map(|s| s.record.identity()).collect();
    keys.push("no-such-document".to_owned());
    keys.push("conformance-found-together".to_owned());
    keys.push(keys[0].clone());
    let found = tx.find_many(Kind::Document, &keys).await.unwrap();
    let mut one_by_one = Vec::new();
    for key in &keys[..keys.len() - 1] {
        one_by_one.extend(tx.find(Kind::Document, key).await.unwrap());
    }
    one_by_one.sort_by_key(|s| s.id);
    assert_eq!(found, one_by_one);
    assert_eq!(found.len(), documents.len() + 1, "every document once, the one written here too");
    assert_eq!(found.last().map(|s| s.id), Some(id));
    assert_eq!(tx.find_many(Kind::Document, &[]).await.unwrap(), []);
}

/// An update replaces the whole record and bumps its version by one.
async fn an_update_replaces_the_record_and_bumps_its_version(store: SqlStore) {
    seed(&store).await;
    let meeting = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let Record::Meeting(mut m) = meeting.record.clone() else { panic!("not a meeting") };
    m.status = MeetingStatus::Postponed;
    m.chair = Some(Key::parse("sergey-lavrov").unwrap());
    m.joint_with = vec![Code::parse("CSC").unwrap()];
    m.city = Key::parse("astana").unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(meeting.id, 1, &Record::Meeting(m.clone())).await.unwrap(), 2);
    tx.commit().await.unwrap();
    let after = store.get(Kind::Meeting, meeting.id, &Viewer::Secretariat).await.unwrap().unwrap();
    assert_eq!(after, Stored { id: meeting.id, version: 2, record: Record::Meeting(m.clone()) });
    // And back: optional fields cleared.
    m.chair = None;
    m.joint_with = vec![];
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(meeting.id, 2, &Record::Meeting(m.clone())).await.unwrap(), 3);
    tx.commit().await.unwrap();
    let after = store.get(Kind::Meeting, meeting.id, &Viewer::Secretariat).await.unwrap().unwrap();
    assert_eq!(after, Stored { id: meeting.id, version: 3, record: Record::Meeting(m) });
}

/// An update or a delete at an old version is refused with the current version, and changes nothing.
async fn a_stale_version_is_refused_with_the_current_one(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&person("sergey-lavrov", "Sergey Lavrov")).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(id, 1, &person("sergey-lavrov", "Sergei Lavrov")).await.unwrap(), 2);
    tx.commit().await.unwrap();
    let before = snapshot(&store).await;

    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(conflict(tx.update(id, 1, &person("sergey-lavrov", "S. Lavrov")).await), ("stale_version", Some(2)));
    drop(tx);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(conflict(tx.update(id, 3, &person("sergey-lavrov", "S. Lavrov")).await), ("stale_version", Some(2)));
    drop(tx);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(conflict(tx.delete(Kind::Person, id, 1).await), ("stale_version", Some(2)));
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
    let stored = store.get(Kind::Person, id, &Viewer::Secretariat).await.unwrap().unwrap();
    assert_eq!(stored, Stored { id, version: 2, record: person("sergey-lavrov", "Sergei Lavrov") });

    // Within one transaction the version moves on with each write.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(id, 2, &person("sergey-lavrov", "Lavrov")).await.unwrap(), 3);
    assert_eq!(conflict(tx.update(id, 2, &person("sergey-lavrov", "Lavrov!")).await), ("stale_version", Some(3)));
}

/// An update or a delete of an id that does not exist is `NotFound`, and changes nothing.
async fn an_update_or_delete_of_a_missing_id_is_not_found(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&person("sergey-lavrov", "Sergey Lavrov")).await.unwrap();
    tx.commit().await.unwrap();
    let before = snapshot(&store).await;
    let missing = id + 1000;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r = tx.update(missing, 1, &person("nobody", "Nobody")).await;
    assert!(matches!(r, Err(Error::NotFound { .. })), "update: {r:?}");
    drop(tx);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r = tx.delete(Kind::Person, missing, 1).await;
    assert!(matches!(r, Err(Error::NotFound { .. })), "delete: {r:?}");
    drop(tx);
    // An id of another kind is not found either.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r = tx.update(id, 1, &state("KZ", "Kazakhstan")).await;
    assert!(matches!(r, Err(Error::NotFound { .. })), "a person's id as a state's: {r:?}");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// A second record with the same code or key is refused as `duplicate`, and nothing is written.
async fn a_duplicate_code_or_key_is_refused_as_duplicate(store: SqlStore) {
    seed(&store).await;
    let before = snapshot(&store).await;
    let dupes = [
        state("KZ", "Kazakhstan again"),
        person("sergey-lavrov", "Another Lavrov"),
        find(&store, Kind::Organisation, "CSTO").await.record,
        find(&store, Kind::Body, "CSTO/CFM").await.record,
        find(&store, Kind::Meeting, "cfm-2018-06-almaty").await.record,
        find(&store, Kind::Post, "foreign-minister-kz").await.record,
        find(&store, Kind::City, "almaty").await.record,
        all(&store, Kind::Delegation).await[0].record.clone(),
        all(&store, Kind::ProgrammeEvent).await[0].record.clone(),
    ];
    for record in &dupes {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        assert_eq!(conflict(tx.insert(record).await).0, "duplicate", "{record:?}");
    }
    // Renaming a record onto another's key is refused before it could be a duplicate: codes never change.
    let kz = find(&store, Kind::State, "KZ").await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(kz.id, kz.version, &state("RU", "Russia")).await.unwrap_err().code(), "key_immutable");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
    // The same body code in another organisation is no duplicate.
    let Record::Body(mut body) = find(&store, Kind::Body, "CSTO/PC").await.record else { panic!("not a body") };
    body.organisation = Code::parse("SCO").unwrap();
    body.parents = vec![];
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&Record::Body(body)).await.unwrap();
    tx.commit().await.unwrap();
}

/// Deleting a record that others refer to is refused as `in_use`; the record, its version, every table and the
/// audit log stay as they were. An unreferenced record deletes.
async fn deleting_a_referenced_record_is_refused_as_in_use_and_changes_nothing(store: SqlStore) {
    seed(&store).await;
    let before = snapshot(&store).await;
    let targets = [
        (Kind::State, "KZ"),
        (Kind::Person, "sergey-lavrov"),
        (Kind::Organisation, "CSTO"),
        (Kind::Body, "CSTO/CSC"),
        (Kind::Meeting, "cfm-2018-06-almaty"),
        (Kind::City, "almaty"),
        (Kind::Post, "foreign-minister-ru"),
    ];
    for (kind, key) in targets {
        let stored = find(&store, kind, key).await;
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        assert_eq!(conflict(tx.delete(kind, stored.id, stored.version).await), ("in_use", None), "{key}");
        drop(tx);
        assert_eq!(
            store.get(kind, stored.id, &Viewer::Secretariat).await.unwrap(),
            Some(stored),
            "{key} is still there"
        );
    }
    assert_eq!(snapshot(&store).await, before);
    // A record nothing refers to goes, with one audit entry.
    let minsk = find(&store, Kind::Meeting, "csc-2017-11-minsk").await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.delete(Kind::Meeting, minsk.id, minsk.version).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.get(Kind::Meeting, minsk.id, &Viewer::Secretariat).await.unwrap(), None);
    let entries = audit(&store).await;
    assert_eq!(entries.len(), before.audit.len() + 1);
    let last = entries.last().unwrap();
    assert_eq!((last.action.as_str(), last.entity.as_str(), last.entity_id), ("deleted", "meeting", minsk.id));
    assert_eq!(last.before.as_deref(), Some(minsk.record.to_json().as_str()));
    assert_eq!(last.after, None);
}

/// Some references are kept by key rather than by row id: an agenda item's sitting, a delegation's members, a
/// joint meeting's other bodies. Deleting what they name must be refused as `in_use` like any other reference,
/// or the record would name something that no longer exists (and its export would no longer import).
async fn deleting_a_record_referred_to_by_key_is_refused_as_in_use(store: SqlStore) {
    seed(&store).await;
    // A person who is only a member of a delegation, and a body that only meets jointly.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&person("aide-kz", "An aide")).await.unwrap();
    let delegations = all(&store, Kind::Delegation).await;
    let almaty_kz = |d: &&Stored<Record>| match &d.record {
        Record::Delegation(x) => x.meeting.as_str() == "cfm-2018-06-almaty" && x.state.as_str() == "KZ",
        _ => false,
    };
    let delegation = delegations.iter().find(almaty_kz).unwrap();
    let Record::Delegation(mut d) = delegation.record.clone() else { panic!("not a delegation") };
    d.members.push(Key::parse("aide-kz").unwrap());
    tx.update(delegation.id, delegation.version, &Record::Delegation(d)).await.unwrap();
    let qingdao = find(&store, Kind::Meeting, "sco-hsc-2018-06-qingdao").await;
    let Record::Meeting(mut m) = qingdao.record.clone() else { panic!("not a meeting") };
    let mut joint = find(&store, Kind::Body, "SCO/CFM").await.record;
    if let Record::Body(b) = &mut joint {
        b.code = Code::parse("RATS").unwrap();
        b.parents = vec![];
    }
    tx.insert(&joint).await.unwrap();
    m.joint_with = vec![Code::parse("RATS").unwrap()];
    tx.update(qingdao.id, qingdao.version, &Record::Meeting(m)).await.unwrap();
    tx.commit().await.unwrap();

    let before = snapshot(&store).await;
    let beijing = find(&store, Kind::Meeting, "sco-cfm-2018-04-beijing").await;
    let mut f = everything(Viewer::Secretariat);
    f.meeting = Some(beijing.id);
    let plenary = store
        .list(Kind::ProgrammeEvent, &f)
        .await
        .unwrap()
        .into_iter()
        .find(|e| matches!(&e.record, Record::ProgrammeEvent(x) if x.key.as_str() == "plenary"))
        .unwrap();
    let targets = [
        ("the sitting agenda item 1 is taken in", plenary),
        ("a member of the KZ delegation", find(&store, Kind::Person, "aide-kz").await),
        ("the other body of the joint meeting", find(&store, Kind::Body, "SCO/RATS").await),
    ];
    let mut not_refused = Vec::new();
    for (what, stored) in targets {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        match tx.delete(stored.record.kind(), stored.id, stored.version).await {
            Err(Error::Conflict { code: "in_use", .. }) => {}
            other => not_refused.push(format!("{what}: {other:?}")),
        }
        // Dropped: whatever the answer, nothing is committed here.
    }
    assert_eq!(snapshot(&store).await, before);
    assert!(not_refused.is_empty(), "deletes that were not refused as in_use: {not_refused:?}");
}

/// Codes and keys name records across the store (in foreign keys and inside JSON lists), so a record's code or key
/// never changes: a rename is refused and nothing changes; names change over time instead.
async fn renaming_a_record_is_refused_so_that_every_reference_stays_whole(store: SqlStore) {
    seed(&store).await;
    let alimov = find(&store, Kind::Person, "rashid-alimov").await;
    let beijing = find(&store, Kind::Meeting, "sco-cfm-2018-04-beijing").await;
    let mut f = everything(Viewer::Secretariat);
    f.meeting = Some(beijing.id);
    let plenary = store
        .list(Kind::ProgrammeEvent, &f)
        .await
        .unwrap()
        .into_iter()
        .find(|e| matches!(&e.record, Record::ProgrammeEvent(x) if x.key.as_str() == "plenary"))
        .unwrap();
    let Record::ProgrammeEvent(mut renamed_sitting) = plenary.record.clone() else { panic!("not an event") };
    renamed_sitting.key = Key::parse("plenary-sitting").unwrap();
    let sco_cfm = find(&store, Kind::Body, "SCO/CFM").await;
    let Record::Body(mut renamed_body) = sco_cfm.record.clone() else { panic!("not a body") };
    renamed_body.code = Code::parse("CMFA").unwrap();
    let renames: [(&Stored<Record>, Record); 3] = [
        (&alimov, person("alimov", "Rashid Alimov")),
        (&plenary, Record::ProgrammeEvent(renamed_sitting)),
        (&sco_cfm, Record::Body(renamed_body)),
    ];
    for (stored, renamed) in renames {
        let before = snapshot(&store).await;
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        let err = tx.update(stored.id, stored.version, &renamed).await.unwrap_err();
        assert_eq!(err.code(), "key_immutable", "{renamed:?}");
        drop(tx);
        assert_eq!(snapshot(&store).await, before, "a refused rename changes nothing");
    }
}

/// A deleted record's id is never given to another: the audit log, change logs and links name records by id, so a
/// reused id would mix two records' histories (and the engines would differ: DESIGN §4, "two engines, one
/// behaviour").
async fn the_id_of_a_deleted_record_is_never_given_to_another(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&person("first", "First")).await.unwrap();
    let gone = tx.insert(&person("gone", "Gone")).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.delete(Kind::Person, gone, 1).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let next = tx.insert(&person("next", "Next")).await.unwrap();
    tx.commit().await.unwrap();
    assert_ne!(next, gone, "the id of the deleted person was given to another");
    let history: Vec<String> = audit(&store)
        .await
        .into_iter()
        .filter(|e| e.entity == "person" && e.entity_id == next)
        .map(|e| e.action)
        .collect();
    assert_eq!(history, ["created"], "the new person's history is its own");
}

/// Every kind of the kind table, a kind added later included: its example, written after the demo in import
/// order, reads back by id and by its identity, and deleted in reverse order is gone.
async fn every_kinds_example_is_written_read_back_by_id_and_identity_and_deleted(store: SqlStore) {
    app(&store).import_demo().await.unwrap();
    let mut written = Vec::new();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for kind in Kind::ALL {
        let record = Record::parse(kind, Record::example(kind, 1)).unwrap();
        let id = tx.insert(&record).await.unwrap_or_else(|e| panic!("the example of {kind:?}: {e:?}"));
        written.push(Stored { id, version: 1, record });
    }
    tx.commit().await.unwrap();
    for stored in &written {
        let kind = stored.record.kind();
        assert_eq!(store.get(kind, stored.id, &Viewer::Secretariat).await.unwrap().as_ref(), Some(stored));
        if let Some(key) = stored.record.identity() {
            assert_eq!(&find(&store, kind, &key).await, stored, "{kind:?} by `{key}`");
        }
    }
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for stored in written.iter().rev() {
        tx.delete(stored.record.kind(), stored.id, 1).await.unwrap();
    }
    tx.commit().await.unwrap();
    for stored in &written {
        assert_eq!(store.get(stored.record.kind(), stored.id, &Viewer::Secretariat).await.unwrap(), None);
    }
}

checks!(
    every_record_reads_back_by_id_by_key_and_in_lists_as_it_was_written,
    records_found_by_many_keys_in_a_transaction_are_those_found_one_by_one_in_id_order,
    an_update_replaces_the_record_and_bumps_its_version,
    a_stale_version_is_refused_with_the_current_one,
    an_update_or_delete_of_a_missing_id_is_not_found,
    a_duplicate_code_or_key_is_refused_as_duplicate,
    deleting_a_referenced_record_is_refused_as_in_use_and_changes_nothing,
    deleting_a_record_referred_to_by_key_is_refused_as_in_use,
    renaming_a_record_is_refused_so_that_every_reference_stays_whole,
    the_id_of_a_deleted_record_is_never_given_to_another,
    every_kinds_example_is_written_read_back_by_id_and_identity_and_deleted,
);
