//! Identity: login with throttling, sessions, tenant choice, bearer tokens, password reset.

use crate::mail::{self, Mail};
use crate::secrets::{hash_password, random_token, token_hash, verify_password};
use crate::{Ctx, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::values::check_new_password;
use certa_domain::{Action, Email, MembershipId, RoleSet, SessionId, TenantId, TokenId, UserId};
use certa_store::TenantScope;
use certa_store::repo::audit::{self, Actor};
use certa_store::repo::memberships::Membership;
use certa_store::repo::tenants::Tenant;
use certa_store::repo::users::User;
use certa_store::repo::{
    identity, login_attempts, memberships, now, sessions, tenants, tokens, users,
};
use serde_json::json;

/// How the principal proved who they are.
#[derive(Debug, Clone)]
pub enum AuthKind {
    /// A browser session; forms must carry its CSRF token.
    Session {
        session_id: SessionId,
        csrf_token: String,
        /// The tenant whose identity provider signed the session in, if any.
        sso_tenant: Option<TenantId>,
    },
    /// An API bearer token.
    Token { token_id: TokenId },
}

/// The tenant a principal acts in, with their membership there.
#[derive(Debug, Clone)]
pub struct TenantCtx {
    pub tenant: Tenant,
    pub membership: Membership,
    pub roles: RoleSet,
    /// For a client user: the one client organisation they act for (client portal).
    pub client: Option<uuid::Uuid>,
    /// The right to open this tenant's transactions, granted by the membership.
    scope: TenantScope,
}

impl TenantCtx {
    /// The tenant id.
    pub fn id(&self) -> TenantId {
        TenantId(self.tenant.id)
    }
    /// The membership id.
    pub fn membership_id(&self) -> MembershipId {
        MembershipId(self.membership.id)
    }
    /// The scope for this tenant's transactions: `ctx.db.tenant(t.scope())`.
    pub fn scope(&self) -> TenantScope {
        self.scope
    }
}

/// What a session must still do before it may act in its chosen tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// The tenant requires a second factor for the member's roles and the session was
    /// signed in without one: set one up (or sign in again with it).
    SecondFactor { tenant: String },
    /// The tenant requires single sign-on and the session was signed in otherwise (the
    /// member is no break-glass administrator): sign in through the provider of `slug`.
    SingleSignOn { slug: String, tenant: String },
}

/// An authenticated user, and the tenant they act in (if chosen).
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub auth: AuthKind,
    pub tenant: Option<TenantCtx>,
    /// Set when the chosen tenant's sign-in policy holds the session back (`tenant` is
    /// then `None`).
    pub gate: Option<Gate>,
}

impl Principal {
    /// The user id.
    pub fn user_id(&self) -> UserId {
        UserId(self.user.id)
    }

    /// The tenant context, or [`ServiceError::NoTenant`].
    pub fn tenant(&self) -> Result<&TenantCtx, ServiceError> {
        self.tenant.as_ref().ok_or(ServiceError::NoTenant)
    }

    /// Checks the permission matrix and returns the tenant context.
    pub fn authorize(&self, action: Action) -> Result<&TenantCtx, ServiceError> {
        let t = self.tenant()?;
        if t.roles.allows(action) {
            Ok(t)
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// Like [`Principal::authorize`], but a principal without the permission is answered
    /// not-found: for staff-only resources whose very existence is none of a client
    /// user's business.
    pub fn authorize_or_hide(
        &self,
        action: Action,
        what: &'static str,
        code: certa_domain::ErrorCode,
    ) -> Result<&TenantCtx, ServiceError> {
        let t = self.tenant()?;
        if t.roles.allows(action) {
            Ok(t)
        } else {
            Err(ServiceError::not_found(what, code))
        }
    }

    /// The audit-trail actor for this principal.
    pub fn actor(&self) -> Actor {
        let label = match self.auth {
            AuthKind::Session { .. } => self.user.name.clone(),
            AuthKind::Token { .. } => format!("{} (API token)", self.user.name),
        };
        Actor {
            user: Some(self.user_id()),
            label,
        }
    }
}

/// Where a correct password leads.
#[derive(Debug)]
pub enum LoginStep {
    /// Signed in (boxed: a session with its user is far larger than a challenge).
    Session(Box<NewSession>),
    /// The account has a second factor: the sign-in continues with a code; the token is
    /// the second step's cookie value.
    SecondFactor { challenge: String },
}

/// A freshly created session: the cookie value is shown to the browser once.
#[derive(Debug)]
pub struct NewSession {
    pub cookie_token: String,
    pub user: User,
    /// The tenants the user may enter.
    pub tenants: Vec<Tenant>,
}

/// A throttled answer: `what` was tried too often; try again when the window ends.
pub(crate) fn throttled(until: chrono::DateTime<chrono::Utc>, what: &str) -> ServiceError {
    let secs = (until - now()).num_seconds().max(1);
    let minutes = (secs + 59) / 60;
    ServiceError::Throttled {
        message: format!(
            "Too many {what}. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        ),
        retry_after_secs: secs,
    }
}

fn bad_credentials() -> ServiceError {
    ServiceError::Unauthorized {
        code: ErrorCode::InvalidCredentials,
        message: "The email or password is not correct.".into(),
    }
}

/// Logs in with email and password. Attempts are counted per submitted account and per
/// client IP whether or not the account exists, and the answer never says which part
/// was wrong, so neither the message nor the throttling reveals who has an account.
/// Each attempt is counted atomically *before* the password is checked, so parallel
/// requests cannot all pass a check made before any of them was recorded: past the
/// limit, the password is not even verified. A success clears the account's count and
/// gives the address its attempt back.
/// `replaced` is the session the browser presented, if any: it is deleted, so the
/// session id always changes at login.
pub async fn login(
    ctx: &Ctx,
    email: &str,
    password: &str,
    client_ip: &str,
    replaced: Option<&str>,
    user_agent: Option<String>,
    next: &str,
) -> Result<LoginStep, ServiceError> {
    let cfg = &ctx.config;
    let account_key = format!("account:{}", email.trim().to_lowercase());
    let ip_key = format!("ip:{client_ip}");
    // Count, and read what is needed; then hash outside any transaction: Argon2 takes
    // tens of milliseconds and must not hold a database connection meanwhile.
    let tx = ctx.db.global().await?;
    let account = login_attempts::count_attempt(&tx, &account_key, cfg.throttle_window).await?;
    let ip = login_attempts::count_attempt(&tx, &ip_key, cfg.throttle_window).await?;
    let user = match Email::parse(email) {
        Ok(e) => users::by_email(&tx, &e).await?,
        Err(_) => None,
    };
    tx.commit().await?;
    for (counted, limit) in [
        (account, cfg.throttle_per_account),
        (ip, cfg.throttle_per_ip),
    ] {
        if counted.count > limit {
            return Err(throttled(counted.until, "failed sign-in attempts"));
        }
    }
    let ok = verify_password(
        &ctx.hashing,
        password.to_string(),
        user.as_ref()
            .filter(|u| !u.disabled)
            .and_then(|u| u.password_hash.clone()),
    )
    .await;
    let Some(user) = user.filter(|_| ok) else {
        return Err(bad_credentials());
    };
    let tx = ctx.db.global().await?;
    login_attempts::clear(&tx, &account_key).await?;
    login_attempts::uncount_attempt(&tx, &ip_key).await?;
    if let Some(old) = replaced
        && let Some(s) = sessions::by_token_hash(&tx, &token_hash(old)).await?
    {
        sessions::delete(&tx, SessionId(s.id)).await?;
    }
    tx.commit().await?;
    // A body that requires single sign-on takes no password, except from its break-glass
    // administrators: refused when no body of the account would take this session.
    let open = password_tenants(ctx, &user).await?;
    if let Some(slug) = open.err() {
        return Err(ServiceError::Unauthorized {
            code: ErrorCode::SsoRequired,
            message: format!(
                "Your certification body requires single sign-on: continue with your \
                 organisation's sign-in (sign in with your certification body “{slug}”)."
            ),
        });
    }
    password_proven(ctx, user, user_agent, next).await
}

/// The step after a proven password (sign-in, or accepting an invitation with one): the
/// second-factor step when the account has one, else a new session (`amr` `pwd`).
pub async fn password_proven(
    ctx: &Ctx,
    user: User,
    user_agent: Option<String>,
    next: &str,
) -> Result<LoginStep, ServiceError> {
    if crate::mfa::enrolled(ctx, UserId(user.id)).await? {
        let challenge = crate::mfa::open_challenge(ctx, UserId(user.id), next).await?;
        return Ok(LoginStep::SecondFactor { challenge });
    }
    let cookie_token = random_token();
    let tx = ctx.db.global().await?;
    sessions::create(
        &tx,
        token_hash(&cookie_token),
        UserId(user.id),
        random_token(),
        now() + ctx.config.session_absolute,
        sessions::SessionOrigin {
            amr: "pwd".into(),
            sso_tenant: None,
            user_agent,
        },
    )
    .await?;
    tx.commit().await?;
    let tenants = tenants_of(ctx, UserId(user.id)).await?;
    Ok(LoginStep::Session(Box::new(NewSession {
        cookie_token,
        user,
        tenants,
    })))
}

/// Signs in a user who just accepted an invitation (their password proven there), into
/// the invitation's tenant; see [`password_proven`].
pub async fn sign_in_invited(
    ctx: &Ctx,
    user: UserId,
    tenant: TenantId,
    user_agent: Option<String>,
) -> Result<LoginStep, ServiceError> {
    let g = ctx.db.global().await?;
    let u = users::by_id(&g, user)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(bad_credentials)?;
    g.commit().await?;
    let step = password_proven(ctx, u, user_agent, "/").await?;
    if let LoginStep::Session(s) = &step
        && let Some(p) = resolve_session(ctx, &s.cookie_token).await?
    {
        switch_tenant(ctx, &p, tenant).await?;
    }
    Ok(step)
}

/// Whether a password session may enter at least one of the user's tenants (or they have
/// none yet): `Err(slug)` of a tenant requiring single sign-on when none would take it.
async fn password_tenants(ctx: &Ctx, user: &User) -> Result<Result<(), String>, ServiceError> {
    let sys = ctx.db.system().await?;
    let list = identity::memberships_of(&sys, UserId(user.id)).await?;
    sys.commit().await?;
    let mut closed = None;
    for (t, m, scope) in &list {
        let tx = ctx.db.tenant(*scope).await?;
        let pol = crate::sso::policy_in(&tx).await?;
        tx.commit().await?;
        let roles = RoleSet::from_db(&m.roles)?;
        if pol.require_sso && pol.sso_ready() && !pol.is_break_glass(&user.email, &roles) {
            closed.get_or_insert_with(|| t.slug.clone());
        } else {
            return Ok(Ok(()));
        }
    }
    Ok(closed.map_or(Ok(()), Err))
}

/// The tenants a user is a member of, by name (the reviewed cross-tenant read).
pub async fn tenants_of(ctx: &Ctx, user: UserId) -> Result<Vec<Tenant>, ServiceError> {
    let sys = ctx.db.system().await?;
    let list = identity::memberships_of(&sys, user).await?;
    sys.commit().await?;
    Ok(list.into_iter().map(|(t, _, _)| t).collect())
}

/// Memberships of a user across tenants, for `/api/v1/me`.
pub async fn memberships_of(
    ctx: &Ctx,
    user: UserId,
) -> Result<Vec<(Tenant, RoleSet)>, ServiceError> {
    let sys = ctx.db.system().await?;
    let list = identity::memberships_of(&sys, user).await?;
    sys.commit().await?;
    Ok(list
        .into_iter()
        .filter_map(|(t, m, _)| RoleSet::from_db(&m.roles).ok().map(|r| (t, r)))
        .collect())
}

async fn tenant_ctx(
    ctx: &Ctx,
    tenant: TenantId,
    user: UserId,
) -> Result<Option<TenantCtx>, ServiceError> {
    Ok(tenant_ctx_and_policy(ctx, tenant, user)
        .await?
        .map(|(t, _)| t))
}

/// The tenant context with the tenant's sign-in policy, read in the same transaction.
async fn tenant_ctx_and_policy(
    ctx: &Ctx,
    tenant: TenantId,
    user: UserId,
) -> Result<Option<(TenantCtx, crate::sso::Policy)>, ServiceError> {
    let Some((tx, m)) = identity::enter(&ctx.db, tenant, user).await? else {
        return Ok(None);
    };
    let Some(t) = tenants::by_id(&tx, tenant).await? else {
        return Ok(None);
    };
    let client = certa_store::repo::clients::client_of_membership(&tx, MembershipId(m.id)).await?;
    let policy = crate::sso::policy_in(&tx).await?;
    let scope = tx.scope();
    tx.commit().await?;
    let roles = RoleSet::from_db(&m.roles)?;
    Ok(Some((
        TenantCtx {
            tenant: t,
            membership: m,
            roles,
            client,
            scope,
        },
        policy,
    )))
}

/// What the tenant's policy asks of a session before it may act there, if anything.
fn gate_for(
    pol: &crate::sso::Policy,
    t: &TenantCtx,
    user: &User,
    s: &sessions::Session,
) -> Option<Gate> {
    let through_provider = s.sso_tenant_id == Some(t.tenant.id);
    if pol.require_sso
        && pol.sso_ready()
        && !through_provider
        && !pol.is_break_glass(&user.email, &t.roles)
    {
        return Some(Gate::SingleSignOn {
            slug: t.tenant.slug.clone(),
            tenant: t.tenant.name.clone(),
        });
    }
    let second = s.amr.split(' ').any(|m| m == "otp" || m == "mfa");
    if !through_provider && !second && pol.requires_second_factor(&t.roles) {
        return Some(Gate::SecondFactor {
            tenant: t.tenant.name.clone(),
        });
    }
    None
}

/// Resolves a session cookie. Expired sessions (idle or absolute) are deleted and
/// answer `None`.
pub async fn resolve_session(
    ctx: &Ctx,
    cookie_token: &str,
) -> Result<Option<Principal>, ServiceError> {
    let tx = ctx.db.global().await?;
    let Some(s) = sessions::by_token_hash(&tx, &token_hash(cookie_token)).await? else {
        return Ok(None);
    };
    let t = now();
    if s.expires_at <= t || s.last_seen_at + ctx.config.session_idle <= t {
        sessions::delete(&tx, SessionId(s.id)).await?;
        tx.commit().await?;
        return Ok(None);
    }
    let Some(user) = users::by_id(&tx, UserId(s.user_id))
        .await?
        .filter(|u| !u.disabled)
    else {
        return Ok(None);
    };
    let sid = SessionId(s.id);
    let csrf = s.csrf_token.clone();
    let active = s.active_tenant_id;
    if t - s.last_seen_at > chrono::Duration::seconds(60) {
        sessions::touch(&tx, s.clone()).await?;
    }
    tx.commit().await?;
    let (tenant, gate) = match active {
        Some(tid) => match tenant_ctx_and_policy(ctx, TenantId(tid), UserId(user.id)).await? {
            Some((tc, pol)) => match gate_for(&pol, &tc, &user, &s) {
                Some(g) => (None, Some(g)),
                None => (Some(tc), None),
            },
            None => (None, None),
        },
        None => (None, None),
    };
    Ok(Some(Principal {
        user,
        auth: AuthKind::Session {
            session_id: sid,
            csrf_token: csrf,
            sso_tenant: s.sso_tenant_id.map(TenantId),
        },
        tenant,
        gate,
    }))
}

/// Resolves an API bearer token (`certa_…`). Revoked or unknown tokens answer `None`.
pub async fn resolve_token(ctx: &Ctx, bearer: &str) -> Result<Option<Principal>, ServiceError> {
    let sys = ctx.db.system().await?;
    let found = identity::token_by_hash(&sys, &token_hash(bearer)).await?;
    sys.commit().await?;
    let Some((tok, scope)) = found.filter(|(t, _)| t.revoked_at.is_none()) else {
        return Ok(None);
    };
    let tenant = scope.tenant();
    let tx = ctx.db.tenant(scope).await?;
    let Some(m) = memberships::by_id(&tx, MembershipId(tok.membership_id)).await? else {
        return Ok(None);
    };
    let Some(user) = users::by_id(&tx, UserId(m.user_id))
        .await?
        .filter(|u| !u.disabled)
    else {
        return Ok(None);
    };
    let Some(t) = tenants::by_id(&tx, tenant).await? else {
        return Ok(None);
    };
    if tok
        .last_used_at
        .is_none_or(|at| now() - at > chrono::Duration::seconds(60))
    {
        tokens::touch(&tx, TokenId(tok.id)).await?;
    }
    let client = certa_store::repo::clients::client_of_membership(&tx, MembershipId(m.id)).await?;
    tx.commit().await?;
    let roles = RoleSet::from_db(&m.roles)?;
    Ok(Some(Principal {
        user,
        auth: AuthKind::Token {
            token_id: TokenId(tok.id),
        },
        tenant: Some(TenantCtx {
            tenant: t,
            membership: m,
            roles,
            client,
            scope,
        }),
        gate: None,
    }))
}

/// Enters (or switches to) a tenant the user is a member of. Unknown or foreign tenants
/// answer not-found.
pub async fn switch_tenant(
    ctx: &Ctx,
    p: &Principal,
    tenant: TenantId,
) -> Result<TenantCtx, ServiceError> {
    let AuthKind::Session { session_id, .. } = &p.auth else {
        return Err(ServiceError::Forbidden);
    };
    let tc = tenant_ctx(ctx, tenant, p.user_id())
        .await?
        .ok_or(ServiceError::not_found(
            "certification body",
            ErrorCode::TenantNotFound,
        ))?;
    let g = ctx.db.global().await?;
    sessions::set_tenant(&g, *session_id, Some(tenant)).await?;
    g.commit().await?;
    let tx = ctx.db.tenant(tc.scope()).await?;
    audit::append(
        &tx,
        &p.actor(),
        "session.entered",
        &format!("user:{}", p.user.id),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(tc)
}

/// A session of the user, for their account page.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub id: uuid::Uuid,
    pub amr: String,
    pub user_agent: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
}

/// The user's open sessions, most recently used first.
pub async fn sessions_of(ctx: &Ctx, user: UserId) -> Result<Vec<SessionView>, ServiceError> {
    let g = ctx.db.global().await?;
    let l = certa_store::repo::sign_in::sessions_of(&g, user).await?;
    g.commit().await?;
    Ok(l.into_iter()
        .map(|s| SessionView {
            id: s.id,
            amr: s.amr,
            user_agent: s.user_agent,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
        })
        .collect())
}

/// Ends one of the user's own sessions (another device, or this one).
pub async fn end_session(ctx: &Ctx, p: &Principal, id: SessionId) -> Result<(), ServiceError> {
    let g = ctx.db.global().await?;
    let ended = certa_store::repo::sign_in::end_session_of(&g, p.user_id(), id).await?;
    g.commit().await?;
    if !ended {
        return Err(ServiceError::not_found(
            "session",
            ErrorCode::SessionNotFound,
        ));
    }
    if let Some(t) = &p.tenant {
        let tx = ctx.db.tenant(t.scope()).await?;
        audit::append(
            &tx,
            &p.actor(),
            "session.revoked",
            &format!("user:{}", p.user.id),
            json!({"session": id.0}),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Ends a session.
pub async fn logout(ctx: &Ctx, p: &Principal) -> Result<(), ServiceError> {
    let AuthKind::Session { session_id, .. } = &p.auth else {
        return Ok(());
    };
    let g = ctx.db.global().await?;
    sessions::delete(&g, *session_id).await?;
    g.commit().await?;
    if let Some(t) = &p.tenant {
        let tx = ctx.db.tenant(t.scope()).await?;
        audit::append(
            &tx,
            &p.actor(),
            "session.ended",
            &format!("user:{}", p.user.id),
            json!({}),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Reset mails allowed per account within [`RESET_WINDOW`].
pub const RESET_MAILS_PER_WINDOW: i32 = 3;
/// Window for [`RESET_MAILS_PER_WINDOW`].
pub const RESET_WINDOW: chrono::Duration = chrono::Duration::hours(1);
/// New-password submissions allowed per client IP within the sign-in throttling window:
/// a person needs one or two; more is someone trying links or flooding the hashing.
pub const RESET_ATTEMPTS_PER_IP: i32 = 10;

/// Starts a password reset: mails a single-use link when the account exists. Always
/// answers the same way, so it reveals nothing about who has an account.
pub async fn request_password_reset(ctx: &Ctx, email: &str) -> Result<(), ServiceError> {
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let g = ctx.db.global().await?;
    let Some(user) = users::by_email(&g, &email).await?.filter(|u| !u.disabled) else {
        return Ok(());
    };
    // At most a few reset mails per account and hour, silently (no enumeration). Counted
    // in one statement, so parallel requests cannot each see room for one more.
    let key = format!("reset:{}", email.normalized());
    if login_attempts::count_attempt(&g, &key, RESET_WINDOW)
        .await?
        .count
        > RESET_MAILS_PER_WINDOW
    {
        g.commit().await?;
        return Ok(());
    }
    let token = random_token();
    let expires_at = now() + ctx.config.password_reset_ttl;
    sessions::create_reset(&g, UserId(user.id), token_hash(&token), expires_at).await?;
    let link = format!("{}/password/reset?token={token}", ctx.config.public_url);
    mail::enqueue_global(
        &g,
        &user.email,
        &Mail::PasswordReset {
            name: user.name,
            link,
            expires_at: expires_at.to_rfc3339(),
        },
    )
    .await?;
    g.commit().await?;
    ctx.ring();
    Ok(())
}

/// Whether a reset token is currently usable (for showing the form).
pub async fn reset_token_valid(ctx: &Ctx, token: &str) -> Result<bool, ServiceError> {
    let g = ctx.db.global().await?;
    let r = sessions::reset_by_hash(&g, &token_hash(token)).await?;
    Ok(r.is_some_and(|r| r.used_at.is_none() && r.expires_at > now()))
}

/// What ending a user's access did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccessEnded {
    /// Browser sessions deleted.
    pub sessions: u64,
    /// API tokens revoked, across every tenant.
    pub tokens: u64,
}

fn reset_invalid() -> ServiceError {
    ServiceError::conflict(
        ErrorCode::ResetLinkInvalid,
        "This reset link is invalid, expired or already used.",
    )
}

/// Completes a password reset: sets the password, ends every session of the user,
/// revokes their API tokens in every tenant (whoever knew the old password may have made
/// one), records the change in the trail of each tenant the user belongs to and mails the
/// user that it happened.
///
/// Cheap checks come first: the form is throttled per client IP, and the link is looked
/// up before any hashing, so invalid links cost no Argon2 work; the hashing itself waits
/// for a permit of [`Ctx::hashing`].
pub async fn complete_password_reset(
    ctx: &Ctx,
    token: &str,
    new_password: &str,
    client_ip: &str,
) -> Result<AccessEnded, ServiceError> {
    let g = ctx.db.global().await?;
    let counted = login_attempts::count_attempt(
        &g,
        &format!("reset-ip:{client_ip}"),
        ctx.config.throttle_window,
    )
    .await?;
    g.commit().await?;
    if counted.count > RESET_ATTEMPTS_PER_IP {
        return Err(throttled(counted.until, "password reset attempts"));
    }
    let g = ctx.db.global().await?;
    let found = sessions::reset_by_hash(&g, &token_hash(token)).await?;
    g.commit().await?;
    let r = found
        .filter(|r| r.used_at.is_none() && r.expires_at > now())
        .ok_or_else(reset_invalid)?;
    check_new_password(new_password)?;
    let hash = hash_password(&ctx.hashing, new_password.to_string()).await?;
    let g = ctx.db.global().await?;
    // Single use, race-free: only one submission turns `used_at` from null.
    if r.expires_at <= now() || !sessions::use_reset(&g, r.id).await? {
        return Err(reset_invalid());
    }
    let user = UserId(r.user_id);
    users::set_password(&g, user, hash, None).await?;
    // Sessions end with the old password, in the same transaction.
    let sessions = sessions::delete_for_user(&g, user).await?;
    g.commit().await?;
    let (ended, found) = end_access(ctx, user, sessions, None, "user.password_reset").await?;
    if let Some(u) = found {
        let g = ctx.db.global().await?;
        mail::enqueue_global(
            &g,
            &u.email,
            &Mail::PasswordChanged {
                name: u.name,
                sessions_ended: ended.sessions,
                tokens_revoked: ended.tokens,
            },
        )
        .await?;
        g.commit().await?;
        ctx.ring();
    }
    Ok(ended)
}

/// Ends everything that lets `user` act without their password: deletes their sessions
/// (any left beside the `sessions_ended` the caller deleted already) and revokes their
/// API tokens in every tenant they belong to, recording `action` in each tenant's trail
/// as done by `by` (the user themselves when `None`). Each tenant in its own transaction
/// (the tokens are tenant rows).
pub(crate) async fn end_access(
    ctx: &Ctx,
    user: UserId,
    sessions_ended: u64,
    by: Option<&str>,
    action: &str,
) -> Result<(AccessEnded, Option<User>), ServiceError> {
    let g = ctx.db.global().await?;
    let sessions = sessions_ended + sessions::delete_for_user(&g, user).await?;
    let found = users::by_id(&g, user).await?;
    g.commit().await?;
    let name = found.as_ref().map(|u| u.name.clone()).unwrap_or_default();
    let mut ended = AccessEnded {
        sessions,
        tokens: 0,
    };
    let actor = match by {
        None => Actor {
            user: Some(user),
            label: name,
        },
        Some(label) => Actor {
            user: None,
            label: label.to_string(),
        },
    };
    // Every tenant is tried even when one fails, so one failing tenant does not leave the
    // tokens of the others alive; the first failure is answered at the end.
    let mut failed = None;
    let sys = ctx.db.system().await?;
    let memberships = identity::memberships_of(&sys, user).await?;
    sys.commit().await?;
    for (t, _, scope) in memberships {
        match revoke_in_tenant(ctx, scope, user, &actor, action, sessions).await {
            Ok(n) => ended.tokens += n,
            Err(e) => {
                tracing::error!(tenant.id = %t.id, user.id = %user.0, error = %e, "revoking the tokens of a user failed");
                failed.get_or_insert(e);
            }
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    Ok((ended, found))
}

/// Revokes the user's tokens in one tenant and records it there.
async fn revoke_in_tenant(
    ctx: &Ctx,
    tenant: TenantScope,
    user: UserId,
    actor: &Actor,
    action: &str,
    sessions: u64,
) -> Result<u64, ServiceError> {
    let tx = ctx.db.tenant(tenant).await?;
    let revoked = match memberships::by_user(&tx, user).await? {
        Some(m) => tokens::revoke_for_membership(&tx, MembershipId(m.id)).await?,
        None => 0,
    };
    audit::append(
        &tx,
        actor,
        action,
        &format!("user:{}", user.0),
        json!({"sessions_ended": sessions, "tokens_revoked": revoked}),
    )
    .await?;
    tx.commit().await?;
    Ok(revoked)
}
