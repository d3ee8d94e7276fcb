//! What a page form posts, checked in one place: the signed-in session, the CSRF token
//! and the typed body ([`SessionForm`]); the same for forms shown before sign-in, with the
//! double-submit cookie ([`AnonForm`]); and the CSRF token of a session request whose body
//! is not a form ([`SessionQuery`], and the upload form's first multipart field).
//!
//! A body is read like `web::Form` reads it: `application/x-www-form-urlencoded`, at most
//! [`FORM_LIMIT`](crate::FORM_LIMIT) bytes unless the form says otherwise; a body of
//! another type, too large or not matching the form's fields is answered by
//! [`crate::error::form_error`] (415, 413, 400).

use super::{anon_csrf_ok, app_state, csrf_failed, csrf_ok, to_login};
use crate::AppState;
use actix_web::dev::{Payload, UrlEncoded};
use actix_web::error::InternalError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use certa_service::Principal;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// A urlencoded form whose fields may repeat or be absent (checkboxes, rows named by
/// their item): the body type of a [`SessionForm`] whose fields are not known in advance.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(from = "Vec<(String, String)>")]
pub struct Fields(Vec<(String, String)>);

impl From<Vec<(String, String)>> for Fields {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }
}

impl Fields {
    /// Parses a query string or a form body; an unparseable one is an empty form
    /// (validation then says what is missing).
    pub fn parse(body: &[u8]) -> Self {
        Self(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }
    /// A field, or "".
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    /// A field, `None` when absent or blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name)).filter(|v| !v.trim().is_empty())
    }
    /// Every value of a repeated field (checkboxes with one name).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
    /// Whether a checkbox was checked.
    pub fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }
}

/// Ends extraction with a ready answer.
fn answer(cause: &'static str, resp: HttpResponse) -> actix_web::Error {
    InternalError::from_response(cause, resp).into()
}

/// The one CSRF check of a signed-in request: `sent` must be the session's token, or the
/// answer is the "form expired" page (403).
pub fn require_csrf(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    sent: &str,
) -> Result<(), actix_web::Error> {
    if csrf_ok(p, sent) {
        Ok(())
    } else {
        Err(answer("csrf", csrf_failed(st, req, Some(p))))
    }
}

/// The signed-in principal of a page request; anyone else is sent to the login page.
pub(super) async fn signed_in(
    req: &HttpRequest,
) -> Result<(actix_web::web::Data<AppState>, Principal), actix_web::Error> {
    let st = app_state(req)?;
    let session = crate::extract::MaybeSession::from_request(req, &mut Payload::None).await?;
    match session.0 {
        Some(p) => {
            // A session its tenant's policy holds back may only secure itself, choose
            // another tenant or leave.
            let path = req.path();
            let free = path.starts_with("/account/security")
                || path == "/logout"
                || path == "/tenants/switch";
            if !free && let Some(r) = super::security::gate_redirect(&st, &p) {
                return Err(answer("sign-in policy", r));
            }
            Ok((st, p))
        }
        None => Err(answer("sign in first", to_login(&st, req))),
    }
}

/// The value of `name` among the pairs, or "".
fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Reads the pairs into the form's type, with `web::Form`'s answer when they do not fit.
fn typed<T: DeserializeOwned>(
    req: &HttpRequest,
    pairs: &[(String, String)],
) -> Result<T, actix_web::Error> {
    let encoded = serde_urlencoded::to_string(pairs).map_err(|e| {
        crate::error::form_error(actix_web::error::UrlencodedError::Serialize(e), req)
    })?;
    serde_urlencoded::from_str(&encoded)
        .map_err(|e| crate::error::form_error(actix_web::error::UrlencodedError::Parse(e), req))
}

/// The body of a form as name–value pairs, within the reader's limit.
async fn pairs(
    req: &HttpRequest,
    body: UrlEncoded<Vec<(String, String)>>,
) -> Result<Vec<(String, String)>, actix_web::Error> {
    body.await.map_err(|e| crate::error::form_error(e, req))
}

/// A signed-in form submission whose CSRF token (the `csrf` field) matched, with its
/// fields read as `T` (a struct of the form's fields; [`Fields`] for a form whose fields
/// repeat or are named by row; [`NoFields`] for a button). Anyone not signed in goes to
/// the login page; a token that does not match answers the "form expired" page (403)
/// before the fields are looked at. `LIMIT` is the largest body accepted.
pub struct SessionForm<T, const LIMIT: usize = { crate::FORM_LIMIT }> {
    pub p: Principal,
    pub f: T,
}

impl<T: DeserializeOwned + 'static, const LIMIT: usize> FromRequest for SessionForm<T, LIMIT> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = UrlEncoded::<Vec<(String, String)>>::new(&req, payload).limit(LIMIT);
        Box::pin(async move {
            let (st, p) = signed_in(&req).await?;
            let pairs = pairs(&req, body).await?;
            require_csrf(&st, &req, &p, field(&pairs, "csrf"))?;
            let f = typed(&req, &pairs)?;
            req.extensions_mut().insert(super::refill::Submitted(pairs));
            Ok(SessionForm { p, f })
        })
    }
}

/// A signed-in request whose body is not a form (a streamed file): the CSRF token travels
/// in the query (`csrf`), with the query's other parameters read as `T`.
pub struct SessionQuery<T> {
    pub p: Principal,
    pub q: T,
}

impl<T: DeserializeOwned + 'static> FromRequest for SessionQuery<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (st, p) = signed_in(&req).await?;
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
            require_csrf(&st, &req, &p, field(&pairs, "csrf"))?;
            let q = serde_urlencoded::from_str(req.query_string()).map_err(|e| {
                crate::error::query_error(actix_web::error::QueryPayloadError::Deserialize(e), &req)
            })?;
            Ok(SessionQuery { p, q })
        })
    }
}

/// A form shown before sign-in, and how it answers when its CSRF token does not match
/// the double-submit cookie (each form goes back to its own page).
pub trait AnonymousForm: DeserializeOwned {
    /// The answer to a submission whose token did not match.
    fn expired(&self, st: &AppState, req: &HttpRequest) -> HttpResponse;
}

/// A submission of a form shown before sign-in, whose CSRF token (the `csrf` field)
/// matched its cookie, read as `T`.
pub struct AnonForm<T>(pub T);

impl<T: AnonymousForm + 'static> FromRequest for AnonForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = UrlEncoded::<Vec<(String, String)>>::new(&req, payload).limit(crate::FORM_LIMIT);
        Box::pin(async move {
            let st = app_state(&req)?;
            let pairs = pairs(&req, body).await?;
            let f: T = typed(&req, &pairs)?;
            if !anon_csrf_ok(&req, field(&pairs, "csrf")) {
                return Err(answer("csrf", f.expired(&st, &req)));
            }
            Ok(AnonForm(f))
        })
    }
}

/// A form that carries nothing but its CSRF token (buttons).
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// An optional text field, `None` when absent or blank (like [`Fields::opt`]); use with
/// `#[serde(default, deserialize_with = "blank_none")]`.
pub fn blank_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<String> = serde::Deserialize::deserialize(d)?;
    Ok(v.filter(|s| !s.trim().is_empty()))
}

/// A checkbox, checked when sent with a value (like [`Fields::checked`]); use with
/// `#[serde(default, deserialize_with = "checkbox")]`.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v: String = serde::Deserialize::deserialize(d)?;
    Ok(!v.is_empty())
}
