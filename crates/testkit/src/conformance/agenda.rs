//! A meeting's agenda as a whole: its status, set through the transaction and read back.

use super::*;

/// A meeting's agenda is provisional until set otherwise; the state set reads back exactly, and is exported.
async fn the_agenda_is_provisional_until_adopted_and_its_state_round_trips(store: SqlStore) {
    let app = app(&store);
    app.import_demo().await.unwrap();
    let provisional = AgendaState { status: AgendaStatus::Provisional, adopted_at_us: None, adopted_by: None };
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let astana = find(&store, Kind::Meeting, "csc-2018-11-astana").await;
    assert_eq!(store.agenda(almaty.id).await.unwrap(), provisional);
    let at: Timestamp = "2018-06-11T04:15:00.123456Z".parse().unwrap();
    let adopted = AgendaState {
        status: AgendaStatus::Adopted,
        adopted_at_us: Some(at.as_microsecond()),
        adopted_by: Some("officer".into()),
    };
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

checks!(the_agenda_is_provisional_until_adopted_and_its_state_round_trips,);
