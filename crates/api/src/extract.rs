//! Who is calling: bearer tokens and sessions, resolved into a [`Principal`].
//!
//! The tenant comes only from here (the token's membership or the session's chosen
//! tenant), never from a path or body.

use crate::AppState;
use crate::error::ApiError;
use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, web};
use certa_domain::ErrorCode;
use certa_service::{AuthKind, Principal, auth};
use futures_util::future::LocalBoxFuture;

/// The session cookie.
pub const SESSION_COOKIE: &str = "certa_session";
/// The anonymous CSRF cookie (double-submit, for forms shown before login).
pub const ANON_CSRF_COOKIE: &str = "certa_csrf";
/// The prefix of the public API routes, which need no credentials.
pub const PUBLIC_API: &str = "/api/v1/public/";
/// Header carrying the session's CSRF token on unsafe API calls made with a session.
pub const CSRF_HEADER: &str = "x-csrf-token";

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::InternalError,
                "state missing",
            )
        })
}

/// The client address, as text, for the sign-in throttling (see
/// [`crate::forwarded::client_addr`]: `X-Forwarded-For` only from a trusted proxy).
pub fn client_ip(req: &HttpRequest) -> String {
    crate::forwarded::client_addr(req)
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Constant-time comparison of two secrets (`subtle`): the time taken depends on their
/// lengths only, never on where they differ.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()).into()
}

/// Who an API request comes from, resolved once by [`authenticate_first`] before any
/// extractor reads the query or the body.
#[derive(Clone)]
struct Authenticated(Option<Principal>);

/// Resolves the caller of an API request: a bearer token (an invalid one is refused at
/// once), else a live session cookie, else nobody.
async fn resolve_caller(req: &HttpRequest) -> Result<Option<Principal>, ApiError> {
    let st = state(req)?;
    if let Some(h) = req.headers().get(header::AUTHORIZATION) {
        let bearer = h
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::InvalidToken,
                    "use Authorization: Bearer <token>",
                )
            })?;
        return match auth::resolve_token(&st.ctx, bearer).await? {
            Some(p) => Ok(Some(p)),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidToken,
                "the token is unknown or revoked",
            )),
        };
    }
    match req.cookie(SESSION_COOKIE) {
        Some(c) => Ok(auth::resolve_session(&st.ctx, c.value()).await?),
        None => Ok(None),
    }
}

/// The principal of an API request, or 401; a session must send its CSRF token on
/// unsafe methods.
fn api_principal(req: &HttpRequest, caller: Option<Principal>) -> Result<Principal, ApiError> {
    let Some(p) = caller else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "sign in or send a bearer token",
        ));
    };
    if let AuthKind::Session { csrf_token, .. } = &p.auth
        && !is_safe(req.method())
    {
        let sent = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !secrets_equal(sent, csrf_token) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::CsrfFailed,
                "send the session's CSRF token in the X-CSRF-Token header",
            ));
        }
    }
    Ok(p)
}

/// Longest query string the API reads (every free-text parameter is bounded lower still).
pub const MAX_QUERY: usize = 4096;

/// Middleware of the API scope: authenticates the request before anything else looks at
/// it, so a bad token is answered 401 whatever the query or the body hold (an invalid
/// bearer token is refused here; a missing one by [`ApiPrincipal`], before the body).
/// An authenticated request with a query string over [`MAX_QUERY`] bytes is refused with
/// 422 `query_too_long`.
pub async fn authenticate_first(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    // The public verification routes serve anyone: no credentials are read (nor refused).
    if req.path().starts_with(PUBLIC_API) {
        req.extensions_mut().insert(Authenticated(None));
        return Ok(next.call(req).await?.map_into_left_body());
    }
    match resolve_caller(req.request()).await {
        Ok(caller) => {
            if caller.is_some() && req.query_string().len() > MAX_QUERY {
                let e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::QueryTooLong,
                    format!("the query string is longer than {MAX_QUERY} bytes"),
                );
                return Ok(req.into_response(e.into_response()).map_into_right_body());
            }
            req.extensions_mut().insert(Authenticated(caller));
            Ok(next.call(req).await?.map_into_left_body())
        }
        Err(e) => Ok(req.into_response(e.into_response()).map_into_right_body()),
    }
}

/// An authenticated API caller (bearer token, or a session with the CSRF header on
/// unsafe methods). Under [`authenticate_first`] it is ready at once, so its 401 or 403
/// comes before any error about the query or the body.
pub struct ApiPrincipal(pub Principal);

impl FromRequest for ApiPrincipal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let known = req.extensions().get::<Authenticated>().cloned();
        let req = req.clone();
        match known {
            Some(Authenticated(caller)) => {
                let r = api_principal(&req, caller).map(ApiPrincipal);
                Box::pin(std::future::ready(r))
            }
            None => Box::pin(async move {
                let caller = resolve_caller(&req).await?;
                api_principal(&req, caller).map(ApiPrincipal)
            }),
        }
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

/// What a route needs, named by a marker type (see [`act`]): any one of its actions.
pub trait RequiredAction {
    /// The actions, any one of which lets the caller in.
    const ACTIONS: &'static [certa_domain::Action];
    /// Answer not-found rather than forbidden to a caller without it (staff-only
    /// configuration, which client users need not know exists).
    const HIDDEN: bool = false;
}

/// The marker types of [`Allowed`], one per action a route may need.
pub mod act {
    use super::RequiredAction;
    use certa_domain::Action;

    macro_rules! markers {
        ($($name:ident $(hidden $hidden:literal)?),* $(,)?) => {$(
            #[doc = concat!("The route needs `", stringify!($name), "`.")]
            pub struct $name;
            impl RequiredAction for $name {
                const ACTIONS: &'static [Action] = &[Action::$name];
                $(const HIDDEN: bool = $hidden;)?
            }
        )*};
    }

    markers!(
        ViewClients,
        ManageClients,
        ManagePersonnel,
        ReviewApplications,
        ScheduleAudits,
        ManageMembers,
        ManageOwnTokens,
        ManageOutbox,
        ViewAuditTrail,
        ManageSettings,
        ConductAudits,
        ViewSettings hidden true,
        ReviewAuditFiles,
        DecideCertification,
        ExportAuditFile,
    );

    /// The work queue: reviewers and decision makers.
    pub struct ReviewOrDecide;
    impl RequiredAction for ReviewOrDecide {
        const ACTIONS: &'static [Action] = &[Action::ReviewAuditFiles, Action::DecideCertification];
    }

    /// Certificates: staff who see them, or the holder's own users.
    pub struct SeeCertificates;
    impl RequiredAction for SeeCertificates {
        const ACTIONS: &'static [Action] = &[Action::ViewCertificates, Action::RespondFindings];
    }

    /// Fieldwork on a finding or a piece of evidence: the audit team's, or the client's
    /// answer (the use case then checks which audit and which organisation).
    pub struct WorkFindings;
    impl RequiredAction for WorkFindings {
        const ACTIONS: &'static [Action] = &[Action::ConductAudits, Action::RespondFindings];
    }

    /// Reading evidence: staff who see clients, or the client's own users.
    pub struct SeeEvidence;
    impl RequiredAction for SeeEvidence {
        const ACTIONS: &'static [Action] = &[Action::ViewClients, Action::RespondFindings];
    }
}

/// The caller may perform `A`: checked from the principal the API scope resolved, before
/// the query or the body is read, so a caller without the permission learns nothing about
/// what the route would accept (403, or 404 for hidden configuration). The use case checks
/// again; this only answers earlier. Without a chosen tenant the route answers as usual.
pub struct Allowed<A>(std::marker::PhantomData<A>);

impl<A: RequiredAction + 'static> FromRequest for Allowed<A> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let known = req.extensions().get::<Authenticated>().cloned();
        let refused = match known {
            Some(Authenticated(Some(p))) => p
                .tenant
                .as_ref()
                .is_some_and(|t| !A::ACTIONS.iter().any(|a| t.roles.allows(*a))),
            // Not authenticated: ApiPrincipal answers 401.
            _ => false,
        };
        std::future::ready(if !refused {
            Ok(Self(std::marker::PhantomData))
        } else if A::HIDDEN {
            Err(ApiError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::SettingsNotFound,
                "settings not found",
            ))
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "your roles do not allow this",
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_equal_only_when_every_byte_is() {
        use super::secrets_equal;
        assert!(secrets_equal("a-csrf-token", "a-csrf-token"));
        assert!(!secrets_equal("a-csrf-token", "a-csrf-tokeN"));
        assert!(!secrets_equal("a-csrf-token", "a-csrf-toke"));
        assert!(!secrets_equal("", "x"));
        assert!(secrets_equal("", ""));
    }
}
