//! The document half of the Store (`documents.rs`): state and series numbers, revisions and language versions,
//! positions, and the agenda items that carry a document. Silence procedures and referrals are in `silence.rs`.

use secretariat_core::domain::{DocumentStatus, Position};
use secretariat_core::store::{DocumentState, LanguageVersion, RecordedPosition, Revision};

use super::*;

/// Imports the demo and adds one fresh draft document of its own (a copy of the roadmap under a new key), so that
/// each check starts from a document nothing else has touched. Returns the document's id.
pub(super) async fn fresh_document(store: &SqlStore) -> Id {
    app(store).import_demo().await.unwrap();
    let Record::Document(mut d) = find(store, Kind::Document, "cfm-2018-peacekeeping-roadmap").await.record else {
        panic!("not a document")
    };
    d.key = Key::parse("conformance-draft").unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&Record::Document(d)).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// The last `n` audit entries as (action, entity, entity id, scope).
pub(super) async fn last_entries(store: &SqlStore, n: usize) -> Vec<(String, String, Id, String)> {
    let entries = audit(store).await;
    assert_eq!(verify(&entries), Ok(u64::try_from(entries.len()).unwrap()), "the chain verifies");
    entries[entries.len() - n..]
        .iter()
        .map(|e| (e.action.clone(), e.entity.clone(), e.entity_id, e.scope.clone()))
        .collect()
}

fn entry(action: &str, entity: &str, id: Id, scope: &str) -> (String, String, Id, String) {
    (action.to_owned(), entity.to_owned(), id, scope.to_owned())
}

/// A revision as (id, number, created at, by, its versions as (language, status, text, version)).
type RevisionShape<'a> = (Id, u32, Timestamp, &'a str, Vec<(&'a str, VersionStatus, &'a str, i64)>);

fn version(language: &str, status: VersionStatus, text: &str) -> LanguageVersion {
    LanguageVersion { id: 0, version: 0, language: Lang::parse(language).unwrap(), status, text: text.to_owned() }
}

fn revision(number: u32, language_versions: Vec<LanguageVersion>) -> Revision {
    Revision {
        id: 0,
        number,
        created_at: instant(now().as_microsecond() + i64::from(number)),
        created_by: "officer".into(),
        language_versions,
    }
}

/// A new document is a draft with no symbol; a state set reads back exactly from the store and from inside the
/// transaction, its series number is taken, and the change appends one `document_state` entry with both states.
async fn a_document_state_and_its_series_number_read_back_and_append_one_entry(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let draft = store.document_state(doc).await.unwrap();
    let nothing_yet = DocumentState {
        status: DocumentStatus::Draft,
        symbol: None,
        series: None,
        outcome: None,
        circulated_at: None,
        agreed_at: None,
        steps: vec![],
    };
    assert_eq!(draft, nothing_yet);
    let numbered = DocumentState {
        status: DocumentStatus::Adopted,
        symbol: Some("TEST/CFM/2018/RM/7".into()),
        series: Some(("TEST/CFM/2018/RM".into(), 7)),
        outcome: Some(Outcome {
            at: "2018-06-11T06:00:00.000123Z".parse().unwrap(),
            meeting: Some(Key::parse("cfm-2018-06-almaty").unwrap()),
            procedure: Procedure::Meeting,
        }),
        steps: vec![Step::Agreed {
            at: "2018-06-10T06:00:00.000123Z".parse().unwrap(),
            meeting: Key::parse("cfm-2018-06-almaty").unwrap(),
            body: Code::parse("CFM").unwrap(),
            sent_to: None,
        }],
        circulated_at: Some("2018-05-30T06:00:00.000001Z".parse().unwrap()),
        agreed_at: Some("2018-06-08T06:00:00.000002Z".parse().unwrap()),
    };
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.series_numbers("TEST/CFM/2018/RM").await.unwrap(), Vec::<u32>::new());
    tx.set_document_state(doc, &numbered, "adopted").await.unwrap();
    assert_eq!(tx.document_detail(doc).await.unwrap().state, numbered, "the transaction sees its own change");
    assert_eq!(tx.series_numbers("TEST/CFM/2018/RM").await.unwrap(), [7]);
    assert_eq!(store.document_state(doc).await.unwrap(), draft, "others do not, before commit");
    tx.commit().await.unwrap();
    assert_eq!(store.document_state(doc).await.unwrap(), numbered);
    assert_eq!(store.document_detail(doc).await.unwrap().state, numbered);
    let scope = format!("document:{doc}");
    assert_eq!(last_entries(&store, 1).await, [entry("adopted", "document_state", doc, &scope)]);
    let last = audit(&store).await.pop().unwrap();
    let json = |s: &DocumentState| serde_json::to_value(s).unwrap();
    let parse = |s: Option<&str>| serde_json::from_str::<serde_json::Value>(s.unwrap()).unwrap();
    assert_eq!((parse(last.before.as_deref()), parse(last.after.as_deref())), (json(&draft), json(&numbered)));
    // Another series is another list of numbers.
    assert_eq!(
        store.begin(&officer(), now()).await.unwrap().series_numbers("TEST/CFM/2018/STM").await.unwrap(),
        Vec::<u32>::new()
    );
    let before = snapshot(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let missing = tx.set_document_state(doc + 1000, &numbered, "adopted").await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{missing:?}");
    drop(tx);
    assert!(matches!(store.document_state(doc + 1000).await, Err(Error::NotFound { .. })));
    assert_eq!(snapshot(&store).await, before);
}

/// Revisions list by number and their language versions by language, whatever order they were written in; each
/// starts at version 1, and each write appends one entry (`revised`, `translated`) in the document's scope.
async fn revisions_and_language_versions_read_back_in_order_of_number_and_language(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let second = revision(
        2,
        vec![version("ru", VersionStatus::Authentic, "Текст"), version("en", VersionStatus::Draft, "Text")],
    );
    let r2 = tx.insert_revision(doc, &second).await.unwrap();
    let first = revision(1, vec![version("ru", VersionStatus::Draft, "Первый")]);
    let r1 = tx.insert_revision(doc, &first).await.unwrap();
    let en = tx.insert_language_version(doc, r1, &version("en", VersionStatus::Translated, "First")).await.unwrap();
    tx.commit().await.unwrap();
    let detail = store.document_detail(doc).await.unwrap();
    let shape: Vec<RevisionShape> = detail
        .revisions
        .iter()
        .map(|r| {
            let versions = r
                .language_versions
                .iter()
                .map(|v| (v.language.as_str(), v.status, v.text.as_str(), v.version))
                .collect();
            (r.id, r.number, r.created_at, r.created_by.as_str(), versions)
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                r1,
                1,
                first.created_at,
                "officer",
                vec![("en", VersionStatus::Translated, "First", 1), ("ru", VersionStatus::Draft, "Первый", 1)]
            ),
            (
                r2,
                2,
                second.created_at,
                "officer",
                vec![("en", VersionStatus::Draft, "Text", 1), ("ru", VersionStatus::Authentic, "Текст", 1)]
            ),
        ]
    );
    assert_eq!(detail.revisions[0].language_versions[0].id, en);
    let scope = format!("document:{doc}");
    assert_eq!(
        last_entries(&store, 3).await,
        [
            entry("revised", "document_revision", r2, &scope),
            entry("revised", "document_revision", r1, &scope),
            entry("translated", "document_text", en, &scope),
        ]
    );
    // A second version of one language in one revision is a duplicate, and nothing is written.
    let before = snapshot(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let again = tx.insert_language_version(doc, r1, &version("en", VersionStatus::Draft, "Again")).await;
    assert_eq!(conflict(again).0, "duplicate");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// A language version changes only at its current version: the change bumps it and appends one entry; a stale
/// version is refused with the current one, a missing one is not found, and neither writes anything.
async fn a_stale_language_version_is_refused_with_the_current_one_and_nothing_is_written(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert_revision(doc, &revision(1, vec![version("en", VersionStatus::Draft, "Draft")])).await.unwrap();
    tx.commit().await.unwrap();
    let id = store.document_detail(doc).await.unwrap().revisions[0].language_versions[0].id;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update_language_version(doc, id, 1, "Verified text", VersionStatus::Verified).await.unwrap(), 2);
    tx.commit().await.unwrap();
    let read = |store: SqlStore| async move {
        store.document_detail(doc).await.unwrap().revisions[0].language_versions[0].clone()
    };
    let now_text = read(store.clone()).await;
    assert_eq!(
        (now_text.version, now_text.status, now_text.text.as_str()),
        (2, VersionStatus::Verified, "Verified text")
    );
    assert_eq!(last_entries(&store, 1).await, [entry("changed", "document_text", id, &format!("document:{doc}"))]);
    let after: serde_json::Value =
        serde_json::from_str(audit(&store).await.pop().unwrap().after.as_deref().unwrap()).unwrap();
    assert_eq!(after, serde_json::json!({"text": "Verified text", "status": "verified", "version": 2}));

    let before = snapshot(&store).await;
    for version in [1, 3] {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        let stale = tx.update_language_version(doc, id, version, "Overwrite", VersionStatus::Authentic).await;
        assert_eq!(conflict(stale), ("stale_version", Some(2)), "at version {version}");
    }
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let missing = tx.update_language_version(doc, id + 1000, 1, "Nowhere", VersionStatus::Draft).await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{missing:?}");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(read(store.clone()).await, now_text);
}

/// A state's position on a revision is replaced, never added to: positions list by revision number, then in the
/// order they were last recorded, with their text, whether recorded on the state's behalf, and their instant.
async fn a_position_is_replaced_not_added_and_positions_list_by_revision_then_recording(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r2 = tx.insert_revision(doc, &revision(2, vec![])).await.unwrap();
    let r1 = tx.insert_revision(doc, &revision(1, vec![])).await.unwrap();
    tx.commit().await.unwrap();
    let at = now().as_microsecond();
    let position = |revision: u32, state: &str, position: Position, on_behalf: bool, at_us: i64| RecordedPosition {
        revision,
        state: StateCode::parse(state).unwrap(),
        position,
        recorded_by: if on_behalf { "officer".into() } else { format!("delegate-{state}") },
        on_behalf,
        at: instant(at_us),
    };
    let kz_support = position(2, "KZ", Position::Support, false, at);
    let ru_objection = position(2, "RU", Position::Objection { text: "Not yet".into() }, true, at + 1);
    let kz_reservation = position(2, "KZ", Position::Reservation { text: "On article 3".into() }, false, at + 2);
    let by_first = position(1, "BY", Position::NonParticipation, false, at + 3);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for (rev, p) in [(r2, &kz_support), (r2, &ru_objection), (r2, &kz_reservation), (r1, &by_first)] {
        tx.set_position(doc, rev, p).await.unwrap();
    }
    tx.commit().await.unwrap();
    let positions = store.document_detail(doc).await.unwrap().positions;
    assert_eq!(positions, [by_first, ru_objection, kz_reservation], "KZ's support was replaced by its reservation");
    let scope = format!("document:{doc}");
    assert_eq!(
        last_entries(&store, 4).await,
        [
            entry("position", "position", r2, &scope),
            entry("position", "position", r2, &scope),
            entry("position", "position", r2, &scope),
            entry("position", "position", r1, &scope),
        ]
    );
}

/// Positions inserted together on fresh revisions read back as `set_position` one after the other leaves them (a
/// state named twice keeps its last position, in its last place), and each appends its own entry, in order.
async fn positions_inserted_together_on_a_fresh_revision_read_back_as_if_set_one_after_the_other(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r2 = tx.insert_revision(doc, &revision(2, vec![])).await.unwrap();
    let r1 = tx.insert_revision(doc, &revision(1, vec![])).await.unwrap();
    tx.commit().await.unwrap();
    let at = now().as_microsecond();
    let position = |revision: u32, state: &str, position: Position, at_us: i64| RecordedPosition {
        revision,
        state: StateCode::parse(state).unwrap(),
        position,
        recorded_by: "officer".into(),
        on_behalf: true,
        at: instant(at_us),
    };
    let kz_support = position(2, "KZ", Position::Support, at);
    let ru_objection = position(2, "RU", Position::Objection { text: "Not yet".into() }, at + 1);
    let kz_reservation = position(2, "KZ", Position::Reservation { text: "On article 3".into() }, at + 2);
    let am_support = position(2, "AM", Position::Support, at + 3);
    let by_first = position(1, "BY", Position::NonParticipation, at + 4);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let on_r2 = [kz_support.clone(), ru_objection.clone(), kz_reservation.clone(), am_support.clone()];
    tx.insert_positions(doc, r2, &on_r2).await.unwrap();
    tx.insert_positions(doc, r1, std::slice::from_ref(&by_first)).await.unwrap();
    tx.insert_positions(doc, r1, &[]).await.unwrap();
    tx.commit().await.unwrap();
    let positions = store.document_detail(doc).await.unwrap().positions;
    assert_eq!(positions, [by_first.clone(), ru_objection, kz_reservation, am_support], "KZ's support was replaced");
    let scope = format!("document:{doc}");
    assert_eq!(
        last_entries(&store, 5).await,
        [
            entry("position", "position", r2, &scope),
            entry("position", "position", r2, &scope),
            entry("position", "position", r2, &scope),
            entry("position", "position", r2, &scope),
            entry("position", "position", r1, &scope),
        ]
    );
    let after: serde_json::Value =
        serde_json::from_str(audit(&store).await.pop().unwrap().after.as_deref().unwrap()).unwrap();
    assert_eq!(after, serde_json::to_value(&by_first).unwrap(), "the entry holds the position recorded");
}

/// The agenda items that carry a document are listed with the document, by item id, and only those.
async fn a_documents_agenda_items_are_exactly_those_that_carry_it_in_id_order(store: SqlStore) {
    app(&store).import_demo().await.unwrap();
    let items = all(&store, Kind::AgendaItem).await;
    let meetings = all(&store, Kind::Meeting).await;
    for document in all(&store, Kind::Document).await {
        let Record::Document(d) = &document.record else { panic!("not a document") };
        let expected: Vec<(Id, Id, u16)> = items
            .iter()
            .filter_map(|s| match &s.record {
                Record::AgendaItem(i) if i.documents.contains(&d.key) => {
                    let meeting = meetings
                        .iter()
                        .find(|m| matches!(&m.record, Record::Meeting(x) if x.key == i.meeting))
                        .unwrap();
                    Some((s.id, meeting.id, i.number))
                }
                _ => None,
            })
            .collect();
        assert_eq!(store.document_detail(document.id).await.unwrap().items, expected, "{}", d.key);
    }
    let inf = find(&store, Kind::Document, "cfm-2018-inf-statement").await;
    assert!(!store.document_detail(inf.id).await.unwrap().items.is_empty(), "the INF statement is on the agenda");
}

/// The items a document is on follow every write of an item: a changed list of documents, a key named twice, and
/// the item's deletion; and a document that an item carries is in use.
async fn a_documents_agenda_items_follow_each_change_and_deletion_of_an_item(store: SqlStore) {
    app(&store).import_demo().await.unwrap();
    let inf = find(&store, Kind::Document, "cfm-2018-inf-statement").await;
    let on = |id| {
        let store = store.clone();
        async move {
            store.document_detail(id).await.unwrap().items.into_iter().map(|(item, _, _)| item).collect::<Vec<_>>()
        }
    };
    let carrying = on(inf.id).await;
    let first = carrying[0];
    let stored = store.get(Kind::AgendaItem, first, &Viewer::Secretariat).await.unwrap().unwrap();
    let Record::AgendaItem(item) = stored.record.clone() else { panic!("not an item") };
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let err = tx.delete(Kind::Document, inf.id, inf.version).await.unwrap_err();
    assert!(matches!(err, Error::Conflict { code: "in_use", .. }), "{err:?}");
    drop(tx);

    let without = AgendaItem { documents: Vec::new(), ..item.clone() };
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let version = tx.update(first, stored.version, &Record::AgendaItem(without)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(on(inf.id).await, carrying[1..], "the item no longer carries it");

    let twice = AgendaItem { documents: vec![inf_key(), inf_key()], ..item };
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let version = tx.update(first, version, &Record::AgendaItem(twice)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(on(inf.id).await, carrying, "once, however often the item names it");

    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.delete(Kind::AgendaItem, first, version).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(on(inf.id).await, carrying[1..], "a deleted item carries nothing");
}

fn inf_key() -> Key {
    Key::parse("cfm-2018-inf-statement").unwrap()
}

checks!(
    a_document_state_and_its_series_number_read_back_and_append_one_entry,
    revisions_and_language_versions_read_back_in_order_of_number_and_language,
    a_stale_language_version_is_refused_with_the_current_one_and_nothing_is_written,
    a_position_is_replaced_not_added_and_positions_list_by_revision_then_recording,
    positions_inserted_together_on_a_fresh_revision_read_back_as_if_set_one_after_the_other,
    a_documents_agenda_items_are_exactly_those_that_carry_it_in_id_order,
    a_documents_agenda_items_follow_each_change_and_deletion_of_an_item,
);
