//! What a document has beyond its record: its state, revisions with language versions, positions, silence
//! procedures, referrals; and agenda items' outcomes. Audit entries are appended by the transaction (tx.rs).

use secretariat_core::domain::{DocumentStatus, Id, ItemOutcome, Lang, Outcome, Position, Procedure, StateCode};
use secretariat_core::rules::silence::Received;
use secretariat_core::store::*;
use secretariat_core::{Error, Result};
use std::collections::HashMap;

use sqlx::Row;

use crate::counted::Db;
use crate::error::db;
use crate::shelf::from_name;

fn bad(what: &str) -> impl Fn(Error) -> Error + '_ {
    move |e| Error::Storage(format!("stored {what}: {e}"))
}

pub(super) fn parse_json<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| Error::Storage(format!("stored JSON does not parse: {e}")))
}

/// An instant from its column: microseconds UTC.
pub(super) fn timestamp(us: i64) -> Result<jiff::Timestamp> {
    jiff::Timestamp::from_microsecond(us).map_err(|e| Error::Storage(e.to_string()))
}

/// Ids written into SQL as literals: they are integers, never text from input.
fn id_list(ids: &[Id]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

const STATE: &str =
    "SELECT status, symbol, series, series_number, outcome, circulated_at_us, agreed_at_us, steps, id FROM document";

fn decode_state(row: &sqlx::any::AnyRow) -> Result<DocumentState> {
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

pub(crate) async fn state(c: &mut Db<'_>, document: Id) -> Result<DocumentState> {
    let row = sqlx::query(&format!("{STATE} WHERE id = $1"))
        .bind(document)
        .fetch_optional(&mut *c)
        .await
        .map_err(db)?
        .ok_or(Error::NotFound { what: "document" })?;
    decode_state(&row)
}

/// Where each document stands, in id order; unknown ids are left out.
pub(crate) async fn states(c: &mut Db<'_>, documents: &[Id]) -> Result<Vec<(Id, DocumentState)>> {
    let rows = sqlx::query(&format!("{STATE} WHERE id IN ({}) ORDER BY id", id_list(documents)))
        .fetch_all(&mut *c)
        .await
        .map_err(db)?;
    rows.iter().map(|r| Ok((r.try_get(8).map_err(db)?, decode_state(r)?))).collect()
}

/// The documents' revisions with their language versions, by document: two statements for any number.
async fn revisions(c: &mut Db<'_>, documents: &[Id]) -> Result<HashMap<Id, Vec<Revision>>> {
    let ids = id_list(documents);
    let versions = sqlx::query(&format!(
        "SELECT t.id, t.version, t.language, t.status, t.body, t.revision_id FROM document_text t \
         JOIN document_revision r ON r.id = t.revision_id WHERE r.document_id IN ({ids}) ORDER BY t.language, t.id"
    ))
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    let mut by_revision: HashMap<Id, Vec<LanguageVersion>> = HashMap::new();
    for t in &versions {
        by_revision.entry(t.try_get(5).map_err(db)?).or_default().push(LanguageVersion {
            id: t.try_get(0).map_err(db)?,
            version: t.try_get(1).map_err(db)?,
            language: Lang::parse(&t.try_get::<String, _>(2).map_err(db)?).map_err(bad("language"))?,
            status: from_name(&t.try_get::<String, _>(3).map_err(db)?)?,
            text: t.try_get(4).map_err(db)?,
        });
    }
    let rows = sqlx::query(&format!(
        "SELECT id, number, created_at_us, created_by, document_id FROM document_revision \
         WHERE document_id IN ({ids}) ORDER BY document_id, number"
    ))
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    let mut out: HashMap<Id, Vec<Revision>> = HashMap::new();
    for r in rows {
        let id: i64 = r.try_get(0).map_err(db)?;
        out.entry(r.try_get(4).map_err(db)?).or_default().push(Revision {
            id,
            number: u32::try_from(r.try_get::<i64, _>(1).map_err(db)?).unwrap_or_default(),
            created_at: timestamp(r.try_get(2).map_err(db)?)?,
            created_by: r.try_get(3).map_err(db)?,
            language_versions: by_revision.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}

async fn positions(c: &mut Db<'_>, documents: &[Id]) -> Result<HashMap<Id, Vec<RecordedPosition>>> {
    let rows = sqlx::query(&format!(
        "SELECT r.number, p.state_code, p.position, p.text, p.recorded_by, p.on_behalf, p.at_us, r.document_id \
         FROM position p JOIN document_revision r ON r.id = p.revision_id WHERE r.document_id IN ({}) \
         ORDER BY r.number, p.id",
        id_list(documents)
    ))
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    let mut out: HashMap<Id, Vec<RecordedPosition>> = HashMap::new();
    for r in &rows {
        let name: String = r.try_get(2).map_err(db)?;
        out.entry(r.try_get(7).map_err(db)?).or_default().push(RecordedPosition {
            revision: u32::try_from(r.try_get::<i64, _>(0).map_err(db)?).unwrap_or_default(),
            state: StateCode::parse(&r.try_get::<String, _>(1).map_err(db)?).map_err(bad("state"))?,
            position: Position::parse(&name, r.try_get(3).map_err(db)?).map_err(bad("position"))?,
            recorded_by: r.try_get(4).map_err(db)?,
            on_behalf: r.try_get::<i64, _>(5).map_err(db)? != 0,
            at: timestamp(r.try_get(6).map_err(db)?)?,
        });
    }
    Ok(out)
}

/// What the procedures received, by procedure.
async fn received(c: &mut Db<'_>, procedures: &[Id]) -> Result<HashMap<Id, Vec<Received>>> {
    let rows = sqlx::query(&format!(
        "SELECT state_code, kind, text, at_us, procedure_id FROM silence_received WHERE procedure_id IN ({}) \
         ORDER BY at_us, id",
        id_list(procedures)
    ))
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    let mut out: HashMap<Id, Vec<Received>> = HashMap::new();
    for r in &rows {
        out.entry(r.try_get(4).map_err(db)?).or_default().push(Received {
            state: StateCode::parse(&r.try_get::<String, _>(0).map_err(db)?).map_err(bad("state"))?,
            kind: from_name(&r.try_get::<String, _>(1).map_err(db)?)?,
            text: r.try_get(2).map_err(db)?,
            at: timestamp(r.try_get(3).map_err(db)?)?,
        });
    }
    Ok(out)
}

const SILENCE: &str =
    "SELECT id, document_id, revision_number, opened_at_us, deadline_us, opened_by, status, closed_at_us FROM silence_procedure";

/// Silence procedures whose `column` is one of `ids`, in id order, with what each received.
async fn silence_rows(c: &mut Db<'_>, column: &str, ids: &[Id]) -> Result<Vec<SilenceProcedure>> {
    let rows = sqlx::query(&format!("{SILENCE} WHERE {column} IN ({}) ORDER BY id", id_list(ids)))
        .fetch_all(&mut *c)
        .await
        .map_err(db)?;
    let procedures: Vec<Id> = rows.iter().map(|r| r.try_get(0).map_err(db)).collect::<Result<_>>()?;
    let mut received = if procedures.is_empty() { HashMap::new() } else { received(c, &procedures).await? };
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0).map_err(db)?;
        out.push(SilenceProcedure {
            id,
            document: r.try_get(1).map_err(db)?,
            revision: u32::try_from(r.try_get::<i64, _>(2).map_err(db)?).unwrap_or_default(),
            opened_at: timestamp(r.try_get(3).map_err(db)?)?,
            deadline: timestamp(r.try_get(4).map_err(db)?)?,
            opened_by: r.try_get(5).map_err(db)?,
            status: from_name(&r.try_get::<String, _>(6).map_err(db)?)?,
            closed_at: r.try_get::<Option<i64>, _>(7).map_err(db)?.map(timestamp).transpose()?,
            received: received.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}

pub(crate) async fn silence(c: &mut Db<'_>, id: Id) -> Result<Option<SilenceProcedure>> {
    Ok(silence_rows(c, "id", &[id]).await?.pop())
}

/// One referral.
pub(crate) async fn referral(c: &mut Db<'_>, id: Id) -> Result<Option<Referral>> {
    Ok(referral_rows(c, "id", &[id]).await?.pop())
}

async fn referral_rows(c: &mut Db<'_>, column: &str, ids: &[Id]) -> Result<Vec<Referral>> {
    let rows = sqlx::query(&format!(
        "SELECT id, document_id, meeting_id, agenda_item_id, referred_at_us, referred_by, outcome, decided_at_us, \
         decided_by FROM referral WHERE {column} IN ({}) ORDER BY id",
        id_list(ids)
    ))
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(Referral {
                id: r.try_get(0).map_err(db)?,
                document: r.try_get(1).map_err(db)?,
                meeting: r.try_get(2).map_err(db)?,
                agenda_item: r.try_get(3).map_err(db)?,
                referred_at: timestamp(r.try_get(4).map_err(db)?)?,
                referred_by: r.try_get(5).map_err(db)?,
                outcome: r
                    .try_get::<Option<String>, _>(6)
                    .map_err(db)?
                    .map(|o| from_name::<ItemOutcome>(&o))
                    .transpose()?,
                decided_at: r.try_get::<Option<i64>, _>(7).map_err(db)?.map(timestamp).transpose()?,
                decided_by: r
                    .try_get::<Option<String>, _>(8)
                    .map_err(db)?
                    .map(|p| from_name::<Procedure>(&p))
                    .transpose()?,
            })
        })
        .collect()
}

/// The agenda items that carry each document, by the document's key: one statement for all of them, by the index
/// of the items' documents (`agenda_item_document`).
async fn items(c: &mut Db<'_>, keys: &[String]) -> Result<HashMap<String, Vec<(Id, Id, u16)>>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let params: Vec<String> = (1..=keys.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT i.id, i.meeting_id, i.number, d.document_key FROM agenda_item_document d \
         JOIN agenda_item i ON i.id = d.agenda_item_id WHERE d.document_key IN ({}) ORDER BY i.id",
        params.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for key in keys {
        q = q.bind(key.clone());
    }
    let rows = q.fetch_all(&mut *c).await.map_err(db)?;
    let mut out: HashMap<String, Vec<(Id, Id, u16)>> = HashMap::new();
    for r in &rows {
        let item = (
            r.try_get(0).map_err(db)?,
            r.try_get(1).map_err(db)?,
            u16::try_from(r.try_get::<i64, _>(2).map_err(db)?).unwrap_or_default(),
        );
        out.entry(r.try_get(3).map_err(db)?).or_default().push(item);
    }
    Ok(out)
}

pub(crate) async fn detail(c: &mut Db<'_>, document: Id) -> Result<DocumentDetail> {
    details(c, &[document]).await?.pop().map(|(_, d)| d).ok_or(Error::NotFound { what: "document" })
}

/// The detail of each document, in id order, in the same few statements whatever their number (a statement per
/// [`super::BATCH`] documents).
pub(crate) async fn details(c: &mut Db<'_>, documents: &[Id]) -> Result<Vec<(Id, DocumentDetail)>> {
    let mut out = Vec::new();
    for chunk in documents.chunks(super::BATCH) {
        let keyed = sqlx::query(&format!("SELECT id, key FROM document WHERE id IN ({})", id_list(chunk)))
            .fetch_all(&mut *c)
            .await
            .map_err(db)?;
        let keys: HashMap<Id, String> =
            keyed.iter().map(|r| Ok((r.try_get(0).map_err(db)?, r.try_get(1).map_err(db)?))).collect::<Result<_>>()?;
        let states = states(c, chunk).await?;
        let mut revisions = revisions(c, chunk).await?;
        let mut positions = positions(c, chunk).await?;
        let silences = silence_rows(c, "document_id", chunk).await?;
        let referrals = referral_rows(c, "document_id", chunk).await?;
        let mut items = items(c, &keys.values().cloned().collect::<Vec<_>>()).await?;
        for (id, state) in states {
            out.push((
                id,
                DocumentDetail {
                    state,
                    revisions: revisions.remove(&id).unwrap_or_default(),
                    positions: positions.remove(&id).unwrap_or_default(),
                    silences: silences.iter().filter(|s| s.document == id).cloned().collect(),
                    referrals: referrals.iter().filter(|r| r.document == id).cloned().collect(),
                    items: keys.get(&id).and_then(|k| items.remove(k)).unwrap_or_default(),
                },
            ));
        }
    }
    Ok(out)
}
