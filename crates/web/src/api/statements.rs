//! The statements list's writes that are not the Secretariat's alone: a delegate's proposal for her own state.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use secretariat_core::domain::{Key, Proposal};
use secretariat_core::service::ProposalInput;
use serde::Serialize;

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath};
use crate::AppState;

/// A proposal as recorded, with its id and version.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProposalCreated {
    pub id: i64,
    pub version: i64,
    #[serde(flatten)]
    pub proposal: Proposal,
}

/// Proposes a joint statement for the list: a delegate for her own state (`state` left out or her own), the
/// Secretariat for the state it names; until the end of the cut-off day in the venue's time, and not once compiled.
#[utoipa::path(post, path = "/api/v1/statements-lists/{key}/proposals", tag = "documents", request_body = ProposalInput,
    params(("key" = String, Path, description = "the list's key", pattern = "^[a-z0-9][a-z0-9-]{0,79}$")),
    responses((status = 201, description = "the proposal, not yet included in the list", body = ProposalCreated),
        (status = 403, description = "not a delegate of that state, nor the Secretariat"),
        (status = 409, description = "the cut-off has passed (`call_closed`) or the list is compiled (`already_compiled`)"),
        (status = 422, description = "a state that takes no part in the body that day, or no state named by the Secretariat")))]
pub async fn create_proposal(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<ProposalInput>,
) -> ApiResult<(StatusCode, Json<ProposalCreated>)> {
    let actor = auth.writer(&headers)?;
    let key = Key::parse(&key).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()))?;
    let stored = state.app.propose_statement(&actor, &key, input).await?;
    Ok((StatusCode::CREATED, Json(ProposalCreated { id: stored.id, version: stored.version, proposal: stored.record })))
}
