//! Signing in with a second factor or through a certification body's identity provider,
//! the account security page (second factor, recovery codes, sessions), and the
//! administrators' sign-in settings (single sign-on, second-factor policy).

use super::{
    AnonForm, AnonymousForm, Flash, NoFields, SessionForm, anon_csrf, local_path_or, page,
    page_with_status, redirect, removal, session_cookie, to_login, with_anon_csrf,
};
use crate::AppState;
use crate::extract::{MaybeSession, SESSION_COOKIE};
use crate::render::Tr;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::{Action, MembershipId, Role, SessionId, TenantId};
use certa_service::auth::{self, AuthKind, Gate, Principal};
use certa_service::{ServiceError, mfa, sso};
use serde::Deserialize;
use serde_json::{Value, json};

/// The cookie of a sign-in's second step.
pub const MFA_COOKIE: &str = "certa_mfa";

/// A short-lived cookie limited to `path`.
fn short_cookie(
    st: &AppState,
    name: &'static str,
    value: String,
    path: &'static str,
    minutes: i64,
) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_path(path);
    c.set_secure(st.secure_cookies);
    c.set_max_age(CookieDuration::minutes(minutes));
    c
}

/// The cookie of a sign-in's second step (5 minutes, only for `/login…`).
pub fn challenge_cookie(st: &AppState, challenge: String) -> Cookie<'static> {
    short_cookie(st, MFA_COOKIE, challenge, "/login", 5)
}

fn drop_cookie(st: &AppState, name: &'static str, path: &'static str) -> Cookie<'static> {
    let mut c = short_cookie(st, name, String::new(), path, 0);
    c.set_max_age(CookieDuration::ZERO);
    c
}

/// The browser's description of itself, shortened for the session list.
pub fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
}

/// A readable summary of a user agent: browser and system.
fn device(tr: &Tr<'_>, ua: Option<&str>) -> String {
    let Some(ua) = ua else {
        return tr.t("msg-security-device-unknown");
    };
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(k, _)| ua.contains(k))
    .map_or_else(
        || tr.t("msg-security-device-a-browser"),
        |(_, v)| v.to_string(),
    );
    let system = [
        ("Windows", "Windows"),
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| ua.contains(k))
    .map(|(_, v)| *v);
    match system {
        Some(s) => tr.f(
            "msg-security-device-on",
            &[("browser", browser.into()), ("system", s.into())],
        ),
        None => browser,
    }
}

/// Where a gated session must go first, if anywhere.
pub fn gate_redirect(st: &AppState, p: &Principal) -> Option<HttpResponse> {
    match p.gate.as_ref()? {
        Gate::SecondFactor { tenant } => Some(redirect(
            st,
            "/account/security",
            Some(Flash::err(
                lang_tr(st, p).f("msg-security-gate-notice", &[("tenant", tenant.into())]),
            )),
        )),
        Gate::SingleSignOn { slug, .. } => Some(redirect(st, &format!("/sso/{slug}"), None)),
    }
}

/// Words in the language `p` reads pages in, where no request is at hand (their own
/// choice, else their body's, else English).
fn lang_tr<'a>(st: &'a AppState, p: &Principal) -> Tr<'a> {
    st.renderer.tr(super::chosen_lang(p).unwrap_or_default())
}

/// Sends a freshly signed-in browser on: into its only tenant, or to the tenant picker,
/// or to `next`.
pub async fn after_sign_in(
    st: &AppState,
    cookie_token: String,
    tenants: &[uuid::Uuid],
    next: Option<&str>,
) -> HttpResponse {
    let mut target = "/tenants".to_string();
    if tenants.len() == 1
        && let Ok(Some(p)) = auth::resolve_session(&st.ctx, &cookie_token).await
        && auth::switch_tenant(&st.ctx, &p, TenantId(tenants[0]))
            .await
            .is_ok()
    {
        target = local_path_or(next, "/");
    }
    let mut r = redirect(st, &target, None);
    let _ = r.add_cookie(&session_cookie(st, cookie_token));
    r
}

// --- the second step of a password sign-in ---

fn second_factor_page(
    st: &AppState,
    req: &HttpRequest,
    error: Option<&str>,
    status: StatusCode,
) -> HttpResponse {
    let (token, new) = anon_csrf(req);
    let mut r = page(
        st,
        req,
        None,
        "pages/second_factor",
        &super::tr(st, req, None).t("msg-security-second-factor-title"),
        "login",
        json!({"anon_csrf": token, "error": error}),
    );
    *r.status_mut() = status;
    with_anon_csrf(st, r, token, new)
}

/// `GET /login/second-factor`.
#[get("/login/second-factor")]
pub async fn second_factor_form(st: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let open = match req.cookie(MFA_COOKIE) {
        Some(c) => mfa::challenge_open(&st.ctx, c.value())
            .await
            .unwrap_or(false),
        None => false,
    };
    if !open {
        return redirect(
            &st,
            "/login",
            Some(Flash::err(
                super::tr(&st, &req, None).t("msg-security-sign-in-expired"),
            )),
        );
    }
    second_factor_page(&st, &req, None, StatusCode::OK)
}

/// The second step's form.
#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

impl AnonymousForm for CodeForm {
    fn expired(&self, st: &AppState, req: &HttpRequest) -> HttpResponse {
        second_factor_page(
            st,
            req,
            Some(&super::tr(st, req, None).t("msg-security-form-expired")),
            StatusCode::BAD_REQUEST,
        )
    }
}

/// `POST /login/second-factor`: a TOTP or recovery code finishes the sign-in.
#[post("/login/second-factor")]
pub async fn second_factor(
    st: web::Data<AppState>,
    req: HttpRequest,
    AnonForm(form): AnonForm<CodeForm>,
) -> HttpResponse {
    let tr = super::tr(&st, &req, None);
    let Some(token) = req.cookie(MFA_COOKIE).map(|c| c.value().to_string()) else {
        return redirect(
            &st,
            "/login",
            Some(Flash::err(tr.t("msg-security-sign-in-expired"))),
        );
    };
    if form.code.trim().is_empty() {
        return second_factor_page(
            &st,
            &req,
            Some(&tr.t("msg-security-code-missing")),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match mfa::complete_challenge(&st.ctx, &token, &form.code, user_agent(&req)).await {
        Ok((s, next)) => {
            let ids: Vec<uuid::Uuid> = s.tenants.iter().map(|t| t.id).collect();
            let mut r = after_sign_in(&st, s.cookie_token, &ids, Some(&next)).await;
            let _ = r.add_cookie(&drop_cookie(&st, MFA_COOKIE, "/login"));
            r
        }
        Err(ServiceError::Invalid { message, .. }) => {
            second_factor_page(&st, &req, Some(&message), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ServiceError::Throttled {
            message,
            retry_after_secs,
        }) => {
            let mut r =
                second_factor_page(&st, &req, Some(&message), StatusCode::TOO_MANY_REQUESTS);
            if let Ok(v) =
                actix_web::http::header::HeaderValue::from_str(&retry_after_secs.to_string())
            {
                r.headers_mut()
                    .insert(actix_web::http::header::RETRY_AFTER, v);
            }
            r
        }
        Err(ServiceError::Unauthorized { message, .. }) => {
            let mut r = redirect(&st, "/login", Some(Flash::err(message)));
            let _ = r.add_cookie(&drop_cookie(&st, MFA_COOKIE, "/login"));
            r
        }
        Err(e) => super::service_error_anon(&st, &req, e),
    }
}

// --- single sign-on ---

fn sso_error(st: &AppState, req: &HttpRequest, e: ServiceError) -> HttpResponse {
    let tr = super::tr(st, req, None);
    let (status, code, message) = match &e {
        ServiceError::Unauthorized { code, message } => {
            (StatusCode::UNAUTHORIZED, code.as_str(), message.clone())
        }
        ServiceError::NotFound { code, .. } => (
            StatusCode::NOT_FOUND,
            code.as_str(),
            tr.t("msg-security-sso-not-offered"),
        ),
        ServiceError::Invalid { code, message, .. } => {
            (StatusCode::BAD_GATEWAY, code.as_str(), message.clone())
        }
        _ => return super::service_error_anon(st, req, e),
    };
    let mut r = page(
        st,
        req,
        None,
        "pages/sso_error",
        &tr.t("msg-security-sso-failed-title"),
        "login",
        json!({"message": message, "code": code}),
    );
    // The state cookie stays: an answer with a wrong state (which anyone can send to a
    // browser) must not spoil the sign-in under way; it expires with the request.
    *r.status_mut() = status;
    r
}

/// Starts a sign-in with a tenant's provider: stores the request, sets the state cookie,
/// and sends the browser to the provider.
pub async fn start_sso(
    st: &AppState,
    req: &HttpRequest,
    slug: &str,
    next: Option<&str>,
    login_hint: Option<&str>,
) -> HttpResponse {
    let next = local_path_or(next, "/");
    match sso::start(&st.ctx, slug, &next, login_hint).await {
        Ok(s) => {
            let mut r = HttpResponse::SeeOther();
            r.insert_header((actix_web::http::header::LOCATION, s.url));
            r.cookie(short_cookie(st, sso::STATE_COOKIE, s.cookie, "/sso", 10));
            r.finish()
        }
        Err(e) => sso_error(st, req, e),
    }
}

/// The query of a sign-in start.
#[derive(Deserialize)]
pub struct SsoQuery {
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    login_hint: Option<String>,
}

/// `GET /sso?slug=…`: the "sign in with your certification body" form.
#[get("/sso")]
pub async fn sso_by_slug(
    st: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<SsoQuery>,
) -> HttpResponse {
    let slug = q.slug.as_deref().unwrap_or("").trim().to_ascii_lowercase();
    if slug.is_empty()
        || slug.len() > 63
        || !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        let error = super::tr(&st, &req, None).t("msg-security-slug-invalid");
        return super::account::login_page_with(
            &st,
            &req,
            super::account::LoginView {
                slug_error: Some(&error),
                slug: &slug,
                ..Default::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    start_sso(&st, &req, &slug, q.next.as_deref(), None).await
}

/// `GET /sso/callback`: the provider's answer.
#[get("/sso/callback")]
pub async fn sso_callback(st: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let params: sso::CallbackParams =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let cookie = req.cookie(sso::STATE_COOKIE).map(|c| c.value().to_string());
    match sso::callback(&st.ctx, &params, cookie.as_deref(), user_agent(&req)).await {
        Ok(done) => {
            let target = local_path_or(Some(&done.next), "/");
            let mut r = redirect(&st, &target, None);
            let _ = r.add_cookie(&session_cookie(&st, done.cookie_token));
            let _ = r.add_cookie(&drop_cookie(&st, sso::STATE_COOKIE, "/sso"));
            r
        }
        Err(e) => sso_error(&st, &req, e),
    }
}

/// `GET /sso/{slug}`: starts a sign-in with that body's provider.
#[get("/sso/{slug}")]
pub async fn sso_start(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<SsoQuery>,
) -> HttpResponse {
    start_sso(
        &st,
        &req,
        &path.into_inner(),
        q.next.as_deref(),
        q.login_hint.as_deref(),
    )
    .await
}

// --- account security ---

async fn security_page(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    extra: Value,
    status: StatusCode,
) -> HttpResponse {
    let s = match mfa::status(&st.ctx, p.user_id()).await {
        Ok(s) => s,
        Err(e) => return super::service_error(st, req, p, "/", e),
    };
    let tr = super::tr(st, req, Some(p));
    let current = match &p.auth {
        AuthKind::Session { session_id, .. } => Some(session_id.0),
        AuthKind::Token { .. } => None,
    };
    let sessions = super::panel("sessions", auth::sessions_of(&st.ctx, p.user_id()).await);
    let rows: Vec<Value> = sessions
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id,
                "device": device(&tr, s.user_agent.as_deref()),
                "how": tr.t(match s.amr.as_str() {
                    a if a.starts_with("fed") => "msg-security-how-sso",
                    a if a.contains("otp") => "msg-security-how-otp",
                    a if a.contains("mfa") => "msg-security-how-recovery",
                    _ => "msg-security-how-password",
                }),
                "since": super::when(p, s.created_at),
                "seen": super::when(p, s.last_seen_at),
                "current": Some(s.id) == current,
            })
        })
        .collect();
    let gate = match &p.gate {
        Some(Gate::SecondFactor { tenant }) => {
            Some(tr.f("msg-security-gate", &[("tenant", tenant.into())]))
        }
        _ => None,
    };
    let mut data = json!({
        "enrolled": s.enrolled,
        "codes_left": s.recovery_codes_left,
        "sessions": rows,
        "gate": gate,
        "my_zone": p.user.time_zone,
        "body_zone": p.tenant.as_ref().map(|t| t.tenant.time_zone.clone()),
        "zones": super::zone_names(),
        "my_language": p.user.language,
        "languages": languages(p.user.language.as_deref()),
        "body_language": p.tenant.as_ref().map(|t| crate::render::Lang::parse(&t.tenant.language).unwrap_or_default().name()),
    });
    if let (Value::Object(base), Value::Object(more)) = (&mut data, extra) {
        base.extend(more);
    }
    let mut r = page(
        st,
        req,
        Some(p),
        "pages/security",
        &tr.t("msg-security-title"),
        "security",
        data,
    );
    *r.status_mut() = status;
    r.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    r
}

/// The languages a person may choose, by tag and name in itself, `selected` when it is
/// `current`.
pub fn languages(current: Option<&str>) -> Vec<Value> {
    crate::render::Lang::ALL
        .iter()
        .map(|l| json!({"code": l.code(), "name": l.name(), "selected": current == Some(l.code())}))
        .collect()
}

/// `GET /account/security`.
#[get("/account/security")]
pub async fn security(st: web::Data<AppState>, req: HttpRequest, s: MaybeSession) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    security_page(&st, &req, &p, json!({}), StatusCode::OK).await
}

/// The personal time zone form.
#[derive(serde::Deserialize)]
pub struct OwnZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// `POST /account/time-zone`: the signed-in person's own time zone (empty: the body's).
#[post("/account/time-zone")]
pub async fn save_own_time_zone(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<OwnZoneForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = certa_service::settings::set_own_time_zone(&st.ctx, &p, &f.time_zone).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/account/security", result, |z| match z {
        Some(z) => tr.f("msg-security-zone-set", &[("zone", z.into())]),
        None => tr.t("msg-security-zone-cleared"),
    })
}

/// The personal language form.
#[derive(serde::Deserialize)]
pub struct OwnLanguageForm {
    #[serde(default)]
    language: String,
}

/// `POST /account/language`: the signed-in person's own language for pages and mails
/// (empty: the body's). The notice is in the language the pages now speak.
#[post("/account/language")]
pub async fn save_own_language(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<OwnLanguageForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = certa_service::settings::set_own_language(&st.ctx, &p, &f.language).await;
    let body = p.tenant.as_ref().map(|t| t.tenant.language.clone());
    super::outcome(&st, &req, &p, "/account/security", result, |l| {
        let body = body
            .as_deref()
            .and_then(crate::render::Lang::parse)
            .unwrap_or_default();
        match l.and_then(crate::render::Lang::parse) {
            Some(l) => st
                .renderer
                .tr(l)
                .f("msg-own-language-set", &[("language", l.name().into())]),
            None => st.renderer.tr(body).t("msg-own-language-cleared"),
        }
    })
}

/// `POST /account/security/totp/start`: shows the QR code and the secret.
#[post("/account/security/totp/start")]
pub async fn totp_start(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    match mfa::begin(&st.ctx, &p).await {
        Ok(e) => security_page(&st, &req, &p, json!({"enrolment": e}), StatusCode::OK).await,
        Err(e) => super::service_error(&st, &req, &p, "/account/security", e),
    }
}

/// A form that carries a one-time code.
#[derive(Deserialize)]
pub struct OtpForm {
    #[serde(default)]
    code: String,
}

/// `POST /account/security/totp/confirm`: the first code turns the factor on; the
/// recovery codes are shown once.
#[post("/account/security/totp/confirm")]
pub async fn totp_confirm(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<OtpForm>,
) -> HttpResponse {
    let p = form.p;
    match mfa::confirm(&st.ctx, &p, &form.f.code).await {
        Ok(codes) => {
            security_page(
                &st,
                &req,
                &p,
                json!({"recovery_codes": codes, "notice": super::tr(&st, &req, Some(&p)).t("msg-security-factor-on")}),
                StatusCode::OK,
            )
            .await
        }
        Err(ServiceError::Invalid { message, .. }) => {
            let e = mfa::begin(&st.ctx, &p).await.ok();
            security_page(
                &st,
                &req,
                &p,
                json!({"enrolment": e, "code_error": message, "code": form.f.code}),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => super::service_error(&st, &req, &p, "/account/security", e),
    }
}

/// The security page again (422) with a refused code's message at the field of the form
/// that sent it (`key` names that form's error in the template).
async fn code_refused(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    key: &str,
    message: String,
) -> HttpResponse {
    let mut data = serde_json::Map::new();
    data.insert(key.to_string(), json!(message));
    security_page(
        st,
        req,
        p,
        Value::Object(data),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /account/security/totp/remove`.
#[post("/account/security/totp/remove")]
pub async fn totp_remove(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<OtpForm>,
) -> HttpResponse {
    let p = form.p;
    match mfa::remove(&st.ctx, &p, &form.f.code).await {
        Ok(()) => redirect(
            &st,
            "/account/security",
            Some(Flash::ok(
                super::tr(&st, &req, Some(&p)).t("msg-security-factor-removed"),
            )),
        ),
        Err(ServiceError::Invalid { message, .. }) => {
            code_refused(&st, &req, &p, "remove_error", message).await
        }
        Err(e) => super::service_error(&st, &req, &p, "/account/security", e),
    }
}

/// `POST /account/security/recovery-codes`: new codes (a current code proves the factor).
#[post("/account/security/recovery-codes")]
pub async fn recovery_codes(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<OtpForm>,
) -> HttpResponse {
    let p = form.p;
    match mfa::new_recovery_codes(&st.ctx, &p, &form.f.code).await {
        Ok(codes) => {
            security_page(
                &st,
                &req,
                &p,
                json!({"recovery_codes": codes, "notice": super::tr(&st, &req, Some(&p)).t("msg-security-new-codes")}),
                StatusCode::OK,
            )
            .await
        }
        Err(ServiceError::Invalid { message, .. }) => {
            code_refused(&st, &req, &p, "codes_error", message).await
        }
        Err(e) => super::service_error(&st, &req, &p, "/account/security", e),
    }
}

/// `POST /account/security/sessions/{id}/end`.
#[post("/account/security/sessions/{id}/end")]
pub async fn end_session(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let Ok(id) = uuid::Uuid::parse_str(&path.into_inner()) else {
        return super::not_found_page(&st, &req);
    };
    let result = auth::end_session(&st.ctx, &p, SessionId(id)).await;
    let current = matches!(&p.auth, AuthKind::Session { session_id, .. } if session_id.0 == id);
    let tr = super::tr(&st, &req, Some(&p));
    match result {
        Ok(()) if current => {
            let mut r = redirect(
                &st,
                "/login",
                // The sign-in page speaks the browser's language.
                Some(Flash::ok(
                    super::tr(&st, &req, None).t("msg-security-logged-out"),
                )),
            );
            let _ = r.add_cookie(&removal(&st, SESSION_COOKIE));
            r
        }
        Ok(()) => redirect(
            &st,
            "/account/security",
            Some(Flash::ok(tr.t("msg-security-session-ended"))),
        ),
        Err(e) => super::service_error(&st, &req, &p, "/account/security", e),
    }
}

// --- administrators: sign-in settings ---

fn settings_data(tr: &Tr<'_>, v: &sso::SsoSettings) -> Value {
    json!({
        "enabled": v.enabled,
        "issuer": v.issuer,
        "client_id": v.client_id,
        "client_secret_set": v.client_secret_set,
        "scopes": v.scopes.join(" "),
        "email_domains": v.email_domains.join(" "),
        "role_claim": v.role_claim,
        "role_map": v.role_map.iter().map(|(k, r)| format!("{k} = {r}")).collect::<Vec<_>>().join("\n"),
        "client_claim": v.client_claim,
        "jit_provisioning": v.jit_provisioning,
        "link_by_email": v.link_by_email,
        "require_sso": v.require_sso,
        "break_glass": v.break_glass.join("\n"),
        "mfa_roles": Role::ALL.iter().map(|r| json!({"name": r.as_str(), "label": role_label(tr, *r), "checked": v.mfa_roles.iter().any(|m| m == r.as_str())})).collect::<Vec<_>>(),
        "redirect_uri": v.redirect_uri,
        "post_logout_redirect_uri": v.post_logout_redirect_uri,
    })
}

/// The people of a role, as the second-factor policy names them ("Programme managers").
fn role_label(tr: &Tr<'_>, r: Role) -> String {
    tr.t(&format!("msg-security-people-{}", r.as_str()))
}

/// Human labels of the settings' fields, for error summaries.
fn field_label(tr: &Tr<'_>, field: &str) -> String {
    tr.t(match field {
        "issuer" => "msg-security-field-issuer",
        "client_id" => "msg-security-field-client-id",
        "client_secret" => "msg-security-field-client-secret",
        "scopes" => "msg-security-field-scopes",
        "email_domains" => "msg-security-field-email-domains",
        "role_claim" => "msg-security-field-role-claim",
        "role_map" => "msg-security-field-role-map",
        "client_claim" => "msg-security-field-client-claim",
        "require_sso" => "msg-security-field-require-sso",
        "break_glass" => "msg-security-field-break-glass",
        "mfa_roles" => "msg-security-field-mfa-roles",
        _ => "msg-security-field-settings",
    })
}

fn sign_in_page(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    data: Value,
    status: StatusCode,
) -> HttpResponse {
    let mut r = page(
        st,
        req,
        Some(p),
        "pages/sign_in_settings",
        &super::tr(st, req, Some(p)).t("msg-security-sign-in-settings-title"),
        "settings",
        data,
    );
    *r.status_mut() = status;
    r
}

/// `GET /settings/sign-in`.
#[get("/settings/sign-in")]
pub async fn sign_in_settings(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let tr = super::tr(&st, &req, Some(&p));
    match sso::settings(&st.ctx, &p).await {
        Ok(v) => sign_in_page(
            &st,
            &req,
            &p,
            json!({"s": settings_data(&tr, &v)}),
            StatusCode::OK,
        ),
        Err(e) => super::service_error(&st, &req, &p, "/settings", e),
    }
}

/// The settings form, as typed.
struct SignInForm {
    enabled: bool,
    issuer: String,
    client_id: String,
    client_secret: String,
    scopes: String,
    email_domains: String,
    role_claim: String,
    role_map: String,
    client_claim: String,
    jit_provisioning: bool,
    link_by_email: bool,
    require_sso: bool,
    break_glass: String,
}

/// `POST /settings/sign-in`: saves; on a problem the form comes back with what was typed
/// (never the secret) and the error at its field.
#[post("/settings/sign-in")]
pub async fn save_sign_in_settings(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<super::Fields>,
) -> HttpResponse {
    let p = form.p;
    let fields = form.f;
    let tr = super::tr(&st, &req, Some(&p));
    let f = SignInForm {
        enabled: fields.checked("enabled"),
        issuer: fields.get("issuer"),
        client_id: fields.get("client_id"),
        client_secret: fields.get("client_secret"),
        scopes: fields.get("scopes"),
        email_domains: fields.get("email_domains"),
        role_claim: fields.get("role_claim"),
        role_map: fields.get("role_map"),
        client_claim: fields.get("client_claim"),
        jit_provisioning: fields.checked("jit_provisioning"),
        link_by_email: fields.checked("link_by_email"),
        require_sso: fields.checked("require_sso"),
        break_glass: fields.get("break_glass"),
    };
    let mfa_roles: Vec<String> = fields.all("mfa_roles");
    let mut role_map = std::collections::BTreeMap::new();
    let mut map_error = None;
    for line in f.role_map.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.rsplit_once('=') {
            Some((k, v)) => {
                role_map.insert(k.trim().to_string(), v.trim().to_string());
            }
            None => {
                map_error = Some(tr.f("msg-security-role-map-line", &[("line", line.into())]));
            }
        }
    }
    let input = sso::SsoSettingsInput {
        enabled: f.enabled,
        issuer: f.issuer.clone(),
        client_id: f.client_id.clone(),
        client_secret: Some(f.client_secret.clone()).filter(|s| !s.trim().is_empty()),
        scopes: vec![f.scopes.clone()],
        email_domains: vec![f.email_domains.clone()],
        role_claim: f.role_claim.clone(),
        role_map,
        client_claim: f.client_claim.clone(),
        jit_provisioning: f.jit_provisioning,
        link_by_email: f.link_by_email,
        require_sso: f.require_sso,
        break_glass: vec![f.break_glass.clone()],
        mfa_roles: mfa_roles.clone(),
    };
    let result = match map_error {
        Some(m) => Err(ServiceError::Invalid {
            field: "role_map",
            code: certa_domain::ErrorCode::SsoSettingsInvalid,
            message: m,
        }),
        None => sso::save_settings(&st.ctx, &p, input).await,
    };
    match result {
        Ok(_) => redirect(
            &st,
            "/settings/sign-in",
            Some(Flash::ok(tr.t("msg-security-saved"))),
        ),
        Err(e) if !e.field_problems().is_empty() => {
            let problems = e.field_problems();
            let secret_set = sso::settings(&st.ctx, &p)
                .await
                .map(|v| v.client_secret_set)
                .unwrap_or(false);
            let kept = json!({
                "enabled": f.enabled,
                "issuer": f.issuer,
                "client_id": f.client_id,
                "client_secret_set": secret_set,
                "scopes": f.scopes,
                "email_domains": f.email_domains,
                "role_claim": f.role_claim,
                "role_map": f.role_map,
                "client_claim": f.client_claim,
                "jit_provisioning": f.jit_provisioning,
                "link_by_email": f.link_by_email,
                "require_sso": f.require_sso,
                "break_glass": f.break_glass,
                "mfa_roles": Role::ALL.iter().map(|r| json!({"name": r.as_str(), "label": role_label(&tr, *r), "checked": mfa_roles.iter().any(|m| m == r.as_str())})).collect::<Vec<_>>(),
                "redirect_uri": sso::redirect_uri(&st.ctx),
                "post_logout_redirect_uri": sso::post_logout_uri(&st.ctx),
            });
            // Every problem at its field (several for one field are joined), all in the
            // summary.
            let mut errors = serde_json::Map::new();
            for pr in &problems {
                let text = match errors.get(pr.field).and_then(Value::as_str) {
                    Some(before) => format!("{before} {}", pr.message),
                    None => pr.message.clone(),
                };
                errors.insert(pr.field.to_string(), json!(text));
            }
            let summary: Vec<Value> = problems
                .iter()
                .map(|pr| json!({"id": pr.field, "message": tr.f("msg-security-summary", &[("field", field_label(&tr, pr.field).into()), ("message", pr.message.as_str().into())])}))
                .collect();
            sign_in_page(
                &st,
                &req,
                &p,
                json!({
                    "s": kept,
                    "errors": errors,
                    "error_summary": summary,
                }),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => super::service_error(&st, &req, &p, "/settings/sign-in", e),
    }
}

/// `POST /settings/sign-in/test`: discovery and a dry-run authorization request.
#[post("/settings/sign-in/test")]
pub async fn test_sign_in(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let report = match sso::test_connection(&st.ctx, &p).await {
        Ok(r) => r,
        Err(e) => return super::service_error(&st, &req, &p, "/settings/sign-in", e),
    };
    match sso::settings(&st.ctx, &p).await {
        Ok(v) => sign_in_page(
            &st,
            &req,
            &p,
            json!({"s": settings_data(&super::tr(&st, &req, Some(&p)), &v), "report": report}),
            StatusCode::OK,
        ),
        Err(e) => super::service_error(&st, &req, &p, "/settings", e),
    }
}

/// `POST /members/{id}/second-factor/reset` (administrators).
#[post("/members/{id}/second-factor/reset")]
pub async fn reset_member_factor(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let Ok(id) = uuid::Uuid::parse_str(&path.into_inner()) else {
        return super::not_found_page(&st, &req);
    };
    let tr = super::tr(&st, &req, Some(&p));
    if !p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ManageMembers))
    {
        return page_with_status(
            &st,
            &req,
            Some(&p),
            StatusCode::NOT_FOUND,
            &tr.t("msg-not-found-title"),
            &tr.t("msg-not-found"),
        );
    }
    super::outcome(
        &st,
        &req,
        &p,
        "/members",
        mfa::reset_for_member(&st.ctx, &p, MembershipId(id)).await,
        |name| tr.f("msg-security-factor-reset", &[("name", name.into())]),
    )
}
