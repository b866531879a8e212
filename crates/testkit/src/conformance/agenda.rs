//! A meeting's agenda as a whole: its status, set through the transaction and read back.

use secretariat_core::store::RecordedItemOutcome;

use super::*;

/// A meeting's agenda is provisional until set otherwise; the state set reads back exactly, and is exported.
async fn the_agenda_is_provisional_until_adopted_and_its_state_round_trips(store: SqlStore) {
    let app = app(&store);
    app.import_demo().await.unwrap();
    let provisional = AgendaState { status: AgendaStatus::Provisional, adopted_at: None, adopted_by: None };
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let astana = find(&store, Kind::Meeting, "csc-2018-11-astana").await;
    assert_eq!(store.agenda(almaty.id).await.unwrap(), provisional);
    let at: Timestamp = "2018-06-11T04:15:00.123456Z".parse().unwrap();
    let adopted =
        AgendaState { status: AgendaStatus::Adopted, adopted_at: Some(at), adopted_by: Some("officer".into()) };
    let mut tx = store.begin(&officer(), at).await.unwrap();
    assert_eq!(tx.agenda(almaty.id).await.unwrap(), provisional);
    tx.set_agenda(almaty.id, &adopted, "adopted").await.unwrap();
    assert_eq!(tx.agenda(almaty.id).await.unwrap(), adopted, "the transaction sees its own change");
    assert_eq!(store.agenda(almaty.id).await.unwrap(), provisional, "others do not, before commit");
    tx.commit().await.unwrap();
    assert_eq!(store.agenda(almaty.id).await.unwrap(), adopted);
    assert_eq!(store.agenda(astana.id).await.unwrap(), provisional, "other meetings keep theirs");
    let exported = app.export().await.unwrap();
    assert_eq!(exported.adopted_agendas.len(), 1);
    assert_eq!(exported.adopted_agendas[0].meeting.as_str(), "cfm-2018-06-almaty");
    assert_eq!(exported.adopted_agendas[0].adopted_at, at);
    let entry = audit(&store).await.pop().unwrap();
    assert_eq!((entry.action.as_str(), entry.entity.as_str(), entry.entity_id), ("adopted", "agenda", almaty.id));
    assert_eq!(entry.scope, format!("meeting:{}", almaty.id));
    let json = |a: &AgendaState| serde_json::to_value(a).unwrap();
    let before: serde_json::Value = serde_json::from_str(entry.before.as_deref().unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
    assert_eq!((before, after), (json(&provisional), json(&adopted)));

    // Set again (reopened), it reads back again.
    let mut tx = store.begin(&officer(), at).await.unwrap();
    tx.set_agenda(almaty.id, &provisional, "reopened").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.agenda(almaty.id).await.unwrap(), provisional);
    assert_eq!(app.export().await.unwrap().adopted_agendas, vec![]);
    assert_eq!(verify(&audit(&store).await).map(|n| n > 104), Ok(true));
}

/// An agenda item's outcome reads back alone and with its meeting's, inside the transaction and after; recorded
/// again, it is replaced, and each entry holds the outcome before and after; a deferral keeps the meeting it is
/// deferred to. Items without an outcome are not listed.
async fn an_agenda_items_outcome_reads_back_alone_and_by_meeting_and_is_replaced_when_recorded_again(store: SqlStore) {
    app(&store).import_demo().await.unwrap();
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let mut f = everything(Viewer::Secretariat);
    f.meeting = Some(almaty.id);
    let items = store.list(Kind::AgendaItem, &f).await.unwrap();
    let (first, third) = (items[0].id, items[2].id);
    let recorded = store.item_outcomes(almaty.id).await.unwrap();
    assert!(recorded.iter().all(|(id, _)| items.iter().any(|i| i.id == *id)), "only this meeting's items");
    let at = now().as_microsecond();
    let noted =
        RecordedItemOutcome { outcome: ItemOutcome::Noted, deferred_to: None, submitted_to: None, at: instant(at) };
    let deferred = RecordedItemOutcome {
        outcome: ItemOutcome::Deferred,
        deferred_to: Some(Key::parse("csc-2018-11-astana").unwrap()),
        submitted_to: None,
        at: instant(at + 1),
    };
    let adopted = RecordedItemOutcome {
        outcome: ItemOutcome::Adopted,
        deferred_to: None,
        submitted_to: None,
        at: instant(at + 2),
    };
    let before_first = store.item_outcome(first).await.unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.set_item_outcome(third, &noted).await.unwrap();
    tx.set_item_outcome(first, &deferred).await.unwrap();
    assert_eq!(tx.item_outcome(first).await.unwrap(), Some(deferred.clone()), "the transaction sees its own");
    assert_eq!(store.item_outcome(first).await.unwrap(), before_first, "others do not, before commit");
    tx.commit().await.unwrap();
    assert_eq!(store.item_outcome(first).await.unwrap(), Some(deferred.clone()));
    assert_eq!(store.item_outcome(third).await.unwrap(), Some(noted.clone()));
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.set_item_outcome(first, &adopted).await.unwrap();
    tx.commit().await.unwrap();
    let mut outcomes = store.item_outcomes(almaty.id).await.unwrap();
    outcomes.sort_by_key(|(id, _)| *id);
    let mut expected: Vec<(Id, RecordedItemOutcome)> =
        recorded.into_iter().filter(|(id, _)| *id != first && *id != third).collect();
    expected.extend([(first, adopted.clone()), (third, noted.clone())]);
    expected.sort_by_key(|(id, _)| *id);
    assert_eq!(outcomes, expected);
    let missing = items.iter().map(|i| i.id).max().unwrap() + 1000;
    assert_eq!(store.item_outcome(missing).await.unwrap(), None);
    let before = snapshot(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let refused = tx.set_item_outcome(missing, &noted).await;
    assert!(matches!(refused, Err(Error::NotFound { .. })), "the outcome of a missing item: {refused:?}");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);

    let entries = before.audit;
    assert_eq!(verify(&entries), Ok(u64::try_from(entries.len()).unwrap()));
    let json = |o: &RecordedItemOutcome| serde_json::to_string(o).unwrap();
    let last: Vec<_> = entries[entries.len() - 3..]
        .iter()
        .map(|e| {
            (e.action.as_str(), e.entity.as_str(), e.entity_id, e.scope.clone(), e.before.clone(), e.after.clone())
        })
        .collect();
    let scope = format!("meeting:{}", almaty.id);
    assert_eq!(
        last,
        [
            ("outcome", "agenda_item_outcome", third, scope.clone(), None, Some(json(&noted))),
            (
                "outcome",
                "agenda_item_outcome",
                first,
                scope.clone(),
                before_first.as_ref().map(json),
                Some(json(&deferred))
            ),
            ("outcome", "agenda_item_outcome", first, scope, Some(json(&deferred)), Some(json(&adopted))),
        ]
    );
}

checks!(
    the_agenda_is_provisional_until_adopted_and_its_state_round_trips,
    an_agenda_items_outcome_reads_back_alone_and_by_meeting_and_is_replaced_when_recorded_again,
);
