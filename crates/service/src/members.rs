//! Members and invitations of one certification body.

use crate::mail::{self, Mail};
use crate::secrets::{hash_password, random_token, token_hash, verify_password};
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::values::{check_new_password, display_name};
use certa_domain::{Action, Email, InvitationId, MembershipId, Role, RoleSet, TenantId, UserId};
use certa_store::TenantScope;
use certa_store::repo::audit::{self, Actor};
use certa_store::repo::invitations::Invitation;
use certa_store::repo::memberships::Member;
use certa_store::repo::tenants::Tenant;
use certa_store::repo::{
    identity, invitations, login_attempts, memberships, now, sessions, tenants, users,
};
use serde_json::json;

/// Lists the members of the principal's tenant.
pub async fn list(ctx: &Ctx, p: &Principal) -> Result<Vec<Member>, ServiceError> {
    let t = p.authorize(Action::ViewMembers)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = memberships::list(&tx).await?;
    tx.commit().await?;
    Ok(list)
}

/// Lists open invitations.
pub async fn pending_invitations(
    ctx: &Ctx,
    p: &Principal,
) -> Result<Vec<Invitation>, ServiceError> {
    let t = p.authorize(Action::ManageMembers)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = invitations::pending(&tx).await?;
    tx.commit().await?;
    Ok(list)
}

/// Invites someone by email: stores a single-use invitation (7-day expiry by default)
/// and enqueues the mail with the link, in one transaction.
pub async fn invite(
    ctx: &Ctx,
    p: &Principal,
    email: &str,
    roles: &[String],
) -> Result<Invitation, ServiceError> {
    p.authorize(Action::ManageMembers)?;
    invite_inner(ctx, p, email, roles, None).await
}

/// Invites a client user: a member with the client role, bound to one client
/// organisation, who sees only that organisation's audits, evidence requests and
/// nonconformities (client portal).
pub async fn invite_client_user(
    ctx: &Ctx,
    p: &Principal,
    client: certa_domain::ClientId,
    email: &str,
) -> Result<Invitation, ServiceError> {
    p.authorize(Action::ManageClients)?;
    invite_inner(ctx, p, email, &["client".to_string()], Some(client)).await
}

async fn invite_inner(
    ctx: &Ctx,
    p: &Principal,
    email: &str,
    roles: &[String],
    client: Option<certa_domain::ClientId>,
) -> Result<Invitation, ServiceError> {
    let t = p.tenant()?;
    let mut v = certa_domain::Problems::default();
    let email = v.check(Email::parse(email));
    let roles = v.check(RoleSet::parse(roles));
    v.finish()?;
    let (Some(email), Some(roles)) = (email, roles) else {
        return Err(ServiceError::unexpected_state("invitation fields"));
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    if let Some(c) = client {
        certa_store::repo::clients::by_id(&tx, c)
            .await?
            .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    }
    if let Some(u) = users::by_email(&tx, &email).await?
        && memberships::by_user(&tx, UserId(u.id)).await?.is_some()
    {
        return Err(ServiceError::conflict(
            ErrorCode::AlreadyMember,
            format!("{email} is already a member"),
        ));
    }
    if invitations::pending(&tx)
        .await?
        .iter()
        .any(|i| i.email_normalized == email.normalized() && i.expires_at > now())
    {
        return Err(ServiceError::conflict(
            ErrorCode::InvitationPending,
            format!("{email} already has a pending invitation; revoke it to send a new one"),
        ));
    }
    let token = random_token();
    let expires_at = now() + ctx.config.invitation_ttl;
    let inv = invitations::create(
        &tx,
        &email,
        &roles,
        token_hash(&token),
        t.membership_id(),
        expires_at,
    )
    .await?;
    if let Some(c) = client {
        invitations::bind_client(&tx, InvitationId(inv.id), c.0).await?;
    }
    audit::append(
        &tx,
        &p.actor(),
        "member.invited",
        &format!("invitation:{}", inv.id),
        json!({"email": email.as_str(), "roles": roles.names(), "client": client.map(|c| c.0)}),
    )
    .await?;
    let link = format!("{}/invitations/accept?token={token}", ctx.config.public_url);
    mail::enqueue(
        &tx,
        email.as_str(),
        &Mail::Invitation {
            inviter: p.user.name.clone(),
            roles: roles.names().join(", "),
            link,
            expires_at: expires_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    ctx.ring();
    Ok(inv)
}

/// Invitations to the client portal for the contacts of `client` who receive mail and
/// have no account in this certification body nor an invitation still open: one each,
/// bound to the client, recorded in the audit trail. The links (by address) go into the
/// mail that asks the contact to act (an evidence request, a nonconformity), so that the
/// contact can answer it; no separate invitation mail is sent.
pub(crate) async fn invite_contacts(
    ctx: &Ctx,
    tx: &certa_store::TenantTx,
    p: &Principal,
    client: certa_domain::ClientId,
) -> Result<std::collections::HashMap<String, String>, ServiceError> {
    let t = p.tenant()?;
    let mut links = std::collections::HashMap::new();
    let pending: Vec<String> = invitations::pending(tx)
        .await?
        .into_iter()
        .filter(|i| i.expires_at > now())
        .map(|i| i.email_normalized)
        .collect();
    let roles = RoleSet::parse(&["client".to_string()])?;
    for c in certa_store::repo::clients::contacts(tx, client).await? {
        let Ok(email) = Email::parse(&c.email) else {
            continue;
        };
        if !c.receives_mail || pending.contains(&email.normalized().to_string()) {
            continue;
        }
        if let Some(u) = users::by_email(tx, &email).await?
            && memberships::by_user(tx, UserId(u.id)).await?.is_some()
        {
            continue;
        }
        let token = random_token();
        let expires_at = now() + ctx.config.invitation_ttl;
        let inv = invitations::create(
            tx,
            &email,
            &roles,
            token_hash(&token),
            t.membership_id(),
            expires_at,
        )
        .await?;
        invitations::bind_client(tx, InvitationId(inv.id), client.0).await?;
        audit::append(
            tx,
            &p.actor(),
            "member.invited",
            &format!("invitation:{}", inv.id),
            json!({"email": email.as_str(), "roles": ["client"], "client": client.0,
                "with": "a request to the client's contact"}),
        )
        .await?;
        links.insert(
            c.email.clone(),
            format!("{}/invitations/accept?token={token}", ctx.config.public_url),
        );
    }
    Ok(links)
}

/// Revokes an open invitation.
pub async fn revoke_invitation(
    ctx: &Ctx,
    p: &Principal,
    id: InvitationId,
) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageMembers)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let inv = invitations::by_id(&tx, id)
        .await?
        .ok_or(ServiceError::not_found(
            "invitation",
            ErrorCode::InvitationNotFound,
        ))?;
    if !invitations::revoke(&tx, id).await? {
        return Err(ServiceError::conflict(
            ErrorCode::InvitationClosed,
            "the invitation was already accepted or revoked",
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "invitation.revoked",
        &format!("invitation:{id}"),
        json!({"email": inv.email}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes a member's roles. The last admin cannot lose the admin role.
pub async fn change_roles(
    ctx: &Ctx,
    p: &Principal,
    id: MembershipId,
    roles: &[String],
) -> Result<Member, ServiceError> {
    let t = p.authorize(Action::ManageMembers)?;
    let roles = RoleSet::parse(roles)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let m = memberships::by_id(&tx, id)
        .await?
        .ok_or(ServiceError::not_found("member", ErrorCode::MemberNotFound))?;
    let before = RoleSet::from_db(&m.roles)?;
    if before.contains(Role::Admin)
        && !roles.contains(Role::Admin)
        && memberships::count_admins(&tx).await? <= 1
    {
        return Err(ServiceError::conflict(
            ErrorCode::LastAdmin,
            "a certification body must keep at least one admin",
        ));
    }
    let m = memberships::set_roles(&tx, m, &roles).await?;
    let user = users::by_id(&tx, UserId(m.user_id))
        .await?
        .ok_or(ServiceError::not_found("member", ErrorCode::MemberNotFound))?;
    audit::append(
        &tx,
        &p.actor(),
        "member.roles_changed",
        &format!("membership:{id}"),
        json!({"email": user.email, "from": before.names(), "to": roles.names()}),
    )
    .await?;
    tx.commit().await?;
    Ok(Member {
        membership: m,
        user,
    })
}

/// Removes a member (their tokens go with the membership). The last admin stays.
pub async fn remove(ctx: &Ctx, p: &Principal, id: MembershipId) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageMembers)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let m = memberships::by_id(&tx, id)
        .await?
        .ok_or(ServiceError::not_found("member", ErrorCode::MemberNotFound))?;
    let roles = RoleSet::from_db(&m.roles)?;
    if roles.contains(Role::Admin) && memberships::count_admins(&tx).await? <= 1 {
        return Err(ServiceError::conflict(
            ErrorCode::LastAdmin,
            "a certification body must keep at least one admin",
        ));
    }
    let user = users::by_id(&tx, UserId(m.user_id)).await?;
    // The personnel record stays (17021-1 7.4); only its login link goes.
    certa_store::repo::personnel::unlink_membership(&tx, id).await?;
    memberships::delete(&tx, id).await?;
    sessions::clear_tenant_for_user(&tx, UserId(m.user_id), t.id()).await?;
    audit::append(
        &tx,
        &p.actor(),
        "member.removed",
        &format!("membership:{id}"),
        json!({"email": user.map(|u| u.email), "roles": roles.names()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What an invitation link shows before it is accepted.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub tenant: Tenant,
    pub email: String,
    pub roles: RoleSet,
    /// Whether an account with this email exists already (it then signs in to accept).
    pub existing_account: bool,
}

fn invitation_invalid() -> ServiceError {
    ServiceError::conflict(
        ErrorCode::InvitationInvalid,
        "This invitation link is invalid, expired or already used.",
    )
}

async fn open_invitation(
    ctx: &Ctx,
    token: &str,
) -> Result<(Invitation, TenantScope), ServiceError> {
    let sys = ctx.db.system().await?;
    let inv = identity::invitation_by_hash(&sys, &token_hash(token)).await?;
    sys.commit().await?;
    inv.filter(|(i, _)| i.accepted_at.is_none() && i.revoked_at.is_none() && i.expires_at > now())
        .ok_or_else(invitation_invalid)
}

/// Looks up an invitation link.
pub async fn view_invitation(ctx: &Ctx, token: &str) -> Result<InvitationView, ServiceError> {
    let (inv, scope) = open_invitation(ctx, token).await?;
    let tx = ctx.db.tenant(scope).await?;
    let tenant = tenants::by_id(&tx, TenantId(inv.tenant_id))
        .await?
        .ok_or_else(invitation_invalid)?;
    let email = Email::parse(&inv.email)?;
    let existing = users::by_email(&tx, &email)
        .await?
        .is_some_and(|u| u.password_hash.is_some());
    tx.commit().await?;
    Ok(InvitationView {
        tenant,
        email: inv.email,
        roles: RoleSet::from_db(&inv.roles)?,
        existing_account: existing,
    })
}

/// Accepts an invitation. A new person sets their name and password; someone who already
/// has an account confirms with their current password. The link works once.
pub async fn accept_invitation(
    ctx: &Ctx,
    token: &str,
    name: &str,
    password: &str,
) -> Result<(Tenant, UserId), ServiceError> {
    let (inv, scope) = open_invitation(ctx, token).await?;
    let email = Email::parse(&inv.email)?;
    let tenant_id = TenantId(inv.tenant_id);
    let roles = RoleSet::from_db(&inv.roles)?;
    // Password work happens before the transaction, which must not wait on Argon2.
    let g = ctx.db.global().await?;
    let existing = users::by_email(&g, &email).await?;
    g.commit().await?;
    enum Plan {
        Existing(UserId, String),
        SetPassword(UserId, String, String),
        Create(String, String),
    }
    let plan = match existing {
        Some(u) if u.password_hash.is_some() => {
            // Confirming with the current password is a sign-in: it shares the account's
            // attempt counter, so an invitation link is no way around the throttle.
            let key = format!("account:{}", email.normalized());
            let g = ctx.db.global().await?;
            let counted =
                login_attempts::count_attempt(&g, &key, ctx.config.throttle_window).await?;
            g.commit().await?;
            if counted.count > ctx.config.throttle_per_account {
                return Err(crate::auth::throttled(
                    counted.until,
                    "failed sign-in attempts",
                ));
            }
            if !verify_password(&ctx.hashing, password.to_string(), u.password_hash.clone()).await {
                return Err(ServiceError::Unauthorized {
                    code: ErrorCode::InvalidCredentials,
                    message: "The password is not correct for this existing account.".into(),
                });
            }
            let g = ctx.db.global().await?;
            login_attempts::clear(&g, &key).await?;
            g.commit().await?;
            Plan::Existing(UserId(u.id), u.name)
        }
        Some(u) => {
            check_new_password(password)?;
            let name = display_name("name", name)?;
            Plan::SetPassword(
                UserId(u.id),
                name,
                hash_password(&ctx.hashing, password.to_string()).await?,
            )
        }
        None => {
            check_new_password(password)?;
            let name = display_name("name", name)?;
            Plan::Create(
                name,
                hash_password(&ctx.hashing, password.to_string()).await?,
            )
        }
    };
    let tx = ctx.db.tenant(scope).await?;
    let (user_id, actor_name) = match plan {
        Plan::Existing(id, name) => (id, name),
        Plan::SetPassword(id, name, hash) => {
            users::set_password(&tx, id, hash, Some(name.clone())).await?;
            (id, name)
        }
        Plan::Create(name, hash) => {
            let u = users::create(&tx, &email, &name, Some(hash)).await?;
            (UserId(u.id), name)
        }
    };
    if !invitations::accept(&tx, InvitationId(inv.id)).await? {
        return Err(invitation_invalid());
    }
    if memberships::by_user(&tx, user_id).await?.is_some() {
        return Err(ServiceError::conflict(
            ErrorCode::AlreadyMember,
            "you are already a member of this certification body",
        ));
    }
    let m = memberships::create(&tx, user_id, &roles).await?;
    if let Some(client) = inv.client_id {
        certa_store::repo::clients::bind_client_user(
            &tx,
            certa_domain::MembershipId(m.id),
            certa_domain::ClientId(client),
        )
        .await?;
    }
    audit::append(
        &tx,
        &Actor {
            user: Some(user_id),
            label: actor_name,
        },
        "member.joined",
        &format!("membership:{}", m.id),
        json!({"email": email.as_str(), "roles": roles.names(), "invitation": inv.id}),
    )
    .await?;
    let tenant = tenants::by_id(&tx, tenant_id)
        .await?
        .ok_or_else(invitation_invalid)?;
    tx.commit().await?;
    Ok((tenant, user_id))
}
