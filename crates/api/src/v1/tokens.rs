//! `/api/v1/tokens`.

use super::ts;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, delete, get, post, web};
use certa_domain::TokenId;
use certa_service::records::ApiToken;
use certa_service::tokens;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A token (never its secret).
#[derive(Serialize, ToSchema)]
pub struct TokenOut {
    pub id: uuid::Uuid,
    pub membership_id: uuid::Uuid,
    pub label: String,
    /// The first characters, to recognise it.
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl From<ApiToken> for TokenOut {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            membership_id: t.membership_id,
            label: t.label,
            prefix: t.token_prefix,
            created_at: ts(t.created_at),
            last_used_at: t.last_used_at.map(ts),
            revoked_at: t.revoked_at.map(ts),
        }
    }
}

/// A new token with its secret, shown this once.
#[derive(Serialize, ToSchema)]
pub struct CreatedTokenOut {
    #[serde(flatten)]
    pub token: TokenOut,
    /// The bearer secret. Store it now: Certa keeps only its hash.
    pub secret: String,
}

/// Create a token.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenIn {
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub label: String,
}

/// Tokens: the caller's own, or every member's for admins.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, body = [TokenOut])), security(("bearer" = [])))]
#[get("/tokens")]
pub async fn list_tokens(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    let list = tokens::list(&st.ctx, &p.0).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(TokenOut::from).collect::<Vec<_>>()))
}

/// Create a token for the caller's membership.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = CreateTokenIn,
    responses((status = 201, body = CreatedTokenOut), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/tokens")]
pub async fn create_token(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageOwnTokens>,
    body: crate::json::ApiJson<CreateTokenIn>,
) -> Result<HttpResponse, ApiError> {
    let c = tokens::create(&st.ctx, &p.0, &body.label).await?;
    Ok(HttpResponse::Created().json(CreatedTokenOut {
        token: c.token.into(),
        secret: c.secret,
    }))
}

/// Revoke a token.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = uuid::Uuid, Path, description = "token id")),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[delete("/tokens/{id}")]
pub async fn revoke_token(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    tokens::revoke(&st.ctx, &p.0, TokenId(*id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
