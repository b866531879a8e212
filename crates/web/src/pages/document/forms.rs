//! The forms of the document page. Each posts to the resource it changes, calls the same use case as the API, and
//! answers `303` back to the page at its section; refused, it shows the page again with the form as typed and the
//! refusal at its field.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use secretariat_core::domain::{DocumentStatus, Id, SilenceStatus, StateCode};
use secretariat_core::rules::silence::BreakKind;
use secretariat_core::service::{ObjectionInput, PositionInput};
use secretariat_core::Error;

use super::show;
use crate::error::{PageError, PageResult};
use crate::extract::ApiPath;
use crate::pages::form::FormView;
use crate::pages::form::{done, Submitted};
use crate::AppState;

/// The forms of the document page, each as typed when it was refused (fresh otherwise).
#[derive(Default)]
pub struct Forms {
    pub position: FormView,
    pub silence: FormView,
    pub objection: FormView,
    pub transition: FormView,
    /// The edit of one language version, by its language, as typed when refused.
    pub text: Option<(String, FormView)>,
    /// A stale edit: the stored text and who wrote it.
    pub conflict: Option<super::history::Conflict>,
    pub revision: FormView,
    pub sponsors: FormView,
    /// The referral to a higher body, and the higher body's outcome on one referral (by its id).
    pub referral: FormView,
    pub referral_outcome: Option<(Id, FormView)>,
    /// The revisions to compare, if asked.
    pub compare: Option<super::history::Compare>,
}

impl Forms {
    /// The status of the page: that of the refused form, else 200.
    pub(super) fn status(&self) -> axum::http::StatusCode {
        let text = self.text.as_ref().map(|(_, f)| f);
        let outcome = self.referral_outcome.as_ref().map(|(_, f)| f);
        let forms = [&self.position, &self.silence, &self.objection, &self.transition, &self.revision, &self.sponsors];
        forms
            .into_iter()
            .chain([&self.referral])
            .chain(text)
            .chain(outcome)
            .map(|f| f.status)
            .find(|s| *s != axum::http::StatusCode::OK)
            .unwrap_or_default()
    }

    /// The form of one language version: as typed if it was refused, else its stored text.
    pub(super) fn text_form(&self, language: &str, stored: &str, status: &str) -> FormView {
        match &self.text {
            Some((l, f)) if l == language => f.clone(),
            _ => FormView::with(&[("text", stored), ("status", status)]),
        }
    }
}

/// The document page's query: the language, and two revisions to compare in one language.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DocumentQuery {
    pub lang: Option<String>,
    pub from: Option<u32>,
    pub to: Option<u32>,
    pub language: Option<String>,
}

/// The error codes of the position form and the fields they concern.
pub const POSITION_FIELDS: &[(&str, &str)] = &[
    ("position_text_required", "text"),
    ("invalid_position", "position"),
    ("state_required", "state"),
    ("invalid_state", "state"),
    ("not_a_member_on_the_day", "state"),
    ("takes_no_position", "state"),
];

/// The error codes of the silence form.
pub const SILENCE_FIELDS: &[(&str, &str)] =
    &[("invalid_deadline", "deadline"), ("deadline_in_past", "deadline"), ("deadline_too_far", "deadline")];

/// The error codes of the objection form.
pub const OBJECTION_FIELDS: &[(&str, &str)] =
    &[("text_required", "text"), ("invalid_kind", "kind"), ("state_required", "state"), ("invalid_state", "state")];

/// The document a form names, by id or key, as its sender may see it.
pub(super) async fn resolve(state: &AppState, form: &Submitted, reference: &str) -> Result<Id, PageError> {
    crate::api::documents::document_id(state, &form.auth, reference).await.map_err(PageError::new(form.lang))
}

fn state_field(form: &Submitted) -> Result<Option<StateCode>, Error> {
    form.get("state").map(StateCode::parse).transpose()
}

/// Shows the page again with one form refused, or goes back to the page's section.
pub(super) async fn answer(
    state: &AppState,
    form: &Submitted,
    headers: &HeaderMap,
    id: Id,
    result: Result<String, Error>,
    refused: impl FnOnce(&Submitted, &Error) -> Forms,
) -> PageResult {
    match result {
        Ok(to) => Ok(done(&to)),
        Err(e) if crate::pages::form::shown_again(&e) => {
            let forms = refused(form, &e);
            show(state, &form.auth, form.lang, headers, id, forms, false).await
        }
        Err(e) => Err(PageError { error: e, lang: form.lang }),
    }
}

/// `POST /documents/{key}/positions`: a delegate records her state's position; the Secretariat, a state's.
pub async fn create_position(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = position(&state, &form, id).await;
    answer(&state, &form, &headers, id, result, |f, e| Forms {
        position: f.rejected(e, POSITION_FIELDS),
        ..Forms::default()
    })
    .await
}

/// The deadline typed into the form: a day and a time in the venue's zone (`2018-06-20T18:00`), or an instant
/// with its offset.
fn deadline(raw: Option<&str>, zone: &jiff::tz::TimeZone) -> Result<jiff::Timestamp, Error> {
    let invalid = || Error::invalid("invalid_deadline", "give the deadline's day and time");
    let raw = raw.ok_or_else(invalid)?;
    if let Ok(t) = raw.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let local: jiff::civil::DateTime = raw.parse().map_err(|_| invalid())?;
    local.to_zoned(zone.clone()).map(|z| z.timestamp()).map_err(|_| invalid())
}

/// `POST /documents/{key}/silence`: the Secretariat opens a silence procedure until the deadline typed.
pub async fn create_silence(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = silence(&state, &form, id).await;
    answer(&state, &form, &headers, id, result, |f, e| Forms {
        silence: f.rejected(e, SILENCE_FIELDS),
        ..Forms::default()
    })
    .await
}

/// `POST /documents/{key}/objections`: an objection or an amendment to the open silence procedure.
pub async fn create_objection(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = objection(&state, &form, id).await;
    answer(&state, &form, &headers, id, result, |f, e| Forms {
        objection: f.rejected(e, OBJECTION_FIELDS),
        ..Forms::default()
    })
    .await
}

/// `POST /documents/{key}/transitions`: the Secretariat circulates a draft or records agreement; a sponsor or
/// the Secretariat withdraws it.
pub async fn create_transition(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = transition(&state, &form, id).await;
    answer(&state, &form, &headers, id, result, |f, e| Forms { transition: f.rejected(e, &[]), ..Forms::default() })
        .await
}

async fn position(state: &AppState, form: &Submitted, id: Id) -> Result<String, Error> {
    form.checked()?;
    let input = PositionInput {
        state: state_field(form)?,
        position: form.get("position").unwrap_or_default().to_owned(),
        text: form.get("text").map(str::to_owned),
        at: None,
    };
    let view = state.app.record_position(&form.actor, id, input).await?;
    Ok(format!("/documents/{}#positions", view.document.key))
}

async fn silence(state: &AppState, form: &Submitted, id: Id) -> Result<String, Error> {
    form.checked()?;
    let viewer = form.auth.viewer();
    let view = state.app.document(&viewer, id).await?;
    let zone = state.app.venue_of(&viewer, &view).await?.map_or(jiff::tz::TimeZone::UTC, |c| c.time_zone.zone());
    let deadline = deadline(form.get("deadline"), &zone)?;
    state.app.open_silence(&form.actor, id, deadline, None).await?;
    Ok(format!("/documents/{}#silence", view.document.key))
}

async fn objection(state: &AppState, form: &Submitted, id: Id) -> Result<String, Error> {
    form.checked()?;
    let view = state.app.document(&form.auth.viewer(), id).await?;
    let open = view.silence.iter().find(|s| s.status == SilenceStatus::Open).map(|s| s.id);
    let procedure =
        open.ok_or_else(|| Error::conflict("silence_closed", "no silence procedure is open on this document"))?;
    let kind = match form.get("kind") {
        Some("amendment") => BreakKind::Amendment,
        Some("objection") | None => BreakKind::Objection,
        Some(_) => return Err(Error::invalid("invalid_kind", "an objection or an amendment")),
    };
    let input = ObjectionInput {
        state: state_field(form)?,
        kind,
        text: form.get("text").unwrap_or_default().to_owned(),
        at: None,
    };
    state.app.object(&form.actor, procedure, input).await?;
    Ok(format!("/documents/{}#silence", view.document.key))
}

async fn transition(state: &AppState, form: &Submitted, id: Id) -> Result<String, Error> {
    let to = DocumentStatus::parse(form.get("to").unwrap_or_default())?;
    let view = state.app.transition(&form.actor, id, to, None).await?;
    Ok(format!("/documents/{}", view.document.key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_is_typed_in_the_venue_s_time_or_as_an_instant() {
        let almaty = jiff::tz::TimeZone::get("Asia/Almaty").unwrap();
        let t = deadline(Some("2018-06-20T18:00"), &almaty).unwrap();
        assert_eq!(t.to_string(), "2018-06-20T12:00:00Z");
        let t = deadline(Some("2018-06-20T18:00:00+06:00"), &jiff::tz::TimeZone::UTC).unwrap();
        assert_eq!(t.to_string(), "2018-06-20T12:00:00Z");
        for bad in [None, Some("tomorrow"), Some("2018-13-01T10:00")] {
            assert_eq!(deadline(bad, &almaty).unwrap_err().code(), "invalid_deadline");
        }
    }
}
