//! A document's procedures and outcomes: silence procedures and what they received, referrals, and agenda
//! items' outcomes. Audit entries are appended by the transaction (tx.rs).

use jiff::Timestamp;
use secretariat_core::domain::{name_of, Id, ItemOutcome, Key, Procedure, SilenceStatus};
use secretariat_core::rules::silence::Received;
use secretariat_core::store::*;
use secretariat_core::{Error, Result};
use sqlx::Row;

use crate::counted::Db;

use super::detail::{parse_json, timestamp};
use crate::error::db;
use crate::shelf::json;

pub(crate) async fn insert_silence(c: &mut Db<'_>, s: &SilenceProcedure) -> Result<Id> {
    sqlx::query_scalar(
        "INSERT INTO silence_procedure (document_id, revision_number, opened_at_us, deadline_us, opened_by, status) \
         VALUES ($1, $2, $3, $4, $5, 'open') RETURNING id",
    )
    .bind(s.document)
    .bind(i64::from(s.revision))
    .bind(s.opened_at.as_microsecond())
    .bind(s.deadline.as_microsecond())
    .bind(s.opened_by.clone())
    .fetch_one(&mut *c)
    .await
    .map_err(db)
}

pub(crate) async fn insert_received(c: &mut Db<'_>, silence: Id, r: &Received) -> Result<()> {
    sqlx::query(
        "INSERT INTO silence_received (procedure_id, state_code, kind, text, at_us) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(silence)
    .bind(r.state.as_str().to_owned())
    .bind(name_of(&r.kind))
    .bind(r.text.clone())
    .bind(r.at.as_microsecond())
    .execute(&mut *c)
    .await
    .map_err(db)?;
    Ok(())
}

/// Closes an open procedure; the document it belongs to when it did, `None` when it was already closed.
pub(crate) async fn close_silence(
    c: &mut Db<'_>,
    silence: Id,
    status: SilenceStatus,
    closed_at: Timestamp,
) -> Result<Option<Id>> {
    sqlx::query_scalar(
        "UPDATE silence_procedure SET status = $1, closed_at_us = $2 WHERE id = $3 AND status = 'open' \
         RETURNING document_id",
    )
    .bind(name_of(&status))
    .bind(closed_at.as_microsecond())
    .bind(silence)
    .fetch_optional(&mut *c)
    .await
    .map_err(db)
}

pub(crate) async fn due_silences(c: &mut Db<'_>, now: Timestamp) -> Result<Vec<Id>> {
    sqlx::query_scalar(
        "SELECT id FROM silence_procedure WHERE status = 'open' AND deadline_us <= $1 ORDER BY deadline_us, id",
    )
    .bind(now.as_microsecond())
    .fetch_all(&mut *c)
    .await
    .map_err(db)
}

pub(crate) async fn insert_referral(c: &mut Db<'_>, r: &Referral) -> Result<Id> {
    sqlx::query_scalar(
        "INSERT INTO referral (document_id, meeting_id, agenda_item_id, referred_at_us, referred_by) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(r.document)
    .bind(r.meeting)
    .bind(r.agenda_item)
    .bind(r.referred_at.as_microsecond())
    .bind(r.referred_by.clone())
    .fetch_one(&mut *c)
    .await
    .map_err(db)
}

pub(crate) async fn set_referral_outcome(
    c: &mut Db<'_>,
    referral: Id,
    outcome: ItemOutcome,
    at: Timestamp,
    by: Procedure,
) -> Result<Id> {
    sqlx::query_scalar(
        "UPDATE referral SET outcome = $1, decided_at_us = $2, decided_by = $3 WHERE id = $4 RETURNING document_id",
    )
    .bind(name_of(&outcome))
    .bind(at.as_microsecond())
    .bind(name_of(&by))
    .bind(referral)
    .fetch_optional(&mut *c)
    .await
    .map_err(db)?
    .ok_or(Error::NotFound { what: "referral" })
}

/// An agenda item's outcome as its JSON column holds it: the instant in microseconds UTC, as every instant is
/// stored.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredOutcome {
    outcome: ItemOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deferred_to: Option<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    submitted_to: Option<Key>,
    at_us: i64,
}

fn stored(raw: &str) -> Result<RecordedItemOutcome> {
    let o: StoredOutcome = parse_json(raw)?;
    Ok(RecordedItemOutcome {
        outcome: o.outcome,
        deferred_to: o.deferred_to,
        submitted_to: o.submitted_to,
        at: timestamp(o.at_us)?,
    })
}

pub(crate) async fn set_item_outcome(c: &mut Db<'_>, item: Id, o: &RecordedItemOutcome) -> Result<()> {
    let stored = StoredOutcome {
        outcome: o.outcome,
        deferred_to: o.deferred_to.clone(),
        submitted_to: o.submitted_to.clone(),
        at_us: o.at.as_microsecond(),
    };
    sqlx::query("UPDATE agenda_item SET outcome = $1 WHERE id = $2")
        .bind(json(&stored))
        .bind(item)
        .execute(&mut *c)
        .await
        .map_err(db)?;
    Ok(())
}

pub(crate) async fn item_outcome(c: &mut Db<'_>, item: Id) -> Result<Option<RecordedItemOutcome>> {
    let raw: Option<Option<String>> = sqlx::query_scalar("SELECT outcome FROM agenda_item WHERE id = $1")
        .bind(item)
        .fetch_optional(&mut *c)
        .await
        .map_err(db)?;
    raw.flatten().map(|r| stored(&r)).transpose()
}

pub(crate) async fn item_outcomes(c: &mut Db<'_>, meeting: Id) -> Result<Vec<(Id, RecordedItemOutcome)>> {
    let rows = sqlx::query("SELECT id, outcome FROM agenda_item WHERE meeting_id = $1 AND outcome IS NOT NULL")
        .bind(meeting)
        .fetch_all(&mut *c)
        .await
        .map_err(db)?;
    rows.iter().map(|r| Ok((r.try_get(0).map_err(db)?, stored(&r.try_get::<String, _>(1).map_err(db)?)?))).collect()
}
