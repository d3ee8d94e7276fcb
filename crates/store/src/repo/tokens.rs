//! API bearer tokens of one tenant.

use super::now;
use crate::db::Conn;
use crate::entity::api_token;
use crate::{StoreError, TenantTx};
use certa_domain::{MembershipId, TokenId};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// A row of `api_tokens`: bearer tokens bound to one membership (token stored hashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub membership_id: uuid::Uuid,
    pub label: String,
    pub token_prefix: String,
    pub token_hash: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<api_token::Model> for ApiToken {
    fn from(m: api_token::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            membership_id: m.membership_id,
            label: m.label,
            token_prefix: m.token_prefix,
            token_hash: m.token_hash,
            created_at: m.created_at,
            last_used_at: m.last_used_at,
            revoked_at: m.revoked_at,
        }
    }
}

impl From<ApiToken> for api_token::Model {
    fn from(r: ApiToken) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            membership_id: r.membership_id,
            label: r.label,
            token_prefix: r.token_prefix,
            token_hash: r.token_hash,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// Stores a token (hash only).
pub async fn create(
    tx: &TenantTx,
    membership: MembershipId,
    label: &str,
    prefix: &str,
    token_hash: String,
) -> Result<ApiToken, StoreError> {
    let m = api_token::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(TokenId::new().0),
        membership_id: Set(membership.0),
        label: Set(label.to_string()),
        token_prefix: Set(prefix.to_string()),
        token_hash: Set(token_hash),
        created_at: Set(now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    };
    Ok(m.insert(tx.conn()).await?.into())
}

/// Tokens of the tenant, optionally only one membership's, newest first.
pub async fn list(
    tx: &TenantTx,
    membership: Option<MembershipId>,
) -> Result<Vec<ApiToken>, StoreError> {
    let mut q = api_token::Entity::find().filter(api_token::Column::TenantId.eq(tx.tid()));
    if let Some(m) = membership {
        q = q.filter(api_token::Column::MembershipId.eq(m.0));
    }
    Ok(q.order_by_desc(api_token::Column::CreatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Finds a token by id in this tenant.
pub async fn by_id(tx: &TenantTx, id: TokenId) -> Result<Option<ApiToken>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TenantId.eq(tx.tid()))
        .filter(api_token::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Revokes a token; false when it was already revoked.
pub async fn revoke(tx: &TenantTx, id: TokenId) -> Result<bool, StoreError> {
    let res = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(api_token::Column::TenantId.eq(tx.tid()))
        .filter(api_token::Column::Id.eq(id.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a use of the token.
pub async fn touch(tx: &TenantTx, id: TokenId) -> Result<(), StoreError> {
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::LastUsedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(api_token::Column::TenantId.eq(tx.tid()))
        .filter(api_token::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Revokes every live token of a membership (password reset, account disabled); answers
/// how many were revoked.
pub async fn revoke_for_membership(
    tx: &TenantTx,
    membership: MembershipId,
) -> Result<u64, StoreError> {
    let res = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(api_token::Column::TenantId.eq(tx.tid()))
        .filter(api_token::Column::MembershipId.eq(membership.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected)
}
