//! Silence procedures and what they received, and referrals to another body (`documents.rs` of the store): the
//! deadline work that any instance may run, so each conditional write must succeed exactly once.

use secretariat_core::rules::silence::{BreakKind, Received};
use secretariat_core::store::{Referral, SilenceProcedure};

use super::documents::{fresh_document, last_entries};
use super::*;

const HOUR_US: i64 = 3_600_000_000;

fn procedure(document: Id, deadline_us: i64) -> SilenceProcedure {
    SilenceProcedure {
        id: 0,
        document,
        revision: 1,
        opened_at: now(),
        deadline: instant(deadline_us),
        opened_by: "officer".into(),
        status: SilenceStatus::Open,
        closed_at: None,
        received: vec![],
    }
}

fn received(state: &str, kind: BreakKind, at_us: i64) -> Received {
    Received { state: StateCode::parse(state).unwrap(), at: instant(at_us), kind, text: format!("{state} {kind:?}") }
}

async fn open(store: &SqlStore, silence: &SilenceProcedure) -> Id {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert_silence(silence).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// A procedure reads back as it was opened, open and with nothing received; what it receives lists in order of
/// arrival (by instant, whatever the order of writing), and each write appends one entry in the document's scope.
async fn a_silence_procedure_reads_back_with_what_it_received_in_order_of_arrival(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let deadline = now().as_microsecond() + 48 * HOUR_US;
    let opened = procedure(doc, deadline);
    let id = open(&store, &opened).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.silence(id).await.unwrap(), Some(SilenceProcedure { id, ..opened.clone() }));
    assert_eq!(tx.silence(id + 1000).await.unwrap(), None);
    let later = received("RU", BreakKind::Amendment, now().as_microsecond() + 2 * HOUR_US);
    let earlier = received("KZ", BreakKind::Objection, now().as_microsecond() + HOUR_US);
    tx.insert_received(id, doc, &later).await.unwrap();
    tx.insert_received(id, doc, &earlier).await.unwrap();
    tx.commit().await.unwrap();
    let expected = SilenceProcedure { id, received: vec![earlier, later], ..opened };
    assert_eq!(store.document_detail(doc).await.unwrap().silences, std::slice::from_ref(&expected));
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.silence(id).await.unwrap(), Some(expected));
    let scope = format!("document:{doc}");
    assert_eq!(
        last_entries(&store, 3).await,
        [
            ("silence_opened".into(), "silence_procedure".into(), id, scope.clone()),
            ("silence_received".into(), "silence_procedure".into(), id, scope.clone()),
            ("silence_received".into(), "silence_procedure".into(), id, scope),
        ]
    );
}

/// Closing a procedure succeeds once: the first close records its status and instant with one entry; a second
/// close, in a later transaction or racing in eight at once, answers false and writes nothing.
async fn closing_a_silence_procedure_succeeds_exactly_once(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let deadline = now().as_microsecond() + HOUR_US;
    let id = open(&store, &procedure(doc, deadline)).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert!(tx.close_silence(id, SilenceStatus::Adopted, instant(deadline)).await.unwrap());
    tx.commit().await.unwrap();
    let closed = store.document_detail(doc).await.unwrap().silences.pop().unwrap();
    assert_eq!((closed.status, closed.closed_at), (SilenceStatus::Adopted, Some(instant(deadline))));
    assert_eq!(
        last_entries(&store, 1).await,
        [("silence_closed".into(), "silence_procedure".into(), id, format!("document:{doc}"))]
    );
    let before = snapshot(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert!(!tx.close_silence(id, SilenceStatus::Broken, instant(deadline + 1)).await.unwrap(), "already closed");
    tx.commit().await.unwrap();
    assert_eq!(snapshot(&store).await, before);

    // Eight instances closing one due procedure at once: exactly one does.
    let racing = open(&store, &procedure(doc, deadline)).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let mut handles: Vec<tokio::task::JoinHandle<secretariat_core::Result<bool>>> = Vec::new();
    for t in 0..8 {
        let (store, barrier) = (store.clone(), barrier.clone());
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut tx = store.begin(&officer(), now()).await?;
            let closed = tx.close_silence(racing, SilenceStatus::Adopted, instant(deadline + t)).await?;
            tx.commit().await?;
            Ok(closed)
        }));
    }
    let mut won = 0;
    for h in handles {
        won += usize::from(h.await.unwrap().unwrap());
    }
    assert_eq!(won, 1, "exactly one instance closed it");
    let closes = audit(&store).await.iter().filter(|e| e.action == "silence_closed" && e.entity_id == racing).count();
    assert_eq!(closes, 1);
}

/// The due procedures are the open ones whose deadline has come (the deadline instant included), in deadline
/// order; a closed one is never due again.
async fn due_silences_are_the_open_ones_whose_deadline_has_come_in_deadline_order(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let t = now().as_microsecond();
    let third = open(&store, &procedure(doc, t + 3 * HOUR_US)).await;
    let first = open(&store, &procedure(doc, t + HOUR_US)).await;
    let second = open(&store, &procedure(doc, t + 2 * HOUR_US)).await;
    let closed = open(&store, &procedure(doc, t)).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert!(tx.close_silence(closed, SilenceStatus::Broken, instant(t)).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.due_silences(instant(t + HOUR_US - 1)).await.unwrap(), Vec::<Id>::new());
    assert_eq!(store.due_silences(instant(t + HOUR_US)).await.unwrap(), [first]);
    assert_eq!(store.due_silences(instant(t + 2 * HOUR_US)).await.unwrap(), [first, second]);
    assert_eq!(store.due_silences(instant(t + 10 * HOUR_US)).await.unwrap(), [first, second, third]);
    let listed: Vec<Id> = store.document_detail(doc).await.unwrap().silences.iter().map(|s| s.id).collect();
    assert_eq!(listed, [third, first, second, closed], "a document's procedures list in the order opened");
}

/// A referral reads back as recorded, undecided; its outcome is recorded with the instant the receiving body
/// decided, each write with one entry; the outcome of a missing referral is not found and writes nothing.
async fn a_referral_reads_back_and_its_outcome_is_recorded_when_decided(store: SqlStore) {
    let doc = fresh_document(&store).await;
    let astana = find(&store, Kind::Meeting, "csc-2018-11-astana").await;
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let mut f = everything(Viewer::Secretariat);
    f.meeting = Some(almaty.id);
    let item = store.list(Kind::AgendaItem, &f).await.unwrap()[0].id;
    let referral = |meeting: Id, agenda_item: Option<Id>| Referral {
        id: 0,
        document: doc,
        meeting,
        agenda_item,
        referred_at: now(),
        referred_by: "officer".into(),
        outcome: None,
        decided_at: None,
        decided_by: None,
    };
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let to_astana = tx.insert_referral(&referral(astana.id, None)).await.unwrap();
    let to_almaty = tx.insert_referral(&referral(almaty.id, Some(item))).await.unwrap();
    tx.commit().await.unwrap();
    let decided = instant(now().as_microsecond() + 1);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.set_referral_outcome(to_astana, ItemOutcome::Adopted, decided, Procedure::WrittenProcedure).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.document_detail(doc).await.unwrap().referrals,
        [
            Referral {
                id: to_astana,
                outcome: Some(ItemOutcome::Adopted),
                decided_at: Some(decided),
                decided_by: Some(Procedure::WrittenProcedure),
                ..referral(astana.id, None)
            },
            Referral { id: to_almaty, ..referral(almaty.id, Some(item)) },
        ]
    );
    let scope = format!("document:{doc}");
    assert_eq!(
        last_entries(&store, 3).await,
        [
            ("referred".into(), "referral".into(), to_astana, scope.clone()),
            ("referred".into(), "referral".into(), to_almaty, scope.clone()),
            ("referral_decided".into(), "referral".into(), to_astana, scope),
        ]
    );
    let before = snapshot(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let missing = tx.set_referral_outcome(to_almaty + 1000, ItemOutcome::Noted, decided, Procedure::Meeting).await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{missing:?}");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

checks!(
    a_silence_procedure_reads_back_with_what_it_received_in_order_of_arrival,
    closing_a_silence_procedure_succeeds_exactly_once,
    due_silences_are_the_open_ones_whose_deadline_has_come_in_deadline_order,
    a_referral_reads_back_and_its_outcome_is_recorded_when_decided,
);
