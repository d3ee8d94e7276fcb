//! Operator use cases for the command line (`certa admin …`). The CLI
//! is trusted: it acts as the actor "cli" without a session.

use crate::auth::{self, AccessEnded};
use crate::secrets::{hash_password, random_token, token_hash};
use crate::tokens::TOKEN_PREFIX;
use crate::{Ctx, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::values::{check_new_password, display_name};
use certa_domain::{Email, MembershipId, RoleSet, Slug, TenantId, UserId};
use certa_store::repo::audit::{self, Actor, Integrity};
use certa_store::repo::tenants::Tenant;
use certa_store::repo::users::User;
use certa_store::repo::{memberships, tenants, tokens, users};
use certa_store::{SystemAccess, TenantScope};
use serde_json::json;

/// Creates a tenant and opens its audit trail.
pub async fn create_tenant(ctx: &Ctx, slug: &str, name: &str) -> Result<Tenant, ServiceError> {
    let slug = Slug::parse(slug)?;
    let name = display_name("name", name)?;
    let g = ctx.db.global().await?;
    if tenants::by_slug(&g, slug.as_str()).await?.is_some() {
        return Err(ServiceError::conflict(
            ErrorCode::TenantExists,
            format!("a tenant with slug {} exists", slug.as_str()),
        ));
    }
    let t = tenants::create(&g, slug.as_str(), &name).await?;
    g.commit().await?;
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(t.id), SystemAccess::Cli))
        .await?;
    audit::append(
        &tx,
        &Actor::cli(),
        "tenant.created",
        &format!("tenant:{}", t.id),
        json!({"slug": t.slug, "name": t.name}),
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

/// Creates a user with a password.
pub async fn create_user(
    ctx: &Ctx,
    email: &str,
    name: &str,
    password: &str,
) -> Result<User, ServiceError> {
    let email = Email::parse(email)?;
    let name = display_name("name", name)?;
    check_new_password(password)?;
    let hash = hash_password(&ctx.hashing, password.to_string()).await?;
    let g = ctx.db.global().await?;
    if users::by_email(&g, &email).await?.is_some() {
        return Err(ServiceError::conflict(
            ErrorCode::UserExists,
            format!("a user with email {email} exists"),
        ));
    }
    let u = users::create(&g, &email, &name, Some(hash)).await?;
    g.commit().await?;
    Ok(u)
}

pub(crate) async fn tenant_by_slug(ctx: &Ctx, slug: &str) -> Result<Tenant, ServiceError> {
    let g = ctx.db.global().await?;
    let t = tenants::by_slug(&g, slug).await?;
    g.commit().await?;
    t.ok_or(ServiceError::not_found("tenant", ErrorCode::TenantNotFound))
}

pub(crate) async fn user_by_email(ctx: &Ctx, email: &str) -> Result<User, ServiceError> {
    let email = Email::parse(email)?;
    let g = ctx.db.global().await?;
    let u = users::by_email(&g, &email).await?;
    g.commit().await?;
    u.ok_or(ServiceError::not_found("user", ErrorCode::UserNotFound))
}

/// Disables a user everywhere: they can no longer sign in, their sessions end and their
/// API tokens are revoked in every tenant (re-enabling does not bring them back).
pub async fn disable_user(ctx: &Ctx, email: &str) -> Result<AccessEnded, ServiceError> {
    let u = user_by_email(ctx, email).await?;
    let g = ctx.db.global().await?;
    users::set_disabled(&g, UserId(u.id), true).await?;
    let sessions = certa_store::repo::sessions::delete_for_user(&g, UserId(u.id)).await?;
    g.commit().await?;
    let (ended, _) = auth::end_access(
        ctx,
        UserId(u.id),
        sessions,
        Some(&Actor::cli().label),
        "user.disabled",
    )
    .await?;
    Ok(ended)
}

/// Lets a disabled user sign in again (with new sessions and new tokens only).
pub async fn enable_user(ctx: &Ctx, email: &str) -> Result<(), ServiceError> {
    let u = user_by_email(ctx, email).await?;
    let g = ctx.db.global().await?;
    users::set_disabled(&g, UserId(u.id), false).await?;
    g.commit().await?;
    Ok(())
}

/// Grants a role (creating the membership when needed).
pub async fn grant(
    ctx: &Ctx,
    slug: &str,
    email: &str,
    role: &str,
) -> Result<RoleSet, ServiceError> {
    let t = tenant_by_slug(ctx, slug).await?;
    let u = user_by_email(ctx, email).await?;
    let role = certa_domain::Role::parse(role)?;
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(t.id), SystemAccess::Cli))
        .await?;
    let roles = match memberships::by_user(&tx, UserId(u.id)).await? {
        Some(m) => {
            let mut all: Vec<_> = RoleSet::from_db(&m.roles)?.iter().collect();
            all.push(role);
            let roles = RoleSet::new(all)?;
            memberships::set_roles(&tx, m, &roles).await?;
            roles
        }
        None => {
            let roles = RoleSet::new([role])?;
            memberships::create(&tx, UserId(u.id), &roles).await?;
            roles
        }
    };
    audit::append(
        &tx,
        &Actor::cli(),
        "member.granted",
        &format!("user:{}", u.id),
        json!({"email": u.email, "role": role.as_str(), "roles": roles.names()}),
    )
    .await?;
    tx.commit().await?;
    Ok(roles)
}

/// Creates an API token for a member; returns the secret (shown once).
pub async fn create_token(
    ctx: &Ctx,
    slug: &str,
    email: &str,
    label: &str,
) -> Result<String, ServiceError> {
    let t = tenant_by_slug(ctx, slug).await?;
    let u = user_by_email(ctx, email).await?;
    let label = display_name("label", label)?;
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(t.id), SystemAccess::Cli))
        .await?;
    let m = memberships::by_user(&tx, UserId(u.id))
        .await?
        .ok_or(ServiceError::not_found("member", ErrorCode::MemberNotFound))?;
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let shown: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let tok = tokens::create(&tx, MembershipId(m.id), &label, &shown, token_hash(&secret)).await?;
    audit::append(
        &tx,
        &Actor::cli(),
        "token.created",
        &format!("token:{}", tok.id),
        json!({"label": label, "prefix": shown, "for": u.email}),
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// Verifies a tenant's audit chain.
pub async fn verify_audit_log(ctx: &Ctx, slug: &str) -> Result<Integrity, ServiceError> {
    let t = tenant_by_slug(ctx, slug).await?;
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(t.id), SystemAccess::Cli))
        .await?;
    let r = audit::verify(&tx).await?;
    tx.commit().await?;
    Ok(r)
}
