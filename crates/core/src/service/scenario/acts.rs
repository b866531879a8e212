//! The acts a scenario records beyond plain records: a document's revisions, positions, silence procedures and
//! referrals, and agenda items' outcomes. Each is checked as the API checks it: positions, objections and
//! amendments only from states that were members on the day they were made; silence closed as its rule says.

use std::collections::HashMap;

use jiff::Timestamp;

use super::{meeting_id, merge};
use crate::account::Actor;
use crate::domain::{
    name_of, Code, Document, Id, Kind, MembershipKindDefinition, Procedure, Record, SilenceStatus, StateCode,
};
use crate::error::{Error, Result};
use crate::rules::membership::{self, Tie};
use crate::rules::silence::{silence_state, Received, SilenceState};
use crate::scenario::*;
use crate::service::document::{require_position_taker, utc_day};
use crate::store::*;

fn invalid(document: &ScenarioDocument, what: String) -> Error {
    Error::invalid("invalid_scenario", format!("document `{}`: {what}", document.document.key))
}

/// Refuses an act of a state that could not take a position on the document on the day of the act: the same
/// rule as the API's.
async fn check_member(tx: &mut dyn Tx, doc: &Document, state: &StateCode, at: Timestamp, what: &str) -> Result<()> {
    require_position_taker(tx, doc, state, utc_day(at)).await.map_err(|e| match e {
        Error::Invalid { code, message } => Error::Invalid { code, message: format!("{what}: {message}") },
        other => other,
    })
}

/// The states that may take positions in each body whose documents an import records, read once per body: the
/// memberships and seats are written before the first document (their sections come first) and do not change
/// under the documents. A state they refuse is judged again by the API's rule, which names the reason.
#[derive(Default)]
pub(super) struct Takers {
    bodies: HashMap<(Code, Code), (Vec<Tie>, Vec<MembershipKindDefinition>)>,
}

impl Takers {
    /// Refuses an act of a state that could not take a position on the document on the day of the act.
    async fn check(
        &mut self,
        tx: &mut dyn Tx,
        doc: &Document,
        state: &StateCode,
        at: Timestamp,
        what: &str,
    ) -> Result<()> {
        let key = (doc.organisation.clone(), doc.body.clone());
        if !self.bodies.contains_key(&key) {
            let Some(Stored { record: Record::Organisation(org), .. }) =
                tx.find(Kind::Organisation, doc.organisation.as_str()).await?
            else {
                return check_member(tx, doc, state, at, what).await;
            };
            let mut filter = merge::everything();
            filter.organisation = Some(doc.organisation.clone());
            let memberships: Vec<_> = tx
                .list(Kind::Membership, &filter)
                .await?
                .into_iter()
                .filter_map(|s| match s.record {
                    Record::Membership(m) => Some(m),
                    _ => None,
                })
                .collect();
            let seats: Vec<_> = tx
                .list(Kind::Seat, &filter)
                .await?
                .into_iter()
                .filter_map(|s| match s.record {
                    Record::Seat(seat) => Some(seat),
                    _ => None,
                })
                .collect();
            let composition = membership::composition(&memberships, &seats, &doc.body);
            self.bodies.insert(key.clone(), (composition.ties, org.membership_kinds_or_built_in()));
        }
        let takes = self
            .bodies
            .get(&key)
            .is_some_and(|(ties, kinds)| membership::may_take_position(ties, kinds, state, utc_day(at)).is_ok());
        if takes {
            return Ok(());
        }
        check_member(tx, doc, state, at, what).await
    }
}

/// Writes one scenario document: its record, revisions, positions, silence procedures and state (referrals come
/// after the agenda).
pub(super) async fn import_document(
    tx: &mut dyn Tx,
    actor: &Actor,
    takers: &mut Takers,
    d: &ScenarioDocument,
) -> Result<Id> {
    let record = Record::Document(d.document.clone());
    record.check()?;
    let id = tx.insert(&record).await?;
    let mut revision_ids = Vec::new();
    for (number, revision) in d.revisions.iter().enumerate() {
        let row = Revision {
            id: 0,
            number: u32::try_from(number).map_err(|_| invalid(d, "too many revisions".into()))?,
            created_at: revision.created_at,
            created_by: actor.name.clone(),
            language_versions: revision
                .texts
                .iter()
                .map(|t| LanguageVersion {
                    id: 0,
                    version: 1,
                    language: t.language.clone(),
                    status: t.status,
                    text: t.text.clone(),
                })
                .collect(),
        };
        revision_ids.push(tx.insert_revision(id, &row).await?);
    }
    let revision = |n: u32| {
        usize::try_from(n)
            .ok()
            .and_then(|r| revision_ids.get(r))
            .copied()
            .ok_or_else(|| invalid(d, format!("no revision {n}")))
    };
    // The revisions are new, so their positions are written together: each run of positions on one revision
    // in one go, in the file's order.
    let mut run: Vec<RecordedPosition> = Vec::new();
    for p in &d.positions {
        let what = format!("the position of {} on document `{}`", p.state, d.document.key);
        takers.check(tx, &d.document, &p.state, p.at, &what).await?;
        let recorded = RecordedPosition {
            revision: p.revision,
            state: p.state.clone(),
            position: crate::domain::Position::parse(&p.position, p.text.clone())?,
            recorded_by: actor.name.clone(),
            on_behalf: true,
            at: p.at,
        };
        revision(p.revision)?;
        if let Some(last) = run.last().filter(|last| last.revision != p.revision) {
            let on = revision(last.revision)?;
            tx.insert_positions(id, on, &std::mem::take(&mut run)).await?;
        }
        run.push(recorded);
    }
    if let Some(last) = run.last() {
        tx.insert_positions(id, revision(last.revision)?, &run).await?;
    }
    for s in &d.silences {
        revision(s.revision)?;
        import_silence(tx, actor, takers, d, id, s).await?;
    }
    let series = d.symbol.as_deref().and_then(crate::rules::symbols::series_of);
    let state = DocumentState {
        status: d.status,
        symbol: d.symbol.clone(),
        series,
        outcome: d.outcome.clone(),
        circulated_at: d.circulated_at,
        agreed_at: d.agreed_at,
        steps: d.steps.clone(),
    };
    tx.set_document_state(id, &state, "imported").await?;
    Ok(id)
}

/// Writes a silence procedure with what it received, closed as the silence rule says it closed.
async fn import_silence(
    tx: &mut dyn Tx,
    actor: &Actor,
    takers: &mut Takers,
    d: &ScenarioDocument,
    id: Id,
    s: &ScenarioSilence,
) -> Result<()> {
    if s.deadline <= s.opened_at {
        return Err(invalid(d, format!("a silence procedure's deadline {} is not after its opening", s.deadline)));
    }
    let procedure = SilenceProcedure {
        id: 0,
        document: id,
        revision: s.revision,
        opened_at: s.opened_at,
        deadline: s.deadline,
        opened_by: actor.name.clone(),
        status: SilenceStatus::Open,
        closed_at: None,
        received: Vec::new(),
    };
    let silence = tx.insert_silence(&procedure).await?;
    let mut received = Vec::new();
    for r in &s.received {
        if r.text.trim().is_empty() {
            return Err(Error::invalid("text_required", "an objection or amendment needs its text"));
        }
        if r.at < s.opened_at || r.at >= s.deadline {
            return Err(invalid(
                d,
                format!(
                    "{} sent its {} at {}, outside the silence procedure",
                    r.state,
                    format!("{:?}", r.kind).to_lowercase(),
                    r.at
                ),
            ));
        }
        let what = format!("the objection or amendment of {} under silence on `{}`", r.state, d.document.key);
        takers.check(tx, &d.document, &r.state, r.at, &what).await?;
        let r = Received { state: r.state.clone(), at: r.at, kind: r.kind, text: r.text.clone() };
        tx.insert_received(silence, id, &r).await?;
        received.push(r);
    }
    let verdict = match s.closed_at {
        Some(closed) => silence_state(s.deadline, &received, closed),
        None => SilenceState::Open,
    };
    let expected = match &verdict {
        SilenceState::Open if received.is_empty() => (SilenceStatus::Open, None),
        SilenceState::Open => (SilenceStatus::Broken, received.iter().map(|r| r.at).min()),
        SilenceState::Adopted { at } => (SilenceStatus::Adopted, Some(*at)),
        SilenceState::Broken { at, .. } => (SilenceStatus::Broken, Some(*at)),
    };
    if (s.status, s.closed_at) != expected {
        let said = expected.1.map_or_else(String::new, |at| format!(" at {at}"));
        let (recorded, rule) = (name_of(&s.status), name_of(&expected.0));
        return Err(invalid(
            d,
            format!("the silence procedure is recorded `{recorded}`, but its rule says `{rule}`{said}"),
        ));
    }
    if let Some(closed) = s.closed_at {
        tx.close_silence(silence, s.status, closed).await?;
    }
    Ok(())
}

/// Writes a new document's referrals, tied to the agenda item that carries it at the meeting referred to.
pub(super) async fn import_referrals(tx: &mut dyn Tx, actor: &Actor, d: &ScenarioDocument, id: Id) -> Result<()> {
    for r in &d.referrals {
        let meeting = meeting_id(tx, &r.meeting).await?;
        let item = tx.document_detail(id).await?.items.iter().find(|(_, m, _)| *m == meeting).map(|(i, _, _)| *i);
        let referral = Referral {
            id: 0,
            document: id,
            meeting,
            agenda_item: item,
            referred_at: r.referred_at,
            referred_by: actor.name.clone(),
            outcome: None,
            decided_at: None,
            decided_by: None,
        };
        let referral = tx.insert_referral(&referral).await?;
        if let (Some(outcome), Some(decided)) = (r.outcome, r.decided_at) {
            let by = r.decided_by.unwrap_or(Procedure::Meeting);
            tx.set_referral_outcome(referral, outcome, decided, by).await?;
        }
    }
    Ok(())
}

/// Writes an agenda item's outcome, or finds it recorded so.
pub(super) async fn import_outcome(tx: &mut dyn Tx, o: &AgendaOutcome) -> Result<merge::Found> {
    let meeting = meeting_id(tx, &o.meeting).await?;
    let mut filter = merge::everything();
    filter.meeting = Some(meeting);
    let item = tx
        .list(Kind::AgendaItem, &filter)
        .await?
        .into_iter()
        .find(|s| matches!(&s.record, Record::AgendaItem(i) if i.number == o.number))
        .map(|s| s.id)
        .ok_or_else(|| {
            Error::invalid("unknown_reference", format!("meeting `{}` has no agenda item {}", o.meeting, o.number))
        })?;
    crate::rules::agenda::check_outcome_targets(o.outcome, o.deferred_to.as_ref(), o.submitted_to.as_ref())?;
    for to in o.deferred_to.iter().chain(&o.submitted_to) {
        meeting_id(tx, to).await?;
    }
    let outcome = RecordedItemOutcome {
        outcome: o.outcome,
        deferred_to: o.deferred_to.clone(),
        submitted_to: o.submitted_to.clone(),
        at: o.at,
    };
    match tx.item_outcome(item).await? {
        Some(recorded) if recorded == outcome => Ok(merge::Found::Same),
        Some(recorded) => {
            let recorded = AgendaOutcome {
                outcome: recorded.outcome,
                deferred_to: recorded.deferred_to,
                submitted_to: recorded.submitted_to,
                at: recorded.at,
                ..o.clone()
            };
            Err(merge::conflict("agenda_item", &format!("{}/{}", o.meeting, o.number), &recorded, o))
        }
        None => {
            tx.set_item_outcome(item, &outcome).await?;
            Ok(merge::Found::New)
        }
    }
}
