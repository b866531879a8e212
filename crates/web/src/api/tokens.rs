//! API tokens: one's own are listed, made and revoked here; an administrator sees and revokes everyone's.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use secretariat_core::account::ApiToken;
use secretariat_core::domain::Id;
use serde::{Deserialize, Serialize};

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath};
use crate::AppState;

/// The tokens the caller may see.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenList {
    pub items: Vec<ApiToken>,
}

/// The caller's own tokens; an administrator's list has every account's.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, description = "`{items: [{id, username, name, created_at, expires_at, revoked_at}]}`", body = TokenList), (status = 401, description = "no account")))]
pub async fn list_tokens(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<TokenList>> {
    let account = auth.account.as_ref().ok_or_else(|| ApiError::from(secretariat_core::Error::Unauthenticated))?;
    Ok(Json(TokenList { items: state.app.tokens(&account.actor(), None).await? }))
}

/// A new token for oneself.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for.
    pub name: String,
    /// How many days it lives (1 to 366; 90 when left out).
    pub days: Option<u32>,
}

/// A token just made: the only time the token itself is shown.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MadeToken {
    #[serde(flatten)]
    pub info: ApiToken,
    pub token: String,
}

/// Makes a token for the caller's own account and shows it once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewToken,
    responses((status = 201, description = "the token's listing and `token`, shown this once", body = MadeToken), (status = 422, description = "bad name or term")))]
pub async fn create_token(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<MadeToken>)> {
    let actor = auth.writer(&headers)?;
    let username = auth.account.as_ref().map(|a| a.username.clone()).unwrap_or_default();
    let (info, token) = state.app.issue_token(&actor, &username, &body.name, body.days).await?;
    Ok((StatusCode::CREATED, Json(MadeToken { info, token })))
}

/// Revokes one of the caller's tokens (an administrator: anyone's); from then on it answers `invalid_token`.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = i64, Path, description = "the token's id")),
    responses((status = 200, description = "the revoked token's listing", body = ApiToken), (status = 404, description = "no such token of the caller's")))]
pub async fn delete_token(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<Id>,
) -> ApiResult<Json<ApiToken>> {
    let actor = auth.writer(&headers)?;
    Ok(Json(state.app.revoke_token(&actor, id).await?))
}
