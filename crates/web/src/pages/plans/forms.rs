//! The Secretariat's forms on the plans page: add an item to a plan (at the next number unless one is given),
//! change an item, add a progress report. Each posts to the resource it changes and answers `303` back to the
//! page at the plan or item; refused, the page is shown again with the form as typed and the refusal at its field,
//! and an item changed meanwhile with the stored values beside the typed ones. Whoever does not keep the plans is
//! refused (403) before anything typed is read; a plan or item she may not see is not found.

use axum::extract::State;
use secretariat_core::domain::{Code, Id, Kind, PlanItem, Record};
use secretariat_core::service::keeps_plans;
use secretariat_core::Error;

use super::fields::{self, Refused};
use super::{show, Forms};
use crate::error::{PageError, PageResult};
use crate::extract::ApiPath;
use crate::i18n::UiLang;
use crate::pages::form::{done, Conflict, FormView, Submitted};
use crate::AppState;

/// The plan's organisation, by the plan's id or key, as the reader may see it; then whether she keeps the plans.
async fn plan_of(state: &AppState, form: &Submitted, reference: &str) -> Result<(Id, Code), PageError> {
    let lang = form.lang;
    let id = crate::api::documents::document_id(state, &form.auth, reference).await.map_err(PageError::new(lang))?;
    let stored = state.app.get(&form.auth.viewer(), Kind::Document, id).await.map_err(PageError::new(lang))?;
    let Record::Document(d) = stored.record else {
        return Err(PageError { error: Error::NotFound { what: "document" }, lang });
    };
    keeper(form)?;
    Ok((id, d.organisation))
}

/// A plan item as the reader may see it, with its plan's organisation; then whether she keeps the plans.
async fn item_of(state: &AppState, form: &Submitted, id: Id) -> Result<(PlanItem, i64, Code), PageError> {
    let lang = form.lang;
    let viewer = form.auth.viewer();
    let stored = state.app.get(&viewer, Kind::PlanItem, id).await.map_err(PageError::new(lang))?;
    let Record::PlanItem(item) = stored.record else {
        return Err(PageError { error: Error::NotFound { what: "plan item" }, lang });
    };
    let plan = state.app.find(&viewer, Kind::Document, item.plan.as_str()).await.map_err(PageError::new(lang))?;
    let Record::Document(d) = plan.record else {
        return Err(PageError { error: Error::NotFound { what: "document" }, lang });
    };
    keeper(form)?;
    Ok((item, stored.version, d.organisation))
}

fn keeper(form: &Submitted) -> Result<(), PageError> {
    match keeps_plans(&form.auth.viewer()) {
        true => Ok(()),
        false => Err(PageError { error: Error::forbidden("only the Secretariat keeps the plans"), lang: form.lang }),
    }
}

async fn languages(
    state: &AppState,
    lang: UiLang,
    code: &Code,
) -> Result<Vec<secretariat_core::domain::Lang>, PageError> {
    Ok(state.app.organisation(code).await.map_err(PageError::new(lang))?.languages)
}

/// Back to the page at `anchor`, or the page again with the form refused.
async fn answer(
    state: &AppState,
    form: &Submitted,
    code: &Code,
    result: Result<String, Refused>,
    refused: impl FnOnce(FormView) -> Forms,
) -> PageResult {
    match result {
        Ok(anchor) => Ok(done(&format!("/organisations/{code}/plans#{anchor}"))),
        Err(r) if !crate::pages::form::shown_again(&r.error) || matches!(r.error, Error::Forbidden { .. }) => {
            Err(PageError { error: r.error, lang: form.lang })
        }
        Err(r) => show(state, &form.auth, form.lang, code, refused(r.shown(form)), false).await,
    }
}

/// `POST /documents/{id}/plan-items`: the Secretariat adds an item to a plan.
pub async fn create_plan_item(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> PageResult {
    let (plan, code) = plan_of(&state, &form, &reference).await?;
    let languages = languages(&state, form.lang, &code).await?;
    let result: Result<String, Refused> = async {
        let input = fields::plan_item(&form, &languages)?;
        let stored = state.app.add_plan_item(&form.actor, plan, input).await?;
        Ok(format!("item-{}", stored.id))
    }
    .await;
    answer(&state, &form, &code, result, |f| Forms { add: Some((plan, f)), ..Forms::default() }).await
}

/// The typed form met a newer version: shown again as typed, carrying the current version (sent again, it stores
/// what was typed), with the stored values beside the typed ones.
async fn conflict(state: &AppState, form: &Submitted, id: Id, r: &Refused) -> Result<(FormView, Conflict), PageError> {
    let (stored, version, _) = item_of(state, form, id).await?;
    let stored = fields::plan_item_fields(&stored);
    let mut typed = r.shown(form);
    typed.set("version", version.to_string());
    let lang = form.lang;
    let mut names: Vec<&str> = form.fields.iter().map(|(k, _)| k.as_str()).collect();
    names.retain(|k| !matches!(*k, "csrf" | "version"));
    names.dedup();
    let rows = names
        .into_iter()
        .filter(|n| stored.values(n) != typed.values(n))
        .map(|n| (label(lang, n), stored.values(n).join(", "), typed.values(n).join(", ")))
        .collect();
    Ok((typed, Conflict { said: lang.t("error-stale_version"), rows }))
}

/// A field's name in the reader's language, for the conflict's table.
fn label(lang: UiLang, field: &str) -> String {
    match field.split_once('-') {
        Some((name, code)) => format!("{} ({})", lang.named("plans-field", name), lang.language_name(code)),
        None => lang.named("plans-field", field),
    }
}

fn is_stale(r: &Result<String, Refused>) -> bool {
    matches!(r, Err(Refused { error, .. }) if error.code() == "stale_version")
}

/// `POST /plan-items/{id}`: the Secretariat changes a plan item, if nobody changed it since the form was read.
pub async fn change_plan_item(State(state): State<AppState>, ApiPath(id): ApiPath<Id>, form: Submitted) -> PageResult {
    let (_, _, code) = item_of(&state, &form, id).await?;
    let languages = languages(&state, form.lang, &code).await?;
    let result: Result<String, Refused> = async {
        let input = fields::plan_item(&form, &languages)?;
        let version = fields::version(&form)?;
        state.app.change_plan_item(&form.actor, id, version, input).await?;
        Ok(format!("item-{id}"))
    }
    .await;
    if is_stale(&result) {
        if let Err(r) = &result {
            let (typed, c) = conflict(&state, &form, id, r).await?;
            let forms = Forms { item: Some((id, typed)), conflict: Some((id, c)), ..Forms::default() };
            return show(&state, &form.auth, form.lang, &code, forms, false).await;
        }
    }
    answer(&state, &form, &code, result, |f| Forms { item: Some((id, f)), ..Forms::default() }).await
}

/// `POST /plan-items/{id}/progress`: the Secretariat adds a progress report, with its day, to a plan item.
pub async fn create_progress(State(state): State<AppState>, ApiPath(id): ApiPath<Id>, form: Submitted) -> PageResult {
    let (_, version, code) = item_of(&state, &form, id).await?;
    let languages = languages(&state, form.lang, &code).await?;
    let result: Result<String, Refused> = async {
        let report = fields::progress(&form, &languages)?;
        // A report adds to the item whatever else changed meanwhile: it goes on the version read now.
        state.app.add_progress(&form.actor, id, version, report).await?;
        Ok(format!("item-{id}"))
    }
    .await;
    answer(&state, &form, &code, result, |f| Forms { progress: Some((id, f)), ..Forms::default() }).await
}
