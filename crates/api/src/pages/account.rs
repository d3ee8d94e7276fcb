//! Login, logout, password reset and invitation acceptance.

use super::{
    AnonForm, AnonymousForm, Flash, NoFields, SessionForm, anon_csrf, page, redirect, removal,
    session_cookie, with_anon_csrf,
};
use crate::AppState;
use crate::extract::{MaybeSession, SESSION_COOKIE, client_ip};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::TenantId;
use certa_service::{ServiceError, auth, members};
use serde::Deserialize;
use serde_json::json;

/// The login form.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

impl AnonymousForm for LoginForm {
    fn expired(&self, st: &AppState, req: &HttpRequest) -> HttpResponse {
        login_page(
            st,
            req,
            &self.email,
            Some("The form expired. Please try again."),
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
            "Too many attempts",
            message,
        ),
        retry_after_secs,
    )
}

fn login_page(st: &AppState, req: &HttpRequest, email: &str, error: Option<&str>) -> HttpResponse {
    let (token, new) = anon_csrf(req);
    let mut resp = page(
        st,
        req,
        None,
        "pages/login",
        "Sign in",
        "login",
        json!({"anon_csrf": token, "email": email, "error": error}),
    );
    if error.is_some() {
        *resp.status_mut() = actix_web::http::StatusCode::UNAUTHORIZED;
    }
    with_anon_csrf(st, resp, token, new)
}

/// `GET /login`.
#[get("/login")]
pub async fn login_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
) -> HttpResponse {
    if s.0.is_some() {
        return redirect(&st, "/", None);
    }
    login_page(&st, &req, "", None)
}

/// `POST /login`: a new session (the old one, if any, is discarded), then the tenant.
#[post("/login")]
pub async fn login(
    st: web::Data<AppState>,
    req: HttpRequest,
    AnonForm(form): AnonForm<LoginForm>,
) -> HttpResponse {
    let old = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    match auth::login(
        &st.ctx,
        &form.email,
        &form.password,
        &client_ip(&req),
        old.as_deref(),
    )
    .await
    {
        Ok(s) => {
            let mut target = "/tenants".to_string();
            if s.tenants.len() == 1
                && let Ok(Some(p)) = auth::resolve_session(&st.ctx, &s.cookie_token).await
                && auth::switch_tenant(&st.ctx, &p, TenantId(s.tenants[0].id))
                    .await
                    .is_ok()
            {
                target = "/".into();
            }
            let mut r = redirect(&st, &target, None);
            let _ = r.add_cookie(&session_cookie(&st, s.cookie_token));
            r
        }
        Err(ServiceError::Unauthorized { message, .. }) => {
            login_page(&st, &req, &form.email, Some(&message))
        }
        Err(ServiceError::Throttled {
            message,
            retry_after_secs,
        }) => throttled_page(
            login_page(&st, &req, &form.email, Some(&message)),
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
    if let Err(e) = auth::logout(&st.ctx, &p).await {
        return super::service_error(&st, &req, &p, "/", e);
    }
    let mut r = redirect(&st, "/login", Some(Flash::ok("You have been logged out.")));
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
        "Reset your password",
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
    fn expired(&self, st: &AppState, _: &HttpRequest) -> HttpResponse {
        redirect(
            st,
            "/password/forgot",
            Some(Flash::err("The form expired. Please try again.")),
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
            "If an account exists for that address, a reset link is on its way.",
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
        "Choose a new password",
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
    fn expired(&self, st: &AppState, _: &HttpRequest) -> HttpResponse {
        redirect(
            st,
            &self.back(),
            Some(Flash::err("The form expired. Please try again.")),
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
            Some(Flash::ok(format!(
                "Your password has been changed. You were signed out everywhere ({} session(s) \
                 ended) and all your API tokens were revoked ({} token(s)); create new ones \
                 after you sign in. Sign in with your new password now.",
                ended.sessions, ended.tokens
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
    let data = match members::view_invitation(&st.ctx, &q.token).await {
        Ok(v) => json!({
            "anon_csrf": csrf, "token": q.token, "valid": true,
            "tenant_name": v.tenant.name, "email": v.email, "roles": v.roles.names().join(", "),
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
        "Accept your invitation",
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
    fn expired(&self, st: &AppState, _: &HttpRequest) -> HttpResponse {
        redirect(
            st,
            &self.back(),
            Some(Flash::err("The form expired. Please try again.")),
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
    match members::accept_invitation(&st.ctx, &form.token, &form.name, &form.password).await {
        Ok((tenant, _)) => redirect(
            &st,
            "/login",
            Some(Flash::ok(format!(
                "Welcome to {}. Sign in with your email and password.",
                tenant.name
            ))),
        ),
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
