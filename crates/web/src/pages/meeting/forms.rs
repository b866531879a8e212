//! The forms of the meeting as a whole: change the meeting, add a programme event, a delegation or an agenda item,
//! number the agenda anew, adopt it. Each posts to the resource it changes, calls the same use case as the API, and
//! answers `303` back to the page at its section; refused, it shows the page again with the form as typed and the
//! refusal at its field, and a record changed meanwhile with the stored values beside the typed ones.

use axum::extract::State;
use axum::response::Response;
use secretariat_core::domain::{Id, Key, Kind, Record};
use secretariat_core::service::ItemNumber;
use secretariat_core::Error;

use super::edit::{self, Refused, FIELDS};
use super::{show, Forms};
use crate::error::{PageError, PageResult};
use crate::extract::ApiPath;
use crate::i18n::{FluentValue, UiLang};
use crate::pages::form::{done, Conflict, FormView, Submitted};
use crate::AppState;

/// The form as typed with its refusal: at the field the reading named, else where the core's code says.
pub(super) fn refusal(form: &Submitted, r: &Refused) -> FormView {
    match r.field {
        Some(field) => form.rejected(&r.error, &[(r.error.code(), field)]),
        None => form.rejected(&r.error, FIELDS),
    }
}

/// A field's name in the reader's language, for the conflict's table.
fn label(lang: UiLang, field: &str) -> String {
    match field.strip_prefix("title-") {
        Some(code) => format!("{} ({})", lang.t("meeting-field-title"), lang.language_name(code)),
        None => lang.named("meeting-field", field),
    }
}

/// The typed form met a newer version: it is shown again as typed, now carrying the current version (sent again,
/// it stores what was typed), with who changed the record, when, and the stored values beside the typed ones.
pub(super) async fn conflict(
    state: &AppState,
    form: &Submitted,
    kind: Kind,
    id: Id,
    error: &Error,
) -> Result<(FormView, Conflict), PageError> {
    let part = state.app.meeting_part(&form.auth.viewer(), kind, id).await.map_err(PageError::new(form.lang))?;
    let stored = FormView::of_pairs(match &part.stored.record {
        Record::Meeting(m) => edit::meeting_fields(m),
        Record::ProgrammeEvent(e) => edit::event_fields(e),
        Record::Delegation(d) => edit::delegation_fields(d),
        Record::AgendaItem(i) => edit::item_fields(i),
        _ => Vec::new(),
    });
    let mut typed = form.rejected(error, &[]);
    typed.set("version", part.stored.version.to_string());
    let lang = form.lang;
    let mut names: Vec<&str> = form.fields.iter().map(|(k, _)| k.as_str()).collect();
    names.retain(|k| !matches!(*k, "csrf" | "version" | "remove"));
    names.dedup();
    let rows = names
        .into_iter()
        .filter(|n| stored.values(n) != typed.values(n))
        .map(|n| (label(lang, n), stored.values(n).join(", "), typed.values(n).join(", ")))
        .collect();
    let said = match part.change {
        Some(c) => {
            let at = c.at.to_zoned(jiff::tz::TimeZone::UTC);
            let when = format!("{}, {} UTC", lang.date(&at.date()), at.time().strftime("%H:%M"));
            lang.t_args(
                "meeting-form-changed-meanwhile",
                &[("by", FluentValue::from(c.by)), ("at", FluentValue::from(when))],
            )
        }
        None => lang.t("error-stale_version"),
    };
    Ok((typed, Conflict { said, rows }))
}

pub(super) fn is_stale(e: &Error) -> bool {
    e.code() == "stale_version"
}

/// Shows the page again with one form refused, or goes back to the page's section.
pub(super) async fn answer(
    state: &AppState,
    form: &Submitted,
    meeting: Id,
    result: Result<String, Refused>,
    refused: impl FnOnce(FormView) -> Forms,
) -> PageResult {
    match result {
        Ok(to) => Ok(done(&to)),
        Err(r) if !crate::pages::form::shown_again(&r.error) => Err(PageError { error: r.error, lang: form.lang }),
        Err(r) => {
            let forms = refused(refusal(form, &r));
            show(state, &form.auth, form.lang, meeting, forms, false).await
        }
    }
}

pub(super) async fn resolve(state: &AppState, form: &Submitted, reference: &str) -> Result<(Id, Key), PageError> {
    let lang = form.lang;
    let id = crate::api::meetings::meeting_id(state, &form.auth, reference).await.map_err(PageError::new(lang))?;
    let view = state.app.get(&form.auth.viewer(), Kind::Meeting, id).await.map_err(PageError::new(lang))?;
    match view.record {
        Record::Meeting(m) => Ok((id, m.key)),
        _ => Err(PageError { error: Error::NotFound { what: "meeting" }, lang }),
    }
}

/// `POST /meetings/{key}`: the Secretariat changes the meeting (its body, kind, venue, days, mode, status).
pub async fn change_meeting(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let (id, key) = resolve(&state, &form, &reference).await?;
    let result: Result<String, Refused> = async {
        form.checked()?;
        let mut m = edit::meeting(&form)?;
        m.key = key.clone();
        let version = edit::version(&form)?;
        let stored = state.app.change(&form.actor, id, version, Record::Meeting(m)).await?;
        Ok(format!(
            "/meetings/{}",
            match stored.record {
                Record::Meeting(m) => m.key,
                _ => key.clone(),
            }
        ))
    }
    .await;
    if let Err(r) = &result {
        if is_stale(&r.error) {
            let (typed, conflict) = conflict(&state, &form, Kind::Meeting, id, &r.error).await?;
            let forms = Forms { meeting: Some(typed), conflict: Some(conflict), ..Forms::default() };
            return show(&state, &form.auth, form.lang, id, forms, false).await;
        }
    }
    answer(&state, &form, id, result, |f| Forms { meeting: Some(f), ..Forms::default() }).await
}

/// `POST /meetings/{key}/programme`: the Secretariat adds a programme event.
pub async fn create_event(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let (id, key) = resolve(&state, &form, &reference).await?;
    let result: Result<String, Refused> = async {
        form.checked()?;
        let org = organisation_languages(&state, &form, id).await?;
        let event = edit::event(&form, &key, &org)?;
        state.app.create(&form.actor, Record::ProgrammeEvent(event)).await?;
        Ok(format!("/meetings/{key}#programme-h"))
    }
    .await;
    answer(&state, &form, id, result, |f| Forms { event: f, ..Forms::default() }).await
}

/// `POST /meetings/{key}/delegations`: the Secretariat adds a state's delegation, its head and members by person.
pub async fn create_delegation(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let (id, key) = resolve(&state, &form, &reference).await?;
    let result: Result<String, Refused> = async {
        form.checked()?;
        let delegation = edit::delegation(&form, &key)?;
        state.app.create(&form.actor, Record::Delegation(delegation)).await?;
        Ok(format!("/meetings/{key}#delegations-h"))
    }
    .await;
    answer(&state, &form, id, result, |f| Forms { delegation: f, ..Forms::default() }).await
}

/// `POST /meetings/{key}/agenda`: the Secretariat adds an agenda item at its number (last, when none is given).
pub async fn create_item(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let (id, key) = resolve(&state, &form, &reference).await?;
    let result: Result<String, Refused> = async {
        form.checked()?;
        let languages = organisation_languages(&state, &form, id).await?;
        let view = state.app.meeting(&form.auth.viewer(), id).await?;
        let last = u16::try_from(view.agenda.total + 1).unwrap_or(u16::MAX);
        let item = edit::item(&form, &key, &languages, last)?;
        state.app.create(&form.actor, Record::AgendaItem(item)).await?;
        Ok(format!("/meetings/{key}#agenda-h"))
    }
    .await;
    answer(&state, &form, id, result, |f| Forms { item: f, ..Forms::default() }).await
}

/// `POST /meetings/{key}/agenda/numbering`: the Secretariat numbers the agenda anew, one number per item
/// (`number-<id>`, with `version-<id>`).
pub async fn renumber_agenda(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let (id, key) = resolve(&state, &form, &reference).await?;
    let result: Result<String, Refused> = async {
        let mut numbers = Vec::new();
        for (name, value) in &form.fields {
            let Some(item) = name.strip_prefix("number-").and_then(|i| i.parse::<Id>().ok()) else { continue };
            let bad = || Error::invalid("invalid_agenda_number", format!("`{value}` is not an item number"));
            let number = value.trim().parse::<u16>().map_err(|_| bad())?;
            let version = form.get(&format!("version-{item}")).and_then(|v| v.parse().ok()).unwrap_or_default();
            numbers.push(ItemNumber { id: item, version, number });
        }
        state.app.renumber_agenda(&form.actor, id, &numbers).await?;
        Ok(format!("/meetings/{key}#agenda-h"))
    }
    .await;
    answer(&state, &form, id, result, |f| Forms { numbering: f, ..Forms::default() }).await
}

/// `POST /meetings/{key}/agenda/adoption`: the Secretariat records that the meeting adopted its agenda.
pub async fn adopt_agenda(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let (id, key) = resolve(&state, &form, &reference).await?;
    let result: Result<String, Refused> = async {
        state.app.adopt_agenda(&form.actor, id, None).await?;
        Ok(format!("/meetings/{key}#agenda-h"))
    }
    .await;
    answer(&state, &form, id, result, |f| Forms { adoption: f, ..Forms::default() }).await
}

/// The working languages of a meeting's organisation: the languages a title is typed in.
pub(super) async fn organisation_languages(
    state: &AppState,
    form: &Submitted,
    meeting: Id,
) -> Result<Vec<secretariat_core::domain::Lang>, Refused> {
    let Record::Meeting(m) = state.app.get(&form.auth.viewer(), Kind::Meeting, meeting).await?.record else {
        return Err(Error::NotFound { what: "meeting" }.into());
    };
    Ok(state.app.organisation(&m.organisation).await?.languages)
}
