//! A document's procedures and outcomes: silence procedures and what they received, referrals, and agenda
//! items' outcomes. Audit entries are appended by the transaction (tx.rs).

use secretariat_core::domain::{ItemOutcome, Procedure};
use secretariat_core::rules::silence::Received;
use secretariat_core::store::*;
use secretariat_core::{Error, Result};
use sqlx::Row;

use crate::counted::Db;

use super::detail::parse_json;
use super::writes::plain;
use crate::error::db;
use crate::shelf::json;

pub(crate) async fn insert_silence(c: &mut Db<'_>, s: &SilenceRow) -> Result<Id> {
    sqlx::query_scalar(
        "INSERT INTO silence_procedure (document_id, revision_number, opened_at_us, deadline_us, opened_by, status) \
         VALUES ($1, $2, $3, $4, $5, 'open') RETURNING id",
    )
    .bind(s.document)
    .bind(i64::from(s.revision))
    .bind(s.opened_at_us)
    .bind(s.deadline_us)
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
    .bind(plain(&r.kind))
    .bind(r.text.clone())
    .bind(r.at.as_microsecond())
    .execute(&mut *c)
    .await
    .map_err(db)?;
    Ok(())
}

/// Closes an open procedure; the document it belongs to when it did, `None` when it was already closed.
pub(crate) async fn close_silence(c: &mut Db<'_>, silence: Id, status: &str, closed_at_us: i64) -> Result<Option<Id>> {
    sqlx::query_scalar(
        "UPDATE silence_procedure SET status = $1, closed_at_us = $2 WHERE id = $3 AND status = 'open' \
         RETURNING document_id",
    )
    .bind(status.to_owned())
    .bind(closed_at_us)
    .bind(silence)
    .fetch_optional(&mut *c)
    .await
    .map_err(db)
}

pub(crate) async fn due_silences(c: &mut Db<'_>, now_us: i64) -> Result<Vec<Id>> {
    sqlx::query_scalar(
        "SELECT id FROM silence_procedure WHERE status = 'open' AND deadline_us <= $1 ORDER BY deadline_us, id",
    )
    .bind(now_us)
    .fetch_all(&mut *c)
    .await
    .map_err(db)
}

pub(crate) async fn insert_referral(c: &mut Db<'_>, r: &ReferralRow) -> Result<Id> {
    sqlx::query_scalar(
        "INSERT INTO referral (document_id, meeting_id, agenda_item_id, referred_at_us, referred_by) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(r.document)
    .bind(r.meeting)
    .bind(r.agenda_item)
    .bind(r.referred_at_us)
    .bind(r.referred_by.clone())
    .fetch_one(&mut *c)
    .await
    .map_err(db)
}

pub(crate) async fn set_referral_outcome(
    c: &mut Db<'_>,
    referral: Id,
    outcome: ItemOutcome,
    at_us: i64,
    by: Procedure,
) -> Result<Id> {
    sqlx::query_scalar(
        "UPDATE referral SET outcome = $1, decided_at_us = $2, decided_by = $3 WHERE id = $4 RETURNING document_id",
    )
    .bind(plain(&outcome))
    .bind(at_us)
    .bind(plain(&by))
    .bind(referral)
    .fetch_optional(&mut *c)
    .await
    .map_err(db)?
    .ok_or(Error::NotFound { what: "referral" })
}

pub(crate) async fn set_item_outcome(c: &mut Db<'_>, item: Id, o: &ItemOutcomeRow) -> Result<()> {
    sqlx::query("UPDATE agenda_item SET outcome = $1 WHERE id = $2")
        .bind(json(o))
        .bind(item)
        .execute(&mut *c)
        .await
        .map_err(db)?;
    Ok(())
}

pub(crate) async fn item_outcome(c: &mut Db<'_>, item: Id) -> Result<Option<ItemOutcomeRow>> {
    let raw: Option<Option<String>> = sqlx::query_scalar("SELECT outcome FROM agenda_item WHERE id = $1")
        .bind(item)
        .fetch_optional(&mut *c)
        .await
        .map_err(db)?;
    raw.flatten().map(|r| parse_json(&r)).transpose()
}

pub(crate) async fn item_outcomes(c: &mut Db<'_>, meeting: Id) -> Result<Vec<(Id, ItemOutcomeRow)>> {
    let rows = sqlx::query("SELECT id, outcome FROM agenda_item WHERE meeting_id = $1 AND outcome IS NOT NULL")
        .bind(meeting)
        .fetch_all(&mut *c)
        .await
        .map_err(db)?;
    rows.iter().map(|r| Ok((r.try_get(0).map_err(db)?, parse_json(&r.try_get::<String, _>(1).map_err(db)?)?))).collect()
}
