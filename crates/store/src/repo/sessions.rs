//! Browser sessions (global table; the active tenant is a choice, not ownership).

use super::now;
use crate::entity::{password_reset, session};
use crate::{StoreError, Tx};
use certa_domain::{SessionId, TenantId, UserId};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// A row of `password_resets`: single-use reset links (token stored hashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordReset {
    pub id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub token_hash: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<password_reset::Model> for PasswordReset {
    fn from(m: password_reset::Model) -> Self {
        Self {
            id: m.id,
            user_id: m.user_id,
            token_hash: m.token_hash,
            expires_at: m.expires_at,
            used_at: m.used_at,
            created_at: m.created_at,
        }
    }
}

impl From<PasswordReset> for password_reset::Model {
    fn from(r: PasswordReset) -> Self {
        Self {
            id: r.id,
            user_id: r.user_id,
            token_hash: r.token_hash,
            expires_at: r.expires_at,
            used_at: r.used_at,
            created_at: r.created_at,
        }
    }
}

/// A row of `sessions`: browser sessions (token stored hashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: uuid::Uuid,
    pub token_hash: String,
    pub user_id: uuid::Uuid,
    pub active_tenant_id: Option<uuid::Uuid>,
    pub csrf_token: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// How the session was authenticated (RFC 8176 values, space-separated; `fed` for a
    /// sign-in through an identity provider).
    pub amr: String,
    /// The tenant whose identity provider vouched for the session.
    pub sso_tenant_id: Option<uuid::Uuid>,
    pub user_agent: Option<String>,
}

impl From<session::Model> for Session {
    fn from(m: session::Model) -> Self {
        Self {
            id: m.id,
            token_hash: m.token_hash,
            user_id: m.user_id,
            active_tenant_id: m.active_tenant_id,
            csrf_token: m.csrf_token,
            created_at: m.created_at,
            last_seen_at: m.last_seen_at,
            expires_at: m.expires_at,
            amr: m.amr,
            sso_tenant_id: m.sso_tenant_id,
            user_agent: m.user_agent,
        }
    }
}

impl From<Session> for session::Model {
    fn from(r: Session) -> Self {
        Self {
            id: r.id,
            token_hash: r.token_hash,
            user_id: r.user_id,
            active_tenant_id: r.active_tenant_id,
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
            amr: r.amr,
            sso_tenant_id: r.sso_tenant_id,
            user_agent: r.user_agent,
        }
    }
}

/// How a new session was authenticated.
#[derive(Clone, Debug, Default)]
pub struct SessionOrigin {
    /// RFC 8176 method references, space-separated (`pwd`, `pwd otp mfa`, `fed`).
    pub amr: String,
    /// The tenant whose identity provider vouched for the session.
    pub sso_tenant: Option<TenantId>,
    /// The browser's description of itself, shortened.
    pub user_agent: Option<String>,
}

/// Stores a new session.
pub async fn create(
    tx: &impl Tx,
    token_hash: String,
    user: UserId,
    csrf_token: String,
    expires_at: DateTime<Utc>,
    origin: SessionOrigin,
) -> Result<Session, StoreError> {
    let t = now();
    let m = session::ActiveModel {
        id: Set(SessionId::new().0),
        token_hash: Set(token_hash),
        user_id: Set(user.0),
        active_tenant_id: Set(None),
        csrf_token: Set(csrf_token),
        created_at: Set(t),
        last_seen_at: Set(t),
        expires_at: Set(expires_at),
        amr: Set(if origin.amr.is_empty() {
            "pwd".into()
        } else {
            origin.amr
        }),
        sso_tenant_id: Set(origin.sso_tenant.map(|t| t.0)),
        user_agent: Set(origin.user_agent),
    };
    Ok(m.insert(tx.conn()).await?.into())
}

/// Finds a session by the hash of its cookie token.
pub async fn by_token_hash(tx: &impl Tx, hash: &str) -> Result<Option<Session>, StoreError> {
    Ok(session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Records activity (idle-expiry clock).
pub async fn touch(tx: &impl Tx, s: Session) -> Result<(), StoreError> {
    let mut m = session::Model::from(s).into_active_model();
    m.last_seen_at = Set(now());
    m.update(tx.conn()).await?;
    Ok(())
}

/// Sets the tenant the session works in.
pub async fn set_tenant(
    tx: &impl Tx,
    id: SessionId,
    tenant: Option<TenantId>,
) -> Result<(), StoreError> {
    session::Entity::update_many()
        .col_expr(
            session::Column::ActiveTenantId,
            sea_orm::sea_query::Expr::value(tenant.map(|t| t.0)),
        )
        .filter(session::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Deletes one session (logout, or expiry).
pub async fn delete(tx: &impl Tx, id: SessionId) -> Result<(), StoreError> {
    session::Entity::delete_by_id(id.0).exec(tx.conn()).await?;
    Ok(())
}

/// Deletes every session of a user (after a password reset).
pub async fn delete_for_user(tx: &impl Tx, user: UserId) -> Result<u64, StoreError> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user.0))
        .exec(tx.conn())
        .await?
        .rows_affected)
}

/// Clears a removed member's sessions out of a tenant.
pub async fn clear_tenant_for_user(
    tx: &impl Tx,
    user: UserId,
    tenant: TenantId,
) -> Result<(), StoreError> {
    session::Entity::update_many()
        .col_expr(
            session::Column::ActiveTenantId,
            sea_orm::sea_query::Expr::value(Option::<uuid::Uuid>::None),
        )
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::ActiveTenantId.eq(tenant.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Stores a password-reset token.
pub async fn create_reset(
    tx: &impl Tx,
    user: UserId,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<PasswordReset, StoreError> {
    let m = password_reset::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        user_id: Set(user.0),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now()),
    };
    Ok(m.insert(tx.conn()).await?.into())
}

/// Finds a reset by token hash.
pub async fn reset_by_hash(tx: &impl Tx, hash: &str) -> Result<Option<PasswordReset>, StoreError> {
    Ok(password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Marks a reset used, only if it was still unused (single use, race-free).
pub async fn use_reset(tx: &impl Tx, id: uuid::Uuid) -> Result<bool, StoreError> {
    let res = password_reset::Entity::update_many()
        .col_expr(
            password_reset::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(password_reset::Column::Id.eq(id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}
