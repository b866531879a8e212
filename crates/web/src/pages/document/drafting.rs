//! The drafting forms of the document page: a sponsor or the Secretariat writes a language version (with the
//! `version` it was read at: a stale one shows who changed it meanwhile and when, the stored text beside hers, and
//! keeps what she typed), issues a revision, and a delegate adds or removes her state among the sponsors. Each
//! calls the same use case as the API and answers `303` back to the page.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use secretariat_core::domain::{Lang, VersionStatus};
use secretariat_core::Error;

use super::forms::resolve;
use super::{history, show, Forms};
use crate::error::PageError;
use crate::extract::ApiPath;
use crate::pages::form::{done, Submitted};
use crate::AppState;

/// The error codes of the text form.
const TEXT_FIELDS: &[(&str, &str)] = &[
    ("invalid_text", "text"),
    ("stale_version", "text"),
    ("not_authentic_language", "status"),
    ("invalid_status", "status"),
    ("forbidden", "status"),
];

fn version_field(form: &Submitted) -> Result<Option<i64>, Error> {
    form.get("version")
        .map(|v| v.parse::<i64>().map_err(|_| Error::invalid("invalid_version", "the version read is a number")))
        .transpose()
}

/// `POST /documents/{key}/texts/{language}`: writes one language version of the current revision.
pub async fn edit_language_version(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath((reference, language)): ApiPath<(String, String)>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = async {
        form.checked()?;
        let lang = Lang::parse(&language)?;
        let status: VersionStatus = secretariat_core::domain::variant_named(form.get("status").unwrap_or("draft"))
            .ok_or_else(|| Error::invalid("invalid_status", "choose the version's status"))?;
        let text = form.get("text").unwrap_or_default().to_owned();
        state.app.edit_language_version(&form.actor, id, lang, version_field(&form)?, text, status).await
    }
    .await;
    match result {
        Ok(view) => Ok(done(&format!("/documents/{}#texts", view.document.key))),
        Err(e) if crate::pages::form::shown_again(&e) => {
            let mut forms =
                Forms { text: Some((language.clone(), form.rejected(&e, TEXT_FIELDS))), ..Forms::default() };
            if e.code() == "stale_version" {
                let viewer = form.auth.viewer();
                let view = state.app.document(&viewer, id).await.map_err(PageError::new(form.lang))?;
                forms.conflict = history::conflict(&state, &viewer, form.lang, &view, &language)
                    .await
                    .map_err(PageError::new(form.lang))?;
            }
            show(&state, &form.auth, form.lang, &headers, id, forms, false).await
        }
        Err(e) => Err(PageError { error: e, lang: form.lang }),
    }
}

/// `POST /documents/{key}/revisions`: issues a revision with the texts typed, one per language.
pub async fn create_revision(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = async {
        form.checked()?;
        let mut texts = BTreeMap::new();
        for (name, _) in &form.fields {
            if let Some(code) = name.strip_prefix("text-") {
                if let Some(text) = form.get(name) {
                    texts.insert(Lang::parse(code)?, text.to_owned());
                }
            }
        }
        state.app.revise(&form.actor, id, texts, None).await
    }
    .await;
    match result {
        Ok(view) => Ok(done(&format!("/documents/{}#texts", view.document.key))),
        Err(e) if crate::pages::form::shown_again(&e) => {
            let original = state
                .app
                .document(&form.auth.viewer(), id)
                .await
                .map(|v| format!("text-{}", v.document.original_language))
                .unwrap_or_default();
            let fields = [("original_text_required", original.as_str()), ("invalid_text", original.as_str())];
            let forms = Forms { revision: form.rejected(&e, &fields), ..Forms::default() };
            show(&state, &form.auth, form.lang, &headers, id, forms, false).await
        }
        Err(e) => Err(PageError { error: e, lang: form.lang }),
    }
}

/// `POST /documents/{key}/sponsors`: a delegate adds her state as co-sponsor (`action=join`) or takes it off
/// (`action=leave`), with the record's `version`; the Secretariat names the state (`state`).
pub async fn change_sponsors(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = async {
        let join = match form.get("action") {
            Some("join") => true,
            Some("leave") => false,
            _ => return Err(Error::invalid("invalid_action", "join or leave the sponsors")),
        };
        let version = version_field(&form)?.ok_or_else(|| Error::invalid("invalid_version", "the version read"))?;
        let named = form.get("state").map(secretariat_core::domain::StateCode::parse).transpose()?;
        state.app.cosponsor(&form.actor, id, version, named, join).await
    }
    .await;
    match result {
        Ok(view) => Ok(done(&format!("/documents/{}", view.document.key))),
        Err(e) if crate::pages::form::shown_again(&e) => {
            let fields = [("state_required", "state"), ("invalid_state", "state")];
            let forms = Forms { sponsors: form.rejected(&e, &fields), ..Forms::default() };
            show(&state, &form.auth, form.lang, &headers, id, forms, false).await
        }
        Err(e) => Err(PageError { error: e, lang: form.lang }),
    }
}
