//! API tokens: created by a member for themselves, listed, revoked.

use crate::secrets::{random_token, token_hash};
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::values::display_name;
use certa_domain::{Action, TokenId};
use certa_store::repo::audit;
use certa_store::repo::tokens::{self, ApiToken};
use serde_json::json;

/// Prefix of every API token, so secret scanners can recognise them.
pub const TOKEN_PREFIX: &str = "certa_";

/// A created token: `secret` is shown once and never stored.
#[derive(Debug)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
}

/// Creates a token bound to the principal's membership.
pub async fn create(ctx: &Ctx, p: &Principal, label: &str) -> Result<CreatedToken, ServiceError> {
    let t = p.authorize(Action::ManageOwnTokens)?;
    let label = display_name("label", label)?;
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let shown_prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let tx = ctx.db.tenant(t.scope()).await?;
    let token = tokens::create(
        &tx,
        t.membership_id(),
        &label,
        &shown_prefix,
        token_hash(&secret),
    )
    .await?;
    audit::append(
        &tx,
        &p.actor(),
        "token.created",
        &format!("token:{}", token.id),
        json!({"label": label, "prefix": shown_prefix}),
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedToken { token, secret })
}

/// Lists tokens: one's own, or everyone's for admins.
pub async fn list(ctx: &Ctx, p: &Principal) -> Result<Vec<ApiToken>, ServiceError> {
    let t = p.authorize(Action::ManageOwnTokens)?;
    let only = if t.roles.allows(Action::ManageAllTokens) {
        None
    } else {
        Some(t.membership_id())
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = tokens::list(&tx, only).await?;
    tx.commit().await?;
    Ok(list)
}

/// Revokes a token (one's own, or any for admins). Others' tokens are not found.
pub async fn revoke(ctx: &Ctx, p: &Principal, id: TokenId) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageOwnTokens)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let tok = tokens::by_id(&tx, id)
        .await?
        .filter(|tok| {
            tok.membership_id == t.membership.id || t.roles.allows(Action::ManageAllTokens)
        })
        .ok_or(ServiceError::not_found("token", ErrorCode::TokenNotFound))?;
    if !tokens::revoke(&tx, id).await? {
        return Err(ServiceError::conflict(
            ErrorCode::TokenRevoked,
            "the token is already revoked",
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "token.revoked",
        &format!("token:{id}"),
        json!({"label": tok.label}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
