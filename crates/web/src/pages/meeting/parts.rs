//! The forms of one part of a meeting, posted to the part itself: change or remove a programme event, a delegation
//! or an agenda item (its number moves it, and the others make room), and record an item's outcome. Each edit
//! carries the version it was read at: a stale one shows who changed the record and when, with the stored values
//! beside the typed ones, and loses nothing.

use axum::extract::State;
use axum::response::Response;
use secretariat_core::domain::{Id, Key, Kind, Record};
use secretariat_core::service::OutcomeInput;
use secretariat_core::Error;

use super::edit::{self, Refused};
use super::forms::{answer, conflict, is_stale, organisation_languages};
use super::{show, Forms};
use crate::error::{PageError, PageResult};
use crate::extract::ApiPath;
use crate::pages::form::Submitted;
use crate::AppState;

/// The part's meeting, by id and key; a part the reader may not see is not found.
async fn meeting_of(state: &AppState, form: &Submitted, kind: Kind, id: Id) -> Result<(Id, Key), PageError> {
    let lang = form.lang;
    let viewer = form.auth.viewer();
    let part = state.app.meeting_part(&viewer, kind, id).await.map_err(PageError::new(lang))?;
    let key = match part.stored.record {
        Record::ProgrammeEvent(e) => e.meeting,
        Record::Delegation(d) => d.meeting,
        Record::AgendaItem(i) => i.meeting,
        _ => return Err(PageError { error: Error::NotFound { what: kind.as_str() }, lang }),
    };
    let meeting = state.app.find(&viewer, Kind::Meeting, key.as_str()).await.map_err(PageError::new(lang))?;
    Ok((meeting.id, key))
}

/// Changes or removes a part (`remove` sent by the form's second button), then answers as every form does.
async fn change_part(
    state: &AppState,
    form: Submitted,
    kind: Kind,
    id: Id,
    section: &str,
    record: impl FnOnce(&Submitted, &Key, &[secretariat_core::domain::Lang]) -> Result<Record, Refused>,
) -> PageResult {
    let (meeting, key) = meeting_of(state, &form, kind, id).await?;
    let result: Result<String, Refused> = async {
        form.checked()?;
        let version = edit::version(&form)?;
        if form.get("remove").is_some() {
            state.app.delete(&form.actor, kind, id, version).await?;
        } else {
            let languages = organisation_languages(state, &form, meeting).await?;
            let changed = record(&form, &key, &languages)?;
            state.app.change(&form.actor, id, version, changed).await?;
        }
        Ok(format!("/meetings/{key}#{section}"))
    }
    .await;
    if let Err(r) = &result {
        if is_stale(&r.error) {
            let (typed, conflict) = conflict(state, &form, kind, id, &r.error).await?;
            let forms = Forms { part: Some(((kind, id), typed)), conflict: Some(conflict), ..Forms::default() };
            return show(state, &form.auth, form.lang, meeting, forms, false).await;
        }
    }
    answer(state, &form, meeting, result, |f| Forms { part: Some(((kind, id), f)), ..Forms::default() }).await
}

/// `POST /programme-events/{id}`: the Secretariat changes or removes a programme event.
pub async fn change_event(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Id>,
    form: Submitted,
) -> Result<Response, PageError> {
    change_part(&state, form, Kind::ProgrammeEvent, id, "programme-h", |f, key, languages| {
        edit::event(f, key, languages).map(Record::ProgrammeEvent)
    })
    .await
}

/// `POST /delegations/{id}`: the Secretariat changes a delegation (its head, its members) or removes it.
pub async fn change_delegation(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Id>,
    form: Submitted,
) -> Result<Response, PageError> {
    change_part(&state, form, Kind::Delegation, id, "delegations-h", |f, key, _| {
        edit::delegation(f, key).map(Record::Delegation)
    })
    .await
}

/// `POST /agenda-items/{id}`: the Secretariat changes an agenda item, moves it to another number, or removes it.
pub async fn change_item(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Id>,
    form: Submitted,
) -> Result<Response, PageError> {
    change_part(&state, form, Kind::AgendaItem, id, "agenda-h", |f, key, languages| {
        edit::item(f, key, languages, 1).map(Record::AgendaItem)
    })
    .await
}

/// `POST /agenda-items/{id}/outcome`: the Secretariat records what the meeting decided on an item; a deferred
/// item names the meeting it goes to, an approved one the higher body's meeting (`meeting`).
pub async fn create_outcome(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Id>,
    form: Submitted,
) -> Result<Response, PageError> {
    let (meeting, key) = meeting_of(&state, &form, Kind::AgendaItem, id).await?;
    let result: Result<String, Refused> = async {
        let raw = form.get("outcome").unwrap_or_default();
        let outcome = serde_json::from_value(serde_json::Value::String(raw.to_owned())).map_err(|_| Refused {
            error: Error::invalid("invalid_choice", "choose an outcome"),
            field: Some("outcome"),
        })?;
        let named = form
            .get("meeting")
            .map(Key::parse)
            .transpose()
            .map_err(|error| Refused { error, field: Some("meeting") })?;
        let (deferred_to, submitted_to) = match outcome {
            secretariat_core::domain::ItemOutcome::Deferred => (named, None),
            secretariat_core::domain::ItemOutcome::Approved => (None, named),
            _ => (None, None),
        };
        let input = OutcomeInput { outcome, deferred_to, submitted_to, at: None };
        state.app.record_outcome(&form.actor, id, input).await?;
        Ok(format!("/meetings/{key}#agenda-h"))
    }
    .await;
    answer(&state, &form, meeting, result, |f| Forms { outcome: Some((id, f)), ..Forms::default() }).await
}
