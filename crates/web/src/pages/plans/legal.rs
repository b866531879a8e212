//! The legal basis register `/organisations/{code}/legal-basis?on=YYYY-MM-DD`: each agreement and protocol of the
//! organisation the reader may see, with its states' signatures and ratifications, whether it is in force on the
//! day and who still has to ratify; for the Secretariat, the forms that record a state's signature and
//! ratification and a treaty's entry into force.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use jiff::civil::Date;
use secretariat_core::domain::{parse_date, Code, Id, Kind, Record};
use secretariat_core::service::{keeps_plans, TreatyView};
use secretariat_core::store::Filter;
use secretariat_core::Error;
use serde::Deserialize;

use super::fields::{self, Refused};
use super::organisation_code;
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::pages::form::{done, Conflict, FormView, Submitted};
use crate::pages::register::Names;
use crate::pages::{render, Layout};
use crate::AppState;

/// The page's forms, each as typed when it was refused: (the treaty's id, the form).
#[derive(Default)]
pub struct Forms {
    pub signature: Option<(Id, FormView)>,
    pub in_force: Option<(Id, FormView)>,
    pub conflict: Option<(Id, Conflict)>,
}

impl Forms {
    fn status(&self) -> StatusCode {
        [&self.signature, &self.in_force]
            .into_iter()
            .flatten()
            .map(|(_, f)| f.status)
            .find(|s| *s != StatusCode::OK)
            .unwrap_or_default()
    }
}

pub struct SignatureRow {
    pub state: String,
    pub signed: String,
    pub ratified: String,
}

/// Where a treaty stands on a day, in words: in force or not, how many ratified of those who signed, who still
/// has to, and each state's signature and ratification. The register and the treaty's own page both say it.
pub struct Standing {
    pub in_force: String,
    /// "Ratified by 2 of 6 signatories", once someone signed.
    pub ratified: Option<String>,
    /// Who signed but has not ratified on the day, by name.
    pub awaiting: Option<String>,
    pub signatures: Vec<SignatureRow>,
}

/// The standing of `t` on `on`, the states named by `state`.
pub fn standing(lang: UiLang, t: &TreatyView, on: Date, state: impl Fn(&str) -> String) -> Standing {
    let signed = t.signatures.iter().filter(|s| s.signed_on.is_some_and(|d| d <= on)).count();
    let ratified = t.signatures.iter().filter(|s| s.ratified_on.is_some_and(|d| d <= on)).count();
    let awaiting: Vec<String> = t.awaiting_ratification.iter().map(|s| state(s.as_str())).collect();
    Standing {
        in_force: in_force_words(lang, t, on),
        ratified: (signed > 0).then(|| {
            lang.t_args(
                "legal-ratified-count",
                &[("ratified", FluentValue::from(ratified)), ("signed", FluentValue::from(signed))],
            )
        }),
        // In force, a ratification not recorded is what the record lacks, not what a state still owes.
        awaiting: (!awaiting.is_empty()).then(|| {
            let key = match t.in_force_on.is_some_and(|d| d <= on) {
                true => "legal-ratification-unrecorded",
                false => "legal-awaiting",
            };
            format!("{}: {}", lang.t(key), awaiting.join(", "))
        }),
        signatures: t
            .signatures
            .iter()
            .map(|s| SignatureRow {
                state: state(s.state.as_str()),
                signed: day_or_dash(lang, s.signed_on, on),
                ratified: day_or_dash(lang, s.ratified_on, on),
            })
            .collect(),
    }
}

/// The Secretariat's forms on one treaty.
struct TreatyForms {
    /// The record's version, sent back with the entry into force.
    version: i64,
    signature: FormView,
    in_force: FormView,
    /// (state, version) of every signature recorded, so that one recorded meanwhile is a conflict.
    versions: Vec<(String, i64)>,
    conflict: Option<Conflict>,
}

struct TreatyBlock {
    id: Id,
    href: String,
    symbol: String,
    title: String,
    kind: String,
    standing: Standing,
    forms: Option<TreatyForms>,
}

#[derive(Template)]
#[template(path = "pages/legal_basis.html")]
struct LegalBasisPage {
    layout: Layout,
    name: String,
    organisation_href: String,
    plans_href: String,
    /// `YYYY-MM-DD`, for the day picker.
    on: String,
    count: String,
    treaties: Vec<TreatyBlock>,
    /// What a refused form said of a document the register does not list (not a treaty).
    refused: Option<String>,
    /// (code, name) of the states the Secretariat may record, by name.
    states: Vec<(String, String)>,
}

fn day_or_dash(lang: UiLang, d: Option<Date>, on: Date) -> String {
    d.filter(|d| *d <= on).map_or_else(|| "—".to_owned(), |d| lang.date(&d))
}

fn in_force_words(lang: UiLang, t: &TreatyView, on: Date) -> String {
    let day = |d: &Date| [("day", FluentValue::from(lang.date(d)))];
    match t.in_force_on {
        Some(d) if d <= on => lang.t_args("legal-in-force-since", &day(&d)),
        Some(d) => lang.t_args("legal-in-force-from", &day(&d)),
        None => lang.t("legal-not-in-force"),
    }
}

/// The stored values beside the typed ones, for the fields of the refused form that differ.
fn conflict_rows(lang: UiLang, c: &Conflict, t: &TreatyView, forms: &Forms) -> Conflict {
    let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut rows = Vec::new();
    if let Some((_, f)) = &forms.in_force {
        rows.push((lang.t("legal-in-force-on"), day(t.in_force_on), f.value("in_force_on").to_owned()));
    }
    if let Some((_, f)) = &forms.signature {
        let stored = t.signatures.iter().find(|s| s.state.as_str() == f.value("state"));
        rows.push((lang.t("legal-signed-on"), day(stored.and_then(|s| s.signed_on)), f.value("signed_on").to_owned()));
        rows.push((
            lang.t("legal-ratified-on"),
            day(stored.and_then(|s| s.ratified_on)),
            f.value("ratified_on").to_owned(),
        ));
    }
    rows.retain(|(_, stored, typed)| stored != typed);
    Conflict { said: c.said.clone(), rows }
}

/// Renders the register as of `on` with `forms`, at the status of the one refused.
async fn show(state: &AppState, auth: &Auth, lang: UiLang, code: &Code, on: Date, forms: Forms) -> PageResult {
    let viewer = auth.viewer();
    let report = state.app.legal_basis(&viewer, code, on).await.map_err(PageError::new(lang))?;
    let org = state.app.organisation(code).await.map_err(PageError::new(lang))?;
    let names = Names::load(state, auth, lang).await.map_err(PageError::new(lang))?;
    // The Secretariat's forms carry each record's version: read once for all treaties.
    let keeps = keeps_plans(&viewer);
    let (mut documents, mut signatures) = (HashMap::new(), HashMap::new());
    if keeps {
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = Some(code.clone());
        filter.limit = u32::MAX;
        for d in state.app.list(Kind::Document, &filter).await.map_err(PageError::new(lang))?.0 {
            documents.insert(d.id, d.version);
        }
        for s in state.app.list(Kind::Signature, &filter).await.map_err(PageError::new(lang))?.0 {
            if let Record::Signature(sig) = s.record {
                signatures
                    .entry(sig.document.to_string())
                    .or_insert_with(Vec::new)
                    .push((sig.state.to_string(), s.version));
            }
        }
    }
    let take = |slot: &Option<(Id, FormView)>, id: Id| slot.as_ref().filter(|(i, _)| *i == id).map(|(_, f)| f.clone());
    let treaties: Vec<TreatyBlock> = report
        .treaties
        .iter()
        .map(|t| TreatyBlock {
            id: t.id,
            href: format!("/documents/{}", t.key),
            symbol: t.symbol.clone().unwrap_or_else(|| lang.t("document-provisional")),
            title: lang.text(&t.title),
            kind: lang.name_of(&t.kind),
            standing: standing(lang, t, on, |code| names.state(code)),
            forms: keeps.then(|| TreatyForms {
                version: documents.get(&t.id).copied().unwrap_or_default(),
                signature: take(&forms.signature, t.id).unwrap_or_default(),
                in_force: take(&forms.in_force, t.id).unwrap_or_else(|| {
                    FormView::with(&[("in_force_on", &t.in_force_on.map(|d| d.to_string()).unwrap_or_default())])
                }),
                versions: signatures.remove(t.key.as_str()).unwrap_or_default(),
                conflict: forms
                    .conflict
                    .as_ref()
                    .filter(|(i, _)| *i == t.id)
                    .map(|(_, c)| conflict_rows(lang, c, t, &forms)),
            }),
        })
        .collect();
    // A refusal about a document the register does not list (it is no treaty) is said above the register.
    let unlisted = |slot: &Option<(Id, FormView)>| -> Option<FormView> {
        slot.as_ref().filter(|(i, _)| !treaties.iter().any(|t| t.id == *i)).map(|(_, f)| f.clone())
    };
    let said = |f: FormView, field: &str| f.error(field).map(str::to_owned).or(f.summary);
    let refused = unlisted(&forms.in_force)
        .and_then(|f| said(f, "in_force_on"))
        .or_else(|| unlisted(&forms.signature).and_then(|f| said(f, "state")));
    let name = lang.text(&org.name);
    let path = format!("/organisations/{code}/legal-basis?on={on}");
    let page = LegalBasisPage {
        layout: Layout::new(lang, format!("{} — {name}", lang.t("legal-title")), &path, auth)
            .for_organisation(&org.languages),
        organisation_href: format!("/organisations/{code}"),
        plans_href: format!("/organisations/{code}/plans"),
        on: on.to_string(),
        count: lang.t_args(
            "legal-in-force-count",
            &[
                ("in_force", FluentValue::from(report.in_force)),
                ("total", FluentValue::from(report.treaties.len())),
                ("day", FluentValue::from(lang.date(&on))),
            ],
        ),
        treaties,
        refused,
        states: std::iter::once((String::new(), lang.t("choose-state")))
            .chain(names.state_list.iter().cloned())
            .collect(),
        name,
    };
    let mut response = render(&page, lang, false);
    *response.status_mut() = forms.status();
    Ok(crate::pages::form::stay(response))
}

/// The day the register is read as of, and the language.
#[derive(Debug, Default, Deserialize)]
pub struct OnQuery {
    pub on: Option<String>,
    pub lang: Option<String>,
}

/// `GET /organisations/{code}/legal-basis?on=YYYY-MM-DD`: the treaties, their signatures and ratifications, and
/// which are in force, as of the day (today without `on`).
pub async fn get_legal_basis(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<OnQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let code = organisation_code(lang, &code)?;
    let on = match q.on.as_deref().filter(|d| !d.is_empty()) {
        Some(raw) => parse_date(raw).map_err(PageError::new(lang))?,
        None => state.app.today(),
    };
    let mut response = show(&state, &auth, lang, &code, on, Forms::default()).await?;
    if q.lang.is_some() {
        response.headers_mut().insert(axum::http::header::SET_COOKIE, crate::pages::lang_cookie(lang));
    }
    Ok(response)
}

/// The treaty a form names, as the reader may see it, with its organisation; then whether she keeps the register.
async fn treaty_of(state: &AppState, form: &Submitted, reference: &str) -> Result<(Id, Code), PageError> {
    let lang = form.lang;
    let id = crate::api::documents::document_id(state, &form.auth, reference).await.map_err(PageError::new(lang))?;
    let stored = state.app.get(&form.auth.viewer(), Kind::Document, id).await.map_err(PageError::new(lang))?;
    let Record::Document(d) = stored.record else {
        return Err(PageError { error: Error::NotFound { what: "document" }, lang });
    };
    if !keeps_plans(&form.auth.viewer()) {
        return Err(PageError { error: Error::forbidden("only the Secretariat keeps the register"), lang });
    }
    Ok((id, d.organisation))
}

/// The day the form was on (`on`, else today): the register is shown again as of it.
fn form_day(state: &AppState, form: &Submitted) -> Date {
    form.get("on").and_then(|d| parse_date(d).ok()).unwrap_or_else(|| state.app.today())
}

async fn answer(
    state: &AppState,
    form: &Submitted,
    code: &Code,
    id: Id,
    result: Result<(), Refused>,
    refused: impl FnOnce(FormView, Option<(Id, Conflict)>) -> Forms,
) -> PageResult {
    let on = form_day(state, form);
    match result {
        Ok(()) => Ok(done(&format!("/organisations/{code}/legal-basis?on={on}#treaty-{id}"))),
        Err(r) if !crate::pages::form::shown_again(&r.error) || matches!(r.error, Error::Forbidden { .. }) => {
            Err(PageError { error: r.error, lang: form.lang })
        }
        Err(r) => {
            let conflict = (r.error.code() == "stale_version").then(|| {
                let c = Conflict { said: form.lang.t("legal-changed-meanwhile"), rows: Vec::new() };
                (id, c)
            });
            show(state, &form.auth, form.lang, code, on, refused(r.shown(form), conflict)).await
        }
    }
}

/// `POST /documents/{id}/signatures`: the Secretariat records a state's signature and ratification of a treaty.
/// The form carries the version of every signature it showed (`version-<state>`): one recorded since is a conflict.
pub async fn record_signature(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> PageResult {
    let (id, code) = treaty_of(&state, &form, &reference).await?;
    let result: Result<(), Refused> = async {
        let (st, signed_on, ratified_on) = fields::signature(&form)?;
        let version = form.get(&format!("version-{st}")).and_then(|v| v.parse().ok());
        state.app.record_signature(&form.actor, id, st, signed_on, ratified_on, version).await?;
        Ok(())
    }
    .await;
    answer(&state, &form, &code, id, result, |f, conflict| Forms {
        signature: Some((id, f)),
        conflict,
        ..Forms::default()
    })
    .await
}

/// `POST /documents/{id}/entry-into-force`: the Secretariat records the day a treaty entered into force (empty: not
/// in force); a document that is no agreement or protocol is refused.
pub async fn record_entry_into_force(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> PageResult {
    let (id, code) = treaty_of(&state, &form, &reference).await?;
    let result: Result<(), Refused> = async {
        let on = fields::entry_into_force(&form)?;
        let version = fields::version(&form)?;
        state.app.record_entry_into_force(&form.actor, id, version, on).await?;
        Ok(())
    }
    .await;
    answer(&state, &form, &code, id, result, |f, conflict| Forms {
        in_force: Some((id, f)),
        conflict,
        ..Forms::default()
    })
    .await
}
