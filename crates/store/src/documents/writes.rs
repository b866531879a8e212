//! A document's writes beyond its record: where it stands, its revisions and language versions, positions.
//! Audit entries are appended by the transaction (tx.rs).

use secretariat_core::domain::{name_of, Id, VersionStatus};
use secretariat_core::store::*;
use secretariat_core::{Error, Result};

use crate::counted::Db;
use crate::error::db;
use crate::shelf::{insert_rows, json, Val};

pub(crate) async fn write_state(c: &mut Db<'_>, document: Id, s: &DocumentState) -> Result<()> {
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

pub(crate) async fn series_numbers(c: &mut Db<'_>, series: &str) -> Result<Vec<u32>> {
    let numbers: Vec<i64> =
        sqlx::query_scalar("SELECT series_number FROM document WHERE series = $1 AND series_number IS NOT NULL")
            .bind(series.to_owned())
            .fetch_all(&mut *c)
            .await
            .map_err(db)?;
    Ok(numbers.into_iter().filter_map(|n| u32::try_from(n).ok()).collect())
}

pub(crate) async fn insert_revision(c: &mut Db<'_>, document: Id, rev: &Revision) -> Result<Id> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO document_revision (document_id, number, created_at_us, created_by) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(document)
    .bind(i64::from(rev.number))
    .bind(rev.created_at.as_microsecond())
    .bind(rev.created_by.clone())
    .fetch_one(&mut *c)
    .await
    .map_err(db)?;
    // Their ids are not returned, so all the revision's texts go in one statement.
    let texts = rev.language_versions.iter().map(|v| {
        [
            Val::Int(Some(1)),
            Val::Int(Some(id)),
            Val::text(v.language.as_str()),
            Val::text(name_of(&v.status)),
            Val::text(v.text.clone()),
        ]
    });
    let texts: Vec<_> = texts.collect();
    insert_rows(c, "document_text (version, revision_id, language, status, body)", texts).await?;
    Ok(id)
}

/// Writes a language version: in the table `document_text`, its text in the column `body`.
pub(crate) async fn insert_language_version(c: &mut Db<'_>, revision: Id, v: &LanguageVersion) -> Result<Id> {
    sqlx::query_scalar("INSERT INTO document_text (version, revision_id, language, status, body) VALUES (1, $1, $2, $3, $4) RETURNING id")
        .bind(revision)
        .bind(v.language.as_str().to_owned())
        .bind(name_of(&v.status))
        .bind(v.text.clone())
        .fetch_one(&mut *c)
        .await
        .map_err(db)
}

pub(crate) async fn update_language_version(
    c: &mut Db<'_>,
    language_version: Id,
    version: i64,
    text: &str,
    status: VersionStatus,
) -> Result<i64> {
    let done = sqlx::query(
        "UPDATE document_text SET body = $1, status = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(text.to_owned())
    .bind(name_of(&status))
    .bind(language_version)
    .bind(version)
    .execute(&mut *c)
    .await
    .map_err(db)?;
    if done.rows_affected() == 1 {
        return Ok(version + 1);
    }
    let current: Option<i64> = sqlx::query_scalar("SELECT version FROM document_text WHERE id = $1")
        .bind(language_version)
        .fetch_optional(&mut *c)
        .await
        .map_err(db)?;
    Err(current.map_or(Error::NotFound { what: "language version" }, Error::stale))
}

pub(crate) async fn set_position(c: &mut Db<'_>, revision: Id, p: &RecordedPosition) -> Result<()> {
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
    .bind(p.at.as_microsecond())
    .execute(&mut *c)
    .await
    .map_err(db)?;
    Ok(())
}

/// Writes the positions of a revision that holds none, in multi-row `INSERT`s: a state named twice keeps its
/// last position, in the place of its last, as `set_position` one after the other would leave them.
pub(crate) async fn insert_positions(c: &mut Db<'_>, revision: Id, positions: &[RecordedPosition]) -> Result<()> {
    let last: Vec<&RecordedPosition> = positions
        .iter()
        .enumerate()
        .filter(|(i, p)| !positions[i + 1..].iter().any(|later| later.state == p.state))
        .map(|(_, p)| p)
        .collect();
    let rows = last.into_iter().map(|p| {
        [
            Val::Int(Some(revision)),
            Val::text(p.state.as_str()),
            Val::text(p.position.name()),
            Val::Text(p.position.text().map(str::to_owned)),
            Val::text(p.recorded_by.clone()),
            Val::Int(Some(i64::from(p.on_behalf))),
            Val::Int(Some(p.at.as_microsecond())),
        ]
    });
    let rows: Vec<_> = rows.collect();
    insert_rows(c, "position (revision_id, state_code, position, text, recorded_by, on_behalf, at_us)", rows).await?;
    Ok(())
}
