//! Single sign-on through each certification body's own OpenID provider (OpenID Connect
//! Core 1.0, authorization code flow).
//!
//! - A tenant's administrators connect a provider ([`save_settings`]): issuer (read by
//!   discovery), client id and secret (sealed under the master key, never shown again), the
//!   e-mail domains that sign in through it, how a claim's values map to roles, just-in-time
//!   provisioning, and "require single sign-on" with named break-glass administrators.
//! - Sign-in ([`start`], [`callback`]): authorization code with PKCE (S256), `state` bound to
//!   the browser by a cookie and stored hashed, single use, and `nonce`; the response's `iss`
//!   parameter checked (RFC 9207); the ID token verified by `openidconnect` (signature with
//!   the provider's published keys, `iss`, `aud`, `exp` with a minute's leeway, `nonce`, and
//!   only the asymmetric algorithms the provider announces — never `none`, never HMAC), plus
//!   `azp`. The user is found by `(issuer, sub)`; on first use linked by verified e-mail when
//!   the tenant allows it, or provisioned when just-in-time provisioning is on; the
//!   membership's roles follow the mapped claims. Every failure names a stable code and
//!   creates nothing.
//! - Provider metadata and keys are cached ([`Providers`], ten minutes) and fetched again
//!   when a token names a key the cache does not hold. The HTTP client follows no redirects
//!   and has timeouts; issuers must be `https` (or `http` on the loopback interface).

use crate::auth::Principal;
use crate::secrets::{random_token, token_hash};
use crate::{Ctx, ServiceError};
use base64::Engine as _;
use certa_domain::sign_in as sign_in_rules;
use certa_domain::{Action, Email, ErrorCode, MembershipId, Role, RoleSet, TenantId, UserId};
use certa_store::repo::audit::{self, Actor};
use certa_store::repo::sessions::SessionOrigin;
use certa_store::repo::sign_in::{self, SignInPolicy};
use certa_store::repo::{clients, memberships, now, sessions, tenants, users};
use certa_store::{SystemAccess, TenantScope, TenantTx};
use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod, CoreGrantType,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm,
    CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AdditionalProviderMetadata, AuthenticationFlow, AuthorizationCode, ClaimsVerificationError,
    ClientId, ClientSecret, CsrfToken, IssuerUrl, JwsSigningAlgorithm, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, ProviderMetadata, RedirectUrl, Scope, SignatureVerificationError,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// How long a sign-in at the provider may take.
const REQUEST_TTL: chrono::Duration = chrono::Duration::minutes(10);
/// Clock difference tolerated on the ID token's expiry.
const LEEWAY_SECS: i64 = 60;
/// How long provider metadata and keys are trusted before they are read again.
const METADATA_TTL: Duration = Duration::from_secs(600);
/// The cookie that binds a sign-in's `state` to the browser that started it.
pub const STATE_COOKIE: &str = "certa_sso";

/// The discovery fields Certa reads beyond OpenID Connect Discovery's core set.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraMetadata {
    /// RFC 9207: the provider adds `iss` to its authorization responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_response_iss_parameter_supported: Option<bool>,
    /// OpenID Connect RP-Initiated Logout 1.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_session_endpoint: Option<String>,
}
impl AdditionalProviderMetadata for ExtraMetadata {}

/// A provider's discovery document with its keys.
pub type Metadata = ProviderMetadata<
    ExtraMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The HTTP client for identity providers and their cached metadata.
#[derive(Clone)]
pub struct Providers {
    http: reqwest::Client,
    metadata: moka::sync::Cache<String, Arc<Metadata>>,
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Providers")
    }
}

impl Default for Providers {
    fn default() -> Self {
        Self::new()
    }
}

impl Providers {
    /// A client that follows no redirects (a provider cannot send Certa's requests
    /// elsewhere) and gives up after 10 seconds.
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("Certa/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            http,
            metadata: moka::sync::Cache::builder()
                .max_capacity(1024)
                .time_to_live(METADATA_TTL)
                .build(),
        }
    }

    /// The provider's metadata and keys, from the cache unless `fresh`.
    async fn metadata(&self, issuer: &str, fresh: bool) -> Result<Arc<Metadata>, ServiceError> {
        if !fresh && let Some(m) = self.metadata.get(issuer) {
            return Ok(m);
        }
        let url = IssuerUrl::new(issuer.to_string()).map_err(|_| issuer_invalid())?;
        let m = Metadata::discover_async(url, &self.http)
            .await
            .map_err(|e| {
                tracing::info!(error = %e, "identity provider discovery failed");
                ServiceError::Invalid {
                    field: "issuer",
                    code: ErrorCode::SsoDiscoveryFailed,
                    message: format!(
                        "The identity provider's discovery document could not be read: {}.",
                        short(&e.to_string())
                    ),
                }
            })?;
        for (what, u) in [
            (
                "authorization endpoint",
                Some(m.authorization_endpoint().url()),
            ),
            ("token endpoint", m.token_endpoint().map(|t| t.url())),
            ("key set", Some(m.jwks_uri().url())),
        ] {
            let Some(u) = u else {
                return Err(discovery_failed(format!("it names no {what}")));
            };
            if !sign_in_rules::allowed_url(u) {
                return Err(discovery_failed(format!(
                    "its {what} is not an https address"
                )));
            }
        }
        let m = Arc::new(m);
        self.metadata.insert(issuer.to_string(), m.clone());
        Ok(m)
    }
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

fn issuer_invalid() -> ServiceError {
    sign_in_rules::issuer_refused().into()
}

fn discovery_failed(why: String) -> ServiceError {
    ServiceError::Invalid {
        field: "issuer",
        code: ErrorCode::SsoDiscoveryFailed,
        message: format!("The identity provider's discovery document does not fit: {why}."),
    }
}

/// A tenant's sign-in policy, read (see [`certa_domain::sign_in`] for its rules).
pub use certa_domain::sign_in::Policy;

fn policy_from_row(r: SignInPolicy) -> Policy {
    Policy {
        sso_enabled: r.sso_enabled,
        issuer: r.issuer,
        client_id: r.client_id,
        client_secret_sealed: r.client_secret_sealed,
        scopes: r.scopes.split_whitespace().map(String::from).collect(),
        email_domains: r
            .email_domains
            .split_whitespace()
            .map(String::from)
            .collect(),
        role_claim: r.role_claim,
        role_map: serde_json::from_str::<BTreeMap<String, String>>(&r.role_map)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| Role::parse(&v).ok().map(|r| (k, r)))
            .collect(),
        client_claim: r.client_claim,
        jit_provisioning: r.jit_provisioning,
        link_by_email: r.link_by_email,
        require_sso: r.require_sso,
        break_glass: serde_json::from_str(&r.break_glass).unwrap_or_default(),
        mfa_roles: serde_json::from_str::<Vec<String>>(&r.mfa_roles)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| Role::parse(n).ok())
            .collect(),
    }
}

/// The tenant's policy in `tx` (defaults when it never saved one).
pub async fn policy_in(tx: &TenantTx) -> Result<Policy, ServiceError> {
    Ok(sign_in::policy(tx)
        .await?
        .map(policy_from_row)
        .unwrap_or_default())
}

/// The settings as shown to administrators and the API: never the client secret.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SsoSettings {
    /// Whether members sign in through the provider.
    pub enabled: bool,
    /// The provider's issuer identifier (its discovery document is read from
    /// `{issuer}/.well-known/openid-configuration`).
    pub issuer: String,
    pub client_id: String,
    /// Whether a client secret is stored (it is never shown).
    pub client_secret_set: bool,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// E-mail domains whose users sign in through the provider.
    pub email_domains: Vec<String>,
    /// The claim whose values map to roles (for example `groups`).
    pub role_claim: String,
    /// Claim value → role (`admin`, `scheduler`, `auditor`, `reviewer`, `viewer`, `client`).
    pub role_map: BTreeMap<String, String>,
    /// The claim that names the client organisation (its reference) of a client user.
    pub client_claim: String,
    /// Create accounts and memberships on first sign-in.
    pub jit_provisioning: bool,
    /// Link a first sign-in to an existing account with the same verified e-mail address.
    pub link_by_email: bool,
    /// Refuse password sign-in to this body, except for the break-glass administrators.
    pub require_sso: bool,
    /// Administrators (by e-mail) who may still sign in with a password.
    pub break_glass: Vec<String>,
    /// Roles whose members must use a second factor with a password sign-in.
    pub mfa_roles: Vec<String>,
    /// Where the provider must send members back (register it at the provider).
    pub redirect_uri: String,
    /// Where the provider sends members after signing out there (register it too).
    pub post_logout_redirect_uri: String,
}

/// New settings; a missing `client_secret` keeps the stored one.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SsoSettingsInput {
    pub enabled: bool,
    pub issuer: String,
    pub client_id: String,
    /// Write-only; omitted or empty keeps the stored secret.
    pub client_secret: Option<String>,
    pub scopes: Vec<String>,
    pub email_domains: Vec<String>,
    pub role_claim: String,
    pub role_map: BTreeMap<String, String>,
    pub client_claim: String,
    pub jit_provisioning: bool,
    pub link_by_email: bool,
    pub require_sso: bool,
    pub break_glass: Vec<String>,
    pub mfa_roles: Vec<String>,
}

/// Where providers send members back.
pub fn redirect_uri(ctx: &Ctx) -> String {
    format!("{}/sso/callback", ctx.config.public_url)
}

fn view(ctx: &Ctx, p: &Policy) -> SsoSettings {
    SsoSettings {
        enabled: p.sso_enabled,
        issuer: p.issuer.clone(),
        client_id: p.client_id.clone(),
        client_secret_set: p.client_secret_sealed.is_some(),
        scopes: p.scopes.clone(),
        email_domains: p.email_domains.clone(),
        role_claim: p.role_claim.clone(),
        role_map: p
            .role_map
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().to_string()))
            .collect(),
        client_claim: p.client_claim.clone(),
        jit_provisioning: p.jit_provisioning,
        link_by_email: p.link_by_email,
        require_sso: p.require_sso,
        break_glass: p.break_glass.clone(),
        mfa_roles: p.mfa_roles.iter().map(|r| r.as_str().to_string()).collect(),
        redirect_uri: redirect_uri(ctx),
        post_logout_redirect_uri: post_logout_uri(ctx),
    }
}

/// Where providers send members after signing out (RP-Initiated Logout).
pub fn post_logout_uri(ctx: &Ctx) -> String {
    format!("{}/login", ctx.config.public_url)
}

/// The tenant's sign-in settings (administrators).
pub async fn settings(ctx: &Ctx, p: &Principal) -> Result<SsoSettings, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let pol = policy_in(&tx).await?;
    tx.commit().await?;
    Ok(view(ctx, &pol))
}

/// Saves the tenant's sign-in settings (administrators), after checking every value. The
/// client secret is sealed under the master key; the provider is not contacted here (see
/// [`test_connection`]).
pub async fn save_settings(
    ctx: &Ctx,
    p: &Principal,
    input: SsoSettingsInput,
) -> Result<SsoSettings, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tenant = t.id();
    let draft = sign_in_rules::Draft {
        enabled: input.enabled,
        issuer: input.issuer.clone(),
        client_id: input.client_id.clone(),
        client_secret: input.client_secret.clone(),
        scopes: input.scopes.clone(),
        email_domains: input.email_domains.clone(),
        role_claim: input.role_claim.clone(),
        role_map: input.role_map.clone(),
        client_claim: input.client_claim.clone(),
        require_sso: input.require_sso,
        break_glass: input.break_glass.clone(),
        mfa_roles: input.mfa_roles.clone(),
    };
    // What the rules need from the database: the stored secret, the administrators, the
    // domains other bodies claim. Every problem is then reported at once.
    let tx = ctx.db.tenant(t.scope()).await?;
    let old = sign_in::policy(&tx).await?;
    let stored_secret = old.as_ref().and_then(|o| o.client_secret_sealed.clone());
    let admins: Vec<String> = memberships::list(&tx)
        .await?
        .into_iter()
        .filter(|m| RoleSet::from_db(&m.membership.roles).is_ok_and(|r| r.contains(Role::Admin)))
        .map(|m| m.user.email)
        .collect();
    let domains = sign_in_rules::email_domains(&draft.email_domains);
    let taken = sign_in::domains_claimed_elsewhere(&tx, &domains).await?;
    let (c, problems) = sign_in_rules::check(
        &draft,
        &sign_in_rules::Context {
            secret_stored: stored_secret.is_some(),
            admins: &admins,
            claimed_elsewhere: &taken,
        },
    );
    problems.finish()?;
    let new_secret = match &c.client_secret {
        Some(s) => {
            let sealed = certa_credentials::seal_secret(
                ctx.master_key.expose(),
                &secret_context(tenant),
                s.as_bytes(),
            )
            .map_err(|e| ServiceError::unexpected("cannot seal a client secret", e))?;
            Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sealed))
        }
        None => None,
    };
    let secret = new_secret.or(stored_secret);
    let sign_in_rules::Checked {
        issuer,
        client_id,
        scopes,
        email_domains: domains,
        role_claim,
        role_map,
        client_claim,
        break_glass,
        mfa_roles,
        ..
    } = c;
    let role_map: BTreeMap<&str, &str> = role_map
        .iter()
        .map(|(k, r)| (k.as_str(), r.as_str()))
        .collect();
    let mfa_roles: Vec<&str> = mfa_roles.iter().map(|r| r.as_str()).collect();
    let row = SignInPolicy {
        tenant_id: tenant.0,
        sso_enabled: input.enabled,
        issuer: issuer.clone(),
        client_id: client_id.clone(),
        client_secret_sealed: secret,
        scopes: scopes.join(" "),
        email_domains: domains.join(" "),
        role_claim,
        role_map: serde_json::to_string(&role_map)
            .map_err(|e| ServiceError::unexpected("role map", e))?,
        client_claim,
        jit_provisioning: input.jit_provisioning,
        link_by_email: input.link_by_email,
        require_sso: input.require_sso,
        break_glass: serde_json::to_string(&break_glass)
            .map_err(|e| ServiceError::unexpected("break-glass list", e))?,
        mfa_roles: serde_json::to_string(&mfa_roles)
            .map_err(|e| ServiceError::unexpected("roles", e))?,
        updated_at: now(),
    };
    sign_in::save_policy(&tx, row, &domains).await?;
    audit::append(
        &tx,
        &p.actor(),
        "settings.sign_in_changed",
        &format!("tenant:{}", tenant.0),
        json!({
            "sso_enabled": input.enabled,
            "issuer": issuer,
            "client_id": client_id,
            "client_secret_changed": input.client_secret.as_deref().is_some_and(|s| !s.trim().is_empty()),
            "email_domains": domains,
            "require_sso": input.require_sso,
            "break_glass": break_glass,
            "mfa_roles": mfa_roles,
            "jit_provisioning": input.jit_provisioning,
            "link_by_email": input.link_by_email,
        }),
    )
    .await?;
    let pol = policy_in(&tx).await?;
    tx.commit().await?;
    Ok(view(ctx, &pol))
}

fn secret_context(tenant: TenantId) -> String {
    format!("sso-client-secret:{}", tenant.0)
}

fn verifier_context(tenant: TenantId) -> String {
    format!("sso-pkce-verifier:{}", tenant.0)
}

fn open_client_secret(ctx: &Ctx, tenant: TenantId, pol: &Policy) -> Result<String, ServiceError> {
    let sealed = pol
        .client_secret_sealed
        .as_deref()
        .ok_or_else(not_configured)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sealed)
        .map_err(|e| ServiceError::unexpected("a sealed client secret is not base64url", e))?;
    let plain =
        certa_credentials::open_secret(ctx.master_key.expose(), &secret_context(tenant), &bytes)
            .map_err(|e| ServiceError::unexpected("cannot open a client secret", e))?;
    String::from_utf8(plain.to_vec())
        .map_err(|e| ServiceError::unexpected("a client secret is not UTF-8", e))
}

fn not_configured() -> ServiceError {
    ServiceError::not_found("single sign-on", ErrorCode::SsoNotConfigured)
}

/// What a connection test found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConnectionReport {
    /// Whether everything checked worked.
    pub ok: bool,
    /// Each check, in order: what was checked and what was found.
    pub checks: Vec<ConnectionCheck>,
}

/// One step of a connection test.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConnectionCheck {
    pub label: String,
    pub ok: bool,
    pub detail: String,
}

/// Tests the saved provider (administrators): reads its discovery document and keys
/// afresh, and sends a dry-run authorization request (not followed) to see the provider
/// accept the client id and the redirect address.
pub async fn test_connection(ctx: &Ctx, p: &Principal) -> Result<ConnectionReport, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tenant = t.id();
    let tx = ctx.db.tenant(t.scope()).await?;
    let pol = policy_in(&tx).await?;
    tx.commit().await?;
    if pol.issuer.is_empty() || pol.client_id.is_empty() {
        return Err(ServiceError::Invalid {
            field: "issuer",
            code: ErrorCode::SsoSettingsInvalid,
            message: "Save the issuer and the client id first.".into(),
        });
    }
    let mut checks = Vec::new();
    let meta = match ctx.sso.metadata(&pol.issuer, true).await {
        Ok(m) => {
            let algs = signing_algs(&m);
            checks.push(ConnectionCheck {
                label: "Discovery document".into(),
                ok: true,
                detail: format!(
                    "Issuer {} answers; authorization at {}.",
                    m.issuer().as_str(),
                    m.authorization_endpoint().as_str()
                ),
            });
            checks.push(ConnectionCheck {
                label: "Signing keys".into(),
                ok: !m.jwks().keys().is_empty() && !algs.is_empty(),
                detail: format!(
                    "{} key(s) published; ID tokens accepted with {}.",
                    m.jwks().keys().len(),
                    if algs.is_empty() {
                        "no algorithm Certa accepts".to_string()
                    } else {
                        algs.iter()
                            .filter_map(|a| serde_json::to_value(a).ok())
                            .filter_map(|v| v.as_str().map(String::from))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
            });
            let iss = m
                .additional_metadata()
                .authorization_response_iss_parameter_supported
                == Some(true);
            checks.push(ConnectionCheck {
                label: "Issuer in responses (RFC 9207)".into(),
                ok: true,
                detail: if iss {
                    "Announced: every response's issuer is checked.".into()
                } else {
                    "Not announced: checked whenever a response carries it.".into()
                },
            });
            Some(m)
        }
        Err(e) => {
            checks.push(ConnectionCheck {
                label: "Discovery document".into(),
                ok: false,
                detail: e.to_string(),
            });
            None
        }
    };
    if let Some(m) = meta {
        let secret = pol
            .client_secret_sealed
            .as_ref()
            .map(|_| open_client_secret(ctx, tenant, &pol))
            .transpose()?;
        let client = client_for(ctx, &m, &pol, secret)?;
        let (challenge, _) = PkceCodeChallenge::new_random_sha256();
        let mut req = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for s in &pol.scopes {
            req = req.add_scope(Scope::new(s.clone()));
        }
        let (url, _, _) = req.url();
        let check = match ctx.sso.http.get(url.as_str()).send().await {
            Ok(r) => {
                let status = r.status();
                let location = r
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let refused = status.is_client_error()
                    || status.is_server_error()
                    || (location.starts_with(&redirect_uri(ctx)) && location.contains("error="));
                ConnectionCheck {
                    label: "Authorization request (dry run)".into(),
                    ok: !refused,
                    detail: if refused {
                        format!(
                            "The provider refused the request (HTTP {}): check that the client \
                             id is right and that {} is registered as a redirect address.",
                            status.as_u16(),
                            redirect_uri(ctx)
                        )
                    } else {
                        format!(
                            "The provider accepted the client and the redirect address (HTTP {}).",
                            status.as_u16()
                        )
                    },
                }
            }
            Err(e) => ConnectionCheck {
                label: "Authorization request (dry run)".into(),
                ok: false,
                detail: format!(
                    "The authorization endpoint did not answer: {}.",
                    short(&e.without_url().to_string())
                ),
            },
        };
        checks.push(check);
    }
    Ok(ConnectionReport {
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

/// The algorithms accepted for ID tokens: those the provider announces, but never `none`
/// and never an HMAC (a shared secret would let anyone holding the provider's public key,
/// or the client secret, mint tokens).
fn signing_algs(m: &Metadata) -> Vec<CoreJwsSigningAlgorithm> {
    m.id_token_signing_alg_values_supported()
        .iter()
        .filter(|a| **a != CoreJwsSigningAlgorithm::None && !a.uses_shared_secret())
        .cloned()
        .collect()
}

type Client = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

fn client_for(
    ctx: &Ctx,
    m: &Metadata,
    pol: &Policy,
    secret: Option<String>,
) -> Result<Client, ServiceError> {
    let redirect = RedirectUrl::new(redirect_uri(ctx))
        .map_err(|e| ServiceError::unexpected("the public address is not a URL", e))?;
    Ok(CoreClient::from_provider_metadata(
        m.clone(),
        ClientId::new(pol.client_id.clone()),
        secret.map(ClientSecret::new),
    )
    .set_redirect_uri(redirect))
}

/// Where the login page sends an e-mail address.
#[derive(Debug, Clone)]
pub enum Route {
    /// A password (no provider claims the domain).
    Password,
    /// The provider of `slug`; `required` when the body requires single sign-on.
    Provider {
        slug: String,
        name: String,
        required: bool,
    },
}

/// Which way an e-mail address signs in: its domain's provider, if a tenant claims it.
pub async fn route_for(ctx: &Ctx, email: &str) -> Result<Route, ServiceError> {
    let Some((_, d)) = email.trim().rsplit_once('@') else {
        return Ok(Route::Password);
    };
    let d = d.to_ascii_lowercase();
    let g = ctx.db.global().await?;
    let tenant = sign_in::tenant_of_domain(&g, &d).await?;
    g.commit().await?;
    let Some(tenant) = tenant else {
        return Ok(Route::Password);
    };
    let tx = ctx
        .db
        .tenant(TenantScope::system(tenant, SystemAccess::SignIn))
        .await?;
    let pol = policy_in(&tx).await?;
    let t = tenants::by_id(&tx, tenant).await?;
    tx.commit().await?;
    match t {
        Some(t) if pol.sso_ready() => Ok(Route::Provider {
            slug: t.slug,
            name: t.name,
            required: pol.require_sso,
        }),
        _ => Ok(Route::Password),
    }
}

/// A started sign-in: send the browser to `url`, with `cookie` in [`STATE_COOKIE`].
#[derive(Debug)]
pub struct Started {
    pub url: String,
    pub cookie: String,
}

/// Starts a sign-in with the provider of the tenant `slug`: a fresh `state` (stored hashed,
/// bound to the browser by the cookie), `nonce` and PKCE verifier (sealed), then the
/// provider's authorization address. `next` is where the member goes afterwards (a local
/// path), `login_hint` the address they typed.
pub async fn start(
    ctx: &Ctx,
    slug: &str,
    next: &str,
    login_hint: Option<&str>,
) -> Result<Started, ServiceError> {
    let g = ctx.db.global().await?;
    let t = tenants::by_slug(&g, slug).await?;
    g.commit().await?;
    let t = t.ok_or_else(not_configured)?;
    let tenant = TenantId(t.id);
    let scope = TenantScope::system(tenant, SystemAccess::SignIn);
    let tx = ctx.db.tenant(scope).await?;
    let pol = policy_in(&tx).await?;
    tx.commit().await?;
    if !pol.sso_ready() {
        return Err(not_configured());
    }
    // The provider is asked before anything is stored.
    let meta = ctx.sso.metadata(&pol.issuer, false).await?;
    let client = client_for(ctx, &meta, &pol, None)?;
    let state = random_token();
    let nonce = random_token();
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (st, no) = (state.clone(), nonce.clone());
    let mut req = client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            move || CsrfToken::new(st),
            move || Nonce::new(no),
        )
        .set_pkce_challenge(challenge);
    for s in &pol.scopes {
        req = req.add_scope(Scope::new(s.clone()));
    }
    if let Some(h) = login_hint.filter(|h| !h.is_empty() && h.len() <= 254) {
        req = req.add_extra_param("login_hint", h.to_string());
    }
    let (url, _, _) = req.url();
    let sealed = certa_credentials::seal_secret(
        ctx.master_key.expose(),
        &verifier_context(tenant),
        verifier.secret().as_bytes(),
    )
    .map_err(|e| ServiceError::unexpected("cannot seal a PKCE verifier", e))?;
    let tx = ctx.db.tenant(scope).await?;
    sign_in::insert_request(
        &tx,
        token_hash(&state),
        nonce,
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sealed),
        next.to_string(),
        now() + REQUEST_TTL,
    )
    .await?;
    tx.commit().await?;
    Ok(Started {
        url: url.to_string(),
        cookie: format!("{}.{state}", t.id),
    })
}

/// The provider's answer at the redirect address.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CallbackParams {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// A finished sign-in: a new session, and where to go.
#[derive(Debug)]
pub struct SignedIn {
    pub cookie_token: String,
    pub next: String,
}

fn refused(code: ErrorCode, message: impl Into<String>) -> ServiceError {
    ServiceError::Unauthorized {
        code,
        message: message.into(),
    }
}

fn state_invalid() -> ServiceError {
    refused(
        ErrorCode::SsoStateInvalid,
        "This sign-in is unknown, was already used, has expired, or was started in another \
         browser. Start again from the sign-in page.",
    )
}

/// Finishes a sign-in at the redirect address. `cookie` is the [`STATE_COOKIE`] the
/// browser sent. Checks, in order: the state matches the cookie and a pending request
/// (claimed once); the provider sent no error; the `iss` parameter names the issuer
/// (RFC 9207); the code is redeemed with the PKCE verifier; the ID token verifies; the
/// e-mail domain is allowed; the account and membership are found, linked or provisioned.
pub async fn callback(
    ctx: &Ctx,
    params: &CallbackParams,
    cookie: Option<&str>,
    user_agent: Option<String>,
) -> Result<SignedIn, ServiceError> {
    let (tenant_part, cookie_state) = cookie
        .and_then(|c| c.split_once('.'))
        .ok_or_else(state_invalid)?;
    let state = params.state.as_deref().ok_or_else(state_invalid)?;
    if !crate::secrets::secrets_equal(cookie_state, state) {
        return Err(state_invalid());
    }
    let tenant = TenantId(uuid::Uuid::parse_str(tenant_part).map_err(|_| state_invalid())?);
    let scope = TenantScope::system(tenant, SystemAccess::SignIn);
    // The request is claimed (and so spent) in a transaction of its own, before anything
    // else: a replayed answer finds it used.
    let tx = ctx.db.tenant(scope).await?;
    let req = sign_in::claim_request(&tx, &token_hash(state)).await?;
    let pol = policy_in(&tx).await?;
    let t = tenants::by_id(&tx, tenant).await?;
    tx.commit().await?;
    let req = req.ok_or_else(state_invalid)?;
    let t = t.ok_or_else(state_invalid)?;
    if !pol.sso_ready() {
        return Err(not_configured());
    }
    if let Some(err) = &params.error {
        return Err(refused(
            ErrorCode::SsoProviderError,
            format!(
                "The identity provider did not sign you in ({}{}).",
                short(err),
                params
                    .error_description
                    .as_deref()
                    .map(|d| format!(": {}", short(d)))
                    .unwrap_or_default()
            ),
        ));
    }
    let meta = ctx.sso.metadata(&pol.issuer, false).await?;
    let announced = meta
        .additional_metadata()
        .authorization_response_iss_parameter_supported
        == Some(true);
    match params.iss.as_deref() {
        Some(iss) if iss != meta.issuer().as_str() => {
            return Err(refused(
                ErrorCode::SsoIssuerMismatch,
                "The answer came from another identity provider than the one asked.",
            ));
        }
        None if announced => {
            return Err(refused(
                ErrorCode::SsoIssuerMismatch,
                "The answer does not say which identity provider sent it.",
            ));
        }
        _ => {}
    }
    let code = params
        .code
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() <= 4096)
        .ok_or_else(|| refused(ErrorCode::SsoProviderError, "The answer carries no code."))?;
    let verifier = {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&req.verifier_sealed)
            .map_err(|e| ServiceError::unexpected("a sealed verifier is not base64url", e))?;
        let plain = certa_credentials::open_secret(
            ctx.master_key.expose(),
            &verifier_context(tenant),
            &bytes,
        )
        .map_err(|e| ServiceError::unexpected("cannot open a PKCE verifier", e))?;
        String::from_utf8(plain.to_vec())
            .map_err(|e| ServiceError::unexpected("a verifier is not UTF-8", e))?
    };
    let secret = open_client_secret(ctx, tenant, &pol)?;
    let client = client_for(ctx, &meta, &pol, Some(secret))?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|e| ServiceError::unexpected("the provider has no token endpoint", e))?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&ctx.sso.http)
        .await
        .map_err(|e| {
            tracing::info!(error = %e, "identity provider refused the code");
            refused(
                ErrorCode::SsoTokenExchangeFailed,
                "The identity provider did not accept this sign-in's code (it may have been \
                 used already, or belong to another sign-in). Start again.",
            )
        })?;
    let id_token = token.id_token().ok_or_else(|| {
        refused(
            ErrorCode::SsoTokenInvalid,
            "The identity provider sent no ID token.",
        )
    })?;
    let nonce = Nonce::new(req.nonce.clone());
    let verify = |m: &Metadata| {
        let client = client_for(ctx, m, &pol, None)?;
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(signing_algs(m))
            .set_time_fn(|| chrono::Utc::now() - chrono::Duration::seconds(LEEWAY_SECS));
        Ok::<_, ServiceError>(id_token.claims(&verifier, &nonce).cloned())
    };
    let claims = match verify(meta.as_ref())? {
        // A key the cached set does not hold: the provider may have rotated; read again.
        Err(ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey,
        )) => {
            let fresh = ctx.sso.metadata(&pol.issuer, true).await?;
            verify(fresh.as_ref())?
        }
        other => other,
    }
    .map_err(token_refused)?;
    let audiences = claims.audiences();
    match claims.authorized_party() {
        Some(azp) if azp.as_str() != pol.client_id => {
            return Err(refused(
                ErrorCode::SsoWrongAudience,
                "The ID token was issued to another application.",
            ));
        }
        None if audiences.len() > 1 => {
            return Err(refused(
                ErrorCode::SsoWrongAudience,
                "The ID token names several audiences but no authorized party.",
            ));
        }
        _ => {}
    }
    // The signature is verified: the payload's other claims can be read as sent.
    let raw = raw_claims(&id_token.to_string())?;
    let subject = claims.subject().as_str().to_string();
    let issuer = meta.issuer().as_str().to_string();
    let email = claims
        .email()
        .map(|e| e.as_str().to_string())
        .unwrap_or_default();
    let verified = claims.email_verified() == Some(true);
    let email = Email::parse(&email)
        .ok()
        .filter(|_| verified)
        .filter(|e| {
            let d = e.normalized().rsplit_once('@').map(|(_, d)| d.to_string());
            pol.email_domains.is_empty() || d.is_some_and(|d| pol.email_domains.contains(&d))
        })
        .ok_or_else(|| {
            refused(
                ErrorCode::SsoEmailNotAllowed,
                "Your account at the identity provider has no verified e-mail address in a \
                 domain this certification body signs in.",
            )
        })?;
    let name = claims
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.as_str().trim().to_string())
        .filter(|n| !n.is_empty() && n.len() <= 200)
        .unwrap_or_else(|| email.as_str().to_string());
    let (mapped, client_ref) = pol.mapped_roles(&raw);
    let amr = provider_amr(&raw);

    // Everything checked: find, link or provision, in one transaction.
    let tx = ctx.db.tenant(scope).await?;
    let client_id = match &client_ref {
        Some(r) => clients::by_reference(&tx, r).await?.map(|c| c.id),
        None => None,
    };
    let roles = if mapped.contains(&Role::Client) {
        match client_id {
            Some(_) => RoleSet::new([Role::Client]).ok(),
            None => RoleSet::new(mapped.iter().copied().filter(|r| *r != Role::Client)).ok(),
        }
    } else {
        RoleSet::new(mapped.iter().copied()).ok()
    }
    .ok_or_else(|| {
        refused(
            ErrorCode::SsoNoRole,
            "Your account at the identity provider holds no group this certification body \
             gives a role to. Ask its administrator.",
        )
    })?;
    let (user, created) = match sign_in::identity(&tx, &issuer, &subject).await? {
        Some(i) => {
            sign_in::touch_identity(&tx, &issuer, &subject).await?;
            let u = users::by_id(&tx, UserId(i.user_id))
                .await?
                .ok_or_else(state_invalid)?;
            (u, false)
        }
        None => {
            let existing = users::by_email(&tx, &email).await?;
            let user = match existing {
                Some(u) if pol.link_by_email => u,
                Some(_) => {
                    return Err(refused(
                        ErrorCode::SsoNotProvisioned,
                        "An account with this e-mail address exists, and this certification \
                         body does not link accounts by e-mail. Ask its administrator.",
                    ));
                }
                None if pol.jit_provisioning => users::create(&tx, &email, &name, None).await?,
                None => {
                    return Err(refused(
                        ErrorCode::SsoNotProvisioned,
                        "You have no account at this certification body yet. Ask its \
                         administrator for an invitation.",
                    ));
                }
            };
            sign_in::link_identity(&tx, &issuer, &subject, UserId(user.id), email.as_str()).await?;
            (user, true)
        }
    };
    if user.disabled {
        return Err(refused(
            ErrorCode::SsoNotProvisioned,
            "This account is disabled.",
        ));
    }
    let user_id = UserId(user.id);
    let membership = match memberships::by_user(&tx, user_id).await? {
        Some(m) => {
            let current = RoleSet::from_db(&m.roles)?;
            let mut next_roles = roles.clone();
            // The last administrator keeps the role: a provider's group change must not
            // leave the body without one.
            if current.contains(Role::Admin)
                && !next_roles.contains(Role::Admin)
                && memberships::count_admins(&tx).await? <= 1
            {
                next_roles =
                    RoleSet::new(next_roles.iter().chain([Role::Admin])).unwrap_or(next_roles);
            }
            if next_roles != current {
                memberships::set_roles(&tx, m, &next_roles).await?
            } else {
                m
            }
        }
        None if pol.jit_provisioning || created => {
            let m = memberships::create(&tx, user_id, &roles).await?;
            if let Some(c) = client_id.filter(|_| roles.contains(Role::Client)) {
                clients::bind_client_user(&tx, MembershipId(m.id), certa_domain::ClientId(c))
                    .await?;
            }
            m
        }
        None => {
            return Err(refused(
                ErrorCode::SsoNotProvisioned,
                "You are not a member of this certification body yet. Ask its administrator \
                 for an invitation.",
            ));
        }
    };
    audit::append(
        &tx,
        &Actor {
            user: Some(user_id),
            label: user.name.clone(),
        },
        "session.signed_in_sso",
        &format!("user:{}", user.id),
        json!({
            "issuer": issuer,
            "subject": subject,
            "roles": RoleSet::from_db(&membership.roles).map(|r| r.names()).unwrap_or_default(),
            "provisioned": created,
        }),
    )
    .await?;
    tx.commit().await?;

    let cookie_token = random_token();
    let g = ctx.db.global().await?;
    let s = sessions::create(
        &g,
        token_hash(&cookie_token),
        user_id,
        random_token(),
        now() + ctx.config.session_absolute,
        SessionOrigin {
            amr,
            sso_tenant: Some(tenant),
            user_agent,
        },
    )
    .await?;
    sessions::set_tenant(&g, certa_domain::SessionId(s.id), Some(tenant)).await?;
    g.commit().await?;
    let _ = t;
    Ok(SignedIn {
        cookie_token,
        next: req.next,
    })
}

/// The ID token's payload as JSON (read after its signature was verified).
fn raw_claims(jwt: &str) -> Result<Value, ServiceError> {
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| refused(ErrorCode::SsoTokenInvalid, "The ID token is malformed."))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| refused(ErrorCode::SsoTokenInvalid, "The ID token is malformed."))?;
    serde_json::from_slice(&bytes)
        .map_err(|_| refused(ErrorCode::SsoTokenInvalid, "The ID token is malformed."))
}

/// The session's `amr`: `fed` (signed in through a provider), with the provider's own
/// method references when it sends them.
fn provider_amr(claims: &Value) -> String {
    let mut out = vec!["fed".to_string()];
    if let Some(Value::Array(a)) = claims.get("amr") {
        for v in a.iter().filter_map(|v| v.as_str()).take(8) {
            if v.len() <= 20 && v.chars().all(|c| c.is_ascii_alphanumeric()) {
                out.push(v.to_string());
            }
        }
    }
    out.join(" ")
}

/// The code and message for an ID token that failed verification.
fn token_refused(e: ClaimsVerificationError) -> ServiceError {
    tracing::info!(error = %e, "ID token refused");
    use ClaimsVerificationError as C;
    use SignatureVerificationError as S;
    let (code, message) = match e {
        C::InvalidIssuer(_) => (
            ErrorCode::SsoWrongIssuer,
            "The ID token names another issuer.",
        ),
        C::InvalidAudience(_) => (
            ErrorCode::SsoWrongAudience,
            "The ID token was issued to another application.",
        ),
        C::Expired(_) => (ErrorCode::SsoTokenExpired, "The ID token has expired."),
        C::InvalidNonce(_) => (
            ErrorCode::SsoNonceMismatch,
            "The ID token does not belong to this sign-in.",
        ),
        C::SignatureVerification(S::DisallowedAlg(_) | S::NoSignature | S::UnsupportedAlg(_)) => (
            ErrorCode::SsoAlgorithmRefused,
            "The ID token is unsigned or signed in a way Certa does not accept.",
        ),
        C::SignatureVerification(S::NoMatchingKey | S::AmbiguousKeyId(_)) => (
            ErrorCode::SsoUnknownKey,
            "The ID token is signed with a key the identity provider does not publish.",
        ),
        C::SignatureVerification(_) => (
            ErrorCode::SsoBadSignature,
            "The ID token's signature does not verify.",
        ),
        _ => (ErrorCode::SsoTokenInvalid, "The ID token is not valid."),
    };
    refused(code, message)
}

/// The provider's sign-out address for a session that signed in through it (OpenID
/// Connect RP-Initiated Logout), when the provider has one.
pub async fn logout_url(ctx: &Ctx, tenant: TenantId) -> Option<String> {
    let tx = ctx
        .db
        .tenant(TenantScope::system(tenant, SystemAccess::SignIn))
        .await
        .ok()?;
    let pol = policy_in(&tx).await.ok()?;
    tx.commit().await.ok()?;
    if !pol.sso_ready() {
        return None;
    }
    let meta = ctx.sso.metadata(&pol.issuer, false).await.ok()?;
    let end = meta.additional_metadata().end_session_endpoint.clone()?;
    let mut u = url::Url::parse(&end)
        .ok()
        .filter(sign_in_rules::allowed_url)?;
    u.query_pairs_mut()
        .append_pair("client_id", &pol.client_id)
        .append_pair("post_logout_redirect_uri", &post_logout_uri(ctx));
    Some(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amr_keeps_the_providers_methods_safely() {
        assert_eq!(provider_amr(&json!({})), "fed");
        assert_eq!(
            provider_amr(&json!({"amr": ["pwd", "mfa", "a b", 3]})),
            "fed pwd mfa"
        );
    }
}
