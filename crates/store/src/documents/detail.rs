//! What a document has beyond its record: its state, revisions with language versions, positions, silence
//! procedures, referrals; and agenda items' outcomes. Audit entries are appended by the transaction (tx.rs).

use secretariat_core::domain::{ItemOutcome, Lang, Outcome, Procedure, StateCode, VersionStatus};
use secretariat_core::rules::consensus::Position;
use secretariat_core::rules::lifecycle::DocumentStatus;
use secretariat_core::rules::silence::Received;
use secretariat_core::store::*;
use secretariat_core::{Error, Result};
use sqlx::{AnyConnection, Row};

use crate::error::db;
use crate::shelf::json;

fn bad(what: &str) -> impl Fn(Error) -> Error + '_ {
    move |e| Error::Storage(format!("stored {what}: {e}"))
}

pub(super) fn parse_json<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| Error::Storage(format!("stored JSON does not parse: {e}")))
}

fn timestamp(us: i64) -> Result<jiff::Timestamp> {
    jiff::Timestamp::from_microsecond(us).map_err(|e| Error::Storage(e.to_string()))
}

pub(crate) async fn state(c: &mut AnyConnection, document: Id) -> Result<DocumentState> {
    let row = sqlx::query(
        "SELECT status, symbol, series, series_number, outcome, circulated_at_us, agreed_at_us, steps FROM document \
         WHERE id = $1",
    )
    .bind(document)
    .fetch_optional(&mut *c)
    .await
    .map_err(db)?
    .ok_or(Error::NotFound { what: "document" })?;
    let series: Option<String> = row.try_get(2).map_err(db)?;
    let number: Option<i64> = row.try_get(3).map_err(db)?;
    Ok(DocumentState {
        status: DocumentStatus::parse(&row.try_get::<String, _>(0).map_err(db)?).map_err(bad("status"))?,
        symbol: row.try_get(1).map_err(db)?,
        series: series.zip(number.and_then(|n| u32::try_from(n).ok())),
        outcome: row.try_get::<Option<String>, _>(4).map_err(db)?.map(|o| parse_json::<Outcome>(&o)).transpose()?,
        steps: parse_json(&row.try_get::<String, _>(7).map_err(db)?)?,
        circulated_at: row.try_get::<Option<i64>, _>(5).map_err(db)?.map(timestamp).transpose()?,
        agreed_at: row.try_get::<Option<i64>, _>(6).map_err(db)?.map(timestamp).transpose()?,
    })
}

pub(crate) async fn write_state(c: &mut AnyConnection, document: Id, s: &DocumentState) -> Result<()> {
    sqlx::query(
        "UPDATE document SET status = $1, symbol = $2, series = $3, series_number = $4, outcome = $5, \
         circulated_at_us = $6, agreed_at_us = $7, steps = $8 WHERE id = $9",
    )
    .bind(s.status.as_str())
    .bind(s.symbol.clone())
    .bind(s.series.as_ref().map(|(base, _)| base.clone()))
    .bind(s.series.as_ref().map(|(_, n)| i64::from(*n)))
    .bind(s.outcome.as_ref().map(json))
    .bind(s.circulated_at.map(|t| t.as_microsecond()))
    .bind(s.agreed_at.map(|t| t.as_microsecond()))
    .bind(json(&s.steps))
    .bind(document)
    .execute(&mut *c)
    .await
    .map_err(db)?;
    Ok(())
}

pub(crate) async fn series_numbers(c: &mut AnyConnection, series: &str) -> Result<Vec<u32>> {
    let numbers: Vec<i64> =
        sqlx::query_scalar("SELECT series_number FROM document WHERE series = $1 AND series_number IS NOT NULL")
            .bind(series.to_owned())
            .fetch_all(&mut *c)
            .await
            .map_err(db)?;
    Ok(numbers.into_iter().filter_map(|n| u32::try_from(n).ok()).collect())
}

async fn revisions(c: &mut AnyConnection, document: Id) -> Result<Vec<RevisionRow>> {
    let rows = sqlx::query(
        "SELECT id, number, created_at_us, created_by FROM document_revision WHERE document_id = $1 ORDER BY number",
    )
    .bind(document)
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0).map_err(db)?;
        let texts = sqlx::query(
            "SELECT id, version, language, status, body FROM document_text WHERE revision_id = $1 ORDER BY language",
        )
        .bind(id)
        .fetch_all(&mut *c)
        .await
        .map_err(db)?
        .iter()
        .map(|t| {
            Ok(TextRow {
                id: t.try_get(0).map_err(db)?,
                version: t.try_get(1).map_err(db)?,
                language: Lang::parse(&t.try_get::<String, _>(2).map_err(db)?).map_err(bad("language"))?,
                status: parse_json(&format!("\"{}\"", t.try_get::<String, _>(3).map_err(db)?))?,
                text: t.try_get(4).map_err(db)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        out.push(RevisionRow {
            id,
            number: u32::try_from(r.try_get::<i64, _>(1).map_err(db)?).unwrap_or_default(),
            created_at_us: r.try_get(2).map_err(db)?,
            created_by: r.try_get(3).map_err(db)?,
            texts,
        });
    }
    Ok(out)
}

async fn positions(c: &mut AnyConnection, document: Id) -> Result<Vec<PositionRow>> {
    let rows = sqlx::query(
        "SELECT r.number, p.state_code, p.position, p.text, p.recorded_by, p.on_behalf, p.at_us FROM position p \
         JOIN document_revision r ON r.id = p.revision_id WHERE r.document_id = $1 ORDER BY r.number, p.id",
    )
    .bind(document)
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get(2).map_err(db)?;
            Ok(PositionRow {
                revision: u32::try_from(r.try_get::<i64, _>(0).map_err(db)?).unwrap_or_default(),
                state: StateCode::parse(&r.try_get::<String, _>(1).map_err(db)?).map_err(bad("state"))?,
                position: Position::parse(&name, r.try_get(3).map_err(db)?).map_err(bad("position"))?,
                recorded_by: r.try_get(4).map_err(db)?,
                on_behalf: r.try_get::<i64, _>(5).map_err(db)? != 0,
                at_us: r.try_get(6).map_err(db)?,
            })
        })
        .collect()
}

async fn received(c: &mut AnyConnection, procedure: Id) -> Result<Vec<Received>> {
    let rows = sqlx::query(
        "SELECT state_code, kind, text, at_us FROM silence_received WHERE procedure_id = $1 ORDER BY at_us, id",
    )
    .bind(procedure)
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(Received {
                state: StateCode::parse(&r.try_get::<String, _>(0).map_err(db)?).map_err(bad("state"))?,
                kind: parse_json(&format!("\"{}\"", r.try_get::<String, _>(1).map_err(db)?))?,
                text: r.try_get(2).map_err(db)?,
                at: timestamp(r.try_get(3).map_err(db)?)?,
            })
        })
        .collect()
}

const SILENCE: &str =
    "SELECT id, document_id, revision_number, opened_at_us, deadline_us, opened_by, status, closed_at_us FROM silence_procedure";

async fn silence_rows(c: &mut AnyConnection, condition: &str, id: Id) -> Result<Vec<SilenceRow>> {
    let rows = sqlx::query(&format!("{SILENCE} WHERE {condition} = $1 ORDER BY id"))
        .bind(id)
        .fetch_all(&mut *c)
        .await
        .map_err(db)?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0).map_err(db)?;
        out.push(SilenceRow {
            id,
            document: r.try_get(1).map_err(db)?,
            revision: u32::try_from(r.try_get::<i64, _>(2).map_err(db)?).unwrap_or_default(),
            opened_at_us: r.try_get(3).map_err(db)?,
            deadline_us: r.try_get(4).map_err(db)?,
            opened_by: r.try_get(5).map_err(db)?,
            status: r.try_get(6).map_err(db)?,
            closed_at_us: r.try_get(7).map_err(db)?,
            received: received(c, id).await?,
        });
    }
    Ok(out)
}

pub(crate) async fn silence(c: &mut AnyConnection, id: Id) -> Result<Option<SilenceRow>> {
    Ok(silence_rows(c, "id", id).await?.pop())
}

async fn referrals(c: &mut AnyConnection, document: Id) -> Result<Vec<ReferralRow>> {
    referral_rows(c, "document_id", document).await
}

/// One referral.
pub(crate) async fn referral(c: &mut AnyConnection, id: Id) -> Result<Option<ReferralRow>> {
    Ok(referral_rows(c, "id", id).await?.pop())
}

async fn referral_rows(c: &mut AnyConnection, condition: &str, id: Id) -> Result<Vec<ReferralRow>> {
    let rows = sqlx::query(&format!(
        "SELECT id, document_id, meeting_id, agenda_item_id, referred_at_us, referred_by, outcome, decided_at_us, \
         decided_by FROM referral WHERE {condition} = $1 ORDER BY id"
    ))
    .bind(id)
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(ReferralRow {
                id: r.try_get(0).map_err(db)?,
                document: r.try_get(1).map_err(db)?,
                meeting: r.try_get(2).map_err(db)?,
                agenda_item: r.try_get(3).map_err(db)?,
                referred_at_us: r.try_get(4).map_err(db)?,
                referred_by: r.try_get(5).map_err(db)?,
                outcome: r
                    .try_get::<Option<String>, _>(6)
                    .map_err(db)?
                    .map(|o| parse_json::<ItemOutcome>(&format!("\"{o}\"")))
                    .transpose()?,
                decided_at_us: r.try_get(7).map_err(db)?,
                decided_by: r
                    .try_get::<Option<String>, _>(8)
                    .map_err(db)?
                    .map(|p| parse_json::<Procedure>(&format!("\"{p}\"")))
                    .transpose()?,
            })
        })
        .collect()
}

async fn items(c: &mut AnyConnection, document: Id) -> Result<Vec<(Id, Id, u16)>> {
    let key: String = sqlx::query_scalar("SELECT key FROM document WHERE id = $1")
        .bind(document)
        .fetch_one(&mut *c)
        .await
        .map_err(db)?;
    // An item's documents are a JSON list of keys; the quoted key matches exactly.
    let rows = sqlx::query("SELECT id, meeting_id, number FROM agenda_item WHERE documents LIKE $1 ORDER BY id")
        .bind(format!("%\"{key}\"%"))
        .fetch_all(&mut *c)
        .await
        .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).map_err(db)?,
                r.try_get(1).map_err(db)?,
                u16::try_from(r.try_get::<i64, _>(2).map_err(db)?).unwrap_or_default(),
            ))
        })
        .collect()
}

pub(crate) async fn detail(c: &mut AnyConnection, document: Id) -> Result<DocumentDetail> {
    Ok(DocumentDetail {
        state: state(c, document).await?,
        revisions: revisions(c, document).await?,
        positions: positions(c, document).await?,
        silences: silence_rows(c, "document_id", document).await?,
        referrals: referrals(c, document).await?,
        items: items(c, document).await?,
    })
}

pub(super) fn plain<T: serde::Serialize>(v: &T) -> String {
    json(v).trim_matches('"').to_owned()
}

pub(crate) async fn insert_revision(c: &mut AnyConnection, document: Id, rev: &RevisionRow) -> Result<Id> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO document_revision (document_id, number, created_at_us, created_by) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(document)
    .bind(i64::from(rev.number))
    .bind(rev.created_at_us)
    .bind(rev.created_by.clone())
    .fetch_one(&mut *c)
    .await
    .map_err(db)?;
    for t in &rev.texts {
        insert_text(c, id, t).await?;
    }
    Ok(id)
}

pub(crate) async fn insert_text(c: &mut AnyConnection, revision: Id, t: &TextRow) -> Result<Id> {
    sqlx::query_scalar("INSERT INTO document_text (version, revision_id, language, status, body) VALUES (1, $1, $2, $3, $4) RETURNING id")
        .bind(revision)
        .bind(t.language.as_str().to_owned())
        .bind(plain(&t.status))
        .bind(t.text.clone())
        .fetch_one(&mut *c)
        .await
        .map_err(db)
}

pub(crate) async fn update_text(
    c: &mut AnyConnection,
    text: Id,
    version: i64,
    body: &str,
    status: VersionStatus,
) -> Result<i64> {
    let done = sqlx::query(
        "UPDATE document_text SET body = $1, status = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(body.to_owned())
    .bind(plain(&status))
    .bind(text)
    .bind(version)
    .execute(&mut *c)
    .await
    .map_err(db)?;
    if done.rows_affected() == 1 {
        return Ok(version + 1);
    }
    let current: Option<i64> = sqlx::query_scalar("SELECT version FROM document_text WHERE id = $1")
        .bind(text)
        .fetch_optional(&mut *c)
        .await
        .map_err(db)?;
    Err(current.map_or(Error::NotFound { what: "language version" }, Error::stale))
}

pub(crate) async fn set_position(c: &mut AnyConnection, revision: Id, p: &PositionRow) -> Result<()> {
    sqlx::query("DELETE FROM position WHERE revision_id = $1 AND state_code = $2")
        .bind(revision)
        .bind(p.state.as_str().to_owned())
        .execute(&mut *c)
        .await
        .map_err(db)?;
    sqlx::query(
        "INSERT INTO position (revision_id, state_code, position, text, recorded_by, on_behalf, at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(revision)
    .bind(p.state.as_str().to_owned())
    .bind(p.position.name())
    .bind(p.position.text().map(str::to_owned))
    .bind(p.recorded_by.clone())
    .bind(i64::from(p.on_behalf))
    .bind(p.at_us)
    .execute(&mut *c)
    .await
    .map_err(db)?;
    Ok(())
}
