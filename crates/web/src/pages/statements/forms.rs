//! The forms of the list page. Each posts to the list it changes, calls the same use case as the API, and answers
//! `303` back to the page at its section; refused, it shows the page again with the form as typed and the refusal
//! at its field.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use secretariat_core::domain::{parse_date, Code, Key, Lang, StateCode, Text};
use secretariat_core::service::{DeliveryInput, InstructionInput, ProposalInput};
use secretariat_core::Error;

use super::{show, Forms};
use crate::error::{PageError, PageResult};
use crate::extract::ApiPath;
use crate::pages::form::{done, shown_again, FormView, Submitted};
use crate::AppState;

/// The error codes of the proposal form and the fields they concern.
pub const PROPOSAL_FIELDS: &[(&str, &str)] = &[
    ("state_required", "state"),
    ("invalid_state_code", "state"),
    ("not_a_member_on_the_day", "state"),
    ("topic_required", "topic"),
    ("invalid_text", "topic"),
    ("forum_required", "forum"),
    ("invalid_code", "forum"),
];

/// The error codes of the instruction form.
pub const INSTRUCTION_FIELDS: &[(&str, &str)] =
    &[("forum_required", "forum"), ("invalid_code", "forum"), ("text_required", "text"), ("invalid_text", "text")];

/// The error codes of the delivery form.
pub const DELIVERY_FIELDS: &[(&str, &str)] = &[
    ("proposal_required", "proposal"),
    ("unknown_proposal", "proposal"),
    ("not_included", "proposal"),
    ("invalid_key", "proposal"),
    ("invalid_date", "on"),
    ("delivery_in_future", "on"),
    ("state_required", "state"),
    ("invalid_state_code", "state"),
    ("not_a_member_on_the_day", "state"),
];

/// The form as typed with its refusal at its field; a text holding a control character is refused at its group of
/// fields (`topic` for `topic-en`), where the page shows the error.
fn rejected(form: &Submitted, e: &Error, fields: &[(&str, &str)]) -> FormView {
    if e.code() != "control_character" {
        return form.rejected(e, fields);
    }
    let control = |v: &str| v.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    let field = form.fields.iter().find(|(_, v)| control(v)).map(|(k, _)| k.split('-').next().unwrap_or(k).to_owned());
    form.view().refused(form.lang, e, fields, field.as_deref())
}

/// The list a form posts to: a key that cannot be one names no list.
fn list_key(form: &Submitted, raw: &str) -> Result<Key, PageError> {
    Key::parse(raw).map_err(|_| PageError { error: Error::NotFound { what: "statements list" }, lang: form.lang })
}

/// A text typed per working language (`topic-en`, `topic-ru`): none when no language has one.
fn texts(form: &Submitted, field: &str, languages: &[Lang]) -> Result<Option<Text>, Error> {
    let mut map = BTreeMap::new();
    for l in languages {
        if let Some(t) = form.get(&format!("{field}-{l}")) {
            map.insert(l.clone(), t.to_owned());
        }
    }
    if map.is_empty() {
        return Ok(None);
    }
    Text::try_from(map).map(Some)
}

async fn languages(state: &AppState, form: &Submitted, key: &Key) -> Result<Vec<Lang>, Error> {
    let view = state.app.statements_list(&form.auth.viewer(), key).await?;
    Ok(state.app.organisation(&view.list.organisation).await?.languages)
}

fn forum(form: &Submitted) -> Result<Code, Error> {
    Code::parse(form.get("forum").ok_or_else(|| Error::invalid("forum_required", "choose the forum"))?)
}

/// Shows the page again with one form refused, or goes back to the page's section.
async fn answer(
    state: &AppState,
    form: &Submitted,
    key: &Key,
    result: Result<&'static str, Error>,
    refused: fn(&Submitted, &Error) -> Forms,
) -> PageResult {
    match result {
        Ok(section) => Ok(done(&format!("/statements-lists/{key}#{section}"))),
        Err(e) if shown_again(&e) => show(state, &form.auth, form.lang, key, refused(form, &e), false).await,
        Err(e) => Err(PageError { error: e, lang: form.lang }),
    }
}

/// `POST /statements-lists/{key}/proposals`: a delegate proposes a statement for her own state; the Secretariat
/// records one for the state it names.
pub async fn create_proposal(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let key = list_key(&form, &raw)?;
    let result = async {
        form.checked()?;
        let languages = languages(&state, &form, &key).await?;
        let topic = texts(&form, "topic", &languages)?
            .ok_or_else(|| Error::invalid("topic_required", "give the statement's topic in a language"))?;
        let input = ProposalInput {
            state: form.get("state").map(StateCode::parse).transpose()?,
            topic,
            forum: forum(&form)?,
            draft: texts(&form, "draft", &languages)?,
        };
        state.app.propose_statement(&form.actor, &key, input).await.map(|_| "proposals")
    }
    .await;
    answer(&state, &form, &key, result, |f, e| Forms { proposal: rejected(f, e, PROPOSAL_FIELDS), ..Forms::default() })
        .await
}

/// `POST /statements-lists/{key}/inclusion`: the Secretariat's selection, the proposals checked (`included`).
pub async fn select_proposals(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let key = list_key(&form, &raw)?;
    let result = async {
        let included = form.all("included").into_iter().map(Key::parse).collect::<Result<Vec<_>, _>>()?;
        state.app.select_proposals(&form.actor, &key, &included).await.map(|()| "proposals")
    }
    .await;
    answer(&state, &form, &key, result, |f, e| Forms { selection: rejected(f, e, &[]), ..Forms::default() }).await
}

/// `POST /statements-lists/{key}/compilation`: the Secretariat compiles the list document from the included
/// proposals.
pub async fn create_compilation(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let key = list_key(&form, &raw)?;
    let result = state.app.compile_statements_list(&form.actor, &key).await.map(|_| "document");
    answer(&state, &form, &key, result, |f, e| Forms { compilation: rejected(f, e, &[]), ..Forms::default() }).await
}

/// `POST /statements-lists/{key}/instructions`: the Secretariat writes (or rewrites) the collective instruction
/// for a forum.
pub async fn create_instruction(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let key = list_key(&form, &raw)?;
    let result = async {
        form.checked()?;
        let languages = languages(&state, &form, &key).await?;
        let text = texts(&form, "text", &languages)?
            .ok_or_else(|| Error::invalid("text_required", "write the instruction in a language"))?;
        let input = InstructionInput { forum: forum(&form)?, text };
        state.app.record_instruction(&form.actor, &key, input).await.map(|()| "instructions")
    }
    .await;
    answer(&state, &form, &key, result, |f, e| Forms {
        instruction: rejected(f, e, INSTRUCTION_FIELDS),
        ..Forms::default()
    })
    .await
}

/// `POST /statements-lists/{key}/deliveries`: the Secretariat records that a state delivered an included
/// statement on behalf of all.
pub async fn create_delivery(
    State(state): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let key = list_key(&form, &raw)?;
    let result = async {
        let proposal =
            form.get("proposal").ok_or_else(|| Error::invalid("proposal_required", "choose the statement"))?;
        let on = parse_date(form.get("on").unwrap_or_default())?;
        let state_code = form.get("state").ok_or_else(|| Error::invalid("state_required", "choose the state"))?;
        let input = DeliveryInput {
            proposal: Key::parse(proposal)?,
            on,
            state: StateCode::parse(state_code)?,
            forum: form.get("forum").map(Code::parse).transpose()?,
        };
        state.app.record_delivery(&form.actor, &key, input).await.map(|()| "deliveries")
    }
    .await;
    answer(&state, &form, &key, result, |f, e| Forms { delivery: rejected(f, e, DELIVERY_FIELDS), ..Forms::default() })
        .await
}
