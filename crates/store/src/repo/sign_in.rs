//! Single sign-on and second factors: a tenant's sign-in policy, the e-mail domains it
//! claims, the identities its provider vouched for, pending authorization requests; and,
//! per user (global, like `users`), the TOTP secret, recovery codes and the pending
//! second-factor step of a password sign-in.

use super::now;
use crate::db::Conn;
use crate::entity::{
    mfa_challenge, recovery_code, session, sso_domain, sso_identity, sso_request, tenant_sign_in,
    user_totp,
};
use crate::{StoreError, TenantTx, Tx};
use certa_domain::{SessionId, TenantId, UserId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

pub use crate::entity::mfa_challenge::Model as MfaChallenge;
pub use crate::entity::sso_identity::Model as SsoIdentity;
pub use crate::entity::sso_request::Model as SsoRequest;
pub use crate::entity::tenant_sign_in::Model as SignInPolicy;
pub use crate::entity::user_totp::Model as UserTotp;

/// The tenant's sign-in policy, if it ever saved one.
pub async fn policy(tx: &TenantTx) -> Result<Option<SignInPolicy>, StoreError> {
    Ok(tenant_sign_in::Entity::find_by_id(tx.tid())
        .one(tx.conn())
        .await?)
}

/// Stores the tenant's policy (insert or replace) and the e-mail domains that sign in
/// through its provider. `p.tenant_id` is set from the transaction.
pub async fn save_policy(
    tx: &TenantTx,
    mut p: SignInPolicy,
    domains: &[String],
) -> Result<(), StoreError> {
    use tenant_sign_in::Column as C;
    p.tenant_id = tx.tid();
    p.updated_at = now();
    let m: tenant_sign_in::ActiveModel = p.into();
    tenant_sign_in::Entity::insert(m)
        .on_conflict(
            OnConflict::column(C::TenantId)
                .update_columns([
                    C::SsoEnabled,
                    C::Issuer,
                    C::ClientId,
                    C::ClientSecretSealed,
                    C::Scopes,
                    C::EmailDomains,
                    C::RoleClaim,
                    C::RoleMap,
                    C::ClientClaim,
                    C::JitProvisioning,
                    C::LinkByEmail,
                    C::RequireSso,
                    C::BreakGlass,
                    C::MfaRoles,
                    C::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(tx.conn())
        .await?;
    sso_domain::Entity::delete_many()
        .filter(sso_domain::Column::TenantId.eq(tx.tid()))
        .exec(tx.conn())
        .await?;
    for d in domains {
        sso_domain::ActiveModel {
            domain: Set(d.clone()),
            tenant_id: Set(tx.tid()),
        }
        .insert(tx.conn())
        .await?;
    }
    Ok(())
}

/// The tenant that claims an e-mail domain for single sign-on (an open read).
pub async fn tenant_of_domain(tx: &impl Tx, domain: &str) -> Result<Option<TenantId>, StoreError> {
    Ok(sso_domain::Entity::find_by_id(domain.to_string())
        .one(tx.conn())
        .await?
        .map(|d| TenantId(d.tenant_id)))
}

/// Those of `domains` that another tenant already claims.
pub async fn domains_claimed_elsewhere(
    tx: &TenantTx,
    domains: &[String],
) -> Result<Vec<String>, StoreError> {
    if domains.is_empty() {
        return Ok(Vec::new());
    }
    Ok(sso_domain::Entity::find()
        .filter(sso_domain::Column::Domain.is_in(domains.iter().cloned()))
        .filter(sso_domain::Column::TenantId.ne(tx.tid()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|d| d.domain)
        .collect())
}

/// The identity an `(issuer, sub)` pair signs in as, in this tenant.
pub async fn identity(
    tx: &TenantTx,
    issuer: &str,
    subject: &str,
) -> Result<Option<SsoIdentity>, StoreError> {
    Ok(
        sso_identity::Entity::find_by_id((tx.tid(), issuer.to_string(), subject.to_string()))
            .one(tx.conn())
            .await?,
    )
}

/// Links `(issuer, sub)` to a user in this tenant.
pub async fn link_identity(
    tx: &TenantTx,
    issuer: &str,
    subject: &str,
    user: UserId,
    email: &str,
) -> Result<(), StoreError> {
    let t = now();
    sso_identity::ActiveModel {
        tenant_id: Set(tx.tid()),
        issuer: Set(issuer.to_string()),
        subject: Set(subject.to_string()),
        user_id: Set(user.0),
        email: Set(email.to_string()),
        created_at: Set(t),
        last_login_at: Set(t),
    }
    .insert(tx.conn())
    .await?;
    Ok(())
}

/// Records a sign-in through an identity.
pub async fn touch_identity(tx: &TenantTx, issuer: &str, subject: &str) -> Result<(), StoreError> {
    sso_identity::Entity::update_many()
        .col_expr(sso_identity::Column::LastLoginAt, Expr::value(now()))
        .filter(sso_identity::Column::TenantId.eq(tx.tid()))
        .filter(sso_identity::Column::Issuer.eq(issuer))
        .filter(sso_identity::Column::Subject.eq(subject))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Whether a user has signed in through this tenant's provider before.
pub async fn has_identity(tx: &TenantTx, user: UserId) -> Result<bool, StoreError> {
    Ok(sso_identity::Entity::find()
        .filter(sso_identity::Column::TenantId.eq(tx.tid()))
        .filter(sso_identity::Column::UserId.eq(user.0))
        .one(tx.conn())
        .await?
        .is_some())
}

/// Stores a pending authorization request.
pub async fn insert_request(
    tx: &TenantTx,
    state_hash: String,
    nonce: String,
    verifier_sealed: String,
    next: String,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sso_request::ActiveModel {
        tenant_id: Set(tx.tid()),
        state_hash: Set(state_hash),
        nonce: Set(nonce),
        verifier_sealed: Set(verifier_sealed),
        next: Set(next),
        created_at: Set(now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(tx.conn())
    .await?;
    // Requests nobody came back for are cleared as new ones are made.
    sso_request::Entity::delete_many()
        .filter(sso_request::Column::TenantId.eq(tx.tid()))
        .filter(sso_request::Column::ExpiresAt.lt(now() - chrono::Duration::days(1)))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Claims a pending request by the hash of its state: only an unused, unexpired request
/// is claimed, once (a conditional update), and then returned.
pub async fn claim_request(
    tx: &TenantTx,
    state_hash: &str,
) -> Result<Option<SsoRequest>, StoreError> {
    let t = now();
    let res = sso_request::Entity::update_many()
        .col_expr(sso_request::Column::UsedAt, Expr::value(Some(t)))
        .filter(sso_request::Column::TenantId.eq(tx.tid()))
        .filter(sso_request::Column::StateHash.eq(state_hash))
        .filter(sso_request::Column::UsedAt.is_null())
        .filter(sso_request::Column::ExpiresAt.gt(t))
        .exec(tx.conn())
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    Ok(
        sso_request::Entity::find_by_id((tx.tid(), state_hash.to_string()))
            .one(tx.conn())
            .await?,
    )
}

/// A user's TOTP enrolment, confirmed or not.
pub async fn totp(tx: &impl Tx, user: UserId) -> Result<Option<UserTotp>, StoreError> {
    Ok(user_totp::Entity::find_by_id(user.0).one(tx.conn()).await?)
}

/// Starts (or restarts) an enrolment: an unconfirmed secret replaces an unconfirmed one;
/// a confirmed one is never replaced here (answers `false`).
pub async fn start_totp(tx: &impl Tx, user: UserId, sealed: String) -> Result<bool, StoreError> {
    user_totp::Entity::delete_many()
        .filter(user_totp::Column::UserId.eq(user.0))
        .filter(user_totp::Column::ConfirmedAt.is_null())
        .exec(tx.conn())
        .await?;
    let res = user_totp::Entity::insert(user_totp::ActiveModel {
        user_id: Set(user.0),
        secret_sealed: Set(sealed),
        confirmed_at: Set(None),
        last_step: Set(0),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(user_totp::Column::UserId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(res == 1)
}

/// Claims a time step for a user's TOTP: succeeds only when `step` is later than every
/// step used before (so a code works once).
pub async fn claim_step(tx: &impl Tx, user: UserId, step: i64) -> Result<bool, StoreError> {
    let res = user_totp::Entity::update_many()
        .col_expr(user_totp::Column::LastStep, Expr::value(step))
        .filter(user_totp::Column::UserId.eq(user.0))
        .filter(user_totp::Column::LastStep.lt(step))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Confirms an enrolment (the first code was right).
pub async fn confirm_totp(tx: &impl Tx, user: UserId) -> Result<(), StoreError> {
    user_totp::Entity::update_many()
        .col_expr(user_totp::Column::ConfirmedAt, Expr::value(Some(now())))
        .filter(user_totp::Column::UserId.eq(user.0))
        .filter(user_totp::Column::ConfirmedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Removes a user's second factor: the TOTP secret and every recovery code.
pub async fn remove_second_factor(tx: &impl Tx, user: UserId) -> Result<bool, StoreError> {
    let n = user_totp::Entity::delete_many()
        .filter(user_totp::Column::UserId.eq(user.0))
        .exec(tx.conn())
        .await?
        .rows_affected;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.0))
        .exec(tx.conn())
        .await?;
    Ok(n > 0)
}

/// Replaces a user's recovery codes by these hashes.
pub async fn replace_recovery_codes(
    tx: &impl Tx,
    user: UserId,
    hashes: &[String],
) -> Result<(), StoreError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.0))
        .exec(tx.conn())
        .await?;
    let t = now();
    for h in hashes {
        recovery_code::ActiveModel {
            user_id: Set(user.0),
            code_hash: Set(h.clone()),
            created_at: Set(t),
            used_at: Set(None),
        }
        .insert(tx.conn())
        .await?;
    }
    Ok(())
}

/// Uses a recovery code: only an unused one, once.
pub async fn use_recovery_code(tx: &impl Tx, user: UserId, hash: &str) -> Result<bool, StoreError> {
    let res = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(now())))
        .filter(recovery_code::Column::UserId.eq(user.0))
        .filter(recovery_code::Column::CodeHash.eq(hash))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// How many unused recovery codes a user has.
pub async fn recovery_codes_left(tx: &impl Tx, user: UserId) -> Result<usize, StoreError> {
    Ok(recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user.0))
        .filter(recovery_code::Column::UsedAt.is_null())
        .all(tx.conn())
        .await?
        .len())
}

/// Stores the pending second-factor step of a password sign-in.
pub async fn create_challenge(
    tx: &impl Tx,
    token_hash: String,
    user: UserId,
    next: String,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    mfa_challenge::ActiveModel {
        token_hash: Set(token_hash),
        user_id: Set(user.0),
        next: Set(next),
        created_at: Set(now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(tx.conn())
    .await?;
    mfa_challenge::Entity::delete_many()
        .filter(mfa_challenge::Column::ExpiresAt.lt(now() - chrono::Duration::days(1)))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// A pending, unexpired, unused second-factor step by its token hash.
pub async fn challenge(tx: &impl Tx, token_hash: &str) -> Result<Option<MfaChallenge>, StoreError> {
    Ok(mfa_challenge::Entity::find_by_id(token_hash.to_string())
        .one(tx.conn())
        .await?
        .filter(|c| c.used_at.is_none() && c.expires_at > now()))
}

/// Ends a second-factor step: only once.
pub async fn use_challenge(tx: &impl Tx, token_hash: &str) -> Result<bool, StoreError> {
    let res = mfa_challenge::Entity::update_many()
        .col_expr(mfa_challenge::Column::UsedAt, Expr::value(Some(now())))
        .filter(mfa_challenge::Column::TokenHash.eq(token_hash))
        .filter(mfa_challenge::Column::UsedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// A user's sessions, newest first.
pub async fn sessions_of(tx: &impl Tx, user: UserId) -> Result<Vec<session::Model>, StoreError> {
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::ExpiresAt.gt(now()))
        .order_by_desc(session::Column::LastSeenAt)
        .all(tx.conn())
        .await?)
}

/// Ends one of a user's sessions (only theirs).
pub async fn end_session_of(tx: &impl Tx, user: UserId, id: SessionId) -> Result<bool, StoreError> {
    let res = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records that a session proved more (a second factor enrolled within it).
pub async fn set_amr(tx: &impl Tx, id: SessionId, amr: &str) -> Result<(), StoreError> {
    session::Entity::update_many()
        .col_expr(session::Column::Amr, Expr::value(amr))
        .filter(session::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Those of `users` whose second factor is set up.
pub async fn enrolled_users(
    tx: &impl Tx,
    users: &[uuid::Uuid],
) -> Result<Vec<uuid::Uuid>, StoreError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user_totp::Entity::find()
        .filter(user_totp::Column::UserId.is_in(users.iter().copied()))
        .filter(user_totp::Column::ConfirmedAt.is_not_null())
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|t| t.user_id)
        .collect())
}
