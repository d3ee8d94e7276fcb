//! Login, logout, password reset and invitation acceptance.

use super::{
    AnonForm, AnonymousForm, Flash, NoFields, SessionForm, anon_csrf, page, redirect, removal,
    with_anon_csrf,
};
use crate::AppState;
use crate::extract::{MaybeSession, SESSION_COOKIE, client_ip};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_service::{ServiceError, auth, members};
use serde::Deserialize;
use serde_json::json;

/// The login form: the e-mail address first; the password once the address signs in with
/// one.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    next: Option<String>,
    /// `password`: skip the provider of the address's domain (break-glass administrators,
    /// local accounts in a domain that signs in through a provider).
    #[serde(default)]
    method: Option<String>,
}

impl AnonymousForm for LoginForm {
    fn expired(&self, st: &AppState, req: &HttpRequest) -> HttpResponse {
        let error = super::tr(st, req, None).t("msg-account-form-expired");
        login_page_with(
            st,
            req,
            LoginView {
                email: &self.email,
                error: Some(&error),
                ..Default::default()
            },
            actix_web::http::StatusCode::UNAUTHORIZED,
        )
    }
}

/// Marks a page answer as throttled: 429 with `Retry-After` (RFC 6585 4).
fn throttled_page(mut resp: HttpResponse, retry_after_secs: i64) -> HttpResponse {
    *resp.status_mut() = actix_web::http::StatusCode::TOO_MANY_REQUESTS;
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&retry_after_secs.to_string()) {
        resp.headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, v);
    }
    resp
}

/// The error page for a throttled form.
fn too_many(
    st: &AppState,
    req: &HttpRequest,
    message: &str,
    retry_after_secs: i64,
) -> HttpResponse {
    throttled_page(
        super::page_with_status(
            st,
            req,
            None,
            actix_web::http::StatusCode::TOO_MANY_REQUESTS,
            &super::tr(st, req, None).t("msg-account-too-many-title"),
            message,
        ),
        retry_after_secs,
    )
}

/// What the sign-in page shows.
#[derive(Default)]
pub struct LoginView<'a> {
    /// The address typed so far.
    pub email: &'a str,
    /// The password step (the address is known and signs in with a password).
    pub password_step: bool,
    /// The address may also sign in through this body's provider (slug, name).
    pub sso: Option<(&'a str, &'a str)>,
    /// A problem with the address or the password.
    pub error: Option<&'a str>,
    /// The problem is the address (else the password).
    pub error_at_email: bool,
    /// Where to go after signing in.
    pub next: Option<&'a str>,
    /// The "sign in with your certification body" field.
    pub slug: &'a str,
    pub slug_error: Option<&'a str>,
}

/// The sign-in page with `v`, answered with `status`.
pub fn login_page_with(
    st: &AppState,
    req: &HttpRequest,
    v: LoginView<'_>,
    status: actix_web::http::StatusCode,
) -> HttpResponse {
    let (token, new) = anon_csrf(req);
    let next = v.next.and_then(super::local_path).filter(|n| *n != "/");
    let mut resp = page(
        st,
        req,
        None,
        "pages/login",
        &super::tr(st, req, None).t("msg-account-login-title"),
        "login",
        json!({
            "anon_csrf": token,
            "email": v.email,
            "password_step": v.password_step,
            "sso": v.sso.map(|(slug, name)| json!({"slug": slug, "name": name})),
            "error": v.error,
            "email_error": v.error.filter(|_| v.error_at_email),
            "password_error": v.error.filter(|_| !v.error_at_email && v.password_step),
            "form_error": v.error.filter(|_| !v.error_at_email && !v.password_step),
            "next": next,
            "slug": v.slug,
            "slug_error": v.slug_error,
        }),
    );
    *resp.status_mut() = status;
    with_anon_csrf(st, resp, token, new)
}

fn login_page(st: &AppState, req: &HttpRequest, email: &str, error: Option<&str>) -> HttpResponse {
    login_page_with(
        st,
        req,
        LoginView {
            email,
            password_step: true,
            error,
            ..Default::default()
        },
        if error.is_some() {
            actix_web::http::StatusCode::UNAUTHORIZED
        } else {
            actix_web::http::StatusCode::OK
        },
    )
}

/// The query of the sign-in page.
#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
}

/// `GET /login`.
#[get("/login")]
pub async fn login_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
    q: web::Query<LoginQuery>,
) -> HttpResponse {
    if s.0.is_some() {
        return redirect(&st, "/", None);
    }
    login_page_with(
        &st,
        &req,
        LoginView {
            next: q.next.as_deref(),
            ..Default::default()
        },
        actix_web::http::StatusCode::OK,
    )
}

/// `POST /login`: with the address only, the next step (the body's provider, or the
/// password); with the password, a new session (the old one, if any, is discarded) or
/// the second-factor step, then the tenant.
#[post("/login")]
pub async fn login(
    st: web::Data<AppState>,
    req: HttpRequest,
    AnonForm(form): AnonForm<LoginForm>,
) -> HttpResponse {
    let next = form.next.as_deref();
    let email = form.email.trim();
    let Some(password) = form.password.as_deref() else {
        if certa_domain::Email::parse(email).is_err() {
            let error = super::tr(&st, &req, None).t("msg-account-email-invalid");
            return login_page_with(
                &st,
                &req,
                LoginView {
                    email,
                    error: Some(&error),
                    error_at_email: true,
                    next,
                    ..Default::default()
                },
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        let route = if form.method.as_deref() == Some("password") {
            Ok(certa_service::sso::Route::Password)
        } else {
            certa_service::sso::route_for(&st.ctx, email).await
        };
        return match route {
            // The address's domain signs in through its body's provider.
            Ok(certa_service::sso::Route::Provider { slug, .. })
                if form.method.as_deref() != Some("password") =>
            {
                super::security::start_sso(&st, &req, &slug, next, Some(email)).await
            }
            Ok(certa_service::sso::Route::Provider { slug, name, .. }) => login_page_with(
                &st,
                &req,
                LoginView {
                    email,
                    password_step: true,
                    sso: Some((&slug, &name)),
                    next,
                    ..Default::default()
                },
                actix_web::http::StatusCode::OK,
            ),
            Ok(certa_service::sso::Route::Password) => login_page_with(
                &st,
                &req,
                LoginView {
                    email,
                    password_step: true,
                    next,
                    ..Default::default()
                },
                actix_web::http::StatusCode::OK,
            ),
            Err(e) => super::service_error_anon(&st, &req, e),
        };
    };
    let old = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    match auth::login(
        &st.ctx,
        email,
        password,
        &client_ip(&req),
        old.as_deref(),
        super::security::user_agent(&req),
        &super::local_path_or(next, "/"),
    )
    .await
    .map_err(|e| super::localised_error(&super::tr(&st, &req, None), e))
    {
        Ok(auth::LoginStep::Session(s)) => {
            let ids: Vec<uuid::Uuid> = s.tenants.iter().map(|t| t.id).collect();
            super::security::after_sign_in(&st, s.cookie_token, &ids, next).await
        }
        Ok(auth::LoginStep::SecondFactor { challenge }) => {
            let mut r = redirect(&st, "/login/second-factor", None);
            let _ = r.add_cookie(&super::security::challenge_cookie(&st, challenge));
            r
        }
        Err(ServiceError::Unauthorized { message, .. }) => {
            login_page(&st, &req, email, Some(&message))
        }
        Err(ServiceError::Throttled {
            message,
            retry_after_secs,
        }) => throttled_page(
            login_page(&st, &req, email, Some(&message)),
            retry_after_secs,
        ),
        Err(e) => super::service_error_anon(&st, &req, e),
    }
}

/// `POST /logout`.
#[post("/logout")]
pub async fn logout(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let sso_tenant = match &p.auth {
        auth::AuthKind::Session { sso_tenant, .. } => *sso_tenant,
        auth::AuthKind::Token { .. } => None,
    };
    if let Err(e) = auth::logout(&st.ctx, &p).await {
        return super::service_error(&st, &req, &p, "/", e);
    }
    // Signed in through a provider that offers it: sign out there too (OpenID Connect
    // RP-Initiated Logout), which sends the browser back to the sign-in page.
    if let Some(t) = sso_tenant
        && let Some(url) = certa_service::sso::logout_url(&st.ctx, t).await
    {
        let mut r = HttpResponse::SeeOther();
        r.insert_header((actix_web::http::header::LOCATION, url));
        r.cookie(removal(&st, SESSION_COOKIE));
        return r.finish();
    }
    let mut r = redirect(
        &st,
        "/login",
        Some(Flash::ok(
            // The sign-in page speaks the browser's language.
            super::tr(&st, &req, None).t("msg-account-logged-out"),
        )),
    );
    let _ = r.add_cookie(&removal(&st, SESSION_COOKIE));
    r
}

/// `GET /password/forgot`.
#[get("/password/forgot")]
pub async fn forgot_form(st: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let (token, new) = anon_csrf(&req);
    let r = page(
        &st,
        &req,
        None,
        "pages/forgot",
        &super::tr(&st, &req, None).t("msg-account-forgot-title"),
        "",
        json!({"anon_csrf": token}),
    );
    with_anon_csrf(&st, r, token, new)
}

/// The forgot-password form.
#[derive(Deserialize)]
pub struct ForgotForm {
    email: String,
}

impl AnonymousForm for ForgotForm {
    fn expired(&self, st: &AppState, req: &HttpRequest) -> HttpResponse {
        redirect(
            st,
            "/password/forgot",
            Some(Flash::err(
                super::tr(st, req, None).t("msg-account-form-expired"),
            )),
        )
    }
}

/// `POST /password/forgot`: always the same answer, whether or not the account exists.
#[post("/password/forgot")]
pub async fn forgot(
    st: web::Data<AppState>,
    req: HttpRequest,
    AnonForm(form): AnonForm<ForgotForm>,
) -> HttpResponse {
    if let Err(e) = auth::request_password_reset(&st.ctx, &form.email).await {
        return super::service_error_anon(&st, &req, e);
    }
    redirect(
        &st,
        "/login",
        Some(Flash::ok(
            super::tr(&st, &req, None).t("msg-account-reset-sent"),
        )),
    )
}

/// A link token in the query.
#[derive(Deserialize)]
pub struct TokenQuery {
    token: String,
}

/// `GET /password/reset?token=…`.
#[get("/password/reset")]
pub async fn reset_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<TokenQuery>,
) -> HttpResponse {
    let valid = super::panel(
        "reset link validity",
        auth::reset_token_valid(&st.ctx, &q.token).await,
    );
    let (token, new) = anon_csrf(&req);
    let r = page(
        &st,
        &req,
        None,
        "pages/reset",
        &super::tr(&st, &req, None).t("msg-account-reset-title"),
        "",
        json!({"anon_csrf": token, "token": q.token, "valid": valid}),
    );
    with_anon_csrf(&st, r, token, new)
}

/// The new-password form.
#[derive(Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
}

impl ResetForm {
    /// The reset page of this link.
    fn back(&self) -> String {
        format!(
            "/password/reset?{}",
            serde_urlencoded::to_string([("token", &self.token)]).unwrap_or_default()
        )
    }
}

impl AnonymousForm for ResetForm {
    fn expired(&self, st: &AppState, req: &HttpRequest) -> HttpResponse {
        redirect(
            st,
            &self.back(),
            Some(Flash::err(
                super::tr(st, req, None).t("msg-account-form-expired"),
            )),
        )
    }
}

/// `POST /password/reset`.
#[post("/password/reset")]
pub async fn reset(
    st: web::Data<AppState>,
    req: HttpRequest,
    AnonForm(form): AnonForm<ResetForm>,
) -> HttpResponse {
    let back = form.back();
    match auth::complete_password_reset(&st.ctx, &form.token, &form.password, &client_ip(&req))
        .await
    {
        Ok(ended) => redirect(
            &st,
            "/login",
            Some(Flash::ok(super::tr(&st, &req, None).f(
                "msg-account-password-changed",
                &[
                    ("sessions", ended.sessions.into()),
                    ("tokens", ended.tokens.into()),
                ],
            ))),
        ),
        Err(ServiceError::Invalid { message, .. }) => {
            redirect(&st, &back, Some(Flash::err(message)))
        }
        Err(ServiceError::Throttled {
            message,
            retry_after_secs,
        }) => too_many(&st, &req, &message, retry_after_secs),
        Err(e) => super::service_error_anon(&st, &req, e),
    }
}

/// `GET /invitations/accept?token=…`.
#[get("/invitations/accept")]
pub async fn accept_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<TokenQuery>,
) -> HttpResponse {
    let (csrf, new) = anon_csrf(&req);
    let tr = super::tr(&st, &req, None);
    let data = match members::view_invitation(&st.ctx, &q.token).await {
        Ok(v) => json!({
            "anon_csrf": csrf, "token": q.token, "valid": true,
            "tenant_name": v.tenant.name, "email": v.email,
            "roles": v.roles.iter().map(|r| tr.label(r)).collect::<Vec<_>>().join(", "),
            "existing_account": v.existing_account,
        }),
        Err(ServiceError::Conflict { .. }) => json!({"valid": false}),
        Err(e) => return super::service_error_anon(&st, &req, e),
    };
    let r = page(
        &st,
        &req,
        None,
        "pages/accept",
        &tr.t("msg-account-accept-title"),
        "",
        data,
    );
    with_anon_csrf(&st, r, csrf, new)
}

/// The acceptance form.
#[derive(Deserialize)]
pub struct AcceptForm {
    token: String,
    #[serde(default)]
    name: String,
    password: String,
}

impl AcceptForm {
    /// The acceptance page of this invitation.
    fn back(&self) -> String {
        format!(
            "/invitations/accept?{}",
            serde_urlencoded::to_string([("token", &self.token)]).unwrap_or_default()
        )
    }
}

impl AnonymousForm for AcceptForm {
    fn expired(&self, st: &AppState, req: &HttpRequest) -> HttpResponse {
        redirect(
            st,
            &self.back(),
            Some(Flash::err(
                super::tr(st, req, None).t("msg-account-form-expired"),
            )),
        )
    }
}

/// `POST /invitations/accept`: joins the tenant, then asks to sign in.
#[post("/invitations/accept")]
pub async fn accept(
    st: web::Data<AppState>,
    req: HttpRequest,
    AnonForm(form): AnonForm<AcceptForm>,
) -> HttpResponse {
    let back = form.back();
    let tr = super::tr(&st, &req, None);
    match members::accept_invitation(&st.ctx, &form.token, &form.name, &form.password).await {
        // The password was just proven: the new member is signed in, into the body.
        Ok((tenant, user)) => {
            // In the body's language: the pages the new member sees next speak it.
            let welcome = crate::render::Lang::parse(&tenant.language)
                .map_or(tr, |l| st.renderer.tr(l))
                .f("msg-account-welcome", &[("body", (&tenant.name).into())]);
            let welcome = Flash::ok(welcome);
            match auth::sign_in_invited(
                &st.ctx,
                user,
                certa_domain::TenantId(tenant.id),
                super::security::user_agent(&req),
            )
            .await
            {
                Ok(auth::LoginStep::Session(s)) => {
                    let mut r = redirect(&st, "/", Some(welcome));
                    let _ = r.add_cookie(&super::session_cookie(&st, s.cookie_token));
                    r
                }
                Ok(auth::LoginStep::SecondFactor { challenge }) => {
                    let mut r = redirect(&st, "/login/second-factor", Some(welcome));
                    let _ = r.add_cookie(&super::security::challenge_cookie(&st, challenge));
                    r
                }
                Err(_) => redirect(
                    &st,
                    "/login",
                    Some(Flash::ok(tr.f(
                        "msg-account-welcome-sign-in",
                        &[("body", (&tenant.name).into())],
                    ))),
                ),
            }
        }
        Err(ServiceError::Invalid { message, .. })
        | Err(ServiceError::Unauthorized { message, .. }) => {
            redirect(&st, &back, Some(Flash::err(message)))
        }
        Err(ServiceError::Throttled {
            message,
            retry_after_secs,
        }) => too_many(&st, &req, &message, retry_after_secs),
        Err(e) => super::service_error_anon(&st, &req, e),
    }
}
