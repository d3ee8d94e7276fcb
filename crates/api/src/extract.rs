//! Who is calling: bearer tokens and sessions, resolved into a [`Principal`].
//!
//! The tenant comes only from here (the token's membership or the session's chosen
//! tenant), never from a path or body.

use crate::AppState;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::{Method, StatusCode, header};
use actix_web::{FromRequest, HttpRequest, web};
use certa_service::{AuthKind, Principal, auth};
use futures_util::future::LocalBoxFuture;

/// The session cookie.
pub const SESSION_COOKIE: &str = "certa_session";
/// The anonymous CSRF cookie (double-submit, for forms shown before login).
pub const ANON_CSRF_COOKIE: &str = "certa_csrf";
/// Header carrying the session's CSRF token on unsafe API calls made with a session.
pub const CSRF_HEADER: &str = "x-csrf-token";

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "state missing",
            )
        })
}

/// The peer address (proxies' forwarding headers are not trusted for throttling).
pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Constant-time comparison of two secrets.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// An authenticated API caller (bearer token, or a session with the CSRF header on
/// unsafe methods).
pub struct ApiPrincipal(pub Principal);

impl FromRequest for ApiPrincipal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let st = state(&req)?;
            if let Some(h) = req.headers().get(header::AUTHORIZATION) {
                let bearer = h
                    .to_str()
                    .ok()
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(str::trim)
                    .ok_or_else(|| {
                        ApiError::new(
                            StatusCode::UNAUTHORIZED,
                            "invalid_token",
                            "use Authorization: Bearer <token>",
                        )
                    })?;
                return match auth::resolve_token(&st.ctx, bearer).await? {
                    Some(p) => Ok(ApiPrincipal(p)),
                    None => Err(ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "invalid_token",
                        "the token is unknown or revoked",
                    )),
                };
            }
            if let Some(c) = req.cookie(SESSION_COOKIE)
                && let Some(p) = auth::resolve_session(&st.ctx, c.value()).await?
            {
                if !is_safe(req.method()) {
                    let AuthKind::Session { csrf_token, .. } = &p.auth else {
                        return Err(ApiError::new(
                            StatusCode::FORBIDDEN,
                            "csrf_failed",
                            "CSRF check failed",
                        ));
                    };
                    let sent = req
                        .headers()
                        .get(CSRF_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    if !secrets_equal(sent, csrf_token) {
                        return Err(ApiError::new(
                            StatusCode::FORBIDDEN,
                            "csrf_failed",
                            "send the session's CSRF token in the X-CSRF-Token header",
                        ));
                    }
                }
                return Ok(ApiPrincipal(p));
            }
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "sign in or send a bearer token",
            ))
        })
    }
}

/// The browser session of a page request, if any.
pub struct MaybeSession(pub Option<Principal>);

impl FromRequest for MaybeSession {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let st = state(&req)?;
            let Some(c) = req.cookie(SESSION_COOKIE) else {
                return Ok(MaybeSession(None));
            };
            Ok(MaybeSession(
                auth::resolve_session(&st.ctx, c.value()).await?,
            ))
        })
    }
}

/// The CSRF token of a session principal ("" for tokens, which never post forms).
pub fn csrf_of(p: &Principal) -> &str {
    match &p.auth {
        AuthKind::Session { csrf_token, .. } => csrf_token,
        AuthKind::Token { .. } => "",
    }
}
