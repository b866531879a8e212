//! Documents from draft to decision: texts, revisions, positions, silence, outcomes, referrals; the statements
//! list's compilation and the legal basis report.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use secretariat_core::domain::{At, Code, Document, DocumentStatus, Id, Key, Kind, Lang, VersionStatus};
use secretariat_core::service::{
    DocumentView, LegalBasisReport, NewDocument, ObjectionInput, OutcomeInput, PositionInput, ReferralInput,
    ReferralOutcomeInput, SilenceView,
};
use serde::Deserialize;

use super::records::ListParams;
use super::{query_date, Page};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiChange, ApiJson, ApiPath, ApiQuery};
use crate::AppState;

/// Resolves a document's id, or its key, for the viewer.
/// A key the viewer may not see is `NotFound`, like a missing one; any other error is the store's.
pub async fn document_id(state: &AppState, auth: &Auth, reference: &str) -> secretariat_core::Result<Id> {
    Ok(match reference.parse::<i64>() {
        Ok(id) => id,
        Err(_) => state.app.find(&auth.viewer(), Kind::Document, reference).await?.id,
    })
}

/// Filters of the document list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentParams {
    /// Documents on this meeting's agenda (the meeting's id).
    pub meeting: Option<i64>,
    /// An organisation's code.
    #[param(pattern = "^[A-Z0-9_-]{1,32}$")]
    pub organisation: Option<String>,
    /// A body's code.
    #[param(pattern = "^[A-Z0-9_-]{1,32}$")]
    pub body: Option<String>,
    pub after: Option<i64>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// Documents the viewer may see: a sponsors-only draft of another state is neither listed nor counted.
#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", params(DocumentParams),
    responses((status = 200, description = "`{items: [document], next}`", body = Page<DocumentView>), (status = 400, description = "malformed filter")))]
pub async fn list_documents(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<DocumentParams>,
) -> ApiResult<Json<Page<DocumentView>>> {
    let params = ListParams {
        meeting: p.meeting,
        organisation: p.organisation,
        body: p.body,
        after: p.after,
        limit: p.limit,
        ..ListParams::default()
    };
    let (items, next) = state.app.documents(&params.filter(&auth)?).await?;
    Ok(Json(Page { items, next }))
}

/// A whole document: symbol, kind, title, sponsors, status, versions, revisions, positions, outcome, referrals.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "the document's id or key")),
    responses((status = 200, description = "the document", body = DocumentView), (status = 404, description = "no such document, or not visible")))]
pub async fn get_document(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<DocumentView>> {
    let id = document_id(&state, &auth, &reference).await?;
    Ok(Json(state.app.document(&auth.viewer(), id).await?))
}

/// Creates a draft with its texts: the Secretariat, or a delegate of a sponsoring state.
#[utoipa::path(post, path = "/api/v1/documents", tag = "documents", request_body = NewDocument,
    responses((status = 201, description = "the draft", body = DocumentView), (status = 401, description = "no account"),
        (status = 403, description = "not a sponsor"), (status = 409, description = "the key exists"),
        (status = 422, description = "the document does not parse")))]
pub async fn create_document(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewDocument>,
) -> ApiResult<(StatusCode, Json<DocumentView>)> {
    let actor = auth.writer(&headers)?;
    Ok((StatusCode::CREATED, Json(state.app.create_document(&actor, new).await?)))
}

/// Changes the record (title, co-sponsors, visibility), with the `version` it was read at.
#[utoipa::path(put, path = "/api/v1/documents/{id}", tag = "documents", request_body = Document,
    params(("id" = i64, Path, description = "the document's id")),
    responses((status = 200, description = "the document", body = DocumentView), (status = 409, description = "changed since `version`")))]
pub async fn change_document(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiChange { version, body: doc }: ApiChange<Document>,
) -> ApiResult<Json<DocumentView>> {
    let actor = auth.writer(&headers)?;
    Ok(Json(state.app.change_document(&actor, id, version, doc).await?))
}

/// A language version to write.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageVersionInput {
    pub text: String,
    #[serde(default = "draft")]
    pub status: VersionStatus,
    /// The version the change is based on; left out only when the language is new in the revision.
    pub version: Option<i64>,
}

fn draft() -> VersionStatus {
    VersionStatus::Draft
}

/// Writes one language version of the current revision; two people editing the same one: the second gets 409.
#[utoipa::path(put, path = "/api/v1/documents/{id}/texts/{language}", tag = "documents", request_body = LanguageVersionInput,
    params(("id" = i64, Path, description = "the document's id"), ("language" = String, Path, description = "e.g. ru", pattern = "^[a-z]{2}$")),
    responses((status = 200, description = "the document", body = DocumentView), (status = 409, description = "the text changed since `version`")))]
pub async fn put_language_version(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath((id, language)): ApiPath<(i64, String)>,
    ApiJson(input): ApiJson<LanguageVersionInput>,
) -> ApiResult<Json<DocumentView>> {
    let actor = auth.writer(&headers)?;
    let language = Lang::parse(&language)?;
    Ok(Json(state.app.edit_language_version(&actor, id, language, input.version, input.text, input.status).await?))
}

/// A revised text, per language.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionInput {
    pub texts: BTreeMap<Lang, String>,
    /// When it was issued, if not now (the Secretariat only): an instant or a day.
    #[serde(default)]
    pub at: Option<At>,
}

/// Issues a revision (`Rev.n`); positions start afresh on it.
#[utoipa::path(post, path = "/api/v1/documents/{id}/revisions", tag = "documents", request_body = RevisionInput,
    params(("id" = i64, Path, description = "the document's id")),
    responses((status = 201, description = "the document", body = DocumentView), (status = 409, description = "decided documents are not revised")))]
pub async fn create_revision(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RevisionInput>,
) -> ApiResult<(StatusCode, Json<DocumentView>)> {
    let actor = auth.writer(&headers)?;
    Ok((StatusCode::CREATED, Json(state.app.revise(&actor, id, input.texts, input.at).await?)))
}

/// A step of the lifecycle.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionInput {
    /// `circulated`, `under_agreement`, `agreed` or `withdrawn`.
    pub to: DocumentStatus,
    /// When it happened, if not now (the Secretariat only): an instant or a day.
    #[serde(default)]
    pub at: Option<At>,
}

/// Circulates (numbering it), records agreement, or withdraws a document.
#[utoipa::path(post, path = "/api/v1/documents/{id}/transitions", tag = "documents", request_body = TransitionInput,
    params(("id" = i64, Path, description = "the document's id")),
    responses((status = 200, description = "the document", body = DocumentView), (status = 409, description = "not allowed from its status")))]
pub async fn create_transition(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TransitionInput>,
) -> ApiResult<Json<DocumentView>> {
    let actor = auth.writer(&headers)?;
    Ok(Json(state.app.transition(&actor, id, input.to, input.at).await?))
}

/// Records a state's position on the current revision: a delegate for their state, or the Secretariat on a
/// state's behalf (`state`).
#[utoipa::path(post, path = "/api/v1/documents/{id}/positions", tag = "documents", request_body = PositionInput,
    params(("id" = i64, Path, description = "the document's id")),
    responses((status = 200, description = "the document with its positions and consensus", body = DocumentView),
        (status = 403, description = "not a delegate of that state"), (status = 409, description = "not open for positions"),
        (status = 422, description = "unknown position, missing text, or not a member")))]
pub async fn create_position(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PositionInput>,
) -> ApiResult<Json<DocumentView>> {
    let actor = auth.writer(&headers)?;
    Ok(Json(state.app.record_position(&actor, id, input).await?))
}

/// The deadline of a silence procedure.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SilenceInput {
    /// An exact instant, RFC 3339 with an offset (`2018-06-20T18:00:00+06:00`).
    #[schema(format = DateTime)]
    pub deadline: String,
    /// When the procedure was opened, if not now (the Secretariat only): an instant or a day.
    #[serde(default)]
    pub at: Option<At>,
}

/// Opens a silence procedure on the current revision.
#[utoipa::path(post, path = "/api/v1/documents/{id}/silence", tag = "documents", request_body = SilenceInput,
    params(("id" = i64, Path, description = "the document's id")),
    responses((status = 201, description = "the open procedure", body = SilenceView), (status = 409, description = "already open, or decided"),
        (status = 422, description = "deadline malformed or in the past")))]
pub async fn create_silence(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<SilenceInput>,
) -> ApiResult<(StatusCode, Json<SilenceView>)> {
    let actor = auth.writer(&headers)?;
    let deadline = input.deadline.parse::<jiff::Timestamp>().map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_deadline",
            "the deadline is an RFC 3339 instant with an offset",
        )
    })?;
    Ok((StatusCode::CREATED, Json(state.app.open_silence(&actor, id, deadline, input.at).await?)))
}

/// Receives an objection or an amendment under silence; before the deadline it breaks the procedure.
#[utoipa::path(post, path = "/api/v1/silence/{id}/objections", tag = "documents", request_body = ObjectionInput,
    params(("id" = i64, Path, description = "the procedure's id")),
    responses((status = 201, description = "the procedure, broken", body = SilenceView), (status = 409, description = "the procedure is closed")))]
pub async fn create_objection(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ObjectionInput>,
) -> ApiResult<(StatusCode, Json<SilenceView>)> {
    let actor = auth.writer(&headers)?;
    Ok((StatusCode::CREATED, Json(state.app.object(&actor, id, input).await?)))
}

/// Records an agenda item's outcome, deciding the documents under it.
#[utoipa::path(post, path = "/api/v1/agenda-items/{id}/outcome", tag = "documents", request_body = OutcomeInput,
    params(("id" = i64, Path, description = "the agenda item's id")),
    responses((status = 200, description = "`{items: [decided document]}`", body = Page<DocumentView>), (status = 409, description = "consensus blocked, or not pending")))]
pub async fn create_outcome(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> ApiResult<Json<Page<DocumentView>>> {
    let actor = auth.writer(&headers)?;
    Ok(Json(Page { items: state.app.record_outcome(&actor, id, input).await?, next: None }))
}

/// Refers an adopted document to a meeting of another body, as its last agenda item.
#[utoipa::path(post, path = "/api/v1/documents/{id}/referrals", tag = "documents", request_body = ReferralInput,
    params(("id" = i64, Path, description = "the document's id")),
    responses((status = 201, description = "the document", body = DocumentView), (status = 409, description = "not adopted"),
        (status = 422, description = "no such meeting, or a meeting of the same body")))]
pub async fn create_referral(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReferralInput>,
) -> ApiResult<(StatusCode, Json<DocumentView>)> {
    let actor = auth.writer(&headers)?;
    Ok((StatusCode::CREATED, Json(state.app.refer(&actor, id, input).await?)))
}

/// Records the receiving body's outcome on a referral: at the meeting referred to (`meeting`), or by its written
/// procedure on a date (`meeting` left out, `at` required). The document stays referred.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/outcome", tag = "documents",
    request_body = ReferralOutcomeInput,
    params(("id" = i64, Path, description = "the referral's id (`referrals[].id` of the document)")),
    responses((status = 200, description = "the document", body = DocumentView), (status = 404, description = "no such referral, or its document not visible"),
        (status = 409, description = "already decided"), (status = 422, description = "`at` missing, in the future or before the referral, or another meeting")))]
pub async fn create_referral_outcome(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(referral): ApiPath<i64>,
    ApiJson(input): ApiJson<ReferralOutcomeInput>,
) -> ApiResult<Json<DocumentView>> {
    let actor = auth.writer(&headers)?;
    Ok(Json(state.app.decide_referral(&actor, referral, input).await?))
}

/// Compiles a statements list into its list document from the proposals included.
#[utoipa::path(post, path = "/api/v1/statements-lists/{key}/compilation", tag = "documents",
    params(("key" = String, Path, description = "the list's key", pattern = "^[a-z0-9][a-z0-9-]{0,79}$")),
    responses((status = 201, description = "the list document", body = DocumentView), (status = 409, description = "already compiled, or empty")))]
pub async fn create_compilation(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<(StatusCode, Json<DocumentView>)> {
    let actor = auth.writer(&headers)?;
    let key = Key::parse(&key).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()))?;
    Ok((StatusCode::CREATED, Json(state.app.compile_statements_list(&actor, &key).await?)))
}

/// The day of the report.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParam {
    /// The day (YYYY-MM-DD); today when left out.
    #[param(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub on: Option<String>,
}

/// The status of the legal contractual basis: agreements and protocols, signatures, ratifications, entry into force.
#[utoipa::path(get, path = "/api/v1/organisations/{code}/legal-basis", tag = "organisations",
    params(("code" = String, Path, description = "the organisation's code", pattern = "^[A-Z0-9_-]{1,32}$"), OnParam),
    responses((status = 200, description = "the report", body = LegalBasisReport), (status = 404, description = "no such organisation")))]
pub async fn get_legal_basis(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
    ApiQuery(OnParam { on }): ApiQuery<OnParam>,
) -> ApiResult<Json<LegalBasisReport>> {
    let code = Code::parse(&code).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()))?;
    let on = match query_date(on.as_deref())? {
        Some(day) => day,
        None => state.app.today(),
    };
    Ok(Json(state.app.legal_basis(&auth.viewer(), &code, on).await?))
}
