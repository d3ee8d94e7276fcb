//! A certification body's sign-in policy: single sign-on through its OpenID Connect
//! provider, the roles the provider's claims map to, break-glass administrators and the
//! roles that must use a second factor. The rules here are pure: what settings are valid
//! (every problem at once), who may still use a password where single sign-on is
//! required, who needs a second factor, and which roles a provider's claims give.

use crate::{ErrorCode, Problems, Role, RoleSet, values::Email};
use serde_json::Value;
use std::collections::BTreeMap;

/// The most scopes, e-mail domains and mapped claim values a body may configure.
pub const MAX_SCOPES: usize = 20;
pub const MAX_DOMAINS: usize = 50;
pub const MAX_MAPPINGS: usize = 100;

/// A body's sign-in policy as stored (the client secret sealed).
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub sso_enabled: bool,
    pub issuer: String,
    pub client_id: String,
    pub client_secret_sealed: Option<String>,
    pub scopes: Vec<String>,
    pub email_domains: Vec<String>,
    pub role_claim: String,
    pub role_map: BTreeMap<String, Role>,
    pub client_claim: String,
    pub jit_provisioning: bool,
    pub link_by_email: bool,
    pub require_sso: bool,
    pub break_glass: Vec<String>,
    /// Roles whose members must use a second factor (local accounts).
    pub mfa_roles: Vec<Role>,
}

impl Policy {
    /// Whether single sign-on is on and complete.
    pub fn sso_ready(&self) -> bool {
        self.sso_enabled && !self.issuer.is_empty() && !self.client_id.is_empty()
    }

    /// Whether this member may still sign in with a password where single sign-on is
    /// required: a named break-glass administrator.
    pub fn is_break_glass(&self, email: &str, roles: &RoleSet) -> bool {
        roles.contains(Role::Admin)
            && self
                .break_glass
                .iter()
                .any(|e| e.eq_ignore_ascii_case(email))
    }

    /// Whether a member holding `roles` must use a second factor.
    pub fn requires_second_factor(&self, roles: &RoleSet) -> bool {
        roles.iter().any(|r| self.mfa_roles.contains(&r))
    }

    /// The roles the configured claim's values map to (sorted, once each), and the client
    /// organisation (its reference) named by the client claim.
    pub fn mapped_roles(&self, claims: &Value) -> (Vec<Role>, Option<String>) {
        let values: Vec<String> = match claims.get(&self.role_claim) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        };
        let mut roles: Vec<Role> = values
            .iter()
            .filter_map(|v| self.role_map.get(v).copied())
            .collect();
        roles.sort();
        roles.dedup();
        let client = (!self.client_claim.is_empty())
            .then(|| claims.get(&self.client_claim))
            .flatten()
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && s.len() <= 100);
        (roles, client)
    }
}

/// New sign-in settings as an administrator typed them (lists may hold several values
/// separated by spaces, commas or line breaks).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub enabled: bool,
    pub issuer: String,
    pub client_id: String,
    /// A new client secret; `None` keeps the stored one.
    pub client_secret: Option<String>,
    pub scopes: Vec<String>,
    pub email_domains: Vec<String>,
    pub role_claim: String,
    pub role_map: BTreeMap<String, String>,
    pub client_claim: String,
    pub require_sso: bool,
    pub break_glass: Vec<String>,
    pub mfa_roles: Vec<String>,
}

/// The settings once checked: normalised, each list without repeats. Values that were
/// refused are left out (the problems say which).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    pub issuer: String,
    pub client_id: String,
    /// The new client secret, trimmed.
    pub client_secret: Option<String>,
    pub scopes: Vec<String>,
    pub email_domains: Vec<String>,
    pub role_claim: String,
    pub role_map: BTreeMap<String, Role>,
    pub client_claim: String,
    pub break_glass: Vec<String>,
    pub mfa_roles: Vec<Role>,
}

/// What the checks need to know besides the settings: whether a client secret is already
/// stored, the body's administrators (e-mail addresses), and the domains another body
/// already signs in for.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    pub secret_stored: bool,
    pub admins: &'a [String],
    pub claimed_elsewhere: &'a [String],
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

const ISSUER_INVALID: &str = "The issuer must be an https address (http only on this \
    machine's loopback interface), without query or fragment.";

/// The refusal of an issuer address that is not one [`issuer`] accepts.
pub fn issuer_refused() -> crate::DomainError {
    crate::DomainError::invalid("issuer", ErrorCode::SsoIssuerInvalid, ISSUER_INVALID)
}

/// Whether a provider address may be used: `https`, or `http` to this machine's loopback
/// interface (a provider for tests and local set-ups).
pub fn allowed_url(u: &url::Url) -> bool {
    match u.scheme() {
        "https" => true,
        "http" => match u.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        },
        _ => false,
    }
}

/// Checks an issuer address: absolute, `https` (or loopback `http`), no query, fragment or
/// credentials, at most 500 characters. Answers it without a trailing slash.
pub fn issuer(s: &str) -> Result<String, crate::DomainError> {
    let invalid = issuer_refused;
    let s = s.trim().trim_end_matches('/');
    let u = url::Url::parse(s).map_err(|_| invalid())?;
    if !allowed_url(&u)
        || u.query().is_some()
        || u.fragment().is_some()
        || !u.username().is_empty()
        || u.password().is_some()
        || s.len() > 500
    {
        return Err(invalid());
    }
    Ok(s.to_string())
}

/// A token-like value: 1–`max` printable characters without spaces.
fn word(p: &mut Problems, field: &'static str, label: &str, v: &str, max: usize) -> Option<String> {
    let v = v.trim();
    if v.is_empty() || v.len() > max || v.chars().any(|c| c.is_control() || c.is_whitespace()) {
        p.add(
            field,
            ErrorCode::SsoSettingsInvalid,
            format!("{label} must be 1 to {max} characters without spaces."),
        );
        return None;
    }
    Some(v.to_string())
}

/// An e-mail domain such as `example.com` (a leading `@` is dropped), in lower case.
fn domain(v: &str) -> Option<String> {
    let d = v.trim().trim_start_matches('@').to_ascii_lowercase();
    let ok = !d.is_empty()
        && d.len() <= 253
        && d.contains('.')
        && d.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    ok.then_some(d)
}

/// The valid e-mail domains among list values, normalised, each once (those the other
/// bodies' claims must be looked up for).
pub fn email_domains(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in items(values).filter_map(domain) {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// The values of list fields, split on commas and white space.
fn items(values: &[String]) -> impl Iterator<Item = &str> {
    values
        .iter()
        .flat_map(|v| v.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|v| !v.is_empty())
}

/// Checks every value of the settings against the rules and `ctx`, and answers the
/// settings normalised with every problem found (not only the first).
pub fn check(d: &Draft, ctx: &Context<'_>) -> (Checked, Problems) {
    let mut p = Problems::default();
    let mut c = Checked::default();
    // A blank issuer and client id are a blank policy while single sign-on is off.
    if d.enabled || !d.issuer.trim().is_empty() {
        c.issuer = p.check(issuer(&d.issuer)).unwrap_or_default();
    }
    if d.enabled || !d.client_id.trim().is_empty() {
        c.client_id =
            word(&mut p, "client_id", "The client id", &d.client_id, 255).unwrap_or_default();
    }
    for s in items(&d.scopes) {
        if let Some(s) = word(&mut p, "scopes", "Each scope", s, 100)
            && s != "openid"
            && !c.scopes.contains(&s)
        {
            c.scopes.push(s);
        }
    }
    if c.scopes.len() > MAX_SCOPES {
        p.add(
            "scopes",
            ErrorCode::SsoSettingsInvalid,
            format!("At most {MAX_SCOPES} scopes."),
        );
    }
    c.email_domains = email_domains(&d.email_domains);
    for v in items(&d.email_domains).filter(|v| domain(v).is_none()) {
        p.add(
            "email_domains",
            ErrorCode::SsoSettingsInvalid,
            format!("“{}” is not an e-mail domain (like example.com).", short(v)),
        );
    }
    if c.email_domains.len() > MAX_DOMAINS {
        p.add(
            "email_domains",
            ErrorCode::SsoSettingsInvalid,
            format!("At most {MAX_DOMAINS} e-mail domains."),
        );
    }
    if let Some(dm) = c
        .email_domains
        .iter()
        .find(|dm| ctx.claimed_elsewhere.contains(dm))
    {
        p.add(
            "email_domains",
            ErrorCode::SsoDomainTaken,
            format!(
                "{dm} already signs in with another certification body's provider; it cannot \
                 be claimed twice."
            ),
        );
    }
    if !d.role_claim.trim().is_empty() {
        c.role_claim =
            word(&mut p, "role_claim", "The role claim", &d.role_claim, 100).unwrap_or_default();
    }
    if !d.client_claim.trim().is_empty() {
        c.client_claim = word(
            &mut p,
            "client_claim",
            "The client claim",
            &d.client_claim,
            100,
        )
        .unwrap_or_default();
    }
    for (k, v) in &d.role_map {
        let k = k.trim();
        if k.is_empty() || k.len() > 200 || k.chars().any(char::is_control) {
            p.add(
                "role_map",
                ErrorCode::SsoSettingsInvalid,
                "Each claim value must be 1 to 200 characters.",
            );
            continue;
        }
        match Role::parse(v) {
            Ok(r) => {
                c.role_map.insert(k.to_string(), r);
            }
            Err(_) => p.add(
                "role_map",
                ErrorCode::SsoSettingsInvalid,
                format!(
                    "“{}” is not a role: use admin, scheduler, auditor, reviewer, viewer or client.",
                    short(v)
                ),
            ),
        }
    }
    if c.role_map.len() > MAX_MAPPINGS {
        p.add(
            "role_map",
            ErrorCode::SsoSettingsInvalid,
            format!("At most {MAX_MAPPINGS} claim values."),
        );
    }
    if c.role_map.values().any(|r| *r == Role::Client) && d.client_claim.trim().is_empty() {
        p.add(
            "client_claim",
            ErrorCode::SsoSettingsInvalid,
            "A value that maps to client users needs the claim that names their client \
             organisation.",
        );
    }
    if !d.role_map.is_empty() && d.role_claim.trim().is_empty() {
        p.add(
            "role_claim",
            ErrorCode::SsoSettingsInvalid,
            "Name the claim whose values map to roles (for example groups).",
        );
    }
    for e in items(&d.break_glass) {
        match Email::parse(e) {
            Ok(e) => {
                let e = e.normalized();
                if !c.break_glass.contains(&e) {
                    c.break_glass.push(e);
                }
            }
            Err(_) => p.add(
                "break_glass",
                ErrorCode::SsoSettingsInvalid,
                format!("“{}” is not an e-mail address.", short(e)),
            ),
        }
    }
    for r in &d.mfa_roles {
        match Role::parse(r) {
            Ok(r) if !c.mfa_roles.contains(&r) => c.mfa_roles.push(r),
            Ok(_) => {}
            Err(_) => p.add(
                "mfa_roles",
                ErrorCode::SsoSettingsInvalid,
                format!("“{}” is not a role.", short(r)),
            ),
        }
    }
    if let Some(s) = d
        .client_secret
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if s.len() > 1000 || s.chars().any(char::is_control) {
            p.add(
                "client_secret",
                ErrorCode::SsoSettingsInvalid,
                "The client secret must be at most 1,000 characters on one line.",
            );
        } else {
            c.client_secret = Some(s.to_string());
        }
    }
    if d.enabled && c.client_secret.is_none() && !ctx.secret_stored && !p.has("client_secret") {
        p.add(
            "client_secret",
            ErrorCode::SsoSettingsInvalid,
            "Single sign-on needs the client secret the provider gave you.",
        );
    }
    if d.require_sso {
        if !d.enabled {
            p.add(
                "require_sso",
                ErrorCode::SsoSettingsInvalid,
                "Single sign-on can only be required once it is turned on.",
            );
        }
        if c.break_glass.is_empty() && !p.has("break_glass") {
            p.add(
                "break_glass",
                ErrorCode::SsoSettingsInvalid,
                "Name at least one administrator who may still sign in with a password, in \
                 case the provider is unavailable.",
            );
        }
        for e in &c.break_glass {
            if !ctx.admins.iter().any(|a| a.eq_ignore_ascii_case(e)) {
                p.add(
                    "break_glass",
                    ErrorCode::SsoSettingsInvalid,
                    format!("{e} is not an administrator of this certification body."),
                );
            }
        }
    }
    (c, p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft() -> Draft {
        Draft {
            enabled: true,
            issuer: "https://id.example.org/realms/cb/".into(),
            client_id: "certa".into(),
            client_secret: Some(" s3cret ".into()),
            scopes: vec!["email profile, groups openid email".into()],
            email_domains: vec!["@Example.ORG cb.example.org".into()],
            role_claim: "groups".into(),
            role_map: [("auditors".to_string(), "auditor".to_string())].into(),
            client_claim: String::new(),
            require_sso: true,
            break_glass: vec!["Admin@Example.org".into()],
            mfa_roles: vec!["admin".into(), "admin".into()],
        }
    }

    fn codes(p: Problems) -> Vec<(&'static str, &'static str)> {
        p.finish()
            .err()
            .map(|e| e.into_problems())
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.field, p.code.as_str()))
            .collect()
    }

    #[test]
    fn good_settings_come_back_normalised() {
        let admins = ["admin@example.org".to_string()];
        let (c, p) = check(
            &draft(),
            &Context {
                admins: &admins,
                ..Context::default()
            },
        );
        assert_eq!(codes(p), []);
        assert_eq!(c.issuer, "https://id.example.org/realms/cb");
        assert_eq!(c.scopes, ["email", "profile", "groups"]);
        assert_eq!(c.email_domains, ["example.org", "cb.example.org"]);
        assert_eq!(c.client_secret.as_deref(), Some("s3cret"));
        assert_eq!(c.break_glass, ["admin@example.org"]);
        assert_eq!(c.mfa_roles, [Role::Admin]);
        assert_eq!(c.role_map.get("auditors"), Some(&Role::Auditor));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let d = Draft {
            issuer: "http://id.example.org".into(),
            scopes: vec!["a b\u{7}".into()],
            email_domains: vec!["not-a-domain taken.example".into()],
            role_claim: String::new(),
            role_map: [("staff".to_string(), "owner".to_string())].into(),
            break_glass: vec!["nobody@example.org".into()],
            mfa_roles: vec!["root".into()],
            client_secret: None,
            ..draft()
        };
        let taken = ["taken.example".to_string()];
        let (_, p) = check(
            &d,
            &Context {
                claimed_elsewhere: &taken,
                ..Context::default()
            },
        );
        assert_eq!(
            codes(p),
            [
                ("issuer", "sso_issuer_invalid"),
                ("scopes", "sso_settings_invalid"),
                ("email_domains", "sso_settings_invalid"),
                ("email_domains", "sso_domain_taken"),
                ("role_map", "sso_settings_invalid"),
                ("role_claim", "sso_settings_invalid"),
                ("mfa_roles", "sso_settings_invalid"),
                ("client_secret", "sso_settings_invalid"),
                ("break_glass", "sso_settings_invalid"),
            ]
        );
    }

    #[test]
    fn required_single_sign_on_needs_it_on_and_an_administrator_to_fall_back_on() {
        let d = Draft {
            enabled: false,
            break_glass: vec![],
            ..draft()
        };
        let (_, p) = check(&d, &Context::default());
        assert_eq!(
            codes(p),
            [
                ("require_sso", "sso_settings_invalid"),
                ("break_glass", "sso_settings_invalid")
            ]
        );
        // Off and empty is a valid (blank) policy; a stored secret counts as one.
        let off = Draft {
            enabled: false,
            require_sso: false,
            issuer: " ".into(),
            client_id: String::new(),
            client_secret: None,
            ..draft()
        };
        assert_eq!(codes(check(&off, &Context::default()).1), []);
        let keep = Draft {
            client_secret: None,
            require_sso: false,
            ..draft()
        };
        assert_eq!(
            codes(
                check(
                    &keep,
                    &Context {
                        secret_stored: true,
                        ..Context::default()
                    }
                )
                .1
            ),
            []
        );
        // A client mapping needs the claim naming the client organisation.
        let client = Draft {
            require_sso: false,
            role_map: [("customers".to_string(), "client".to_string())].into(),
            ..draft()
        };
        assert_eq!(
            codes(check(&client, &Context::default()).1),
            [("client_claim", "sso_settings_invalid")]
        );
    }

    #[test]
    fn issuers_must_be_https_or_loopback() {
        for ok in [
            "https://login.example.com",
            "https://login.example.com/tenant/v2.0/",
            "http://127.0.0.1:8080",
            "http://localhost:3000/realms/x",
            "http://[::1]:9000",
        ] {
            assert!(issuer(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://login.example.com",
            "http://10.0.0.1",
            "ftp://example.com",
            "https://user:pw@example.com",
            "https://example.com/?x=1",
            "https://example.com/#f",
            "example.com",
            "",
        ] {
            assert!(issuer(bad).is_err(), "{bad}");
        }
        assert_eq!(
            issuer("https://a.example/x/").unwrap(),
            "https://a.example/x"
        );
    }

    #[test]
    fn claims_map_to_roles_and_client_users_need_their_organisation() {
        let pol = Policy {
            role_claim: "groups".into(),
            role_map: [
                ("certa-auditors".to_string(), Role::Auditor),
                ("certa-admins".to_string(), Role::Admin),
                ("customers".to_string(), Role::Client),
            ]
            .into_iter()
            .collect(),
            client_claim: "org".into(),
            ..Policy::default()
        };
        let (r, c) =
            pol.mapped_roles(&json!({"groups": ["certa-auditors", "unrelated", "certa-admins"]}));
        assert_eq!(r, vec![Role::Admin, Role::Auditor]);
        assert_eq!(c, None);
        let (r, c) = pol.mapped_roles(&json!({"groups": "customers", "org": "CL-0001"}));
        assert_eq!(r, vec![Role::Client]);
        assert_eq!(c.as_deref(), Some("CL-0001"));
        let (r, _) = pol.mapped_roles(&json!({"groups": 5}));
        assert!(r.is_empty());
    }

    #[test]
    fn break_glass_needs_the_admin_role() {
        let pol = Policy {
            break_glass: vec!["root@example.com".into()],
            ..Policy::default()
        };
        let admin = RoleSet::new([Role::Admin]).unwrap();
        let auditor = RoleSet::new([Role::Auditor]).unwrap();
        assert!(pol.is_break_glass("Root@Example.com", &admin));
        assert!(!pol.is_break_glass("root@example.com", &auditor));
        assert!(!pol.is_break_glass("other@example.com", &admin));
    }
}
